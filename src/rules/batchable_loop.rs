//! `batchable-loop`: independent requests sent one by one that a batch API
//! would run at half the price.

use crate::base::cost::{Cost, fmt_num};
use crate::knowledge::providers::Provider;
use crate::rules::{Context, Rule};

pub struct BatchableLoop;

impl Rule for BatchableLoop {
    fn check(&self, cx: &mut Context) {
        // A test sends requests to check behaviour, not as a workload.
        if cx.facts.is_test {
            return;
        }
        for l in &cx.facts.loops {
            let Some(call) = l.batchable_call else { continue };
            let call = &cx.facts.calls[call];
            let api = match call.provider {
                Provider::Anthropic => "the Message Batches API",
                Provider::OpenAi => "the Batch API",
                Provider::Unknown => continue,
            };
            // Only the providers' own models have a batch API: an OpenAI-style
            // client pointed at another host (OpenRouter, a local server) does not.
            let Some(id) = call.model_id() else { continue };
            if matches!(cx.models.lookup(id), crate::knowledge::models::Lookup::Unknown) {
                continue;
            }
            let model = cx.models.get(id);
            let tokens = call.max_tokens.as_ref().and_then(|m| m.value.value.as_int());
            let cost = match (model, tokens) {
                (Some(m), Some(t)) => m.price.output.map(|p| {
                    Cost::per_call(
                        0.5 * t as f64 * p / 1e6,
                        format!(
                            "saved per item: 50% of {} output ${}/MTok x {} tokens (worst case) through {api}",
                            m.id,
                            fmt_num(p),
                            t
                        ),
                        cx.calls_per_day(),
                    )
                }),
                _ => None,
            };
            let location = cx.here(l.span);
            cx.report(
                location,
                format!("loop sends one independent request per item and waits for each: {api} would halve the price"),
            )
            .with_cost(cost)
            .with_help(format!(
                "collect the requests and submit them through {api} (results within 24 hours, usually under one)"
            ));
        }
    }
}
