//! The price catalog: one table per service, embedded in the binary (built from the
//! normalised price data by `pricing/tools/build_catalog.py`), optionally overlaid by a
//! user catalog written by `terrace pricing import`.
//!
//! Every row is one price for one unit (`usd` per `unit`), possibly one tier of a tiered
//! price. A service's table is parsed on first use only, so pricing a plan that touches
//! EC2 alone never reads the S3 rows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;

/// The services the embedded catalog has, with their CSV text.
const EMBEDDED: &[(&str, &str)] = &[
    ("cloudwatch", include_str!("../catalog/cloudwatch.csv")),
    ("data_transfer", include_str!("../catalog/data_transfer.csv")),
    ("dynamodb", include_str!("../catalog/dynamodb.csv")),
    ("ebs", include_str!("../catalog/ebs.csv")),
    ("ec2", include_str!("../catalog/ec2.csv")),
    ("efs", include_str!("../catalog/efs.csv")),
    ("eks", include_str!("../catalog/eks.csv")),
    ("elastic_ip", include_str!("../catalog/elastic_ip.csv")),
    ("elasticache", include_str!("../catalog/elasticache.csv")),
    ("elb", include_str!("../catalog/elb.csv")),
    ("fargate", include_str!("../catalog/fargate.csv")),
    ("kms", include_str!("../catalog/kms.csv")),
    ("lambda", include_str!("../catalog/lambda.csv")),
    ("nat_gateway", include_str!("../catalog/nat_gateway.csv")),
    ("rds", include_str!("../catalog/rds.csv")),
    ("route53", include_str!("../catalog/route53.csv")),
    ("s3", include_str!("../catalog/s3.csv")),
    ("secrets_manager", include_str!("../catalog/secrets_manager.csv")),
    ("sns", include_str!("../catalog/sns.csv")),
    ("sqs", include_str!("../catalog/sqs.csv")),
    ("vpc", include_str!("../catalog/vpc.csv")),
];

const EMBEDDED_SOURCES: &str = include_str!("../catalog/sources.csv");

/// The column header every catalog CSV (embedded or user) starts with.
pub const HEADER: [&str; 11] =
    ["region", "product_family", "resource", "attributes", "unit", "usd", "tier_start", "tier_end", "purchase_option", "effective_date", "source"];

/// One price.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceRow {
    pub service: String,
    pub region: String,
    pub product_family: String,
    pub resource: String,
    /// `k=v` pairs (os, tenancy, engine, deployment, note, ...).
    pub attributes: Vec<(String, String)>,
    pub unit: String,
    /// USD per one `unit`.
    pub usd: Decimal,
    /// The tier's bounds in the unit of monthly usage; None when the price is not tiered.
    /// `tier_end` None with `tier_start` Some means no upper bound.
    pub tier_start: Option<Decimal>,
    pub tier_end: Option<Decimal>,
    /// on_demand, spot, reserved_1yr, reserved_3yr.
    pub purchase_option: String,
    pub effective_date: String,
    /// The source id (embedded: `S1`...; imported: `import:FILE`).
    pub source: String,
}

impl PriceRow {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    pub fn is_tiered(&self) -> bool {
        self.tier_start.is_some() || self.tier_end.is_some()
    }
}

/// What to look up. Attributes must all be present on a row with the same values;
/// attributes the query does not name are ignored.
#[derive(Debug, Clone)]
pub struct Query<'a> {
    pub service: &'a str,
    pub region: &'a str,
    pub resource: &'a str,
    pub product_family: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub attrs: Vec<(&'a str, &'a str)>,
    pub purchase_option: &'a str,
}

