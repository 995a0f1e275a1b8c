//! `aws_s3_bucket_lifecycle_configuration` (the 4.x separate resource): `rule { id,
//! status, filter { prefix, tag, and, object_size_* }, expiration, transition,
//! noncurrent_version_expiration, noncurrent_version_transition,
//! abort_incomplete_multipart_upload }`. The whole configuration is written at once.

use std::collections::BTreeMap;

use async_trait::async_trait;
use aws_sdk_s3::types::{
    AbortIncompleteMultipartUpload, BucketLifecycleConfiguration, ExpirationStatus, LifecycleExpiration, LifecycleRule, LifecycleRuleAndOperator, LifecycleRuleFilter,
    NoncurrentVersionExpiration, NoncurrentVersionTransition, Tag, Transition, TransitionStorageClass,
};
use aws_smithy_types::date_time::Format;
use terrace_provider::{Attribute, Block, Diags, Type, Value};

use super::s3_bucket::{date_of, get_lifecycle};
use super::s3_common::{self as common, build_err, first_block, get_i32, items, list_block, obj, opt_i32, set_block};
use crate::attrs::{b, get_blocks, get_bool, get_i64, get_map, get_str, get_string, opt_n, opt_s, s, Attrs};
use crate::errors::{diag, is_not_found};
use crate::resource::{AwsResource, Ctx};

pub struct S3BucketLifecycle;

const WHAT: &str = "putting S3 Bucket Lifecycle Configuration";

#[async_trait]
impl AwsResource for S3BucketLifecycle {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket_lifecycle_configuration"
    }
    fn schema(&self) -> Block {
        let n = || Attribute::optional(Type::Number);
        let st = || Attribute::optional(Type::String);
        let and = Block::new().attr("object_size_greater_than", n()).attr("object_size_less_than", n()).attr("prefix", st()).attr("tags", Attribute::optional(Type::map(Type::String)));
        let tag = Block::new().attr("key", Attribute::required(Type::String)).attr("value", Attribute::required(Type::String));
        let filter = Block::new()
            .attr("object_size_greater_than", n())
            .attr("object_size_less_than", n())
            .attr("prefix", st())
            .block("tag", list_block(tag, 0, 1))
            .block("and", list_block(and, 0, 1));
        let rule = Block::new()
            .attr("id", Attribute::required(Type::String))
            .attr("status", Attribute::required(Type::String))
            .attr("prefix", st())
            .block("abort_incomplete_multipart_upload", list_block(Block::new().attr("days_after_initiation", n()), 0, 1))
            .block("expiration", list_block(Block::new().attr("date", st()).attr("days", n()).attr("expired_object_delete_marker", Attribute::optional_computed(Type::Bool)), 0, 1))
            .block("filter", list_block(filter, 0, 1))
            .block("noncurrent_version_expiration", list_block(Block::new().attr("newer_noncurrent_versions", n()).attr("noncurrent_days", n()), 0, 1))
            .block("noncurrent_version_transition", set_block(Block::new().attr("newer_noncurrent_versions", n()).attr("noncurrent_days", n()).attr("storage_class", Attribute::required(Type::String)), 0))
            .block("transition", set_block(Block::new().attr("date", st()).attr("days", n()).attr("storage_class", Attribute::required(Type::String)), 0));
        Block::new().attr("bucket", Attribute::required(Type::String).force_new()).block("rule", list_block(rule, 1, 0))
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let bucket = get_string(p, "bucket").unwrap_or_default();
        put(ctx, &bucket, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&bucket));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(bucket) = get_string(state, "id") else { return Ok(None) };
        let rules = match ctx.clients.s3.head_bucket().bucket(&bucket).send().await {
            Ok(_) => get_lifecycle(ctx, &bucket).await?,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading S3 Bucket Lifecycle Configuration", &e)]),
        };
        if rules.is_empty() {
            return Ok(None);
        }
        let prior: BTreeMap<String, Attrs> = get_blocks(state, "rule").into_iter().filter_map(|r| Some((get_string(&r, "id")?, r))).collect();
        let out = rules.iter().map(|r| rule_value(r, r.id().and_then(|id| prior.get(id)))).collect();
        let mut a = state.clone();
        a.insert("id".into(), s(&bucket));
        a.insert("bucket".into(), s(&bucket));
        a.insert("rule".into(), items(out));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let bucket = get_string(prior, "id").unwrap_or_default();
        put(ctx, &bucket, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&bucket));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(bucket) = get_string(state, "id") else { return Ok(()) };
        match ctx.clients.s3.delete_bucket_lifecycle().bucket(&bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(vec![diag("deleting S3 Bucket Lifecycle Configuration", &e)]),
        }
    }
}

