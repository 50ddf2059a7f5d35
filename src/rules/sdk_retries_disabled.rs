//! `sdk-retries-disabled`: SDK retries switched off for a call no retry
//! scope encloses, so one 429 or overload fails the request.

use crate::base::diagnostic::Location;
use crate::rules::{Context, Rule};

pub struct SdkRetriesDisabled;

impl Rule for SdkRetriesDisabled {
    fn check(&self, cx: &mut Context) {
        // Tests switch retries off on purpose, to fail fast and deterministically.
        if cx.facts.is_test {
            return;
        }
        // Clients made in this file with max_retries=0: every call through
        // them, in any file, must sit inside some retry.
        let (facts, project, file) = (cx.facts, cx.project, cx.file);
        for client in facts.clients.iter().filter(|c| c.file == file && c.retries_off()) {
            let Some(arg) = client.max_retries.as_ref() else { continue };
            let mut calls = project.iter().flatten().flat_map(|f| {
                // A request made through the layer is judged where the layer makes it.
                f.calls.iter().filter(move |call| {
                    call.routed.is_none()
                        && call
                            .client
                            .map(|i| &f.clients[i])
                            .is_some_and(|c| c.file == client.file && c.span == client.span)
                })
            });
            let Some(bare) = calls.find(|call| unguarded(call) && call.max_retries.is_none()) else { continue };
            let location = cx.here(arg.span);
            report(cx, location, &bare.operation);
        }
        // `with_options(max_retries=0)` / `{ maxRetries: 0 }` on one request.
        let per_call: Vec<(Location, String)> = cx
            .facts
            .calls
            .iter()
            .filter(|call| unguarded(call))
            .filter_map(|call| {
                let arg = call.max_retries.as_ref().filter(|a| a.is_zero())?;
                Some((cx.here(arg.span), call.operation.clone()))
            })
            .collect();
        for (location, operation) in per_call {
            report(cx, location, &operation);
        }
    }
}

/// No retry we can see encloses the call, or some caller makes it outside
/// any retry; and it is not handed to code that might retry it.
fn unguarded(call: &crate::facts::ApiCall) -> bool {
    (!call.enclosed || call.exposed) && !call.in_opaque_callback
}

fn report(cx: &mut Context, location: Location, operation: &str) {
    cx.report(location, format!("SDK retries are off but `{operation}` is not inside any retry")).with_help(
        "keep the SDK's retries (they back off with jitter and honour retry-after), or wrap the call in a retry policy",
    );
}
