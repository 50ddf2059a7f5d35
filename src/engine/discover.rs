//! Discovery: walk the given paths (honouring `.gitignore` and `.ignore`),
//! classify files by extension, and prefilter them by trigger words so that
//! most files of a large repository are never parsed.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use crate::base::paths::{display_path, normalize, walk_order};

use crate::base::language::Language;

/// Directories never worth linting: dependencies, build output, caches.
/// Hidden files are scanned (`.env`), hidden tool directories are not.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "target",
    "dist",
    "build",
    "__pycache__",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".next",
    ".nuxt",
    ".svelte-kit",
    ".turbo",
    ".cache",
    ".idea",
    ".vscode",
    "bower_components",
    ".eggs",
];

#[derive(Clone, Debug)]
pub struct Discovered {
    pub path: PathBuf,
    pub language: Language,
    /// A test file (`is_test_path`), judged by its path under the directory
    /// that was walked (a project kept under `~/tests/` is not all tests).
    pub test: bool,
    /// Named on the command line (or by an editor), not found by walking.
    pub explicit: bool,
}

impl Discovered {
    /// A file named on the command line or by an editor.
    pub fn named(path: PathBuf, language: Language) -> Discovered {
        let test = is_test_path(&path);
        Discovered { path, language, test, explicit: true }
    }

    /// A file outside what was walked: a module another file imports.
    pub fn imported(path: PathBuf, language: Language) -> Discovered {
        let test = is_test_path(Path::new(&display_path(&path)));
        Discovered { path, language, test, explicit: false }
    }
}

/// A path named on the command line that cannot be linted, and why.
#[derive(Debug)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub why: String,
}

/// What the walk found, and what it could not enter or read.
pub struct Walked<T> {
    pub files: Vec<(Discovered, T)>,
    /// `path: skipped: why`, for each directory or file the walk could not read.
    pub skipped: Vec<String>,
}

/// An I/O error as a user reads it: "permission denied", not "Permission
/// denied (os error 13)".
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotADirectory => "not a directory (a file is named as one)".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// Why a path named on the command line cannot be linted, if it cannot:
/// it is missing, cannot be opened or listed, or is neither a file nor a
/// directory (a FIFO would block the read).
fn unlintable(p: &Path) -> Option<String> {
    let meta = match std::fs::metadata(p) {
        Ok(m) => m,
        Err(e) => return Some(io_reason(&e)),
    };
    if meta.is_dir() {
        return std::fs::read_dir(p).err().map(|e| io_reason(&e));
    }
    if !meta.is_file() {
        return Some("not a regular file or a directory".into());
    }
    std::fs::File::open(p).err().map(|e| io_reason(&e))
}

/// How many of `n` threads can be made now (a process limit may allow
/// fewer): each is made and held until all are, then let go.
pub(crate) fn spawnable(n: usize) -> usize {
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let wait = std::sync::Arc::new(Mutex::new(wait));
    let mut made = vec![];
    for _ in 0..n {
        let wait = wait.clone();
        match std::thread::Builder::new().stack_size(64 * 1024).spawn(move || {
            let _ = wait.lock().map(|w| w.recv());
        }) {
            Ok(t) => made.push(t),
            Err(_) => break,
        }
    }
    let k = made.len();
    drop(release);
    for t in made {
        let _ = t.join();
    }
    k
}

/// A walk error as a warning: the path it is about and why.
fn walk_error(e: &ignore::Error) -> String {
    fn path_of(e: &ignore::Error) -> Option<&Path> {
        match e {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => path_of(err),
            _ => None,
        }
    }
    let why = e.io_error().map(io_reason).unwrap_or_else(|| e.to_string());
    match path_of(e) {
        Some(p) => format!("{}: skipped: {why}", display_path(p)),
        None => format!("skipped: {why}"),
    }
}

/// What a named file of another kind is told.
const NOT_READ: &str = "llmlint reads Python, JavaScript, TypeScript, Rust, notebooks, YAML, JSON, TOML and .env files, and scripts, Dockerfiles and docs for keys";

