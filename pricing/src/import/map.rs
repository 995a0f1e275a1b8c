//! From an AWS Price List product and price to a catalog row.
//!
//! Mapping runs in two steps, so that the JSON reader can drop products it will never
//! import before reading the terms: [`classify`] looks at a product's attributes only and
//! names the catalog row it prices (service, region, product family, resource,
//! attributes, unit), or the reason it is skipped; [`price`] then reads one price
//! dimension of an on-demand term (unit, price, range, currency) into that row.
//!
//! Attribute names are compared in a normal form (lower case, letters and digits only),
//! so the CSV header `Instance Type` and the JSON key `instanceType` are both
//! `instancetype`.

use std::fmt;

use rust_decimal::Decimal;

use super::locations;
use crate::catalog::{parse_decimal, PriceRow};

/// A product's attributes, by normalised name; "" when absent.
pub trait Attrs {
    fn get(&self, key: &str) -> &str;
}

impl Attrs for std::collections::HashMap<String, String> {
    fn get(&self, key: &str) -> &str {
        self.get(key).map_or("", |v| v.trim())
    }
}

/// `Instance Type`, `instanceType` -> `instancetype`.
pub fn normalise_key(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// Why a price is not imported. `reason` groups the summary's counts; `detail` names the
/// value that caused it (a product family, an operating system...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub reason: &'static str,
    pub detail: String,
}

fn skip(reason: &'static str, detail: impl Into<String>) -> Skip {
    Skip { reason, detail: detail.into() }
}

pub const RESERVED: &str = "reserved terms";

/// The catalog row a product's prices go to.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub service: &'static str,
    pub region: String,
    pub family: &'static str,
    pub resource: String,
    pub attrs: Vec<(String, String)>,
    /// The catalog's unit.
    pub unit: &'static str,
    /// The offer units accepted (lower case), each with the divisor that turns a price
    /// per offer unit into a price per catalog unit (GiBps-mo -> MiBps-Mo is 1024).
    pub units: &'static [(&'static str, u32)],
    /// Tier bounds the catalog uses for this price whatever the file's range says (the
    /// part of gp3 IOPS above the included 3,000, the io2 IOPS tiers).
    pub tiers: Option<(Decimal, Option<Decimal>)>,
}

/// One price dimension of an on-demand term.
#[derive(Debug, Clone, Copy)]
pub struct Dimension<'a> {
    pub unit: &'a str,
    pub price: &'a str,
    pub currency: &'a str,
    pub begin: &'a str,
    pub end: &'a str,
    pub effective_date: &'a str,
}

/// A value in a price dimension that cannot be read: what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub what: String,
    pub fix: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.what)
    }
}

const HOURS: &[(&str, u32)] = &[("hrs", 1), ("hours", 1), ("hour", 1), ("hr", 1)];
const GB_MO: &[(&str, u32)] = &[("gb-mo", 1), ("gb-month", 1)];
const GB: &[(&str, u32)] = &[("gb", 1)];
const REQUESTS: &[(&str, u32)] = &[("requests", 1), ("request", 1)];
const GB_SECONDS: &[(&str, u32)] = &[("lambda-gb-second", 1), ("gb-second", 1), ("gb-seconds", 1), ("lambda-gb-seconds", 1)];
const IOPS_MO: &[(&str, u32)] = &[("iops-mo", 1)];
const MIBPS_MO: &[(&str, u32)] = &[("gibps-mo", 1024), ("mibps-mo", 1)];
const IOS: &[(&str, u32)] = &[("ios", 1), ("io", 1)];
const TAG_MO: &[(&str, u32)] = &[("tag-mo", 1)];
const VCPU_HOURS: &[(&str, u32)] = &[("hours", 1), ("hrs", 1), ("vcpu-hours", 1), ("vcpu-hour", 1)];
const GB_HOURS: &[(&str, u32)] = &[("hours", 1), ("hrs", 1), ("gb-hours", 1), ("gb-hour", 1)];
const LCU_HOURS: &[(&str, u32)] = &[("lcu-hrs", 1), ("lcu-hours", 1), ("hrs", 1)];
const NLCU_HOURS: &[(&str, u32)] = &[("nlcu-hrs", 1), ("lcu-hrs", 1), ("nlcu-hours", 1), ("hrs", 1)];

/// Names the catalog row a product prices. `offer` is the file's offer code, used when
/// the product has no `serviceCode` of its own.
pub fn classify(offer: &str, a: &dyn Attrs) -> Result<Target, Skip> {
    let service_code = Some(a.get("servicecode")).filter(|s| !s.is_empty()).unwrap_or(offer);
    let family = a.get("productfamily");
    match service_code {
        "AmazonEC2" => ec2(family, a),
        "AmazonRDS" => rds(family, a),
        "AWSLambda" => lambda(family, a),
        "AmazonECS" => fargate(family, a),
        "AmazonS3" => s3(family, a),
        "AWSELB" => elb(family, a),
        "" => Err(skip("rows without a service code", "")),
        other => Err(skip("offers not imported", other)),
    }
}

