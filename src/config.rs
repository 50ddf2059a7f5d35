//! The configuration file: `llmlint.toml`, `.llmlint.toml` or
//! `[tool.llmlint]` in `pyproject.toml`, found by walking up from the first
//! path checked (or `--config FILE`). Every key is checked: an unknown key,
//! a bad value or an unknown rule id is an error that points at its line,
//! never a silent default.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::base::diagnostic::Severity;
use crate::knowledge::providers::Provider;
use crate::knowledge::wrappers::{ArgSpec, Wrapper};
use crate::rules;

pub const FILE_NAMES: &[&str] = &["llmlint.toml", ".llmlint.toml"];

#[derive(Debug, Default)]
pub struct Config {
    pub path: PathBuf,
    /// Globs are relative to this directory (the config file's).
    pub root: PathBuf,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub exclude: Option<GlobSet>,
    /// `include-tests = true`: check test files with every rule.
    pub include_tests: bool,
    pub per_file_ignores: Vec<(GlobSet, Vec<String>)>,
    pub severity: BTreeMap<String, Severity>,
    pub options: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    pub calls_per_day: Option<f64>,
    /// Model table entries, in the shape of `rules/models.yaml`.
    pub models: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Azure OpenAI deployment names and the model each serves (`[deployments]`).
    pub deployments: BTreeMap<String, String>,
    pub wrappers: Vec<Wrapper>,
}

impl Config {
    /// Whether a path (as discovered) matches one of the globs, relative to
    /// the config's directory.
    fn matches(&self, set: &GlobSet, path: &Path) -> bool {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let rel = abs.strip_prefix(&root).unwrap_or(path);
        set.is_match(rel) || rel.ancestors().any(|a| !a.as_os_str().is_empty() && set.is_match(a))
    }

    pub fn excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|set| self.matches(set, path))
    }

    /// Rules the per-file ignores switch off for this path.
    pub fn ignored_rules(&self, path: &Path) -> Vec<&str> {
        self.per_file_ignores
            .iter()
            .filter(|(set, _)| self.matches(set, path))
            .flat_map(|(_, rules)| rules.iter().map(String::as_str))
            .collect()
    }
}

/// A config error with the place it points at.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: String,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl ConfigError {
    /// A miette report with a code frame at the offending line.
    pub fn report(&self) -> miette::Report {
        let name = crate::base::paths::display_path(&self.path);
        match &self.span {
            Some(span) => miette::miette!(
                labels = vec![miette::LabeledSpan::at(span.clone(), "here")],
                "{name}: {}",
                self.message
            )
            .with_source_code(miette::NamedSource::new(name, self.text.clone())),
            None => miette::miette!("{name}: {}", self.message),
        }
    }
}

/// The config file that applies to `start`: the nearest one in it or above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    // A document not yet saved (an editor's new file) has no path on disk:
    // its directory decides.
    let abs = std::fs::canonicalize(start).ok().or_else(|| std::fs::canonicalize(start.parent()?).ok())?;
    let dir = if abs.is_dir() { abs } else { abs.parent()?.to_path_buf() };
    for d in dir.ancestors() {
        for name in FILE_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        let py = d.join("pyproject.toml");
        if py.is_file() && std::fs::read_to_string(&py).is_ok_and(|t| has_tool_section(&t)) {
            return Some(py);
        }
    }
    None
}

fn has_tool_section(text: &str) -> bool {
    DeTable::parse(text).ok().is_some_and(|t| {
        matches!(t.get_ref().get("tool").map(|v| v.get_ref()), Some(DeValue::Table(tool)) if tool.contains_key("llmlint"))
    })
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
}

type Item<'a> = (&'a Spanned<std::borrow::Cow<'a, str>>, &'a Spanned<DeValue<'a>>);

