//! Pieces the compute and container models share: finding the resources a resource refers
//! to (an autoscaling group's launch template, an ECS service's task definition), and
//! pricing a group of identical instances described by a launch template or a launch
//! configuration (autoscaling groups and EKS node groups), the way infracost shows them: a
//! sub-resource named after the template, its quantities multiplied by the instance count.

use rust_decimal::Decimal;

use super::common::{block_device, compute_hours};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::{Attrs, ResourceInput};

/// The resources of type `resource_type` that `r` refers to, found through its references
/// (tried as written, then inside `r`'s own module). Instances of a resource with `count`
/// or `for_each` come in key order, as the plan lists them.
pub fn referenced<'r>(r: &ResourceInput, ctx: &Ctx<'_, 'r>, resource_type: &str) -> Vec<&'r ResourceInput> {
    let module = r.module();
    let mut out: Vec<&'r ResourceInput> = Vec::new();
    for addr in &r.references {
        let mut found = (ctx.resources)(addr);
        if found.is_empty() && !module.is_empty() && !addr.starts_with("module.") {
            found = (ctx.resources)(&format!("{module}.{addr}"));
        }
        for f in found {
            if f.resource_type == resource_type && !out.iter().any(|o| o.address == f.address) {
                out.push(f);
            }
        }
    }
    out
}

/// The referenced resource of `resource_type` that a `{ id, name }` pair designates: the one
/// whose known `id` or `name` matches, else the first one referred to (ids are not known
/// until apply, so a reference usually cannot be matched by value).
pub fn pick<'r>(candidates: &[&'r ResourceInput], id: Option<&str>, name: Option<&str>) -> Option<&'r ResourceInput> {
    let matches = |c: &&&'r ResourceInput| {
        let a = c.attrs();
        (id.is_some() && a.str("id") == id) || (name.is_some() && a.str("name") == name)
    };
    candidates.iter().find(matches).or(candidates.first()).copied()
}

/// A string attribute, unless null or empty (the state records unset optional strings as "").
pub fn text<'a>(a: Attrs<'a>, path: &str) -> Option<&'a str> {
    a.str(path).filter(|s| !s.is_empty())
}

/// Whether an attribute is set: not null, not an empty string, not an empty list.
pub fn set(a: Attrs, path: &str) -> bool {
    a.has(path) && a.str(path) != Some("")
}

/// Multiplies every quantity of a priced resource (and its sub-resources) by `k`.
pub fn scale(r: &mut PricedResource, k: Decimal) {
    for c in &mut r.components {
        scale_component(c, k);
    }
    for s in &mut r.subresources {
        scale(s, k);
    }
}

pub fn scale_component(c: &mut CostComponent, k: Decimal) {
    c.hourly_quantity = c.hourly_quantity.map(|q| q * k);
    c.monthly_quantity = c.monthly_quantity.map(|q| q * k);
}

/// How many instances of a group run on demand and how many on spot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub on_demand: Decimal,
    pub spot: Decimal,
}

impl Split {
    pub fn on_demand(n: Decimal) -> Split {
        Split { on_demand: n, spot: Decimal::ZERO }
    }
    pub fn spot(n: Decimal) -> Split {
        Split { on_demand: Decimal::ZERO, spot: n }
    }
    pub fn total(&self) -> Decimal {
        self.on_demand + self.spot
    }
}

/// One group of identical instances: the type, how they are bought, the operating system
/// (usage key `operating_system`), tenancy, detailed monitoring and T-family credit mode.
pub struct Group<'a> {
    pub instance_type: Option<&'a str>,
    /// Why the instance type is not known, when it is not.
    pub unknown_type: &'a str,
    pub split: Split,
    pub os: String,
    pub tenancy: &'a str,
    pub monitoring: bool,
}

/// The compute (and detailed monitoring) components of a group: one instance-hours line for
/// the on-demand instances and one for the spot ones, as infracost shows them.
pub fn group_components(ctx: &Ctx, region: &str, g: &Group) -> Vec<CostComponent> {
    let mut out = Vec::new();
    if g.tenancy != "host" {
        match g.instance_type {
            Some(t) => {
                if g.split.on_demand > Decimal::ZERO || g.split.spot.is_zero() {
                    out.push(compute_hours(ctx, region, t, &g.os, g.tenancy, false, g.split.on_demand));
                }
                if g.split.spot > Decimal::ZERO {
                    out.push(compute_hours(ctx, region, t, &g.os, g.tenancy, true, g.split.spot));
                }
            }
            None => out.push(CostComponent::not_found("Instance usage", "hours", g.unknown_type)),
        }
    }
    if g.monitoring {
        out.push(ctx.monthly(
            "EC2 detailed monitoring",
            "metrics",
            Decimal::from(7) * g.split.total(),
            &Query::new("cloudwatch", region, "custom_metric").family("metrics"),
        ));
    }
    out
}