impl<'a> Query<'a> {
    pub fn new(service: &'a str, region: &'a str, resource: &'a str) -> Self {
        Query { service, region, resource, product_family: None, unit: None, attrs: Vec::new(), purchase_option: "on_demand" }
    }
    pub fn attr(mut self, k: &'a str, v: &'a str) -> Self {
        self.attrs.push((k, v));
        self
    }
    pub fn family(mut self, f: &'a str) -> Self {
        self.product_family = Some(f);
        self
    }
    pub fn unit(mut self, u: &'a str) -> Self {
        self.unit = Some(u);
        self
    }
    pub fn purchase(mut self, p: &'a str) -> Self {
        self.purchase_option = p;
        self
    }
    fn matches(&self, r: &PriceRow) -> bool {
        r.purchase_option == self.purchase_option
            && self.product_family.map_or(true, |f| r.product_family == f)
            && self.unit.map_or(true, |u| r.unit == u)
            && self.attrs.iter().all(|(k, v)| r.attr(k) == Some(v))
    }
}

/// Why a lookup found nothing, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// The catalog has no table for this service at all.
    NoService(String),
    /// The service has no prices in this region; `covered` lists a few regions it has.
    NoRegion { service: String, region: String, covered: Vec<String> },
    /// The region is covered but not this item (instance type, volume type...).
    NoItem { service: String, region: String, resource: String },
}

impl std::fmt::Display for Miss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Miss::NoService(s) => write!(f, "the price catalog has no {s} prices"),
            Miss::NoRegion { service, region, covered } => {
                write!(f, "the price catalog has no {service} prices for region {region}")?;
                if covered.len() <= 3 && !covered.is_empty() {
                    write!(f, " (it covers {} only)", covered.join(", "))?;
                }
                Ok(())
            }
            Miss::NoItem { service, region, resource } => {
                write!(f, "the price catalog has no {service} price for {resource:?} in {region}")
            }
        }
    }
}

/// One service's rows, indexed by region then resource. Rows are parsed on first use of
/// their (region, resource): building the index only finds line boundaries and the two key
/// fields, so a plan touching a dozen instance types parses a few dozen EC2 rows, not 30,000.
#[derive(Debug, Default)]
struct Table {
    service: String,
    /// The CSV text (header first).
    text: std::borrow::Cow<'static, str>,
    path: String,
    index: HashMap<String, HashMap<String, Entry>>,
}

#[derive(Debug, Default)]
struct Entry {
    /// Byte ranges of the entry's lines in `text`, and each line's number.
    lines: Vec<(usize, usize, u64)>,
    rows: OnceLock<Vec<PriceRow>>,
}

impl Table {
    /// Indexes a service's CSV text; checks the header.
    fn new(service: &str, text: std::borrow::Cow<'static, str>, path: &str) -> Result<Table, CatalogError> {
        let header_end = text.find('\n').unwrap_or(text.len());
        if text[..header_end].trim_end_matches('\r') != HEADER.join(",") {
            return Err(CatalogError::Row { path: path.into(), line: 1, message: format!("expected the columns {}", HEADER.join(",")) });
        }
        let mut index: HashMap<String, HashMap<String, Entry>> = HashMap::new();
        let mut pos = header_end + 1;
        let mut line_no = 1u64;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            line_no += 1;
            let line = text[pos..end].trim_end_matches('\r');
            if !line.is_empty() {
                let (region, resource) = key_fields(line).ok_or_else(|| CatalogError::Row {
                    path: path.into(),
                    line: line_no,
                    message: "expected 11 comma-separated columns".into(),
                })?;
                let by_res = match index.get_mut(region.as_ref()) {
                    Some(m) => m,
                    None => index.entry(region.into_owned()).or_default(),
                };
                let e = match by_res.get_mut(resource.as_ref()) {
                    Some(e) => e,
                    None => by_res.entry(resource.into_owned()).or_default(),
                };
                e.lines.push((pos, end, line_no));
            }
            pos = end + 1;
        }
        Ok(Table { service: service.to_string(), text, path: path.to_string(), index })
    }

    fn entry_rows<'s>(&'s self, e: &'s Entry) -> Result<&'s [PriceRow], CatalogError> {
        if let Some(r) = e.rows.get() {
            return Ok(r);
        }
        let mut rows = Vec::with_capacity(e.lines.len());
        for &(a, b, line) in &e.lines {
            rows.push(parse_row(&self.service, &self.text[a..b], &self.path, line)?);
        }
        Ok(e.rows.get_or_init(|| rows))
    }

    fn candidates(&self, region: &str, resource: &str) -> &[PriceRow] {
        match self.index.get(region).and_then(|m| m.get(resource)) {
            // A malformed embedded row is a build defect caught by the test suite; a
            // malformed user row was reported when the user catalog was loaded.
            Some(e) => self.entry_rows(e).unwrap_or(&[]),
            None => &[],
        }
    }

    fn has_region(&self, region: &str) -> bool {
        self.index.contains_key(region)
    }

    fn regions(&self) -> Vec<String> {
        let mut v: Vec<String> = self.index.keys().cloned().collect();
        v.sort();
        v
    }

    /// Every row of a region.
    fn region_rows(&self, region: &str) -> Vec<&PriceRow> {
        let Some(m) = self.index.get(region) else { return Vec::new() };
        let mut keys: Vec<&String> = m.keys().collect();
        keys.sort();
        keys.into_iter().flat_map(|k| self.entry_rows(&m[k]).unwrap_or(&[]).iter()).collect()
    }

    /// Parses every row (to validate a file).
    fn parse_all(&self) -> Result<usize, CatalogError> {
        let mut n = 0;
        for m in self.index.values() {
            for e in m.values() {
                n += self.entry_rows(e)?.len();
            }
        }
        Ok(n)
    }
}

