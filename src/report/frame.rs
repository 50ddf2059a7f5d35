//! Code frames that fit the terminal: the lines a frame shows, cut to the
//! columns around the finding when one of them is wider than the room left
//! beside the gutter (`…` marks what is cut), so an 80-column terminal never
//! wraps a frame and a bundle on one line prints only what is near the
//! finding.

use unicode_width::UnicodeWidthChar;

use crate::base::source::Span;

/// Beside the frame's code: ` 15 │ ` and, for a span over several lines,
/// the `╭─▶ ` of its arrow.
pub fn gutter(last_line: usize) -> usize {
    last_line.to_string().len() + 8
}

/// A frame's text cut to fit: the excerpt, the span in it, and the 0-based
/// line the excerpt starts at.
pub struct Fitted {
    pub text: String,
    pub span: Span,
    pub first_line: usize,
}

/// Past this column a frame shows the finding's own line only: the lines
/// around it would each be walked that far.
const FAR: usize = 4_096;

/// Cut the lines around `span` to `room` display columns, or `None` when
/// they fit already. `starts` are the line starts of `text`; `column` is the
/// span's 0-based character column in its line.
pub fn fit(text: &str, starts: &[usize], span: Span, column: usize, room: usize) -> Option<Fitted> {
    let room = room.max(24);
    let line_of = |at: usize| starts.partition_point(|&s| s <= at) - 1;
    let end_of = |line: usize| {
        let end = starts.get(line + 1).copied().unwrap_or(text.len());
        text[..end].trim_end_matches(['\n', '\r']).len().max(starts[line])
    };
    let (first, last) = (line_of(span.start), line_of(span.end.saturating_sub(1).max(span.start)));
    let (from, to) = (first.saturating_sub(1), (last + 1).min(starts.len() - 1));
    // A character is at most two columns wide and at least one byte long,
    // and at most four: a line is measured only when its bytes leave doubt.
    let fits = |l: usize| {
        let bytes = end_of(l) - starts[l];
        bytes <= room || (bytes <= 4 * room && width(&text[starts[l]..end_of(l)]) <= room)
    };
    if (from..=to).all(fits) {
        return None;
    }
    // The columns shown: from 0, or from a little before the span when its
    // start would be past the room.
    let lead = width_until(text, starts[first], span.start, column);
    let span_width = width(&text[span.start..span.end.min(end_of(first)).min(span.start + room * 4)]).min(room / 2);
    let skip = if lead + span_width < room - 1 { 0 } else { lead - room / 4 };
    let (from, to) = if skip > FAR { (first, first) } else { (from, to) };
    let mut out = String::new();
    let mut mapped = Span::new(0, 0);
    for (line, &start) in starts.iter().enumerate().take(to + 1).skip(from) {
        let end = end_of(line);
        // The byte where the shown columns begin and end on this line.
        let (begin, shown_from) = if line == first {
            back(text, start, span.start, lead.saturating_sub(skip))
        } else {
            forward(text, start, end, skip)
        };
        let (finish, _) = forward(text, begin, end, room - 2);
        // A line that ends left of the columns shown is shown empty.
        if shown_from > 0 && begin < end {
            out.push('…');
        }
        let body = out.len();
        out.push_str(&text[begin..finish]);
        if finish < end {
            out.push('…');
        }
        out.push('\n');
        let local = |byte: usize| body + byte.clamp(begin, finish) - begin;
        if line == first {
            mapped.start = local(span.start);
        }
        if line == last || (line == to && last > to) {
            mapped.end = local(span.end).max(mapped.start);
        }
    }
    Some(Fitted { text: out, span: mapped, first_line: from })
}

/// The display width of `s`.
fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The display width from a line's start to `at`: counted when near, else
/// the character column (a bundle's line is not walked per finding).
fn width_until(text: &str, start: usize, at: usize, column: usize) -> usize {
    match at - start <= FAR {
        true => width(&text[start..at]),
        false => column,
    }
}

/// From `at`, back toward `start` over `columns` display columns: the byte
/// reached and the columns left before it.
fn back(text: &str, start: usize, at: usize, columns: usize) -> (usize, usize) {
    let mut taken = 0;
    let mut byte = at;
    for c in text[start..at].chars().rev() {
        let w = c.width().unwrap_or(0);
        if taken + w > columns {
            return (byte, 1);
        }
        taken += w;
        byte -= c.len_utf8();
    }
    (byte, 0)
}

/// From `start`, forward over `columns` display columns (not past `end`):
/// the byte reached, and whether anything was skipped.
fn forward(text: &str, start: usize, end: usize, columns: usize) -> (usize, usize) {
    let mut taken = 0;
    let mut byte = start;
    for c in text[start..end].chars() {
        let w = c.width().unwrap_or(0);
        if taken + w > columns {
            break;
        }
        taken += w;
        byte += c.len_utf8();
    }
    (byte, usize::from(byte > start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::line_starts;

    fn cut(text: &str, needle: &str, room: usize) -> Option<(String, String)> {
        let at = text.find(needle).unwrap();
        let starts = line_starts(text);
        let line = starts.partition_point(|&s| s <= at) - 1;
        let column = text[starts[line]..at].chars().count();
        let f = fit(text, &starts, Span::new(at, at + needle.len()), column, room)?;
        Some((f.text.clone(), f.text[f.span.start..f.span.end].to_string()))
    }

    #[test]
    fn short_lines_are_left_alone() {
        assert!(cut("a = 1\nb = call(x)\nc = 2\n", "call(x)", 60).is_none());
    }

    #[test]
    fn a_long_line_is_cut_around_the_span_and_its_neighbours_at_the_same_columns() {
        let text = format!("{}\n{}TARGET{}\n{}\n", "a".repeat(200), "b".repeat(150), "c".repeat(150), "d".repeat(10));
        let (shown, span) = cut(&text, "TARGET", 60).unwrap();
        assert_eq!(span, "TARGET");
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines.len(), 3, "{shown}");
        assert!(lines.iter().all(|l| width(l) <= 60), "{shown}");
        assert!(lines[1].starts_with('…') && lines[1].ends_with('…'), "{shown}");
        // The line above is cut at the same columns; the short one below
        // ends left of them and is shown empty.
        assert!(lines[0].starts_with('…'), "{shown}");
        assert_eq!(lines[2], "");
    }

    #[test]
    fn a_span_near_the_start_keeps_the_start_and_cuts_the_end() {
        let text = format!("x = call({})\n", "'arg', ".repeat(40));
        let (shown, span) = cut(&text, "call", 60).unwrap();
        assert_eq!(span, "call");
        assert!(shown.starts_with("x = call(") && shown.trim_end().ends_with('…'), "{shown}");
    }

    #[test]
    fn wide_characters_count_twice() {
        let text = format!("{}TARGET\n", "漢".repeat(40));
        let (shown, span) = cut(&text, "TARGET", 40).unwrap();
        assert_eq!(span, "TARGET");
        assert!(width(shown.trim_end()) <= 40, "{shown}");
    }

    #[test]
    fn far_along_a_bundle_only_the_findings_line_is_shown() {
        let text = format!("{}\n{}TARGET;\n{}\n", "x".repeat(20_000), "y".repeat(70_000), "z".repeat(20_000));
        let (shown, span) = cut(&text, "TARGET", 80).unwrap();
        assert_eq!(span, "TARGET");
        assert_eq!(shown.lines().count(), 1, "{shown}");
    }
}