/// The devices a root volume is attached as on the AMIs EC2 ships (Amazon Linux, Ubuntu,
/// Windows...): a block device mapping at one of these names replaces the AMI's root volume.
const ROOT_DEVICE_NAMES: &[&str] = &["/dev/xvda", "/dev/sda1", "/dev/sda", "xvda", "sda1"];

/// The volumes of one instance launched from a launch template: its `block_device_mappings`
/// with an `ebs` block, the root volume of `default_root_gb` gp2 unless a mapping replaces
/// it. Each is a sub-resource (`root_block_device`, `block_device_mapping[i]`).
pub fn launch_template_volumes(ctx: &Ctx, region: &str, lt: Attrs, default_root_gb: i64) -> Vec<PricedResource> {
    let mut out = Vec::new();
    let mut root_mapped = false;
    let mut others = Vec::new();
    for m in lt.blocks("block_device_mappings") {
        let Some(ebs) = m.blocks("ebs").into_iter().next() else { continue };
        if m.str("device_name").is_some_and(|d| ROOT_DEVICE_NAMES.contains(&d)) && !root_mapped {
            root_mapped = true;
            out.extend(block_device(ctx, region, "root_block_device", Some(ebs), Some(default_root_gb)));
        } else {
            others.push(ebs);
        }
    }
    if !root_mapped {
        out.extend(block_device(ctx, region, "root_block_device", None, Some(default_root_gb)));
    }
    for (i, ebs) in others.into_iter().enumerate() {
        out.extend(block_device(ctx, region, &format!("block_device_mapping[{i}]"), Some(ebs), None));
    }
    out
}

/// A launch template's instances as a sub-resource named after the template: `split`
/// instances of its type (or `type_override`, from a mixed instances policy or a node
/// group) running `os`, each with its volumes.
pub fn launch_template_group(
    ctx: &Ctx,
    region: &str,
    lt: &ResourceInput,
    type_override: Option<&str>,
    split: Split,
    default_root_gb: i64,
    os: &str,
) -> PricedResource {
    let a = lt.attrs();
    let g = Group {
        instance_type: type_override.or(a.str("instance_type")),
        unknown_type: "the launch template's instance_type is not known until apply",
        split,
        os: os.to_string(),
        tenancy: a.str("placement.tenancy").unwrap_or("default"),
        monitoring: a.bool("monitoring.enabled") == Some(true),
    };
    let mut res = PricedResource { name: lt.address.clone(), ..Default::default() };
    res.components = group_components(ctx, region, &g);
    for mut v in launch_template_volumes(ctx, region, a, default_root_gb) {
        scale(&mut v, split.total());
        res.subresources.push(v);
    }
    res
}

/// A launch configuration's instances as a sub-resource named after it: `count` instances
/// (spot when it sets `spot_price`), detailed monitoring unless `enable_monitoring = false`
/// (a launch configuration turns it on by default), the root volume and `ebs_block_device`s.
pub fn launch_configuration_group(ctx: &Ctx, region: &str, lc: &ResourceInput, count: Decimal) -> PricedResource {
    let a = lc.attrs();
    let spot = set(a, "spot_price");
    let g = Group {
        instance_type: a.str("instance_type"),
        unknown_type: "the launch configuration's instance_type is not known until apply",
        split: if spot { Split::spot(count) } else { Split::on_demand(count) },
        os: os(ctx),
        tenancy: a.str("placement_tenancy").unwrap_or("default"),
        monitoring: a.bool("enable_monitoring") != Some(false),
    };
    let mut res = PricedResource { name: lc.address.clone(), ..Default::default() };
    res.components = group_components(ctx, region, &g);
    let root = a.blocks("root_block_device").into_iter().next();
    let mut vols: Vec<PricedResource> = block_device(ctx, region, "root_block_device", root, Some(super::common::DEFAULT_ROOT_GB)).into_iter().collect();
    for (i, dev) in a.blocks("ebs_block_device").into_iter().enumerate() {
        vols.extend(block_device(ctx, region, &format!("ebs_block_device[{i}]"), Some(dev), None));
    }
    for mut v in vols {
        scale(&mut v, count);
        res.subresources.push(v);
    }
    res
}

