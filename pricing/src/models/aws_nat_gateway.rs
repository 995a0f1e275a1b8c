//! `aws_nat_gateway`: a NAT gateway.
//!
//! Prices: the gateway's hours (all month) and the data it processes, in GB. Private NAT
//! gateways (`connectivity_type = "private"`) are billed the same way and at the same
//! prices as public ones.
//!
//! Not priced: the public IPv4 address of a public gateway, which is its `aws_eip` (priced
//! there); data transfer out to the internet or across zones (priced as data transfer).
//!
//! Usage keys: `monthly_data_processed_gb`.

use rust_decimal::Decimal;

use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["monthly_data_processed_gb"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let region = r.region.as_str();
    out.components.push(ctx.hourly("NAT gateway", "hours", Decimal::ONE, &Query::new("nat_gateway", region, "nat_gateway").family("nat_gateway")));
    out.components.push(ctx.usage(
        "Data processed",
        "GB",
        ctx.usage.num("monthly_data_processed_gb"),
        &Query::new("nat_gateway", region, "data_processed").family("nat_gateway"),
    ));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;

    fn nat(region: &str, values: serde_json::Value) -> crate::input::ResourceInput {
        input("aws_nat_gateway.main", region, values, &["aws_eip.nat", "aws_subnet.public"])
    }

    #[test]
    fn hours_and_data_processed() {
        let b = run(&[nat("us-east-1", json!({"connectivity_type": "public"}))], "");
        let r = resource(&b, "aws_nat_gateway.main");
        // 730 h x 0.045 = 32.85
        assert_eq!(cost(comp(r, "NAT gateway")), dec("32.85"));
        let d = comp(r, "Data processed");
        assert!(d.usage_based && d.monthly_cost.is_none() && !d.price_not_found);
        assert_eq!(d.price, dec("0.045"));

        let usage = "version: 0.1\nresource_type_default_usage:\n  aws_nat_gateway:\n    monthly_data_processed_gb: 100\n";
        let b = run(&[nat("eu-west-1", json!({"connectivity_type": "private"}))], usage);
        let r = resource(&b, "aws_nat_gateway.main");
        // eu-west-1: 730 x 0.048 = 35.04; 100 GB x 0.048 = 4.8
        assert_eq!(cost(comp(r, "NAT gateway")), dec("35.04"));
        assert_eq!(cost(comp(r, "Data processed")), dec("4.8"));
        assert_eq!(r.monthly_usage_cost, Some(dec("4.8")));
        assert_eq!(r.monthly_cost, Some(dec("39.84")));
    }

    #[test]
    fn region_the_catalog_lacks() {
        let b = run(&[nat("cn-north-1", json!({}))], "");
        let r = resource(&b, "aws_nat_gateway.main");
        assert!(r.cost_components.iter().all(|c| c.price_not_found));
        assert!(comp(r, "NAT gateway").price_not_found_reason.as_deref().is_some_and(|w| w.contains("no nat_gateway prices for region cn-north-1")));
    }
}