/// Reads one price dimension into the target's row. The row's `effective_date` is the
/// file's text; the caller normalises dates once it has seen the whole file.
pub fn price(t: &Target, d: &Dimension, source: &str) -> Result<Result<PriceRow, Skip>, Problem> {
    let currency = d.currency.trim();
    if !currency.is_empty() && !currency.eq_ignore_ascii_case("USD") {
        return Ok(Err(skip("prices not in USD", currency)));
    }
    let unit = d.unit.trim().to_ascii_lowercase();
    let Some(&(_, divisor)) = t.units.iter().find(|(u, _)| *u == unit) else {
        return Ok(Err(skip("unexpected units", format!("{} for {} {}", d.unit.trim(), t.service, t.resource))));
    };
    let usd = parse_decimal(d.price).filter(|p| !p.is_sign_negative()).ok_or_else(|| Problem {
        what: format!("PricePerUnit {:?} is not a price", d.price.trim()),
        fix: "A price is a non-negative decimal number such as 0.0116 or 1.16E-2. If a spreadsheet re-saved the file with \
              a decimal comma or a currency sign, export it again as CSV with a decimal point, or download the offer \
              file from AWS again."
            .into(),
    })?;
    let usd = if divisor == 1 { usd } else { (usd / Decimal::from(divisor)).normalize() };
    let (tier_start, tier_end) = match t.tiers {
        Some((s, e)) => (Some(s), e),
        None => range(d.begin, d.end)?,
    };
    Ok(Ok(PriceRow {
        service: t.service.to_string(),
        region: t.region.clone(),
        product_family: t.family.to_string(),
        resource: t.resource.clone(),
        attributes: t.attrs.clone(),
        unit: t.unit.to_string(),
        usd,
        tier_start,
        tier_end,
        purchase_option: "on_demand".into(),
        effective_date: d.effective_date.trim().to_string(),
        source: source.to_string(),
    }))
}

/// A price's range: none when it covers all usage (0 to Inf, or no range at all), else
/// the tier's bounds (`Inf` is no upper bound).
fn range(begin: &str, end: &str) -> Result<(Option<Decimal>, Option<Decimal>), Problem> {
    let (begin, end) = (begin.trim(), end.trim());
    let bad = |col: &str, v: &str| Problem {
        what: format!("{col} {v:?} is not a number"),
        fix: "StartingRange and EndingRange bound a price tier in the unit's quantity per month: a number, or Inf for \
              no upper bound. Correct the cell or download the offer file from AWS again."
            .into(),
    };
    let start = if begin.is_empty() { None } else { Some(parse_decimal(begin).ok_or_else(|| bad("StartingRange", begin))?) };
    let stop = if end.is_empty() || end.eq_ignore_ascii_case("inf") {
        None
    } else {
        Some(parse_decimal(end).ok_or_else(|| bad("EndingRange", end))?)
    };
    if let (Some(s), Some(e)) = (start, stop) {
        if e < s {
            return Err(Problem {
                what: format!("EndingRange {end} is below StartingRange {begin}"),
                fix: "A tier ends above where it starts. Correct the range or download the offer file from AWS again.".into(),
            });
        }
    }
    Ok(match (start, stop) {
        (s, None) if s.unwrap_or_default().is_zero() => (None, None),
        (s, e) => (Some(s.unwrap_or_default()), e),
    })
}

/// The region of a product: `Region Code` when the file has it, else the location name.
/// Local Zone and Wavelength rows keep their own codes and say so in `location_type`.
fn region(a: &dyn Attrs) -> Result<(String, Vec<(String, String)>), Skip> {
    let location_type = a.get("locationtype");
    if location_type.to_ascii_lowercase().contains("outpost") {
        return Err(skip("Outposts", ""));
    }
    let code = a.get("regioncode");
    let location = a.get("location");
    let region = if !code.is_empty() {
        code.to_string()
    } else if let Some(c) = locations::region_code(location) {
        c.to_string()
    } else if location.eq_ignore_ascii_case("any") || (location.is_empty() && location_type.is_empty()) {
        // Free-tier allowances and global items (location `Any`).
        return Err(skip("prices for no region", location));
    } else {
        return Err(skip("unknown locations", if location.is_empty() { location_type } else { location }));
    };
    if !region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(skip("unknown locations", region));
    }
    let mut extra = Vec::new();
    if !location_type.is_empty() && location_type != "AWS Region" {
        extra.push(attr("location_type", location_type));
    }
    Ok((region, extra))
}

/// A catalog attribute; `;` and `=` in the value become `,` and `:` as in the embedded catalog.
fn attr(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.trim().replace(';', ",").replace('=', ":"))
}

/// A usage type without its region prefixes: `EU-Requests-Tier1` -> `Requests-Tier1`,
/// `USE1-BOS1-BoxUsage:t3.micro` -> `BoxUsage:t3.micro`. US East (N. Virginia) has none.
fn usage_kind(usagetype: &str) -> &str {
    let mut rest = usagetype.trim();
    while let Some((head, tail)) = rest.split_once('-') {
        let prefix = (2..=5).contains(&head.len()) && head.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !prefix || tail.is_empty() {
            break;
        }
        rest = tail;
    }
    rest
}

