//! `--diff`: the fixes as a unified diff that `git apply` and `patch` take.
//!
//! Decision: the diff is of the file's real text, so it applies, but a line
//! that holds a key is never printed (issue 21: no key in any output). Such
//! a line is a wall: context stops short of it, hunks on either side of it
//! are not joined across it, and a change to the line itself is withheld.
//! A hunk left with no trailing context before the end of the file is
//! withheld too (`git apply` would pin it to the end of the file). What is
//! withheld is counted, so the command can say so; `--fix` still applies it.

use similar::{ChangeTag, TextDiff};

use crate::base::diagnostic::Edit;
use crate::base::source::lines_inclusive;
use crate::engine::fix::apply;

/// How many unchanged lines surround a change, as `diff -u` has it.
const RADIUS: usize = 3;

pub struct Diff {
    pub text: String,
    /// Changes not shown because a line they touch, or all the context
    /// they need, holds a key.
    pub withheld: usize,
}

/// One line of the diff: its tag, its old line number (0-based; unused for
/// an insertion), its text, and whether it may be printed.
struct Line<'a> {
    tag: ChangeTag,
    old: usize,
    text: &'a str,
    printable: bool,
}

/// The diff of applying `edits` to `text`, printed as `a/{display}` and
/// `b/{display}`; `shown` is the text with its keys masked (same length).
pub fn unified(display: &str, text: &str, shown: &str, edits: &[Edit]) -> Diff {
    let (Ok(after), Ok(after_shown)) = (apply(text, edits), apply(shown, edits)) else {
        return Diff { text: String::new(), withheld: 0 };
    };
    let clean = |real: &str, masked: &str| -> Vec<bool> {
        lines_inclusive(real).zip(lines_inclusive(masked)).map(|((_, a), (_, b))| a == b).collect()
    };
    let (old_clean, new_clean) = (clean(text, shown), clean(&after, &after_shown));
    let diff = TextDiff::from_lines(text, &after);
    let lines: Vec<Line> = diff
        .iter_all_changes()
        .map(|c| {
            let (old, new) = (c.old_index(), c.new_index());
            let printable = match c.tag() {
                ChangeTag::Insert => new.is_none_or(|n| new_clean.get(n).copied().unwrap_or(false)),
                _ => old.is_none_or(|o| old_clean.get(o).copied().unwrap_or(false)),
            };
            Line { tag: c.tag(), old: old.unwrap_or(0), text: c.value(), printable }
        })
        .collect();
    // The runs of changed lines.
    let mut runs = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].tag == ChangeTag::Equal {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].tag != ChangeTag::Equal {
            i += 1;
        }
        runs.push(start..i);
    }
    let mut withheld = 0;
    let mut hunks: Vec<std::ops::Range<usize>> = Vec::new();
    for run in runs {
        if lines[run.clone()].iter().any(|l| !l.printable) {
            withheld += 1;
            continue;
        }
        // Context before: up to RADIUS unchanged printable lines.
        let mut from = run.start;
        while from > 0
            && run.start - from < RADIUS
            && lines[from - 1].tag == ChangeTag::Equal
            && lines[from - 1].printable
        {
            from -= 1;
        }
        let mut to = run.end;
        while to < lines.len() && to - run.end < RADIUS && lines[to].tag == ChangeTag::Equal && lines[to].printable {
            to += 1;
        }
        // Joined to the hunk before when their contexts meet (context stops
        // at a line that is not shown, so no hunk is joined across one).
        match hunks.last_mut() {
            Some(last) if from <= last.end => last.end = to,
            _ => hunks.push(from..to),
        }
    }
    let mut delta: isize = 0;
    let mut printed = String::new();
    for hunk in hunks {
        let body = &lines[hunk.clone()];
        let trailing = body.iter().rev().take_while(|l| l.tag == ChangeTag::Equal).count();
        let at_end = hunk.end == lines.len();
        if trailing == 0 && !at_end {
            withheld += 1;
            continue;
        }
        let old_len = body.iter().filter(|l| l.tag != ChangeTag::Insert).count();
        let new_len = body.iter().filter(|l| l.tag != ChangeTag::Delete).count();
        // The first line's old number: an insertion stands before the old
        // line of the same place.
        let old_first = body.iter().find(|l| l.tag != ChangeTag::Insert).map(|l| l.old).unwrap_or_else(|| {
            lines[..hunk.start].iter().rev().find(|l| l.tag != ChangeTag::Insert).map_or(0, |l| l.old + 1)
        });
        let old_start = if old_len == 0 { old_first } else { old_first + 1 };
        let new_first = (old_first as isize + delta).max(0) as usize;
        let new_start = if new_len == 0 { new_first } else { new_first + 1 };
        printed.push_str(&format!("@@ -{} +{} @@\n", range(old_start, old_len), range(new_start, new_len)));
        for l in body {
            printed.push(match l.tag {
                ChangeTag::Equal => ' ',
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
            });
            printed.push_str(l.text);
            if !l.text.ends_with('\n') {
                printed.push_str("\n\\ No newline at end of file\n");
            }
        }
        delta += new_len as isize - old_len as isize;
    }
    if !printed.is_empty() {
        printed.insert_str(0, &format!("--- a/{display}\n+++ b/{display}\n"));
    }
    Diff { text: printed, withheld }
}

/// A hunk header's range: `start,len`, or `start` alone for one line.
fn range(start: usize, len: usize) -> String {
    match len {
        1 => start.to_string(),
        _ => format!("{start},{len}"),
    }
}
