//! `unbounded-agent-loop`: an agent's tool-use loop with no turn cap, no
//! budget and no deadline: it runs as long as the model keeps asking for tools.

use crate::base::cost::{Cost, fmt_num, thousands};
use crate::rules::{Context, Rule};

pub struct UnboundedAgentLoop;

impl Rule for UnboundedAgentLoop {
    fn check(&self, cx: &mut Context) {
        for l in &cx.facts.loops {
            let Some(tool_loop) = l.tool_loop.filter(|t| !t.bounded) else {
                continue;
            };
            let call = &cx.facts.calls[tool_loop.call];
            let id = call.model_id();
            let model = id.and_then(|id| cx.priced(id));
            let cap = call.max_tokens.as_ref().and_then(|m| m.value.value.as_int());
            // Each turn costs at least its reply; the prompt it re-sends grows
            // by that much too. Past turns are not bounded, so neither is the sum.
            let cost = match (model, cap) {
                (Some(m), Some(t)) => m.price.output.map(|out| {
                    Cost::per_call(
                        t as f64 * out / 1e6,
                        format!(
                            "per turn, at most: {} output ${}/MTok x max_tokens {} (the input re-sent each turn comes on top; the number of turns has no limit)",
                            m.id,
                            fmt_num(out),
                            thousands(t)
                        ),
                        cx.calls_per_day(),
                    )
                }),
                _ => None,
            };
            let location = cx.here(l.span);
            let help = cx.printer().turn_cap();
            cx.report(
                location,
                "agent loop runs until the model stops calling tools, with no turn limit, budget or deadline"
                    .to_string(),
            )
            .with_cost(cost)
            .with_help(help);
        }
    }
}
