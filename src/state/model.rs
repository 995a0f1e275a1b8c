//! The state in memory: resources by typed address, instances by key, attributes
//! kept as the JSON they are stored as and decoded with the resource schema's type
//! when needed.

use std::collections::BTreeMap;

use serde_json::{json, Value as J};

use super::{OutputV4, StateV4};
use crate::addrs::{parse_target, InstanceAddr, InstanceKey, ModuleInstance, ResourceAddr, Target};
use crate::config::Mode;
use crate::lang::{Number, Type, Value};

#[derive(Debug, Clone, Default)]
pub struct InstanceState {
    pub schema_version: u64,
    pub attributes: J,
    pub sensitive_attributes: Vec<J>,
    pub private: Option<String>,
    pub dependencies: Vec<String>,
    pub create_before_destroy: bool,
    pub status: Option<String>,
    /// This instance as state file text, once rendered (see [`State::render_text`]).
    pub rendered: std::sync::OnceLock<String>,
}

impl PartialEq for InstanceState {
    fn eq(&self, o: &InstanceState) -> bool {
        self.schema_version == o.schema_version
            && self.attributes == o.attributes
            && self.sensitive_attributes == o.sensitive_attributes
            && self.private == o.private
            && self.dependencies == o.dependencies
            && self.create_before_destroy == o.create_before_destroy
            && self.status == o.status
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResourceState {
    /// `provider["registry.terraform.io/hashicorp/null"]`
    pub provider: String,
    pub instances: BTreeMap<InstanceKey, InstanceState>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub serial: u64,
    pub lineage: String,
    pub terraform_version: String,
    pub outputs: BTreeMap<String, OutputV4>,
    pub resources: BTreeMap<ResourceAddr, ResourceState>,
    pub check_results: Option<J>,
}

impl Default for State {
    fn default() -> State {
        State::from_v4(StateV4::new()).unwrap_or_else(|_| State {
            serial: 0,
            lineage: String::new(),
            terraform_version: super::TERRAFORM_VERSION.into(),
            outputs: BTreeMap::new(),
            resources: BTreeMap::new(),
            check_results: None,
        })
    }
}

impl State {
    pub fn from_v4(v: StateV4) -> Result<State, String> {
        let mut resources = BTreeMap::new();
        for r in &v.resources {
            let module = match r.get("module").and_then(J::as_str) {
                Some(m) if !m.is_empty() => match parse_target(m) {
                    Ok(Target::Module(mi)) => mi,
                    _ => return Err(format!("invalid module address {m:?} in state")),
                },
                _ => ModuleInstance::root(),
            };
            let mode = match r.get("mode").and_then(J::as_str) {
                Some("data") => Mode::Data,
                _ => Mode::Managed,
            };
            let addr = ResourceAddr {
                module,
                mode,
                type_name: r.get("type").and_then(J::as_str).unwrap_or_default().to_string(),
                name: r.get("name").and_then(J::as_str).unwrap_or_default().to_string(),
            };
            let provider = r.get("provider").and_then(J::as_str).unwrap_or_default().to_string();
            let mut instances = BTreeMap::new();
            for inst in r.get("instances").and_then(J::as_array).cloned().unwrap_or_default() {
                if inst.get("deposed").is_some() {
                    // Deposed objects (from an interrupted create_before_destroy) are
                    // not tracked yet; they are kept out of the model.
                    continue;
                }
                let key = match inst.get("index_key") {
                    Some(J::Number(n)) => InstanceKey::Int(n.as_i64().unwrap_or(0)),
                    Some(J::String(s)) => InstanceKey::Str(s.clone()),
                    _ => InstanceKey::None,
                };
                instances.insert(
                    key,
                    InstanceState {
                        schema_version: inst.get("schema_version").and_then(J::as_u64).unwrap_or(0),
                        attributes: inst.get("attributes").cloned().unwrap_or(J::Null),
                        sensitive_attributes: inst.get("sensitive_attributes").and_then(J::as_array).cloned().unwrap_or_default(),
                        private: inst.get("private").and_then(J::as_str).map(str::to_string),
                        dependencies: inst
                            .get("dependencies")
                            .and_then(J::as_array)
                            .map(|a| a.iter().filter_map(|d| d.as_str().map(str::to_string)).collect())
                            .unwrap_or_default(),
                        create_before_destroy: inst.get("create_before_destroy").and_then(J::as_bool).unwrap_or(false),
                        status: inst.get("status").and_then(J::as_str).map(str::to_string),
                        rendered: Default::default(),
                    },
                );
            }
            resources.insert(addr, ResourceState { provider, instances });
        }
        Ok(State {
            serial: v.serial,
            lineage: v.lineage,
            terraform_version: v.terraform_version,
            outputs: v.outputs,
            resources,
            check_results: v.check_results,
        })
    }

    /// Reads the state file at `path` (an empty state when there is none).
    pub fn load(path: &std::path::Path) -> Result<State, String> {
        match StateV4::read(path) {
            Ok(Some(s)) => State::from_v4(s),
            Ok(None) => Ok(State::default()),
            Err(e) => Err(e.to_string()),
        }
    }

    pub fn to_v4(&self) -> StateV4 {
        let mut resources = Vec::new();
        for (addr, r) in &self.resources {
            if r.instances.is_empty() {
                continue;
            }
            let mut obj = resource_header(addr, r);
            let insts: Vec<J> = r.instances.iter().map(|(k, i)| instance_json(k, i)).collect();
            obj.insert("instances".into(), J::Array(insts));
            resources.push(J::Object(obj));
        }
        StateV4 {
            version: 4,
            terraform_version: super::TERRAFORM_VERSION.to_string(),
            serial: self.serial,
            lineage: self.lineage.clone(),
            outputs: self.outputs.clone(),
            resources,
            check_results: self.check_results.clone(),
        }
    }

    /// The state file text, like `serde_json::to_string_pretty(&self.to_v4())`, but
    /// reusing the text of instances rendered before (a changed instance is a new
    /// `InstanceState`, rendered anew). Applying thousands of instances writes the
    /// state after each one; this keeps each write cheap.
    pub fn render_text(&self) -> String {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str("{\n");
        out.push_str(&format!("  \"version\": 4,\n  \"terraform_version\": {},\n", json!(super::TERRAFORM_VERSION)));
        out.push_str(&format!("  \"serial\": {},\n  \"lineage\": {},\n", self.serial, json!(self.lineage)));
        let outputs = serde_json::to_string_pretty(&self.outputs).unwrap_or_else(|_| "{}".into());
        out.push_str(&format!("  \"outputs\": {},\n", indent(&outputs, 2)));
        out.push_str("  \"resources\": [");
        let mut first_r = true;
        for (addr, r) in &self.resources {
            if r.instances.is_empty() {
                continue;
            }
            out.push_str(if first_r { "\n" } else { ",\n" });
            first_r = false;
            let header = serde_json::to_string_pretty(&J::Object(resource_header(addr, r))).unwrap_or_default();
            // The header without its closing brace, then the instances.
            let header = header.trim_end().trim_end_matches('}').trim_end();
            out.push_str(&indent(header, 4));
            out.push_str(if header.ends_with('{') { "\n      \"instances\": [" } else { ",\n      \"instances\": [" });
            let mut first_i = true;
            for (k, i) in &r.instances {
                out.push_str(if first_i { "\n" } else { ",\n" });
                first_i = false;
                let text = i.rendered.get_or_init(|| {
                    let t = serde_json::to_string_pretty(&instance_json(k, i)).unwrap_or_default();
                    format!("        {}", indent(&t, 8))
                });
                out.push_str(text);
            }
            out.push_str("\n      ]\n    }");
        }
        out.push_str(if first_r { "]" } else { "\n  ]" });
        if let Some(c) = &self.check_results {
            out.push_str(&format!(",\n  \"check_results\": {}", indent(&serde_json::to_string_pretty(c).unwrap_or_default(), 2)));
        }
        out.push_str("\n}\n");
        out
    }

    pub fn instance(&self, a: &InstanceAddr) -> Option<&InstanceState> {
        self.resources.get(&a.resource).and_then(|r| r.instances.get(&a.key))
    }

    pub fn set_instance(&mut self, a: &InstanceAddr, provider: &str, inst: Option<InstanceState>) {
        match inst {
            Some(i) => {
                let r = self
                    .resources
                    .entry(a.resource.clone())
                    .or_insert_with(|| ResourceState { provider: provider.to_string(), instances: BTreeMap::new() });
                r.instances.insert(a.key.clone(), i);
            }
            None => {
                if let Some(r) = self.resources.get_mut(&a.resource) {
                    r.instances.remove(&a.key);
                    if r.instances.is_empty() {
                        self.resources.remove(&a.resource);
                    }
                }
            }
        }
    }

    /// Every instance address, sorted.
    pub fn instances(&self) -> Vec<InstanceAddr> {
        let mut out = Vec::new();
        for (addr, r) in &self.resources {
            for k in r.instances.keys() {
                out.push(addr.instance(k.clone()));
            }
        }
        out
    }
}

/// Indents every line but the first by `n` spaces.
fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.replace('\n', &format!("\n{pad}"))
}

/// A resource's fields other than its instances, in state file form.
fn resource_header(addr: &ResourceAddr, r: &ResourceState) -> serde_json::Map<String, J> {
    let mut obj = serde_json::Map::new();
    if !addr.module.is_root() {
        obj.insert("module".into(), json!(addr.module.to_string()));
    }
    obj.insert("mode".into(), json!(if addr.mode == Mode::Data { "data" } else { "managed" }));
    obj.insert("type".into(), json!(addr.type_name));
    obj.insert("name".into(), json!(addr.name));
    let each = match r.instances.keys().next() {
        Some(InstanceKey::Int(_)) => Some("list"),
        Some(InstanceKey::Str(_)) => Some("map"),
        _ => None,
    };
    if let Some(e) = each {
        obj.insert("each".into(), json!(e));
    }
    obj.insert("provider".into(), json!(r.provider));
    obj
}

/// One instance in state file form.
fn instance_json(key: &InstanceKey, i: &InstanceState) -> J {
    let mut o = serde_json::Map::new();
    match key {
        InstanceKey::Int(n) => {
            o.insert("index_key".into(), json!(n));
        }
        InstanceKey::Str(s) => {
            o.insert("index_key".into(), json!(s));
        }
        InstanceKey::None => {}
    }
    if let Some(s) = &i.status {
        o.insert("status".into(), json!(s));
    }
    o.insert("schema_version".into(), json!(i.schema_version));
    o.insert("attributes".into(), i.attributes.clone());
    o.insert("sensitive_attributes".into(), J::Array(i.sensitive_attributes.clone()));
    if let Some(p) = &i.private {
        o.insert("private".into(), json!(p));
    }
    if !i.dependencies.is_empty() {
        o.insert("dependencies".into(), json!(i.dependencies));
    }
    if i.create_before_destroy {
        o.insert("create_before_destroy".into(), json!(true));
    }
    J::Object(o)
}

/// Decodes stored JSON attributes into a value of type `ty`.
pub fn decode_typed(j: &J, ty: &Type) -> Value {
    match (j, ty) {
        (J::Null, t) => Value::null(t.clone()),
        (_, Type::Dynamic) => crate::inputs::json_to_value(j),
        (J::String(s), Type::String) => Value::string(s.as_str()),
        (J::Number(n), Type::String) => Value::string(n.to_string()),
        (J::Bool(b), Type::String) => Value::string(b.to_string()),
        (J::Number(n), Type::Number) => Value::number(Number::parse(&n.to_string()).unwrap_or_else(|_| Number::from_i64(0))),
        (J::String(s), Type::Number) => Number::parse(s).map(Value::number).unwrap_or_else(|_| Value::null(Type::Number)),
        (J::Bool(b), Type::Bool) => Value::bool(*b),
        (J::Array(a), Type::List(et)) => Value::list((**et).clone(), a.iter().map(|x| decode_typed(x, et)).collect()),
        (J::Array(a), Type::Set(et)) => Value::set((**et).clone(), a.iter().map(|x| decode_typed(x, et)).collect()),
        (J::Array(a), Type::Tuple(ts)) => Value::tuple(a.iter().zip(ts.iter()).map(|(x, t)| decode_typed(x, t)).collect()),
        (J::Object(m), Type::Map(et)) => Value::map((**et).clone(), m.iter().map(|(k, x)| (k.clone(), decode_typed(x, et))).collect()),
        (J::Object(m), Type::Object(o)) => Value::object(
            o.attrs.iter().map(|(k, t)| (k.clone(), m.get(k).map(|x| decode_typed(x, t)).unwrap_or_else(|| Value::null(t.clone())))).collect(),
        ),
        (_, t) => Value::null(t.clone()),
    }
}

/// Encodes a wholly known value as state JSON.
pub fn encode(v: &Value) -> J {
    let (v, _) = v.clone().unmark_deep();
    serde_json::from_str(&v.to_json()).unwrap_or(J::Null)
}

/// The paths of sensitive values inside `v`, in the state's
/// `sensitive_attributes` form.
pub fn sensitive_paths(v: &Value) -> Vec<J> {
    let mut out = Vec::new();
    collect_sensitive(v, &mut Vec::new(), &mut out);
    out
}

fn collect_sensitive(v: &Value, path: &mut Vec<J>, out: &mut Vec<J>) {
    if v.is_sensitive() {
        out.push(J::Array(path.clone()));
        return;
    }
    if let Some(m) = v.as_entries() {
        let is_obj = matches!(v.ty(), Type::Object(_));
        for (k, x) in m {
            path.push(if is_obj { json!({"type": "get_attr", "value": k}) } else { json!({"type": "index", "value": {"value": k, "type": "string"}}) });
            collect_sensitive(x, path, out);
            path.pop();
        }
    } else if let Some(es) = v.as_elements() {
        for (i, x) in es.iter().enumerate() {
            path.push(json!({"type": "index", "value": {"value": i, "type": "number"}}));
            collect_sensitive(x, path, out);
            path.pop();
        }
    }
}

/// Marks the values at the state's `sensitive_attributes` paths as sensitive.
pub fn apply_sensitive_paths(v: Value, paths: &[J]) -> Value {
    let mut v = v;
    for p in paths {
        let steps: Vec<String> = p
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|st| match st.get("value") {
                        Some(J::String(s)) => Some(s.clone()),
                        Some(J::Object(o)) => o.get("value").map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string())),
                        Some(other) => Some(other.to_string()),
                        None => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        v = mark_at(v, &steps);
    }
    v
}

