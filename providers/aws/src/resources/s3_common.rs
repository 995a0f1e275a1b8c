//! What the S3 resources share: the bucket-level tag set, policies compared by meaning
//! (whitespace, key order, array order and `"x"` vs `["x"]` do not count), region
//! facts (hosted zone IDs, domain names), and errors of request builders.

use std::collections::BTreeMap;

use aws_sdk_s3::types::{Tag, Tagging};
use aws_smithy_types::error::operation::BuildError;
use terrace_provider::{Diag, Diags, Value};

use crate::attrs::{get_str, s, Attrs};
use crate::errors::{code, diag};
use crate::resource::Ctx;

/// A request that could not be built (a required field missing).
pub fn build_err(what: &str, e: BuildError) -> Diags {
    vec![Diag::error(format!("{what}: invalid request"), e.to_string())]
}

/// The bucket's tags (none when it has no tag set).
pub async fn get_tags(ctx: &Ctx<'_>, bucket: &str) -> Result<BTreeMap<String, String>, Diags> {
    match ctx.clients.s3.get_bucket_tagging().bucket(bucket).send().await {
        Ok(o) => Ok(o.tag_set().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect()),
        Err(e) if code(&e).as_deref() == Some("NoSuchTagSet") => Ok(BTreeMap::new()),
        Err(e) => Err(vec![diag("reading S3 Bucket tags", &e)]),
    }
}

/// Replaces the bucket's tag set (S3 has no per-key tag calls); an empty set deletes it.
pub async fn put_tags(ctx: &Ctx<'_>, bucket: &str, tags: &BTreeMap<String, String>) -> Result<(), Diags> {
    let s3 = &ctx.clients.s3;
    if tags.is_empty() {
        s3.delete_bucket_tagging().bucket(bucket).send().await.map_err(|e| vec![diag("deleting S3 Bucket tags", &e)])?;
        return Ok(());
    }
    let set = to_sdk(tags).map_err(|e| build_err("tagging S3 Bucket", e))?;
    let tagging = Tagging::builder().set_tag_set(Some(set)).build().map_err(|e| build_err("tagging S3 Bucket", e))?;
    s3.put_bucket_tagging().bucket(bucket).tagging(tagging).send().await.map_err(|e| vec![diag("tagging S3 Bucket", &e)])?;
    Ok(())
}

pub fn to_sdk(tags: &BTreeMap<String, String>) -> Result<Vec<Tag>, BuildError> {
    tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()
}

/// The tags to write when ignore_tags keys must be kept as AWS has them.
pub fn with_ignored(ctx: &Ctx<'_>, want: BTreeMap<String, String>, aws: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = want;
    for (k, v) in aws {
        if ctx.config().ignores_tag(k) {
            out.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    out
}

/// Whether two IAM policy documents mean the same.
pub fn policies_equivalent(a: &str, b: &str) -> bool {
    match (serde_json::from_str::<serde_json::Value>(a), serde_json::from_str::<serde_json::Value>(b)) {
        (Ok(x), Ok(y)) => normalise(x) == normalise(y),
        _ => a.trim() == b.trim(),
    }
}

fn normalise(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Array(items) => {
            let mut items: Vec<J> = items.into_iter().map(normalise).collect();
            if items.len() == 1 {
                return items.remove(0);
            }
            items.sort_by_key(|x| x.to_string());
            J::Array(items)
        }
        J::Object(m) => J::Object(m.into_iter().map(|(k, v)| (k, normalise(v))).collect()),
        other => other,
    }
}

/// The policy to record: the prior text when AWS's (reformatted) policy means the same.
pub fn keep_policy(prior: &Attrs, key: &str, aws: Option<&str>) -> Value {
    match (get_str(prior, key), aws) {
        (Some(p), Some(a)) if policies_equivalent(p, a) => s(p),
        (_, Some(a)) if !a.is_empty() => s(a),
        _ => Value::null(terrace_provider::Type::String),
    }
}

/// In a plan: a configured policy equivalent to the prior one stays as the prior text.
pub fn plan_policy(prior: &Attrs, planned: &mut Attrs, key: &str) {
    if let (Some(p), Some(n)) = (get_str(prior, key), get_str(planned, key)) {
        if p != n && policies_equivalent(p, n) {
            planned.insert(key.into(), s(p));
        }
    }
}

/// The Route 53 hosted zone ID of S3 website endpoints in a region.
pub fn hosted_zone_id(region: &str) -> Option<&'static str> {
    Some(match region {
        "us-east-1" => "Z3AQBSTGFYJSTF",
        "us-east-2" => "Z2O1EMRO9K5GLX",
        "us-west-1" => "Z2F56UZL2M1ACD",
        "us-west-2" => "Z3BJ6K6RIION7M",
        "ca-central-1" => "Z1QDHH18159H29",
        "eu-west-1" => "Z1BKCTXD74EZPE",
        "eu-west-2" => "Z3GKZC51ZF0DB4",
        "eu-west-3" => "Z3R1K369G5AVDG",
        "eu-central-1" => "Z21DNDUVLTQW6Q",
        "eu-north-1" => "Z3BAZG2TWCNX0D",
        "eu-south-1" => "Z30OZKI7KPW7MI",
        "ap-south-1" => "Z11RGJOFQNVJUP",
        "ap-northeast-1" => "Z2M4EHUR26P7ZW",
        "ap-northeast-2" => "Z3W03O7B5YMIYP",
        "ap-northeast-3" => "Z2YQB5RD63NC85",
        "ap-southeast-1" => "Z3O0J2DXBE1FTB",
        "ap-southeast-2" => "Z1WCIGYICN2BYD",
        "ap-east-1" => "ZNB98KWMFR0R6",
        "sa-east-1" => "Z7KQH4QJS55SO",
        "me-south-1" => "Z1MPMWCPA7YB62",
        "af-south-1" => "Z83WF9RJE8B12",
        _ => return None,
    })
}

