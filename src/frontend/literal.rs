//! Literals as the languages write them, and the nesting guard, shared by
//! the code frontends.

/// How deep the frontends follow nested expressions and blocks.
pub const MAX_NESTING: usize = 1_500;

/// An integer literal as languages write it: `100_000`, `0x10`, `32768n`.
pub fn parse_int(raw: &str) -> Option<i64> {
    let s: String = raw.chars().filter(|c| *c != '_').collect();
    let s = s.trim_end_matches(['n', 'l', 'L']);
    let (digits, radix) = match s.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("0x") => (&s[2..], 16),
        Some("0o") => (&s[2..], 8),
        Some("0b") => (&s[2..], 2),
        _ => (s, 10),
    };
    i64::from_str_radix(digits, radix).ok()
}

/// A numeric literal that may be a float (`1e5`, `2.5`): integers stay integers.
pub fn parse_number(raw: &str) -> Option<NumberLit> {
    if let Some(n) = parse_int(raw) {
        return Some(NumberLit::Int(n));
    }
    let s: String = raw.chars().filter(|c| *c != '_').collect();
    let f: f64 = s.parse().ok()?;
    if f.fract() == 0.0 && f.abs() < 9.0e15 { Some(NumberLit::Int(f as i64)) } else { Some(NumberLit::Float(f)) }
}

pub enum NumberLit {
    Int(i64),
    Float(f64),
}
