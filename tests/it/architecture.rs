//! The layers of `src/` (docs/architecture.md), checked from the source text:
//! every `crate::` path in a module names only layers below its own (so no
//! import cycle between layers can exist), the submodules of one layer import
//! each other without a cycle, and no source file is over 800 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom-up. A module may use its own layer's modules and those of the
/// layers listed before it, never one listed after it.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["knowledge"],
    &["frontend"],
    &["facts"],
    &["analysis"],
    &["project"],
    &["rules"],
    &["config"],
    &["engine"],
    &["report", "lsp"],
    &["cli"],
];

const MAX_LINES: usize = 800;

fn layer(top: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&top))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/engine/prefilter/tests.rs` → ["engine", "prefilter", "tests"];
/// `src/engine/mod.rs` → ["engine"].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its unit tests (a test may
/// drive the module from above).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            // A comment starts the line or follows code after a space; `://`
            // inside a URL string is not one.
            Some(at) if at == 0 || line[..at].ends_with(char::is_whitespace) => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a piece of code names with `crate::a::b…`.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let preceded = rest[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        rest = &rest[at + "crate::".len()..];
        if preceded {
            continue;
        }
        let mut path = Vec::new();
        let mut s = rest;
        loop {
            let ident: String = s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if ident.is_empty() {
                break;
            }
            s = &s[ident.len()..];
            path.push(ident);
            if path.len() == 2 || !s.starts_with("::") {
                break;
            }
            s = &s[2..];
        }
        if !path.is_empty() {
            out.push(path);
        }
    }
    out
}

#[test]
fn layers_are_used_bottom_up_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    // Within one top-level module: which sibling submodules use which.
    let mut siblings: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let Some(top) = module.first() else { continue };
        if top == "lib" || top == "main" {
            continue;
        }
        let own = layer(top).unwrap_or_else(|| panic!("src/{top} is in no layer of LAYERS"));
        let text = std::fs::read_to_string(file).unwrap();
        for path in crate_paths(&code(&text)) {
            let target = &path[0];
            if target == top {
                if let (Some(from), Some(to)) = (module.get(1), path.get(1))
                    && from != to
                    && src.join(top).join(format!("{to}.rs")).exists() | src.join(top).join(to).is_dir()
                {
                    siblings.entry(top.clone()).or_default().entry(from.clone()).or_default().insert(to.clone());
                }
                continue;
            }
            match layer(target) {
                Some(l) if l <= own => {}
                Some(_) => wrong.push(format!("{} uses crate::{} (a higher layer)", file.display(), path.join("::"))),
                None => wrong.push(format!("{} uses crate::{target}, which is in no layer", file.display())),
            }
        }
    }
    assert!(wrong.is_empty(), "layer violations:\n{}", wrong.join("\n"));
    for (top, graph) in &siblings {
        // A cycle among one layer's submodules: depth-first search.
        fn visit<'a>(
            n: &'a str,
            g: &'a BTreeMap<String, BTreeSet<String>>,
            stack: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) -> Option<Vec<String>> {
            if let Some(i) = stack.iter().position(|s| *s == n) {
                return Some(stack[i..].iter().map(|s| s.to_string()).chain([n.to_string()]).collect());
            }
            if !done.insert(n) {
                return None;
            }
            stack.push(n);
            for m in g.get(n).into_iter().flatten() {
                if let Some(cycle) = visit(m, g, stack, done) {
                    return Some(cycle);
                }
            }
            stack.pop();
            None
        }
        let mut done = BTreeSet::new();
        for n in graph.keys() {
            if let Some(cycle) = visit(n, graph, &mut Vec::new(), &mut done) {
                panic!("import cycle in src/{top}: {}", cycle.join(" -> "));
            }
        }
    }
}

#[test]
fn no_source_file_is_over_800_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > MAX_LINES).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files (at most {MAX_LINES} lines each):\n{}", long.join("\n"));
}

#[test]
fn the_checker_sees_paths_and_skips_comments() {
    let paths = crate_paths(&code("use crate::base::source::Span; // crate::cli\nlet x = crate::facts::Tri::Yes;"));
    assert_eq!(paths, vec![vec!["base".to_string(), "source".into()], vec!["facts".into(), "Tri".into()]]);
    let stripped = code("use crate::a; // crate::b\n/// crate::c\nlet u = \"http://crate::d\";");
    assert_eq!(crate_paths(&stripped), vec![vec!["a".to_string()], vec!["d".to_string()]]);
    assert_eq!(module_of(Path::new("src"), Path::new("src/engine/mod.rs")), vec!["engine"]);
}
