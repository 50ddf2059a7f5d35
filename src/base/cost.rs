//! Dollar figures: the cost a finding carries, and how money and counts are
//! written. The pricing that produces them is `knowledge::models`.

use serde::{Deserialize, Serialize};

/// A structured cost estimate (DESIGN.md, "Findings, fixes, cost").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Cost {
    pub usd_per_call: f64,
    pub usd_per_1k_calls: f64,
    pub usd_per_month: Option<f64>,
    pub basis: String,
}

/// Days in the month of `usd_per_month`.
pub const DAYS_PER_MONTH: f64 = 30.0;

impl Cost {
    pub fn per_call(usd_per_call: f64, basis: String, calls_per_day: Option<f64>) -> Cost {
        Cost::new(usd_per_call, usd_per_call * 1000.0, basis, calls_per_day)
    }

    /// A cost whose 1,000 calls are not 1,000 single calls (a one-off
    /// premium). Per month is the per-1,000 figure scaled to the traffic.
    pub fn new(usd_per_call: f64, usd_per_1k_calls: f64, basis: String, calls_per_day: Option<f64>) -> Cost {
        let round = |x: f64| (x * 1e6).round() / 1e6;
        Cost {
            usd_per_call: round(usd_per_call),
            usd_per_1k_calls: round(usd_per_1k_calls),
            usd_per_month: calls_per_day.map(|d| round(usd_per_1k_calls * d * DAYS_PER_MONTH / 1000.0)),
            basis,
        }
    }

    /// `$1.60 per call, $1,600 per 1,000 calls`
    pub fn summary(&self) -> String {
        let mut s = format!("{} per call, {} per 1,000 calls", usd(self.usd_per_call), usd(self.usd_per_1k_calls));
        if let Some(m) = self.usd_per_month {
            s.push_str(&format!(", {} per month", usd(m)));
        }
        s
    }
}

/// A number without a needless `.0`.
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 { format!("{}", x as i64) } else { format!("{x}") }
}

/// Dollars with thousands separators and cents (or more digits below a cent).
pub fn usd(x: f64) -> String {
    if x != 0.0 && x.abs() < 0.01 {
        return format!("${x:.4}");
    }
    let cents = (x * 100.0).round() as i64;
    let (whole, frac) = (cents / 100, (cents % 100).abs());
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}${grouped}.{frac:02}", if x < 0.0 { "-" } else { "" })
}

/// Thousands separators for token counts in messages.
pub fn thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Today's date as `YYYY-MM-DD` (UTC), for lifecycle dates. `LLMLINT_TODAY`
/// (a `YYYY-MM-DD` date) sets it instead: a run reproduced as of a given day,
/// and tests of dated behaviour.
pub fn today() -> String {
    if let Some(day) = PINNED_TODAY.get() {
        return day.clone();
    }
    if let Ok(day) = std::env::var("LLMLINT_TODAY")
        && days_since_epoch(&day).is_some()
    {
        return day;
    }
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    civil_date((secs / 86_400) as i64)
}

static PINNED_TODAY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Fix `today()` for the rest of the process (the test suites' snapshots
/// hold lifecycle states, which follow the date); the first day pinned wins.
pub fn pin_today(day: &str) {
    let _ = PINNED_TODAY.set(day.to_string());
}

/// `YYYY-MM-DD` → days since 1970-01-01 (the inverse of `civil_date`);
/// `None` for anything else.
pub fn days_since_epoch(date: &str) -> Option<i64> {
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (Howard Hinnant's algorithm).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats() {
        assert_eq!(usd(1600.0), "$1,600.00");
        assert_eq!(usd(0.48), "$0.48");
        assert_eq!(usd(0.0016), "$0.0016");
        assert_eq!(civil_date(0), "1970-01-01");
        for days in [0, 59, 60, 365, 10_957, 20_788, 20_789] {
            assert_eq!(days_since_epoch(&civil_date(days)), Some(days));
        }
        assert_eq!(days_since_epoch("2026-12-01"), Some(20_788));
        assert_eq!(days_since_epoch("2026-13-01"), None);
        assert_eq!(days_since_epoch("yesterday"), None);
        assert_eq!(civil_date(20_787), "2026-11-30");
    }
}
