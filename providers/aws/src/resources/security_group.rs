//! `aws_security_group`, with inline `ingress` and `egress` rules (Terraform 3.x: optional
//! and computed sets of rule objects). In a VPC, the allow-all egress rule AWS adds to a
//! new group is removed, as Terraform does: egress is what the configuration says.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use aws_sdk_ec2::types::{IpPermission, IpRange, ResourceType, SecurityGroup as SdkGroup};
use terrace_provider::{Attribute, Block, Diags, Type, Value};

use super::ec2_tags;
use super::net_util::{delete_retrying, ec2_arn, read_back, Gone};
use super::sg_rules::{rule_type, rules_of, rules_value, Rule};
use crate::attrs::{attrs_of, b, get_bool, get_str, get_string, opt_s, s, Attrs};
use crate::config::AwsConfig;
use crate::errors::{code, diag, is_not_found};
use crate::resource::{default_if_unset, AwsResource, Ctx};
use crate::wait::{until, Poll};

pub struct SecurityGroup;

/// A name unique to this run, as Terraform's resource.PrefixedUniqueId makes them: the
/// prefix, a timestamp and a counter (26 characters after the prefix).
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let c = COUNTER.fetch_add(1, Ordering::Relaxed) % 100_000_000;
    format!("{prefix}{:018}{c:08}", now.as_millis() % 1_000_000_000_000_000_000)
}

/// A configured rule with unset attributes at their zero values (known rules are also
/// normalised, so `protocol = "6"` plans as AWS reports it, `tcp`).
fn normalise_rule(v: &Value) -> Value {
    if v.is_wholly_known() {
        return Rule::from_attrs(&attrs_of(v)).to_value();
    }
    let zero = Rule::default().to_value();
    let (Some(z), Some(m)) = (zero.as_entries(), v.as_entries()) else { return v.clone() };
    let mut out = m.clone();
    for (k, zv) in z {
        if out.get(k).is_none_or(|x| x.is_null()) {
            out.insert(k.clone(), zv.clone());
        }
    }
    Value::object(out)
}

#[async_trait]
impl AwsResource for SecurityGroup {
    fn type_name(&self) -> &'static str {
        "aws_security_group"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("name", Attribute::optional_computed(Type::String).force_new())
            .attr("name_prefix", Attribute::optional_computed(Type::String).force_new())
            .attr("description", Attribute::optional(Type::String).force_new())
            .attr("vpc_id", Attribute::optional_computed(Type::String).force_new())
            .attr("ingress", Attribute::optional_computed(Type::set(rule_type())))
            .attr("egress", Attribute::optional_computed(Type::set(rule_type())))
            .attr("revoke_rules_on_delete", Attribute::optional(Type::Bool))
            .attr("arn", Attribute::computed(Type::String))
            .attr("owner_id", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn token_tagged(&self) -> Option<&'static str> {
        Some("security-group")
    }
    fn timeouts(&self) -> &'static [&'static str] {
        &["create", "delete"]
    }
    fn plan(&self, _cfg: &AwsConfig, prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        default_if_unset(planned, config, "description", s("Managed by Terraform"));
        // A generated name changes with its prefix.
        if !prior.is_empty() && config.get("name").is_none_or(|v| v.is_null()) && config.get("name_prefix").is_some_and(|v| !v.is_null()) && !super::net_util::same(prior.get("name_prefix"), config.get("name_prefix")) {
            planned.insert("name".into(), Value::unknown(Type::String));
        }
        default_if_unset(planned, config, "revoke_rules_on_delete", b(false));
        for k in ["ingress", "egress"] {
            if let Some(es) = config.get(k).filter(|v| !v.is_null()).and_then(|v| v.as_elements()) {
                planned.insert(k.into(), Value::set(rule_type(), es.iter().map(normalise_rule).collect()));
            }
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let name = get_string(p, "name").unwrap_or_else(|| unique_name(get_str(p, "name_prefix").unwrap_or("terraform-")));
        let mut req = ec2
            .create_security_group()
            .group_name(&name)
            .description(get_str(p, "description").unwrap_or("Managed by Terraform"))
            .set_vpc_id(get_string(p, "vpc_id"));
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::SecurityGroup) {
            req = req.tag_specifications(spec);
        }
        let out = req.send().await.map_err(|e| vec![diag("creating Security Group", &e)])?;
        let id = out.group_id().unwrap_or_default().to_string();
        let group = until(&format!("security group {id} to be visible"), ctx.timeout("create", Duration::from_secs(600)), || async {
            Ok(match describe(ctx, &id).await? {
                Some(g) => Poll::Ready(g),
                None => Poll::Pending("not visible yet".into()),
            })
        })
        .await?;
        if group.vpc_id().is_some_and(|v| !v.is_empty()) {
            let default_egress = IpPermission::builder().ip_protocol("-1").from_port(0).to_port(0).ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build()).build();
            match ec2.revoke_security_group_egress().group_id(&id).ip_permissions(default_egress).send().await {
                Ok(_) => {}
                Err(e) if code(&e).as_deref() == Some("InvalidPermission.NotFound") => {}
                Err(e) => return Err(vec![diag("revoking default egress rule for Security Group", &e)]),
            }
        }
        sync_rules(ctx, &id, &[], &rules_of(p, "ingress"), &[], &rules_of(p, "egress")).await?;
        let mut st = p.clone();
        st.insert("name".into(), s(&name));
        read_back("Security Group", &st, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let Some(g) = describe(ctx, id).await? else { return Ok(None) };
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        let name = g.group_name().unwrap_or_default();
        a.insert("name".into(), s(name));
        // The prefix stays as configured when the name still starts with it.
        let generated = name.len() > 26 && name.is_char_boundary(name.len() - 26) && name[name.len() - 26..].bytes().all(|c| c.is_ascii_digit());
        let prefix = get_string(state, "name_prefix").filter(|p| name.starts_with(p.as_str())).or_else(|| generated.then(|| name[..name.len() - 26].to_string()));
        a.insert("name_prefix".into(), opt_s(prefix));
        a.insert("description".into(), opt_s(g.description()));
        a.insert("vpc_id".into(), opt_s(g.vpc_id()));
        a.insert("owner_id".into(), opt_s(g.owner_id()));
        a.insert("arn".into(), s(ec2_arn(ctx, g.owner_id(), "security-group", id)));
        a.insert("ingress".into(), rules_value(&super::sg_rules::from_aws(id, g.ip_permissions(), &rules_of(state, "ingress"))));
        a.insert("egress".into(), rules_value(&super::sg_rules::from_aws(id, g.ip_permissions_egress(), &rules_of(state, "egress"))));
        if get_bool(state, "revoke_rules_on_delete").is_none() {
            a.insert("revoke_rules_on_delete".into(), b(false));
        }
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(g.tags()));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        sync_rules(ctx, &id, &rules_of(prior, "ingress"), &rules_of(p, "ingress"), &rules_of(prior, "egress"), &rules_of(p, "egress")).await?;
        ec2_tags::update(ctx, &id, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        let ec2 = &ctx.clients.ec2;
        if get_bool(state, "revoke_rules_on_delete") == Some(true) {
            if let Some(g) = describe(ctx, id).await? {
                if !g.ip_permissions().is_empty() {
                    ec2.revoke_security_group_ingress().group_id(id).set_ip_permissions(Some(g.ip_permissions().to_vec())).send().await.map_err(|e| vec![diag("revoking Security Group ingress rules", &e)])?;
                }
                if !g.ip_permissions_egress().is_empty() {
                    ec2.revoke_security_group_egress().group_id(id).set_ip_permissions(Some(g.ip_permissions_egress().to_vec())).send().await.map_err(|e| vec![diag("revoking Security Group egress rules", &e)])?;
                }
            }
        }
        delete_retrying(ctx, &format!("security group {id}"), Duration::from_secs(900), || async {
            match ec2.delete_security_group().group_id(id).send().await {
                Ok(_) => Ok(Gone::Done),
                Err(e) if is_not_found(&e) => Ok(Gone::Done),
                Err(e) if code(&e).as_deref() == Some("DependencyViolation") => Ok(Gone::Busy("in use by network interfaces or other groups' rules".into())),
                Err(e) => Err(vec![diag("deleting Security Group", &e)]),
            }
        })
        .await
    }
}

