//! The project's own LLM layer, seen from the bytes of a file the prefilter
//! turned down: which names it imports, and from where.

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::whole_identifier;

/// The names of the project's own LLM layer (functions and classes that
/// send requests, found by the first parse), each with the module it comes
/// from: a file that imports one from there is parsed, though it shows no
/// SDK of its own.
pub struct LayerNames {
    names: AhoCorasick,
    /// For each name, the modules that define it.
    modules: Vec<Vec<String>>,
}

impl LayerNames {
    pub fn new(pairs: &[(String, String)]) -> Option<LayerNames> {
        let mut names: Vec<&str> = vec![];
        let mut modules: Vec<Vec<String>> = vec![];
        for (name, module) in pairs {
            match names.iter().position(|n| n == name) {
                Some(i) => modules[i].push(module.clone()),
                None => {
                    names.push(name);
                    modules.push(vec![module.clone()]);
                }
            }
        }
        // A DFA: it is built once and searched over every deferred file's
        // imports (left to itself, aho-corasick picks a slower NFA for this
        // many names: 166 on the reference corpus).
        let automaton = || AhoCorasick::builder().kind(Some(AhoCorasickKind::DFA)).build(&names).expect("valid names");
        (!names.is_empty()).then(|| LayerNames { names: automaton(), modules })
    }

    /// Whether the file imports one of the names from its module: the name
    /// as a whole identifier on an import line (`from .llm import LLM`,
    /// `use crate::claude::Claude;`, `require(...)`) or as an item of a
    /// multi-line import list, and the module's name as a whole word in the
    /// same import statement. `bytes` are the file's [`import_lines`].
    pub fn imported_in(&self, bytes: &[u8]) -> bool {
        self.names.find_overlapping_iter(bytes).any(|m| {
            if !whole_identifier(bytes, m.start(), m.end()) {
                return false;
            }
            let name = &bytes[m.start()..m.end()];
            let line = line_around(bytes, m.start());
            let trimmed = line.trim_ascii();
            let item = trimmed.strip_suffix(b",").unwrap_or(trimmed);
            let item = item.split(|&b| b == b' ').next().unwrap_or(item);
            if !(is_import_line(line) || item == name) {
                return false;
            }
            // The statement: `import_lines` ends each with a NUL.
            let start = bytes[..m.start()].iter().rposition(|&b| b == STATEMENT_END).map_or(0, |i| i + 1);
            let end = bytes[m.end()..].iter().position(|&b| b == STATEMENT_END).map_or(bytes.len(), |i| m.end() + i);
            let statement = &bytes[start..end];
            self.modules[m.pattern().as_usize()].iter().any(|module| imports_module(statement, module))
        })
    }
}

/// What ends each statement in [`import_lines`]: a module word counts for
/// a name only in the name's own statement (`from .types.responses import
/// X` next to `from ._client import client` imports no `client` from
/// `responses`).
const STATEMENT_END: u8 = 0;

/// How much of a deferred file is read for its imports.
const IMPORT_HEAD: usize = 16 * 1024;

/// A file's import lines, with the items of a multi-line import list
/// (`import {` … `} from "./llm"`, `from .llm import (` … `)`): all that
/// `LayerNames::imported_in` reads of a deferred file.
pub fn import_lines(text: &str) -> String {
    // Imports open a file: its head is read, not all of it (a 2 MB generated
    // module costs no more than a small one). An import made inside a
    // function past that point is not seen.
    let head = &text[..text.floor_char_boundary(IMPORT_HEAD)];
    let bytes = head.as_bytes();
    // Where `require(` stands (anywhere in its line; most files have none).
    let mut requires = memchr::memmem::find_iter(bytes, b"require(").peekable();
    // The lines, as where each ends (this runs on every file the prefilter
    // turns down: bytes, not chars).
    let mut ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    let mut out = String::new();
    let mut start = 0;
    while let Some(end) = ends.next() {
        let line = &bytes[start..end];
        let mut next = end + 1;
        // An import keyword starts its line (after indentation, or the `}`
        // that closes a list).
        let lead = line.iter().position(|b| !matches!(b, b' ' | b'\t' | b'}')).unwrap_or(line.len());
        let rest = &line[lead..];
        let keyword = matches!(rest.first(), Some(b'i' | b'f' | b'u' | b'e'))
            && [&b"import "[..], b"from ", b"use ", b"export "].iter().any(|k| rest.starts_with(k));
        while requires.next_if(|&at| at < start).is_some() {}
        let require = requires.peek().is_some_and(|&at| at < end);
        if keyword && is_import_line(line) || require {
            out.push_str(&head[start..end]);
            // A multi-line list: its lines up to the one that closes it.
            if line.iter().any(|b| b"{(".contains(b)) && !line.iter().any(|b| b"})".contains(b)) {
                for end in ends.by_ref() {
                    let l = &bytes[next..end];
                    out.push('\n');
                    out.push_str(&head[next..end]);
                    next = end + 1;
                    if l.iter().any(|b| b"})".contains(b)) {
                        break;
                    }
                }
            }
            // Before the line break: a line that starts with it is no import line.
            out.push(char::from(STATEMENT_END));
            out.push('\n');
        }
        start = next;
    }
    out
}

