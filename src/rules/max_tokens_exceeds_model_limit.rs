//! `max-tokens-exceeds-model-limit`: the API rejects an output cap above the
//! model's maximum.

use crate::base::cost::thousands;
use crate::base::diagnostic::Edit;
use crate::knowledge::models::Status;
use crate::rules::{Context, Rule};

pub struct MaxTokensExceedsModelLimit;

impl Rule for MaxTokensExceedsModelLimit {
    fn check(&self, cx: &mut Context) {
        for call in &cx.facts.calls {
            let Some(cap) = &call.max_tokens else {
                continue;
            };
            let Some(tokens) = cap.value.value.as_int() else {
                continue;
            };
            let Some(id) = call.model_id() else {
                continue;
            };
            let Some(model) = cx.models.get(id) else {
                continue;
            };
            // A Message Batch with the output-300k beta has the batch limit.
            let batch_beta = call.batch && call.betas.iter().any(|b| b == crate::knowledge::sdks::OUTPUT_300K_BETA);
            let limit = match (batch_beta, model.max_output_tokens_batch) {
                (true, Some(batch)) => Some(batch),
                _ => model.max_output_tokens,
            };
            let Some(limit) = limit else {
                continue;
            };
            if tokens <= limit as i64 {
                continue;
            }
            // Only a literal written in the argument itself is edited: a shared
            // constant may serve other models. Nor while `deprecated-model`
            // swaps the model: the cut would be to the old model's limit, and
            // the next `--fix` round judges the new one.
            let swapped =
                model.lifecycle.replacement.is_some() && matches!(model.status(), Status::Retired | Status::Deprecated);
            let fix = cap
                .value
                .origin
                .filter(|_| cap.is_inline_literal(cx.file) && !swapped)
                .and_then(|o| cx.fix(vec![Edit { span: o.span, content: limit.to_string() }]));
            let location = cx.here(cap.span);
            cx.report(
                location,
                format!(
                    "{} is {} but {} allows at most {} output tokens",
                    cap.key,
                    tokens,
                    id,
                    thousands(limit as i64)
                ),
            )
            .with_help(match model.max_output_tokens_batch.filter(|_| call.batch && !batch_beta) {
                Some(batch) if tokens <= batch as i64 => format!(
                    "the API rejects this request; set {} to {limit} or less, or send the batch with the `{}` beta (up to {})",
                    cap.key,
                    crate::knowledge::sdks::OUTPUT_300K_BETA,
                    thousands(batch as i64)
                ),
                _ => format!("the API rejects this request; set {} to {} or less", cap.key, limit),
            })
            .with_fix(fix);
        }
    }
}
