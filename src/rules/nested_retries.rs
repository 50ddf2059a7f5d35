//! `nested-retries`: a retry around a call through an SDK client that retries
//! on its own, so the attempts multiply.

use crate::facts::{Api, ApiCall, Client, Facts, Value};
use crate::knowledge::providers::Provider;
use crate::knowledge::sdks;
use crate::rules::{Context, Rule};

pub struct NestedRetries;

impl Rule for NestedRetries {
    fn check(&self, cx: &mut Context) {
        for scope in cx.retry_scopes() {
            let inner = scope.reached.iter().find_map(|&(file, req)| {
                let facts = cx.project.get(file.index())?.as_ref()?;
                let call = &facts.calls[facts.requests.get(req.index())?.call?];
                // `self.client`, which the instance's class decides.
                let client = match call.client {
                    Some(i) => &facts.clients[i],
                    None => {
                        scope.instance_clients.iter().find(|(f, r, _)| (*f, *r) == (file, req)).map(|(_, _, c)| c)?
                    }
                };
                sdk_retries(call, client, facts.program, cx.project)
                    .filter(|&n| n > 0)
                    .map(|n| (call.operation.clone(), n, client.provider))
            });
            let Some((operation, retries, provider)) = inner else { continue };
            let sdk_attempts = retries + 1;
            let message = match scope.attempts {
                Some(outer) => format!(
                    "retry around `{operation}`, whose client retries too: up to {outer} × {sdk_attempts} = {} requests per call",
                    outer * sdk_attempts
                ),
                None => format!(
                    "retry around `{operation}`, whose client retries too ({retries} retries): the attempts multiply"
                ),
            };
            let location = cx.here(scope.span);
            let js = cx.language.is_javascript();
            let (off, more) = match provider {
                // AWS's JavaScript SDK counts attempts, in the client's options.
                Provider::Bedrock if js => ("maxAttempts: 1".to_string(), "maxAttempts: N".to_string()),
                // boto3 counts attempts, in the client's `config`.
                Provider::Bedrock => (
                    "config=Config(retries={\"max_attempts\": 1})".to_string(),
                    "config=Config(retries={\"max_attempts\": N})".to_string(),
                ),
                _ => (
                    cx.printer().client_option("max_retries", "maxRetries", "0"),
                    cx.printer().client_option("max_retries", "maxRetries", "N"),
                ),
            };
            cx.report(location, message).with_help(format!(
                "let one layer retry: use a client with `{off}` inside this retry, or drop the retry and set the SDK's `{more}`"
            ));
        }
    }
}

/// The SDK retries of a call: its per-request setting, else its client's,
/// else the SDK default. `None` when the code sets a value we cannot read.
///
/// A client only declared (`client: AsyncAnthropic`) was made by a caller:
/// it keeps the default unless the program (the files joined to the call's
/// by imports) makes a client of that SDK with retries of its own, which
/// may be the one handed in.
fn sdk_retries(call: &ApiCall, client: &Client, program: usize, project: &[Option<Facts>]) -> Option<i64> {
    if call.api != Api::Sdk || sdks::UNRETRIED_OPERATIONS.contains(&(call.provider, call.operation.as_str())) {
        return None;
    }
    let setting = call.max_retries.as_ref().or(client.max_retries.as_ref());
    if setting.is_none()
        && client.given
        && project
            .iter()
            .flatten()
            .filter(|f| f.program == program)
            .flat_map(|f| &f.clients)
            .any(|c| c.provider == client.provider && c.max_retries.is_some())
    {
        return None;
    }
    match setting.map(|a| &a.value.value) {
        None => Some(client.default_retries),
        Some(Value::Int(n)) => Some(*n),
        Some(_) => None,
    }
}
