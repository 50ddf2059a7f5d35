//! Jupyter notebooks: the code cells, in order, as one Python text (cells
//! share one namespace when run top to bottom), with IPython magics and shell
//! lines blanked out, and for every byte the place in the `.ipynb` it came
//! from, so findings point at the line of the notebook file that holds the
//! source line.

use crate::base::source::{Notebook, Span};
use crate::frontend::config::json::{self, decode_with_offsets};
use crate::frontend::config::{Node, NodeKind};

pub fn extract(text: &str) -> Result<Notebook, String> {
    let root = json::parse(text)?;
    let cells = field(&root, "cells").ok_or("not a notebook: no `cells`")?;
    let NodeKind::List(cells) = &cells.kind else {
        return Err("not a notebook: `cells` is not a list".into());
    };
    let mut nb = Notebook { python: String::new(), offsets: vec![], cells: vec![] };
    for (i, cell) in cells.iter().enumerate() {
        if !matches!(field(cell, "cell_type").map(|n| &n.kind), Some(NodeKind::Str(t)) if t == "code") {
            continue;
        }
        let pieces: Vec<&Node> = match field(cell, "source").map(|n| &n.kind) {
            Some(NodeKind::List(items)) => items.iter().collect(),
            Some(NodeKind::Str(_)) => vec![field(cell, "source").unwrap()],
            _ => continue,
        };
        let (mut source, mut offsets) = (String::new(), vec![]);
        for piece in pieces {
            if matches!(piece.kind, NodeKind::Str(_)) {
                let (s, o) = decode_with_offsets(text, piece.span);
                source.push_str(&s);
                offsets.extend(o);
            }
        }
        let end = cell.span.end.saturating_sub(1);
        let start = nb.python.len();
        push_cell(&mut nb, &source, &offsets, end);
        nb.cells.push((Span::new(start, nb.python.len()), i + 1));
    }
    nb.offsets.push(text.len());
    Ok(nb)
}

fn field<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.kind {
        NodeKind::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
        _ => None,
    }
}

/// Append one cell's lines, blanking magics (`%time`, `%%bash` cells),
/// shell escapes (`!pip install`) and help (`obj?`), which are not Python.
fn push_cell(nb: &mut Notebook, source: &str, offsets: &[usize], cell_end: usize) {
    let cell_magic = source.trim_start().starts_with("%%");
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let code = line.trim_end_matches(['\n', '\r']);
        let t = code.trim_start();
        let skip = cell_magic || t.starts_with('%') || t.starts_with('!') || (t.ends_with('?') && !t.contains('#'));
        if !skip {
            nb.python.push_str(code);
            nb.offsets.extend_from_slice(&offsets[at..at + code.len()]);
        }
        let newline_at = offsets.get(at + code.len()).copied().unwrap_or(cell_end);
        nb.python.push('\n');
        nb.offsets.push(newline_at);
        at += line.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_cells_become_python_and_map_back_to_the_file() {
        let text = "{\"cells\": [\n {\"cell_type\": \"markdown\", \"source\": [\"# t\"]},\n {\"cell_type\": \"code\", \"source\": [\n  \"%time x = 1\\n\",\n  \"y = \\\"a\\\"\"\n ]}\n]}";
        let nb = extract(text).unwrap();
        assert_eq!(nb.python, "\ny = \"a\"\n");
        let y = nb.python.find('y').unwrap();
        assert_eq!(&text[nb.offsets[y]..nb.offsets[y] + 1], "y");
        // The character after the escaped quote maps past its backslash.
        let a = nb.python.find('a').unwrap();
        assert_eq!(&text[nb.offsets[a]..nb.offsets[a] + 1], "a");
        assert_eq!(nb.cell_of(y), Some((2, 2)));
        assert!(extract("{\"cells\": 3}").is_err());
    }
}