/// Marks the values that a mirror tree (`after_sensitive` form) flags as sensitive.
pub fn apply_sensitive_mirror(v: Value, mirror: &J) -> Value {
    match mirror {
        J::Bool(true) => v.mark_sensitive(),
        J::Object(m) if !m.is_empty() => {
            let mut out = v;
            for (k, sub) in m {
                out = map_child(out, k, &|c| apply_sensitive_mirror(c, sub));
            }
            out
        }
        J::Array(a) if !a.is_empty() => {
            let mut out = v;
            for (i, sub) in a.iter().enumerate() {
                out = map_child(out, &i.to_string(), &|c| apply_sensitive_mirror(c, sub));
            }
            out
        }
        _ => v,
    }
}

fn mark_at(v: Value, steps: &[String]) -> Value {
    match steps.split_first() {
        None => v.mark_sensitive(),
        Some((first, rest)) => map_child(v, first, &|c| mark_at(c, rest)),
    }
}

/// `v` with its child `key` (attribute, map key or element index) replaced by `f(child)`.
fn map_child(v: Value, key: &str, f: &dyn Fn(Value) -> Value) -> Value {
    let (v, marks) = v.unmark();
    let out = match v.ty() {
        Type::Object(_) | Type::Map(_) => {
            let Some(m) = v.as_entries() else { return v.with_marks(marks) };
            let mut m = m.clone();
            if let Some(c) = m.remove(key) {
                m.insert(key.to_string(), f(c));
            }
            match v.ty() {
                Type::Map(et) => Value::map((*et).clone(), m),
                _ => Value::object(m),
            }
        }
        Type::List(_) | Type::Tuple(_) => {
            let (Some(es), Ok(i)) = (v.as_elements(), key.parse::<usize>()) else { return v.with_marks(marks) };
            let mut es = es.to_vec();
            if i < es.len() {
                let c = es.remove(i);
                es.insert(i, f(c));
            }
            match v.ty() {
                Type::List(et) => Value::list((*et).clone(), es),
                _ => Value::tuple(es),
            }
        }
        _ => v,
    };
    out.with_marks(marks)
}
