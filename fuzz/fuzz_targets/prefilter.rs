#![no_main]
//! The byte prefilter over arbitrary bytes, as every language, with every
//! rule enabled and with only the any-file rules (a test file).
use libfuzzer_sys::fuzz_target;
use llmlint::base::language::Language;

fuzz_target!(|data: &[u8]| {
    static PREFILTER: std::sync::OnceLock<llmlint::engine::prefilter::Prefilter> = std::sync::OnceLock::new();
    let p = PREFILTER.get_or_init(|| {
        let rules = llmlint::rules::all();
        let words = |any: bool| -> Vec<&str> {
            rules.iter().filter(|r| r.meta.any_file == any).flat_map(|r| r.meta.triggers.iter().map(String::as_str)).collect()
        };
        llmlint::engine::prefilter::Prefilter::new(words(false), words(true), &["myco.llm.ask"], llmlint::knowledge::models::ModelTable::builtin())
    });
    for language in [
        Language::Python,
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Rust,
        Language::Yaml,
        Language::Json,
        Language::Toml,
        Language::Env,
        Language::Notebook,
    ] {
        p.matches(data, language, false);
        p.matches(data, language, true);
    }
});
