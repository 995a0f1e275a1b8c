//! `aws_ecs_service`: an ECS service's Fargate tasks.
//!
//! Prices, for a Fargate service (`launch_type = "FARGATE"`, or a
//! `capacity_provider_strategy` of `FARGATE` / `FARGATE_SPOT`): `desired_count` tasks
//! (ECS's default is 0) of the referenced `aws_ecs_task_definition`, each billed for its
//! task-level `cpu` and `memory` all month ("256" CPU units or "0.25 vCPU"; "512" MiB or
//! "0.5 GB"), as infracost shows them: "Per GB per hour" and "Per vCPU per hour", in GB and
//! vCPUs for the month. The task definition's `runtime_platform` selects the Linux/x86,
//! Linux/ARM or Windows prices (Windows adds the per-vCPU OS licence fee); ephemeral storage
//! above the 20 GB included is billed per GB.
//!
//! Tasks are split between the capacity providers as ECS places them: each provider's
//! `base` first, the rest by `weight`. Fargate Spot tasks are reported as not priced: the
//! catalog has no Fargate Spot prices.
//!
//! Services on EC2 (the default launch type without a capacity provider strategy) or
//! external instances cost nothing here: their instances are priced as instances or
//! autoscaling groups; the resource then has no cost components and says so. A service
//! relying on its cluster's default capacity provider strategy is taken to run on EC2.
//!
//! Usage keys: none.

use rust_decimal::Decimal;

use super::compute_common::{pick, referenced, text};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource, HOURS_PER_MONTH};
use crate::input::{Attrs, ResourceInput};

pub const USAGE_KEYS: &[&str] = &[];

/// Ephemeral storage every Fargate task gets without charge.
const INCLUDED_EPHEMERAL_GB: i64 = 20;

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let count = a.num("desired_count").unwrap_or_default();
    let Some((on_demand, spot)) = fargate_tasks(a, count) else {
        let how = text(a, "launch_type").unwrap_or("EC2");
        out.notes.push(format!("{how} launch type: the tasks run on instances priced as their own resources"));
        return;
    };

    let tds = referenced(r, ctx, "aws_ecs_task_definition");
    let Some(td) = pick(&tds, None, None) else {
        out.components.push(CostComponent::not_found("Per vCPU per hour", "CPU", "the task definition is not in the configuration"));
        return;
    };
    let t = td.attrs();
    let vcpu = t.get("cpu").and_then(parse_cpu);
    let mem = t.get("memory").and_then(parse_memory);
    let family = t.str("runtime_platform.operating_system_family").unwrap_or("LINUX");
    let arch = t.str("runtime_platform.cpu_architecture").unwrap_or("X86_64");
    let platform = if family != "LINUX" {
        "windows"
    } else if arch == "ARM64" {
        "linux_arm64"
    } else {
        "linux_x86_64"
    };
    let extra_storage = t.num("ephemeral_storage.size_in_gib").map(|g| g - Decimal::from(INCLUDED_EPHEMERAL_GB)).filter(|g| *g > Decimal::ZERO);

    let memory = Line { name: "Per GB per hour", unit: "GB", per_task: mem, item: format!("memory:{platform}"), what: "memory" };
    let cpu = Line { name: "Per vCPU per hour", unit: "CPU", per_task: vcpu, item: format!("vcpu:{platform}"), what: "cpu" };
    if on_demand > Decimal::ZERO || spot.is_zero() {
        let mut lines = vec![&memory, &cpu];
        let licence = Line { name: "Windows OS license", unit: "CPU", per_task: vcpu, item: "windows_os_license".into(), what: "cpu" };
        if platform == "windows" {
            lines.push(&licence);
        }
        let storage = Line { name: "Ephemeral storage", unit: "GB", per_task: extra_storage, item: "ephemeral_storage".into(), what: "ephemeral storage" };
        if extra_storage.is_some() {
            lines.push(&storage);
        }
        for l in lines {
            out.components.push(l.component(ctx, region, on_demand, false));
        }
    }
    if spot > Decimal::ZERO {
        out.components.push(memory.component(ctx, region, spot, true));
        out.components.push(cpu.component(ctx, region, spot, true));
    }
}

/// One per-task resource line: so much of `item` per task, all month.
struct Line {
    name: &'static str,
    unit: &'static str,
    per_task: Option<Decimal>,
    item: String,
    what: &'static str,
}

impl Line {
    fn component(&self, ctx: &Ctx, region: &str, tasks: Decimal, spot: bool) -> CostComponent {
        let c = match self.per_task {
            None => CostComponent::not_found(self.name, self.unit, format!("the task definition's {} is not known until apply", self.what)),
            Some(_) if spot => CostComponent::not_found(format!("{} (spot)", self.name), self.unit, "the price catalog has no Fargate Spot prices"),
            Some(v) => ctx.hourly(self.name, self.unit, v * tasks, &Query::new("fargate", region, &self.item).family("fargate")),
        };
        // Shown per unit for the month, as infracost shows it: GB and vCPUs, not GB-hours.
        c.per(self.unit, HOURS_PER_MONTH)
    }
}

