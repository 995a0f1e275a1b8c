//! `aws_secretsmanager_secret`: a Secrets Manager secret and its API requests.
//!
//! Prices: "Secret" per month, "API requests" per 10k (usage-based), and each `replica`
//! as a sub-resource "Replica (REGION)" billed as a secret in its region, as AWS bills
//! replica secrets.
//!
//! The catalog has Secrets Manager prices for us-east-1 only; other regions are shown as
//! not priced. The 30-day free trial is not modelled.
//!
//! Usage keys (infracost's): `monthly_requests`.

use rust_decimal::Decimal;

use super::managed_common::usage_per;
use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["monthly_requests"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let region = r.region.as_str();
    let secret = |region: &str| ctx.monthly("Secret", "months", Decimal::ONE, &Query::new("secrets_manager", region, "secret").family("secrets"));
    out.components.push(secret(region));
    let q = Query::new("secrets_manager", region, "api_request").family("requests");
    out.components.push(usage_per(ctx, "API requests", "10k requests", 10_000, ctx.usage.num("monthly_requests"), &q));
    for replica in r.attrs().blocks("replica") {
        if let Some(replica_region) = replica.str("region") {
            out.subresources.push(PricedResource {
                name: format!("Replica ({replica_region})"),
                region: replica_region.to_string(),
                components: vec![secret(replica_region)],
                ..Default::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn secret(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_secretsmanager_secret", region, values, usage)
    }

    #[test]
    fn a_secret_a_month_and_requests_from_usage() {
        let none = secret("us-east-1", json!({"name": "s"}), Value::Null);
        assert_eq!(names(&none), ["Secret", "API requests"]);
        // 0.40 a month.
        assert_eq!(none.monthly_cost, Some(d("0.4")));
        // 0.000005 per request, shown per 10k.
        assert_eq!(comp(&none, None, "API requests").price, d("0.05"));
        let used = secret("us-east-1", json!({}), json!({"monthly_requests": 1000000}));
        // 1M * 0.000005 = 5.
        assert_eq!(monthly(comp(&used, None, "API requests")), d("5"));
        assert_eq!(used.monthly_cost, Some(d("5.4")));
    }

    #[test]
    fn replicas_and_other_regions() {
        let r = secret("us-east-1", json!({"replica": [{"region": "eu-west-1"}]}), Value::Null);
        let rep = comp(&r, Some("Replica (eu-west-1)"), "Secret");
        assert_eq!(
            rep.price_not_found_reason.as_deref(),
            Some("the price catalog has no secrets_manager prices for region eu-west-1 (it covers us-east-1 only)")
        );
        assert_eq!(r.monthly_cost, Some(d("0.4")));
        let eu = secret("eu-west-1", json!({}), Value::Null);
        assert!(comp(&eu, None, "Secret").price_not_found);
    }
}
