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
    let doc = serde_json::from_value(plan.to_terraform_json()).unwrap_or_default();
    let p = super::plan_json::price_plan_doc(doc, "plan", usage, catalog);
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

/// The cost section for a plan made in the current directory (its usage file is
/// `terrace-usage.yml` or `infracost-usage.yml` there), or None when nothing in the plan
/// costs money. Set `TERRACE_NO_COST=1` to leave costs out of plans.
pub fn section_for(plan: &Plan) -> Option<String> {
    let project = project_for(plan)?;
    Some(render(plan, &project))
}

/// The priced plan as a project, for the plan JSON's `cost` key.
pub fn project_for(plan: &Plan) -> Option<Project> {
    if std::env::var_os("TERRACE_NO_COST").is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    let cwd = std::env::current_dir().ok();
    let usage = match super::load_usage(None, cwd.as_deref()) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("\nWarning: the plan is shown without costs\n\n{}", e.0.trim_end());
            return None;
        }
    };
    let catalog = match super::catalog() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("\nWarning: the plan is shown without costs\n\n{}", e.0.trim_end());
            return None;
        }
    };
    price_plan(plan, &usage, &catalog)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(addr: &str, action: &str, before: serde_json::Value, after: serde_json::Value) -> serde_json::Value {
        let (ty, name) = addr.split_once('.').unwrap();
        json!({"address": addr, "mode": "managed", "type": ty, "name": name, "provider_name": "registry.terraform.io/hashicorp/aws",
               "action": action, "before": before, "after": after, "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {}})
    }

    fn instance_state(name: &str, ty: &str) -> serde_json::Value {
        json!({"mode": "managed", "type": "aws_instance", "name": name, "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
               "instances": [{"schema_version": 1, "attributes": {"instance_type": ty}}]})
    }

    fn plan() -> Plan {
        serde_json::from_value(json!({
            "format": "terrace-plan", "version": 1, "terraform_version": "1.0.3", "destroy": false,
            "variables": {"region": "eu-west-1"}, "config_digest": "", "output_changes": {},
            "base_lineage": null, "base_serial": null,
            "changes": [
                change("aws_instance.new", "create", json!(null), json!({"instance_type": "t3.micro"})),
                change("aws_instance.app", "update", json!({"instance_type": "t3.medium"}), json!({"instance_type": "m5.large"})),
                change("aws_instance.old", "delete", json!({"instance_type": "t3.micro"}), json!(null)),
                change("null_resource.x", "create", json!(null), json!({})),
            ],
            "prior_state": {"version": 4, "terraform_version": "1.0.3", "serial": 1, "lineage": "l",
                            "resources": [instance_state("app", "t3.medium"), instance_state("old", "t3.micro")]},
            "configuration": {
                "provider_config": {"aws": {"name": "aws", "expressions": {"region": {"references": ["var.region"]}}}},
                "root_module": {"resources": [
                    {"address": "aws_instance.new", "provider_config_key": "aws"},
                    {"address": "aws_instance.app", "provider_config_key": "aws"},
                    {"address": "aws_instance.old", "provider_config_key": "aws"}
                ]}
            }
        }))
        .unwrap()
    }

    #[test]
    fn plan_costs_each_change_and_the_total() {
        let p = plan();
        let project = price_plan(&p, &Usage::default(), &Catalog::embedded()).unwrap();
        let text = render(&p, &project);
        // eu-west-1 (from var.region): t3.micro 0.0114/h, t3.medium 0.0456/h, m5.large 0.107/h (78.11 + 0.88 = 78.99); 8 GB gp2 roots at 0.11/GB.
        let line = |a: &str| text.lines().find(|l| l.contains(a)).unwrap_or_default().to_string();
        assert!(line("aws_instance.new").contains("$0.00 -> $9.20") && line("aws_instance.new").contains("+$9.20"), "{text}");
        assert!(line("aws_instance.app").contains("$34.17 -> $78.99") && line("aws_instance.app").contains("+$44.82"), "{text}");
        assert!(line("aws_instance.old").contains("$9.20 -> $0.00") && line("aws_instance.old").contains("-$9.20"), "{text}");
        assert!(!text.contains("null_resource"), "{text}");
        assert!(text.contains("Monthly cost will increase by $44.82 (+103%): $43.37 -> $88.19."), "{text}");
    }

    #[test]
    fn free_only_plans_have_no_cost_section() {
        let mut p = plan();
        p.changes.retain(|c| c.type_name == "null_resource");
        p.prior_state.resources.clear();
        assert!(price_plan(&p, &Usage::default(), &Catalog::embedded()).is_none());
    }
}
