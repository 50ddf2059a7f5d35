//! The command line: clap definitions here, one file per subcommand.

mod check;
mod cost;
mod explain;
mod models;
mod rules;
mod settings;
mod watch;

pub use rules::markdown as rules_markdown;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::base::diagnostic::Severity;
use crate::report::Format;

#[derive(Parser, Debug)]
#[command(name = "llmlint", version, about = "A linter for code that calls LLM APIs", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files and directories (default: the current directory)
    Check(Box<CheckArgs>),
    /// List the rules: id, category, severity, fixable, summary
    Rules(RulesArgs),
    /// Show a rule's documentation
    Explain {
        /// The rule id, e.g. huge-max-tokens
        rule: String,
    },
    /// One row per API call site: model, caps, prompt size, $/call, $/1k calls
    Cost(CostArgs),
    /// The model table: list, search or show a model (any id form); import a price file
    Models(ModelsArgs),
    /// The language server, on standard input and output
    Server,
    /// Write a commented starter llmlint.toml in the current directory
    Init {
        /// Overwrite an existing llmlint.toml
        #[arg(long)]
        force: bool,
    },
    /// Print a shell's completion script (bash, zsh, fish, elvish, powershell)
    #[command(alias = "completions")]
    GenerateShellCompletion { shell: clap_complete::Shell },
}

