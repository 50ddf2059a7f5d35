//! One frontend per language. Each lowers syntax into `ir::Unit`; `analyze`
//! turns that into Facts with the library tables of `known`.

pub mod analyze;
pub mod config;
pub mod ir;
pub mod javascript;
pub mod known;
pub mod literal;
pub mod notebook;
pub mod python;
pub mod retry_libs;
pub mod rust;

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
    Yaml,
    /// JSON, and JSON with comments (`.jsonc`, `tsconfig`-style).
    Json,
    Toml,
    /// `.env`, `.env.*`, `*.env`.
    Env,
    /// A Jupyter notebook: its code cells are Python.
    Notebook,
}

/// Files that are generated lists of packages, never settings: skipped.
const LOCK_FILES: &[&str] = &["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "composer.lock"];

impl Language {
    pub fn from_path(path: &Path) -> Option<Language> {
        let name = path.file_name()?.to_str()?;
        if name == ".env" || name.starts_with(".env.") {
            return Some(Language::Env);
        }
        if LOCK_FILES.contains(&name) {
            return None;
        }
        let ext = path.extension()?.to_str()?;
        Some(match ext {
            "yaml" | "yml" => Language::Yaml,
            "json" | "jsonc" | "json5" => Language::Json,
            "toml" => Language::Toml,
            "env" => Language::Env,
            "ipynb" => Language::Notebook,
            "py" | "pyi" => Language::Python,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "rs" => Language::Rust,
            _ => return None,
        })
    }

    /// What starts a comment, for suppression comments.
    pub fn comment_marker(self) -> &'static str {
        match self {
            Language::Python | Language::Notebook | Language::Yaml | Language::Toml | Language::Env => "#",
            Language::JavaScript | Language::TypeScript | Language::Tsx | Language::Rust | Language::Json => "//",
        }
    }

    /// YAML, JSON, TOML or `.env`.
    pub fn is_config(self) -> bool {
        matches!(self, Language::Yaml | Language::Json | Language::Toml | Language::Env)
    }

    /// The name rules list in `languages:`.
    pub fn rule_name(self) -> &'static str {
        match self {
            // A notebook's code cells are Python: every Python rule applies.
            Language::Python | Language::Notebook => "python",
            Language::JavaScript => "javascript",
            Language::TypeScript | Language::Tsx => "typescript",
            Language::Rust => "rust",
            Language::Yaml | Language::Json | Language::Toml | Language::Env => "config",
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
            "yaml" | "yml" => "yaml",
            "json" => "json",
            "toml" => "toml",
            _ => return None,
        })
    }
}

/// Whether `text` parses cleanly as `language` (after a fix: a fix that
/// breaks the file is not written).
pub fn parses(language: Language, text: &str) -> bool {
    match language {
        Language::Python | Language::Notebook => python::parses(text),
        Language::JavaScript => javascript::parses(text, javascript::Dialect::JavaScript),
        Language::TypeScript => javascript::parses(text, javascript::Dialect::TypeScript),
        Language::Tsx => javascript::parses(text, javascript::Dialect::Tsx),
        Language::Rust => syn::parse_file(text).is_ok(),
        Language::Yaml => config::yaml::parse(text).is_ok(),
        Language::Json => config::json::parse(text).is_ok(),
        Language::Toml => config::toml::parse(text).is_ok(),
        Language::Env => true,
    }
}

/// What the analyzer knows beyond the code: the model table and the user's
/// wrappers.
#[derive(Clone, Copy)]
pub struct Tables<'a> {
    pub models: &'a ModelTable,
    pub wrappers: &'a [crate::config::Wrapper],
}

impl Tables<'static> {
    pub fn builtin() -> Tables<'static> {
        Tables { models: ModelTable::builtin(), wrappers: &[] }
    }
}

/// Parse one file into Facts. A Rust, JS or TS file with a syntax error its
/// parser cannot recover from (syn has no recovery; oxc little) is an error;
/// ruff's Python parser always recovers and the Python frontend analyses
/// what it could parse.
pub fn facts(file: &SourceFile, id: FileId, language: Language, tables: Tables) -> Result<Facts, String> {
    // The engine's isolation test makes one named file's analysis panic
    // (debug builds only).
    #[cfg(debug_assertions)]
    if std::env::var_os("LLMLINT_TEST_PANIC").is_some_and(|name| file.path.file_name() == Some(name.as_os_str())) {
        panic!("LLMLINT_TEST_PANIC");
    }
    // A JS/TS syntax error is reported at its line.
    let js = |dialect| {
        javascript::lower(&file.path, &file.text, dialect).map(Some).map_err(|e| match e.at {
            Some(at) => format!("line {}: {}", file.text_position(at).line, e.message),
            None => e.message,
        })
    };
    let unit = match language {
        Language::Python => python::lower(&file.path, &file.text),
        Language::JavaScript => js(javascript::Dialect::JavaScript)?,
        Language::TypeScript => js(javascript::Dialect::TypeScript)?,
        Language::Tsx => js(javascript::Dialect::Tsx)?,
        Language::Rust => Some(rust::lower(file)?),
        // The engine hands a notebook over as its code cells' Python.
        Language::Notebook => python::lower(&file.path, &file.text),
        Language::Yaml => Some(config::lower(&config::yaml::parse(&file.text)?)),
        Language::Json => Some(config::lower(&[config::json::parse(&file.text)?])),
        Language::Toml => Some(config::lower(&[config::toml::parse(&file.text)?])),
        Language::Env => Some(config::lower(&[config::env::parse(&file.text)])),
    }
    .ok_or_else(|| "the parser gave up".to_string())?;
    Ok(analyze::analyze(&unit, analyze::Input { file: id, path: &file.path, text: &file.text, language, tables }))
}
