//! Reading a price file a user downloaded (LiteLLM's
//! `model_prices_and_context_window.json` shape) into model-table entries:
//! the prices and limits that differ from the table for the models it knows,
//! and the Anthropic and OpenAI chat models it does not. Lifecycles are not
//! imported: the file has one `deprecation_date` and no replacement, and the
//! table keeps retired, deprecated and each platform's dates apart.

use serde_json::{Map, Value};

use super::models::{Lookup, Model, ModelTable};

/// What an import found.
#[derive(Debug, Default)]
pub struct Imported {
    /// Entries in the shape of `rules/models.yaml`: an id and the fields
    /// that change (or a whole new model).
    pub entries: Vec<Map<String, Value>>,
    /// One line per change, for people: `gpt-4o: price.input 2.5 -> 2.75`.
    pub changes: Vec<String>,
    /// Entries of the file that are not Anthropic or OpenAI chat models.
    pub skipped: usize,
}

/// The file's fields (USD per token) and the table's (USD per million).
const PRICE_FIELDS: &[(&str, &str)] = &[
    ("input_cost_per_token", "input"),
    ("output_cost_per_token", "output"),
    ("cache_creation_input_token_cost", "cache_write_5m"),
    ("cache_creation_input_token_cost_above_1hr", "cache_write_1h"),
    ("cache_read_input_token_cost", "cache_read"),
];

pub fn import_litellm(table: &ModelTable, json: &str) -> Result<Imported, String> {
    let doc: Value = serde_json::from_str(json).map_err(|e| format!("not a JSON price file: {e}"))?;
    let Value::Object(entries) = doc else {
        return Err("not a price file: expected an object of model entries".into());
    };
    let mut out = Imported::default();
    let mut seen: Vec<String> = vec![];
    // Plain ids first: they speak for their model before a provider's form.
    let mut keys: Vec<&String> = entries.keys().collect();
    keys.sort_by_key(|k| (k.contains('/') || k.contains(':'), k.as_str()));
    for key in keys {
        let Value::Object(e) = &entries[key] else { continue };
        let provider = e.get("litellm_provider").and_then(Value::as_str).unwrap_or("");
        let chat = e.get("mode").and_then(Value::as_str).is_none_or(|m| m == "chat" || m == "responses");
        if !matches!(provider, "anthropic" | "openai") || !chat || key == "sample_spec" {
            out.skipped += 1;
            continue;
        }
        let price = prices(e);
        let limit = |k: &str| e.get(k).and_then(Value::as_u64);
        let (context, max_out) = (limit("max_input_tokens"), limit("max_output_tokens"));
        match table.lookup(key) {
            Lookup::Model(m) => {
                // The first entry that names a model speaks for it
                // (`claude-haiku-4-5` and its dated id).
                if seen.contains(&m.id) {
                    continue;
                }
                seen.push(m.id.clone());
                if let Some(entry) = changed(m, &price, context, max_out, &mut out.changes) {
                    out.entries.push(entry);
                }
            }
            // A provider-qualified or dated form of a model the table does
            // not have is left to its plain key.
            _ if key.contains('/') || key.contains(':') => out.skipped += 1,
            _ => {
                let mut entry = Map::new();
                entry.insert("id".into(), Value::from(key.as_str()));
                entry.insert("provider".into(), Value::from(provider));
                if !price.is_empty() {
                    entry.insert("price".into(), Value::Object(price.clone()));
                }
                if let Some(c) = context {
                    entry.insert("context_window".into(), Value::from(c));
                }
                if let Some(m) = max_out {
                    entry.insert("max_output_tokens".into(), Value::from(m));
                }
                out.changes.push(format!("{key}: added ({provider})"));
                out.entries.push(entry);
            }
        }
    }
    Ok(out)
}

/// The file's prices, per million tokens.
fn prices(e: &Map<String, Value>) -> Map<String, Value> {
    let mut price = Map::new();
    for (from, to) in PRICE_FIELDS {
        if let Some(per_token) = e.get(*from).and_then(Value::as_f64) {
            price.insert((*to).into(), Value::from(per_million(per_token)));
        }
    }
    price
}

