//! `llmlint cost`: what each API call site costs, from its Facts and the
//! model table, and what the open findings on it would save.
//!
//! Decisions written down here:
//! - Input is the static part of the prompt (the `system` text and the head
//!   of `messages` the code spells out); what the code does not show
//!   (the user's question, retrieved documents) is not guessed, so the input
//!   figure is a lower bound and says so (`input_partial`).
//! - Output is given twice: typical (`--typical-output` tokens, default 500,
//!   capped by the request's max) and worst case (the request's max output
//!   tokens, or the model's own limit when the request sets none).
//! - A cached system prompt is priced at the cache-read price; a Message
//!   Batch at half price.
//! - Anything that cannot be resolved is `None`, printed as `unknown`, never
//!   as zero.

use serde::Serialize;

use crate::base::diagnostic::Finding;
use crate::engine::Run;
use crate::facts::ApiCall;
use crate::knowledge::models::{Model, ModelTable};

/// Output tokens of a typical answer, when the user does not say.
pub const DEFAULT_TYPICAL_OUTPUT: u64 = 500;

/// One API call site.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Row {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub provider: &'static str,
    pub operation: String,
    pub model: Option<String>,
    /// The cap the request sets.
    pub max_output_tokens: Option<u64>,
    /// The worst case used: the request's cap, else the model's limit.
    pub worst_output_tokens: Option<u64>,
    /// Estimated tokens of the prompt text the code shows.
    pub input_tokens: Option<u64>,
    /// Some of the input is only known at run time: `input_tokens` is a lower bound.
    pub input_partial: bool,
    /// `yes`, `no`, or `unknown`.
    pub cached: &'static str,
    pub usd_input: Option<f64>,
    pub usd_per_call_typical: Option<f64>,
    pub usd_per_call_worst: Option<f64>,
    pub usd_per_1k_calls_typical: Option<f64>,
    pub usd_per_1k_calls_worst: Option<f64>,
    /// What each open finding on this call would save per call.
    pub findings: Vec<Saving>,
    pub basis: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Saving {
    pub rule: &'static str,
    pub usd_per_call: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Default)]
pub struct Total {
    pub call_sites: usize,
    /// Call sites whose figures are unknown (not counted in the sums).
    pub unknown: usize,
    pub usd_per_call_typical: f64,
    pub usd_per_call_worst: f64,
    pub usd_per_1k_calls_typical: f64,
    pub usd_per_1k_calls_worst: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
    pub total: Total,
    pub typical_output_tokens: u64,
    pub prices_as_of: String,
    /// How prompt text was turned into tokens, once per tokenizer used
    /// (`~4 chars/token (…)`).
    pub token_assumptions: Vec<String>,
}

/// The figures of one call on one model.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub input_tokens: Option<u64>,
    pub usd_input: Option<f64>,
    pub usd_typical: Option<f64>,
    pub usd_worst: Option<f64>,
    pub worst_output_tokens: Option<u64>,
}

/// Input and output cost of one request: `input_tokens` at the input price
/// (at the cache-read price when cached), plus `typical` or worst-case output
/// tokens at the output price; a batch pays half.
pub fn figures(
    model: &Model,
    input_tokens: Option<u64>,
    cached: bool,
    max_output: Option<u64>,
    typical: u64,
    batch: bool,
) -> Figures {
    let factor = if batch { 0.5 } else { 1.0 };
    // A long prompt may pay a long-context tier on the whole request.
    let price = model.prices_for(input_tokens.unwrap_or(0));
    let in_price = if cached { price.cache_read.or(price.input) } else { price.input };
    let usd_input = input_tokens.zip(in_price).map(|(t, p)| t as f64 * p * factor / 1e6);
    let worst_output_tokens = max_output.or(model.max_output_tokens);
    let out = |tokens: Option<u64>| {
        let usd = tokens.zip(price.output).map(|(t, p)| t as f64 * p * factor / 1e6)?;
        Some(usd + usd_input.unwrap_or(0.0))
    };
    Figures {
        input_tokens,
        usd_input,
        usd_typical: out(worst_output_tokens.map(|w| w.min(typical))),
        usd_worst: out(worst_output_tokens),
        worst_output_tokens,
    }
}

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// One row per API call site of the run, worst first.
pub fn table(run: &Run, models: &ModelTable, typical: u64) -> Table {
    let mut rows = vec![];
    let mut token_assumptions = vec![];
    for (file, facts) in run.project.facts.iter().enumerate() {
        let Some(facts) = facts else { continue };
        let file = crate::base::ids::FileId::new(file);
        let source = &run.project.files[file];
        for call in &facts.calls {
            let findings: Vec<&Finding> = run
                .findings
                .iter()
                .filter(|f| f.location.file == file && call.span.contains(f.location.span))
                .collect();
            let pos = source.position(call.span.start);
            let (r, assumption) = row(call, models, typical, &findings, source.display.clone(), pos.line, pos.column);
            rows.push(r);
            token_assumptions.extend(assumption.filter(|a| !token_assumptions.contains(a)));
        }
    }
    rows.sort_by(|a, b| {
        let key = |r: &Row| r.usd_per_call_worst.map(|x| -x).unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b)).then_with(|| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)))
    });
    let mut total = Total { call_sites: rows.len(), ..Total::default() };
    for r in &rows {
        match (r.usd_per_call_typical, r.usd_per_call_worst) {
            (Some(t), Some(w)) => {
                total.usd_per_call_typical += t;
                total.usd_per_call_worst += w;
            }
            _ => total.unknown += 1,
        }
    }
    total.usd_per_call_typical = round(total.usd_per_call_typical);
    total.usd_per_call_worst = round(total.usd_per_call_worst);
    total.usd_per_1k_calls_typical = round(total.usd_per_call_typical * 1000.0);
    total.usd_per_1k_calls_worst = round(total.usd_per_call_worst * 1000.0);
    token_assumptions.sort();
    Table { rows, total, typical_output_tokens: typical, prices_as_of: models.as_of.clone(), token_assumptions }
}

