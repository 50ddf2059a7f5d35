//! Applying fixes: edits are applied from the end of the file backwards, and
//! overlapping edits are refused rather than guessed at.

use crate::diagnostic::Edit;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn edit(start: usize, end: usize, content: &str) -> Edit {
        Edit { span: Span::new(start, end), content: content.into() }
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

/// The fixes to apply in one file: those of allowed applicability, in order,
/// skipping any that overlaps one already taken (it would be applied on a
/// second run). Returns the edits and how many fixes they make.
pub fn select<'a>(fixes: impl Iterator<Item = &'a crate::diagnostic::Fix>, unsafe_too: bool) -> (Vec<Edit>, usize) {
    use crate::diagnostic::Applicability;
    let mut chosen: Vec<&crate::diagnostic::Fix> = fixes
        .filter(|f| !f.edits.is_empty())
        .filter(|f| f.applicability == Applicability::Safe || (unsafe_too && f.applicability == Applicability::Unsafe))
        .collect();
    chosen.sort_by_key(|f| f.edits.iter().map(|e| e.span.start).min());
    let mut taken: Vec<Edit> = vec![];
    let mut count = 0;
    for f in chosen {
        let clash = f.edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.span.start < t.span.end.max(t.span.start + 1) && t.span.start < e.span.end.max(e.span.start + 1)
            })
        });
        // The same edit from two findings (a shared literal) is one edit.
        let same = f.edits.iter().all(|e| taken.contains(e));
        if same {
            count += 1;
            continue;
        }
        if !clash {
            taken.extend(f.edits.iter().cloned());
            count += 1;
        }
    }
    (taken, count)
}

/// Write a file atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.llmlint-{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// A unified diff of one file's fix, for `--diff`.
pub fn unified_diff(display: &str, before: &str, after: &str) -> String {
    // Context lines may hold a key: the diff shows them masked.
    let (before, after) = (crate::secrets::mask(before), crate::secrets::mask(after));
    similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}
