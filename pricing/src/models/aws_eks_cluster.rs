//! `aws_eks_cluster`: an EKS cluster's control plane.
//!
//! Prices: the control plane's hours (all month) at the standard support price, and, for a
//! Kubernetes `version` past the end of its standard support (14 months after its EKS
//! release), the extended support surcharge on top. A cluster whose `upgrade_policy` sets
//! `support_type = "STANDARD"` is upgraded by AWS at the end of standard support and never
//! pays it. Without a `version`, EKS creates the cluster at the current default version,
//! which is in standard support.
//!
//! The end of standard support dates are AWS's published ones, compared with today's date;
//! versions newer than the table are taken to be in standard support.
//!
//! Not priced: EKS Auto Mode's per-instance management fee (`compute_config`; the catalog
//! has no such price), Outposts local clusters, and the cluster's nodes (priced as node
//! groups, instances or Fargate).
//!
//! Usage keys: none.

use rust_decimal::Decimal;

use super::compute_common::{days_from_civil, today};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &[];

/// End of standard support on EKS, by minor version (AWS's Kubernetes release calendar).
const STANDARD_SUPPORT_ENDS: &[(u32, i64)] = &[
    (23, days_from_civil(2023, 10, 11)),
    (24, days_from_civil(2024, 1, 31)),
    (25, days_from_civil(2024, 5, 1)),
    (26, days_from_civil(2024, 6, 11)),
    (27, days_from_civil(2024, 7, 24)),
    (28, days_from_civil(2024, 11, 26)),
    (29, days_from_civil(2025, 3, 23)),
    (30, days_from_civil(2025, 7, 23)),
    (31, days_from_civil(2025, 11, 26)),
    (32, days_from_civil(2026, 3, 23)),
    (33, days_from_civil(2026, 7, 29)),
    (34, days_from_civil(2026, 12, 2)),
    (35, days_from_civil(2027, 3, 27)),
];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let q = |item| Query::new("eks", region, item).family("cluster");
    out.components.push(ctx.hourly("EKS cluster", "hours", Decimal::ONE, &q("cluster_control_plane:standard_support")));
    let standard_only = a.str("upgrade_policy.support_type") == Some("STANDARD");
    if !standard_only && a.str("version").is_some_and(|v| in_extended_support(v, today())) {
        out.components.push(ctx.hourly("EKS cluster extended support", "hours", Decimal::ONE, &q("cluster_control_plane:extended_support_surcharge")));
    }
    if a.bool("compute_config.enabled") == Some(true) {
        out.components.push(CostComponent::not_found(
            "EKS Auto Mode management",
            "hours",
            "the price catalog has no EKS Auto Mode prices",
        ));
    }
}

/// Whether a `1.NN` version is past its end of standard support on `day`.
fn in_extended_support(version: &str, day: i64) -> bool {
    let minor = version.trim().strip_prefix("1.").and_then(|m| m.split('.').next()).and_then(|m| m.parse::<u32>().ok());
    let Some(minor) = minor else { return false };
    match STANDARD_SUPPORT_ENDS.iter().find(|(v, _)| *v == minor) {
        Some((_, end)) => day >= *end,
        // Older than the table: long past standard support. Newer: in it.
        None => STANDARD_SUPPORT_ENDS.first().is_some_and(|(first, _)| minor < *first),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;
    use super::*;

    #[test]
    fn standard_support_hours() {
        let b = run(&[input("aws_eks_cluster.main", "us-east-1", json!({"name": "main", "version": null}), &[])], "");
        let r = resource(&b, "aws_eks_cluster.main");
        assert_eq!(names(r), ["EKS cluster"]);
        // 730 h x 0.10 = 73
        assert_eq!(cost(comp(r, "EKS cluster")), dec("73"));
    }

    #[test]
    fn extended_support_surcharge() {
        // 1.24 left standard support on 2024-01-31, so it pays extended support whatever today is.
        let b = run(&[input("aws_eks_cluster.old", "eu-west-1", json!({"version": "1.24"}), &[])], "");
        let r = resource(&b, "aws_eks_cluster.old");
        // 730 x 0.10 = 73; 730 x 0.50 = 365
        assert_eq!(cost(comp(r, "EKS cluster")), dec("73"));
        assert_eq!(cost(comp(r, "EKS cluster extended support")), dec("365"));
        assert_eq!(r.monthly_cost, Some(dec("438")));

        // With the STANDARD support type AWS upgrades the cluster instead.
        let b = run(&[input("aws_eks_cluster.old", "eu-west-1", json!({"version": "1.24", "upgrade_policy": [{"support_type": "STANDARD"}]}), &[])], "");
        assert_eq!(names(resource(&b, "aws_eks_cluster.old")), ["EKS cluster"]);
    }

    #[test]
    fn support_calendar() {
        let before = days_from_civil(2026, 7, 28);
        let after = days_from_civil(2026, 7, 29);
        assert!(!in_extended_support("1.33", before));
        assert!(in_extended_support("1.33", after));
        assert!(in_extended_support("1.20", before));
        assert!(!in_extended_support("1.40", after));
        assert!(!in_extended_support("latest", after));
        assert!(in_extended_support("1.29.3", after));
    }

    #[test]
    fn auto_mode_and_missing_region() {
        let b = run(&[input("aws_eks_cluster.auto", "us-east-1", json!({"compute_config": [{"enabled": true}]}), &[])], "");
        let c = comp(resource(&b, "aws_eks_cluster.auto"), "EKS Auto Mode management");
        assert_eq!(c.price_not_found_reason.as_deref(), Some("the price catalog has no EKS Auto Mode prices"));

        let b = run(&[input("aws_eks_cluster.cn", "cn-north-1", json!({}), &[])], "");
        assert!(comp(resource(&b, "aws_eks_cluster.cn"), "EKS cluster").price_not_found);
    }
}
