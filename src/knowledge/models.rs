//! The model table (`rules/models.yaml`), model-id lookup, and cost arithmetic.
//!
//! Ids are looked up the way code writes them: provider-qualified
//! (`anthropic/claude-…`, `anthropic:messages:claude-…`, Bedrock
//! `anthropic.claude-…-v1:0`, Vertex `claude-…@20240307`), dated or undated.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::base::cost::{Cost, fmt_num, thousands, today, usd};
use crate::knowledge::providers::Provider;

pub const MODELS_YAML: &str = include_str!("../../rules/models.yaml");

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    pub input: Option<f64>,
    pub output: Option<f64>,
    pub cache_write_5m: Option<f64>,
    pub cache_write_1h: Option<f64>,
    pub cache_read: Option<f64>,
}

/// Prices that apply above a prompt length (Haiku 5.5 above 100K tokens,
/// OpenAI's long-context rate above 272K).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PriceTier {
    pub above_prompt_tokens: u64,
    #[serde(flatten)]
    pub price: Prices,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Current,
    Legacy,
    Deprecated,
    Retired,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    #[serde(default)]
    pub status: Status,
    pub released: Option<String>,
    pub deprecated_on: Option<String>,
    /// For a deprecated model: the announced retirement date.
    pub retires_on: Option<String>,
    pub retired_on: Option<String>,
    pub replacement: Option<String>,
    /// A partner platform's own schedule where it differs from the first
    /// party's (`bedrock`, `vertex`), with its source: partners retire
    /// models on their own dates.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub platforms: BTreeMap<String, PlatformLifecycle>,
    /// Where the lifecycle facts come from, and when they were read
    /// (YYYY-MM-DD): a provider's page, or a third party quoting it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
}

/// A model's lifecycle on one partner platform, as that platform publishes it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlatformLifecycle {
    #[serde(default)]
    pub status: Status,
    pub retires_on: Option<String>,
    pub retired_on: Option<String>,
    pub source: String,
    /// When the source was read (YYYY-MM-DD).
    pub checked: String,
}

impl PlatformLifecycle {
    /// As `Model::status`: a deprecation whose date has passed is a retirement.
    pub fn status(&self) -> Status {
        effective(self.status, self.retires_on.as_ref())
    }
}

/// A deprecation whose retirement date has passed is a retirement, and so
/// is a current model's scheduled one (Azure dates every model's end).
fn effective(status: Status, retires_on: Option<&String>) -> Status {
    match (status, retires_on) {
        (Status::Deprecated | Status::Current, Some(date)) if date.as_str() <= today().as_str() => Status::Retired,
        (s, _) => s,
    }
}

/// Where a request goes, as its model id's form says: the first party's own
/// API, or a partner platform with a schedule of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    FirstParty,
    Bedrock,
    Vertex,
    /// A gateway that routes to several providers (OpenRouter, the Vercel AI
    /// Gateway): its dotted Claude ids (`anthropic/claude-sonnet-4.5`) live
    /// on its own schedule.
    Gateway,
    /// Azure OpenAI: a request names a deployment (`azure/chat-prod`, or the
    /// `model` of an Azure client's request), which serves the model the
    /// team deployed on Microsoft's own schedule.
    Azure,
}

impl Platform {
    /// `anthropic.claude-…-v1:0`, `us.anthropic.…`, `bedrock/…`, a Bedrock ARN;
    /// `claude-…@20241022`, `vertex_ai/…`.
    pub fn of(raw: &str) -> Platform {
        let s = raw.trim().to_ascii_lowercase();
        if s.starts_with(AZURE_PREFIX) {
            Platform::Azure
        } else if s.starts_with("openrouter/") || is_gateway_id(&s) {
            Platform::Gateway
        } else if s.contains("anthropic.claude") || s.starts_with("bedrock/") || s.starts_with("arn:aws:bedrock") {
            Platform::Bedrock
        } else if s.contains('@') || s.starts_with("vertex_ai/") {
            Platform::Vertex
        } else {
            Platform::FirstParty
        }
    }

