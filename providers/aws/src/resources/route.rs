//! `aws_route`: one route in a route table. The ID is Terraform's:
//! `r-<route table ID><CRC-32 of the destination>`; imports take
//! `<route table ID>_<destination>`.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::Route;
use terrace_provider::{Attribute, Block, Diag, Diags, Type, Value};

use super::net_util::read_back;
use super::route_table::ROUTE_DEST;
use crate::attrs::{get_str, get_string, opt_s, s, Attrs};
use crate::config::AwsConfig;
use crate::errors::{diag, is_not_found};
use crate::resource::{AwsResource, Ctx};
use crate::wait::{until, Poll};

pub struct RouteRes;

const DESTINATIONS: [&str; 3] = ["destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id"];
const TARGETS: [&str; 10] = [
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

/// CRC-32 (IEEE), as Terraform's hashcode.String uses for route IDs.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

pub fn route_id(table: &str, destination: &str) -> String {
    format!("r-{table}{}", crc32(destination.as_bytes()))
}

fn destination(a: &Attrs) -> Option<String> {
    DESTINATIONS.iter().find_map(|k| get_string(a, k))
}

fn matches(r: &Route, dest: &str) -> bool {
    r.destination_cidr_block() == Some(dest) || r.destination_ipv6_cidr_block() == Some(dest) || r.destination_prefix_list_id() == Some(dest)
}

#[async_trait]
impl AwsResource for RouteRes {
    fn type_name(&self) -> &'static str {
        "aws_route"
    }
    fn schema(&self) -> Block {
        let mut b = Block::new()
            .attr("route_table_id", Attribute::required(Type::String).force_new())
            .attr("instance_owner_id", Attribute::computed(Type::String))
            .attr("origin", Attribute::computed(Type::String))
            .attr("state", Attribute::computed(Type::String));
        for d in DESTINATIONS {
            b = b.attr(d, Attribute::optional(Type::String).force_new());
        }
        for t in TARGETS {
            b = b.attr(t, if matches!(t, "instance_id" | "network_interface_id") { Attribute::optional_computed(Type::String) } else { Attribute::optional(Type::String) });
        }
        b
    }
    fn timeouts(&self) -> &'static [&'static str] {
        &["create", "delete"]
    }
    fn plan(&self, _cfg: &AwsConfig, prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        if prior.is_empty() {
            return;
        }
        // A new target: what AWS derives (the instance of an interface and the reverse) is
        // known again after the change.
        let changed = TARGETS.iter().any(|t| config.get(*t).is_some_and(|v| !v.is_null()) && !super::net_util::same(config.get(*t), prior.get(*t)));
        if changed {
            for t in ["instance_id", "network_interface_id", "instance_owner_id"] {
                if config.get(t).is_none_or(|v| v.is_null()) {
                    planned.insert(t.into(), Value::unknown(Type::String));
                }
            }
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let table = get_string(p, "route_table_id").unwrap_or_default();
        let Some(dest) = destination(p) else {
            return Err(vec![Diag::error("Missing route destination", "One of destination_cidr_block, destination_ipv6_cidr_block or destination_prefix_list_id must be set.")]);
        };
        super::route_table::create_route(ctx, &table, p, ROUTE_DEST, "creating Route in Route Table").await?;
        let id = route_id(&table, &dest);
        until(&format!("route {dest} in {table} to be visible"), ctx.timeout("create", Duration::from_secs(120)), || async {
            Ok(match find(ctx, &table, &dest).await? {
                Some(_) => Poll::Ready(()),
                None => Poll::Pending("not visible yet".into()),
            })
        })
        .await?;
        read_back("Route", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let (Some(table), Some(dest)) = (get_string(state, "route_table_id"), destination(state)) else { return Ok(None) };
        let Some(r) = find(ctx, &table, &dest).await? else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(route_id(&table, &dest)));
        a.insert("route_table_id".into(), s(&table));
        a.insert("destination_cidr_block".into(), opt_s(r.destination_cidr_block()));
        a.insert("destination_ipv6_cidr_block".into(), opt_s(r.destination_ipv6_cidr_block()));
        a.insert("destination_prefix_list_id".into(), opt_s(r.destination_prefix_list_id()));
        a.insert("carrier_gateway_id".into(), opt_s(r.carrier_gateway_id()));
        a.insert("egress_only_gateway_id".into(), opt_s(r.egress_only_internet_gateway_id()));
        let gw = r.gateway_id();
        a.insert("gateway_id".into(), opt_s(gw.filter(|g| !g.starts_with("vpce-"))));
        a.insert("vpc_endpoint_id".into(), opt_s(gw.filter(|g| g.starts_with("vpce-"))));
        a.insert("instance_id".into(), opt_s(r.instance_id()));
        a.insert("instance_owner_id".into(), opt_s(r.instance_owner_id()));
        a.insert("local_gateway_id".into(), opt_s(r.local_gateway_id()));
        a.insert("nat_gateway_id".into(), opt_s(r.nat_gateway_id()));
        a.insert("network_interface_id".into(), opt_s(r.network_interface_id()));
        a.insert("transit_gateway_id".into(), opt_s(r.transit_gateway_id()));
        a.insert("vpc_peering_connection_id".into(), opt_s(r.vpc_peering_connection_id()));
        a.insert("origin".into(), opt_s(r.origin().map(|o| o.as_str())));
        a.insert("state".into(), opt_s(r.state().map(|o| o.as_str())));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let table = get_string(prior, "route_table_id").unwrap_or_default();
        let g = |k: &str| get_string(p, k);
        // An interface the plan only carried over from the instance is not sent.
        let nic = if g("instance_id").is_some() { None } else { g("network_interface_id") };
        ctx.clients
            .ec2
            .replace_route()
            .route_table_id(&table)
            .set_destination_cidr_block(g("destination_cidr_block"))
            .set_destination_ipv6_cidr_block(g("destination_ipv6_cidr_block"))
            .set_destination_prefix_list_id(g("destination_prefix_list_id"))
            .set_carrier_gateway_id(g("carrier_gateway_id"))
            .set_egress_only_internet_gateway_id(g("egress_only_gateway_id"))
            .set_gateway_id(g("gateway_id"))
            .set_instance_id(g("instance_id"))
            .set_local_gateway_id(g("local_gateway_id"))
            .set_nat_gateway_id(g("nat_gateway_id"))
            .set_network_interface_id(nic)
            .set_transit_gateway_id(g("transit_gateway_id"))
            .set_vpc_endpoint_id(g("vpc_endpoint_id"))
            .set_vpc_peering_connection_id(g("vpc_peering_connection_id"))
            .send()
            .await
            .map_err(|e| vec![diag("updating Route in Route Table", &e)])?;
        let mut st = p.clone();
        st.insert("id".into(), prior.get("id").cloned().unwrap_or_else(|| s("")));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(table) = get_str(state, "route_table_id") else { return Ok(()) };
        super::route_table::delete_route(ctx, table, state, ROUTE_DEST, "deleting Route in Route Table").await
    }
    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Option<Attrs>, Diags> {
        let Some((table, dest)) = id.split_once('_') else {
            return Err(vec![Diag::error("Invalid import ID", format!("{id:?}: an aws_route is imported as ROUTETABLEID_DESTINATION (rtb-123_10.0.0.0/16, rtb-123_::/0 or rtb-123_pl-123)."))]);
        };
        let key = if dest.starts_with("pl-") {
            "destination_prefix_list_id"
        } else if dest.contains(':') {
            "destination_ipv6_cidr_block"
        } else {
            "destination_cidr_block"
        };
        let mut a = Attrs::new();
        a.insert("route_table_id".into(), s(table));
        a.insert(key.into(), s(dest));
        self.read(ctx, &a).await
    }
}

async fn find(ctx: &Ctx<'_>, table: &str, dest: &str) -> Result<Option<Route>, Diags> {
    match ctx.clients.ec2.describe_route_tables().route_table_ids(table).send().await {
        Ok(o) => Ok(o.route_tables().first().and_then(|t| t.routes().iter().find(|r| matches(r, dest)).cloned())),
        Err(e) if is_not_found(&e) => Ok(None),
        Err(e) => Err(vec![diag("reading Route Table", &e)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_as_terraform() {
        // hashcode.String("0.0.0.0/0") in Terraform's aws provider.
        assert_eq!(crc32(b"0.0.0.0/0"), 1080289494);
        assert_eq!(route_id("rtb-1", "0.0.0.0/0"), "r-rtb-11080289494");
    }
}
