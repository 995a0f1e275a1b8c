//! Cost components and priced resources, and the context a cost model prices with.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::catalog::{split_tiers, Catalog, Miss, PriceRow, Query};
use crate::input::ResourceInput;
use crate::usage::UsageValues;

/// Hours in a month, as infracost and AWS's calculator count them.
pub const HOURS_PER_MONTH: Decimal = Decimal::from_parts(730, 0, 0, false, 0);

/// One line of a resource's cost: a quantity of a unit at a price.
#[derive(Debug, Clone, PartialEq)]
pub struct CostComponent {
    pub name: String,
    /// The unit as shown (`hours`, `GB`, `1M requests`).
    pub unit: String,
    /// How many base units one shown unit is (1,000,000 for `1M requests`).
    pub unit_multiplier: Decimal,
    /// Quantity per hour in base units, for hourly-billed components.
    pub hourly_quantity: Option<Decimal>,
    /// Quantity per month in base units; None when it depends on usage not given.
    pub monthly_quantity: Option<Decimal>,
    /// USD per base unit.
    pub price: Decimal,
    /// The quantity comes from usage estimates (a usage file), not from the configuration.
    pub usage_based: bool,
    /// Why the price could not be found; the component then costs nothing in totals and
    /// is reported as not priced.
    pub price_not_found: Option<String>,
    /// The catalog row the price came from: (effective date, source id).
    pub price_source: Option<(String, String)>,
}

impl CostComponent {
    /// A component priced from a catalog row, with no quantity yet.
    pub fn from_row(name: String, unit: &str, row: &PriceRow) -> CostComponent {
        CostComponent {
            name,
            unit: unit.to_string(),
            unit_multiplier: Decimal::ONE,
            hourly_quantity: None,
            monthly_quantity: None,
            price: row.usd,
            usage_based: false,
            price_not_found: None,
            price_source: Some((row.effective_date.clone(), row.source.clone())),
        }
    }

    /// A component whose price was not found.
    pub fn not_found(name: impl Into<String>, unit: &str, why: impl std::fmt::Display) -> CostComponent {
        CostComponent {
            name: name.into(),
            unit: unit.to_string(),
            unit_multiplier: Decimal::ONE,
            hourly_quantity: None,
            monthly_quantity: None,
            price: Decimal::ZERO,
            usage_based: false,
            price_not_found: Some(why.to_string()),
            price_source: None,
        }
    }

    /// Shows quantities in units of `multiplier` base units (`1M requests`).
    pub fn per(mut self, unit: &str, multiplier: Decimal) -> Self {
        self.unit = unit.to_string();
        self.unit_multiplier = multiplier;
        self
    }

    /// Monthly cost; None when the quantity depends on usage not given or the price is missing.
    pub fn monthly_cost(&self) -> Option<Decimal> {
        if self.price_not_found.is_some() {
            return None;
        }
        let q = self.monthly_quantity.or(self.hourly_quantity.map(|h| h * HOURS_PER_MONTH))?;
        Some(q * self.price)
    }

    pub fn hourly_cost(&self) -> Option<Decimal> {
        if self.price_not_found.is_some() {
            return None;
        }
        match self.hourly_quantity {
            Some(h) => Some(h * self.price),
            None => self.monthly_cost().map(|m| m / HOURS_PER_MONTH),
        }
    }

    /// Monthly quantity in base units, derived from the hourly one where needed.
    pub fn monthly_qty(&self) -> Option<Decimal> {
        self.monthly_quantity.or(self.hourly_quantity.map(|h| h * HOURS_PER_MONTH))
    }

    /// True for a usage-based component with no usage given ("depends on usage").
    pub fn depends_on_usage(&self) -> bool {
        self.usage_based && self.monthly_quantity.is_none() && self.hourly_quantity.is_none() && self.price_not_found.is_none()
    }
}

/// A resource with its cost components (and sub-resources, such as an instance's volumes).
#[derive(Debug, Clone, Default)]
pub struct PricedResource {
    pub name: String,
    pub resource_type: String,
    pub region: String,
    pub tags: BTreeMap<String, String>,
    pub components: Vec<CostComponent>,
    pub subresources: Vec<PricedResource>,
    /// Assumptions worth telling the reader ("Linux assumed", "price from 2021 data").
    pub notes: Vec<String>,
}

impl PricedResource {
    pub fn for_input(r: &ResourceInput) -> PricedResource {
        PricedResource {
            name: r.address.clone(),
            resource_type: r.resource_type.clone(),
            region: r.region.clone(),
            tags: r.tags.clone(),
            ..Default::default()
        }
    }

