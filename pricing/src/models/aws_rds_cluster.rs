//! `aws_rds_cluster`: an Aurora cluster's storage, I/O, backups and serverless v1 capacity
//! (its instances are `aws_rds_cluster_instance`), or a Multi-AZ DB cluster (MySQL or
//! PostgreSQL with `db_cluster_instance_class`).
//!
//! Aurora prices (usage-based): "Aurora serverless" capacity in ACU-hours when
//! `engine_mode = "serverless"` (v1; v2 capacity is on the `db.serverless` instances),
//! "Storage" in GB ("Storage (I/O optimized)" with `storage_type = "aurora-iopt1"`),
//! "I/O requests" per 1M (not charged on I/O-Optimized), "Backup storage" when
//! `backup_retention_period` is above 1 day (AWS's default is 1: the first day is free),
//! and "Backtrack" per 1M change records when `backtrack_window` is set (Aurora MySQL).
//!
//! The catalog has no Aurora storage, I/O, backup, backtrack or serverless capacity
//! prices: these components are shown as not priced (a user catalog with rows for
//! `aurora_storage`, `aurora_iopt1_storage`, `aurora_io`, `aurora_backup_storage`,
//! `aurora_backtrack` or `aurora_serverless` prices them). Multi-AZ DB clusters are looked
//! up as deployment "Multi-AZ DB cluster", which the catalog lacks.
//!
//! Not priced: snapshot export to S3, global database replication, Performance Insights.
//!
//! Usage keys (infracost's): `capacity_units_per_hr`, `storage_gb`,
//! `write_requests_per_sec`, `read_requests_per_sec` (I/O requests: their sum over 730
//! hours), `backup_snapshot_size_gb` (times the retention days after the first),
//! `average_statements_per_hr`, `change_records_per_statement`, `backtrack_window_hrs`.

use rust_decimal::Decimal;

use super::managed_common::usage_per;
use super::rds_common::{engine_name, instance_hours, is_aurora, storage};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource, HOURS_PER_MONTH};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &[
    "capacity_units_per_hr",
    "storage_gb",
    "write_requests_per_sec",
    "read_requests_per_sec",
    "backup_snapshot_size_gb",
    "average_statements_per_hr",
    "change_records_per_statement",
    "backtrack_window_hrs",
];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    // The provider's historical default engine is "aurora" (Aurora MySQL).
    let engine = a.str("engine").unwrap_or("aurora");
    if !is_aurora(engine) {
        multi_az_db_cluster(r, ctx, out, engine);
        return;
    }
    let u = |k: &str| ctx.usage.num(k);
    let q = |resource: &'static str, family: &'static str| Query::new("rds", region, resource).family(family);

    if a.str("engine_mode") == Some("serverless") {
        let acu_hours = u("capacity_units_per_hr").map(|c| c * HOURS_PER_MONTH);
        let eng = engine_name(engine);
        let q = q("aurora_serverless", "serverless").attr("engine", &eng);
        out.components.push(usage_per(ctx, "Aurora serverless", "ACU-hours", 1, acu_hours, &q));
    }

    let io_optimized = a.str("storage_type") == Some("aurora-iopt1");
    if io_optimized {
        out.components.push(usage_per(ctx, "Storage (I/O optimized)", "GB", 1, u("storage_gb"), &q("aurora_iopt1_storage", "storage")));
    } else {
        out.components.push(usage_per(ctx, "Storage", "GB", 1, u("storage_gb"), &q("aurora_storage", "storage")));
        let (reads, writes) = (u("read_requests_per_sec"), u("write_requests_per_sec"));
        let io = if reads.is_some() || writes.is_some() {
            Some((reads.unwrap_or_default() + writes.unwrap_or_default()) * HOURS_PER_MONTH * Decimal::from(3600))
        } else {
            None
        };
        out.components.push(usage_per(ctx, "I/O requests", "1M requests", 1_000_000, io, &q("aurora_io", "io_requests")));
    }

    let retention = a.num("backup_retention_period").unwrap_or(Decimal::ONE);
    if retention > Decimal::ONE {
        let gb = u("backup_snapshot_size_gb").map(|s| s * (retention - Decimal::ONE));
        out.components.push(usage_per(ctx, "Backup storage", "GB", 1, gb, &q("aurora_backup_storage", "storage")));
    }

    if a.num("backtrack_window").is_some_and(|w| w > Decimal::ZERO) {
        let records = match (u("average_statements_per_hr"), u("change_records_per_statement"), u("backtrack_window_hrs")) {
            (Some(s), Some(c), Some(w)) => Some(s * c * w * HOURS_PER_MONTH),
            _ => None,
        };
        out.components.push(usage_per(ctx, "Backtrack", "1M change-records", 1_000_000, records, &q("aurora_backtrack", "backtrack")));
    }
}

