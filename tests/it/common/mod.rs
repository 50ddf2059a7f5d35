//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use llmlint::engine::{self, Options, Run};

/// The day the suites run as: fixtures, snapshots and formats hold
/// lifecycle states (deprecated, retired), which follow the date.
pub const TODAY: &str = "2026-12-01";

/// Run this process as of `TODAY`.
pub fn pin_today() {
    llmlint::base::cost::pin_today(TODAY);
}

/// The built binary, run in `cwd` as of `TODAY`.
pub fn command(cwd: &Path) -> std::process::Command {
    command_of(Path::new(env!("CARGO_BIN_EXE_llmlint")), cwd)
}

/// The binary `bin` (another build of llmlint), run in `cwd` as of `TODAY`.
pub fn command_of(bin: &Path, cwd: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(bin);
    c.current_dir(cwd).env("LLMLINT_TODAY", TODAY);
    c
}

/// Run the built binary with `args` in `cwd`, as of `TODAY`.
pub fn llmlint(args: &[&str], cwd: &Path) -> std::process::Output {
    command(cwd).args(args).output().expect("binary runs")
}

/// A directory of the system's temp dir for one test: empty when made,
/// removed when dropped (a failed assertion unwinds through the drop too).
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("llmlint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Lint `paths` with every rule (or only `select`).
pub fn lint(paths: &[PathBuf], select: &[&str]) -> Run {
    pin_today();
    let options =
        Options { paths: paths.to_vec(), select: select.iter().map(|s| s.to_string()).collect(), ..Options::default() };
    engine::run(&options).expect("lint runs")
}

/// An expectation parsed from a fixture: (path, line, rule, cost).
#[derive(Clone, Debug, PartialEq)]
pub struct Expect {
    pub path: PathBuf,
    pub line: usize,
    pub rule: String,
    pub cost: Option<f64>,
}

/// `# expect: rule-a, rule-b[cost=0.48]` / `// expect: …` at the end of a line,
/// or a sidecar `NAME.expect` with `LINE rule[, rule]` lines (files that cannot
/// hold comments).
pub fn expectations(dir: &Path) -> Vec<Expect> {
    let mut out = vec![];
    for entry in walk(dir) {
        let name = entry.file_name().unwrap().to_string_lossy().to_string();
        let Ok(text) = std::fs::read_to_string(&entry) else {
            continue;
        };
        if let Some(target) = name.strip_suffix(".expect") {
            let target = entry.with_file_name(target);
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                let (num, rest) = line.split_once(' ').expect("`LINE rules` in .expect file");
                for (rule, cost) in items(rest) {
                    out.push(Expect { path: target.clone(), line: num.parse().unwrap(), rule, cost });
                }
            }
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let Some(at) = line.find("expect:") else {
                continue;
            };
            let before = line[..at].trim_end();
            if !(before.ends_with('#') || before.ends_with("//")) {
                continue;
            }
            let rest = line[at + "expect:".len()..].trim().trim_end_matches("*/").trim();
            for (rule, cost) in items(rest) {
                out.push(Expect { path: entry.clone(), line: n + 1, rule, cost });
            }
        }
    }
    out
}

fn items(text: &str) -> Vec<(String, Option<f64>)> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| match item.split_once("[cost=") {
            Some((rule, cost)) => {
                (rule.to_string(), Some(cost.trim_end_matches(']').parse().expect("cost is a number")))
            }
            None => (item.to_string(), None),
        })
        .collect()
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every finding as (path, line, rule, cost).
pub fn found(run: &Run) -> Vec<Expect> {
    run.findings
        .iter()
        .map(|f| {
            let file = &run.project.files[f.location.file];
            Expect {
                path: llmlint::base::paths::normalize(&file.path).into_owned(),
                line: file.position(f.location.span.start).line,
                rule: f.rule.to_string(),
                cost: f.cost.as_ref().map(|c| c.usd_per_call),
            }
        })
        .collect()
}

/// A key of the Anthropic shape, the same on every run.
pub fn fake_key(seed: u64) -> String {
    let b64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut x = seed;
    let body: String = (0..93)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b64[(x % 64) as usize] as char
        })
        .collect();
    format!("sk-ant-api03-{body}AA")
}
