//! What the fuzz targets share.

use std::path::PathBuf;

/// Lint `text` as the file `path` through the whole engine (frontend,
/// project index, every rule, suppressions), as `--stdin-filename` does.
pub fn frontend(language: llmlint::lang::Language, path: &str, text: &str) {
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
