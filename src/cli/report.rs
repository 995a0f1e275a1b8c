//! `terrace report unit-economics`: cloud cost per unit of a business metric, by team,
//! tag, module, project or service, over the months of a metrics file.
//!
//! Exit codes: 0 success, 1 error, 3 a unit-cost target is missed (the report is still
//! written).

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use rust_decimal::Decimal;

use terrace_pricing::Catalog;

use crate::cost::{CostError, ProjectSpec};
use crate::report::{self, CostSource, FileSettings, Format, GroupBy, Inputs, Metrics, Period, ReportError, Rules, Selector, SplitRule, Target};

/// The exit code of a missed unit-cost target.
pub const EXIT_TARGET_MISSED: i32 = 3;

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Cost per unit of a business metric (per order, per active user), by team, tag,
    /// module, project or service, across the months of a metrics file.
    UnitEconomics(UnitEconomicsArgs),
}

#[derive(Args, Debug, Default)]
pub struct UnitEconomicsArgs {
    /// Business metrics: CSV with the columns date,metric,value[,dimension...] or JSON.
    #[arg(long, value_name = "FILE")]
    pub metrics: PathBuf,
    /// Cost JSON (Terrace's or infracost's), for the metrics' latest month or, written
    /// `MONTH=FILE` (`2024-03=cost.json`), for that month. Repeatable.
    #[arg(long = "cost", value_name = "[MONTH=]FILE")]
    pub costs: Vec<String>,
    /// A configuration directory to price. Repeatable.
    #[arg(long = "path", value_name = "DIR")]
    pub paths: Vec<PathBuf>,
    /// A state file to price: what runs now. Repeatable.
    #[arg(long = "state", value_name = "FILE")]
    pub states: Vec<PathBuf>,
    /// A plan: Terraform plan JSON (`terrace show -json plan.out`), or cost JSON with a
    /// diff (`terrace cost diff --format json`). Shows unit costs after the change.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// An infracost-format usage file for `--path`, `--state` and `--plan` (default:
    /// infracost-usage.yml beside them).
    #[arg(long = "usage-file", value_name = "FILE")]
    pub usage_file: Option<PathBuf>,
    /// Variable files for `--path` configurations (repeatable).
    #[arg(long = "terraform-var-file", alias = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Variables for `--path` configurations: NAME=VALUE (repeatable).
    #[arg(long = "terraform-var", alias = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// The workspace name (`terraform.workspace`) for `--path` configurations.
    #[arg(long = "terraform-workspace", value_name = "NAME")]
    pub workspace: Option<String>,
    /// Group costs by `tag:KEY`, `module`, `project` or `service` (default `tag:team`).
    #[arg(long = "group-by", value_name = "GROUPING")]
    pub group_by: Option<String>,
    /// `html`, `json`, `csv`, `markdown` or `focus` (FinOps FOCUS cost lines). Default:
    /// from the output file's extension, else markdown.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Write the report to this file instead of standard output.
    #[arg(long = "out-file", value_name = "FILE")]
    pub out_file: Option<PathBuf>,
    /// A settings file (YAML): grouping, shared cost, metric settings, targets.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Resources whose cost is shared: an address pattern (`module.net.aws_nat_gateway.*`),
    /// `tag:KEY=VALUE`, `type:TYPE` or `project:NAME`. Repeatable.
    #[arg(long, value_name = "PATTERN")]
    pub shared: Vec<String>,
    /// How shared cost is split: `even`, `proportional` (to each group's own cost) or
    /// `weights` (with --weight).
    #[arg(long, value_name = "RULE")]
    pub split: Option<String>,
    /// A fixed weight for splitting shared cost: GROUP=N. Repeatable.
    #[arg(long = "weight", value_name = "GROUP=N")]
    pub weights: Vec<String>,
    /// The group that takes the cents rounding leaves over (default: the largest).
    #[arg(long = "remainder-to", value_name = "GROUP")]
    pub remainder_to: Option<String>,
    /// A maximum cost per unit: METRIC=MAX, METRIC=MAX/1000, METRIC:GROUP=MAX. Repeatable.
    #[arg(long = "target", value_name = "METRIC=MAX")]
    pub targets: Vec<String>,
    /// How a metric's values add up in a month: METRIC=sum|mean|max|last. Repeatable.
    #[arg(long = "aggregate", value_name = "METRIC=HOW")]
    pub aggregates: Vec<String>,
}

