//! `aws_volume_attachment`: an EBS volume attached to an instance. Its ID is
//! Terraform's `vai-<crc32 of "DEVICE-INSTANCE-VOLUME-">`; import takes
//! `DEVICE_NAME:VOLUME_ID:INSTANCE_ID`.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::{Filter, InstanceStateName, VolumeAttachmentState};
use terrace_provider::{Attribute, Block, Diag, Diags, Type};

use super::ec2_compute::hashcode;
use crate::attrs::{b, get_bool, get_str, s, Attrs};
use crate::errors::{diag, is_not_found};
use crate::resource::{default_if_unset, AwsResource, Ctx};
use crate::wait::{until, Poll};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

pub struct VolumeAttachment;

/// Terraform's ID for an attachment.
pub fn attachment_id(device: &str, volume: &str, instance: &str) -> String {
    format!("vai-{}", hashcode(&format!("{device}-{instance}-{volume}-")))
}

#[async_trait]
impl AwsResource for VolumeAttachment {
    fn type_name(&self) -> &'static str {
        "aws_volume_attachment"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("device_name", Attribute::required(Type::String).force_new())
            .attr("instance_id", Attribute::required(Type::String).force_new())
            .attr("volume_id", Attribute::required(Type::String).force_new())
            .attr("force_detach", Attribute::optional(Type::Bool))
            .attr("skip_destroy", Attribute::optional(Type::Bool))
            .attr("stop_instance_before_detaching", Attribute::optional(Type::Bool))
    }
    fn timeouts(&self) -> &'static [&'static str] {
        &["create", "delete"]
    }
    fn plan(&self, _cfg: &crate::config::AwsConfig, _prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        for k in ["force_detach", "skip_destroy", "stop_instance_before_detaching"] {
            default_if_unset(planned, config, k, b(false));
        }
        if let (Some(d), Some(v), Some(i)) = (get_str(planned, "device_name"), get_str(planned, "volume_id"), get_str(planned, "instance_id")) {
            planned.insert("id".into(), s(attachment_id(d, v, i)));
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let (dev, vol, inst) = parts(p)?;
        // An attachment that already exists (the same volume on the same instance) is adopted.
        if attachment_state(ctx, &dev, &vol, &inst).await?.is_none() {
            wait_instance_ready(ctx, &inst, ctx.timeout("create", DEFAULT_TIMEOUT)).await?;
            ctx.clients.ec2.attach_volume().device(&dev).volume_id(&vol).instance_id(&inst).send().await.map_err(|e| vec![diag(&format!("attaching EBS Volume {vol} to EC2 Instance {inst}"), &e)])?;
        }
        until(&format!("EBS Volume {vol} to be attached to {inst}"), ctx.timeout("create", DEFAULT_TIMEOUT), || async {
            Ok(match attachment_state(ctx, &dev, &vol, &inst).await? {
                Some(VolumeAttachmentState::Attached) => Poll::Ready(()),
                Some(st) => Poll::Pending(st.as_str().to_string()),
                None => Poll::Pending("not attached yet".into()),
            })
        })
        .await?;
        let mut a = p.clone();
        a.insert("id".into(), s(attachment_id(&dev, &vol, &inst)));
        Ok(a)
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let (dev, vol, inst) = parts(state)?;
        match attachment_state(ctx, &dev, &vol, &inst).await? {
            Some(VolumeAttachmentState::Attached) | Some(VolumeAttachmentState::Attaching) | Some(VolumeAttachmentState::Busy) => {
                let mut a = state.clone();
                a.insert("id".into(), s(attachment_id(&dev, &vol, &inst)));
                Ok(Some(a))
            }
            _ => Ok(None),
        }
    }
    async fn update(&self, _ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        // Only the detach options change in place; they live in state alone.
        let mut a = p.clone();
        if let Some(id) = prior.get("id") {
            a.insert("id".into(), id.clone());
        }
        Ok(a)
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        if get_bool(state, "skip_destroy") == Some(true) {
            return Ok(());
        }
        let (dev, vol, inst) = parts(state)?;
        let ec2 = &ctx.clients.ec2;
        let timeout = ctx.timeout("delete", DEFAULT_TIMEOUT);
        if get_bool(state, "stop_instance_before_detaching") == Some(true) {
            ec2.stop_instances().instance_ids(&inst).send().await.map_err(|e| vec![diag("stopping EC2 Instance before detaching", &e)])?;
            until(&format!("EC2 Instance {inst} to be stopped"), timeout, || async {
                match ec2.describe_instances().instance_ids(&inst).send().await {
                    Ok(o) => Ok(match o.reservations().iter().flat_map(|r| r.instances()).next().and_then(|i| i.state()).and_then(|s| s.name()) {
                        Some(InstanceStateName::Stopped) | None => Poll::Ready(()),
                        Some(s) => Poll::Pending(s.as_str().to_string()),
                    }),
                    Err(e) if is_not_found(&e) => Ok(Poll::Ready(())),
                    Err(e) => Err(vec![diag("reading EC2 Instance", &e)]),
                }
            })
            .await?;
        }
        match ec2.detach_volume().device(&dev).volume_id(&vol).instance_id(&inst).force(get_bool(state, "force_detach").unwrap_or(false)).send().await {
            Ok(_) => {}
            Err(e) if is_not_found(&e) || crate::errors::code(&e).as_deref() == Some("IncorrectState") => return Ok(()),
            Err(e) => return Err(vec![diag(&format!("detaching EBS Volume {vol} from EC2 Instance {inst}"), &e)]),
        }
        until(&format!("EBS Volume {vol} to be detached from {inst}"), timeout, || async {
            Ok(match attachment_state(ctx, &dev, &vol, &inst).await? {
                None | Some(VolumeAttachmentState::Detached) => Poll::Ready(()),
                Some(st) => Poll::Pending(st.as_str().to_string()),
            })
        })
        .await
    }
    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Option<Attrs>, Diags> {
        let bits: Vec<&str> = id.split(':').collect();
        let [dev, vol, inst] = bits.as_slice() else {
            return Err(vec![Diag::error("Invalid aws_volume_attachment import ID", format!("Expected DEVICE_NAME:VOLUME_ID:INSTANCE_ID (e.g. /dev/sdh:vol-123:i-456), got {id:?}."))]);
        };
        let mut a = Attrs::new();
        a.insert("device_name".into(), s(dev));
        a.insert("volume_id".into(), s(vol));
        a.insert("instance_id".into(), s(inst));
        let Some(mut got) = self.read(ctx, &a).await? else { return Ok(None) };
        for k in ["force_detach", "skip_destroy", "stop_instance_before_detaching"] {
            got.insert(k.into(), b(false));
        }
        Ok(Some(got))
    }
}

