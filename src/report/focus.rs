//! The cost lines in the FinOps Open Cost and Usage Specification (FOCUS) column names, so
//! that the estimates join billing data in other FinOps tools. One row per cost line
//! (a resource's cost component) per month of the report. Columns Terrace adds carry the
//! `x_` prefix FOCUS reserves for them.
//!
//! The amounts are estimates from list prices, so BilledCost, EffectiveCost and ListCost
//! are equal; a cost line without a price has cost 0 and `x_PriceNotFound` true.

use rust_decimal::Decimal;

use super::allocate::{CostItem, UNTAGGED};
use super::model::UnitEconomics;
use super::service;

/// The columns, in order.
pub const COLUMNS: &[&str] = &[
    "BilledCost",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargeCategory",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "EffectiveCost",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "SubAccountName",
    "Tags",
    "x_CostBasis",
    "x_Group",
    "x_PriceNotFound",
    "x_UsageBased",
];

fn num(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string()).unwrap_or_default()
}

fn group_of(r: &UnitEconomics, it: &CostItem) -> String {
    if r.rules.shared.iter().any(|s| s.matches(it)) {
        return "shared".into();
    }
    r.rules.group_by.group_of(it).unwrap_or_else(|| UNTAGGED.into())
}

/// The FOCUS CSV.
pub fn render(r: &UnitEconomics) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for p in &r.periods {
        let (start, end) = (format!("{}T00:00:00Z", p.period.start()), format!("{}T00:00:00Z", p.period.end()));
        for it in &p.items {
            let tags = serde_json::to_string(&it.tags).unwrap_or_else(|_| "{}".into());
            let group = group_of(r, it);
            for c in &it.components {
                let cost = num(Some(c.monthly_cost.unwrap_or_default()));
                let row: Vec<String> = vec![
                    cost.clone(),
                    r.currency.clone(),
                    start.clone(),
                    end.clone(),
                    "Usage".into(),
                    format!("{}: {}", it.address, c.name),
                    if c.usage_based { "Usage-Based".into() } else { "Recurring".into() },
                    start.clone(),
                    end.clone(),
                    cost.clone(),
                    cost,
                    num(Some(c.price)),
                    "Standard".into(),
                    num(c.monthly_quantity),
                    c.unit.clone(),
                    service::provider_name(&it.resource_type),
                    service::provider_name(&it.resource_type),
                    it.region.clone(),
                    format!("{}:{}", it.project, it.address),
                    it.address.clone(),
                    it.resource_type.clone(),
                    service::service_category(&it.resource_type).to_string(),
                    service::service_name(&it.resource_type),
                    it.project.clone(),
                    tags.clone(),
                    p.basis.as_str().to_string(),
                    group.clone(),
                    c.price_not_found.to_string(),
                    c.usage_based.to_string(),
                ];
                let _ = w.write_record(&row);
            }
        }
    }
    w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}
