//! The project-wide index: every parsed file, its Facts, and what each file
//! exports, so that a constant imported from another file of the project
//! (`from .settings import MAX_TOKENS`, `import { MAX } from "./config"`,
//! `use crate::config::MAX`) resolves to its value and its literal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::discover::normalize;
use crate::facts::{Facts, FileId, ImportRef, ModuleSpec, Resolved, Value};
use crate::lang::Language;
use crate::source::SourceFile;

/// How many re-exports an imported name is followed through.
const MAX_HOPS: usize = 8;

#[derive(Default)]
pub struct Project {
    pub files: Vec<SourceFile>,
    pub languages: Vec<Language>,
    pub facts: Vec<Option<Facts>>,
    /// Whether parsing a file was attempted (the prefilter skips most files).
    attempted: Vec<bool>,
    by_path: HashMap<PathBuf, FileId>,
    /// Every discovered source file, parsed or not, for Python module lookup.
    python_files: Vec<PathBuf>,
}

impl Project {
    pub fn new(discovered_python: Vec<PathBuf>) -> Self {
        Project { python_files: discovered_python.iter().map(|p| normalize(p)).collect(), ..Default::default() }
    }

    pub fn add(&mut self, file: SourceFile, language: Language, facts: Option<Facts>, attempted: bool) -> FileId {
        let id = self.files.len();
        self.by_path.insert(normalize(&file.path), id);
        self.files.push(file);
        self.languages.push(language);
        self.facts.push(facts);
        self.attempted.push(attempted);
        id
    }

    /// An id for a file outside the discovered set, filled in by `replace`.
    pub fn reserve(&mut self, path: &Path) -> FileId {
        let language = Language::from_path(path).unwrap_or(Language::Python);
        let display = crate::discover::display_path(path);
        self.add(SourceFile::new(path.to_path_buf(), display, String::new()), language, None, false)
    }

    pub fn replace(&mut self, id: FileId, file: SourceFile, facts: Option<Facts>) {
        self.files[id] = file;
        self.facts[id] = facts;
        self.attempted[id] = true;
    }

    pub fn id_of(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(&normalize(path)).copied()
    }

    /// The file a module spec names, if it exists: a known file first, then
    /// the disk (a file outside the linted paths still defines constants).
    pub fn locate(&self, spec: &ModuleSpec) -> Option<PathBuf> {
        match spec {
            ModuleSpec::Files(candidates) => {
                candidates.iter().map(|c| normalize(c)).find(|c| self.by_path.contains_key(c) || c.is_file())
            }
            ModuleSpec::PythonModule(parts) if !parts.is_empty() => {
                let as_file = format!("/{}.py", parts.join("/"));
                let as_pkg = format!("/{}/__init__.py", parts.join("/"));
                let mut hits = self.python_files.iter().filter(|p| {
                    let s = format!("/{}", p.to_string_lossy().replace('\\', "/"));
                    s.ends_with(&as_file) || s.ends_with(&as_pkg)
                });
                let first = hits.next()?;
                // Two files could be the module: we cannot tell which, stay silent.
                if hits.next().is_some() { None } else { Some(first.clone()) }
            }
            ModuleSpec::PythonModule(_) => None,
        }
    }

    /// Module files some parsed file imports from that are not loaded yet.
    pub fn missing_imports(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .facts
            .iter()
            .flatten()
            .flat_map(|f| f.imports.iter())
            .filter_map(|spec| self.locate(spec))
            .filter(|p| self.id_of(p).is_none_or(|id| !self.attempted[id]))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Replace every imported value in every file's Facts by what the
    /// exporting file binds it to (with that file's literal as origin).
    pub fn resolve_imports(&mut self) {
        let exports: Vec<Option<HashMap<String, Resolved>>> =
            self.facts.iter().map(|f| f.as_ref().map(|f| f.exports.clone())).collect();
        let mut facts = std::mem::take(&mut self.facts);
        for f in facts.iter_mut().flatten() {
            for v in f.values_mut() {
                if let Value::Import(r) = &v.value {
                    *v = self.lookup(&exports, r, 0);
                }
            }
        }
        self.facts = facts;
    }

    fn lookup(&self, exports: &[Option<HashMap<String, Resolved>>], r: &ImportRef, hops: usize) -> Resolved {
        if hops > MAX_HOPS {
            return Resolved::unknown();
        }
        let Some(id) = self.locate(&r.module).and_then(|p| self.id_of(&p)) else {
            return Resolved::unknown();
        };
        let Some(found) = exports[id].as_ref().and_then(|e| e.get(&r.name)) else {
            return Resolved::unknown();
        };
        match &found.value {
            Value::Import(next) => self.lookup(exports, next, hops + 1),
            _ => found.clone(),
        }
    }
}
