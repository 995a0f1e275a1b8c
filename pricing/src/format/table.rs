//! The terminal table, laid out like infracost's `breakdown`: one tree per resource, then
//! the overall total and a summary of what was and was not priced.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::{money, price, quantity};
use crate::json::{Breakdown, Component, Report, Resource};

/// Renders a whole report (every project, then the overall total).
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for p in &report.projects {
        let _ = writeln!(out, "Project: {}\n", p.name);
        if let Some(b) = &p.breakdown {
            out.push_str(&render_breakdown(b));
        }
        out.push('\n');
    }
    let total = report.total_monthly_cost.unwrap_or_default();
    let _ = writeln!(out, "{}", row(" OVERALL TOTAL", "", "", &money(total)));
    out.push_str(&summary_lines(report));
    out
}

/// Renders one breakdown's resources and its project total.
pub fn render_breakdown(b: &Breakdown) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", row(" Name", "Monthly Qty", "Unit", "Monthly Cost"));
    out.push('\n');
    for r in &b.resources {
        let _ = writeln!(out, " {}", r.name);
        resource_lines(&mut out, r, " ");
        out.push('\n');
    }
    let _ = writeln!(out, "{}", row(" Project total", "", "", &money(b.total_monthly_cost.unwrap_or_default())));
    out
}

fn resource_lines(out: &mut String, r: &Resource, prefix: &str) {
    let n = r.cost_components.len() + r.subresources.len();
    let mut i = 0;
    for c in &r.cost_components {
        i += 1;
        let last = i == n;
        let branch = if last { "└─ " } else { "├─ " };
        let _ = writeln!(out, "{}", component_line(&format!("{prefix}{branch}{}", c.name), c));
    }
    for s in &r.subresources {
        i += 1;
        let last = i == n;
        let branch = if last { "└─ " } else { "├─ " };
        let _ = writeln!(out, "{prefix}{branch}{}", s.name);
        let next = format!("{prefix}{}", if last { "   " } else { "│  " });
        resource_lines(out, s, &next);
    }
}

fn component_line(label: &str, c: &Component) -> String {
    if c.price_not_found {
        let why = c.price_not_found_reason.as_deref().unwrap_or("no price in the catalog");
        return format!("{label}  price not found: {why}");
    }
    match (c.monthly_quantity, c.monthly_cost) {
        (Some(q), Some(cost)) => row(label, &quantity(q), &c.unit, &money(cost)),
        _ => format!("{label}  Monthly cost depends on usage: {} per {}", price(c.price), c.unit),
    }
}

const NAME_W: usize = 60;

fn row(name: &str, qty: &str, unit: &str, cost: &str) -> String {
    let name_w = name.chars().count();
    let pad = NAME_W.saturating_sub(name_w);
    format!("{name}{:pad$} {qty:>12}  {unit:<12} {cost:>12}", "")
}

/// The lines under the total: how many resources were found, priced, free, unsupported,
/// and not priced for want of a price.
pub fn summary_lines(report: &Report) -> String {
    let s = &report.summary;
    let n = |x: Option<i64>| x.unwrap_or(0);
    let mut out = String::new();
    let total = n(s.total_detected_resources);
    if total == 0 {
        return out;
    }
    let _ = writeln!(out, "──────────────────────────────────");
    let _ = writeln!(out, "{} cloud resource{} detected:", total, if total == 1 { " was" } else { "s were" });
    let est = n(s.total_supported_resources);
    if est > 0 {
        let usage = n(s.total_usage_based_resources);
        let _ = write!(out, "∙ {est} {} estimated", if est == 1 { "was" } else { "were" });
        if usage > 0 {
            let _ = write!(out, ", {usage} of which include{} usage-based costs (set them in a usage file)", if usage == 1 { "s" } else { "" });
        }
        out.push('\n');
    }
    let nf = n(s.total_price_not_found_resources);
    if nf > 0 {
        let _ = writeln!(out, "∙ {nf} {} not fully priced: a price was not found in the catalog (shown above with the reason)", if nf == 1 { "was" } else { "were" });
    }
    let free = n(s.total_no_price_resources);
    if free > 0 {
        let _ = writeln!(out, "∙ {free} {} free", if free == 1 { "was" } else { "were" });
        if let Some(m) = &s.no_price_resource_counts {
            for (t, c) in m {
                let _ = writeln!(out, "  ∙ {c} x {t}");
            }
        }
    }
    let un = n(s.total_unsupported_resources);
    if un > 0 {
        let _ = writeln!(out, "∙ {un} {} not supported yet, so not estimated", if un == 1 { "is" } else { "are" });
        if let Some(m) = &s.unsupported_resource_counts {
            for (t, c) in m {
                let _ = writeln!(out, "  ∙ {c} x {t}");
            }
        }
    }
    out
}