/// The on-demand and spot Fargate task counts, or None when the service does not run on
/// Fargate.
fn fargate_tasks(a: Attrs, count: Decimal) -> Option<(Decimal, Decimal)> {
    if let Some(lt) = text(a, "launch_type") {
        return (lt == "FARGATE").then_some((count, Decimal::ZERO));
    }
    let strategy = a.blocks("capacity_provider_strategy");
    let providers: Vec<(&str, Decimal, Decimal)> = strategy
        .iter()
        .filter_map(|s| Some((s.str("capacity_provider")?, s.num("base").unwrap_or_default(), s.num("weight").unwrap_or_default())))
        .collect();
    if providers.is_empty() || !providers.iter().all(|(p, _, _)| *p == "FARGATE" || *p == "FARGATE_SPOT") {
        return None;
    }
    let mut spot = Decimal::ZERO;
    let mut left = count;
    for (p, base, _) in &providers {
        let b = (*base).min(left).max(Decimal::ZERO);
        left -= b;
        if *p == "FARGATE_SPOT" {
            spot += b;
        }
    }
    let total_weight: Decimal = providers.iter().map(|(_, _, w)| *w).sum();
    if total_weight > Decimal::ZERO {
        let spot_weight: Decimal = providers.iter().filter(|(p, _, _)| *p == "FARGATE_SPOT").map(|(_, _, w)| *w).sum();
        spot += (left * spot_weight / total_weight).round();
    }
    Some((count - spot, spot))
}

/// vCPUs from a task-level `cpu`: CPU units ("256", 1024 a vCPU) or "0.25 vCPU".
pub fn parse_cpu(v: &serde_json::Value) -> Option<Decimal> {
    let s = match v {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        _ => return None,
    };
    let s = s.trim().to_ascii_lowercase();
    match s.strip_suffix("vcpu") {
        Some(n) => crate::catalog::parse_decimal(n.trim()),
        None => crate::catalog::parse_decimal(&s).map(|units| units / Decimal::from(1024)),
    }
}