/// The region and resource fields (columns 1 and 3) of a catalog line.
fn key_fields(line: &str) -> Option<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)> {
    let mut f = split_fields(line, 3)?.into_iter();
    let region = f.next()?;
    let _family = f.next()?;
    Some((region, f.next()?))
}

/// Splits a CSV line into at most `max` fields (RFC 4180 quoting: `""` is a quote inside a
/// quoted field). None when a quoted field is not closed.
fn split_fields(line: &str, max: usize) -> Option<Vec<std::borrow::Cow<'_, str>>> {
    use std::borrow::Cow;
    let mut fields: Vec<Cow<'_, str>> = Vec::with_capacity(max.min(16));
    let mut rest = line;
    loop {
        if fields.len() == max {
            return Some(fields);
        }
        let next = if let Some(q) = rest.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = q.char_indices().peekable();
            let mut consumed = None;
            while let Some((i, c)) = chars.next() {
                if c == '"' {
                    if chars.peek().map(|(_, c)| *c) == Some('"') {
                        out.push('"');
                        chars.next();
                    } else {
                        consumed = Some(i + 1);
                        break;
                    }
                } else {
                    out.push(c);
                }
            }
            fields.push(Cow::Owned(out));
            &q[consumed?..]
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            fields.push(Cow::Borrowed(&rest[..end]));
            &rest[end..]
        };
        match next.strip_prefix(',') {
            Some(r) => rest = r,
            None if next.is_empty() => return Some(fields),
            None => return None,
        }
    }
}

