//! `aws_lb` and `aws_alb`: an Application, Network or Gateway Load Balancer, by
//! `load_balancer_type` (default `application`).
//!
//! Prices: the load balancer's hours (all month), and its capacity units (LCU for an
//! Application Load Balancer, NLCU for a Network one), usage-based. AWS bills, each hour,
//! the largest of the dimensions' capacity units; from monthly averages:
//! - application: 25 new connections a second, 3,000 active connections a minute, 1 GB
//!   processed an hour, 1,000 rule evaluations a second, per LCU;
//! - network (TCP): 800 new connections a second, 100,000 active connections, 1 GB an hour,
//!   per NLCU;
//! - gateway: 600 new connections a second, 60,000 active connections, 1 GB an hour, per GLCU.
//!
//! The capacity line's quantity is in capacity-unit hours a month, shown (as infracost
//! shows it) in LCUs averaged over the month, at the price of one LCU for a month.
//!
//! The catalog's load balancer prices cover Application and Network Load Balancers in
//! us-east-1 only: other regions, and Gateway Load Balancers, are reported as not priced
//! with the reason.
//!
//! Usage keys: `new_connections` (a second, average), `active_connections` (a minute,
//! average), `processed_bytes_gb` (GB a month), `rule_evaluations` (a second, average;
//! application only).

use rust_decimal::Decimal;

use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource, HOURS_PER_MONTH};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["new_connections", "active_connections", "processed_bytes_gb", "rule_evaluations"];

/// What one capacity unit covers for a load balancer type.
struct Capacity {
    new_per_second: i64,
    active: i64,
    rules_per_second: Option<i64>,
}

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let region = r.region.as_str();
    let kind = r.attrs().str("load_balancer_type").unwrap_or("application");
    let (name, lb, lcu, unit, cap) = match kind {
        "network" => (
            "Network load balancer",
            "network_load_balancer",
            "network_load_balancer_nlcu",
            "NLCU-hour",
            Capacity { new_per_second: 800, active: 100_000, rules_per_second: None },
        ),
        "gateway" => (
            "Gateway load balancer",
            "gateway_load_balancer",
            "gateway_load_balancer_glcu",
            "GLCU-hour",
            Capacity { new_per_second: 600, active: 60_000, rules_per_second: None },
        ),
        _ => (
            "Application load balancer",
            "application_load_balancer",
            "application_load_balancer_lcu",
            "LCU-hour",
            Capacity { new_per_second: 25, active: 3_000, rules_per_second: Some(1_000) },
        ),
    };
    out.components.push(ctx.hourly(name, "hours", Decimal::ONE, &Query::new("elb", region, lb).family("load_balancer")));
    let shown = if kind == "gateway" { "GLCU" } else { "LCU" };
    out.components.push(
        ctx.usage("Load balancer capacity units", shown, capacity_unit_hours(ctx, &cap), &Query::new("elb", region, lcu).family("lcu").unit(unit))
            .per(shown, HOURS_PER_MONTH),
    );
}

