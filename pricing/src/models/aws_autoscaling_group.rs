//! `aws_autoscaling_group`: the EC2 instances an autoscaling group keeps running.
//!
//! Prices: the group's instances as one sub-resource named after the launch template or
//! launch configuration they are launched from (as infracost shows them), with instance
//! hours, detailed monitoring and each instance's volumes multiplied by the instance count:
//! - `launch_configuration`: the referenced `aws_launch_configuration` (its instance type,
//!   `spot_price` for spot, `enable_monitoring`, default on, `root_block_device`,
//!   `ebs_block_device`);
//! - `launch_template { id | name }`: the referenced `aws_launch_template` (its
//!   `instance_type`, `instance_market_options` for spot, `monitoring`, `placement.tenancy`,
//!   `block_device_mappings`; an 8 GB gp2 root volume unless a mapping at `/dev/xvda` or
//!   `/dev/sda1` sets it);
//! - `mixed_instances_policy`: the launch template of its `launch_template_specification`,
//!   with the first `override`'s `instance_type` and `weighted_capacity` (capacity units per
//!   instance), and `instances_distribution` splitting the instances between on-demand
//!   (`on_demand_base_capacity`, default 0, then `on_demand_percentage_above_base_capacity`,
//!   default 100, rounded up) and spot.
//!
//! The instance count is the usage key `instances` when given, else `desired_capacity`, else
//! `min_size` (AWS starts a group at its minimum when no desired capacity is set).
//!
//! Not priced: the group itself (free); instances chosen by `instance_requirements`
//! (attribute-based selection picks the type at launch); other operating systems than Linux
//! and dedicated tenancy (the catalog has Linux shared-tenancy prices only); scaling over the
//! month (the count is constant).
//!
//! Usage keys: `instances` (average number of instances), `operating_system` (linux,
//! windows, rhel, suse; default linux).

use rust_decimal::Decimal;

use super::common::DEFAULT_ROOT_GB;
use super::compute_common::{launch_configuration_group, launch_template_group, os, pick, referenced, set, text, Split};
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::{Attrs, ResourceInput};

pub const USAGE_KEYS: &[&str] = &["instances", "operating_system"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let Some(count) = ctx.usage.num("instances").or(a.num("desired_capacity")).or(a.num("min_size")) else {
        out.components.push(CostComponent::not_found("Instance usage", "hours", "desired_capacity and min_size are not known until apply"));
        return;
    };

    if set(a, "launch_configuration") || a.has("launch_template") == a.has("mixed_instances_policy") {
        let lcs = referenced(r, ctx, "aws_launch_configuration");
        if let Some(lc) = pick(&lcs, None, text(a, "launch_configuration")) {
            out.subresources.push(launch_configuration_group(ctx, region, lc, count));
            return;
        }
    }

    if a.has("launch_template") {
        let spec = a.blocks("launch_template").into_iter().next();
        let lts = referenced(r, ctx, "aws_launch_template");
        let (id, name) = (spec.and_then(|s| text(s, "id")), spec.and_then(|s| text(s, "name")));
        match pick(&lts, id, name) {
            Some(lt) => {
                let split = if is_spot(lt.attrs()) { Split::spot(count) } else { Split::on_demand(count) };
                out.subresources.push(launch_template_group(ctx, region, lt, None, split, DEFAULT_ROOT_GB, &os(ctx)));
            }
            None => out.components.push(missing_template(id.or(name))),
        }
        return;
    }

    if let Some(policy) = a.blocks("mixed_instances_policy").into_iter().next() {
        let spec = policy.blocks("launch_template.0.launch_template_specification").into_iter().next();
        let lts = referenced(r, ctx, "aws_launch_template");
        let (id, name) = (spec.and_then(|s| text(s, "launch_template_id")), spec.and_then(|s| text(s, "launch_template_name")));
        let Some(lt) = pick(&lts, id, name) else {
            out.components.push(missing_template(id.or(name)));
            return;
        };
        let over = policy.blocks("launch_template.0.override").into_iter().next();
        let instance_type = over.and_then(|o| o.str("instance_type"));
        let weight = over.and_then(|o| o.num("weighted_capacity")).filter(|w| *w > Decimal::ZERO).unwrap_or(Decimal::ONE);
        let instances = (count / weight).ceil();
        let split = distribute(policy.blocks("instances_distribution").into_iter().next(), instances);
        out.subresources.push(launch_template_group(ctx, region, lt, instance_type, split, DEFAULT_ROOT_GB, &os(ctx)));
        return;
    }

    out.components.push(CostComponent::not_found(
        "Instance usage",
        "hours",
        "the group's launch template or launch configuration is not in the configuration",
    ));
}

