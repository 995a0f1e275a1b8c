//! Business metrics: rows of (date, metric, value, dimensions) read from CSV or JSON, and
//! their totals per calendar month.
//!
//! CSV, one row per date and metric; every column other than `date`, `metric` and
//! `value` is a dimension (`team`, `product`, ...):
//!
//! ```text
//! date,metric,value,team
//! 2024-01-31,orders,120000,checkout
//! ```
//!
//! JSON, an array of objects (or `{"metrics": [...]}`), dimensions either as other string
//! keys or in a `dimensions` object:
//!
//! ```json
//! [{"date": "2024-01-31", "metric": "orders", "value": 120000, "dimensions": {"team": "checkout"}}]
//! ```
//!
//! Dates are `YYYY-MM-DD` (a time after it is ignored) or `YYYY-MM` for a whole month.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::ReportError;

/// A calendar month, the period costs and metrics are compared over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    pub fn of(date: NaiveDate) -> Period {
        Period { year: date.year(), month: date.month() }
    }

    /// The first day of the month.
    pub fn start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// The first day of the next month (periods are half-open).
    pub fn end(&self) -> NaiveDate {
        self.next().start()
    }

    pub fn next(&self) -> Period {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { year: self.year, month: self.month + 1 }
        }
    }

    pub fn days(&self) -> u32 {
        (self.end() - self.start()).num_days() as u32
    }

    /// `March 2024`, for readers.
    pub fn label(&self) -> String {
        const MONTHS: [&str; 12] =
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        format!("{} {}", MONTHS[(self.month as usize).saturating_sub(1) % 12], self.year)
    }

    /// `Mar 2024`, for chart axes.
    pub fn short_label(&self) -> String {
        format!("{} {}", &self.label()[..3], self.year)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = String;
    /// `2024-03` or a date in the month (`2024-03-15`).
    fn from_str(s: &str) -> Result<Period, String> {
        parse_date(s).map(|(d, _)| Period::of(d))
    }
}

/// Parses `YYYY-MM-DD` (anything after the day, such as a time, is ignored) or `YYYY-MM`.
/// Returns the date and whether it named a whole month.
pub fn parse_date(s: &str) -> Result<(NaiveDate, bool), String> {
    let s = s.trim();
    let bad = || format!("`{s}` is not a date; write dates as YYYY-MM-DD, or YYYY-MM for a whole month");
    if s.len() == 7 {
        let d = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").map_err(|_| bad())?;
        return Ok((d, true));
    }
    let head = s.get(..10).ok_or_else(bad)?;
    if s.len() > 10 && !s[10..].starts_with(['T', ' ', 't']) {
        return Err(bad());
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").map(|d| (d, false)).map_err(|_| bad())
}

/// How a metric's values within a period combine into the period's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aggregate {
    /// Orders, rides, requests: the period's units are the sum of its values.
    #[default]
    Sum,
    /// Daily active users and other levels: the mean of the daily totals.
    Mean,
    /// The largest daily total.
    Max,
    /// The total on the period's last date.
    Last,
}

impl FromStr for Aggregate {
    type Err = String;
    fn from_str(s: &str) -> Result<Aggregate, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sum" => Ok(Aggregate::Sum),
            "mean" | "average" | "avg" => Ok(Aggregate::Mean),
            "max" => Ok(Aggregate::Max),
            "last" => Ok(Aggregate::Last),
            other => Err(format!("unknown aggregation `{other}`; use one of `sum`, `mean`, `max`, `last`")),
        }
    }
}

impl fmt::Display for Aggregate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Aggregate::Sum => "sum",
            Aggregate::Mean => "mean",
            Aggregate::Max => "max",
            Aggregate::Last => "last",
        })
    }
}

/// One value of one metric on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRow {
    pub date: NaiveDate,
    pub metric: String,
    pub value: Decimal,
    pub dimensions: BTreeMap<String, String>,
    /// The row's line in a CSV file, or its position (from 1) in a JSON array.
    pub line: usize,
}

