#![no_main]
//! Notebooks: the .ipynb JSON, its cells as Python, positions mapped back.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(nb) = llmlint::frontend::notebook::extract(text) {
            assert_eq!(nb.offsets.len(), nb.python.len() + 1);
            let file = llmlint::base::source::SourceFile::notebook("x.ipynb".into(), "x.ipynb".into(), text.to_string(), nb);
            let _ = llmlint::analysis::facts(&file, 0.into(), llmlint::base::language::Language::Notebook, llmlint::analysis::Tables::builtin());
            for offset in [0, file.text.len() / 2, file.text.len()] {
                let _ = file.position(offset);
            }
        }
    }
});
