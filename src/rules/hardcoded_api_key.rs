//! `hardcoded-api-key`: a provider API key written into code, a config file,
//! a `.env` file or a notebook.

use crate::knowledge::secrets;
use crate::rules::{Context, Rule};

pub struct HardcodedApiKey;

impl Rule for HardcodedApiKey {
    fn check(&self, cx: &mut Context) {
        for lit in &cx.facts.strings {
            // One finding per literal: the first key in it names the kind.
            let Some(found) = secrets::find(&lit.value).into_iter().next() else { continue };
            let key = &lit.value[found.start..found.end];
            let shown = secrets::redact(key, found.shape);
            let location = cx.here(lit.span);
            cx.report(location, format!("hardcoded {} `{shown}`", found.shape.name)).with_help(format!(
                "read it from the environment ({}) or a secret manager, and revoke this key: \
                 it is in the repository's history",
                found.shape.env
            ));
        }
    }
}
