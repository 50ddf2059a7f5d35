//! Renderers. Each turns a finished run into text; nothing here decides what
//! is a finding.

pub mod concise;
pub mod cost_table;
pub mod estimate;
pub mod frame;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use crate::base::diagnostic::{Finding, Severity};
use crate::base::source::{Position, SourceFile};
use crate::engine::Run;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    Markdown,
}

/// A finding with its file and positions resolved.
pub struct Located<'a> {
    pub finding: &'a Finding,
    pub file: &'a SourceFile,
    /// The file's name as a terminal may print it (`printable`); formats
    /// that escape their own text (JSON, SARIF) use `file.display`.
    pub name: std::borrow::Cow<'a, str>,
    pub start: Position,
    pub end: Position,
}

pub fn locate<'a>(run: &'a Run) -> Vec<Located<'a>> {
    run.findings
        .iter()
        .map(|f| {
            let file = &run.project.files[f.location.file];
            Located {
                finding: f,
                file,
                name: crate::base::text::printable(&file.display),
                start: file.position(f.location.span.start),
                end: file.position(f.location.span.end),
            }
        })
        .collect()
}

/// How a finding's fix applies, when it has edits to apply.
pub fn fixable(f: &crate::base::diagnostic::Finding) -> Option<crate::base::diagnostic::Applicability> {
    f.fix.as_ref().filter(|x| !x.edits.is_empty()).map(|x| x.applicability)
}

pub fn count(run: &Run, severity: Severity) -> usize {
    run.findings.iter().filter(|f| f.severity == severity).count()
}

pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
    /// `--fail-on`: what a JUnit test case fails on.
    pub fail_on: Severity,
}

pub fn render(format: Format, run: &Run, options: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(run, options),
        Format::Concise => concise::render(run),
        Format::Json => json::render(run),
        Format::Sarif => sarif::render(run),
        Format::Github => github::render(run),
        Format::Gitlab => gitlab::render(run),
        Format::Junit => junit::render(run, options),
        Format::Markdown => markdown::render(run),
    }
}