    /// The key in `lifecycle.platforms`.
    pub fn key(self) -> &'static str {
        match self {
            Platform::FirstParty => "first-party",
            Platform::Bedrock => "bedrock",
            Platform::Vertex => "vertex",
            Platform::Gateway => "gateway",
            Platform::Azure => "azure",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Platform::FirstParty => "the provider's API",
            Platform::Bedrock => "Amazon Bedrock",
            Platform::Vertex => "Google Cloud Vertex AI",
            Platform::Gateway => "the gateway",
            Platform::Azure => "Azure OpenAI",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub provider: String,
    #[serde(default)]
    pub price: Prices,
    pub context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    /// The SDKs refuse a non-streaming request above this (Opus 4 / 4.1: 8,192).
    pub max_output_tokens_non_streaming: Option<u64>,
    /// The Message Batches API's limit with the output-300k beta
    /// (`sdks::OUTPUT_300K_BETA`).
    pub max_output_tokens_batch: Option<u64>,
    /// Long-context prices: a request whose prompt is above a tier's
    /// `above_prompt_tokens` pays that tier's prices on the whole request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub price_tiers: Vec<PriceTier>,
    pub min_cacheable_tokens: Option<u64>,
    /// Tokenizer family, for estimating tokens from characters.
    pub tokenizer: Option<String>,
    #[serde(default)]
    pub lifecycle: Lifecycle,
    /// Where the prices and limits come from, and when they were read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
}

impl Model {
    /// The prices a request with a prompt of `prompt_tokens` pays: the
    /// highest tier it is above (each of its prices, where the tier gives
    /// one), else the base prices.
    pub fn prices_for(&self, prompt_tokens: u64) -> Prices {
        let tier = self
            .price_tiers
            .iter()
            .filter(|t| prompt_tokens > t.above_prompt_tokens)
            .max_by_key(|t| t.above_prompt_tokens);
        match tier {
            None => self.price.clone(),
            Some(t) => Prices {
                input: t.price.input.or(self.price.input),
                output: t.price.output.or(self.price.output),
                cache_write_5m: t.price.cache_write_5m.or(self.price.cache_write_5m),
                cache_write_1h: t.price.cache_write_1h.or(self.price.cache_write_1h),
                cache_read: t.price.cache_read.or(self.price.cache_read),
            },
        }
    }

    /// `; the long-context rate: the prompt is above 100,000 tokens`, when
    /// a tier applies to a prompt of this length.
    pub fn long_context_note(&self, prompt_tokens: u64) -> String {
        self.price_tiers
            .iter()
            .filter(|t| prompt_tokens > t.above_prompt_tokens)
            .map(|t| t.above_prompt_tokens)
            .max()
            .map(|n| format!("; the long-context rate: the prompt is above {} tokens", thousands(n as i64)))
            .unwrap_or_default()
    }

    pub fn provider(&self) -> Provider {
        Provider::from_name(&self.provider)
    }

    /// The lifecycle as of today: a deprecated model whose retirement date has
    /// passed is retired.
    pub fn status(&self) -> Status {
        effective(self.lifecycle.status, self.lifecycle.retires_on.as_ref())
    }

    /// Whether every request to this model by the id `raw` (which `get`
    /// found it by) fails: retired on the platform the id's form names, its
    /// first party's API or a partner whose own date the table has. Such a
    /// request is reported, and costs nothing.
    pub fn fails_as(&self, raw: &str) -> bool {
        match Platform::of(raw) {
            Platform::FirstParty => self.status() == Status::Retired,
            p => self.lifecycle.platforms.get(p.key()).is_some_and(|l| l.status() == Status::Retired),
        }
    }
}

/// How a tokenizer family's token count is estimated from characters.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tokenizer {
    /// The documented average: what dollar figures count with.
    pub chars_per_token: f64,
    /// The high end, when the average is not it: a threshold (the minimum
    /// cacheable length) is checked against the tokens text has at the
    /// least, so it is crossed only by text that surely reaches it.
    #[serde(default)]
    pub chars_per_token_high: Option<f64>,
    pub note: String,
}

