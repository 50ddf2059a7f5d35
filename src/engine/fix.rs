//! Applying fixes: edits are applied from the end of the file backwards, and
//! overlapping edits are refused rather than guessed at.

use crate::base::diagnostic::Edit;

#[derive(Debug, PartialEq, Eq)]
pub enum FixError {
    /// Two edits touch the same text.
    Overlap,
    /// An edit lies outside the file or splits a character.
    OutOfRange,
}

/// The text with the edits applied.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, FixError> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    for pair in sorted.windows(2) {
        if pair[0].span.end > pair[1].span.start {
            return Err(FixError::Overlap);
        }
    }
    let mut out = text.to_string();
    for e in sorted.iter().rev() {
        let (s, t) = (e.span.start, e.span.end);
        if t > out.len() || !out.is_char_boundary(s) || !out.is_char_boundary(t) {
            return Err(FixError::OutOfRange);
        }
        out.replace_range(s..t, &e.content);
    }
    Ok(out)
}

/// The fixes to apply in one file: those of allowed applicability, in order,
/// skipping any that overlaps one already taken (it would be applied on a
/// second run). Returns the edits and how many fixes they make.
pub fn select<'a>(
    fixes: impl Iterator<Item = &'a crate::base::diagnostic::Fix>,
    unsafe_too: bool,
) -> (Vec<Edit>, usize) {
    let (edits, made) = select_tagged(fixes.map(|f| ((), f)), unsafe_too);
    (edits, made.len())
}

/// [`select`], for fixes that carry a tag (their rule): the edits, and the
/// tags of the fixes they make, in the order taken.
pub fn select_tagged<'a, T>(
    fixes: impl Iterator<Item = (T, &'a crate::base::diagnostic::Fix)>,
    unsafe_too: bool,
) -> (Vec<Edit>, Vec<T>) {
    use crate::base::diagnostic::Applicability;
    let mut chosen: Vec<(T, &crate::base::diagnostic::Fix)> = fixes
        .filter(|(_, f)| !f.edits.is_empty())
        .filter(|(_, f)| {
            f.applicability == Applicability::Safe || (unsafe_too && f.applicability == Applicability::Unsafe)
        })
        .collect();
    chosen.sort_by_key(|(_, f)| f.edits.iter().map(|e| e.span.start).min());
    let mut taken: Vec<Edit> = vec![];
    let mut made = vec![];
    for (tag, f) in chosen {
        let clash = f.edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.span.start < t.span.end.max(t.span.start + 1) && t.span.start < e.span.end.max(e.span.start + 1)
            })
        });
        // The same edit from two findings (a shared literal) is one edit.
        let same = f.edits.iter().all(|e| taken.contains(e));
        if same {
            made.push(tag);
            continue;
        }
        if !clash {
            taken.extend(f.edits.iter().cloned());
            made.push(tag);
        }
    }
    (taken, made)
}

/// The text after the edits, if they apply and the result parses as
/// `language`; otherwise why not (and nothing is to be written).
pub fn fixed_text(language: crate::base::language::Language, text: &str, edits: &[Edit]) -> Result<String, String> {
    let fixed = apply(text, edits).map_err(|e| format!("the fixes cannot be applied ({e:?})"))?;
    if !crate::frontend::parses(language, &fixed) {
        return Err("the fixes would not leave a file that parses".into());
    }
    Ok(fixed)
}

/// Edits of a notebook's cells' Python (`origin` is the notebook) as edits
/// of its `.ipynb` text: each span mapped to the bytes that encode it, the
/// new text escaped as JSON. `None` unless the edited `.ipynb` holds exactly
/// the edited Python (an edit that crosses cells or a blanked magic line, or
/// would land outside a string, has no such form).
pub fn in_notebook(origin: &crate::base::source::Origin, edits: &[Edit]) -> Option<Vec<Edit>> {
    let (nb, ipynb) = (&origin.notebook, &origin.file.text);
    let mapped = edits
        .iter()
        .map(|e| {
            let (s, t) = (*nb.offsets.get(e.span.start)?, *nb.offsets.get(e.span.end)?);
            let content = crate::base::source::json_string_inside(&e.content);
            (s <= t).then(|| Edit { span: crate::base::source::Span::new(s, t), content })
        })
        .collect::<Option<Vec<Edit>>>()?;
    // Each edit inside one cell: the cells stay as they are.
    let in_one_cell = |e: &Edit| nb.cells.iter().any(|(c, _)| c.start <= e.span.start && e.span.end < c.end);
    if !edits.iter().all(in_one_cell) {
        return None;
    }
    let python = apply(&nb.python, edits).ok()?;
    let fixed = apply(ipynb, &mapped).ok()?;
    let again = crate::frontend::notebook::extract(&fixed).ok()?;
    let numbers = |n: &crate::base::source::Notebook| n.cells.iter().map(|c| c.1).collect::<Vec<_>>();
    (again.python == python && numbers(&again) == numbers(nb)).then_some(mapped)
}

