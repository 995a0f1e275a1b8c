//! `aws_ebs_volume`: an EBS volume.
//!
//! Prices: storage for the volume's `type` (gp2 when not set, EC2's default) and `size` in
//! GB; provisioned IOPS for io1 and io2 (io2 in its three tiers: up to 32,000, 32,000 to
//! 64,000 and over 64,000 IOPS) and for gp3 above its 3,000 IOPS baseline; gp3 throughput
//! above its 125 MiB/s baseline; I/O requests for magnetic (`standard`) volumes.
//!
//! A volume created from a snapshot without `size` takes the snapshot's size: when
//! `snapshot_id` refers to an `aws_ebs_snapshot` of a volume in the configuration, that
//! volume's size is used; otherwise the size is not known until apply. io1 and io2 volumes
//! must set `iops`; when it is not known, the IOPS component says so.
//!
//! Usage keys: `monthly_standard_io_requests` (I/O requests a month, magnetic volumes).

use rust_decimal::Decimal;

use super::common::ebs_volume;
use super::compute_common::{referenced, set};
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["monthly_standard_io_requests"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let volume_type = a.str("type").unwrap_or("gp2");
    let size = a.num("size").or_else(|| snapshot_volume_size(r, ctx));
    let iops = a.num("iops");
    let mut comps = ebs_volume(ctx, &r.region, volume_type, size.unwrap_or_default(), iops, a.num("throughput"));
    if size.is_none() {
        if let Some(storage) = comps.first_mut() {
            let why = if set(a, "snapshot_id") {
                "size is not known until apply (it is the snapshot's size)"
            } else {
                "size is not known until apply"
            };
            *storage = CostComponent::not_found(storage.name.clone(), &storage.unit, why);
        }
    }
    if iops.is_none() && matches!(volume_type, "io1" | "io2") {
        comps.retain(|c| !c.name.starts_with("Provisioned IOPS"));
        comps.push(CostComponent::not_found("Provisioned IOPS", "IOPS", "iops is not known until apply"));
    }
    out.components.extend(comps);
}

