//! `llmlint cost`: one row per API call site, worst case first, with a total.

use std::process::ExitCode;

use crate::cli::{CostArgs, fail};
use crate::engine;
use crate::report::cost_table;
use crate::report::estimate;

pub fn run(args: CostArgs) -> ExitCode {
    let common = crate::cli::Common {
        extend_select: &[],
        paths: &args.paths,
        config: args.config.as_deref(),
        models: args.models.as_deref(),
        select: &[],
        ignore: &[],
        calls_per_day: args.calls_per_day,
    };
    let mut options = match crate::cli::options(common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    options.jobs = args.jobs;
    options.include_tests |= args.include_tests;
    let run = match engine::run(&options) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let table = estimate::table(&run, options.models(), args.typical_output);
    use std::io::IsTerminal;
    let width = crate::cli::known_width(std::io::stdout().is_terminal());
    print!("{}", cost_table::render(args.format, &table, width));
    for w in &run.warnings {
        eprintln!("warning: {w}");
    }
    run.exit();
    ExitCode::SUCCESS
}
