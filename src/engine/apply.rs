//! Applying a plan: deletes first in reverse dependency order, then the
//! configuration walk in dependency order creating, updating and replacing what the
//! plan names, then the deferred deletes of create-before-destroy replacements.
//! The state is saved after every finished operation.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value as J;
use terrace_provider::plan::{proposed_new, same};
use terrace_provider::{ApplyRequest, Block, PlanRequest};

use super::plan::{Action, Change, Plan};
use super::planner::{mark_schema_sensitive, Runtime};
use super::values::from_json;
use super::Providers;
use crate::addrs::{parse_target, InstanceAddr, InstanceKey, ResourceAddr, Target};
use crate::config::{Mode, ModuleTree, Resource};
use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::{evaluate_root, InputValue, OutputValue, ResourceHandler};
use crate::lang::Value;
use crate::state::model::{decode_typed, encode, sensitive_paths, InstanceState, State};

/// Set when the user interrupts (Ctrl-C): no new operation starts; operations under
/// way finish and are saved.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Receives progress events; the terminal and JSON views implement it.
pub trait Hook {
    fn started(&self, _addr: &str, _action: Action) {}
    fn finished(&self, _addr: &str, _action: Action, _ok: bool) {}
}

pub struct NoHook;
impl Hook for NoHook {}

pub struct ApplyOutcome {
    pub diags: Diagnostics,
    pub added: usize,
    pub changed: usize,
    pub destroyed: usize,
    pub outputs: BTreeMap<String, OutputValue>,
}

/// One provider operation of an instance, ready to run.
struct Job {
    /// Which resource of the batch the job belongs to.
    item: usize,
    provider: std::sync::Arc<dyn terrace_provider::Provider>,
    /// The provider configuration address the state records.
    paddr: String,
    type_name: String,
    block: Block,
    schema_version: u64,
    cfg: Resource,
    key: InstanceKey,
    addr: InstanceAddr,
    addr_s: String,
    change: Change,
    old: Value,
    prior: Value,
    planned: Value,
    config: Value,
}

struct Applier<'a> {
    tree: &'a ModuleTree,
    parallelism: usize,
    /// The state in memory differs from the file (the serial moves only then).
    dirty: std::cell::Cell<bool>,
    providers: &'a Providers,
    runtime: &'a Runtime,
    state: &'a RefCell<State>,
    state_path: &'a PathBuf,
    changes: &'a BTreeMap<String, Change>,
    hook: &'a dyn Hook,
    counts: RefCell<(usize, usize, usize)>,
    deferred_deletes: RefCell<Vec<(Change, Value)>>,
    save_error: RefCell<Option<String>>,
    /// Creates in flight (the journal's content).
    journal: RefCell<Vec<crate::state::intent::Intent>>,
    finished_addrs: RefCell<Vec<String>>,
}