/// The size of the volume a referenced snapshot was taken from, when both are in the
/// configuration.
fn snapshot_volume_size(r: &ResourceInput, ctx: &Ctx) -> Option<Decimal> {
    let snaps = referenced(r, ctx, "aws_ebs_snapshot");
    let snap = snaps.first()?;
    snap.attrs().num("volume_size").or_else(|| referenced(snap, ctx, "aws_ebs_volume").first().and_then(|v| v.attrs().num("size")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;

    fn volume(region: &str, values: serde_json::Value) -> crate::input::ResourceInput {
        input("aws_ebs_volume.v", region, values, &[])
    }

    #[test]
    fn default_type_is_gp2() {
        let b = run(&[volume("us-east-1", json!({"availability_zone": "us-east-1a", "size": 50}))], "");
        let r = resource(&b, "aws_ebs_volume.v");
        assert_eq!(names(r), ["Storage (general purpose SSD, gp2)"]);
        // 50 GB x 0.10 = 5
        assert_eq!(cost(comp(r, "Storage (general purpose SSD, gp2)")), dec("5"));
    }

    #[test]
    fn gp3_iops_and_throughput_above_baseline() {
        let b = run(&[volume("us-east-1", json!({"size": 100, "type": "gp3", "iops": 3000, "throughput": 125}))], "");
        // At the baseline only storage is billed: 100 x 0.08 = 8
        assert_eq!(names(resource(&b, "aws_ebs_volume.v")), ["Storage (general purpose SSD, gp3)"]);
        let b = run(&[volume("eu-west-1", json!({"size": 100, "type": "gp3", "iops": 6000, "throughput": 250}))], "");
        let r = resource(&b, "aws_ebs_volume.v");
        // eu-west-1: 100 x 0.088 = 8.8; (6000 - 3000) x 0.0055 = 16.5; (250 - 125) x 0.044 = 5.5
        assert_eq!(cost(comp(r, "Storage (general purpose SSD, gp3)")), dec("8.8"));
        assert_eq!(cost(comp(r, "Provisioned IOPS (above 3000)")), dec("16.5"));
        assert_eq!(cost(comp(r, "Provisioned throughput (above 125)")), dec("5.5"));
        assert_eq!(r.monthly_cost, Some(dec("30.8")));
        assert!(!r.cost_components.iter().any(|c| c.usage_based));
    }

    #[test]
    fn io1_and_io2_tiers() {
        let b = run(&[volume("us-east-1", json!({"size": 100, "type": "io1", "iops": 1000}))], "");
        let r = resource(&b, "aws_ebs_volume.v");
        // 100 x 0.125 = 12.5; 1000 x 0.065 = 65
        assert_eq!(cost(comp(r, "Storage (provisioned IOPS SSD, io1)")), dec("12.5"));
        assert_eq!(cost(comp(r, "Provisioned IOPS")), dec("65"));
        let b = run(&[volume("us-east-1", json!({"size": 500, "type": "io2", "iops": 70000}))], "");
        let r = resource(&b, "aws_ebs_volume.v");
        // 32000 x 0.065 = 2080; 32000 x 0.0455 = 1456; 6000 x 0.03185 = 191.1
        assert_eq!(cost(comp(r, "Provisioned IOPS (first 32000 IOPS)")), dec("2080"));
        assert_eq!(cost(comp(r, "Provisioned IOPS (32000-64000 IOPS)")), dec("1456"));
        assert_eq!(cost(comp(r, "Provisioned IOPS (over 64000 IOPS)")), dec("191.1"));
        // 500 x 0.125 = 62.5
        assert_eq!(r.monthly_cost, Some(dec("3789.6")));
    }

    #[test]
    fn hdd_and_magnetic_with_and_without_usage() {
        let b = run(&[volume("us-east-1", json!({"size": 500, "type": "st1"}))], "");
        // 500 x 0.045 = 22.5
        assert_eq!(cost(comp(resource(&b, "aws_ebs_volume.v"), "Storage (throughput optimised HDD, st1)")), dec("22.5"));
        let b = run(&[volume("us-east-1", json!({"size": 500, "type": "sc1"}))], "");
        // 500 x 0.015 = 7.5
        assert_eq!(cost(comp(resource(&b, "aws_ebs_volume.v"), "Storage (cold HDD, sc1)")), dec("7.5"));

        let v = volume("us-east-1", json!({"size": 20, "type": "standard"}));
        let b = run(std::slice::from_ref(&v), "");
        let io = comp(resource(&b, "aws_ebs_volume.v"), "I/O requests");
        assert!(io.usage_based && io.monthly_cost.is_none() && !io.price_not_found);
        // Shown per 1M requests: 0.00000005 x 1,000,000 = 0.05
        assert_eq!(io.price, dec("0.05"));
        let b = run(&[v], "version: 0.1\nresource_usage:\n  aws_ebs_volume.v:\n    monthly_standard_io_requests: 40000000\n");
        let r = resource(&b, "aws_ebs_volume.v");
        // 40M x 0.00000005 = 2; storage 20 x 0.05 = 1
        assert_eq!(cost(comp(r, "I/O requests")), dec("2"));
        assert_eq!(r.monthly_usage_cost, Some(dec("2")));
        assert_eq!(r.monthly_cost, Some(dec("3")));
    }

    #[test]
    fn size_from_the_snapshot_or_unknown() {
        let src = input("aws_ebs_volume.src", "us-east-1", json!({"size": 40, "type": "gp3"}), &[]);
        let snap = input("aws_ebs_snapshot.s", "us-east-1", json!({"volume_id": null}), &["aws_ebs_volume.src"]);
        let restored = input("aws_ebs_volume.v", "us-east-1", json!({"snapshot_id": null}), &["aws_ebs_snapshot.s"]);
        let b = run(&[src, snap, restored], "");
        // 40 GB gp2 x 0.10 = 4
        assert_eq!(cost(comp(resource(&b, "aws_ebs_volume.v"), "Storage (general purpose SSD, gp2)")), dec("4"));

        let b = run(&[volume("us-east-1", json!({"snapshot_id": "snap-0123", "size": null, "type": "gp3"}))], "");
        let c = comp(resource(&b, "aws_ebs_volume.v"), "Storage (general purpose SSD, gp3)");
        assert_eq!(c.price_not_found_reason.as_deref(), Some("size is not known until apply (it is the snapshot's size)"));

        let b = run(&[volume("us-east-1", json!({"size": 10, "type": "io2", "iops": null}))], "");
        let r = resource(&b, "aws_ebs_volume.v");
        assert_eq!(names(r), ["Storage (provisioned IOPS SSD, io2)", "Provisioned IOPS"]);
        assert_eq!(comp(r, "Provisioned IOPS").price_not_found_reason.as_deref(), Some("iops is not known until apply"));
    }

    #[test]
    fn regions_the_catalog_lacks() {
        let b = run(&[volume("ap-south-2", json!({"size": 10, "type": "gp3"}))], "");
        let c = comp(resource(&b, "aws_ebs_volume.v"), "Storage (general purpose SSD, gp3)");
        assert_eq!(c.price_not_found_reason.as_deref(), Some("the price catalog has no ebs prices for region ap-south-2"));
        let b = run(&[volume("us-east-1", json!({"size": 10, "type": "gp9"}))], "");
        let c = comp(resource(&b, "aws_ebs_volume.v"), "Storage (gp9)");
        assert_eq!(c.price_not_found_reason.as_deref(), Some("the price catalog has no ebs price for \"gp9\" in us-east-1"));
    }
}
