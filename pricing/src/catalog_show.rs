//! `terrace pricing show`: the catalog's prices for a resource type or service.
//!
//! `terrace pricing show aws_instance t3.micro --region eu-west-1` prints every row that
//! prices a t3.micro there (on-demand, spot), hourly and per month at 730 hours, with
//! where each price comes from. Without an item it lists the items the region has. A
//! resource type is mapped to its catalog service (`aws_db_instance` -> `rds`); a service
//! name is accepted as is.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::catalog::{Catalog, PriceRow};
use crate::cost::HOURS_PER_MONTH;

/// Resource types and the catalog service that prices them; a trailing `*` matches a prefix.
const RESOURCE_TYPES: &[(&str, &str)] = &[
    ("aws_instance", "ec2"),
    ("aws_autoscaling_group", "ec2"),
    ("aws_eks_node_group", "ec2"),
    ("aws_launch_template", "ec2"),
    ("aws_launch_configuration", "ec2"),
    ("aws_spot_instance_request", "ec2"),
    ("aws_spot_fleet_request", "ec2"),
    ("aws_ec2_fleet", "ec2"),
    ("aws_ebs_volume", "ebs"),
    ("aws_ebs_snapshot*", "ebs"),
    ("aws_db_instance", "rds"),
    ("aws_rds_*", "rds"),
    ("aws_lambda_function", "lambda"),
    ("aws_lambda_provisioned_concurrency_config", "lambda"),
    ("aws_s3_bucket*", "s3"),
    ("aws_nat_gateway", "nat_gateway"),
    ("aws_eip", "elastic_ip"),
    ("aws_lb", "elb"),
    ("aws_alb", "elb"),
    ("aws_elb", "elb"),
    ("aws_elasticache_*", "elasticache"),
    ("aws_dynamodb_table", "dynamodb"),
    ("aws_ecs_service", "fargate"),
    ("aws_ecs_task_definition", "fargate"),
    ("aws_eks_fargate_profile", "fargate"),
    ("aws_eks_cluster", "eks"),
    ("aws_cloudwatch_*", "cloudwatch"),
    ("aws_kms_key", "kms"),
    ("aws_kms_external_key", "kms"),
    ("aws_route53_*", "route53"),
    ("aws_secretsmanager_secret", "secrets_manager"),
    ("aws_sns_topic", "sns"),
    ("aws_sqs_queue", "sqs"),
    ("aws_efs_file_system", "efs"),
    ("aws_vpc_endpoint", "vpc"),
    ("aws_ec2_transit_gateway*", "vpc"),
    ("aws_vpn_connection", "vpc"),
];

/// Attribute keys that record how a row was made, not what it prices: left out of the listing.
const PROVENANCE_KEYS: &[&str] = &["desc", "sku", "rate_code", "alt_rate_code", "mapping", "price_kind", "converted"];
/// Attribute keys shown as a note under their row.
const NOTE_KEYS: &[&str] = &["note", "quality"];

/// Above this many rows, a region's service is listed by item names rather than in full.
const FULL_LISTING_ROWS: usize = 25;

/// Why `pricing show` has nothing to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShowError {
    #[error("Unknown resource type or service {what:?}\n\n{}", unknown_detail(.suggestions, .services))]
    Unknown { what: String, suggestions: Vec<String>, services: Vec<String> },
    #[error("No price for {what}\n\n{what} has no price of its own: AWS does not charge for it, or its cost shows in the resources that use it.")]
    Free { what: String },
    #[error("No {service} prices in {region}\n\n{}", no_region_detail(.service, .region, .nearest, .covered))]
    NoRegion { service: String, region: String, nearest: Vec<String>, covered: Vec<String> },
    #[error("No {service} price for {item:?} in {region}\n\n{}", no_item_detail(.what, .service, .region, .item, .nearest))]
    NoItem { what: String, service: String, region: String, item: String, nearest: Vec<String> },
}

fn unknown_detail(suggestions: &[String], services: &[String]) -> String {
    let mut s = String::new();
    if !suggestions.is_empty() {
        let _ = writeln!(s, "Did you mean {}?", or_list(suggestions));
    }
    let _ = write!(
        s,
        "Give a resource type (aws_instance, aws_ebs_volume, aws_db_instance, aws_lambda_function, aws_s3_bucket, ...) or a catalog service: {}.",
        services.join(", ")
    );
    s
}

