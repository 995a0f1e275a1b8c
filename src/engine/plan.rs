//! The plan: what will change, per resource instance, and the saved plan file.
//!
//! The plan file is Terrace's own format (JSON, versioned): the changes with their
//! before/after values and dependencies, the prior state it was made against, the
//! variables, and a digest of the configuration it was made from. Applying it
//! refuses a plan whose prior state or configuration has changed since.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value as J};

use crate::state::StateV4;

pub const PLAN_FORMAT: &str = "terrace-plan";
pub const PLAN_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    NoOp,
    Create,
    Read,
    Update,
    DeleteThenCreate,
    CreateThenDelete,
    Delete,
}

impl Action {
    /// Terraform's `actions` list.
    pub fn actions(self) -> Vec<&'static str> {
        match self {
            Action::NoOp => vec!["no-op"],
            Action::Create => vec!["create"],
            Action::Read => vec!["read"],
            Action::Update => vec!["update"],
            Action::DeleteThenCreate => vec!["delete", "create"],
            Action::CreateThenDelete => vec!["create", "delete"],
            Action::Delete => vec!["delete"],
        }
    }
    pub fn is_replace(self) -> bool {
        matches!(self, Action::DeleteThenCreate | Action::CreateThenDelete)
    }
    pub fn deletes(self) -> bool {
        matches!(self, Action::DeleteThenCreate | Action::CreateThenDelete | Action::Delete)
    }
}

/// One planned change of one resource instance.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Change {
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module_address: Option<String>,
    pub mode: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<J>,
    pub provider_name: String,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_reason: Option<String>,
    pub before: J,
    pub after: J,
    pub after_unknown: J,
    pub before_sensitive: J,
    pub after_sensitive: J,
    #[serde(default)]
    pub replace_paths: Vec<J>,
    /// Resources this instance depends on (its state `dependencies`).
    #[serde(default)]
    pub dependencies: Vec<String>,
    #[serde(default)]
    pub create_before_destroy: bool,
    #[serde(default)]
    pub schema_version: u64,
    /// The provider configuration that manages the instance
    /// (`provider["registry.terraform.io/hashicorp/aws"].west`), as the state records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_config: Option<String>,
    /// The ID an `import` block adopts this instance from (the object is in the plan's
    /// prior state and is written to the state by apply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importing: Option<String>,
}

impl Change {
    /// The address of the resource this instance belongs to.
    pub fn resource_address(&self) -> String {
        let local = if self.mode == "data" { format!("data.{}.{}", self.type_name, self.name) } else { format!("{}.{}", self.type_name, self.name) };
        match &self.module_address {
            Some(m) => format!("{m}.{local}"),
            None => local,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutputChange {
    pub action: Action,
    pub before: J,
    pub after: J,
    pub after_unknown: bool,
    pub sensitive: bool,
}

/// A saved plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    pub format: String,
    pub version: u32,
    pub terraform_version: String,
    pub destroy: bool,
    #[serde(default)]
    pub targets: Vec<String>,
    #[serde(default)]
    pub replace: Vec<String>,
    /// Root input values as given (JSON).
    pub variables: BTreeMap<String, J>,
    /// A digest of every configuration file the plan was made from.
    pub config_digest: String,
    pub changes: Vec<Change>,
    pub output_changes: BTreeMap<String, OutputChange>,
    /// The state the plan was made against (after refresh and renames).
    pub prior_state: StateV4,
    /// The lineage and serial of the state file on disk when planning (None: no state).
    pub base_lineage: Option<String>,
    pub base_serial: Option<u64>,
    /// Whether planning reported errors (such a plan cannot be applied).
    #[serde(default)]
    pub errored: bool,
    /// The configuration in Terraform's JSON plan form (`configuration`).
    #[serde(default)]
    pub configuration: J,
}

impl Plan {
    pub fn has_changes(&self) -> bool {
        self.changes.iter().any(|c| c.action != Action::NoOp || c.importing.is_some()) || self.output_changes.values().any(|o| o.action != Action::NoOp)
    }

    pub fn read(path: &std::path::Path) -> Result<Plan, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("failed to read plan file {}: {e}", path.display()))?;
        let raw: J = serde_json::from_str(&text).map_err(|_| format!("{} is not a Terrace plan file", path.display()))?;
        if raw.get("format").and_then(J::as_str) != Some(PLAN_FORMAT) {
            return Err(format!("{} is not a Terrace plan file", path.display()));
        }
        let v = raw.get("version").and_then(J::as_u64).unwrap_or(0);
        if v != u64::from(PLAN_VERSION) {
            return Err(format!("plan file format version {v} is not supported (this Terrace writes version {PLAN_VERSION})"));
        }
        // From the text, not from `raw`, so that numbers keep their exact digits.
        serde_json::from_str(&text).map_err(|e| format!("invalid plan file {}: {e}", path.display()))
    }

