//! `llmlint check`: lint, or fix (`--fix`, `--diff`), or record a baseline.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use crate::base::language::Language;
use crate::base::text::plural;
use crate::cli::{CheckArgs, ColorChoice, Common, fail};
use crate::engine::fix;
use crate::engine::suppress::Baseline;
use crate::engine::{self, Options, Run};
use crate::report::{self, Format, RenderOptions};

pub fn run(args: CheckArgs) -> ExitCode {
    if args.watch {
        return crate::cli::watch::watch(&args, || once(args.clone()));
    }
    once(args)
}

fn once(mut args: CheckArgs) -> ExitCode {
    // `check -` reads standard input, as ruff does: as the file
    // `--stdin-filename` names, else as Python.
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() > 1 {
            return fail("`-` (standard input) cannot be given with other paths");
        }
        args.stdin_filename.get_or_insert_with(|| std::path::PathBuf::from("stdin.py"));
    }
    let stdin = match &args.stdin_filename {
        Some(name) => {
            let mut text = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut text) {
                return fail(format!("could not read standard input: {e}"));
            }
            Some((name.clone(), text))
        }
        None => None,
    };
    let common = Common {
        paths: match &stdin {
            Some((name, _)) => std::slice::from_ref(name),
            None => &args.paths,
        },
        config: args.config.as_deref(),
        models: args.models.as_deref(),
        select: &args.select,
        extend_select: &args.extend_select,
        ignore: &args.ignore,
        calls_per_day: args.calls_per_day,
    };
    let mut options = match crate::cli::options(common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    options.paths = args.paths.clone();
    options.max_file_size = args.max_file_size;
    options.include_tests |= args.include_tests;
    options.jobs = args.jobs;
    options.stdin = stdin;
    options.exclude = match engine::options::Exclude::new(&args.exclude, &args.extend_exclude) {
        Ok(e) => e,
        Err(e) => return fail(e),
    };
    if args.show_settings {
        return match crate::cli::settings::describe(&options, &args.paths) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        };
    }
    if let Some(path) = &args.baseline {
        match Baseline::read(path) {
            Ok(b) => options.baseline = Some(b),
            Err(e) => return fail(e),
        }
    }
    let mut run = match engine::run(&options) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    // Once per run, on stderr: the findings themselves stay as they are.
    if let Some(note) = options.models().staleness(&crate::base::cost::today())
        && !args.quiet
    {
        eprintln!("note: {note}");
    }
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(&run.findings, &run.project.files);
        let text = serde_json::to_string_pretty(&baseline).expect("serialisable") + "\n";
        if let Err(e) = fix::write_atomic(path, &text) {
            return fail(format!("{}: {e}", path.display()));
        }
        eprintln!("wrote {} findings to {}", baseline.findings.len(), path.display());
        return ExitCode::SUCCESS;
    }
    if args.fix || args.diff {
        match apply_fixes(&args, &options, &run) {
            Ok(FixOutcome::Diffed(any)) => return if any { ExitCode::from(1) } else { ExitCode::SUCCESS },
            Ok(FixOutcome::Stdout(code)) => return code,
            Ok(FixOutcome::Written { mut failed, mut fixed, mut files, mut made }) => {
                // Lint again and fix what the fixes made fixable (a model
                // swapped in has its own limits), until nothing changes, as
                // ruff does: a second `--fix` then finds nothing to do.
                for round in 1.. {
                    run = match engine::run(&options) {
                        Ok(r) => r,
                        Err(e) => return fail(e),
                    };
                    if failed || fixed == 0 || round == MAX_FIX_ROUNDS {
                        break;
                    }
                    match apply_fixes(&args, &options, &run) {
                        Ok(FixOutcome::Written { failed: f, fixed: n, files: more, made: also }) if n > 0 => {
                            (failed, fixed) = (f, fixed + n);
                            files.extend(more);
                            merge(&mut made, also);
                        }
                        _ => break,
                    }
                }
                eprintln!("fixed {} in {}", plural(fixed, "finding"), plural(files.len(), "file"));
                if args.show_fixes {
                    eprint!("{}", enumerate_fixes(&made));
                }
                note_unsafe_fixes(&args, &run);
                if failed {
                    report_run(&args, &run);
                    run.exit();
                    return ExitCode::from(2);
                }
            }
            Err(code) => return code,
        }
    }
    let code = report_run(&args, &run);
    run.exit();
    code
}

