//! `aws_nat_gateway`: public (with an EIP allocation) or private; create waits for it to
//! be available, delete for it to be deleted.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::{ConnectivityType, NatGateway as SdkNat, ResourceType};
use terrace_provider::{Attribute, Block, Diag, Diags, Type};

use super::ec2_tags;
use super::net_util::read_back;
use crate::attrs::{get_str, get_string, opt_s, s, Attrs};
use crate::config::AwsConfig;
use crate::errors::{diag, is_not_found};
use crate::resource::{default_if_unset, AwsResource, Ctx};
use crate::wait::{until, Poll};

pub struct NatGateway;

#[async_trait]
impl AwsResource for NatGateway {
    fn type_name(&self) -> &'static str {
        "aws_nat_gateway"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("allocation_id", Attribute::optional(Type::String).force_new())
            .attr("subnet_id", Attribute::required(Type::String).force_new())
            .attr("connectivity_type", Attribute::optional(Type::String).force_new())
            .attr("network_interface_id", Attribute::computed(Type::String))
            .attr("private_ip", Attribute::computed(Type::String))
            .attr("public_ip", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn token_tagged(&self) -> Option<&'static str> {
        Some("natgateway")
    }
    fn timeouts(&self) -> &'static [&'static str] {
        &["create", "delete"]
    }
    fn plan(&self, _cfg: &AwsConfig, _prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        default_if_unset(planned, config, "connectivity_type", s("public"));
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let connectivity = get_str(p, "connectivity_type").unwrap_or("public");
        if connectivity == "public" && get_str(p, "allocation_id").is_none() {
            return Err(vec![Diag::error("Missing allocation_id", "A public NAT gateway needs allocation_id (an aws_eip's id); set connectivity_type = \"private\" for one without.")]);
        }
        let mut req = ec2.create_nat_gateway().set_client_token(ctx.idempotency_token.clone()).set_subnet_id(get_string(p, "subnet_id")).set_allocation_id(get_string(p, "allocation_id")).connectivity_type(ConnectivityType::from(connectivity));
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::Natgateway) {
            req = req.tag_specifications(spec);
        }
        let out = req.send().await.map_err(|e| vec![diag("creating EC2 NAT Gateway", &e)])?;
        let id = out.nat_gateway().and_then(|g| g.nat_gateway_id()).unwrap_or_default().to_string();
        until(&format!("NAT gateway {id} to be available"), ctx.timeout("create", Duration::from_secs(600)), || async {
            match describe(ctx, &id).await? {
                Some(g) => {
                    let st = g.state().map(|s| s.as_str().to_string()).unwrap_or_default();
                    match st.as_str() {
                        "available" => Ok(Poll::Ready(())),
                        "failed" | "deleted" | "deleting" => Err(vec![Diag::error(
                            "creating EC2 NAT Gateway: the gateway failed",
                            format!("NAT gateway {id} is {st}: {}", g.failure_message().unwrap_or("no reason given")),
                        )]),
                        _ => Ok(Poll::Pending(st)),
                    }
                }
                None => Ok(Poll::Pending("not visible yet".into())),
            }
        })
        .await?;
        read_back("EC2 NAT Gateway", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let Some(g) = describe(ctx, id).await? else { return Ok(None) };
        if g.state().is_some_and(|s| matches!(s.as_str(), "deleted" | "deleting" | "failed")) {
            return Ok(None);
        }
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        a.insert("subnet_id".into(), opt_s(g.subnet_id()));
        a.insert("connectivity_type".into(), s(g.connectivity_type().map(|c| c.as_str()).unwrap_or("public")));
        let addr = g.nat_gateway_addresses().first();
        a.insert("allocation_id".into(), opt_s(addr.and_then(|x| x.allocation_id())));
        a.insert("network_interface_id".into(), opt_s(addr.and_then(|x| x.network_interface_id())));
        a.insert("private_ip".into(), opt_s(addr.and_then(|x| x.private_ip())));
        a.insert("public_ip".into(), opt_s(addr.and_then(|x| x.public_ip())));
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(g.tags()));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        ec2_tags::update(ctx, &id, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        match ctx.clients.ec2.delete_nat_gateway().nat_gateway_id(id).send().await {
            Ok(_) => {}
            Err(e) if is_not_found(&e) => return Ok(()),
            Err(e) => return Err(vec![diag("deleting EC2 NAT Gateway", &e)]),
        }
        until(&format!("NAT gateway {id} to be deleted"), ctx.timeout("delete", Duration::from_secs(1800)), || async {
            Ok(match describe(ctx, id).await? {
                None => Poll::Ready(()),
                Some(g) => match g.state().map(|s| s.as_str().to_string()).unwrap_or_default().as_str() {
                    "deleted" => Poll::Ready(()),
                    st => Poll::Pending(st.to_string()),
                },
            })
        })
        .await
    }
}

async fn describe(ctx: &Ctx<'_>, id: &str) -> Result<Option<SdkNat>, Diags> {
    match ctx.clients.ec2.describe_nat_gateways().nat_gateway_ids(id).send().await {
        Ok(o) => Ok(o.nat_gateways().first().cloned()),
        Err(e) if is_not_found(&e) => Ok(None),
        Err(e) => Err(vec![diag("reading EC2 NAT Gateway", &e)]),
    }
}