fn row(
    call: &ApiCall,
    models: &ModelTable,
    typical: u64,
    findings: &[&Finding],
    path: String,
    line: usize,
    column: usize,
) -> (Row, Option<String>) {
    let mut assumption = None;
    let model = call.model_id().and_then(|id| models.get(id));
    let max_output = call.max_tokens.as_ref().and_then(|m| m.value.value.as_int()).and_then(|n| u64::try_from(n).ok());
    let cached = match &call.system {
        _ if call.cache_control => "yes",
        Some(s) if s.cached => "yes",
        Some(s) if s.arg.value.value.is_unknown() => "unknown",
        _ => "no",
    };
    // The prompt text the code shows: the system prompt and the head of messages.
    let system = call.system.as_ref().map(|s| s.arg.value.value.as_text());
    let prefix = call.messages_prefix.as_ref().and_then(|p| p.value.as_text());
    let text = match (system, prefix) {
        (Some(None), _) => None,
        (Some(Some(s)), Some(p)) => Some(s.join(p)),
        (Some(Some(s)), None) => Some(s),
        (None, p) => p,
    }
    .filter(|t| t.files.is_empty() && t.imports.is_empty());
    let input_partial = text.as_ref().is_none_or(|t| t.partial) || call.messages_prefix.is_none();
    let (figures, basis) = match model {
        // Every request fails: nothing is billed.
        Some(m) if call.model_id().is_some_and(|id| m.fails_as(id)) => {
            let zero = Figures {
                input_tokens: None,
                usd_input: Some(0.0),
                usd_typical: Some(0.0),
                usd_worst: Some(0.0),
                worst_output_tokens: max_output,
            };
            (Some(zero), format!("{}: retired, every request fails and nothing is billed", m.id))
        }
        Some(m) => {
            let estimate = text.as_ref().and_then(|t| models.estimate_tokens(t.chars, m));
            let f = figures(m, estimate.as_ref().map(|e| e.tokens), cached == "yes", max_output, typical, call.batch);
            let mut basis = format!(
                "{}: input ${}/MTok, output ${}/MTok",
                m.id,
                m.price.input.map(crate::base::cost::fmt_num).unwrap_or_else(|| "unknown".into()),
                m.price.output.map(crate::base::cost::fmt_num).unwrap_or_else(|| "unknown".into())
            );
            assumption = estimate.as_ref().map(|e| e.assumption.clone());
            if let Some(e) = &estimate {
                basis.push_str(&format!("; prompt tokens {}", e.assumption));
            }
            if call.batch {
                basis.push_str("; Message Batches x 0.5");
            }
            if max_output.is_none() && f.worst_output_tokens.is_some() {
                basis.push_str("; no cap set: worst case is the model's output limit");
            }
            (Some(f), basis)
        }
        None => (None, "model not in the price table".to_string()),
    };
    let f = figures.as_ref();
    let row = Row {
        path,
        line,
        column,
        provider: call.provider.name(),
        operation: call.operation.clone(),
        model: call.model_id().map(str::to_string),
        max_output_tokens: max_output,
        worst_output_tokens: f.and_then(|f| f.worst_output_tokens),
        input_tokens: f.and_then(|f| f.input_tokens),
        input_partial,
        cached,
        usd_input: f.and_then(|f| f.usd_input).map(round),
        usd_per_call_typical: f.and_then(|f| f.usd_typical).map(round),
        usd_per_call_worst: f.and_then(|f| f.usd_worst).map(round),
        usd_per_1k_calls_typical: f.and_then(|f| f.usd_typical).map(|x| round(x * 1000.0)),
        usd_per_1k_calls_worst: f.and_then(|f| f.usd_worst).map(|x| round(x * 1000.0)),
        findings: findings
            .iter()
            .map(|f| Saving { rule: f.rule, usd_per_call: f.cost.as_ref().map(|c| c.usd_per_call) })
            .collect(),
        basis,
    };
    (row, assumption)
}