/// The flags and the settings file resolved.
struct Settings {
    metrics: PathBuf,
    costs: Vec<(Option<Period>, PathBuf)>,
    paths: Vec<PathBuf>,
    states: Vec<PathBuf>,
    plan: Option<PathBuf>,
    usage_file: Option<PathBuf>,
    var_files: Vec<PathBuf>,
    vars: Vec<String>,
    workspace: Option<String>,
    rules: Rules,
    targets: Vec<Target>,
    file: FileSettings,
    format: Format,
    out_file: Option<PathBuf>,
}

fn usage_err(flag: &str, msg: impl std::fmt::Display) -> String {
    format!("invalid `--{flag}`: {msg}")
}

impl Settings {
    fn resolve(a: UnitEconomicsArgs) -> Result<Settings, String> {
        let file = match &a.config {
            Some(p) => FileSettings::load(p).map_err(|e| e.to_string())?,
            None => FileSettings::default(),
        };
        let group_by: GroupBy = match &a.group_by {
            Some(g) => g.parse().map_err(|e| usage_err("group-by", e))?,
            None => file.group_by.clone().unwrap_or(GroupBy::Tag("team".into())),
        };
        let mut shared = file.shared.clone();
        for s in &a.shared {
            shared.push(s.parse::<Selector>().map_err(|e| usage_err("shared", e))?);
        }
        let mut weights = BTreeMap::new();
        for w in &a.weights {
            let (g, n) = w.split_once('=').ok_or_else(|| usage_err("weight", format!("`{w}` is not GROUP=N")))?;
            let n: Decimal = terrace_pricing::catalog::parse_decimal(n).ok_or_else(|| usage_err("weight", format!("`{n}` is not a number")))?;
            weights.insert(g.trim().to_string(), n);
        }
        let split = match (&a.split, weights.is_empty()) {
            (Some(s), _) if s == "weights" || s == "fixed" => {
                if weights.is_empty() {
                    match &file.split {
                        Some(SplitRule::Weights(w)) => SplitRule::Weights(w.clone()),
                        _ => return Err(usage_err("split", "`weights` needs `--weight GROUP=N` for each group that shares the cost")),
                    }
                } else {
                    SplitRule::Weights(weights)
                }
            }
            (Some(s), true) => report::config::parse_split(s).map_err(|e| usage_err("split", e))?,
            (Some(s), false) => return Err(usage_err("split", format!("`--weight` is given but `--split` is `{s}`; use `--split weights`"))),
            (None, false) => SplitRule::Weights(weights),
            (None, true) => file.split.clone().unwrap_or_default(),
        };
        let mut targets = file.targets.clone();
        for t in &a.targets {
            targets.push(t.parse::<Target>().map_err(|e| usage_err("target", e))?);
        }
        let mut costs = Vec::new();
        for c in &a.costs {
            costs.push(parse_cost_arg(c)?);
        }
        let format = match (&a.format, &a.out_file) {
            (Some(f), _) => f.parse().map_err(|e| usage_err("format", e))?,
            (None, Some(p)) => Format::from_path(p).unwrap_or(Format::Markdown),
            (None, None) => Format::Markdown,
        };
        let mut file = file;
        for g in &a.aggregates {
            let (m, how) = g.split_once('=').ok_or_else(|| usage_err("aggregate", format!("`{g}` is not METRIC=sum|mean|max|last")))?;
            file.aggregates.insert(m.trim().to_string(), how.parse().map_err(|e| usage_err("aggregate", e))?);
        }
        Ok(Settings {
            metrics: a.metrics,
            costs,
            paths: a.paths,
            states: a.states,
            plan: a.plan,
            usage_file: a.usage_file,
            var_files: a.var_files,
            vars: a.vars,
            workspace: a.workspace,
            rules: Rules { group_by, shared, split, remainder_to: a.remainder_to.or(file.remainder_to.clone()) },
            targets,
            file,
            format,
            out_file: a.out_file,
        })
    }
}

