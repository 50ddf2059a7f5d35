//! llmlint: a static-analysis and configuration linter for code that calls LLM
//! APIs. The pipeline (DESIGN.md): discover → prefilter → frontends → Facts →
//! rules → findings → report.

pub mod cli;
pub mod config;
pub mod cost;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod estimate;
pub mod facts;
pub mod fix;
pub mod lang;
pub mod lsp;
pub mod prefilter;
pub mod project;
pub mod report;
pub mod rules;
pub mod secrets;
pub mod source;
pub mod suppress;
