//! llmlint: a static-analysis and configuration linter for code that calls LLM
//! APIs. The pipeline and the layers are described in `docs/architecture.md`:
//! discover → prefilter → frontend (syntax → IR) → analysis (IR → Facts) →
//! project (the cross-file link) → rules (Facts → findings) → report.
//!
//! Layers, bottom-up; each module uses only the layers below it (checked by
//! `tests/it/architecture.rs`): `base`, `knowledge`, `frontend`, `facts`,
//! `analysis`, `project`, `rules`, `config`, `engine`, then `report`, `lsp`
//! and `cli` at the top.

pub mod analysis;
pub mod base;
pub mod cli;
pub mod config;
pub mod engine;
pub mod facts;
pub mod frontend;
pub mod knowledge;
pub mod lsp;
pub mod project;
pub mod report;
pub mod rules;