#[cfg(test)]
mod tests {
    //! Every kind of cost against a hand computation from rules/models.yaml.
    use super::*;
    use crate::base::cost::Cost;
    use crate::knowledge::models::TokenEstimate;

    fn model(id: &str) -> &'static Model {
        ModelTable::builtin().get(id).unwrap()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn output_cap_is_tokens_times_output_price() {
        // claude-opus-4-7: output $25/MTok. 64,000 × 25 / 1e6 = 1.60.
        let c = Cost::output_cap(model("claude-opus-4-7"), 64_000, false, Some(100.0)).unwrap();
        close(c.usd_per_call, 1.6);
        close(c.usd_per_1k_calls, 1600.0);
        // 100 calls a day for 30 days: 3,000 × 1.60.
        close(c.usd_per_month.unwrap(), 4800.0);
        // In a Message Batch: half.
        close(Cost::output_cap(model("claude-opus-4-7"), 64_000, true, None).unwrap().usd_per_call, 0.8);
    }

    #[test]
    fn cache_saving_is_reads_minus_one_write_premium() {
        // claude-sonnet-4-6: input $3, cache read $0.30, 5-minute write $3.75.
        let tokens = TokenEstimate { tokens: 2_000, surely: 2_000, assumption: String::new() };
        let c = Cost::cache_saving(model("claude-sonnet-4-6"), &tokens, Some(10.0)).unwrap();
        // Per call: 2,000 × (3 − 0.30) / 1e6 = 0.0054.
        close(c.usd_per_call, 0.0054);
        // Per 1,000: 5.40 − one premium of 2,000 × (3.75 − 3) / 1e6 = 0.0015.
        close(c.usd_per_1k_calls, 5.3985);
        // 10 calls a day, 30 days = 300 calls: 0.3 × 5.3985.
        close(c.usd_per_month.unwrap(), 1.61955);
    }

    #[test]
    fn tokens_are_estimated_per_tokenizer_family() {
        let t = ModelTable::builtin();
        // Sonnet 4.6: ~3.4 characters per token on average, 4 at the high end.
        let sonnet = t.estimate_tokens(5_381, model("claude-sonnet-4-6")).unwrap();
        assert_eq!((sonnet.tokens, sonnet.surely), (1_582, 1_345));
        // Opus 4.7 (new tokenizer): ~2.5 on average, 4 / 1.3 ≈ 3.08 at the high end.
        let opus = t.estimate_tokens(3_080, model("claude-opus-4-7")).unwrap();
        assert_eq!((opus.tokens, opus.surely), (1_232, 1_000));
        assert!(opus.assumption.starts_with("~2.5 chars/token"), "{}", opus.assumption);
        // OpenAI: ~4, one figure for both.
        let gpt = t.estimate_tokens(4_000, model("gpt-4.1")).unwrap();
        assert_eq!((gpt.tokens, gpt.surely), (1_000, 1_000));
    }

    #[test]
    fn call_figures_add_input_to_typical_and_worst_output() {
        // claude-sonnet-4-6: input $3, output $15, cache read $0.30.
        let m = model("claude-sonnet-4-6");
        let f = figures(m, Some(1_000), false, Some(4_096), 500, false);
        close(f.usd_input.unwrap(), 0.003); // 1,000 × 3 / 1e6
        close(f.usd_typical.unwrap(), 0.003 + 0.0075); // + 500 × 15 / 1e6
        close(f.usd_worst.unwrap(), 0.003 + 0.06144); // + 4,096 × 15 / 1e6
        // Cached: the prompt at the read price.
        close(figures(m, Some(1_000), true, Some(4_096), 500, false).usd_input.unwrap(), 0.0003);
        // A cap below the typical answer caps it.
        close(figures(m, Some(0), false, Some(100), 500, false).usd_typical.unwrap(), 0.0015);
        // A batch halves both.
        close(figures(m, Some(1_000), false, Some(4_096), 500, true).usd_worst.unwrap(), (0.003 + 0.06144) / 2.0);
        // No cap: the model's own output limit is the worst case (gpt-4.1: 32,768 × $8).
        let g = figures(model("gpt-4.1"), None, false, None, 500, false);
        assert_eq!(g.worst_output_tokens, Some(32_768));
        close(g.usd_worst.unwrap(), 32_768.0 * 8.0 / 1e6);
        assert_eq!(g.usd_input, None);
    }
}
