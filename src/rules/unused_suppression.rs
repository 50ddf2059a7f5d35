//! `unused-suppression`: an `llmlint: ignore[...]` comment that is malformed,
//! names an unknown rule, or suppresses nothing. Its findings need every
//! other rule's findings first, so the engine makes them where it applies
//! suppressions (`engine::apply_suppressions`); the rule is registered for
//! its id, docs, `select` and `ignore`.

use crate::rules::{Context, Rule};

pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn check(&self, _cx: &mut Context) {}
}
