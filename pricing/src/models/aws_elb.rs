//! `aws_elb`: a Classic Load Balancer.
//!
//! Prices: the load balancer's hours (all month) and the data it processes, in GB.
//!
//! The catalog's load balancer prices cover us-east-1 only; in other regions both lines
//! are reported as not priced, with the reason.
//!
//! Usage keys: `monthly_data_processed_gb`.

use rust_decimal::Decimal;

use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["monthly_data_processed_gb"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let region = r.region.as_str();
    out.components.push(ctx.hourly(
        "Classic load balancer",
        "hours",
        Decimal::ONE,
        &Query::new("elb", region, "classic_load_balancer").family("load_balancer"),
    ));
    out.components.push(ctx.usage(
        "Data processed",
        "GB",
        ctx.usage.num("monthly_data_processed_gb"),
        &Query::new("elb", region, "classic_load_balancer_data").family("data_processed"),
    ));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;

    fn elb(region: &str) -> crate::input::ResourceInput {
        input("aws_elb.web", region, json!({"listener": [{"instance_port": 80, "lb_port": 80}]}), &[])
    }

    #[test]
    fn hours_and_data_processed() {
        let b = run(&[elb("us-east-1")], "");
        let r = resource(&b, "aws_elb.web");
        // 730 h x 0.025 = 18.25
        assert_eq!(cost(comp(r, "Classic load balancer")), dec("18.25"));
        let d = comp(r, "Data processed");
        assert!(d.usage_based && d.monthly_cost.is_none());
        assert_eq!(d.price, dec("0.008"));
        let b = run(&[elb("us-east-1")], "version: 0.1\nresource_usage:\n  aws_elb.web:\n    monthly_data_processed_gb: 1000\n");
        // 1000 GB x 0.008 = 8
        assert_eq!(cost(comp(resource(&b, "aws_elb.web"), "Data processed")), dec("8"));
        assert_eq!(resource(&b, "aws_elb.web").monthly_cost, Some(dec("26.25")));
    }

    #[test]
    fn other_regions_are_not_in_the_catalog() {
        let b = run(&[elb("eu-west-1")], "version: 0.1\nresource_usage:\n  aws_elb.web:\n    monthly_data_processed_gb: 1000\n");
        let r = resource(&b, "aws_elb.web");
        for c in &r.cost_components {
            assert_eq!(c.price_not_found_reason.as_deref(), Some("the price catalog has no elb prices for region eu-west-1 (it covers us-east-1 only)"));
        }
        assert_eq!(r.monthly_cost, Some(dec("0")));
    }
}