/// Capacity-unit hours a month from the usage keys given: the largest dimension.
fn capacity_unit_hours(ctx: &Ctx, cap: &Capacity) -> Option<Decimal> {
    let per_rate = |key: &str, per_unit: i64| ctx.usage.num(key).map(|v| v / Decimal::from(per_unit) * HOURS_PER_MONTH);
    [
        per_rate("new_connections", cap.new_per_second),
        per_rate("active_connections", cap.active),
        // 1 GB an hour per capacity unit: GB a month are capacity-unit hours.
        ctx.usage.num("processed_bytes_gb"),
        cap.rules_per_second.and_then(|n| per_rate("rule_evaluations", n)),
    ]
    .into_iter()
    .flatten()
    .max()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;

    fn lb(address: &str, region: &str, values: serde_json::Value) -> crate::input::ResourceInput {
        input(address, region, values, &[])
    }

    #[test]
    fn application_by_default_without_usage() {
        let b = run(&[lb("aws_lb.web", "us-east-1", json!({"internal": false})), lb("aws_alb.old", "us-east-1", json!({}))], "");
        for name in ["aws_lb.web", "aws_alb.old"] {
            let r = resource(&b, name);
            assert_eq!(names(r), ["Application load balancer", "Load balancer capacity units"]);
            // 730 h x 0.0225 = 16.425
            assert_eq!(cost(comp(r, "Application load balancer")), dec("16.425"));
            let l = comp(r, "Load balancer capacity units");
            assert!(l.usage_based && l.monthly_cost.is_none() && !l.price_not_found);
            // One LCU for a month: 0.008 x 730 = 5.84
            assert_eq!(l.price, dec("5.84"));
            assert_eq!(l.unit, "LCU");
        }
    }

    #[test]
    fn application_capacity_units_take_the_largest_dimension() {
        let usage = "version: 0.1
resource_usage:
  aws_lb.web:
    new_connections: 75
    active_connections: 6000
    processed_bytes_gb: 1000
    rule_evaluations: 1500
";
        let b = run(&[lb("aws_lb.web", "us-east-1", json!({"load_balancer_type": "application"}))], usage);
        let l = comp(resource(&b, "aws_lb.web"), "Load balancer capacity units");
        // new 75/25 = 3 LCU, active 6000/3000 = 2 LCU, bytes 1000 GB = 1000 LCU-h (1.37 LCU),
        // rules 1500/1000 = 1.5 LCU: 3 LCU x 730 h = 2190 LCU-h x 0.008 = 17.52
        assert_eq!(l.monthly_quantity, Some(dec("3")));
        assert_eq!(cost(l), dec("17.52"));

        // Active connections dominating: 12000/3000 = 4 LCU x 730 = 2920 LCU-h x 0.008 = 23.36
        let usage = "version: 0.1\nresource_usage:\n  aws_lb.web:\n    new_connections: 25\n    active_connections: 12000\n";
        let b = run(&[lb("aws_lb.web", "us-east-1", json!({}))], usage);
        assert_eq!(cost(comp(resource(&b, "aws_lb.web"), "Load balancer capacity units")), dec("23.36"));

        // Rule evaluations dominating: 5000/1000 = 5 LCU x 730 = 3650 LCU-h x 0.008 = 29.2
        let usage = "version: 0.1\nresource_usage:\n  aws_lb.web:\n    rule_evaluations: 5000\n";
        let b = run(&[lb("aws_lb.web", "us-east-1", json!({}))], usage);
        assert_eq!(cost(comp(resource(&b, "aws_lb.web"), "Load balancer capacity units")), dec("29.2"));

        let usage = "version: 0.1\nresource_usage:\n  aws_lb.web:\n    processed_bytes_gb: 2000\n";
        let b = run(&[lb("aws_lb.web", "us-east-1", json!({}))], usage);
        // 2000 GB = 2000 LCU-h x 0.008 = 16
        assert_eq!(cost(comp(resource(&b, "aws_lb.web"), "Load balancer capacity units")), dec("16"));
    }

    #[test]
    fn network_capacity_units() {
        let usage = "version: 0.1
resource_usage:
  aws_lb.nlb:
    new_connections: 1600
    active_connections: 100000
    processed_bytes_gb: 500
    rule_evaluations: 100000
";
        let b = run(&[lb("aws_lb.nlb", "us-east-1", json!({"load_balancer_type": "network"}))], usage);
        let r = resource(&b, "aws_lb.nlb");
        assert_eq!(cost(comp(r, "Network load balancer")), dec("16.425"));
        // new 1600/800 = 2 NLCU (rules do not count): 2 x 730 = 1460 NLCU-h x 0.006 = 8.76
        assert_eq!(cost(comp(r, "Load balancer capacity units")), dec("8.76"));
        // Price of one NLCU for a month: 0.006 x 730 = 4.38
        assert_eq!(comp(r, "Load balancer capacity units").price, dec("4.38"));
    }

    #[test]
    fn gateway_and_other_regions_are_not_in_the_catalog() {
        let b = run(&[lb("aws_lb.gw", "us-east-1", json!({"load_balancer_type": "gateway"}))], "");
        let r = resource(&b, "aws_lb.gw");
        assert_eq!(
            comp(r, "Gateway load balancer").price_not_found_reason.as_deref(),
            Some("the price catalog has no elb price for \"gateway_load_balancer\" in us-east-1")
        );
        assert!(comp(r, "Load balancer capacity units").price_not_found);

        let b = run(&[lb("aws_lb.web", "eu-west-2", json!({}))], "");
        let r = resource(&b, "aws_lb.web");
        for c in &r.cost_components {
            assert_eq!(c.price_not_found_reason.as_deref(), Some("the price catalog has no elb prices for region eu-west-2 (it covers us-east-1 only)"));
        }
    }
}
