//! `aws_lambda_function`: a Lambda function's requests and compute time.
//!
//! Prices (usage-based): "Requests" per 1M requests; "Ephemeral storage" in GB-seconds
//! for the `ephemeral_storage` above the 512 MB every function gets free; and "Duration"
//! in GB-seconds, tiered as AWS tiers it ("Duration (first 6B)", "(next 9B)",
//! "(over 15B)" GB-seconds for x86_64; 7.5B, 11.25B and 18.75B for arm64; the bounds come
//! from the catalog). Prices follow the architecture (`architectures`, default x86_64).
//! `memory_size` defaults to 128 MB and the ephemeral storage to 512 MB, as in AWS.
//! Each request's duration is rounded up to the next millisecond, as AWS bills it.
//!
//! GB-seconds are requests x memory (GB) x duration (s); without both usage keys the
//! duration depends on usage. The free tier (1M requests and 400,000 GB-seconds a month,
//! per account) is not subtracted. Provisioned concurrency is priced on its own resource;
//! Lambda@Edge and response streaming are not priced.
//!
//! Usage keys (infracost's): `monthly_requests`, `request_duration_ms`.

use rust_decimal::Decimal;

use super::managed_common::{billion_tiers, tiered_usage, usage_per};
use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["monthly_requests", "request_duration_ms"];

/// The memory AWS gives a function that does not set `memory_size`, in MB.
const DEFAULT_MEMORY_MB: i64 = 128;
/// The ephemeral storage every function has without charge, in MB.
const FREE_EPHEMERAL_MB: i64 = 512;

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let arch = match a.str("architectures.0") {
        Some("arm64") => "arm64",
        _ => "x86_64",
    };
    let memory_mb = a.num("memory_size").unwrap_or(Decimal::from(DEFAULT_MEMORY_MB));
    let storage_mb = a.num("ephemeral_storage.size").unwrap_or(Decimal::from(FREE_EPHEMERAL_MB));
    let requests = ctx.usage.num("monthly_requests");
    // Request-seconds: requests x duration, the duration rounded up to the millisecond.
    let seconds = match (requests, ctx.usage.num("request_duration_ms")) {
        (Some(n), Some(ms)) => Some(n * ms.ceil() / Decimal::from(1000)),
        _ => None,
    };
    let gb_seconds = |mb: Decimal| seconds.map(|s| s * mb / Decimal::from(1024));

    let requests_res = format!("requests:{arch}");
    let q = Query::new("lambda", region, &requests_res).family("requests");
    out.components.push(usage_per(ctx, "Requests", "1M requests", 1_000_000, requests, &q));

    let extra_storage = storage_mb - Decimal::from(FREE_EPHEMERAL_MB);
    if extra_storage > Decimal::ZERO {
        let storage_res = format!("ephemeral_storage:{arch}");
        let q = Query::new("lambda", region, &storage_res).family("ephemeral_storage");
        out.components.push(usage_per(ctx, "Ephemeral storage", "GB-seconds", 1, gb_seconds(extra_storage), &q));
    }

    let duration_res = format!("duration:{arch}");
    let q = Query::new("lambda", region, &duration_res).family("compute");
    out.components.extend(tiered_usage(ctx, "Duration", None, "GB-seconds", gb_seconds(memory_mb), &q, billion_tiers()));
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn lambda(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_lambda_function", region, values, usage)
    }

    #[test]
    fn without_usage_requests_and_duration_depend_on_usage() {
        let r = lambda("us-east-1", json!({"function_name": "f"}), Value::Null);
        assert_eq!(names(&r), ["Requests", "Duration (first 6B)"]);
        let req = comp(&r, None, "Requests");
        // 0.0000002 per request, shown per 1M.
        assert!(req.usage_based && req.monthly_cost.is_none() && req.price == d("0.2"));
        assert_eq!(comp(&r, None, "Duration (first 6B)").price, d("0.0000166667"));
    }

    #[test]
    fn default_memory_is_128_mb() {
        let r = lambda("us-east-1", json!({}), json!({"monthly_requests": 1000000, "request_duration_ms": 100.2}));
        // 128 MB = 0.125 GB; 100.2 ms rounds up to 101 ms = 0.101 s;
        // 1,000,000 * 0.125 * 0.101 = 12,625 GB-s * 0.0000166667 = 0.2104170875.
        let dur = comp(&r, None, "Duration (first 6B)");
        assert_eq!(dur.monthly_quantity, Some(d("12625")));
        assert_eq!(monthly(dur), d("0.2104170875"));
        // 1,000,000 * 0.0000002 = 0.2.
        assert_eq!(monthly(comp(&r, None, "Requests")), d("0.2"));
    }

    #[test]
    fn memory_and_ephemeral_storage() {
        let values = json!({"memory_size": 1024, "ephemeral_storage": [{"size": 10240}]});
        let r = lambda("us-east-1", values, json!({"monthly_requests": 1000000, "request_duration_ms": 500}));
        assert_eq!(names(&r), ["Requests", "Ephemeral storage", "Duration (first 6B)"]);
        // 1,000,000 * 1 GB * 0.5 s = 500,000 GB-s * 0.0000166667 = 8.33335.
        assert_eq!(monthly(comp(&r, None, "Duration (first 6B)")), d("8.33335"));
        // (10240 - 512)/1024 = 9.5 GB * 500,000 s = 4,750,000 GB-s * 0.0000000309 = 0.146775.
        assert_eq!(monthly(comp(&r, None, "Ephemeral storage")), d("0.146775"));
        assert_eq!(r.monthly_cost, Some(d("8.680125")));
    }

    #[test]
    fn arm64_duration_tiers() {
        let values = json!({"memory_size": 10240, "architectures": ["arm64"]});
        let r = lambda("us-east-1", values, json!({"monthly_requests": 1000000000, "request_duration_ms": 1000}));
        // 1e9 * 10 GB * 1 s = 1e10 GB-s: 7.5e9 * 0.0000133334 = 100000.5;
        // 2.5e9 * 0.0000120001 = 30000.25. Requests 1e9 * 0.0000002 = 200.
        assert_eq!(monthly(comp(&r, None, "Duration (first 7.5B)")), d("100000.5"));
        assert_eq!(monthly(comp(&r, None, "Duration (next 11.25B)")), d("30000.25"));
        assert_eq!(r.monthly_cost, Some(d("130200.75")));
    }

    #[test]
    fn another_region_and_a_missing_one() {
        let r = lambda("eu-west-1", json!({}), json!({"monthly_requests": 2000000, "request_duration_ms": 1000}));
        // 2e6 * 0.125 GB * 1 s = 250,000 GB-s * 0.0000166667 = 4.166675; requests 0.4.
        assert_eq!(r.monthly_cost, Some(d("4.566675")));
        let nowhere = lambda("xx-nowhere-1", json!({}), json!({"monthly_requests": 1}));
        assert!(comp(&nowhere, None, "Requests").price_not_found);
        assert!(comp(&nowhere, None, "Duration").price_not_found);
    }
}
