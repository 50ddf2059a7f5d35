//! `unbounded-concurrency`: a request per item, all started at once.

use crate::base::diagnostic::{Applicability, Fix};
use crate::facts::Tri;
use crate::rules::{Context, Rule};

pub struct UnboundedConcurrency;

impl Rule for UnboundedConcurrency {
    fn check(&self, cx: &mut Context) {
        for fan in &cx.facts.fan_outs {
            // Work that makes no request is never flagged.
            if fan.bounded != Tri::No || fan.reached.is_empty() {
                continue;
            }
            // Every request is made inside a function handed to code we cannot
            // see (`this.caller.call(async () => …)`), which may well queue it.
            let opaque = fan.reached.iter().all(|&(file, req)| {
                cx.project
                    .get(file.index())
                    .and_then(Option::as_ref)
                    .and_then(|f| Some(&f.calls[f.requests.get(req.index())?.call?]))
                    .is_some_and(|c| c.in_opaque_callback)
            });
            if opaque {
                continue;
            }
            let location = cx.here(fan.span);
            let help = cx.printer().bounded_fan_out(&fan.idiom);
            cx.report(
                location,
                format!("{} starts a request per item with no limit on how many run at once", fan.idiom),
            )
            .with_help(help.clone())
            .with_fix(Some(Fix { applicability: Applicability::Manual, title: help, edits: vec![] }));
        }
    }
}
