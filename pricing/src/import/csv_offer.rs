//! The CSV offer format: a few metadata lines (`FormatVersion`, `Publication Date`,
//! `OfferCode`...), then a header row starting `SKU,OfferTermCode,RateCode`, then one row
//! per price dimension with the product's attributes in the following columns.
//!
//! The header is found by its first cells, not by its line number: files re-saved by a
//! spreadsheet start with `sep=,`, and trimmed files have placeholder metadata lines.
//! Rows shorter than the price columns (stray text, a truncated last line) are skipped
//! and listed in the summary; a price or range that cannot be read is an error.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::path::Path;

use super::map::{self, Attrs, Dimension, RESERVED};
use super::{Collector, ImportError, DOWNLOAD_HINT};

/// Metadata and stray lines allowed before the header row.
const MAX_LINES_BEFORE_HEADER: usize = 30;

/// The columns a price needs (normalised names).
const REQUIRED: &[(&str, &str)] = &[("termtype", "TermType"), ("unit", "Unit"), ("priceperunit", "PricePerUnit")];

struct Row<'a> {
    cols: &'a HashMap<String, usize>,
    rec: &'a csv::StringRecord,
}

impl Attrs for Row<'_> {
    fn get(&self, key: &str) -> &str {
        self.cols.get(key).and_then(|&i| self.rec.get(i)).map_or("", str::trim)
    }
}

/// Counts lines as the CSV reader reads, to tell a record's line from its byte offset.
/// (csv's own line count loses one at the first CRLF of a file that starts `sep=,`.)
struct Lines<R> {
    inner: R,
    state: RefCell<LineState>,
}

#[derive(Default)]
struct LineState {
    read: u64,
    /// Offsets of newlines read but not yet counted.
    newlines: VecDeque<u64>,
    counted: u64,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let s = self.state.get_mut();
        for (i, _) in buf[..n].iter().enumerate().filter(|(_, b)| **b == b'\n') {
            s.newlines.push_back(s.read + i as u64);
        }
        s.read += n as u64;
        Ok(n)
    }
}

impl<R> Lines<R> {
    /// The line of a record starting at `byte` (csv may place the start on the newline
    /// that ends the previous line, hence `<=`). Records are asked for in order.
    fn line_at(&self, byte: u64) -> u64 {
        let mut s = self.state.borrow_mut();
        while s.newlines.front().is_some_and(|&nl| nl <= byte) {
            s.newlines.pop_front();
            s.counted += 1;
        }
        s.counted + 1
    }
}

pub(super) fn read(path: &Path, input: impl Read, delimiter: u8) -> Result<Collector, ImportError> {
    let mut c = Collector::new(path, "CSV");
    let input = Lines { inner: input, state: RefCell::default() };
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(input);
    let mut rec = csv::StringRecord::new();
    let mut meta: HashMap<String, String> = HashMap::new();
    let mut header: Option<(HashMap<String, usize>, usize, usize)> = None;
    let mut before_header = 0;
    let mut offer = String::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| rdr.get_ref().line_at(p.byte()));
                return Err(csv_error(path, line, e));
            }
        }
        let line = rec.position().map_or(0, |p| rdr.get_ref().line_at(p.byte()));
        let Some((cols, width, min_len)) = &header else {
            let first = rec.get(0).unwrap_or_default().trim_start_matches('\u{feff}').trim();
            if first.eq_ignore_ascii_case("SKU") {
                let h = read_header(path, line, &rec)?;
                offer = meta.get("offercode").cloned().unwrap_or_else(|| offer_from_name(&c.report.file));
                c.set_offer(&offer, meta.get("publicationdate").map(String::as_str));
                header = Some(h);
                continue;
            }
            if rec.len() >= 2 && !first.is_empty() {
                meta.insert(map::normalise_key(first), rec[1].trim().to_string());
            }
            before_header += 1;
            if before_header > MAX_LINES_BEFORE_HEADER {
                break;
            }
            continue;
        };
        if rec.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rec.len() < *min_len {
            c.short_row(line, rec.len(), *width);
            continue;
        }
        let row = Row { cols, rec: &rec };
        match row.get("termtype") {
            "OnDemand" => {}
            "Reserved" => {
                c.skip(map::Skip { reason: RESERVED, detail: String::new() }, 1);
                continue;
            }
            other => {
                c.skip(map::Skip { reason: "unknown term types", detail: other.to_string() }, 1);
                continue;
            }
        }
        let target = match map::classify(&offer, &row) {
            Ok(t) => t,
            Err(s) => {
                c.skip(s, 1);
                continue;
            }
        };
        let d = Dimension {
            unit: row.get("unit"),
            price: row.get("priceperunit"),
            currency: row.get("currency"),
            begin: row.get("startingrange"),
            end: row.get("endingrange"),
            effective_date: row.get("effectivedate"),
        };
        match map::price(&target, &d, &c.source) {
            Ok(Ok(r)) => c.add(r),
            Ok(Err(s)) => c.skip(s, 1),
            Err(p) => return Err(ImportError::Invalid { at: format!("{}:{line}", path.display()), what: p.what, fix: p.fix }),
        }
    }
    if header.is_none() {
        return Err(ImportError::UnknownFormat {
            path: path.display().to_string(),
            what: format!("no header row starting SKU,OfferTermCode,RateCode in the first {MAX_LINES_BEFORE_HEADER} lines"),
            fix: DOWNLOAD_HINT.into(),
        });
    }
    Ok(c)
}

/// The header's columns by normalised name, its width, and the fewest cells a row needs
/// to hold a price.
fn read_header(path: &Path, line: u64, rec: &csv::StringRecord) -> Result<(HashMap<String, usize>, usize, usize), ImportError> {
    let mut cols = HashMap::new();
    for (i, name) in rec.iter().enumerate() {
        cols.entry(map::normalise_key(name)).or_insert(i);
    }
    let mut min_len = 0;
    for (key, name) in REQUIRED {
        let Some(&i) = cols.get(*key) else {
            return Err(ImportError::Invalid {
                at: format!("{}:{line}", path.display()),
                what: format!("the header row has no {name} column"),
                fix: format!("The header of an offer file names SKU, OfferTermCode, RateCode, TermType, ..., Unit, PricePerUnit, Currency and the product attributes. {DOWNLOAD_HINT}"),
            });
        };
        min_len = min_len.max(i + 1);
    }
    Ok((cols, rec.len(), min_len))
}

/// `AmazonEC2_eu-west-1_index.csv` -> `AmazonEC2`, for files whose metadata lines are gone.
fn offer_from_name(file: &str) -> String {
    let stem = file.split(['_', '.', '-']).next().unwrap_or_default();
    if stem.starts_with("Amazon") || stem.starts_with("AWS") {
        stem.to_string()
    } else {
        String::new()
    }
}

fn csv_error(path: &Path, line: u64, e: csv::Error) -> ImportError {
    let at = format!("{}:{line}", path.display());
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(source) => ImportError::Read { path: path.display().to_string(), source },
        csv::ErrorKind::Utf8 { .. } => ImportError::Invalid {
            at,
            what: "the row is not UTF-8 text".into(),
            fix:
                "Offer files are UTF-8. If a spreadsheet re-saved the file, save it again as \"CSV UTF-8\", or download it again from AWS."
                    .into(),
        },
        _ => ImportError::Invalid { at, what: message, fix: DOWNLOAD_HINT.into() },
    }
}
