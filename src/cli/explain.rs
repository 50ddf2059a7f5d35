//! `llmlint explain RULE`: the rule's docs, as `rules/<id>.yaml` has them.

use std::process::ExitCode;

use crate::cli::fail;
use crate::rules;

pub fn run(id: &str) -> ExitCode {
    let Some(rule) = rules::find(id) else {
        return fail(format!("{} (see `llmlint rules`)", rules::unknown_message(id, "")));
    };
    let m = &rule.meta;
    println!("# {}\n", rule.id);
    println!("{} · {} · {}\n", m.category.name(), m.severity.name(), m.summary);
    print!("{}", m.docs);
    ExitCode::SUCCESS
}
