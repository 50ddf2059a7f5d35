//! Human output: miette's graphical reports, a code frame with the span
//! underlined, `help:` with the fix, and a `cost:` line.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use std::borrow::Cow;
use std::collections::HashMap;

use crate::base::diagnostic::{Applicability, Severity};
use crate::base::source::Span;
use crate::base::text::plural;
use crate::engine::Run;
use crate::report::{RenderOptions, count, locate};

/// One file's text under its report name, without copying it.
struct Named<'a> {
    name: &'a str,
    text: &'a str,
    /// Where `text`'s lines start, when known: miette then reads only the
    /// lines around the span, not the text from its start (a frame per
    /// finding of a large file made the output quadratic).
    lines: Option<&'a [usize]>,
    /// The line `text` starts at, and the span's column, when it is an
    /// excerpt of a longer text (miette would count the excerpt's bytes).
    first_line: usize,
    column: Option<usize>,
}

impl SourceCode for Named<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // The lines the frame shows, cut from the text by the line index.
        let (start, end) = (span.offset(), span.offset() + span.len());
        let (window, first_line) = match self.lines {
            Some(lines) if end <= self.text.len() => {
                let line = |at: usize| lines.partition_point(|&s| s <= at) - 1;
                let first = line(start).saturating_sub(before);
                let last = line(end.saturating_sub(1).max(start)) + after + 1;
                (lines[first]..lines.get(last).copied().unwrap_or(self.text.len()), first)
            }
            _ => (0..self.text.len(), self.first_line),
        };
        let local = SourceSpan::new((start - window.start).into(), span.len());
        let inner = self.text[window.clone()].read_span(&local, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + window.start).into(), inner.span().len()),
            inner.line() + first_line,
            self.column.unwrap_or(inner.column()),
            inner.line_count(),
        )))
    }
}

struct Human<'a> {
    message: String,
    /// `warning[huge-max-tokens]`, as rustc and clippy head their diagnostics.
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    label: LabeledSpan,
    source: Named<'a>,
}

impl fmt::Debug for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Human<'_> {}

impl Diagnostic for Human<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

