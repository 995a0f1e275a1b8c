//! `aws_ebs_snapshot`: a snapshot of an EBS volume.
//!
//! Prices: snapshot storage in GB (standard tier; on an Outpost with `outpost_arn`, the
//! Outposts snapshot price), and, as usage-based lines, fast snapshot restore hours and the
//! EBS direct API requests (list, get and put block).
//!
//! The stored size is the usage key `storage_gb` when given (snapshots are incremental, so
//! an estimate is the better figure), else the snapshot's `volume_size` when known, else the
//! size of the volume it is taken from (`volume_id` referring to an `aws_ebs_volume` in the
//! configuration): a first snapshot stores the whole volume. With none of these, storage
//! depends on usage.
//!
//! Not priced: the archive tier (`storage_tier = "archive"`): the catalog has no snapshot
//! archive price, so the storage line says so.
//!
//! Usage keys: `storage_gb`, `fast_snapshot_restore_hours` (DSU-hours a month),
//! `monthly_list_block_requests`, `monthly_get_block_requests`, `monthly_put_block_requests`.

use rust_decimal::Decimal;

use super::compute_common::{referenced, set};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] =
    &["storage_gb", "fast_snapshot_restore_hours", "monthly_list_block_requests", "monthly_get_block_requests", "monthly_put_block_requests"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let region = r.region.as_str();
    out.components.push(storage(r, ctx));
    let u = |k: &str| ctx.usage.num(k);
    let thousand = Decimal::from(1000);
    out.components.push(ctx.usage(
        "Fast snapshot restore",
        "DSU-hours",
        u("fast_snapshot_restore_hours"),
        &Query::new("ebs", region, "fast_snapshot_restore").family("snapshot"),
    ));
    out.components.push(
        ctx.usage(
            "ListChangedBlocks & ListSnapshotBlocks API requests",
            "1k requests",
            u("monthly_list_block_requests"),
            &Query::new("ebs", region, "direct_api_list").family("snapshot"),
        )
        .per("1k requests", thousand),
    );
    out.components.push(
        ctx.usage(
            "GetSnapshotBlock API requests",
            "1k SnapshotAPIUnits",
            u("monthly_get_block_requests"),
            &Query::new("ebs", region, "direct_api_get").family("snapshot"),
        )
        .per("1k SnapshotAPIUnits", thousand),
    );
    out.components.push(
        ctx.usage(
            "PutSnapshotBlock API requests",
            "1k SnapshotAPIUnits",
            u("monthly_put_block_requests"),
            &Query::new("ebs", region, "direct_api_put").family("snapshot"),
        )
        .per("1k SnapshotAPIUnits", thousand),
    );
}

