//! One frontend per language. Each lowers syntax into `ir::Unit`; `analyze`
//! turns that into Facts with the library tables of `known`.

pub mod analyze;
pub mod ir;
pub mod javascript;
pub mod known;
pub mod python;
pub mod retry_libs;
pub mod rust;
pub mod treesitter;

use std::path::Path;

use crate::cost::ModelTable;
use crate::facts::{Facts, FileId};
use crate::source::SourceFile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
    Rust,
}

impl Language {
    pub fn from_path(path: &Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?;
        Some(match ext {
            "py" | "pyi" => Language::Python,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "rs" => Language::Rust,
            _ => return None,
        })
    }

    /// The name rules list in `languages:`.
    pub fn rule_name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::TypeScript | Language::Tsx => "typescript",
            Language::Rust => "rust",
        }
    }

    /// The extension used for a docs code block of this fence language.
    pub fn from_fence(tag: &str) -> Option<&'static str> {
        Some(match tag {
            "python" | "py" => "py",
            "javascript" | "js" => "js",
            "typescript" | "ts" => "ts",
            "tsx" => "tsx",
            "rust" | "rs" => "rs",
            _ => return None,
        })
    }
}

/// Parse one file into Facts. A Rust file with a syntax error cannot be
/// analysed (syn has no recovery) and is an error; tree-sitter recovers and
/// the Python/JS/TS frontends analyse what it could parse.
pub fn facts(file: &SourceFile, id: FileId, language: Language, models: &ModelTable) -> Result<Facts, String> {
    let unit = match language {
        Language::Python => python::lower(&file.path, &file.text),
        Language::JavaScript => javascript::lower(&file.path, &file.text, javascript::Dialect::JavaScript),
        Language::TypeScript => javascript::lower(&file.path, &file.text, javascript::Dialect::TypeScript),
        Language::Tsx => javascript::lower(&file.path, &file.text, javascript::Dialect::Tsx),
        Language::Rust => Some(rust::lower(file)?),
    }
    .ok_or_else(|| "the parser gave up".to_string())?;
    Ok(analyze::analyze(&unit, analyze::Input { file: id, path: &file.path, text: &file.text, language, models }))
}