impl Reader<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: self.path.to_path_buf(),
            text: self.text.to_string(),
            span: Some(span),
            message: message.into(),
        }
    }

    fn table<'v>(&self, v: &'v Spanned<DeValue<'v>>, what: &str) -> Result<&'v DeTable<'v>, ConfigError> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(t),
            _ => Err(self.err(v.span(), format!("`{what}` must be a table"))),
        }
    }

    fn string<'v>(&self, v: &'v Spanned<DeValue<'v>>, what: &str) -> Result<&'v str, ConfigError> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s),
            _ => Err(self.err(v.span(), format!("`{what}` must be a string"))),
        }
    }

    fn strings(&self, v: &Spanned<DeValue>, what: &str) -> Result<Vec<(String, Range<usize>)>, ConfigError> {
        match v.get_ref() {
            DeValue::Array(items) => items.iter().map(|i| Ok((self.string(i, what)?.to_string(), i.span()))).collect(),
            _ => Err(self.err(v.span(), format!("`{what}` must be a list of strings"))),
        }
    }

    /// Rule ids (or, where `selectors`, categories and `ALL` too).
    fn rule_ids(&self, v: &Spanned<DeValue>, what: &str, selectors: bool) -> Result<Vec<String>, ConfigError> {
        self.strings(v, what)?
            .into_iter()
            .map(|(id, span)| match rules::find(&id).is_some() || (selectors && rules::known_selector(&id)) {
                true => Ok(id),
                false => Err(self.err(
                    span,
                    format!("{} (see `llmlint rules`)", rules::unknown_message(&id, &format!(" in `{what}`"))),
                )),
            })
            .collect()
    }

    fn globs(&self, patterns: &[(String, Range<usize>)]) -> Result<GlobSet, ConfigError> {
        let mut b = GlobSetBuilder::new();
        for (p, span) in patterns {
            let glob =
                Glob::new(p.trim_end_matches('/')).map_err(|e| self.err(span.clone(), format!("bad glob: {e}")))?;
            b.add(glob);
        }
        b.build().map_err(|e| self.err(0..0, e.to_string()))
    }

    fn arg_spec(&self, v: &Spanned<DeValue>, what: &str) -> Result<ArgSpec, ConfigError> {
        match v.get_ref() {
            DeValue::String(s) => Ok(ArgSpec::Keyword(s.to_string())),
            DeValue::Integer(i) => match i.as_str().parse::<usize>() {
                Ok(n) => Ok(ArgSpec::Position(n)),
                Err(_) => Err(self.err(v.span(), format!("`{what}` must be a keyword name or a position (0, 1, …)"))),
            },
            _ => Err(self.err(v.span(), format!("`{what}` must be a keyword name or a position (0, 1, …)"))),
        }
    }
}

/// A TOML value as JSON (for rule options and model entries).
fn json(v: &DeValue) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        DeValue::String(s) => J::String(s.to_string()),
        DeValue::Integer(i) => i.as_str().replace('_', "").parse::<i64>().map(J::from).unwrap_or(J::Null),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().map(J::from).unwrap_or(J::Null),
        DeValue::Boolean(b) => J::Bool(*b),
        DeValue::Datetime(d) => J::String(d.to_string()),
        DeValue::Array(items) => J::Array(items.iter().map(|i| json(i.get_ref())).collect()),
        DeValue::Table(t) => J::Object(t.iter().map(|(k, v)| (k.get_ref().to_string(), json(v.get_ref()))).collect()),
    }
}

pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        text: String::new(),
        span: None,
        message: format!("cannot read: {e}"),
    })?;
    let r = Reader { path, text: &text };
    let doc = DeTable::parse(&text).map_err(|e| r.err(e.span().unwrap_or(0..0), e.message().trim().to_string()))?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let table: &DeTable = if is_pyproject {
        let tool = doc.get_ref().get("tool").ok_or_else(|| r.err(0..0, "no [tool.llmlint] table"))?;
        let llmlint = r.table(tool, "tool")?.get("llmlint").ok_or_else(|| r.err(0..0, "no [tool.llmlint] table"))?;
        r.table(llmlint, "tool.llmlint")?
    } else {
        doc.get_ref()
    };
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut c = Config { path: path.to_path_buf(), root, ..Config::default() };
    for (k, v) in table.iter() {
        read_key(&r, &mut c, (k, v))?;
    }
    // A deployment names a model of the table, with the file's own `[[models]]`.
    if let Some(Some(deployments)) = table.get("deployments").map(|v| match v.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    }) {
        let models = crate::knowledge::models::ModelTable::builtin()
            .with_entries(c.models.clone())
            .map_err(|e| r.err(0..0, e))?;
        for (name, model) in deployments.iter() {
            if json(model.get_ref()).as_str().is_none_or(|id| models.get(id).is_none()) {
                return Err(r.err(
                    model.span(),
                    format!(
                        "deployment `{}` names no model of the table (`llmlint models WORDS` searches it; add a model under `[[models]]`)",
                        name.get_ref()
                    ),
                ));
            }
        }
    }
    Ok(c)
}

