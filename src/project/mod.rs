//! The project-wide index: every parsed file, its Facts, and what each file
//! exports, so that a constant imported from another file of the project
//! (`from .settings import MAX_TOKENS`, `import { MAX } from "./config"`,
//! `use crate::config::MAX`) resolves to its value and its literal.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::base::ids::FileId;
use crate::base::language::Language;
use crate::base::paths::normalize;
use crate::base::source::SourceFile;
use crate::facts::{Facts, ImportRef, Resolved, Text, Value};
use crate::frontend::ir::{Map, ModuleSpec, Set};

mod links;
mod routes;

/// Prompt files larger than this are not measured (and the text is unknown).
const MAX_PROMPT_FILE: u64 = 4 * 1024 * 1024;

/// Add the length of the files a text reads to its static length; false when
/// one of them cannot be found or read (the text is then unknown).
fn measure_files(text: &mut Text, measured: &mut HashMap<PathBuf, Option<usize>>) -> bool {
    for candidates in std::mem::take(&mut text.files) {
        let found = candidates.iter().find_map(|p| {
            *measured.entry(p.clone()).or_insert_with(|| {
                std::fs::metadata(p).ok().filter(|m| m.is_file() && m.len() <= MAX_PROMPT_FILE)?;
                let bytes = std::fs::read(p).ok()?;
                Some(String::from_utf8_lossy(&bytes).chars().count())
            })
        });
        match found {
            Some(n) => text.chars += n,
            None => return false,
        }
    }
    true
}

/// How many re-exports an imported name is followed through.
const MAX_HOPS: usize = 8;

#[derive(Default)]
pub struct Project {
    pub files: Vec<SourceFile>,
    pub languages: Vec<Language>,
    pub facts: Vec<Option<Facts>>,
    /// Whether parsing a file was attempted (the prefilter skips most files).
    attempted: Vec<bool>,
    /// Keyed by the normalized path's bytes: hashing a `Path` walks its
    /// components, and every discovered file is added.
    by_path: Map<std::ffi::OsString, FileId>,
    /// Python modules by dotted suffix: `a/b/c.py` is `c`, `b.c` and `a.b.c`
    /// (a package's `__init__.py` is the package), for absolute imports.
    python_modules: Map<String, Vec<PathBuf>>,
    /// What the loading rounds have gathered so far (`missing_imports`).
    imports: ImportRounds,
}

/// The state of `Project::missing_imports` between loading rounds.
#[derive(Default)]
struct ImportRounds {
    /// Files whose wanted names have been gathered.
    collected: Vec<bool>,
    /// Names whose file was not loaded yet.
    pending: Vec<ImportRef>,
    /// Names already followed in a loaded file.
    seen: Set<(PathBuf, String)>,
    /// Where each module spec was found (many names come from one module).
    located: Map<ModuleSpec, Option<PathBuf>>,
}

impl Project {
    pub fn new(discovered_python: Vec<PathBuf>) -> Self {
        let mut python_modules: Map<String, Vec<PathBuf>> = Map::default();
        for path in discovered_python.iter().map(|p| normalize(p).into_owned()) {
            let mut parts: Vec<String> =
                path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            match parts.last().map(String::as_str) {
                Some("__init__.py") => {
                    parts.pop();
                }
                Some(last) => {
                    let stem = last.trim_end_matches(".pyi").trim_end_matches(".py").to_string();
                    *parts.last_mut().unwrap() = stem;
                }
                None => continue,
            }
            for start in 0..parts.len() {
                python_modules.entry(parts[start..].join(".")).or_default().push(path.clone());
            }
        }
        Project { python_modules, ..Default::default() }
    }

    /// Room for `n` more files, asked for once before adding them.
    pub fn reserve_files(&mut self, n: usize) {
        self.by_path.reserve(n);
        self.files.reserve(n);
        self.languages.reserve(n);
        self.facts.reserve(n);
        self.attempted.reserve(n);
    }

    pub fn add(&mut self, file: SourceFile, language: Language, facts: Option<Facts>, attempted: bool) -> FileId {
        let id = FileId::new(self.files.len());
        self.by_path.insert(normalize(&file.path).into_owned().into_os_string(), id);
        self.files.push(file);
        self.languages.push(language);
        self.facts.push(facts);
        self.attempted.push(attempted);
        id
    }

    /// An id for a file outside the discovered set, filled in by `replace`.
    pub fn reserve(&mut self, path: &Path) -> FileId {
        let language = Language::from_path(path).unwrap_or(Language::Python);
        let display = crate::base::paths::display_path(path);
        self.add(SourceFile::new(path.to_path_buf(), display, String::new()), language, None, false)
    }

