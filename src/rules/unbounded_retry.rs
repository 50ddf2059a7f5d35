//! `unbounded-retry`: nothing limits a retry's attempts or time.

use crate::facts::{RetryKind, Tri};
use crate::rules::{Context, Rule};

pub struct UnboundedRetry;

impl Rule for UnboundedRetry {
    fn check(&self, cx: &mut Context) {
        for scope in cx.retry_scopes() {
            if scope.bounded != Tri::No {
                continue;
            }
            let message = match &scope.kind {
                RetryKind::Loop => "retry loop has no attempt limit or deadline".to_string(),
                RetryKind::Library(lib) => format!("{lib} policy retries forever: no attempt or time limit"),
            };
            let location = cx.here(scope.span);
            cx.report(location, message).with_help(
                "bound the retry (a few attempts, or a deadline); a request that keeps failing should fail the caller",
            );
        }
    }
}