impl Applier<'_> {
    fn save(&self) {
        if !self.dirty.get() {
            return;
        }
        self.dirty.set(false);
        let mut st = self.state.borrow_mut();
        st.serial += 1;
        let text = st.render_text();
        if let Err(e) = crate::state::write_replace(self.state_path, text.as_bytes()) {
            *self.save_error.borrow_mut() = Some(format!("failed to write state file {}: {e}", self.state_path.display()));
        }
    }

    /// Records an instance (or its removal) under its provider configuration address.
    fn set(&self, a: &InstanceAddr, provider_addr: &str, inst: Option<InstanceState>) {
        self.dirty.set(true);
        self.state.borrow_mut().set_instance(a, provider_addr, inst);
    }

    /// Runs provider applies with bounded concurrency. `done` handles each result (on
    /// this thread); the state is saved after each batch of finished operations.
    fn run_jobs<R>(
        &self,
        jobs: Vec<Job>,
        mut done: impl FnMut(&Job, Result<Value, terrace_provider::Diags>) -> R,
    ) -> Vec<(usize, InstanceKey, R)> {
        let limit = self.parallelism.max(1);
        let mut pending = jobs.into_iter().enumerate().collect::<std::collections::VecDeque<_>>();
        let mut running: BTreeMap<usize, Job> = BTreeMap::new();
        let mut out = Vec::new();
        self.runtime.rt.block_on(async {
            let mut set = tokio::task::JoinSet::new();
            loop {
                while running.len() < limit && !interrupted() {
                    let Some((i, job)) = pending.pop_front() else { break };
                    self.hook.started(&job.addr_s, job.change.action);
                    let (p, t) = (job.provider.clone(), job.type_name.clone());
                    let (prior, planned, config) = (job.prior.clone(), job.planned.clone(), job.config.clone());
                    // A create is journalled (durably) before the provider is called.
                    let token = if prior.is_null() { self.journal_create(&job) } else { None };
                    set.spawn(async move {
                        let r = p.apply_resource(ApplyRequest { type_name: &t, prior: &prior, planned: &planned, config: &config, idempotency_token: token.as_deref() }).await;
                        (i, r)
                    });
                    running.insert(i, job);
                }
                let Some(first) = set.join_next().await else { break };
                let mut finished = vec![first];
                while let Some(more) = set.try_join_next() {
                    finished.push(more);
                }
                for f in finished {
                    let (i, r) = match f {
                        Ok(x) => x,
                        Err(e) => {
                            *self.save_error.borrow_mut() = Some(format!("a provider operation failed to complete: {e}"));
                            continue;
                        }
                    };
                    if let Some(job) = running.remove(&i) {
                        let v = done(&job, r);
                        out.push((job.item, job.key.clone(), v));
                        self.finished_addrs.borrow_mut().push(job.addr_s.clone());
                    }
                }
                self.save();
                // The results are on disk: their intents are done.
                self.journal_done();
            }
        });
        out
    }

    /// Writes a create's intent to the journal; returns its token. A journal that cannot
    /// be written is reported (the create still runs: the state is saved right after).
    fn journal_create(&self, job: &Job) -> Option<String> {
        let token = uuid::Uuid::new_v4().to_string();
        let mut j = self.journal.borrow_mut();
        j.push(crate::state::intent::Intent {
            address: job.addr_s.clone(),
            type_name: job.type_name.clone(),
            provider_config: job.paddr.clone(),
            token: token.clone(),
            planned: encode(&job.planned),
            schema_version: job.schema_version,
            dependencies: job.change.dependencies.clone(),
        });
        if let Err(e) = crate::state::intent::save(self.state_path, &j) {
            *self.save_error.borrow_mut() = Some(format!("failed to write the create journal {e}"));
        }
        Some(token)
    }

    /// Removes the intents of operations whose results are saved.
    fn journal_done(&self) {
        let done: Vec<String> = std::mem::take(&mut *self.finished_addrs.borrow_mut());
        let mut j = self.journal.borrow_mut();
        let before = j.len();
        j.retain(|i| !done.contains(&i.address));
        if j.len() != before && self.save_error.borrow().is_none() {
            if let Err(e) = crate::state::intent::save(self.state_path, &j) {
                *self.save_error.borrow_mut() = Some(format!("failed to write the create journal {e}"));
            }
        }
    }

    /// Records an instance's new object without saving (the caller saves).
    #[allow(clippy::too_many_arguments)]
    fn set_recorded(&self, a: &InstanceAddr, provider_addr: &str, block: &Block, sv: u64, v: Option<&Value>, deps: &[String], cbd: bool) {
        let inst = v.map(|v| {
            let marked = mark_schema_sensitive(block, v.clone());
            InstanceState {
                schema_version: sv,
                attributes: encode(v),
                sensitive_attributes: sensitive_paths(&marked),
                private: None,
                dependencies: deps.to_vec(),
                create_before_destroy: cbd,
                status: None,
                rendered: Default::default(),
            }
        });
        self.set(a, provider_addr, inst);
    }

    fn record(&self, a: &InstanceAddr, provider_addr: &str, block: &Block, sv: u64, v: Option<&Value>, deps: &[String], cbd: bool) {
        self.set_recorded(a, provider_addr, block, sv, v, deps, cbd);
        self.save();
    }

    fn state_value(&self, a: &InstanceAddr, block: &Block) -> Value {
        match self.state.borrow().instance(a) {
            Some(i) => crate::state::model::apply_sensitive_paths(decode_typed(&i.attributes, &block.implied_type()), &i.sensitive_attributes),
            None => Value::null(block.implied_type()),
        }
    }
}

