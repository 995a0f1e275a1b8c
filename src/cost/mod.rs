//! Pricing from Terraform's worlds: a configuration evaluated without providers or
//! credentials, a plan JSON (Terraform's or Terrace's), a state file, or a Terrace plan.
//! Each becomes `ResourceInput`s for the `terrace-pricing` engine.

pub mod config;
pub mod plan_json;
pub mod plan_view;
pub mod state;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use terrace_pricing::json::{Breakdown, Project, ProjectMetadata, Report};
use terrace_pricing::{Catalog, ResourceInput, Usage};

pub use config::price_config;
pub use plan_json::price_plan_json;
pub use state::price_state;

/// The region AWS uses when neither the provider block nor the environment sets one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// One project to price: a configuration directory with its inputs.
#[derive(Debug, Clone, Default)]
pub struct ProjectSpec {
    pub path: PathBuf,
    pub name: Option<String>,
    pub var_files: Vec<PathBuf>,
    /// `name=value` pairs, as `-var` takes them.
    pub vars: Vec<String>,
    pub usage_file: Option<PathBuf>,
    pub workspace: Option<String>,
}

/// Why pricing could not be done, already worded for the user (diagnostics rendered).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CostError(pub String);

/// The region from the environment, as the AWS provider reads it.
pub fn env_region() -> Option<String> {
    ["AWS_REGION", "AWS_DEFAULT_REGION"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
}

/// The usage file of a spec: the one given, else `infracost-usage.yml` or
/// `terrace-usage.yml` in the directory when present.
pub fn load_usage(explicit: Option<&Path>, dir: Option<&Path>) -> Result<Usage, CostError> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => dir.and_then(|d| ["terrace-usage.yml", "infracost-usage.yml"].iter().map(|n| d.join(n)).find(|p| p.is_file())),
    };
    match path {
        Some(p) => Usage::load(&p).map_err(|e| CostError(format!("Error: Invalid usage file\n\n{e}\n\nThe usage file follows infracost's format: `version: 0.1`, then `resource_usage:` by address and `resource_type_default_usage:` by type."))),
        None => Ok(Usage::default()),
    }
}

/// A project from a breakdown (and a past one, for diffs).
pub fn project(name: String, path: &str, kind: &str, past: Option<Breakdown>, now: Breakdown) -> Project {
    let diff = past.as_ref().map(|p| terrace_pricing::diff(p, &now));
    let summary = now.summary();
    Project {
        name,
        metadata: ProjectMetadata { path: path.to_string(), kind: kind.to_string(), ..Default::default() },
        past_breakdown: past,
        breakdown: Some(now),
        diff,
        summary,
    }
}

/// A report over projects, stamped with the current time.
pub fn report(projects: Vec<Project>) -> Report {
    Report::new(projects, now_rfc3339())
}

/// Now, as RFC 3339 in UTC (`2026-11-23T14:11:00Z`); `SOURCE_DATE_EPOCH` fixes it for
/// reproducible output.
pub fn now_rfc3339() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| chrono::Utc::now().timestamp());
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Merges the provider's default tags under the resource's own (`tags` wins, and
/// `tags_all`, when the values have it, already is the merge).
pub fn merged_tags(values: &serde_json::Value, default_tags: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = default_tags.clone();
    for key in ["tags", "tags_all"] {
        if let Some(m) = values.get(key).and_then(|t| t.as_object()) {
            for (k, v) in m {
                if let Some(s) = v.as_str() {
                    out.insert(k.clone(), s.to_string());
                }
            }
        }
    }
    out
}

/// The price inputs of managed resources, sorted by address.
pub fn sorted(mut v: Vec<ResourceInput>) -> Vec<ResourceInput> {
    v.sort_by(|a, b| a.address.cmp(&b.address));
    v
}

/// Prices inputs into a breakdown with the catalog and usage.
pub fn breakdown(inputs: &[ResourceInput], catalog: &Catalog, usage: &Usage) -> Breakdown {
    terrace_pricing::price_breakdown(inputs, catalog, usage)
}

/// The catalog: the embedded one with the user catalog in front when it exists.
pub fn catalog() -> Result<Catalog, CostError> {
    match Catalog::default_user_dir() {
        Some(d) => Catalog::with_user_dir(&d).map_err(|e| CostError(format!("Error: Invalid user price catalog\n\n{e}\n\nRe-run `terrace pricing import` or remove the file."))),
        None => Ok(Catalog::embedded()),
    }
}