    pub fn replace(&mut self, id: FileId, file: SourceFile, facts: Option<Facts>) {
        self.files[id] = file;
        self.facts[id] = facts;
        self.attempted[id] = true;
        if let Some(c) = self.imports.collected.get_mut(id.index()) {
            *c = false;
        }
    }

    /// The names of the project's own LLM layer, as the files parsed so far
    /// define it: module-level functions that send a model request (not any
    /// HTTP request), classes with a method that does, module-level
    /// instances of those classes, and clients and their factories; each with the module it is imported from
    /// (the file's stem, or its folder's for an index file). Sorted, without
    /// repeats.
    pub fn layer_names(&self) -> Vec<(String, String)> {
        let mut names: Vec<(String, String)> = vec![];
        for (file, f) in self.files.iter().zip(&self.facts) {
            let Some(f) = f else { continue };
            let Some(module) = module_stem(&file.path) else { continue };
            let mut here: Vec<String> = vec![];
            let sends = |func: &crate::facts::Function| func.requests.iter().any(|r| f.requests[*r].call.is_some());
            here.extend(
                f.functions.iter().filter(|func| func.top_level && sends(func)).filter_map(|func| func.name.clone()),
            );
            let classes: Vec<&str> = f
                .classes
                .iter()
                .filter(|c| c.methods.iter().any(|(_, m)| sends(&f.functions[*m])))
                .map(|c| c.name.as_str())
                .collect();
            here.extend(classes.iter().map(|c| c.to_string()));
            here.extend(
                f.exported_instances
                    .iter()
                    .filter(|(_, class)| classes.contains(&class.as_str()))
                    .map(|(n, _)| n.clone()),
            );
            // Clients and the factories that return them (`get_client()`,
            // `makeClients().anthropic`): a file that calls through one sends.
            here.extend(f.exported_clients.keys().map(|k| k.split(['(', '.']).next().unwrap_or(k).to_string()));
            names.extend(here.into_iter().map(|n| (n, module.clone())));
        }
        names.sort();
        names.dedup();
        names
    }

    pub fn id_of(&self, path: &Path) -> Option<FileId> {
        self.by_path.get(normalize(path).as_os_str()).copied()
    }

    /// The file a module spec names, if it exists: a known file first, then
    /// the disk (a file outside the linted paths still defines constants).
    pub fn locate(&self, spec: &ModuleSpec) -> Option<PathBuf> {
        match spec {
            ModuleSpec::Files(candidates) => {
                let candidates: Vec<PathBuf> = candidates.iter().map(|c| normalize(c).into_owned()).collect();
                // Known files first; only then ask the disk.
                candidates
                    .iter()
                    .find(|c| self.by_path.contains_key(c.as_os_str()))
                    .or_else(|| candidates.iter().find(|c| c.is_file()))
                    .cloned()
            }
            ModuleSpec::PythonModule(parts) => match self.python_modules.get(&parts.join("."))?.as_slice() {
                [one] => Some(one.clone()),
                // Two files could be the module: we cannot tell which, stay silent.
                _ => None,
            },
        }
    }

    /// The loaded file a module spec names. Only a known file can be one,
    /// so the disk is not asked (`locate` would, for each candidate).
    fn module_id(&self, spec: &ModuleSpec) -> Option<FileId> {
        match spec {
            ModuleSpec::Files(candidates) => candidates.iter().find_map(|c| self.id_of(c)),
            ModuleSpec::PythonModule(_) => self.id_of(&self.locate(spec)?),
        }
    }

