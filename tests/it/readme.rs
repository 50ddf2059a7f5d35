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

/// Issue 22, bug 7: one repository URL everywhere (the README, the binary's
/// links, Cargo.toml, the pre-commit hook), the minimum Rust version the
/// README states is `Cargo.toml`'s, and the pre-commit snippet names a
/// `rev` that exists.
#[test]
fn the_readme_names_one_repository_and_the_real_rust_version() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let field = |name: &str| {
        let line = cargo.lines().find(|l| l.starts_with(&format!("{name} = "))).unwrap();
        line.split('"').nth(1).unwrap().to_string()
    };
    let (canonical, msrv) = (field("repository"), field("rust-version"));
    let mut files = vec![root.join("README.md"), root.join("Cargo.toml"), root.join(".pre-commit-hooks.yaml")];
    files.extend(crate::common::walk(&root.join("src")));
    files.extend(crate::common::walk(&root.join("docs")));
    let mut seen = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (i, _) in text.match_indices("github.com/") {
            let rest = &text[i + "github.com/".len()..];
            let repo: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')).collect();
            let mut parts = repo.split('/');
            let (owner, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            if name.trim_end_matches('.') == "llmlint" {
                seen += 1;
                assert_eq!(format!("https://github.com/{owner}/llmlint"), canonical, "{}", file.display());
            }
        }
    }
    assert!(seen >= 4, "the repository is linked: {seen}");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains(&format!("Rust toolchain, {msrv} or later")), "the README states rust-version {msrv}");
    // The pre-commit snippet's rev is a branch the repository has, not a
    // tag that was never made.
    let rev = readme.lines().find_map(|l| l.trim().strip_prefix("rev: ")).unwrap();
    assert_eq!(rev, "main");
}