/// Whether a launch template launches spot instances.
pub fn is_spot(lt: Attrs) -> bool {
    lt.str("instance_market_options.market_type") == Some("spot")
}

fn missing_template(which: Option<&str>) -> CostComponent {
    let why = match which {
        Some(w) => format!("the launch template {w} is not in the configuration"),
        None => "the launch template is not in the configuration".to_string(),
    };
    CostComponent::not_found("Instance usage", "hours", why)
}

/// On-demand and spot instances under an `instances_distribution`: the on-demand base
/// first, then the on-demand percentage of the rest, rounded up.
fn distribute(dist: Option<Attrs>, instances: Decimal) -> Split {
    let base = dist.and_then(|d| d.num("on_demand_base_capacity")).unwrap_or_default().min(instances).max(Decimal::ZERO);
    let pct = dist.and_then(|d| d.num("on_demand_percentage_above_base_capacity")).unwrap_or(Decimal::ONE_HUNDRED);
    let above = ((instances - base) * pct / Decimal::ONE_HUNDRED).ceil();
    let on_demand = (base + above).min(instances);
    Split { on_demand, spot: instances - on_demand }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;
    use super::*;

    fn lt(values: serde_json::Value) -> ResourceInput {
        input("aws_launch_template.web", "us-east-1", values, &[])
    }

    fn asg(values: serde_json::Value) -> ResourceInput {
        input("aws_autoscaling_group.web", "us-east-1", values, &["aws_launch_template.web", "aws_subnet.a"])
    }

    #[test]
    fn launch_template_instances_times_desired_capacity() {
        let b = run(
            &[
                lt(json!({"instance_type": "t3.medium"})),
                asg(json!({"desired_capacity": 3, "min_size": 1, "max_size": 5, "launch_template": [{"id": null, "version": "$Latest"}]})),
            ],
            "",
        );
        let g = resource(&b, "aws_autoscaling_group.web");
        assert!(g.cost_components.is_empty());
        let t = sub(g, "aws_launch_template.web");
        // 3 x 730 h x 0.0416 = 91.104
        let c = comp(t, "Instance usage (Linux/UNIX, on-demand, t3.medium)");
        assert_eq!(c.monthly_quantity, Some(dec("2190")));
        assert_eq!(cost(c), dec("91.104"));
        // Default root volume: 3 x 8 GB gp2 x 0.10 = 2.40
        let root = comp(sub(t, "root_block_device"), "Storage (general purpose SSD, gp2)");
        assert_eq!(root.monthly_quantity, Some(dec("24")));
        assert_eq!(cost(root), dec("2.4"));
        assert_eq!(g.monthly_cost, Some(dec("93.504")));
        // The launch template itself is priced where it is used.
        assert!(b.free_resources.iter().any(|f| f.name == "aws_launch_template.web"));
    }

    #[test]
    fn min_size_without_desired_capacity_and_usage_instances() {
        let inputs = [lt(json!({"instance_type": "m5.large"})), asg(json!({"min_size": 2, "max_size": 4, "launch_template": [{"name": "web"}]}))];
        let b = run(&inputs, "");
        let t = sub(resource(&b, "aws_autoscaling_group.web"), "aws_launch_template.web");
        // 2 x 730 x 0.096 = 140.16
        assert_eq!(cost(comp(t, "Instance usage (Linux/UNIX, on-demand, m5.large)")), dec("140.16"));
        let b = run(&inputs, "version: 0.1\nresource_usage:\n  aws_autoscaling_group.web:\n    instances: 5\n");
        let t = sub(resource(&b, "aws_autoscaling_group.web"), "aws_launch_template.web");
        // 5 x 730 x 0.096 = 350.4
        assert_eq!(cost(comp(t, "Instance usage (Linux/UNIX, on-demand, m5.large)")), dec("350.4"));
    }

    #[test]
    fn template_volumes_spot_and_monitoring() {
        let b = run(
            &[
                lt(json!({
                    "instance_type": "t3.medium",
                    "instance_market_options": [{"market_type": "spot"}],
                    "monitoring": [{"enabled": true}],
                    "block_device_mappings": [
                        {"device_name": "/dev/xvda", "ebs": [{"volume_size": 30, "volume_type": "gp3"}]},
                        {"device_name": "/dev/xvdb", "ebs": [{"volume_size": 100, "volume_type": "gp3", "iops": 4000}]}
                    ]
                })),
                asg(json!({"desired_capacity": 2, "min_size": 2, "launch_template": [{"id": null}]})),
            ],
            "",
        );
        let t = sub(resource(&b, "aws_autoscaling_group.web"), "aws_launch_template.web");
        assert_eq!(names(t), ["Instance usage (Linux/UNIX, spot, t3.medium)", "EC2 detailed monitoring"]);
        // 2 x 730 x 0.0179 (spot) = 26.134
        assert_eq!(cost(comp(t, "Instance usage (Linux/UNIX, spot, t3.medium)")), dec("26.134"));
        // 2 x 7 metrics x 0.30 = 4.20
        assert_eq!(cost(comp(t, "EC2 detailed monitoring")), dec("4.2"));
        // The /dev/xvda mapping is the root: 2 x 30 GB x 0.08 = 4.80, and no 8 GB default.
        let root = sub(t, "root_block_device");
        assert_eq!(cost(comp(root, "Storage (general purpose SSD, gp3)")), dec("4.8"));
        let data = sub(t, "block_device_mapping[0]");
        // 2 x 100 GB x 0.08 = 16; 2 x (4000 - 3000) IOPS x 0.005 = 10
        assert_eq!(cost(comp(data, "Storage (general purpose SSD, gp3)")), dec("16"));
        assert_eq!(cost(comp(data, "Provisioned IOPS (above 3000)")), dec("10"));
        assert_eq!(t.subresources.len(), 2);
    }

    #[test]
    fn launch_configuration_defaults_to_monitoring() {
        let lc = input("aws_launch_configuration.web", "eu-west-1", json!({"instance_type": "t3.medium", "root_block_device": [{"volume_size": 20}]}), &[]);
        let g = input("aws_autoscaling_group.web", "eu-west-1", json!({"desired_capacity": 2, "min_size": 1, "launch_configuration": null}), &["aws_launch_configuration.web"]);
        let b = run(&[lc, g], "");
        let s = sub(resource(&b, "aws_autoscaling_group.web"), "aws_launch_configuration.web");
        // eu-west-1: 2 x 730 x 0.0456 = 66.576; monitoring 2 x 7 x 0.30 = 4.2
        assert_eq!(cost(comp(s, "Instance usage (Linux/UNIX, on-demand, t3.medium)")), dec("66.576"));
        assert_eq!(cost(comp(s, "EC2 detailed monitoring")), dec("4.2"));
        // 2 x 20 GB gp2 x 0.11 = 4.40
        assert_eq!(cost(comp(sub(s, "root_block_device"), "Storage (general purpose SSD, gp2)")), dec("4.4"));
    }

    #[test]
    fn mixed_instances_policy_splits_on_demand_and_spot() {
        let b = run(
            &[
                lt(json!({"instance_type": "t3.micro"})),
                asg(json!({
                    "desired_capacity": 10, "min_size": 1,
                    "mixed_instances_policy": [{
                        "instances_distribution": [{"on_demand_base_capacity": 2, "on_demand_percentage_above_base_capacity": 25}],
                        "launch_template": [{
                            "launch_template_specification": [{"launch_template_id": null}],
                            "override": [{"instance_type": "m5.large", "weighted_capacity": "2"}, {"instance_type": "c5.large"}]
                        }]
                    }]
                })),
            ],
            "",
        );
        let t = sub(resource(&b, "aws_autoscaling_group.web"), "aws_launch_template.web");
        // 10 capacity units / weight 2 = 5 instances; 2 on-demand base + ceil(3 x 25%) = 3 on-demand, 2 spot.
        let od = comp(t, "Instance usage (Linux/UNIX, on-demand, m5.large)");
        assert_eq!(od.monthly_quantity, Some(dec("2190")));
        // 3 x 730 x 0.096 = 210.24
        assert_eq!(cost(od), dec("210.24"));
        // m5.large spot in us-east-1 is 0.0434: 2 x 730 x 0.0434 = 63.364
        let sp = comp(t, "Instance usage (Linux/UNIX, spot, m5.large)");
        assert_eq!(sp.monthly_quantity, Some(dec("1460")));
        assert_eq!(cost(sp), dec("63.364"));
        // 5 root volumes of 8 GB gp2: 40 GB x 0.10 = 4
        assert_eq!(cost(comp(sub(t, "root_block_device"), "Storage (general purpose SSD, gp2)")), dec("4"));
    }

    #[test]
    fn distribution_rounding() {
        assert_eq!(distribute(None, Decimal::from(4)), Split::on_demand(Decimal::from(4)));
        let d = json!({"on_demand_percentage_above_base_capacity": 0});
        assert_eq!(distribute(Some(Attrs(&d)), Decimal::from(4)), Split::spot(Decimal::from(4)));
        let d = json!({"on_demand_base_capacity": 10, "on_demand_percentage_above_base_capacity": 50});
        assert_eq!(distribute(Some(Attrs(&d)), Decimal::from(4)), Split::on_demand(Decimal::from(4)));
        let d = json!({"on_demand_base_capacity": 1, "on_demand_percentage_above_base_capacity": 50});
        // 1 + ceil(4 x 0.5) = 3 on-demand, 2 spot
        assert_eq!(distribute(Some(Attrs(&d)), Decimal::from(5)), Split { on_demand: Decimal::from(3), spot: Decimal::from(2) });
    }

    #[test]
    fn missing_template_type_and_region() {
        let b = run(&[asg(json!({"desired_capacity": 1, "min_size": 1, "launch_template": [{"id": "lt-0abc"}]}))], "");
        let c = comp(resource(&b, "aws_autoscaling_group.web"), "Instance usage");
        assert_eq!(c.price_not_found_reason.as_deref(), Some("the launch template lt-0abc is not in the configuration"));

        let b = run(&[lt(json!({"instance_requirements": [{"vcpu_count": [{"min": 2}]}]})), asg(json!({"min_size": 1, "launch_template": [{}]}))], "");
        let t = sub(resource(&b, "aws_autoscaling_group.web"), "aws_launch_template.web");
        assert_eq!(comp(t, "Instance usage").price_not_found_reason.as_deref(), Some("the launch template's instance_type is not known until apply"));

        let b = run(&[asg(json!({"desired_capacity": null, "min_size": null}))], "");
        assert!(comp(resource(&b, "aws_autoscaling_group.web"), "Instance usage").price_not_found);

        // A type the catalog lacks, and an operating system it lacks.
        let b = run(&[lt(json!({"instance_type": "t9.huge"})), asg(json!({"min_size": 1, "launch_template": [{}]}))], "");
        let t = sub(resource(&b, "aws_autoscaling_group.web"), "aws_launch_template.web");
        assert!(comp(t, "Instance usage (Linux/UNIX, on-demand, t9.huge)").price_not_found);
        let b = run(
            &[lt(json!({"instance_type": "t3.medium"})), asg(json!({"min_size": 1, "launch_template": [{}]}))],
            "version: 0.1\nresource_usage:\n  aws_autoscaling_group.web:\n    operating_system: windows\n",
        );
        let t = sub(resource(&b, "aws_autoscaling_group.web"), "aws_launch_template.web");
        assert!(comp(t, "Instance usage (Windows, on-demand, t3.medium)").price_not_found);
    }

    #[test]
    fn empty_launch_configuration_from_the_state() {
        let b = run(&[lt(json!({"instance_type": "t3.medium"})), asg(json!({"min_size": 1, "launch_configuration": "", "launch_template": [{"id": "", "name": ""}]}))], "");
        let t = sub(resource(&b, "aws_autoscaling_group.web"), "aws_launch_template.web");
        assert_eq!(cost(comp(t, "Instance usage (Linux/UNIX, on-demand, t3.medium)")), dec("30.368"));
    }

    #[test]
    fn templates_in_modules_resolve() {
        let t = input("module.app.aws_launch_template.web", "us-east-1", json!({"instance_type": "t3.medium"}), &[]);
        let g = input("module.app.aws_autoscaling_group.web", "us-east-1", json!({"min_size": 1, "launch_template": [{}]}), &["aws_launch_template.web"]);
        let b = run(&[t, g], "");
        let s = sub(resource(&b, "module.app.aws_autoscaling_group.web"), "module.app.aws_launch_template.web");
        assert_eq!(cost(comp(s, "Instance usage (Linux/UNIX, on-demand, t3.medium)")), dec("30.368"));
    }
}
