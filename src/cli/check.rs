//! `llmlint check`.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use crate::cli::{CheckArgs, ColorChoice, fail};
use crate::engine::{self, Options};
use crate::report::{self, Format, RenderOptions};
use crate::rules::Settings;

pub fn run(args: CheckArgs) -> ExitCode {
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
    let models = match crate::cli::load_models(args.models.as_deref()) {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let options = Options {
        paths: args.paths.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        settings: Settings { calls_per_day: args.calls_per_day, ..Default::default() },
        max_file_size: args.max_file_size,
        jobs: args.jobs,
        stdin,
        models,
    };
    let run = match engine::run(&options) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let stdout_tty = std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none(),
    };
    let width = if stdout_tty { 120 } else { 100 };
    let mut text = report::render(args.format, &run, &RenderOptions { color, width });
    if args.quiet && args.format == Format::Human {
        // Keep the findings, drop the summary line.
        if let Some(i) = text.trim_end().rfind('\n') {
            text.truncate(i + 1);
        } else {
            text.clear();
        }
    }
    if args.statistics && args.format != Format::Json {
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &run.findings {
            *by_rule.entry(f.rule).or_default() += 1;
        }
        for (rule, n) in by_rule {
            text.push_str(&format!("{n:5}  {rule}\n"));
        }
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    if !args.quiet {
        for w in &run.warnings {
            eprintln!("warning: {w}");
        }
    }
    let threshold = args.fail_on.threshold();
    if run.findings.iter().any(|f| f.severity >= threshold) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
