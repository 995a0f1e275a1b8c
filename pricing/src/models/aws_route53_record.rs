//! `aws_route53_record`: DNS queries answered by a Route 53 record.
//!
//! Prices (usage-based): queries per 1M by routing policy, tiered as AWS tiers them
//! ("(first 1B)", "(over 1B)", from the catalog's tier bounds): "Standard queries"
//! (simple, weighted, failover and multivalue answer records), "Latency based routing
//! queries" (`latency_routing_policy`), "Geo DNS queries" (`geolocation_routing_policy`),
//! "Geoproximity queries" (`geoproximity_routing_policy`) and "IP-based routing queries"
//! (`cidr_routing_policy`). Route 53 prices are global.
//!
//! Alias records whose target is an AWS resource (a load balancer, CloudFront
//! distribution, S3 website, API Gateway...) answer queries for free, as AWS does not
//! charge for them: such a record has no cost components. Aliases to other records are
//! priced.
//!
//! Not priced: health checks (their own resource type) and Traffic Flow policy records.
//!
//! Usage keys: `monthly_standard_queries`, `monthly_latency_based_queries`,
//! `monthly_geo_queries` (geolocation and geoproximity; infracost's names), and
//! `monthly_ip_based_queries`.

use rust_decimal::Decimal;

use super::managed_common::{address_type, billion_tiers, tiered_usage};
use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["monthly_standard_queries", "monthly_latency_based_queries", "monthly_geo_queries", "monthly_ip_based_queries"];

/// Resource types an alias record refers to without making its queries free.
const NOT_ALIAS_TARGETS: &[&str] = &["aws_route53_zone", "aws_route53_record", "aws_route53_health_check"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    if a.has("alias") {
        let to_aws_resource =
            r.references.iter().filter_map(|x| address_type(x)).any(|t| t.starts_with("aws_") && !NOT_ALIAS_TARGETS.contains(&t.as_str()));
        if to_aws_resource {
            out.notes.push("alias queries to AWS resources are free".into());
            return;
        }
    }
    let (name, resource, key) = if a.has("latency_routing_policy") {
        ("Latency based routing queries", "latency_based", "monthly_latency_based_queries")
    } else if a.has("geolocation_routing_policy") {
        ("Geo DNS queries", "geo_dns", "monthly_geo_queries")
    } else if a.has("geoproximity_routing_policy") {
        ("Geoproximity queries", "geoproximity", "monthly_geo_queries")
    } else if a.has("cidr_routing_policy") {
        ("IP-based routing queries", "ip_based", "monthly_ip_based_queries")
    } else {
        ("Standard queries", "standard", "monthly_standard_queries")
    };
    let q = Query::new("route53", "global", resource).family("queries");
    let per = Decimal::from(1_000_000);
    let tiers = tiered_usage(ctx, name, None, "1M queries", ctx.usage.num(key), &q, billion_tiers());
    out.components.extend(tiers.into_iter().map(|c| c.per("1M queries", per)));
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price, price_all};
    use crate::input::ResourceInput;

    fn record(values: Value, usage: Value) -> crate::json::Resource {
        price("aws_route53_record", "us-east-1", values, usage)
    }

    #[test]
    fn simple_records_answer_standard_queries() {
        let r = record(json!({"name": "www", "type": "A", "ttl": 300, "records": ["192.0.2.1"]}), Value::Null);
        assert_eq!(names(&r), ["Standard queries (first 1B)"]);
        // 0.0000004 per query, shown per 1M.
        let c = comp(&r, None, "Standard queries (first 1B)");
        assert!(c.usage_based && c.monthly_cost.is_none() && c.price == d("0.4"));
    }

    #[test]
    fn queries_over_a_billion_cost_less() {
        let r = record(json!({"name": "www", "type": "A"}), json!({"monthly_standard_queries": 1500000000}));
        // 1e9 * 0.0000004 = 400; 0.5e9 * 0.0000002 = 100.
        assert_eq!(monthly(comp(&r, None, "Standard queries (first 1B)")), d("400"));
        let over = comp(&r, None, "Standard queries (over 1B)");
        assert_eq!((over.monthly_quantity, monthly(over)), (Some(d("500")), d("100")));
        assert_eq!(r.monthly_cost, Some(d("500")));
    }

    #[test]
    fn routing_policies() {
        let latency = record(json!({"set_identifier": "use1", "latency_routing_policy": [{"region": "us-east-1"}]}), json!({"monthly_latency_based_queries": 10000000}));
        // 10M * 0.0000006 = 6.
        assert_eq!(monthly(comp(&latency, None, "Latency based routing queries (first 1B)")), d("6"));
        let geo = record(json!({"geolocation_routing_policy": [{"continent": "EU"}]}), json!({"monthly_geo_queries": 10000000}));
        // 10M * 0.0000007 = 7.
        assert_eq!(monthly(comp(&geo, None, "Geo DNS queries (first 1B)")), d("7"));
        let geoprox = record(json!({"geoproximity_routing_policy": [{"aws_region": "us-east-1", "bias": 10}]}), Value::Null);
        assert_eq!(names(&geoprox), ["Geoproximity queries (first 1B)"]);
        let ip = record(json!({"cidr_routing_policy": [{"collection_id": "c", "location_name": "l"}]}), json!({"monthly_ip_based_queries": 10000000}));
        // 10M * 0.0000008 = 8.
        assert_eq!(monthly(comp(&ip, None, "IP-based routing queries (first 1B)")), d("8"));
    }

    #[test]
    fn aliases_to_aws_resources_are_free() {
        let mut alias = ResourceInput::new(
            "aws_route53_record.www",
            "aws_route53_record",
            "us-east-1",
            json!({"name": "www", "type": "A", "alias": [{"name": "lb.example", "zone_id": "Z1", "evaluate_target_health": true}]}),
        );
        alias.references = vec!["aws_route53_zone.main".into(), "aws_lb.web".into()];
        let mut to_record = alias.clone();
        to_record.address = "aws_route53_record.apex".into();
        to_record.references = vec!["aws_route53_zone.main".into(), "aws_route53_record.www".into()];
        let out = price_all(vec![alias.clone(), to_record.clone()], json!({"aws_route53_record.apex": {"monthly_standard_queries": 1000000}}));
        // The alias to an AWS resource is free, so only the alias to a record is priced.
        assert_eq!(out.len(), 1);
        let apex = &out[0];
        let b = crate::project::price_breakdown(&[alias, to_record], &crate::catalog::Catalog::embedded(), &crate::usage::Usage::default());
        assert_eq!(b.free_resources.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["aws_route53_record.www"]);
        // An alias to another record is charged: 1M * 0.0000004 = 0.4.
        assert_eq!(apex.monthly_cost, Some(d("0.4")));
    }
}
