//! Runs the pipeline: discover → prefilter → frontends (in parallel) → the
//! project index → rules (in parallel) → sorted findings.

pub mod diff;
pub mod discover;
pub mod fix;
pub mod options;
pub mod prefilter;
pub mod suppress;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::analysis;
use crate::base::diagnostic::Finding;
use crate::base::ids::FileId;
use crate::base::language::Language;
use crate::base::paths::display_path;
use crate::base::source::SourceFile;
use crate::config::Config;
use crate::engine::discover::Discovered;
use crate::engine::prefilter::{LayerNames, Prefilter, import_lines};
use crate::engine::suppress::Baseline;
use crate::facts::Facts;
use crate::knowledge::models::ModelTable;
use crate::project::Project;
use crate::rules::{self, Context, Registered, Settings};

/// Files larger than this are skipped with a warning (minified bundles,
/// generated code): parsing them costs much and finds little.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// How many rounds of "load the files the loaded files import" to run.
const IMPORT_ROUNDS: usize = 4;

pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Rule ids to run; empty means all.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub settings: Settings,
    pub max_file_size: u64,
    pub jobs: Option<usize>,
    /// Lint this text as the file at this path instead of reading paths
    /// (`--stdin-filename`, editors).
    pub stdin: Option<(PathBuf, String)>,
    /// The model table with the user's additions (`--models`, config); the
    /// built-in table when `None`.
    pub models: Option<Arc<ModelTable>>,
    /// The configuration file's exclusions, per-file ignores, severities and
    /// wrappers (its select, options and traffic are already in the fields above).
    pub config: Option<Arc<Config>>,
    /// Report only findings this baseline does not hold.
    pub baseline: Option<Baseline>,
    /// Check test files with every rule, not only with the rules that apply
    /// to any file.
    pub include_tests: bool,
    /// `--exclude` / `--extend-exclude`.
    pub exclude: Option<options::Exclude>,
}

impl Options {
    /// Whether a discovered path is excluded: by the command line's globs,
    /// and by the config's unless `--exclude` replaced them.
    pub fn excluded(&self, path: &Path) -> bool {
        let cli = self.exclude.as_ref();
        cli.is_some_and(|e| e.matches(path))
            || (!cli.is_some_and(|e| e.replaces_config) && self.config.as_ref().is_some_and(|c| c.excluded(path)))
    }

    pub fn models(&self) -> &ModelTable {
        self.models.as_deref().unwrap_or_else(|| ModelTable::builtin())
    }

    fn tables(&self) -> analysis::Tables<'_> {
        analysis::Tables {
            models: self.models(),
            wrappers: self.config.as_deref().map(|c| c.wrappers.as_slice()).unwrap_or(&[]),
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: vec![PathBuf::from(".")],
            select: vec![],
            ignore: vec![],
            settings: Settings::default(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            jobs: None,
            stdin: None,
            models: None,
            config: None,
            baseline: None,
            include_tests: false,
            exclude: None,
        }
    }
}

pub struct Run {
    pub project: Project,
    /// How many of the project's files were found under the paths given
    /// (or named): ids below it. The rest were loaded because a file
    /// imports from them, and are read, never written.
    pub given: usize,
    pub findings: Vec<Finding>,
    pub files_scanned: usize,
    pub files_parsed: usize,
    /// Files skipped or only partly analysed, with why.
    pub warnings: Vec<String>,
    /// Internal errors (a frontend or a rule panicked on a file): each is
    /// also in `warnings`, and the command exits 2.
    pub internal_errors: usize,
    /// Findings the baseline hid.
    pub hidden_by_baseline: usize,
    /// Test files found in directories and checked only by the rules that
    /// apply to any file (keys, suppressions).
    pub limited_tests: usize,
    pub elapsed_ms: u128,
}

impl Run {
    /// The command is done with the run and the process is about to exit:
    /// leave its memory to the operating system instead of freeing every
    /// file's text and facts one by one (tens of milliseconds on a large tree,
    /// after the output is written).
    pub fn exit(self) {
        std::mem::forget(self);
    }