/// An error reading a catalog file.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{path}:{line}: {message}")]
    Row { path: String, line: u64, message: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// The embedded catalog, with an optional user catalog in front of it.
pub struct Catalog {
    user: HashMap<String, Table>,
    user_dir: Option<PathBuf>,
    embedded: &'static EmbeddedTables,
}

struct EmbeddedTables {
    tables: Vec<(&'static str, OnceLock<Table>)>,
    sources: OnceLock<HashMap<String, String>>,
}

fn embedded_tables() -> &'static EmbeddedTables {
    static E: OnceLock<EmbeddedTables> = OnceLock::new();
    E.get_or_init(|| EmbeddedTables {
        tables: EMBEDDED.iter().map(|(s, _)| (*s, OnceLock::new())).collect(),
        sources: OnceLock::new(),
    })
}

impl EmbeddedTables {
    fn table(&self, service: &str) -> Option<&Table> {
        let i = self.tables.iter().position(|(s, _)| *s == service)?;
        Some(self.tables[i].1.get_or_init(|| {
            // The embedded files are generated and checked by the test suite; a bad file
            // here is a build defect, so it prices nothing rather than failing every plan.
            Table::new(service, std::borrow::Cow::Borrowed(EMBEDDED[i].1), &format!("pricing/catalog/{service}.csv")).unwrap_or_default()
        }))
    }
}

/// Parses one catalog line.
fn parse_row(service: &str, line: &str, path: &str, line_no: u64) -> Result<PriceRow, CatalogError> {
    let bad = |m: String| CatalogError::Row { path: path.into(), line: line_no, message: m };
    let rec = split_fields(line, usize::MAX).ok_or_else(|| bad("a quoted field is not closed".into()))?;
    if rec.len() != HEADER.len() {
        return Err(bad(format!("expected {} columns ({}), found {}", HEADER.len(), HEADER.join(","), rec.len())));
    }
    let dec = |s: &str, what: &str| -> Result<Option<Decimal>, CatalogError> {
        if s.is_empty() || s.eq_ignore_ascii_case("inf") {
            return Ok(None);
        }
        parse_decimal(s).map(Some).ok_or_else(|| bad(format!("{what} {s:?} is not a number")))
    };
    let usd = dec(&rec[5], "usd")?.ok_or_else(|| bad("usd is empty".into()))?;
    let tier_end = dec(&rec[7], "tier_end")?;
    // A tier with only an upper bound starts at zero.
    let tier_start = dec(&rec[6], "tier_start")?.or(tier_end.map(|_| Decimal::ZERO));
    let attributes = rec[3]
        .split(';')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.to_string(), String::new()),
        })
        .collect();
    Ok(PriceRow {
        service: service.to_string(),
        region: rec[0].to_string(),
        product_family: rec[1].to_string(),
        resource: rec[2].to_string(),
        attributes,
        unit: rec[4].to_string(),
        usd,
        tier_start,
        tier_end,
        purchase_option: rec[8].to_string(),
        effective_date: rec[9].to_string(),
        source: rec[10].to_string(),
    })
}

/// Parses a decimal, accepting exponent notation (`1.5E-7`) as price lists write it.
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    let s = s.trim();
    Decimal::from_str(s).ok().or_else(|| Decimal::from_scientific(s).ok()).map(|d| d.normalize())
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::embedded()
    }
}

impl Catalog {
    /// The embedded catalog alone.
    pub fn embedded() -> Catalog {
        Catalog { user: HashMap::new(), user_dir: None, embedded: embedded_tables() }
    }

