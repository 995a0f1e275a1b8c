//! `aws_elasticache_cluster`: an ElastiCache cluster's nodes and backups.
//!
//! Prices: node hours for `node_type` and `engine` (redis or memcached) times
//! `num_cache_nodes` (1 when not set), named "ElastiCache (on-demand, cache.t3.micro)";
//! and, for Redis with `snapshot_retention_limit` above 1, "Backup storage" for the
//! snapshots beyond the one AWS keeps free (snapshot size from usage times the retention
//! days less one). The catalog has no ElastiCache backup storage prices, so that
//! component is shown as not priced; it has no Valkey node prices either.
//!
//! A cluster in a replication group (`replication_group_id`) is not priced here: its
//! nodes are billed through the `aws_elasticache_replication_group`.
//!
//! Not priced: reserved nodes, ElastiCache Serverless, data tiering and data transfer.
//!
//! Usage keys (infracost's): `snapshot_storage_size_gb`.

use rust_decimal::Decimal;

use super::managed_common::{explain_attr_miss, usage_per};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["snapshot_storage_size_gb"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    if a.has("replication_group_id") {
        out.notes.push("a member of a replication group: its nodes are priced on the aws_elasticache_replication_group".into());
        return;
    }
    let Some(node_type) = a.str("node_type") else {
        out.components.push(CostComponent::not_found("ElastiCache", "hours", "node_type is not known until apply"));
        return;
    };
    let name = format!("ElastiCache (on-demand, {node_type})");
    let Some(engine) = a.str("engine").map(str::to_ascii_lowercase) else {
        out.components.push(CostComponent::not_found(name, "hours", "engine is not known until apply"));
        return;
    };
    let nodes = a.num("num_cache_nodes").unwrap_or(Decimal::ONE);
    let q = Query::new("elasticache", region, node_type).family("cache_node").attr("engine", &engine);
    out.components.push(explain_attr_miss(ctx, ctx.hourly(name, "hours", nodes, &q), &q, "engine"));

    let retention = a.num("snapshot_retention_limit").unwrap_or_default();
    if engine != "memcached" && retention > Decimal::ONE {
        let gb = ctx.usage.num("snapshot_storage_size_gb").map(|s| s * (retention - Decimal::ONE));
        let q = Query::new("elasticache", region, "backup_storage").family("storage");
        out.components.push(usage_per(ctx, "Backup storage", "GB", 1, gb, &q));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn cache(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_elasticache_cluster", region, values, usage)
    }

    #[test]
    fn one_redis_node_by_default() {
        let r = cache("us-east-1", json!({"cluster_id": "c", "engine": "redis", "node_type": "cache.t3.micro"}), Value::Null);
        assert_eq!(names(&r), ["ElastiCache (on-demand, cache.t3.micro)"]);
        // 1 node * 0.017/h * 730 = 12.41.
        assert_eq!(r.monthly_cost, Some(d("12.41")));
    }

    #[test]
    fn memcached_nodes_multiply_and_regions_differ() {
        let r = cache("us-east-1", json!({"engine": "memcached", "node_type": "cache.m5.large", "num_cache_nodes": 3}), Value::Null);
        // 3 nodes * 0.156/h * 730 = 341.64.
        let c = comp(&r, None, "ElastiCache (on-demand, cache.m5.large)");
        assert_eq!((c.monthly_quantity, monthly(c)), (Some(d("2190")), d("341.64")));
        let eu = cache("eu-west-1", json!({"engine": "redis", "node_type": "cache.r6g.large"}), Value::Null);
        // 0.229 * 730 = 167.17.
        assert_eq!(eu.monthly_cost, Some(d("167.17")));
    }

    #[test]
    fn redis_snapshots_beyond_the_free_one_are_not_in_the_catalog() {
        let values = json!({"engine": "redis", "node_type": "cache.t3.micro", "snapshot_retention_limit": 5});
        let r = cache("us-east-1", values, json!({"snapshot_storage_size_gb": 10}));
        let b = comp(&r, None, "Backup storage");
        // 10 GB * (5 - 1) snapshots.
        assert!(b.price_not_found && b.usage_based && b.monthly_quantity == Some(d("40")));
        assert_eq!(r.monthly_cost, Some(d("12.41")));
        let one = cache("us-east-1", json!({"engine": "redis", "node_type": "cache.t3.micro", "snapshot_retention_limit": 1}), Value::Null);
        assert_eq!(names(&one).len(), 1);
    }

    #[test]
    fn gaps_and_replication_group_members() {
        let valkey = cache("us-east-1", json!({"engine": "valkey", "node_type": "cache.t3.micro"}), Value::Null);
        let why = comp(&valkey, None, "ElastiCache (on-demand, cache.t3.micro)").price_not_found_reason.clone().unwrap_or_default();
        assert!(why.contains("engine=valkey") && why.contains("redis"), "{why}");
        // A replication group member is priced with its group: free on its own.
        let member = crate::input::ResourceInput::new("aws_elasticache_cluster.this", "aws_elasticache_cluster", "us-east-1", json!({"replication_group_id": "rg", "node_type": null, "engine": null}));
        let b = crate::project::price_breakdown(&[member], &crate::catalog::Catalog::embedded(), &crate::usage::Usage::default());
        assert!(b.resources.is_empty() && b.free_resources.len() == 1);
        let unknown = cache("us-east-1", json!({"engine": "redis", "node_type": null}), Value::Null);
        assert!(comp(&unknown, None, "ElastiCache").price_not_found);
    }
}