fn target(
    service: &'static str,
    a: &dyn Attrs,
    family: &'static str,
    resource: impl Into<String>,
    unit: &'static str,
    units: &'static [(&'static str, u32)],
) -> Result<Target, Skip> {
    let (region, attrs) = region(a)?;
    Ok(Target { service, region, family, resource: resource.into(), attrs, unit, units, tiers: None })
}

fn with_attrs(mut t: Target, mut attrs: Vec<(String, String)>) -> Target {
    attrs.append(&mut t.attrs);
    t.attrs = attrs;
    t
}

fn not_imported(family: &str) -> Skip {
    skip("product families not imported", if family.is_empty() { "(none)" } else { family })
}

// ---- AmazonEC2: instances, EBS, NAT gateways ----

fn ec2(family: &str, a: &dyn Attrs) -> Result<Target, Skip> {
    match family {
        "Compute Instance" | "Compute Instance (bare metal)" => ec2_instance(a),
        "Storage" => ebs_storage(a),
        "System Operation" => ebs_operation(a),
        "Provisioned Throughput" => ebs_throughput(a),
        "Storage Snapshot" => ebs_snapshot(a),
        "NAT Gateway" => nat_gateway(a),
        f => Err(not_imported(f)),
    }
}

fn ec2_instance(a: &dyn Attrs) -> Result<Target, Skip> {
    // Where first: rows for an unknown place or an Outpost are counted as such.
    region(a)?;
    let tenancy = a.get("tenancy");
    if tenancy != "Shared" {
        return Err(skip("dedicated or host tenancy", if tenancy.is_empty() { "(none)" } else { tenancy }));
    }
    let capacity = a.get("capacitystatus");
    if !capacity.is_empty() && capacity != "Used" {
        return Err(skip("capacity reservation rows", capacity));
    }
    let software = a.get("preinstalledsw");
    if !software.is_empty() && software != "NA" {
        return Err(skip("pre-installed software", software));
    }
    let market = a.get("marketoption");
    if !market.is_empty() && market != "OnDemand" {
        return Err(skip("market options other than on-demand", market));
    }
    if a.get("licensemodel").eq_ignore_ascii_case("Bring your own license") {
        return Err(skip("bring-your-own-license rows", ""));
    }
    let os = a.get("operatingsystem");
    if os.is_empty() || os == "NA" {
        return Err(skip("unknown operating systems", if os.is_empty() { "(none)" } else { os }));
    }
    let instance_type = a.get("instancetype");
    if instance_type.is_empty() || instance_type.contains(char::is_whitespace) {
        return Err(skip("unknown instance types", instance_type));
    }
    let t = target("ec2", a, "compute_instance", instance_type, "hour", HOURS)?;
    Ok(with_attrs(t, vec![attr("os", os), attr("tenancy", "Shared")]))
}

const EBS_VOLUME_TYPES: &[&str] = &["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"];

fn ebs_storage(a: &dyn Attrs) -> Result<Target, Skip> {
    let kind = usage_kind(a.get("usagetype"));
    let api_name = a.get("volumeapiname");
    let from_usage = kind.strip_prefix("EBS:VolumeUsage").map(|s| match s.trim_start_matches('.') {
        "" => "standard",
        "piops" => "io1",
        other => other,
    });
    let volume_type = if api_name.is_empty() { from_usage } else { Some(api_name) };
    let Some(volume_type) = volume_type else {
        return Err(not_imported("Storage (not an EBS volume)"));
    };
    if !EBS_VOLUME_TYPES.contains(&volume_type) {
        return Err(skip("unknown volume types", volume_type));
    }
    target("ebs", a, "storage", volume_type, "GB-Mo", GB_MO)
}

fn ebs_operation(a: &dyn Attrs) -> Result<Target, Skip> {
    let kind = usage_kind(a.get("usagetype"));
    if kind.starts_with("EBS:VolumeIOUsage") {
        return target("ebs", a, "io_requests", "standard", "IO request", IOS);
    }
    let Some(which) = kind.strip_prefix("EBS:VolumeP-IOPS.") else {
        return Err(skip("EC2 usage types not imported", kind));
    };
    let n = |v: i64| Decimal::from(v);
    let (volume_type, tiers, note) = match which {
        "gp3" => ("gp3", Some((n(3000), None)), Some("billed above 3000 baseline IOPS")),
        "piops" | "io1" => ("io1", None, None),
        "io2" => ("io2", Some((n(0), Some(n(32000)))), None),
        "io2.tier2" => ("io2", Some((n(32000), Some(n(64000)))), None),
        "io2.tier3" => ("io2", Some((n(64000), None)), None),
        other => return Err(skip("unknown volume types", other)),
    };
    let mut t = target("ebs", a, "iops", volume_type, "IOPS-Mo", IOPS_MO)?;
    t.tiers = tiers;
    Ok(match note {
        Some(note) => with_attrs(t, vec![attr("note", note)]),
        None => t,
    })
}

