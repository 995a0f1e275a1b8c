//! `terrace cost breakdown|diff|output` and `terrace pricing show|import`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use terrace_pricing::json::{Project, Report};
use terrace_pricing::Catalog;

use super::comment::{policy_exit, PolicyFlags};
use crate::comment::policy::PolicyResult;
use crate::comment::{render_comment, CommentFormat, CommentOptions, ConfigFile};
use crate::cost::{self, CostError, ProjectSpec};

#[derive(Subcommand, Debug)]
pub enum CostCommand {
    /// Price a configuration directory, a plan JSON file or a state file.
    Breakdown(BreakdownArgs),
    /// Show the cost change from a baseline cost JSON to a configuration or plan.
    Diff(DiffArgs),
    /// Combine cost JSON files (several projects) into one report.
    Output(OutputArgs),
}

#[derive(Subcommand, Debug)]
pub enum PricingCommand {
    /// Show the catalog's prices for a resource type and size in a region.
    Show(ShowArgs),
    /// Import AWS Price List bulk offer files (CSV or JSON) into the user catalog.
    Import(ImportArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Html,
    Markdown,
    /// A pull-request comment for GitHub (within its 65,536-character limit).
    GithubComment,
    /// A merge-request note for GitLab.
    GitlabComment,
}

#[derive(Args, Debug, Clone)]
pub struct SourceArgs {
    /// A configuration directory, a plan JSON file, or a state file (*.tfstate).
    #[arg(long, value_name = "PATH", default_value = ".")]
    pub path: PathBuf,
    /// An infracost-format usage file (default: infracost-usage.yml in the directory).
    #[arg(long = "usage-file", value_name = "FILE")]
    pub usage_file: Option<PathBuf>,
    /// Variable files for the configuration (repeatable).
    #[arg(long = "terraform-var-file", alias = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Variables for the configuration: NAME=VALUE (repeatable).
    #[arg(long = "terraform-var", alias = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// The workspace name (`terraform.workspace`).
    #[arg(long = "terraform-workspace", value_name = "NAME")]
    pub workspace: Option<String>,
    /// The project's name in the report (default: the path).
    #[arg(long = "project-name", value_name = "NAME")]
    pub project_name: Option<String>,
    /// Price every project listed in a terrace.yml (or infracost.yml) instead of --path.
    #[arg(long = "config-file", value_name = "FILE", conflicts_with = "path")]
    pub config_file: Option<PathBuf>,
    /// Business metrics (CSV or JSON, as `terrace report unit-economics` reads them): adds
    /// unit costs such as "cost per 1k orders: $1.82 -> $2.04, +12%".
    #[arg(long, value_name = "FILE")]
    pub metrics: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct BreakdownArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write the output to this file instead of standard output.
    #[arg(long = "out-file", value_name = "FILE")]
    pub out_file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The baseline: a cost JSON file written by `terrace cost breakdown --format json` (or infracost).
    #[arg(long = "compare-to", value_name = "FILE")]
    pub compare_to: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[arg(long = "out-file", value_name = "FILE")]
    pub out_file: Option<PathBuf>,
    #[command(flatten)]
    pub policy: PolicyFlags,
}

#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Cost JSON files to combine (repeatable; glob patterns allowed).
    #[arg(long, value_name = "FILE", required = true)]
    pub path: Vec<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[arg(long = "out-file", value_name = "FILE")]
    pub out_file: Option<PathBuf>,
    #[command(flatten)]
    pub policy: PolicyFlags,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The resource type (aws_instance, aws_db_instance, aws_ebs_volume, ...) or a catalog service (ec2, rds, ...).
    pub resource_type: String,
    /// The size or kind: an instance type, a volume type, a node type...; omit to list the service's items.
    pub item: Option<String>,
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// AWS Price List bulk offer files (index.csv or index.json).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The user catalog directory (default: $TERRACE_CATALOG_DIR or ~/.local/share/terrace/catalog).
    #[arg(long = "catalog-dir", value_name = "DIR")]
    pub catalog_dir: Option<PathBuf>,
}

fn fail(e: CostError) -> i32 {
    eprintln!("\n{}", e.0.trim_end());
    1
}

