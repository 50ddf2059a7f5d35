#![no_main]
//! The Yaml frontend, source to Facts, and every rule over them.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        llmlint_fuzz::frontend(llmlint::base::language::Language::Yaml, "x.yaml", text);
    }
});
