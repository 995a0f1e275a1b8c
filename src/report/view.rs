//! Small wording helpers shared by the human formats (Markdown and HTML).

use rust_decimal::Decimal;

/// `12.5%` of the total; `0%` when the total is zero.
pub fn share(part: Decimal, total: Decimal) -> String {
    if total.is_zero() {
        return "0%".into();
    }
    format!("{}%", (part / total * Decimal::ONE_HUNDRED).round_dp(1).normalize())
}

/// A change in percent with its sign: `+12.09%`, `-3%`, `0%`.
pub fn pct(p: Decimal) -> String {
    let p = p.round_dp(1).normalize();
    if p > Decimal::ZERO {
        format!("+{p}%")
    } else {
        format!("{p}%")
    }
}

/// `team` -> `Team`.
pub fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