    /// A file's text as it may be printed in a code frame or a diff, with
    /// its keys masked (`secrets::shown`).
    pub fn shown(&self, id: FileId) -> std::borrow::Cow<'_, str> {
        let literals = self.project.facts[id].iter().flat_map(|f| &f.strings).map(|l| (l.span, l.value.as_str()));
        crate::knowledge::secrets::shown(&self.project.files[id].text, literals)
    }

    /// [`shown`](Self::shown) for the file as it is on disk: a notebook's
    /// `.ipynb` text, its literals' spans mapped there.
    pub fn shown_on_disk(&self, id: FileId) -> std::borrow::Cow<'_, str> {
        let file = &self.project.files[id];
        let Some(origin) = &file.origin else { return self.shown(id) };
        let at = |i: usize| origin.notebook.offsets.get(i).copied().unwrap_or(origin.file.text.len());
        let literals = self.project.facts[id]
            .iter()
            .flat_map(|f| &f.strings)
            .map(|l| (crate::base::source::Span::new(at(l.span.start), at(l.span.end)), l.value.as_str()));
        crate::knowledge::secrets::shown(&origin.file.text, literals)
    }
}

/// The marker of an internal error in a warning.
const INTERNAL: &str = "internal error";

#[derive(Debug)]
pub enum Error {
    /// A path named on the command line that cannot be linted, and why.
    Path(PathBuf, String),
    UnknownRule(String),
    /// Not even one worker thread could be started.
    Threads(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Path(p, why) => write!(f, "{}: {why}", p.display()),
            Error::UnknownRule(r) => write!(f, "{} (see `llmlint rules`)", rules::unknown_message(r, "")),
            Error::Threads(why) => write!(f, "could not start a worker thread: {why}"),
        }
    }
}

/// The rules a run uses.
pub fn enabled_rules(select: &[String], ignore: &[String]) -> Result<Vec<&'static Registered>, Error> {
    for id in select.iter().chain(ignore) {
        if !rules::known_selector(id) {
            return Err(Error::UnknownRule(id.clone()));
        }
    }
    Ok(rules::all()
        .iter()
        .filter(|r| select.is_empty() || select.iter().any(|s| rules::selects(s, r)))
        .filter(|r| !ignore.iter().any(|s| rules::selects(s, r)))
        .collect())
}

struct Loaded {
    file: SourceFile,
    language: Language,
    facts: Option<Facts>,
    /// Whether parsing was attempted (false: the prefilter skipped it).
    parsed: bool,
    warning: Option<String>,
    /// Skipped for now (with its import lines); parsed if it imports the
    /// project's LLM layer.
    deferred: Option<(Discovered, String)>,
}

