//! The README's rule table is the rule registry, row for row.

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
    assert_eq!(rows, expected, "update the README's rule table");
}

#[test]
fn docs_rules_md_is_generated_from_the_rule_yaml() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap();
    assert!(
        committed == llmlint::cli::rules_markdown(),
        "docs/rules.md is stale: run `llmlint rules --format markdown > docs/rules.md`"
    );
}
