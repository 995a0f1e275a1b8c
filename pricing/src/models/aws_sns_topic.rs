//! `aws_sns_topic`: an SNS topic's publishes and notification deliveries.
//!
//! Prices (usage-based): "API requests" per 1M publishes, each 64 KB chunk of a request
//! billed as one (`request_size_kb`, 64 KB when not given). For every kind of subscription
//! whose count is given, the notifications delivered (subscriptions x billed requests):
//! "HTTP/HTTPS notifications (over 100k)", "Email/Email-JSON notifications (over 1k)",
//! "Kinesis Firehose notifications", "Mobile Push notifications", "MacOS notifications"
//! and "SMS notifications", as infracost names them. The free deliveries (100k HTTP, 1k
//! email) come from the catalog's zero-priced tiers and are subtracted; the account-wide
//! free tier of 1M publishes is not. SMS prices depend on the destination country: the
//! catalog has none, so SMS notifications are priced only with `sms_notification_price`.
//!
//! FIFO topics (`fifo_topic = true`): "API requests" at the FIFO price and "Publish
//! payload" in GB (requests x `request_size_kb`). Deliveries to SQS and Lambda are free;
//! FIFO subscription deliveries are not priced.
//!
//! Usage keys (infracost's): `monthly_requests`, `request_size_kb`, `http_subscriptions`,
//! `email_subscriptions`, `kinesis_subscriptions`, `mobile_push_subscriptions`,
//! `macos_subscriptions`, `sms_subscriptions`, `sms_notification_price`.

use rust_decimal::Decimal;

use super::aws_sqs_queue::chunks;
use super::managed_common::{component_from_row, short_count, usage_not_found, usage_per};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &[
    "monthly_requests",
    "request_size_kb",
    "http_subscriptions",
    "email_subscriptions",
    "kinesis_subscriptions",
    "mobile_push_subscriptions",
    "macos_subscriptions",
    "sms_subscriptions",
    "sms_notification_price",
];

/// A kind of subscription: its usage key, component name, shown unit and catalog item.
struct Kind {
    key: &'static str,
    name: &'static str,
    unit: &'static str,
    per: i64,
    resource: &'static str,
}

const KINDS: &[Kind] = &[
    Kind { key: "http_subscriptions", name: "HTTP/HTTPS notifications", unit: "100k notifications", per: 100_000, resource: "http_https" },
    Kind { key: "email_subscriptions", name: "Email/Email-JSON notifications", unit: "100k notifications", per: 100_000, resource: "email" },
    Kind { key: "kinesis_subscriptions", name: "Kinesis Firehose notifications", unit: "1M notifications", per: 1_000_000, resource: "firehose" },
    Kind {
        key: "mobile_push_subscriptions",
        name: "Mobile Push notifications",
        unit: "1M notifications",
        per: 1_000_000,
        resource: "mobile_push:Apple Push Notification Service APNS iOS",
    },
    Kind {
        key: "macos_subscriptions",
        name: "MacOS notifications",
        unit: "1M notifications",
        per: 1_000_000,
        resource: "mobile_push:Apple Push Notification Service APNS Mac OS",
    },
];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let region = r.region.as_str();
    let size_kb = ctx.usage.num("request_size_kb");
    let requests = ctx.usage.num("monthly_requests").map(|n| n * chunks(size_kb));
    let fifo = r.attrs().bool("fifo_topic") == Some(true);
    let publish = if fifo { "publish_api_request:fifo" } else { "publish_api_request:standard" };
    let q = Query::new("sns", region, publish).family("requests");
    out.components.push(usage_per(ctx, "API requests", "1M requests", 1_000_000, requests, &q));
    if fifo {
        // GB of payload: requests x KB each, 1,048,576 KB to the GB.
        let gb = ctx.usage.num("monthly_requests").zip(size_kb).map(|(n, kb)| n * kb / Decimal::from(1_048_576));
        let q = Query::new("sns", region, "publish_payload:fifo").family("payload");
        out.components.push(usage_per(ctx, "Publish payload", "GB", 1, gb, &q));
        return;
    }
    for kind in KINDS {
        if let Some(subs) = ctx.usage.num(kind.key) {
            out.components.push(notifications(ctx, region, kind, subs, requests));
        }
    }
    if let Some(subs) = ctx.usage.num("sms_subscriptions") {
        let qty = requests.map(|n| n * subs);
        let c = match ctx.usage.num("sms_notification_price") {
            // The user's own price per notification, not the catalog's.
            Some(price) => CostComponent {
                name: "SMS notifications".into(),
                unit: "100 notifications".into(),
                unit_multiplier: Decimal::ONE,
                hourly_quantity: None,
                monthly_quantity: qty,
                price,
                usage_based: true,
                price_not_found: None,
                price_source: None,
            },
            None => usage_not_found(
                "SMS notifications",
                "100 notifications",
                qty,
                "the price catalog has no SMS prices (they depend on the destination country); give sms_notification_price",
            ),
        };
        out.components.push(c.per("100 notifications", Decimal::from(100)));
    }
}

