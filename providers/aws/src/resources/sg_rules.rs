//! Security group rules as Terraform models them: one object per rule (protocol, ports,
//! sources, description), converted to and from EC2 IpPermissions, and the matching
//! of what AWS reports against the rules already in state (AWS merges rules with the
//! same protocol and ports into one permission).

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{IpPermission, IpRange, Ipv6Range, PrefixListId, UserIdGroupPair};
use terrace_provider::{Type, Value};

use crate::attrs::{attrs_of, b, get_bool, get_i64, get_string, get_strings, n, s, strings, Attrs};

/// The object type of an inline `ingress` / `egress` rule.
pub fn rule_type() -> Type {
    let mut m = BTreeMap::new();
    for k in ["cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids"] {
        m.insert(k.to_string(), Type::list(Type::String));
    }
    m.insert("security_groups".into(), Type::set(Type::String));
    m.insert("description".into(), Type::String);
    m.insert("protocol".into(), Type::String);
    m.insert("from_port".into(), Type::Number);
    m.insert("to_port".into(), Type::Number);
    m.insert("self".into(), Type::Bool);
    Type::object(m)
}

/// A protocol as AWS reports it: names for the common numbers, "-1" for all.
pub fn protocol(p: &str) -> String {
    match p.to_ascii_lowercase().as_str() {
        "all" | "-1" => "-1".into(),
        "6" | "tcp" => "tcp".into(),
        "17" | "udp" => "udp".into(),
        "1" | "icmp" => "icmp".into(),
        "58" | "icmpv6" => "icmpv6".into(),
        other => other.to_string(),
    }
}

/// One rule, typed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Rule {
    pub protocol: String,
    pub from_port: i64,
    pub to_port: i64,
    pub cidr_blocks: Vec<String>,
    pub ipv6_cidr_blocks: Vec<String>,
    pub prefix_list_ids: Vec<String>,
    pub security_groups: Vec<String>,
    pub self_: bool,
    pub description: String,
}

impl Rule {
    pub fn from_attrs(a: &Attrs) -> Rule {
        let mut sgs = get_strings(a, "security_groups");
        sgs.sort();
        Rule {
            protocol: protocol(&get_string(a, "protocol").unwrap_or_default()),
            from_port: get_i64(a, "from_port").unwrap_or(0),
            to_port: get_i64(a, "to_port").unwrap_or(0),
            cidr_blocks: get_strings(a, "cidr_blocks"),
            ipv6_cidr_blocks: get_strings(a, "ipv6_cidr_blocks"),
            prefix_list_ids: get_strings(a, "prefix_list_ids"),
            security_groups: sgs,
            self_: get_bool(a, "self").unwrap_or(false),
            description: get_string(a, "description").unwrap_or_default(),
        }
    }

    /// The rule as a set element, every attribute set (Terraform stores zero values).
    pub fn to_value(&self) -> Value {
        let mut m = BTreeMap::new();
        m.insert("protocol".into(), s(&self.protocol));
        m.insert("from_port".into(), n(self.from_port));
        m.insert("to_port".into(), n(self.to_port));
        m.insert("cidr_blocks".into(), strings(&self.cidr_blocks));
        m.insert("ipv6_cidr_blocks".into(), strings(&self.ipv6_cidr_blocks));
        m.insert("prefix_list_ids".into(), strings(&self.prefix_list_ids));
        m.insert("security_groups".into(), Value::set(Type::String, self.security_groups.iter().map(s).collect()));
        m.insert("self".into(), b(self.self_));
        m.insert("description".into(), s(&self.description));
        Value::object(m)
    }

    /// The IpPermission that grants this rule in group `own`.
    pub fn permission(&self, own: &str) -> IpPermission {
        let desc = || Some(self.description.clone()).filter(|d| !d.is_empty());
        let mut pairs: Vec<UserIdGroupPair> = self.security_groups.iter().map(|g| group_pair(g, desc())).collect();
        if self.self_ {
            pairs.push(UserIdGroupPair::builder().group_id(own).set_description(desc()).build());
        }
        let ports = self.protocol != "-1";
        IpPermission::builder()
            .ip_protocol(&self.protocol)
            .set_from_port(ports.then_some(self.from_port as i32))
            .set_to_port(ports.then_some(self.to_port as i32))
            .set_ip_ranges(Some(self.cidr_blocks.iter().map(|c| IpRange::builder().cidr_ip(c).set_description(desc()).build()).collect()))
            .set_ipv6_ranges(Some(self.ipv6_cidr_blocks.iter().map(|c| Ipv6Range::builder().cidr_ipv6(c).set_description(desc()).build()).collect()))
            .set_prefix_list_ids(Some(self.prefix_list_ids.iter().map(|c| PrefixListId::builder().prefix_list_id(c).set_description(desc()).build()).collect()))
            .set_user_id_group_pairs(Some(pairs))
            .build()
    }

