//! The report's notes on how its numbers were made, in plain words for readers outside
//! engineering: what the costs are, what was estimated, what is missing.

use rust_decimal::Decimal;
use terrace_pricing::format::{money, quantity};

use super::allocate::{SplitRule, UNSPLIT, UNTAGGED};
use super::metrics::Metrics;
use super::model::{CostBasis, UnitEconomics};

fn share(part: Decimal, total: Decimal) -> String {
    if total.is_zero() {
        return "0%".into();
    }
    let p = (part / total * Decimal::ONE_HUNDRED).round_dp(1).normalize();
    format!("{p}%")
}

fn list(names: &[String], max: usize) -> String {
    let mut shown: Vec<String> = names.iter().take(max).map(|n| format!("`{n}`")).collect();
    if names.len() > max {
        shown.push(format!("and {} more", names.len() - max));
    }
    shown.join(", ")
}

pub fn notes(r: &UnitEconomics, metrics: &Metrics) -> Vec<String> {
    let mut out = Vec::new();
    let cur = r.current();
    let total = cur.total;
    let noun = r.rules.group_by.noun();
    out.push(
        "Costs are monthly estimates made from public list prices (on-demand, before discounts, credits and taxes) \
         for 730 hours a month. They are not invoice amounts."
            .to_string(),
    );
    if !cur.untagged.is_zero() || !cur.untagged_resources.is_empty() {
        out.push(format!(
            "{} a month ({} of the total) comes from {} with no `{noun}` tag: {}. Tag {} to give this cost an owner.",
            money(cur.untagged),
            share(cur.untagged, total),
            if cur.untagged_resources.len() == 1 { "1 resource".to_string() } else { format!("{} resources", cur.untagged_resources.len()) },
            list(&cur.untagged_resources, 3),
            if cur.untagged_resources.len() == 1 { "it" } else { "them" }
        ));
    }
    if !cur.shared_resources.is_empty() {
        let how = match &r.rules.split {
            SplitRule::Even => format!("split evenly between the {noun}s that have costs of their own"),
            SplitRule::Proportional => format!("split between the {noun}s in proportion to their own costs"),
            SplitRule::Weights(w) => {
                let sum: Decimal = w.values().copied().sum();
                let parts: Vec<String> = w.iter().filter(|(_, v)| !v.is_zero()).map(|(g, v)| format!("{g} {}", share(*v, sum))).collect();
                format!("split by fixed shares: {}", parts.join(", "))
            }
        };
        out.push(format!(
            "Shared cost of {} a month ({} resource{}: {}) is {how}.",
            money(cur.shared_total),
            cur.shared_resources.len(),
            if cur.shared_resources.len() == 1 { "" } else { "s" },
            list(&cur.shared_resources, 3)
        ));
        if !cur.shared_unsplit.is_zero() {
            out.push(format!("{} of shared cost could not be split (no {noun} qualifies) and is shown as \"{UNSPLIT}\".", money(cur.shared_unsplit)));
        }
    }
    if !cur.remainder.is_zero() {
        let to = if cur.remainder_to == UNTAGGED { "the untagged line".to_string() } else { cur.remainder_to.clone() };
        let how = if cur.remainder > Decimal::ZERO { "added to" } else { "taken from" };
        out.push(format!(
            "Amounts are rounded to the cent; the {} difference rounding leaves is {how} {to}, so that the lines add up exactly to the total.",
            money(cur.remainder.abs())
        ));
    }
    if !r.coverage.usage_cost.is_zero() {
        out.push(format!(
            "{} a month ({}) depends on usage estimates (requests, storage, data transfer) from the usage file rather than on the configuration.",
            money(r.coverage.usage_cost),
            share(r.coverage.usage_cost, total)
        ));
    }
    if !r.coverage.usage_missing.is_empty() {
        out.push(format!(
            "{} resource{} ({}) ha{} costs that depend on usage nobody estimated; those costs count as $0 here. Add them to a usage file.",
            r.coverage.usage_missing.len(),
            if r.coverage.usage_missing.len() == 1 { "" } else { "s" },
            list(&r.coverage.usage_missing, 3),
            if r.coverage.usage_missing.len() == 1 { "s" } else { "ve" }
        ));
    }
    if r.coverage.unpriced() > 0 {
        let mut names: Vec<String> = r.coverage.unsupported.iter().map(|u| u.name.clone()).collect();
        names.extend(r.coverage.price_missing.iter().cloned());
        out.push(format!(
            "{} of {} resources could not be fully priced ({}); their missing costs are not included, so the true total is higher.",
            r.coverage.unpriced(),
            r.coverage.resources(),
            list(&names, 3)
        ));
    }
    for p in &r.periods {
        match p.basis {
            CostBasis::Snapshot => {}
            CostBasis::CarriedForward => out.push(format!(
                "There is no cost snapshot for {}: the latest earlier one is used, so its unit costs change with volume only.",
                p.period.label()
            )),
            CostBasis::CarriedBack => out.push(format!(
                "There is no cost snapshot for {} or earlier: the earliest later one is used, so its unit costs change with volume only.",
                p.period.label()
            )),
        }
    }
    for m in &r.metrics {
        for t in &m.trend {
            let days = metrics.days_covered(&m.name, t.period);
            if t.units.is_some() && days > 1 && days < t.period.days() as usize {
                out.push(format!("{} in {} cover {days} of {} days.", m.name, t.period.label(), t.period.days()));
            }
        }
        if m.per_group_units {
            out.push(format!("The cost per {} of each {noun} divides its cost by its own {}.", m.unit_name, m.name));
        } else {
            out.push(format!(
                "The metrics do not say which {noun} each {} belongs to, so each {noun}'s cost per {} divides its cost by all {} ({}).",
                m.unit_name,
                m.unit_name,
                m.name,
                m.units.map(quantity).unwrap_or_else(|| "none".into())
            ));
        }
    }
    if let Some(pr) = &r.projection {
        out.push(format!(
            "\"After the change\" applies the cost difference in {} to the latest month's cost and divides by the latest month's units.",
            pr.source
        ));
    }
    for (service, region, first, last) in &r.price_dates {
        if first == last {
            out.push(format!("{service} prices for {region} in Terrace's price catalog are dated {first}."));
        } else {
            out.push(format!("{service} prices for {region} in Terrace's price catalog are dated {first} to {last}."));
        }
    }
    out
}