/// A token count estimated from characters, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenEstimate {
    /// At the documented average of characters per token.
    pub tokens: u64,
    /// At the high end of characters per token: the fewest tokens the text
    /// has, for thresholds.
    pub surely: u64,
    /// `~4 chars/token (Anthropic states about 3.5-4 characters per token)`
    pub assumption: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    as_of: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    tokenizers: HashMap<String, Tokenizer>,
    models: Vec<Model>,
    #[serde(default)]
    known_ids: HashMap<String, Vec<String>>,
}

/// The model table with its lookup index.
#[derive(Debug)]
pub struct ModelTable {
    pub as_of: String,
    pub sources: Vec<String>,
    pub models: Vec<Model>,
    pub tokenizers: HashMap<String, Tokenizer>,
    index: HashMap<String, usize>,
    /// Ids that exist but carry no facts (provider by id).
    known_ids: HashMap<String, Provider>,
    /// Azure OpenAI deployments the user named (`[deployments]` in the
    /// config file, `deployments:` in `--models FILE`): the model each serves.
    deployments: HashMap<String, String>,
}

/// How an Azure deployment is written as an id, LiteLLM's form: `azure/NAME`.
pub const AZURE_PREFIX: &str = "azure/";

/// What a model id resolves to.
#[derive(Clone, Copy, Debug)]
pub enum Lookup<'a> {
    Model(&'a Model),
    /// A real id with no facts in the table.
    Known(Provider),
    /// Not in the table.
    Unknown,
}

impl ModelTable {
    pub fn parse(yaml: &str) -> Result<ModelTable, String> {
        let file: TableFile = serde_saphyr::from_str(yaml).map_err(|e| e.to_string())?;
        Self::build(file)
    }