fn no_region_detail(service: &str, region: &str, nearest: &[String], covered: &[String]) -> String {
    let mut s = String::new();
    if !nearest.is_empty() {
        let _ = writeln!(s, "Did you mean {}?", or_list(nearest));
    }
    let _ = write!(s, "The catalog has {service} prices for {}: {}.", plural(covered.len(), "region", "regions"), covered.join(", "));
    let _ = write!(s, "\nImport AWS's offer file for {region} with `terrace pricing import` to add it.");
    s
}

fn no_item_detail(what: &str, service: &str, region: &str, item: &str, nearest: &[String]) -> String {
    let mut s = String::new();
    if nearest.is_empty() {
        let _ = writeln!(s, "Nothing in the {service} catalog for {region} is named like {item:?}.");
    } else {
        let _ = writeln!(s, "Did you mean {}?", or_list(nearest));
    }
    let _ = write!(s, "List what it has with `terrace pricing show {what} --region {region}`.");
    s
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", crate::import::thousands(n), if n == 1 { one } else { many })
}

/// The catalog service for a resource type or service name.
pub fn service_for(catalog: &Catalog, what: &str) -> Option<String> {
    if catalog.services().contains(&what) {
        return Some(what.to_string());
    }
    RESOURCE_TYPES
        .iter()
        .find(|(t, _)| match t.strip_suffix('*') {
            Some(prefix) => what.starts_with(prefix),
            None => *t == what,
        })
        .map(|(_, s)| s.to_string())
}

/// The catalog's prices for `item` of `what` (a resource type or service) in `region`, or
/// the items the region has when `item` is None.
pub fn show(catalog: &Catalog, what: &str, item: Option<&str>, region: &str) -> Result<String, ShowError> {
    let Some(service) = service_for(catalog, what) else {
        if crate::models::is_free(what) {
            return Err(ShowError::Free { what: what.to_string() });
        }
        let mut names: Vec<&str> = catalog.services();
        names.extend(RESOURCE_TYPES.iter().map(|(t, _)| t.trim_end_matches('*')));
        return Err(ShowError::Unknown {
            what: what.to_string(),
            suggestions: nearest(what, names.iter().copied(), 3),
            services: catalog.services().iter().map(|s| s.to_string()).collect(),
        });
    };
    let regions = catalog.regions(&service);
    let mut out = String::new();
    let region = if regions.contains(&region) {
        region.to_string()
    } else if regions.contains(&"global") {
        let _ = writeln!(out, "{service} prices are not regional: showing region global.\n");
        "global".to_string()
    } else {
        return Err(ShowError::NoRegion {
            service: service.clone(),
            region: region.to_string(),
            nearest: nearest(region, regions.iter().copied(), 2),
            covered: regions.iter().map(|r| r.to_string()).collect(),
        });
    };
    let user = catalog.user_rows(&service, &region);
    let embedded = catalog.embedded_rows(&service, &region);
    let heading = if what == service { service.clone() } else { format!("{what} (catalog service {service})") };
    match item {
        Some(item) => {
            let user_rows = select(&user, item);
            let mut rows: Vec<PriceRef> = user_rows.iter().map(|&row| PriceRef { row, hidden: false }).collect();
            rows.extend(
                select(&embedded, item).into_iter().map(|row| PriceRef { row, hidden: user_rows.iter().any(|u| replaces(u, row)) }),
            );
            if rows.is_empty() {
                let names: BTreeSet<&str> = user.iter().chain(&embedded).map(|r| r.resource.as_str()).collect();
                return Err(ShowError::NoItem {
                    what: what.to_string(),
                    service,
                    region,
                    item: item.to_string(),
                    nearest: nearest(item, names.into_iter(), 5),
                });
            }
            let _ = writeln!(out, "{heading}: {item} in {region}\n");
            table(catalog, &mut rows, &mut out);
        }
        None => {
            let total = user.len() + embedded.len();
            if total <= FULL_LISTING_ROWS {
                let _ = writeln!(out, "{heading} in {region}: {}\n", plural(total, "price", "prices"));
                let mut rows: Vec<PriceRef> = user.iter().map(|r| PriceRef { row: r, hidden: false }).collect();
                rows.extend(embedded.iter().map(|r| PriceRef { row: r, hidden: user.iter().any(|u| replaces(u, r)) }));
                table(catalog, &mut rows, &mut out);
            } else {
                list_items(&heading, &service, what, &region, &user, &embedded, &mut out);
            }
        }
    }
    Ok(out)
}

