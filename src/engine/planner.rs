//! Planning: the value walk with a resource handler that compares each configured
//! instance with its prior state through the provider, then orphans, `-destroy`,
//! and lifecycle rules.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::{json, Value as J};
use terrace_provider::plan::{proposed_new, same};
use terrace_provider::{Block, PlanRequest, Provider};

use super::plan::{Action, Change, OutputChange, Plan, PLAN_FORMAT, PLAN_VERSION};
use super::values::{sensitive_json, to_json, unknown_json};
use super::{provider_config_addr, Providers};
use crate::addrs::{InstanceAddr, InstanceKey, ModuleInstance, ResourceAddr, Target};
use crate::config::{Mode, ModuleTree, Resource};
use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::{evaluate_root, InputValue, ResourceHandler};
use crate::lang::{Type, Value};
use crate::state::model::{decode_typed, State};

#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    pub targets: Vec<Target>,
    pub replace: Vec<Target>,
    pub destroy: bool,
    pub refresh: bool,
}

/// The provider-facing part shared by planning and applying.
pub(crate) struct Runtime {
    pub rt: tokio::runtime::Runtime,
}

impl Runtime {
    pub fn new() -> Runtime {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|_| tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("cannot start the async runtime: {e}")));
        Runtime { rt }
    }
}

struct Planner<'a> {
    providers: &'a Providers,
    tree: &'a ModuleTree,
    /// The provider configuration address each configured resource uses.
    provider_addrs: RefCell<BTreeMap<String, String>>,
    state: &'a State,
    opts: &'a PlanOptions,
    runtime: &'a Runtime,
    /// When set, only these resources take part (targets and their dependencies).
    wanted: Option<BTreeSet<ResourceAddr>>,
    changes: RefCell<Vec<Change>>,
    /// Values read from data sources during planning, to store in state.
    data_reads: RefCell<Vec<(InstanceAddr, J, u64, String)>>,
    configured: RefCell<BTreeSet<InstanceAddr>>,
    configured_resources: RefCell<BTreeMap<ResourceAddr, Resource>>,
    /// Resources with pending changes (for deferring data source reads).
    changed: RefCell<BTreeSet<String>>,
    /// Instances whose refresh found changes (None: the object is gone).
    refreshed: RefCell<Vec<(InstanceAddr, Option<J>)>>,
    /// Collected dependencies, when used as a collector for targeting.
    deps_seen: RefCell<BTreeMap<ResourceAddr, BTreeSet<String>>>,
    collect_only: bool,
}

impl Planner<'_> {
    fn prior_value(&self, a: &InstanceAddr, ty: &Type) -> Value {
        match self.state.instance(a) {
            Some(i) => crate::state::model::apply_sensitive_paths(decode_typed(&i.attributes, ty), &i.sensitive_attributes),
            None => Value::null(ty.clone()),
        }
    }

    fn state_value(&self, addr: &ResourceAddr, r: Option<&Resource>) -> Value {
        let Some((block, _)) = self.providers.schema(addr.mode, &addr.type_name) else { return Value::unknown_dynamic() };
        let ty = block.implied_type();
        let mut values = BTreeMap::new();
        if let Some(rs) = self.state.resources.get(addr) {
            for (k, i) in &rs.instances {
                values.insert(k.clone(), crate::state::model::apply_sensitive_paths(decode_typed(&i.attributes, &ty), &i.sensitive_attributes));
            }
        }
        match r {
            Some(r) => crate::graph::resource_value(r, values),
            None => values.into_iter().next().map(|(_, v)| v).unwrap_or_else(Value::null_dynamic),
        }
    }

    fn instance_targeted(&self, a: &InstanceAddr) -> bool {
        if self.opts.targets.is_empty() {
            return true;
        }
        // Dependencies of targets are planned whole.
        if let Some(w) = &self.wanted {
            if w.contains(&a.resource) && !self.opts.targets.iter().any(|t| t.may_select(&a.resource)) {
                return true;
            }
        }
        self.opts.targets.iter().any(|t| t.selects(a))
    }

    fn push_change(&self, c: Change) {
        if c.action != Action::NoOp {
            self.changed.borrow_mut().insert(c.resource_address());
        }
        self.changes.borrow_mut().push(c);
    }
}

