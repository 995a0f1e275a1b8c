//! `aws_security_group_rule`: one ingress or egress rule of a security group. The ID is
//! Terraform's (`sgrule-` and a CRC-32 of the rule); imports take
//! `SGID_TYPE_PROTOCOL_FROM_TO_SOURCE[_SOURCE...]` (`sg-1_ingress_tcp_80_80_10.0.0.0/8`).

use async_trait::async_trait;
use aws_sdk_ec2::types::{IpPermission, SecurityGroup as SdkGroup};
use terrace_provider::{Attribute, Block, Diag, Diags, Type};

use super::route::crc32;
use super::security_group::describe;
use super::sg_rules::{grants, protocol, Rule, Source};
use crate::attrs::{b, get_bool, get_i64, get_str, get_string, get_strings, n, opt_s, s, strings, Attrs};
use crate::config::AwsConfig;
use crate::errors::{code, diag};
use crate::resource::{default_if_unset, AwsResource, Ctx};

pub struct SecurityGroupRule;

/// The rule of a configuration or state.
fn rule(a: &Attrs) -> Rule {
    let mut sgs: Vec<String> = get_string(a, "source_security_group_id").into_iter().collect();
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

/// Terraform's ipPermissionIDHash.
pub fn rule_id(sg: &str, kind: &str, perm: &IpPermission) -> String {
    let mut buf = format!("{sg}-");
    for p in [perm.from_port(), perm.to_port()].into_iter().flatten().filter(|p| *p > 0) {
        buf.push_str(&format!("{p}-"));
    }
    buf.push_str(&format!("{}-{kind}-", perm.ip_protocol().unwrap_or_default()));
    let mut sorted = |mut v: Vec<&str>| {
        v.sort();
        for x in v {
            buf.push_str(x);
            buf.push('-');
        }
    };
    sorted(perm.ip_ranges().iter().filter_map(|r| r.cidr_ip()).collect());
    sorted(perm.ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6()).collect());
    sorted(perm.prefix_list_ids().iter().filter_map(|r| r.prefix_list_id()).collect());
    let mut pairs: Vec<(&str, &str)> = perm.user_id_group_pairs().iter().map(|p| (p.group_id().unwrap_or_default(), p.group_name().unwrap_or_default())).collect();
    pairs.sort();
    for (id, name) in pairs {
        buf.push_str(&format!("{id}-{name}-"));
    }
    format!("sgrule-{}", crc32(buf.as_bytes()))
}

/// The description AWS has for the rule, or None when a source of it is missing.
fn find(g: &SdkGroup, kind: &str, sg: &str, r: &Rule) -> Option<String> {
    let perms = if kind == "egress" { g.ip_permissions_egress() } else { g.ip_permissions() };
    let all = grants(perms);
    let key = (r.protocol.clone(), if r.protocol == "-1" { 0 } else { r.from_port }, if r.protocol == "-1" { 0 } else { r.to_port });
    let mut wanted: Vec<Source> = Vec::new();
    wanted.extend(r.cidr_blocks.iter().map(|c| Source::Cidr(c.clone())));
    wanted.extend(r.ipv6_cidr_blocks.iter().map(|c| Source::Ipv6(c.clone())));
    wanted.extend(r.prefix_list_ids.iter().map(|c| Source::PrefixList(c.clone())));
    wanted.extend(r.security_groups.iter().map(|c| Source::Group(c.rsplit('/').next().unwrap_or(c).to_string())));
    if r.self_ {
        wanted.push(Source::Group(sg.to_string()));
    }
    let mut desc = None;
    for w in &wanted {
        let (_, d, _) = all.iter().find(|(k, _, src)| *k == key && src == w)?;
        desc.get_or_insert_with(|| d.clone());
    }
    desc
}

