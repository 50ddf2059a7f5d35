//! The rule registry. A rule is `rules/<id>.yaml` (metadata and docs) plus one
//! file here (the check over Facts). Adding a rule is those two files, its
//! fixtures, and one line in `REGISTRY`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::base::cost::Cost;
use crate::base::diagnostic::Location;
use crate::base::diagnostic::{Applicability, Category, Edit, Finding, Fix, Severity};
use crate::base::ids::FileId;
use crate::base::language::Language;
use crate::base::source::{SourceFile, Span};
use crate::facts::Facts;
use crate::knowledge::models::ModelTable;
use crate::knowledge::models::bare_id;
use printer::Printer;

pub mod printer;

mod batchable_loop;
mod deprecated_model;
mod hardcoded_api_key;
mod huge_max_tokens;
mod max_tokens_exceeds_model_limit;
mod nested_retries;
mod non_streaming_long_request;
mod retry_ignores_retry_after;
mod retry_non_retryable;
mod retry_without_jitter;
mod sdk_retries_disabled;
mod unbounded_concurrency;
mod unbounded_history;
mod unbounded_retry;
mod uncached_system_prompt;
mod unknown_model;
mod unused_suppression;

type Constructor = fn() -> Box<dyn Rule>;

/// (metadata and docs, the check). Kept sorted by id.
const REGISTRY: &[(&str, Constructor)] = &[
    (include_str!("../../rules/batchable-loop.yaml"), || Box::new(batchable_loop::BatchableLoop)),
    (include_str!("../../rules/deprecated-model.yaml"), || Box::new(deprecated_model::DeprecatedModel)),
    (include_str!("../../rules/hardcoded-api-key.yaml"), || Box::new(hardcoded_api_key::HardcodedApiKey)),
    (include_str!("../../rules/huge-max-tokens.yaml"), || Box::new(huge_max_tokens::HugeMaxTokens)),
    (include_str!("../../rules/max-tokens-exceeds-model-limit.yaml"), || {
        Box::new(max_tokens_exceeds_model_limit::MaxTokensExceedsModelLimit)
    }),
    (include_str!("../../rules/nested-retries.yaml"), || Box::new(nested_retries::NestedRetries)),
    (include_str!("../../rules/non-streaming-long-request.yaml"), || {
        Box::new(non_streaming_long_request::NonStreamingLongRequest)
    }),
    (include_str!("../../rules/retry-ignores-retry-after.yaml"), || {
        Box::new(retry_ignores_retry_after::RetryIgnoresRetryAfter)
    }),
    (include_str!("../../rules/retry-non-retryable.yaml"), || Box::new(retry_non_retryable::RetryNonRetryable)),
    (include_str!("../../rules/retry-without-jitter.yaml"), || Box::new(retry_without_jitter::RetryWithoutJitter)),
    (include_str!("../../rules/sdk-retries-disabled.yaml"), || Box::new(sdk_retries_disabled::SdkRetriesDisabled)),
    (include_str!("../../rules/unbounded-concurrency.yaml"), || Box::new(unbounded_concurrency::UnboundedConcurrency)),
    (include_str!("../../rules/unbounded-history.yaml"), || Box::new(unbounded_history::UnboundedHistory)),
    (include_str!("../../rules/unbounded-retry.yaml"), || Box::new(unbounded_retry::UnboundedRetry)),
    (include_str!("../../rules/uncached-system-prompt.yaml"), || {
        Box::new(uncached_system_prompt::UncachedSystemPrompt)
    }),
    (include_str!("../../rules/unknown-model.yaml"), || Box::new(unknown_model::UnknownModel)),
    (include_str!("../../rules/unused-suppression.yaml"), || Box::new(unused_suppression::UnusedSuppression)),
];

/// The prose of one `## Heading` section of a rule's docs.
pub fn doc_section(docs: &str, heading: &str) -> String {
    let Some(start) = docs.find(&format!("## {heading}\n")) else { return String::new() };
    let body = &docs[start + heading.len() + 4..];
    body[..body.find("\n## ").unwrap_or(body.len())].trim().to_string()
}

/// A rule's fixed doc headings, in order (STYLE.md).
pub const DOC_HEADINGS: &[&str] = &[
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "Cost impact",
    "Options",
    "References",
];

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixMeta {
    pub safety: Applicability,
    pub title: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub summary: String,
    pub languages: Vec<String>,
    /// Words whose presence makes a file worth parsing for this rule.
    pub triggers: Vec<String>,
    /// The rule applies to any file, not only to files that call a model
    /// (keys, suppression comments): its triggers alone open the file.
    #[serde(default)]
    pub any_file: bool,
    #[serde(default)]
    pub options: BTreeMap<String, serde_json::Value>,
    pub fix: Option<FixMeta>,
    pub docs: String,
}

