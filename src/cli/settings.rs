//! `check --show-settings`: what a check would use for each path given,
//! resolved as the check resolves it (the config file found, the command
//! line over it): the rules that run with their severities, exclusions,
//! per-file ignores, whether test files are limited, the model table and
//! rule options. Nothing is linted. ruff's flag of the same name.

use std::fmt::Write;

use crate::base::language::Language;
use crate::engine::{self, Options};

/// The settings report for `paths`.
pub fn describe(options: &Options, paths: &[std::path::PathBuf]) -> Result<String, engine::Error> {
    let rules = engine::enabled_rules(&options.select, &options.ignore)?;
    let config = options.config.as_deref();
    let mut out = String::new();
    let line = |out: &mut String, key: &str, value: &str| {
        let _ = writeln!(out, "  {key:<18}{value}");
    };
    for (n, path) in paths.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let shown = crate::base::paths::display_path(path);
        let _ = writeln!(out, "Settings for {shown}");
        let config_file = match config {
            Some(c) => crate::base::paths::display_path(&c.path),
            None => "none (the defaults)".into(),
        };
        line(&mut out, "config file", &config_file);
        let is_dir = path.is_dir();
        if !is_dir {
            let language = match Language::from_path(path) {
                Some(l) => format!("{l:?}"),
                None => "none: llmlint does not read this file".into(),
            };
            line(&mut out, "read as", &language);
        }
        line(&mut out, "excluded", if options.excluded(path) { "yes (exclude)" } else { "no" });
        if is_dir {
            let tests = match options.include_tests {
                true => "checked with every rule (include-tests)",
                false => "checked for keys and suppressions only (--include-tests: every rule)",
            };
            line(&mut out, "test files", tests);
        } else {
            // A file named on the command line is checked in full.
            let test = match crate::engine::discover::is_test_path(path) {
                true => "yes; named here, so checked with every rule",
                false => "no",
            };
            line(&mut out, "test file", test);
        }
        let ignored_here: Vec<&str> = match config {
            Some(c) if !is_dir => c.ignored_rules(path),
            _ => vec![],
        };
        let running: Vec<_> = rules.iter().filter(|r| !ignored_here.contains(&r.id)).collect();
        line(&mut out, "rules", &format!("{} of {}", running.len(), crate::rules::all().len()));
        let id_width = running.iter().map(|r| r.id.len()).max().unwrap_or(0) + 2;
        for r in &running {
            let severity = config.and_then(|c| c.severity.get(r.id)).copied().unwrap_or(r.meta.severity);
            let changed = if severity == r.meta.severity { "" } else { " (set in the config)" };
            let _ = writeln!(out, "    {:<id_width$}{:<13}{}{changed}", r.id, r.meta.category.name(), severity.name());
        }
        if !ignored_here.is_empty() {
            line(&mut out, "per-file ignores", &ignored_here.join(", "));
        }
        let per_day = match options.settings.calls_per_day {
            Some(n) => format!("{n}"),
            None => "unset (no monthly estimates)".into(),
        };
        line(&mut out, "calls per day", &per_day);
        let models = options.models();
        let table =
            if options.models.is_some() { "the built-in table with your entries" } else { "the built-in table" };
        line(&mut out, "models", &format!("{table}: {} ids, prices as of {}", models.all_ids().count(), models.as_of));
        if let Some(c) = config.filter(|c| !c.wrappers.is_empty()) {
            let names: Vec<&str> = c.wrappers.iter().map(|w| w.function.as_str()).collect();
            line(&mut out, "wrappers", &names.join(", "));
        }
        for (rule, opts) in &options.settings.options {
            line(&mut out, "options", &format!("{rule}: {}", serde_json::to_string(opts).unwrap_or_default()));
        }
        line(&mut out, "max file size", &format!("{} bytes", options.max_file_size));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_lists_every_rule_and_the_defaults() {
        let options = Options::default();
        let text = describe(&options, &[std::path::PathBuf::from(".")]).unwrap();
        assert!(text.starts_with("Settings for .\n  config file       none (the defaults)\n"), "{text}");
        let n = crate::rules::all().len();
        assert!(text.contains(&format!("  rules             {n} of {n}\n")), "{text}");
        assert!(text.contains("    deprecated-model"), "{text}");
        assert!(!text.contains("read as"), "{text}");
    }

    #[test]
    fn a_selection_narrows_the_rules() {
        let options = Options { select: vec!["security".into()], ..Options::default() };
        let text = describe(&options, &[std::path::PathBuf::from("app.py")]).unwrap();
        assert!(text.contains("  read as           Python\n"), "{text}");
        assert!(text.contains("    hardcoded-api-key"), "{text}");
        assert!(!text.contains("    deprecated-model"), "{text}");
    }
}
