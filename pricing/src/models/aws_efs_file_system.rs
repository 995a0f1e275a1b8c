//! `aws_efs_file_system`: an EFS file system's storage by class and its throughput.
//!
//! Prices (storage usage-based): "Storage (standard)", or "Storage (one zone)" for a One
//! Zone file system (`availability_zone_name`), from `storage_gb`. Infrequent Access
//! storage, with its read and write access charges, when a `lifecycle_policy` moves files
//! there (`transition_to_ia`) or its usage is given; Archive storage (Regional file
//! systems only) likewise with `transition_to_archive`. With `throughput_mode =
//! "provisioned"`, "Provisioned throughput" for `provisioned_throughput_in_mibps` above
//! what the Standard storage already includes (1 MiBps per 20 GB, the bursting baseline
//! AWS counts against provisioned throughput); with `"elastic"`, the GB read and written
//! (usage-based). The provider's default throughput mode is bursting, which costs nothing
//! beyond storage.
//!
//! Not priced: backups (AWS Backup), replication and data transfer.
//!
//! Usage keys: infracost's `storage_gb`, `infrequent_access_storage_gb`,
//! `monthly_infrequent_access_read_gb`, `monthly_infrequent_access_write_gb`; and
//! `archive_storage_gb`, `monthly_archive_read_gb`, `monthly_archive_write_gb`,
//! `monthly_elastic_read_gb`, `monthly_elastic_write_gb`.

use rust_decimal::Decimal;

use super::managed_common::usage_per;
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &[
    "storage_gb",
    "infrequent_access_storage_gb",
    "monthly_infrequent_access_read_gb",
    "monthly_infrequent_access_write_gb",
    "archive_storage_gb",
    "monthly_archive_read_gb",
    "monthly_archive_write_gb",
    "monthly_elastic_read_gb",
    "monthly_elastic_write_gb",
];

/// GB of Standard storage that come with 1 MiBps of throughput.
const GB_PER_INCLUDED_MIBPS: i64 = 20;

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let u = |k: &str| ctx.usage.num(k);
    let gb = |name: &str, key: &str, family: &str, resource: &str| {
        usage_per(ctx, name, "GB", 1, u(key), &Query::new("efs", region, resource).family(family))
    };
    let one_zone = a.has("availability_zone_name");
    let policies = a.blocks("lifecycle_policy");
    let to_ia = policies.iter().any(|p| p.has("transition_to_ia"));
    let to_archive = policies.iter().any(|p| p.has("transition_to_archive"));

    out.components.push(if one_zone {
        gb("Storage (one zone)", "storage_gb", "storage", "one_zone")
    } else {
        gb("Storage (standard)", "storage_gb", "storage", "standard")
    });
    if to_ia || u("infrequent_access_storage_gb").is_some() {
        out.components.push(if one_zone {
            gb("Storage (one zone, infrequent access)", "infrequent_access_storage_gb", "storage", "one_zone_ia")
        } else {
            gb("Storage (standard, infrequent access)", "infrequent_access_storage_gb", "storage", "standard_ia")
        });
        out.components.push(gb("Read requests (infrequent access)", "monthly_infrequent_access_read_gb", "requests", "ia_access:Read"));
        out.components.push(gb("Write requests (infrequent access)", "monthly_infrequent_access_write_gb", "requests", "ia_access:Write"));
    }
    if !one_zone && (to_archive || u("archive_storage_gb").is_some()) {
        out.components.push(gb("Storage (archive)", "archive_storage_gb", "storage", "archive"));
        out.components.push(gb("Read requests (archive)", "monthly_archive_read_gb", "requests", "archive_access:Read"));
        out.components.push(gb("Write requests (archive)", "monthly_archive_write_gb", "requests", "archive_access:Write"));
    }

    match a.str("throughput_mode") {
        Some("provisioned") => out.components.push(provisioned_throughput(ctx, region, a.num("provisioned_throughput_in_mibps"), u("storage_gb"))),
        Some("elastic") => {
            out.components.push(gb("Elastic throughput (reads)", "monthly_elastic_read_gb", "requests", "elastic_throughput_read"));
            out.components.push(gb("Elastic throughput (writes)", "monthly_elastic_write_gb", "requests", "elastic_throughput_write"));
        }
        _ => {}
    }
}

