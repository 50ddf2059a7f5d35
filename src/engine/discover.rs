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

#[derive(Debug)]
pub struct DiscoverError {
    pub path: PathBuf,
}

/// Every lintable file under `paths`, sorted, with what `visit` made of it
/// (`None`: not kept). A path given explicitly is linted even if ignore files
/// would skip it, as ruff does. `visit` runs on the walking threads as each
/// file is found, so reading and prefiltering overlap the walk. `jobs`:
/// how many threads walk (`None`: one per core).
pub fn discover<T: Send>(
    paths: &[PathBuf],
    jobs: Option<usize>,
    visit: impl Fn(&Discovered) -> Option<T> + Sync,
) -> Result<Vec<(Discovered, T)>, DiscoverError> {
    let mut out = vec![];
    let mut dirs = vec![];
    for p in paths {
        if p.is_file() {
            if let Some(language) = Language::from_path(p) {
                let d = Discovered::named(p.clone(), language);
                out.extend(visit(&d).map(|t| (d, t)));
            }
        } else if p.is_dir() {
            dirs.push(p.clone());
        } else {
            return Err(DiscoverError { path: p.clone() });
        }
    }
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
            .threads(jobs.unwrap_or(0))
            .follow_links(false)
            .filter_entry(|e| {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                !(is_dir && e.depth() > 0 && e.file_name().to_str().is_some_and(|n| DEFAULT_EXCLUDES.contains(&n)))
            });
        let found = Mutex::new(vec![]);
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                if let Ok(e) = entry {
                    // Minified bundles are generated, not written: nothing to fix there.
                    let minified =
                        e.file_name().to_str().is_some_and(|n| n.contains(".min.") || n.contains(".bundle."));
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
                }
                WalkState::Continue
            })
        });
        out.extend(found.into_inner().unwrap());
    }
    out.sort_by(|(a, _), (b, _)| walk_order(&a.path, &b.path));
    out.dedup_by(|(a, _), (b, _)| normalize(&a.path) == normalize(&b.path));
    Ok(out)
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
