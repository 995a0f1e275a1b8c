//! `aws_vpc`.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::{AttributeBooleanValue, ResourceType};
use terrace_provider::{Attribute, Block, Diags, Type, Value};

use super::ec2_tags;
use crate::attrs::{b, get_bool, get_str, get_string, opt_s, s, Attrs};
use crate::errors::{diag, is_not_found};
use crate::resource::{AwsResource, Ctx};
use crate::wait::{until, Poll};

pub struct Vpc;

#[async_trait]
impl AwsResource for Vpc {
    fn type_name(&self) -> &'static str {
        "aws_vpc"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("cidr_block", Attribute::optional_computed(Type::String).force_new())
            .attr("instance_tenancy", Attribute::optional_computed(Type::String).force_new())
            .attr("enable_dns_support", Attribute::optional_computed(Type::Bool))
            .attr("enable_dns_hostnames", Attribute::optional_computed(Type::Bool))
            .attr("assign_generated_ipv6_cidr_block", Attribute::optional(Type::Bool))
            .attr("arn", Attribute::computed(Type::String))
            .attr("owner_id", Attribute::computed(Type::String))
            .attr("main_route_table_id", Attribute::computed(Type::String))
            .attr("default_network_acl_id", Attribute::computed(Type::String))
            .attr("default_security_group_id", Attribute::computed(Type::String))
            .attr("default_route_table_id", Attribute::computed(Type::String))
            .attr("dhcp_options_id", Attribute::computed(Type::String))
            .attr("ipv6_cidr_block", Attribute::computed(Type::String))
            .attr("ipv6_association_id", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn token_tagged(&self) -> Option<&'static str> {
        Some("vpc")
    }
    fn plan(&self, _cfg: &crate::config::AwsConfig, _prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        // AWS's defaults, known at plan time.
        for (k, v) in [
            ("instance_tenancy", s("default")),
            ("enable_dns_support", b(true)),
            ("enable_dns_hostnames", b(false)),
            ("assign_generated_ipv6_cidr_block", b(false)),
        ] {
            crate::resource::default_if_unset(planned, config, k, v);
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let mut req = ec2.create_vpc().set_cidr_block(get_string(p, "cidr_block"));
        if let Some(t) = get_str(p, "instance_tenancy") {
            req = req.instance_tenancy(t.into());
        }
        if get_bool(p, "assign_generated_ipv6_cidr_block") == Some(true) {
            req = req.amazon_provided_ipv6_cidr_block(true);
        }
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::Vpc) {
            req = req.tag_specifications(spec);
        }
        let out = req.send().await.map_err(|e| vec![diag("creating EC2 VPC", &e)])?;
        let id = out.vpc().and_then(|v| v.vpc_id()).unwrap_or_default().to_string();
        until(&format!("VPC {id} to be available"), ctx.timeout("create", Duration::from_secs(300)), || async {
            let r = ec2.describe_vpcs().vpc_ids(&id).send().await;
            match r {
                Ok(o) => match o.vpcs().first().and_then(|v| v.state()).map(|s| s.as_str().to_string()) {
                    Some(st) if st == "available" => Ok(Poll::Ready(())),
                    Some(st) => Ok(Poll::Pending(st)),
                    None => Ok(Poll::Pending("not visible yet".into())),
                },
                Err(e) if is_not_found(&e) => Ok(Poll::Pending("not visible yet".into())),
                Err(e) => Err(vec![diag("reading EC2 VPC", &e)]),
            }
        })
        .await?;
        set_dns(ctx, &id, p, &Attrs::new()).await?;
        super::net_util::read_back("EC2 VPC", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let ec2 = &ctx.clients.ec2;
        let out = match ec2.describe_vpcs().vpc_ids(id).send().await {
            Ok(o) => o,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading EC2 VPC", &e)]),
        };
        let Some(v) = out.vpcs().first() else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        a.insert("cidr_block".into(), opt_s(v.cidr_block()));
        a.insert("instance_tenancy".into(), opt_s(v.instance_tenancy().map(|t| t.as_str())));
        a.insert("owner_id".into(), opt_s(v.owner_id()));
        a.insert("dhcp_options_id".into(), opt_s(v.dhcp_options_id()));
        let acct = v.owner_id().or(ctx.clients.account_id.as_deref()).unwrap_or_default();
        a.insert("arn".into(), s(format!("arn:aws:ec2:{}:{acct}:vpc/{id}", ctx.clients.region)));
        let ipv6 = v.ipv6_cidr_block_association_set().first();
        a.insert("ipv6_cidr_block".into(), opt_s(ipv6.and_then(|x| x.ipv6_cidr_block())));
        a.insert("ipv6_association_id".into(), opt_s(ipv6.and_then(|x| x.association_id())));
        a.insert("assign_generated_ipv6_cidr_block".into(), b(ipv6.is_some()));
        for (attr, key) in [("enable_dns_support", aws_sdk_ec2::types::VpcAttributeName::EnableDnsSupport), ("enable_dns_hostnames", aws_sdk_ec2::types::VpcAttributeName::EnableDnsHostnames)] {
            let r = ec2.describe_vpc_attribute().vpc_id(id).attribute(key.clone()).send().await.map_err(|e| vec![diag("reading EC2 VPC attribute", &e)])?;
            let val = match key {
                aws_sdk_ec2::types::VpcAttributeName::EnableDnsSupport => r.enable_dns_support().and_then(|x| x.value()),
                _ => r.enable_dns_hostnames().and_then(|x| x.value()),
            };
            a.insert(attr.into(), val.map(b).unwrap_or_else(|| Value::null(Type::Bool)));
        }
        // The main route table, default NACL and security group AWS made with the VPC.
        let filter = |n: &str, v: &str| aws_sdk_ec2::types::Filter::builder().name(n).values(v).build();
        if let Ok(rt) = ec2.describe_route_tables().filters(filter("vpc-id", id)).filters(filter("association.main", "true")).send().await {
            let main = rt.route_tables().first().and_then(|t| t.route_table_id()).map(str::to_string);
            a.insert("main_route_table_id".into(), opt_s(main.clone()));
            a.insert("default_route_table_id".into(), opt_s(main));
        }
        if let Ok(acl) = ec2.describe_network_acls().filters(filter("vpc-id", id)).filters(filter("default", "true")).send().await {
            a.insert("default_network_acl_id".into(), opt_s(acl.network_acls().first().and_then(|x| x.network_acl_id())));
        }
        if let Ok(sg) = ec2.describe_security_groups().filters(filter("vpc-id", id)).filters(filter("group-name", "default")).send().await {
            a.insert("default_security_group_id".into(), opt_s(sg.security_groups().first().and_then(|x| x.group_id())));
        }
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(v.tags()));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        set_dns(ctx, &id, p, prior).await?;
        ec2_tags::update(ctx, &id, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        // Dependent objects (subnets, gateways) may take a moment to go.
        until(&format!("VPC {id} to be deleted"), ctx.timeout("delete", Duration::from_secs(300)), || async {
            match ctx.clients.ec2.delete_vpc().vpc_id(id).send().await {
                Ok(_) => Ok(Poll::Ready(())),
                Err(e) if is_not_found(&e) => Ok(Poll::Ready(())),
                Err(e) if crate::errors::code(&e).as_deref() == Some("DependencyViolation") => Ok(Poll::Pending("in use by dependent objects".into())),
                Err(e) => Err(vec![diag("deleting EC2 VPC", &e)]),
            }
        })
        .await
    }
}

async fn set_dns(ctx: &Ctx<'_>, id: &str, p: &Attrs, prior: &Attrs) -> Result<(), Diags> {
    let ec2 = &ctx.clients.ec2;
    if let Some(v) = get_bool(p, "enable_dns_support").filter(|v| get_bool(prior, "enable_dns_support") != Some(*v)) {
        ec2.modify_vpc_attribute().vpc_id(id).enable_dns_support(AttributeBooleanValue::builder().value(v).build()).send().await.map_err(|e| vec![diag("modifying EC2 VPC", &e)])?;
    }
    if let Some(v) = get_bool(p, "enable_dns_hostnames").filter(|v| get_bool(prior, "enable_dns_hostnames") != Some(*v)) {
        ec2.modify_vpc_attribute().vpc_id(id).enable_dns_hostnames(AttributeBooleanValue::builder().value(v).build()).send().await.map_err(|e| vec![diag("modifying EC2 VPC", &e)])?;
    }
    Ok(())
}