/// `2024-03=cost.json` or `cost.json`.
fn parse_cost_arg(s: &str) -> Result<(Option<Period>, PathBuf), String> {
    if let Some((month, file)) = s.split_once('=') {
        let looks_dated = month.len() >= 7 && month.as_bytes()[..4].iter().all(u8::is_ascii_digit) && month.as_bytes()[4] == b'-';
        if looks_dated {
            let p: Period = month.parse().map_err(|e| usage_err("cost", e))?;
            return Ok((Some(p), PathBuf::from(file)));
        }
    }
    Ok((None, PathBuf::from(s)))
}

fn error(summary: &str, detail: impl std::fmt::Display) -> i32 {
    eprintln!("\nError: {summary}\n\n{detail}");
    1
}

pub(super) fn run(cmd: ReportCommand) -> i32 {
    match cmd {
        ReportCommand::UnitEconomics(a) => unit_economics(a),
    }
}

fn unit_economics(a: UnitEconomicsArgs) -> i32 {
    let s = match Settings::resolve(a) {
        Ok(s) => s,
        Err(e) => return error("Invalid report settings", e),
    };
    let mut metrics = match Metrics::load(&s.metrics) {
        Ok(m) => m,
        Err(e) => return error("Invalid metrics file", e),
    };
    metrics.aggregates = s.file.aggregates.clone();
    metrics.unit_names = s.file.unit_names.clone();
    let catalog = match crate::cost::catalog() {
        Ok(c) => c,
        Err(e) => return cost_error(e),
    };

    let mut costs = Vec::new();
    for (period, path) in &s.costs {
        match report::read_cost_report(path) {
            Ok(report) => costs.push(CostSource { label: path.display().to_string(), period: *period, report }),
            Err(e) => return error("Invalid cost report", e),
        }
    }
    match priced_sources(&s, &catalog) {
        Ok(mut more) => costs.append(&mut more),
        Err(e) => return cost_error(e),
    }
    let plan = match &s.plan {
        Some(p) => match read_plan(p, &s, &catalog) {
            Ok(Ok(report)) => Some(CostSource { label: p.display().to_string(), period: None, report }),
            Ok(Err(e)) => return error("Invalid plan cost report", e),
            Err(e) => return cost_error(e),
        },
        None => None,
    };
    let inputs = Inputs { costs, plan, metrics, rules: s.rules, targets: s.targets, catalog: Some(&catalog), generated_at: crate::cost::now_rfc3339() };
    let r = match report::build(&inputs) {
        Ok(r) => r,
        Err(e) => return error("Cannot make the report", e),
    };
    let text = report::render(&r, s.format);
    match &s.out_file {
        Some(p) => {
            if let Err(e) = std::fs::write(p, &text) {
                return error("Cannot write the report", format!("{}: {e}", p.display()));
            }
            eprintln!("Report written to {}", p.display());
        }
        None => super::Printer::new(false).data(&text),
    }
    let missed: Vec<&report::unit::TargetResult> = r.targets.iter().filter(|t| !t.met).collect();
    if missed.is_empty() {
        return 0;
    }
    eprintln!("\nError: Unit cost target missed\n");
    for t in missed {
        let per = r.metrics.iter().find(|m| m.name == t.metric).map_or(1, |m| m.display_per);
        let unit = r.metrics.iter().find(|m| m.name == t.metric).map_or(t.metric.clone(), |m| report::unit::per_label(per, &m.unit_name, &m.name));
        let show = |c: Decimal| report::unit::show_unit_cost(c, per);
        let whose = t.group.as_deref().map(|g| format!(" for {g}")).unwrap_or_default();
        let mut parts = Vec::new();
        if let Some(a) = t.actual.filter(|a| *a > t.max_unit_cost) {
            parts.push(format!("is {}", show(a)));
        }
        if let Some(p) = t.projected.filter(|p| *p > t.max_unit_cost) {
            parts.push(format!("would be {} after the change", show(p)));
        }
        eprintln!("The cost per {unit}{whose} {}, above the target of {}.", parts.join(" and "), show(t.max_unit_cost));
    }
    EXIT_TARGET_MISSED
}

