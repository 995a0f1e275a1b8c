//! `aws_vpc_endpoint`: a VPC endpoint, by `vpc_endpoint_type` (default `Gateway`).
//!
//! Prices:
//! - Interface endpoints: one endpoint-hour per Availability Zone it has a network interface
//!   in (one per subnet of `subnet_ids` or `subnet_configuration`; one when none are set),
//!   all month, and the data they process, in AWS's tiers (first 1 PB, next 4 PB, over
//!   5 PB a month);
//! - Gateway Load Balancer endpoints: endpoint hours and data processed;
//! - Gateway endpoints (S3, DynamoDB) are free: the resource then has no cost components
//!   and says so.
//!
//! Not priced: `Resource` and `ServiceNetwork` endpoints (VPC Lattice): the catalog has no
//! prices for them. Subnets added later with `aws_vpc_endpoint_subnet_association` are not
//! counted here.
//!
//! Usage keys: `monthly_data_processed_gb`.

use rust_decimal::Decimal;

use crate::catalog::{PriceRow, Query};
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["monthly_data_processed_gb"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let kind = a.str("vpc_endpoint_type").unwrap_or("Gateway");
    let gb = ctx.usage.num("monthly_data_processed_gb");
    let q = |item| Query::new("vpc", region, item).family("vpc_endpoint");
    match kind {
        "Gateway" => out.notes.push("gateway endpoints are free".into()),
        "Interface" => {
            let subnets = a.blocks("subnet_ids").len().max(a.blocks("subnet_configuration").len()).max(1);
            out.components.push(ctx.hourly("Endpoint (Interface)", "hours", Decimal::from(subnets), &q("interface_endpoint")));
            out.components.extend(ctx.tiered("Data processed", "GB", gb, &q("interface_endpoint_data_processed"), &tier_label));
        }
        "GatewayLoadBalancer" => {
            out.components.push(ctx.hourly("Endpoint (GatewayLoadBalancer)", "hours", Decimal::ONE, &q("gwlb_endpoint")));
            out.components.push(ctx.usage("Data processed", "GB", gb, &q("gwlb_endpoint_data_processed")));
        }
        other => out.components.push(CostComponent::not_found(
            format!("Endpoint ({other})"),
            "hours",
            format!("the price catalog has no prices for {other} endpoints"),
        )),
    }
}