/// Write the fixed text of a file llmlint read as `was`. Nothing is written
/// if the file is gone or no longer holds `was` (an edit made while llmlint
/// ran is kept, not overwritten); a byte-order mark it starts with is kept.
pub fn write_fixed(path: &std::path::Path, was: &str, fixed: &str) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    let path = resolve(path)?;
    let now = std::fs::read(&path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => Error::new(ErrorKind::NotFound, "the file was removed after llmlint read it"),
        _ => e,
    })?;
    const BOM: &str = "\u{feff}";
    let bom = now.starts_with(BOM.as_bytes());
    if now[if bom { BOM.len() } else { 0 }..] != *was.as_bytes() {
        return Err(Error::other("the file changed after llmlint read it; run again"));
    }
    match bom {
        true => replace(&path, &format!("{BOM}{fixed}")),
        false => replace(&path, fixed),
    }
}

/// Write a file llmlint makes (a baseline) the way fixes are written.
pub fn write_atomic(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    replace(&resolve(path)?, text)
}

/// The file to write for `path`: a symlink's target, so the link stays a link.
fn resolve(path: &std::path::Path) -> std::io::Result<std::path::PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// Replace a file's content atomically: a temporary file beside it, then a
/// rename.
///
/// The temporary file is created new (`O_EXCL`, and on Unix `O_NOFOLLOW`):
/// a file or a link planted under its name is never written through. A
/// read-only file is refused; the new file keeps the old one's mode and
/// owner and is synced before it replaces it. A file with other hard links,
/// or whose owner cannot be kept, is rewritten in place instead: a rename
/// would split the links or hand the file to the fixing user.
fn replace(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let meta = std::fs::metadata(path).ok();
    if meta.as_ref().is_some_and(|m| m.permissions().readonly()) {
        return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "the file is read-only"));
    }
    #[cfg(unix)]
    if meta.as_ref().is_some_and(|m| std::os::unix::fs::MetadataExt::nlink(m) > 1) {
        return in_place(path, text);
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
        options.mode(0o600);
    }
    let (tmp, mut file) = loop {
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.llmlint-{}-{nanos:x}-{n}.tmp", std::process::id()));
        match options.open(&tmp) {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1_000 => continue,
            Err(e) => return Err(e),
        }
    };
    let mut owner_kept = true;
    let written = (|| {
        file.write_all(text.as_bytes())?;
        if let Some(m) = &meta {
            file.set_permissions(m.permissions())?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                let mine = file.metadata()?;
                if (mine.uid(), mine.gid()) != (m.uid(), m.gid()) {
                    owner_kept = std::os::unix::fs::fchown(&file, Some(m.uid()), Some(m.gid())).is_ok();
                }
            }
        }
        if !owner_kept {
            return Ok(());
        }
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() || !owner_kept {
        let _ = std::fs::remove_file(&tmp);
    }
    match owner_kept {
        true => written,
        false => in_place(path, text),
    }
}