fn ebs_throughput(a: &dyn Attrs) -> Result<Target, Skip> {
    let kind = usage_kind(a.get("usagetype"));
    if kind != "EBS:VolumeP-Throughput.gp3" {
        return Err(skip("EC2 usage types not imported", kind));
    }
    let mut t = target("ebs", a, "throughput", "gp3", "MiBps-Mo", MIBPS_MO)?;
    t.tiers = Some((Decimal::from(125), None));
    Ok(with_attrs(t, vec![attr("note", "billed above 125 MiB/s baseline")]))
}

fn ebs_snapshot(a: &dyn Attrs) -> Result<Target, Skip> {
    match usage_kind(a.get("usagetype")) {
        "EBS:SnapshotUsage" => target("ebs", a, "snapshot", "snapshot_standard", "GB-Mo", GB_MO),
        "EBS:SnapshotArchiveStorage" => target("ebs", a, "snapshot", "snapshot_archive", "GB-Mo", GB_MO),
        other => Err(skip("EC2 usage types not imported", other)),
    }
}

fn nat_gateway(a: &dyn Attrs) -> Result<Target, Skip> {
    match usage_kind(a.get("usagetype")) {
        "NatGateway-Hours" => target("nat_gateway", a, "nat_gateway", "nat_gateway", "hour", HOURS),
        "NatGateway-Bytes" => target("nat_gateway", a, "nat_gateway", "data_processed", "GB", GB),
        other => Err(skip("EC2 usage types not imported", other)),
    }
}

// ---- AmazonRDS: instances, storage, provisioned IOPS, backups ----

fn rds(family: &str, a: &dyn Attrs) -> Result<Target, Skip> {
    match family {
        "Database Instance" => rds_instance(a),
        "Database Storage" => rds_storage(a),
        "Provisioned IOPS" => rds_iops(a),
        "Storage Snapshot" => match usage_kind(a.get("usagetype")) {
            "RDS:ChargedBackupUsage" => {
                let t = target("rds", a, "storage", "backup_storage", "GB-Mo", GB_MO)?;
                Ok(with_attrs(t, vec![attr("note", "beyond free allocation")]))
            }
            other => Err(skip("RDS usage types not imported", other)),
        },
        f => Err(not_imported(f)),
    }
}

fn rds_engine(engine: &str) -> Option<&'static str> {
    Some(match engine {
        "MySQL" => "MySQL",
        "PostgreSQL" => "PostgreSQL",
        "MariaDB" => "MariaDB",
        "Oracle" => "Oracle",
        "SQL Server" => "SQL Server",
        "Aurora" | "Aurora MySQL" => "Aurora MySQL",
        "Aurora PostgreSQL" => "Aurora PostgreSQL",
        "Db2" | "IBM Db2" => "Db2",
        _ => return None,
    })
}

/// `Multi-AZ (SQL Server Mirror)` prices SQL Server's Multi-AZ; other options are kept as written.
fn rds_deployment(a: &dyn Attrs) -> Result<&str, Skip> {
    match a.get("deploymentoption") {
        "" => Err(skip("unknown deployment options", "(none)")),
        d => Ok(d),
    }
}

fn rds_instance(a: &dyn Attrs) -> Result<Target, Skip> {
    let raw_engine = a.get("databaseengine");
    let engine = rds_engine(raw_engine).ok_or_else(|| skip("unknown database engines", raw_engine))?;
    let deployment = rds_deployment(a)?;
    let class = a.get("instancetype");
    if !class.starts_with("db.") {
        return Err(skip("unknown instance classes", class));
    }
    let license = match a.get("licensemodel") {
        l if l.eq_ignore_ascii_case("Bring your own license") => "byol",
        _ => "included/NA",
    };
    let mut attrs = vec![attr("engine", engine), attr("deployment", deployment), attr("license", license)];
    let edition = a.get("databaseedition");
    if !edition.is_empty() {
        attrs.push(attr("edition", edition));
    }
    if a.get("storage").to_ascii_lowercase().contains("io optimization") {
        attrs.push(attr("storage", "io_optimized"));
    }
    let t = target("rds", a, "db_instance", class, "hour", HOURS)?;
    Ok(with_attrs(t, attrs))
}

fn rds_storage(a: &dyn Attrs) -> Result<Target, Skip> {
    let volume = a.get("volumetype");
    let resource = match volume {
        "General Purpose" => "gp2",
        "General Purpose-GP3" => "gp3",
        "Provisioned IOPS" => "io1",
        "Provisioned IOPS-IO2" => "io2",
        "Magnetic" => "magnetic",
        v if v.contains("Aurora") => return Err(skip("Aurora storage", v)),
        v => return Err(skip("unknown volume types", v)),
    };
    let deployment = rds_deployment(a)?;
    let t = target("rds", a, "storage", resource, "GB-Mo", GB_MO)?;
    Ok(with_attrs(t, vec![attr("deployment", deployment)]))
}