/// Every lintable file under `paths`, sorted, with what `visit` made of it
/// (`None`: not kept). A path given explicitly is linted even if ignore files
/// would skip it, as ruff does. `visit` runs on the walking threads as each
/// file is found, so reading and prefiltering overlap the walk. `jobs`:
/// how many threads walk (`None`: one per core). A named path that cannot
/// be linted is an error; a directory or file under one that cannot be read
/// is skipped with a warning.
pub fn discover<T: Send>(
    paths: &[PathBuf],
    jobs: Option<usize>,
    visit: impl Fn(&Discovered) -> Option<T> + Sync,
) -> Result<Walked<T>, DiscoverError> {
    let mut out = vec![];
    let mut dirs = vec![];
    let mut unread = vec![];
    if let Some((p, why)) = paths.iter().find_map(|p| unlintable(p).map(|why| (p, why))) {
        return Err(DiscoverError { path: p.clone(), why });
    }
    for p in paths {
        if p.is_dir() {
            dirs.push(p.clone());
        } else if let Some(language) = Language::from_path(p) {
            let d = Discovered::named(p.clone(), language);
            out.extend(visit(&d).map(|t| (d, t)));
        } else {
            unread.push(format!("{}: skipped: {NOT_READ}", crate::base::text::printable(&p.display().to_string())));
        }
    }
    let skipped = Mutex::new(unread);
    if let Some((first, rest)) = dirs.split_first() {
        let mut builder = WalkBuilder::new(first);
        for d in rest {
            builder.add(d);
        }
        builder
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .ignore(true)
            .parents(true)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                !(is_dir && e.depth() > 0 && e.file_name().to_str().is_some_and(|n| DEFAULT_EXCLUDES.contains(&n)))
            });
        let found = Mutex::new(vec![]);
        let on_entry = |entry: Result<ignore::DirEntry, ignore::Error>| {
            let e = match entry {
                Ok(e) => e,
                Err(e) => return skipped.lock().unwrap_or_else(|e| e.into_inner()).push(walk_error(&e)),
            };
            // Minified bundles are generated, not written: nothing to fix there.
            let minified = e.file_name().to_str().is_some_and(|n| n.contains(".min.") || n.contains(".bundle."));
            if e.file_type().is_some_and(|t| t.is_file())
                && !minified
                && let Some(language) = Language::from_path(e.path())
            {
                let under = dirs.iter().find_map(|d| e.path().strip_prefix(d).ok()).unwrap_or(e.path());
                let path = e.path().to_path_buf();
                let d = Discovered { path, language, test: is_test_path(under), explicit: false };
                if let Some(t) = visit(&d) {
                    found.lock().unwrap_or_else(|e| e.into_inner()).push((d, t));
                }
            }
        };
        // The walk is I/O: a few threads are enough (ignore's own default
        // stops at 12). ignore panics on a thread it cannot make, so only as
        // many as can be made are asked for, and none means walking here.
        match spawnable(super::threads(jobs).min(12)) {
            0 => builder.build().for_each(on_entry),
            n => builder.threads(n).build_parallel().run(|| {
                Box::new(|entry| {
                    on_entry(entry);
                    WalkState::Continue
                })
            }),
        }
        out.extend(found.into_inner().unwrap());
    }
    out.sort_by(|(a, _), (b, _)| walk_order(&a.path, &b.path));
    out.dedup_by(|(a, _), (b, _)| normalize(&a.path) == normalize(&b.path));
    let mut skipped = skipped.into_inner().unwrap_or_else(|e| e.into_inner());
    skipped.sort();
    Ok(Walked { files: out, skipped })
}

/// Whether a path is a test file: under `tests/`, `test/`, `__tests__/`, or
/// named `test_*.py`, `*_test.py`, `conftest.py`, `*.test.*`, `*.spec.*`,
/// `*.vitest.*`.
pub fn is_test_path(path: &Path) -> bool {
    let in_test_dir = path.components().any(|c| {
        matches!(
            c.as_os_str().to_str(),
            Some(
                "tests"
                    | "test"
                    | "__tests__"
                    | "spec"
                    | "testing"
                    | "__fixtures__"
                    | "__mocks__"
                    | "test-utils"
                    | "test_utils"
                    | "test-fixtures"
                    | "testdata"
            )
        )
    });
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    in_test_dir
        || name.starts_with("test_")
        || name == "conftest.py"
        || name.contains("_test.")
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.contains(".vitest.")
        // vitest's type tests, only ever type-checked
        || name.contains(".test-d.")
}

#[cfg(test)]
mod tests {
    use super::is_test_path;
    use std::path::Path;

    #[test]
    fn test_paths_by_folder_and_name() {
        for p in [
            "tests/a.py",
            "pkg/__tests__/a.ts",
            "src/__fixtures__/reply.json",
            "src/__mocks__/openai.ts",
            "core/test-utils/fake.ts",
            "pkg/test_utils/fake.py",
            "cli/test-fixtures/config.yaml",
            "crate/testdata/body.json",
            "src/agent.test-d.ts",
            "src/a.vitest.ts",
            "test_chat.py",
        ] {
            assert!(is_test_path(Path::new(p)), "{p}");
        }
        for p in ["src/agent.ts", "examples/chat.py", "src/testing_tools.py", "src/contest.py", "fixtures.py"] {
            assert!(!is_test_path(Path::new(p)), "{p}");
        }
    }
}