enum FixOutcome {
    /// `--diff`: whether there was anything to change.
    Diffed(bool),
    /// `--stdin-filename` with `--fix`: the fixed text went to standard output.
    Stdout(ExitCode),
    /// `fixed` findings fixed in the `files` written (`made`: how many of
    /// each rule in each file); `failed`: a file could not be written (exit 2).
    Written { failed: bool, fixed: usize, files: std::collections::BTreeSet<String>, made: Made },
}

/// Per file shown, per rule: how many fixes.
type Made = BTreeMap<String, BTreeMap<&'static str, usize>>;

fn merge(into: &mut Made, more: Made) {
    for (file, rules) in more {
        for (rule, n) in rules {
            *into.entry(file.clone()).or_default().entry(rule).or_default() += n;
        }
    }
}

/// `--show-fixes`: ruff's enumeration, one line per file and rule.
fn enumerate_fixes(made: &Made) -> String {
    let mut out = String::new();
    for (file, rules) in made {
        out.push_str(&format!(
            "- {file}:
"
        ));
        for (rule, n) in rules {
            out.push_str(&format!("    {n} × {rule}\n"));
        }
    }
    out
}

/// How many times `--fix` lints and fixes again before it stops: fixes that
/// undo each other must not loop.
const MAX_FIX_ROUNDS: usize = 10;

/// Apply (or show) the fixes of the run: per file, the fixes of allowed
/// applicability that do not overlap; a file whose fixed text does not parse
/// is left untouched.
fn apply_fixes(args: &CheckArgs, options: &Options, run: &Run) -> Result<FixOutcome, ExitCode> {
    let mut per_file: BTreeMap<crate::base::ids::FileId, Vec<(&'static str, &crate::base::diagnostic::Fix)>> =
        BTreeMap::new();
    for f in &run.findings {
        if let Some(fx) = &f.fix {
            per_file.entry(f.location.file).or_default().push((f.rule, fx));
        }
    }
    let mut made = Made::new();
    let (mut fixed, mut files, mut failed) = (0, 0, false);
    let mut written = std::collections::BTreeSet::new();
    let mut out = String::new();
    for (id, fixes) in &per_file {
        let file = &run.project.files[*id];
        // A file another file imports from (`../shared/conf.js`, a
        // package in `node_modules`) is read for its values, not fixed.
        if id.index() >= run.given {
            eprintln!("note: {}: not fixed: it is outside the paths given", file.display);
            continue;
        }
        let (edits, rules) = fix::select_tagged(fixes.iter().copied(), args.unsafe_fixes);
        let count = rules.len();
        if edits.is_empty() {
            continue;
        }
        // A notebook is fixed in its `.ipynb` text, as it is on disk.
        let (on_disk, edits) = match &file.origin {
            Some(origin) => match fix::in_notebook(origin, &edits) {
                Some(mapped) => (&origin.file.text, mapped),
                None => {
                    eprintln!("warning: {}: the fixes do not fit the notebook's cells; nothing written", file.display);
                    continue;
                }
            },
            None => (&file.text, edits),
        };
        let language = Language::from_path(&file.path).unwrap_or(Language::Python);
        let text = match fix::fixed_text(language, on_disk, &edits) {
            Ok(t) => t,
            Err(why) => {
                eprintln!("warning: {}: {why}; nothing written", file.display);
                continue;
            }
        };
        if args.diff {
            let diff = engine::diff::unified(&file.display, on_disk, &run.shown_on_disk(*id), &edits);
            if diff.withheld > 0 {
                eprintln!(
                    "note: {}: {} not shown: a line it changes or needs as context holds a key; `--fix` applies it",
                    file.display,
                    crate::base::text::plural(diff.withheld, "change")
                );
            }
            out.push_str(&diff.text);
        } else if options.stdin.is_some() {
            print!("{text}");
            let _ = std::io::stdout().flush();
            let remaining = run.findings.len().saturating_sub(count);
            return Ok(FixOutcome::Stdout(if remaining > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }));
        } else if let Err(e) = fix::write_fixed(&file.path, on_disk, &text) {
            // That file only: the others are fixed and the findings reported.
            eprintln!("error: {}: {e}; nothing written", file.display);
            failed = true;
            continue;
        }
        fixed += count;
        files += 1;
        if !args.diff {
            written.insert(file.display.clone());
        }
        for rule in rules {
            *made.entry(file.display.clone()).or_default().entry(rule).or_default() += 1;
        }
    }
    if options.stdin.is_some() && !args.diff {
        // Nothing to fix: the text goes back unchanged.
        if let Some((_, text)) = &options.stdin {
            print!("{text}");
        }
        return Ok(FixOutcome::Stdout(if run.findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }));
    }
    if args.diff {
        print!("{out}");
        eprintln!("{} available in {}", plural(fixed, "fix"), plural(files, "file"));
        if args.show_fixes {
            eprint!("{}", enumerate_fixes(&made));
        }
        note_unsafe_fixes(args, run);
        return Ok(FixOutcome::Diffed(fixed > 0));
    }
    Ok(FixOutcome::Written { failed, fixed, files: written, made })
}

