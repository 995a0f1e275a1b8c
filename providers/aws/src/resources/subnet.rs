//! `aws_subnet`.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::{AttributeBooleanValue, ResourceType};
use terrace_provider::{Attribute, Block, Diags, Type};

use super::ec2_tags;
use super::net_util::{delete_retrying, ec2_arn, read_back, Gone};
use crate::attrs::{b, get_bool, get_str, get_string, opt_s, s, Attrs};
use crate::config::AwsConfig;
use crate::errors::{code, diag, is_not_found};
use crate::resource::{default_if_unset, AwsResource, Ctx};
use crate::wait::{until, Poll};

pub struct Subnet;

#[async_trait]
impl AwsResource for Subnet {
    fn type_name(&self) -> &'static str {
        "aws_subnet"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("vpc_id", Attribute::required(Type::String).force_new())
            .attr("cidr_block", Attribute::required(Type::String).force_new())
            .attr("availability_zone", Attribute::optional_computed(Type::String).force_new())
            .attr("availability_zone_id", Attribute::optional_computed(Type::String).force_new())
            .attr("map_public_ip_on_launch", Attribute::optional(Type::Bool))
            .attr("assign_ipv6_address_on_creation", Attribute::optional(Type::Bool))
            .attr("ipv6_cidr_block", Attribute::optional(Type::String))
            .attr("ipv6_cidr_block_association_id", Attribute::computed(Type::String))
            .attr("arn", Attribute::computed(Type::String))
            .attr("owner_id", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn token_tagged(&self) -> Option<&'static str> {
        Some("subnet")
    }
    fn timeouts(&self) -> &'static [&'static str] {
        &["create", "delete"]
    }
    fn plan(&self, _cfg: &AwsConfig, prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        default_if_unset(planned, config, "map_public_ip_on_launch", b(false));
        default_if_unset(planned, config, "assign_ipv6_address_on_creation", b(false));
        // A new IPv6 block gets a new association.
        if !prior.is_empty() && !super::net_util::same(prior.get("ipv6_cidr_block"), planned.get("ipv6_cidr_block")) {
            planned.insert("ipv6_cidr_block_association_id".into(), terrace_provider::Value::unknown(Type::String));
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let mut req = ec2
            .create_subnet()
            .set_vpc_id(get_string(p, "vpc_id"))
            .set_cidr_block(get_string(p, "cidr_block"))
            .set_availability_zone(get_string(p, "availability_zone"))
            .set_availability_zone_id(get_string(p, "availability_zone_id"))
            .set_ipv6_cidr_block(get_string(p, "ipv6_cidr_block"));
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::Subnet) {
            req = req.tag_specifications(spec);
        }
        let out = req.send().await.map_err(|e| vec![diag("creating EC2 Subnet", &e)])?;
        let id = out.subnet().and_then(|v| v.subnet_id()).unwrap_or_default().to_string();
        until(&format!("subnet {id} to be available"), ctx.timeout("create", Duration::from_secs(600)), || async {
            match ec2.describe_subnets().subnet_ids(&id).send().await {
                Ok(o) => Ok(match o.subnets().first().and_then(|v| v.state()).map(|s| s.as_str().to_string()) {
                    Some(st) if st == "available" => Poll::Ready(()),
                    Some(st) => Poll::Pending(st),
                    None => Poll::Pending("not visible yet".into()),
                }),
                Err(e) if is_not_found(&e) => Ok(Poll::Pending("not visible yet".into())),
                Err(e) => Err(vec![diag("reading EC2 Subnet", &e)]),
            }
        })
        .await?;
        set_attributes(ctx, &id, p, &Attrs::new()).await?;
        read_back("EC2 Subnet", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let out = match ctx.clients.ec2.describe_subnets().subnet_ids(id).send().await {
            Ok(o) => o,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading EC2 Subnet", &e)]),
        };
        let Some(v) = out.subnets().first() else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        a.insert("vpc_id".into(), opt_s(v.vpc_id()));
        a.insert("cidr_block".into(), opt_s(v.cidr_block()));
        a.insert("availability_zone".into(), opt_s(v.availability_zone()));
        a.insert("availability_zone_id".into(), opt_s(v.availability_zone_id()));
        a.insert("map_public_ip_on_launch".into(), b(v.map_public_ip_on_launch().unwrap_or(false)));
        a.insert("assign_ipv6_address_on_creation".into(), b(v.assign_ipv6_address_on_creation().unwrap_or(false)));
        // The associated IPv6 block (a disassociated one stays listed for a while).
        let assoc = v.ipv6_cidr_block_association_set().iter().find(|x| {
            x.ipv6_cidr_block_state().and_then(|st| st.state()).is_none_or(|st| matches!(st.as_str(), "associated" | "associating"))
        });
        a.insert("ipv6_cidr_block".into(), opt_s(assoc.and_then(|x| x.ipv6_cidr_block())));
        a.insert("ipv6_cidr_block_association_id".into(), opt_s(assoc.and_then(|x| x.association_id())));
        a.insert("owner_id".into(), opt_s(v.owner_id()));
        a.insert("arn".into(), s(v.subnet_arn().map(str::to_string).unwrap_or_else(|| ec2_arn(ctx, v.owner_id(), "subnet", id))));
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(v.tags()));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        ec2_tags::update(ctx, &id, prior, p).await?;
        let ec2 = &ctx.clients.ec2;
        let (old6, new6) = (get_string(prior, "ipv6_cidr_block"), get_string(p, "ipv6_cidr_block"));
        if old6 != new6 {
            if let Some(assoc) = get_str(prior, "ipv6_cidr_block_association_id") {
                ec2.disassociate_subnet_cidr_block().association_id(assoc).send().await.map_err(|e| vec![diag("disassociating EC2 Subnet IPv6 CIDR block", &e)])?;
            }
            if let Some(c) = new6 {
                ec2.associate_subnet_cidr_block().subnet_id(&id).ipv6_cidr_block(c).send().await.map_err(|e| vec![diag("associating EC2 Subnet IPv6 CIDR block", &e)])?;
            }
        }
        set_attributes(ctx, &id, p, prior).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        delete_retrying(ctx, &format!("subnet {id}"), Duration::from_secs(1200), || async {
            match ctx.clients.ec2.delete_subnet().subnet_id(id).send().await {
                Ok(_) => Ok(Gone::Done),
                Err(e) if is_not_found(&e) => Ok(Gone::Done),
                Err(e) if code(&e).as_deref() == Some("DependencyViolation") => Ok(Gone::Busy("in use by dependent objects".into())),
                Err(e) => Err(vec![diag("deleting EC2 Subnet", &e)]),
            }
        })
        .await
    }
}

async fn set_attributes(ctx: &Ctx<'_>, id: &str, p: &Attrs, prior: &Attrs) -> Result<(), Diags> {
    let ec2 = &ctx.clients.ec2;
    let bv = |v: bool| AttributeBooleanValue::builder().value(v).build();
    if let Some(v) = get_bool(p, "map_public_ip_on_launch").filter(|v| get_bool(prior, "map_public_ip_on_launch").unwrap_or(false) != *v) {
        ec2.modify_subnet_attribute().subnet_id(id).map_public_ip_on_launch(bv(v)).send().await.map_err(|e| vec![diag("modifying EC2 Subnet map_public_ip_on_launch", &e)])?;
    }
    if let Some(v) = get_bool(p, "assign_ipv6_address_on_creation").filter(|v| get_bool(prior, "assign_ipv6_address_on_creation").unwrap_or(false) != *v) {
        ec2.modify_subnet_attribute()
            .subnet_id(id)
            .assign_ipv6_address_on_creation(bv(v))
            .send()
            .await
            .map_err(|e| vec![diag("modifying EC2 Subnet assign_ipv6_address_on_creation", &e)])?;
    }
    Ok(())
}
