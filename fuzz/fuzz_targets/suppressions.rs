#![no_main]
//! The suppression-comment parser: spans stay inside the text, on char boundaries.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        use llmlint::base::language::Language;
        // `#`; `//` with `/* */`; `#` with `<!-- -->`.
        for language in [Language::Python, Language::Tsx, Language::Text] {
            for d in llmlint::engine::suppress::directives(text, language.comments()) {
                assert!(text.get(d.span.start..d.span.end).is_some());
                for (id, span) in &d.rules {
                    assert_eq!(text.get(span.start..span.end), Some(id.as_str()));
                }
            }
        }
    }
});