    pub fn write(&self, path: &std::path::Path) -> Result<(), String> {
        let text = serde_json::to_string(self).map_err(|e| e.to_string())?;
        crate::state::write_atomic(path, text.as_bytes()).map_err(|e| format!("failed to write plan file {}: {e}", path.display()))
    }

    /// Terraform's JSON plan representation (`terraform show -json`, format 0.2).
    pub fn to_terraform_json(&self) -> J {
        let resource_changes: Vec<J> = self
            .changes
            .iter()
            .map(|c| {
                let mut m = serde_json::Map::new();
                m.insert("address".into(), json!(c.address));
                if let Some(p) = &c.previous_address {
                    m.insert("previous_address".into(), json!(p));
                }
                if let Some(ma) = &c.module_address {
                    m.insert("module_address".into(), json!(ma));
                }
                m.insert("mode".into(), json!(c.mode));
                m.insert("type".into(), json!(c.type_name));
                m.insert("name".into(), json!(c.name));
                if let Some(i) = &c.index {
                    m.insert("index".into(), i.clone());
                }
                m.insert("provider_name".into(), json!(c.provider_name));
                let mut change = serde_json::Map::new();
                change.insert("actions".into(), json!(c.action.actions()));
                change.insert("before".into(), redact(&c.before, &c.before_sensitive));
                change.insert("after".into(), redact(&c.after, &c.after_sensitive));
                change.insert("after_unknown".into(), c.after_unknown.clone());
                change.insert("before_sensitive".into(), c.before_sensitive.clone());
                change.insert("after_sensitive".into(), c.after_sensitive.clone());
                if !c.replace_paths.is_empty() {
                    change.insert("replace_paths".into(), json!(c.replace_paths));
                }
                if let Some(id) = &c.importing {
                    change.insert("importing".into(), json!({ "id": id }));
                }
                m.insert("change".into(), J::Object(change));
                if let Some(r) = &c.action_reason {
                    m.insert("action_reason".into(), json!(r));
                }
                J::Object(m)
            })
            .collect();
        let output_changes: serde_json::Map<String, J> = self
            .output_changes
            .iter()
            .map(|(k, o)| {
                (
                    k.clone(),
                    json!({
                        "actions": o.action.actions(),
                        "before": if o.sensitive { J::Null } else { o.before.clone() },
                        "after": if o.sensitive { J::Null } else { o.after.clone() },
                        "after_unknown": o.after_unknown,
                        "before_sensitive": o.sensitive,
                        "after_sensitive": o.sensitive,
                    }),
                )
            })
            .collect();
        let planned_resources: Vec<(Option<String>, J)> = self
            .changes
            .iter()
            .filter(|c| c.action != Action::Delete)
            .map(|c| {
                (
                    c.module_address.clone(),
                    json!({
                        "address": c.address, "mode": c.mode, "type": c.type_name, "name": c.name,
                        "index": c.index, "provider_name": c.provider_name, "schema_version": c.schema_version,
                        "values": redact(&c.after, &c.after_sensitive), "sensitive_values": c.after_sensitive,
                    }),
                )
            })
            .collect();
        let prior_resources: Vec<(Option<String>, J)> = self
            .prior_state
            .resources
            .iter()
            .flat_map(|r| {
                let module = r.get("module").and_then(J::as_str).map(str::to_string);
                let mode = r.get("mode").and_then(J::as_str).unwrap_or("managed").to_string();
                let ty = r.get("type").and_then(J::as_str).unwrap_or("").to_string();
                let name = r.get("name").and_then(J::as_str).unwrap_or("").to_string();
                let provider = r.get("provider").and_then(J::as_str).unwrap_or("").trim_start_matches("provider[\"").trim_end_matches("\"]").to_string();
                let local = if mode == "data" { format!("data.{ty}.{name}") } else { format!("{ty}.{name}") };
                let base = match &module {
                    Some(m) => format!("{m}.{local}"),
                    None => local,
                };
                r.get("instances").and_then(J::as_array).cloned().unwrap_or_default().into_iter().map(move |i| {
                    let key = i.get("index_key").cloned();
                    let addr = match &key {
                        Some(J::Number(n)) => format!("{base}[{n}]"),
                        Some(J::String(s)) => format!("{base}[{}]", serde_json::to_string(s).unwrap_or_default()),
                        _ => base.clone(),
                    };
                    let sensitive = crate::engine::plan::sensitive_tree(i.get("sensitive_attributes"));
                    (
                        module.clone(),
                        json!({
                            "address": addr, "mode": mode, "type": ty, "name": name, "index": key,
                            "provider_name": provider, "schema_version": i.get("schema_version").cloned().unwrap_or(json!(0)),
                            "values": redact(i.get("attributes").unwrap_or(&J::Null), &sensitive), "sensitive_values": sensitive,
                        }),
                    )
                })
            })
            .collect();
        let planned_outputs: serde_json::Map<String, J> = self
            .output_changes
            .iter()
            .filter(|(_, o)| o.action != Action::Delete)
            .map(|(k, o)| (k.clone(), json!({"sensitive": o.sensitive, "value": if o.sensitive { J::Null } else { o.after.clone() }})))
            .collect();
        let variables: serde_json::Map<String, J> = self.variables.iter().map(|(k, v)| (k.clone(), json!({"value": v}))).collect();
        json!({
            "format_version": "0.2",
            "terraform_version": self.terraform_version,
            "variables": variables,
            "planned_values": {
                "outputs": planned_outputs,
                "root_module": super::plan_json::module_tree(planned_resources),
            },
            "resource_changes": resource_changes,
            "output_changes": output_changes,
            "prior_state": {
                "format_version": "0.2",
                "terraform_version": self.prior_state.terraform_version,
                "values": {"root_module": super::plan_json::module_tree(prior_resources)},
            },
            "configuration": if self.configuration.is_null() { json!({"root_module": {}}) } else { self.configuration.clone() },
        })
    }
}

