//! The built-in `terraform` provider: the `terraform_data` resource (a value that
//! lives in the state, replaced when `triggers_replace` changes) and the
//! `terraform_remote_state` data source, reading the outputs of another
//! configuration's state (local backend).

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use terrace_provider::{ApplyRequest, Attribute, Block, Diag, Diags, Number, PlanRequest, PlanResponse, Provider, ProviderSchema, Schema, Type, Value};

pub const NAME: &str = "terraform";
pub const SOURCE: &str = "terraform.io/builtin/terraform";

pub fn provider() -> Arc<dyn Provider> {
    let block = Block::new()
        .attr("backend", Attribute::required(Type::String).describe("The backend holding the state: `local`."))
        .attr("config", Attribute::optional(Type::Dynamic).describe("The backend's settings (`path` for local)."))
        .attr("defaults", Attribute::optional(Type::Dynamic).describe("Values for outputs the state does not have."))
        .attr("workspace", Attribute::optional(Type::String))
        .attr("outputs", Attribute::computed(Type::Dynamic).describe("The root module outputs of the state."));
    let mut schema = ProviderSchema::default();
    schema.data_sources.insert("terraform_remote_state".into(), Schema { version: 0, block });
    let data = Block::new()
        .attr("id", Attribute::computed(Type::String))
        .attr("input", Attribute::optional(Type::Dynamic).describe("A value to keep in the state; `output` mirrors it."))
        .attr("output", Attribute::computed(Type::Dynamic).describe("The value of `input` after apply."))
        .attr("triggers_replace", Attribute::optional(Type::Dynamic).describe("A change of this value replaces the resource."));
    schema.resources.insert("terraform_data".into(), Schema { version: 0, block: data });
    Arc::new(TerraformProvider { schema })
}

struct TerraformProvider {
    schema: ProviderSchema,
}

fn json_value(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::null_dynamic(),
        serde_json::Value::Bool(b) => Value::bool(*b),
        serde_json::Value::Number(n) => Number::parse(&n.to_string()).map(Value::number).unwrap_or_else(|_| Value::null(Type::Number)),
        serde_json::Value::String(s) => Value::string(s.as_str()),
        serde_json::Value::Array(a) => Value::tuple(a.iter().map(json_value).collect()),
        serde_json::Value::Object(m) => Value::object(m.iter().map(|(k, v)| (k.clone(), json_value(v))).collect()),
    }
}

#[async_trait]
impl Provider for TerraformProvider {
    fn name(&self) -> &str {
        NAME
    }
    fn source(&self) -> &str {
        SOURCE
    }
    fn schema(&self) -> &ProviderSchema {
        &self.schema
    }
    fn plan_resource(&self, req: PlanRequest<'_>) -> Result<PlanResponse, Diags> {
        if req.type_name != "terraform_data" {
            return Err(vec![Diag::error("Unsupported resource type", format!("The terraform provider has no resource type {:?}.", req.type_name))]);
        }
        if req.config.is_null() {
            return Ok(PlanResponse { planned: req.config.clone(), requires_replace: Vec::new() });
        }
        let get = |v: &Value, k: &str| v.as_entries().and_then(|m| m.get(k).cloned()).unwrap_or_else(Value::null_dynamic);
        let input = get(req.config, "input");
        let triggers = get(req.config, "triggers_replace");
        let mut requires_replace = Vec::new();
        let (id, output) = if req.prior.is_null() {
            (Value::unknown(Type::String), Value::unknown_dynamic())
        } else {
            if !terrace_provider::plan::same(&get(req.prior, "triggers_replace"), &triggers) {
                requires_replace.push(vec![terrace_provider::PathStep::Attr("triggers_replace".into())]);
            }
            let output = if terrace_provider::plan::same(&get(req.prior, "input"), &input) { get(req.prior, "output") } else { Value::unknown_dynamic() };
            (get(req.prior, "id"), output)
        };
        let planned = Value::object(BTreeMap::from([
            ("id".to_string(), id),
            ("input".to_string(), input),
            ("output".to_string(), output),
            ("triggers_replace".to_string(), triggers),
        ]));
        Ok(PlanResponse { planned, requires_replace })
    }
    async fn apply_resource(&self, req: ApplyRequest<'_>) -> Result<Value, Diags> {
        if req.type_name != "terraform_data" {
            return Err(vec![Diag::error("Unsupported resource type", format!("The terraform provider has no resource type {:?}.", req.type_name))]);
        }
        if req.planned.is_null() {
            return Ok(req.planned.clone());
        }
        let mut attrs = req.planned.as_entries().cloned().unwrap_or_default();
        if attrs.get("id").is_none_or(|v| !v.is_known()) {
            attrs.insert("id".into(), Value::string(uuid::Uuid::new_v4().to_string()));
        }
        if attrs.get("output").is_none_or(|v| !v.is_known()) {
            let input = attrs.get("input").cloned().unwrap_or_else(Value::null_dynamic);
            attrs.insert("output".into(), input);
        }
        Ok(Value::object(attrs))
    }
    async fn read_resource(&self, _type_name: &str, state: &Value) -> Result<Option<Value>, Diags> {
        Ok(Some(state.clone()))
    }
    async fn read_data_source(&self, _type_name: &str, config: &Value) -> Result<Value, Diags> {
        let attrs = config.as_entries().cloned().unwrap_or_default();
        let backend = attrs.get("backend").and_then(|v| v.as_str()).unwrap_or("").to_string();
        if backend != "local" {
            return Err(vec![Diag::error(
                "Unsupported backend",
                format!("terraform_remote_state reads the \"local\" backend so far; {backend:?} is not supported yet."),
            )]);
        }
        let path = attrs
            .get("config")
            .and_then(|c| c.as_entries().and_then(|m| m.get("path").and_then(|p| p.as_str().map(str::to_string))))
            .unwrap_or_else(|| "terraform.tfstate".to_string());
        let text = std::fs::read_to_string(&path)
            .map_err(|e| vec![Diag::error("Unable to read remote state", format!("The state file {path} could not be read: {e}."))])?;
        let doc: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| vec![Diag::error("Unable to read remote state", format!("The state file {path} is not valid JSON: {e}."))])?;
        let mut outputs: BTreeMap<String, Value> = BTreeMap::new();
        if let Some(d) = attrs.get("defaults").and_then(|d| d.as_entries()) {
            outputs.extend(d.clone());
        }
        if let Some(m) = doc.get("outputs").and_then(|o| o.as_object()) {
            for (k, o) in m {
                let v = json_value(o.get("value").unwrap_or(&serde_json::Value::Null));
                let sensitive = o.get("sensitive").and_then(|s| s.as_bool()).unwrap_or(false);
                outputs.insert(k.clone(), if sensitive { v.mark_sensitive() } else { v });
            }
        }
        let mut out = attrs;
        out.insert("outputs".into(), Value::object(outputs));
        for k in ["config", "defaults", "workspace"] {
            out.entry(k.to_string()).or_insert_with(|| Value::null(if k == "workspace" { Type::String } else { Type::Dynamic }));
        }
        Ok(Value::object(out))
    }
}
