//! One file per resource type; `all()` is the registry.

use std::sync::Arc;

use crate::resource::AwsResource;

pub mod ec2_tags;
pub mod net_util;
pub mod subnet;
pub mod internet_gateway;
pub mod route_table;
pub mod route;
pub mod route_table_association;
pub mod sg_rules;
pub mod security_group;
pub mod security_group_rule;
pub mod eip;
pub mod nat_gateway;
pub mod key_pair;
pub mod vpc;

/// Every resource type the provider has.
pub fn all() -> Vec<Arc<dyn AwsResource>> {
    vec![
        Arc::new(vpc::Vpc),
        Arc::new(subnet::Subnet),
        Arc::new(internet_gateway::InternetGateway),
        Arc::new(route_table::RouteTable),
        Arc::new(route::RouteRes),
        Arc::new(route_table_association::RouteTableAssociation),
        Arc::new(security_group::SecurityGroup),
        Arc::new(security_group_rule::SecurityGroupRule),
        Arc::new(eip::Eip),
        Arc::new(nat_gateway::NatGateway),
        Arc::new(key_pair::KeyPair),
    ]
}
