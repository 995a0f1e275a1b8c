//! `aws_s3_object`: one object, from `content`, `content_base64` or a `source` file.
//! The etag (the MD5 of a single-part upload) is computed at plan time from what will be
//! uploaded, so a changed file or content shows as an in-place update; an object
//! changed outside Terrace reads back with another etag and is uploaded again.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{ObjectCannedAcl, ServerSideEncryption, StorageClass, Tagging};
use base64::Engine;
use md5::{Digest, Md5};
use terrace_provider::{Attribute, Block, Diag, Diags, Type, Value};

use super::ec2_tags;
use super::s3_common::{self as common, build_err};
use crate::attrs::{get_map, get_str, get_string, opt_s, s, string_map, Attrs};
use crate::config::AwsConfig;
use crate::errors::{diag, is_not_found};
use crate::resource::{default_if_unset, AwsResource, Ctx};

pub struct S3Object;

/// Arguments whose change uploads the object again.
const UPLOAD: [&str; 13] = [
    "content",
    "content_base64",
    "source",
    "content_type",
    "metadata",
    "storage_class",
    "cache_control",
    "content_disposition",
    "content_encoding",
    "content_language",
    "website_redirect",
    "server_side_encryption",
    "etag",
];

#[async_trait]
impl AwsResource for S3Object {
    fn type_name(&self) -> &'static str {
        "aws_s3_object"
    }
    fn schema(&self) -> Block {
        let o = || Attribute::optional(Type::String);
        Block::new()
            .attr("bucket", Attribute::required(Type::String).force_new())
            .attr("key", Attribute::required(Type::String).force_new())
            .attr("content", o())
            .attr("content_base64", o())
            .attr("source", o())
            .attr("content_type", Attribute::optional_computed(Type::String))
            .attr("acl", o())
            .attr("storage_class", Attribute::optional_computed(Type::String))
            .attr("server_side_encryption", Attribute::optional_computed(Type::String))
            .attr("metadata", Attribute::optional(Type::map(Type::String)))
            .attr("cache_control", o())
            .attr("content_disposition", o())
            .attr("content_encoding", o())
            .attr("content_language", o())
            .attr("website_redirect", o())
            .attr("etag", Attribute::optional_computed(Type::String))
            .attr("version_id", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn plan(&self, _cfg: &AwsConfig, prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        default_if_unset(planned, config, "acl", s("private"));
        default_if_unset(planned, config, "storage_class", s("STANDARD"));
        // The etag of what will be uploaded, when it is known now.
        if config.get("etag").is_none_or(|v| v.is_null()) {
            let sources_known = ["content", "content_base64", "source"].iter().all(|k| planned.get(*k).is_none_or(|v| v.is_known()));
            let etag = if sources_known { body(planned).ok().map(|b| hex::encode(Md5::digest(&b))) } else { None };
            planned.insert("etag".into(), etag.map(s).unwrap_or_else(|| Value::unknown(Type::String)));
        }
        if prior.is_empty() {
            return;
        }
        let changed = UPLOAD.iter().any(|k| !same(prior.get(*k), planned.get(*k)));
        if changed {
            planned.insert("version_id".into(), Value::unknown(Type::String));
            if config.get("content_type").is_none_or(|v| v.is_null()) && !same(prior.get("source"), planned.get("source")) {
                planned.insert("content_type".into(), Value::unknown(Type::String));
            }
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        upload(ctx, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(get_str(p, "key").unwrap_or_default()));
        match self.read(ctx, &st).await? {
            Some(a) => Ok(a),
            None => Err(vec![Diag::error("S3 Object vanished after upload", "The object was uploaded but can no longer be found.")]),
        }
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let (Some(bucket), Some(key)) = (get_string(state, "bucket"), get_string(state, "key").or_else(|| get_string(state, "id"))) else { return Ok(None) };
        let s3 = &ctx.clients.s3;
        let h = match s3.head_object().bucket(&bucket).key(&key).send().await {
            Ok(h) => h,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading S3 Object", &e)]),
        };
        let mut a = state.clone();
        a.insert("id".into(), s(&key));
        a.insert("bucket".into(), s(&bucket));
        a.insert("key".into(), s(&key));
        a.insert("etag".into(), opt_s(h.e_tag().map(|e| e.trim_matches('"').to_string())));
        a.insert("content_type".into(), opt_s(h.content_type()));
        a.insert("version_id".into(), opt_s(h.version_id().filter(|v| *v != "null")));
        a.insert("storage_class".into(), s(h.storage_class().map(|c| c.as_str()).unwrap_or("STANDARD")));
        if h.server_side_encryption().is_some() || a.get("server_side_encryption").is_none_or(|v| !v.is_known()) {
            a.insert("server_side_encryption".into(), opt_s(h.server_side_encryption().map(|x| x.as_str())));
        }
        for (k, v) in [
            ("cache_control", h.cache_control()),
            ("content_disposition", h.content_disposition()),
            ("content_encoding", h.content_encoding()),
            ("content_language", h.content_language()),
            ("website_redirect", h.website_redirect_location()),
        ] {
            a.insert(k.into(), opt_s(v));
        }
        let meta: std::collections::BTreeMap<String, String> = h.metadata().map(|m| m.iter().map(|(k, v)| (k.to_lowercase(), v.clone())).collect()).unwrap_or_default();
        let prior_meta_set = state.get("metadata").is_some_and(|m| !m.is_null());
        a.insert("metadata".into(), if meta.is_empty() && !prior_meta_set { Value::null(Type::map(Type::String)) } else { string_map(&meta) });
        if a.get("acl").is_none_or(|v| v.is_null()) {
            a.insert("acl".into(), s("private"));
        }
        let tags = match s3.get_object_tagging().bucket(&bucket).key(&key).send().await {
            Ok(t) => t.tag_set().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect(),
            Err(e) => return Err(vec![diag("reading S3 Object tags", &e)]),
        };
        ec2_tags::set_from_aws(ctx, &mut a, state, &tags);
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let (bucket, key) = (get_str(p, "bucket").unwrap_or_default(), get_str(p, "key").unwrap_or_default());
        let s3 = &ctx.clients.s3;
        if UPLOAD.iter().any(|k| !same(prior.get(*k), p.get(*k))) {
            upload(ctx, p).await?;
        } else {
            if get_str(p, "acl") != get_str(prior, "acl") {
                if let Some(acl) = get_str(p, "acl") {
                    s3.put_object_acl().bucket(bucket).key(key).acl(ObjectCannedAcl::from(acl)).send().await.map_err(|e| vec![diag("updating S3 Object ACL", &e)])?;
                }
            }
            if get_map(prior, "tags_all") != ctx.all_tags(p) {
                let tags = common::to_sdk(&ctx.all_tags(p)).map_err(|e| build_err("tagging S3 Object", e))?;
                let tagging = Tagging::builder().set_tag_set(Some(tags)).build().map_err(|e| build_err("tagging S3 Object", e))?;
                s3.put_object_tagging().bucket(bucket).key(key).tagging(tagging).send().await.map_err(|e| vec![diag("tagging S3 Object", &e)])?;
            }
        }
        let mut st = p.clone();
        st.insert("id".into(), s(key));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let (Some(bucket), Some(key)) = (get_str(state, "bucket"), get_str(state, "key")) else { return Ok(()) };
        // In a versioned bucket the object goes with all its versions, as in Terraform's
        // provider (a plain delete would only add a delete marker).
        if get_str(state, "version_id").is_some_and(|v| !v.is_empty() && v != "null") {
            return super::s3_bucket::delete_versions(ctx, bucket, Some(key)).await;
        }
        match ctx.clients.s3.delete_object().bucket(bucket).key(key).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(vec![diag("deleting S3 Object", &e)]),
        }
    }
    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Option<Attrs>, Diags> {
        // `bucket/key`, as Terraform takes it.
        let Some((bucket, key)) = id.split_once('/') else {
            return Err(vec![Diag::error("Invalid import ID", format!("{id:?}: an S3 object is imported as BUCKET/KEY."))]);
        };
        let mut a = Attrs::new();
        a.insert("bucket".into(), s(bucket));
        a.insert("key".into(), s(key));
        self.read(ctx, &a).await
    }
}

/// `aws_s3_bucket_object`: the 3.x provider's name for the same resource as `aws_s3_object`.
pub struct S3BucketObject;

#[async_trait]
impl AwsResource for S3BucketObject {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket_object"
    }
    fn schema(&self) -> Block {
        S3Object.schema()
    }
    fn taggable(&self) -> bool {
        S3Object.taggable()
    }
    fn plan(&self, cfg: &AwsConfig, prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        S3Object.plan(cfg, prior, planned, config)
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        S3Object.create(ctx, p).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        S3Object.read(ctx, state).await
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        S3Object.update(ctx, prior, p).await
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        S3Object.delete(ctx, state).await
    }
    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Option<Attrs>, Diags> {
        S3Object.import(ctx, id).await
    }
}

fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    let null = Value::null(Type::String);
    let (a, b) = (a.unwrap_or(&null), b.unwrap_or(&null));
    (a.is_null() && b.is_null()) || terrace_provider::plan::same(a, b)
}

/// The bytes to upload.
fn body(p: &Attrs) -> Result<Vec<u8>, Diags> {
    if let Some(path) = get_str(p, "source") {
        return std::fs::read(path).map_err(|e| vec![Diag::error("reading the S3 Object source file", format!("{path}: {e}"))]);
    }
    if let Some(b64) = get_str(p, "content_base64") {
        return base64::engine::general_purpose::STANDARD.decode(b64).map_err(|e| vec![Diag::error("Invalid content_base64", e.to_string())]);
    }
    Ok(p.get("content").and_then(|v| v.as_str()).unwrap_or_default().as_bytes().to_vec())
}

async fn upload(ctx: &Ctx<'_>, p: &Attrs) -> Result<(), Diags> {
    let data = body(p)?;
    let mut req = ctx.clients.s3.put_object().bucket(get_str(p, "bucket").unwrap_or_default()).key(get_str(p, "key").unwrap_or_default()).body(ByteStream::from(data));
    req = req.set_content_type(get_string(p, "content_type").or_else(|| Some("binary/octet-stream".into())).filter(|_| p.get("content_type").is_none_or(|v| v.is_known())));
    if let Some(acl) = get_str(p, "acl") {
        req = req.acl(ObjectCannedAcl::from(acl));
    }
    if let Some(c) = get_str(p, "storage_class") {
        req = req.storage_class(StorageClass::from(c));
    }
    if let Some(x) = get_str(p, "server_side_encryption").filter(|_| is_set(p, "server_side_encryption")) {
        req = req.server_side_encryption(ServerSideEncryption::from(x));
    }
    let meta = get_map(p, "metadata");
    if !meta.is_empty() {
        req = req.set_metadata(Some(meta.into_iter().collect::<HashMap<_, _>>()));
    }
    req = req
        .set_cache_control(get_string(p, "cache_control"))
        .set_content_disposition(get_string(p, "content_disposition"))
        .set_content_encoding(get_string(p, "content_encoding"))
        .set_content_language(get_string(p, "content_language"))
        .set_website_redirect_location(get_string(p, "website_redirect"));
    let tags = ctx.all_tags(p);
    if !tags.is_empty() {
        req = req.tagging(tags.iter().map(|(k, v)| format!("{}={}", urlenc(k), urlenc(v))).collect::<Vec<_>>().join("&"));
    }
    req.send().await.map_err(|e| vec![diag("uploading S3 Object", &e)])?;
    Ok(())
}

fn is_set(p: &Attrs, k: &str) -> bool {
    p.get(k).is_some_and(|v| v.is_known() && !v.is_null())
}

fn urlenc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
