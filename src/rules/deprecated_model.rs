//! `deprecated-model`: a retired model id (the API returns an error) or a
//! deprecated one (it will).

use crate::base::diagnostic::Severity;
use crate::knowledge::models::Status;
use crate::rules::{Context, Rule};

pub struct DeprecatedModel;

impl Rule for DeprecatedModel {
    fn check(&self, cx: &mut Context) {
        for r in &cx.facts.model_refs {
            let Some(id) = r.arg.value.value.as_str() else {
                continue;
            };
            let Some(model) = cx.models.get(id) else {
                continue;
            };
            let lc = &model.lifecycle;
            let (severity, message) = match model.status() {
                Status::Retired => (
                    Severity::Error,
                    match &lc.retired_on.as_ref().or(lc.retires_on.as_ref()) {
                        Some(date) => format!("{id} was retired on {date}; requests to it fail"),
                        None => format!("{id} is retired; requests to it fail"),
                    },
                ),
                Status::Deprecated => (
                    Severity::Warning,
                    match &lc.retires_on {
                        Some(date) => format!("{id} is deprecated and retires on {date}"),
                        None => format!("{id} is deprecated"),
                    },
                ),
                _ => continue,
            };
            let location = r.arg.value.origin.unwrap_or(cx.here(r.arg.value_span));
            let fix = lc.replacement.as_ref().and_then(|rep| cx.replace_model_id(location, id, rep));
            let help = match &lc.replacement {
                Some(rep) => format!("move to {rep}"),
                None => "move to a current model".to_string(),
            };
            cx.report(location, message).with_severity(severity).with_help(help).with_fix(fix);
        }
    }
}