    /// The embedded catalog with the user catalog in `dir` (one `SERVICE.csv` per service,
    /// the embedded format) in front of it. A missing directory is an empty user catalog.
    pub fn with_user_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        let mut c = Catalog::embedded();
        c.user_dir = Some(dir.to_path_buf());
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(c),
            Err(e) => return Err(CatalogError::Io { path: dir.display().to_string(), source: e }),
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for p in files {
            if p.extension().and_then(|e| e.to_str()) != Some("csv") {
                continue;
            }
            let service = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
            let text = std::fs::read_to_string(&p).map_err(|e| CatalogError::Io { path: p.display().to_string(), source: e })?;
            let t = Table::new(&service, std::borrow::Cow::Owned(text), &p.display().to_string())?;
            // Report a bad row now, not as a silent miss later.
            t.parse_all()?;
            c.user.insert(service, t);
        }
        Ok(c)
    }

    /// The user catalog directory: `$TERRACE_CATALOG_DIR`, else `$XDG_DATA_HOME/terrace/catalog`,
    /// else `~/.local/share/terrace/catalog`.
    pub fn default_user_dir() -> Option<PathBuf> {
        if let Some(d) = std::env::var_os("TERRACE_CATALOG_DIR").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(d));
        }
        if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(d).join("terrace").join("catalog"));
        }
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/terrace/catalog"))
    }

    pub fn user_dir(&self) -> Option<&Path> {
        self.user_dir.as_deref()
    }

    /// The first row matching the query: user rows before embedded ones, and within the
    /// embedded catalog the preferred source first.
    pub fn find(&self, q: &Query) -> Result<&PriceRow, Miss> {
        self.all(q).map(|v| v[0])
    }

    /// Every row matching the query (tiers of a tiered price, sorted by tier start). Rows
    /// of the user catalog hide the embedded rows for the same (region, resource).
    pub fn all(&self, q: &Query) -> Result<Vec<&PriceRow>, Miss> {
        if let Some(t) = self.user.get(q.service) {
            let found: Vec<&PriceRow> = t.candidates(q.region, q.resource).iter().filter(|r| q.matches(r)).collect();
            if !found.is_empty() {
                return Ok(sorted_tiers(found));
            }
        }
        let Some(t) = self.embedded.table(q.service) else {
            return Err(Miss::NoService(q.service.to_string()));
        };
        let found: Vec<&PriceRow> = t.candidates(q.region, q.resource).iter().filter(|r| q.matches(r)).collect();
        if !found.is_empty() {
            return Ok(sorted_tiers(found));
        }
        let user_has_region = self.user.get(q.service).is_some_and(|u| u.has_region(q.region));
        if !t.has_region(q.region) && !user_has_region {
            let covered = t.regions();
            return Err(Miss::NoRegion { service: q.service.to_string(), region: q.region.to_string(), covered });
        }
        Err(Miss::NoItem { service: q.service.to_string(), region: q.region.to_string(), resource: q.resource.to_string() })
    }

    /// Every row of a service in a region (for `terrace pricing show`).
    pub fn rows(&self, service: &str, region: &str) -> Vec<&PriceRow> {
        let mut out: Vec<&PriceRow> = Vec::new();
        if let Some(t) = self.user.get(service) {
            out.extend(t.region_rows(region));
        }
        if let Some(t) = self.embedded.table(service) {
            out.extend(t.region_rows(region));
        }
        out
    }

    /// The user catalog's rows of a service in a region.
    pub fn user_rows(&self, service: &str, region: &str) -> Vec<&PriceRow> {
        self.user.get(service).map_or_else(Vec::new, |t| t.region_rows(region))
    }

    /// The embedded catalog's rows of a service in a region.
    pub fn embedded_rows(&self, service: &str, region: &str) -> Vec<&PriceRow> {
        self.embedded.table(service).map_or_else(Vec::new, |t| t.region_rows(region))
    }

    /// The regions a service has prices for, user and embedded, sorted.
    pub fn regions(&self, service: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for t in [self.user.get(service), self.embedded.table(service)].into_iter().flatten() {
            out.extend(t.index.keys().map(String::as_str));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The services the catalog knows.
    pub fn services(&self) -> Vec<&str> {
        let mut s: Vec<&str> = EMBEDDED.iter().map(|(s, _)| *s).collect();
        for k in self.user.keys() {
            if !s.contains(&k.as_str()) {
                s.push(k);
            }
        }
        s.sort();
        s
    }

    /// What a source id stands for (`S6` -> `owner/repo@commit:path`).
    pub fn source_name(&self, id: &str) -> Option<&str> {
        let m = self.embedded.sources.get_or_init(|| {
            EMBEDDED_SOURCES
                .lines()
                .skip(1)
                .filter_map(|l| l.split_once(',').map(|(a, b)| (a.to_string(), b.trim_matches('"').to_string())))
                .collect()
        });
        m.get(id).map(|s| s.as_str())
    }
}

fn sorted_tiers(mut v: Vec<&PriceRow>) -> Vec<&PriceRow> {
    if v.iter().any(|r| r.is_tiered()) {
        v.sort_by(|a, b| a.tier_start.unwrap_or_default().cmp(&b.tier_start.unwrap_or_default()));
    }
    v
}

/// Prices `quantity` units against tiers (rows sorted by tier start, each with its own
/// bounds). Returns (quantity in the tier, row) for each tier the quantity reaches.
pub fn split_tiers<'r>(tiers: &[&'r PriceRow], quantity: Decimal) -> Vec<(Decimal, &'r PriceRow)> {
    let mut out = Vec::new();
    for r in tiers {
        let start = r.tier_start.unwrap_or_default();
        if quantity <= start && !(quantity.is_zero() && start.is_zero()) {
            break;
        }
        let end = r.tier_end.map_or(quantity, |e| e.min(quantity));
        if end > start || (quantity.is_zero() && start.is_zero()) {
            out.push((end - start, *r));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_preferred_source_first() {
        let c = Catalog::embedded();
        let q = Query::new("ec2", "us-east-1", "m5.large").attr("os", "Linux").family("compute_instance");
        let r = c.find(&q).unwrap();
        assert_eq!(r.usd, Decimal::from_str("0.096").unwrap());
        assert_eq!(c.source_name(&r.source).unwrap().split('@').next(), Some("lamngockhuong/aws-price"));
    }

    #[test]
    fn karpenter_fills_types_aws_price_lacks() {
        let c = Catalog::embedded();
        // Every us-east-1 on-demand Linux type either source has is found.
        let rows = c.rows("ec2", "us-east-1");
        let karp = rows.iter().filter(|r| r.source == "S7").count();
        assert!(karp > 1000);
        let r = rows.iter().find(|r| r.source == "S7").unwrap();
        let q = Query::new("ec2", "us-east-1", &r.resource).attr("os", "Linux");
        assert!(c.find(&q).is_ok());
    }

    #[test]
    fn misses_say_why() {
        let c = Catalog::embedded();
        let e = c.find(&Query::new("elb", "eu-west-1", "application_load_balancer")).unwrap_err();
        assert_eq!(e.to_string(), "the price catalog has no elb prices for region eu-west-1 (it covers us-east-1 only)");
        let e = c.find(&Query::new("ec2", "us-east-1", "t9.huge")).unwrap_err();
        assert!(matches!(e, Miss::NoItem { .. }));
        assert!(matches!(c.find(&Query::new("nope", "us-east-1", "x")).unwrap_err(), Miss::NoService(_)));
    }

    #[test]
    fn tiers_split_a_quantity() {
        let c = Catalog::embedded();
        let q = Query::new("s3", "us-east-1", "standard").family("storage");
        let tiers = c.all(&q);
        if let Ok(tiers) = tiers {
            if tiers.len() > 1 {
                let parts = split_tiers(&tiers, Decimal::from(60_000));
                let total: Decimal = parts.iter().map(|(q, _)| *q).sum();
                assert_eq!(total, Decimal::from(60_000));
            }
        }
    }

    #[test]
    fn every_embedded_table_parses() {
        for (s, text) in EMBEDDED {
            let t = Table::new(s, std::borrow::Cow::Borrowed(text), s).unwrap();
            let n = t.parse_all().unwrap();
            assert_eq!(n, text.lines().count() - 1, "{s}");
        }
    }

    #[test]
    fn user_rows_override_embedded() {
        let dir = std::env::temp_dir().join(format!("terrace-cat-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("ec2.csv"),
            format!("{}\nus-east-1,compute_instance,m5.large,os=Linux;tenancy=Shared,hour,0.5,,,on_demand,2026-01-01,import:test\n", HEADER.join(",")),
        )
        .unwrap();
        let c = Catalog::with_user_dir(&dir).unwrap();
        let r = c.find(&Query::new("ec2", "us-east-1", "m5.large").attr("os", "Linux")).unwrap();
        assert_eq!(r.usd, Decimal::from_str("0.5").unwrap());
        // Other types still come from the embedded catalog.
        assert!(c.find(&Query::new("ec2", "us-east-1", "t3.micro").attr("os", "Linux")).is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }
}

#[cfg(test)]
mod split_tests {
    use super::split_fields;

    #[test]
    fn splits_quoted_fields() {
        let f = split_fields(r#"a,"b,c",,"say ""hi""",e"#, usize::MAX).unwrap();
        assert_eq!(f, vec!["a", "b,c", "", "say \"hi\"", "e"]);
        assert_eq!(split_fields("a,b,c,d", 2).unwrap(), vec!["a", "b"]);
        assert!(split_fields(r#"a,"b"#, usize::MAX).is_none());
        assert!(split_fields(r#""a"b,c"#, usize::MAX).is_none());
    }
}
