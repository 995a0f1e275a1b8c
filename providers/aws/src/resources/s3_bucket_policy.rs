//! `aws_s3_bucket_policy`: a bucket's policy document, compared by meaning.

use async_trait::async_trait;
use terrace_provider::{Attribute, Block, Diag, Diags, Type};

use super::s3_common as common;
use crate::attrs::{get_str, get_string, s, Attrs};
use crate::config::AwsConfig;
use crate::errors::{code, diag, is_not_found};
use crate::resource::{AwsResource, Ctx};

pub struct S3BucketPolicy;

#[async_trait]
impl AwsResource for S3BucketPolicy {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket_policy"
    }
    fn schema(&self) -> Block {
        Block::new().attr("bucket", Attribute::required(Type::String).force_new()).attr("policy", Attribute::required(Type::String))
    }
    fn plan(&self, _cfg: &AwsConfig, prior: &Attrs, planned: &mut Attrs, _config: &Attrs) {
        common::plan_policy(prior, planned, "policy");
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        put(ctx, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(get_str(p, "bucket").unwrap_or_default()));
        Ok(st)
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(bucket) = get_string(state, "id") else { return Ok(None) };
        let policy = match ctx.clients.s3.get_bucket_policy().bucket(&bucket).send().await {
            Ok(o) => o.policy().map(str::to_string),
            Err(e) if is_not_found(&e) || code(&e).as_deref() == Some("NoSuchBucketPolicy") => None,
            Err(e) => return Err(vec![diag("reading S3 Bucket Policy", &e)]),
        };
        let Some(policy) = policy.filter(|p| !p.is_empty()) else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(&bucket));
        a.insert("bucket".into(), s(&bucket));
        a.insert("policy".into(), common::keep_policy(state, "policy", Some(&policy)));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        put(ctx, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), prior.get("id").cloned().unwrap_or_else(|| s(get_str(p, "bucket").unwrap_or_default())));
        Ok(st)
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(bucket) = get_string(state, "id") else { return Ok(()) };
        match ctx.clients.s3.delete_bucket_policy().bucket(&bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(vec![diag("deleting S3 Bucket Policy", &e)]),
        }
    }
}

async fn put(ctx: &Ctx<'_>, p: &Attrs) -> Result<(), Diags> {
    let (Some(bucket), Some(policy)) = (get_str(p, "bucket"), get_str(p, "policy")) else {
        return Err(vec![Diag::error("putting S3 Bucket Policy: missing argument", "Both bucket and policy must be known and not empty.")]);
    };
    ctx.clients.s3.put_bucket_policy().bucket(bucket).policy(policy).send().await.map_err(|e| vec![diag("putting S3 Bucket Policy", &e)])?;
    Ok(())
}
