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
