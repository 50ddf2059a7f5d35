//! `retry-without-jitter`: a retry delay with no random component, so every
//! client that failed together retries together.

use crate::base::diagnostic::Edit;
use crate::base::source::Span;
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
                // A hand-written loop's delay, rewritten in the file's language.
                let loop_edit = delay.jitter_delay.and_then(|d| {
                    let content = cx.printer().jittered_delay(cx.text(cx.here(d))?)?;
                    Some(Edit { span: d, content })
                });
                let (message, help) = match &scope.kind {
                    RetryKind::Loop => (
                        "retry sleeps a delay with no random component".to_string(),
                        match loop_edit.as_ref().and_then(|e| jittered_call(cx, delay.span, e)) {
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
                let edits = delay.jitter_edits.clone().or(loop_edit.map(|e| {
                    let mut edits = vec![e];
                    edits.extend(missing_import(cx));
                    edits
                }));
                let fix = edits.and_then(|edits| cx.fix(edits)).map(|mut f| {
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

/// The sleep call with its delay jittered, as the help shows it.
fn jittered_call(cx: &Context, call: Span, edit: &Edit) -> Option<String> {
    let text = cx.text(cx.here(call))?;
    let (a, b) = (edit.span.start.checked_sub(call.start)?, edit.span.end.checked_sub(call.start)?);
    Some(format!("{}{}{}", text.get(..a)?, edit.content, text.get(b..)?))
}

/// The import a jittered delay needs, where the file does not have it yet
/// (`random.uniform` in Python): written before the file's first import
/// that is not a `from __future__` import (those must come first).
fn missing_import(cx: &Context) -> Option<Edit> {
    let line = cx.printer().jitter_import()?;
    let text = &cx.sources.get(cx.file.index())?.text;
    let has = text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("import random") || l.starts_with("from random import")
    });
    if has {
        return None;
    }
    let mut at = 0;
    let mut first_import = None;
    for l in text.split_inclusive('\n') {
        if l.starts_with("import ") || (l.starts_with("from ") && !l.starts_with("from __future__ ")) {
            first_import = Some(at);
            break;
        }
        at += l.len();
    }
    let at = first_import?;
    Some(Edit { span: Span::new(at, at), content: line.to_string() })
}