/// `terrace cost` output with unit costs when a metrics file is given: a section after
/// the table or Markdown, a `unitCosts` list in the JSON's metadata. HTML is left as it
/// is. Err is the exit code after the error is printed.
pub(super) fn with_unit_costs(text: String, cost: &terrace_pricing::json::Report, metrics: Option<&std::path::Path>, format: super::cost::Format) -> Result<String, i32> {
    let Some(path) = metrics else {
        return Ok(text);
    };
    let metrics = Metrics::load(path).map_err(|e| error("Invalid metrics file", e))?;
    let lines = report::unit_cost_lines(cost, &metrics);
    if lines.is_empty() {
        return Ok(text);
    }
    Ok(match format {
        super::cost::Format::Table => {
            let mut t = text;
            t.push_str(&format!("\nUnit costs ({}):\n", lines[0].period.label()));
            for l in &lines {
                t.push_str(&format!("  {l}\n"));
            }
            t
        }
        super::cost::Format::Markdown | super::cost::Format::GithubComment | super::cost::Format::GitlabComment => {
            let mut t = text;
            t.push_str(&format!("\n**Unit costs** ({}):\n\n", lines[0].period.label()));
            for l in &lines {
                t.push_str(&format!("- {l}\n"));
            }
            t
        }
        super::cost::Format::Json => {
            let mut c = cost.clone();
            let list: Vec<serde_json::Value> = lines
                .iter()
                .map(|l| {
                    serde_json::json!({
                        "metric": l.metric,
                        "period": l.period.to_string(),
                        "units": l.units.normalize().to_string(),
                        "unitCost": l.before.map(|d| d.normalize().to_string()),
                        "unitCostAfter": l.after.map(|d| d.normalize().to_string()),
                        "text": l.to_string(),
                    })
                })
                .collect();
            c.metadata.insert("unitCosts".into(), serde_json::Value::Array(list));
            let mut t = serde_json::to_string_pretty(&c).unwrap_or(text);
            t.push('\n');
            t
        }
        super::cost::Format::Html => text,
    })
}

fn cost_error(e: CostError) -> i32 {
    eprintln!("\n{}", e.0.trim_end());
    1
}

/// Cost sources from configurations (`--path`) and states (`--state`), priced here.
fn priced_sources(s: &Settings, catalog: &Catalog) -> Result<Vec<CostSource>, CostError> {
    let mut out = Vec::new();
    for p in &s.paths {
        let spec = ProjectSpec {
            path: p.clone(),
            name: None,
            var_files: s.var_files.clone(),
            vars: s.vars.clone(),
            usage_file: s.usage_file.clone(),
            workspace: s.workspace.clone(),
        };
        let project = crate::cost::price_config(&spec, catalog)?;
        out.push(CostSource { label: p.display().to_string(), period: None, report: crate::cost::report(vec![project]) });
    }
    for p in &s.states {
        let usage = crate::cost::load_usage(s.usage_file.as_deref(), p.parent())?;
        let project = crate::cost::price_state(p, &usage, catalog)?;
        out.push(CostSource { label: p.display().to_string(), period: None, report: crate::cost::report(vec![project]) });
    }
    Ok(out)
}

/// A plan given with `--plan`: cost JSON with a diff as it is, Terraform plan JSON
/// priced here (its prior state is the past, its planned values the future).
fn read_plan(p: &std::path::Path, s: &Settings, catalog: &Catalog) -> Result<Result<terrace_pricing::json::Report, ReportError>, CostError> {
    let is_plan_json = std::fs::read_to_string(p)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|d| d.get("planned_values").is_some() || d.get("resource_changes").is_some());
    if !is_plan_json {
        return Ok(report::read_cost_report(p));
    }
    let usage = crate::cost::load_usage(s.usage_file.as_deref(), p.parent())?;
    let project = crate::cost::price_plan_json(p, &usage, catalog)?;
    Ok(Ok(crate::cost::report(vec![project])))
}