#[derive(clap::Args, Debug)]
pub struct CostArgs {
    /// Files or directories to estimate
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = crate::report::cost_table::CostFormat::Human)]
    pub format: crate::report::cost_table::CostFormat,
    /// Output tokens of a typical answer (capped by each request's max)
    #[arg(long, default_value_t = crate::report::estimate::DEFAULT_TYPICAL_OUTPUT)]
    pub typical_output: u64,
    /// Requests per day per call site, for the findings' monthly figures
    #[arg(long)]
    pub calls_per_day: Option<f64>,
    /// Add or change models and prices, in the shape of rules/models.yaml
    #[arg(long, value_name = "FILE")]
    pub models: Option<PathBuf>,
    /// Use this configuration file instead of discovering one
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Worker threads (default: one per core; at most four per core)
    #[arg(long)]
    pub jobs: Option<usize>,
    /// List the requests test files make too
    #[arg(long)]
    pub include_tests: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct CheckArgs {
    /// Files or directories to lint
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format (given twice, the last wins: a wrapper's default can be overridden)
    #[arg(long, value_enum, default_value_t = Format::Human, overrides_with = "format")]
    pub format: Format,
    /// Run only these rules (comma-separated: rule ids, categories such as
    /// `cost` or `security`, or `ALL`); replaces the config's `select`
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Run these rules too (ids, categories), beside the `select` in force
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not run these rules (ids, categories)
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Skip paths matching these globs (comma-separated, relative to the
    /// current directory); replaces the config's `exclude`
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub exclude: Vec<String>,
    /// Skip paths matching these globs too, beside the config's `exclude`
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub extend_exclude: Vec<String>,
    /// Exit 0 even when there are findings (2 still means an error)
    #[arg(long)]
    pub exit_zero: bool,
    /// Write the report to this file instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity is reported
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Requests per day per call site, for monthly cost estimates
    #[arg(long)]
    pub calls_per_day: Option<f64>,
    /// Read the file to lint from standard input, as if it were at this path
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Skip files larger than this many bytes, with a warning
    #[arg(long, default_value_t = crate::engine::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Check test files with every rule (by default a test file found in a
    /// directory is checked only for keys and suppression comments)
    #[arg(long)]
    pub include_tests: bool,
    /// Worker threads (default: one per core; at most four per core)
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Print findings only: no summary line, no warnings about skipped files
    #[arg(long, short)]
    pub quiet: bool,
    /// Print a count of findings per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,
    /// Colour the human output: auto, always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Add or change models and prices, in the shape of rules/models.yaml
    #[arg(long, value_name = "FILE")]
    pub models: Option<PathBuf>,
    /// Use this configuration file instead of discovering one
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings that are not in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file, and exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Apply safe fixes
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, apply unsafe fixes too
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing
    #[arg(long)]
    pub diff: bool,
    /// With --fix or --diff, list the fixes per file and rule
    #[arg(long)]
    pub show_fixes: bool,
    /// Print the settings a check of these paths would use (config file,
    /// rules and severities, exclusions, model table), and lint nothing
    #[arg(long)]
    pub show_settings: bool,
    /// Check again whenever a file under the paths (or the config) changes
    #[arg(long, conflicts_with_all = ["fix", "diff", "write_baseline", "stdin_filename", "output_file", "show_settings"])]
    pub watch: bool,
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ModelsArgs {
    #[command(subcommand)]
    pub command: Option<ModelsCommand>,
    /// A model id in any form (`anthropic/claude-sonnet-4.5`, a Bedrock id):
    /// what the table says of it; or words to search ids, providers and
    /// states for (`gpt-6`, `deprecated`). Nothing: every model.
    pub query: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ModelsFormat::Table)]
    pub format: ModelsFormat,
    /// Add or change models and prices, in the shape of rules/models.yaml
    #[arg(long, value_name = "FILE")]
    pub models: Option<PathBuf>,
    /// Use this configuration file instead of discovering one
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
pub enum ModelsCommand {
    /// Read a price file you downloaded (LiteLLM's
    /// model_prices_and_context_window.json format), write the prices and
    /// limits that differ from the table as an override file, and print them
    Import {
        /// The price file
        file: PathBuf,
        /// Where to write the override file (use it with `--models FILE`)
        #[arg(long, short, value_name = "FILE", default_value = "llmlint-models.yaml")]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModelsFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    /// The docs page, as committed in docs/rules.md
    Markdown,
}

/// Run the command line; the exit code follows DESIGN.md: 0 clean, 1
/// findings at or above `--fail-on`, 2 usage, config or internal error.
pub fn main() -> ExitCode {
    // A panic inside one file's analysis is caught and reported as an internal
    // error for that file; print one line for it, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("llmlint: internal error{at}: {}", info.payload_as_str().unwrap_or("panic"));
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Rules(args) => rules::run(args),
        Command::Explain { rule } => explain::run(&rule),
        Command::Cost(args) => cost::run(args),
        Command::Models(args) => models::run(args),
        Command::Init { force } => init(force),
        Command::GenerateShellCompletion { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "llmlint", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Server => match crate::lsp::run_stdio() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(format!("server: {e}")),
        },
    }
}

pub(crate) use crate::engine::options::Common;

/// Engine options from the command line and the configuration file
/// (`config::resolve`); a bad config is printed with its code frame.
pub(crate) fn options(c: Common) -> Result<crate::engine::Options, ExitCode> {
    crate::engine::options::resolve(c).map_err(|e| match e {
        crate::engine::options::Failure::Config(e) => {
            eprintln!("{:?}", e.report());
            ExitCode::from(2)
        }
        crate::engine::options::Failure::Other(m) => fail(m),
    })
}

fn init(force: bool) -> ExitCode {
    let path = std::path::Path::new("llmlint.toml");
    if path.exists() && !force {
        return fail("llmlint.toml already exists (use --force to overwrite it)");
    }
    match std::fs::write(path, crate::config::STARTER) {
        Ok(()) => {
            println!("wrote llmlint.toml");
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("llmlint.toml: {e}")),
    }
}

/// An error for the user: printed with miette, exit 2.
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{:?}", miette::miette!("{message}"));
    ExitCode::from(2)
}

/// The width human output wraps at: the terminal's, else `COLUMNS`, else
/// 100 (a pipe or a file).
pub(crate) fn terminal_width(tty: bool) -> usize {
    known_width(tty).unwrap_or(100)
}

/// The terminal's width, else `COLUMNS`: `None` for a pipe or a file with
/// no `COLUMNS` (nothing to fit).
pub(crate) fn known_width(tty: bool) -> Option<usize> {
    let terminal = tty.then(terminal_size::terminal_size).flatten().map(|(w, _)| usize::from(w.0));
    let columns = || std::env::var("COLUMNS").ok()?.trim().parse::<usize>().ok();
    terminal.or_else(columns).filter(|&w| w >= 20).map(|w| w.min(400))
}
