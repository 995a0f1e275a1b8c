//! Human formats of a cost report: the terminal table (infracost's layout) and number
//! formatting shared by every format.

pub mod html;
pub mod markdown;
pub mod table;

use rust_decimal::{Decimal, RoundingStrategy};

/// `$1,234.56`; negative as `-$1,234.56`. Costs under a cent but above zero show their
/// first significant digits (`$0.0042`) so that small costs do not read as free.
pub fn money(d: Decimal) -> String {
    let neg = d.is_sign_negative() && !d.is_zero();
    let a = d.abs();
    let s = if !a.is_zero() && a < Decimal::new(1, 2) {
        let r = a.round_sf(2).unwrap_or(a).normalize();
        r.to_string()
    } else {
        group(a.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero), 2)
    };
    format!("{}${}", if neg { "-" } else { "" }, s)
}

/// A signed money change: `+$30.37`, `-$5.00`, `$0.00`.
pub fn money_delta(d: Decimal) -> String {
    if d.is_zero() {
        return money(d);
    }
    if d.is_sign_positive() {
        format!("+{}", money(d))
    } else {
        money(d)
    }
}

/// A quantity with thousands separators and at most 4 decimals (`1,234.5`).
pub fn quantity(d: Decimal) -> String {
    let r = d.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero).normalize();
    let dp = r.scale();
    group(r, dp)
}

/// A unit price as written in the catalog (`$0.0000166667`).
pub fn price(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() <= 2 {
        format!("${}", group(n, 2))
    } else {
        format!("${n}")
    }
}

/// A percentage change from `before` to `after`, `+12%`; None when before is zero.
pub fn percent(before: Decimal, after: Decimal) -> Option<String> {
    if before.is_zero() {
        return None;
    }
    let p = ((after - before) / before * Decimal::from(100)).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    Some(if p.is_sign_positive() && !p.is_zero() { format!("+{p}%") } else { format!("{p}%") })
}

fn group(d: Decimal, dp: u32) -> String {
    let s = format!("{:.*}", dp as usize, d);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let neg = int.starts_with('-');
    let digits: Vec<char> = int.trim_start_matches('-').chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(*c);
    }
    let mut s = if neg { format!("-{out}") } else { out };
    if let Some(f) = frac {
        s.push('.');
        s.push_str(&f);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn money_formats() {
        assert_eq!(money(d("1234.565")), "$1,234.57");
        assert_eq!(money(d("-30.368")), "-$30.37");
        assert_eq!(money(d("0")), "$0.00");
        assert_eq!(money(d("0.00416")), "$0.0042");
        assert_eq!(money_delta(d("41.2")), "+$41.20");
        assert_eq!(quantity(d("1000000")), "1,000,000");
        assert_eq!(quantity(d("0.125")), "0.125");
        assert_eq!(price(d("0.0000166667")), "$0.0000166667");
        assert_eq!(price(d("0.1")), "$0.10");
        assert_eq!(percent(d("343.3"), d("384.5")), Some("+12%".into()));
        assert_eq!(percent(d("0"), d("5")), None);
    }
}
