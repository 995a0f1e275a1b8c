//! `aws_instance`: an EC2 instance. Launched with the engine's journalled token as its
//! ClientToken and as a `terrace:create-token` tag (so an instance created just before a
//! crash is found again by `recover`, never launched twice), waited on until running, changed in place where
//! EC2 allows it (instance type by stop, modify, start) and terminated on delete.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::{
    AttributeBooleanValue, AttributeValue, BlockDeviceMapping, CreditSpecificationRequest, EbsBlockDevice, EbsInstanceBlockDeviceSpecification, Filter, IamInstanceProfileSpecification,
    InstanceAttributeName, InstanceBlockDeviceMappingSpecification, InstanceMarketOptionsRequest, InstanceMetadataEndpointState, InstanceMetadataOptionsRequest, InstanceNetworkInterfaceSpecification,
    InstanceStateName, HttpTokensState, LaunchTemplateSpecification, MarketType, Placement, ResourceType, RunInstancesMonitoringEnabled, SpotMarketOptions, Tag, TagSpecification, Tenancy, VolumeType,
};
use terrace_provider::plan::same;
use terrace_provider::{Attribute, Block, Diag, Diags, Type, Value};

use super::ec2_compute::{block_unset, fill_from_prior, first_block, item_default, keep_prior_block, list_block, obj_set, objs, set_block, user_data_b64, user_data_hash, user_tags};
use super::ec2_tags;
use crate::attrs::{b, get_blocks, get_bool, get_i64, get_map, get_str, get_string, get_strings, opt_n, opt_s, s, string_map, Attrs};
use crate::config::AwsConfig;
use crate::errors::{diag, is_not_found};
use crate::resource::{default_if_unset, AwsResource, Ctx};
use crate::wait::{until, Poll};

const CREATE_TIMEOUT: Duration = Duration::from_secs(600);
const UPDATE_TIMEOUT: Duration = Duration::from_secs(600);
const DELETE_TIMEOUT: Duration = Duration::from_secs(1200);

pub struct Instance;

fn root_block() -> Block {
    Block::new()
        .attr("delete_on_termination", Attribute::optional(Type::Bool))
        .attr("device_name", Attribute::computed(Type::String))
        .attr("encrypted", Attribute::optional_computed(Type::Bool))
        .attr("iops", Attribute::optional_computed(Type::Number))
        .attr("kms_key_id", Attribute::optional_computed(Type::String))
        .attr("tags", Attribute::optional(Type::map(Type::String)))
        .attr("throughput", Attribute::optional_computed(Type::Number))
        .attr("volume_id", Attribute::computed(Type::String))
        .attr("volume_size", Attribute::optional_computed(Type::Number))
        .attr("volume_type", Attribute::optional_computed(Type::String))
}

fn ebs_block() -> Block {
    Block::new()
        .attr("delete_on_termination", Attribute::optional(Type::Bool))
        .attr("device_name", Attribute::required(Type::String))
        .attr("encrypted", Attribute::optional_computed(Type::Bool))
        .attr("iops", Attribute::optional_computed(Type::Number))
        .attr("kms_key_id", Attribute::optional_computed(Type::String))
        .attr("snapshot_id", Attribute::optional_computed(Type::String))
        .attr("throughput", Attribute::optional_computed(Type::Number))
        .attr("volume_id", Attribute::computed(Type::String))
        .attr("volume_size", Attribute::optional_computed(Type::Number))
        .attr("volume_type", Attribute::optional_computed(Type::String))
}

const EBS_COMPUTED: &[&str] = &["encrypted", "iops", "kms_key_id", "snapshot_id", "throughput", "volume_id", "volume_size", "volume_type"];

