//! Source text and byte-offset → line/column conversion.
//!
//! Frontends speak byte offsets; reports speak 1-based lines and columns that
//! count Unicode characters (DESIGN.md, JSON output). This is the one place
//! that converts between them.

use std::path::{Path, PathBuf};

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A 1-based line and a 1-based column in Unicode characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One file of the project: its path as reported, and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path on disk (as discovered, possibly absolute).
    pub path: PathBuf,
    /// The path printed in reports: relative to the working directory, with `/`.
    pub display: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters before every `CHAR_STEP` bytes, made when a column on a
    /// long line is first asked for (`text_position`).
    char_steps: std::sync::OnceLock<Vec<(usize, usize)>>,
    /// For a notebook: `text` is its code cells' Python, and this is the
    /// `.ipynb` file it came from, where positions are reported.
    pub origin: Option<Box<Origin>>,
    /// The SDK whose own code this file is (its nearest `package.json`
    /// names an SDK): its relative imports name that SDK's modules.
    pub package: Option<Package>,
}

/// A package a file belongs to: the directory of its manifest and its name.
#[derive(Clone, Debug, PartialEq)]
pub struct Package {
    pub root: PathBuf,
    pub name: String,
}

/// The file a derived text came from, and how its bytes map back.
#[derive(Debug)]
pub struct Origin {
    pub file: SourceFile,
    pub notebook: Notebook,
}

/// `text` as the inside of a JSON string: `a "b"` → `a \"b\"`.
pub fn json_string_inside(text: &str) -> String {
    let quoted = serde_json::to_string(text).expect("a string serialises");
    quoted[1..quoted.len() - 1].to_string()
}

/// Where each line of `text` starts: after `\n`, `\r\n`, or a `\r` alone
/// (classic Mac files: Python, JavaScript, YAML and the LSP all break lines
/// there). Every line count of llmlint (positions, suppressions, the
/// editor's positions) is this one.
pub fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    let breaks = memchr::memchr2_iter(b'\n', b'\r', b).filter(|&i| b[i] == b'\n' || b.get(i + 1) != Some(&b'\n'));
    starts.extend(breaks.map(|i| i + 1));
    starts
}

/// The lines of `text` with their line breaks, by `line_starts`.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let starts = line_starts(text);
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([text.len()]).collect();
    starts.into_iter().zip(ends).filter(|(s, e)| s < e).map(move |(s, e)| (s, &text[s..e]))
}

/// How far apart `SourceFile::chars_before` keeps its counts.
const CHAR_STEP: usize = 4096;

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        let line_starts = line_starts(&text);
        SourceFile { path, display, text, line_starts, char_steps: Default::default(), origin: None, package: None }
    }

    /// A notebook: analysed as its cells' Python, reported in the `.ipynb`.
    pub fn notebook(path: PathBuf, display: String, ipynb: String, notebook: Notebook) -> Self {
        let origin = SourceFile::new(path.clone(), display.clone(), ipynb);
        let mut file = SourceFile::new(path, display, notebook.python.clone());
        file.origin = Some(Box::new(Origin { file: origin, notebook }));
        file
    }

    /// A fix's new text as the file on disk holds it: for a notebook, escaped
    /// as the inside of a JSON string (a fix's positions are reported in the
    /// `.ipynb` too, by [`position`](Self::position)).
    pub fn on_disk<'c>(&self, content: &'c str) -> std::borrow::Cow<'c, str> {
        match &self.origin {
            Some(_) => std::borrow::Cow::Owned(json_string_inside(content)),
            None => std::borrow::Cow::Borrowed(content),
        }
    }

    /// The reported position of a byte of `text` (in the `.ipynb` for a notebook).
    pub fn position(&self, offset: usize) -> Position {
        if let Some(o) = &self.origin {
            let mapped = o.notebook.offsets.get(offset).copied().unwrap_or(o.file.text.len());
            return o.file.position(mapped);
        }
        self.text_position(offset)
    }

    /// Where each line of `text` starts.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The 0-based line of a byte of `text`, and the byte its line starts at
    /// (from the line index: no scan of the text).
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        (line, self.line_starts[line])
    }

    /// The position of a byte in `text` itself.
    pub fn text_position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let (line, start) = self.line_of(offset);
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        // A column counts characters from the line's start: on a long line
        // (a bundle on one line) from the nearest step instead, or every
        // finding on it would count the line again.
        let column = if end - start < CHAR_STEP {
            self.text[start..end].chars().count()
        } else {
            self.chars_before(end) - self.chars_before(start)
        };
        Position { line: line + 1, column: column + 1 }
    }

    /// How many characters `text` has before byte `at` (a char boundary).
    fn chars_before(&self, at: usize) -> usize {
        let steps = self.char_steps.get_or_init(|| {
            let mut steps = vec![(0, 0)];
            let (mut byte, mut chars) = (0, 0);
            while byte + CHAR_STEP < self.text.len() {
                let mut next = byte + CHAR_STEP;
                while !self.text.is_char_boundary(next) {
                    next -= 1;
                }
                chars += self.text[byte..next].chars().count();
                byte = next;
                steps.push((byte, chars));
            }
            steps
        });
        let (byte, chars) = steps[steps.partition_point(|&(b, _)| b <= at) - 1];
        chars + self.text[byte..at].chars().count()
    }

    /// The text of the 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let f = SourceFile::new("a.py".into(), "a.py".into(), "x = 1\né = \"ü\" # y\n".into());
        let y = f.text.find('y').unwrap();
        assert_eq!(f.position(y), Position { line: 2, column: 11 });
        assert_eq!(f.line_text(2), "é = \"ü\" # y");
    }

    /// A column on a long line counts from the nearest step, and comes out
    /// as a count from the line's start does; lone `\r` breaks lines.
    #[test]
    fn columns_on_long_lines_and_lines_broken_by_cr() {
        let line: String = (0..3_000).map(|i| if i % 7 == 0 { "é🦀 " } else { "ab " }).collect();
        let text = format!("x\r{line}\r\n{line}\ny");
        let f = SourceFile::new("a.js".into(), "a.js".into(), text.clone());
        for (at, _) in text.char_indices().step_by(97) {
            let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let want = text[start..at].chars().count() + 1;
            assert_eq!(f.text_position(at).column, want, "byte {at}");
        }
        assert_eq!(f.text_position(2).line, 2);
        assert_eq!(f.text_position(text.len() - 1), Position { line: 4, column: 1 });
    }
}

/// A Jupyter notebook read as Python: its code cells' text and where each
/// byte came from in the `.ipynb` (`frontend::notebook` decodes it).
#[derive(Debug, Clone)]
pub struct Notebook {
    /// The code cells' source, each ending with a newline.
    pub python: String,
    /// For each byte of `python` (and one past the end), the byte of the
    /// `.ipynb` text it came from.
    pub offsets: Vec<usize>,
    /// Each code cell's range in `python`, and its number (1-based, counting
    /// every cell as Jupyter shows them).
    pub cells: Vec<(Span, usize)>,
}

impl Notebook {
    /// The cell holding a byte of `python`, and the 1-based line in that cell.
    pub fn cell_of(&self, offset: usize) -> Option<(usize, usize)> {
        let (span, number) = self.cells.iter().find(|(s, _)| s.start <= offset && offset < s.end.max(s.start + 1))?;
        let line = self.python[span.start..offset.min(self.python.len())].matches('\n').count() + 1;
        Some((*number, line))
    }
}
