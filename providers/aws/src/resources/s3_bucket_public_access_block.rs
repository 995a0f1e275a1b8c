//! `aws_s3_bucket_public_access_block`: the four public-access switches of a bucket.

use async_trait::async_trait;
use aws_sdk_s3::types::PublicAccessBlockConfiguration;
use terrace_provider::{Attribute, Block, Diags, Type};

use crate::attrs::{b, get_bool, get_str, get_string, s, Attrs};
use crate::config::AwsConfig;
use crate::errors::{code, diag, is_not_found};
use crate::resource::{default_if_unset, AwsResource, Ctx};

pub struct S3BucketPublicAccessBlock;

const FLAGS: [&str; 4] = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

#[async_trait]
impl AwsResource for S3BucketPublicAccessBlock {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket_public_access_block"
    }
    fn schema(&self) -> Block {
        let mut blk = Block::new().attr("bucket", Attribute::required(Type::String).force_new());
        for f in FLAGS {
            blk = blk.attr(f, Attribute::optional(Type::Bool));
        }
        blk
    }
    fn plan(&self, _cfg: &AwsConfig, _prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        for f in FLAGS {
            default_if_unset(planned, config, f, b(false));
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        put(ctx, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(get_str(p, "bucket").unwrap_or_default()));
        Ok(st)
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(bucket) = get_string(state, "id") else { return Ok(None) };
        let out = match ctx.clients.s3.get_public_access_block().bucket(&bucket).send().await {
            Ok(o) => o,
            Err(e) if is_not_found(&e) || code(&e).as_deref() == Some("NoSuchPublicAccessBlockConfiguration") => return Ok(None),
            Err(e) => return Err(vec![diag("reading S3 Bucket Public Access Block", &e)]),
        };
        let Some(c) = out.public_access_block_configuration() else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(&bucket));
        a.insert("bucket".into(), s(&bucket));
        a.insert("block_public_acls".into(), b(c.block_public_acls().unwrap_or(false)));
        a.insert("block_public_policy".into(), b(c.block_public_policy().unwrap_or(false)));
        a.insert("ignore_public_acls".into(), b(c.ignore_public_acls().unwrap_or(false)));
        a.insert("restrict_public_buckets".into(), b(c.restrict_public_buckets().unwrap_or(false)));
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
        match ctx.clients.s3.delete_public_access_block().bucket(&bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(vec![diag("deleting S3 Bucket Public Access Block", &e)]),
        }
    }
}

async fn put(ctx: &Ctx<'_>, p: &Attrs) -> Result<(), Diags> {
    let c = PublicAccessBlockConfiguration::builder()
        .block_public_acls(get_bool(p, "block_public_acls").unwrap_or(false))
        .block_public_policy(get_bool(p, "block_public_policy").unwrap_or(false))
        .ignore_public_acls(get_bool(p, "ignore_public_acls").unwrap_or(false))
        .restrict_public_buckets(get_bool(p, "restrict_public_buckets").unwrap_or(false))
        .build();
    ctx.clients
        .s3
        .put_public_access_block()
        .bucket(get_str(p, "bucket").unwrap_or_default())
        .public_access_block_configuration(c)
        .send()
        .await
        .map_err(|e| vec![diag("putting S3 Bucket Public Access Block", &e)])?;
    Ok(())
}
