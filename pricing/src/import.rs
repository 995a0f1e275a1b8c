//! `terrace pricing import`: AWS Price List bulk offer files into the user catalog.
//!
//! An offer file (`.../offers/v1.0/aws/SERVICE/current/REGION/index.csv` or `index.json`)
//! lists every product of one AWS service with its prices. The on-demand prices the cost
//! models use are mapped to catalog rows (see `import/map.rs` for which ones) and merged
//! into `DIR/SERVICE.csv`, the user catalog [`Catalog::with_user_dir`] reads in front of
//! the embedded one. Everything else (reserved terms, dedicated tenancy, product
//! families no model prices) is skipped and counted in the summary.
//!
//! All files are read before anything is written, so a malformed file changes nothing;
//! each catalog file is then written whole to a temporary file and renamed over the old one.
//!
//! [`Catalog::with_user_dir`]: crate::catalog::Catalog::with_user_dir

mod csv_offer;
mod json_offer;
mod locations;
mod map;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::catalog::{parse_decimal, PriceRow, HEADER};
use map::Skip;

pub use locations::region_code;

/// Why an import failed. Nothing is written when an import fails.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: unknown file format: {what}\n\n{fix}")]
    UnknownFormat { path: String, what: String, fix: String },
    /// A value that cannot be read; `at` is `FILE:LINE` (CSV) or `FILE:LINE:COLUMN` or
    /// `FILE (json path)` (JSON).
    #[error("{at}: {what}\n\n{fix}")]
    Invalid { at: String, what: String, fix: String },
    #[error("{path}: cannot write the user catalog: {source}")]
    Write { path: String, source: std::io::Error },
}

/// The values kept per skip reason (the summary shows four).
const MAX_EXAMPLES: usize = 16;

/// How many rows one reason skipped, with a few of the values that caused it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SkipCount {
    pub rows: usize,
    pub examples: BTreeSet<String>,
}

/// What one offer file gave.
#[derive(Debug, Default, Clone)]
pub struct FileReport {
    /// The file name.
    pub file: String,
    /// `CSV` or `JSON`.
    pub format: &'static str,
    /// The offer code (`AmazonEC2`), from the file's header or its rows.
    pub offer_code: String,
    pub publication_date: Option<String>,
    /// Prices imported per catalog service, with their regions.
    pub imported: BTreeMap<String, (usize, BTreeSet<String>)>,
    /// Rows skipped, by reason.
    pub skipped: BTreeMap<&'static str, SkipCount>,
    /// Rows too short to hold a price: (line, cells, cells in the header).
    pub short_rows: Vec<(u64, usize, usize)>,
    /// Prices given twice for the same catalog row; the last one is kept.
    pub duplicates: usize,
}

impl FileReport {
    pub fn imported_total(&self) -> usize {
        self.imported.values().map(|(n, _)| n).sum()
    }
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().map(|s| s.rows).sum::<usize>() + self.short_rows.len()
    }
}

/// One catalog file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub service: String,
    pub path: PathBuf,
    /// Prices from this import.
    pub imported: usize,
    /// Rows of the old file this import replaced.
    pub replaced: usize,
    /// Rows of the old file kept as they were.
    pub kept: usize,
}

/// The result of an import, shown as a summary.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    pub written: Vec<Written>,
}

/// Imports offer files into the user catalog in `dir`.
pub fn import_files(files: &[PathBuf], dir: &Path) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport::default();
    let mut by_service: BTreeMap<String, Vec<(usize, PriceRow)>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        let c = read_offer(f)?;
        for row in c.rows {
            by_service.entry(row.service.clone()).or_default().push((i, row));
        }
        report.files.push(c.report);
    }
    for (service, rows) in by_service {
        // A price several files give comes from the last of them, all its tiers.
        let row_key =
            |r: &PriceRow| merge_key(&r.region, &r.product_family, &r.resource, &attrs_text(&r.attributes), &r.purchase_option, "");
        let last: HashMap<String, usize> = rows.iter().map(|(i, r)| (row_key(r), *i)).collect();
        let rows: Vec<PriceRow> = rows.into_iter().filter(|(i, r)| last.get(&row_key(r)) == Some(i)).map(|(_, r)| r).collect();
        report.written.push(merge_into(dir, &service, &rows)?);
    }
    Ok(report)
}

