//! Pieces the RDS models share (`aws_db_instance`, `aws_rds_cluster`,
//! `aws_rds_cluster_instance`): engine names, instance hours and RDS storage.

use rust_decimal::Decimal;

use super::managed_common::{explain_attr_miss, usage_per};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};

/// The catalog's (and AWS's) name for a Terraform `engine` value: `postgres` ->
/// `PostgreSQL`, `aurora-mysql` -> `Aurora MySQL`.
pub fn engine_name(engine: &str) -> String {
    let e = engine.to_ascii_lowercase();
    let name = match e.as_str() {
        "mysql" => "MySQL",
        "postgres" => "PostgreSQL",
        "mariadb" => "MariaDB",
        "aurora" | "aurora-mysql" => "Aurora MySQL",
        "aurora-postgresql" => "Aurora PostgreSQL",
        _ if e.starts_with("custom-oracle") => "Oracle (RDS Custom)",
        _ if e.starts_with("custom-sqlserver") => "SQL Server (RDS Custom)",
        _ if e.starts_with("oracle") => "Oracle",
        _ if e.starts_with("sqlserver") => "SQL Server",
        _ if e.starts_with("db2") => "Db2",
        _ => return engine.to_string(),
    };
    name.to_string()
}

/// Whether the engine is Aurora (storage and I/O billed on the cluster).
pub fn is_aurora(engine: &str) -> bool {
    engine.to_ascii_lowercase().starts_with("aurora")
}

/// Instance hours for `class` running `engine` (a Terraform engine value) in `deployment`
/// (`Single-AZ`, `Multi-AZ`) for the whole month. A miss names what the catalog has for the
/// class (other engines or deployments). Aurora prices the catalog flags as ambiguous add
/// a note to `out`.
pub fn instance_hours(ctx: &Ctx, out: &mut PricedResource, name: String, region: &str, class: &str, engine: &str, deployment: &str) -> CostComponent {
    let engine = engine_name(engine);
    let q = Query::new("rds", region, class).family("db_instance").attr("engine", &engine).attr("deployment", deployment);
    let c = ctx.hourly(name, "hours", Decimal::ONE, &q);
    if let Ok(row) = ctx.catalog.find(&q) {
        if engine.starts_with("Aurora") && row.attr("quality").is_some_and(|v| v.starts_with("ambiguous")) {
            out.notes.push(AURORA_NOTE.into());
        }
    }
    let before = c.price_not_found.clone();
    let c = explain_attr_miss(ctx, c, &q, "engine");
    if c.price_not_found == before {
        explain_attr_miss(ctx, c, &q, "deployment")
    } else {
        c
    }
}

/// The note for Aurora instance prices the catalog cannot tell apart.
pub const AURORA_NOTE: &str =
    "the catalog's Aurora instance prices do not tell Aurora Standard from I/O-Optimized; the price shown may be the I/O-Optimized rate";

/// The storage of an RDS instance (or Multi-AZ DB cluster): `allocated_gb` of
/// `storage_type` (gp2, gp3, io1, io2, standard), provisioned IOPS for io1/io2, gp3 IOPS
/// and throughput above the baseline the volume includes, and I/O requests for magnetic
/// storage (usage key `monthly_standard_io_requests`).
pub fn storage(
    ctx: &Ctx,
    region: &str,
    storage_type: &str,
    allocated_gb: Decimal,
    iops: Option<Decimal>,
    throughput: Option<Decimal>,
    deployment: &str,
) -> Vec<CostComponent> {
    let (label, resource) = match storage_type {
        "gp2" => ("Storage (general purpose SSD, gp2)", "gp2"),
        "gp3" => ("Storage (general purpose SSD, gp3)", "gp3"),
        "io1" => ("Storage (provisioned IOPS SSD, io1)", "io1"),
        "io2" => ("Storage (provisioned IOPS SSD, io2)", "io2"),
        "standard" => ("Storage (magnetic)", "magnetic"),
        other => {
            return vec![CostComponent::not_found(
                format!("Storage ({other})"),
                "GB",
                format!("the storage type {other:?} is not an RDS storage type the price catalog knows"),
            )]
        }
    };
    let lookup = |name: String, unit: &str, qty: Decimal, resource: &str| {
        let q = Query::new("rds", region, resource).family("storage").attr("deployment", deployment);
        explain_attr_miss(ctx, ctx.monthly(name, unit, qty, &q), &q, "deployment")
    };
    let mut out = vec![lookup(label.to_string(), "GB", allocated_gb, resource)];
    match storage_type {
        "io1" | "io2" => match iops {
            Some(iops) => out.push(lookup("Provisioned IOPS".into(), "IOPS", iops, &format!("{resource}_iops"))),
            None => out.push(CostComponent::not_found("Provisioned IOPS", "IOPS", "iops is not known until apply")),
        },
        "gp3" => {
            // gp3 includes 3,000 IOPS and 125 MiBps below 400 GB, 12,000 IOPS and 500 MiBps from 400 GB.
            let large = allocated_gb >= Decimal::from(400);
            let (base_iops, base_tp) = if large { (12_000, 500) } else { (3_000, 125) };
            if let Some(over) = iops.map(|i| i - Decimal::from(base_iops)).filter(|o| o.is_sign_positive() && !o.is_zero()) {
                let name = format!("Provisioned GP3 IOPS (above {})", thousands(base_iops));
                out.push(lookup(name, "IOPS", over, "gp3_iops"));
            }
            if let Some(over) = throughput.map(|t| t - Decimal::from(base_tp)).filter(|o| o.is_sign_positive() && !o.is_zero()) {
                let name = format!("Provisioned GP3 throughput (above {base_tp} MiBps)");
                out.push(lookup(name, "MiBps", over, "gp3_throughput"));
            }
        }
        "standard" => {
            let q = Query::new("rds", region, "magnetic_io").family("storage").attr("deployment", deployment);
            let c = usage_per(ctx, "I/O requests", "1M requests", 1_000_000, ctx.usage.num("monthly_standard_io_requests"), &q);
            out.push(explain_attr_miss(ctx, c, &q, "deployment"));
        }
        _ => {}
    }
    out
}

/// 12000 -> "12,000".
fn thousands(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_and_numbers() {
        assert_eq!(engine_name("postgres"), "PostgreSQL");
        assert_eq!(engine_name("aurora"), "Aurora MySQL");
        assert_eq!(engine_name("sqlserver-ee"), "SQL Server");
        assert_eq!(engine_name("custom-oracle-ee"), "Oracle (RDS Custom)");
        assert!(is_aurora("aurora-postgresql") && !is_aurora("postgres"));
        assert_eq!(thousands(3000), "3,000");
        assert_eq!(thousands(12000), "12,000");
        assert_eq!(thousands(500), "500");
    }
}