fn rds_iops(a: &dyn Attrs) -> Result<Target, Skip> {
    let kind = usage_kind(a.get("usagetype"));
    if !kind.starts_with("RDS:") || !kind.ends_with("PIOPS") || kind.contains("GP3") || kind.contains("IO2") {
        return Err(skip("RDS usage types not imported", kind));
    }
    let deployment = rds_deployment(a)?;
    let t = target("rds", a, "storage", "io1_iops", "IOPS-Mo", IOPS_MO)?;
    Ok(with_attrs(t, vec![attr("deployment", deployment)]))
}

// ---- AWSLambda ----

fn lambda(family: &str, a: &dyn Attrs) -> Result<Target, Skip> {
    if family != "Serverless" {
        return Err(not_imported(family));
    }
    let group = a.get("group");
    let (base, arch) = match group.strip_suffix("-ARM") {
        Some(base) => (base, "arm64"),
        None => (group, "x86_64"),
    };
    let (fam, resource, unit, units) = match base {
        "AWS-Lambda-Duration" => ("compute", format!("duration:{arch}"), "GB-second", GB_SECONDS),
        "AWS-Lambda-Requests" => ("requests", format!("requests:{arch}"), "request", REQUESTS),
        "AWS-Lambda-Duration-Provisioned" => ("provisioned_concurrency", format!("duration_provisioned:{arch}"), "GB-second", GB_SECONDS),
        "AWS-Lambda-Provisioned-Concurrency" => {
            ("provisioned_concurrency", format!("provisioned_concurrency:{arch}"), "GB-second", GB_SECONDS)
        }
        "AWS-Lambda-Storage-Duration" => ("ephemeral_storage", format!("ephemeral_storage:{arch}"), "GB-second", GB_SECONDS),
        "AWS-Lambda-Edge-Requests" => ("lambda_edge", "edge_requests".to_string(), "request", REQUESTS),
        "AWS-Lambda-Edge-Duration" => ("lambda_edge", "edge_duration".to_string(), "GB-second", GB_SECONDS),
        other => return Err(skip("Lambda usage groups not imported", other)),
    };
    target("lambda", a, fam, resource, unit, units)
}

// ---- AmazonECS: Fargate ----

fn fargate(family: &str, a: &dyn Attrs) -> Result<Target, Skip> {
    if family != "Compute" {
        return Err(not_imported(family));
    }
    let kind = usage_kind(a.get("usagetype"));
    if kind.contains("Spot") {
        return Err(skip("Fargate Spot", kind));
    }
    let kind = kind.split(':').next().unwrap_or_default();
    let (resource, unit, units) = match kind {
        "Fargate-vCPU-Hours" => ("vcpu:linux_x86_64", "vCPU-hour", VCPU_HOURS),
        "Fargate-GB-Hours" => ("memory:linux_x86_64", "GB-hour", GB_HOURS),
        "Fargate-ARM-vCPU-Hours" => ("vcpu:linux_arm64", "vCPU-hour", VCPU_HOURS),
        "Fargate-ARM-GB-Hours" => ("memory:linux_arm64", "GB-hour", GB_HOURS),
        "Fargate-Windows-vCPU-Hours" => ("vcpu:windows", "vCPU-hour", VCPU_HOURS),
        "Fargate-Windows-GB-Hours" => ("memory:windows", "GB-hour", GB_HOURS),
        "Fargate-Windows-OS-Hours" => ("windows_os_license", "vCPU-hour", VCPU_HOURS),
        "Fargate-EphemeralStorage-GB-Hours" => {
            let t = target("fargate", a, "fargate", "ephemeral_storage", "GB-hour", GB_HOURS)?;
            return Ok(with_attrs(t, vec![attr("note", "above 20 GB default")]));
        }
        other => return Err(skip("ECS usage types not imported", other)),
    };
    target("fargate", a, "fargate", resource, unit, units)
}

// ---- AmazonS3 ----

/// S3 storage classes by usage type (stable across the years) ...
const S3_STORAGE_USAGE: &[(&str, &str)] = &[
    ("TimedStorage-ByteHrs", "STANDARD"),
    ("TimedStorage-SIA-ByteHrs", "STANDARD_IA"),
    ("TimedStorage-ZIA-ByteHrs", "ONEZONE_IA"),
    ("TimedStorage-GlacierByteHrs", "GLACIER"),
    ("TimedStorage-GlacierStaging", "GLACIER_STAGING"),
    ("TimedStorage-GIR-ByteHrs", "GLACIER_IR"),
    ("TimedStorage-GDA-ByteHrs", "DEEP_ARCHIVE"),
    ("TimedStorage-RRS-ByteHrs", "REDUCED_REDUNDANCY"),
    ("TimedStorage-INT-FA-ByteHrs", "INTELLIGENT_TIERING_FREQUENT"),
    ("TimedStorage-INT-IA-ByteHrs", "INTELLIGENT_TIERING_INFREQUENT"),
    ("TimedStorage-INT-AIA-ByteHrs", "INTELLIGENT_TIERING_ARCHIVE_INSTANT"),
    ("TimedStorage-INT-AA-ByteHrs", "INTELLIGENT_TIERING_ARCHIVE"),
    ("TimedStorage-INT-DAA-ByteHrs", "INTELLIGENT_TIERING_DEEP_ARCHIVE"),
    ("TimedStorage-XZ-ByteHrs", "EXPRESS_ONEZONE"),
];

