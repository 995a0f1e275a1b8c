//! Pricing a plan in Terraform's JSON form (`terraform show -json plan.out`, or Terrace's
//! own): the prior state's resources are the past, the planned values the future.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value as J;
use terrace_pricing::json::Project;
use terrace_pricing::{Catalog, ResourceInput, Usage};

use super::config::ProviderSettings;
use super::CostError;

/// The resource inputs before (prior state) and after (planned values) a plan.
pub struct PlanInputs {
    pub past: Vec<ResourceInput>,
    pub now: Vec<ResourceInput>,
}

/// The parts of a plan JSON document pricing reads; the rest (resource_changes, which
/// repeats the planned values) is skipped while parsing.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PlanDoc {
    variables: HashMap<String, VarValue>,
    configuration: J,
    planned_values: Option<ValuesDoc>,
    prior_state: Option<PriorDoc>,
    resource_changes: Option<serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct VarValue {
    value: J,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PriorDoc {
    values: Option<ValuesDoc>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ValuesDoc {
    root_module: Option<ModuleDoc>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ModuleDoc {
    resources: Vec<ResourceDoc>,
    child_modules: Vec<ModuleDoc>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ResourceDoc {
    address: String,
    mode: String,
    #[serde(rename = "type")]
    type_name: String,
    values: J,
}

/// Reads a plan JSON document into price inputs.
pub fn plan_inputs(doc: PlanDoc) -> PlanInputs {
    let variables: HashMap<String, J> = doc.variables.into_iter().map(|(k, v)| (k, v.value)).collect();
    let config = doc.configuration;
    let providers = provider_settings(&config, &variables);
    let mut keys = HashMap::new();
    let mut refs = HashMap::new();
    if let Some(root) = config.get("root_module") {
        config_resources(root, "", &mut keys, &mut refs);
    }
    let ctx = Resolve { providers, keys, refs, default_region: super::env_region().unwrap_or_else(|| super::DEFAULT_REGION.to_string()) };
    let mut past = Vec::new();
    if let Some(root) = doc.prior_state.and_then(|p| p.values).and_then(|v| v.root_module) {
        module_resources(root, &ctx, &mut past);
    }
    let mut now = Vec::new();
    if let Some(root) = doc.planned_values.and_then(|v| v.root_module) {
        module_resources(root, &ctx, &mut now);
    }
    PlanInputs { past: super::sorted(past), now: super::sorted(now) }
}

struct Resolve {
    providers: HashMap<String, ProviderSettings>,
    /// Resource config address (`module.a.aws_instance.web`) -> provider config key.
    keys: HashMap<String, String>,
    /// Resource config address -> resources it refers to.
    refs: HashMap<String, Vec<String>>,
    default_region: String,
}

/// `configuration.provider_config`: each key's region and default tags, from constants
/// or root variables.
fn provider_settings(config: &J, variables: &HashMap<String, J>) -> HashMap<String, ProviderSettings> {
    let mut out = HashMap::new();
    let Some(m) = config.get("provider_config").and_then(|p| p.as_object()) else { return out };
    for (key, p) in m {
        let mut s = ProviderSettings::default();
        let value_of = |e: &J| -> Option<J> {
            if let Some(c) = e.get("constant_value") {
                return Some(c.clone());
            }
            let r = e.get("references")?.as_array()?.first()?.as_str()?;
            let name = r.strip_prefix("var.")?;
            variables.get(name).cloned()
        };
        if let Some(r) = p.pointer("/expressions/region").and_then(value_of) {
            s.region = r.as_str().map(str::to_string);
        }
        if let Some(t) = p.pointer("/expressions/default_tags/0/tags").and_then(value_of) {
            if let Some(t) = t.as_object() {
                s.default_tags = t.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string()))).collect();
            }
        }
        out.insert(key.clone(), s);
    }
    out
}

/// Walks `configuration` modules for each resource's provider key and references.
fn config_resources(module: &J, prefix: &str, keys: &mut HashMap<String, String>, refs: &mut HashMap<String, Vec<String>>) {
    for r in module.get("resources").and_then(|r| r.as_array()).into_iter().flatten() {
        let Some(addr) = r.get("address").and_then(|a| a.as_str()) else { continue };
        let full = if prefix.is_empty() { addr.to_string() } else { format!("{prefix}.{addr}") };
        if let Some(k) = r.get("provider_config_key").and_then(|k| k.as_str()) {
            keys.insert(full.clone(), k.to_string());
        }
        let mut found = Vec::new();
        if let Some(e) = r.get("expressions") {
            collect_refs(e, &mut found);
        }
        let mut resolved: Vec<String> = found
            .iter()
            .filter_map(|s| resource_of_reference(s))
            .map(|a| if prefix.is_empty() { a } else { format!("{prefix}.{a}") })
            .collect();
        resolved.sort();
        resolved.dedup();
        refs.insert(full, resolved);
    }
    for (name, call) in module.get("module_calls").and_then(|m| m.as_object()).into_iter().flatten() {
        if let Some(m) = call.get("module") {
            let p = if prefix.is_empty() { format!("module.{name}") } else { format!("{prefix}.module.{name}") };
            config_resources(m, &p, keys, refs);
        }
    }
}

fn collect_refs(e: &J, out: &mut Vec<String>) {
    match e {
        J::Object(m) => {
            if let Some(J::Array(rs)) = m.get("references") {
                out.extend(rs.iter().filter_map(|r| r.as_str().map(str::to_string)));
            }
            for (k, v) in m {
                if k != "references" {
                    collect_refs(v, out);
                }
            }
        }
        J::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// `aws_launch_template.x.id` -> `aws_launch_template.x`; None for var./local./data. and
/// other non-resource references.
fn resource_of_reference(r: &str) -> Option<String> {
    let mut parts = r.split('.');
    let ty = parts.next()?;
    if matches!(ty, "var" | "local" | "module" | "data" | "path" | "terraform" | "count" | "each" | "self") || !ty.contains('_') {
        return None;
    }
    let name = parts.next()?;
    let name = name.split('[').next().unwrap_or(name);
    Some(format!("{ty}.{name}"))
}

fn module_resources(module: ModuleDoc, ctx: &Resolve, out: &mut Vec<ResourceInput>) {
    for r in module.resources {
        if r.mode != "managed" || r.address.is_empty() {
            continue;
        }
        let values = if r.values.is_null() { J::Object(Default::default()) } else { r.values };
        let config_addr = terrace_pricing::input::strip_keys(&r.address);
        let settings = ctx.keys.get(&config_addr).and_then(|k| ctx.providers.get(k).or_else(|| ctx.providers.get(k.rsplit(':').next().unwrap_or(k))));
        let default = ProviderSettings::default();
        let settings = settings.unwrap_or(&default);
        let region = values
            .get("region")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .or_else(|| settings.region.clone())
            .unwrap_or_else(|| ctx.default_region.clone());
        let tags = super::merged_tags(&values, &settings.default_tags);
        let mut input = ResourceInput::new(r.address, r.type_name, region, values);
        input.tags = tags;
        input.references = ctx.refs.get(&config_addr).cloned().unwrap_or_default();
        out.push(input);
    }
    for m in module.child_modules {
        module_resources(m, ctx, out);
    }
}

/// Prices a plan JSON file: the past breakdown from its prior state, the new one from
/// its planned values, and the diff.
pub fn price_plan_json(path: &Path, usage: &Usage, catalog: &Catalog) -> Result<Project, CostError> {
    let text = std::fs::read_to_string(path).map_err(|e| CostError(format!("Error: Cannot read the plan JSON\n\n{}: {e}", path.display())))?;
    let doc: PlanDoc = serde_json::from_str(&text).map_err(|e| {
        CostError(format!(
            "Error: Invalid plan JSON\n\n{}:{}:{}: {e}\n\nWrite plan JSON with `terraform show -json plan.out > plan.json` (or `terrace show -json`).",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    if doc.planned_values.is_none() && doc.resource_changes.is_none() {
        return Err(CostError(format!(
            "Error: Not a plan JSON\n\n{} has no planned_values: it is not the JSON form of a plan. Write it with `terraform show -json plan.out > plan.json`.",
            path.display()
        )));
    }
    Ok(price_plan_doc(doc, &path.to_string_lossy(), usage, catalog))
}

/// Prices a plan JSON document already parsed.
pub fn price_plan_doc(doc: PlanDoc, name: &str, usage: &Usage, catalog: &Catalog) -> Project {
    let inputs = plan_inputs(doc);
    let past = super::breakdown(&inputs.past, catalog, usage);
    let now = super::breakdown(&inputs.now, catalog, usage);
    super::project(name.to_string(), name, "terraform_plan_json", Some(past), now)
}

/// The per-address monthly costs of a breakdown (for the plan view).
pub fn costs_by_address(b: &terrace_pricing::json::Breakdown) -> BTreeMap<String, rust_decimal::Decimal> {
    b.resources.iter().map(|r| (r.name.clone(), r.monthly_cost.unwrap_or_default())).collect()
}