pub fn run(options: &Options) -> Result<Run, Error> {
    let started = Instant::now();
    let rules = enabled_rules(&options.select, &options.ignore)?;
    let words = |any: bool| -> Vec<&str> {
        rules.iter().filter(|r| r.meta.any_file == any).flat_map(|r| r.meta.trigger_words()).collect()
    };
    let wrappers: Vec<&str> = options.tables().wrappers.iter().map(|w| w.function.as_str()).collect();
    let prefilter = Prefilter::cached(words(false), words(true), &wrappers, options.models());

    // Files are read and prefiltered as they are found; only then sorted and
    // given their ids (in path order), which the facts a frontend writes use.
    let excluded = |d: &Discovered| options.excluded(&d.path);
    let (discovered, walk_skipped): (Vec<(Discovered, Admitted)>, Vec<String>) = match &options.stdin {
        Some((path, text)) => Language::from_path(path)
            .map(|language| Discovered::named(path.clone(), language))
            .filter(|d| !excluded(d))
            .map(|d| {
                let admitted = admit(&d, Ok(text.clone()), Some(&prefilter), options);
                vec![(d, admitted)]
            })
            .map(|found| (found, vec![]))
            .unwrap_or_default(),
        None => {
            let walked = discover::discover(&options.paths, options.jobs, |d| {
                (!excluded(d)).then(|| admit(d, read(&d.path, options.max_file_size), Some(&prefilter), options))
            })
            .map_err(|e| Error::Path(e.path, e.why))?;
            (walked.files, walked.skipped)
        }
    };
    let python: Vec<PathBuf> =
        discovered.iter().filter(|(d, _)| d.language == Language::Python).map(|(d, _)| d.path.clone()).collect();

    let files_scanned = discovered.len();
    let limited_tests = discovered.iter().filter(|(d, _)| limited(d, options)).count();
    pool(options.jobs)?.install(|| {
        // The Python module index is built beside the parsing, not after it.
        let (loaded, mut project): (Vec<Loaded>, Project) = rayon::join(
            || {
                discovered
                    .into_par_iter()
                    .enumerate()
                    .map(|(id, (d, admitted))| load(FileId::new(id), &d, admitted, options))
                    .collect()
            },
            || Project::new(python),
        );
        let mut warnings = walk_skipped;
        let mut deferred = vec![];
        project.reserve_files(loaded.len());
        for l in loaded {
            warnings.extend(l.warning);
            let id = project.add(l.file, l.language, l.facts, l.parsed);
            deferred.extend(l.deferred.map(|d| (id, d)));
        }
        let given = project.files.len();

        // The layer round: a file that only calls the project's own LLM layer
        // (a retry around `llm.complete()`, a fan-out over `summarize`) shows
        // no SDK and was deferred; it is parsed when it imports a name of
        // that layer, as the files parsed so far define it.
        if let Some(names) = LayerNames::new(&project.layer_names()) {
            let extra: Vec<(FileId, Loaded)> = deferred
                .par_iter()
                .filter(|(_, (_, imports))| names.imported_in(imports.as_bytes()))
                .filter_map(|(id, (d, _))| {
                    let admitted = admit(d, read(&d.path, options.max_file_size), None, options);
                    // It calls what it imports (a re-exporting index does not).
                    let uses = matches!(&admitted, Admitted::Parse(text, _) if names.used_in(text.as_bytes()));
                    uses.then(|| (*id, load(*id, d, admitted, options)))
                })
                .collect();
            for (id, l) in extra {
                warnings.extend(l.warning);
                project.replace(id, l.file, l.facts);
            }
        }

        // Load the project files the parsed files import from, even those the
        // prefilter skipped: a settings module holds the constants.
        for _ in 0..IMPORT_ROUNDS {
            let missing = project.missing_imports();
            if missing.is_empty() {
                break;
            }
            let ids: Vec<FileId> =
                missing.iter().map(|p| project.id_of(p).unwrap_or_else(|| project.reserve(p))).collect();
            let extra: Vec<(FileId, Loaded)> = missing
                .par_iter()
                .zip(ids.par_iter())
                .filter_map(|(path, &id)| {
                    let d = Discovered::imported(path.clone(), Language::from_path(path)?);
                    let admitted = admit(&d, read(path, options.max_file_size), None, options);
                    Some((id, load(id, &d, admitted, options)))
                })
                .collect();
            for (id, l) in extra {
                warnings.extend(l.warning);
                project.replace(id, l.file, l.facts);
            }
        }
        project.resolve_imports();
        let files_parsed = project.facts.iter().filter(|f| f.is_some()).count();

        let models = options.models();
        let per_file: Vec<(Vec<Finding>, Vec<String>)> = (0..project.files.len())
            .into_par_iter()
            .map(FileId::new)
            .map(|id| {
                let (mut out, mut problems) = (vec![], vec![]);
                let Some(facts) = &project.facts[id] else { return (out, problems) };
                let language = project.languages[id].rule_name();
                let rules = rules.iter().filter(|r| r.meta.languages.iter().any(|l| l == language));
                for rule in rules.filter(|r| !facts.limited || r.meta.any_file) {
                    let mut cx = Context {
                        file: id,
                        facts,
                        models,
                        settings: &options.settings,
                        sources: &project.files,
                        project: &project.facts,
                        language: project.languages[id],
                        rule,
                        findings: vec![],
                    };
                    // A bug in a rule must cost that rule on this file, not the run.
                    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rule.rule.check(&mut cx))) {
                        // Test code inside a file is limited like a test file.
                        Ok(()) => out.extend(cx.findings.into_iter().filter(|f| {
                            rule.meta.any_file
                                || f.location.file != id
                                || !facts.test_spans.iter().any(|s| s.contains(f.location.span))
                        })),
                        Err(_) => problems.push(format!(
                            "{}: {INTERNAL} in rule {}; please report it at https://github.com/llmlint/llmlint/issues",
                            project.files[id].display, rule.id
                        )),
                    }
                }
                (out, problems)
            })
            .collect();
        let mut findings = vec![];
        for (f, p) in per_file {
            findings.extend(f);
            warnings.extend(p);
        }

        for f in &mut findings {
            in_notebook(f, &project.files[f.location.file]);
        }
        // A literal used by several calls (a shared constant) is one finding.
        let mut seen = HashSet::new();
        findings.retain(|f| seen.insert((f.rule, f.location)));
        if let Some(c) = &options.config {
            findings.retain(|f| !c.ignored_rules(&project.files[f.location.file].path).contains(&f.rule));
            for f in &mut findings {
                if let Some(s) = c.severity.get(f.rule) {
                    f.severity = *s;
                }
            }
        }
        let findings = apply_suppressions(findings, &project, &rules);
        let before_baseline = findings.len();
        let mut findings = match &options.baseline {
            Some(b) => b.filter(findings, &project.files),
            None => findings,
        };
        let hidden_by_baseline = before_baseline - findings.len();
        // The output boundary: no finding carries a key past here.
        findings.iter_mut().for_each(crate::knowledge::secrets::scrub);
        // A message quotes the code (a model id, a URL): a control character
        // there would act on the terminal that shows it.
        for f in &mut findings {
            if let std::borrow::Cow::Owned(m) = crate::base::text::printable(&f.message) {
                f.message = m;
            }
            if let Some(h) =
                f.help.as_mut().filter(|h| h.split('\n').any(|l| crate::base::text::printable(l).len() != l.len()))
            {
                *h = h.split('\n').map(crate::base::text::printable).collect::<Vec<_>>().join("\n");
            }
        }
        findings.sort_by(|a, b| {
            let (pa, pb) = (&project.files[a.location.file], &project.files[b.location.file]);
            (pa.display.as_str(), a.location.span.start, a.rule).cmp(&(
                pb.display.as_str(),
                b.location.span.start,
                b.rule,
            ))
        });
        for w in &mut warnings {
            if let std::borrow::Cow::Owned(masked) = crate::knowledge::secrets::mask(w) {
                *w = masked;
            }
        }
        warnings.sort();
        let internal_errors = warnings.iter().filter(|w| w.contains(INTERNAL)).count();
        Ok(Run {
            project,
            given,
            findings,
            files_scanned,
            files_parsed,
            warnings,
            internal_errors,
            hidden_by_baseline,
            limited_tests,
            elapsed_ms: started.elapsed().as_millis(),
        })
    })
}