/// ... and by the names of `Volume Type`, for files whose usage types are unfamiliar.
const S3_STORAGE_NAMES: &[(&str, &str)] = &[
    ("Standard", "STANDARD"),
    ("Standard - Infrequent Access", "STANDARD_IA"),
    ("One Zone - Infrequent Access", "ONEZONE_IA"),
    ("Amazon Glacier", "GLACIER"),
    ("Glacier Flexible Retrieval", "GLACIER"),
    ("Glacier Instant Retrieval", "GLACIER_IR"),
    ("Glacier Deep Archive", "DEEP_ARCHIVE"),
    ("Reduced Redundancy", "REDUCED_REDUNDANCY"),
    ("Intelligent-Tiering Frequent Access", "INTELLIGENT_TIERING_FREQUENT"),
    ("Intelligent-Tiering Infrequent Access", "INTELLIGENT_TIERING_INFREQUENT"),
    ("Intelligent-Tiering Archive Instant Access", "INTELLIGENT_TIERING_ARCHIVE_INSTANT"),
];

/// S3 requests, retrievals and Select by usage type: (usage, family, resource, unit).
const S3_USAGE: &[(&str, &str, &str, &str)] = &[
    ("Requests-Tier1", "requests", "STANDARD:PUT_COPY_POST_LIST", "request"),
    ("Requests-Tier2", "requests", "STANDARD:GET_SELECT_OTHER", "request"),
    ("Requests-SIA-Tier1", "requests", "PUT:STANDARD_IA", "request"),
    ("Requests-SIA-Tier2", "requests", "GET:STANDARD_IA", "request"),
    ("Requests-ZIA-Tier1", "requests", "PUT:ONEZONE_IA", "request"),
    ("Requests-ZIA-Tier2", "requests", "GET:ONEZONE_IA", "request"),
    ("Retrieval-SIA", "retrieval", "RETRIEVAL:STANDARD_IA", "GB"),
    ("Retrieval-ZIA", "retrieval", "RETRIEVAL:ONEZONE_IA", "GB"),
    ("Select-Scanned-Bytes", "select", "SELECT_SCANNED:STANDARD", "GB"),
    ("Select-Returned-Bytes", "select", "SELECT_RETURNED:STANDARD", "GB"),
    ("Select-Scanned-SIA-Bytes", "select", "SELECT_SCANNED:STANDARD_IA", "GB"),
    ("Select-Returned-SIA-Bytes", "select", "SELECT_RETURNED:STANDARD_IA", "GB"),
    ("Select-Scanned-ZIA-Bytes", "select", "SELECT_SCANNED:ONEZONE_IA", "GB"),
    ("Select-Returned-ZIA-Bytes", "select", "SELECT_RETURNED:ONEZONE_IA", "GB"),
];

fn s3(family: &str, a: &dyn Attrs) -> Result<Target, Skip> {
    let kind = usage_kind(a.get("usagetype"));
    match family {
        "Storage" => {
            let volume = a.get("volumetype");
            if volume == "Tags" || kind == "TagStorage-TagHrs" {
                return target("s3", a, "tags", "OBJECT_TAGS", "tag-Mo", TAG_MO);
            }
            let class = S3_STORAGE_USAGE
                .iter()
                .find(|(u, _)| *u == kind)
                .or_else(|| S3_STORAGE_NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(volume)))
                .map(|(_, c)| *c)
                .ok_or_else(|| skip("unknown storage classes", if volume.is_empty() { kind } else { volume }))?;
            target("s3", a, "storage", class, "GB-Mo", GB_MO)
        }
        "API Request" | "Fee" => match S3_USAGE.iter().find(|(u, ..)| *u == kind) {
            Some((_, fam, resource, "request")) => target("s3", a, fam, *resource, "request", REQUESTS),
            Some((_, fam, resource, _)) => target("s3", a, fam, *resource, "GB", GB),
            None => Err(skip("S3 usage types not imported", kind)),
        },
        f => Err(not_imported(f)),
    }
}

// ---- AWSELB ----