pub async fn describe(ctx: &Ctx<'_>, id: &str) -> Result<Option<SdkGroup>, Diags> {
    match ctx.clients.ec2.describe_security_groups().group_ids(id).send().await {
        Ok(o) => Ok(o.security_groups().first().cloned()),
        Err(e) if is_not_found(&e) => Ok(None),
        Err(e) => Err(vec![diag("reading Security Group", &e)]),
    }
}

/// Revokes the rules that went and authorises the new ones (revoking first, as a rule
/// may move between the two).
async fn sync_rules(ctx: &Ctx<'_>, id: &str, old_in: &[Rule], new_in: &[Rule], old_out: &[Rule], new_out: &[Rule]) -> Result<(), Diags> {
    let ec2 = &ctx.clients.ec2;
    let gone = |old: &[Rule], new: &[Rule]| -> Vec<IpPermission> { old.iter().filter(|r| !new.contains(r)).map(|r| r.permission(id)).collect() };
    let (rm_in, rm_out) = (gone(old_in, new_in), gone(old_out, new_out));
    let (add_in, add_out) = (gone(new_in, old_in), gone(new_out, old_out));
    if !rm_out.is_empty() {
        ec2.revoke_security_group_egress().group_id(id).set_ip_permissions(Some(rm_out)).send().await.map_err(|e| vec![diag("revoking Security Group egress rules", &e)])?;
    }
    if !rm_in.is_empty() {
        ec2.revoke_security_group_ingress().group_id(id).set_ip_permissions(Some(rm_in)).send().await.map_err(|e| vec![diag("revoking Security Group ingress rules", &e)])?;
    }
    if !add_out.is_empty() {
        ec2.authorize_security_group_egress().group_id(id).set_ip_permissions(Some(add_out)).send().await.map_err(|e| vec![diag("authorizing Security Group egress rules", &e)])?;
    }
    if !add_in.is_empty() {
        ec2.authorize_security_group_ingress().group_id(id).set_ip_permissions(Some(add_in)).send().await.map_err(|e| vec![diag("authorizing Security Group ingress rules", &e)])?;
    }
    Ok(())
}
