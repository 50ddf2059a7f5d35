//! `deprecated-model`: a retired model id (the API returns an error) or a
//! deprecated one (it will). A partner platform's id (Bedrock, Vertex) is
//! judged by that platform's own schedule where the table has it; where it
//! does not, the finding says so instead of borrowing the first party's date.

use crate::base::diagnostic::Severity;
use crate::knowledge::models::{AZURE_PREFIX, Platform, Status};
use crate::rules::{Context, Rule};

pub struct DeprecatedModel;

impl Rule for DeprecatedModel {
    fn check(&self, cx: &mut Context) {
        for r in &cx.facts.model_refs {
            let Some(id) = r.arg.value.value.as_str() else {
                continue;
            };
            if let Some((base, model)) = cx.models.fine_tune_base(id) {
                fine_tune(cx, r, id, base, model);
                continue;
            }
            let Some(model) = cx.models.get(id) else {
                continue;
            };
            let lc = &model.lifecycle;
            // The id's own form says where it goes (`us.anthropic.…` is
            // Bedrock's); else the code does (`amazonBedrock("claude-…")`).
            let platform = match Platform::of(id) {
                Platform::FirstParty => r.platform.unwrap_or(Platform::FirstParty),
                p => p,
            };
            // An Azure deployment is named as the code wrote it, with the
            // model the user's deployments say it serves.
            let named = match id.strip_prefix(AZURE_PREFIX) {
                Some(name) if cx.models.deployment(id).is_some() => format!("deployment `{name}` ({})", model.id),
                Some(name) => format!("deployment `{name}`"),
                None => id.to_string(),
            };
            let (raw, id) = (id, named.as_str());
            let on = match platform {
                Platform::FirstParty => String::new(),
                p => format!(" on {}", p.name()),
            };
            let own = lc.platforms.get(platform.key()).filter(|_| platform != Platform::FirstParty);
            // The first party's own state, or the platform's where the table has it.
            let stated = match (platform, own) {
                (Platform::FirstParty, _) => state(model.status(), lc.retired_on.as_ref(), lc.retires_on.as_ref())
                    .map(|(sev, text)| (sev, format!("{id} {text}"))),
                (_, Some(p)) => {
                    let (sev, mut text) = match state(p.status(), p.retired_on.as_ref(), p.retires_on.as_ref()) {
                        Some(s) => s,
                        None => continue,
                    };
                    // Azure may have moved a deployment set to upgrade on to the replacement.
                    if platform == Platform::Azure && p.status() == Status::Retired {
                        text.push_str(" (unless the deployment upgrades automatically: then it serves another model)");
                    }
                    Some((sev, format!("{id}{on} {text}")))
                }
                // The platform's own date is not in the table: say what is known.
                (_, None) => match model.status() {
                    Status::Retired | Status::Deprecated => Some((
                        Severity::Warning,
                        match lc.retired_on.as_ref().or(lc.retires_on.as_ref()) {
                            Some(date) => format!(
                                "{id}: the first party {} this model on {date}; {} sets its own date, which llmlint's table does not have",
                                if date.as_str() <= crate::base::cost::today().as_str() {
                                    "retired"
                                } else {
                                    "retires"
                                },
                                platform.name()
                            ),
                            None => format!(
                                "{id}: the first party has retired or deprecated this model; {} sets its own date, which llmlint's table does not have",
                                platform.name()
                            ),
                        },
                    )),
                    _ => None,
                },
            };
            let Some((severity, message)) = stated else { continue };
            let location = r.arg.value.origin.unwrap_or(cx.here(r.arg.value_span));
            // A replacement is written in the first party's form: on a partner
            // platform it would be another id, so no fix is offered there.
            let fix = lc
                .replacement
                .as_ref()
                .filter(|_| platform == Platform::FirstParty)
                .and_then(|rep| cx.replace_model_id(location, raw, rep));
            let help = match (&lc.replacement, platform) {
                (Some(rep), Platform::FirstParty) => format!("move to {rep}"),
                // Azure names its own successors, and a deployment is the team's.
                (_, Platform::Azure) => "deploy a current model (Azure's model retirement schedule names the replacement) and send to that deployment".to_string(),
                (Some(rep), p) => format!(
                    "check {}'s model lifecycle page; the successor is {rep}, in {}'s id form",
                    p.name(),
                    p.name()
                ),
                (None, Platform::FirstParty) => "move to a current model".to_string(),
                (None, p) => format!("check {}'s model lifecycle page and move to a current model", p.name()),
            };
            cx.report(location, message).with_severity(severity).with_help(help).with_fix(fix);
        }
    }
}

/// A fine-tune lives as long as its base model: retired with it, and
/// deprecated with it. No fix: another id is another model, not this
/// fine-tune.
fn fine_tune(
    cx: &mut Context,
    r: &crate::facts::ModelRef,
    id: &str,
    base: &str,
    model: &crate::knowledge::models::Model,
) {
    let lc = &model.lifecycle;
    let (severity, message) = match model.status() {
        Status::Retired => (
            Severity::Error,
            match lc.retired_on.as_ref().or(lc.retires_on.as_ref()) {
                Some(date) => format!(
                    "{id} is a fine-tune of {base}, retired on {date}: a fine-tune is served only while its base model is, so requests to it fail"
                ),
                None => format!(
                    "{id} is a fine-tune of {base}, which is retired: a fine-tune is served only while its base model is, so requests to it fail"
                ),
            },
        ),
        Status::Deprecated => (
            Severity::Warning,
            match lc.retires_on.as_ref() {
                Some(date) => format!(
                    "{id} is a fine-tune of {base}, which is deprecated and retires on {date}: the fine-tune goes with it"
                ),
                None => format!("{id} is a fine-tune of {base}, which is deprecated: the fine-tune goes with it"),
            },
        ),
        _ => return,
    };
    let help = match &lc.replacement {
        Some(rep) => format!("fine-tune a current model again, or move to {rep}"),
        None => "fine-tune a current model again, or move to a current model".to_string(),
    };
    let location = r.arg.value.origin.unwrap_or(cx.here(r.arg.value_span));
    cx.report(location, message).with_severity(severity).with_help(help);
}

/// What a lifecycle state says of a request: retired (it fails) or
/// deprecated (it will), with the date, as the end of a sentence.
fn state(status: Status, retired_on: Option<&String>, retires_on: Option<&String>) -> Option<(Severity, String)> {
    match status {
        Status::Retired => Some((
            Severity::Error,
            match retired_on.or(retires_on) {
                Some(date) => format!("was retired on {date}; requests to it fail"),
                None => "is retired; requests to it fail".to_string(),
            },
        )),
        Status::Deprecated => Some((
            Severity::Warning,
            match retires_on {
                Some(date) => format!("is deprecated and retires on {date}"),
                None => "is deprecated".to_string(),
            },
        )),
        _ => None,
    }
}