/// The rows read from one file, deduplicated, with its report.
struct Collector {
    source: String,
    rows: Vec<PriceRow>,
    index: HashMap<String, usize>,
    report: FileReport,
}

impl Collector {
    fn new(path: &Path, format: &'static str) -> Collector {
        let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        Collector {
            source: String::new(),
            rows: Vec::new(),
            index: HashMap::new(),
            report: FileReport { file, format, ..Default::default() },
        }
    }

    /// Sets the offer code and publication date once the file's header is read.
    fn set_offer(&mut self, offer_code: &str, publication_date: Option<&str>) {
        self.report.offer_code = offer_code.to_string();
        self.report.publication_date = publication_date.map(str::to_string).filter(|d| !d.is_empty());
        self.source = match &self.report.publication_date {
            Some(d) => format!("import:{}@{d}", self.report.file),
            None => format!("import:{}", self.report.file),
        };
    }

    fn add(&mut self, row: PriceRow) {
        let key = merge_key(
            &row.region,
            &row.product_family,
            &row.resource,
            &attrs_text(&row.attributes),
            &row.purchase_option,
            &tier_text(row.tier_start),
        );
        let entry = self.report.imported.entry(row.service.clone()).or_default();
        match self.index.get(&key) {
            Some(&i) => {
                self.report.duplicates += 1;
                self.rows[i] = row;
            }
            None => {
                entry.0 += 1;
                entry.1.insert(row.region.clone());
                self.index.insert(key, self.rows.len());
                self.rows.push(row);
            }
        }
    }

    fn skip(&mut self, s: Skip, rows: usize) {
        let e = self.report.skipped.entry(s.reason).or_default();
        e.rows += rows;
        if !s.detail.is_empty() && e.examples.len() < MAX_EXAMPLES {
            e.examples.insert(s.detail);
        }
    }

    fn short_row(&mut self, line: u64, cells: usize, header: usize) {
        self.report.short_rows.push((line, cells, header));
    }

    /// Dates as ISO `YYYY-MM-DD`, once the whole file is read.
    fn finish(mut self) -> Collector {
        normalise_dates(&mut self.rows);
        self
    }
}

/// Reads one offer file, telling CSV from JSON by its first character.
fn read_offer(path: &Path) -> Result<Collector, ImportError> {
    let read_err = |e| ImportError::Read { path: path.display().to_string(), source: e };
    let file = File::open(path).map_err(read_err)?;
    let mut input = BufReader::with_capacity(1 << 16, file);
    let head = input.fill_buf().map_err(read_err)?;
    let text = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    let first = text.iter().copied().find(|b| !b.is_ascii_whitespace());
    let unknown =
        |what: &str, fix: &str| ImportError::UnknownFormat { path: path.display().to_string(), what: what.into(), fix: fix.into() };
    match (first, head) {
        (None, _) => Err(unknown("the file is empty", DOWNLOAD_HINT)),
        (_, [0x1f, 0x8b, ..]) => Err(unknown("the file is gzip-compressed", "Decompress it first (gunzip FILE) and import the result.")),
        (_, [b'P', b'K', 3, 4, ..]) => Err(unknown("the file is a zip archive", "Unzip it first and import the offer file inside.")),
        (Some(b'{'), _) => json_offer::read(path, input).map(Collector::finish),
        _ => {
            let delimiter = match text.strip_prefix(b"sep=") {
                Some([d, ..]) if !matches!(d, b'\r' | b'\n') => *d,
                _ => b',',
            };
            csv_offer::read(path, input, delimiter).map(Collector::finish)
        }
    }
}

const DOWNLOAD_HINT: &str = "Import an AWS Price List bulk offer file, index.csv or index.json, e.g. \
https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/eu-west-1/index.csv";

/// The identity of a catalog row for merging: a new price replaces an old one with the
/// same region, product family, resource, attributes, purchase option and tier start.
fn merge_key(region: &str, family: &str, resource: &str, attrs: &str, purchase: &str, tier_start: &str) -> String {
    let mut pairs: Vec<&str> = attrs.split(';').filter(|p| !p.is_empty()).collect();
    pairs.sort_unstable();
    format!("{region}\u{1f}{family}\u{1f}{resource}\u{1f}{}\u{1f}{purchase}\u{1f}{tier_start}", pairs.join(";"))
}