/// USD per token → USD per million tokens, without float noise
/// (`2.5e-06` → `2.5`, not `2.4999999999999996`).
fn per_million(per_token: f64) -> f64 {
    let x = per_token * 1e6;
    (x * 1e6).round() / 1e6
}

/// The fields of `m` the file gives otherwise, as an override entry.
fn changed(
    m: &Model,
    price: &Map<String, Value>,
    context: Option<u64>,
    max_out: Option<u64>,
    changes: &mut Vec<String>,
) -> Option<Map<String, Value>> {
    let mut entry = Map::new();
    let mut new_price = Map::new();
    let ours = [
        ("input", m.price.input),
        ("output", m.price.output),
        ("cache_write_5m", m.price.cache_write_5m),
        ("cache_write_1h", m.price.cache_write_1h),
        ("cache_read", m.price.cache_read),
    ];
    for (field, current) in ours {
        let Some(theirs) = price.get(field).and_then(Value::as_f64) else { continue };
        if current.is_none_or(|c| (c - theirs).abs() > 1e-9) {
            changes.push(format!("{}: price.{field} {} -> {theirs}", m.id, show(current)));
            new_price.insert(field.into(), Value::from(theirs));
        }
    }
    if !new_price.is_empty() {
        entry.insert("price".into(), Value::Object(new_price));
    }
    for (field, current, theirs) in
        [("context_window", m.context_window, context), ("max_output_tokens", m.max_output_tokens, max_out)]
    {
        if let Some(t) = theirs
            && current != Some(t)
        {
            changes.push(format!("{}: {field} {} -> {t}", m.id, current.map_or("unknown".into(), |c| c.to_string())));
            entry.insert(field.into(), Value::from(t));
        }
    }
    if entry.is_empty() {
        return None;
    }
    entry.insert("id".into(), Value::from(m.id.as_str()));
    Some(entry)
}

fn show(v: Option<f64>) -> String {
    v.map_or("unknown".into(), |x| x.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_litellm_file_becomes_the_changes_it_makes() {
        let table = ModelTable::builtin();
        let json = r#"{
            "sample_spec": {"litellm_provider": "openai", "mode": "chat"},
            "claude-haiku-4-5-20251001": {"litellm_provider": "anthropic", "mode": "chat",
                "input_cost_per_token": 1.1e-06, "output_cost_per_token": 5e-06,
                "max_input_tokens": 200000, "max_output_tokens": 64000},
            "anthropic/claude-haiku-4-5": {"litellm_provider": "anthropic", "mode": "chat",
                "input_cost_per_token": 9e-06},
            "gpt-7-nova": {"litellm_provider": "openai", "mode": "chat",
                "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "max_output_tokens": 128000},
            "text-embedding-3-small": {"litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 2e-08},
            "gemini/gemini-3.5-flash": {"litellm_provider": "gemini", "mode": "chat", "input_cost_per_token": 1e-07}
        }"#;
        let got = import_litellm(table, json).unwrap();
        assert_eq!(got.changes, vec!["claude-haiku-4-5-20251001: price.input 1 -> 1.1", "gpt-7-nova: added (openai)"],);
        assert_eq!(got.skipped, 3);
        let haiku = &got.entries[0];
        assert_eq!(haiku["id"], "claude-haiku-4-5-20251001");
        assert_eq!(haiku["price"], serde_json::json!({"input": 1.1}));
        assert!(!haiku.contains_key("context_window"));
        let nova = &got.entries[1];
        assert_eq!(nova["price"], serde_json::json!({"input": 3.0, "output": 15.0}));
        assert_eq!(nova["max_output_tokens"], 128000);
        // The entries are accepted as overrides.
        let yaml = serde_json::to_string(&serde_json::json!({"models": got.entries})).unwrap();
        let t = table.with_overrides(&yaml).unwrap();
        assert_eq!(t.get("claude-haiku-4-5").unwrap().price.input, Some(1.1));
        assert_eq!(t.get("gpt-7-nova").unwrap().max_output_tokens, Some(128000));
    }

    #[test]
    fn a_file_that_is_not_a_price_file_is_an_error() {
        let table = ModelTable::builtin();
        assert!(import_litellm(table, "[1, 2]").unwrap_err().contains("not a price file"));
        assert!(import_litellm(table, "{").unwrap_err().contains("not a JSON price file"));
    }
}