    /// This table with a user's additions and changes (`--models FILE`, the
    /// config file), in the shape of `rules/models.yaml`. An entry whose id
    /// (or alias) is already known changes only the fields it gives (a
    /// negotiated `price: {input: 2.4}`); a new id adds a model (a fine-tune)
    /// and needs a `provider`. `known_ids` are added to.
    pub fn with_overrides(&self, yaml: &str) -> Result<ModelTable, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Overrides {
            #[serde(default)]
            as_of: Option<String>,
            #[serde(default)]
            sources: Vec<String>,
            #[serde(default)]
            models: Vec<serde_json::Map<String, serde_json::Value>>,
            #[serde(default)]
            known_ids: HashMap<String, Vec<String>>,
            #[serde(default)]
            tokenizers: HashMap<String, Tokenizer>,
            #[serde(default)]
            deployments: HashMap<String, String>,
        }
        let user: Overrides = serde_saphyr::from_str(yaml).map_err(|e| e.to_string())?;
        self.extended(user.models, user.known_ids, user.tokenizers, user.sources, user.as_of)?
            .with_deployments(user.deployments)
    }

    /// This table with Azure deployments named: each name serves a model of
    /// the table, by any id form it knows (`gpt-4o-2024-08-06`).
    pub fn with_deployments(mut self, deployments: impl IntoIterator<Item = (String, String)>) -> Result<Self, String> {
        for (name, model) in deployments {
            if self.get(&model).is_none() {
                return Err(format!(
                    "deployment `{name}`: `{model}` is not a model in the table (add it under `models`)"
                ));
            }
            self.deployments.insert(name, model);
        }
        Ok(self)
    }

    /// The model an Azure deployment id (`azure/chat-prod`) serves, as the
    /// user's deployments name it.
    pub fn deployment(&self, raw: &str) -> Option<&str> {
        let name = raw.trim().strip_prefix(AZURE_PREFIX)?;
        self.deployments.get(name).map(String::as_str)
    }

    /// This table with model entries added or changed (the config file's
    /// `[[models]]`), as `with_overrides` merges them.
    pub fn with_entries(&self, models: Vec<serde_json::Map<String, serde_json::Value>>) -> Result<ModelTable, String> {
        self.extended(models, HashMap::new(), HashMap::new(), vec![], None)
    }

    fn extended(
        &self,
        entries: Vec<serde_json::Map<String, serde_json::Value>>,
        extra_ids: HashMap<String, Vec<String>>,
        extra_tokenizers: HashMap<String, Tokenizer>,
        extra_sources: Vec<String>,
        as_of: Option<String>,
    ) -> Result<ModelTable, String> {
        let mut models = self.models.clone();
        for entry in entries {
            let id = entry.get("id").and_then(|v| v.as_str()).ok_or("every model needs an `id`")?.to_string();
            let merged = match self.index.get(&id.to_ascii_lowercase()) {
                Some(&i) => {
                    let mut base = serde_json::to_value(&models[i]).map_err(|e| e.to_string())?;
                    merge(&mut base, serde_json::Value::Object(entry));
                    let m: Model = serde_json::from_value(base).map_err(|e| format!("model `{id}`: {e}"))?;
                    models[i] = Model { id: models[i].id.clone(), ..m };
                    continue;
                }
                None => serde_json::from_value::<Model>(serde_json::Value::Object(entry))
                    .map_err(|e| format!("model `{id}`: {e}"))?,
            };
            models.push(merged);
        }
        let mut known_ids: HashMap<String, Vec<String>> = HashMap::new();
        for (id, p) in &self.known_ids {
            known_ids.entry(p.name().to_string()).or_default().push(id.clone());
        }
        for (p, ids) in extra_ids {
            known_ids.entry(p).or_default().extend(ids);
        }
        let sources = self.sources.iter().cloned().chain(extra_sources).collect();
        let mut tokenizers = self.tokenizers.clone();
        tokenizers.extend(extra_tokenizers);
        let mut table = Self::build(TableFile {
            as_of: as_of.unwrap_or_else(|| self.as_of.clone()),
            sources,
            tokenizers,
            models,
            known_ids,
        })?;
        table.deployments = self.deployments.clone();
        Ok(table)
    }

    fn build(file: TableFile) -> Result<ModelTable, String> {
        let mut index = HashMap::new();
        for (i, m) in file.models.iter().enumerate() {
            for name in std::iter::once(&m.id).chain(&m.aliases) {
                if index.insert(name.to_ascii_lowercase(), i).is_some() {
                    return Err(format!("model id `{name}` is listed twice"));
                }
            }
        }
        let mut known_ids = HashMap::new();
        for (provider, ids) in &file.known_ids {
            for id in ids {
                known_ids.insert(id.to_ascii_lowercase(), Provider::from_name(provider));
            }
        }
        for m in &file.models {
            let family = m.tokenizer.as_deref().unwrap_or(&m.provider);
            if m.tokenizer.is_some() && !file.tokenizers.contains_key(family) {
                return Err(format!("model `{}`: tokenizer `{family}` is not in `tokenizers`", m.id));
            }
        }
        Ok(ModelTable {
            as_of: file.as_of,
            sources: file.sources,
            tokenizers: file.tokenizers,
            models: file.models,
            index,
            known_ids,
            deployments: HashMap::new(),
        })
    }

    /// Tokens in `chars` characters of prompt text for `model` (by its
    /// tokenizer family, else its provider's; `None` when neither is known).
    pub fn estimate_tokens(&self, chars: usize, model: &Model) -> Option<TokenEstimate> {
        self.estimate_tokens_as(chars, model.tokenizer.as_deref().unwrap_or(&model.provider))
    }

    /// Tokens in `chars` characters by a tokenizer family or provider name
    /// (`claude-4.7`, `anthropic`), for a model the table does not know.
    pub fn estimate_tokens_as(&self, chars: usize, family: &str) -> Option<TokenEstimate> {
        let t = self.tokenizers.get(family)?;
        let high = t.chars_per_token_high.unwrap_or(t.chars_per_token).max(t.chars_per_token);
        Some(TokenEstimate {
            tokens: (chars as f64 / t.chars_per_token).floor() as u64,
            surely: (chars as f64 / high).floor() as u64,
            assumption: format!("~{} chars/token ({})", fmt_num(t.chars_per_token), t.note),
        })
    }

    /// The built-in table.
    pub fn builtin() -> &'static ModelTable {
        static TABLE: OnceLock<ModelTable> = OnceLock::new();
        TABLE.get_or_init(|| ModelTable::parse(MODELS_YAML).expect("rules/models.yaml is valid"))
    }

    /// Days after which the table's lifecycles and prices are called stale.
    pub const STALE_AFTER_DAYS: i64 = 60;

    /// A note when the table is older than `STALE_AFTER_DAYS` on `today`.
    pub fn staleness(&self, today: &str) -> Option<String> {
        use crate::base::cost::days_since_epoch;
        let age = days_since_epoch(today)? - days_since_epoch(&self.as_of)?;
        (age > Self::STALE_AFTER_DAYS).then(|| {
            format!(
                "llmlint's model table is from {} ({age} days ago): models may have been retired and prices changed since; update llmlint, or import a current price file with `llmlint models import FILE`",
                self.as_of
            )
        })
    }

    /// What an id names, in any form it is written (`anthropic/…`,
    /// Bedrock's, Vertex's, a gateway's). An Azure deployment
    /// (`azure/NAME`) names the model the user's deployments map it to,
    /// else the model its name is (the portal names a deployment after its
    /// model).
    pub fn lookup(&self, raw: &str) -> Lookup<'_> {
        if let Some(model) = self.deployment(raw) {
            return self.lookup(model);
        }
        for candidate in candidates(raw) {
            if let Some(&i) = self.index.get(&candidate) {
                return Lookup::Model(&self.models[i]);
            }
            if let Some(&p) = self.known_ids.get(&candidate) {
                return Lookup::Known(p);
            }
        }
        Lookup::Unknown
    }

    /// The base model of an OpenAI fine-tune id (`ft:gpt-4o-mini-2024-07-18:org::abc123`,
    /// also behind a provider prefix): the fine-tune has no price or limits
    /// of the table's (so `get` knows nothing of it), but it lives only as
    /// long as its base. OpenAI's deprecations page (update of 2026-05-07,
    /// as quoted by techscurrent.com, 2026-07, and aihola.com, read
    /// 2026-12-01): "inference on fine-tuned models will remain available
    /// until the underlying base models are deprecated".
    pub fn fine_tune_base<'r>(&self, raw: &'r str) -> Option<(&'r str, &Model)> {
        let s = raw.trim();
        let rest = &s[s.find("ft:")? + "ft:".len()..];
        let base = rest.split(':').next().filter(|b| !b.is_empty())?;
        // The prefix is the id's own start, or follows a provider's `/`.
        let start = s.len() - rest.len() - "ft:".len();
        if start != 0 && !s[..start].ends_with('/') {
            return None;
        }
        Some((base, self.get(base)?))
    }

    pub fn get(&self, raw: &str) -> Option<&Model> {
        match self.lookup(raw) {
            Lookup::Model(m) => Some(m),
            _ => None,
        }
    }

    /// Every id and alias, for suggestions.
    pub fn all_ids(&self) -> impl Iterator<Item = &str> {
        self.models
            .iter()
            .flat_map(|m| std::iter::once(m.id.as_str()).chain(m.aliases.iter().map(String::as_str)))
            .chain(self.known_ids.keys().map(String::as_str))
    }

    /// The nearest known id within `max_distance` edits, for "did you mean".
    pub fn nearest(&self, raw: &str, max_distance: usize) -> Option<&str> {
        let bare = bare_id(raw);
        self.all_ids()
            .map(|id| (levenshtein(&bare, id), id))
            .filter(|(d, _)| *d <= max_distance)
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
            .map(|(_, id)| id)
    }

    /// The words that follow `prefix` in known ids (`claude-` → `opus`,
    /// `sonnet`, `haiku`, …): what a model id of that family may go on with.
    pub fn words_after(&self, prefix: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .all_ids()
            .filter_map(|id| id.strip_prefix(prefix)?.split(['-', '.']).next())
            .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic()) && !w.is_empty())
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether every alphabetic word of an id (`sonnet`, `mini`, `turbo`) is
    /// one some known id uses: a new word is a typo or a new model family.
    pub fn knows_words_of(&self, raw: &str) -> bool {
        static WORDS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
        let words =
            WORDS.get_or_init(|| ModelTable::builtin().all_ids().flat_map(id_words).map(str::to_string).collect());
        let bare = bare_id(raw);
        id_words(&bare).all(|w| words.contains(w))
    }
}

