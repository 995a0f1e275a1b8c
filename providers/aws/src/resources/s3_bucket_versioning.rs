//! `aws_s3_bucket_versioning` (the 4.x separate resource): `versioning_configuration {
//! status, mfa_delete }`. `Disabled` is only for buckets never versioned; destroying
//! the resource suspends versioning (S3 cannot turn it off again).

use async_trait::async_trait;
use aws_sdk_s3::types::{BucketVersioningStatus, MfaDelete, MfaDeleteStatus, VersioningConfiguration};
use terrace_provider::{Attribute, Block, Diag, Diags, Type, Value};

use super::s3_common::{self as common, first_block, items, list_block, obj};
use crate::attrs::{get_str, get_string, s, Attrs};
use crate::errors::{diag, is_not_found};
use crate::resource::{AwsResource, Ctx};

pub struct S3BucketVersioning;

#[async_trait]
impl AwsResource for S3BucketVersioning {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket_versioning"
    }
    fn schema(&self) -> Block {
        Block::new().attr("bucket", Attribute::required(Type::String).force_new()).block(
            "versioning_configuration",
            list_block(Block::new().attr("status", Attribute::required(Type::String)).attr("mfa_delete", Attribute::optional_computed(Type::String)), 1, 1),
        )
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let bucket = get_string(p, "bucket").unwrap_or_default();
        let c = first_block(p, "versioning_configuration").unwrap_or_default();
        if get_str(&c, "status") != Some("Disabled") {
            put(ctx, &bucket, &c).await?;
        }
        let mut st = p.clone();
        st.insert("id".into(), s(&bucket));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(bucket) = get_string(state, "id") else { return Ok(None) };
        let (status, mfa) = match ctx.clients.s3.get_bucket_versioning().bucket(&bucket).send().await {
            Ok(o) => (o.status().map(|x| x.as_str().to_string()), o.mfa_delete().cloned()),
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => match common::unparsed_ok(&e) {
                Some(body) => (common::xml_text(&body, "Status"), common::xml_text(&body, "MfaDelete").map(|x| MfaDeleteStatus::from(x.as_str()))),
                None => return Err(vec![diag("reading S3 Bucket Versioning", &e)]),
            },
        };
        let status = status.unwrap_or_else(|| "Disabled".into());
        let mfa = match mfa {
            Some(MfaDeleteStatus::Enabled) => s("Enabled"),
            Some(_) => s("Disabled"),
            None => first_block(state, "versioning_configuration").and_then(|c| c.get("mfa_delete").cloned()).filter(|v| v.is_known()).unwrap_or_else(|| Value::null(Type::String)),
        };
        let mut a = state.clone();
        a.insert("id".into(), s(&bucket));
        a.insert("bucket".into(), s(&bucket));
        a.insert("versioning_configuration".into(), items(vec![obj([("status", s(status)), ("mfa_delete", mfa)])]));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let bucket = get_string(prior, "id").unwrap_or_default();
        put(ctx, &bucket, &first_block(p, "versioning_configuration").unwrap_or_default()).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&bucket));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(bucket) = get_string(state, "id") else { return Ok(()) };
        let c = first_block(state, "versioning_configuration").unwrap_or_default();
        if get_str(&c, "status") != Some("Enabled") {
            return Ok(());
        }
        let conf = VersioningConfiguration::builder().status(BucketVersioningStatus::Suspended).build();
        match ctx.clients.s3.put_bucket_versioning().bucket(&bucket).versioning_configuration(conf).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(vec![diag("suspending S3 Bucket Versioning", &e)]),
        }
    }
}

async fn put(ctx: &Ctx<'_>, bucket: &str, c: &Attrs) -> Result<(), Diags> {
    let status = match get_str(c, "status") {
        Some("Enabled") => BucketVersioningStatus::Enabled,
        Some("Suspended") => BucketVersioningStatus::Suspended,
        other => {
            return Err(vec![Diag::error(
                "putting S3 Bucket Versioning: invalid status",
                format!("versioning_configuration.status is {other:?}; use \"Enabled\" or \"Suspended\" (\"Disabled\" only when creating for a bucket never versioned)."),
            )])
        }
    };
    let mut conf = VersioningConfiguration::builder().status(status);
    match get_str(c, "mfa_delete") {
        Some("Enabled") => conf = conf.mfa_delete(MfaDelete::Enabled),
        Some("Disabled") => conf = conf.mfa_delete(MfaDelete::Disabled),
        _ => {}
    }
    ctx.clients.s3.put_bucket_versioning().bucket(bucket).versioning_configuration(conf.build()).send().await.map_err(|e| vec![diag("putting S3 Bucket Versioning", &e)])?;
    Ok(())
}
