//! `unknown-model`: a `claude-*`, `gpt-*` or `o<digit>*` id that no provider
//! serves, usually a typo.

use crate::cost::{Lookup, bare_id};
use crate::lang::known::looks_like_model_id;
use crate::rules::{Context, Rule};

pub struct UnknownModel;

impl Rule for UnknownModel {
    fn check(&self, cx: &mut Context) {
        for r in &cx.facts.model_refs {
            let Some(id) = r.arg.value.value.as_str() else {
                continue;
            };
            if !looks_like_model_id(&bare_id(id))
                || !matches!(cx.models.lookup(id), Lookup::Unknown)
            {
                continue;
            }
            let location = r.arg.value.origin.unwrap_or(cx.here(r.arg.value_span));
            let nearest = cx.models.nearest(id);
            let help = match nearest {
                Some(n) => format!("did you mean `{n}`? (or add the model to the model table in your config)"),
                None => "check the id against the provider's model list, or add it to the model table in your config".into(),
            };
            let fix = nearest.and_then(|n| cx.replace_model_id(location, id, n));
            cx.report(location, format!("unknown model id `{id}`"))
                .with_help(help)
                .with_fix(fix);
        }
    }
}