/// Prices what `--path` names: a directory, a plan JSON file or a state file.
pub fn price_source(src: &SourceArgs, catalog: &Catalog) -> Result<Project, CostError> {
    let p = &src.path;
    let mut project = if p.is_dir() {
        let spec = ProjectSpec {
            path: p.clone(),
            name: src.project_name.clone(),
            var_files: src.var_files.clone(),
            vars: src.vars.clone(),
            usage_file: src.usage_file.clone(),
            workspace: src.workspace.clone(),
        };
        cost::price_config(&spec, catalog)?
    } else if p.is_file() {
        let usage = cost::load_usage(src.usage_file.as_deref(), p.parent())?;
        if is_state_file(p) {
            cost::price_state(p, &usage, catalog)?
        } else {
            cost::price_plan_json(p, &usage, catalog)?
        }
    } else {
        return Err(CostError(format!("Error: No such path\n\n{} does not exist. Pass --path a configuration directory, a plan JSON file or a state file.", p.display())));
    };
    if let Some(n) = &src.project_name {
        project.name = n.clone();
    }
    Ok(project)
}

/// Prices `--config-file`'s projects, or `--path`.
pub fn price_sources(src: &SourceArgs, catalog: &Catalog) -> Result<Vec<Project>, CostError> {
    let Some(file) = &src.config_file else {
        return Ok(vec![price_source(src, catalog)?]);
    };
    let config = ConfigFile::load(file).map_err(|e| CostError(format!("Error: Invalid config file\n\n{e}")))?;
    for w in &config.warnings {
        eprintln!("\nWarning: Ignored setting\n\n{}: {w}.", file.display());
    }
    if config.projects.is_empty() {
        return Err(CostError(format!("Error: No projects\n\n{} lists no projects. Add a `projects:` list, each with a `path`.", file.display())));
    }
    config
        .projects
        .iter()
        .map(|p| {
            let spec = p.spec();
            let one = SourceArgs {
                path: spec.path,
                usage_file: spec.usage_file,
                var_files: spec.var_files,
                vars: spec.vars,
                workspace: spec.workspace,
                project_name: spec.name,
                config_file: None,
                metrics: None,
            };
            price_source(&one, catalog)
        })
        .collect()
}

fn is_state_file(p: &Path) -> bool {
    if p.extension().is_some_and(|e| e == "tfstate") || p.to_string_lossy().ends_with(".tfstate.backup") {
        return true;
    }
    // A JSON file with the state's shape.
    std::fs::read_to_string(p)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|d| d.get("lineage").is_some() && d.get("resources").is_some())
}

/// Renders a report in a format.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Table => terrace_pricing::format::table::render(report),
        Format::Markdown => terrace_pricing::format::markdown::render(report),
        Format::Html => terrace_pricing::format::html::render(report),
        Format::GithubComment | Format::GitlabComment => comment(report, format, &[]),
    }
}

/// The pull-request comment of a report (Markdown without a marker).
fn comment(report: &Report, format: Format, policies: &[PolicyResult]) -> String {
    let format = match format {
        Format::GithubComment => CommentFormat::GitHub,
        Format::GitlabComment => CommentFormat::GitLab,
        _ => CommentFormat::Markdown,
    };
    let valid_at = chrono::DateTime::parse_from_rfc3339(&report.time_generated).ok().map(|t| t.with_timezone(&chrono::Utc));
    let mut text = render_comment(report, &CommentOptions { format, policies: policies.to_vec(), valid_at, ..Default::default() });
    text.push('\n');
    text
}

/// Writes a report with the policy results: a report with diffs as the diff table, or
/// as the comment in Markdown; exits 3 when a policy failed.
fn write_report(report: &Report, format: Format, out: &Option<PathBuf>, policy: &PolicyFlags, metrics: Option<&Path>) -> i32 {
    let results = match policy.resolve() {
        Ok(p) => p.evaluate(report),
        Err(e) => {
            e.print();
            return 1;
        }
    };
    let has_diff = report.projects.iter().any(|p| p.diff.is_some());
    let text = match format {
        Format::Table if has_diff => terrace_pricing::format::table::render_diff(report),
        Format::Markdown if has_diff => comment(report, format, &results),
        Format::GithubComment | Format::GitlabComment => comment(report, format, &results),
        f => render(report, f),
    };
    let text = match super::report::with_unit_costs(text, report, metrics, format) {
        Ok(t) => t,
        Err(code) => return code,
    };
    match write_out(&text, out) {
        0 => policy_exit(&results),
        code => code,
    }
}

fn write_out(text: &str, out: &Option<PathBuf>) -> i32 {
    match out {
        Some(f) => match crate::state::write_atomic(f, text.as_bytes()) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("\nError: Cannot write the output file\n\n{}: {e}", f.display());
                1
            }
        },
        None => {
            super::Printer::new(false).data(text);
            0
        }
    }
}