fn read_key(r: &Reader, c: &mut Config, (k, v): Item) -> Result<(), ConfigError> {
    match k.get_ref().as_ref() {
        "select" => c.select = Some(r.rule_ids(v, "select", true)?),
        "ignore" => c.ignore = r.rule_ids(v, "ignore", true)?,
        "exclude" => c.exclude = Some(r.globs(&r.strings(v, "exclude")?)?),
        "include-tests" => match v.get_ref() {
            DeValue::Boolean(b) => c.include_tests = *b,
            _ => return Err(r.err(v.span(), "`include-tests` must be true or false")),
        },
        "per-file-ignores" => {
            for (pattern, ids) in r.table(v, "per-file-ignores")?.iter() {
                let set = r.globs(&[(pattern.get_ref().to_string(), pattern.span())])?;
                c.per_file_ignores.push((set, r.rule_ids(ids, "per-file-ignores", false)?));
            }
        }
        "severity" => {
            for (id, level) in r.table(v, "severity")?.iter() {
                if rules::find(id.get_ref()).is_none() {
                    return Err(r.err(id.span(), format!("unknown rule `{}` in `severity`", id.get_ref())));
                }
                let s = match r.string(level, "severity")? {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    "info" => Severity::Info,
                    other => {
                        return Err(r.err(level.span(), format!("severity `{other}`: expected error, warning or info")));
                    }
                };
                c.severity.insert(id.get_ref().to_string(), s);
            }
        }
        "rules" => {
            for (id, options) in r.table(v, "rules")?.iter() {
                let Some(rule) = rules::find(id.get_ref()) else {
                    return Err(r.err(id.span(), format!("unknown rule `{}` in `rules`", id.get_ref())));
                };
                for (name, value) in r.table(options, "rules")?.iter() {
                    let Some(default) = rule.meta.options.get(name.get_ref().as_ref()) else {
                        let known: Vec<&String> = rule.meta.options.keys().collect();
                        return Err(r.err(
                            name.span(),
                            format!("`{}` has no option `{}` (options: {known:?})", rule.id, name.get_ref()),
                        ));
                    };
                    let value_span = value.span();
                    let value = json(value.get_ref());
                    let same_kind = std::mem::discriminant(default) == std::mem::discriminant(&value)
                        && (default.is_i64() == value.is_i64() || !default.is_number());
                    if !same_kind {
                        return Err(r.err(
                            value_span,
                            format!("`{}.{}` must be like its default, {default}", rule.id, name.get_ref()),
                        ));
                    }
                    c.options.entry(rule.id.to_string()).or_default().insert(name.get_ref().to_string(), value);
                }
            }
        }
        "traffic" => {
            for (name, value) in r.table(v, "traffic")?.iter() {
                if name.get_ref() != "calls_per_day" {
                    return Err(r.err(
                        name.span(),
                        format!("unknown key `traffic.{}` (expected calls_per_day)", name.get_ref()),
                    ));
                }
                match json(value.get_ref()).as_f64() {
                    Some(n) if n >= 0.0 => c.calls_per_day = Some(n),
                    _ => return Err(r.err(value.span(), "`calls_per_day` must be a number of requests per day")),
                }
            }
        }
        "models" => match v.get_ref() {
            DeValue::Array(items) => {
                for item in items {
                    r.table(item, "models")?;
                    match json(item.get_ref()) {
                        serde_json::Value::Object(m) => {
                            // Checked against the table's own shape now, so the error points here.
                            crate::knowledge::models::ModelTable::builtin()
                                .with_entries(vec![m.clone()])
                                .map_err(|e| r.err(item.span(), e))?;
                            c.models.push(m);
                        }
                        _ => return Err(r.err(item.span(), "each `[[models]]` entry must be a table")),
                    }
                }
            }
            _ => return Err(r.err(v.span(), "`models` must be `[[models]]` tables")),
        },
        "deployments" => {
            for (name, model) in r.table(v, "deployments")?.iter() {
                match json(model.get_ref()) {
                    serde_json::Value::String(id) => {
                        c.deployments.insert(name.get_ref().to_string(), id);
                    }
                    _ => {
                        return Err(r.err(
                            model.span(),
                            format!("deployment `{}` must name a model id as a string", name.get_ref()),
                        ));
                    }
                }
            }
        }
        "wrappers" => match v.get_ref() {
            DeValue::Array(items) => {
                for item in items {
                    c.wrappers.push(wrapper(r, item)?);
                }
            }
            _ => return Err(r.err(v.span(), "`wrappers` must be `[[wrappers]]` tables")),
        },
        other => {
            return Err(r.err(
                k.span(),
                format!(
                    "unknown key `{other}` (expected select, ignore, exclude, include-tests, per-file-ignores, \
                     severity, rules, traffic, models, deployments or wrappers)"
                ),
            ));
        }
    }
    Ok(())
}

