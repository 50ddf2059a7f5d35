//! The integration tests, one crate: each module was its own test binary,
//! and linking fourteen of them was most of a cold `cargo test`.

mod adversarial;
mod architecture;
mod cli;
mod common;
mod config;
mod first_run;
mod fixes;
mod fixtures;
mod flags;
mod formats;
mod hostile;
mod lsp;
mod models;
mod readme;
mod rule_docs;
mod secrets;
mod tsx;
