//! `unbounded-history`: an open-ended loop appends every turn to the message
//! list and sends all of it, so each turn costs more than the last.

use crate::base::cost::{Cost, fmt_num, thousands};
use crate::rules::{Context, Rule};

pub struct UnboundedHistory;

impl Rule for UnboundedHistory {
    fn check(&self, cx: &mut Context) {
        let loops = cx.facts.loops.iter().filter_map(|l| l.growing_history);
        let held: Vec<(crate::base::source::Span, crate::base::ids::CallId)> =
            loops.chain(cx.facts.held_histories.iter().copied()).collect();
        let mut seen = vec![];
        for (append, call) in held {
            if seen.contains(&append) {
                continue;
            }
            seen.push(append);
            let call = &cx.facts.calls[call];
            let id = call.model_id();
            let model = id.and_then(|id| cx.priced(id));
            // Each turn adds at least the reply: max_tokens is its worst case.
            let per_turn = call.max_tokens.as_ref().and_then(|m| m.value.value.as_int());
            let price = model.and_then(|m| m.price.input);
            let (message, cost) = match (model, per_turn, price) {
                (Some(m), Some(t), Some(p)) => (
                    format!(
                        "the history grows every turn and is sent whole: turn N re-sends up to about N × {} tokens (at most N × ${} on {} input)",
                        thousands(t),
                        fmt_num(((t as f64) * p / 1e6 * 1e4).round() / 1e4),
                        id.unwrap_or(&m.id)
                    ),
                    Some(Cost::per_call(
                        t as f64 * p / 1e6,
                        format!(
                            "upper bound of the input cost added per turn: {} input ${}/MTok x {} tokens (the reply, up to max_tokens, re-sent every later turn)",
                            m.id,
                            fmt_num(p),
                            t
                        ),
                        cx.calls_per_day(),
                    )),
                ),
                _ => (
                    "the history grows every turn and is sent whole: each turn costs more than the last".to_string(),
                    None,
                ),
            };
            let location = cx.here(append);
            let help = if call.operation == crate::knowledge::sdks::CHAT_OPERATION {
                cx.printer().windowed_chat()
            } else {
                cx.printer().windowed_history()
            };
            cx.report(location, message).with_cost(cost).with_help(help);
        }
    }
}
