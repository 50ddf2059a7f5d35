//! `non-streaming-long-request`: the Anthropic SDKs refuse a non-streaming
//! request that may run past ten minutes, before sending it.

use crate::facts::{Api, Tri};
use crate::knowledge::providers::Provider;
use crate::rules::{Context, Rule};

/// The SDKs' guard: expected time = 3600 s × max_tokens / 128,000 must stay
/// within 600 s, so max_tokens ≥ 21,334 is refused.
const GUARD_TOKENS: i64 = 21_334;

pub struct NonStreamingLongRequest;

impl Rule for NonStreamingLongRequest {
    fn check(&self, cx: &mut Context) {
        for call in &cx.facts.calls {
            if call.api != Api::Sdk || call.provider != Provider::Anthropic || call.streaming != Tri::No || call.batch {
                continue;
            }
            let Some(cap) = &call.max_tokens else {
                continue;
            };
            let Some(tokens) = cap.value.value.as_int() else {
                continue;
            };
            let id = call.model_id();
            let model = id.and_then(|id| cx.models.get(id));
            let model_cap = model.and_then(|m| m.max_output_tokens_non_streaming);
            let over_cap = model_cap.is_some_and(|c| tokens > c as i64);
            if tokens < GUARD_TOKENS && !over_cap {
                continue;
            }
            // An explicit timeout tells the SDK the caller expects a long request.
            // A client we cannot see, or only see declared, may have one:
            // stay silent then. The check is the Anthropic SDK's own: a
            // Claude model through AWS's SDK (`ConverseCommand`) is not refused.
            let Some(client) =
                call.client.map(|i| &cx.facts.clients[i]).filter(|c| !c.given && c.provider == Provider::Anthropic)
            else {
                continue;
            };
            if call.timeout.is_some() || client.timeout.is_some() {
                continue;
            }
            let why = match (over_cap, id, model_cap) {
                (true, Some(id), Some(c)) => format!("above {id}'s non-streaming limit of {c}"),
                _ => "an expected duration over 10 minutes".to_string(),
            };
            let location = cx.here(cap.span);
            let help = format!("stream the response ({}), or lower {}", cx.printer().streaming(), cap.key);
            cx.report(
                location,
                format!(
                    "non-streaming `{}` with {} {}: {why}, so the SDK raises \"Streaming is required\" before sending",
                    call.operation, cap.key, tokens
                ),
            )
            .with_help(help);
        }
    }
}
