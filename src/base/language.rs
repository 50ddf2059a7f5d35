//! The languages and file kinds llmlint reads.

use std::path::Path;

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
    /// Python source, in a `.py` file or a notebook's cells.
    pub fn is_python(self) -> bool {
        matches!(self, Language::Python | Language::Notebook)
    }

    /// JavaScript or TypeScript (TSX included).
    pub fn is_javascript(self) -> bool {
        matches!(self, Language::JavaScript | Language::TypeScript | Language::Tsx)
    }

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
