//! `aws_db_instance`: an RDS database instance.
//!
//! Prices: instance hours by `instance_class`, `engine` and deployment (`multi_az`, default
//! false: Single-AZ), named "Database instance (on-demand, Single-AZ, db.t3.micro)"; the
//! allocated storage by `storage_type` (default gp2, or io1 when `iops` is set, as AWS
//! does), with provisioned IOPS for io1/io2, gp3 IOPS and throughput above the included
//! baseline (3,000 IOPS and 125 MiBps below 400 GB, 12,000 and 500 from 400 GB), and I/O
//! requests for magnetic storage; and additional backup storage (usage-based) unless
//! `backup_retention_period` is 0 (AWS's default retention is 1 day).
//!
//! A read replica (`replicate_source_db`) without its own engine or storage size takes
//! them from the source instance it refers to. Aurora instances are priced for their
//! hours only: Aurora storage, I/O and backups are billed on the `aws_rds_cluster`.
//!
//! The catalog has instance prices for MySQL, PostgreSQL and Aurora only (MariaDB, Oracle,
//! SQL Server and Db2 are shown as not priced), RDS storage prices for us-east-1 only, and
//! no Single-AZ gp3, Multi-AZ io1 or io2 storage prices. On-demand prices only: reserved
//! instances, Performance Insights and extended support are not priced.
//!
//! Usage keys: `additional_backup_storage_gb` (backup storage beyond the free allocation
//! of 100% of the storage), `monthly_standard_io_requests` (magnetic storage).

use rust_decimal::Decimal;

