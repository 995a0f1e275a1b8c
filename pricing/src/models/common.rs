//! Pieces several cost models share: EBS volumes (instances' block devices, volumes,
//! launch templates) and EC2 compute hours (instances, autoscaling groups, node groups).

use rust_decimal::Decimal;

use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::Attrs;

/// The size EC2 gives a root volume when the configuration does not say (most AMIs).
pub const DEFAULT_ROOT_GB: i64 = 8;

/// The components of one EBS volume of `size_gb` GB: storage, provisioned IOPS (io1/io2,
/// and gp3 above its 3,000 baseline), gp3 throughput above 125 MiB/s, and I/O requests
/// for magnetic `standard` volumes (usage key `monthly_standard_io_requests`).
pub fn ebs_volume(ctx: &Ctx, region: &str, volume_type: &str, size_gb: Decimal, iops: Option<Decimal>, throughput: Option<Decimal>) -> Vec<CostComponent> {
    let label = match volume_type {
        "gp2" => "general purpose SSD, gp2",
        "gp3" => "general purpose SSD, gp3",
        "io1" => "provisioned IOPS SSD, io1",
        "io2" => "provisioned IOPS SSD, io2",
        "st1" => "throughput optimised HDD, st1",
        "sc1" => "cold HDD, sc1",
        "standard" => "magnetic, standard",
        other => other,
    };
    let mut out = vec![ctx.monthly(
        format!("Storage ({label})"),
        "GB",
        size_gb,
        &Query::new("ebs", region, volume_type).family("storage"),
    )];
    match volume_type {
        "io1" | "io2" => {
            let iops = iops.unwrap_or_default();
            out.extend(ctx.tiered("Provisioned IOPS", "IOPS", Some(iops), &Query::new("ebs", region, volume_type).family("iops"), &|r| {
                tier_label(r, "IOPS")
            }).into_iter().map(not_usage));
        }
        "gp3" => {
            if let Some(iops) = iops.filter(|i| *i > Decimal::from(3000)) {
                out.extend(ctx.tiered("Provisioned IOPS", "IOPS", Some(iops), &Query::new("ebs", region, "gp3").family("iops"), &|_| "above 3000".into()).into_iter().map(not_usage));
            }
            if let Some(tp) = throughput.filter(|t| *t > Decimal::from(125)) {
                out.extend(ctx.tiered("Provisioned throughput", "MiBps", Some(tp), &Query::new("ebs", region, "gp3").family("throughput"), &|_| "above 125".into()).into_iter().map(not_usage));
            }
        }
        "standard" => {
            let q = ctx.usage.num("monthly_standard_io_requests");
            out.push(ctx.usage("I/O requests", "1M request", q, &Query::new("ebs", region, "standard").family("io_requests")).per("1M request", Decimal::from(1_000_000)));
        }
        _ => {}
    }
    out
}

/// Tiered pieces that come from the configuration, not from usage.
fn not_usage(mut c: CostComponent) -> CostComponent {
    c.usage_based = false;
    c
}

/// "first 32000 IOPS", "32000-64000 IOPS", "over 64000 IOPS".
pub fn tier_label(r: &crate::catalog::PriceRow, unit: &str) -> String {
    match (r.tier_start, r.tier_end) {
        (Some(s), Some(e)) if s.is_zero() => format!("first {e} {unit}"),
        (Some(s), Some(e)) => format!("{s}-{e} {unit}"),
        (Some(s), None) => format!("over {s} {unit}"),
        _ => String::new(),
    }
}

/// A block device (`root_block_device`, `ebs_block_device`, a launch template's
/// `block_device_mappings.ebs`) as a sub-resource named `name`.
pub fn block_device(ctx: &Ctx, region: &str, name: &str, dev: Option<Attrs>, default_gb: Option<i64>) -> Option<PricedResource> {
    let size = dev.and_then(|d| d.num("volume_size")).or(default_gb.map(Decimal::from))?;
    let vt = dev.and_then(|d| d.str("volume_type")).unwrap_or("gp2");
    let iops = dev.and_then(|d| d.num("iops"));
    let tp = dev.and_then(|d| d.num("throughput"));
    Some(PricedResource {
        name: name.to_string(),
        components: ebs_volume(ctx, region, vt, size, iops, tp),
        ..Default::default()
    })
}

/// EC2 instance hours for `instance_type`: Linux/UNIX on-demand or spot, shared tenancy.
/// Other operating systems and dedicated tenancy are reported as not priced: the catalog
/// has Linux shared-tenancy prices only.
pub fn compute_hours(ctx: &Ctx, region: &str, instance_type: &str, os: &str, tenancy: &str, spot: bool, count: Decimal) -> CostComponent {
    let purchase = if spot { "spot" } else { "on-demand" };
    let os_label = match os {
        "linux" => "Linux/UNIX",
        "windows" => "Windows",
        "rhel" => "RHEL",
        "suse" => "SUSE",
        other => other,
    };
    let name = format!("Instance usage ({os_label}, {purchase}, {instance_type})");
    if os != "linux" {
        return CostComponent::not_found(name, "hours", format!("the price catalog has Linux instance prices only, not {os_label}"));
    }
    if tenancy == "dedicated" {
        return CostComponent::not_found(name, "hours", "the price catalog has shared-tenancy instance prices only, not dedicated");
    }
    let q = Query::new("ec2", region, instance_type).family("compute_instance").attr("os", "Linux");
    let q = if spot { q.purchase("spot") } else { q.attr("tenancy", "Shared") };
    ctx.hourly(name, "hours", count, &q)
}