    /// Module files the loaded files need and that are not loaded yet: the
    /// files that define a name some loaded file's facts want resolved (a
    /// constant, a prompt, a client, a function a retry or fan-out calls),
    /// following re-exports and what those functions call. The index stays
    /// lazy: an SDK's type modules, imported by every file, are not parsed
    /// unless a name that matters comes from them.
    ///
    /// Called once per loading round: each file's wanted names are gathered
    /// once, and names whose file was missing are looked at again in the
    /// next round, when it is loaded.
    pub fn missing_imports(&mut self) -> Vec<PathBuf> {
        let mut state = std::mem::take(&mut self.imports);
        state.collected.resize(self.facts.len(), false);
        let mut wanted = std::mem::take(&mut state.pending);
        for id in FileId::all(self.facts.len()) {
            let Some(f) = self.facts[id].as_ref().filter(|_| !state.collected[id]) else { continue };
            let helper_file = |r: &ImportRef| self.module_id(&r.module).and_then(|h| self.facts[h].as_ref());
            let sleeps = |r: &ImportRef| helper_file(r).is_some_and(|h| h.sleep_helpers.contains_key(&r.name));
            wanted.extend(f.wanted_imports(&sleeps));
            // Gathered for good once every sleep helper it calls is loaded
            // (until then, what its retries call is not wanted yet).
            state.collected[id] = f
                .retry_scopes
                .iter()
                .flat_map(|s| &s.delays)
                .filter_map(|d| d.helper.as_ref())
                .all(|r| self.locate(&r.module).and_then(|p| self.id_of(&p)).is_none_or(|h| self.attempted[h]));
        }
        let mut missing = BTreeSet::new();
        while let Some(r) = wanted.pop() {
            let path = state.located.entry(r.module.clone()).or_insert_with(|| self.locate(&r.module)).clone();
            let Some(path) = path else {
                // A member of a module-level object of the parent module.
                if let Some((module, member)) = parent_member(&r.module)
                    && self.locate(&module).is_some()
                {
                    wanted.push(ImportRef { module, name: member });
                }
                continue;
            };
            match self.id_of(&path).filter(|&id| self.attempted[id]) {
                Some(id) => {
                    if state.seen.insert((path, r.name.clone())) {
                        wanted.extend(self.facts[id].iter().flat_map(|f| f.wanted_by(&r.name)));
                    }
                }
                None => {
                    missing.insert(path);
                    state.pending.push(r);
                }
            }
        }
        self.imports = state;
        missing.into_iter().collect()
    }

    /// Replace every imported value in every file's Facts by what the
    /// exporting file binds it to (with that file's literal as origin).
    pub fn resolve_imports(&mut self) {
        let exports: Vec<Option<HashMap<String, Resolved>>> =
            self.facts.iter().map(|f| f.as_ref().map(|f| f.exports.clone())).collect();
        let mut facts = std::mem::take(&mut self.facts);
        let mut measured = HashMap::new();
        let mut finish = |v: &mut Resolved| {
            if let Value::Import(r) = &v.value {
                *v = self.lookup(&exports, r, 0);
            }
            if let Value::Text(t) = &mut v.value
                && (!self.add_imported_text(&exports, t) || !measure_files(t, &mut measured))
            {
                *v = Resolved::unknown();
            }
        };
        for f in facts.iter_mut().flatten() {
            f.values_mut().for_each(&mut finish);
            f.given_mut().for_each(&mut finish);
        }
        self.resolve_sleep_helpers(&mut facts);
        self.link_retries(&mut facts);
        self.programs(&mut facts);
        // Calls through a client another file makes: copy that client in.
        for id in 0..facts.len() {
            let wanted: Vec<(usize, ImportRef)> = match &facts[id] {
                Some(f) => {
                    f.calls.iter().enumerate().filter_map(|(i, c)| Some((i, c.client_import.clone()?))).collect()
                }
                None => continue,
            };
            for (call, r) in wanted {
                let Some(client) = self.find_client(&facts, &exports, &r, 0) else { continue };
                let f = facts[id].as_mut().unwrap();
                f.calls[call].provider = client.sends_to();
                f.calls[call].rehosted |= client.rehosted();
                if client.azure {
                    // The file read its `model` as an id; it names a deployment.
                    let span = f.calls[call].model.as_ref().map(|m| m.span);
                    f.calls[call].model.iter_mut().for_each(crate::facts::Arg::as_deployment);
                    f.model_refs.iter_mut().filter(|r| Some(r.arg.span) == span).for_each(|r| r.arg.as_deployment());
                }
                f.clients.push(client);
                f.calls[call].client = Some(crate::base::ids::ClientId::new(f.clients.len() - 1));
            }
        }
        self.route_calls(&mut facts);
        self.facts = facts;
    }