fn elb(family: &str, a: &dyn Attrs) -> Result<Target, Skip> {
    let kind = usage_kind(a.get("usagetype"));
    let lb = match family {
        "Load Balancer-Application" => "application",
        "Load Balancer-Network" => "network",
        "Load Balancer" => "classic",
        f => return Err(not_imported(f)),
    };
    match (lb, kind) {
        (_, "LoadBalancerUsage") => target("elb", a, "load_balancer", format!("{lb}_load_balancer"), "hour", HOURS),
        ("application", "LCUUsage") => target("elb", a, "lcu", "application_load_balancer_lcu", "LCU-hour", LCU_HOURS),
        ("network", "LCUUsage") => target("elb", a, "lcu", "network_load_balancer_nlcu", "NLCU-hour", NLCU_HOURS),
        ("classic", "DataProcessing-Bytes") => target("elb", a, "data_processed", "classic_load_balancer_data", "GB", GB),
        _ => Err(skip("ELB usage types not imported", kind)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::str::FromStr;

    fn attrs(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (normalise_key(k), v.to_string())).collect()
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn dim<'a>(unit: &'a str, price: &'a str) -> Dimension<'a> {
        Dimension { unit, price, currency: "USD", begin: "0", end: "Inf", effective_date: "2024-01-01" }
    }

    const LINUX: &[(&str, &str)] = &[
        ("serviceCode", "AmazonEC2"),
        ("Product Family", "Compute Instance"),
        ("Location", "EU (Ireland)"),
        ("Location Type", "AWS Region"),
        ("Instance Type", "m5.large"),
        ("Tenancy", "Shared"),
        ("Operating System", "Linux"),
        ("License Model", "No License required"),
        ("CapacityStatus", "Used"),
        ("Pre Installed S/W", "NA"),
        ("usageType", "EU-BoxUsage:m5.large"),
    ];

    fn with(base: &[(&str, &str)], changes: &[(&str, &str)]) -> HashMap<String, String> {
        let mut a = attrs(base);
        a.extend(attrs(changes));
        a
    }

    #[test]
    fn ec2_linux_shared_on_demand() {
        let t = classify("", &attrs(LINUX)).unwrap();
        assert_eq!(
            (t.service, t.region.as_str(), t.family, t.resource.as_str(), t.unit),
            ("ec2", "eu-west-1", "compute_instance", "m5.large", "hour")
        );
        assert_eq!(t.attrs, vec![("os".into(), "Linux".into()), ("tenancy".into(), "Shared".into())]);
        let row = price(&t, &dim("Hrs", "0.1070000000"), "import:x").unwrap().unwrap();
        assert_eq!(row.usd, dec("0.107"));
        assert_eq!((row.tier_start, row.tier_end), (None, None), "0 to Inf is not a tier");
    }

    #[test]
    fn ec2_rows_the_models_cannot_use_are_skipped_with_a_reason() {
        let reason = |changes: &[(&str, &str)]| classify("", &with(LINUX, changes)).unwrap_err().reason;
        assert_eq!(reason(&[("Tenancy", "Dedicated")]), "dedicated or host tenancy");
        assert_eq!(reason(&[("CapacityStatus", "UnusedCapacityReservation")]), "capacity reservation rows");
        assert_eq!(reason(&[("Pre Installed S/W", "SQL Web")]), "pre-installed software");
        assert_eq!(reason(&[("Operating System", "NA")]), "unknown operating systems");
        assert_eq!(reason(&[("Location", "Mars (Olympus)")]), "unknown locations");
        assert_eq!(reason(&[("Location Type", "AWS Outposts")]), "Outposts");
        assert_eq!(reason(&[("Product Family", "Dedicated Host")]), "product families not imported");
        // Windows is kept, under its own os.
        let t = classify("", &with(LINUX, &[("Operating System", "Windows")])).unwrap();
        assert_eq!(t.attrs[0], ("os".into(), "Windows".into()));
    }

    #[test]
    fn region_code_wins_and_local_zones_say_so() {
        let t = classify(
            "",
            &with(LINUX, &[("Region Code", "us-east-1-bos-1"), ("Location Type", "AWS Local Zone"), ("Location", "US East (Boston)")]),
        )
        .unwrap();
        assert_eq!(t.region, "us-east-1-bos-1");
        assert!(t.attrs.contains(&("location_type".into(), "AWS Local Zone".into())));
    }

    #[test]
    fn usage_kinds_lose_region_prefixes() {
        assert_eq!(usage_kind("EU-Requests-Tier1"), "Requests-Tier1");
        assert_eq!(usage_kind("Requests-Tier1"), "Requests-Tier1");
        assert_eq!(usage_kind("USE1-BOS1-BoxUsage:t3.micro"), "BoxUsage:t3.micro");
        assert_eq!(usage_kind("EU-EBS:VolumeP-IOPS.gp3"), "EBS:VolumeP-IOPS.gp3");
        assert_eq!(usage_kind("EBS:VolumeUsage.gp2"), "EBS:VolumeUsage.gp2");
        assert_eq!(usage_kind("EU-Bulk-Select-Scanned-Bytes"), "Bulk-Select-Scanned-Bytes");
    }

    #[test]
    fn gp3_throughput_is_converted_to_mibps_above_the_baseline() {
        let a = attrs(&[
            ("serviceCode", "AmazonEC2"),
            ("Product Family", "Provisioned Throughput"),
            ("Location", "EU (Ireland)"),
            ("usageType", "EU-EBS:VolumeP-Throughput.gp3"),
        ]);
        let t = classify("", &a).unwrap();
        let row = price(&t, &dim("GiBps-mo", "45.0560000000"), "s").unwrap().unwrap();
        assert_eq!((row.unit.as_str(), row.usd), ("MiBps-Mo", dec("0.044")));
        assert_eq!((row.tier_start, row.tier_end), (Some(dec("125")), None));
    }

    #[test]
    fn tiers_come_from_the_range() {
        let a = attrs(&[
            ("serviceCode", "AmazonS3"),
            ("Product Family", "Storage"),
            ("Location", "EU (Ireland)"),
            ("Volume Type", "Standard"),
            ("usageType", "EU-TimedStorage-ByteHrs"),
        ]);
        let t = classify("", &a).unwrap();
        assert_eq!(t.resource, "STANDARD");
        let d = Dimension { begin: "51200", end: "512000", ..dim("GB-Mo", "0.022") };
        let row = price(&t, &d, "s").unwrap().unwrap();
        assert_eq!((row.tier_start, row.tier_end), (Some(dec("51200")), Some(dec("512000"))));
        let d = Dimension { begin: "512000", end: "Inf", ..dim("GB-Mo", "0.021") };
        assert_eq!(price(&t, &d, "s").unwrap().unwrap().tier_end, None);
    }

    #[test]
    fn bad_numbers_are_problems_and_foreign_currencies_are_skipped() {
        let t = classify("", &attrs(LINUX)).unwrap();
        let p = price(&t, &dim("Hrs", "0,107"), "s").unwrap_err();
        assert!(p.what.contains("\"0,107\"") && p.fix.contains("decimal point"), "{p:?}");
        assert!(price(&t, &dim("Hrs", "-1"), "s").is_err());
        let d = Dimension { end: "lots", ..dim("Hrs", "1") };
        assert!(price(&t, &d, "s").unwrap_err().what.contains("EndingRange"));
        let d = Dimension { begin: "10", end: "5", ..dim("Hrs", "1") };
        assert!(price(&t, &d, "s").is_err());
        let d = Dimension { currency: "CNY", ..dim("Hrs", "1") };
        assert_eq!(price(&t, &d, "s").unwrap().unwrap_err().reason, "prices not in USD");
        assert_eq!(price(&t, &dim("Quantity", "1"), "s").unwrap().unwrap_err().reason, "unexpected units");
        assert_eq!(price(&t, &dim("Hrs", "1.5E-7"), "s").unwrap().unwrap().usd, dec("0.00000015"));
    }

    #[test]
    fn lambda_groups_name_the_catalog_rows() {
        let base = [("serviceCode", "AWSLambda"), ("Product Family", "Serverless"), ("Location", "EU (Ireland)")];
        let r = |group: &str| classify("", &with(&base, &[("Group", group)])).map(|t| (t.family, t.resource));
        assert_eq!(r("AWS-Lambda-Duration").unwrap(), ("compute", "duration:x86_64".into()));
        assert_eq!(r("AWS-Lambda-Duration-ARM").unwrap(), ("compute", "duration:arm64".into()));
        assert_eq!(r("AWS-Lambda-Requests").unwrap(), ("requests", "requests:x86_64".into()));
        assert_eq!(r("AWS-Lambda-Provisioned-Concurrency").unwrap(), ("provisioned_concurrency", "provisioned_concurrency:x86_64".into()));
        let free = classify("", &with(&base, &[("Group", "AWS-Lambda-Requests"), ("Location", "Any")])).unwrap_err();
        assert_eq!(free.reason, "prices for no region");
    }

    #[test]
    fn rds_instances_keep_engine_deployment_and_license() {
        let a = attrs(&[
            ("serviceCode", "AmazonRDS"),
            ("Product Family", "Database Instance"),
            ("Location", "EU (Ireland)"),
            ("Instance Type", "db.t3.micro"),
            ("Database Engine", "Oracle"),
            ("Database Edition", "Standard Two"),
            ("License Model", "Bring your own license"),
            ("Deployment Option", "Multi-AZ"),
        ]);
        let t = classify("", &a).unwrap();
        let keys: Vec<String> = t.attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(keys, ["engine=Oracle", "deployment=Multi-AZ", "license=byol", "edition=Standard Two"]);
        let mut bad = a.clone();
        bad.insert("databaseengine".into(), "INVALID".into());
        assert_eq!(classify("", &bad).unwrap_err().reason, "unknown database engines");
    }

    #[test]
    fn fargate_usage_types() {
        let base = [("serviceCode", "AmazonECS"), ("Product Family", "Compute"), ("Region Code", "eu-west-1")];
        let r = |ut: &str| classify("", &with(&base, &[("usageType", ut)])).map(|t| (t.resource, t.unit));
        assert_eq!(r("EU-Fargate-vCPU-Hours:perCPU").unwrap(), ("vcpu:linux_x86_64".into(), "vCPU-hour"));
        assert_eq!(r("Fargate-GB-Hours").unwrap(), ("memory:linux_x86_64".into(), "GB-hour"));
        assert_eq!(r("EU-Fargate-ARM-GB-Hours").unwrap(), ("memory:linux_arm64".into(), "GB-hour"));
        assert_eq!(r("EU-Fargate-Windows-OS-Hours:perCPU").unwrap(), ("windows_os_license".into(), "vCPU-hour"));
        assert!(r("EU-ECS-Anywhere-Instance-hours").is_err());
    }

    #[test]
    fn other_offers_are_named() {
        let e = classify("AmazonCloudFront", &attrs(&[("Product Family", "Data Transfer")])).unwrap_err();
        assert_eq!((e.reason, e.detail.as_str()), ("offers not imported", "AmazonCloudFront"));
    }
}
