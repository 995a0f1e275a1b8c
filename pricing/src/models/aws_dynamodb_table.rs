//! `aws_dynamodb_table`: a DynamoDB table's throughput, storage and backups.
//!
//! Prices: with `billing_mode = "PROVISIONED"` (the default), "Write capacity unit (WCU)"
//! and "Read capacity unit (RCU)" from `write_capacity` and `read_capacity` for the whole
//! month (shown per WCU-month, as infracost does); with `"PAY_PER_REQUEST"`, "Write request
//! unit (WRU)" and "Read request unit (RRU)" from usage. Usage-based: "Data storage",
//! "Point-In-Time Recovery (PITR) backup storage" (when `point_in_time_recovery` is
//! enabled), "On-demand backup storage", "Table data restored", and "Streams read request
//! unit (sRRU)" when `stream_enabled`. Each `replica` (global table) adds a sub-resource
//! "Global table (REGION)" with replicated writes priced in that region: rWCU for
//! provisioned tables, rWRU (the table's write request units) for on-demand ones.
//! `table_class = "STANDARD_INFREQUENT_ACCESS"` uses the Standard-IA prices.
//!
//! Not priced: auto scaling (`aws_appautoscaling_target`) changes to capacity, reserved
//! capacity, replica storage, exports, imports and data transfer. Free tiers are not
//! subtracted.
//!
//! Usage keys (infracost's): `monthly_write_request_units`, `monthly_read_request_units`,
//! `storage_gb`, `pitr_backup_storage_gb`, `on_demand_backup_storage_gb`,
//! `monthly_data_restored_gb`, `monthly_streams_read_request_units`.

use rust_decimal::Decimal;

use super::managed_common::usage_per;
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource, HOURS_PER_MONTH};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &[
    "monthly_write_request_units",
    "monthly_read_request_units",
    "storage_gb",
    "pitr_backup_storage_gb",
    "on_demand_backup_storage_gb",
    "monthly_data_restored_gb",
    "monthly_streams_read_request_units",
];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let provisioned = a.str("billing_mode").unwrap_or("PROVISIONED") != "PAY_PER_REQUEST";
    let class = match a.str("table_class") {
        Some("STANDARD_INFREQUENT_ACCESS") => "standard_ia",
        _ => "standard",
    };
    let u = |k: &str| ctx.usage.num(k);
    let res = |name: &str| format!("{name}:{class}");

    if provisioned {
        for (name, unit, attr, resource) in [
            ("Write capacity unit (WCU)", "WCU", "write_capacity", res("write_capacity_unit")),
            ("Read capacity unit (RCU)", "RCU", "read_capacity", res("read_capacity_unit")),
        ] {
            out.components.push(capacity(ctx, region, name, unit, a.num(attr), attr, &resource));
        }
    } else {
        for (name, unit, key, resource) in [
            ("Write request unit (WRU)", "WRUs", "monthly_write_request_units", res("write_request_unit")),
            ("Read request unit (RRU)", "RRUs", "monthly_read_request_units", res("read_request_unit")),
        ] {
            let q = Query::new("dynamodb", region, &resource).family("on_demand_throughput");
            out.components.push(usage_per(ctx, name, unit, 1, u(key), &q));
        }
    }

    let storage = res("table_storage");
    out.components.push(usage_per(ctx, "Data storage", "GB", 1, u("storage_gb"), &Query::new("dynamodb", region, &storage).family("storage")));
    let backup = |name: &str, key: &str, resource: &str| {
        usage_per(ctx, name, "GB", 1, u(key), &Query::new("dynamodb", region, resource).family("backup"))
    };
    if a.bool("point_in_time_recovery.enabled") == Some(true) {
        out.components.push(backup("Point-In-Time Recovery (PITR) backup storage", "pitr_backup_storage_gb", "pitr_backup_storage"));
    }
    out.components.push(backup("On-demand backup storage", "on_demand_backup_storage_gb", "on_demand_backup_storage"));
    out.components.push(backup("Table data restored", "monthly_data_restored_gb", "restore"));
    if a.bool("stream_enabled") == Some(true) {
        let q = Query::new("dynamodb", region, "streams_read_request_unit").family("streams");
        out.components.push(usage_per(ctx, "Streams read request unit (sRRU)", "sRRUs", 1, u("monthly_streams_read_request_units"), &q));
    }

    for replica in a.blocks("replica") {
        let Some(replica_region) = replica.str("region_name") else { continue };
        let component = if provisioned {
            let resource = res("replicated_write_capacity_unit");
            capacity(ctx, replica_region, "Replicated write capacity unit (rWCU)", "rWCU", a.num("write_capacity"), "write_capacity", &resource)
        } else {
            let resource = res("replicated_write_request_unit");
            let q = Query::new("dynamodb", replica_region, &resource).family("on_demand_throughput");
            usage_per(ctx, "Replicated write request unit (rWRU)", "rWRUs", 1, u("monthly_write_request_units"), &q)
        };
        out.subresources.push(PricedResource {
            name: format!("Global table ({replica_region})"),
            region: replica_region.to_string(),
            components: vec![component],
            ..Default::default()
        });
    }
}

