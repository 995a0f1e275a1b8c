//! `aws_instance`: an EC2 instance.
//!
//! Prices: compute hours for the instance type (Linux/UNIX, shared tenancy; on-demand, or
//! spot with `instance_market_options { market_type = "spot" }`), the root volume (8 GB gp2
//! when not configured, EC2's default for most AMIs) and each `ebs_block_device`, and
//! detailed monitoring (`monitoring = true`: 7 metrics at CloudWatch's metric price).
//!
//! Assumptions: the instance runs all month (730 hours). `tenancy = "host"` instances cost
//! nothing here (the dedicated host is billed). T-family instances in unlimited mode may
//! add CPU credit charges; the catalog has no CPU credit price, so they are shown as
//! usage-based and not priced when `monthly_cpu_credit_hrs` is given.
//!
//! Usage keys: `operating_system` (linux, windows, rhel, suse; default linux),
//! `monthly_cpu_credit_hrs` (vCPU-hours above baseline), `vcpu_count`,
//! `monthly_standard_io_requests` (magnetic volumes).

use rust_decimal::Decimal;

use super::common::{block_device, compute_hours, DEFAULT_ROOT_GB};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &["operating_system", "monthly_cpu_credit_hrs", "vcpu_count", "monthly_standard_io_requests"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let Some(instance_type) = a.str("instance_type") else {
        out.components.push(CostComponent::not_found("Instance usage", "hours", "instance_type is not known until apply"));
        return;
    };
    let tenancy = a.str("tenancy").unwrap_or("default");
    if tenancy != "host" {
        let os = ctx.usage.str("operating_system").unwrap_or("linux").to_ascii_lowercase();
        let spot = a.str("instance_market_options.market_type") == Some("spot");
        out.components.push(compute_hours(ctx, region, instance_type, &os, tenancy, spot, Decimal::ONE));
    }
    if a.bool("monitoring") == Some(true) {
        out.components.push(ctx.monthly(
            "EC2 detailed monitoring",
            "metrics",
            Decimal::from(7),
            &Query::new("cloudwatch", region, "custom_metric").family("metrics"),
        ));
    }
    let cpu_credits = a.str("credit_specification.cpu_credits");
    let t_family = instance_type.starts_with("t3") || instance_type.starts_with("t4g") || (instance_type.starts_with("t2") && cpu_credits == Some("unlimited"));
    if t_family && cpu_credits != Some("standard") {
        if let Some(hrs) = ctx.usage.num("monthly_cpu_credit_hrs") {
            let mut c = CostComponent::not_found("CPU credits", "vCPU-hours", "the price catalog has no CPU credit prices");
            c.usage_based = true;
            c.monthly_quantity = Some(hrs);
            out.components.push(c);
        }
    }
    let root = a.blocks("root_block_device").into_iter().next();
    if let Some(s) = block_device(ctx, region, "root_block_device", root, Some(DEFAULT_ROOT_GB)) {
        out.subresources.push(s);
    }
    for (i, dev) in a.blocks("ebs_block_device").into_iter().enumerate() {
        if let Some(s) = block_device(ctx, region, &format!("ebs_block_device[{i}]"), Some(dev), None) {
            out.subresources.push(s);
        }
    }
}