/// The operating system from the usage key `operating_system` (default linux).
pub fn os(ctx: &Ctx) -> String {
    ctx.usage.str("operating_system").unwrap_or("linux").to_ascii_lowercase()
}

/// Today as days since 1970-01-01 (UTC).
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the models' tests: price inputs through the whole pipeline and pick out
    //! resources and components of the breakdown by name.

    use rust_decimal::Decimal;

    use crate::catalog::Catalog;
    use crate::input::ResourceInput;
    use crate::json::{Breakdown, Component, Resource};
    use crate::usage::Usage;

    pub fn dec(s: &str) -> Decimal {
        crate::catalog::parse_decimal(s).unwrap_or_else(|| panic!("bad decimal {s}"))
    }

    /// A resource input; `refs` are the addresses it refers to.
    pub fn input(address: &str, region: &str, values: serde_json::Value, refs: &[&str]) -> ResourceInput {
        let ty = crate::input::strip_keys(address).rsplit('.').nth(1).unwrap_or_default().to_string();
        let mut r = ResourceInput::new(address, ty, region, values);
        r.references = refs.iter().map(|s| s.to_string()).collect();
        r
    }

    /// Prices the inputs with a usage file's text (empty for none).
    pub fn run(inputs: &[ResourceInput], usage_yaml: &str) -> Breakdown {
        let usage = if usage_yaml.is_empty() { Usage::default() } else { Usage::parse(usage_yaml, "test.yml").unwrap() };
        crate::project::price_breakdown(inputs, &Catalog::embedded(), &usage)
    }

    pub fn resource<'b>(b: &'b Breakdown, name: &str) -> &'b Resource {
        b.resources.iter().find(|r| r.name == name).unwrap_or_else(|| {
            panic!("no resource {name} in {:?}", b.resources.iter().map(|r| &r.name).collect::<Vec<_>>())
        })
    }

    pub fn sub<'b>(r: &'b Resource, name: &str) -> &'b Resource {
        r.subresources.iter().find(|s| s.name == name).unwrap_or_else(|| {
            panic!("no sub-resource {name} in {:?}", r.subresources.iter().map(|s| &s.name).collect::<Vec<_>>())
        })
    }

    pub fn comp<'b>(r: &'b Resource, name: &str) -> &'b Component {
        r.cost_components.iter().find(|c| c.name == name).unwrap_or_else(|| {
            panic!("no component {name:?} in {:?}", r.cost_components.iter().map(|c| &c.name).collect::<Vec<_>>())
        })
    }

    pub fn names(r: &Resource) -> Vec<&str> {
        r.cost_components.iter().map(|c| c.name.as_str()).collect()
    }

    /// The component's monthly cost, which must be priced.
    pub fn cost(c: &Component) -> Decimal {
        assert!(!c.price_not_found, "{} has no price: {:?}", c.name, c.price_not_found_reason);
        c.monthly_cost.unwrap_or_else(|| panic!("{} has no monthly cost", c.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29) + 1, days_from_civil(2024, 3, 1));
        assert!(today() > days_from_civil(2024, 1, 1));
    }

    #[test]
    fn picks_by_known_id_or_name_else_first() {
        let a = ResourceInput::new("aws_launch_template.a", "aws_launch_template", "us-east-1", serde_json::json!({"name": "a"}));
        let b = ResourceInput::new("aws_launch_template.b", "aws_launch_template", "us-east-1", serde_json::json!({"name": "b", "id": "lt-b"}));
        let c = [&a, &b];
        assert_eq!(pick(&c, None, Some("b")).map(|r| r.address.as_str()), Some("aws_launch_template.b"));
        assert_eq!(pick(&c, Some("lt-b"), None).map(|r| r.address.as_str()), Some("aws_launch_template.b"));
        assert_eq!(pick(&c, None, None).map(|r| r.address.as_str()), Some("aws_launch_template.a"));
        assert!(pick(&[], None, None).is_none());
    }
}