fn tags_of(m: &BTreeMap<String, String>) -> Result<Vec<Tag>, Diags> {
    common::to_sdk(m).map_err(|e| build_err(WHAT, e))
}

fn filter_of(r: &Attrs) -> Result<LifecycleRuleFilter, Diags> {
    let Some(f) = first_block(r, "filter") else {
        return Ok(LifecycleRuleFilter::builder().prefix(get_string(r, "prefix").unwrap_or_default()).build());
    };
    let mut out = LifecycleRuleFilter::builder();
    if let Some(and) = first_block(&f, "and") {
        let a = LifecycleRuleAndOperator::builder()
            .set_prefix(get_string(&and, "prefix"))
            .set_tags(Some(tags_of(&get_map(&and, "tags"))?))
            .set_object_size_greater_than(get_i64(&and, "object_size_greater_than").filter(|x| *x > 0))
            .set_object_size_less_than(get_i64(&and, "object_size_less_than").filter(|x| *x > 0))
            .build();
        return Ok(out.and(a).build());
    }
    if let Some(t) = first_block(&f, "tag") {
        let tag = Tag::builder().key(get_str(&t, "key").unwrap_or_default()).value(get_str(&t, "value").unwrap_or_default()).build().map_err(|e| build_err(WHAT, e))?;
        return Ok(out.tag(tag).build());
    }
    if let Some(x) = get_i64(&f, "object_size_greater_than").filter(|x| *x > 0) {
        out = out.object_size_greater_than(x);
    }
    if let Some(x) = get_i64(&f, "object_size_less_than").filter(|x| *x > 0) {
        out = out.object_size_less_than(x);
    }
    if let Some(p) = f.get("prefix").and_then(|v| v.as_str()) {
        out = out.prefix(p);
    }
    Ok(out.build())
}

fn sdk_rule(r: &Attrs) -> Result<LifecycleRule, Diags> {
    let mut rule = LifecycleRule::builder()
        .set_id(get_string(r, "id"))
        .status(ExpirationStatus::from(get_str(r, "status").unwrap_or("Enabled")))
        .filter(filter_of(r)?);
    if let Some(a) = first_block(r, "abort_incomplete_multipart_upload") {
        rule = rule.abort_incomplete_multipart_upload(AbortIncompleteMultipartUpload::builder().set_days_after_initiation(get_i32(&a, "days_after_initiation")).build());
    }
    if let Some(e) = first_block(r, "expiration") {
        let mut x = LifecycleExpiration::builder().set_days(get_i32(&e, "days"));
        if let Some(d) = get_str(&e, "date") {
            x = x.date(date_of(d)?);
        }
        if get_bool(&e, "expired_object_delete_marker") == Some(true) {
            x = x.expired_object_delete_marker(true);
        }
        rule = rule.expiration(x.build());
    }
    for t in get_blocks(r, "transition") {
        let mut x = Transition::builder().set_days(get_i64(&t, "days").and_then(|d| i32::try_from(d).ok())).set_storage_class(get_str(&t, "storage_class").map(TransitionStorageClass::from));
        if let Some(d) = get_str(&t, "date") {
            x = x.date(date_of(d)?);
        }
        rule = rule.transitions(x.build());
    }
    if let Some(e) = first_block(r, "noncurrent_version_expiration") {
        rule = rule.noncurrent_version_expiration(
            NoncurrentVersionExpiration::builder().set_noncurrent_days(get_i32(&e, "noncurrent_days")).set_newer_noncurrent_versions(get_i32(&e, "newer_noncurrent_versions")).build(),
        );
    }
    for t in get_blocks(r, "noncurrent_version_transition") {
        rule = rule.noncurrent_version_transitions(
            NoncurrentVersionTransition::builder()
                .set_noncurrent_days(get_i32(&t, "noncurrent_days"))
                .set_newer_noncurrent_versions(get_i32(&t, "newer_noncurrent_versions"))
                .set_storage_class(get_str(&t, "storage_class").map(TransitionStorageClass::from))
                .build(),
        );
    }
    rule.build().map_err(|e| build_err(WHAT, e))
}