fn wrapper(r: &Reader, item: &Spanned<DeValue>) -> Result<Wrapper, ConfigError> {
    let t = r.table(item, "wrappers")?;
    let mut function = None;
    let mut provider = None;
    let mut operation = None;
    let (mut model, mut max_tokens, mut system) = (None, None, None);
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "function" => function = Some(r.string(v, "function")?.to_string()),
            "provider" => {
                let name = r.string(v, "provider")?;
                provider = Some(match Provider::from_name(name) {
                    Provider::Unknown => {
                        return Err(r.err(v.span(), format!("provider `{name}`: expected {}", Provider::known_names())));
                    }
                    p => p,
                })
            }
            "operation" => operation = Some(r.string(v, "operation")?.to_string()),
            "model" => model = Some(r.arg_spec(v, "model")?),
            "max_tokens" => max_tokens = Some(r.arg_spec(v, "max_tokens")?),
            "system" => system = Some(r.arg_spec(v, "system")?),
            other => {
                return Err(r.err(
                    k.span(),
                    format!("unknown key `{other}` in a wrapper (expected function, provider, operation, model, max_tokens, system)"),
                ));
            }
        }
    }
    let function = function.ok_or_else(|| r.err(item.span(), "a wrapper needs `function` (its dotted name)"))?;
    let provider = provider
        .ok_or_else(|| r.err(item.span(), format!("a wrapper needs `provider` ({})", Provider::known_names())))?;
    let operation = operation.unwrap_or_else(|| {
        match provider {
            Provider::OpenAi | Provider::Groq => "chat.completions.create",
            Provider::Google => "models.generate_content",
            Provider::Bedrock => "converse",
            Provider::Mistral => "chat.complete",
            Provider::Cohere => "chat",
            Provider::Anthropic | Provider::Unknown => "messages.create",
        }
        .to_string()
    });
    Ok(Wrapper { function, provider, operation, model, max_tokens, system })
}

/// The commented starter file `llmlint init` writes.
pub const STARTER: &str = r#"# llmlint configuration. Every key is optional; delete what you do not need.
# Docs: `llmlint rules`, `llmlint explain RULE`.

# Rules to run (default: all) and rules to skip.
# select = ["huge-max-tokens", "deprecated-model", "hardcoded-api-key"]
# ignore = ["batchable-loop"]

# Paths not to lint, as globs relative to this file.
# exclude = ["vendor/", "generated/**"]

# Test files (`tests/`, `test_*.py`, `*.test.ts`, ...) are checked only for
# keys and suppression comments, unless this is true.
# include-tests = true

# Rules switched off for some paths.
# [per-file-ignores]
# "tests/**" = ["sdk-retries-disabled", "unbounded-retry"]

# Severity overrides: error, warning or info.
# [severity]
# batchable-loop = "warning"

# Rule options.
# [rules.huge-max-tokens]
# threshold = 16384

# Requests per day per call site, for monthly cost figures.
# [traffic]
# calls_per_day = 1000

# Models and prices the built-in table lacks or that you pay differently
# (same fields as rules/models.yaml).
# [[models]]
# id = "ft:gpt-4.1-mini:acme:support:abc123"
# provider = "openai"
# price = { input = 0.8, output = 3.2 }
# max_output_tokens = 32768

# Azure OpenAI: the deployment names your code passes as `model`, and the
# model each one serves (any id form the table knows).
# [deployments]
# chat-prod = "gpt-4o-2024-08-06"

# In-house functions that call a model: which argument holds what
# (a keyword name, or a position counting from 0).
# [[wrappers]]
# function = "myco.llm.complete"
# provider = "anthropic"
# model = "model"
# max_tokens = "limit"
# system = "system_prompt"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_is_valid_and_empty() {
        let dir = std::env::temp_dir().join(format!("llmlint-starter-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("llmlint.toml");
        std::fs::write(&p, STARTER).unwrap();
        let c = load(&p).unwrap();
        assert!(c.select.is_none() && c.wrappers.is_empty());
        // Uncommented, every example is valid too.
        // Uncommented, every example is valid too: example lines are the
        // commented ones that read as TOML (a table header or `key = value`).
        let all: String = STARTER
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(code) if code.starts_with('[') || code.contains(" = ") => code,
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&p, &all).unwrap();
        let c = load(&p).unwrap_or_else(|e| panic!("{}\n{all}", e.message));
        assert_eq!(c.wrappers.len(), 1);
        assert_eq!(c.calls_per_day, Some(1000.0));
        std::fs::remove_dir_all(&dir).ok();
    }
}
