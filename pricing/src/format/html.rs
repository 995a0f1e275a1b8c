//! A self-contained HTML cost report (inline CSS, no scripts, no network): the totals and
//! a table of every resource's cost components.

use std::fmt::Write;

use super::{money, price, quantity};
use crate::json::{Report, Resource};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Cost estimate</title>\n<style>\nbody{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem;color:#1d2330}\ntable{border-collapse:collapse;width:100%;margin:1rem 0}\nth,td{padding:.35rem .6rem;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:top}\ntd.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\ntr.res td{font-weight:600;background:#f6f7f9}\n.total{font-size:1.4rem;font-weight:700}\n.warn{color:#9a5b00}\n@media (max-width:600px){td,th{font-size:.85rem;padding:.3rem}}\n</style></head><body>\n");
    let _ = writeln!(out, "<h1>Monthly cost estimate</h1>\n<p class=\"total\">{}</p>", esc(&money(report.total_monthly_cost.unwrap_or_default())));
    for p in &report.projects {
        let Some(b) = &p.breakdown else { continue };
        let _ = writeln!(out, "<h2>{}</h2>\n<table><thead><tr><th>Resource / component</th><th class=\"n\">Monthly qty</th><th>Unit</th><th class=\"n\">Monthly cost</th></tr></thead><tbody>", esc(&p.name));
        for r in &b.resources {
            let _ = writeln!(out, "<tr class=\"res\"><td>{}</td><td></td><td></td><td class=\"n\">{}</td></tr>", esc(&r.name), esc(&money(r.monthly_cost.unwrap_or_default())));
            rows(&mut out, r, 1);
        }
        let _ = writeln!(out, "<tr class=\"res\"><td>Project total</td><td></td><td></td><td class=\"n\">{}</td></tr></tbody></table>", esc(&money(b.total_monthly_cost.unwrap_or_default())));
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "<p>{} resources detected: {} estimated, {} free, {} not supported yet, {} with a price not found. Costs assume 730 hours a month; usage-based costs need usage estimates.</p>",
        s.total_detected_resources.unwrap_or(0),
        s.total_supported_resources.unwrap_or(0),
        s.total_no_price_resources.unwrap_or(0),
        s.total_unsupported_resources.unwrap_or(0),
        s.total_price_not_found_resources.unwrap_or(0)
    );
    out.push_str("</body></html>\n");
    out
}

fn rows(out: &mut String, r: &Resource, depth: usize) {
    let pad = format!("padding-left:{}rem", depth as f32 * 1.2);
    for c in &r.cost_components {
        let (q, cost) = if c.price_not_found {
            ("-".to_string(), format!("<span class=\"warn\">price not found: {}</span>", esc(c.price_not_found_reason.as_deref().unwrap_or(""))))
        } else {
            match c.monthly_cost {
                Some(m) => (c.monthly_quantity.map(quantity).unwrap_or_default(), esc(&money(m))),
                None => ("-".to_string(), format!("depends on usage: {} per {}", esc(&price(c.price)), esc(&c.unit))),
            }
        };
        let _ = writeln!(out, "<tr><td style=\"{pad}\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>", esc(&c.name), esc(&q), esc(&c.unit), cost);
    }
    for s in &r.subresources {
        let _ = writeln!(out, "<tr><td style=\"{pad}\">{}</td><td></td><td></td><td class=\"n\">{}</td></tr>", esc(&s.name), esc(&money(s.monthly_cost.unwrap_or_default())));
        rows(out, s, depth + 1);
    }
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
