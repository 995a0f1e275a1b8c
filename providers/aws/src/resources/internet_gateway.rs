//! `aws_internet_gateway` (attached to the VPC named by `vpc_id`).

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::ResourceType;
use terrace_provider::{Attribute, Block, Diags, Type};

use super::ec2_tags;
use super::net_util::{delete_retrying, ec2_arn, read_back, Gone};
use crate::attrs::{get_str, get_string, opt_s, s, Attrs};
use crate::errors::{code, diag, is_not_found};
use crate::resource::{AwsResource, Ctx};
use crate::wait::{until, Poll};

pub struct InternetGateway;

#[async_trait]
impl AwsResource for InternetGateway {
    fn type_name(&self) -> &'static str {
        "aws_internet_gateway"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("vpc_id", Attribute::optional(Type::String))
            .attr("arn", Attribute::computed(Type::String))
            .attr("owner_id", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn token_tagged(&self) -> Option<&'static str> {
        Some("internet-gateway")
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let mut req = ec2.create_internet_gateway();
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::InternetGateway) {
            req = req.tag_specifications(spec);
        }
        let out = req.send().await.map_err(|e| vec![diag("creating EC2 Internet Gateway", &e)])?;
        let id = out.internet_gateway().and_then(|g| g.internet_gateway_id()).unwrap_or_default().to_string();
        if let Some(vpc) = get_str(p, "vpc_id") {
            attach(ctx, &id, vpc).await?;
        }
        read_back("EC2 Internet Gateway", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let out = match ctx.clients.ec2.describe_internet_gateways().internet_gateway_ids(id).send().await {
            Ok(o) => o,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading EC2 Internet Gateway", &e)]),
        };
        let Some(g) = out.internet_gateways().first() else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        let vpc = g.attachments().iter().find(|x| x.state().is_none_or(|st| !matches!(st.as_str(), "detached" | "detaching"))).and_then(|x| x.vpc_id());
        a.insert("vpc_id".into(), opt_s(vpc));
        a.insert("owner_id".into(), opt_s(g.owner_id()));
        a.insert("arn".into(), s(ec2_arn(ctx, g.owner_id(), "internet-gateway", id)));
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(g.tags()));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        let (old, new) = (get_str(prior, "vpc_id"), get_str(p, "vpc_id"));
        if old != new {
            if let Some(v) = old {
                detach(ctx, &id, v).await?;
            }
            if let Some(v) = new {
                attach(ctx, &id, v).await?;
            }
        }
        ec2_tags::update(ctx, &id, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        if let Some(v) = get_str(state, "vpc_id") {
            detach(ctx, id, v).await?;
        }
        delete_retrying(ctx, &format!("internet gateway {id}"), Duration::from_secs(1200), || async {
            match ctx.clients.ec2.delete_internet_gateway().internet_gateway_id(id).send().await {
                Ok(_) => Ok(Gone::Done),
                Err(e) if is_not_found(&e) => Ok(Gone::Done),
                Err(e) if code(&e).as_deref() == Some("DependencyViolation") => Ok(Gone::Busy("in use".into())),
                Err(e) => Err(vec![diag("deleting EC2 Internet Gateway", &e)]),
            }
        })
        .await
    }
}

async fn attach(ctx: &Ctx<'_>, id: &str, vpc: &str) -> Result<(), Diags> {
    ctx.clients.ec2.attach_internet_gateway().internet_gateway_id(id).vpc_id(vpc).send().await.map_err(|e| vec![diag("attaching EC2 Internet Gateway", &e)])?;
    Ok(())
}

/// Detaches, retrying while the VPC still has mapped public addresses.
async fn detach(ctx: &Ctx<'_>, id: &str, vpc: &str) -> Result<(), Diags> {
    until(&format!("internet gateway {id} to detach from {vpc}"), ctx.timeout("delete", Duration::from_secs(1200)), || async {
        match ctx.clients.ec2.detach_internet_gateway().internet_gateway_id(id).vpc_id(vpc).send().await {
            Ok(_) => Ok(Poll::Ready(())),
            Err(e) if is_not_found(&e) || code(&e).as_deref() == Some("Gateway.NotAttached") => Ok(Poll::Ready(())),
            Err(e) if code(&e).as_deref() == Some("DependencyViolation") => Ok(Poll::Pending("the VPC has mapped public addresses".into())),
            Err(e) => Err(vec![diag("detaching EC2 Internet Gateway", &e)]),
        }
    })
    .await
}
