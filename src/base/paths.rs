//! Paths as llmlint compares and prints them.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// A path without `.` components and with `..` folded, for comparing paths
/// built by import resolution with discovered ones. Borrowed when there is
/// nothing to fold but a leading `./` (every path a walk of `.` finds).
pub fn normalize(path: &Path) -> Cow<'_, Path> {
    use std::path::Component;
    let rest = path.strip_prefix(".").unwrap_or(path);
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
        ] {
            let got = normalize(Path::new(path));
            assert_eq!(got.as_os_str(), want, "{path}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{path}");
        }
    }
}
