#![no_main]
//! The configuration loader: any text is a config or an error, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let path = std::env::temp_dir().join(format!("llmlint-fuzz-{}.toml", std::process::id()));
        if std::fs::write(&path, text).is_ok() {
            if let Err(e) = llmlint::config::load(&path) {
                let _ = format!("{:?}", e.report());
            }
        }
    }
});
