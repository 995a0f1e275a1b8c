//! Pieces the managed-service models share (S3, RDS, Lambda, DynamoDB, CloudWatch, SQS,
//! SNS, Route 53, KMS, Secrets Manager, EFS): usage-based components shown per 1k or 1M
//! units, tier labels derived from the catalog's tier bounds, reasons for lookups that
//! miss one attribute value, and reading resource addresses.

use rust_decimal::Decimal;

use crate::catalog::{PriceRow, Query};
use crate::cost::{CostComponent, Ctx};
use crate::input::{Attrs, ResourceInput};

/// A usage-based component priced per base unit and shown per `per` base units
/// (`1M requests` with `per` 1,000,000; `GB` with `per` 1). When the price is missing the
/// usage quantity is kept, so the report shows what was not priced.
pub fn usage_per(ctx: &Ctx, name: impl Into<String>, unit: &str, per: i64, qty: Option<Decimal>, q: &Query) -> CostComponent {
    let mut c = ctx.usage(name, unit, qty, q);
    if c.price_not_found.is_some() {
        c.monthly_quantity = qty;
    }
    if per == 1 {
        c
    } else {
        c.per(unit, Decimal::from(per))
    }
}

/// A usage-based component whose price the catalog lacks (or whose quantity cannot be
/// known), with the usage quantity when there is one.
pub fn usage_not_found(name: impl Into<String>, unit: &str, qty: Option<Decimal>, why: impl std::fmt::Display) -> CostComponent {
    let mut c = CostComponent::not_found(name, unit, why);
    c.usage_based = true;
    c.monthly_quantity = qty;
    c
}

/// A usage-based component priced at one catalog row, for prices the catalog lists next
/// to the zero-priced tier of a free allowance, where the model picks the row.
pub fn component_from_row(name: impl Into<String>, unit: &str, row: &PriceRow, qty: Option<Decimal>) -> CostComponent {
    CostComponent {
        name: name.into(),
        unit: unit.to_string(),
        unit_multiplier: Decimal::ONE,
        hourly_quantity: None,
        monthly_quantity: qty,
        price: row.usd,
        usage_based: true,
        price_not_found: None,
        price_source: Some((row.effective_date.clone(), row.source.clone())),
    }
}

/// A count as infracost writes it in names: 1000 -> "1k", 100000 -> "100k", 1000000 -> "1M".
pub fn short_count(n: Decimal) -> String {
    let (k, m, b) = (Decimal::from(1000), Decimal::from(1_000_000), Decimal::from(1_000_000_000));
    let (v, suffix) = if n >= b && (n % b).is_zero() {
        (n / b, "B")
    } else if n >= m && (n % m).is_zero() {
        (n / m, "M")
    } else if n >= k && (n % k).is_zero() {
        (n / k, "k")
    } else {
        (n, "")
    };
    format!("{}{suffix}", v.normalize())
}

/// A tier's label from its bounds in the catalog, scaled for display: with `scale` 1024 and
/// `suffix` " TB", GB tiers read "first 50 TB", "next 450 TB", "over 500 TB"; with `scale`
/// 10^9 and `suffix` "B", "first 6B", "next 9B", "over 15B".
pub fn scaled_tier_label(r: &PriceRow, scale: Decimal, suffix: &str) -> String {
    let f = |d: Decimal| if scale.is_zero() { d.normalize().to_string() } else { (d / scale).normalize().to_string() };
    match (r.tier_start, r.tier_end) {
        (Some(s), Some(e)) if s.is_zero() => format!("first {}{suffix}", f(e)),
        (Some(s), Some(e)) => format!("next {}{suffix}", f(e - s)),
        (Some(s), None) => format!("over {}{suffix}", f(s)),
        _ => String::new(),
    }
}

/// Components for a tiered usage-based price named `name (detail, tier)`, or `name (detail)`
/// when the price has one tier, or `name (tier)` without a detail; `tiers` is the scale and
/// suffix of the tier labels ([`tb_tiers`], [`billion_tiers`]).
pub fn tiered_usage(
    ctx: &Ctx,
    name: &str,
    detail: Option<&str>,
    unit: &str,
    qty: Option<Decimal>,
    q: &Query,
    (scale, suffix): (Decimal, &str),
) -> Vec<CostComponent> {
    let label = |r: &PriceRow| {
        let t = scaled_tier_label(r, scale, suffix);
        match detail {
            Some(d) if t.is_empty() => d.to_string(),
            Some(d) => format!("{d}, {t}"),
            None => t,
        }
    };
    let mut out = ctx.tiered(name, unit, qty, q, &label);
    if let Some(d) = detail {
        for c in &mut out {
            if c.name == name {
                c.name = format!("{name} ({d})");
            }
        }
    }
    out
}

/// GB tiers shown in TB ("first 50 TB").
pub fn tb_tiers() -> (Decimal, &'static str) {
    (Decimal::from(1024), " TB")
}

/// Count tiers shown in billions ("first 1B").
pub fn billion_tiers() -> (Decimal, &'static str) {
    (Decimal::from(1_000_000_000), "B")
}

/// When `c` is not priced because no row has the asked value of the query attribute `key`
/// although the item has rows with other values, says which values the catalog has:
/// `... no rds price for "db.t3.micro" with engine=MariaDB in us-east-1 (it has engine=MySQL, PostgreSQL)`.
pub fn explain_attr_miss(ctx: &Ctx, mut c: CostComponent, q: &Query, key: &str) -> CostComponent {
    if c.price_not_found.is_none() {
        return c;
    }
    let Some(wanted) = q.attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v) else {
        return c;
    };
    let mut base = q.clone();
    base.attrs.retain(|(k, _)| *k != key);
    if let Ok(rows) = ctx.catalog.all(&base) {
        let mut have: Vec<&str> = Vec::new();
        for r in rows {
            if let Some(v) = r.attr(key) {
                if !have.contains(&v) {
                    have.push(v);
                }
            }
        }
        if !have.is_empty() {
            c.price_not_found = Some(format!(
                "the price catalog has no {} price for {:?} with {key}={wanted} in {} (it has {key}={})",
                q.service,
                q.resource,
                q.region,
                have.join(", ")
            ));
        }
    }
    c
}

