//! `aws_route_table`, with inline `route` blocks (Terraform 3.x: an optional and computed
//! set of route objects; leaving it out keeps whatever routes the table has) and
//! `propagating_vgws`.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::{ResourceType, Route};
use terrace_provider::{Attribute, Block, Diags, Type, Value};

use super::ec2_tags;
use super::net_util::{delete_retrying, ec2_arn, read_back, Gone};
use crate::attrs::{attrs_of, get_str, get_string, get_strings, opt_s, s, Attrs};
use crate::config::AwsConfig;
use crate::errors::{code, diag, is_not_found};
use crate::resource::{AwsResource, Ctx};
use crate::wait::{until, Poll};

pub struct RouteTable;

/// The attributes of one inline route: destinations, then targets.
pub const ROUTE_FIELDS: [&str; 13] = [
    "cidr_block",
    "ipv6_cidr_block",
    "destination_prefix_list_id",
    "carrier_gateway_id",
    "egress_only_gateway_id",
    "gateway_id",
    "instance_id",
    "local_gateway_id",
    "nat_gateway_id",
    "network_interface_id",
    "transit_gateway_id",
    "vpc_endpoint_id",
    "vpc_peering_connection_id",
];

fn route_type() -> Type {
    Type::object(ROUTE_FIELDS.iter().map(|f| (f.to_string(), Type::String)).collect())
}

/// A route object with unset fields as "" (as Terraform stores set elements).
fn normalise(route: &Attrs) -> Value {
    let mut m = BTreeMap::new();
    for f in ROUTE_FIELDS {
        let v = route.get(f).cloned().filter(|v| !v.is_null()).unwrap_or_else(|| s(""));
        m.insert(f.to_string(), v);
    }
    Value::object(m)
}

/// The route object Terraform records for a route AWS reports, or None for routes the
/// table does not manage (the local route, propagated routes, VPC endpoint routes).
fn from_aws(r: &Route) -> Option<Value> {
    let gw = r.gateway_id().unwrap_or_default();
    if gw == "local" || r.origin().is_some_and(|o| o.as_str() == "EnableVgwRoutePropagation") {
        return None;
    }
    if r.destination_prefix_list_id().is_some() && gw.starts_with("vpce-") {
        return None;
    }
    let mut a = Attrs::new();
    let mut put = |k: &str, v: Option<&str>| {
        a.insert(k.into(), s(v.unwrap_or_default()));
    };
    put("cidr_block", r.destination_cidr_block());
    put("ipv6_cidr_block", r.destination_ipv6_cidr_block());
    put("destination_prefix_list_id", r.destination_prefix_list_id());
    put("carrier_gateway_id", r.carrier_gateway_id());
    put("egress_only_gateway_id", r.egress_only_internet_gateway_id());
    if gw.starts_with("vpce-") {
        put("vpc_endpoint_id", Some(gw));
        put("gateway_id", None);
    } else {
        put("gateway_id", r.gateway_id());
        put("vpc_endpoint_id", None);
    }
    put("instance_id", r.instance_id());
    put("local_gateway_id", r.local_gateway_id());
    put("nat_gateway_id", r.nat_gateway_id());
    // A route to an instance goes through its network interface; the instance is what
    // is configured.
    put("network_interface_id", if r.instance_id().is_some() { None } else { r.network_interface_id() });
    put("transit_gateway_id", r.transit_gateway_id());
    put("vpc_peering_connection_id", r.vpc_peering_connection_id());
    Some(normalise(&a))
}

fn routes(a: &Attrs) -> Vec<Value> {
    a.get("route").and_then(|v| v.as_elements()).map(|es| es.to_vec()).unwrap_or_default()
}