/// "$12.34" of a component or "-" when it depends on usage.
pub fn cost_or_dash(d: Option<Decimal>) -> String {
    d.map(money).unwrap_or_else(|| "-".into())
}

/// Renders the diff of every project (infracost's `diff` layout): each changed resource
/// with its change and its components' changes, then the change per project and overall.
pub fn render_diff(report: &Report) -> String {
    use super::{money_delta, percent};
    let mut out = String::new();
    for p in &report.projects {
        let _ = writeln!(out, "Project: {}\n", p.name);
        let Some(d) = &p.diff else {
            let _ = writeln!(out, "No baseline to compare to.\n");
            continue;
        };
        let past = p.past_breakdown.as_ref();
        let now = p.breakdown.as_ref();
        let find = |b: Option<&Breakdown>, n: &str| b.and_then(|b| b.resources.iter().find(|r| r.name == n)).and_then(|r| r.monthly_cost);
        for r in &d.resources {
            let before = find(past, &r.name);
            let after = find(now, &r.name);
            let sym = match (before.is_some(), after.is_some()) {
                (false, true) => "+",
                (true, false) => "-",
                _ => "~",
            };
            let _ = writeln!(out, "{sym} {}", r.name);
            let change = money_delta(r.monthly_cost.unwrap_or_default());
            match (before, after) {
                (Some(b), Some(a)) => {
                    let _ = writeln!(out, "  {change} ({} -> {})", money(b), money(a));
                }
                _ => {
                    let _ = writeln!(out, "  {change}");
                }
            }
            diff_components(&mut out, r, "    ");
            out.push('\n');
        }
        let tb = past.and_then(|b| b.total_monthly_cost).unwrap_or_default();
        let ta = now.and_then(|b| b.total_monthly_cost).unwrap_or_default();
        let _ = writeln!(out, "Monthly cost change for {}", p.name);
        let _ = writeln!(out, "Amount:  {} ({} -> {})", money_delta(ta - tb), money(tb), money(ta));
        if let Some(pct) = percent(tb, ta) {
            let _ = writeln!(out, "Percent: {pct}");
        }
        out.push('\n');
    }
    let tb = report.past_total_monthly_cost.unwrap_or_default();
    let ta = report.total_monthly_cost.unwrap_or_default();
    let _ = writeln!(out, "──────────────────────────────────");
    let _ = writeln!(out, "Key: ~ changed, + added, - removed\n");
    let _ = writeln!(out, "Monthly cost change: {} ({} -> {})", money_delta(ta - tb), money(tb), money(ta));
    out.push_str(&summary_lines(report));
    out
}

fn diff_components(out: &mut String, r: &Resource, indent: &str) {
    for c in &r.cost_components {
        let sym = match c.monthly_cost {
            Some(m) if m.is_sign_negative() && !m.is_zero() => "-",
            _ => "+",
        };
        let amount = match c.monthly_cost {
            Some(m) => super::money_delta(m),
            None if c.price_not_found => "price not found".to_string(),
            None => format!("Monthly cost depends on usage: {} per {}", price(c.price), c.unit),
        };
        let _ = writeln!(out, "{indent}{sym} {}\n{indent}  {amount}", c.name);
    }
    for s in &r.subresources {
        let _ = writeln!(out, "{indent}~ {}", s.name);
        diff_components(out, s, &format!("{indent}    "));
    }
}