impl ResourceHandler for Applier<'_> {
    fn schema(&self, mode: Mode, type_name: &str) -> Option<Block> {
        self.providers.schema(mode, type_name).map(|(b, _)| b)
    }

    fn wanted(&self, _addr: &ResourceAddr) -> bool {
        true
    }

    fn unwanted(&self, _addr: &ResourceAddr) -> Value {
        Value::unknown_dynamic()
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
        let batch = vec![crate::graph::ResourceRequest { addr: addr.clone(), cfg, instances, deps: deps.clone() }];
        self.resources(batch, diags).pop().flatten()
    }

    /// The resources of one level of the walk depend on none of each other: all
    /// their provider operations run together, at most `parallelism` at a time, and
    /// whatever has finished is recorded and saved before more operations start.
    fn resources(&self, batch: Vec<crate::graph::ResourceRequest<'_>>, diags: &mut Diagnostics) -> Vec<Option<BTreeMap<InstanceKey, Value>>> {
        if interrupted() {
            return batch.iter().map(|_| None).collect();
        }
        let mut partial: Vec<Option<(BTreeMap<InstanceKey, Value>, bool)>> = Vec::new();
        let mut jobs: Vec<Job> = Vec::new();
        for (item, req) in batch.into_iter().enumerate() {
            partial.push(self.prepare(item, &req.addr, req.cfg, req.instances, &mut jobs, diags));
        }
        if !jobs.is_empty() {
            let results = self.run_jobs(jobs, |job, result| match result {
                Ok(new) => {
                    if job.change.action == Action::CreateThenDelete && !job.old.is_null() {
                        self.deferred_deletes.borrow_mut().push((job.change.clone(), job.old.clone()));
                    }
                    // Values derived from sensitive ones stay sensitive in the state.
                    let new = crate::state::model::apply_sensitive_mirror(new, &job.change.after_sensitive);
                    self.set_recorded(&job.addr, &job.paddr, &job.block, job.schema_version, Some(&new), &job.change.dependencies, job.change.create_before_destroy);
                    let mut c = self.counts.borrow_mut();
                    if job.change.action == Action::Update {
                        c.1 += 1;
                    } else {
                        c.0 += 1;
                    }
                    drop(c);
                    self.hook.finished(&job.addr_s, job.change.action, true);
                    Some(mark_schema_sensitive(&job.block, new))
                }
                Err(ds) => {
                    self.hook.finished(&job.addr_s, job.change.action, false);
                    diags.extend(super::provider_diagnostics(ds, &job.addr_s, Some(&job.cfg)));
                    None
                }
            });
            if interrupted() {
                return partial.iter().map(|_| None).collect();
            }
            for (item, key, v) in results {
                if let Some(Some((out, ok))) = partial.get_mut(item) {
                    match v {
                        Some(v) => {
                            out.insert(key, v);
                        }
                        None => *ok = false,
                    }
                }
            }
        }
        partial.into_iter().map(|p| p.and_then(|(out, ok)| ok.then_some(out))).collect()
    }
}