fn parts(a: &Attrs) -> Result<(String, String, String), Diags> {
    match (get_str(a, "device_name"), get_str(a, "volume_id"), get_str(a, "instance_id")) {
        (Some(d), Some(v), Some(i)) => Ok((d.to_string(), v.to_string(), i.to_string())),
        _ => Err(vec![Diag::error("aws_volume_attachment: missing arguments", "device_name, volume_id and instance_id are all required.")]),
    }
}

/// The state of the attachment of `vol` to `inst` at `dev`, if there is one.
async fn attachment_state(ctx: &Ctx<'_>, dev: &str, vol: &str, inst: &str) -> Result<Option<VolumeAttachmentState>, Diags> {
    let f = |n: &str, v: &str| Filter::builder().name(n).values(v).build();
    let out = match ctx.clients.ec2.describe_volumes().volume_ids(vol).filters(f("attachment.instance-id", inst)).filters(f("attachment.device", dev)).send().await {
        Ok(o) => o,
        Err(e) if is_not_found(&e) => return Ok(None),
        Err(e) => return Err(vec![diag("reading EBS Volume attachment", &e)]),
    };
    Ok(out
        .volumes()
        .iter()
        .flat_map(|v| v.attachments())
        .find(|a| a.instance_id() == Some(inst) && a.device() == Some(dev))
        .and_then(|a| a.state().cloned()))
}

/// An instance can take a volume once it is running or stopped.
async fn wait_instance_ready(ctx: &Ctx<'_>, inst: &str, timeout: Duration) -> Result<(), Diags> {
    let ec2 = &ctx.clients.ec2;
    until(&format!("EC2 Instance {inst} to be running"), timeout, || async {
        match ec2.describe_instances().instance_ids(inst).send().await {
            Ok(o) => Ok(match o.reservations().iter().flat_map(|r| r.instances()).next().and_then(|i| i.state()).and_then(|s| s.name()) {
                Some(InstanceStateName::Running) | Some(InstanceStateName::Stopped) => Poll::Ready(()),
                Some(s) => Poll::Pending(s.as_str().to_string()),
                None => Poll::Pending("not visible yet".into()),
            }),
            Err(e) if is_not_found(&e) => Ok(Poll::Pending("not visible yet".into())),
            Err(e) => Err(vec![diag("reading EC2 Instance", &e)]),
        }
    })
    .await
}
