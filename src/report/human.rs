//! Human output: miette's graphical reports, a code frame with the span
//! underlined, `help:` with the fix, and a `cost:` line.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use std::borrow::Cow;
use std::collections::HashMap;

use crate::base::diagnostic::Severity;
use crate::base::source::Span;
use crate::base::text::plural;
use crate::engine::Run;
use crate::report::{RenderOptions, count, locate};

/// A line longer than this many bytes is framed as an excerpt.
const MAX_FRAME_LINE: usize = 1_000;
/// How many bytes of an excerpt are shown before and after the span.
const EXCERPT_CONTEXT: usize = 80;

/// One file's text under its report name, without copying it.
struct Named<'a> {
    name: &'a str,
    text: &'a str,
    /// Where `text`'s lines start, when known: miette then reads only the
    /// lines around the span, not the text from its start (a frame per
    /// finding of a large file made the output quadratic).
    lines: Option<&'a [usize]>,
    /// The line `text` starts at, and the column of its first character,
    /// when it is an excerpt of a longer text.
    first_line: usize,
    first_column: usize,
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
            inner.column() + self.first_column,
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
        // A frame shows a long line (a bundle on one line) as an excerpt
        // around the span: miette would print all of it, for each finding,
        // and fails past column 65,535.
        let excerpt;
        let (mut first_line, mut first_column) = (0, 0);
        if let Some(index) = lines
            && let line = index.partition_point(|&s| s <= span.start) - 1
            && let end = index.get(line + 1).copied().unwrap_or(shown.len())
            && end - index[line] > MAX_FRAME_LINE
        {
            let floor = |mut at: usize| {
                while !shown.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let from = floor(span.start.saturating_sub(EXCERPT_CONTEXT).max(index[line]));
            let to = floor((span.end.min(span.start + MAX_FRAME_LINE / 2) + EXCERPT_CONTEXT).min(end));
            let to = shown[..to].trim_end_matches(['\n', '\r']).len().max(span.start);
            excerpt = format!("…{}…", &shown[from..to]);
            let shift = '…'.len_utf8();
            span = Span::new(span.start - from + shift, span.end.min(to) - from + shift);
            // miette counts the span's column in the excerpt's bytes; the
            // header shows the file's, `l.start.column`.
            first_column = (l.start.column - 1).saturating_sub(span.start);
            shown = &excerpt;
            lines = None;
            first_line = line;
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
            source: Named { name: &name, text: shown, lines, first_line, first_column },
        };
        let mut block = String::new();
        if handler.render_report(&mut block, &diag).is_err() {
            block = format!("{}:{}:{}: {}\n", l.name, l.start.line, l.start.column, f.message);
        }
        out.push_str(block.trim_end());
        out.push('\n');
        if let Some(cost) = &f.cost {
            out.push_str(&format!("  cost: {}; basis: {}\n", cost.summary(), cost.basis));
        }
        out.push('\n');
    }
    let (e, w, i) = (count(run, Severity::Error), count(run, Severity::Warning), count(run, Severity::Info));
    let total = run.findings.len();
    let files = plural(run.files_scanned, "file");
    if total == 0 {
        out.push_str(&format!("No findings in {files} ({} parsed).\n", run.files_parsed));
    } else {
        out.push_str(&format!(
            "Found {} ({}, {}, {i} info) in {files} ({} parsed).\n",
            plural(total, "finding"),
            plural(e, "error"),
            plural(w, "warning"),
            run.files_parsed
        ));
    }
    out
}