impl Applier<'_> {
    /// Handles what needs no provider operation (no-ops, reads, instances outside the
    /// plan) and turns every create, update and replacement into a job.
    fn prepare(
        &self,
        item: usize,
        addr: &ResourceAddr,
        cfg: &Resource,
        instances: Vec<(InstanceKey, Value)>,
        jobs: &mut Vec<Job>,
        diags: &mut Diagnostics,
    ) -> Option<(BTreeMap<InstanceKey, Value>, bool)> {
        let (provider, paddr) = self.providers.for_config_resource(self.tree, &addr.module, cfg)?;
        let (block, sv) = self.providers.schema(addr.mode, &addr.type_name)?;
        let ty = block.implied_type();
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (key, config) in instances {
            let a = addr.instance(key.clone());
            let addr_s = a.to_string();
            let Some(change) = self.changes.get(&addr_s) else {
                // Not part of the plan (untargeted): what the state has, or unknown.
                let v = self.state_value(&a, &block);
                let v = if v.is_null() { Value::unknown(ty.clone()) } else { v };
                out.insert(key, mark_schema_sensitive(&block, v));
                continue;
            };
            let (config_plain, _) = config.clone().unmark_deep();
            match change.action {
                Action::NoOp | Action::Delete => {
                    out.insert(key, mark_schema_sensitive(&block, self.state_value(&a, &block)));
                }
                Action::Read => {
                    self.hook.started(&addr_s, Action::Read);
                    match self.runtime.rt.block_on(provider.read_data_source(&addr.type_name, &config_plain)) {
                        Ok(v) => {
                            self.record(&a, &paddr, &block, sv, Some(&v), &[], false);
                            self.hook.finished(&addr_s, Action::Read, true);
                            out.insert(key, mark_schema_sensitive(&block, v));
                        }
                        Err(ds) => {
                            self.hook.finished(&addr_s, Action::Read, false);
                            diags.extend(super::provider_diagnostics(ds, &addr_s, Some(cfg)));
                            ok = false;
                        }
                    }
                }
                Action::Create | Action::Update | Action::DeleteThenCreate | Action::CreateThenDelete => {
                    let old = self.state_value(&a, &block);
                    let prior = if change.action == Action::Update { old.clone() } else { Value::null(ty.clone()) };
                    let planned_before = from_json(&change.after, &change.after_unknown, &J::Bool(false), &ty);
                    // ignore_changes applies against the object the plan was made from.
                    let plan_prior = from_json(&change.before, &J::Bool(false), &J::Bool(false), &ty);
                    let config_plain = if plan_prior.is_null() { config_plain } else { super::planner::apply_ignore_changes(cfg, &plan_prior, config_plain) };
                    let proposed = proposed_new(&block, &prior, &config_plain);
                    let planned = match provider.plan_resource(PlanRequest { type_name: &addr.type_name, prior: &prior, proposed: &proposed, config: &config_plain }) {
                        Ok(r) => r.planned,
                        Err(ds) => {
                            diags.extend(super::provider_diagnostics(ds, &addr_s, Some(cfg)));
                            ok = false;
                            continue;
                        }
                    };
                    if let Some(path) = inconsistent(&planned_before, &planned) {
                        diags.push(
                            Diagnostic::error(
                                "Provider produced inconsistent final plan",
                                format!("When expanding the plan for {addr_s} to include new values learned so far during apply, provider {:?} produced an invalid new value for {path}: was planned as one value, but now it is another.\n\nThis is a bug in the provider, which should be reported in the provider's own issue tracker.", provider.source()),
                            )
                            .with_subject(cfg.range.clone()),
                        );
                        ok = false;
                        continue;
                    }
                    jobs.push(Job {
                        paddr: paddr.clone(),
                        item,
                        provider: provider.clone(),
                        type_name: addr.type_name.clone(),
                        block: block.clone(),
                        schema_version: sv,
                        cfg: cfg.clone(),
                        key,
                        addr: a,
                        addr_s,
                        change: change.clone(),
                        old,
                        prior,
                        planned,
                        config: config_plain,
                    });
                }
            }
        }
        Some((out, ok))
    }
}

/// The first attribute whose known planned value changed in the final plan.
fn inconsistent(planned: &Value, now: &Value) -> Option<String> {
    let (Some(pm), Some(nm)) = (planned.as_entries(), now.as_entries()) else { return None };
    for (k, pv) in pm {
        if !pv.is_wholly_known() {
            continue;
        }
        match nm.get(k) {
            Some(nv) if nv.is_wholly_known() && !same(pv, nv) => return Some(format!(".{k}")),
            _ => {}
        }
    }
    None
}

