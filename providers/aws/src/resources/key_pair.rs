//! `aws_key_pair`: an imported public key. The ID is the key name.

use async_trait::async_trait;
use aws_sdk_ec2::primitives::Blob;
use aws_sdk_ec2::types::ResourceType;
use terrace_provider::{Attribute, Block, Diags, Type};

use super::ec2_tags;
use super::net_util::{ec2_arn, read_back};
use super::security_group::unique_name;
use crate::attrs::{get_str, get_string, opt_s, s, Attrs};
use crate::errors::{diag, is_not_found};
use crate::resource::{AwsResource, Ctx};

pub struct KeyPair;

#[async_trait]
impl AwsResource for KeyPair {
    fn type_name(&self) -> &'static str {
        "aws_key_pair"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("key_name", Attribute::optional_computed(Type::String).force_new())
            .attr("key_name_prefix", Attribute::optional(Type::String).force_new())
            .attr("public_key", Attribute::required(Type::String).force_new())
            .attr("fingerprint", Attribute::computed(Type::String))
            .attr("key_pair_id", Attribute::computed(Type::String))
            .attr("arn", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let name = get_string(p, "key_name").unwrap_or_else(|| unique_name(get_str(p, "key_name_prefix").unwrap_or("terraform-")));
        let key = get_str(p, "public_key").unwrap_or_default().trim().to_string();
        let mut req = ctx.clients.ec2.import_key_pair().key_name(&name).public_key_material(Blob::new(key.into_bytes()));
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::KeyPair) {
            req = req.tag_specifications(spec);
        }
        req.send().await.map_err(|e| vec![diag("importing EC2 Key Pair", &e)])?;
        let mut st = p.clone();
        st.insert("key_name".into(), s(&name));
        read_back("EC2 Key Pair", &st, &name, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let out = match ctx.clients.ec2.describe_key_pairs().key_names(id).include_public_key(true).send().await {
            Ok(o) => o,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading EC2 Key Pair", &e)]),
        };
        let Some(k) = out.key_pairs().first() else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        a.insert("key_name".into(), opt_s(k.key_name()));
        a.insert("fingerprint".into(), opt_s(k.key_fingerprint()));
        a.insert("key_pair_id".into(), opt_s(k.key_pair_id()));
        a.insert("arn".into(), s(ec2_arn(ctx, None, "key-pair", id)));
        // The key as configured, whitespace aside (AWS may add a comment).
        if let Some(aws_key) = k.public_key() {
            let known = get_str(state, "public_key").map(str::trim).filter(|p| aws_key.trim().starts_with(p));
            a.insert("public_key".into(), s(known.unwrap_or(aws_key.trim())));
        }
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(k.tags()));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        let target = get_string(prior, "key_pair_id").unwrap_or_else(|| id.clone());
        ec2_tags::update(ctx, &target, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        match ctx.clients.ec2.delete_key_pair().key_name(id).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(vec![diag("deleting EC2 Key Pair", &e)]),
        }
    }
}