/// Provisioned MiBps above the throughput the Standard storage includes.
fn provisioned_throughput(ctx: &Ctx, region: &str, mibps: Option<Decimal>, storage_gb: Option<Decimal>) -> CostComponent {
    let Some(mibps) = mibps else {
        return CostComponent::not_found("Provisioned throughput", "MBps", "provisioned_throughput_in_mibps is not known until apply");
    };
    let included = storage_gb.unwrap_or_default() / Decimal::from(GB_PER_INCLUDED_MIBPS);
    let billable = (mibps - included).max(Decimal::ZERO);
    let q = Query::new("efs", region, "provisioned_throughput").family("throughput");
    ctx.monthly("Provisioned throughput", "MBps", billable, &q)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn efs(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_efs_file_system", region, values, usage)
    }

    #[test]
    fn bursting_standard_storage_by_default() {
        let r = efs("us-east-1", json!({"creation_token": "fs"}), Value::Null);
        assert_eq!(names(&r), ["Storage (standard)"]);
        // 0.30 per GB-month, depends on usage.
        let c = comp(&r, None, "Storage (standard)");
        assert!(c.usage_based && c.monthly_cost.is_none() && c.price == d("0.3"));
        let used = efs("us-east-1", json!({}), json!({"storage_gb": 100}));
        // 100 * 0.3 = 30.
        assert_eq!(used.monthly_cost, Some(d("30")));
    }

    #[test]
    fn lifecycle_policies_add_storage_classes() {
        let values = json!({"lifecycle_policy": [{"transition_to_ia": "AFTER_30_DAYS"}, {"transition_to_archive": "AFTER_90_DAYS"}]});
        let usage = json!({"storage_gb": 100, "infrequent_access_storage_gb": 1000, "monthly_infrequent_access_read_gb": 50,
            "archive_storage_gb": 1000, "monthly_archive_read_gb": 10});
        let r = efs("us-east-1", values, usage);
        assert_eq!(
            names(&r),
            [
                "Storage (standard)",
                "Storage (standard, infrequent access)",
                "Read requests (infrequent access)",
                "Write requests (infrequent access)",
                "Storage (archive)",
                "Read requests (archive)",
                "Write requests (archive)"
            ]
        );
        // 100 * 0.3 = 30; IA 1000 * 0.025 = 25; IA reads 50 * 0.01 = 0.5; archive 1000 * 0.008 = 8;
        // archive reads 10 * 0.03 = 0.3.
        assert_eq!(monthly(comp(&r, None, "Storage (standard, infrequent access)")), d("25"));
        assert_eq!(monthly(comp(&r, None, "Storage (archive)")), d("8"));
        assert_eq!(r.monthly_cost, Some(d("63.8")));
    }

    #[test]
    fn one_zone_classes() {
        let r = efs("eu-west-1", json!({"availability_zone_name": "eu-west-1a", "lifecycle_policy": [{"transition_to_ia": "AFTER_7_DAYS"}]}), json!({"storage_gb": 100, "infrequent_access_storage_gb": 100}));
        // eu-west-1 One Zone 100 * 0.176 = 17.6; One Zone-IA 100 * 0.0133 = 1.33.
        assert_eq!(monthly(comp(&r, None, "Storage (one zone)")), d("17.6"));
        assert_eq!(monthly(comp(&r, None, "Storage (one zone, infrequent access)")), d("1.33"));
        assert!(!names(&r).contains(&"Storage (archive)"));
    }

    #[test]
    fn provisioned_and_elastic_throughput() {
        let values = json!({"throughput_mode": "provisioned", "provisioned_throughput_in_mibps": 100});
        let r = efs("us-east-1", values.clone(), json!({"storage_gb": 400}));
        // 400 GB include 20 MiBps: 80 MiBps * 6.00 = 480.
        let t = comp(&r, None, "Provisioned throughput");
        assert_eq!((t.monthly_quantity, monthly(t)), (Some(d("80")), d("480")));
        assert!(!t.usage_based);
        let no_storage = efs("us-east-1", values, Value::Null);
        // Nothing included without storage usage: 100 * 6 = 600.
        assert_eq!(monthly(comp(&no_storage, None, "Provisioned throughput")), d("600"));
        let big = efs("us-east-1", json!({"throughput_mode": "provisioned", "provisioned_throughput_in_mibps": 10}), json!({"storage_gb": 1000}));
        assert_eq!(monthly(comp(&big, None, "Provisioned throughput")), d("0"));
        let elastic = efs("us-east-1", json!({"throughput_mode": "elastic"}), json!({"monthly_elastic_read_gb": 1000, "monthly_elastic_write_gb": 100}));
        // 1000 * 0.03 = 30; 100 * 0.06 = 6.
        assert_eq!(monthly(comp(&elastic, None, "Elastic throughput (reads)")), d("30"));
        assert_eq!(monthly(comp(&elastic, None, "Elastic throughput (writes)")), d("6"));
        let unknown = efs("us-east-1", json!({"throughput_mode": "provisioned", "provisioned_throughput_in_mibps": null}), Value::Null);
        assert!(comp(&unknown, None, "Provisioned throughput").price_not_found);
    }
}
