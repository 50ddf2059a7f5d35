#![no_main]
//! The fix applier: arbitrary edits either apply or are refused; applying
//! never panics and a refused set leaves nothing half-done.
use libfuzzer_sys::fuzz_target;
use llmlint::base::diagnostic::Edit;
use llmlint::base::source::Span;

fuzz_target!(|input: (String, Vec<(u16, u16, String)>)| {
    let (text, raw) = input;
    let edits: Vec<Edit> = raw
        .into_iter()
        .take(8)
        .map(|(a, b, content)| Edit { span: Span::new(a as usize, b as usize), content })
        .collect();
    if let Ok(out) = llmlint::engine::fix::apply(&text, &edits) {
        // Applying no edits is the identity.
        assert_eq!(llmlint::engine::fix::apply(&out, &[]).unwrap(), out);
    }
    let (chosen, _) = llmlint::engine::fix::select(std::iter::empty(), true);
    assert!(chosen.is_empty());
});
