//! `aws_s3_bucket_server_side_encryption_configuration` (the 4.x separate resource):
//! `rule { apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id }
//! bucket_key_enabled }`.

use async_trait::async_trait;
use aws_sdk_s3::types::ServerSideEncryptionConfiguration;
use terrace_provider::{Attribute, Block, Diags, Type, Value};

use super::s3_bucket::{get_sse, sse_rule};
use super::s3_common::{build_err, first_block, items, list_block, obj, set_block};
use crate::attrs::{b, get_blocks, get_bool, get_str, get_string, opt_s, s, Attrs};
use crate::errors::{diag, is_not_found};
use crate::resource::{AwsResource, Ctx};

pub struct S3BucketSse;

#[async_trait]
impl AwsResource for S3BucketSse {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket_server_side_encryption_configuration"
    }
    fn schema(&self) -> Block {
        let by_default = Block::new().attr("sse_algorithm", Attribute::required(Type::String)).attr("kms_master_key_id", Attribute::optional(Type::String));
        Block::new().attr("bucket", Attribute::required(Type::String).force_new()).block(
            "rule",
            set_block(Block::new().attr("bucket_key_enabled", Attribute::optional(Type::Bool)).block("apply_server_side_encryption_by_default", list_block(by_default, 0, 1)), 1),
        )
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let bucket = get_string(p, "bucket").unwrap_or_default();
        put(ctx, &bucket, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&bucket));
        Ok(st)
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(bucket) = get_string(state, "id") else { return Ok(None) };
        let rules = match get_sse(ctx, &bucket).await {
            Ok(r) => r,
            Err(d) if d.iter().any(|x| x.summary.contains("NoSuchBucket")) => return Ok(None),
            Err(d) => return Err(d),
        };
        if rules.is_empty() {
            return Ok(None);
        }
        // bucket_key_enabled left unset reads as unset while AWS has it off.
        let prior_false = get_blocks(state, "rule").iter().any(|r| get_bool(r, "bucket_key_enabled") == Some(false));
        let out = rules
            .into_iter()
            .map(|(alg, key, bk)| {
                let bk = match bk {
                    Some(true) => b(true),
                    _ if prior_false => b(false),
                    _ => Value::null(Type::Bool),
                };
                obj([("bucket_key_enabled", bk), ("apply_server_side_encryption_by_default", items(vec![obj([("sse_algorithm", s(alg)), ("kms_master_key_id", opt_s(key))])]))])
            })
            .collect();
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
        Ok(st)
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(bucket) = get_string(state, "id") else { return Ok(()) };
        match ctx.clients.s3.delete_bucket_encryption().bucket(&bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(vec![diag("deleting S3 Bucket Server-side Encryption Configuration", &e)]),
        }
    }
}

async fn put(ctx: &Ctx<'_>, bucket: &str, p: &Attrs) -> Result<(), Diags> {
    let what = "putting S3 Bucket Server-side Encryption Configuration";
    let mut rules = Vec::new();
    for r in get_blocks(p, "rule") {
        let d = first_block(&r, "apply_server_side_encryption_by_default");
        let rule = match d {
            Some(d) if get_str(&d, "sse_algorithm").is_some() => sse_rule(&d, get_bool(&r, "bucket_key_enabled"))?,
            _ => aws_sdk_s3::types::ServerSideEncryptionRule::builder().set_bucket_key_enabled(get_bool(&r, "bucket_key_enabled")).build(),
        };
        rules.push(rule);
    }
    let conf = ServerSideEncryptionConfiguration::builder().set_rules(Some(rules)).build().map_err(|e| build_err(what, e))?;
    ctx.clients.s3.put_bucket_encryption().bucket(bucket).server_side_encryption_configuration(conf).send().await.map_err(|e| vec![diag(what, &e)])?;
    Ok(())
}
