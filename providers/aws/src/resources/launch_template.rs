//! `aws_launch_template`: an EC2 launch template. A change to the template's data
//! creates a new version (and makes it the default with `update_default_version`);
//! the state describes the latest version, as Terraform's does.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use async_trait::async_trait;
use aws_sdk_ec2::types::{
    LaunchTemplateBlockDeviceMappingRequest, LaunchTemplateEbsBlockDeviceRequest, LaunchTemplateIamInstanceProfileSpecificationRequest,
    LaunchTemplateInstanceMetadataOptionsRequest, LaunchTemplateInstanceNetworkInterfaceSpecificationRequest, LaunchTemplateTagSpecificationRequest, LaunchTemplatesMonitoringRequest,
    RequestLaunchTemplateData, ResourceType, ResponseLaunchTemplateData, ShutdownBehavior, VolumeType,
};
use terrace_provider::{Attribute, Block, Diag, Diags, Type, Value};

use super::ec2_compute::{first_block, list_block, objs};
use super::ec2_tags;
use crate::attrs::{b, get_blocks, get_bool, get_i64, get_map, get_str, get_string, get_strings, n, opt_n, opt_s, s, string_map, Attrs};
use crate::errors::{diag, is_not_found};
use crate::resource::{AwsResource, Ctx};

pub struct LaunchTemplate;

/// The attributes and blocks that make up a version's data (a change to any makes a new version).
const DATA: &[&str] = &[
    "description",
    "image_id",
    "instance_type",
    "key_name",
    "user_data",
    "vpc_security_group_ids",
    "security_group_names",
    "disable_api_termination",
    "ebs_optimized",
    "instance_initiated_shutdown_behavior",
    "block_device_mappings",
    "network_interfaces",
    "iam_instance_profile",
    "monitoring",
    "tag_specifications",
    "metadata_options",
];

fn set_s() -> Type {
    Type::set(Type::String)
}

