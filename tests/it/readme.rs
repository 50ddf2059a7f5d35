//! What is generated from the rule files (`cargo xtask sync`) is current: the
//! README rule table, docs/rules.md and the registry.

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows: Vec<Vec<String>> = readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| l.trim_matches('|').split('|').map(|c| c.trim().trim_matches('`').to_string()).collect())
        .collect();
    let expected: Vec<Vec<String>> = llmlint::rules::all()
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.meta.category.name().to_string(),
                r.meta.severity.name().to_string(),
                r.meta.summary.clone(),
            ]
        })
        .collect();
    assert_eq!(rows, expected, "the README's rule table is stale: run `cargo xtask sync`");
}

#[test]
fn docs_rules_md_is_generated_from_the_rule_yaml() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap();
    assert!(committed == llmlint::cli::rules_markdown(), "docs/rules.md is stale: run `cargo xtask sync`");
}

#[test]
fn every_rule_file_is_registered() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".yaml").map(str::to_string))
        .filter(|id| id != "models")
        .collect();
    files.sort();
    let registered: Vec<String> = llmlint::rules::all().iter().map(|r| r.id.to_string()).collect();
    assert_eq!(files, registered, "the registry is stale: run `cargo xtask sync`");
    for r in llmlint::rules::all() {
        let code = format!("{}/src/rules/{}.rs", env!("CARGO_MANIFEST_DIR"), r.id.replace('-', "_"));
        assert!(std::path::Path::new(&code).is_file(), "{code} is missing");
    }
}
