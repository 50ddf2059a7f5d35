//! Paths as llmlint compares and prints them.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// A path without `.` components and with `..` folded, for comparing paths
/// built by import resolution with discovered ones. Borrowed when there is
/// nothing to fold but a leading `./` (every path a walk of `.` finds).
pub fn normalize(path: &Path) -> Cow<'_, Path> {
    use std::path::Component;
    // (`strip_prefix` parses components: it is asked of every import.)
    let rest = match path.to_str() {
        Some(s) if s == "." || s.starts_with("./") => Path::new(s[1..].trim_start_matches('/')),
        Some(_) => path,
        None => path.strip_prefix(".").unwrap_or(path),
    };
    let plain = |(i, part): (usize, &[u8])| (i == 0 || !part.is_empty()) && part != b"." && part != b"..";
    if !rest.as_os_str().is_empty() && rest.as_os_str().as_encoded_bytes().split(|b| *b == b'/').enumerate().all(plain)
    {
        return Cow::Borrowed(rest);
    }
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            // (`../../x` keeps both: only a name is folded away.)
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    Cow::Owned(out)
}

/// The order of `Path::cmp` for paths without `.` parts or doubled
/// separators (what a walk yields), without parsing components: the bytes,
/// with the separator below every other byte (`a/b` before `a-b`).
pub fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (x, y) = (a.as_os_str().as_encoded_bytes(), b.as_os_str().as_encoded_bytes());
    let same = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    let rank = |c: Option<&u8>| c.map(|&c| if c == b'/' { 0 } else { u16::from(c) + 1 });
    rank(x.get(same)).cmp(&rank(y.get(same)))
}

/// The path as reports print it: relative to the working directory when under
/// it, with `/`.
pub fn display_path(path: &Path) -> String {
    // Asked once: llmlint never changes its working directory.
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().ok());
    let rel = match (cwd, path.is_absolute()) {
        (Some(cwd), true) => path.strip_prefix(cwd).map(Path::to_path_buf).unwrap_or(path.to_path_buf()),
        _ => path.to_path_buf(),
    };
    let s = normalize(&rel).to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_dots_and_borrows_plain_paths() {
        for (path, want, borrowed) in [
            ("./a/b.py", "a/b.py", true),
            ("a/b.py", "a/b.py", true),
            ("/abs/x.py", "/abs/x.py", true),
            ("a/./b.py", "a/b.py", false),
            ("a//b.py", "a/b.py", false),
            ("a/b/", "a/b", false),
            ("a/../b.py", "b.py", false),
            ("../../x.py", "../../x.py", false),
            ("./../x.py", "../x.py", false),
            (".", "", false),
            ("./", "", false),
            (".//a/b.py", "a/b.py", true),
            ("././a.py", "a.py", false),
            (".hidden/a.py", ".hidden/a.py", true),
        ] {
            let got = normalize(Path::new(path));
            assert_eq!(got.as_os_str(), want, "{path}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{path}");
        }
    }

    #[test]
    fn walk_order_is_path_order() {
        let mut paths = ["a-b/c.py", "a/b.py", "a/b/c.py", "a.py", "a", "ab/x.py", "a/b-c.py", "B/x.py", "a/b"];
        let mut by_path = paths;
        by_path.sort_by(|x, y| Path::new(x).cmp(Path::new(y)));
        paths.sort_by(|x, y| walk_order(Path::new(x), Path::new(y)));
        assert_eq!(paths, by_path);
    }
}
