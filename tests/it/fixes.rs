//! Every fix the fixtures produce, applied: the file still parses, the
//! finding it fixes is gone, and applying fixes again changes nothing.

use crate::common;

use std::path::{Path, PathBuf};

use llmlint::base::language::Language;
use llmlint::engine::fix;

fn parses(path: &Path, text: &str) -> bool {
    Language::from_path(path).is_none_or(|l| llmlint::frontend::parses(l, text))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn every_fix_parses_removes_its_finding_and_is_idempotent() {
    let mut checked = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures").unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let run = common::lint(std::slice::from_ref(&dir), &[]);
        for f in run.findings.iter() {
            let Some(fx) = &f.fix else { continue };
            if fx.edits.is_empty() {
                continue;
            }
            let file = &run.project.files[f.location.file];
            let fixed = fix::apply(&file.text, &fx.edits).expect("edits apply");
            assert_ne!(fixed, file.text, "{}: fix changes nothing", file.display);
            assert!(
                parses(&file.path, &fixed),
                "{}:{} {}: fixed file does not parse:\n{fixed}",
                file.display,
                file.position(f.location.span.start).line,
                f.rule
            );
            // Lint a copy of the folder with the fixed file in place.
            let tmp = std::env::temp_dir().join(format!("llmlint-fix-{}-{checked}", std::process::id()));
            copy_dir(&dir, &tmp);
            let rel = file.path.strip_prefix(&dir).unwrap();
            std::fs::write(tmp.join(rel), &fixed).unwrap();
            let again = common::lint(std::slice::from_ref(&tmp), &[f.rule]);
            let line = file.position(f.location.span.start).line;
            let same: Vec<_> = again
                .findings
                .iter()
                .filter(|g| {
                    let gf = &again.project.files[g.location.file];
                    gf.path.ends_with(rel) && gf.position(g.location.span.start).line == line
                })
                .collect();
            // The fix answers the finding: the rule goes quiet on that line.
            assert!(
                same.iter().all(|g| g.rule != f.rule),
                "{}:{} {}: still reported after its fix:\n{fixed}",
                file.display,
                line,
                f.rule
            );
            // Applying again changes nothing: no fix is left to apply there.
            for g in same {
                let gf = &again.project.files[g.location.file];
                if let Some(gfix) = &g.fix {
                    let twice = fix::apply(&gf.text, &gfix.edits).unwrap();
                    assert_eq!(twice, gf.text, "{}:{} {}: fixing twice changes the file", file.display, line, f.rule);
                }
            }
            std::fs::remove_dir_all(&tmp).ok();
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} fixes checked");
}

/// Every fixture, in generated variants (lines added above, CRLF line
/// endings, both), with every safe and unsafe fix applied as `--fix
/// --unsafe-fixes` does: each result parses, and fixing again converges (a
/// fix held back because it overlapped another is applied on the next round;
/// after that nothing changes).
#[test]
fn fixes_on_generated_variants_parse_and_converge() {
    use llmlint::engine::{self, Options};
    let files = code_fixtures();
    common::pin_today();
    let lint = |path: &Path, text: &str| {
        let options = Options { stdin: Some((path.to_path_buf(), text.to_string())), ..Default::default() };
        let run = engine::run(&options).unwrap();
        let fixes: Vec<llmlint::base::diagnostic::Fix> =
            run.findings.iter().filter(|f| f.location.file == 0.into()).filter_map(|f| f.fix.clone()).collect();
        let (edits, _) = fix::select(fixes.iter(), true);
        edits
    };
    let mut fixed_files = 0;
    for path in &files {
        let original = std::fs::read_to_string(path).unwrap();
        let language = Language::from_path(path).unwrap();
        let marker = language.comment_marker();
        let variants = [
            format!("{marker} a generated variant\n\n{original}"),
            original.replace('\n', "\r\n"),
            format!("{marker} both\r\n\r\n{}", original.replace('\n', "\r\n")),
        ];
        for (v, text) in variants.iter().enumerate() {
            let mut text = text.clone();
            for round in 0.. {
                let edits = lint(path, &text);
                if edits.is_empty() {
                    break;
                }
                assert!(round < 3, "{}: variant {v}: fixes do not converge", path.display());
                let next = fix::apply(&text, &edits).expect("selected edits apply");
                assert!(
                    llmlint::frontend::parses(language, &next),
                    "{}: variant {v}: a fix breaks the file:\n{next}",
                    path.display()
                );
                assert_ne!(next, text, "{}: variant {v}: edits that change nothing", path.display());
                text = next;
                fixed_files += 1;
            }
        }
    }
    assert!(fixed_files >= 20, "only {fixed_files} fixed variants");
}

/// What `--fix` writes, shown: for each fixture folder, every fix as the
/// unified diff of its file (clippy's `.fixed` files, ruff's fix snapshots).
/// A reviewer reads the change a fix makes here, not only that it parses.
#[test]
fn fixed_text_snapshots() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures").unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let run = common::lint(std::slice::from_ref(&dir), &[]);
        let mut out = String::new();
        for f in &run.findings {
            let Some(fx) = f.fix.as_ref().filter(|fx| !fx.edits.is_empty()) else { continue };
            let file = &run.project.files[f.location.file];
            fix::apply(&file.text, &fx.edits).expect("edits apply");
            let line = file.position(f.location.span.start).line;
            out.push_str(&format!("{}:{line} {} ({}): {}\n", file.display, f.rule, fx.applicability.name(), fx.title));
            out.push_str(
                &llmlint::engine::diff::unified(&file.display, &file.text, &run.shown(f.location.file), &fx.edits).text,
            );
            out.push('\n');
        }
        if out.is_empty() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("fixed", out);
        });
    }
}