/// The rows for `item`: its exact name, else the same name in another case, else the rows
/// whose name has it as a `:`-separated part (`arm64` -> `duration:arm64`, `requests:arm64`...).
fn select<'r>(rows: &[&'r PriceRow], item: &str) -> Vec<&'r PriceRow> {
    let exact: Vec<&PriceRow> = rows.iter().copied().filter(|r| r.resource == item).collect();
    if !exact.is_empty() {
        return exact;
    }
    let folded: Vec<&PriceRow> = rows.iter().copied().filter(|r| r.resource.eq_ignore_ascii_case(item)).collect();
    if !folded.is_empty() {
        return folded;
    }
    rows.iter().copied().filter(|r| r.resource.split(':').any(|p| p.eq_ignore_ascii_case(item))).collect()
}

/// Whether the user row `u` hides the embedded row `e` from lookups: same item, product
/// family, purchase option and unit, and the same value for every attribute both name.
fn replaces(u: &PriceRow, e: &PriceRow) -> bool {
    u.resource == e.resource
        && u.product_family == e.product_family
        && u.purchase_option == e.purchase_option
        && u.unit == e.unit
        && identity(u).all(|(k, v)| e.attr(k).is_none_or(|ev| ev == v))
}

/// The attributes that say what a row prices (not notes or provenance).
fn identity(r: &PriceRow) -> impl Iterator<Item = (&str, &str)> {
    r.attributes
        .iter()
        .filter(|(k, _)| !NOTE_KEYS.contains(&k.as_str()) && !PROVENANCE_KEYS.contains(&k.as_str()) && !k.starts_with("infracost_"))
        .map(|(k, v)| (k.as_str(), v.as_str()))
}

struct PriceRef<'r> {
    row: &'r PriceRow,
    /// An imported price replaces this embedded one.
    hidden: bool,
}

fn purchase_rank(p: &str) -> u8 {
    match p {
        "on_demand" => 0,
        "spot" => 1,
        "reserved_1yr" => 2,
        "reserved_3yr" => 3,
        _ => 4,
    }
}

/// A price: whole cents and above with 2 decimals (4 below a dollar), smaller ones as given.
fn money(d: Decimal) -> String {
    if d >= Decimal::ONE {
        format!("{:.2}", d.round_dp(2))
    } else if d >= Decimal::new(1, 2) {
        d.round_dp(4).normalize().to_string()
    } else {
        d.normalize().to_string()
    }
}

fn tier(r: &PriceRow) -> String {
    match (r.tier_start, r.tier_end) {
        (Some(s), Some(e)) => format!("{}-{}", s.normalize(), e.normalize()),
        (Some(s), None) if s.is_zero() => "all".into(),
        (Some(s), None) => format!("over {}", s.normalize()),
        (None, _) => String::new(),
    }
}

