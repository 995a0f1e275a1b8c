//! `aws_rds_cluster_instance`: an instance of an Aurora cluster.
//!
//! Prices: instance hours by `instance_class` and engine, named
//! "Database instance (on-demand, db.r6g.large)". The engine is the cluster's: the model
//! follows the instance's reference to its `aws_rds_cluster` (through
//! `cluster_identifier`), and falls back to the instance's own `engine`, then to "aurora"
//! (Aurora MySQL, the provider's historical default). Aurora Serverless v2 instances
//! (`db.serverless`) are priced in ACU-hours from the `capacity_units_per_hr` usage key;
//! the catalog has no ACU prices, so they are shown as not priced. Storage and I/O are
//! priced on the cluster.
//!
//! The catalog's Aurora instance prices do not tell Aurora Standard from I/O-Optimized
//! (a note says so). Burstable classes (db.t3, db.t4g) may add CPU credits: given
//! `monthly_cpu_credit_hrs`, they are shown as not priced, as the catalog has no RDS CPU
//! credit prices. On-demand prices only: reserved instances, Performance Insights and
//! extended support are not priced.
//!
//! Usage keys: `capacity_units_per_hr` (db.serverless), `monthly_cpu_credit_hrs`.

use super::managed_common::{referenced, usage_not_found, usage_per};
use super::rds_common::{engine_name, instance_hours};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource, HOURS_PER_MONTH};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["capacity_units_per_hr", "monthly_cpu_credit_hrs"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let cluster = referenced(ctx, r, "aws_rds_cluster");
    let engine = cluster.iter().find_map(|c| c.attrs().str("engine")).or_else(|| a.str("engine")).unwrap_or("aurora");
    let Some(class) = a.str("instance_class") else {
        out.components.push(CostComponent::not_found("Database instance", "hours", "instance_class is not known until apply"));
        return;
    };
    if class == "db.serverless" {
        let eng = engine_name(engine);
        let q = Query::new("rds", region, "aurora_serverless_v2").family("serverless").attr("engine", &eng);
        let acu_hours = ctx.usage.num("capacity_units_per_hr").map(|c| c * HOURS_PER_MONTH);
        out.components.push(usage_per(ctx, "Aurora serverless v2", "ACU-hours", 1, acu_hours, &q));
        return;
    }
    let name = format!("Database instance (on-demand, {class})");
    let hours = instance_hours(ctx, out, name, region, class, engine, "Single-AZ");
    out.components.push(hours);
    if cluster.iter().any(|c| c.attrs().str("storage_type") == Some("aurora-iopt1")) {
        out.notes.push("the cluster uses Aurora I/O-Optimized storage, whose instance prices are higher than Aurora Standard's".into());
    }
    let burstable = class.starts_with("db.t3.") || class.starts_with("db.t4g.");
    if let Some(hrs) = ctx.usage.num("monthly_cpu_credit_hrs").filter(|_| burstable) {
        out.components.push(usage_not_found("CPU credits", "vCPU-hours", Some(hrs), "the price catalog has no RDS CPU credit prices"));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price, price_all};
    use crate::input::ResourceInput;

    fn cluster(engine: &str) -> ResourceInput {
        ResourceInput::new("aws_rds_cluster.main", "aws_rds_cluster", "us-east-1", json!({"engine": engine, "cluster_identifier": "main"}))
    }

    fn instance(addr: &str, class: &str, own_engine: Value, refs: &[&str]) -> ResourceInput {
        let mut i = ResourceInput::new(
            addr,
            "aws_rds_cluster_instance",
            "us-east-1",
            json!({"instance_class": class, "engine": own_engine, "cluster_identifier": "main"}),
        );
        i.references = refs.iter().map(|s| s.to_string()).collect();
        i
    }

    #[test]
    fn engine_comes_from_the_cluster() {
        let out = price_all(
            vec![cluster("aurora-postgresql"), instance("aws_rds_cluster_instance.a", "db.r6g.large", Value::Null, &["aws_rds_cluster.main"])],
            json!({}),
        );
        let i = &out[1];
        assert_eq!(names(i), ["Database instance (on-demand, db.r6g.large)"]);
        // Aurora PostgreSQL db.r6g.large 0.338/h * 730 = 246.74.
        assert_eq!(monthly(comp(i, None, "Database instance (on-demand, db.r6g.large)")), d("246.74"));
        assert!(i.metadata.contains_key("notes"));
    }

    #[test]
    fn the_cluster_engine_wins_over_the_instance_engine() {
        // db.t3.medium: Aurora MySQL and Aurora PostgreSQL differ; a wrong engine would show.
        let out = price_all(
            vec![cluster("aurora-mysql"), instance("aws_rds_cluster_instance.a", "db.t3.medium", json!("aurora-postgresql"), &["aws_rds_cluster.main"])],
            json!({}),
        );
        let mysql = monthly(comp(&out[1], None, "Database instance (on-demand, db.t3.medium)"));
        let alone = price("aws_rds_cluster_instance", "us-east-1", json!({"instance_class": "db.t3.medium", "engine": "aurora-mysql"}), Value::Null);
        assert_eq!(mysql, monthly(comp(&alone, None, "Database instance (on-demand, db.t3.medium)")));
        // Aurora MySQL db.t3.medium 0.082/h * 730 = 59.86.
        assert_eq!(mysql, d("59.86"));
    }

    #[test]
    fn without_a_cluster_the_instance_engine_or_aurora_mysql() {
        let own = price("aws_rds_cluster_instance", "us-east-1", json!({"instance_class": "db.r6g.large", "engine": "aurora-postgresql"}), Value::Null);
        assert_eq!(own.monthly_cost, Some(d("246.74")));
        let default = price("aws_rds_cluster_instance", "eu-west-1", json!({"instance_class": "db.r5.large"}), Value::Null);
        // eu-west-1 Aurora MySQL db.r5.large 0.416/h * 730 = 303.68.
        assert_eq!(default.monthly_cost, Some(d("303.68")));
    }

    #[test]
    fn serverless_v2_and_cpu_credits_are_not_priced() {
        let r = price("aws_rds_cluster_instance", "us-east-1", json!({"instance_class": "db.serverless", "engine": "aurora-postgresql"}), json!({"capacity_units_per_hr": 2}));
        let c = comp(&r, None, "Aurora serverless v2");
        // 2 ACUs * 730 hours.
        assert!(c.price_not_found && c.usage_based && c.monthly_quantity == Some(d("1460")));
        let t = price("aws_rds_cluster_instance", "us-east-1", json!({"instance_class": "db.t4g.medium", "engine": "aurora-mysql"}), json!({"monthly_cpu_credit_hrs": 10}));
        assert!(comp(&t, None, "CPU credits").price_not_found);
        let missing = price("aws_rds_cluster_instance", "us-east-1", json!({"instance_class": "db.x9.huge", "engine": "aurora-mysql"}), Value::Null);
        assert!(comp(&missing, None, "Database instance (on-demand, db.x9.huge)").price_not_found);
    }
}