pub trait Rule: Send + Sync {
    fn check(&self, cx: &mut Context);
}

pub struct Registered {
    pub meta: RuleMeta,
    pub rule: Box<dyn Rule>,
    /// The id as a static string, for findings.
    pub id: &'static str,
}

/// Every rule, loaded once.
pub fn all() -> &'static [Registered] {
    static RULES: OnceLock<Vec<Registered>> = OnceLock::new();
    RULES.get_or_init(|| {
        REGISTRY
            .iter()
            .map(|(yaml, make)| {
                let meta: RuleMeta = serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("invalid rule yaml: {e}"));
                let id: &'static str = Box::leak(meta.id.clone().into_boxed_str());
                Registered { meta, rule: make(), id }
            })
            .collect()
    })
}

pub fn find(id: &str) -> Option<&'static Registered> {
    all().iter().find(|r| r.id == id)
}

/// Run-wide settings rules may read.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub calls_per_day: Option<f64>,
    /// Per-rule option overrides: rule id → option → value.
    pub options: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
}

/// What a rule sees of one file, and where it reports.
pub struct Context<'a> {
    pub file: FileId,
    pub facts: &'a Facts,
    pub models: &'a ModelTable,
    pub settings: &'a Settings,
    /// Every file of the project, for the text of a literal a fix edits.
    pub sources: &'a [SourceFile],
    /// Every file's facts, for rules that follow code across files (a retry
    /// in one file around a call in another).
    pub project: &'a [Option<Facts>],
    /// The file's language, for code written into help and fixes.
    pub language: Language,
    pub rule: &'a Registered,
    pub findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    pub fn option(&self, name: &str) -> Option<&serde_json::Value> {
        self.settings.options.get(self.rule.id).and_then(|o| o.get(name)).or_else(|| self.rule.meta.options.get(name))
    }

    pub fn option_i64(&self, name: &str) -> Option<i64> {
        self.option(name).and_then(serde_json::Value::as_i64)
    }

    /// Code in this file's language, for help and fixes.
    pub fn printer(&self) -> Printer {
        Printer::new(self.language)
    }

    pub fn here(&self, span: Span) -> Location {
        Location { file: self.file, span }
    }

    pub fn report(&mut self, location: Location, message: String) -> &mut Finding {
        self.findings.push(Finding {
            rule: self.rule.id,
            severity: self.rule.meta.severity,
            category: self.rule.meta.category,
            message,
            location,
            help: None,
            fix: None,
            cost: None,
        });
        self.findings.last_mut().unwrap()
    }

    /// The rule's fix with these edits, titled and classed as its YAML says.
    pub fn fix(&self, edits: Vec<Edit>) -> Option<Fix> {
        let meta = self.rule.meta.fix.as_ref()?;
        Some(Fix { applicability: meta.safety, title: meta.title.clone(), edits })
    }

    /// The source text at a location.
    pub fn text(&self, at: Location) -> Option<&str> {
        self.sources.get(at.file.index())?.text.get(at.span.start..at.span.end)
    }

    /// A fix that swaps a model id inside its literal for another, keeping a
    /// provider prefix (`anthropic/claude-…` → `anthropic/<replacement>`).
    /// Ids that do not end with the bare id (Bedrock `-v1:0`, Vertex `@date`)
    /// get no fix.
    pub fn replace_model_id(&self, literal: Location, id: &str, replacement: &str) -> Option<Fix> {
        let bare = bare_id(id);
        if !id.to_ascii_lowercase().ends_with(&bare) {
            return None;
        }
        let at = self.text(literal)?.find(id)?;
        let end = literal.span.start + at + id.len();
        let span = Span::new(end - bare.len(), end);
        self.fix(vec![Edit { span, content: replacement.to_string() }])
    }

    /// The retry scopes of this file that reach a request (here or in a
    /// function they call). A loop that only sleeps and catches around code
    /// that sends nothing is not an API retry.
    pub fn retry_scopes(&self) -> impl Iterator<Item = &'a crate::facts::RetryScope> + use<'a> {
        let facts: &'a Facts = self.facts;
        facts.retry_scopes.iter().filter(|s| !s.reached.is_empty())
    }

    pub fn calls_per_day(&self) -> Option<f64> {
        self.settings.calls_per_day
    }
}

impl Finding {
    pub fn with_help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_cost(&mut self, cost: Option<Cost>) -> &mut Self {
        self.cost = cost;
        self
    }
    pub fn with_fix(&mut self, fix: Option<Fix>) -> &mut Self {
        self.fix = fix;
        self
    }
    pub fn with_severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }
}