/// The workers for `jobs` threads (`None`: one per core), made once per
/// process and count: the language server runs the engine on every change.
/// Their stacks are large for deeply nested files (`frontend::depth`
/// bounds the depth parsers reach).
/// Where threads cannot be made (a process limit, an address-space limit:
/// each worker reserves `STACK` bytes), the pool is made with half as many
/// until it can be; not even one is an error.
fn pool(jobs: Option<usize>) -> Result<Arc<rayon::ThreadPool>, Error> {
    static POOLS: std::sync::Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> = std::sync::Mutex::new(vec![]);
    let want = threads(jobs);
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, pool)) = pools.iter().find(|(j, _)| *j == want) {
        return Ok(pool.clone());
    }
    let mut n = discover::spawnable(want).max(1);
    let pool = loop {
        let built = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .stack_size(crate::frontend::depth::STACK)
            .start_handler(|_| crate::frontend::depth::mark_big_stack())
            .build();
        match built {
            Ok(p) => break Arc::new(p),
            Err(_) if n > 1 => {
                n /= 2;
                // Threads of the failed attempt are still exiting.
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => return Err(Error::Threads(e.to_string())),
        }
    };
    pools.push((want, pool.clone()));
    Ok(pool)
}

/// How many worker threads `--jobs` asks for: one per core by default, and
/// never more than four per core (more only cost memory).
pub fn threads(jobs: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    jobs.unwrap_or(cores).clamp(1, 4 * cores)
}

