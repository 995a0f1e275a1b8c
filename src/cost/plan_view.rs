//! The cost of a Terrace plan: each changed resource's monthly cost before and after,
//! and the totals, shown under the plan and added to its JSON.

use std::fmt::Write;

use rust_decimal::Decimal;
use terrace_pricing::format::{money, money_delta, percent};
use terrace_pricing::json::{Project, Resource};
use terrace_pricing::{Catalog, Usage};

use crate::engine::plan::{Action, Plan};

/// Prices a plan: past = its prior state, now = its planned values. None when nothing in
/// it can cost money (only free or non-cloud resources), so that such plans read exactly
/// as Terraform's do.
pub fn price_plan(plan: &Plan, usage: &Usage, catalog: &Catalog) -> Option<Project> {
    let doc = plan.to_terraform_json();
    let p = super::plan_json::price_plan_doc(&doc, "plan", usage, catalog);
    let interesting = |b: &Option<terrace_pricing::json::Breakdown>| b.as_ref().is_some_and(|b| !b.resources.is_empty() || !b.unsupported_resources.is_empty());
    (interesting(&p.breakdown) || interesting(&p.past_breakdown)).then_some(p)
}

/// The cost section printed after the plan summary.
pub fn render(plan: &Plan, project: &Project) -> String {
    let empty = terrace_pricing::json::Breakdown::default();
    let past = project.past_breakdown.as_ref().unwrap_or(&empty);
    let now = project.breakdown.as_ref().unwrap_or(&empty);
    let find = |b: &'_ terrace_pricing::json::Breakdown, a: &str| -> Option<Resource> { b.resources.iter().find(|r| r.name == a).cloned() };
    let mut rows: Vec<(String, String, String, String, String)> = Vec::new();
    for c in plan.changes.iter().filter(|c| c.mode == "managed" && c.action != Action::NoOp && c.action != Action::Read) {
        let before = find(past, &c.address);
        let after = if c.action == Action::Delete { None } else { find(now, &c.address) };
        if before.is_none() && after.is_none() {
            continue;
        }
        let b = before.as_ref().and_then(|r| r.monthly_cost).unwrap_or_default();
        let a = after.as_ref().and_then(|r| r.monthly_cost).unwrap_or_default();
        let sym = match c.action {
            Action::Create => "+",
            Action::Update => "~",
            Action::Delete => "-",
            Action::DeleteThenCreate => "-/+",
            Action::CreateThenDelete => "+/-",
            _ => " ",
        };
        let mut note = String::new();
        if after.as_ref().or(before.as_ref()).is_some_and(|r| r.price_not_found()) {
            note.push_str("  (not fully priced)");
        } else if after.as_ref().is_some_and(|r| r.all_components().iter().any(|c| c.monthly_cost.is_none() && c.usage_based)) {
            note.push_str("  (+ usage-based costs)");
        }
        rows.push((sym.to_string(), c.address.clone(), money(b), money(a), format!("{}{note}", money_delta(a - b))));
    }
    let mut out = String::new();
    let _ = writeln!(out, "\nMonthly cost estimate (USD, 730 hours a month, offline catalog):");
    let w = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (sym, addr, b, a, d) in &rows {
        let _ = writeln!(out, "  {sym:<3} {addr:<w$}  {b:>11} -> {a:<11} {d}");
    }
    let tb = past.total_monthly_cost.unwrap_or_default();
    let ta = now.total_monthly_cost.unwrap_or_default();
    let delta = ta - tb;
    let pct = percent(tb, ta).map(|p| format!(" ({p})")).unwrap_or_default();
    let headline = if delta.is_zero() {
        format!("Monthly cost will not change: {}.", money(ta))
    } else if delta > Decimal::ZERO {
        format!("Monthly cost will increase by {}{pct}: {} -> {}.", money(delta), money(tb), money(ta))
    } else {
        format!("Monthly cost will decrease by {}{pct}: {} -> {}.", money(-delta), money(tb), money(ta))
    };
    let _ = writeln!(out, "\n{headline}");
    let s = &project.summary;
    let not_found = s.total_price_not_found_resources.unwrap_or(0);
    if not_found > 0 {
        let _ = writeln!(out, "  {not_found} resource{} not fully priced: a price was not found in the catalog (`terrace cost breakdown` shows why).", if not_found == 1 { " is" } else { "s are" });
    }
    let unsupported = s.total_unsupported_resources.unwrap_or(0);
    if unsupported > 0 {
        let types: Vec<String> = s.unsupported_resource_counts.iter().flatten().map(|(t, n)| format!("{n} x {t}")).collect();
        let _ = writeln!(out, "  {unsupported} resource{} not priced: no cost model yet ({}).", if unsupported == 1 { " is" } else { "s are" }, types.join(", "));
    }
    let usage = s.total_usage_based_resources.unwrap_or(0);
    if usage > 0 {
        let _ = writeln!(out, "  {usage} resource{} usage-based costs; give usage estimates in infracost-usage.yml to include them.", if usage == 1 { " has" } else { "s have" });
    }
    out
}