#[async_trait]
impl AwsResource for LaunchTemplate {
    fn type_name(&self) -> &'static str {
        "aws_launch_template"
    }
    fn schema(&self) -> Block {
        let ebs = Block::new()
            .attr("delete_on_termination", Attribute::optional(Type::String))
            .attr("encrypted", Attribute::optional(Type::String))
            .attr("iops", Attribute::optional_computed(Type::Number))
            .attr("kms_key_id", Attribute::optional(Type::String))
            .attr("snapshot_id", Attribute::optional(Type::String))
            .attr("throughput", Attribute::optional_computed(Type::Number))
            .attr("volume_size", Attribute::optional_computed(Type::Number))
            .attr("volume_type", Attribute::optional_computed(Type::String));
        let bdm = Block::new()
            .attr("device_name", Attribute::optional(Type::String))
            .attr("no_device", Attribute::optional(Type::String))
            .attr("virtual_name", Attribute::optional(Type::String))
            .block("ebs", list_block(ebs, 1));
        let ni = Block::new()
            .attr("associate_public_ip_address", Attribute::optional(Type::String))
            .attr("delete_on_termination", Attribute::optional(Type::String))
            .attr("description", Attribute::optional(Type::String))
            .attr("device_index", Attribute::optional(Type::Number))
            .attr("network_interface_id", Attribute::optional(Type::String))
            .attr("private_ip_address", Attribute::optional(Type::String))
            .attr("security_groups", Attribute::optional(set_s()))
            .attr("subnet_id", Attribute::optional(Type::String));
        Block::new()
            .attr("name", Attribute::optional_computed(Type::String).force_new())
            .attr("name_prefix", Attribute::optional(Type::String).force_new())
            .attr("description", Attribute::optional(Type::String))
            .attr("image_id", Attribute::optional(Type::String))
            .attr("instance_type", Attribute::optional(Type::String))
            .attr("key_name", Attribute::optional(Type::String))
            .attr("user_data", Attribute::optional(Type::String))
            .attr("vpc_security_group_ids", Attribute::optional(set_s()))
            .attr("security_group_names", Attribute::optional(set_s()))
            .attr("disable_api_termination", Attribute::optional(Type::Bool))
            .attr("ebs_optimized", Attribute::optional(Type::String))
            .attr("instance_initiated_shutdown_behavior", Attribute::optional(Type::String))
            .attr("update_default_version", Attribute::optional(Type::Bool))
            .attr("default_version", Attribute::optional_computed(Type::Number))
            .attr("latest_version", Attribute::computed(Type::Number))
            .attr("arn", Attribute::computed(Type::String))
            .block("block_device_mappings", list_block(bdm, 0))
            .block("network_interfaces", list_block(ni, 0))
            .block("iam_instance_profile", list_block(Block::new().attr("arn", Attribute::optional(Type::String)).attr("name", Attribute::optional(Type::String)), 1))
            .block("monitoring", list_block(Block::new().attr("enabled", Attribute::optional(Type::Bool)), 1))
            .block("tag_specifications", list_block(Block::new().attr("resource_type", Attribute::optional(Type::String)).attr("tags", Attribute::optional(Type::map(Type::String))), 0))
            .block(
                "metadata_options",
                list_block(
                    Block::new()
                        .attr("http_endpoint", Attribute::optional_computed(Type::String))
                        .attr("http_tokens", Attribute::optional_computed(Type::String))
                        .attr("http_put_response_hop_limit", Attribute::optional_computed(Type::Number)),
                    1,
                ),
            )
    }
    fn taggable(&self) -> bool {
        true
    }
    fn token_tagged(&self) -> Option<&'static str> {
        Some("launch-template")
    }
    fn plan(&self, _cfg: &crate::config::AwsConfig, prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        if prior.is_empty() {
            return;
        }
        // New template data makes a new version.
        if DATA.iter().any(|k| !same_value(prior.get(*k), planned.get(*k))) {
            planned.insert("latest_version".into(), Value::unknown(Type::Number));
            if get_bool(config, "update_default_version") == Some(true) {
                planned.insert("default_version".into(), Value::unknown(Type::Number));
            }
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let name = match (get_str(p, "name"), get_str(p, "name_prefix")) {
            (Some(n), _) => n.to_string(),
            (None, Some(prefix)) => format!("{prefix}{}", unique_suffix()),
            (None, None) => format!("terraform-{}", unique_suffix()),
        };
        let mut req = ctx.clients.ec2.create_launch_template().set_client_token(ctx.idempotency_token.clone()).launch_template_name(&name).launch_template_data(template_data(p)).set_version_description(get_string(p, "description"));
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::LaunchTemplate) {
            req = req.tag_specifications(spec);
        }
        let out = req.send().await.map_err(|e| vec![diag("creating EC2 Launch Template", &e)])?;
        let Some(id) = out.launch_template().and_then(|t| t.launch_template_id()).map(str::to_string) else {
            return Err(vec![Diag::error("creating EC2 Launch Template: no template returned", "CreateLaunchTemplate succeeded but returned no ID.")]);
        };
        super::net_util::read_back("EC2 Launch Template", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let ec2 = &ctx.clients.ec2;
        let out = match ec2.describe_launch_templates().launch_template_ids(id).send().await {
            Ok(o) => o,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading EC2 Launch Template", &e)]),
        };
        let Some(t) = out.launch_templates().first() else { return Ok(None) };
        let latest = t.latest_version_number().unwrap_or(1);
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        a.insert("name".into(), opt_s(t.launch_template_name()));
        a.insert("latest_version".into(), n(latest));
        a.insert("default_version".into(), opt_n(t.default_version_number()));
        let acct = ctx.clients.account_id.as_deref().unwrap_or_default();
        a.insert("arn".into(), s(format!("arn:aws:ec2:{}:{acct}:launch-template/{id}", ctx.clients.region)));
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(t.tags()));
        let v = ec2.describe_launch_template_versions().launch_template_id(id).versions(latest.to_string()).send().await.map_err(|e| vec![diag("reading EC2 Launch Template version", &e)])?;
        let Some(ver) = v.launch_template_versions().first() else { return Ok(Some(a)) };
        a.insert("description".into(), opt_s(ver.version_description()));
        if let Some(d) = ver.launch_template_data() {
            read_data(d, &mut a);
        }
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        let ec2 = &ctx.clients.ec2;
        if DATA.iter().any(|k| !same_value(prior.get(*k), p.get(*k))) {
            let out = ec2
                .create_launch_template_version()
                .launch_template_id(&id)
                .launch_template_data(template_data(p))
                .set_version_description(get_string(p, "description"))
                .send()
                .await
                .map_err(|e| vec![diag("creating EC2 Launch Template version", &e)])?;
            let version = out.launch_template_version().and_then(|v| v.version_number());
            if let (Some(v), Some(true)) = (version, get_bool(p, "update_default_version")) {
                ec2.modify_launch_template().launch_template_id(&id).default_version(v.to_string()).send().await.map_err(|e| vec![diag("setting EC2 Launch Template default version", &e)])?;
            }
        }
        if let (Some(v), false) = (get_i64(p, "default_version"), get_bool(p, "update_default_version") == Some(true)) {
            if get_i64(prior, "default_version") != Some(v) {
                ec2.modify_launch_template().launch_template_id(&id).default_version(v.to_string()).send().await.map_err(|e| vec![diag("setting EC2 Launch Template default version", &e)])?;
            }
        }
        ec2_tags::update(ctx, &id, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        match ctx.clients.ec2.delete_launch_template().launch_template_id(id).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(vec![diag("deleting EC2 Launch Template", &e)]),
        }
    }
}

