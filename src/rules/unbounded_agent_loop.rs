//! `unbounded-agent-loop`: an agent's tool-use loop with no turn cap, no
//! budget and no deadline: it runs as long as the model keeps asking for tools.

use crate::base::cost::{Cost, fmt_num, thousands};
use crate::knowledge::agents::TURN_LIMITS;
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
        for lifted in &cx.facts.lifted_limits {
            let row = &TURN_LIMITS[lifted.limit];
            let location = cx.here(lifted.span);
            let written = cx.text(location).map(|t| short(t).to_string()).unwrap_or_default();
            let message = if lifted.given {
                let default = row.default.map(|d| format!(" ({} by default)", thousands(d as i64))).unwrap_or_default();
                format!(
                    "`{written}` lifts {} limit on {}{default}: the agent runs as long as the model keeps calling tools",
                    possessive(row.framework),
                    row.unit
                )
            } else {
                let callee = written.split('(').next().unwrap_or_default().trim();
                let mut missing: Vec<String> = row.keys.iter().chain(row.stops).map(|k| format!("`{k}`")).collect();
                let last = missing.pop().unwrap_or_default();
                let missing = if missing.is_empty() { last } else { format!("{} or {last}", missing.join(", ")) };
                format!("`{callee}` is given no {missing}: {} runs it with no limit on {}", row.framework, row.unit)
            };
            let help = format!(
                "set a limit (`{}`): the most {} a task should take; a run that reaches it ends with an error or a partial result to handle",
                row.example, row.unit
            );
            cx.report(location, message).with_help(help);
        }
    }
}

/// `smolagents'`, `CrewAI's`.
fn possessive(name: &str) -> String {
    if name.ends_with('s') { format!("{name}'") } else { format!("{name}'s") }
}

/// The first line of what the code wrote, within 60 characters.
fn short(text: &str) -> &str {
    let line = text.lines().next().unwrap_or_default().trim_end();
    match line.char_indices().nth(60) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}
