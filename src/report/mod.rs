//! Unit-economics reports: cloud cost per unit of a business metric (cost per order, per
//! daily active user, per ride), by team, tag, module, project or service, over time.
//!
//! Data flows one way: cost reports (infracost JSON 0.2, from `terrace cost`, a priced
//! state or configuration) become [`allocate::CostItem`]s; the metrics file becomes
//! [`metrics::Metrics`]; [`model::build`] places cost snapshots on the metrics' months,
//! allocates each month ([`allocate::allocate`]) and divides by the units
//! ([`unit`]); renderers (JSON, CSV, FOCUS CSV, Markdown, HTML) read the result only.
//!
//! **Invariant:** in every month, the groups' amounts, the untagged line and shared cost
//! left unsplit add up to the month's total exactly, in cents; the cents rounding moves
//! are added to one declared group and shown.
//!
//! # The JSON contract, version 1
//!
//! `terrace report unit-economics --format json` writes one object. Money is a decimal
//! string with two decimals (`"1234.50"`), in `currency`; unit costs, units, shares and
//! percentages are decimal strings without trailing zeros (`"0.00182"`), unit costs with
//! 8 significant digits; a figure that cannot be computed (no units) is `null`. Keys may
//! be added within a version; renaming, removing or changing the meaning of a key
//! moves `version`.
//!
//! | key | meaning |
//! |---|---|
//! | `version` | `"1"` |
//! | `currency` | ISO currency code of every amount (`"USD"`) |
//! | `generated_at` | RFC 3339 time the report was made |
//! | `period` | the month the report is about, `YYYY-MM` (the metrics' latest month) |
//! | `group_by` | `tag:KEY`, `module`, `project` or `service` |
//! | `total_monthly_cost` | the month's total cost |
//! | `unallocated_monthly_cost` | cost no group carries: untagged plus shared cost not split |
//! | `untagged_monthly_cost` | cost of resources without the grouping tag |
//! | `unit_costs` | metric name to total cost per one unit |
//! | `groups[]` | largest first: `name`, `monthly_cost` (= `direct_monthly_cost` + `shared_monthly_cost` + `rounding`), `share` of the total (fraction), `resources`, `unit_costs` and `units` (metric name to value) |
//! | `shared` | `monthly_cost`, `rule` (`even`, `proportional`, `weights`), `weights`, `resources` (addresses), `unsplit_monthly_cost` |
//! | `rounding` | `amount` the rounding moved and the line it went `to` |
//! | `metrics[]` | `name`, `unit`, `aggregate`, `units`, `unit_cost`, `units_basis` (`group`: each group's own units, `total`: all units), `display_per`, `trend[]` (`period`, `units`, `monthly_cost`, `unit_cost`, `change_percent`, `marginal_cost`, `groups`), `projected` (`before`, `after`, `change_percent`, `groups`) |
//! | `periods[]` | `period`, `start`, `end` (exclusive), `cost_basis` (`snapshot`, `carried_forward`, `carried_back`), `total_monthly_cost`, `unallocated_monthly_cost`, `groups[]` (`name`, `monthly_cost`) |
//! | `projection` | with a plan: `source`, `monthly_cost_before`, `monthly_cost_after`, `diff_monthly_cost`, `groups[]` (`name`, `before`, `after`); else `null` |
//! | `targets[]` | `metric`, `group` (null: the total), `max_unit_cost`, `actual`, `projected`, `met` |
//! | `coverage` | `resources`, `priced_resources`, `free_resources`, `unpriced_resources`, `unpriced_share`, `unsupported`, `price_missing`, `usage_missing`, `usage_monthly_cost` |
//! | `notes[]` | the assumptions behind the numbers, in plain sentences |
//! | `sources` | `metrics` file and `costs` inputs |
//!
//! For every month: `sum(groups[].monthly_cost) + unallocated_monthly_cost ==
//! total_monthly_cost`, exactly.

pub mod allocate;
pub mod config;
pub mod focus;
pub mod html;
pub mod json;
pub mod markdown;
pub mod metrics;
pub mod model;
pub mod notes;
pub mod service;
pub mod table;
pub mod unit;
pub mod view;

use std::path::Path;

use terrace_pricing::json::Report;

pub use allocate::{allocate, Allocation, CostItem, GroupBy, Rules, Selector, SplitRule};
pub use config::{FileSettings, Target};
pub use metrics::{Aggregate, Metrics, Period};
pub use model::{build, CostSource, Inputs, UnitEconomics};
pub use unit::{unit_cost_lines, UnitCostLine};

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// A metrics file's content; line 0 when the problem has no line.
    #[error("{file}{}: {message}", line_suffix(*.line))]
    Metrics { file: String, line: usize, message: String },
    #[error("{file}{}: {message}", line_suffix(*.line))]
    Settings { file: String, line: usize, message: String },
    #[error("{file}: {message}")]
    Cost { file: String, message: String },
    #[error("{0}")]
    Rules(String),
    #[error("{0}")]
    Input(String),
}

fn line_suffix(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}

impl ReportError {
    pub fn io(path: &Path, source: std::io::Error) -> ReportError {
        ReportError::Io { path: path.display().to_string(), source }
    }
}

/// Reads a cost report file (Terrace's or infracost's JSON).
pub fn read_cost_report(path: &Path) -> Result<Report, ReportError> {
    let text = std::fs::read_to_string(path).map_err(|e| ReportError::io(path, e))?;
    let file = path.display().to_string();
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| ReportError::Cost { file: format!("{file}:{}:{}", e.line(), e.column()), message: format!("not valid JSON: {e}") })?;
    if v.get("projects").is_none() {
        let hint = if v.get("planned_values").is_some() || v.get("resource_changes").is_some() {
            "this is a Terraform plan, not a cost report; give it with `--plan`, or price it with `terrace cost breakdown --format json`"
        } else if v.get("resources").is_some() && v.get("serial").is_some() {
            "this is a state file; give it with `--state` instead of `--cost`"
        } else {
            "a cost report (from `terrace cost breakdown --format json` or infracost) has a `projects` list"
        };
        return Err(ReportError::Cost { file, message: format!("not a cost report: {hint}") });
    }
    Report::from_json(&text).map_err(|e| ReportError::Cost { file: format!("{file}:{}:{}", e.line(), e.column()), message: e.to_string() })
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Json,
    Csv,
    Markdown,
    /// The cost lines in FinOps FOCUS columns.
    Focus,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "html" => Ok(Format::Html),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "markdown" | "md" => Ok(Format::Markdown),
            "focus" => Ok(Format::Focus),
            other => Err(format!("unknown format `{other}`; use `html`, `json`, `csv`, `markdown` or `focus`")),
        }
    }
}

impl Format {
    /// The format an output file's extension suggests.
    pub fn from_path(p: &Path) -> Option<Format> {
        match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Renders the report in a format.
pub fn render(r: &UnitEconomics, format: Format) -> String {
    match format {
        Format::Html => html::render(r),
        Format::Json => json::render(r),
        Format::Csv => table::render(r),
        Format::Markdown => markdown::render(r),
        Format::Focus => focus::render(r),
    }
}