/// "first 1PB", "next 4PB", "over 5PB" from a tier's bounds in GB.
fn tier_label(row: &PriceRow) -> String {
    let pb = |gb: Decimal| (gb / Decimal::from(1_048_576)).normalize();
    match (row.tier_start, row.tier_end) {
        (Some(s), Some(e)) if s.is_zero() => format!("first {}PB", pb(e)),
        (Some(s), Some(e)) => format!("next {}PB", pb(e - s)),
        (Some(s), None) => format!("over {}PB", pb(s)),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;

    fn ep(address: &str, region: &str, values: serde_json::Value) -> crate::input::ResourceInput {
        input(address, region, values, &["aws_vpc.main"])
    }

    #[test]
    fn interface_endpoint_hours_per_subnet() {
        let b = run(
            &[
                ep("aws_vpc_endpoint.ecr", "us-east-1", json!({"vpc_endpoint_type": "Interface", "service_name": "com.amazonaws.us-east-1.ecr.api", "subnet_ids": [null, null, null]})),
                ep("aws_vpc_endpoint.one", "us-east-1", json!({"vpc_endpoint_type": "Interface"})),
            ],
            "",
        );
        let r = resource(&b, "aws_vpc_endpoint.ecr");
        // 3 AZs x 730 h x 0.01 = 21.9
        let h = comp(r, "Endpoint (Interface)");
        assert_eq!(h.monthly_quantity, Some(dec("2190")));
        assert_eq!(cost(h), dec("21.9"));
        let d = comp(r, "Data processed (first 1PB)");
        assert!(d.usage_based && d.monthly_cost.is_none());
        assert_eq!(d.price, dec("0.01"));
        // No subnets known: one AZ, 730 x 0.01 = 7.3
        assert_eq!(cost(comp(resource(&b, "aws_vpc_endpoint.one"), "Endpoint (Interface)")), dec("7.3"));
    }

    #[test]
    fn data_processed_tiers() {
        let usage = "version: 0.1\nresource_usage:\n  aws_vpc_endpoint.ecr:\n    monthly_data_processed_gb: 2000000\n";
        let b = run(&[ep("aws_vpc_endpoint.ecr", "us-east-1", json!({"vpc_endpoint_type": "Interface", "subnet_ids": ["subnet-a"]}))], usage);
        let r = resource(&b, "aws_vpc_endpoint.ecr");
        // 1,048,576 GB x 0.01 = 10485.76; (2,000,000 - 1,048,576) x 0.006 = 5708.544
        assert_eq!(cost(comp(r, "Data processed (first 1PB)")), dec("10485.76"));
        assert_eq!(cost(comp(r, "Data processed (next 4PB)")), dec("5708.544"));
        assert_eq!(r.monthly_usage_cost, Some(dec("16194.304")));
        let usage = "version: 0.1\nresource_usage:\n  aws_vpc_endpoint.ecr:\n    monthly_data_processed_gb: 6000000\n";
        let b = run(&[ep("aws_vpc_endpoint.ecr", "us-east-1", json!({"vpc_endpoint_type": "Interface"}))], usage);
        // (6,000,000 - 5,242,880) x 0.004 = 3028.48
        assert_eq!(cost(comp(resource(&b, "aws_vpc_endpoint.ecr"), "Data processed (over 5PB)")), dec("3028.48"));
    }

    #[test]
    fn gateway_free_gwlb_priced_lattice_not() {
        let b = run(
            &[
                ep("aws_vpc_endpoint.s3", "eu-west-1", json!({"service_name": "com.amazonaws.eu-west-1.s3"})),
                ep("aws_vpc_endpoint.fw", "eu-west-1", json!({"vpc_endpoint_type": "GatewayLoadBalancer"})),
                ep("aws_vpc_endpoint.res", "eu-west-1", json!({"vpc_endpoint_type": "Resource"})),
            ],
            "version: 0.1\nresource_usage:\n  aws_vpc_endpoint.fw:\n    monthly_data_processed_gb: 1000\n",
        );
        // Gateway endpoints are free.
        assert!(b.free_resources.iter().any(|f| f.name == "aws_vpc_endpoint.s3"));
        let fw = resource(&b, "aws_vpc_endpoint.fw");
        // eu-west-1: 730 h x 0.0112 = 8.176; 1000 GB x 0.0035 = 3.5
        assert_eq!(cost(comp(fw, "Endpoint (GatewayLoadBalancer)")), dec("8.176"));
        assert_eq!(cost(comp(fw, "Data processed")), dec("3.5"));
        let res = comp(resource(&b, "aws_vpc_endpoint.res"), "Endpoint (Resource)");
        assert_eq!(res.price_not_found_reason.as_deref(), Some("the price catalog has no prices for Resource endpoints"));
    }

    #[test]
    fn other_region_prices_and_missing_region() {
        let b = run(&[ep("aws_vpc_endpoint.x", "ap-south-2", json!({"vpc_endpoint_type": "Interface", "subnet_ids": ["a", "b"]}))], "");
        // ap-south-2: 2 x 730 x 0.013 = 18.98
        assert_eq!(cost(comp(resource(&b, "aws_vpc_endpoint.x"), "Endpoint (Interface)")), dec("18.98"));
        let b = run(&[ep("aws_vpc_endpoint.x", "cn-north-1", json!({"vpc_endpoint_type": "Interface"}))], "");
        assert!(resource(&b, "aws_vpc_endpoint.x").cost_components.iter().all(|c| c.price_not_found));
    }
}
