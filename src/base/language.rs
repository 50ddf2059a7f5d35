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
    /// Other text a key gets written into: shell scripts, Dockerfiles,
    /// Makefiles, Markdown and other docs, INI-style and Terraform
    /// settings. Only keys (and suppression comments) are looked for.
    Text,
}

/// How a language writes comments, for suppression comments: a line
/// comment's marker, and a block comment's opening and closing.
#[derive(Clone, Copy, Debug)]
pub struct Comments {
    pub line: &'static str,
    pub block: Option<(&'static str, &'static str)>,
}

/// Files read as [`Language::Text`] by name.
const TEXT_NAMES: &[&str] = &[
    "Dockerfile",
    "Containerfile",
    "Makefile",
    "GNUmakefile",
    "makefile",
    "Justfile",
    "justfile",
    "Procfile",
    "Jenkinsfile",
    "Vagrantfile",
    ".envrc",
    ".bashrc",
    ".bash_profile",
    ".zshrc",
    ".zshenv",
    ".profile",
    ".npmrc",
    ".pypirc",
];

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
        if TEXT_NAMES.contains(&name) || name.starts_with("Dockerfile.") || name.starts_with("Containerfile.") {
            return Some(Language::Text);
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
            "sh" | "bash" | "zsh" | "fish" | "ksh" | "ps1" | "dockerfile" | "md" | "mdx" | "markdown" | "rst"
            | "txt" | "ini" | "cfg" | "conf" | "properties" | "tf" | "tfvars" | "hcl" => Language::Text,
            _ => return None,
        })
    }

    /// What starts a line comment, for suppression comments.
    pub fn comment_marker(self) -> &'static str {
        self.comments().line
    }

    /// How comments are written: `#`, or `//` with `/* */` (the only kind
    /// JSX allows); in text files `#` (shell, Dockerfile, INI) and `<!-- -->`
    /// (Markdown).
    pub fn comments(self) -> Comments {
        match self {
            Language::Python | Language::Notebook | Language::Yaml | Language::Toml | Language::Env => {
                Comments { line: "#", block: None }
            }
            Language::JavaScript | Language::TypeScript | Language::Tsx | Language::Rust | Language::Json => {
                Comments { line: "//", block: Some(("/*", "*/")) }
            }
            Language::Text => Comments { line: "#", block: Some(("<!--", "-->")) },
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
            Language::Text => "text",
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