async fn put(ctx: &Ctx<'_>, bucket: &str, p: &Attrs) -> Result<(), Diags> {
    let rules = get_blocks(p, "rule").iter().map(sdk_rule).collect::<Result<Vec<_>, _>>()?;
    let conf = BucketLifecycleConfiguration::builder().set_rules(Some(rules)).build().map_err(|e| build_err(WHAT, e))?;
    ctx.clients.s3.put_bucket_lifecycle_configuration().bucket(bucket).lifecycle_configuration(conf).send().await.map_err(|e| vec![diag(WHAT, &e)])?;
    Ok(())
}

fn date(d: Option<&aws_smithy_types::DateTime>) -> Value {
    opt_s(d.and_then(|d| d.fmt(Format::DateTime).ok()))
}

/// One rule as state, shaped like the prior rule where AWS's answer allows either form
/// (a rule-level prefix or a filter, unset or empty prefixes).
fn rule_value(r: &LifecycleRule, prior: Option<&Attrs>) -> Value {
    let prior_filter = prior.and_then(|p| first_block(p, "filter"));
    let f = r.filter();
    let trivial = f.is_none_or(|f| f.tag().is_none() && f.and().is_none() && f.object_size_greater_than().is_none() && f.object_size_less_than().is_none());
    let fprefix = f.and_then(|f| f.prefix()).map(str::to_string);
    let (rule_prefix, filter) = if trivial && prior.is_some() && prior_filter.is_none() {
        (opt_s(fprefix.filter(|p| !p.is_empty())), items(Vec::new()))
    } else {
        let prior_prefix_null = prior_filter.as_ref().is_none_or(|pf| pf.get("prefix").is_none_or(|v| v.is_null()));
        let prefix = match fprefix {
            Some(p) if p.is_empty() && prior_prefix_null => Value::null(Type::String),
            other => opt_s(other),
        };
        let tag = f.and_then(|f| f.tag()).map(|t| obj([("key", s(t.key())), ("value", s(t.value()))]));
        let and = f.and_then(|f| f.and()).map(|a| {
            let tags: BTreeMap<String, String> = a.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect();
            obj([
                ("object_size_greater_than", opt_n(a.object_size_greater_than())),
                ("object_size_less_than", opt_n(a.object_size_less_than())),
                ("prefix", opt_s(a.prefix())),
                ("tags", if tags.is_empty() { Value::null(Type::map(Type::String)) } else { crate::attrs::string_map(&tags) }),
            ])
        });
        let filter = obj([
            ("object_size_greater_than", opt_n(f.and_then(|f| f.object_size_greater_than()))),
            ("object_size_less_than", opt_n(f.and_then(|f| f.object_size_less_than()))),
            ("prefix", prefix),
            ("tag", items(tag.into_iter().collect())),
            ("and", items(and.into_iter().collect())),
        ]);
        (prior.and_then(|p| p.get("prefix").cloned()).unwrap_or_else(|| Value::null(Type::String)), items(vec![filter]))
    };
    let expiration = r.expiration().map(|e| {
        obj([("date", date(e.date())), ("days", opt_i32(e.days())), ("expired_object_delete_marker", b(e.expired_object_delete_marker().unwrap_or(false)))])
    });
    let transitions = r.transitions().iter().map(|t| obj([("date", date(t.date())), ("days", opt_i32(t.days())), ("storage_class", opt_s(t.storage_class().map(|c| c.as_str())))])).collect();
    let nve = r.noncurrent_version_expiration().map(|e| obj([("newer_noncurrent_versions", opt_i32(e.newer_noncurrent_versions())), ("noncurrent_days", opt_i32(e.noncurrent_days()))]));
    let nvt = r
        .noncurrent_version_transitions()
        .iter()
        .map(|t| obj([("newer_noncurrent_versions", opt_i32(t.newer_noncurrent_versions())), ("noncurrent_days", opt_i32(t.noncurrent_days())), ("storage_class", opt_s(t.storage_class().map(|c| c.as_str())))]))
        .collect();
    let abort = r.abort_incomplete_multipart_upload().map(|a| obj([("days_after_initiation", opt_i32(a.days_after_initiation()))]));
    obj([
        ("id", opt_s(r.id())),
        ("status", s(r.status().as_str())),
        ("prefix", rule_prefix),
        ("filter", filter),
        ("expiration", items(expiration.into_iter().collect())),
        ("transition", items(transitions)),
        ("noncurrent_version_expiration", items(nve.into_iter().collect())),
        ("noncurrent_version_transition", items(nvt)),
        ("abort_incomplete_multipart_upload", items(abort.into_iter().collect())),
    ])
}
