//! `unknown-model`: a `claude-*`, `gpt-*`, `gemini-*` or `o<digit>*` id that is a typo of
//! a known one.
//!
//! Decision: a model the table does not know yet is not a finding. Providers
//! ship models faster than any table is updated, and `gpt-5.6` next to a known
//! `gpt-5.5` is far more likely new than wrong. So the rule fires only on
//! evidence of a typo: a misspelt word (one no known id uses) within two edits
//! of a known id, or a Claude id written with dots (`claude-opus-4.7`) where
//! the API uses hyphens, when the hyphenated id is known. Gateway ids
//! (`anthropic/claude-sonnet-4.5` on Vercel's AI Gateway or OpenRouter) use
//! dots legitimately, so a provider-prefixed dotted id is left alone. A
//! Claude id older than a model of its family the table knows
//! (`claude-haiku-4-6` once `claude-haiku-5-5` exists) is no new release
//! either, so it is judged as a possible typo too. An Azure deployment
//! (`azure/…`, an Azure client's `model`) is a name the team chose: no typo.

use crate::knowledge::models::{Lookup, Platform, bare_id};
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
            if Platform::of(id) == Platform::Azure
                || !looks_like_model_id(&bare)
                || !matches!(cx.models.lookup(id), Lookup::Unknown)
            {
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
    if cx.models.knows_words_of(bare) && !superseded(cx, bare) {
        return None;
    }
    cx.models.nearest(bare, MAX_EDITS).map(str::to_string)
}

/// A Claude id older than a model of its family the table knows
/// (`claude-haiku-4-6` once `claude-haiku-5-5` exists): not a release the
/// table has yet to learn, since a family's new models are its newest.
fn superseded(cx: &Context, bare: &str) -> bool {
    // A bare major (`claude-opus-4`) is a short name for a known release.
    let Some((family, version)) = claude_version(bare).filter(|(_, v)| v.len() == 2) else { return false };
    cx.models.all_ids().filter_map(claude_version).any(|(f, v)| f == family && v > version)
}

/// `claude-haiku-4-6` → (`haiku`, [4, 6]); dated ids and other shapes: none.
fn claude_version(id: &str) -> Option<(&str, Vec<u32>)> {
    let rest = id.strip_prefix("claude-")?;
    let (family, version) = rest.split_once('-')?;
    if !family.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let parts: Vec<u32> = version.split('-').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    // A date (`20251001`) is no version step.
    (!parts.is_empty() && parts.len() <= 2 && parts.iter().all(|&p| p < 100)).then_some((family, parts))
}