/// Drop the findings an inline comment suppresses; report malformed,
/// unknown and unused suppressions as `unused-suppression` when that rule
/// runs. (It is a rule for `select`, `ignore`, `explain` and the docs; its
/// findings come from here, where every other rule's findings are known.)
fn apply_suppressions(findings: Vec<Finding>, project: &Project, rules: &[&'static Registered]) -> Vec<Finding> {
    let report = rules.iter().find(|r| r.id == "unused-suppression");
    let mut by_file: Vec<Vec<suppress::Directive>> = vec![vec![]; project.files.len()];
    let mut used: Vec<Vec<Vec<bool>>> = vec![vec![]; project.files.len()];
    for (id, file) in project.files.iter().enumerate() {
        if project.facts[id].is_none() || !file.text.contains("llmlint:") {
            continue;
        }
        by_file[id] = suppress::directives(&file.text, project.languages[id].comments());
        used[id] = by_file[id].iter().map(|d| vec![false; d.rules.len()]).collect();
    }
    let mut kept = vec![];
    for f in findings {
        let file = f.location.file;
        let line = project.files[file].text_position(f.location.span.start).line;
        let mut suppressed = false;
        for (di, d) in by_file[file].iter().enumerate() {
            if d.line.is_some_and(|l| l != line) {
                continue;
            }
            if let Some(ri) = d.rules.iter().position(|(r, _)| r == f.rule) {
                used[file][di][ri] = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(f);
        }
    }
    let Some(report) = report else { return kept };
    let ran = |id: &str| rules.iter().any(|r| r.id == id);
    for (file, directives) in by_file.iter().enumerate() {
        for (di, d) in directives.iter().enumerate() {
            let mut problems: Vec<(crate::base::source::Span, String)> = vec![];
            if let Some(why) = &d.malformed {
                problems.push((d.span, format!("malformed suppression: {why}")));
            }
            for (ri, (id, span)) in d.rules.iter().enumerate() {
                if rules::find(id).is_none() {
                    problems.push((*span, format!("suppression names unknown rule `{id}`")));
                } else if ran(id) && !used[file][di][ri] && id != "unused-suppression" {
                    problems.push((*span, format!("unused suppression: no `{id}` finding here")));
                }
            }
            for (span, message) in problems {
                kept.push(Finding {
                    rule: report.id,
                    severity: report.meta.severity,
                    category: report.meta.category,
                    message,
                    location: crate::base::diagnostic::Location { file: FileId::new(file), span },
                    help: Some("remove it, or correct the rule id".into()),
                    fix: None,
                    cost: None,
                });
            }
        }
    }
    kept
}

/// A finding in a notebook names its cell, as Jupyter numbers them. Its fix
/// edits the cells' Python; it is kept only if it has an exact form in the
/// `.ipynb` JSON that holds them (`fix::in_notebook`), where it is applied.
fn in_notebook(f: &mut Finding, file: &SourceFile) {
    let Some(origin) = &file.origin else { return };
    if let Some((cell, line)) = origin.notebook.cell_of(f.location.span.start) {
        f.message = format!("{} (cell {cell}, line {line})", f.message);
    }
    f.fix = f.fix.take().filter(|fx| fix::in_notebook(origin, &fx.edits).is_some());
}

/// The file opened once: its size is read from the open file (a second
/// lookup of the path cost a tenth of a run on large trees), and no more
/// than the limit is read if it grows meanwhile.
pub(crate) fn read(path: &std::path::Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let over = |len: u64| format!("skipped: {len} bytes is over the {max} byte limit (--max-file-size)");
    // Opened without blocking (a FIFO put in the file's place after the
    // walk would wait for a writer), then the opened file itself is checked:
    // a regular file, or nothing is read (`/dev/zero` never ends).
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| format!("skipped: {}", discover::io_reason(&e)))?;
    let meta = file.metadata().map_err(|e| format!("skipped: {}", discover::io_reason(&e)))?;
    if !meta.is_file() {
        return Err("skipped: not a regular file".into());
    }
    let len = meta.len();
    if len > max {
        return Err(over(len));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| format!("skipped: {}", discover::io_reason(&e)))?;
    if bytes.len() as u64 > max {
        return Err(over(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| "skipped: not valid UTF-8".to_string())
}

/// Decision: a test file found by walking is checked only by the rules that
/// apply to any file (keys, suppression comments). The other rules are about
/// production traffic, and tests call mocks, fixtures and legacy endpoints on
/// purpose: their model ids, caps and retries are data. (semgrep's defaults
/// skip test directories altogether.) A test file named on the command line
/// or open in an editor is checked in full, and `--include-tests` /
/// `include-tests = true` checks every test file.
fn limited(d: &Discovered, options: &Options) -> bool {
    d.test && !d.explicit && !options.include_tests
}

/// What reading and prefiltering a file left to do.
enum Admitted {
    /// Parse this text, of the SDK package it belongs to, if any.
    Parse(String, Option<crate::base::source::Package>),
    /// Nothing an enabled rule looks for is in it: not parsed, and its text
    /// is dropped to keep memory flat on large trees.
    Skipped,
    /// A rule's trigger words but no sign of a request of its own: parsed
    /// later if it imports a name of the project's LLM layer. Its import
    /// lines are kept to tell (`prefilter::import_lines`), not its text.
    Deferred(String),
    /// It could not be read: why.
    Failed(String),
}

type Manifests = std::sync::Mutex<std::collections::HashMap<PathBuf, Option<crate::base::source::Package>>>;

/// The JavaScript SDK whose own code a JS/TS file is: the nearest
/// `package.json` above it names one (read once per directory).
fn js_sdk_package(d: &Discovered) -> Option<crate::base::source::Package> {
    static NEAREST: std::sync::OnceLock<Manifests> = std::sync::OnceLock::new();
    if !matches!(d.language, Language::JavaScript | Language::TypeScript | Language::Tsx) {
        return None;
    }
    nearest_sdk_manifest(d.path.parent()?, NEAREST.get_or_init(Default::default), 0)
}

fn nearest_sdk_manifest(dir: &std::path::Path, cache: &Manifests, hops: usize) -> Option<crate::base::source::Package> {
    if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(dir) {
        return found.clone();
    }
    let manifest = dir.join("package.json");
    let found = if manifest.is_file() {
        // The nearest manifest ends the search, whatever it names.
        std::fs::read_to_string(&manifest)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v.get("name")?.as_str().map(str::to_string))
            .filter(|name| crate::knowledge::sdks::js_sdk_package(name))
            .map(|name| crate::base::source::Package { root: dir.to_path_buf(), name })
    } else {
        match dir.parent() {
            Some(up) if hops < 32 => nearest_sdk_manifest(up, cache, hops + 1),
            _ => None,
        }
    };
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf(), found.clone());
    found
}

/// Read and prefilter one file. `prefilter` is `None` for files loaded
/// because another file imports from them.
fn admit(d: &Discovered, text: Result<String, String>, prefilter: Option<&Prefilter>, options: &Options) -> Admitted {
    let text = match text {
        Ok(t) => t,
        Err(why) => return Admitted::Failed(why),
    };
    // Editors do not count a byte-order mark as a column.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    // An SDK's own code: a Python file in a directory named as the SDK's
    // package, a JavaScript/TypeScript file of the SDK's npm package.
    let package = js_sdk_package(d);
    let sdk_package = package.is_some() || crate::knowledge::sdks::in_python_sdk_package(&d.path);
    match prefilter {
        Some(p) if !p.matches_in(text.as_bytes(), d.language, limited(d, options), sdk_package) => {
            // Its import lines only (the rest is dropped): whether it uses the
            // project's LLM layer is known once the layer is.
            let imports = match p.may_import_layer(d.language, limited(d, options)) {
                true => import_lines(&text),
                false => String::new(),
            };
            match imports.is_empty() {
                true => Admitted::Skipped,
                false => Admitted::Deferred(imports),
            }
        }
        _ => Admitted::Parse(text, package),
    }
}

/// Parse what was admitted of one file.
fn load(id: FileId, d: &Discovered, admitted: Admitted, options: &Options) -> Loaded {
    let display = display_path(&d.path);
    // A file that could not be read or taken apart: a warning, nothing else.
    let failed = |why: String| Loaded {
        file: SourceFile::new(d.path.clone(), display.clone(), String::new()),
        language: d.language,
        facts: None,
        parsed: true,
        warning: Some(format!("{display}: {why}")),
        deferred: None,
    };
    let (text, package) = match admitted {
        Admitted::Parse(text, package) => (text, package),
        Admitted::Failed(why) => return failed(why),
        skipped @ (Admitted::Skipped | Admitted::Deferred(_)) => {
            let file = SourceFile::new(d.path.clone(), display, String::new());
            let deferred = match skipped {
                Admitted::Deferred(imports) => Some((d.clone(), imports)),
                _ => None,
            };
            return Loaded { file, language: d.language, facts: None, parsed: false, warning: None, deferred };
        }
    };
    let file = if d.language == Language::Notebook {
        match crate::frontend::notebook::extract(&text) {
            Ok(nb) => SourceFile::notebook(d.path.clone(), display.clone(), text, nb),
            Err(e) => return failed(format!("skipped, could not parse: {e}")),
        }
    } else {
        let mut file = SourceFile::new(d.path.clone(), display.clone(), text);
        file.package = package;
        file
    };
    // A bug in a frontend must cost one file, not the run.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analysis::facts(&file, id, d.language, options.tables()).map(|mut f| {
            f.is_test = d.test;
            f.limited = limited(d, options);
            if d.explicit || options.include_tests {
                f.test_spans.clear();
            }
            f
        })
    }));
    let (facts, warning) = match result {
        Ok(Ok(facts)) => {
            let warning = facts
                .syntax_error
                .as_ref()
                .map(|e| format!("{display}: syntax error, {e}; checked the code around it"));
            (Some(facts), warning)
        }
        Ok(Err(e)) => (None, Some(format!("{display}: skipped, could not parse: {e}"))),
        Err(_) => (
            None,
            Some(format!(
                "{display}: {INTERNAL} while analysing this file; please report it at https://github.com/llmlint/llmlint/issues"
            )),
        ),
    };
    Loaded { file, language: d.language, facts, parsed: true, warning, deferred: None }
}

#[cfg(all(test, unix))]
mod tests {
    /// A path that is a FIFO or a device by the time it is read (issue 21,
    /// item 9) is refused at once: opening does not wait for a writer, and
    /// `/dev/zero` is not read without end.
    #[test]
    fn a_fifo_or_a_device_is_refused_without_blocking() {
        let dir = std::env::temp_dir().join(format!("llmlint-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("pipe.py");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let started = std::time::Instant::now();
        assert_eq!(super::read(&fifo, 1 << 20), Err("skipped: not a regular file".to_string()));
        assert_eq!(
            super::read(std::path::Path::new("/dev/zero"), 1 << 20),
            Err("skipped: not a regular file".to_string())
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let file = dir.join("ok.py");
        std::fs::write(&file, "x = 1\n").unwrap();
        assert_eq!(super::read(&file, 1 << 20), Ok("x = 1\n".to_string()));
        std::fs::remove_dir_all(&dir).ok();
    }
}