impl LayerNames {
    /// Whether the code uses one of the names, not only imports it: a call
    /// or a member of it (`LLM(`, `shared.complete`, `Claude::new`) or a
    /// parameter's type (`claude: &Claude`), outside an import line. A
    /// re-exporting index is not a caller.
    pub fn used_in(&self, bytes: &[u8]) -> bool {
        self.names.find_overlapping_iter(bytes).any(|m| {
            whole_identifier(bytes, m.start(), m.end())
                && (matches!(bytes.get(m.end()), Some(b'(' | b'.'))
                    || bytes[m.end()..].starts_with(b"::")
                    || annotates(bytes, m.start()))
                && !is_import_line(line_around(bytes, m.start()))
        })
    }
}

/// Whether the name at `at` is a parameter's type (`llm: LLM`,
/// `claude: &Claude`, `model: Arc<ChatModel>`): its methods are called on
/// the parameter.
fn annotates(bytes: &[u8], at: usize) -> bool {
    let before = bytes[..at].trim_ascii_end();
    let before = before.strip_suffix(b"mut").map_or(before, <[u8]>::trim_ascii_end);
    let before = before.strip_suffix(b"&").unwrap_or(before).trim_ascii_end();
    match before {
        [.., b':', b':'] => false,
        [.., b':'] | [.., b'<'] => true,
        _ => false,
    }
}

/// The line holding byte `at`.
fn line_around(bytes: &[u8], at: usize) -> &[u8] {
    let start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i);
    &bytes[start..end]
}

/// `from x import`, `import x`, `export … from`, `} from "./x"`, `use x::`,
/// `require("x")`.
fn is_import_line(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    [&b"from "[..], b"import ", b"export ", b"use ", b"pub use ", b"} from "].iter().any(|k| t.starts_with(k))
        || memchr::memmem::find(line, b"require(").is_some()
}

/// Whether an import line of the file names `module` as a whole word.
fn imports_module(bytes: &[u8], module: &str) -> bool {
    memchr::memmem::find_iter(bytes, module.as_bytes())
        .any(|at| whole_identifier(bytes, at, at + module.len()) && is_import_line(line_around(bytes, at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> LayerNames {
        LayerNames::new(&[
            ("LLM".into(), "llm".into()),
            ("summarize".into(), "helpers".into()),
            // A name that starts another: both are found where they overlap.
            ("summarize_thread".into(), "llm".into()),
        ])
        .unwrap()
    }

    #[test]
    fn a_layer_name_counts_when_imported_from_its_module() {
        let yes: &[&str] = &[
            "from .llm import LLM\n",
            "from app.llm import LLM as Model\n",
            "import { LLM } from \"./llm\";\n",
            "import {\n  Other,\n  LLM,\n} from \"../llm\";\n",
            "from .helpers import (\n    summarize,\n)\n",
            "use crate::llm::LLM;\n",
            "from ..llm import summarize_thread\n",
            "const { LLM } = require(\"./llm\");\n",
        ];
        for text in yes {
            assert!(names().imported_in(import_lines(text).as_bytes()), "{text}");
        }
        let no: &[&str] = &[
            // The name from another module, the module without the name, or
            // the name only in code.
            "from .other import LLM\n",
            "from .llm import Config\n",
            "import llm\nmodel = LLMClient()\n",
            // The module and the name in two statements.
            "from .types.llm import Config\nfrom .other import LLM\n",
            "import { Config } from './llm';\nimport {\n  LLM,\n} from './other';\n",
            "x = LLM()  # from llm\n",
        ];
        for text in no {
            assert!(!names().imported_in(import_lines(text).as_bytes()), "{text}");
        }
    }

    #[test]
    fn a_file_uses_a_layer_name_when_it_calls_it() {
        assert!(names().used_in(b"from .llm import LLM\nllm = LLM()\n"));
        assert!(names().used_in(b"import { LLM } from './llm';\nLLM.create();\n"));
        // A parameter's type: its methods are called on the parameter.
        assert!(names().used_in(b"from .llm import LLM\ndef f(m: LLM) -> None: ...\n"));
        assert!(names().used_in(b"use crate::llm::LLM;\nfn f(m: &mut LLM) {}\n"));
        assert!(names().used_in(b"use crate::llm::LLM;\nfn f(m: Arc<LLM>) {}\n"));
        // Re-exported, a path through it, or a return type only.
        assert!(!names().used_in(b"export { LLM } from './llm';\n"));
        assert!(!names().used_in(b"use crate::llm;\nfn f() -> crate::llm::LLM { todo!() }\n"));
        assert!(!names().used_in(b"from .llm import LLM\ndef f() -> LLM: ...\n"));
    }

    #[test]
    fn import_lines_keep_imports_and_multi_line_lists_only() {
        let text = "import os\nx = 1\nfrom .llm import (\n    LLM,\n    Other,\n)\ny = 2\n";
        assert_eq!(import_lines(text), "import os\0\nfrom .llm import (\n    LLM,\n    Other,\n)\0\n");
        assert_eq!(import_lines("print('no imports')\n"), "");
        // A keyword inside a line, or after code, starts no import.
        assert_eq!(import_lines("x = 1  # import this\nreuse x\n"), "");
        assert_eq!(
            import_lines("} from './a';\nconst b = require('./b');\n"),
            "} from './a';\0\nconst b = require('./b');\0\n"
        );
        // The head ends inside a character: cut before it.
        let long = format!("import os\nx{}", "é".repeat(10_000));
        assert_eq!(import_lines(&long), "import os\0\n");
    }
}
