//! Code in the file's own language, for help and fixes. The analysis stores
//! spans and facts only; what a fix writes, and the form a help shows, is
//! decided here, once per language. Rules get one from `Context::printer`.

use crate::base::language::Language;

#[derive(Clone, Copy, Debug)]
pub struct Printer(Language);

impl Printer {
    pub fn new(language: Language) -> Printer {
        Printer(language)
    }

    /// `delay` with full jitter: a random time up to it. `None` in a
    /// language with no delay to rewrite (configuration files).
    pub fn jittered_delay(self, delay: &str) -> Option<String> {
        let simple = delay.chars().all(|c| c.is_alphanumeric() || "_.:()".contains(c));
        let wrapped = if simple { delay.to_string() } else { format!("({delay})") };
        Some(match self.0 {
            Language::Python | Language::Notebook => format!("random.uniform(0, {delay})"),
            Language::JavaScript | Language::TypeScript | Language::Tsx => format!("Math.random() * {wrapped}"),
            Language::Rust => format!("{wrapped}.mul_f64(fastrand::f64())"),
            _ => return None,
        })
    }

    /// A `system` value as the Messages API's block list whose block carries
    /// `cache_control`. `key` is the key as written: a Rust struct field
    /// (not a `json!` body, whose keys are strings) has no such form.
    pub fn cached_system(self, value: &str, key: &str) -> Option<String> {
        Some(match self.0 {
            Language::Python | Language::Notebook => {
                format!(r#"[{{"type": "text", "text": {value}, "cache_control": {{"type": "ephemeral"}}}}]"#)
            }
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                format!(r#"[{{ type: "text", text: {value}, cache_control: {{ type: "ephemeral" }} }}]"#)
            }
            Language::Rust if key.starts_with('"') => {
                format!(r#"[{{"type": "text", "text": {value}, "cache_control": {{"type": "ephemeral"}}}}]"#)
            }
            _ => return None,
        })
    }

    /// How to bound a fan-out the code writes as `idiom`.
    pub fn bounded_fan_out(self, idiom: &str) -> String {
        match self.0 {
            Language::Python | Language::Notebook => "bound it with a semaphore: `sem = asyncio.Semaphore(8)` and `async with sem:` around the request, or gather fixed-size chunks one at a time".into(),
            Language::Rust if idiom.contains("spawn") => "take a `tokio::sync::Semaphore` permit before each spawn, or use `stream::iter(xs).map(f).buffer_unordered(8)`".into(),
            Language::Rust => "use `stream::iter(xs).map(f).buffer_unordered(8)` instead of join_all".into(),
            _ if idiom.starts_with("pMap") => "pass a concurrency: `pMap(xs, f, { concurrency: 8 })`".into(),
            _ => "wrap each item in a limiter: `const limit = pLimit(8); Promise.all(xs.map((x) => limit(() => f(x))))`".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_its_own_form() {
        let py = Printer::new(Language::Python);
        let ts = Printer::new(Language::TypeScript);
        let rs = Printer::new(Language::Rust);
        assert_eq!(py.jittered_delay("2 ** attempt").as_deref(), Some("random.uniform(0, 2 ** attempt)"));
        assert_eq!(ts.jittered_delay("2 ** attempt * 1000").as_deref(), Some("Math.random() * (2 ** attempt * 1000)"));
        assert_eq!(ts.jittered_delay("delay").as_deref(), Some("Math.random() * delay"));
        assert_eq!(rs.jittered_delay("backoff").as_deref(), Some("backoff.mul_f64(fastrand::f64())"));
        assert_eq!(Printer::new(Language::Yaml).jittered_delay("5"), None);
        assert!(ts.cached_system("PROMPT", "system").unwrap().starts_with("[{ type: \"text\", text: PROMPT"));
        assert_eq!(rs.cached_system("PROMPT", "system"), None, "a struct field has no block-list form");
        assert!(rs.cached_system("PROMPT", "\"system\"").is_some(), "a json! body has");
        assert!(py.bounded_fan_out("asyncio.gather(*...)").contains("asyncio.Semaphore"));
        assert!(ts.bounded_fan_out("pMap(xs, f) without a concurrency").contains("concurrency: 8"));
    }
}