/// Rewrite a file's content in place (no link followed), keeping its inode:
/// its links, owner and mode stay.
fn in_place(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    file.set_len(0)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::Span;

    fn edit(start: usize, end: usize, content: &str) -> Edit {
        Edit { span: Span::new(start, end), content: content.into() }
    }

    #[test]
    fn notebook_edits_map_into_the_ipynb_escaped_or_not_at_all() {
        let ipynb = "{\"cells\": [\n {\"cell_type\": \"code\", \"source\": [\"m = \\\"old\\\"\\n\", \"x = 1\"]},\n {\"cell_type\": \"code\", \"source\": [\"%time y = 2\\n\", \"z = 3\"]}\n]}";
        let nb = crate::frontend::notebook::extract(ipynb).unwrap();
        let file = crate::base::source::SourceFile::notebook("a.ipynb".into(), "a.ipynb".into(), ipynb.into(), nb);
        let origin = file.origin.as_deref().unwrap();
        let python = &origin.notebook.python;
        assert_eq!(python, "m = \"old\"\nx = 1\n\nz = 3\n");
        // The literal with its quotes, replaced: escaped in the JSON.
        let at = python.find("\"old\"").unwrap();
        let mapped = in_notebook(origin, &[edit(at, at + 5, "\"new\"")]).unwrap();
        let fixed = apply(ipynb, &mapped).unwrap();
        assert!(fixed.contains("[\"m = \\\"new\\\"\\n\""), "{fixed}");
        assert_eq!(crate::frontend::notebook::extract(&fixed).unwrap().python, python.replace("old", "new"));
        // An edit that crosses two cells, or inserts on a blanked magic line: none.
        let x = python.find("x = 1").unwrap();
        let z = python.find("z = 3").unwrap();
        assert!(in_notebook(origin, &[edit(x, z, "")]).is_none());
        assert!(in_notebook(origin, &[edit(z - 1, z - 1, "w = 0")]).is_none());
        // At the end of a cell's last line (no line break in the JSON): none,
        // not text outside the string.
        let end = x + "x = 1".len();
        assert!(
            in_notebook(origin, &[edit(end, end, "  # done")]).is_none() || {
                let m = in_notebook(origin, &[edit(end, end, "  # done")]).unwrap();
                crate::frontend::notebook::extract(&apply(ipynb, &m).unwrap()).unwrap().python.contains("x = 1  # done")
            }
        );
    }

    /// A fix whose result does not parse, or whose write fails, leaves the
    /// file on disk byte-for-byte as it was.
    #[test]
    fn a_failed_fix_leaves_the_file_untouched() {
        use crate::base::language::Language;
        let dir = std::env::temp_dir().join(format!("llmlint-fixfail-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("app.py");
        let text = "x = call(model=\"a\")\n";
        std::fs::write(&path, text).unwrap();
        // An edit that breaks the syntax: refused before anything is written.
        let breaking = [edit(15, 18, "\"b")];
        assert!(fixed_text(Language::Python, text, &breaking).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), text.as_bytes());
        // A good edit whose write fails (the target is a directory): the
        // original stays, and no temporary file is left behind.
        let good = fixed_text(Language::Python, text, &[edit(16, 17, "b")]).unwrap();
        let blocked = dir.join("blocked.py");
        std::fs::create_dir_all(blocked.join("inside")).unwrap();
        assert!(write_atomic(&blocked, &good).is_err());
        assert!(blocked.join("inside").is_dir());
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        // And a good write replaces the file whole.
        write_atomic(&path, &good).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x = call(model=\"b\")\n");
        std::fs::remove_dir_all(&dir).ok();
    }

    /// Issue 21, items 3 and 10: links planted under temporary names are
    /// never followed, a symlinked file stays a link to its fixed target,
    /// and a read-only file is refused.
    #[cfg(unix)]
    #[test]
    fn writes_follow_no_planted_link_and_keep_links_and_modes() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("llmlint-fixwrite-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "precious\n").unwrap();
        let path = dir.join("app.py");
        std::fs::write(&path, "x = 1\n").unwrap();
        // Links under every name the old scheme used, and a few more.
        for name in [format!(".app.py.llmlint-{}.tmp", std::process::id()), ".app.py.llmlint-0.tmp".to_string()] {
            std::os::unix::fs::symlink(&victim, dir.join(name)).unwrap();
        }
        write_atomic(&path, "x = 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x = 2\n");
        // A symlinked file: its target is written and the link stays.
        let target = dir.join("real.py");
        std::fs::write(&target, "y = 1\n").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("link.py");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, "y = 2\n").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "y = 2\n");
        assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
        // A read-only file is not rewritten.
        let locked = dir.join("locked.py");
        std::fs::write(&locked, "z = 1\n").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(write_atomic(&locked, "z = 2\n").is_err());
        assert_eq!(std::fs::read_to_string(&locked).unwrap(), "z = 1\n");
        std::fs::remove_dir_all(&dir).ok();
    }

    /// Issue 21, item 10: an edit made while llmlint ran is kept, and a
    /// file removed meanwhile is not made again.
    #[test]
    fn a_file_changed_or_removed_since_it_was_read_is_not_written() {
        let dir = std::env::temp_dir().join(format!("llmlint-fixrace-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("app.py");
        std::fs::write(&path, "x = 1  # edited meanwhile\n").unwrap();
        let e = write_fixed(&path, "x = 1\n", "x = 2\n").unwrap_err();
        assert!(e.to_string().contains("changed after llmlint read it"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x = 1  # edited meanwhile\n");
        std::fs::remove_file(&path).unwrap();
        let e = write_fixed(&path, "x = 1\n", "x = 2\n").unwrap_err();
        assert!(e.to_string().contains("removed after llmlint read it"), "{e}");
        assert!(!path.exists());
        std::fs::write(&path, "x = 1\n").unwrap();
        write_fixed(&path, "x = 1\n", "x = 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x = 2\n");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn applies_back_to_front_and_refuses_overlaps() {
        let text = "wait_exponential(1) + x";
        let out = apply(text, &[edit(0, 16, "wait_random_exponential"), edit(23, 23, "!")]).unwrap();
        assert_eq!(out, "wait_random_exponential(1) + x!");
        assert_eq!(apply(text, &[edit(0, 5, "a"), edit(3, 8, "b")]), Err(FixError::Overlap));
        assert_eq!(apply(text, &[edit(0, 99, "a")]), Err(FixError::OutOfRange));
    }
}
