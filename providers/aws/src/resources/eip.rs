//! `aws_eip`: an Elastic IP address, optionally associated with an instance or a network
//! interface.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::{Address, DomainType, ResourceType};
use terrace_provider::{Attribute, Block, Diags, Type, Value};

use super::ec2_tags;
use super::net_util::{delete_retrying, read_back, same, Gone};
use crate::attrs::{b, get_bool, get_str, get_string, opt_s, s, Attrs};
use crate::config::AwsConfig;
use crate::errors::{code, diag, is_not_found};
use crate::resource::{AwsResource, Ctx};
use crate::wait::{until, Poll};

pub struct Eip;

#[async_trait]
impl AwsResource for Eip {
    fn type_name(&self) -> &'static str {
        "aws_eip"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("vpc", Attribute::optional_computed(Type::Bool).force_new())
            .attr("address", Attribute::optional(Type::String).force_new())
            .attr("public_ipv4_pool", Attribute::optional_computed(Type::String).force_new())
            .attr("network_border_group", Attribute::optional_computed(Type::String).force_new())
            .attr("instance", Attribute::optional_computed(Type::String))
            .attr("network_interface", Attribute::optional_computed(Type::String))
            .attr("associate_with_private_ip", Attribute::optional(Type::String))
            .attr("allocation_id", Attribute::computed(Type::String))
            .attr("association_id", Attribute::computed(Type::String))
            .attr("domain", Attribute::computed(Type::String))
            .attr("public_ip", Attribute::computed(Type::String))
            .attr("private_ip", Attribute::computed(Type::String))
            .attr("public_dns", Attribute::computed(Type::String))
            .attr("private_dns", Attribute::computed(Type::String))
            .attr("carrier_ip", Attribute::computed(Type::String))
            .attr("customer_owned_ip", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn token_tagged(&self) -> Option<&'static str> {
        Some("elastic-ip")
    }
    fn timeouts(&self) -> &'static [&'static str] {
        &["read", "update", "delete"]
    }
    fn plan(&self, _cfg: &AwsConfig, prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        if prior.is_empty() {
            return;
        }
        // A new association target: what AWS derives from it is known after the change.
        // (Leaving both targets out keeps the association, as in Terraform.)
        let set = |k: &str| config.get(k).is_some_and(|v| !v.is_null());
        let changed = (set("instance") && !same(config.get("instance"), prior.get("instance")))
            || (set("network_interface") && !same(config.get("network_interface"), prior.get("network_interface")))
            || !same(config.get("associate_with_private_ip"), prior.get("associate_with_private_ip"));
        if changed {
            for k in ["instance", "network_interface"] {
                if !set(k) {
                    planned.insert(k.into(), Value::unknown(Type::String));
                }
            }
            for k in ["association_id", "private_ip", "private_dns"] {
                planned.insert(k.into(), Value::unknown(Type::String));
            }
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let mut req = ec2
            .allocate_address()
            .set_address(get_string(p, "address"))
            .set_public_ipv4_pool(get_string(p, "public_ipv4_pool"))
            .set_network_border_group(get_string(p, "network_border_group"));
        if get_bool(p, "vpc") == Some(true) {
            req = req.domain(DomainType::Vpc);
        }
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::ElasticIp) {
            req = req.tag_specifications(spec);
        }
        let out = req.send().await.map_err(|e| vec![diag("allocating EC2 EIP", &e)])?;
        let id = out.allocation_id().or(out.public_ip()).unwrap_or_default().to_string();
        until(&format!("EIP {id} to be visible"), ctx.timeout("read", Duration::from_secs(900)), || async {
            Ok(match describe(ctx, &id).await? {
                Some(_) => Poll::Ready(()),
                None => Poll::Pending("not visible yet".into()),
            })
        })
        .await?;
        associate(ctx, &id, p).await?;
        read_back("EC2 EIP", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let Some(x) = describe(ctx, id).await? else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        let domain = x.domain().map(|d| d.as_str().to_string());
        a.insert("vpc".into(), b(domain.as_deref() == Some("vpc")));
        a.insert("domain".into(), opt_s(domain));
        a.insert("allocation_id".into(), opt_s(x.allocation_id()));
        a.insert("association_id".into(), opt_s(x.association_id()));
        a.insert("instance".into(), opt_s(x.instance_id()));
        a.insert("network_interface".into(), opt_s(x.network_interface_id()));
        a.insert("public_ip".into(), opt_s(x.public_ip()));
        a.insert("private_ip".into(), opt_s(x.private_ip_address()));
        a.insert("public_ipv4_pool".into(), opt_s(x.public_ipv4_pool()));
        a.insert("network_border_group".into(), opt_s(x.network_border_group()));
        a.insert("carrier_ip".into(), opt_s(x.carrier_ip()));
        a.insert("customer_owned_ip".into(), opt_s(x.customer_owned_ip()));
        // Terraform derives the DNS names from the addresses.
        let region = &ctx.clients.region;
        let public_dns = x.public_ip().map(|ip| {
            let dashed = ip.replace('.', "-");
            if region == "us-east-1" {
                format!("ec2-{dashed}.compute-1.amazonaws.com")
            } else {
                format!("ec2-{dashed}.{region}.compute.amazonaws.com")
            }
        });
        let private_dns = x.private_ip_address().map(|ip| {
            let dashed = ip.replace('.', "-");
            if region == "us-east-1" {
                format!("ip-{dashed}.ec2.internal")
            } else {
                format!("ip-{dashed}.{region}.compute.internal")
            }
        });
        a.insert("public_dns".into(), opt_s(public_dns));
        a.insert("private_dns".into(), opt_s(private_dns));
        // An address given at allocation reads back as the public IP.
        if get_str(state, "address").is_some() {
            a.insert("address".into(), opt_s(x.public_ip()));
        }
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(x.tags()));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        let target = |a: &Attrs| (get_string(a, "instance"), get_string(a, "network_interface"), get_string(a, "associate_with_private_ip"));
        if target(p) != target(prior) {
            if let Some(assoc) = get_str(prior, "association_id") {
                match ctx.clients.ec2.disassociate_address().association_id(assoc).send().await {
                    Ok(_) => {}
                    Err(e) if is_not_found(&e) => {}
                    Err(e) => return Err(vec![diag("disassociating EC2 EIP", &e)]),
                }
            }
            associate(ctx, &id, p).await?;
        }
        ec2_tags::update(ctx, &id, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        let ec2 = &ctx.clients.ec2;
        if let Some(x) = describe(ctx, id).await? {
            if let Some(assoc) = x.association_id() {
                match ec2.disassociate_address().association_id(assoc).send().await {
                    Ok(_) => {}
                    Err(e) if is_not_found(&e) => {}
                    Err(e) => return Err(vec![diag("disassociating EC2 EIP", &e)]),
                }
            }
        }
        let vpc = id.starts_with("eipalloc-");
        delete_retrying(ctx, &format!("EIP {id}"), Duration::from_secs(900), || async {
            let req = ec2.release_address();
            let req = if vpc { req.allocation_id(id) } else { req.public_ip(id) };
            match req.send().await {
                Ok(_) => Ok(Gone::Done),
                Err(e) if is_not_found(&e) => Ok(Gone::Done),
                Err(e) if code(&e).as_deref().is_some_and(|c| c == "InvalidIPAddress.InUse" || c == "AuthFailure") => Ok(Gone::Busy("still in use".into())),
                Err(e) => Err(vec![diag("releasing EC2 EIP", &e)]),
            }
        })
        .await
    }
}