/// A metrics file's rows, with how each metric aggregates.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    pub source: String,
    pub rows: Vec<MetricRow>,
    pub aggregates: BTreeMap<String, Aggregate>,
    /// The singular name of one unit of a metric (`order` for `orders`), when declared.
    pub unit_names: BTreeMap<String, String>,
}

impl Metrics {
    /// Reads a metrics file, CSV or JSON by its extension (JSON when the text starts with
    /// `[` or `{`).
    pub fn load(path: &Path) -> Result<Metrics, ReportError> {
        let text = std::fs::read_to_string(path).map_err(|e| ReportError::io(path, e))?;
        let source = path.display().to_string();
        let json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with(['[', '{']);
        if json {
            Metrics::from_json(&text, &source)
        } else {
            Metrics::from_csv(&text, &source)
        }
    }

    pub fn from_csv(text: &str, source: &str) -> Result<Metrics, ReportError> {
        let err = |line: usize, message: String| ReportError::Metrics { file: source.to_string(), line, message };
        let mut rdr = csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::All).from_reader(text.as_bytes());
        let headers: Vec<String> = rdr.headers().map_err(|e| err(1, e.to_string()))?.iter().map(|h| h.to_ascii_lowercase()).collect();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let need = |name: &str| {
            col(name).ok_or_else(|| {
                err(1, format!("no `{name}` column; a metrics CSV has the columns `date,metric,value`, then any dimensions (`team`, `product`)"))
            })
        };
        let (ci_date, ci_metric, ci_value) = (need("date")?, need("metric")?, need("value")?);
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                err(line, e.to_string())
            })?;
            let line = rec.position().map_or(0, |p| p.line() as usize);
            let field = |i: usize| rec.get(i).unwrap_or("");
            let (date, _) = parse_date(field(ci_date)).map_err(|m| err(line, m))?;
            let metric = field(ci_metric).to_string();
            if metric.is_empty() {
                return Err(err(line, "the metric name is empty".into()));
            }
            let value = parse_value(field(ci_value)).map_err(|m| err(line, m))?;
            let mut dimensions = BTreeMap::new();
            for (i, h) in headers.iter().enumerate() {
                if i != ci_date && i != ci_metric && i != ci_value && !field(i).is_empty() {
                    dimensions.insert(h.clone(), field(i).to_string());
                }
            }
            rows.push(MetricRow { date, metric, value, dimensions, line });
        }
        Metrics::new(source, rows)
    }

    pub fn from_json(text: &str, source: &str) -> Result<Metrics, ReportError> {
        let err = |line: usize, message: String| ReportError::Metrics { file: source.to_string(), line, message };
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| err(e.line(), e.to_string()))?;
        let items = match &v {
            serde_json::Value::Array(a) => a,
            serde_json::Value::Object(o) => match o.get("metrics") {
                Some(serde_json::Value::Array(a)) => a,
                _ => return Err(err(1, "expected an array of metric values, or an object with a `metrics` array".into())),
            },
            _ => return Err(err(1, "expected an array of metric values, or an object with a `metrics` array".into())),
        };
        let mut rows = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let n = i + 1;
            let item_err = |m: String| err(0, format!("entry {n}: {m}"));
            let Some(o) = item.as_object() else {
                return Err(item_err("expected an object with `date`, `metric` and `value`".into()));
            };
            let text_of = |k: &str| -> Result<String, ReportError> {
                match o.get(k) {
                    Some(serde_json::Value::String(s)) => Ok(s.clone()),
                    Some(serde_json::Value::Number(x)) => Ok(x.to_string()),
                    Some(_) => Err(item_err(format!("`{k}` must be a string or a number"))),
                    None => Err(item_err(format!("`{k}` is missing"))),
                }
            };
            let (date, _) = parse_date(&text_of("date")?).map_err(item_err)?;
            let metric = text_of("metric")?;
            if metric.is_empty() {
                return Err(item_err("the metric name is empty".into()));
            }
            let value = parse_value(&text_of("value")?).map_err(item_err)?;
            let mut dimensions = BTreeMap::new();
            for (k, v) in o {
                match (k.as_str(), v) {
                    ("date" | "metric" | "value", _) => {}
                    ("dimensions", serde_json::Value::Object(d)) => {
                        for (dk, dv) in d {
                            let s = match dv {
                                serde_json::Value::String(s) => s.clone(),
                                other => other.to_string(),
                            };
                            dimensions.insert(dk.to_ascii_lowercase(), s);
                        }
                    }
                    (_, serde_json::Value::String(s)) if !s.is_empty() => {
                        dimensions.insert(k.to_ascii_lowercase(), s.clone());
                    }
                    _ => {}
                }
            }
            rows.push(MetricRow { date, metric, value, dimensions, line: n });
        }
        Metrics::new(source, rows)
    }

    fn new(source: &str, rows: Vec<MetricRow>) -> Result<Metrics, ReportError> {
        if rows.is_empty() {
            return Err(ReportError::Metrics {
                file: source.to_string(),
                line: 0,
                message: "the file has no metric values; add rows of `date,metric,value`".into(),
            });
        }
        Ok(Metrics { source: source.to_string(), rows, aggregates: BTreeMap::new(), unit_names: BTreeMap::new() })
    }

    /// Metric names in the order they first appear.
    pub fn names(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.rows.iter().filter(|r| seen.insert(r.metric.as_str())).map(|r| r.metric.clone()).collect()
    }

    /// Every period with a value of any metric, in order.
    pub fn periods(&self) -> Vec<Period> {
        let set: BTreeSet<Period> = self.rows.iter().map(|r| Period::of(r.date)).collect();
        set.into_iter().collect()
    }

    /// The periods with values of `metric`.
    pub fn periods_of(&self, metric: &str) -> Vec<Period> {
        let set: BTreeSet<Period> = self.rows.iter().filter(|r| r.metric == metric).map(|r| Period::of(r.date)).collect();
        set.into_iter().collect()
    }

    pub fn aggregate(&self, metric: &str) -> Aggregate {
        self.aggregates.get(metric).copied().unwrap_or_default()
    }

    /// Whether any value of `metric` carries the dimension `dim`.
    pub fn has_dimension(&self, metric: &str, dim: &str) -> bool {
        self.rows.iter().any(|r| r.metric == metric && r.dimensions.contains_key(dim))
    }

    /// The values a dimension takes for a metric.
    pub fn dimension_values(&self, metric: &str, dim: &str) -> BTreeSet<String> {
        self.rows.iter().filter(|r| r.metric == metric).filter_map(|r| r.dimensions.get(dim).cloned()).collect()
    }

    /// The units of `metric` in `period`, optionally only the rows whose dimension `dim`
    /// has the value given; None when there are no such rows.
    pub fn units(&self, metric: &str, period: Period, only: Option<(&str, &str)>) -> Option<Decimal> {
        let mut by_date: BTreeMap<NaiveDate, Decimal> = BTreeMap::new();
        for r in &self.rows {
            if r.metric != metric || Period::of(r.date) != period {
                continue;
            }
            if let Some((k, v)) = only {
                if r.dimensions.get(k).map(String::as_str) != Some(v) {
                    continue;
                }
            }
            *by_date.entry(r.date).or_default() += r.value;
        }
        if by_date.is_empty() {
            return None;
        }
        let daily: Vec<Decimal> = by_date.values().copied().collect();
        Some(match self.aggregate(metric) {
            Aggregate::Sum => daily.iter().sum(),
            Aggregate::Mean => daily.iter().sum::<Decimal>() / Decimal::from(daily.len() as u64),
            Aggregate::Max => daily.iter().copied().max().unwrap_or_default(),
            Aggregate::Last => daily.last().copied().unwrap_or_default(),
        })
    }

    /// How many distinct days of `period` have values of `metric`.
    pub fn days_covered(&self, metric: &str, period: Period) -> usize {
        self.rows.iter().filter(|r| r.metric == metric && Period::of(r.date) == period).map(|r| r.date).collect::<BTreeSet<_>>().len()
    }

    /// Whether every value of `metric` in `period` is dated on the same day (a monthly
    /// figure), as opposed to daily values.
    pub fn is_monthly_figure(&self, metric: &str, period: Period) -> bool {
        self.days_covered(metric, period) == 1
    }

    /// The name of one unit: declared, or the metric name with a plural `s` dropped.
    pub fn unit_name(&self, metric: &str) -> String {
        if let Some(u) = self.unit_names.get(metric) {
            return u.clone();
        }
        match metric.strip_suffix('s') {
            Some(stem) if !stem.is_empty() && !stem.ends_with('s') => stem.to_string(),
            _ => metric.to_string(),
        }
    }
}

