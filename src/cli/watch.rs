//! `check --watch`: check, then check again whenever a file the check reads
//! changes (added, removed, written) or the config file does, until
//! interrupted. ruff's flag of the same name. Changes are seen by polling
//! the files' sizes and modification times: no platform notification API,
//! and the walk is the check's own (ignore files, exclusions of the walk).

use std::hash::{Hash, Hasher};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use crate::cli::CheckArgs;

/// How often the files are looked at.
const POLL: Duration = Duration::from_millis(300);

/// Run `check` now and after every change; returns only if the files cannot
/// be walked (exit 2).
pub fn watch(args: &CheckArgs, mut check: impl FnMut() -> ExitCode) -> ExitCode {
    let tty = std::io::stdout().is_terminal();
    let mut seen = match state(&args.paths) {
        Ok(s) => s,
        Err(e) => return crate::cli::fail(e),
    };
    loop {
        if tty {
            // Clear the screen and scroll-back, as ruff does: one report at a time.
            print!("\x1b[2J\x1b[3J\x1b[H");
        }
        check();
        eprintln!("[{}] watching for changes (Ctrl-C stops)", clock());
        loop {
            std::thread::sleep(POLL);
            match state(&args.paths) {
                Ok(now) if now != seen => {
                    seen = now;
                    break;
                }
                Ok(_) => {}
                Err(e) => return crate::cli::fail(e),
            }
        }
    }
}

/// A fingerprint of what a check would read: every file the walk finds
/// (path, size, modification time) and the config file that applies.
fn state(paths: &[PathBuf]) -> Result<u64, String> {
    let stamp = |path: &std::path::Path| {
        let m = std::fs::metadata(path).ok()?;
        Some((m.len(), m.modified().ok()?))
    };
    let walked = crate::engine::discover::discover(paths, Some(1), |d| Some(stamp(&d.path)))
        .map_err(|e| format!("{}: {}", e.path.display(), e.why))?;
    let mut h = std::hash::DefaultHasher::new();
    for (d, s) in &walked.files {
        (&d.path, s).hash(&mut h);
    }
    let first = paths.first().map(PathBuf::as_path).unwrap_or(std::path::Path::new("."));
    if let Some(config) = crate::config::discover(first) {
        (&config, stamp(&config)).hash(&mut h);
    }
    Ok(h.finish())
}

/// The time of day, as `HH:MM:SS UTC` (no time zone database is read).
fn clock() -> String {
    let s = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) % 86_400;
    format!("{:02}:{:02}:{:02} UTC", s / 3600, s / 60 % 60, s % 60)
}
