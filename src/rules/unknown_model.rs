//! `unknown-model`: a `claude-*`, `gpt-*` or `o<digit>*` id that is a typo of
//! a known one.
//!
//! Decision: a model the table does not know yet is not a finding. Providers
//! ship models faster than any table is updated, and `gpt-5.6` next to a known
//! `gpt-5.5` is far more likely new than wrong. So the rule fires only on
//! evidence of a typo: a misspelt word (one no known id uses) within two edits
//! of a known id, or a Claude id written with dots (`claude-opus-4.7`) where
//! the API uses hyphens, when the hyphenated id is known. Gateway ids
//! (`anthropic/claude-sonnet-4.5` on Vercel's AI Gateway or OpenRouter) use
//! dots legitimately, so a provider-prefixed dotted id is left alone.

use crate::knowledge::models::{Lookup, bare_id};
use crate::knowledge::sdks::looks_like_model_id;
use crate::rules::{Context, Rule};

/// How far a misspelling may be from the id it means.
const MAX_EDITS: usize = 2;

pub struct UnknownModel;

impl Rule for UnknownModel {
    fn check(&self, cx: &mut Context) {
        for r in &cx.facts.model_refs {
            let Some(id) = r.arg.value.value.as_str() else { continue };
            let bare = bare_id(id);
            if !looks_like_model_id(&bare) || !matches!(cx.models.lookup(id), Lookup::Unknown) {
                continue;
            }
            let Some(suggestion) = typo_of(cx, id, &bare) else { continue };
            let location = r.arg.value.origin.unwrap_or(cx.here(r.arg.value_span));
            let fix = cx.replace_model_id(location, id, &suggestion);
            cx.report(location, format!("unknown model id `{id}`"))
                .with_help(format!(
                    "did you mean `{suggestion}`? (a new model can be added to the model table in your config)"
                ))
                .with_fix(fix);
        }
    }
}

/// The id this one misspells, if the evidence says it is a typo.
fn typo_of(cx: &Context, id: &str, bare: &str) -> Option<String> {
    if bare.starts_with("claude-") && bare.contains('.') && !id.contains('/') {
        let hyphenated = bare.replace('.', "-");
        if cx.models.get(&hyphenated).is_some() {
            return Some(hyphenated);
        }
    }
    if cx.models.knows_words_of(bare) {
        return None;
    }
    cx.models.nearest(bare, MAX_EDITS).map(str::to_string)
}
