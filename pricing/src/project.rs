//! Pricing a project: every resource instance through its model, then the breakdown
//! (priced, free, unsupported) and the diff between two breakdowns.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;
use crate::json::{Breakdown, Component, NamedResource, Resource};
use crate::models;
use crate::usage::Usage;

/// What pricing one resource gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    Priced(PricedResource),
    /// AWS charges nothing for it (or its cost shows where it is used).
    Free,
    /// No cost model for its type yet.
    Unsupported,
}

/// Prices resource instances. Resources are looked up by address for models that read
/// another resource.
pub fn price_resources(inputs: &[ResourceInput], catalog: &Catalog, usage: &Usage) -> Vec<Outcome> {
    let mut by_addr: HashMap<String, Vec<&ResourceInput>> = HashMap::new();
    for r in inputs {
        by_addr.entry(r.config_address()).or_default().push(r);
        if r.config_address() != r.address {
            by_addr.entry(r.address.clone()).or_default().push(r);
        }
    }
    let lookup = |a: &str| by_addr.get(a).cloned().unwrap_or_default();
    inputs
        .iter()
        .map(|r| {
            let Some(m) = models::model(&r.resource_type) else {
                return if models::is_free(&r.resource_type) { Outcome::Free } else { Outcome::Unsupported };
            };
            let u = usage.for_resource(&r.address, &r.resource_type);
            let ctx = Ctx { catalog, usage: &u, resources: &lookup };
            let mut out = PricedResource::for_input(r);
            (m.price)(r, &ctx, &mut out);
            // A model that finds nothing to charge for this configuration (a Gateway VPC
            // endpoint, an alias record, an ECS service on EC2) leaves it free.
            if out.components.is_empty() && out.subresources.is_empty() {
                return Outcome::Free;
            }
            Outcome::Priced(out)
        })
        .collect()
}

/// The breakdown of priced resources, sorted by name as infracost sorts them.
pub fn breakdown(inputs: &[ResourceInput], outcomes: &[Outcome]) -> Breakdown {
    let mut b = Breakdown::default();
    for (r, o) in inputs.iter().zip(outcomes) {
        let named = || NamedResource { name: r.address.clone(), resource_type: r.resource_type.clone() };
        match o {
            Outcome::Priced(p) => b.resources.push(Resource::from_priced(p, true)),
            Outcome::Free => b.free_resources.push(named()),
            Outcome::Unsupported => b.unsupported_resources.push(named()),
        }
    }
    b.resources.sort_by(|x, y| x.name.cmp(&y.name));
    b.free_resources.sort();
    b.unsupported_resources.sort();
    b.compute_totals();
    b
}

/// Prices inputs straight into a breakdown.
pub fn price_breakdown(inputs: &[ResourceInput], catalog: &Catalog, usage: &Usage) -> Breakdown {
    let outcomes = price_resources(inputs, catalog, usage);
    breakdown(inputs, &outcomes)
}

/// The difference from `past` to `now`: every resource whose cost changed, with its
/// components' changes (added resources as they are, removed ones negated).
pub fn diff(past: &Breakdown, now: &Breakdown) -> Breakdown {
    let past_by: HashMap<&str, &Resource> = past.resources.iter().map(|r| (r.name.as_str(), r)).collect();
    let now_by: HashMap<&str, &Resource> = now.resources.iter().map(|r| (r.name.as_str(), r)).collect();
    let mut out = Breakdown::default();
    for r in &now.resources {
        let d = diff_resource(past_by.get(r.name.as_str()).copied(), Some(r));
        if let Some(d) = d {
            out.resources.push(d);
        }
    }
    for r in &past.resources {
        if !now_by.contains_key(r.name.as_str()) {
            if let Some(d) = diff_resource(Some(r), None) {
                out.resources.push(d);
            }
        }
    }
    out.resources.sort_by(|a, b| a.name.cmp(&b.name));
    let sub = |a: Option<Decimal>, b: Option<Decimal>| Some((a.unwrap_or_default() - b.unwrap_or_default()).normalize());
    out.total_hourly_cost = sub(now.total_hourly_cost, past.total_hourly_cost);
    out.total_monthly_cost = sub(now.total_monthly_cost, past.total_monthly_cost);
    out.total_monthly_usage_cost = sub(now.total_monthly_usage_cost, past.total_monthly_usage_cost);
    out
}

fn opt_sub(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some((a.unwrap_or_default() - b.unwrap_or_default()).normalize()),
    }
}

/// One resource's change, or None when nothing about its cost changed.
fn diff_resource(past: Option<&Resource>, now: Option<&Resource>) -> Option<Resource> {
    let base = now.or(past)?;
    let empty = Resource::default();
    let p = past.unwrap_or(&empty);
    let n = now.unwrap_or(&empty);
    let mut comps = Vec::new();
    let past_c: HashMap<&str, &Component> = p.cost_components.iter().map(|c| (c.name.as_str(), c)).collect();
    let now_names: std::collections::HashSet<&str> = n.cost_components.iter().map(|c| c.name.as_str()).collect();
    for c in &n.cost_components {
        let d = diff_component(past_c.get(c.name.as_str()).copied(), Some(c));
        if let Some(d) = d {
            comps.push(d);
        }
    }
    for c in &p.cost_components {
        if !now_names.contains(c.name.as_str()) {
            if let Some(d) = diff_component(Some(c), None) {
                comps.push(d);
            }
        }
    }
    let mut subs = Vec::new();
    let past_s: HashMap<&str, &Resource> = p.subresources.iter().map(|s| (s.name.as_str(), s)).collect();
    let now_s: std::collections::HashSet<&str> = n.subresources.iter().map(|s| s.name.as_str()).collect();
    for s in &n.subresources {
        if let Some(d) = diff_resource(past_s.get(s.name.as_str()).copied(), Some(s)) {
            subs.push(d);
        }
    }
    for s in &p.subresources {
        if !now_s.contains(s.name.as_str()) {
            if let Some(d) = diff_resource(Some(s), None) {
                subs.push(d);
            }
        }
    }
    let changed = past.is_none() || now.is_none() || !comps.is_empty() || !subs.is_empty();
    if !changed {
        return None;
    }
    Some(Resource {
        name: base.name.clone(),
        resource_type: base.resource_type.clone(),
        tags: base.tags.clone(),
        metadata: base.metadata.clone(),
        hourly_cost: opt_sub(n.hourly_cost, p.hourly_cost),
        monthly_cost: opt_sub(n.monthly_cost, p.monthly_cost),
        monthly_usage_cost: opt_sub(n.monthly_usage_cost, p.monthly_usage_cost),
        cost_components: comps,
        subresources: subs,
    })
}