#[async_trait]
impl AwsResource for RouteTable {
    fn type_name(&self) -> &'static str {
        "aws_route_table"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("vpc_id", Attribute::required(Type::String).force_new())
            .attr("route", Attribute::optional_computed(Type::set(route_type())))
            .attr("propagating_vgws", Attribute::optional_computed(Type::set(Type::String)))
            .attr("arn", Attribute::computed(Type::String))
            .attr("owner_id", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn token_tagged(&self) -> Option<&'static str> {
        Some("route-table")
    }
    fn plan(&self, _cfg: &AwsConfig, _prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        if config.get("route").is_some_and(|v| !v.is_null() && v.is_known()) {
            let rs: Vec<Value> = routes(planned).iter().map(|r| if r.is_known() { normalise(&attrs_of(r)) } else { r.clone() }).collect();
            planned.insert("route".into(), Value::set(route_type(), rs));
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let mut req = ec2.create_route_table().set_vpc_id(get_string(p, "vpc_id"));
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::RouteTable) {
            req = req.tag_specifications(spec);
        }
        let out = req.send().await.map_err(|e| vec![diag("creating EC2 Route Table", &e)])?;
        let id = out.route_table().and_then(|t| t.route_table_id()).unwrap_or_default().to_string();
        until(&format!("route table {id} to be visible"), ctx.timeout("create", Duration::from_secs(300)), || async {
            match ec2.describe_route_tables().route_table_ids(&id).send().await {
                Ok(o) if !o.route_tables().is_empty() => Ok(Poll::Ready(())),
                Ok(_) => Ok(Poll::Pending("not visible yet".into())),
                Err(e) if is_not_found(&e) => Ok(Poll::Pending("not visible yet".into())),
                Err(e) => Err(vec![diag("reading EC2 Route Table", &e)]),
            }
        })
        .await?;
        for vgw in get_strings(p, "propagating_vgws") {
            ec2.enable_vgw_route_propagation().route_table_id(&id).gateway_id(vgw).send().await.map_err(|e| vec![diag("enabling EC2 Route Table VGW propagation", &e)])?;
        }
        for r in routes(p) {
            create_route(ctx, &id, &attrs_of(&r), INLINE_DEST, "creating EC2 Route Table route").await?;
        }
        read_back("EC2 Route Table", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let out = match ctx.clients.ec2.describe_route_tables().route_table_ids(id).send().await {
            Ok(o) => o,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading EC2 Route Table", &e)]),
        };
        let Some(t) = out.route_tables().first() else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        a.insert("vpc_id".into(), opt_s(t.vpc_id()));
        a.insert("owner_id".into(), opt_s(t.owner_id()));
        a.insert("arn".into(), s(ec2_arn(ctx, t.owner_id(), "route-table", id)));
        a.insert("route".into(), Value::set(route_type(), t.routes().iter().filter_map(from_aws).collect()));
        let vgws: Vec<Value> = t.propagating_vgws().iter().filter_map(|g| g.gateway_id()).map(s).collect();
        a.insert("propagating_vgws".into(), Value::set(Type::String, vgws));
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(t.tags()));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        let ec2 = &ctx.clients.ec2;
        let (old_vgw, new_vgw) = (get_strings(prior, "propagating_vgws"), get_strings(p, "propagating_vgws"));
        for g in old_vgw.iter().filter(|g| !new_vgw.contains(g)) {
            ec2.disable_vgw_route_propagation().route_table_id(&id).gateway_id(g).send().await.map_err(|e| vec![diag("disabling EC2 Route Table VGW propagation", &e)])?;
        }
        for g in new_vgw.iter().filter(|g| !old_vgw.contains(g)) {
            ec2.enable_vgw_route_propagation().route_table_id(&id).gateway_id(g).send().await.map_err(|e| vec![diag("enabling EC2 Route Table VGW propagation", &e)])?;
        }
        let (old, new) = (routes(prior), routes(p));
        for r in old.iter().filter(|r| !new.iter().any(|n| n.raw_equals(r))) {
            delete_route(ctx, &id, &attrs_of(r), INLINE_DEST, "deleting EC2 Route Table route").await?;
        }
        for r in new.iter().filter(|r| !old.iter().any(|o| o.raw_equals(r))) {
            create_route(ctx, &id, &attrs_of(r), INLINE_DEST, "creating EC2 Route Table route").await?;
        }
        ec2_tags::update(ctx, &id, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        let ec2 = &ctx.clients.ec2;
        // Associations go first, as Terraform does.
        match ec2.describe_route_tables().route_table_ids(id).send().await {
            Ok(o) => {
                for assoc in o.route_tables().iter().flat_map(|t| t.associations()).filter(|x| x.main() != Some(true)) {
                    if let Some(aid) = assoc.route_table_association_id() {
                        match ec2.disassociate_route_table().association_id(aid).send().await {
                            Ok(_) => {}
                            Err(e) if is_not_found(&e) => {}
                            Err(e) => return Err(vec![diag("disassociating EC2 Route Table", &e)]),
                        }
                    }
                }
            }
            Err(e) if is_not_found(&e) => return Ok(()),
            Err(e) => return Err(vec![diag("reading EC2 Route Table", &e)]),
        }
        delete_retrying(ctx, &format!("route table {id}"), Duration::from_secs(300), || async {
            match ec2.delete_route_table().route_table_id(id).send().await {
                Ok(_) => Ok(Gone::Done),
                Err(e) if is_not_found(&e) => Ok(Gone::Done),
                Err(e) if code(&e).as_deref() == Some("DependencyViolation") => Ok(Gone::Busy("in use".into())),
                Err(e) => Err(vec![diag("deleting EC2 Route Table", &e)]),
            }
        })
        .await
    }
}

/// The destination arguments of a route, IPv4 CIDR, IPv6 CIDR and prefix list: a route
/// table's inline `route` names them one way, `aws_route` another. The targets share names.
pub const INLINE_DEST: [&str; 3] = ["cidr_block", "ipv6_cidr_block", "destination_prefix_list_id"];
pub const ROUTE_DEST: [&str; 3] = ["destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"];

/// CreateRoute for the route `r` (destination argument names `dest`); `what` names the
/// operation in errors.
pub async fn create_route(ctx: &Ctx<'_>, table: &str, r: &Attrs, dest: [&str; 3], what: &str) -> Result<(), Diags> {
    let g = |k: &str| get_string(r, k);
    ctx.clients
        .ec2
        .create_route()
        .route_table_id(table)
        .set_destination_cidr_block(g(dest[0]))
        .set_destination_ipv6_cidr_block(g(dest[1]))
        .set_destination_prefix_list_id(g(dest[2]))
        .set_carrier_gateway_id(g("carrier_gateway_id"))
        .set_egress_only_internet_gateway_id(g("egress_only_gateway_id"))
        .set_gateway_id(g("gateway_id"))
        .set_instance_id(g("instance_id"))
        .set_local_gateway_id(g("local_gateway_id"))
        .set_nat_gateway_id(g("nat_gateway_id"))
        .set_network_interface_id(g("network_interface_id"))
        .set_transit_gateway_id(g("transit_gateway_id"))
        .set_vpc_peering_connection_id(g("vpc_peering_connection_id"))
        .set_vpc_endpoint_id(g("vpc_endpoint_id"))
        .send()
        .await
        .map_err(|e| vec![diag(what, &e)])?;
    Ok(())
}

/// DeleteRoute for the route `r` (destination argument names `dest`); a route already
/// gone is not an error.
pub async fn delete_route(ctx: &Ctx<'_>, table: &str, r: &Attrs, dest: [&str; 3], what: &str) -> Result<(), Diags> {
    let g = |k: &str| get_string(r, k);
    let res = ctx
        .clients
        .ec2
        .delete_route()
        .route_table_id(table)
        .set_destination_cidr_block(g(dest[0]))
        .set_destination_ipv6_cidr_block(g(dest[1]))
        .set_destination_prefix_list_id(g(dest[2]))
        .send()
        .await;
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_not_found(&e) => Ok(()),
        Err(e) => Err(vec![diag(what, &e)]),
    }
}