#[async_trait]
impl AwsResource for Instance {
    fn type_name(&self) -> &'static str {
        "aws_instance"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("ami", Attribute::optional_computed(Type::String).force_new())
            .attr("instance_type", Attribute::optional_computed(Type::String))
            .attr("availability_zone", Attribute::optional_computed(Type::String).force_new())
            .attr("tenancy", Attribute::optional_computed(Type::String).force_new())
            .attr("subnet_id", Attribute::optional_computed(Type::String).force_new())
            .attr("vpc_security_group_ids", Attribute::optional_computed(Type::set(Type::String)))
            .attr("security_groups", Attribute::optional_computed(Type::set(Type::String)).force_new())
            .attr("key_name", Attribute::optional_computed(Type::String).force_new())
            .attr("associate_public_ip_address", Attribute::optional_computed(Type::Bool).force_new())
            .attr("private_ip", Attribute::optional_computed(Type::String).force_new())
            // Replacement on a user_data change is decided after hashing (requires_replace).
            .attr("user_data", Attribute::optional(Type::String))
            .attr("user_data_base64", Attribute::optional(Type::String).force_new())
            .attr("iam_instance_profile", Attribute::optional(Type::String))
            .attr("monitoring", Attribute::optional(Type::Bool))
            .attr("ebs_optimized", Attribute::optional(Type::Bool).force_new())
            .attr("disable_api_termination", Attribute::optional(Type::Bool))
            .attr("source_dest_check", Attribute::optional(Type::Bool))
            .attr("volume_tags", Attribute::optional(Type::map(Type::String)))
            .attr("arn", Attribute::computed(Type::String))
            .attr("instance_state", Attribute::computed(Type::String))
            .attr("outpost_arn", Attribute::computed(Type::String))
            .attr("password_data", Attribute::computed(Type::String))
            .attr("primary_network_interface_id", Attribute::computed(Type::String))
            .attr("private_dns", Attribute::computed(Type::String))
            .attr("public_dns", Attribute::computed(Type::String))
            .attr("public_ip", Attribute::computed(Type::String))
            .block("root_block_device", list_block(root_block(), 1))
            .block("ebs_block_device", set_block(ebs_block()))
            .block("credit_specification", list_block(Block::new().attr("cpu_credits", Attribute::optional(Type::String)), 1))
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
            .block(
                "launch_template",
                list_block(
                    Block::new()
                        .attr("id", Attribute::optional_computed(Type::String))
                        .attr("name", Attribute::optional_computed(Type::String))
                        .attr("version", Attribute::optional(Type::String)),
                    1,
                ),
            )
            .block(
                "instance_market_options",
                list_block(
                    Block::new().attr("market_type", Attribute::optional_computed(Type::String)).block(
                        "spot_options",
                        list_block(
                            Block::new()
                                .attr("instance_interruption_behavior", Attribute::optional_computed(Type::String))
                                .attr("max_price", Attribute::optional_computed(Type::String))
                                .attr("spot_instance_type", Attribute::optional_computed(Type::String))
                                .attr("valid_until", Attribute::optional_computed(Type::String)),
                            1,
                        ),
                    ),
                    1,
                ),
            )
    }
    fn taggable(&self) -> bool {
        true
    }
    fn timeouts(&self) -> &'static [&'static str] {
        &["create", "update", "delete"]
    }
    fn plan(&self, _cfg: &AwsConfig, prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        for (k, v) in [("monitoring", b(false)), ("disable_api_termination", b(false)), ("ebs_optimized", b(false)), ("source_dest_check", b(true))] {
            default_if_unset(planned, config, k, v);
        }
        // Terraform keeps user_data's SHA-1 in state.
        if let Some(ud) = config.get("user_data").and_then(|v| v.as_str()) {
            planned.insert("user_data".into(), s(user_data_hash(ud)));
        }
        // Blocks AWS fills in when the configuration leaves them out.
        for k in ["root_block_device", "ebs_block_device", "metadata_options"] {
            keep_prior_block(prior, planned, config, k);
        }
        if !block_unset(config, "root_block_device") {
            let items: Vec<Attrs> = get_blocks(planned, "root_block_device")
                .into_iter()
                .map(|mut it| {
                    item_default(&mut it, "delete_on_termination", b(true));
                    it
                })
                .collect();
            planned.insert("root_block_device".into(), objs(items));
        }
        if !block_unset(config, "ebs_block_device") {
            let mut items = fill_from_prior(get_blocks(planned, "ebs_block_device"), &get_blocks(prior, "ebs_block_device"), "device_name", EBS_COMPUTED);
            for it in &mut items {
                item_default(it, "delete_on_termination", b(true));
            }
            planned.insert("ebs_block_device".into(), obj_set(items));
        }
        if !block_unset(config, "launch_template") {
            // The template's id and name are computed from each other: keep what the prior state knows.
            let p = first_block(prior, "launch_template");
            if let (Some(mut it), Some(p)) = (first_block(planned, "launch_template"), p) {
                let same_template = ["id", "name"].iter().any(|k| get_str(&it, k).is_some() && get_str(&it, k) == get_str(&p, k));
                if same_template {
                    for k in ["id", "name"] {
                        item_default(&mut it, k, p.get(k).cloned().unwrap_or(Value::null(Type::String)));
                    }
                    planned.insert("launch_template".into(), objs(vec![it]));
                }
            }
        }
        // A stop and start gives the instance new public addresses.
        if !prior.is_empty() && get_str(prior, "instance_type") != get_str(planned, "instance_type") {
            for k in ["public_ip", "public_dns"] {
                planned.insert(k.into(), Value::unknown(Type::String));
            }
        }
    }
    fn requires_replace(&self, prior: &Attrs, planned: &Attrs) -> Vec<String> {
        let mut out = Vec::new();
        if planned.get("user_data").is_some_and(|v| v.is_known()) && get_str(prior, "user_data") != get_str(planned, "user_data") {
            out.push("user_data".to_string());
        }
        let (pr, pl) = (first_block(prior, "root_block_device"), first_block(planned, "root_block_device"));
        if let (Some(pr), Some(pl)) = (pr, pl) {
            for k in ["encrypted", "kms_key_id"] {
                if pl.get(k).is_some_and(|v| !v.is_null() && v.is_known()) && !super::net_util::same(pl.get(k), pr.get(k)) {
                    out.push("root_block_device".to_string());
                    break;
                }
            }
        }
        for k in ["ebs_block_device", "launch_template", "instance_market_options"] {
            let null = Value::null(Type::Dynamic);
            let (a, c) = (prior.get(k).unwrap_or(&null), planned.get(k).unwrap_or(&null));
            let empty = |v: &Value| v.is_null() || v.as_elements().is_some_and(|e| e.is_empty());
            if c.is_wholly_known() && !(empty(a) && empty(c)) && !same(a, c) {
                out.push(k.to_string());
            }
        }
        out
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let token = ctx.idempotency_token.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let lt = first_block(p, "launch_template");
        if get_str(p, "ami").is_none() && lt.is_none() {
            return Err(vec![Diag::error("creating EC2 Instance: no AMI", "Set `ami`, or a `launch_template` whose version sets the image.")]);
        }
        let mut req = ec2.run_instances().min_count(1).max_count(1).client_token(&token).set_image_id(get_string(p, "ami")).set_key_name(get_string(p, "key_name").filter(|k| !k.is_empty()));
        if let Some(t) = get_str(p, "instance_type") {
            req = req.instance_type(t.into());
        }
        if let Some(lt) = &lt {
            req = req.launch_template(
                LaunchTemplateSpecification::builder()
                    .set_launch_template_id(get_string(lt, "id"))
                    .set_launch_template_name(if get_str(lt, "id").is_some() { None } else { get_string(lt, "name") })
                    .set_version(get_string(lt, "version"))
                    .build(),
            );
        }
        let az = get_string(p, "availability_zone");
        let tenancy = get_str(p, "tenancy").map(Tenancy::from);
        if az.is_some() || tenancy.is_some() {
            req = req.placement(Placement::builder().set_availability_zone(az).set_tenancy(tenancy).build());
        }
        let sg_ids = get_strings(p, "vpc_security_group_ids");
        let sg_names = get_strings(p, "security_groups");
        if let Some(assoc) = get_bool(p, "associate_public_ip_address").filter(|_| p.get("associate_public_ip_address").is_some_and(|v| v.is_known())) {
            // A public address is asked for on the primary network interface, which then
            // carries the subnet, groups and private address.
            let mut ni = InstanceNetworkInterfaceSpecification::builder().device_index(0).associate_public_ip_address(assoc).set_subnet_id(get_string(p, "subnet_id")).set_private_ip_address(get_string(p, "private_ip"));
            for g in &sg_ids {
                ni = ni.groups(g);
            }
            req = req.network_interfaces(ni.build());
            if !sg_names.is_empty() {
                req = req.set_security_groups(Some(sg_names));
            }
        } else {
            req = req.set_subnet_id(get_string(p, "subnet_id")).set_private_ip_address(get_string(p, "private_ip"));
            if !sg_ids.is_empty() {
                req = req.set_security_group_ids(Some(sg_ids));
            }
            if !sg_names.is_empty() {
                req = req.set_security_groups(Some(sg_names));
            }
        }
        if let Some(ud) = get_str(p, "user_data_base64") {
            req = req.user_data(ud);
        } else if let Some(ud) = get_str(&ctx.raw_config, "user_data") {
            req = req.user_data(user_data_b64(ud));
        }
        if let Some(ip) = get_str(p, "iam_instance_profile") {
            req = req.iam_instance_profile(IamInstanceProfileSpecification::builder().name(ip).build());
        }
        if let Some(m) = get_bool(p, "monitoring") {
            req = req.monitoring(RunInstancesMonitoringEnabled::builder().enabled(m).build());
        }
        if let Some(v) = get_bool(p, "ebs_optimized") {
            req = req.ebs_optimized(v);
        }
        if let Some(v) = get_bool(p, "disable_api_termination") {
            req = req.disable_api_termination(v);
        }
        if let Some(c) = first_block(p, "credit_specification").and_then(|c| get_string(&c, "cpu_credits")) {
            req = req.credit_specification(CreditSpecificationRequest::builder().cpu_credits(c).build());
        }
        if let Some(m) = first_block(p, "metadata_options") {
            req = req.metadata_options(metadata_request(&m));
        }
        if let Some(mo) = first_block(p, "instance_market_options") {
            let mut r = InstanceMarketOptionsRequest::builder().market_type(MarketType::from(get_str(&mo, "market_type").unwrap_or("spot")));
            if let Some(so) = first_block(&mo, "spot_options") {
                let mut o = SpotMarketOptions::builder().set_max_price(get_string(&so, "max_price"));
                if let Some(v) = get_str(&so, "instance_interruption_behavior") {
                    o = o.instance_interruption_behavior(v.into());
                }
                if let Some(v) = get_str(&so, "spot_instance_type") {
                    o = o.spot_instance_type(v.into());
                }
                if let Some(v) = get_str(&so, "valid_until").and_then(|v| aws_smithy_types::DateTime::from_str(v, aws_smithy_types::date_time::Format::DateTime).ok()) {
                    o = o.valid_until(v);
                }
                r = r.spot_options(o.build());
            }
            req = req.instance_market_options(r.build());
        }
        // Block devices: the root device's name comes from the AMI.
        let mut mappings = Vec::new();
        if let Some(root) = first_block(p, "root_block_device") {
            let has_settings = ["volume_size", "volume_type", "iops", "throughput", "encrypted", "kms_key_id", "delete_on_termination"].iter().any(|k| root.get(*k).is_some_and(|v| !v.is_null() && v.is_known()));
            if has_settings {
                if let Some(dev) = root_device_name(ctx, p).await? {
                    mappings.push(BlockDeviceMapping::builder().device_name(dev).ebs(ebs_spec(&root)).build());
                }
            }
        }
        for e in get_blocks(p, "ebs_block_device") {
            mappings.push(BlockDeviceMapping::builder().set_device_name(get_string(&e, "device_name")).ebs(ebs_spec(&e)).build());
        }
        if !mappings.is_empty() {
            req = req.set_block_device_mappings(Some(mappings));
        }
        let mut tags = ctx.all_tags(p);
        tags.insert(crate::resource::TOKEN_TAG.into(), token.clone());
        req = req.tag_specifications(TagSpecification::builder().resource_type(ResourceType::Instance).set_tags(Some(ec2_tags::to_sdk(&tags))).build());
        let vt = get_map(p, "volume_tags");
        if !vt.is_empty() {
            req = req.tag_specifications(TagSpecification::builder().resource_type(ResourceType::Volume).set_tags(Some(ec2_tags::to_sdk(&vt))).build());
        }
        let out = req.send().await.map_err(|e| vec![diag("creating EC2 Instance", &e)])?;
        let Some(id) = out.instances().first().and_then(|i| i.instance_id()).map(str::to_string) else {
            return Err(vec![Diag::error("creating EC2 Instance: no instance returned", "RunInstances succeeded but returned no instance.")]);
        };
        wait_state(ctx, &id, InstanceStateName::Running, ctx.timeout("create", CREATE_TIMEOUT)).await?;
        if get_bool(p, "source_dest_check") == Some(false) {
            ec2.modify_instance_attribute().instance_id(&id).source_dest_check(AttributeBooleanValue::builder().value(false).build()).send().await.map_err(|e| vec![diag("modifying EC2 Instance source_dest_check", &e)])?;
        }
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        let Some(mut got) = self.read(ctx, &st).await? else {
            return Err(vec![Diag::error("EC2 Instance vanished after creation", format!("Instance {id} was created but can no longer be found."))]);
        };
        // Tags on the root volume are written once its ID is known.
        if let (Some(want), Some(have)) = (first_block(p, "root_block_device"), first_block(&got, "root_block_device")) {
            let tags = get_map(&want, "tags");
            if let (false, Some(vol)) = (tags.is_empty(), get_str(&have, "volume_id")) {
                ec2.create_tags().resources(vol).set_tags(Some(ec2_tags::to_sdk(&tags))).send().await.map_err(|e| vec![diag("tagging EC2 Instance root volume", &e)])?;
                got = self.read(ctx, &got).await?.unwrap_or(got);
            }
        }
        Ok(got)
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        read_instance(ctx, id, state).await
    }
    async fn recover(&self, ctx: &Ctx<'_>, planned: &Attrs, token: &str) -> Result<Option<Attrs>, Diags> {
        let Some(id) = find_by_token(ctx, token).await? else { return Ok(None) };
        wait_state(ctx, &id, InstanceStateName::Running, ctx.timeout("create", CREATE_TIMEOUT)).await?;
        let mut st = planned.clone();
        st.insert("id".into(), s(&id));
        self.read(ctx, &st).await
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let id = get_string(prior, "id").unwrap_or_default();
        let timeout = ctx.timeout("update", UPDATE_TIMEOUT);
        let changed = |k: &str| p.get(k).is_some_and(|v| v.is_wholly_known() && !v.is_null()) && !prior.get(k).is_some_and(|pv| same(pv, p.get(k).unwrap_or(pv)));

        ec2_tags::update(ctx, &id, prior, p).await?;
        if changed("vpc_security_group_ids") {
            let groups = get_strings(p, "vpc_security_group_ids");
            if !groups.is_empty() {
                ec2.modify_instance_attribute().instance_id(&id).set_groups(Some(groups)).send().await.map_err(|e| vec![diag("modifying EC2 Instance security groups", &e)])?;
            }
        }
        if changed("disable_api_termination") {
            let v = get_bool(p, "disable_api_termination").unwrap_or(false);
            ec2.modify_instance_attribute().instance_id(&id).disable_api_termination(AttributeBooleanValue::builder().value(v).build()).send().await.map_err(|e| vec![diag("modifying EC2 Instance disable_api_termination", &e)])?;
        }
        if changed("source_dest_check") {
            let v = get_bool(p, "source_dest_check").unwrap_or(true);
            ec2.modify_instance_attribute().instance_id(&id).source_dest_check(AttributeBooleanValue::builder().value(v).build()).send().await.map_err(|e| vec![diag("modifying EC2 Instance source_dest_check", &e)])?;
        }
        if changed("monitoring") {
            if get_bool(p, "monitoring") == Some(true) {
                ec2.monitor_instances().instance_ids(&id).send().await.map_err(|e| vec![diag("modifying EC2 Instance monitoring", &e)])?;
            } else {
                ec2.unmonitor_instances().instance_ids(&id).send().await.map_err(|e| vec![diag("modifying EC2 Instance monitoring", &e)])?;
            }
        }
        if get_str(prior, "iam_instance_profile") != get_str(p, "iam_instance_profile") {
            set_instance_profile(ctx, &id, get_str(p, "iam_instance_profile")).await?;
        }
        if let Some(m) = first_block(p, "metadata_options").filter(|m| !first_block(prior, "metadata_options").is_some_and(|o| crate::attrs::same_attrs(&o, m))) {
            let r = metadata_request(&m);
            ec2.modify_instance_metadata_options()
                .instance_id(&id)
                .set_http_endpoint(r.http_endpoint().cloned())
                .set_http_tokens(r.http_tokens().cloned())
                .set_http_put_response_hop_limit(r.http_put_response_hop_limit())
                .send()
                .await
                .map_err(|e| vec![diag("modifying EC2 Instance metadata options", &e)])?;
        }
        if let Some(c) = first_block(p, "credit_specification").and_then(|c| get_string(&c, "cpu_credits")) {
            if first_block(prior, "credit_specification").and_then(|c| get_string(&c, "cpu_credits")).as_deref() != Some(c.as_str()) {
                ec2.modify_instance_credit_specification()
                    .instance_credit_specifications(aws_sdk_ec2::types::InstanceCreditSpecificationRequest::builder().instance_id(&id).cpu_credits(c).build())
                    .send()
                    .await
                    .map_err(|e| vec![diag("modifying EC2 Instance credit specification", &e)])?;
            }
        }
        update_root_volume(ctx, &id, prior, p).await?;
        if get_map(prior, "volume_tags") != get_map(p, "volume_tags") {
            let vols: Vec<String> = first_block(prior, "root_block_device").into_iter().chain(get_blocks(prior, "ebs_block_device")).filter_map(|v| get_string(&v, "volume_id")).collect();
            let (old, new) = (get_map(prior, "volume_tags"), get_map(p, "volume_tags"));
            for vol in vols {
                volume_tags_update(ctx, &vol, &old, &new).await?;
            }
        }
        // The instance type changes while the instance is stopped.
        if let (Some(new), true) = (get_str(p, "instance_type"), changed("instance_type")) {
            ec2.stop_instances().instance_ids(&id).send().await.map_err(|e| vec![diag("stopping EC2 Instance", &e)])?;
            wait_state(ctx, &id, InstanceStateName::Stopped, timeout).await?;
            ec2.modify_instance_attribute()
                .instance_id(&id)
                .instance_type(AttributeValue::builder().value(new).build())
                .send()
                .await
                .map_err(|e| vec![diag("modifying EC2 Instance instance type", &e)])?;
            ec2.start_instances().instance_ids(&id).send().await.map_err(|e| vec![diag("starting EC2 Instance", &e)])?;
            wait_state(ctx, &id, InstanceStateName::Running, timeout).await?;
        }
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(read_instance(ctx, &id, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        match ctx.clients.ec2.terminate_instances().instance_ids(id).send().await {
            Ok(_) => {}
            Err(e) if is_not_found(&e) => return Ok(()),
            Err(e) => return Err(vec![diag("terminating EC2 Instance", &e)]),
        }
        wait_state(ctx, id, InstanceStateName::Terminated, ctx.timeout("delete", DELETE_TIMEOUT)).await
    }
}

fn metadata_request(m: &Attrs) -> InstanceMetadataOptionsRequest {
    let mut r = InstanceMetadataOptionsRequest::builder();
    if let Some(v) = get_str(m, "http_endpoint") {
        r = r.http_endpoint(InstanceMetadataEndpointState::from(v));
    }
    if let Some(v) = get_str(m, "http_tokens") {
        r = r.http_tokens(HttpTokensState::from(v));
    }
    if let Some(v) = get_i64(m, "http_put_response_hop_limit").and_then(|v| i32::try_from(v).ok()) {
        r = r.http_put_response_hop_limit(v);
    }
    r.build()
}

fn ebs_spec(e: &Attrs) -> EbsBlockDevice {
    let i32_of = |k: &str| get_i64(e, k).and_then(|v| i32::try_from(v).ok());
    EbsBlockDevice::builder()
        .set_delete_on_termination(get_bool(e, "delete_on_termination"))
        .set_encrypted(get_bool(e, "encrypted"))
        .set_iops(i32_of("iops"))
        .set_throughput(i32_of("throughput"))
        .set_kms_key_id(get_string(e, "kms_key_id"))
        .set_snapshot_id(get_string(e, "snapshot_id"))
        .set_volume_size(i32_of("volume_size"))
        .set_volume_type(get_str(e, "volume_type").map(VolumeType::from))
        .build()
}

/// The root device name of the AMI an instance launches from.
async fn root_device_name(ctx: &Ctx<'_>, p: &Attrs) -> Result<Option<String>, Diags> {
    let Some(ami) = get_str(p, "ami") else { return Ok(None) };
    let out = ctx.clients.ec2.describe_images().image_ids(ami).send().await.map_err(|e| vec![diag("reading AMI for EC2 Instance root device", &e)])?;
    Ok(out.images().first().and_then(|i| i.root_device_name()).map(str::to_string))
}

/// Waits for an instance to reach `want` (terminated also counts when it is gone).
async fn wait_state(ctx: &Ctx<'_>, id: &str, want: InstanceStateName, timeout: Duration) -> Result<(), Diags> {
    let ec2 = &ctx.clients.ec2;
    until(&format!("EC2 Instance {id} to be {}", want.as_str()), timeout, || {
        let want = want.clone();
        async move {
            match ec2.describe_instances().instance_ids(id).send().await {
                Ok(o) => {
                    let st = o.reservations().iter().flat_map(|r| r.instances()).next().and_then(|i| i.state()).and_then(|s| s.name()).cloned();
                    match st {
                        Some(s) if s == want => Ok(Poll::Ready(())),
                        None if want == InstanceStateName::Terminated => Ok(Poll::Ready(())),
                        Some(InstanceStateName::Terminated) | Some(InstanceStateName::ShuttingDown) if want != InstanceStateName::Terminated => Err(vec![Diag::error(
                            format!("EC2 Instance {id} terminated while waiting for it to be {}", want.as_str()),
                            "The instance stopped before it was ready: check its console output and state reason (a bad AMI, a missing permission or an exhausted capacity are common causes).",
                        )]),
                        Some(s) => Ok(Poll::Pending(s.as_str().to_string())),
                        None => Ok(Poll::Pending("not visible yet".into())),
                    }
                }
                Err(e) if is_not_found(&e) => Ok(if want == InstanceStateName::Terminated { Poll::Ready(()) } else { Poll::Pending("not visible yet".into()) }),
                Err(e) => Err(vec![diag("reading EC2 Instance", &e)]),
            }
        }
    })
    .await
}

async fn set_instance_profile(ctx: &Ctx<'_>, id: &str, name: Option<&str>) -> Result<(), Diags> {
    let ec2 = &ctx.clients.ec2;
    let f = Filter::builder().name("instance-id").values(id).build();
    let assocs = ec2.describe_iam_instance_profile_associations().filters(f).send().await.map_err(|e| vec![diag("reading EC2 Instance IAM instance profile", &e)])?;
    let current = assocs.iam_instance_profile_associations().iter().find(|a| a.state().is_some_and(|s| s.as_str() == "associated" || s.as_str() == "associating")).and_then(|a| a.association_id()).map(str::to_string);
    match (current, name) {
        (Some(a), Some(n)) => {
            ec2.replace_iam_instance_profile_association().association_id(a).iam_instance_profile(IamInstanceProfileSpecification::builder().name(n).build()).send().await.map_err(|e| vec![diag("replacing EC2 Instance IAM instance profile", &e)])?;
        }
        (None, Some(n)) => {
            ec2.associate_iam_instance_profile().instance_id(id).iam_instance_profile(IamInstanceProfileSpecification::builder().name(n).build()).send().await.map_err(|e| vec![diag("associating EC2 Instance IAM instance profile", &e)])?;
        }
        (Some(a), None) => {
            ec2.disassociate_iam_instance_profile().association_id(a).send().await.map_err(|e| vec![diag("disassociating EC2 Instance IAM instance profile", &e)])?;
        }
        (None, None) => {}
    }
    Ok(())
}

async fn volume_tags_update(ctx: &Ctx<'_>, vol: &str, old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Result<(), Diags> {
    let ec2 = &ctx.clients.ec2;
    let removed: Vec<Tag> = old.keys().filter(|k| !new.contains_key(*k)).map(|k| Tag::builder().key(k).build()).collect();
    let changed: BTreeMap<String, String> = new.iter().filter(|(k, v)| old.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect();
    if !removed.is_empty() {
        ec2.delete_tags().resources(vol).set_tags(Some(removed)).send().await.map_err(|e| vec![diag("removing EC2 volume tags", &e)])?;
    }
    if !changed.is_empty() {
        ec2.create_tags().resources(vol).set_tags(Some(ec2_tags::to_sdk(&changed))).send().await.map_err(|e| vec![diag("tagging EC2 volume", &e)])?;
    }
    Ok(())
}

/// Root volume changes made in place: size, type, IOPS and throughput (ModifyVolume),
/// delete_on_termination (the instance's block device mapping) and tags.
async fn update_root_volume(ctx: &Ctx<'_>, id: &str, prior: &Attrs, p: &Attrs) -> Result<(), Diags> {
    let (Some(old), Some(new)) = (first_block(prior, "root_block_device"), first_block(p, "root_block_device")) else { return Ok(()) };
    let Some(vol) = get_string(&old, "volume_id") else { return Ok(()) };
    let ec2 = &ctx.clients.ec2;
    let differs = |k: &str| new.get(k).is_some_and(|v| !v.is_null() && v.is_known()) && !super::net_util::same(new.get(k), old.get(k));
    if ["volume_size", "volume_type", "iops", "throughput"].iter().any(|k| differs(k)) {
        let i32_of = |k: &str| if differs(k) { get_i64(&new, k).and_then(|v| i32::try_from(v).ok()) } else { None };
        ec2.modify_volume()
            .volume_id(&vol)
            .set_size(i32_of("volume_size"))
            .set_iops(i32_of("iops"))
            .set_throughput(i32_of("throughput"))
            .set_volume_type(if differs("volume_type") { get_str(&new, "volume_type").map(VolumeType::from) } else { None })
            .send()
            .await
            .map_err(|e| vec![diag("modifying EC2 Instance root volume", &e)])?;
        super::ebs_volume::wait_modified(ctx, &vol, ctx.timeout("update", UPDATE_TIMEOUT)).await?;
    }
    if differs("delete_on_termination") {
        let dev = get_string(&old, "device_name");
        ec2.modify_instance_attribute()
            .instance_id(id)
            .block_device_mappings(
                InstanceBlockDeviceMappingSpecification::builder()
                    .set_device_name(dev)
                    .ebs(EbsInstanceBlockDeviceSpecification::builder().set_delete_on_termination(get_bool(&new, "delete_on_termination")).build())
                    .build(),
            )
            .send()
            .await
            .map_err(|e| vec![diag("modifying EC2 Instance root volume delete_on_termination", &e)])?;
    }
    let (ot, nt) = (get_map(&old, "tags"), get_map(&new, "tags"));
    if ot != nt {
        volume_tags_update(ctx, &vol, &ot, &nt).await?;
    }
    Ok(())
}

/// Reads an instance into its state; `state` gives what AWS cannot say (the user_data
/// form in use, the launch template as configured).
async fn read_instance(ctx: &Ctx<'_>, id: &str, state: &Attrs) -> Result<Option<Attrs>, Diags> {
    let ec2 = &ctx.clients.ec2;
    let out = match ec2.describe_instances().instance_ids(id).send().await {
        Ok(o) => o,
        Err(e) if is_not_found(&e) => return Ok(None),
        Err(e) => return Err(vec![diag("reading EC2 Instance", &e)]),
    };
    let Some((owner, i)) = out.reservations().iter().flat_map(|r| r.instances().iter().map(move |i| (r.owner_id(), i))).next() else { return Ok(None) };
    let st = i.state().and_then(|s| s.name()).cloned();
    if matches!(st, Some(InstanceStateName::Terminated) | Some(InstanceStateName::ShuttingDown)) {
        return Ok(None);
    }
    let mut a = state.clone();
    a.insert("id".into(), s(id));
    a.insert("ami".into(), opt_s(i.image_id()));
    a.insert("instance_type".into(), opt_s(i.instance_type().map(|t| t.as_str())));
    a.insert("availability_zone".into(), opt_s(i.placement().and_then(|p| p.availability_zone())));
    a.insert("tenancy".into(), opt_s(i.placement().and_then(|p| p.tenancy()).map(|t| t.as_str())));
    // Terraform's provider records an instance without a key pair as key_name = "".
    a.insert("key_name".into(), s(i.key_name().unwrap_or_default()));
    a.insert("private_ip".into(), opt_s(i.private_ip_address()));
    a.insert("public_ip".into(), opt_s(i.public_ip_address()));
    a.insert("private_dns".into(), opt_s(i.private_dns_name()));
    a.insert("public_dns".into(), opt_s(i.public_dns_name()));
    a.insert("instance_state".into(), opt_s(st.as_ref().map(|s| s.as_str())));
    a.insert("outpost_arn".into(), opt_s(i.outpost_arn()));
    a.insert("password_data".into(), Value::null(Type::String));
    a.insert("ebs_optimized".into(), b(i.ebs_optimized().unwrap_or(false)));
    a.insert("source_dest_check".into(), b(i.source_dest_check().unwrap_or(true)));
    a.insert("monitoring".into(), b(i.monitoring().and_then(|m| m.state()).is_some_and(|s| s.as_str() == "enabled" || s.as_str() == "pending")));
    let acct = owner.or(ctx.clients.account_id.as_deref()).unwrap_or_default();
    a.insert("arn".into(), s(format!("arn:aws:ec2:{}:{acct}:instance/{id}", ctx.clients.region)));
    a.insert("iam_instance_profile".into(), opt_s(i.iam_instance_profile().and_then(|p| p.arn()).and_then(|arn| arn.rsplit('/').next())));

    // The primary network interface: subnet, public address association and (where
    // the instance's own list is empty, as some endpoints leave it) the security groups.
    let primary = i.network_interfaces().iter().find(|ni| ni.attachment().and_then(|at| at.device_index()) == Some(0)).or_else(|| i.network_interfaces().first());
    a.insert("subnet_id".into(), opt_s(i.subnet_id().or(primary.and_then(|ni| ni.subnet_id()))));
    a.insert("primary_network_interface_id".into(), opt_s(primary.and_then(|ni| ni.network_interface_id())));
    a.insert("associate_public_ip_address".into(), b(primary.is_some_and(|ni| ni.association().is_some_and(|x| x.public_ip().is_some())) || (primary.is_none() && i.public_ip_address().is_some())));
    let mut groups: Vec<(String, String)> = i.security_groups().iter().filter_map(|g| Some((g.group_id()?.to_string(), g.group_name().unwrap_or_default().to_string()))).collect();
    if groups.is_empty() {
        groups = i.network_interfaces().iter().flat_map(|ni| ni.groups()).filter_map(|g| Some((g.group_id()?.to_string(), g.group_name().unwrap_or_default().to_string()))).collect();
        groups.dedup();
    }
    let in_vpc = i.vpc_id().is_some() || i.subnet_id().is_some();
    let want_names = !get_strings(state, "security_groups").is_empty() || !in_vpc;
    a.insert("vpc_security_group_ids".into(), Value::set(Type::String, if in_vpc { groups.iter().map(|(id, _)| s(id)).collect() } else { Vec::new() }));
    a.insert("security_groups".into(), Value::set(Type::String, if want_names { groups.iter().map(|(_, n)| s(n)).collect() } else { Vec::new() }));

    let tags = user_tags(ec2_tags::from_sdk(i.tags()));
    ec2_tags::set_from_aws(ctx, &mut a, state, &tags);

    // Attributes only DescribeInstanceAttribute reports.
    let attr = |name: InstanceAttributeName| ec2.describe_instance_attribute().instance_id(id).attribute(name).send();
    let dat = attr(InstanceAttributeName::DisableApiTermination).await.map_err(|e| vec![diag("reading EC2 Instance disable_api_termination", &e)])?;
    a.insert("disable_api_termination".into(), b(dat.disable_api_termination().and_then(|v| v.value()).unwrap_or(false)));
    let ud = attr(InstanceAttributeName::UserData).await.map_err(|e| vec![diag("reading EC2 Instance user_data", &e)])?;
    let ud = ud.user_data().and_then(|v| v.value()).filter(|v| !v.is_empty()).map(str::to_string);
    if get_str(state, "user_data_base64").is_some() {
        a.insert("user_data_base64".into(), opt_s(ud));
    } else {
        a.insert("user_data".into(), opt_s(ud.map(|u| user_data_hash(&u))));
    }

    a.insert("metadata_options".into(), objs(i.metadata_options().map(|m| {
        let mut o = Attrs::new();
        o.insert("http_endpoint".into(), opt_s(m.http_endpoint().map(|v| v.as_str())));
        o.insert("http_tokens".into(), opt_s(m.http_tokens().map(|v| v.as_str())));
        o.insert("http_put_response_hop_limit".into(), opt_n(m.http_put_response_hop_limit().map(i64::from)));
        o
    }).into_iter().collect()));

    if let Some(prior_cs) = first_block(state, "credit_specification") {
        let cs = ec2.describe_instance_credit_specifications().instance_ids(id).send().await;
        let credits = cs.ok().and_then(|o| o.instance_credit_specifications().first().and_then(|c| c.cpu_credits()).map(str::to_string));
        let mut o = prior_cs;
        if let Some(c) = credits {
            o.insert("cpu_credits".into(), s(c));
        }
        a.insert("credit_specification".into(), objs(vec![o]));
    }

    // The launch template, from the tags AWS puts on instances launched from one.
    let aws_tags = ec2_tags::from_sdk(i.tags());
    if let Some(lt_id) = aws_tags.get("aws:ec2launchtemplate:id") {
        let mut lt = first_block(state, "launch_template").unwrap_or_default();
        if get_str(&lt, "id").is_none_or(|x| x == lt_id) {
            lt.insert("id".into(), s(lt_id));
            if lt.get("version").is_none_or(|v| v.is_null()) {
                lt.insert("version".into(), opt_s(aws_tags.get("aws:ec2launchtemplate:version")));
            }
            a.insert("launch_template".into(), objs(vec![lt]));
        }
    }
    if i.instance_lifecycle().is_some_and(|l| l.as_str() == "spot") && block_unset(state, "instance_market_options") {
        let mut mo = Attrs::new();
        mo.insert("market_type".into(), s("spot"));
        a.insert("instance_market_options".into(), objs(vec![mo]));
    }

    read_block_devices(ctx, i, state, &mut a).await?;
    Ok(Some(a))
}

async fn read_block_devices(ctx: &Ctx<'_>, i: &aws_sdk_ec2::types::Instance, state: &Attrs, a: &mut Attrs) -> Result<(), Diags> {
    let root_name = i.root_device_name();
    let mappings: Vec<(String, String, Option<bool>)> =
        i.block_device_mappings().iter().filter_map(|m| Some((m.device_name()?.to_string(), m.ebs()?.volume_id()?.to_string(), m.ebs().and_then(|e| e.delete_on_termination())))).collect();
    let ids: Vec<String> = mappings.iter().map(|(_, v, _)| v.clone()).collect();
    let mut vols = BTreeMap::new();
    if !ids.is_empty() {
        let out = ctx.clients.ec2.describe_volumes().set_volume_ids(Some(ids)).send().await.map_err(|e| vec![diag("reading EC2 Instance volumes", &e)])?;
        for v in out.volumes() {
            if let Some(id) = v.volume_id() {
                vols.insert(id.to_string(), v.clone());
            }
        }
    }
    let mut root = None;
    let mut ebs = Vec::new();
    let mut volume_tags = None;
    for (dev, vid, dot) in &mappings {
        let Some(v) = vols.get(vid) else { continue };
        let mut o = Attrs::new();
        o.insert("device_name".into(), s(dev));
        o.insert("volume_id".into(), s(vid));
        o.insert("delete_on_termination".into(), b(dot.unwrap_or(false)));
        o.insert("encrypted".into(), b(v.encrypted().unwrap_or(false)));
        o.insert("iops".into(), opt_n(v.iops().map(i64::from)));
        o.insert("throughput".into(), opt_n(v.throughput().map(i64::from)));
        o.insert("kms_key_id".into(), opt_s(v.kms_key_id()));
        o.insert("volume_size".into(), opt_n(v.size().map(i64::from)));
        o.insert("volume_type".into(), opt_s(v.volume_type().map(|t| t.as_str())));
        if Some(dev.as_str()) == root_name {
            let tags = user_tags(ec2_tags::from_sdk(v.tags()));
            volume_tags = Some(tags.clone());
            let prior_root = first_block(state, "root_block_device").unwrap_or_default();
            let prior_has_tags = prior_root.get("tags").is_some_and(|t| !t.is_null() && t.is_known());
            // Root volume tags belong to `root_block_device.tags` unless volume_tags manages them.
            o.insert(
                "tags".into(),
                if prior_has_tags || (get_map(state, "volume_tags").is_empty() && state.get("volume_tags").is_none_or(|v| v.is_null()) && !tags.is_empty()) {
                    string_map(&tags)
                } else {
                    Value::null(Type::map(Type::String))
                },
            );
            root = Some(o);
        } else {
            // Like Terraform, volume_tags are read from the instance's volumes: the root
            // one where AWS reports it, else the first attached.
            if volume_tags.is_none() {
                volume_tags = Some(user_tags(ec2_tags::from_sdk(v.tags())));
            }
            o.insert("snapshot_id".into(), opt_s(v.snapshot_id()));
            ebs.push(o);
        }
    }
    a.insert("root_block_device".into(), objs(root.into_iter().collect()));
    a.insert("ebs_block_device".into(), obj_set(ebs));
    if state.get("volume_tags").is_some_and(|v| !v.is_null() && v.is_known()) {
        a.insert("volume_tags".into(), string_map(&volume_tags.unwrap_or_default()));
    }
    Ok(())
}

/// The live instance launched with `token` (its ClientToken and `terrace:create-token`
/// tag), if one exists that is not terminated: an instance created by a run that was
/// killed before it could record it.
async fn find_by_token(ctx: &Ctx<'_>, token: &str) -> Result<Option<String>, Diags> {
    let f = Filter::builder().name(format!("tag:{}", crate::resource::TOKEN_TAG)).values(token).build();
    let out = ctx.clients.ec2.describe_instances().filters(f).send().await.map_err(|e| vec![diag("finding an EC2 Instance made by an interrupted run", &e)])?;
    Ok(out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .filter(|i| !matches!(i.state().and_then(|s| s.name()), Some(InstanceStateName::Terminated) | Some(InstanceStateName::ShuttingDown)))
        .find_map(|i| i.instance_id().map(str::to_string)))
}
