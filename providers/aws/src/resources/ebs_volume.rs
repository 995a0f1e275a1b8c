//! `aws_ebs_volume`: an EBS volume. Size, type, IOPS and throughput change in place
//! (ModifyVolume, waited on until the modification is optimizing or done); the rest
//! forces a new volume.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_ec2::types::{ResourceType, VolumeModificationState, VolumeState, VolumeType};
use terrace_provider::{Attribute, Block, Diag, Diags, Type};

use super::ec2_tags;
use crate::attrs::{b, get_bool, get_i64, get_str, get_string, opt_n, opt_s, s, Attrs};
use crate::errors::{code, diag, is_not_found};
use crate::resource::{default_if_unset, AwsResource, Ctx};
use crate::wait::{until, Poll};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

pub struct EbsVolume;

#[async_trait]
impl AwsResource for EbsVolume {
    fn type_name(&self) -> &'static str {
        "aws_ebs_volume"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("availability_zone", Attribute::required(Type::String).force_new())
            .attr("encrypted", Attribute::optional_computed(Type::Bool).force_new())
            .attr("iops", Attribute::optional_computed(Type::Number))
            .attr("kms_key_id", Attribute::optional_computed(Type::String).force_new())
            .attr("multi_attach_enabled", Attribute::optional(Type::Bool).force_new())
            .attr("outpost_arn", Attribute::optional(Type::String).force_new())
            .attr("size", Attribute::optional_computed(Type::Number))
            .attr("snapshot_id", Attribute::optional_computed(Type::String).force_new())
            .attr("throughput", Attribute::optional_computed(Type::Number))
            .attr("type", Attribute::optional_computed(Type::String))
            .attr("arn", Attribute::computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn timeouts(&self) -> &'static [&'static str] {
        &["create", "update", "delete"]
    }
    fn plan(&self, _cfg: &crate::config::AwsConfig, _prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        default_if_unset(planned, config, "multi_attach_enabled", b(false));
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let ec2 = &ctx.clients.ec2;
        let i32_of = |k: &str| get_i64(p, k).and_then(|v| i32::try_from(v).ok());
        let mut req = ec2
            .create_volume()
            .set_client_token(ctx.idempotency_token.clone())
            .set_availability_zone(get_string(p, "availability_zone"))
            .set_encrypted(get_bool(p, "encrypted"))
            .set_iops(i32_of("iops"))
            .set_throughput(i32_of("throughput"))
            .set_kms_key_id(get_string(p, "kms_key_id"))
            .set_size(i32_of("size"))
            .set_snapshot_id(get_string(p, "snapshot_id"))
            .set_outpost_arn(get_string(p, "outpost_arn"))
            .set_volume_type(get_str(p, "type").map(VolumeType::from));
        if get_bool(p, "multi_attach_enabled") == Some(true) {
            req = req.multi_attach_enabled(true);
        }
        if let Some(spec) = ec2_tags::spec(ctx, p, ResourceType::Volume) {
            req = req.tag_specifications(spec);
        }
        let out = req.send().await.map_err(|e| vec![diag("creating EBS Volume", &e)])?;
        let Some(id) = out.volume_id().map(str::to_string) else {
            return Err(vec![Diag::error("creating EBS Volume: no volume returned", "CreateVolume succeeded but returned no volume ID.")]);
        };
        wait_volume(ctx, &id, VolumeState::Available, ctx.timeout("create", DEFAULT_TIMEOUT)).await?;
        super::net_util::read_back("EBS Volume", p, &id, |st| async move { self.read(ctx, &st).await }).await
    }
    async fn recover(&self, ctx: &Ctx<'_>, planned: &Attrs, token: &str) -> Result<Option<Attrs>, Diags> {
        let Some(id) = ec2_tags::find_by_token(ctx, "volume", token).await? else { return Ok(None) };
        wait_volume(ctx, &id, VolumeState::Available, ctx.timeout("create", DEFAULT_TIMEOUT)).await?;
        let mut st = planned.clone();
        st.insert("id".into(), s(&id));
        self.read(ctx, &st).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(None) };
        let out = match ctx.clients.ec2.describe_volumes().volume_ids(id).send().await {
            Ok(o) => o,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading EBS Volume", &e)]),
        };
        let Some(v) = out.volumes().first() else { return Ok(None) };
        if matches!(v.state(), Some(VolumeState::Deleted) | Some(VolumeState::Deleting)) {
            return Ok(None);
        }
        let mut a = state.clone();
        a.insert("id".into(), s(id));
        a.insert("availability_zone".into(), opt_s(v.availability_zone()));
        a.insert("encrypted".into(), b(v.encrypted().unwrap_or(false)));
        a.insert("iops".into(), opt_n(v.iops().map(i64::from)));
        a.insert("throughput".into(), opt_n(v.throughput().map(i64::from)));
        a.insert("kms_key_id".into(), opt_s(v.kms_key_id()));
        a.insert("multi_attach_enabled".into(), b(v.multi_attach_enabled().unwrap_or(false)));
        a.insert("outpost_arn".into(), opt_s(v.outpost_arn()));
        a.insert("size".into(), opt_n(v.size().map(i64::from)));
        a.insert("snapshot_id".into(), opt_s(v.snapshot_id().filter(|x| !x.is_empty())));
        a.insert("type".into(), opt_s(v.volume_type().map(|t| t.as_str())));
        let acct = ctx.clients.account_id.as_deref().unwrap_or_default();
        a.insert("arn".into(), s(format!("arn:aws:ec2:{}:{acct}:volume/{id}", ctx.clients.region)));
        ec2_tags::set_from_aws(ctx, &mut a, state, &ec2_tags::from_sdk(v.tags()));
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let id = get_string(prior, "id").unwrap_or_default();
        let differs = |k: &str| p.get(k).is_some_and(|v| !v.is_null() && v.is_known()) && !super::net_util::same(p.get(k), prior.get(k));
        if ["size", "type", "iops", "throughput"].iter().any(|k| differs(k)) {
            let i32_of = |k: &str| if differs(k) { get_i64(p, k).and_then(|v| i32::try_from(v).ok()) } else { None };
            ctx.clients
                .ec2
                .modify_volume()
                .volume_id(&id)
                .set_size(i32_of("size"))
                .set_iops(i32_of("iops"))
                .set_throughput(i32_of("throughput"))
                .set_volume_type(if differs("type") { get_str(p, "type").map(VolumeType::from) } else { None })
                .send()
                .await
                .map_err(|e| vec![diag("modifying EBS Volume", &e)])?;
            wait_modified(ctx, &id, ctx.timeout("update", DEFAULT_TIMEOUT)).await?;
        }
        ec2_tags::update(ctx, &id, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&id));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(id) = get_str(state, "id") else { return Ok(()) };
        let timeout = ctx.timeout("delete", DEFAULT_TIMEOUT);
        // A volume still detaching is "in use" for a moment.
        until(&format!("EBS Volume {id} to be deleted"), timeout, || async {
            match ctx.clients.ec2.delete_volume().volume_id(id).send().await {
                Ok(_) => Ok(Poll::Ready(())),
                Err(e) if is_not_found(&e) => Ok(Poll::Ready(())),
                Err(e) if code(&e).as_deref() == Some("VolumeInUse") => Ok(Poll::Pending("in use".into())),
                Err(e) => Err(vec![diag("deleting EBS Volume", &e)]),
            }
        })
        .await?;
        wait_volume(ctx, id, VolumeState::Deleted, timeout).await
    }
}