async fn describe(ctx: &Ctx<'_>, id: &str) -> Result<Option<Address>, Diags> {
    let req = ctx.clients.ec2.describe_addresses();
    let req = if id.starts_with("eipalloc-") { req.allocation_ids(id) } else { req.public_ips(id) };
    match req.send().await {
        Ok(o) => Ok(o.addresses().first().cloned()),
        Err(e) if is_not_found(&e) || code(&e).as_deref() == Some("InvalidAllocationID.NotFound") => Ok(None),
        Err(e) => Err(vec![diag("reading EC2 EIP", &e)]),
    }
}

async fn associate(ctx: &Ctx<'_>, id: &str, p: &Attrs) -> Result<(), Diags> {
    let instance = get_string(p, "instance");
    let nic = if instance.is_some() { None } else { get_string(p, "network_interface") };
    if instance.is_none() && nic.is_none() {
        return Ok(());
    }
    let req = ctx.clients.ec2.associate_address().set_instance_id(instance).set_network_interface_id(nic).set_private_ip_address(get_string(p, "associate_with_private_ip"));
    let req = if id.starts_with("eipalloc-") { req.allocation_id(id) } else { req.public_ip(id) };
    // A new instance may not accept an address yet.
    until(&format!("EIP {id} to associate"), ctx.timeout("update", Duration::from_secs(300)), || {
        let req = req.clone();
        async move {
            match req.send().await {
                Ok(_) => Ok(Poll::Ready(())),
                Err(e) if code(&e).as_deref() == Some("InvalidInstanceID") => Ok(Poll::Pending("the instance is not running yet".into())),
                Err(e) => Err(vec![diag("associating EC2 EIP", &e)]),
            }
        }
    })
    .await
}