pub(crate) fn change_record(
    a: &InstanceAddr,
    provider: &dyn Provider,
    action: Action,
    reason: Option<&str>,
    before: &Value,
    after: &Value,
    deps: &BTreeSet<String>,
    cbd: bool,
    schema_version: u64,
) -> Change {
    Change {
        address: a.to_string(),
        previous_address: None,
        module_address: if a.resource.module.is_root() { None } else { Some(a.resource.module.to_string()) },
        mode: if a.resource.mode == Mode::Data { "data".into() } else { "managed".into() },
        type_name: a.resource.type_name.clone(),
        name: a.resource.name.clone(),
        index: match &a.key {
            InstanceKey::None => None,
            InstanceKey::Int(i) => Some(json!(i)),
            InstanceKey::Str(s) => Some(json!(s)),
        },
        provider_name: provider.source().to_string(),
        action,
        action_reason: reason.map(str::to_string),
        before: to_json(before),
        after: to_json(after),
        after_unknown: if after.is_null() { json!(false) } else { unknown_json(after) },
        before_sensitive: if before.is_null() { json!(false) } else { sensitive_json(before) },
        after_sensitive: if after.is_null() { json!(false) } else { sensitive_json(after) },
        replace_paths: Vec::new(),
        dependencies: deps.iter().cloned().collect(),
        create_before_destroy: cbd,
        schema_version,
        provider_config: None,
        importing: None,
    }
}

/// Marks sensitive attributes of the schema on a value.
pub fn mark_schema_sensitive(block: &Block, v: Value) -> Value {
    if !block.attributes.values().any(|a| a.sensitive) {
        return v;
    }
    let (v, marks) = v.unmark();
    let Some(m) = v.as_entries() else { return v.with_marks(marks) };
    if !matches!(v.ty(), Type::Object(_)) {
        return v.with_marks(marks);
    }
    let mut out = BTreeMap::new();
    for (k, x) in m {
        let x = match block.attributes.get(k) {
            Some(a) if a.sensitive => x.clone().mark_sensitive(),
            _ => x.clone(),
        };
        out.insert(k.clone(), x);
    }
    Value::object(out).with_marks(marks)
}

impl ResourceHandler for Planner<'_> {
    fn schema(&self, mode: Mode, type_name: &str) -> Option<Block> {
        self.providers.schema(mode, type_name).map(|(b, _)| b)
    }

    fn wanted(&self, addr: &ResourceAddr) -> bool {
        match &self.wanted {
            None => true,
            Some(w) => w.contains(addr),
        }
    }

    fn unwanted(&self, addr: &ResourceAddr) -> Value {
        // Left out by -target: what the state has, or unknown when it has nothing.
        if self.state.resources.contains_key(addr) {
            self.state_value(addr, None)
        } else {
            Value::unknown_dynamic()
        }
    }

    fn planning(&self) -> bool {
        true
    }

    fn provider_schema(&self, name: &str) -> Option<Block> {
        self.providers.get(name).map(|p| p.schema().provider.clone())
    }

    fn provider_source(&self, name: &str) -> Option<String> {
        self.providers.get(name).map(|p| p.source().to_string())
    }

    fn configure_provider(&self, config_addr: &str, name: &str, value: Value, range: Option<crate::diag::SourceRange>, diags: &mut Diagnostics) -> bool {
        super::configure_from_walk(self.providers, config_addr, name, value, range, diags)
    }

    fn resource(
        &self,
        addr: &ResourceAddr,
        cfg: &Resource,
        instances: Vec<(InstanceKey, Value)>,
        deps: &BTreeSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<BTreeMap<InstanceKey, Value>> {
        self.configured_resources.borrow_mut().insert(addr.clone(), cfg.clone());
        let Some((provider, paddr)) = self.providers.for_config_resource(self.tree, &addr.module, cfg) else {
            diags.push(
                Diagnostic::error(
                    "Provider not available",
                    format!(
                        "The provider {:?} needed by {addr} is not available in this build of Terrace (available: null, random, terraform, aws).",
                        crate::graph::provider_local_name(cfg)
                    ),
                )
                .with_subject(cfg.range.clone()),
            );
            return None;
        };
        let (block, schema_version) = self.providers.schema(addr.mode, &addr.type_name)?;
        self.provider_addrs.borrow_mut().insert(addr.to_string(), paddr.clone());
        let ty = block.implied_type();
        if self.collect_only {
            self.deps_seen.borrow_mut().insert(addr.clone(), deps.clone());
            let mut out = BTreeMap::new();
            for (k, _) in instances {
                let prior = self.prior_value(&addr.instance(k.clone()), &ty);
                out.insert(k, if prior.is_null() { Value::unknown(ty.clone()) } else { prior });
            }
            return Some(out);
        }
        let mut out = BTreeMap::new();
        for (key, config) in instances {
            let a = addr.instance(key.clone());
            self.configured.borrow_mut().insert(a.clone());
            let prior = self.prior_value(&a, &ty);
            if !self.instance_targeted(&a) || self.opts.destroy {
                out.insert(key, mark_schema_sensitive(&block, prior));
                continue;
            }
            let prior = if addr.mode == Mode::Managed && self.opts.refresh && !prior.is_null() {
                match self.refresh(&a, &*provider, &prior) {
                    Ok(v) => v,
                    Err(ds) => {
                        diags.extend(super::provider_diagnostics(ds, &a.to_string(), Some(cfg)));
                        return None;
                    }
                }
            } else {
                prior
            };
            let value = match addr.mode {
                Mode::Data => self.plan_data(&a, cfg, &*provider, &block, schema_version, config, deps, diags),
                Mode::Managed => self.plan_managed(&a, cfg, &*provider, &block, schema_version, prior, config, deps, diags),
            }?;
            out.insert(key, value);
        }
        Some(out)
    }
}