/// A catalog file's row: the [`HEADER`] columns.
type Record = [String; HEADER.len()];

/// The same without the tier start: the price a row is one tier of.
fn price_key(rec: &Record) -> String {
    merge_key(&rec[0], &rec[1], &rec[2], &rec[3], &rec[8], "")
}

fn attrs_text(attrs: &[(String, String)]) -> String {
    attrs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(";")
}

fn tier_text(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string()).unwrap_or_default()
}

fn to_record(r: &PriceRow) -> Record {
    [
        r.region.clone(),
        r.product_family.clone(),
        r.resource.clone(),
        attrs_text(&r.attributes),
        r.unit.clone(),
        r.usd.normalize().to_string(),
        tier_text(r.tier_start),
        match (r.tier_start, r.tier_end) {
            (_, Some(e)) => tier_text(Some(e)),
            (Some(_), None) => "Inf".into(),
            (None, None) => String::new(),
        },
        r.purchase_option.clone(),
        r.effective_date.clone(),
        r.source.clone(),
    ]
}

/// Merges `rows` into `DIR/SERVICE.csv`. A price this import brings replaces every row of
/// the old file for the same price (all its tiers, so a re-tiered price leaves no stale
/// tier behind); other rows are kept.
fn merge_into(dir: &Path, service: &str, rows: &[PriceRow]) -> Result<Written, ImportError> {
    let path = dir.join(format!("{service}.csv"));
    let old = read_user_file(&path)?;
    let new: Vec<Record> = rows.iter().map(to_record).collect();
    let incoming: std::collections::HashSet<String> = new.iter().map(price_key).collect();
    let before = old.len();
    let mut out: Vec<Record> = old.into_iter().filter(|r| !incoming.contains(&price_key(r))).collect();
    let kept = out.len();
    out.extend(new);
    // By region, resource, product family, purchase option, attributes, then tier.
    let tier = |r: &Record| parse_decimal(&r[6]).unwrap_or(Decimal::MIN);
    out.sort_by(|a, b| (&a[0], &a[2], &a[1], &a[8], &a[3]).cmp(&(&b[0], &b[2], &b[1], &b[8], &b[3])).then_with(|| tier(a).cmp(&tier(b))));
    write_atomic(&path, &out)?;
    Ok(Written { service: service.to_string(), path, imported: rows.len(), replaced: before - kept, kept })
}

/// The rows of an existing user catalog file, as written; none when there is no file.
fn read_user_file(path: &Path) -> Result<Vec<Record>, ImportError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ImportError::Read { path: path.display().to_string(), source: e }),
    };
    let fix = "This is the user catalog file the import merges into. Correct it, or move it away to start afresh, then import again.";
    let invalid = |line: u64, what: String| ImportError::Invalid { at: format!("{}:{line}", path.display()), what, fix: fix.into() };
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let header = rdr.headers().map_err(|e| invalid(1, e.to_string()))?;
    if header.iter().ne(HEADER) {
        return Err(invalid(1, format!("expected the columns {}", HEADER.join(","))));
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| invalid(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        let line = rec.position().map_or(0, |p| p.line());
        rows.push(cells.try_into().map_err(|c: Vec<String>| invalid(line, format!("{} cells, expected {}", c.len(), HEADER.len())))?);
    }
    Ok(rows)
}

/// Writes the catalog file whole to a temporary file next to it, then renames it into place.
fn write_atomic(path: &Path, rows: &[Record]) -> Result<(), ImportError> {
    let err = |p: &Path, e: std::io::Error| ImportError::Write { path: p.display().to_string(), source: e };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(File::create(&tmp)?);
        w.write_record(HEADER)?;
        for r in rows {
            w.write_record(r)?;
        }
        let mut file = w.into_inner().map_err(|e| e.into_error())?;
        file.flush()?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(path, e));
    }
    Ok(())
}