/// Fuzzing of the fix path (issue 21): every fixture with a fix, mutated at
/// random (a byte range deleted or repeated, a line duplicated, a quote or
/// bracket inserted), is linted and its fixes selected and applied as
/// `--fix --unsafe-fixes` does. Nothing panics, the selected edits always
/// apply, and a mutant that parses is never broken by its fixes.
#[test]
fn fixes_on_mutated_fixtures_never_panic_or_break_a_parsing_file() {
    use llmlint::engine::{self, Options};
    common::pin_today();
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let files = code_fixtures();
    let (mut tried, mut fixed) = (0, 0);
    for path in &files {
        let original = std::fs::read_to_string(path).unwrap();
        if !original.contains("expect:") || original.len() > 20_000 {
            continue;
        }
        let language = Language::from_path(path).unwrap();
        for _ in 0..6 {
            let mut text = original.clone().into_bytes();
            for _ in 0..1 + next(3) {
                let at = next(text.len());
                let len = next(40).min(text.len() - at);
                match next(4) {
                    0 => drop(text.drain(at..at + len)),
                    1 => {
                        let piece = text[at..at + len].to_vec();
                        text.splice(at..at, piece);
                    }
                    2 => text.insert(at, b"\"'([{}])\n"[next(9)]),
                    _ => {
                        let line_end = text[at..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| at + i + 1);
                        let line_start = text[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                        let line = text[line_start..line_end].to_vec();
                        text.splice(line_end..line_end, line);
                    }
                }
            }
            let Ok(text) = String::from_utf8(text) else { continue };
            tried += 1;
            let options = Options { stdin: Some((path.clone(), text.clone())), ..Default::default() };
            let run = engine::run(&options).unwrap();
            assert_eq!(run.internal_errors, 0, "{}: {:?}\n{text}", path.display(), run.warnings);
            let fixes: Vec<llmlint::base::diagnostic::Fix> =
                run.findings.iter().filter(|f| f.location.file == 0.into()).filter_map(|f| f.fix.clone()).collect();
            let (edits, _) = fix::select(fixes.iter(), true);
            if edits.is_empty() {
                continue;
            }
            let out = fix::apply(&text, &edits).expect("selected edits apply");
            if llmlint::frontend::parses(language, &text) {
                assert!(llmlint::frontend::parses(language, &out), "{}: a fix breaks a mutant:\n{out}", path.display());
            }
            fixed += 1;
        }
    }
    eprintln!("fix-path fuzzing: {tried} mutants, {fixed} fixed");
    assert!(tried >= 300 && fixed >= 30, "{tried} mutants, {fixed} fixed");
}

/// Every fixture file but notebooks, in path order.
fn code_fixtures() -> Vec<PathBuf> {
    let mut files = common::walk(Path::new("fixtures"));
    files.retain(|p| Language::from_path(p).is_some_and(|l| l != Language::Notebook));
    files
}
