//! `uncached-system-prompt`: a long, static Anthropic system prompt is sent at
//! full input price on every request instead of being read from the cache.

use crate::base::cost::{Cost, thousands};
use crate::base::diagnostic::Edit;
use crate::facts::Api;
use crate::knowledge::providers::Provider;
use crate::rules::{Context, Rule};

pub struct UncachedSystemPrompt;

impl Rule for UncachedSystemPrompt {
    fn check(&self, cx: &mut Context) {
        let unknown_minimum = cx.option_i64("unknown_model_minimum").unwrap_or(4096).max(0) as u64;
        for call in &cx.facts.calls {
            // Frameworks (LangChain, the Vercel AI SDK) take caching through
            // their own options on messages; only the Messages API's own
            // shape (SDK, HTTP body) has a `system` this rule can judge.
            if call.provider != Provider::Anthropic
                || !matches!(call.api, Api::Sdk | Api::Http | Api::Body | Api::Wrapper)
            {
                continue;
            }
            // Once per process there is nothing to read back from a cache.
            if !call.repeats || call.cache_control {
                continue;
            }
            let Some(system) = call.system.as_ref().filter(|s| !s.cached && s.arg.key == "system") else {
                continue;
            };
            // Only text the code spells out whole is the same on every call:
            // an interpolated part (a user's name) changes the prefix.
            let Some(text) = system.arg.value.value.as_text().filter(|t| !t.partial && t.files.is_empty()) else {
                continue;
            };
            let model = call.model_id().and_then(|id| cx.models.get(id));
            let estimate = match model {
                Some(m) => cx.models.estimate_tokens(text.chars, m),
                None => cx.models.estimate_tokens_as(text.chars, "anthropic"),
            };
            let Some(estimate) = estimate else { continue };
            let minimum = model.and_then(|m| m.min_cacheable_tokens).unwrap_or(unknown_minimum);
            // Below the minimum the API caches nothing: marking it would not
            // help. (Counted at the high end of characters per token: only
            // a prompt that surely reaches it.)
            if estimate.surely < minimum {
                continue;
            }
            let on = model.map(|m| format!(" to {}", m.id)).unwrap_or_default();
            let message = format!(
                "a ~{}-token system prompt is sent uncached on every request{on}",
                thousands(estimate.tokens as i64)
            );
            let help = format!(
                "cache it: pass `system` as a list of text blocks whose last block has `{}` (or set a top-level \
                 `cache_control`); cached reads cost a tenth of the input price or less",
                cx.printer().cache_control()
            );
            let priced = call.model_id().and_then(|id| cx.priced(id));
            let cost = priced.and_then(|m| Cost::cache_saving(m, &estimate, cx.calls_per_day()));
            let fix = system
                .rewritable
                .then(|| {
                    let value = cx.text(cx.here(system.arg.value_span))?;
                    let key = cx.text(cx.here(system.arg.span))?;
                    let content = cx.printer().cached_system(value, key)?;
                    Some(Edit { span: system.arg.value_span, content })
                })
                .flatten()
                .and_then(|e| cx.fix(vec![e]));
            let location = cx.here(system.arg.span);
            cx.report(location, message).with_help(help).with_cost(cost).with_fix(fix);
        }
    }
}
