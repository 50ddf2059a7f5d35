//! `retry-ignores-retry-after`: a hand-written loop that handles rate limits
//! but sleeps its own delay instead of the server's `retry-after`.

use crate::facts::RetryKind;
use crate::rules::{Context, Rule};

pub struct RetryIgnoresRetryAfter;

impl Rule for RetryIgnoresRetryAfter {
    fn check(&self, cx: &mut Context) {
        for scope in cx.retry_scopes() {
            if scope.kind != RetryKind::Loop || !scope.rate_limit_specific || scope.reads_retry_after {
                continue;
            }
            for delay in &scope.delays {
                let location = cx.here(delay.span);
                cx.report(location, "rate-limit retry sleeps its own delay and never reads `retry-after`".into())
                    .with_help("sleep for the response's `retry-after` seconds when it is present, and fall back to jittered backoff");
            }
        }
    }
}
