//! The run's options, from the command line and the configuration file.

use std::path::{Path, PathBuf};

use crate::config::{ConfigError, discover, load};

/// What `check`, `cost` and the language server share: the paths, and the
/// flags that the config file also sets.
pub struct Common<'a> {
    pub paths: &'a [PathBuf],
    pub config: Option<&'a Path>,
    pub models: Option<&'a Path>,
    pub select: &'a [String],
    /// Rules added to `select` (the config's or the command line's).
    pub extend_select: &'a [String],
    pub ignore: &'a [String],
    pub calls_per_day: Option<f64>,
}

/// Why options could not be made.
#[derive(Debug)]
pub enum Failure {
    Config(ConfigError),
    Other(String),
}

/// Engine options from the command line and the configuration file. The
/// command line wins: `--select` replaces the config's `select` and `ignore`
/// (the command line then says exactly what runs), `--ignore` adds to the
/// config's `ignore`, `--extend-select` adds to whichever `select` holds,
/// `--models` is applied over the config's `[[models]]`.
pub fn resolve(c: Common) -> Result<crate::engine::Options, Failure> {
    use std::sync::Arc;
    let found = match c.config {
        Some(p) => Some(p.to_path_buf()),
        None => discover(c.paths.first().map(PathBuf::as_path).unwrap_or(Path::new("."))),
    };
    let config = found.as_deref().map(load).transpose().map_err(Failure::Config)?;
    let mut models = None;
    if let Some(cfg) = config.as_ref().filter(|c| !c.models.is_empty() || !c.deployments.is_empty()) {
        let t = crate::knowledge::models::ModelTable::builtin()
            .with_entries(cfg.models.clone())
            .and_then(|t| t.with_deployments(cfg.deployments.clone()))
            .map_err(|e| Failure::Other(format!("{}: {e}", cfg.path.display())))?;
        models = Some(Arc::new(t));
    }
    if let Some(path) = c.models {
        let text = std::fs::read_to_string(path).map_err(|e| Failure::Other(format!("{}: {e}", path.display())))?;
        let base: &crate::knowledge::models::ModelTable =
            models.as_deref().unwrap_or(crate::knowledge::models::ModelTable::builtin());
        let table = base.with_overrides(&text).map_err(|e| Failure::Other(format!("{}: {e}", path.display())))?;
        models = Some(Arc::new(table));
    }
    let mut select = match (c.select.is_empty(), config.as_ref().and_then(|cfg| cfg.select.clone())) {
        (true, Some(s)) => s,
        _ => c.select.to_vec(),
    };
    // An empty selection is every rule already: nothing to extend.
    if !select.is_empty() {
        select.extend(c.extend_select.iter().cloned());
    }
    let mut ignore = match c.select.is_empty() {
        true => config.as_ref().map(|cfg| cfg.ignore.clone()).unwrap_or_default(),
        false => vec![],
    };
    ignore.extend(c.ignore.iter().cloned());
    let settings = crate::rules::Settings {
        calls_per_day: c.calls_per_day.or(config.as_ref().and_then(|cfg| cfg.calls_per_day)),
        options: config.as_ref().map(|cfg| cfg.options.clone()).unwrap_or_default(),
    };
    Ok(crate::engine::Options {
        paths: c.paths.to_vec(),
        select,
        ignore,
        settings,
        models,
        include_tests: config.as_ref().is_some_and(|cfg| cfg.include_tests),
        config: config.map(Arc::new),
        ..crate::engine::Options::default()
    })
}

/// The command line's exclusions: globs over paths relative to the current
/// directory (a directory's glob excludes what is under it).
#[derive(Debug)]
pub struct Exclude {
    set: globset::GlobSet,
    cwd: PathBuf,
    /// `--exclude` was given: the config's `exclude` no longer applies.
    pub replaces_config: bool,
}

impl Exclude {
    /// From `--exclude` and `--extend-exclude`; `None` when neither is given.
    pub fn new(exclude: &[String], extend: &[String]) -> Result<Option<Exclude>, String> {
        if exclude.is_empty() && extend.is_empty() {
            return Ok(None);
        }
        let mut b = globset::GlobSetBuilder::new();
        for pattern in exclude.iter().chain(extend) {
            let trimmed = pattern.trim().trim_start_matches("./").trim_end_matches('/');
            b.add(globset::Glob::new(trimmed).map_err(|e| format!("bad glob `{pattern}`: {e}"))?);
        }
        let set = b.build().map_err(|e| e.to_string())?;
        let cwd = std::env::current_dir().unwrap_or_default();
        Ok(Some(Exclude { set, cwd, replaces_config: !exclude.is_empty() }))
    }

    pub fn matches(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.cwd).unwrap_or(path);
        let rel = rel.strip_prefix(".").unwrap_or(rel);
        rel.ancestors().any(|a| !a.as_os_str().is_empty() && self.set.is_match(a))
    }
}