fn storage(r: &ResourceInput, ctx: &Ctx) -> CostComponent {
    let a = r.attrs();
    let name = "EBS snapshot storage";
    if a.str("storage_tier") == Some("archive") {
        return CostComponent::not_found(format!("{name} (archive)"), "GB", "the price catalog has no EBS snapshot archive price");
    }
    let item = if set(a, "outpost_arn") { "snapshot_outposts" } else { "snapshot_standard" };
    let q = Query::new("ebs", &r.region, item).family("snapshot");
    if let Some(gb) = ctx.usage.num("storage_gb") {
        return ctx.usage(name, "GB", Some(gb), &q);
    }
    let size = a.num("volume_size").or_else(|| referenced(r, ctx, "aws_ebs_volume").first().and_then(|v| v.attrs().num("size")));
    match size {
        Some(gb) => ctx.monthly(name, "GB", gb, &q),
        None => ctx.usage(name, "GB", None, &q),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;

    fn snapshot(region: &str, values: serde_json::Value, refs: &[&str]) -> crate::input::ResourceInput {
        input("aws_ebs_snapshot.s", region, values, refs)
    }

    const USAGE: &str = "version: 0.1
resource_usage:
  aws_ebs_snapshot.s:
    fast_snapshot_restore_hours: 100
    monthly_list_block_requests: 2000000
    monthly_get_block_requests: 500000
    monthly_put_block_requests: 100000
";

    #[test]
    fn storage_from_the_referenced_volume() {
        let vol = input("aws_ebs_volume.data", "us-east-1", json!({"size": 100, "type": "gp3"}), &[]);
        let b = run(&[vol, snapshot("us-east-1", json!({"volume_id": null}), &["aws_ebs_volume.data"])], "");
        let r = resource(&b, "aws_ebs_snapshot.s");
        let s = comp(r, "EBS snapshot storage");
        // 100 GB x 0.05 = 5, from the configuration, not usage.
        assert_eq!(cost(s), dec("5"));
        assert!(!s.usage_based);
        for n in ["Fast snapshot restore", "ListChangedBlocks & ListSnapshotBlocks API requests", "GetSnapshotBlock API requests", "PutSnapshotBlock API requests"] {
            let c = comp(r, n);
            assert!(c.usage_based && c.monthly_cost.is_none() && !c.price_not_found, "{n}");
        }
        // Prices shown per 1k: 0.0000006 x 1000 = 0.0006 and 0.000003 x 1000 = 0.003
        assert_eq!(comp(r, "ListChangedBlocks & ListSnapshotBlocks API requests").price, dec("0.0006"));
        assert_eq!(comp(r, "GetSnapshotBlock API requests").price, dec("0.003"));
        assert_eq!(r.monthly_cost, Some(dec("5")));
    }

    #[test]
    fn usage_priced() {
        let b = run(&[snapshot("us-east-1", json!({"volume_id": "vol-0123"}), &[])], USAGE);
        let r = resource(&b, "aws_ebs_snapshot.s");
        // No size known and no storage_gb: storage depends on usage.
        let s = comp(r, "EBS snapshot storage");
        assert!(s.usage_based && s.monthly_cost.is_none());
        // 100 DSU-hours x 0.75 = 75; 2M x 0.0000006 = 1.2; 500k x 0.000003 = 1.5; 100k x 0.000006 = 0.6
        assert_eq!(cost(comp(r, "Fast snapshot restore")), dec("75"));
        assert_eq!(cost(comp(r, "ListChangedBlocks & ListSnapshotBlocks API requests")), dec("1.2"));
        assert_eq!(cost(comp(r, "GetSnapshotBlock API requests")), dec("1.5"));
        assert_eq!(cost(comp(r, "PutSnapshotBlock API requests")), dec("0.6"));
        // Shown in thousands: 2,000 x 1k requests.
        assert_eq!(comp(r, "ListChangedBlocks & ListSnapshotBlocks API requests").monthly_quantity, Some(dec("2000")));
        assert_eq!(r.monthly_cost, Some(dec("78.3")));
    }

    #[test]
    fn storage_gb_usage_wins_and_other_regions() {
        let vol = input("aws_ebs_volume.data", "eu-west-2", json!({"size": 100}), &[]);
        let usage = "version: 0.1\nresource_usage:\n  aws_ebs_snapshot.s:\n    storage_gb: 30\n";
        let b = run(&[vol, snapshot("eu-west-2", json!({}), &["aws_ebs_volume.data"])], usage);
        let s = comp(resource(&b, "aws_ebs_snapshot.s"), "EBS snapshot storage");
        // eu-west-2 snapshots are 0.053/GB: 30 x 0.053 = 1.59
        assert_eq!(cost(s), dec("1.59"));
        assert!(s.usage_based);

        let b = run(&[snapshot("il-central-1", json!({"volume_size": 8}), &[])], "");
        let s = comp(resource(&b, "aws_ebs_snapshot.s"), "EBS snapshot storage");
        assert_eq!(s.price_not_found_reason.as_deref(), Some("the price catalog has no ebs prices for region il-central-1"));
    }

    #[test]
    fn archive_tier_is_not_in_the_catalog() {
        let b = run(&[snapshot("us-east-1", json!({"volume_size": 8, "storage_tier": "archive"}), &[])], "");
        let s = comp(resource(&b, "aws_ebs_snapshot.s"), "EBS snapshot storage (archive)");
        assert_eq!(s.price_not_found_reason.as_deref(), Some("the price catalog has no EBS snapshot archive price"));
    }
}