/// `--fix` / `--diff` without `--unsafe-fixes`: how many fixes that left.
fn note_unsafe_fixes(args: &CheckArgs, run: &Run) {
    use crate::base::diagnostic::Applicability;
    let unsafe_left = run.findings.iter().filter(|f| report::fixable(f) == Some(Applicability::Unsafe)).count();
    if !args.unsafe_fixes && unsafe_left > 0 && !args.quiet {
        eprintln!(
            "note: {} more with `--unsafe-fixes` (they change behaviour, such as a model swap: review them with `--diff --unsafe-fixes`)",
            plural(unsafe_left, "fix")
        );
    }
}

fn report_run(args: &CheckArgs, run: &Run) -> ExitCode {
    let stdout_tty = args.output_file.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = crate::cli::terminal_width(stdout_tty);
    let mut text = match args.statistics && matches!(args.format, Format::Human | Format::Concise) {
        // ruff's --statistics: the counts instead of the findings.
        true => statistics(run),
        false => report::render(args.format, run, &RenderOptions { color, width, fail_on: args.fail_on.threshold() }),
    };
    if args.quiet && args.format == Format::Human && !args.statistics {
        // Keep the findings, drop the summary line.
        if let Some(i) = text.trim_end().rfind("\n\n") {
            text.truncate(i + 2);
        } else {
            text.clear();
        }
    }
    match &args.output_file {
        Some(path) => {
            if let Err(e) = fix::write_atomic(path, &text) {
                return fail(format!("{}: {e}", path.display()));
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
    }
    for w in run.warnings.iter().filter(|w| !args.quiet || w.contains("internal error")) {
        eprintln!("warning: {w}");
    }
    if !args.quiet {
        for note in notes(args, run) {
            eprintln!("note: {note}");
        }
    }
    if run.internal_errors > 0 {
        eprintln!(
            "error: {} internal error{} (see the warnings above)",
            run.internal_errors,
            if run.internal_errors == 1 { "" } else { "s" }
        );
        return ExitCode::from(2);
    }
    let threshold = args.fail_on.threshold();
    let failing = run.findings.iter().any(|f| f.severity >= threshold);
    if failing && !args.exit_zero { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Counts per rule, most first, with how many of each `--fix` can fix.
fn statistics(run: &Run) -> String {
    let mut by_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for f in &run.findings {
        let e = by_rule.entry(f.rule).or_default();
        e.0 += 1;
        e.1 += usize::from(report::fixable(f).is_some());
    }
    let mut rows: Vec<_> = by_rule.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let mut out = String::new();
    for (rule, (n, fixable)) in rows {
        let mark = if fixable > 0 { format!("  ({fixable} with a fix)") } else { String::new() };
        out.push_str(&format!("{n:5}  {rule}{mark}\n"));
    }
    out
}

/// One line each on what a run did not check or did not show.
fn notes(args: &CheckArgs, run: &Run) -> Vec<String> {
    let mut out = vec![];
    if run.files_scanned == 0 && args.stdin_filename.is_none() {
        out.push("no files were checked: nothing under the paths given is a kind of file llmlint reads (or all of it is excluded)".into());
    }
    if run.limited_tests > 0 {
        out.push(format!(
            "{} checked only for keys and suppressions (`--include-tests` checks them with every rule)",
            plural(run.limited_tests, "test file")
        ));
    }
    if run.hidden_by_baseline > 0 {
        out.push(format!("{} hidden by the baseline", plural(run.hidden_by_baseline, "finding")));
    }
    out
}
