//! `aws_sqs_queue`: an SQS queue's requests.
//!
//! Prices (usage-based): "Requests" per 1M requests, at the FIFO price when `fifo_queue`
//! is true and the standard price otherwise. Each 64 KB chunk of a request is billed as
//! one request: `monthly_requests` is multiplied by `request_size_kb` / 64 rounded up
//! (64 KB when not given).
//!
//! The catalog has SQS prices for us-east-1 only; other regions are shown as not priced.
//! The free tier (1M requests a month per account) is not subtracted; data transfer is not
//! priced.
//!
//! Usage keys (infracost's): `monthly_requests`, `request_size_kb`.

use rust_decimal::Decimal;

use super::managed_common::usage_per;
use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["monthly_requests", "request_size_kb"];

/// The size of the chunks AWS bills each request by, in KB.
const CHUNK_KB: i64 = 64;

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let resource = if r.attrs().bool("fifo_queue") == Some(true) { "fifo_queue_requests" } else { "standard_queue_requests" };
    let requests = ctx.usage.num("monthly_requests").map(|n| n * chunks(ctx.usage.num("request_size_kb")));
    let q = Query::new("sqs", &r.region, resource).family("requests");
    out.components.push(usage_per(ctx, "Requests", "1M requests", 1_000_000, requests, &q));
}

/// How many 64 KB chunks a request of `size_kb` is billed as (at least one).
pub fn chunks(size_kb: Option<Decimal>) -> Decimal {
    let size = size_kb.unwrap_or(Decimal::from(CHUNK_KB));
    (size / Decimal::from(CHUNK_KB)).ceil().max(Decimal::ONE)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, price};

    fn queue(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_sqs_queue", region, values, usage)
    }

    #[test]
    fn standard_and_fifo_prices() {
        let none = queue("us-east-1", json!({"name": "q"}), Value::Null);
        let c = comp(&none, None, "Requests");
        // 0.0000004 per request, shown per 1M.
        assert!(c.usage_based && c.monthly_cost.is_none() && c.price == d("0.4"));
        let std = queue("us-east-1", json!({}), json!({"monthly_requests": 10000000}));
        // 10M * 0.0000004 = 4.
        assert_eq!(monthly(comp(&std, None, "Requests")), d("4"));
        let fifo = queue("us-east-1", json!({"name": "q.fifo", "fifo_queue": true}), json!({"monthly_requests": 10000000}));
        // 10M * 0.0000005 = 5.
        assert_eq!(monthly(comp(&fifo, None, "Requests")), d("5"));
    }

    #[test]
    fn large_requests_bill_in_64_kb_chunks() {
        let r = queue("us-east-1", json!({}), json!({"monthly_requests": 1000000, "request_size_kb": 100}));
        // 100 KB = 2 chunks: 2M * 0.0000004 = 0.8.
        let c = comp(&r, None, "Requests");
        assert_eq!((c.monthly_quantity, monthly(c)), (Some(d("2")), d("0.8")));
        assert_eq!(super::chunks(Some(d("1"))), d("1"));
        assert_eq!(super::chunks(Some(d("256"))), d("4"));
    }

    #[test]
    fn other_regions_are_not_in_the_catalog() {
        let r = queue("eu-west-1", json!({}), json!({"monthly_requests": 1000000}));
        let c = comp(&r, None, "Requests");
        assert_eq!(
            c.price_not_found_reason.as_deref(),
            Some("the price catalog has no sqs prices for region eu-west-1 (it covers us-east-1 only)")
        );
        assert_eq!(c.monthly_quantity, Some(d("1")));
    }
}