/// Variants a gateway appends to an id (OpenRouter's `:thinking`, `:free`):
/// the same model, served another way.
const GATEWAY_VARIANTS: &[&str] =
    &["thinking", "beta", "free", "extended", "online", "nitro", "floor", "batch", "exacto", "self-moderated"];

/// Bedrock's first Claude ids, before dated names: `anthropic.claude-v2:1`.
const BEDROCK_LEGACY: &[(&str, &str)] = &[
    ("claude-v2:1", "claude-2.1"),
    ("claude-v2:0", "claude-2.0"),
    ("claude-v2", "claude-2.0"),
    ("claude-v1", "claude-1.3"),
    ("claude-instant-v1", "claude-instant-1.2"),
];

/// The id without provider qualifiers (`anthropic/`, `anthropic:messages:`,
/// Bedrock's `us.anthropic.`, `-v1:0` and context variants `:200k`,
/// gateway variants `:thinking`), lower-cased.
pub fn bare_id(raw: &str) -> String {
    let mut s = raw.trim().to_ascii_lowercase();
    if let Some(i) = s.rfind('/') {
        s = s[i + 1..].to_string();
    }
    // `claude-3.7-sonnet:thinking`, `anthropic.claude-3-sonnet-20240229-v1:0:200k`
    if let Some((head, tail)) = s.rsplit_once(':')
        && (GATEWAY_VARIANTS.contains(&tail)
            || tail.strip_suffix('k').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
    {
        s = head.to_string();
    }
    // Bedrock: [region.]anthropic.claude-…-v1:0
    if let Some(i) = s.find("anthropic.") {
        s = s[i + "anthropic.".len()..].to_string();
        if let Some(&(_, id)) = BEDROCK_LEGACY.iter().find(|(b, _)| *b == s) {
            return id.to_string();
        }
        if let Some(v) = s.rfind("-v")
            && s[v + 2..].chars().all(|c| c.is_ascii_digit() || c == ':')
        {
            s.truncate(v);
        }
    }
    // promptfoo and others: provider:kind:model-id
    if let Some(i) = s.rfind(':') {
        s = s[i + 1..].to_string();
    }
    // Vertex: claude-3-haiku@20240307
    s.replace('@', "-")
}

/// The purely alphabetic parts of an id: `gpt-4o-mini` → `gpt`, `mini`.
fn id_words(id: &str) -> impl Iterator<Item = &str> {
    id.split(['-', '.', '_', ':']).filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The lookup keys for an id, most specific first: as written, then without a
/// date (`-20250929`, `-2024-08-06`) or a four-digit snapshot (`-0613`).
/// Behind a gateway (`anthropic/claude-3.5-sonnet`, OpenRouter and the
/// Vercel AI Gateway) Claude versions are written with dots; the first
/// party's API accepts only hyphens, so an unprefixed dotted id stays
/// unknown (and `unknown-model` names the hyphenated one).
/// A gateway's dotted Claude id (`anthropic/claude-3.5-sonnet`, OpenRouter
/// and the Vercel AI Gateway): a provider prefix and a version with dots,
/// which the first party never writes.
pub fn is_gateway_id(raw: &str) -> bool {
    let bare = bare_id(raw);
    raw.contains('/') && bare.starts_with("claude-") && bare.contains('.')
}

fn candidates(raw: &str) -> Vec<String> {
    let mut bare = bare_id(raw);
    let gateway = is_gateway_id(raw);
    if gateway {
        bare = bare.replace('.', "-");
    }
    let mut out = vec![bare.clone()];
    let bytes = bare.as_bytes();
    let digits_at =
        |from: usize, n: usize| bytes.len() >= from + n && bytes[from..from + n].iter().all(u8::is_ascii_digit);
    for suffix_len in [9usize, 11, 5] {
        if bare.len() > suffix_len {
            let cut = bare.len() - suffix_len;
            let ok = bytes[cut] == b'-'
                && match suffix_len {
                    9 => digits_at(cut + 1, 8),
                    11 => {
                        digits_at(cut + 1, 4)
                            && bytes[cut + 5] == b'-'
                            && digits_at(cut + 6, 2)
                            && bytes[cut + 8] == b'-'
                            && digits_at(cut + 9, 2)
                    }
                    _ => digits_at(cut + 1, 4),
                };
            if ok {
                out.push(bare[..cut].to_string());
            }
        }
    }
    // A gateway's undated name serves the newest snapshot (`claude-3.5-sonnet`).
    if gateway {
        out.push(format!("{bare}-latest"));
    }
    out
}

pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Overlay `patch` on `base`: objects merge key by key, anything else replaces.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
    match (base, patch) {
        (serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// Pricing: what a model's prices make of a request. (`Cost` itself is a
/// plain value in `base::cost`.)
impl Cost {
    /// What caching `tokens` of prompt saves: every read pays the cache-read
    /// price instead of the input price; a write pays the 5-minute write
    /// premium once. Per 1,000 calls one write is counted (traffic steady
    /// enough to keep the 5-minute cache warm).
    pub fn cache_saving(model: &Model, tokens: &TokenEstimate, calls_per_day: Option<f64>) -> Option<Cost> {
        let price = model.prices_for(tokens.tokens);
        let (input, read, write) = (price.input?, price.cache_read?, price.cache_write_5m?);
        let tier = model.long_context_note(tokens.tokens);
        let n = tokens.tokens as f64;
        let per_call = n * (input - read) / 1e6;
        let premium = n * (write - input) / 1e6;
        Some(Cost::new(
            per_call,
            per_call * 1000.0 - premium,
            format!(
                "{}: ~{} prompt tokens, {}{tier}; input ${}/MTok, cache read ${}/MTok saves {} per call; \
                 cache write ${}/MTok costs {} once (one write per 1,000 calls assumed)",
                model.id,
                thousands(tokens.tokens as i64),
                tokens.assumption,
                fmt_num(input),
                fmt_num(read),
                usd(per_call),
                fmt_num(write),
                usd(premium),
            ),
            calls_per_day,
        ))
    }

    /// Worst-case output cost of `tokens` output tokens on `model`; a batch
    /// request pays half.
    pub fn output_cap(model: &Model, tokens: u64, batch: bool, calls_per_day: Option<f64>) -> Option<Cost> {
        let price = model.price.output?;
        let factor = if batch { 0.5 } else { 1.0 };
        let usd = tokens as f64 * price * factor / 1e6;
        let batch_note = if batch { " x 0.5 (Message Batches)" } else { "" };
        Some(Cost::per_call(
            usd,
            format!("{} output ${}/MTok x {} tokens{} (worst case)", model.id, fmt_num(price), tokens, batch_note),
            calls_per_day,
        ))
    }
}

#[cfg(test)]
mod tests;