/// The `sensitive_attributes` paths of a state instance as a mirror tree
/// (`{"password": true}`), for redaction.
pub fn sensitive_tree(paths: Option<&J>) -> J {
    let mut root = J::Object(serde_json::Map::new());
    for p in paths.and_then(J::as_array).cloned().unwrap_or_default() {
        let steps: Vec<J> = p.as_array().cloned().unwrap_or_default();
        let mut cur = &mut root;
        for (i, st) in steps.iter().enumerate() {
            let key = match st.get("value") {
                Some(J::String(s)) => s.clone(),
                Some(J::Object(o)) => o.get("value").map(|v| v.to_string().trim_matches('"').to_string()).unwrap_or_default(),
                Some(other) => other.to_string(),
                None => continue,
            };
            let last = i + 1 == steps.len();
            let J::Object(m) = cur else { break };
            if last {
                m.insert(key, J::Bool(true));
                break;
            }
            cur = m.entry(key).or_insert_with(|| J::Object(serde_json::Map::new()));
        }
    }
    root
}

/// Replaces sensitive parts of `v` (per the mirror tree `s`) with null, so that plan
/// JSON never carries secrets.
pub fn redact(v: &J, s: &J) -> J {
    match (v, s) {
        (_, J::Bool(true)) => J::Null,
        (J::Object(m), J::Object(sm)) => J::Object(m.iter().map(|(k, x)| (k.clone(), redact(x, sm.get(k).unwrap_or(&J::Bool(false))))).collect()),
        (J::Array(a), J::Array(sa)) => J::Array(a.iter().enumerate().map(|(i, x)| redact(x, sa.get(i).unwrap_or(&J::Bool(false)))).collect()),
        (v, _) => v.clone(),
    }
}
