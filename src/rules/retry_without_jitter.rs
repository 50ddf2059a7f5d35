//! `retry-without-jitter`: a retry delay with no random component, so every
//! client that failed together retries together.

use crate::facts::{RetryKind, Tri};
use crate::rules::{Context, Rule};

pub struct RetryWithoutJitter;

impl Rule for RetryWithoutJitter {
    fn check(&self, cx: &mut Context) {
        for scope in cx.retry_scopes() {
            for delay in &scope.delays {
                // A delay from `retry-after` is the server's instruction.
                if delay.jitter != Tri::No || delay.from_retry_after {
                    continue;
                }
                let (message, help) = match &scope.kind {
                    RetryKind::Loop => (
                        "retry sleeps a delay with no random component".to_string(),
                        match &delay.jitter_hint {
                            Some(line) => format!("add jitter so clients do not retry in lockstep: `{line}`"),
                            None => "add a random component to the delay (full jitter: a random time up to it)".into(),
                        },
                    ),
                    RetryKind::Library(lib) => (
                        format!("{lib} retries without jitter"),
                        format!("add jitter to the {lib} wait so clients that failed together do not retry together"),
                    ),
                };
                // A library rewrite keeps the policy's arguments (unsafe: timing
                // changes); a loop's rewrite is shown, not applied (manual: it
                // may need an import and a look at units).
                let fix = delay.jitter_edits.clone().and_then(|edits| cx.fix(edits)).map(|mut f| {
                    if scope.kind == RetryKind::Loop {
                        f.applicability = crate::base::diagnostic::Applicability::Manual;
                    }
                    f
                });
                let location = cx.here(delay.span);
                cx.report(location, message).with_help(help).with_fix(fix);
            }
        }
    }
}