/// A Multi-AZ DB cluster: a writer and two readable standbys of `db_cluster_instance_class`
/// with io1, io2 or gp3 storage.
fn multi_az_db_cluster(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource, engine: &str) {
    let a = r.attrs();
    let region = r.region.as_str();
    let deployment = "Multi-AZ DB cluster";
    match a.str("db_cluster_instance_class") {
        Some(class) => {
            let name = format!("Database instance (on-demand, {deployment}, {class})");
            let c = instance_hours(ctx, out, name, region, class, engine, deployment);
            out.components.push(c);
        }
        None => out.components.push(CostComponent::not_found(
            "Database instance",
            "hours",
            "db_cluster_instance_class is not known until apply",
        )),
    }
    let iops = a.num("iops");
    let storage_type = a.str("storage_type").unwrap_or(if iops.is_some() { "io1" } else { "gp3" });
    match a.num("allocated_storage") {
        Some(gb) => out.components.extend(storage(ctx, region, storage_type, gb, iops, None, deployment)),
        None => out.components.push(CostComponent::not_found("Storage", "GB", "allocated_storage is not known until apply")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, names, price};

    fn cluster(values: Value, usage: Value) -> crate::json::Resource {
        price("aws_rds_cluster", "us-east-1", values, usage)
    }

    #[test]
    fn aurora_storage_and_io_are_usage_based_and_not_in_the_catalog() {
        let r = cluster(json!({"engine": "aurora-postgresql"}), Value::Null);
        assert_eq!(names(&r), ["Storage", "I/O requests"]);
        let s = comp(&r, None, "Storage");
        assert!(s.usage_based && s.price_not_found);
        assert_eq!(s.price_not_found_reason.as_deref(), Some("the price catalog has no rds price for \"aurora_storage\" in us-east-1"));
        assert_eq!(r.monthly_cost, Some(d("0")));
    }

    #[test]
    fn usage_quantities_are_kept_when_prices_are_missing() {
        let values = json!({"engine": "aurora-mysql", "backup_retention_period": 7, "backtrack_window": 3600});
        let usage = json!({"storage_gb": 200, "write_requests_per_sec": 10, "read_requests_per_sec": 40, "backup_snapshot_size_gb": 100,
            "average_statements_per_hr": 1000, "change_records_per_statement": 2, "backtrack_window_hrs": 24});
        let r = cluster(values, usage);
        assert_eq!(names(&r), ["Storage", "I/O requests", "Backup storage", "Backtrack"]);
        for c in &r.cost_components {
            assert!(c.price_not_found && c.usage_based, "{c:?}");
        }
        // Shown quantities: 200 GB; (10 + 40)/s * 730 h * 3600 s = 131.4M requests;
        // 100 GB * (7 - 1) days = 600 GB; 1000 * 2 * 24 h * 730 h = 35.04M change records.
        let q: Vec<_> = r.cost_components.iter().map(|c| c.monthly_quantity).collect();
        assert_eq!(q, [Some(d("200")), Some(d("131.4")), Some(d("600")), Some(d("35.04"))]);
    }

    #[test]
    fn serverless_v1_and_io_optimized() {
        let r = cluster(json!({"engine": "aurora-mysql", "engine_mode": "serverless", "storage_type": "aurora-iopt1"}), json!({"capacity_units_per_hr": 4}));
        assert_eq!(names(&r), ["Aurora serverless", "Storage (I/O optimized)"]);
        assert!(comp(&r, None, "Aurora serverless").price_not_found);
    }

    #[test]
    fn multi_az_db_clusters_look_up_their_deployment() {
        let values = json!({"engine": "postgres", "db_cluster_instance_class": "db.r6g.large", "allocated_storage": 100, "iops": 1000, "storage_type": "io1"});
        let r = cluster(values, Value::Null);
        let c = comp(&r, None, "Database instance (on-demand, Multi-AZ DB cluster, db.r6g.large)");
        let why = c.price_not_found_reason.as_deref().unwrap_or_default();
        assert!(why.contains("deployment=Multi-AZ DB cluster") && why.contains("Single-AZ"), "{why}");
        assert!(comp(&r, None, "Storage (provisioned IOPS SSD, io1)").price_not_found);
    }
}