/// Notifications delivered to `subs` subscriptions of one kind, less the free deliveries
/// the catalog lists as a zero-priced tier.
fn notifications(ctx: &Ctx, region: &str, kind: &Kind, subs: Decimal, requests: Option<Decimal>) -> CostComponent {
    let q = Query::new("sns", region, kind.resource).family("notifications");
    let per = Decimal::from(kind.per);
    let rows = match ctx.catalog.all(&q) {
        Ok(rows) => rows,
        Err(m) => return usage_not_found(kind.name, kind.unit, requests.map(|n| n * subs), m).per(kind.unit, per),
    };
    let free = rows.iter().filter(|r| r.is_tiered() && r.usd.is_zero()).find_map(|r| r.tier_end).unwrap_or_default();
    let Some(paid) = rows.iter().find(|r| !r.is_tiered()).or(rows.last()) else {
        return usage_not_found(kind.name, kind.unit, None, "the price catalog has no price for these notifications");
    };
    let name = if free.is_zero() { kind.name.to_string() } else { format!("{} (over {})", kind.name, short_count(free)) };
    let qty = requests.map(|n| (n * subs - free).max(Decimal::ZERO));
    component_from_row(name, kind.unit, paid, qty).per(kind.unit, per)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn topic(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_sns_topic", region, values, usage)
    }

    #[test]
    fn without_usage_only_api_requests() {
        let r = topic("us-east-1", json!({"name": "t"}), Value::Null);
        assert_eq!(names(&r), ["API requests"]);
        // 0.0000005 per publish, shown per 1M.
        assert_eq!(comp(&r, None, "API requests").price, d("0.5"));
        assert!(comp(&r, None, "API requests").monthly_cost.is_none());
    }

    #[test]
    fn notifications_less_their_free_deliveries() {
        let usage = json!({"monthly_requests": 2000000, "request_size_kb": 100, "http_subscriptions": 2, "email_subscriptions": 1,
            "kinesis_subscriptions": 1, "mobile_push_subscriptions": 1});
        let r = topic("us-east-1", json!({}), usage);
        assert_eq!(
            names(&r),
            [
                "API requests",
                "HTTP/HTTPS notifications (over 100k)",
                "Email/Email-JSON notifications (over 1k)",
                "Kinesis Firehose notifications",
                "Mobile Push notifications"
            ]
        );
        // 100 KB = 2 chunks: 4M billed publishes * 0.0000005 = 2.
        assert_eq!(monthly(comp(&r, None, "API requests")), d("2"));
        // HTTP: 2 * 4M - 100,000 = 7.9M * 0.0000006 = 4.74.
        let http = comp(&r, None, "HTTP/HTTPS notifications (over 100k)");
        assert_eq!((http.monthly_quantity, http.price, monthly(http)), (Some(d("79")), d("0.06"), d("4.74")));
        // Email: 4M - 1,000 = 3,999,000 * 0.00002 = 79.98.
        assert_eq!(monthly(comp(&r, None, "Email/Email-JSON notifications (over 1k)")), d("79.98"));
        // Firehose: 4M * 0.00000019 = 0.76; mobile push 4M * 0.0000005 = 2.
        assert_eq!(monthly(comp(&r, None, "Kinesis Firehose notifications")), d("0.76"));
        assert_eq!(monthly(comp(&r, None, "Mobile Push notifications")), d("2"));
        assert_eq!(r.monthly_cost, Some(d("89.48")));
    }

    #[test]
    fn within_the_free_deliveries_costs_nothing() {
        let r = topic("eu-west-1", json!({}), json!({"monthly_requests": 500, "email_subscriptions": 1}));
        let email = comp(&r, None, "Email/Email-JSON notifications (over 1k)");
        assert_eq!((email.monthly_quantity, email.monthly_cost), (Some(d("0")), Some(d("0"))));
    }

    #[test]
    fn sms_needs_a_price() {
        let without = topic("us-east-1", json!({}), json!({"monthly_requests": 1000, "sms_subscriptions": 1}));
        assert!(comp(&without, None, "SMS notifications").price_not_found);
        let with = topic("us-east-1", json!({}), json!({"monthly_requests": 1000, "sms_subscriptions": 2, "sms_notification_price": 0.0075}));
        // 2 * 1000 * 0.0075 = 15, shown as 20 x 100 notifications at 0.75.
        let sms = comp(&with, None, "SMS notifications");
        assert_eq!((sms.monthly_quantity, sms.price, monthly(sms)), (Some(d("20")), d("0.75"), d("15")));
    }

    #[test]
    fn fifo_topics_price_publishes_and_payload() {
        let r = topic("us-east-1", json!({"name": "t.fifo", "fifo_topic": true}), json!({"monthly_requests": 1000000, "request_size_kb": 10}));
        assert_eq!(names(&r), ["API requests", "Publish payload"]);
        // 1M * 0.0000003 = 0.3.
        assert_eq!(monthly(comp(&r, None, "API requests")), d("0.3"));
        // 1M * 10 KB = 10,000,000 KB / 1,048,576 = 9.5367431640625 GB * 0.017 = 0.1621246337890625.
        assert_eq!(monthly(comp(&r, None, "Publish payload")), d("0.1621246337890625"));
        let nowhere = topic("xx-nowhere-1", json!({}), json!({"monthly_requests": 1, "http_subscriptions": 1}));
        assert!(comp(&nowhere, None, "HTTP/HTTPS notifications").price_not_found);
    }
}