#[async_trait]
impl AwsResource for SecurityGroupRule {
    fn type_name(&self) -> &'static str {
        "aws_security_group_rule"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("type", Attribute::required(Type::String).force_new())
            .attr("security_group_id", Attribute::required(Type::String).force_new())
            .attr("protocol", Attribute::required(Type::String).force_new())
            .attr("from_port", Attribute::required(Type::Number).force_new())
            .attr("to_port", Attribute::required(Type::Number).force_new())
            .attr("cidr_blocks", Attribute::optional(Type::list(Type::String)).force_new())
            .attr("ipv6_cidr_blocks", Attribute::optional(Type::list(Type::String)).force_new())
            .attr("prefix_list_ids", Attribute::optional(Type::list(Type::String)).force_new())
            .attr("self", Attribute::optional(Type::Bool).force_new())
            .attr("source_security_group_id", Attribute::optional_computed(Type::String).force_new())
            .attr("description", Attribute::optional(Type::String))
    }
    fn plan(&self, _cfg: &AwsConfig, _prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        default_if_unset(planned, config, "self", b(false));
        if let Some(p) = get_str(planned, "protocol") {
            let p = protocol(p);
            planned.insert("protocol".into(), s(p));
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let sg = get_string(p, "security_group_id").unwrap_or_default();
        let kind = get_string(p, "type").unwrap_or_default();
        let r = rule(p);
        if r.cidr_blocks.is_empty() && r.ipv6_cidr_blocks.is_empty() && r.prefix_list_ids.is_empty() && r.security_groups.is_empty() && !r.self_ {
            return Err(vec![Diag::error(
                "Invalid security group rule",
                "One of cidr_blocks, ipv6_cidr_blocks, prefix_list_ids, self or source_security_group_id must be set.",
            )]);
        }
        let perm = r.permission(&sg);
        let ec2 = &ctx.clients.ec2;
        let res = match kind.as_str() {
            "ingress" => ec2.authorize_security_group_ingress().group_id(&sg).ip_permissions(perm.clone()).send().await.map(|_| ()).map_err(|e| (code(&e), diag("authorizing Security Group ingress rule", &e))),
            "egress" => ec2.authorize_security_group_egress().group_id(&sg).ip_permissions(perm.clone()).send().await.map(|_| ()).map_err(|e| (code(&e), diag("authorizing Security Group egress rule", &e))),
            other => return Err(vec![Diag::error("Invalid security group rule type", format!("type is {other:?}; it must be \"ingress\" or \"egress\"."))]),
        };
        if let Err((c, d)) = res {
            if c.as_deref() == Some("InvalidPermission.Duplicate") {
                return Err(vec![d.with_detail_prefix_dup(&sg)]);
            }
            return Err(vec![d]);
        }
        let mut st = p.clone();
        st.insert("id".into(), s(rule_id(&sg, &kind, &perm)));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let (Some(sg), Some(kind)) = (get_string(state, "security_group_id"), get_string(state, "type")) else { return Ok(None) };
        let Some(g) = describe(ctx, &sg).await? else { return Ok(None) };
        let r = rule(state);
        let Some(desc) = find(&g, &kind, &sg, &r) else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(rule_id(&sg, &kind, &r.permission(&sg))));
        a.insert("description".into(), opt_s(Some(desc).filter(|d| !d.is_empty())));
        a.insert("protocol".into(), s(&r.protocol));
        a.insert("self".into(), b(r.self_));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let sg = get_string(p, "security_group_id").unwrap_or_default();
        let perm = rule(p).permission(&sg);
        let ec2 = &ctx.clients.ec2;
        if get_str(p, "type") == Some("egress") {
            ec2.update_security_group_rule_descriptions_egress().group_id(&sg).ip_permissions(perm).send().await.map_err(|e| vec![diag("updating Security Group egress rule description", &e)])?;
        } else {
            ec2.update_security_group_rule_descriptions_ingress().group_id(&sg).ip_permissions(perm).send().await.map_err(|e| vec![diag("updating Security Group ingress rule description", &e)])?;
        }
        let mut st = p.clone();
        st.insert("id".into(), prior.get("id").cloned().unwrap_or_else(|| s("")));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(sg) = get_string(state, "security_group_id") else { return Ok(()) };
        let perm = rule(state).permission(&sg);
        let ec2 = &ctx.clients.ec2;
        let res = if get_str(state, "type") == Some("egress") {
            ec2.revoke_security_group_egress().group_id(&sg).ip_permissions(perm).send().await.map(|_| ()).map_err(|e| (code(&e), diag("revoking Security Group egress rule", &e)))
        } else {
            ec2.revoke_security_group_ingress().group_id(&sg).ip_permissions(perm).send().await.map(|_| ()).map_err(|e| (code(&e), diag("revoking Security Group ingress rule", &e)))
        };
        match res {
            Ok(()) => Ok(()),
            Err((c, _)) if c.as_deref().is_some_and(|c| c == "InvalidPermission.NotFound" || c == "InvalidGroup.NotFound") => Ok(()),
            Err((_, d)) => Err(vec![d]),
        }
    }
    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Option<Attrs>, Diags> {
        let bad = || vec![Diag::error("Invalid import ID", format!("{id:?}: an aws_security_group_rule is imported as SGID_TYPE_PROTOCOL_FROMPORT_TOPORT_SOURCE[_SOURCE]*, e.g. sg-123_ingress_tcp_80_80_10.0.0.0/8."))];
        let parts: Vec<&str> = id.split('_').collect();
        if parts.len() < 6 || !matches!(parts[1], "ingress" | "egress") {
            return Err(bad());
        }
        let (Ok(from), Ok(to)) = (parts[3].parse::<i64>(), parts[4].parse::<i64>()) else { return Err(bad()) };
        let mut a = Attrs::new();
        a.insert("security_group_id".into(), s(parts[0]));
        a.insert("type".into(), s(parts[1]));
        a.insert("protocol".into(), s(protocol(parts[2])));
        a.insert("from_port".into(), n(from));
        a.insert("to_port".into(), n(to));
        let (mut v4, mut v6, mut pl) = (Vec::new(), Vec::new(), Vec::new());
        for src in &parts[5..] {
            if *src == "self" {
                a.insert("self".into(), b(true));
            } else if src.starts_with("pl-") {
                pl.push(*src);
            } else if src.contains("sg-") {
                a.insert("source_security_group_id".into(), s(*src));
            } else if src.contains(':') {
                v6.push(*src);
            } else {
                v4.push(*src);
            }
        }
        for (k, v) in [("cidr_blocks", v4), ("ipv6_cidr_blocks", v6), ("prefix_list_ids", pl)] {
            if !v.is_empty() {
                a.insert(k.into(), strings(v));
            }
        }
        if !a.contains_key("self") {
            a.insert("self".into(), b(false));
        }
        self.read(ctx, &a).await
    }
}

trait DuplicateHint {
    fn with_detail_prefix_dup(self, sg: &str) -> Diag;
}

impl DuplicateHint for Diag {
    fn with_detail_prefix_dup(mut self, sg: &str) -> Diag {
        self.detail = format!(
            "{}\n\nSecurity group {sg} already has this rule: it may be defined twice (here and inline in aws_security_group, or in another aws_security_group_rule). Remove the duplicate or import the rule.",
            self.detail
        );
        self
    }
}
