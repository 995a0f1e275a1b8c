//! `aws_eks_node_group`: an EKS managed node group's EC2 instances.
//!
//! Prices: `scaling_config.desired_size` instances (the usage key `instances` when given)
//! of the first of `instance_types` (t3.medium, EKS's default, when not set), on-demand or
//! spot by `capacity_type`, and each node's root volume: `disk_size` GB of gp2 (EKS's
//! default is 20 GB, 50 GB for Windows AMI types). As infracost shows it, the instance and
//! storage lines are the node group's own.
//!
//! With a `launch_template { id | name }` referring to an `aws_launch_template`, the nodes
//! are shown as a sub-resource named after the template, priced from it as for an
//! autoscaling group (its instance type when the node group sets none, its monitoring and
//! block device mappings, the root volume being 20 GB gp2 unless a mapping sets it).
//!
//! Not priced: Windows, and other operating systems than Linux given by the usage key
//! `operating_system`, since the catalog has Linux prices only (Windows AMI types
//! `WINDOWS_*` are taken as Windows); scaling over the month.
//!
//! Usage keys: `instances` (average number of nodes), `operating_system`.

use rust_decimal::Decimal;

use super::common::ebs_volume;
use super::compute_common::{group_components, launch_template_group, pick, referenced, scale_component, text, Group, Split};
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["instances", "operating_system"];

