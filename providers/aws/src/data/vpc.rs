//! `data "aws_vpc"`: one VPC by id, CIDR block, default flag, state, tags or filters.

use std::collections::BTreeMap;

use async_trait::async_trait;
use aws_sdk_ec2::types::VpcAttributeName;
use terrace_provider::{Attribute, Block, Diag, Diags, Type, Value};

use super::ec2_filters::{filter_block, filters, one};
use crate::attrs::{b, get_bool, get_string, opt_s, s, string_map, Attrs};
use crate::errors::diag;
use crate::resource::{AwsDataSource, Ctx};
use crate::resources::ec2_tags::from_sdk;
use crate::resources::net_util::{ec2_arn, filter};

pub struct VpcData;

fn assoc_type() -> Type {
    Type::object(["association_id", "cidr_block", "state"].iter().map(|k| (k.to_string(), Type::String)).collect())
}

#[async_trait]
impl AwsDataSource for VpcData {
    fn type_name(&self) -> &'static str {
        "aws_vpc"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("id", Attribute::optional_computed(Type::String))
            .attr("cidr_block", Attribute::optional_computed(Type::String))
            .attr("default", Attribute::optional_computed(Type::Bool))
            .attr("dhcp_options_id", Attribute::optional_computed(Type::String))
            .attr("state", Attribute::optional_computed(Type::String))
            .attr("tags", Attribute::optional_computed(Type::map(Type::String)))
            .attr("arn", Attribute::computed(Type::String))
            .attr("cidr_block_associations", Attribute::computed(Type::list(assoc_type())))
            .attr("enable_dns_hostnames", Attribute::computed(Type::Bool))
            .attr("enable_dns_support", Attribute::computed(Type::Bool))
            .attr("instance_tenancy", Attribute::computed(Type::String))
            .attr("ipv6_association_id", Attribute::computed(Type::String))
            .attr("ipv6_cidr_block", Attribute::computed(Type::String))
            .attr("main_route_table_id", Attribute::computed(Type::String))
            .attr("owner_id", Attribute::computed(Type::String))
            .block("filter", filter_block())
    }
    async fn read(&self, ctx: &Ctx<'_>, config: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let mut fs = filters(config);
        fs.extend(one("cidr", get_string(config, "cidr_block")));
        fs.extend(one("dhcp-options-id", get_string(config, "dhcp_options_id")));
        fs.extend(one("state", get_string(config, "state")));
        fs.extend(one("is-default", get_bool(config, "default").map(|d| d.to_string())));
        let mut req = ec2.describe_vpcs().set_filters(Some(fs).filter(|f| !f.is_empty()));
        if let Some(id) = get_string(config, "id") {
            req = req.vpc_ids(id);
        }
        let out = req.send().await.map_err(|e| vec![diag("reading EC2 VPCs", &e)])?;
        let v = match out.vpcs() {
            [v] => v,
            [] => return Err(vec![Diag::error("no matching VPC found", "No VPC matches the arguments of this data source.")]),
            _ => return Err(vec![Diag::error("multiple VPCs matched; use additional constraints to reduce matches to a single VPC", "")]),
        };
        let id = v.vpc_id().unwrap_or_default();
        let mut a = Attrs::new();
        a.insert("id".into(), s(id));
        a.insert("cidr_block".into(), opt_s(v.cidr_block()));
        a.insert("default".into(), b(v.is_default().unwrap_or(false)));
        a.insert("dhcp_options_id".into(), opt_s(v.dhcp_options_id()));
        a.insert("state".into(), opt_s(v.state().map(|x| x.as_str())));
        a.insert("tags".into(), string_map(&from_sdk(v.tags())));
        a.insert("instance_tenancy".into(), opt_s(v.instance_tenancy().map(|x| x.as_str())));
        a.insert("owner_id".into(), opt_s(v.owner_id()));
        a.insert("arn".into(), s(ec2_arn(ctx, v.owner_id(), "vpc", id)));
        let assocs: Vec<Value> = v
            .cidr_block_association_set()
            .iter()
            .map(|x| {
                let mut m = BTreeMap::new();
                m.insert("association_id".to_string(), s(x.association_id().unwrap_or_default()));
                m.insert("cidr_block".to_string(), s(x.cidr_block().unwrap_or_default()));
                m.insert("state".to_string(), s(x.cidr_block_state().and_then(|st| st.state()).map(|st| st.as_str()).unwrap_or_default()));
                Value::object(m)
            })
            .collect();
        a.insert("cidr_block_associations".into(), Value::list(assoc_type(), assocs));
        let ipv6 = v.ipv6_cidr_block_association_set().first();
        a.insert("ipv6_cidr_block".into(), opt_s(ipv6.and_then(|x| x.ipv6_cidr_block())));
        a.insert("ipv6_association_id".into(), opt_s(ipv6.and_then(|x| x.association_id())));
        for (attr, key) in [("enable_dns_support", VpcAttributeName::EnableDnsSupport), ("enable_dns_hostnames", VpcAttributeName::EnableDnsHostnames)] {
            let r = ec2.describe_vpc_attribute().vpc_id(id).attribute(key.clone()).send().await.map_err(|e| vec![diag("reading EC2 VPC attribute", &e)])?;
            let val = if key == VpcAttributeName::EnableDnsSupport { r.enable_dns_support() } else { r.enable_dns_hostnames() };
            a.insert(attr.into(), val.and_then(|x| x.value()).map(b).unwrap_or_else(|| Value::null(Type::Bool)));
        }
        let rt = ec2.describe_route_tables().filters(filter("vpc-id", id)).filters(filter("association.main", "true")).send().await.map_err(|e| vec![diag("reading EC2 Route Tables", &e)])?;
        a.insert("main_route_table_id".into(), opt_s(rt.route_tables().first().and_then(|t| t.route_table_id())));
        Ok(a)
    }
}
