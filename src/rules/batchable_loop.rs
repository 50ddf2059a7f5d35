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
            // The loop's own request, or the one it sends through the project's layer.
            let Some(call) = l.batchable_call.map(|c| &cx.facts.calls[c]).or(l.batchable_via.as_deref()) else {
                continue;
            };
            // A batch API is its provider's own: a client pointed at another
            // host (a gateway, a local server, a URL not spelt out) may have none.
            if call.rehosted {
                continue;
            }
            let api = match call.provider {
                Provider::Anthropic => "the Message Batches API",
                Provider::OpenAi => "the Batch API",
                // Half the price (ai.google.dev/gemini-api/docs/optimization, read 2026-12-02).
                Provider::Google => "the Gemini Batch API",
                // "Batch: 50% cost savings vs on-demand" (docs.aws.amazon.com/
                // bedrock/latest/userguide/capacity-limits-cost-optimization.html,
                // read 2026-12-02).
                Provider::Bedrock => "Bedrock batch inference",
                // (Groq's and Mistral's batch APIs and their discounts are
                // not in the table; Cohere's batches are embedding jobs.)
                Provider::Groq | Provider::Mistral | Provider::Cohere | Provider::Unknown => continue,
            };
            // Only the providers' own models have a batch API: an OpenAI-style
            // client pointed at another host (OpenRouter, a local server) does not.
            let Some(id) = call.model_id() else { continue };
            if matches!(cx.models.lookup(id), crate::knowledge::models::Lookup::Unknown) {
                continue;
            }
            let model = cx.priced(id);
            let tokens = call.max_tokens.as_ref().and_then(|m| m.value.value.as_int());
            // The prompt text the code spells out (system and leading
            // messages); each item's own text comes on top.
            let shown_chars: usize = [call.system.as_ref().map(|s| &s.arg.value), call.messages_prefix.as_ref()]
                .into_iter()
                .flatten()
                .filter_map(|v| v.value.as_text().map(|t| t.chars))
                .sum();
            let cost = match (model, tokens) {
                (Some(m), Some(t)) => m.price.output.map(|out| {
                    let input = m.price.input.zip(cx.models.estimate_tokens(shown_chars, m)).map(|(p, e)| (p, e.tokens));
                    let (in_usd, in_basis) = match input {
                        // A few static words around the item are not worth a figure.
                        Some((p, n)) if n >= 100 => {
                            (n as f64 * p / 1e6, format!(" + input ${}/MTok x {} tokens the code shows (each item's text adds more)", fmt_num(p), n))
                        }
                        _ => (0.0, " (input saves 50% too: the item's text, whose size the code does not show)".to_string()),
                    };
                    Cost::per_call(
                        0.5 * (t as f64 * out / 1e6 + in_usd),
                        format!(
                            "saved per item: 50% of {} output ${}/MTok x {} tokens (worst case){in_basis}, through {api}",
                            m.id,
                            fmt_num(out),
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
