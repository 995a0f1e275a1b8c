//! A Markdown cost report: one table per project with each resource's monthly cost, the
//! components in a collapsible block, and the totals.

use std::fmt::Write;

use super::{money, money_delta, price, quantity};
use crate::json::{Component, Report, Resource};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let total = report.total_monthly_cost.unwrap_or_default();
    let _ = writeln!(out, "## Monthly cost estimate: {}\n", money(total));
    for p in &report.projects {
        let Some(b) = &p.breakdown else { continue };
        let _ = writeln!(out, "### {}\n", p.name);
        let _ = writeln!(out, "| Resource | Monthly cost |\n| --- | ---: |");
        for r in &b.resources {
            let note = if r.price_not_found() { " (price not found)" } else if r.all_components().iter().any(|c| c.monthly_cost.is_none() && c.usage_based) { " (+ usage)" } else { "" };
            let _ = writeln!(out, "| `{}` | {}{note} |", r.name, money(r.monthly_cost.unwrap_or_default()));
        }
        let _ = writeln!(out, "| **Total** | **{}** |\n", money(b.total_monthly_cost.unwrap_or_default()));
        let _ = writeln!(out, "<details><summary>Cost components</summary>\n");
        let _ = writeln!(out, "| Resource | Component | Monthly qty | Unit | Monthly cost |\n| --- | --- | ---: | --- | ---: |");
        for r in &b.resources {
            component_rows(&mut out, &r.name, r);
        }
        let _ = writeln!(out, "\n</details>\n");
        if let Some(d) = &p.diff {
            let _ = writeln!(out, "Change from the baseline: {}\n", money_delta(d.total_monthly_cost.unwrap_or_default()));
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} resources detected: {} estimated, {} free, {} not supported, {} with a price not found.",
        s.total_detected_resources.unwrap_or(0),
        s.total_supported_resources.unwrap_or(0),
        s.total_no_price_resources.unwrap_or(0),
        s.total_unsupported_resources.unwrap_or(0),
        s.total_price_not_found_resources.unwrap_or(0)
    );
    out
}

fn component_rows(out: &mut String, name: &str, r: &Resource) {
    for c in &r.cost_components {
        let _ = writeln!(out, "| `{}` | {} | {} | {} | {} |", name, escape(&c.name), qty(c), escape(&c.unit), cost(c));
    }
    for s in &r.subresources {
        component_rows(out, &format!("{name} / {}", s.name), s);
    }
}

fn qty(c: &Component) -> String {
    c.monthly_quantity.map(quantity).unwrap_or_else(|| "-".into())
}

fn cost(c: &Component) -> String {
    if c.price_not_found {
        return format!("price not found: {}", escape(c.price_not_found_reason.as_deref().unwrap_or("")));
    }
    match c.monthly_cost {
        Some(m) => money(m),
        None => format!("depends on usage: {} per {}", price(c.price), escape(&c.unit)),
    }
}

/// Escapes table cell text.
pub fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;")
}
