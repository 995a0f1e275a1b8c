//! `data "aws_ami"`: one AMI found by owners, filters, executable users and a name
//! regex; `most_recent` picks the newest by creation date when several match.

use std::collections::BTreeMap;

use async_trait::async_trait;
use aws_sdk_ec2::types::{Filter, Image};
use terrace_provider::{Attribute, Block, Diag, Diags, NestedBlock, Nesting, Type, Value};

use crate::attrs::{b, get_blocks, get_bool, get_str, get_strings, opt_s, s, string_map, Attrs};
use crate::errors::diag;
use crate::resource::{AwsDataSource, Ctx};

pub struct Ami;

fn bdm_type() -> Type {
    Type::object(BTreeMap::from([
        ("device_name".to_string(), Type::String),
        ("ebs".to_string(), Type::map(Type::String)),
        ("no_device".to_string(), Type::String),
        ("virtual_name".to_string(), Type::String),
    ]))
}

fn product_code_type() -> Type {
    Type::object(BTreeMap::from([("product_code_id".to_string(), Type::String), ("product_code_type".to_string(), Type::String)]))
}

#[async_trait]
impl AwsDataSource for Ami {
    fn type_name(&self) -> &'static str {
        "aws_ami"
    }
    fn schema(&self) -> Block {
        let mut block = Block::new()
            .attr("owners", Attribute::required(Type::list(Type::String)))
            .attr("executable_users", Attribute::optional(Type::list(Type::String)))
            .attr("most_recent", Attribute::optional(Type::Bool))
            .attr("name_regex", Attribute::optional(Type::String))
            .attr("tags", Attribute::optional_computed(Type::map(Type::String)))
            .attr("block_device_mappings", Attribute::computed(Type::set(bdm_type())))
            .attr("product_codes", Attribute::computed(Type::set(product_code_type())))
            .attr("state_reason", Attribute::computed(Type::map(Type::String)))
            .attr("ena_support", Attribute::computed(Type::Bool))
            .attr("public", Attribute::computed(Type::Bool));
        for k in [
            "architecture", "arn", "creation_date", "description", "hypervisor", "image_id", "image_location", "image_owner_alias", "image_type", "kernel_id", "name", "owner_id", "platform",
            "platform_details", "ramdisk_id", "root_device_name", "root_device_type", "root_snapshot_id", "sriov_net_support", "state", "usage_operation", "virtualization_type",
        ] {
            block = block.attr(k, Attribute::computed(Type::String));
        }
        block.block(
            "filter",
            NestedBlock {
                nesting: Nesting::Set,
                block: Block::new().attr("name", Attribute::required(Type::String)).attr("values", Attribute::required(Type::list(Type::String))),
                min_items: 0,
                max_items: 0,
                force_new: false,
            },
        )
    }
    async fn read(&self, ctx: &Ctx<'_>, config: &Attrs) -> Result<Attrs, Diags> {
        let owners = get_strings(config, "owners");
        if owners.is_empty() {
            return Err(vec![Diag::error("aws_ami: owners is empty", "Set `owners` to at least one account ID or alias (\"self\", \"amazon\", \"aws-marketplace\").")]);
        }
        let mut req = ctx.clients.ec2.describe_images().set_owners(Some(owners));
        let users = get_strings(config, "executable_users");
        if !users.is_empty() {
            req = req.set_executable_users(Some(users));
        }
        for f in get_blocks(config, "filter") {
            if let Some(name) = get_str(&f, "name") {
                req = req.filters(Filter::builder().name(name).set_values(Some(get_strings(&f, "values"))).build());
            }
        }
        let out = req.send().await.map_err(|e| vec![diag("reading EC2 AMIs", &e)])?;
        let mut images: Vec<&Image> = out.images().iter().collect();
        if let Some(re) = get_str(config, "name_regex") {
            let re = regex::Regex::new(re).map_err(|e| vec![Diag::error("aws_ami: invalid name_regex", e.to_string())])?;
            images.retain(|i| i.name().is_some_and(|n| re.is_match(n)));
        }
        let image = match images.len() {
            0 => return Err(vec![Diag::error("Your query returned no results. Please change your search criteria and try again.", "No AMI matches the owners, filters and name_regex given.")]),
            1 => images[0],
            _ if get_bool(config, "most_recent") == Some(true) => {
                // RFC 3339 timestamps of one format sort as text. Among images created at
                // the same time the first one DescribeImages returned wins, as with
                // Terraform's provider (max_by alone would keep the last).
                images.iter().copied().rev().max_by(|a, b| a.creation_date().unwrap_or_default().cmp(b.creation_date().unwrap_or_default())).unwrap_or(images[0])
            }
            n => {
                return Err(vec![Diag::error(
                    "Your query returned more than one result. Please try a more specific search criteria, or set `most_recent` attribute to true.",
                    format!("{n} AMIs match."),
                )])
            }
        };
        Ok(image_attrs(ctx, image))
    }
}