pub fn render(run: &Run, options: &RenderOptions) -> String {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(options.width).with_links(false);
    let mut out = String::new();
    // Code frames never show a key: each file's text with keys masked, once.
    let mut masked: HashMap<crate::base::ids::FileId, Cow<str>> = HashMap::new();
    for l in locate(run) {
        let f = l.finding;
        let text = masked
            .entry(f.location.file)
            .or_insert_with(|| crate::base::text::printable_source(run.shown(f.location.file)));
        let mut span = f.location.span;
        // A notebook's frame is its cell, numbered as the cell's own lines.
        let mut name = Cow::Borrowed(l.name.as_ref());
        let mut shown: &str = text;
        let mut lines = Some(l.file.line_starts());
        if let Some(origin) = &l.file.origin
            && let Some((cell, number)) = origin.notebook.cells.iter().find(|(c, _)| c.contains(span))
        {
            shown = &text[cell.start..cell.end];
            lines = None;
            span = Span::new(span.start - cell.start, span.end - cell.start);
            name = Cow::Owned(format!("{} (cell {number})", l.name));
        }
        // A frame whose lines are wider than the room beside the gutter
        // shows them cut around the span (a bundle on one line too: miette
        // would print all of it, and fails past column 65,535).
        let (excerpt, cell_starts);
        let (mut first_line, mut column) = (0, None);
        let starts: &[usize] = match lines {
            Some(index) => index,
            None => {
                cell_starts = crate::base::source::line_starts(shown);
                &cell_starts
            }
        };
        let line_start = starts[starts.partition_point(|&s| s <= span.start) - 1];
        let char_column = match lines {
            Some(_) => l.start.column - 1,
            None => shown[line_start..span.start].chars().count(),
        };
        let room = options.width.saturating_sub(super::frame::gutter(l.end.line + 1));
        if let Some(fitted) = super::frame::fit(shown, starts, span, char_column, room) {
            excerpt = fitted.text;
            shown = &excerpt;
            span = fitted.span;
            lines = None;
            first_line = fitted.first_line;
            column = Some(char_column);
        }
        let diag = Human {
            message: f.message.clone(),
            code: format!("{}[{}]", f.severity.name(), f.rule),
            severity: match f.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help: f.help.clone(),
            label: LabeledSpan::new(None, span.start, span.end - span.start),
            source: Named { name: &name, text: shown, lines, first_line, column },
        };
        let mut block = String::new();
        if handler.render_report(&mut block, &diag).is_err() {
            block = format!("{}:{}:{}: {}\n", l.name, l.start.line, l.start.column, f.message);
        }
        out.push_str(block.trim_end());
        out.push('\n');
        if let Some(cost) = &f.cost {
            out.push_str(&wrap(&format!("  cost: {}; basis: {}", cost.summary(), cost.basis), options.width, 8));
        }
        if let (Some(how), Some(fix)) = (super::fixable(f), &f.fix) {
            let flags = match how {
                Applicability::Safe => "`--fix`",
                _ => "`--fix --unsafe-fixes`",
            };
            if how != Applicability::Manual {
                out.push_str(&wrap(&format!("  fix: {} (with {flags})", fix.title), options.width, 7));
            }
        }
        out.push('\n');
    }
    let (e, w, i) = (count(run, Severity::Error), count(run, Severity::Warning), count(run, Severity::Info));
    let total = run.findings.len();
    let files = plural(run.files_scanned, "file");
    let summary = match total {
        0 => format!("No findings in {files} ({} parsed).", run.files_parsed),
        _ => format!(
            "Found {} ({}, {}, {i} info) in {files} ({} parsed).",
            plural(total, "finding"),
            plural(e, "error"),
            plural(w, "warning"),
            run.files_parsed
        ),
    };
    out.push_str(&wrap(&summary, options.width, 2));
    let with = |a: Applicability| run.findings.iter().filter(|f| super::fixable(f) == Some(a)).count();
    let (safe, unsafe_) = (with(Applicability::Safe), with(Applicability::Unsafe));
    if safe + unsafe_ > 0 {
        let line = match (safe, unsafe_) {
            (0, u) => format!("{} with `--fix --unsafe-fixes`.", plural(u, "fix")),
            (s, 0) => format!("{s} fixable with `--fix`."),
            (s, u) => format!("{s} fixable with `--fix`, {u} more with `--fix --unsafe-fixes`."),
        };
        out.push_str(&wrap(&line, options.width, 2));
    }
    out
}

/// `text` broken at spaces into lines of at most `width` columns (a word
/// longer than that stands alone), the lines after the first indented by
/// `indent` spaces; each line ends in a newline.
pub(crate) fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let body = text.trim_start_matches(' ');
    let mut line = text[..text.len() - body.len()].to_string();
    for word in body.split(' ') {
        let room = width.max(indent + 20);
        if !line.trim().is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
        } else if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrap_breaks_at_spaces_and_indents() {
        let text = "  cost: $1.60 per call, $1,600.00 per 1,000 calls; basis: claude-opus-4-7 output $25/MTok x 64000 tokens (worst case)";
        let wrapped = super::wrap(text, 60, 8);
        assert!(wrapped.lines().all(|l| l.chars().count() <= 60), "{wrapped}");
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("        ") && !l.starts_with("         ")), "{wrapped}");
        assert_eq!(wrapped.split_whitespace().collect::<Vec<_>>(), text.split_whitespace().collect::<Vec<_>>());
        assert_eq!(super::wrap("  cost: short", 60, 8), "  cost: short\n");
        assert!(wrapped.starts_with("  cost: $1.60"), "{wrapped}");
    }
}