/// Orders deletions so that an instance is deleted before what it depends on.
fn delete_order(changes: &[&Change]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    let mut done = vec![false; changes.len()];
    // Repeatedly take the changes that nothing remaining depends on.
    for _ in 0..changes.len() {
        for i in 0..changes.len() {
            if done[i] {
                continue;
            }
            let res_i = changes[i].resource_address();
            let depended_on = changes
                .iter()
                .enumerate()
                .any(|(j, c)| !done[j] && j != i && c.dependencies.contains(&res_i));
            if !depended_on {
                done[i] = true;
                order.push(i);
            }
        }
        if order.len() == changes.len() {
            break;
        }
    }
    for (i, d) in done.iter().enumerate() {
        if !d {
            order.push(i);
        }
    }
    order
}

/// Applies `plan`. The caller has checked that the plan is current.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    tree: &ModuleTree,
    inputs: &BTreeMap<String, InputValue>,
    cwd: &std::path::Path,
    plan: &Plan,
    state_path: &PathBuf,
    providers: &Providers,
    hook: &dyn Hook,
    parallelism: usize,
) -> ApplyOutcome {
    let runtime = Runtime::new();
    runtime.rt.spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    });
    let mut diags = Diagnostics::new();
    let mut prior = match State::from_v4(plan.prior_state.clone()) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error("Invalid plan", e));
            return ApplyOutcome { diags, added: 0, changed: 0, destroyed: 0, outputs: BTreeMap::new() };
        }
    };
    if let (Some(_), Some(serial)) = (&plan.base_lineage, plan.base_serial) {
        prior.serial = serial;
    }
    let state = RefCell::new(prior);
    let changes: BTreeMap<String, Change> = plan.changes.iter().map(|c| (c.address.clone(), c.clone())).collect();
    // What is on disk now: the plan's prior state may add data source reads, refresh
    // results and renames to it.
    let on_disk = crate::state::StateV4::read(state_path).ok().flatten();
    let prior_is_on_disk = on_disk.as_ref().is_some_and(|d| d.same_content(&state.borrow().to_v4()));
    let applier = Applier {
        tree,
        dirty: std::cell::Cell::new(!prior_is_on_disk),
        parallelism,
        providers,
        runtime: &runtime,
        state: &state,
        state_path,
        changes: &changes,
        hook,
        counts: RefCell::new((0, 0, 0)),
        deferred_deletes: RefCell::new(Vec::new()),
        save_error: RefCell::new(None),
        journal: RefCell::new(crate::state::intent::load(state_path).unwrap_or_default()),
        finished_addrs: RefCell::new(Vec::new()),
    };
    applier.save();

    // Phase 1: deletes (plain and delete-then-create), dependents first. Providers are
    // configured first (the walk configures them again; its diagnostics are the ones shown).
    let deletes: Vec<&Change> = plan.changes.iter().filter(|c| matches!(c.action, Action::Delete | Action::DeleteThenCreate)).collect();
    if !deletes.is_empty() || plan.changes.iter().any(|c| c.action == Action::CreateThenDelete) {
        let _ = super::configure_providers(tree, inputs, cwd, providers);
    }
    let mut failed_deletes: BTreeSet<String> = BTreeSet::new();
    for i in delete_order(&deletes) {
        if interrupted() {
            break;
        }
        let c = deletes[i];
        if c.dependencies.iter().any(|d| failed_deletes.contains(d)) {
            continue;
        }
        let Ok(Target::Instance(a)) = parse_target(&c.address).map_err(|_| ()).map(|t| match t {
            Target::Resource(r) => Target::Instance(r.instance(InstanceKey::None)),
            other => other,
        }) else {
            continue;
        };
        let Some(provider) = providers.for_state(c.provider_config.as_deref().unwrap_or(""), &c.type_name) else { continue };
        let Some((block, _)) = providers.schema(a.resource.mode, &c.type_name) else { continue };
        let prior = applier.state_value(&a, &block);
        if prior.is_null() {
            continue;
        }
        hook.started(&c.address, Action::Delete);
        let res = runtime.rt.block_on(provider.apply_resource(ApplyRequest {
            type_name: &c.type_name,
            prior: &prior,
            planned: &Value::null(block.implied_type()),
            config: &Value::null(block.implied_type()),
            idempotency_token: None,
        }));
        match res {
            Ok(_) => {
                applier.set(&a, "", None);
                applier.save();
                applier.counts.borrow_mut().2 += 1;
                hook.finished(&c.address, Action::Delete, true);
            }
            Err(ds) => {
                hook.finished(&c.address, Action::Delete, false);
                failed_deletes.insert(c.resource_address());
                diags.extend(super::provider_diagnostics(ds, &c.address, None));
            }
        }
    }

    // Phase 2: the configuration walk.
    let mut outputs = BTreeMap::new();
    if !plan.destroy {
        let result = evaluate_root(tree, inputs, cwd, Some(&applier), &mut diags);
        outputs = result.outputs;
    }

    // Phase 3: the old objects of create-before-destroy replacements.
    for (c, old) in applier.deferred_deletes.borrow().iter() {
        let Some(provider) = providers.for_state(c.provider_config.as_deref().unwrap_or(""), &c.type_name) else { continue };
        hook.started(&c.address, Action::Delete);
        let res = runtime.rt.block_on(provider.apply_resource(ApplyRequest {
            type_name: &c.type_name,
            prior: old,
            planned: &Value::null(old.ty()),
            config: &Value::null(old.ty()),
            idempotency_token: None,
        }));
        match res {
            Ok(_) => {
                applier.counts.borrow_mut().2 += 1;
                hook.finished(&c.address, Action::Delete, true);
            }
            Err(ds) => diags.extend(super::provider_diagnostics(ds, &c.address, None)),
        }
    }

    // Outputs.
    {
        let mut st = state.borrow_mut();
        if plan.destroy {
            st.outputs.clear();
        } else {
            for (name, o) in &outputs {
                if o.value.is_null() {
                    st.outputs.remove(name);
                    continue;
                }
                if !o.value.is_wholly_known() {
                    // Depends on something left out of this run (-target): keep what was there.
                    continue;
                }
                let (v, _) = o.value.clone().unmark_deep();
                let mut infinite = false;
                let v = v.map_deep(&mut |x| match x.as_number() {
                    Some(n) if n.is_infinite() => {
                        infinite = true;
                        x
                    }
                    Some(n) => Value::number(n.demote_for_output()),
                    _ => x,
                });
                if infinite {
                    diags.push(Diagnostic::error(
                        "Failed to save state",
                        format!("Error saving state: output {name:?} contains an infinite number, which the state format cannot represent."),
                    ));
                    continue;
                }
                st.outputs.insert(
                    name.clone(),
                    crate::state::OutputV4 {
                        value: encode(&v),
                        ty: serde_json::from_str(&v.ty().to_json_type()).unwrap_or(J::Null),
                        sensitive: o.sensitive,
                    },
                );
            }
            let names: Vec<String> = st.outputs.keys().cloned().collect();
            for n in names {
                if !tree.root().outputs.contains_key(&n) {
                    st.outputs.remove(&n);
                }
            }
        }
    }
    let mut st = state.borrow_mut();
    let unchanged = on_disk.as_ref().is_some_and(|d| d.same_content(&st.to_v4()));
    if !unchanged {
        st.serial += 1;
        if let Err(e) = st.to_v4().write(state_path) {
            diags.push(Diagnostic::error("Failed to save state", e.to_string()));
        }
    }
    drop(st);
    if let Some(e) = applier.save_error.borrow().clone() {
        diags.push(Diagnostic::error("Failed to save state", e));
    }
    if interrupted() {
        diags.push(Diagnostic::error(
            "Operation interrupted",
            "The apply was interrupted. Operations already under way were allowed to finish and everything done so far is saved in the state; run the command again to finish the remaining changes.",
        ));
    }
    let (added, changed, destroyed) = *applier.counts.borrow();
    ApplyOutcome { diags, added, changed, destroyed, outputs }
}