fn image_attrs(ctx: &Ctx<'_>, i: &Image) -> Attrs {
    let mut a = Attrs::new();
    let id = i.image_id().unwrap_or_default();
    a.insert("id".into(), s(id));
    a.insert("image_id".into(), s(id));
    a.insert("arn".into(), s(format!("arn:aws:ec2:{}::image/{id}", ctx.clients.region)));
    let strs: [(&str, Option<&str>); 20] = [
        ("architecture", i.architecture().map(|x| x.as_str())),
        ("creation_date", i.creation_date()),
        ("description", i.description()),
        ("hypervisor", i.hypervisor().map(|x| x.as_str())),
        ("image_location", i.image_location()),
        ("image_owner_alias", i.image_owner_alias()),
        ("image_type", i.image_type().map(|x| x.as_str())),
        ("kernel_id", i.kernel_id()),
        ("name", i.name()),
        ("owner_id", i.owner_id()),
        ("platform", i.platform().map(|x| x.as_str())),
        ("platform_details", i.platform_details()),
        ("ramdisk_id", i.ramdisk_id()),
        ("root_device_name", i.root_device_name()),
        ("root_device_type", i.root_device_type().map(|x| x.as_str())),
        ("sriov_net_support", i.sriov_net_support()),
        ("state", i.state().map(|x| x.as_str())),
        ("usage_operation", i.usage_operation()),
        ("virtualization_type", i.virtualization_type().map(|x| x.as_str())),
        ("root_snapshot_id", root_snapshot(i)),
    ];
    for (k, v) in strs {
        a.insert(k.into(), opt_s(v));
    }
    a.insert("ena_support".into(), b(i.ena_support().unwrap_or(false)));
    a.insert("public".into(), b(i.public().unwrap_or(false)));
    let bdms = i
        .block_device_mappings()
        .iter()
        .map(|m| {
            let mut ebs = BTreeMap::new();
            if let Some(e) = m.ebs() {
                let mut put = |k: &str, v: Option<String>| {
                    if let Some(v) = v {
                        ebs.insert(k.to_string(), v);
                    }
                };
                put("delete_on_termination", e.delete_on_termination().map(|x| x.to_string()));
                put("encrypted", e.encrypted().map(|x| x.to_string()));
                put("iops", e.iops().map(|x| x.to_string()));
                put("throughput", e.throughput().map(|x| x.to_string()));
                put("snapshot_id", e.snapshot_id().map(str::to_string));
                put("volume_size", e.volume_size().map(|x| x.to_string()));
                put("volume_type", e.volume_type().map(|x| x.as_str().to_string()));
            }
            Value::object(BTreeMap::from([
                ("device_name".to_string(), opt_s(m.device_name())),
                ("ebs".to_string(), string_map(&ebs)),
                ("no_device".to_string(), opt_s(m.no_device())),
                ("virtual_name".to_string(), opt_s(m.virtual_name())),
            ]))
        })
        .collect();
    a.insert("block_device_mappings".into(), Value::set(bdm_type(), bdms));
    let codes = i
        .product_codes()
        .iter()
        .map(|p| {
            Value::object(BTreeMap::from([
                ("product_code_id".to_string(), opt_s(p.product_code_id())),
                ("product_code_type".to_string(), opt_s(p.product_code_type().map(|x| x.as_str()))),
            ]))
        })
        .collect();
    a.insert("product_codes".into(), Value::set(product_code_type(), codes));
    let mut reason = BTreeMap::new();
    reason.insert("code".to_string(), i.state_reason().and_then(|r| r.code()).unwrap_or("UNSET").to_string());
    reason.insert("message".to_string(), i.state_reason().and_then(|r| r.message()).unwrap_or("UNSET").to_string());
    a.insert("state_reason".into(), string_map(&reason));
    a.insert("tags".into(), string_map(&crate::resources::ec2_tags::from_sdk(i.tags())));
    a
}

/// The snapshot behind the root device.
fn root_snapshot(i: &Image) -> Option<&str> {
    let root = i.root_device_name()?;
    i.block_device_mappings().iter().find(|m| m.device_name() == Some(root)).and_then(|m| m.ebs()).and_then(|e| e.snapshot_id())
}