/// EKS's node type when `instance_types` is not set.
const DEFAULT_INSTANCE_TYPE: &str = "t3.medium";
/// EKS's node root volume size, Linux and Windows AMIs.
const DEFAULT_DISK_GB: i64 = 20;
const DEFAULT_WINDOWS_DISK_GB: i64 = 50;

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let Some(count) = ctx.usage.num("instances").or(a.num("scaling_config.desired_size")).or(a.num("scaling_config.min_size")) else {
        out.components.push(CostComponent::not_found("Instance usage", "hours", "scaling_config.desired_size is not known until apply"));
        return;
    };
    let windows = a.str("ami_type").is_some_and(|t| t.starts_with("WINDOWS"));
    let os = match ctx.usage.str("operating_system") {
        Some(os) => os.to_ascii_lowercase(),
        None if windows => "windows".to_string(),
        None => "linux".to_string(),
    };
    let split = if a.str("capacity_type") == Some("SPOT") { Split::spot(count) } else { Split::on_demand(count) };
    let types = a.blocks("instance_types");
    let first_type = types.first().and_then(|t| t.0.as_str());
    let root_gb = if windows { DEFAULT_WINDOWS_DISK_GB } else { DEFAULT_DISK_GB };

    if a.has("launch_template") {
        let spec = a.blocks("launch_template").into_iter().next();
        let lts = referenced(r, ctx, "aws_launch_template");
        if let Some(lt) = pick(&lts, spec.and_then(|s| text(s, "id")), spec.and_then(|s| text(s, "name"))) {
            let ty = first_type.or(lt.attrs().str("instance_type")).unwrap_or(DEFAULT_INSTANCE_TYPE);
            out.subresources.push(launch_template_group(ctx, region, lt, Some(ty), split, root_gb, &os));
            return;
        }
    }

    let g = Group {
        instance_type: Some(first_type.unwrap_or(DEFAULT_INSTANCE_TYPE)),
        unknown_type: "",
        split,
        os,
        tenancy: "default",
        monitoring: false,
    };
    out.components.extend(group_components(ctx, region, &g));
    let disk = a.num("disk_size").unwrap_or(Decimal::from(root_gb));
    for mut c in ebs_volume(ctx, region, "gp2", disk, None, None) {
        scale_component(&mut c, count);
        out.components.push(c);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;

    fn ng(region: &str, values: serde_json::Value, refs: &[&str]) -> crate::input::ResourceInput {
        input("aws_eks_node_group.workers", region, values, refs)
    }

    #[test]
    fn defaults_t3_medium_and_20_gb() {
        let b = run(&[ng("us-east-1", json!({"scaling_config": [{"desired_size": 2, "min_size": 1, "max_size": 3}]}), &["aws_eks_cluster.main"])], "");
        let r = resource(&b, "aws_eks_node_group.workers");
        assert_eq!(names(r), ["Instance usage (Linux/UNIX, on-demand, t3.medium)", "Storage (general purpose SSD, gp2)"]);
        // 2 x 730 x 0.0416 = 60.736; 2 x 20 GB x 0.10 = 4
        assert_eq!(cost(comp(r, "Instance usage (Linux/UNIX, on-demand, t3.medium)")), dec("60.736"));
        let s = comp(r, "Storage (general purpose SSD, gp2)");
        assert_eq!(s.monthly_quantity, Some(dec("40")));
        assert_eq!(cost(s), dec("4"));
    }

    #[test]
    fn spot_types_disk_and_usage() {
        let v = json!({"instance_types": ["m5.large", "m5a.large"], "capacity_type": "SPOT", "disk_size": 50, "scaling_config": [{"desired_size": 3, "min_size": 1}]});
        let b = run(&[ng("eu-west-1", v.clone(), &[])], "");
        let r = resource(&b, "aws_eks_node_group.workers");
        // eu-west-1 m5.large spot 0.046: 3 x 730 x 0.046 = 100.74; 3 x 50 GB x 0.11 = 16.5
        assert_eq!(cost(comp(r, "Instance usage (Linux/UNIX, spot, m5.large)")), dec("100.74"));
        assert_eq!(cost(comp(r, "Storage (general purpose SSD, gp2)")), dec("16.5"));
        let b = run(&[ng("eu-west-1", v, &[])], "version: 0.1\nresource_usage:\n  aws_eks_node_group.workers:\n    instances: 5\n");
        let r = resource(&b, "aws_eks_node_group.workers");
        // 5 x 730 x 0.046 = 167.9
        assert_eq!(cost(comp(r, "Instance usage (Linux/UNIX, spot, m5.large)")), dec("167.9"));
    }

    #[test]
    fn windows_ami_types_are_not_in_the_catalog() {
        let b = run(&[ng("us-east-1", json!({"ami_type": "WINDOWS_CORE_2022_x86_64", "scaling_config": [{"desired_size": 1}]}), &[])], "");
        let r = resource(&b, "aws_eks_node_group.workers");
        let c = comp(r, "Instance usage (Windows, on-demand, t3.medium)");
        assert_eq!(c.price_not_found_reason.as_deref(), Some("the price catalog has Linux instance prices only, not Windows"));
        // Windows nodes get 50 GB: 50 x 0.10 = 5
        assert_eq!(cost(comp(r, "Storage (general purpose SSD, gp2)")), dec("5"));
    }

    #[test]
    fn launch_template_nodes() {
        let lt = input(
            "aws_launch_template.nodes",
            "us-east-1",
            json!({"instance_type": "t3.large", "block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"volume_size": 100, "volume_type": "gp3"}]}]}),
            &[],
        );
        let group = ng("us-east-1", json!({"scaling_config": [{"desired_size": 2}], "launch_template": [{"id": null, "version": "1"}]}), &["aws_launch_template.nodes"]);
        let b = run(&[lt, group], "");
        let r = resource(&b, "aws_eks_node_group.workers");
        assert!(r.cost_components.is_empty());
        let t = sub(r, "aws_launch_template.nodes");
        // 2 x 730 x 0.0832 = 121.472; 2 x 100 GB gp3 x 0.08 = 16
        assert_eq!(cost(comp(t, "Instance usage (Linux/UNIX, on-demand, t3.large)")), dec("121.472"));
        assert_eq!(cost(comp(sub(t, "root_block_device"), "Storage (general purpose SSD, gp3)")), dec("16"));
        assert_eq!(r.monthly_cost, Some(dec("137.472")));
    }

    #[test]
    fn node_group_types_win_over_the_template_and_unknown_size() {
        let lt = input("aws_launch_template.nodes", "us-east-1", json!({}), &[]);
        let group = ng(
            "us-east-1",
            json!({"instance_types": ["t3.micro"], "capacity_type": "SPOT", "scaling_config": [{"desired_size": 4}], "launch_template": [{"name": "nodes"}]}),
            &["aws_launch_template.nodes"],
        );
        let b = run(&[lt, group], "");
        let t = sub(resource(&b, "aws_eks_node_group.workers"), "aws_launch_template.nodes");
        // 4 x 730 x 0.0043 = 12.556; 4 x 20 GB gp2 x 0.10 = 8
        assert_eq!(cost(comp(t, "Instance usage (Linux/UNIX, spot, t3.micro)")), dec("12.556"));
        assert_eq!(cost(comp(sub(t, "root_block_device"), "Storage (general purpose SSD, gp2)")), dec("8"));

        let b = run(&[ng("us-east-1", json!({"scaling_config": [{"desired_size": null}]}), &[])], "");
        assert!(comp(resource(&b, "aws_eks_node_group.workers"), "Instance usage").price_not_found);
    }
}