/// Values beyond this are refused: sums and unit costs of them could not be computed exactly.
const MAX_VALUE: Decimal = Decimal::from_parts(0xA764_0000, 0x0DE0_B6B3, 0, false, 0); // 10^18

fn parse_value(s: &str) -> Result<Decimal, String> {
    let t = s.trim().replace('_', "");
    let v = terrace_pricing::catalog::parse_decimal(&t).ok_or_else(|| format!("`{s}` is not a number; write values as plain decimals such as `1250` or `0.5`"))?;
    if v.abs() > MAX_VALUE {
        return Err(format!("`{s}` is too large; metric values are at most 10^18"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn csv_rows_and_dimensions() {
        let m = Metrics::from_csv("date,metric,value,team\n2024-01-05,orders,10,a\n2024-01-06,orders,5,b\n2024-02,orders,7,a\n", "m.csv")
            .expect("parse");
        assert_eq!(m.periods().len(), 2);
        let jan = Period { year: 2024, month: 1 };
        assert_eq!(m.units("orders", jan, None), Some(d("15")));
        assert_eq!(m.units("orders", jan, Some(("team", "b"))), Some(d("5")));
        assert!(m.has_dimension("orders", "team"));
        assert_eq!(m.unit_name("orders"), "order");
    }

    #[test]
    fn mean_aggregates_daily_totals() {
        let mut m = Metrics::from_csv("date,metric,value,team\n2024-01-01,dau,10,a\n2024-01-01,dau,20,b\n2024-01-02,dau,40,a\n", "m.csv")
            .expect("parse");
        m.aggregates.insert("dau".into(), Aggregate::Mean);
        assert_eq!(m.units("dau", Period { year: 2024, month: 1 }, None), Some(d("35")));
    }

    #[test]
    fn errors_name_the_line() {
        let e = Metrics::from_csv("date,metric,value\n2024-01-01,orders,10\n2024-13-01,orders,1\n", "m.csv").expect_err("bad date");
        assert!(e.to_string().starts_with("m.csv:3: `2024-13-01` is not a date"), "{e}");
        let e = Metrics::from_csv("day,metric,value\n", "m.csv").expect_err("no date column");
        assert!(e.to_string().contains("no `date` column"), "{e}");
        let e = Metrics::from_csv("date,metric,value\n2024-01-01,orders,5e20\n", "m.csv").expect_err("huge");
        assert!(e.to_string().contains("too large"), "{e}");
        assert_eq!(MAX_VALUE, Decimal::from(1_000_000_000_000_000_000u64));
        let e = Metrics::from_json(r#"[{"date":"2024-01-01","metric":"x","value":"ten"}]"#, "m.json").expect_err("bad value");
        assert!(e.to_string().contains("entry 1: `ten` is not a number"), "{e}");
    }

    #[test]
    fn json_with_dimensions_object() {
        let m = Metrics::from_json(
            r#"{"metrics":[{"date":"2024-03-31T00:00:00Z","metric":"rides","value":1.5e3,"dimensions":{"Team":"x"}}]}"#,
            "m.json",
        )
        .expect("parse");
        assert_eq!(m.rows[0].value, d("1500"));
        assert_eq!(m.rows[0].dimensions.get("team").map(String::as_str), Some("x"));
    }
}
