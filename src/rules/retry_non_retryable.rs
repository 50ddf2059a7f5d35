//! `retry-non-retryable`: a retry that retries every error, including the ones
//! that will never succeed (400, 401, 404).

use crate::facts::RetryKind;
use crate::rules::{Context, Rule};

pub struct RetryNonRetryable;

impl Rule for RetryNonRetryable {
    fn check(&self, cx: &mut Context) {
        for scope in cx.retry_scopes() {
            let Some(span) = scope.catch_all else { continue };
            let message = match &scope.kind {
                RetryKind::Loop => "retry loop catches every error without looking at it".to_string(),
                RetryKind::Library(lib) => format!("{lib} policy is told to retry every exception"),
            };
            let location = cx.here(span);
            cx.report(location, message).with_help(
                "retry only what can succeed later: rate limits (429), overload (529), server errors (5xx) and connection errors",
            );
        }
    }
}
