//! Syntax → IR: one frontend per language, each lowering its parser's tree
//! into the one language-neutral `ir::Unit` the analysis reads. Frontends know
//! syntax only; they never decide what is risky.

pub mod config;
pub mod depth;
pub mod ir;
pub mod javascript;
pub mod literal;
pub mod notebook;
pub mod python;
pub mod rust;
pub mod text;

use crate::base::language::Language;
use crate::base::source::SourceFile;
use ir::Unit;

/// Whether `text` parses cleanly as `language` (after a fix: a fix that
/// breaks the file is not written).
pub fn parses(language: Language, text: &str) -> bool {
    depth::guarded(language, text, || match language {
        Language::Python => python::parses(text),
        // A notebook's cells hold IPython's own syntax: what a fix must keep
        // is the notebook (`fix::in_notebook` checks its cells' text).
        Language::Notebook => notebook::extract(text).is_ok(),
        Language::JavaScript => javascript::parses(text, javascript::Dialect::JavaScript),
        Language::TypeScript => javascript::parses(text, javascript::Dialect::TypeScript),
        Language::Tsx => javascript::parses(text, javascript::Dialect::Tsx),
        Language::Rust => rust::parses(text),
        Language::Yaml => config::yaml::parse(text).is_ok(),
        Language::Json => config::json::parse(text).is_ok(),
        Language::Toml => config::toml::parse(text).is_ok(),
        Language::Env | Language::Text => true,
    })
    .unwrap_or(false)
}

/// Lower one file to the IR. A Rust, JS or TS file with a syntax error its
/// parser cannot recover from (syn has no recovery; oxc little) is an error;
/// ruff's Python parser always recovers and the Python frontend lowers what
/// it could parse.
pub fn lower(file: &SourceFile, language: Language) -> Result<Unit, String> {
    depth::guarded(language, &file.text, || lower_parsed(file, language))?
}

fn lower_parsed(file: &SourceFile, language: Language) -> Result<Unit, String> {
    // A JS/TS syntax error is reported at its line.
    let js = |dialect| {
        javascript::lower(&file.path, &file.text, dialect).map(Some).map_err(|e| match e.at {
            Some(at) => at_line(file, at, &e.message),
            None => e.message,
        })
    };
    match language {
        Language::Python => python::lower(&file.path, &file.text),
        Language::JavaScript => js(javascript::Dialect::JavaScript)?.map(|u| in_package(u, file)),
        Language::TypeScript => js(javascript::Dialect::TypeScript)?.map(|u| in_package(u, file)),
        Language::Tsx => js(javascript::Dialect::Tsx)?.map(|u| in_package(u, file)),
        Language::Rust => Some(rust::lower(file)?),
        // The engine hands a notebook over as its code cells' Python. Cells
        // hold IPython's own syntax (`pip install x`, `!ls`, `%%time`) and
        // run one by one: an error in one is not news about the others.
        Language::Notebook => python::lower(&file.path, &file.text).map(|mut u| {
            u.syntax_error = None;
            u
        }),
        Language::Yaml => Some(config::lower(&config::yaml::parse(&file.text)?)),
        Language::Json => Some(config::lower(&[config::json::parse(&file.text)?])),
        Language::Toml => Some(config::lower(&[config::toml::parse(&file.text)?])),
        Language::Env => Some(config::lower(&[config::env::parse(&file.text)])),
        Language::Text => Some(config::lower(&[text::words(&file.text)])),
    }
    .ok_or_else(|| "the parser gave up".to_string())
}

/// A parser's message at the line of byte `at` (`line 5: Expected `}``).
pub fn at_line(file: &SourceFile, at: usize, message: &str) -> String {
    format!("line {}: {message}", file.text_position(at).line)
}

/// In an SDK's own package, a relative import names the SDK's module as
/// code outside would (`'../../client'` in `src/lib/tools/x.ts` of
/// `@anthropic-ai/sdk` → `@anthropic-ai/sdk/src/client`).
fn in_package(mut unit: ir::Unit, file: &SourceFile) -> ir::Unit {
    use crate::base::paths::normalize;
    let Some(package) = &file.package else { return unit };
    let dir = file.path.parent().unwrap_or(std::path::Path::new(""));
    for import in unit.imports.values_mut() {
        let specifier = match &import.member {
            Some(m) => import.qualified.strip_suffix(m.as_str()).and_then(|q| q.strip_suffix('.')),
            None => Some(import.qualified.as_str()),
        };
        let Some(specifier) = specifier.filter(|s| s.starts_with('.')) else { continue };
        let resolved = normalize(&dir.join(specifier)).into_owned();
        let Ok(rel) = resolved.strip_prefix(normalize(&package.root)) else { continue };
        let rel: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
        let module = format!("{}/{}", package.name, rel.join("/"));
        import.qualified = match &import.member {
            Some(m) => format!("{module}.{m}"),
            None => module,
        };
    }
    unit
}
