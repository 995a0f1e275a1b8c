//! `aws_kms_key`: a KMS customer managed key and the requests made with it.
//!
//! Prices: "Customer master key" per month, as infracost names it, and requests per 10k
//! (usage-based) by key spec (`key_spec`, or the older `customer_master_key_spec`; default
//! SYMMETRIC_DEFAULT): "Requests" for symmetric and HMAC keys, with "ECC
//! GenerateDataKeyPair requests" and "RSA GenerateDataKeyPair requests" for the data key
//! pairs such keys generate; "Requests (RSA 2048)" for RSA_2048 keys; "Requests
//! (asymmetric)" for other asymmetric keys.
//!
//! Not priced: the monthly charge for the first two rotations of keys with
//! `enable_key_rotation` (the catalog has no rotation price), keys in custom key stores
//! (CloudHSM is billed separately), and the free tier (20,000 requests a month per
//! account). Multi-Region replicas are their own resource type.
//!
//! Usage keys: `monthly_requests`; for symmetric keys also
//! `monthly_ecc_generate_data_key_pair_requests` and
//! `monthly_rsa_generate_data_key_pair_requests`.

use rust_decimal::Decimal;

use super::managed_common::usage_per;
use crate::catalog::Query;
use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] =
    &["monthly_requests", "monthly_ecc_generate_data_key_pair_requests", "monthly_rsa_generate_data_key_pair_requests"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let key = Query::new("kms", region, "customer_managed_key").family("keys");
    out.components.push(ctx.monthly("Customer master key", "months", Decimal::ONE, &key));

    let spec = a.str("key_spec").or_else(|| a.str("customer_master_key_spec")).unwrap_or("SYMMETRIC_DEFAULT");
    let requests = |name: &str, usage_key: &str, resource: &str| {
        let q = Query::new("kms", region, resource).family("requests");
        usage_per(ctx, name, "10k requests", 10_000, ctx.usage.num(usage_key), &q)
    };
    if spec == "RSA_2048" {
        out.components.push(requests("Requests (RSA 2048)", "monthly_requests", "asymmetric_request:RSA_2048"));
    } else if spec == "SYMMETRIC_DEFAULT" || spec.starts_with("HMAC_") {
        out.components.push(requests("Requests", "monthly_requests", "symmetric_request"));
        out.components.push(requests(
            "ECC GenerateDataKeyPair requests",
            "monthly_ecc_generate_data_key_pair_requests",
            "GenerateDataKeyPair:ECC",
        ));
        out.components.push(requests(
            "RSA GenerateDataKeyPair requests",
            "monthly_rsa_generate_data_key_pair_requests",
            "GenerateDataKeyPair:RSA",
        ));
    } else {
        out.components.push(requests("Requests (asymmetric)", "monthly_requests", "asymmetric_request:other"));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn key(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_kms_key", region, values, usage)
    }

    #[test]
    fn symmetric_by_default() {
        let r = key("us-east-1", json!({"description": "k"}), Value::Null);
        assert_eq!(names(&r), ["Customer master key", "Requests", "ECC GenerateDataKeyPair requests", "RSA GenerateDataKeyPair requests"]);
        // 1.00 a month; requests 0.000003 each, shown per 10k at 0.03.
        assert_eq!(r.monthly_cost, Some(d("1")));
        assert_eq!(comp(&r, None, "Requests").price, d("0.03"));
        // RSA key pairs: 0.0012 each = 12 per 10k.
        assert_eq!(comp(&r, None, "RSA GenerateDataKeyPair requests").price, d("12"));
    }

    #[test]
    fn requests_from_usage() {
        let r = key("eu-west-1", json!({"key_spec": "SYMMETRIC_DEFAULT"}), json!({"monthly_requests": 1000000, "monthly_ecc_generate_data_key_pair_requests": 10000}));
        // 1M * 0.000003 = 3; 10k * 0.00001 = 0.1; key 1.
        assert_eq!(monthly(comp(&r, None, "Requests")), d("3"));
        assert_eq!(monthly(comp(&r, None, "ECC GenerateDataKeyPair requests")), d("0.1"));
        assert_eq!(r.monthly_cost, Some(d("4.1")));
    }

    #[test]
    fn asymmetric_specs() {
        let rsa = key("us-east-1", json!({"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"}), json!({"monthly_requests": 100000}));
        assert_eq!(names(&rsa), ["Customer master key", "Requests (RSA 2048)"]);
        // 100k * 0.000003 = 0.3.
        assert_eq!(monthly(comp(&rsa, None, "Requests (RSA 2048)")), d("0.3"));
        let ecc = key("us-east-1", json!({"key_spec": "ECC_NIST_P256", "key_usage": "SIGN_VERIFY"}), json!({"monthly_requests": 100000}));
        // 100k * 0.000015 = 1.5.
        assert_eq!(monthly(comp(&ecc, None, "Requests (asymmetric)")), d("1.5"));
        let hmac = key("us-east-1", json!({"key_spec": "HMAC_256", "key_usage": "GENERATE_VERIFY_MAC"}), Value::Null);
        assert!(names(&hmac).contains(&"Requests"));
        let nowhere = key("xx-nowhere-1", json!({}), Value::Null);
        assert!(comp(&nowhere, None, "Customer master key").price_not_found);
    }
}
