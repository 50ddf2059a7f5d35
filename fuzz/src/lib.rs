//! What the fuzz targets share.

use std::path::PathBuf;
use std::sync::OnceLock;

/// With `FUZZ_LAST_INPUT` set, each input is written there before it runs.
/// A stack overflow on a worker thread kills the process before libFuzzer
/// can save the input (no handler runs on an overflowed stack), so
/// `campaign.sh` keeps this file as the crash when a fuzzer dies that way.
fn remember(text: &str) {
    static PATH: OnceLock<Option<PathBuf>> = OnceLock::new();
    if let Some(path) = PATH.get_or_init(|| std::env::var_os("FUZZ_LAST_INPUT").map(PathBuf::from)) {
        let _ = std::fs::write(path, text);
    }
}

/// The frontend on `text` whatever it holds, then the whole engine as
/// `--stdin-filename` does (prefilter, frontend, project index, every rule,
/// suppressions). (Through the engine alone, input without the words of an
/// API call would never reach the frontend: the prefilter skips it.)
pub fn frontend(language: llmlint::base::language::Language, path: &str, text: &str) {
    remember(text);
    let file = llmlint::base::source::SourceFile::new(PathBuf::from(path), path.to_string(), text.to_string());
    // On a stack as large as the engine's workers have.
    std::thread::scope(|s| {
        let analysis = std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn_scoped(s, || llmlint::analysis::facts(&file, 0.into(), language, llmlint::analysis::Tables::builtin()))
            .expect("a thread");
        if let Err(panic) = analysis.join() {
            std::panic::resume_unwind(panic);
        }
    });
    let options = llmlint::engine::Options {
        stdin: Some((PathBuf::from(path), text.to_string())),
        jobs: Some(1),
        ..Default::default()
    };
    let run = llmlint::engine::run(&options).expect("stdin runs");
    // A panic inside is caught per file and reported; for fuzzing it is a bug.
    assert_eq!(run.internal_errors, 0, "internal error on {language:?} input");
    for f in &run.findings {
        let file = &run.project.files[f.location.file];
        assert!(f.location.span.start <= f.location.span.end && f.location.span.end <= file.text.len());
        let _ = file.position(f.location.span.end);
    }
}