/// Waits for a volume to reach `want` (deleted also counts when it is gone).
pub async fn wait_volume(ctx: &Ctx<'_>, id: &str, want: VolumeState, timeout: Duration) -> Result<(), Diags> {
    let ec2 = &ctx.clients.ec2;
    until(&format!("EBS Volume {id} to be {}", want.as_str()), timeout, || {
        let want = want.clone();
        async move {
            match ec2.describe_volumes().volume_ids(id).send().await {
                Ok(o) => match o.volumes().first().and_then(|v| v.state()).cloned() {
                    Some(s) if s == want => Ok(Poll::Ready(())),
                    None if want == VolumeState::Deleted => Ok(Poll::Ready(())),
                    Some(VolumeState::Error) => Err(vec![Diag::error(format!("EBS Volume {id} is in the error state"), "AWS could not create the volume: check the snapshot, KMS key and volume settings.")]),
                    Some(s) => Ok(Poll::Pending(s.as_str().to_string())),
                    None => Ok(Poll::Pending("not visible yet".into())),
                },
                Err(e) if is_not_found(&e) => Ok(if want == VolumeState::Deleted { Poll::Ready(()) } else { Poll::Pending("not visible yet".into()) }),
                Err(e) => Err(vec![diag("reading EBS Volume", &e)]),
            }
        }
    })
    .await
}

/// Waits for a volume modification to be optimizing or completed (the new size and
/// type are usable then).
pub async fn wait_modified(ctx: &Ctx<'_>, id: &str, timeout: Duration) -> Result<(), Diags> {
    let ec2 = &ctx.clients.ec2;
    until(&format!("EBS Volume {id} modification"), timeout, || async {
        match ec2.describe_volumes_modifications().volume_ids(id).send().await {
            Ok(o) => {
                let st = o.volumes_modifications().iter().filter_map(|m| m.modification_state()).last().cloned();
                match st {
                    None | Some(VolumeModificationState::Optimizing) | Some(VolumeModificationState::Completed) => Ok(Poll::Ready(())),
                    Some(VolumeModificationState::Failed) => Err(vec![Diag::error(format!("EBS Volume {id} modification failed"), "AWS could not apply the new size, type, IOPS or throughput.")]),
                    Some(s) => Ok(Poll::Pending(s.as_str().to_string())),
                }
            }
            Err(e) if is_not_found(&e) => Ok(Poll::Ready(())),
            Err(e) => Err(vec![diag("reading EBS Volume modification", &e)]),
        }
    })
    .await
}
