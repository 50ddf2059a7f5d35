//! `huge-max-tokens`: a request's output cap is far above what most tasks need.

use crate::base::cost::{Cost, thousands};
use crate::facts::Tri;
use crate::rules::{Context, Rule};

pub struct HugeMaxTokens;

impl Rule for HugeMaxTokens {
    fn check(&self, cx: &mut Context) {
        let threshold = cx.option_i64("threshold").unwrap_or(16_384);
        for call in &cx.facts.calls {
            let Some(cap) = &call.max_tokens else {
                continue;
            };
            let Some(tokens) = cap.value.value.as_int() else {
                continue;
            };
            // Extended thinking spends its budget out of the cap: only the
            // rest is the answer's.
            if tokens - call.thinking_budget.unwrap_or(0).max(0) <= threshold {
                continue;
            }
            let model = call.model_id().and_then(|id| cx.models.get(id));
            // Above the model's own limit the request fails: that is
            // max-tokens-exceeds-model-limit's finding, not a cost one.
            if model.and_then(|m| m.max_output_tokens).is_some_and(|limit| tokens > limit as i64) {
                continue;
            }
            let message = match call.model_id().filter(|_| model.is_some()) {
                Some(id) => format!("{} is {} on {}", cap.key, tokens, id),
                None => format!("{} is {}", cap.key, tokens),
            };
            let priced = call.model_id().and_then(|id| cx.priced(id));
            let cost = priced.and_then(|m| Cost::output_cap(m, tokens as u64, call.batch, cx.calls_per_day()));
            let location = cx.here(cap.span);
            // A request that already streams needs no advice to.
            let stream = if call.streaming == Tri::Yes { "" } else { "; a long answer should stream" };
            cx.report(location, message)
                .with_help(format!(
                    "lower {} to what the task needs (threshold {}){stream}",
                    cap.key,
                    thousands(threshold)
                ))
                .with_cost(cost);
        }
    }
}