fn same_value(a: Option<&Value>, b: Option<&Value>) -> bool {
    let null = |v: Option<&Value>| v.is_none_or(|v| v.is_null() || v.as_elements().is_some_and(|e| e.is_empty()));
    match (a, b) {
        _ if null(a) && null(b) => true,
        (Some(a), Some(b)) => terrace_provider::plan::same(a, b),
        _ => false,
    }
}

/// A name suffix unique to this process and moment, like Terraform's generated names.
fn unique_suffix() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    format!("{}{:09}{:08}", now.as_secs(), now.subsec_nanos(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

fn str_bool(a: &Attrs, k: &str) -> Option<bool> {
    get_str(a, k).and_then(|v| v.parse().ok())
}

fn i32_of(a: &Attrs, k: &str) -> Option<i32> {
    get_i64(a, k).and_then(|v| i32::try_from(v).ok())
}

fn template_data(p: &Attrs) -> RequestLaunchTemplateData {
    let mut d = RequestLaunchTemplateData::builder()
        .set_image_id(get_string(p, "image_id"))
        .set_key_name(get_string(p, "key_name"))
        .set_disable_api_termination(get_bool(p, "disable_api_termination"))
        .set_ebs_optimized(str_bool(p, "ebs_optimized"));
    if let Some(t) = get_str(p, "instance_type") {
        d = d.instance_type(t.into());
    }
    if let Some(u) = get_str(p, "user_data") {
        d = d.user_data(u);
    }
    if let Some(v) = get_str(p, "instance_initiated_shutdown_behavior") {
        d = d.instance_initiated_shutdown_behavior(ShutdownBehavior::from(v));
    }
    let ids = get_strings(p, "vpc_security_group_ids");
    if !ids.is_empty() {
        d = d.set_security_group_ids(Some(ids));
    }
    let names = get_strings(p, "security_group_names");
    if !names.is_empty() {
        d = d.set_security_groups(Some(names));
    }
    for m in get_blocks(p, "block_device_mappings") {
        let mut r = LaunchTemplateBlockDeviceMappingRequest::builder().set_device_name(get_string(&m, "device_name")).set_no_device(get_string(&m, "no_device")).set_virtual_name(get_string(&m, "virtual_name"));
        if let Some(e) = first_block(&m, "ebs") {
            r = r.ebs(
                LaunchTemplateEbsBlockDeviceRequest::builder()
                    .set_delete_on_termination(str_bool(&e, "delete_on_termination"))
                    .set_encrypted(str_bool(&e, "encrypted"))
                    .set_iops(i32_of(&e, "iops"))
                    .set_throughput(i32_of(&e, "throughput"))
                    .set_kms_key_id(get_string(&e, "kms_key_id"))
                    .set_snapshot_id(get_string(&e, "snapshot_id"))
                    .set_volume_size(i32_of(&e, "volume_size"))
                    .set_volume_type(get_str(&e, "volume_type").map(VolumeType::from))
                    .build(),
            );
        }
        d = d.block_device_mappings(r.build());
    }
    for ni in get_blocks(p, "network_interfaces") {
        let sgs = get_strings(&ni, "security_groups");
        d = d.network_interfaces(
            LaunchTemplateInstanceNetworkInterfaceSpecificationRequest::builder()
                .set_associate_public_ip_address(str_bool(&ni, "associate_public_ip_address"))
                .set_delete_on_termination(str_bool(&ni, "delete_on_termination"))
                .set_description(get_string(&ni, "description"))
                .set_device_index(i32_of(&ni, "device_index"))
                .set_network_interface_id(get_string(&ni, "network_interface_id"))
                .set_private_ip_address(get_string(&ni, "private_ip_address"))
                .set_groups(if sgs.is_empty() { None } else { Some(sgs) })
                .set_subnet_id(get_string(&ni, "subnet_id"))
                .build(),
        );
    }
    if let Some(ip) = first_block(p, "iam_instance_profile") {
        d = d.iam_instance_profile(LaunchTemplateIamInstanceProfileSpecificationRequest::builder().set_arn(get_string(&ip, "arn")).set_name(get_string(&ip, "name")).build());
    }
    if let Some(m) = first_block(p, "monitoring") {
        d = d.monitoring(LaunchTemplatesMonitoringRequest::builder().set_enabled(get_bool(&m, "enabled")).build());
    }
    for t in get_blocks(p, "tag_specifications") {
        let tags = get_map(&t, "tags");
        d = d.tag_specifications(
            LaunchTemplateTagSpecificationRequest::builder()
                .set_resource_type(get_str(&t, "resource_type").map(ResourceType::from))
                .set_tags(if tags.is_empty() { None } else { Some(ec2_tags::to_sdk(&tags)) })
                .build(),
        );
    }
    if let Some(m) = first_block(p, "metadata_options") {
        d = d.metadata_options(
            LaunchTemplateInstanceMetadataOptionsRequest::builder()
                .set_http_endpoint(get_str(&m, "http_endpoint").map(|v| v.into()))
                .set_http_tokens(get_str(&m, "http_tokens").map(|v| v.into()))
                .set_http_put_response_hop_limit(i32_of(&m, "http_put_response_hop_limit"))
                .build(),
        );
    }
    d.build()
}

fn opt_bool_str(v: Option<bool>) -> Value {
    opt_s(v.map(|x| x.to_string()))
}

/// Fills the state from a version's data, the way Terraform reads it back.
fn read_data(d: &ResponseLaunchTemplateData, a: &mut Attrs) {
    a.insert("image_id".into(), opt_s(d.image_id()));
    a.insert("instance_type".into(), opt_s(d.instance_type().map(|t| t.as_str())));
    a.insert("key_name".into(), opt_s(d.key_name()));
    a.insert("user_data".into(), opt_s(d.user_data()));
    a.insert("disable_api_termination".into(), d.disable_api_termination().map(b).unwrap_or(Value::null(Type::Bool)));
    a.insert("ebs_optimized".into(), opt_bool_str(d.ebs_optimized()));
    a.insert("instance_initiated_shutdown_behavior".into(), opt_s(d.instance_initiated_shutdown_behavior().map(|x| x.as_str())));
    let set_or_null = |v: &[String]| if v.is_empty() { Value::null(set_s()) } else { Value::set(Type::String, v.iter().map(s).collect()) };
    a.insert("vpc_security_group_ids".into(), set_or_null(d.security_group_ids()));
    a.insert("security_group_names".into(), set_or_null(d.security_groups()));
    let bdms = d
        .block_device_mappings()
        .iter()
        .map(|m| {
            let mut o = Attrs::new();
            o.insert("device_name".into(), opt_s(m.device_name()));
            o.insert("no_device".into(), opt_s(m.no_device()));
            o.insert("virtual_name".into(), opt_s(m.virtual_name()));
            let ebs = m.ebs().map(|e| {
                let mut x = Attrs::new();
                x.insert("delete_on_termination".into(), opt_bool_str(e.delete_on_termination()));
                x.insert("encrypted".into(), opt_bool_str(e.encrypted()));
                x.insert("iops".into(), opt_n(e.iops().map(i64::from)));
                x.insert("throughput".into(), opt_n(e.throughput().map(i64::from)));
                x.insert("kms_key_id".into(), opt_s(e.kms_key_id()));
                x.insert("snapshot_id".into(), opt_s(e.snapshot_id()));
                x.insert("volume_size".into(), opt_n(e.volume_size().map(i64::from)));
                x.insert("volume_type".into(), opt_s(e.volume_type().map(|t| t.as_str())));
                x
            });
            o.insert("ebs".into(), objs(ebs.into_iter().collect()));
            o
        })
        .collect();
    a.insert("block_device_mappings".into(), objs(bdms));
    let nis = d
        .network_interfaces()
        .iter()
        .map(|ni| {
            let mut o = Attrs::new();
            o.insert("associate_public_ip_address".into(), opt_bool_str(ni.associate_public_ip_address()));
            o.insert("delete_on_termination".into(), opt_bool_str(ni.delete_on_termination()));
            o.insert("description".into(), opt_s(ni.description()));
            o.insert("device_index".into(), opt_n(ni.device_index().map(i64::from)));
            o.insert("network_interface_id".into(), opt_s(ni.network_interface_id()));
            o.insert("private_ip_address".into(), opt_s(ni.private_ip_address()));
            o.insert("security_groups".into(), set_or_null(ni.groups()));
            o.insert("subnet_id".into(), opt_s(ni.subnet_id()));
            o
        })
        .collect();
    a.insert("network_interfaces".into(), objs(nis));
    let ip = d.iam_instance_profile().filter(|p| p.arn().is_some() || p.name().is_some()).map(|p| {
        let mut o = Attrs::new();
        o.insert("arn".into(), opt_s(p.arn()));
        o.insert("name".into(), opt_s(p.name()));
        o
    });
    a.insert("iam_instance_profile".into(), objs(ip.into_iter().collect()));
    let mon = d.monitoring().map(|m| {
        let mut o = Attrs::new();
        o.insert("enabled".into(), m.enabled().map(b).unwrap_or(Value::null(Type::Bool)));
        o
    });
    a.insert("monitoring".into(), objs(mon.into_iter().collect()));
    let ts = d
        .tag_specifications()
        .iter()
        // The template's own tags are not part of what it launches (launch templates
        // cannot tag launch templates); some emulators report them here.
        .filter(|t| t.resource_type() != Some(&ResourceType::LaunchTemplate))
        .map(|t| {
            let mut o = Attrs::new();
            o.insert("resource_type".into(), opt_s(t.resource_type().map(|r| r.as_str())));
            let tags: BTreeMap<String, String> = ec2_tags::from_sdk(t.tags());
            o.insert("tags".into(), if tags.is_empty() { Value::null(Type::map(Type::String)) } else { string_map(&tags) });
            o
        })
        .collect();
    a.insert("tag_specifications".into(), objs(ts));
    let md = d.metadata_options().map(|m| {
        let mut o = Attrs::new();
        o.insert("http_endpoint".into(), opt_s(m.http_endpoint().map(|x| x.as_str())));
        o.insert("http_tokens".into(), opt_s(m.http_tokens().map(|x| x.as_str())));
        o.insert("http_put_response_hop_limit".into(), opt_n(m.http_put_response_hop_limit().map(i64::from)));
        o
    });
    // Only a configured metadata_options block is kept (AWS reports none otherwise).
    if md.is_some() || a.get("metadata_options").is_some_and(|v| v.as_elements().is_some_and(|e| !e.is_empty())) {
        a.insert("metadata_options".into(), objs(md.into_iter().collect()));
    }
}
