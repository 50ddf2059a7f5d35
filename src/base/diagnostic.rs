//! llmlint's own finding type. Renderers convert it (miette only in the human
//! renderer); the JSON contract is built from it in `report/json.rs`.

use serde::{Deserialize, Serialize};

use crate::base::cost::Cost;
use crate::base::ids::FileId;
use crate::base::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Reliability,
    Cost,
    Correctness,
    Security,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Reliability => "reliability",
            Category::Cost => "cost",
            Category::Correctness => "correctness",
            Category::Security => "security",
        }
    }
}

/// How a fix may be applied (DESIGN.md, "Findings, fixes, cost").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Behaviour unchanged: applied by `--fix`.
    Safe,
    /// Changes runtime behaviour: applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown as help, never applied.
    Manual,
}

impl Finding {
    /// The message with the help on the next line, for formats that carry
    /// one text per finding (SARIF, GitHub annotations).
    pub fn message_with_help(&self) -> String {
        match &self.help {
            Some(h) => format!("{}\n{h}", self.message),
            None => self.message.clone(),
        }
    }
}

impl Applicability {
    pub fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::Manual => "manual",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub applicability: Applicability,
    pub title: String,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub message: String,
    pub location: Location,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    pub cost: Option<Cost>,
}

/// A place in the project: a file and a byte range in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: FileId,
    pub span: Span,
}
