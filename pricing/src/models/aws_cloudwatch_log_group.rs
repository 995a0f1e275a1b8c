//! `aws_cloudwatch_log_group`: a CloudWatch Logs log group's ingestion, storage and
//! Logs Insights queries.
//!
//! Prices (usage-based): "Data ingested" (GB) at the price of the log group class
//! (`log_group_class`, default STANDARD; INFREQUENT_ACCESS has its own ingestion price,
//! DELIVERY is not in the catalog), "Archival Storage" (GB stored) and "Insights queries
//! data scanned" (GB), as infracost names them. Delivery-class log groups are not
//! queried by Logs Insights and keep logs one day, so only their ingestion is shown.
//!
//! Not priced: vended logs' tiered ingestion (priced where the logs come from), live tail,
//! data protection, subscriptions and exports. Free tiers are not subtracted.
//!
//! Usage keys (infracost's): `monthly_data_ingested_gb`, `storage_gb`,
//! `monthly_data_scanned_gb`.

use super::managed_common::usage_per;
use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["monthly_data_ingested_gb", "storage_gb", "monthly_data_scanned_gb"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let region = r.region.as_str();
    let (name, resource) = match r.attrs().str("log_group_class") {
        Some("INFREQUENT_ACCESS") => ("Data ingested (infrequent access)", "ingestion:infrequent_access"),
        Some("DELIVERY") => ("Data ingested (delivery)", "ingestion:delivery"),
        _ => ("Data ingested", "ingestion:standard"),
    };
    let gb = |name: &str, key: &str, resource: &str| {
        usage_per(ctx, name, "GB", 1, ctx.usage.num(key), &Query::new("cloudwatch", region, resource).family("logs"))
    };
    out.components.push(gb(name, "monthly_data_ingested_gb", resource));
    if resource == "ingestion:delivery" {
        return;
    }
    out.components.push(gb("Archival Storage", "storage_gb", "storage_archived"));
    out.components.push(gb("Insights queries data scanned", "monthly_data_scanned_gb", "insights_query_scanned"));
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn logs(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_cloudwatch_log_group", region, values, usage)
    }

    #[test]
    fn without_usage_everything_depends_on_usage() {
        let r = logs("us-east-1", json!({"name": "/app", "retention_in_days": 30}), Value::Null);
        assert_eq!(names(&r), ["Data ingested", "Archival Storage", "Insights queries data scanned"]);
        // us-east-1: ingestion 0.5/GB, storage 0.03/GB-month, Insights 0.005/GB scanned.
        let prices: Vec<_> = r.cost_components.iter().map(|c| (c.price, c.monthly_cost)).collect();
        assert_eq!(prices, [(d("0.5"), None), (d("0.03"), None), (d("0.005"), None)]);
    }

    #[test]
    fn with_usage_and_another_region() {
        let usage = json!({"monthly_data_ingested_gb": 100, "storage_gb": 1000, "monthly_data_scanned_gb": 200});
        let r = logs("us-east-1", json!({}), usage.clone());
        // 100 * 0.5 = 50; 1000 * 0.03 = 30; 200 * 0.005 = 1.
        assert_eq!(monthly(comp(&r, None, "Data ingested")), d("50"));
        assert_eq!(r.monthly_cost, Some(d("81")));
        let london = logs("eu-west-2", json!({}), usage);
        // 100 * 0.5985 = 59.85; 1000 * 0.0315 = 31.5; 200 * 0.0059 = 1.18.
        assert_eq!(london.monthly_cost, Some(d("92.53")));
    }

    #[test]
    fn log_group_classes() {
        let ia = logs("us-east-1", json!({"log_group_class": "INFREQUENT_ACCESS"}), json!({"monthly_data_ingested_gb": 100}));
        // 100 * 0.25 = 25.
        assert_eq!(monthly(comp(&ia, None, "Data ingested (infrequent access)")), d("25"));
        let delivery = logs("us-east-1", json!({"log_group_class": "DELIVERY"}), json!({"monthly_data_ingested_gb": 100}));
        assert_eq!(names(&delivery), ["Data ingested (delivery)"]);
        assert!(comp(&delivery, None, "Data ingested (delivery)").price_not_found);
        let nowhere = logs("xx-nowhere-1", json!({}), Value::Null);
        assert!(comp(&nowhere, None, "Data ingested").price_not_found);
    }
}