    fn sources(&self, own: &str) -> Vec<Source> {
        let mut out = Vec::new();
        out.extend(self.cidr_blocks.iter().map(|c| Source::Cidr(c.clone())));
        out.extend(self.ipv6_cidr_blocks.iter().map(|c| Source::Ipv6(c.clone())));
        out.extend(self.prefix_list_ids.iter().map(|c| Source::PrefixList(c.clone())));
        out.extend(self.security_groups.iter().map(|c| Source::Group(c.clone())));
        if self.self_ {
            out.push(Source::Group(own.to_string()));
        }
        out
    }
}

/// `sg-123` or `account/sg-123`.
fn group_pair(g: &str, desc: Option<String>) -> UserIdGroupPair {
    match g.split_once('/') {
        Some((acct, id)) => UserIdGroupPair::builder().user_id(acct).group_id(id).set_description(desc).build(),
        None => UserIdGroupPair::builder().group_id(g).set_description(desc).build(),
    }
}

/// One source of a rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Cidr(String),
    Ipv6(String),
    PrefixList(String),
    Group(String),
}

/// One (protocol, ports, description, source) grant AWS reports.
pub type Grant = ((String, i64, i64), String, Source);

pub fn grants(perms: &[IpPermission]) -> Vec<Grant> {
    let mut out = Vec::new();
    for p in perms {
        let proto = protocol(p.ip_protocol().unwrap_or("-1"));
        let (from, to) = if proto == "-1" { (0, 0) } else { (i64::from(p.from_port().unwrap_or(0)), i64::from(p.to_port().unwrap_or(0))) };
        let key = (proto, from, to);
        let d = |x: Option<&str>| x.unwrap_or_default().to_string();
        for r in p.ip_ranges() {
            out.push((key.clone(), d(r.description()), Source::Cidr(d(r.cidr_ip()))));
        }
        for r in p.ipv6_ranges() {
            out.push((key.clone(), d(r.description()), Source::Ipv6(d(r.cidr_ipv6()))));
        }
        for r in p.prefix_list_ids() {
            out.push((key.clone(), d(r.description()), Source::PrefixList(d(r.prefix_list_id()))));
        }
        for r in p.user_id_group_pairs() {
            out.push((key.clone(), d(r.description()), Source::Group(d(r.group_id()))));
        }
    }
    out
}

/// The rules of group `own` from what AWS reports, shaped like `prior`'s rules where
/// AWS still has everything a prior rule grants (as Terraform matches them), and the
/// rest grouped by protocol, ports and description.
pub fn from_aws(own: &str, perms: &[IpPermission], prior: &[Rule]) -> Vec<Rule> {
    let mut left = grants(perms);
    let mut out = Vec::new();
    for r in prior {
        let key = (r.protocol.clone(), r.from_port, r.to_port);
        let wanted: Vec<Grant> = r.sources(own).into_iter().map(|src| (key.clone(), r.description.clone(), src)).collect();
        if !wanted.is_empty() && wanted.iter().all(|g| left.contains(g)) {
            left.retain(|g| !wanted.contains(g));
            out.push(r.clone());
        }
    }
    let mut groups: BTreeMap<((String, i64, i64), String), Rule> = BTreeMap::new();
    for (key, desc, src) in left {
        let r = groups.entry((key.clone(), desc.clone())).or_insert_with(|| Rule { protocol: key.0.clone(), from_port: key.1, to_port: key.2, description: desc, ..Rule::default() });
        match src {
            Source::Cidr(c) => r.cidr_blocks.push(c),
            Source::Ipv6(c) => r.ipv6_cidr_blocks.push(c),
            Source::PrefixList(c) => r.prefix_list_ids.push(c),
            Source::Group(g) if g == own => r.self_ = true,
            Source::Group(g) => r.security_groups.push(g),
        }
    }
    out.extend(groups.into_values().map(|mut r| {
        r.security_groups.sort();
        r
    }));
    out
}

/// The rules of a set attribute.
pub fn rules_of(a: &Attrs, k: &str) -> Vec<Rule> {
    a.get(k).and_then(|v| v.as_elements()).map(|es| es.iter().map(|e| Rule::from_attrs(&attrs_of(e))).collect()).unwrap_or_default()
}

pub fn rules_value(rules: &[Rule]) -> Value {
    Value::set(rule_type(), rules.iter().map(Rule::to_value).collect())
}