use super::managed_common::{referenced, usage_per};
use super::rds_common::{instance_hours, is_aurora, storage};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["additional_backup_storage_gb", "monthly_standard_io_requests"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    // A read replica inherits what it does not set from its source instance.
    let source = if a.has("replicate_source_db") { referenced(ctx, r, "aws_db_instance").into_iter().next() } else { None };
    let from_source = |k: &str| source.and_then(|s| s.attrs().str(k));
    let multi_az = a.bool("multi_az").unwrap_or(false);
    let Some(class) = a.str("instance_class") else {
        out.components.push(CostComponent::not_found("Database instance", "hours", "instance_class is not known until apply"));
        return;
    };
    let Some(engine) = a.str("engine").or_else(|| from_source("engine")) else {
        out.components.push(CostComponent::not_found(
            format!("Database instance (on-demand, {class})"),
            "hours",
            "engine is not known until apply",
        ));
        return;
    };
    let aurora = is_aurora(engine);
    let deployment = if multi_az && !aurora { "Multi-AZ" } else { "Single-AZ" };
    let name = format!("Database instance (on-demand, {deployment}, {class})");
    let hours = instance_hours(ctx, out, name, region, class, engine, deployment);
    out.components.push(hours);
    if aurora {
        out.notes.push("Aurora storage, I/O and backups are billed on the cluster (aws_rds_cluster)".into());
        return;
    }

    let iops = a.num("iops");
    let storage_type = a.str("storage_type").or_else(|| from_source("storage_type")).unwrap_or(if iops.is_some() { "io1" } else { "gp2" });
    let allocated = a.num("allocated_storage").or_else(|| source.and_then(|s| s.attrs().num("allocated_storage")));
    match allocated {
        Some(gb) => out.components.extend(storage(ctx, region, storage_type, gb, iops, a.num("storage_throughput"), deployment)),
        None => out.components.push(CostComponent::not_found("Storage", "GB", "allocated_storage is not known until apply")),
    }

    let retention = a.num("backup_retention_period").unwrap_or(Decimal::ONE);
    let backup = ctx.usage.num("additional_backup_storage_gb");
    if retention > Decimal::ZERO || backup.is_some() {
        let q = Query::new("rds", region, "backup_storage").family("storage");
        out.components.push(usage_per(ctx, "Additional backup storage", "GB", 1, backup, &q));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price, price_all};
    use crate::input::ResourceInput;

    fn db(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_db_instance", region, values, usage)
    }

    #[test]
    fn defaults_single_az_gp2_and_backup_depending_on_usage() {
        let r = db("us-east-1", json!({"instance_class": "db.t3.micro", "engine": "mysql", "allocated_storage": 20}), Value::Null);
        assert_eq!(
            names(&r),
            ["Database instance (on-demand, Single-AZ, db.t3.micro)", "Storage (general purpose SSD, gp2)", "Additional backup storage"]
        );
        // MySQL db.t3.micro Single-AZ 0.017/h * 730 = 12.41; 20 GB gp2 * 0.115 = 2.3.
        assert_eq!(monthly(comp(&r, None, "Database instance (on-demand, Single-AZ, db.t3.micro)")), d("12.41"));
        assert_eq!(monthly(comp(&r, None, "Storage (general purpose SSD, gp2)")), d("2.3"));
        let backup = comp(&r, None, "Additional backup storage");
        assert!(backup.usage_based && backup.monthly_cost.is_none() && backup.price == d("0.095"));
        assert_eq!(r.monthly_cost, Some(d("14.71")));
    }

    #[test]
    fn multi_az_postgres_with_backup_usage() {
        let values = json!({"instance_class": "db.r6g.large", "engine": "postgres", "multi_az": true, "allocated_storage": 100});
        let r = db("us-east-1", values, json!({"additional_backup_storage_gb": 50}));
        // PostgreSQL db.r6g.large Multi-AZ 0.45/h * 730 = 328.5; 100 GB Multi-AZ gp2 * 0.23 = 23;
        // backup 50 GB * 0.095 = 4.75.
        assert_eq!(monthly(comp(&r, None, "Database instance (on-demand, Multi-AZ, db.r6g.large)")), d("328.5"));
        assert_eq!(monthly(comp(&r, None, "Storage (general purpose SSD, gp2)")), d("23"));
        assert_eq!(monthly(comp(&r, None, "Additional backup storage")), d("4.75"));
        assert_eq!(r.monthly_cost, Some(d("356.25")));
    }

    #[test]
    fn io1_from_iops_and_gp3_above_baseline() {
        let io1 = db("us-east-1", json!({"instance_class": "db.t3.micro", "engine": "mysql", "allocated_storage": 100, "iops": 1000, "backup_retention_period": 0}), Value::Null);
        // io1 is the default with iops: 100 GB * 0.125 = 12.5; 1000 IOPS * 0.1 = 100.
        assert_eq!(monthly(comp(&io1, None, "Storage (provisioned IOPS SSD, io1)")), d("12.5"));
        assert_eq!(monthly(comp(&io1, None, "Provisioned IOPS")), d("100"));
        assert!(!names(&io1).contains(&"Additional backup storage"), "retention 0 has no backups");
        let gp3 = db(
            "us-east-1",
            json!({"instance_class": "db.t3.micro", "engine": "mysql", "multi_az": true, "allocated_storage": 400, "storage_type": "gp3", "iops": 15000}),
            Value::Null,
        );
        // Multi-AZ gp3 400 GB * 0.23 = 92; IOPS above 12,000: 3000 * 0.04 = 120.
        assert_eq!(monthly(comp(&gp3, None, "Storage (general purpose SSD, gp3)")), d("92"));
        assert_eq!(monthly(comp(&gp3, None, "Provisioned GP3 IOPS (above 12,000)")), d("120"));
    }

    #[test]
    fn magnetic_storage_io_requests() {
        let values = json!({"instance_class": "db.t3.micro", "engine": "postgres", "allocated_storage": 50, "storage_type": "standard"});
        let r = db("us-east-1", values, json!({"monthly_standard_io_requests": 20000000}));
        // 50 GB * 0.1 = 5; 20M requests * 0.0000001 = 2, shown as 20 x 1M at 0.1.
        assert_eq!(monthly(comp(&r, None, "Storage (magnetic)")), d("5"));
        let io = comp(&r, None, "I/O requests");
        assert_eq!((io.monthly_quantity, io.price, monthly(io)), (Some(d("20")), d("0.1"), d("2")));
    }

    #[test]
    fn catalog_gaps_are_not_priced() {
        let maria = db("us-east-1", json!({"instance_class": "db.t3.micro", "engine": "mariadb", "allocated_storage": 20}), Value::Null);
        let c = comp(&maria, None, "Database instance (on-demand, Single-AZ, db.t3.micro)");
        assert!(c.price_not_found);
        let why = c.price_not_found_reason.as_deref().unwrap_or_default();
        assert!(why.contains("engine=MariaDB") && why.contains("MySQL"), "{why}");
        // Single-AZ gp3 has no row, only Multi-AZ.
        let gp3 = db("us-east-1", json!({"instance_class": "db.t3.micro", "engine": "mysql", "allocated_storage": 20, "storage_type": "gp3"}), Value::Null);
        let s = comp(&gp3, None, "Storage (general purpose SSD, gp3)");
        assert_eq!(
            s.price_not_found_reason.as_deref(),
            Some("the price catalog has no rds price for \"gp3\" with deployment=Single-AZ in us-east-1 (it has deployment=Multi-AZ)")
        );
        // Storage is priced in us-east-1 only; the eu-west-1 instance is priced.
        let eu = db("eu-west-1", json!({"instance_class": "db.t3.micro", "engine": "postgres", "allocated_storage": 20}), Value::Null);
        // eu-west-1 PostgreSQL db.t3.micro 0.02/h * 730 = 14.6.
        assert_eq!(monthly(comp(&eu, None, "Database instance (on-demand, Single-AZ, db.t3.micro)")), d("14.6"));
        assert!(comp(&eu, None, "Storage (general purpose SSD, gp2)").price_not_found);
        assert_eq!(eu.monthly_cost, Some(d("14.6")));
    }

    #[test]
    fn unknown_values_and_replicas() {
        let r = db("us-east-1", json!({"instance_class": null, "engine": "mysql"}), Value::Null);
        assert_eq!(comp(&r, None, "Database instance").price_not_found_reason.as_deref(), Some("instance_class is not known until apply"));
        let primary = ResourceInput::new(
            "aws_db_instance.primary",
            "aws_db_instance",
            "us-east-1",
            json!({"instance_class": "db.t3.micro", "engine": "postgres", "allocated_storage": 30}),
        );
        let mut replica = ResourceInput::new(
            "aws_db_instance.replica",
            "aws_db_instance",
            "us-east-1",
            json!({"instance_class": "db.t3.micro", "replicate_source_db": "primary-id", "backup_retention_period": 0}),
        );
        replica.references = vec!["aws_db_instance.primary".into()];
        let out = price_all(vec![primary, replica], json!({}));
        let replica = &out[1];
        // The replica takes PostgreSQL and 30 GB from its source: 0.018 * 730 = 13.14; 30 * 0.115 = 3.45.
        assert_eq!(monthly(comp(replica, None, "Database instance (on-demand, Single-AZ, db.t3.micro)")), d("13.14"));
        assert_eq!(monthly(comp(replica, None, "Storage (general purpose SSD, gp2)")), d("3.45"));
    }

    #[test]
    fn aurora_instances_price_hours_only() {
        let r = db("us-east-1", json!({"instance_class": "db.r6g.large", "engine": "aurora-postgresql"}), Value::Null);
        assert_eq!(names(&r), ["Database instance (on-demand, Single-AZ, db.r6g.large)"]);
        // 0.338 * 730 = 246.74.
        assert_eq!(r.monthly_cost, Some(d("246.74")));
        assert_eq!(r.metadata.get("notes").and_then(|n| n.as_array()).map(|n| n.len()), Some(2));
    }
}