    pub fn all_components(&self) -> Box<dyn Iterator<Item = &CostComponent> + '_> {
        Box::new(self.components.iter().chain(self.subresources.iter().flat_map(|s| s.all_components())))
    }

    pub fn monthly_cost(&self) -> Decimal {
        self.all_components().filter_map(|c| c.monthly_cost()).sum()
    }

    pub fn hourly_cost(&self) -> Decimal {
        self.all_components().filter_map(|c| c.hourly_cost()).sum()
    }

    /// The part of the monthly cost that comes from usage estimates.
    pub fn monthly_usage_cost(&self) -> Decimal {
        self.all_components().filter(|c| c.usage_based).filter_map(|c| c.monthly_cost()).sum()
    }

    /// Reasons for the components whose price was not found.
    pub fn prices_not_found(&self) -> Vec<(&str, &str)> {
        self.all_components().filter_map(|c| c.price_not_found.as_deref().map(|w| (c.name.as_str(), w))).collect()
    }

    pub fn has_usage_based(&self) -> bool {
        self.all_components().any(|c| c.usage_based)
    }
}

/// What a cost model prices with.
pub struct Ctx<'a, 'r> {
    pub catalog: &'a Catalog,
    pub usage: &'a UsageValues,
    /// The resource instances at an address (with or without instance key), for models
    /// that read another resource (an autoscaling group's launch template).
    pub resources: &'a dyn Fn(&str) -> Vec<&'r ResourceInput>,
}

impl Ctx<'_, '_> {
    fn comp(&self, name: String, unit: &str, q: &Query) -> Result<CostComponent, CostComponent> {
        match self.catalog.find(q) {
            Ok(row) => Ok(CostComponent::from_row(name, unit, row)),
            Err(m) => Err(CostComponent::not_found(name, unit, m)),
        }
    }

    /// An hourly-billed component: `per_hour` units each hour (1 for an instance).
    pub fn hourly(&self, name: impl Into<String>, unit: &str, per_hour: Decimal, q: &Query) -> CostComponent {
        self.comp(name.into(), unit, q).map(|mut c| {
            c.hourly_quantity = Some(per_hour);
            c
        }).unwrap_or_else(|e| e)
    }

    /// A component with a monthly quantity known from the configuration (GB of a volume).
    pub fn monthly(&self, name: impl Into<String>, unit: &str, qty: Decimal, q: &Query) -> CostComponent {
        self.comp(name.into(), unit, q).map(|mut c| {
            c.monthly_quantity = Some(qty);
            c
        }).unwrap_or_else(|e| e)
    }

    /// A usage-based component: the quantity from the usage file, or None ("depends on usage").
    pub fn usage(&self, name: impl Into<String>, unit: &str, qty: Option<Decimal>, q: &Query) -> CostComponent {
        self.comp(name.into(), unit, q).map(|mut c| {
            c.monthly_quantity = qty;
            c.usage_based = true;
            c
        }).unwrap_or_else(|mut e| {
            e.usage_based = true;
            e
        })
    }

    /// Components for a tiered price, one per tier the quantity reaches, named
    /// `name (first 50 TB)`, `name (next 450 TB)`, `name (over 500 TB)` by `label`.
    /// Without a quantity, one usage-based component at the first tier's price.
    pub fn tiered(
        &self,
        name: &str,
        unit: &str,
        qty: Option<Decimal>,
        q: &Query,
        label: &dyn Fn(&PriceRow) -> String,
    ) -> Vec<CostComponent> {
        let tiers = match self.catalog.all(q) {
            Ok(t) => t,
            Err(m) => {
                let mut c = CostComponent::not_found(name, unit, m);
                c.usage_based = true;
                return vec![c];
            }
        };
        let Some(qty) = qty else {
            let mut c = CostComponent::from_row(name.to_string(), unit, tiers[0]);
            c.usage_based = true;
            if tiers.len() > 1 {
                c.name = format!("{name} ({})", label(tiers[0]));
            }
            return vec![c];
        };
        if tiers.len() == 1 && !tiers[0].is_tiered() {
            let mut c = CostComponent::from_row(name.to_string(), unit, tiers[0]);
            c.usage_based = true;
            c.monthly_quantity = Some(qty);
            return vec![c];
        }
        split_tiers(&tiers, qty)
            .into_iter()
            .map(|(part, row)| {
                let mut c = CostComponent::from_row(format!("{name} ({})", label(row)), unit, row);
                c.usage_based = true;
                c.monthly_quantity = Some(part);
                c
            })
            .collect()
    }
}

/// Why a lookup missed, for models that build their own reasons.
pub fn miss_reason(m: &Miss) -> String {
    m.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hourly_components_cost_730_hours() {
        let cat = Catalog::embedded();
        let usage = UsageValues::empty();
        let none = |_: &str| Vec::new();
        let ctx = Ctx { catalog: &cat, usage: &usage, resources: &none };
        let q = Query::new("ec2", "us-east-1", "t3.medium").attr("os", "Linux").attr("tenancy", "Shared");
        let c = ctx.hourly("Instance usage", "hours", Decimal::ONE, &q);
        assert_eq!(c.monthly_cost(), Some("30.368".parse().unwrap()));
        let u = ctx.usage("Requests", "1M requests", None, &q);
        assert!(u.depends_on_usage());
        assert_eq!(u.monthly_cost(), None);
        let missing = ctx.hourly("x", "hours", Decimal::ONE, &Query::new("ec2", "us-east-1", "nope.large"));
        assert!(missing.price_not_found.is_some());
        assert_eq!(missing.monthly_cost(), None);
    }
}