/// Effective dates as `YYYY-MM-DD`. Offer files write ISO dates (sometimes with a time);
/// a spreadsheet re-save writes `DD/MM/YYYY` or `MM/DD/YYYY`: day first, unless a date in
/// the file can only be month first.
fn normalise_dates(rows: &mut [PriceRow]) {
    let slashed: Vec<(u32, u32)> = rows.iter().filter_map(|r| slash_date(&r.effective_date)).map(|(a, b, _)| (a, b)).collect();
    let month_first = slashed.iter().any(|&(_, b)| b > 12) && !slashed.iter().any(|&(a, _)| a > 12);
    for r in rows {
        let d = r.effective_date.trim();
        r.effective_date = if let Some((a, b, y)) = slash_date(d) {
            let (day, month) = if month_first { (b, a) } else { (a, b) };
            format!("{y:04}-{month:02}-{day:02}")
        } else if d.len() > 10 && d.is_char_boundary(10) && d.as_bytes().get(4) == Some(&b'-') {
            d[..10].to_string()
        } else {
            d.to_string()
        };
    }
}

/// `01/05/2017` -> (1, 5, 2017); `2017/05/01` -> (1, 5, 2017).
fn slash_date(s: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = s.trim().split('/').collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let (a, b, c): (u32, u32, u32) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    let (a, b, y) = if a >= 1000 { (c, b, a) } else { (a, b, if c < 100 { c + 2000 } else { c }) };
    ((1..=31).contains(&a) && (1..=31).contains(&b)).then_some((a, b, y))
}

/// `1204` -> `1,204`.
pub(crate) fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

fn regions_text(regions: &BTreeSet<String>) -> String {
    if regions.len() <= 3 {
        regions.iter().cloned().collect::<Vec<_>>().join(", ")
    } else {
        format!("{} regions", regions.len())
    }
}

impl fmt::Display for FileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match (&self.offer_code, &self.publication_date) {
            (o, Some(d)) if !o.is_empty() => write!(f, " ({o}, published {d})")?,
            (o, None) if !o.is_empty() => write!(f, " ({o}, no publication date in the header)")?,
            _ => {}
        }
        write!(f, ": ")?;
        if self.imported.is_empty() {
            write!(f, "imported no prices")?;
        } else {
            let parts: Vec<String> = self
                .imported
                .iter()
                .enumerate()
                .map(|(i, (service, (n, regions)))| {
                    let what = if i == 0 { format!("imported {}", plural(*n, "price", "prices")) } else { thousands(*n) };
                    format!("{what} for {service} ({})", regions_text(regions))
                })
                .collect();
            write!(f, "{}", parts.join(", "))?;
        }
        let skipped = self.skipped_total();
        if skipped > 0 {
            let mut reasons: Vec<(usize, String)> = self
                .skipped
                .iter()
                .map(|(reason, s)| {
                    let mut text = format!("{} {reason}", thousands(s.rows));
                    if !s.examples.is_empty() {
                        let mut ex: Vec<&str> = s.examples.iter().map(String::as_str).take(4).collect();
                        if s.examples.len() > 4 {
                            ex.push("...");
                        }
                        text.push_str(&format!(" ({})", ex.join(", ")));
                    }
                    (s.rows, text)
                })
                .collect();
            if !self.short_rows.is_empty() {
                reasons.push((self.short_rows.len(), format!("{} too short to hold a price", thousands(self.short_rows.len()))));
            }
            reasons.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let list: Vec<String> = reasons.into_iter().map(|(_, t)| t).collect();
            write!(f, "; skipped {}: {}", plural(skipped, "row", "rows"), list.join(", "))?;
        }
        if self.duplicates > 0 {
            write!(f, "; {} given twice (the last one kept)", plural(self.duplicates, "price", "prices"))?;
        }
        for (line, cells, header) in self.short_rows.iter().take(5) {
            write!(f, "\n  line {line}: {} where the header has {header}; skipped", plural(*cells, "cell", "cells"))?;
        }
        if self.short_rows.len() > 5 {
            write!(f, "\n  ... and {} more short rows", self.short_rows.len() - 5)?;
        }
        Ok(())
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.files {
            writeln!(f, "{r}")?;
        }
        if self.written.is_empty() {
            return writeln!(f, "Nothing to write: the files had no prices Terrace imports.");
        }
        for w in &self.written {
            write!(f, "Wrote {}: {}", w.path.display(), plural(w.imported, "price", "prices"))?;
            let mut notes = Vec::new();
            if w.replaced > 0 {
                notes.push(format!("{} replaced", thousands(w.replaced)));
            }
            if w.kept > 0 {
                notes.push(format!("{} kept from earlier imports", thousands(w.kept)));
            }
            if !notes.is_empty() {
                write!(f, " ({})", notes.join(", "))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