pub fn run(cmd: CostCommand) -> i32 {
    let catalog = match cost::catalog() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    match cmd {
        CostCommand::Breakdown(a) => match price_sources(&a.source, &catalog) {
            Ok(mut ps) => {
                // A breakdown shows what is, not the change.
                for p in &mut ps {
                    p.past_breakdown = None;
                    p.diff = None;
                }
                let report = cost::report(ps);
                match super::report::with_unit_costs(render(&report, a.format), &report, a.source.metrics.as_deref(), a.format) {
                    Ok(text) => write_out(&text, &a.out_file),
                    Err(code) => code,
                }
            }
            Err(e) => fail(e),
        },
        CostCommand::Diff(a) => {
            let mut projects = match price_sources(&a.source, &catalog) {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let base_report = match &a.compare_to {
                Some(base) => match read_report(base) {
                    Ok(r) => Some(r),
                    Err(e) => return fail(e),
                },
                None => None,
            };
            let single = projects.len() == 1;
            for now in &mut projects {
                if let Some(base_report) = &base_report {
                    let past = base_report
                        .projects
                        .iter()
                        .find(|p| p.metadata.path == now.metadata.path || p.name == now.name)
                        .or(if single && base_report.projects.len() == 1 { base_report.projects.first() } else { None })
                        .and_then(|p| p.breakdown.clone())
                        .unwrap_or_default();
                    let current = now.breakdown.clone().unwrap_or_default();
                    now.diff = Some(terrace_pricing::diff(&past, &current));
                    now.past_breakdown = Some(past);
                } else if now.past_breakdown.is_none() {
                    return fail(CostError("Error: Nothing to compare to\n\nGive --compare-to a baseline cost JSON (from `terrace cost breakdown --format json`), or --path a plan JSON, whose prior state is the baseline.".into()));
                }
            }
            write_report(&cost::report(projects), a.format, &a.out_file, &a.policy, a.source.metrics.as_deref())
        }
        CostCommand::Output(a) => {
            let mut projects = Vec::new();
            for pat in &a.path {
                let files = match expand_glob(pat) {
                    Ok(f) => f,
                    Err(e) => return fail(e),
                };
                for f in files {
                    match read_report(&f) {
                        Ok(r) => projects.extend(r.projects),
                        Err(e) => return fail(e),
                    }
                }
            }
            write_report(&cost::report(projects), a.format, &a.out_file, &a.policy, None)
        }
    }
}

/// Reads a cost JSON file (Terrace's or infracost's).
pub fn read_report(path: &Path) -> Result<Report, CostError> {
    let text = std::fs::read_to_string(path).map_err(|e| CostError(format!("Error: Cannot read the cost JSON\n\n{}: {e}", path.display())))?;
    Report::from_json(&text).map_err(|e| {
        CostError(format!(
            "Error: Invalid cost JSON\n\n{}:{}:{}: {e}\n\nExpected a report written by `terrace cost breakdown --format json` (infracost's JSON schema 0.2).",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

fn expand_glob(pat: &str) -> Result<Vec<PathBuf>, CostError> {
    if !pat.contains(['*', '?', '[']) {
        return Ok(vec![PathBuf::from(pat)]);
    }
    let glob = globset::Glob::new(pat).map_err(|e| CostError(format!("Error: Invalid pattern\n\n{pat}: {e}")))?.compile_matcher();
    let base = pat.split(['*', '?', '[']).next().unwrap_or(".");
    let root = Path::new(base).parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix("./").unwrap_or(e.path()).to_path_buf())
        .filter(|p| glob.is_match(p))
        .collect();
    out.sort();
    if out.is_empty() {
        return Err(CostError(format!("Error: No files match\n\nNo file matches {pat}.")));
    }
    Ok(out)
}

pub fn run_pricing(cmd: PricingCommand) -> i32 {
    match cmd {
        PricingCommand::Show(a) => {
            let catalog = match cost::catalog() {
                Ok(c) => c,
                Err(e) => return fail(e),
            };
            match terrace_pricing::catalog_show::show(&catalog, &a.resource_type, a.item.as_deref(), &a.region) {
                Ok(text) => {
                    super::Printer::new(false).data(&text);
                    0
                }
                Err(e) => {
                    eprintln!("\nError: {e}");
                    1
                }
            }
        }
        PricingCommand::Import(a) => {
            let Some(dir) = a.catalog_dir.clone().or_else(Catalog::default_user_dir) else {
                eprintln!("\nError: No catalog directory\n\nSet --catalog-dir or TERRACE_CATALOG_DIR.");
                return 1;
            };
            match terrace_pricing::import::import_files(&a.files, &dir) {
                Ok(report) => {
                    super::Printer::new(false).data(&report.to_string());
                    0
                }
                Err(e) => {
                    eprintln!("\nError: Cannot import the offer file\n\n{e}");
                    1
                }
            }
        }
    }
}