/// Prints rows as a table with the sources' names below.
fn table(catalog: &Catalog, rows: &mut [PriceRef], out: &mut String) {
    rows.sort_by(|a, b| {
        let key = |r: &PriceRef| {
            let attrs: Vec<String> = identity(r.row).map(|(k, v)| format!("{k}={v}")).collect();
            (r.row.resource.clone(), r.row.product_family.clone(), purchase_rank(&r.row.purchase_option), attrs, r.hidden)
        };
        key(a).cmp(&key(b)).then_with(|| a.row.tier_start.unwrap_or_default().cmp(&b.row.tier_start.unwrap_or_default()))
    });
    let multi_item = rows.iter().any(|r| r.row.resource != rows[0].row.resource);
    let tiered = rows.iter().any(|r| r.row.is_tiered());
    let monthly = rows.iter().any(|r| r.row.unit.ends_with("hour"));
    let with_attrs = rows.iter().any(|r| identity(r.row).next().is_some());
    let mut header: Vec<&str> = Vec::new();
    if multi_item {
        header.push("Item");
    }
    header.extend(["Kind", "Purchase"]);
    if with_attrs {
        header.push("Attributes");
    }
    if tiered {
        header.push("Tier");
    }
    header.push("USD");
    header.push("Unit");
    if monthly {
        header.push("Per month (730 h)");
    }
    header.extend(["Effective", "Source"]);
    let mut lines: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut sources = BTreeSet::new();
    for r in rows.iter() {
        let row = r.row;
        let mut cells = Vec::new();
        if multi_item {
            cells.push(row.resource.clone());
        }
        cells.push(format!("{}{}", if r.hidden { "*" } else { "" }, row.product_family));
        cells.push(row.purchase_option.replace('_', "-"));
        if with_attrs {
            let attrs: Vec<String> = identity(row).map(|(k, v)| format!("{k}={v}")).collect();
            cells.push(if attrs.is_empty() { "-".into() } else { attrs.join(" ") });
        }
        if tiered {
            cells.push(tier(row));
        }
        cells.push(money(row.usd));
        cells.push(row.unit.clone());
        if monthly {
            cells.push(if row.unit.ends_with("hour") { money(row.usd * HOURS_PER_MONTH) } else { String::new() });
        }
        cells.push(row.effective_date.clone());
        cells.push(row.source.clone());
        sources.insert(row.source.as_str());
        let notes: Vec<String> =
            row.attributes.iter().filter(|(k, _)| NOTE_KEYS.contains(&k.as_str())).map(|(k, v)| format!("{k}: {v}")).collect();
        lines.push((cells, notes));
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for (cells, _) in &lines {
        for (w, c) in widths.iter_mut().zip(cells) {
            *w = (*w).max(c.chars().count());
        }
    }
    let numeric = |h: &str| h == "USD" || h.starts_with("Per month");
    let render = |cells: &[String], out: &mut String| {
        let mut line = String::from(" ");
        for ((c, w), h) in cells.iter().zip(&widths).zip(&header) {
            if numeric(h) {
                let _ = write!(line, " {c:>w$} ");
            } else {
                let _ = write!(line, " {c:<w$} ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    render(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>(), out);
    for (cells, notes) in &lines {
        render(cells, out);
        for n in notes {
            let _ = writeln!(out, "    {n}");
        }
    }
    if rows.iter().any(|r| r.hidden) {
        out.push_str("\n* not used: an imported price replaces it\n");
    }
    let named: Vec<(&str, &str)> = sources.iter().filter_map(|s| catalog.source_name(s).map(|n| (*s, n))).collect();
    if !named.is_empty() {
        out.push_str("\nSources:\n");
        for (id, name) in named {
            let _ = writeln!(out, "  {id}  {name}");
        }
    }
}

/// Lists the items of a service in a region, grouped by product family; instance types
/// and classes (`t3.micro`, `db.t3.micro`) grouped by family with their sizes in order.
fn list_items(heading: &str, service: &str, what: &str, region: &str, user: &[&PriceRow], embedded: &[&PriceRow], out: &mut String) {
    let mut families: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in user.iter().chain(embedded) {
        families.entry(r.product_family.as_str()).or_default().insert(r.resource.as_str());
    }
    let items: BTreeSet<&str> = families.values().flatten().copied().collect();
    let _ = writeln!(out, "{heading} in {region}: {}", plural(items.len(), "item", "items"));
    if !user.is_empty() {
        let _ = writeln!(out, "{} from `terrace pricing import`", plural(user.len(), "price", "prices"));
    }
    for (family, names) in &families {
        let _ = writeln!(out, "\n{family} ({})", names.len());
        let mut grouped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut plain: Vec<&str> = Vec::new();
        for name in names {
            match name.rsplit_once('.') {
                Some((prefix, size)) if !prefix.is_empty() && !size.is_empty() && !name.contains(' ') => {
                    grouped.entry(prefix).or_default().push(size)
                }
                _ => plain.push(name),
            }
        }
        let width = grouped.keys().map(|k| k.len()).max().unwrap_or(0);
        for (prefix, sizes) in &mut grouped {
            sizes.sort_by_key(|s| size_rank(s));
            let _ = writeln!(out, "  {prefix:<width$}  {}", sizes.join(" "));
        }
        wrap(&plain, out);
    }
    let _ = writeln!(
        out,
        "\nShow the prices of one: terrace pricing show {} ITEM --region {region}",
        if what == service { service } else { what }
    );
}

/// Lines of at most 100 columns; names with spaces one per line.
fn wrap(names: &[&str], out: &mut String) {
    if names.iter().any(|n| n.contains(' ')) {
        for n in names {
            let _ = writeln!(out, "  {n}");
        }
        return;
    }
    let mut line = String::new();
    for n in names {
        if !line.is_empty() && line.len() + n.len() + 2 > 100 {
            let _ = writeln!(out, "  {}", line.trim_end_matches(", "));
            line.clear();
        }
        line.push_str(n);
        line.push_str(", ");
    }
    if !line.is_empty() {
        let _ = writeln!(out, "  {}", line.trim_end_matches(", "));
    }
}

/// Instance sizes in order: nano, micro, small, medium, large, xlarge, 2xlarge, ... metal.
fn size_rank(size: &str) -> (u32, u32, String) {
    const NAMED: &[&str] = &["nano", "micro", "small", "medium", "large", "xlarge"];
    if let Some(i) = NAMED.iter().position(|n| *n == size) {
        return (0, i as u32, String::new());
    }
    if let Some(n) = size.strip_suffix("xlarge").and_then(|n| n.parse::<u32>().ok()) {
        return (1, n, String::new());
    }
    (2, 0, size.to_string())
}

/// Up to `n` names nearest to `word` by edit distance (case-insensitive), closest first;
/// names that contain the word count as near.
fn nearest<'a>(word: &str, names: impl Iterator<Item = &'a str>, n: usize) -> Vec<String> {
    let w = word.to_ascii_lowercase();
    let limit = (w.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = names
        .filter_map(|name| {
            let l = name.to_ascii_lowercase();
            let d = edit_distance(&w, &l);
            let d = if d > limit && w.len() >= 3 && l.contains(&w) { limit } else { d };
            (d <= limit).then_some((d, name))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, s)| s.to_string()).collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::HEADER;

    fn user_catalog(rows: &str) -> (tempfile::TempDir, Catalog) {
        let dir = tempfile::tempdir().unwrap();
        for (service, text) in rows.split("---").filter_map(|part| part.trim().split_once('\n')) {
            std::fs::write(dir.path().join(format!("{}.csv", service.trim())), format!("{}\n{}\n", HEADER.join(","), text.trim())).unwrap();
        }
        let c = Catalog::with_user_dir(dir.path()).unwrap();
        (dir, c)
    }

    #[test]
    fn an_instance_type_shows_on_demand_and_spot_per_hour_and_month() {
        let c = Catalog::embedded();
        let out = show(&c, "aws_instance", Some("t3.micro"), "eu-west-1").unwrap();
        assert!(out.starts_with("aws_instance (catalog service ec2): t3.micro in eu-west-1\n"), "{out}");
        let on_demand = out.lines().find(|l| l.contains("on-demand")).unwrap();
        // 0.0114 per hour, 8.32 per month.
        assert!(
            on_demand.contains("os=Linux tenancy=Shared")
                && on_demand.contains("0.0114")
                && on_demand.contains("8.32")
                && on_demand.contains("S6"),
            "{out}"
        );
        assert!(out.lines().any(|l| l.contains(" spot ")), "{out}");
        assert!(out.contains("note: spot snapshot via infracost pricing dump, volatile"), "{out}");
        assert!(out.contains("Sources:\n") && out.contains("  S6  lamngockhuong/aws-price@"), "{out}");
        assert!(out.lines().next().is_some_and(|l| !l.contains("Item")), "one item, no Item column");
    }

    #[test]
    fn volumes_databases_and_functions() {
        let c = Catalog::embedded();
        let gp3 = show(&c, "aws_ebs_volume", Some("gp3"), "us-east-1").unwrap();
        for family in ["storage", "iops", "throughput"] {
            assert!(gp3.lines().any(|l| l.trim_start().starts_with(family)), "{family}: {gp3}");
        }
        assert!(gp3.contains("over 3000") && gp3.contains("over 125"), "{gp3}");
        let db = show(&c, "aws_db_instance", Some("db.t3.micro"), "us-east-1").unwrap();
        for needle in ["engine=MySQL deployment=Single-AZ", "engine=PostgreSQL deployment=Multi-AZ"] {
            assert!(db.contains(needle), "{needle}: {db}");
        }
        let arm = show(&c, "aws_lambda_function", Some("arm64"), "us-east-1").unwrap();
        assert!(arm.lines().next().unwrap().contains("arm64"));
        assert!(arm.contains("duration:arm64") && arm.contains("requests:arm64") && !arm.contains("x86_64"), "{arm}");
        // A service name works too.
        assert!(show(&c, "rds", Some("db.t3.micro"), "us-east-1").unwrap().starts_with("rds: db.t3.micro in us-east-1"));
    }

    #[test]
    fn without_an_item_the_items_are_listed_compactly() {
        let c = Catalog::embedded();
        let out = show(&c, "aws_instance", None, "eu-west-1").unwrap();
        let t3 = out.lines().find(|l| l.trim_start().starts_with("t3 ")).unwrap();
        assert_eq!(t3.split_whitespace().collect::<Vec<_>>(), ["t3", "nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"]);
        assert!(out.lines().count() < 200, "{out}");
        // A small service is shown in full.
        let nat = show(&c, "aws_nat_gateway", None, "eu-west-1").unwrap();
        assert!(nat.contains("Item") && nat.contains("data_processed") && nat.contains("35.04"), "{nat}");
    }

    #[test]
    fn imported_prices_come_first_and_mark_what_they_replace() {
        let (_d, c) = user_catalog(
            "ec2\neu-west-1,compute_instance,t3.micro,os=Linux;tenancy=Shared,hour,0.01,,,on_demand,2026-01-01,import:EC2.csv@2026-01-02T00:00:00Z",
        );
        let out = show(&c, "aws_instance", Some("t3.micro"), "eu-west-1").unwrap();
        let lines: Vec<&str> = out.lines().filter(|l| l.contains("on-demand")).collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].contains("import:EC2.csv@2026-01-02T00:00:00Z") && lines[0].contains("7.30"), "{out}");
        assert!(lines[1].trim_start().starts_with("*compute_instance") && lines[1].contains("S6"), "{out}");
        assert!(out.contains("* not used: an imported price replaces it"), "{out}");
        // The spot price is not replaced.
        assert!(out.lines().any(|l| l.contains(" spot ") && !l.trim_start().starts_with('*')), "{out}");
    }

    #[test]
    fn misses_say_what_there_is() {
        let c = Catalog::embedded();
        let e = show(&c, "aws_instance", Some("t3.micor"), "eu-west-1").unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("No ec2 price for \"t3.micor\" in eu-west-1\n\nDid you mean t3.micro"), "{text}");
        assert!(text.contains("terrace pricing show aws_instance --region eu-west-1"), "{text}");
        let e = show(&c, "aws_instance", Some("m5.large"), "eu-westt-1").unwrap_err().to_string();
        assert!(e.starts_with("No ec2 prices in eu-westt-1\n\nDid you mean eu-west-1"), "{e}");
        assert!(e.contains("us-east-1"), "{e}");
        let e = show(&c, "aws_lb", None, "eu-west-1").unwrap_err().to_string();
        assert!(e.contains("The catalog has elb prices for 1 region: us-east-1."), "{e}");
        let e = show(&c, "aws_instnace", None, "us-east-1").unwrap_err().to_string();
        assert!(e.starts_with("Unknown resource type or service \"aws_instnace\"\n\nDid you mean aws_instance"), "{e}");
        let e = show(&c, "aws_vpc", None, "us-east-1").unwrap_err();
        assert!(matches!(e, ShowError::Free { .. }), "{e}");
    }

    #[test]
    fn region_less_services_fall_back_to_global() {
        let c = Catalog::embedded();
        let out = show(&c, "route53", None, "mars-1").unwrap();
        assert!(out.starts_with("route53 prices are not regional: showing region global.\n"), "{out}");
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("t3.micor", "t3.micro"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(nearest("m5.larg", ["m5.large", "m5.xlarge", "c5.large", "zzz"].into_iter(), 2), ["m5.large", "c5.large"]);
        assert_eq!(size_rank("metal").0, 2);
        assert!(size_rank("2xlarge") > size_rank("xlarge") && size_rank("12xlarge") > size_rank("2xlarge"));
    }
}