/// The region of a GetBucketLocation answer (none means us-east-1, `EU` eu-west-1).
pub fn location_region(loc: Option<&str>) -> String {
    match loc {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(r) => r.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_equivalence() {
        let a = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Principal":"*","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b"]}]}"#;
        let b = "{\n  \"Statement\": {\"Resource\": [\"arn:aws:s3:::b\", \"arn:aws:s3:::b/*\"], \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Effect\": \"Allow\"},\n  \"Version\": \"2012-10-17\"\n}";
        assert!(policies_equivalent(a, b));
        assert!(!policies_equivalent(a, &b.replace("GetObject", "PutObject")));
    }

    #[test]
    fn regions() {
        assert_eq!(location_region(None), "us-east-1");
        assert_eq!(location_region(Some("EU")), "eu-west-1");
        assert_eq!(hosted_zone_id("us-east-1"), Some("Z3AQBSTGFYJSTF"));
    }
}

/// A nested block of a list (`max` 0 for no limit).
pub fn list_block(block: terrace_provider::Block, min: usize, max: usize) -> terrace_provider::NestedBlock {
    terrace_provider::NestedBlock { nesting: terrace_provider::Nesting::List, block, min_items: min, max_items: max, force_new: false }
}

/// A nested block of a set.
pub fn set_block(block: terrace_provider::Block, min: usize) -> terrace_provider::NestedBlock {
    terrace_provider::NestedBlock { nesting: terrace_provider::Nesting::Set, block, min_items: min, max_items: 0, force_new: false }
}

/// An object built from pairs (nested block values; the driver conforms them).
pub fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// The items of a nested block, for the driver to conform.
pub fn items(v: Vec<Value>) -> Value {
    Value::tuple(v)
}

/// The first object of a nested block (list with at most one item).
pub fn first_block(a: &Attrs, k: &str) -> Option<Attrs> {
    crate::attrs::get_blocks(a, k).into_iter().next()
}

/// A positive number attribute as i32 (unset, zero or out of range: None).
pub fn get_i32(a: &Attrs, k: &str) -> Option<i32> {
    crate::attrs::get_i64(a, k).filter(|n| *n != 0).and_then(|n| i32::try_from(n).ok())
}

/// An i32 from AWS as a number value (None: null).
pub fn opt_i32(v: Option<i32>) -> Value {
    crate::attrs::opt_n(v.map(i64::from))
}

/// Whether an attribute differs between two objects (absent counts as null).
pub fn differs(a: &Attrs, b: &Attrs, k: &str) -> bool {
    let j = |x: &Attrs| x.get(k).filter(|v| !v.is_null()).map(|v| v.to_json()).unwrap_or_default();
    j(a) != j(b)
}

/// The body of a 200 answer the SDK could not parse (no AWS error code): some S3
/// emulators name the root element of GetBucketVersioning's answer differently.
pub fn unparsed_ok<E, R>(e: &aws_smithy_runtime_api::client::result::SdkError<E, R>) -> Option<String>
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata,
    R: RawBody,
{
    if code(e).is_some() {
        return None;
    }
    e.raw_response().and_then(|r| r.ok_body())
}

/// The text of `<tag>...</tag>` in an XML body.
pub fn xml_text(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let i = body.find(&open)? + open.len();
    let j = body[i..].find(&format!("</{tag}>"))? + i;
    Some(body[i..j].to_string())
}

/// The body of a raw response with status 200.
pub trait RawBody {
    fn ok_body(&self) -> Option<String>;
}

impl RawBody for aws_smithy_runtime_api::http::Response {
    fn ok_body(&self) -> Option<String> {
        if self.status().as_u16() != 200 {
            return None;
        }
        Some(self.body().bytes().map(|b| String::from_utf8_lossy(b).to_string()).unwrap_or_default())
    }
}