impl Planner<'_> {
    /// `lifecycle { replace_triggered_by = [...] }`: whether a referenced resource
    /// (or resource instance) has a change planned.
    fn replace_triggered(&self, a: &InstanceAddr, cfg: &Resource) -> bool {
        let prefix = if a.resource.module.is_root() { String::new() } else { format!("{}.", a.resource.module) };
        cfg.lifecycle.replace_triggered_by.iter().any(|e| {
            e.references().iter().any(|r| {
                let Some(name) = r.attrs.first() else { return false };
                let res = format!("{prefix}{}.{name}", r.root);
                self.changed.borrow().contains(&res)
            })
        })
    }

    /// Reads the real object behind a prior state: a null result means it is gone
    /// (the plan then creates it again). Changes found are recorded for the state.
    fn refresh(&self, a: &InstanceAddr, provider: &dyn Provider, prior: &Value) -> Result<Value, terrace_provider::Diags> {
        let (plain, _) = prior.clone().unmark_deep();
        let read = self.runtime.rt.block_on(provider.read_resource(&a.resource.type_name, &plain))?;
        let now = read.unwrap_or_else(|| Value::null(prior.ty()));
        if !same(&now, &plain) {
            self.refreshed.borrow_mut().push((a.clone(), if now.is_null() { None } else { Some(crate::state::model::encode(&now)) }));
        }
        Ok(now)
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_data(
        &self,
        a: &InstanceAddr,
        cfg: &Resource,
        provider: &dyn Provider,
        block: &Block,
        schema_version: u64,
        config: Value,
        deps: &BTreeSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<Value> {
        let ty = block.implied_type();
        let dep_pending = deps.iter().any(|d| self.changed.borrow().contains(d));
        if !config.is_wholly_known() || dep_pending {
            let planned = unknown_computed(block, &config);
            let reason = if config.is_wholly_known() { "read_because_dependency_pending" } else { "read_because_config_unknown" };
            self.push_change(change_record(a, provider, Action::Read, Some(reason), &Value::null(ty), &planned, deps, false, schema_version));
            return Some(mark_schema_sensitive(block, planned));
        }
        let (cfg_plain, _) = config.clone().unmark_deep();
        match self.runtime.rt.block_on(provider.read_data_source(&a.resource.type_name, &cfg_plain)) {
            Ok(v) => {
                let paddr = self.provider_addrs.borrow().get(&a.resource.to_string()).cloned().unwrap_or_else(|| provider_config_addr(provider.source()));
                self.data_reads.borrow_mut().push((a.clone(), crate::state::model::encode(&v), schema_version, paddr));
                Some(mark_schema_sensitive(block, v))
            }
            Err(ds) => {
                diags.extend(super::provider_diagnostics(ds, &a.to_string(), Some(cfg)));
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_managed(
        &self,
        a: &InstanceAddr,
        cfg: &Resource,
        provider: &dyn Provider,
        block: &Block,
        schema_version: u64,
        prior: Value,
        config: Value,
        deps: &BTreeSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<Value> {
        let ty = block.implied_type();
        let (config_plain, _) = config.clone().unmark_deep();
        let errs = provider.validate_resource(&a.resource.type_name, &config_plain);
        if !errs.is_empty() {
            let ds = super::provider_diagnostics(errs, &a.to_string(), Some(cfg));
            let fatal = ds.has_errors();
            diags.extend(ds);
            if fatal {
                return None;
            }
        }
        // ignore_changes: the prior values stand in for the ignored arguments.
        let config = if prior.is_null() { config } else { apply_ignore_changes(cfg, &prior, config) };
        let proposed = proposed_new(block, &prior, &config);
        let resp = match provider.plan_resource(PlanRequest { type_name: &a.resource.type_name, prior: &prior, proposed: &proposed, config: &config }) {
            Ok(r) => r,
            Err(ds) => {
                diags.extend(super::provider_diagnostics(ds, &a.to_string(), Some(cfg)));
                return None;
            }
        };
        // -replace names one instance: `null_resource.a` is the instance without a key.
        let forced = self.opts.replace.iter().any(|t| match t {
            Target::Resource(r) => *a == r.instance(InstanceKey::None),
            other => other.selects(a),
        });
        let triggered = !prior.is_null() && self.replace_triggered(a, cfg);
        let tainted = self.state.instance(a).is_some_and(|i| i.status.as_deref() == Some("tainted"));
        let cbd = cfg.lifecycle.create_before_destroy;
        let (action, reason, after) = if prior.is_null() {
            (Action::Create, None, resp.planned)
        } else if !resp.requires_replace.is_empty() || forced || tainted || triggered {
            let create = proposed_new(block, &Value::null(ty.clone()), &config);
            let resp2 = match provider.plan_resource(PlanRequest {
                type_name: &a.resource.type_name,
                prior: &Value::null(ty.clone()),
                proposed: &create,
                config: &config,
            }) {
                Ok(r) => r,
                Err(ds) => {
                    diags.extend(super::provider_diagnostics(ds, &a.to_string(), Some(cfg)));
                    return None;
                }
            };
            let reason = if tainted {
                "replace_because_tainted"
            } else if forced {
                "replace_by_request"
            } else if triggered && resp.requires_replace.is_empty() {
                "replace_by_triggers"
            } else {
                "replace_because_cannot_update"
            };
            (if cbd { Action::CreateThenDelete } else { Action::DeleteThenCreate }, Some(reason), resp2.planned)
        } else if same(&prior, &resp.planned) {
            (Action::NoOp, None, prior.clone())
        } else {
            (Action::Update, None, resp.planned)
        };
        if action.deletes() && cfg.lifecycle.prevent_destroy {
            diags.push(prevent_destroy_error(a, cfg));
            return None;
        }
        let after = mark_schema_sensitive(block, after);
        let before = mark_schema_sensitive(block, prior);
        let mut change = change_record(a, provider, action, reason, &before, &after, deps, cbd, schema_version);
        if !resp.requires_replace.is_empty() && action.is_replace() {
            change.replace_paths = resp
                .requires_replace
                .iter()
                .map(|p| {
                    J::Array(
                        p.iter()
                            .map(|s| match s {
                                terrace_provider::PathStep::Attr(x) | terrace_provider::PathStep::Key(x) => json!(x),
                                terrace_provider::PathStep::Index(i) => json!(i),
                            })
                            .collect(),
                    )
                })
                .collect();
        }
        self.push_change(change);
        Some(after)
    }
}

fn prevent_destroy_error(a: &InstanceAddr, cfg: &Resource) -> Diagnostic {
    Diagnostic::error(
        "Instance cannot be destroyed",
        format!(
            "Resource {a} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed. To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target flag."
        ),
    )
    .with_subject(cfg.range.clone())
    .with_block(format!("resource \"{}\" \"{}\"", cfg.type_name, cfg.name))
}

/// The computed attributes of a data source's result, unknown until it is read.
fn unknown_computed(block: &Block, config: &Value) -> Value {
    let mut out = BTreeMap::new();
    let entries = config.as_entries();
    for (k, a) in &block.attributes {
        let c = entries.and_then(|m| m.get(k)).cloned().unwrap_or_else(|| Value::null(a.ty.clone()));
        out.insert(k.clone(), if a.computed && c.is_null() { Value::unknown(a.ty.clone()) } else { c });
    }
    for (k, b) in &block.blocks {
        out.insert(k.clone(), entries.and_then(|m| m.get(k)).cloned().unwrap_or_else(|| Value::null(b.block.implied_type())));
    }
    Value::object(out)
}

pub(crate) fn apply_ignore_changes(cfg: &Resource, prior: &Value, config: Value) -> Value {
    let lc = &cfg.lifecycle;
    if !lc.ignore_all_changes && lc.ignore_changes.is_empty() {
        return config;
    }
    let (Some(pm), Some(cm)) = (prior.as_entries(), config.as_entries()) else { return config };
    if lc.ignore_all_changes {
        let mut out = cm.clone();
        for (k, v) in pm {
            out.insert(k.clone(), v.clone());
        }
        return Value::object(out);
    }
    let mut config = config;
    for e in &lc.ignore_changes {
        if let Some(path) = e.tree().ok().and_then(|(t, _)| ignore_path(&t)) {
            config = replace_at(&config, prior, &path);
        }
    }
    config
}

/// `triggers["w"]` as a path of keys.
fn ignore_path(e: &hcl_edit::expr::Expression) -> Option<Vec<String>> {
    use hcl_edit::expr::{Expression, TraversalOperator};
    match e {
        Expression::Variable(v) => Some(vec![v.as_str().to_string()]),
        Expression::Traversal(t) => {
            let Expression::Variable(root) = &t.expr else { return None };
            let mut out = vec![root.as_str().to_string()];
            for op in &t.operators {
                match op.value() {
                    TraversalOperator::GetAttr(a) => out.push(a.as_str().to_string()),
                    TraversalOperator::Index(Expression::String(s)) => out.push(s.value().to_string()),
                    TraversalOperator::Index(Expression::Number(n)) => out.push(n.value().to_string()),
                    TraversalOperator::LegacyIndex(n) => out.push(n.value().to_string()),
                    TraversalOperator::Index(other) => out.push(crate::config::static_string_expr(other)?),
                    _ => return None,
                }
            }
            Some(out)
        }
        other => crate::config::static_string_expr(other).map(|s| vec![s]),
    }
}

/// `config` with the value at `path` taken from `prior` (removed when prior lacks it).
fn replace_at(config: &Value, prior: &Value, path: &[String]) -> Value {
    let Some((first, rest)) = path.split_first() else { return prior.clone() };
    let Some(cm) = config.as_entries() else { return config.clone() };
    let pv = prior.as_entries().and_then(|m| m.get(first)).cloned();
    let cv = cm.get(first).cloned();
    let mut out = cm.clone();
    let new = match (rest.is_empty(), pv, cv) {
        (true, Some(p), _) => Some(p),
        (true, None, _) => None,
        (false, Some(p), Some(c)) => Some(replace_at(&c, &p, rest)),
        (false, None, Some(c)) => Some(c),
        (false, Some(p), None) => Some(p),
        (false, None, None) => None,
    };
    match new {
        Some(v) => {
            out.insert(first.clone(), v);
        }
        None => {
            out.remove(first);
        }
    }
    match config.ty() {
        Type::Map(et) => Value::map((*et).clone(), out),
        _ => Value::object(out),
    }
}

/// The result of planning.
pub struct PlanResult {
    pub plan: Plan,
    pub diags: Diagnostics,
}

/// Renames that Terraform makes silently when `count` is added to or removed from a
/// resource with one instance: `a` <-> `a[0]`.
fn count_renames(tree: &ModuleTree, state: &mut State) -> Vec<(String, String)> {
    let mut moves = Vec::new();
    let addrs: Vec<ResourceAddr> = state.resources.keys().cloned().collect();
    for addr in addrs {
        let Some(module) = tree.modules.get(&addr.module.static_path()) else { continue };
        let Some(r) = module.resources.get(&addr.local()) else { continue };
        let Some(rs) = state.resources.get_mut(&addr) else { continue };
        if r.count.is_some() && rs.instances.len() == 1 && rs.instances.contains_key(&InstanceKey::None) {
            if let Some(i) = rs.instances.remove(&InstanceKey::None) {
                rs.instances.insert(InstanceKey::Int(0), i);
                moves.push((addr.to_string(), format!("{addr}[0]")));
            }
        } else if r.count.is_none() && rs.instances.len() == 1 && rs.instances.contains_key(&InstanceKey::Int(0)) {
            if let Some(i) = rs.instances.remove(&InstanceKey::Int(0)) {
                rs.instances.insert(InstanceKey::None, i);
                moves.push((format!("{addr}[0]"), addr.to_string()));
            }
        }
    }
    moves
}

/// Applies the `moved` blocks of the root module to the state: the objects keep
/// their identity under the new address instead of being destroyed and recreated.
/// Returns (new address, old address) per moved instance.
fn apply_moves(tree: &ModuleTree, state: &mut State, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut moved = BTreeMap::new();
    for (path, module) in &tree.modules {
        for mv in &module.moved {
            let text = |e: &crate::config::Expr| e.range().and_then(|r| e.file.text.get(r.start.byte..r.end.byte).map(str::to_string)).unwrap_or_default();
            let prefix = if path.is_empty() { String::new() } else { path.split('.').map(|m| format!("module.{m}.")).collect::<String>() };
            let (from, to) = (format!("{prefix}{}", text(&mv.from)), format!("{prefix}{}", text(&mv.to)));
            let (Ok(f), Ok(t)) = (crate::addrs::parse_target(&from), crate::addrs::parse_target(&to)) else {
                diags.push(
                    Diagnostic::error("Invalid \"moved\" addresses", "The \"from\" and \"to\" arguments of a moved block must be resource or module addresses.")
                        .with_subject(mv.range.clone()),
                );
                continue;
            };
            match (f, t) {
                (Target::Resource(a), Target::Resource(b)) => {
                    if state.resources.contains_key(&b) {
                        continue;
                    }
                    if let Some(r) = state.resources.remove(&a) {
                        for k in r.instances.keys() {
                            moved.insert(b.instance(k.clone()).to_string(), a.instance(k.clone()).to_string());
                        }
                        state.resources.insert(b, r);
                    }
                }
                (Target::Instance(a), Target::Instance(b)) => {
                    if state.instance(&b).is_some() {
                        continue;
                    }
                    if let Some(i) = state.instance(&a).cloned() {
                        let provider = state.resources.get(&a.resource).map(|r| r.provider.clone()).unwrap_or_default();
                        state.set_instance(&a, &provider, None);
                        state.set_instance(&b, &provider, Some(i));
                        moved.insert(b.to_string(), a.to_string());
                    }
                }
                (Target::Module(a), Target::Module(b)) => {
                    let addrs: Vec<ResourceAddr> = state.resources.keys().filter(|r| r.module.within(&a)).cloned().collect();
                    for old in addrs {
                        let mut m = b.0.clone();
                        m.extend(old.module.0[a.0.len()..].iter().cloned());
                        let new = ResourceAddr { module: ModuleInstance(m), ..old.clone() };
                        if let Some(r) = state.resources.remove(&old) {
                            for k in r.instances.keys() {
                                moved.insert(new.instance(k.clone()).to_string(), old.instance(k.clone()).to_string());
                            }
                            state.resources.insert(new, r);
                        }
                    }
                }
                _ => diags.push(
                    Diagnostic::error("Invalid \"moved\" addresses", "A moved block must move a resource to a resource, an instance to an instance, or a module to a module.")
                        .with_subject(mv.range.clone()),
                ),
            }
        }
    }
    moved
}

/// Plans the configuration against `state`.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    tree: &ModuleTree,
    inputs: &BTreeMap<String, InputValue>,
    cwd: &std::path::Path,
    state: &State,
    providers: &Providers,
    opts: &PlanOptions,
    config_digest: String,
) -> PlanResult {
    let runtime = Runtime::new();
    let mut diags = Diagnostics::new();
    let mut state = state.clone();
    let base_lineage = if state.serial == 0 && state.resources.is_empty() && state.outputs.is_empty() { None } else { Some(state.lineage.clone()) };
    let base_serial = base_lineage.as_ref().map(|_| state.serial);
    count_renames(tree, &mut state);
    let moved = apply_moves(tree, &mut state, &mut diags);
    // Import blocks adopt objects into the state planned against (not when destroying).
    let imports = if opts.destroy { BTreeMap::new() } else { super::imports::apply_imports(tree, inputs, cwd, providers, &runtime, &mut state, &mut diags) };

    let state = &state;
    let mk = |wanted: Option<BTreeSet<ResourceAddr>>, collect_only: bool| Planner {
        providers,
        tree,
        provider_addrs: RefCell::new(BTreeMap::new()),
        state,
        opts,
        runtime: &runtime,
        wanted,
        changes: RefCell::new(Vec::new()),
        data_reads: RefCell::new(Vec::new()),
        configured: RefCell::new(BTreeSet::new()),
        configured_resources: RefCell::new(BTreeMap::new()),
        changed: RefCell::new(BTreeSet::new()),
        deps_seen: RefCell::new(BTreeMap::new()),
        refreshed: RefCell::new(Vec::new()),
        collect_only,
    };

    // With -target, a first pass finds what the targets depend on.
    let wanted = if opts.targets.is_empty() {
        None
    } else {
        let collector = mk(None, true);
        let mut scratch = Diagnostics::new();
        let _ = evaluate_root(tree, inputs, cwd, Some(&collector), &mut scratch);
        let seen = collector.deps_seen.into_inner();
        let mut wanted = BTreeSet::new();
        for (addr, deps) in &seen {
            if opts.targets.iter().any(|t| t.may_select(addr)) {
                wanted.insert(addr.clone());
                for d in deps {
                    if let Ok(Target::Resource(r)) = crate::addrs::parse_target(d) {
                        wanted.insert(r);
                    }
                }
            }
        }
        Some(wanted)
    };

    let planner = mk(wanted, false);
    let result = evaluate_root(tree, inputs, cwd, Some(&planner), &mut diags);

    // Destroying a target destroys what depends on it too.
    let mut destroy_targets = opts.targets.clone();
    if opts.destroy && !opts.targets.is_empty() {
        loop {
            let mut added = false;
            for a in state.instances() {
                if destroy_targets.iter().any(|t| t.selects(&a)) {
                    continue;
                }
                let deps = state.instance(&a).map(|i| i.dependencies.clone()).unwrap_or_default();
                let hit = deps.iter().any(|d| match crate::addrs::parse_target(d) {
                    Ok(Target::Resource(r)) => destroy_targets.iter().any(|t| t.may_select(&r)),
                    _ => false,
                });
                if hit {
                    destroy_targets.push(Target::Instance(a));
                    added = true;
                }
            }
            if !added {
                break;
            }
        }
    }
    // Instances in state without configuration (or everything, with -destroy).
    let configured = planner.configured.borrow().clone();
    let configured_resources = planner.configured_resources.borrow().clone();
    for a in state.instances() {
        let orphan = !configured.contains(&a);
        if !(orphan || opts.destroy) {
            continue;
        }
        if !destroy_targets.is_empty() && !destroy_targets.iter().any(|t| t.selects(&a)) {
            continue;
        }
        if a.resource.mode == Mode::Data {
            continue;
        }
        let state_provider = state.resources.get(&a.resource).map(|r| r.provider.clone()).unwrap_or_default();
        let Some(provider) = providers.for_state(&state_provider, &a.resource.type_name) else { continue };
        let Some((block, sv)) = providers.schema(a.resource.mode, &a.resource.type_name) else { continue };
        let prior = match state.instance(&a) {
            Some(i) => crate::state::model::apply_sensitive_paths(decode_typed(&i.attributes, &block.implied_type()), &i.sensitive_attributes),
            None => Value::null(block.implied_type()),
        };
        let prior = mark_schema_sensitive(&block, prior);
        let cfg = configured_resources.get(&a.resource).cloned().or_else(|| {
            tree.modules.get(&a.resource.module.static_path()).and_then(|m| m.resources.get(&a.resource.local())).cloned()
        });
        if opts.destroy {
            if let Some(c) = &cfg {
                if c.lifecycle.prevent_destroy {
                    diags.push(prevent_destroy_error(&a, c));
                    continue;
                }
            }
        }
        let reason = if opts.destroy {
            None
        } else {
            match (&cfg, &a.key) {
                (None, _) => Some("delete_because_no_resource_config"),
                (Some(_), InstanceKey::Int(_)) => Some("delete_because_count_index"),
                (Some(_), InstanceKey::Str(_)) => Some("delete_because_each_key"),
                (Some(_), InstanceKey::None) => Some("delete_because_no_resource_config"),
            }
        };
        if !opts.destroy {
            if let Some(c) = &cfg {
                if c.lifecycle.prevent_destroy {
                    diags.push(prevent_destroy_error(&a, c));
                    continue;
                }
            }
        }
        let deps: BTreeSet<String> = state.instance(&a).map(|i| i.dependencies.iter().cloned().collect()).unwrap_or_default();
        let c = change_record(&a, &*provider, Action::Delete, reason, &prior, &Value::null(block.implied_type()), &deps, false, sv);
        planner.changes.borrow_mut().push(c);
    }

    let provider_addrs = planner.provider_addrs.borrow().clone();
    let mut changes = planner.changes.into_inner();
    for c in changes.iter_mut() {
        c.provider_config = provider_addrs.get(&c.resource_address()).cloned().or_else(|| {
            // Objects without configuration keep the configuration their state names.
            let a = crate::addrs::parse_target(&c.resource_address()).ok()?;
            match a {
                Target::Resource(r) => state.resources.get(&r).map(|rs| rs.provider.clone()).filter(|p| !p.is_empty()),
                _ => None,
            }
        });
    }
    for c in changes.iter_mut() {
        if let Some(old) = moved.get(&c.address) {
            c.previous_address = Some(old.clone());
        }
        c.importing = imports.get(&c.address).cloned();
    }
    inherit_create_before_destroy(&mut changes);
    changes.sort_by(|a, b| a.address.cmp(&b.address));

    // Data sources read during planning, and what refresh found, become part of the
    // state the plan is applied to; data sources no longer configured (or all of
    // them, when destroying) leave it.
    let mut prior_state = (*state).clone();
    for a in state.instances() {
        if a.resource.mode == Mode::Data && (opts.destroy || (!configured.contains(&a) && opts.targets.is_empty())) {
            prior_state.set_instance(&a, "", None);
        }
    }
    for (a, attrs) in planner.refreshed.borrow().iter() {
        match attrs {
            Some(j) => {
                if let Some(rs) = prior_state.resources.get_mut(&a.resource) {
                    if let Some(i) = rs.instances.get_mut(&a.key) {
                        *i = crate::state::model::InstanceState { attributes: j.clone(), rendered: Default::default(), ..i.clone() };
                    }
                }
            }
            None => prior_state.set_instance(a, "", None),
        }
    }
    for (a, attrs, sv, paddr) in planner.data_reads.into_inner() {
        prior_state.set_instance(
            &a,
            &paddr,
            Some(crate::state::model::InstanceState {
                schema_version: sv,
                attributes: attrs,
                sensitive_attributes: Vec::new(),
                private: None,
                dependencies: Vec::new(),
                create_before_destroy: false,
                status: None,
                rendered: Default::default(),
            }),
        );
    }

    let mut output_changes = BTreeMap::new();
    if opts.destroy {
        for (name, o) in &state.outputs {
            output_changes.insert(name.clone(), OutputChange { action: Action::Delete, before: o.value.clone(), after: J::Null, after_unknown: false, sensitive: o.sensitive });
        }
    } else {
        for (name, o) in &result.outputs {
            let after = to_json(&o.value);
            let before = state.outputs.get(name).map(|p| p.value.clone()).unwrap_or(J::Null);
            // A null output is not stored: null before and after is no change (as in
            // Terraform), whether or not the state has the output.
            let action = if before == J::Null && after == J::Null && o.value.is_wholly_known() {
                Action::NoOp
            } else if before == J::Null && state.outputs.get(name).is_none() {
                Action::Create
            } else if before == after && o.value.is_wholly_known() {
                Action::NoOp
            } else {
                Action::Update
            };
            output_changes.insert(
                name.clone(),
                OutputChange { action, before, after, after_unknown: !o.value.is_wholly_known(), sensitive: o.sensitive || o.value.contains_sensitive() },
            );
        }
        for (name, o) in &state.outputs {
            if !result.outputs.contains_key(name) && opts.targets.is_empty() {
                output_changes.insert(name.clone(), OutputChange { action: Action::Delete, before: o.value.clone(), after: J::Null, after_unknown: false, sensitive: o.sensitive });
            }
        }
    }
    let variables = inputs.iter().map(|(k, v)| (k.clone(), to_json(&v.value))).collect();
    let plan = Plan {
        format: PLAN_FORMAT.into(),
        version: PLAN_VERSION,
        terraform_version: crate::state::TERRAFORM_VERSION.into(),
        destroy: opts.destroy,
        targets: opts.targets.iter().map(|t| t.to_string()).collect(),
        replace: opts.replace.iter().map(|t| t.to_string()).collect(),
        variables,
        config_digest,
        changes,
        output_changes,
        prior_state: prior_state.to_v4(),
        base_lineage,
        base_serial,
        errored: diags.has_errors(),
        configuration: super::plan_json::configuration(tree),
    };
    let _ = ModuleInstance::root();
    let _: Option<Arc<dyn Provider>> = None;
    PlanResult { plan, diags }
}

/// A resource replaced because a create_before_destroy dependent needs it is
/// replaced create-before-destroy too (Terraform's inheritance rule).
fn inherit_create_before_destroy(changes: &mut [Change]) {
    loop {
        let cbd_deps: BTreeSet<String> = changes
            .iter()
            .filter(|c| c.create_before_destroy || c.action == Action::CreateThenDelete)
            .flat_map(|c| c.dependencies.iter().cloned())
            .collect();
        let mut changed = false;
        for c in changes.iter_mut() {
            let res = c.resource_address();
            if c.action == Action::DeleteThenCreate && cbd_deps.contains(&res) {
                c.action = Action::CreateThenDelete;
                c.create_before_destroy = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// The resource handler of `terrace validate`: configurations are decoded against
/// the providers' schemas and checked by the providers, and every resource's value is
/// unknown (nothing is read or planned).
pub struct Validator<'a> {
    pub providers: &'a Providers,
}

impl ResourceHandler for Validator<'_> {
    fn schema(&self, mode: Mode, type_name: &str) -> Option<Block> {
        self.providers.schema(mode, type_name).map(|(b, _)| b)
    }
    // Provider blocks are decoded against their schemas (unknown arguments are errors)
    // but not configured: validation makes no calls.
    fn provider_schema(&self, name: &str) -> Option<Block> {
        self.providers.get(name).map(|p| p.schema().provider.clone())
    }
    fn provider_source(&self, name: &str) -> Option<String> {
        self.providers.get(name).map(|p| p.source().to_string())
    }
    fn wanted(&self, _addr: &ResourceAddr) -> bool {
        true
    }
    fn unwanted(&self, _addr: &ResourceAddr) -> Value {
        Value::unknown_dynamic()
    }
    fn planning(&self) -> bool {
        true
    }
    fn resource(
        &self,
        addr: &ResourceAddr,
        cfg: &Resource,
        instances: Vec<(InstanceKey, Value)>,
        _deps: &BTreeSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<BTreeMap<InstanceKey, Value>> {
        let provider = self.providers.for_type(&addr.type_name)?;
        let (block, _) = self.providers.schema(addr.mode, &addr.type_name)?;
        let mut out = BTreeMap::new();
        for (key, config) in instances {
            let (plain, _) = config.unmark_deep();
            let ds = match addr.mode {
                Mode::Managed => provider.validate_resource(&addr.type_name, &plain),
                Mode::Data => provider.validate_data_source(&addr.type_name, &plain),
            };
            diags.extend(super::provider_diagnostics(ds, &addr.instance(key.clone()).to_string(), Some(cfg)));
            out.insert(key, Value::unknown(block.implied_type()));
        }
        Some(out)
    }
}
