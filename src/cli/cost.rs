//! `llmlint cost`: one row per API call site, worst case first, with a total.

use std::process::ExitCode;

use crate::cli::{CostArgs, fail};
use crate::engine::{self, Options};
use crate::estimate;
use crate::report::cost_table;
use crate::rules::Settings;

pub fn run(args: CostArgs) -> ExitCode {
    let models = match crate::cli::load_models(args.models.as_deref()) {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let options = Options {
        paths: args.paths.clone(),
        settings: Settings { calls_per_day: args.calls_per_day, ..Default::default() },
        jobs: args.jobs,
        models,
        ..Options::default()
    };
    let run = match engine::run(&options) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let table = estimate::table(&run, options.models(), args.typical_output);
    print!("{}", cost_table::render(args.format, &table));
    for w in &run.warnings {
        eprintln!("warning: {w}");
    }
    ExitCode::SUCCESS
}
