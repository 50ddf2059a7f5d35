//! llmlint's development tasks, run as `cargo xtask …` (an alias in
//! `.cargo/config.toml`):
//!
//! - `new-rule ID [--category C] [--severity S]`: scaffold a rule: its YAML
//!   (metadata and docs with the fixed headings), its check in
//!   `src/rules/<id>.rs`, a fixture folder, and the generated parts below.
//! - `sync [--check]`: write what is derived from `rules/*.yaml`: the rule
//!   modules and registry in `src/rules/mod.rs`, the README's rule table and
//!   `docs/rules.md`. With `--check`, change nothing and fail when any of them
//!   is stale.
//!
//! Nothing here depends on llmlint itself: a half-written rule must not stop
//! the scaffold from running. `docs/rules.md` is rendered by the llmlint
//! binary (`cargo run -- rules --format markdown`) once the registry is in place.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const CATEGORIES: &[&str] = &["cost", "reliability", "correctness", "security"];
const SEVERITIES: &[&str] = &["error", "warning", "info"];
const DOC_HEADINGS: &[&str] = &[
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "Cost impact",
    "Options",
    "References",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ sits in the repository").to_path_buf();
    let result = match args.first().map(String::as_str) {
        Some("new-rule") => new_rule(&root, &args[1..]),
        Some("sync") => sync(&root, args.iter().any(|a| a == "--check")),
        _ => Err("usage: cargo xtask new-rule ID [--category C] [--severity S] | cargo xtask sync [--check]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `huge-max-tokens` → `huge_max_tokens`.
fn module_name(id: &str) -> String {
    id.replace('-', "_")
}

/// `huge-max-tokens` → `HugeMaxTokens`.
fn type_name(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        && id.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The ids of `rules/*.yaml` (the model table is not a rule), sorted.
fn rule_ids(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join("rules");
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".yaml").map(str::to_string))
        .filter(|id| id != "models")
        .collect();
    ids.sort();
    Ok(ids)
}

/// A top-level `key: value` of a rule's YAML (the scalar fields the README
/// table shows are always written on one line).
fn yaml_field(yaml: &str, key: &str) -> Option<String> {
    yaml.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(": ").map(|v| v.trim().trim_matches('"').to_string()))
}

fn option_value<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).map(String::as_str)
}

