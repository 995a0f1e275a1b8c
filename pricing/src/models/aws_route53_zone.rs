//! `aws_route53_zone`: a Route 53 hosted zone (public or private).
//!
//! Prices: "Hosted zone" per month at the price of the first 25 zones of an account (the
//! catalog's first tier; zones beyond 25 cost less, but one resource cannot know how many
//! zones the account has). Route 53 prices are global.
//!
//! Not priced: records beyond 10,000 in a zone. Queries are priced on the
//! `aws_route53_record` resources.
//!
//! Usage keys: none.

use rust_decimal::Decimal;

use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &[];

pub fn price(_r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    // The catalog's first tier: the first 25 hosted zones.
    let q = Query::new("route53", "global", "hosted_zone").family("hosted_zone");
    out.components.push(ctx.monthly("Hosted zone", "months", Decimal::ONE, &q));
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    #[test]
    fn a_zone_costs_the_first_tier_price_in_any_region() {
        for region in ["us-east-1", "eu-west-1"] {
            let r = price("aws_route53_zone", region, json!({"name": "example.com"}), Value::Null);
            assert_eq!(names(&r), ["Hosted zone"]);
            // First 25 zones: 0.50 a month.
            let c = comp(&r, None, "Hosted zone");
            assert_eq!((c.monthly_quantity, monthly(c)), (Some(d("1")), d("0.5")));
            assert!(!c.usage_based);
        }
        let private = price("aws_route53_zone", "us-east-1", json!({"name": "internal", "vpc": [{"vpc_id": "vpc-1"}]}), Value::Null);
        assert_eq!(private.monthly_cost, Some(d("0.5")));
    }
}
