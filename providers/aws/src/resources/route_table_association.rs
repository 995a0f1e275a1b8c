//! `aws_route_table_association`: a subnet or gateway associated with a route table.
//! Imports take `subnet-id/rtb-id` or `igw-id/rtb-id`.

use async_trait::async_trait;
use aws_sdk_ec2::types::RouteTableAssociation as SdkAssoc;
use terrace_provider::{Attribute, Block, Diag, Diags, Type};

use super::net_util::{filter, read_back};
use crate::attrs::{get_str, get_string, opt_s, s, Attrs};
use crate::errors::{diag, is_not_found};
use crate::resource::{AwsResource, Ctx};

pub struct RouteTableAssociation;

#[async_trait]
impl AwsResource for RouteTableAssociation {
    fn type_name(&self) -> &'static str {
        "aws_route_table_association"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("route_table_id", Attribute::required(Type::String))
            .attr("subnet_id", Attribute::optional(Type::String).force_new())
            .attr("gateway_id", Attribute::optional(Type::String).force_new())
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let (subnet, gateway) = (get_string(p, "subnet_id"), get_string(p, "gateway_id"));
        if subnet.is_some() == gateway.is_some() {
            return Err(vec![Diag::error("Invalid route table association", "Exactly one of subnet_id and gateway_id must be set.")]);
        }
        let out = ctx
            .clients
            .ec2
            .associate_route_table()
            .set_route_table_id(get_string(p, "route_table_id"))
            .set_subnet_id(subnet)
            .set_gateway_id(gateway)
            .send()
            .await
            .map_err(|e| vec![diag("creating Route Table Association", &e)])?;
        let id = out.association_id().unwrap_or_default().to_string();
        read_back("Route Table Association", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let Some(assoc) = find(ctx, "association.route-table-association-id", id, |x| x.route_table_association_id() == Some(id)).await? else { return Ok(None) };
        Ok(Some(from_aws(state, &assoc)))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        let out = ctx
            .clients
            .ec2
            .replace_route_table_association()
            .association_id(&id)
            .set_route_table_id(get_string(p, "route_table_id"))
            .send()
            .await
            .map_err(|e| vec![diag("replacing Route Table Association", &e)])?;
        // AWS gives the association a new ID.
        let new_id = out.new_association_id().map(str::to_string).unwrap_or(id);
        let mut st = p.clone();
        st.insert("id".into(), s(&new_id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        match ctx.clients.ec2.disassociate_route_table().association_id(id).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(vec![diag("deleting Route Table Association", &e)]),
        }
    }
    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Option<Attrs>, Diags> {
        let Some((target, table)) = id.split_once('/').filter(|(a, b)| !a.is_empty() && !b.is_empty()) else {
            return Err(vec![Diag::error("Invalid import ID", format!("{id:?}: an aws_route_table_association is imported as SUBNET_ID/ROUTE_TABLE_ID or GATEWAY_ID/ROUTE_TABLE_ID."))]);
        };
        let key = if target.starts_with("subnet-") { "association.subnet-id" } else { "association.gateway-id" };
        let found = find(ctx, key, target, |x| x.route_table_id() == Some(table) && (x.subnet_id() == Some(target) || x.gateway_id() == Some(target))).await?;
        Ok(found.map(|assoc| from_aws(&Attrs::new(), &assoc)))
    }
}

fn from_aws(state: &Attrs, x: &SdkAssoc) -> Attrs {
    let mut a = state.clone();
    a.insert("id".into(), opt_s(x.route_table_association_id()));
    a.insert("route_table_id".into(), opt_s(x.route_table_id()));
    a.insert("subnet_id".into(), opt_s(x.subnet_id()));
    a.insert("gateway_id".into(), opt_s(x.gateway_id()));
    a
}

/// The association found through a describe filter that `pick` accepts (one that is
/// being or has been disassociated does not count).
async fn find(ctx: &Ctx<'_>, key: &str, value: &str, pick: impl Fn(&SdkAssoc) -> bool) -> Result<Option<SdkAssoc>, Diags> {
    let out = match ctx.clients.ec2.describe_route_tables().filters(filter(key, value)).send().await {
        Ok(o) => o,
        Err(e) if is_not_found(&e) => return Ok(None),
        Err(e) => return Err(vec![diag("reading Route Table Association", &e)]),
    };
    let live = |x: &&SdkAssoc| x.association_state().and_then(|st| st.state()).is_none_or(|st| !matches!(st.as_str(), "disassociated" | "disassociating" | "failed"));
    Ok(out.route_tables().iter().flat_map(|t| t.associations()).filter(live).find(|x| pick(x)).cloned())
}