/// Provisioned capacity units held all month, priced per unit-hour and shown per
/// unit-month.
fn capacity(ctx: &Ctx, region: &str, name: &str, unit: &str, units: Option<Decimal>, attr: &str, resource: &str) -> CostComponent {
    match units {
        Some(n) => {
            let q = Query::new("dynamodb", region, resource).family("provisioned_throughput");
            ctx.hourly(name, unit, n, &q).per(unit, HOURS_PER_MONTH)
        }
        None => CostComponent::not_found(name, unit, format!("{attr} is not known until apply")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn table(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_dynamodb_table", region, values, usage)
    }

    #[test]
    fn provisioned_is_the_default() {
        let r = table("us-east-1", json!({"name": "t", "hash_key": "id", "read_capacity": 5, "write_capacity": 10}), Value::Null);
        assert_eq!(
            names(&r),
            ["Write capacity unit (WCU)", "Read capacity unit (RCU)", "Data storage", "On-demand backup storage", "Table data restored"]
        );
        // 10 WCU * 0.00065/h * 730 = 4.745, shown as 10 WCU at 0.4745.
        let wcu = comp(&r, None, "Write capacity unit (WCU)");
        assert_eq!((wcu.monthly_quantity, wcu.price, monthly(wcu)), (Some(d("10")), d("0.4745"), d("4.745")));
        assert!(!wcu.usage_based);
        // 5 RCU * 0.00013/h * 730 = 0.4745.
        assert_eq!(monthly(comp(&r, None, "Read capacity unit (RCU)")), d("0.4745"));
        assert!(comp(&r, None, "Data storage").monthly_cost.is_none());
        assert_eq!(r.monthly_cost, Some(d("5.2195")));
    }

    #[test]
    fn on_demand_with_usage() {
        let values = json!({"billing_mode": "PAY_PER_REQUEST", "point_in_time_recovery": [{"enabled": true}], "stream_enabled": true});
        let usage = json!({"monthly_write_request_units": 3000000, "monthly_read_request_units": 8000000, "storage_gb": 230,
            "pitr_backup_storage_gb": 2300, "on_demand_backup_storage_gb": 460, "monthly_data_restored_gb": 230,
            "monthly_streams_read_request_units": 2000000});
        let r = table("us-east-1", values, usage);
        // 3e6 * 0.000000625 = 1.875; 8e6 * 0.000000125 = 1; 230 * 0.25 = 57.5; 2300 * 0.2 = 460;
        // 460 * 0.1 = 46; 230 * 0.15 = 34.5; 2e6 * 0.0000002 = 0.4.
        assert_eq!(monthly(comp(&r, None, "Write request unit (WRU)")), d("1.875"));
        assert_eq!(monthly(comp(&r, None, "Read request unit (RRU)")), d("1"));
        assert_eq!(monthly(comp(&r, None, "Data storage")), d("57.5"));
        assert_eq!(monthly(comp(&r, None, "Point-In-Time Recovery (PITR) backup storage")), d("460"));
        assert_eq!(monthly(comp(&r, None, "On-demand backup storage")), d("46"));
        assert_eq!(monthly(comp(&r, None, "Table data restored")), d("34.5"));
        assert_eq!(monthly(comp(&r, None, "Streams read request unit (sRRU)")), d("0.4"));
        assert_eq!(r.monthly_cost, Some(d("601.275")));
        let ppr = table("us-east-1", json!({"billing_mode": "PAY_PER_REQUEST"}), Value::Null);
        assert!(comp(&ppr, None, "Write request unit (WRU)").monthly_cost.is_none());
    }

    #[test]
    fn infrequent_access_class_and_global_tables() {
        let values = json!({"table_class": "STANDARD_INFREQUENT_ACCESS", "read_capacity": 1, "write_capacity": 100,
            "replica": [{"region_name": "eu-west-1"}, {"region_name": "us-west-2"}]});
        let r = table("us-east-1", values, json!({"storage_gb": 100}));
        // Standard-IA: 100 WCU * 0.00081 * 730 = 59.13; storage 100 * 0.1 = 10.
        assert_eq!(monthly(comp(&r, None, "Write capacity unit (WCU)")), d("59.13"));
        assert_eq!(monthly(comp(&r, None, "Data storage")), d("10"));
        // eu-west-1 rWCU (IA) 100 * 0.000919 * 730 = 67.087; us-west-2 100 * 0.00081 * 730 = 59.13.
        assert_eq!(monthly(comp(&r, Some("Global table (eu-west-1)"), "Replicated write capacity unit (rWCU)")), d("67.087"));
        assert_eq!(monthly(comp(&r, Some("Global table (us-west-2)"), "Replicated write capacity unit (rWCU)")), d("59.13"));
    }

    #[test]
    fn unknown_capacity_and_missing_region() {
        let r = table("us-east-1", json!({"write_capacity": null, "read_capacity": 1}), Value::Null);
        let w = comp(&r, None, "Write capacity unit (WCU)");
        assert_eq!(w.price_not_found_reason.as_deref(), Some("write_capacity is not known until apply"));
        let nowhere = table("xx-nowhere-1", json!({"billing_mode": "PAY_PER_REQUEST"}), Value::Null);
        assert!(comp(&nowhere, None, "Read request unit (RRU)").price_not_found);
    }
}