fn new_rule(root: &Path, args: &[String]) -> Result<(), String> {
    let id = args.first().filter(|a| !a.starts_with("--")).ok_or("new-rule needs an ID (kebab-case)")?;
    if !valid_id(id) {
        return Err(format!("`{id}` is not a kebab-case rule id (lower-case words joined by `-`)"));
    }
    let category = option_value(args, "--category").unwrap_or("reliability");
    let severity = option_value(args, "--severity").unwrap_or("warning");
    if !CATEGORIES.contains(&category) {
        return Err(format!("--category must be one of {}", CATEGORIES.join(", ")));
    }
    if !SEVERITIES.contains(&severity) {
        return Err(format!("--severity must be one of {}", SEVERITIES.join(", ")));
    }
    let yaml = root.join("rules").join(format!("{id}.yaml"));
    let code = root.join("src/rules").join(format!("{}.rs", module_name(id)));
    let fixtures = root.join("fixtures").join(id);
    for path in [&yaml, &code, &fixtures] {
        if path.exists() {
            return Err(format!("{} already exists", path.display()));
        }
    }
    write(&yaml, &yaml_template(id, category, severity))?;
    write(&code, &rule_template(id))?;
    write(&fixtures.join("example.py"), &fixture_template(id))?;
    sync(root, false)?;
    println!(
        "scaffolded `{id}`:\n  {}\n  {}\n  {}\nnext: write the check over Facts in the .rs, the docs in the .yaml \
         (Example must fire, Use instead must not), and fixtures in every language the rule lists; \
         then `cargo test` and `cargo xtask sync`",
        rel(root, &yaml),
        rel(root, &code),
        rel(root, &fixtures)
    );
    Ok(())
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn yaml_template(id: &str, category: &str, severity: &str) -> String {
    let mut docs = String::new();
    for heading in DOC_HEADINGS {
        docs.push_str(&format!("  ## {heading}\n"));
        docs.push_str(match *heading {
            "Example" => "  ```python\n  # TODO: code this rule reports\n  ```\n\n",
            "Use instead" => "  ```python\n  # TODO: the same code written right; the rule stays silent\n  ```\n\n",
            "Options" => "  None.\n\n",
            _ => "  TODO\n\n",
        });
    }
    format!(
        "id: {id}\ncategory: {category}\nseverity: {severity}\nsummary: TODO one sentence, as the README's rule table shows it\n\
         languages: [python, javascript, typescript, rust]\n\
         # Words whose presence makes a file worth parsing for this rule.\ntriggers: []\n\
         docs: |\n{}",
        docs.trim_end().to_string() + "\n"
    )
}

fn rule_template(id: &str) -> String {
    format!(
        "//! `{id}`: TODO what the rule finds, in one line.\n\n\
         use crate::rules::{{Context, Rule}};\n\n\
         pub struct {ty};\n\n\
         impl Rule for {ty} {{\n    \
             fn check(&self, cx: &mut Context) {{\n        \
                 // Read `cx.facts` (this file) or `cx.project` (every file); report with\n        \
                 // `cx.report(cx.here(span), message).with_help(...)`.\n        \
                 let _ = cx;\n    \
             }}\n\
         }}\n",
        ty = type_name(id)
    )
}

fn fixture_template(id: &str) -> String {
    format!(
        "# Fixtures for `{id}`: end each line the rule must report with `# expect: {id}`;\n\
         # every other line is code the rule must leave alone.\n"
    )
}

/// Replace the lines between a `@generated` marker line and the next `@end`
/// marker line.
fn replace_generated(text: &str, marker: &str, lines: &[String]) -> Result<String, String> {
    let start = text.find(marker).ok_or_else(|| format!("no `{marker}` marker"))?;
    let body = start + text[start..].find('\n').ok_or("marker at end of file")? + 1;
    let end_rel = text[body..].find("@end").ok_or_else(|| format!("no `@end` after `{marker}`"))?;
    let end = body + text[body..body + end_rel].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let mut out = text[..body].to_string();
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(&text[end..]);
    Ok(out)
}

fn sync(root: &Path, check: bool) -> Result<(), String> {
    let ids = rule_ids(root)?;
    let mut changes: Vec<(PathBuf, String)> = vec![];

    let mod_rs = root.join("src/rules/mod.rs");
    let text = std::fs::read_to_string(&mod_rs).map_err(|e| format!("{}: {e}", mod_rs.display()))?;
    let modules: Vec<String> = ids.iter().map(|id| format!("mod {};", module_name(id))).collect();
    let registry: Vec<String> =
        ids.iter().map(|id| format!("    \"{id}\" => {}::{},", module_name(id), type_name(id))).collect();
    let new =
        replace_generated(&text, "@generated by `cargo xtask sync` from rules/*.yaml: the rule modules", &modules)?;
    let new =
        replace_generated(&new, "@generated by `cargo xtask sync` from rules/*.yaml: one line per rule", &registry)?;
    changes.push((mod_rs, new));

    let readme = root.join("README.md");
    let text = std::fs::read_to_string(&readme).map_err(|e| format!("{}: {e}", readme.display()))?;
    let mut rows = vec!["| id | category | severity | summary |".to_string(), "|---|---|---|---|".to_string()];
    for id in &ids {
        let path = root.join("rules").join(format!("{id}.yaml"));
        let yaml = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let field = |k: &str| yaml_field(&yaml, k).ok_or_else(|| format!("{}: no `{k}:`", path.display()));
        rows.push(format!("| `{id}` | {} | {} | {} |", field("category")?, field("severity")?, field("summary")?));
    }
    changes.push((readme, replace_generated(&text, "<!-- @generated by `cargo xtask sync`", &rows)?));

    let mut stale = vec![];
    for (path, new) in changes {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(new.as_str()) {
            stale.push(rel(root, &path));
            if !check {
                write(&path, &new)?;
            }
        }
    }
    // docs/rules.md is the llmlint binary's own rendering of every rule.
    let docs = root.join("docs/rules.md");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["run", "--quiet", "--package", "llmlint", "--", "rules", "--format", "markdown"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cargo run: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`cargo run -- rules --format markdown` failed (does the new rule compile?):\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if std::fs::read(&docs).ok().as_deref() != Some(out.stdout.as_slice()) {
        stale.push(rel(root, &docs));
        if !check {
            std::fs::write(&docs, &out.stdout).map_err(|e| format!("{}: {e}", docs.display()))?;
        }
    }
    match (check, stale.is_empty()) {
        (true, false) => Err(format!("stale, run `cargo xtask sync`: {}", stale.join(", "))),
        (false, false) => {
            println!("updated {}", stale.join(", "));
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(module_name("max-tokens-exceeds-model-limit"), "max_tokens_exceeds_model_limit");
        assert_eq!(type_name("max-tokens-exceeds-model-limit"), "MaxTokensExceedsModelLimit");
        assert!(valid_id("unbounded-agent-loop"));
        for bad in ["", "Bad", "a--b", "-a", "a_b", "9a"] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn generated_regions_are_replaced_whole() {
        let text = "a\n// @generated x\nold 1\nold 2\n// @end\nb\n";
        let got = replace_generated(text, "@generated x", &["new".to_string()]).unwrap();
        assert_eq!(got, "a\n// @generated x\nnew\n// @end\nb\n");
        assert!(replace_generated(text, "@generated y", &[]).is_err());
    }

    /// The scaffold's headings are the registry's (`rules::DOC_HEADINGS`,
    /// which xtask cannot import: a half-written rule must not stop it).
    #[test]
    fn headings_are_the_registry_s() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let rules = std::fs::read_to_string(root.join("src/rules/mod.rs")).unwrap();
        let start = rules.find("pub const DOC_HEADINGS: &[&str] = &[").expect("DOC_HEADINGS in src/rules/mod.rs");
        let list = &rules[start..start + rules[start..].find("];").unwrap()];
        let theirs: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
        assert_eq!(theirs, DOC_HEADINGS);
    }

    #[test]
    fn the_templates_have_every_heading() {
        let yaml = yaml_template("x-y", "cost", "info");
        for h in DOC_HEADINGS {
            assert!(yaml.contains(&format!("  ## {h}\n")), "{h}");
        }
        assert_eq!(yaml_field(&yaml, "severity").as_deref(), Some("info"));
        assert!(rule_template("x-y").contains("pub struct XY;"));
    }
}