/// The resource type part of an address: `aws_rds_cluster` for
/// `module.db.aws_rds_cluster.main["a"]`.
pub fn address_type(address: &str) -> Option<String> {
    let bare = crate::input::strip_keys(address);
    let mut parts = bare.rsplit('.');
    parts.next()?;
    parts.next().map(str::to_string)
}

/// The first resource of type `ty` that `r` refers to, with its instances.
pub fn referenced<'r>(ctx: &Ctx<'_, 'r>, r: &ResourceInput, ty: &str) -> Vec<&'r ResourceInput> {
    for a in &r.references {
        if address_type(a).as_deref() == Some(ty) {
            let found = (ctx.resources)(a);
            if !found.is_empty() {
                return found;
            }
        }
    }
    Vec::new()
}

/// Whether a usage key holding a map of keys (`standard: {storage_gb: ...}`) is given.
pub fn usage_has(ctx: &Ctx, key: &str) -> bool {
    match Attrs(&ctx.usage.0).get(key) {
        Some(serde_json::Value::Object(m)) => !m.is_empty(),
        Some(_) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_give_types() {
        assert_eq!(address_type("aws_rds_cluster.main").as_deref(), Some("aws_rds_cluster"));
        assert_eq!(address_type("module.db[\"a.b\"].aws_rds_cluster.main[0]").as_deref(), Some("aws_rds_cluster"));
        assert_eq!(address_type("main"), None);
    }

    #[test]
    fn tier_labels_scale() {
        let row = |s: Option<i64>, e: Option<i64>| PriceRow {
            service: "s3".into(),
            region: "us-east-1".into(),
            product_family: String::new(),
            resource: String::new(),
            attributes: Vec::new(),
            unit: String::new(),
            usd: Decimal::ONE,
            tier_start: s.map(Decimal::from),
            tier_end: e.map(Decimal::from),
            purchase_option: "on_demand".into(),
            effective_date: String::new(),
            source: String::new(),
        };
        let (tb, tbs) = tb_tiers();
        assert_eq!(scaled_tier_label(&row(Some(0), Some(51200)), tb, tbs), "first 50 TB");
        assert_eq!(scaled_tier_label(&row(Some(51200), Some(512000)), tb, tbs), "next 450 TB");
        assert_eq!(scaled_tier_label(&row(Some(512000), None), tb, tbs), "over 500 TB");
        let (b, bs) = billion_tiers();
        assert_eq!(scaled_tier_label(&row(Some(7_500_000_000), Some(18_750_000_000)), b, bs), "next 11.25B");
        assert_eq!(scaled_tier_label(&row(None, None), b, bs), "");
    }

    #[test]
    fn short_counts() {
        let f = |n: i64| short_count(Decimal::from(n));
        assert_eq!((f(100), f(1000), f(100_000), f(1_000_000), f(1_500)), ("100".into(), "1k".into(), "100k".into(), "1M".into(), "1500".into()));
    }
}

/// Test helpers: price resources through the whole pipeline (registry, usage file,
/// breakdown) and read the components back by name.
#[cfg(test)]
pub mod testing {
    use rust_decimal::Decimal;
    use serde_json::Value;

    use crate::catalog::Catalog;
    use crate::input::ResourceInput;
    use crate::json::{Component, Resource};
    use crate::usage::Usage;

    /// A decimal from its text.
    pub fn d(s: &str) -> Decimal {
        s.parse().expect("a decimal")
    }

    /// Prices one `rt.this` resource in `region` with `usage` (a JSON map of its usage keys,
    /// or null for none).
    pub fn price(rt: &str, region: &str, values: Value, usage: Value) -> Resource {
        let input = ResourceInput::new(format!("{rt}.this"), rt, region, values);
        let mut u = serde_json::Map::new();
        if !usage.is_null() {
            u.insert(format!("{rt}.this"), usage);
        }
        let mut out = price_all(vec![input], Value::Object(u));
        out.remove(0)
    }

    /// Prices several resources; `usage` maps addresses (or `type[*]` patterns) to usage
    /// keys. The resources come back sorted by address.
    pub fn price_all(inputs: Vec<ResourceInput>, usage: Value) -> Vec<Resource> {
        let text = serde_json::json!({"version": "0.1", "resource_usage": usage}).to_string();
        let usage = Usage::parse(&text, "usage.yml").expect("the usage parses");
        crate::project::price_breakdown(&inputs, &Catalog::embedded(), &usage).resources
    }

    /// The component named `name` (of the resource or, with `sub`, of that sub-resource).
    pub fn comp<'a>(r: &'a Resource, sub: Option<&str>, name: &str) -> &'a Component {
        let res = match sub {
            Some(s) => r.subresources.iter().find(|x| x.name == s).unwrap_or_else(|| panic!("no sub-resource {s} in {r:#?}")),
            None => r,
        };
        res.cost_components.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no component {name} in {res:#?}"))
    }

    /// The names of a resource's components.
    pub fn names(r: &Resource) -> Vec<&str> {
        r.cost_components.iter().map(|c| c.name.as_str()).collect()
    }

    /// A component's monthly cost, which must be known.
    pub fn monthly(c: &Component) -> Decimal {
        c.monthly_cost.unwrap_or_else(|| panic!("no monthly cost for {c:#?}"))
    }
}