/// GB from a task-level `memory`: MiB ("512") or "0.5 GB".
pub fn parse_memory(v: &serde_json::Value) -> Option<Decimal> {
    let s = match v {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        _ => return None,
    };
    let s = s.trim().to_ascii_lowercase();
    match s.strip_suffix("gb") {
        Some(n) => crate::catalog::parse_decimal(n.trim()),
        None => crate::catalog::parse_decimal(&s).map(|mib| mib / Decimal::from(1024)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::compute_common::testing::*;
    use super::*;

    fn td(values: serde_json::Value) -> ResourceInput {
        input("aws_ecs_task_definition.app", "us-east-1", values, &[])
    }

    fn svc(region: &str, values: serde_json::Value) -> ResourceInput {
        input("aws_ecs_service.app", region, values, &["aws_ecs_cluster.main", "aws_ecs_task_definition.app"])
    }

    #[test]
    fn fargate_vcpu_and_memory_times_desired_count() {
        let b = run(
            &[
                td(json!({"family": "app", "cpu": "512", "memory": "1024", "requires_compatibilities": ["FARGATE"]})),
                svc("us-east-1", json!({"launch_type": "FARGATE", "desired_count": 2})),
            ],
            "",
        );
        let r = resource(&b, "aws_ecs_service.app");
        assert_eq!(names(r), ["Per GB per hour", "Per vCPU per hour"]);
        // 2 tasks x 1 GB x 730 h x 0.004445 = 6.4897; shown as 2 GB at 0.004445 x 730 = 3.24485 a GB-month
        let m = comp(r, "Per GB per hour");
        assert_eq!(m.monthly_quantity, Some(dec("2")));
        assert_eq!(m.price, dec("3.24485"));
        assert_eq!(cost(m), dec("6.4897"));
        // 2 tasks x 0.5 vCPU x 730 h x 0.04048 = 29.5504
        let c = comp(r, "Per vCPU per hour");
        assert_eq!(c.monthly_quantity, Some(dec("1")));
        assert_eq!(cost(c), dec("29.5504"));
        assert_eq!(r.monthly_cost, Some(dec("36.0401")));
    }

    #[test]
    fn arm_windows_and_ephemeral_storage() {
        let b = run(
            &[
                td(json!({"cpu": "1 vCPU", "memory": "2 GB", "runtime_platform": [{"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}], "ephemeral_storage": [{"size_in_gib": 50}]})),
                svc("eu-west-1", json!({"launch_type": "FARGATE", "desired_count": 1})),
            ],
            "",
        );
        let r = resource(&b, "aws_ecs_service.app");
        // ARM: 2 GB x 730 x 0.00356 = 5.1976; 1 vCPU x 730 x 0.03238 = 23.6374; 30 GB x 730 x 0.000122 = 2.6718
        assert_eq!(cost(comp(r, "Per GB per hour")), dec("5.1976"));
        assert_eq!(cost(comp(r, "Per vCPU per hour")), dec("23.6374"));
        assert_eq!(cost(comp(r, "Ephemeral storage")), dec("2.6718"));

        let b = run(
            &[
                td(json!({"cpu": 1024, "memory": 2048, "runtime_platform": [{"operating_system_family": "WINDOWS_SERVER_2022_CORE"}]})),
                svc("us-east-1", json!({"launch_type": "FARGATE", "desired_count": 1})),
            ],
            "",
        );
        let r = resource(&b, "aws_ecs_service.app");
        // Windows: 2 GB x 730 x 0.00511175 = 7.463155; 1 vCPU x 730 x 0.046552 = 33.98296; licence 730 x 0.046 = 33.58
        assert_eq!(cost(comp(r, "Per GB per hour")), dec("7.463155"));
        assert_eq!(cost(comp(r, "Per vCPU per hour")), dec("33.98296"));
        assert_eq!(cost(comp(r, "Windows OS license")), dec("33.58"));
    }

    #[test]
    fn capacity_providers_split_spot() {
        let b = run(
            &[
                td(json!({"cpu": "256", "memory": "512"})),
                svc(
                    "us-east-1",
                    json!({"desired_count": 6, "capacity_provider_strategy": [
                        {"capacity_provider": "FARGATE", "base": 2, "weight": 1},
                        {"capacity_provider": "FARGATE_SPOT", "weight": 3}
                    ]}),
                ),
            ],
            "",
        );
        let r = resource(&b, "aws_ecs_service.app");
        // 2 base on FARGATE, then 4 split 1:3: 1 more on-demand, 3 spot.
        // 3 x 0.5 GB x 730 x 0.004445 = 4.867275; 3 x 0.25 vCPU x 730 x 0.04048 = 22.1628
        assert_eq!(cost(comp(r, "Per GB per hour")), dec("4.867275"));
        assert_eq!(cost(comp(r, "Per vCPU per hour")), dec("22.1628"));
        let s = comp(r, "Per vCPU per hour (spot)");
        assert_eq!(s.price_not_found_reason.as_deref(), Some("the price catalog has no Fargate Spot prices"));
    }

    #[test]
    fn ec2_services_have_no_cost_and_unknowns_say_so() {
        let b = run(&[td(json!({"cpu": "256", "memory": "512"})), svc("us-east-1", json!({"desired_count": 3}))], "");
        // Services on EC2 cost nothing themselves (their instances are priced): free.
        let free = |b: &crate::json::Breakdown| b.resources.is_empty() && b.free_resources.iter().any(|f| f.name == "aws_ecs_service.app");
        assert!(free(&b));
        let b = run(&[svc("us-east-1", json!({"launch_type": "EC2", "desired_count": 3}))], "");
        assert!(free(&b));

        let b = run(&[td(json!({"cpu": null, "memory": "512"})), svc("us-east-1", json!({"launch_type": "FARGATE", "desired_count": 1}))], "");
        let r = resource(&b, "aws_ecs_service.app");
        assert_eq!(comp(r, "Per vCPU per hour").price_not_found_reason.as_deref(), Some("the task definition's cpu is not known until apply"));
        assert!(!comp(r, "Per GB per hour").price_not_found);

        let b = run(&[input("aws_ecs_service.app", "us-east-1", json!({"launch_type": "FARGATE", "task_definition": "app:3"}), &[])], "");
        let r = resource(&b, "aws_ecs_service.app");
        assert_eq!(comp(r, "Per vCPU per hour").price_not_found_reason.as_deref(), Some("the task definition is not in the configuration"));

        // No desired_count: ECS's default of 0 tasks.
        let b = run(&[td(json!({"cpu": "256", "memory": "512"})), svc("us-east-1", json!({"launch_type": "FARGATE"}))], "");
        assert_eq!(resource(&b, "aws_ecs_service.app").monthly_cost, Some(dec("0")));

        let b = run(&[td(json!({"cpu": "256", "memory": "512"})), svc("cn-north-1", json!({"launch_type": "FARGATE", "desired_count": 1}))], "");
        assert!(resource(&b, "aws_ecs_service.app").cost_components.iter().all(|c| c.price_not_found));
    }

    #[test]
    fn cpu_and_memory_strings() {
        assert_eq!(parse_cpu(&json!("256")), Some(dec("0.25")));
        assert_eq!(parse_cpu(&json!("0.5 vCPU")), Some(dec("0.5")));
        assert_eq!(parse_cpu(&json!(4096)), Some(dec("4")));
        assert_eq!(parse_memory(&json!("512")), Some(dec("0.5")));
        assert_eq!(parse_memory(&json!("8GB")), Some(dec("8")));
        assert_eq!(parse_memory(&json!("2 gb")), Some(dec("2")));
        assert_eq!(parse_memory(&json!("lots")), None);
    }
}