fn diff_component(past: Option<&Component>, now: Option<&Component>) -> Option<Component> {
    let base = now.or(past)?;
    let empty = Component::default();
    let p = past.unwrap_or(&empty);
    let n = now.unwrap_or(&empty);
    if past.is_some() && now.is_some() && p == n {
        return None;
    }
    let d = Component {
        name: base.name.clone(),
        unit: base.unit.clone(),
        hourly_quantity: opt_sub(n.hourly_quantity, p.hourly_quantity),
        monthly_quantity: opt_sub(n.monthly_quantity, p.monthly_quantity),
        price: base.price,
        hourly_cost: opt_sub(n.hourly_cost, p.hourly_cost),
        monthly_cost: opt_sub(n.monthly_cost, p.monthly_cost),
        usage_based: base.usage_based,
        price_not_found: base.price_not_found,
        price_not_found_reason: base.price_not_found_reason.clone(),
    };
    let zero = |x: Option<Decimal>| x.is_none_or(|x| x.is_zero());
    if past.is_some() && now.is_some() && zero(d.monthly_cost) && zero(d.monthly_quantity) && p.price == n.price {
        return None;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn instance(addr: &str, ty: &str) -> ResourceInput {
        ResourceInput::new(addr, "aws_instance", "us-east-1", json!({"instance_type": ty}))
    }

    #[test]
    fn breakdown_sorts_and_counts() {
        let inputs = vec![
            instance("aws_instance.b", "t3.medium"),
            instance("aws_instance.a", "m5.large"),
            ResourceInput::new("aws_vpc.main", "aws_vpc", "us-east-1", json!({})),
            ResourceInput::new("google_compute_instance.x", "google_compute_instance", "us-east-1", json!({})),
            instance("aws_instance.c", "nope.large"),
        ];
        let b = price_breakdown(&inputs, &Catalog::embedded(), &Usage::default());
        let names: Vec<&str> = b.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["aws_instance.a", "aws_instance.b", "aws_instance.c"]);
        let s = b.summary();
        assert_eq!(s.total_detected_resources, Some(5));
        assert_eq!(s.total_no_price_resources, Some(1));
        assert_eq!(s.total_unsupported_resources, Some(1));
        assert_eq!(s.total_price_not_found_resources, Some(1));
        // m5.large 0.096*730 + t3.medium 0.0416*730 + two 8 GB gp2 roots (0.10/GB) + one more root.
        let expect: Decimal = "70.08".parse::<Decimal>().unwrap() + "30.368".parse::<Decimal>().unwrap() + Decimal::from(3) * "0.8".parse::<Decimal>().unwrap();
        assert_eq!(b.total_monthly_cost, Some(expect.normalize()));
    }

    #[test]
    fn diff_reports_changed_added_and_removed() {
        let cat = Catalog::embedded();
        let u = Usage::default();
        let past = price_breakdown(&[instance("aws_instance.a", "t3.medium"), instance("aws_instance.gone", "t3.micro")], &cat, &u);
        let now = price_breakdown(&[instance("aws_instance.a", "m5.large"), instance("aws_instance.new", "t3.micro")], &cat, &u);
        let d = diff(&past, &now);
        let names: Vec<&str> = d.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["aws_instance.a", "aws_instance.gone", "aws_instance.new"]);
        assert_eq!(d.total_monthly_cost, Some((now.total_monthly_cost.unwrap() - past.total_monthly_cost.unwrap()).normalize()));
        let gone = &d.resources[1];
        assert!(gone.monthly_cost.unwrap().is_sign_negative());
        // The changed instance lists the compute line twice (old type removed, new added),
        // and not its unchanged root volume.
        assert_eq!(d.resources[0].cost_components.len(), 2);
        assert!(d.resources[0].subresources.is_empty());
        // No change, no diff.
        assert!(diff(&now, &now).resources.is_empty());
    }

    #[test]
    fn json_round_trips() {
        let b = price_breakdown(&[instance("aws_instance.a", "t3.medium")], &Catalog::embedded(), &Usage::default());
        let p = crate::json::Project { name: "p".into(), summary: b.summary(), breakdown: Some(b), ..Default::default() };
        let r = crate::json::Report::new(vec![p], "2026-01-01T00:00:00Z".into());
        let text = serde_json::to_string_pretty(&r).unwrap();
        assert!(text.contains("\"totalMonthlyCost\": \"31.168\""), "{text}");
        assert_eq!(crate::json::Report::from_json(&text).unwrap(), r);
        let table = crate::format::table::render(&r);
        assert!(table.contains("OVERALL TOTAL"), "{table}");
        assert!(table.contains("Instance usage (Linux/UNIX, on-demand, t3.medium)"), "{table}");
    }
}
