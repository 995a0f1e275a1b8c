//! `aws_eip`: an Elastic IP address.
//!
//! Prices: the public IPv4 address charge, every hour of the month. Since February 2024 AWS
//! charges each public IPv4 address the same hourly price whether it is attached or idle,
//! so an Elastic IP always costs it. An address attached in its own configuration
//! (`instance`, `network_interface` or `associate_with_private_ip` set, or referring to an
//! `aws_instance` or `aws_network_interface` of the configuration) is shown as "in use";
//! one attached elsewhere (an `aws_eip_association`, a NAT gateway's `allocation_id`) or
//! not at all is shown as "IP address" at the idle-address price, which is the same.
//!
//! Not priced: addresses from a customer-owned pool (`customer_owned_ipv4_pool`, on an
//! Outpost) and from a bring-your-own pool (`public_ipv4_pool` other than `amazon`), which
//! AWS does not charge; the resource then has no cost components and says why.
//!
//! Usage keys: none.

use rust_decimal::Decimal;

use super::compute_common::{referenced, set, text};
use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &[];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    if set(a, "customer_owned_ipv4_pool") {
        out.notes.push("addresses from a customer-owned IPv4 pool carry no public IPv4 charge".into());
        return;
    }
    if text(a, "public_ipv4_pool").is_some_and(|p| p != "amazon") {
        out.notes.push("addresses from a bring-your-own IPv4 pool carry no public IPv4 charge".into());
        return;
    }
    let attached = set(a, "instance")
        || set(a, "network_interface")
        || set(a, "associate_with_private_ip")
        || !referenced(r, ctx, "aws_instance").is_empty()
        || !referenced(r, ctx, "aws_network_interface").is_empty();
    let (name, item) = if attached {
        ("IP address (in use)", "in_use_public_ipv4_address")
    } else {
        ("IP address", "idle_public_ipv4_address")
    };
    out.components.push(ctx.hourly(name, "hours", Decimal::ONE, &Query::new("elastic_ip", &r.region, item).family("public_ipv4")));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;

    #[test]
    fn every_address_costs_the_hourly_charge() {
        let b = run(
            &[
                input("aws_eip.nat", "us-east-1", json!({"domain": "vpc"}), &[]),
                input("aws_instance.web", "eu-west-1", json!({"instance_type": "t3.micro"}), &[]),
                input("aws_eip.web", "eu-west-1", json!({"domain": "vpc", "instance": null}), &["aws_instance.web"]),
                input("aws_eip.other", "eu-west-1", json!({"domain": "vpc", "instance": null}), &["aws_instance.elsewhere"]),
                input("aws_eip.eni", "eu-west-1", json!({"domain": "vpc", "network_interface": "eni-0123"}), &[]),
            ],
            "",
        );
        // 730 h x 0.005 = 3.65
        let nat = resource(&b, "aws_eip.nat");
        assert_eq!(names(nat), ["IP address"]);
        assert_eq!(cost(comp(nat, "IP address")), dec("3.65"));
        assert_eq!(comp(nat, "IP address").hourly_quantity, Some(dec("1")));
        // An instance id not known until apply, but an instance of the configuration.
        assert_eq!(names(resource(&b, "aws_eip.web")), ["IP address (in use)"]);
        assert_eq!(names(resource(&b, "aws_eip.other")), ["IP address"]);
        assert_eq!(cost(comp(resource(&b, "aws_eip.eni"), "IP address (in use)")), dec("3.65"));
        // Four addresses: 4 x 3.65 = 14.6
        assert_eq!(resource(&b, "aws_eip.web").monthly_cost, Some(dec("3.65")));
        let eips: rust_decimal::Decimal = b.resources.iter().filter(|r| r.resource_type == "aws_eip").filter_map(|r| r.monthly_cost).sum();
        assert_eq!(eips, dec("14.6"));
    }

    #[test]
    fn attached_by_private_ip_and_free_pools() {
        let b = run(&[input("aws_eip.a", "us-east-1", json!({"associate_with_private_ip": "10.0.0.12"}), &[])], "");
        assert_eq!(cost(comp(resource(&b, "aws_eip.a"), "IP address (in use)")), dec("3.65"));

        let b = run(
            &[
                input("aws_eip.coip", "us-west-2", json!({"customer_owned_ipv4_pool": "ipv4pool-coip-0123"}), &[]),
                input("aws_eip.byoip", "us-west-2", json!({"public_ipv4_pool": "ipv4pool-ec2-0123"}), &[]),
                input("aws_eip.amazon", "us-west-2", json!({"public_ipv4_pool": "amazon"}), &[]),
            ],
            "",
        );
        // Customer-owned and bring-your-own addresses carry no public IPv4 charge: free.
        let free: Vec<&str> = b.free_resources.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(free, ["aws_eip.byoip", "aws_eip.coip"]);
        assert_eq!(cost(comp(resource(&b, "aws_eip.amazon"), "IP address")), dec("3.65"));
    }

    #[test]
    fn empty_strings_from_the_state_are_unset() {
        let v = json!({"instance": "", "network_interface": "", "customer_owned_ipv4_pool": "", "public_ipv4_pool": ""});
        let b = run(&[input("aws_eip.a", "us-east-1", v, &[])], "");
        assert_eq!(cost(comp(resource(&b, "aws_eip.a"), "IP address")), dec("3.65"));
    }

    #[test]
    fn region_the_catalog_lacks() {
        let b = run(&[input("aws_eip.x", "cn-north-1", json!({}), &[])], "");
        let c = comp(resource(&b, "aws_eip.x"), "IP address");
        assert!(c.price_not_found_reason.as_deref().is_some_and(|w| w.starts_with("the price catalog has no elastic_ip prices for region cn-north-1")));
    }
}