    /// `Facts::program`: the files joined by imports, as the lowest id
    /// among them (union-find over the import edges).
    fn programs(&self, facts: &mut [Option<Facts>]) {
        let mut parent: Vec<usize> = (0..facts.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for id in FileId::all(facts.len()) {
            let Some(f) = facts[id].as_ref() else { continue };
            for spec in &f.imported_modules {
                let Some(other) = self.module_id(spec) else { continue };
                let (a, b) = (root(&mut parent, id.index()), root(&mut parent, other.index()));
                parent[a.max(b)] = a.min(b);
            }
        }
        for (i, f) in facts.iter_mut().enumerate() {
            if let Some(f) = f {
                f.program = root(&mut parent, i);
            }
        }
    }

    /// Add the text of the names a text imports (`SUPPORT + EXAMPLES` with
    /// both from a prompts module); false when one is not text.
    fn add_imported_text(&self, exports: &[Option<HashMap<String, Resolved>>], text: &mut Text) -> bool {
        for _ in 0..MAX_HOPS {
            let imports = std::mem::take(&mut text.imports);
            if imports.is_empty() {
                return true;
            }
            for r in imports {
                match self.lookup(exports, &r, 0).value.as_text() {
                    Some(t) if !matches!(t.imports.as_slice(), [only] if *only == r) => {
                        *text = std::mem::take(text).join(t)
                    }
                    _ => return false,
                }
            }
        }
        text.imports.is_empty()
    }

    /// Whether an imported name is a limiter made at module level in its file.
    fn is_exported_limiter(&self, facts: &[Option<Facts>], r: &ImportRef) -> bool {
        self.module_id(&r.module)
            .and_then(|id| facts[id].as_ref())
            .is_some_and(|f| f.exported_limiters.contains(&r.name))
    }

    fn find_client(
        &self,
        facts: &[Option<Facts>],
        exports: &[Option<HashMap<String, Resolved>>],
        r: &ImportRef,
        hops: usize,
    ) -> Option<crate::facts::Client> {
        if hops > MAX_HOPS {
            return None;
        }
        let id = self.module_id(&r.module)?;
        let f = facts[id].as_ref()?;
        if let Some(&i) = f.exported_clients.get(&r.name) {
            return Some(f.clients[i].clone());
        }
        match &exports[id].as_ref()?.get(&r.name)?.value {
            Value::Import(next) => self.find_client(facts, exports, next, hops + 1),
            _ => None,
        }
    }

    fn lookup(&self, exports: &[Option<HashMap<String, Resolved>>], r: &ImportRef, hops: usize) -> Resolved {
        if hops > MAX_HOPS {
            return Resolved::unknown();
        }
        let Some(id) = self.module_id(&r.module) else {
            // `settings.model` after `from .config import settings`: read as
            // the module `config.settings`, it is `config`'s `settings`.
            return match parent_member(&r.module) {
                Some((module, member)) if self.module_id(&module).is_some() => {
                    self.lookup(exports, &ImportRef { module, name: format!("{member}.{}", r.name) }, hops + 1)
                }
                _ => Resolved::unknown(),
            };
        };
        let exported = exports[id].as_ref();
        let Some(found) = exported.and_then(|e| e.get(&r.name)) else {
            // `config.model` of a `config` this file imports from another.
            if let Some((head, rest)) = r.name.split_once('.')
                && let Some(Value::Import(next)) = exported.and_then(|e| e.get(head)).map(|f| &f.value)
            {
                let name = format!("{}.{rest}", next.name);
                return self.lookup(exports, &ImportRef { module: next.module.clone(), name }, hops + 1);
            }
            return Resolved::unknown();
        };
        match &found.value {
            Value::Import(next) => self.lookup(exports, next, hops + 1),
            _ => found.clone(),
        }
    }
}

/// A module path read as a member of its parent module: `llm.shared` as
/// `llm`'s `shared`, the files `llm/shared.py` as `llm.py`'s `shared` (what
/// `from .llm import shared` names when `shared` is not a module).
fn parent_member(spec: &ModuleSpec) -> Option<(ModuleSpec, String)> {
    match spec {
        ModuleSpec::PythonModule(parts) if parts.len() > 1 => {
            let (member, module) = parts.split_last()?;
            Some((ModuleSpec::PythonModule(module.to_vec()), member.clone()))
        }
        ModuleSpec::Files(candidates) => {
            let first = candidates.first()?;
            let dir = first.parent()?;
            let member = first.file_stem()?.to_str()?.to_string();
            Some((ModuleSpec::Files(vec![dir.with_extension("py"), dir.join("__init__.py")].into()), member))
        }
        _ => None,
    }
}

/// The name a module is imported by, as the last part of its import path:
/// `llm` for `supportbot/llm.py`, `./llm` or `crate::llm`; the folder's name
/// for `llm/__init__.py`, `llm/index.ts` or `llm/mod.rs`.
fn module_stem(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    match stem {
        "__init__" | "index" | "mod" => path.parent()?.file_name()?.to_str().map(str::to_string),
        _ => Some(stem.to_string()),
    }
}
