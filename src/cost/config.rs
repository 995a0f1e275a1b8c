//! Pricing a configuration without state, providers or credentials: the module tree is
//! walked like a plan, but each resource body is evaluated against a schema inferred
//! from the body itself. Attributes the configuration sets are known; everything a
//! provider would compute (ids, ARNs) is unknown, and references to resources see
//! unknown values. Provider blocks are evaluated for `region` and `default_tags`.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use terrace_pricing::json::Project;
use terrace_pricing::{Catalog, ResourceInput};
use terrace_provider::{Block, Value};

use super::{CostError, ProjectSpec};
use crate::addrs::{InstanceKey, ModuleInstance, ResourceAddr};
use crate::config::{Mode, Module, ModuleTree, Resource};
use crate::diag::{Diagnostics, SourceMap};
use crate::graph::ResourceHandler;
use crate::lang::eval::{Evaluator, Scope};
use crate::lang::functions::Host;

/// What a provider block says that pricing needs.
#[derive(Debug, Clone, Default)]
pub struct ProviderSettings {
    pub region: Option<String>,
    pub default_tags: BTreeMap<String, String>,
}

/// One evaluated resource instance.
struct Collected {
    addr: ResourceAddr,
    key: InstanceKey,
    provider: (String, Option<String>),
    values: serde_json::Value,
    deps: Vec<String>,
}

/// The walk's handler: records instances, answers unknown for references.
#[derive(Default)]
pub struct ConfigCollector {
    collected: RefCell<Vec<Collected>>,
    providers: RefCell<HashMap<(String, String, Option<String>), ProviderSettings>>,
}

impl ResourceHandler for ConfigCollector {
    fn schema(&self, _mode: Mode, _type_name: &str) -> Option<Block> {
        None
    }
    fn schemaless(&self) -> bool {
        true
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
        deps: &BTreeSet<String>,
        _diags: &mut Diagnostics,
    ) -> Option<BTreeMap<InstanceKey, Value>> {
        let provider = match &cfg.provider {
            Some((n, a)) => (n.clone(), a.clone()),
            None => (crate::graph::provider_local_name(cfg), None),
        };
        let mut out = BTreeMap::new();
        let mut c = self.collected.borrow_mut();
        for (key, v) in instances {
            let (plain, _) = v.unmark_deep();
            if addr.mode == Mode::Managed {
                c.push(Collected {
                    addr: addr.clone(),
                    key: key.clone(),
                    provider: provider.clone(),
                    values: crate::engine::values::to_json(&plain),
                    deps: deps.iter().cloned().collect(),
                });
            }
            out.insert(key, Value::unknown_dynamic());
        }
        Some(out)
    }
    fn module_done(&self, inst: &ModuleInstance, module: &Module, scope: &dyn Scope, host: &dyn Host, diags: &mut Diagnostics) {
        for p in &module.providers {
            let mut s = ProviderSettings::default();
            // Override files' blocks come after the primary one: the last setting wins.
            for layer in p.layers() {
                let ev = Evaluator::new(scope, host, &layer.file);
                for a in layer.body.attributes() {
                    if a.key.as_str() == "region" {
                        match ev.eval(&a.value) {
                            Ok(v) => s.region = v.unmark_deep().0.as_str().map(str::to_string),
                            Err(d) => diags.push(d.with_block(format!("provider \"{}\"", p.name))),
                        }
                    }
                }
                for b in layer.body.blocks().filter(|b| b.ident.as_str() == "default_tags") {
                    s.default_tags.clear();
                    for a in b.body.attributes().filter(|a| a.key.as_str() == "tags") {
                        match ev.eval(&a.value) {
                            Ok(v) => {
                                if let Some(m) = v.unmark_deep().0.as_entries() {
                                    for (k, x) in m {
                                        if let Some(s2) = x.as_str() {
                                            s.default_tags.insert(k.clone(), s2.to_string());
                                        }
                                    }
                                }
                            }
                            Err(d) => diags.push(d.with_block(format!("provider \"{}\"", p.name))),
                        }
                    }
                }
            }
            self.providers.borrow_mut().insert((inst.to_string(), p.name.clone(), p.alias.clone()), s);
        }
    }
}

impl ConfigCollector {
    /// The provider settings a module instance's provider (local name, alias) resolves to:
    /// its own block, else the parent's through the module call's `providers` map, else
    /// (without alias) the parent's default configuration of the same name.
    fn settings(&self, tree: &ModuleTree, inst: &ModuleInstance, name: &str, alias: Option<&str>) -> Option<ProviderSettings> {
        let key = (inst.to_string(), name.to_string(), alias.map(str::to_string));
        if let Some(s) = self.providers.borrow().get(&key) {
            return Some(s.clone());
        }
        let (call_name, _) = inst.0.last()?;
        let parent = ModuleInstance(inst.0[..inst.0.len() - 1].to_vec());
        let parent_module = tree.modules.get(&parent.static_path())?;
        let call = parent_module.module_calls.get(call_name)?;
        let wanted = match alias {
            Some(a) => format!("{name}.{a}"),
            None => name.to_string(),
        };
        for (k, e) in &call.providers {
            if *k == wanted {
                let refs = e.references();
                let r = refs.first()?;
                return self.settings(tree, &parent, &r.root, r.attrs.first().map(String::as_str));
            }
        }
        if alias.is_none() {
            return self.settings(tree, &parent, name, None);
        }
        None
    }

    /// The resource inputs, with regions and default tags resolved.
    pub fn inputs(&self, tree: &ModuleTree) -> Vec<ResourceInput> {
        let default_region = super::env_region().unwrap_or_else(|| super::DEFAULT_REGION.to_string());
        let collected = self.collected.borrow();
        let mut out = Vec::with_capacity(collected.len());
        let mut cache: HashMap<(String, String, Option<String>), Option<ProviderSettings>> = HashMap::new();
        for c in collected.iter() {
            let ck = (c.addr.module.to_string(), c.provider.0.clone(), c.provider.1.clone());
            let settings = cache
                .entry(ck)
                .or_insert_with(|| self.settings(tree, &c.addr.module, &c.provider.0, c.provider.1.as_deref()))
                .clone()
                .unwrap_or_default();
            let region = settings.region.clone().unwrap_or_else(|| default_region.clone());
            let mut r = ResourceInput::new(c.addr.instance(c.key.clone()).to_string(), c.addr.type_name.clone(), region, c.values.clone());
            r.tags = super::merged_tags(&c.values, &settings.default_tags);
            r.references = c.deps.clone();
            out.push(r);
        }
        super::sorted(out)
    }
}

/// Loads a configuration and evaluates it into resource inputs.
pub fn config_inputs(spec: &ProjectSpec) -> Result<Vec<ResourceInput>, CostError> {
    let dir = &spec.path;
    if !dir.is_dir() {
        return Err(CostError(format!(
            "Error: No configuration directory\n\n{} is not a directory. Pass --path a directory of .tf files, or a plan JSON file (terraform show -json plan.out > plan.json).",
            dir.display()
        )));
    }
    let (tree, mut diags) = crate::config::load_module_tree(dir);
    let mut sources = SourceMap::default();
    for f in tree.files() {
        sources.add(f.clone());
    }
    if tree.root().resources.is_empty() && tree.root().module_calls.is_empty() && !diags.has_errors() && tree.files().next().is_none() {
        return Err(CostError(format!(
            "Error: No configuration files\n\n{} has no .tf or .tf.json files. Pass --path the directory that holds the Terraform configuration.",
            dir.display()
        )));
    }
    let mut args: Vec<crate::inputs::VarArg> = spec.vars.iter().map(|v| crate::inputs::VarArg::Var(v.clone())).collect();
    args.extend(spec.var_files.iter().map(|f| crate::inputs::VarArg::File(f.to_string_lossy().to_string())));
    let inputs = if diags.has_errors() { BTreeMap::new() } else { crate::inputs::collect(dir, tree.root(), &args, &mut sources, &mut diags) };
    let collector = ConfigCollector::default();
    if !diags.has_errors() {
        let prev = spec.workspace.as_ref().map(|w| (std::env::var_os("TF_WORKSPACE"), w));
        if let Some((_, w)) = &prev {
            std::env::set_var("TF_WORKSPACE", w);
        }
        let _ = crate::graph::evaluate_root(&tree, &inputs, dir, Some(&collector), &mut diags);
        if let Some((old, _)) = prev {
            match old {
                Some(o) => std::env::set_var("TF_WORKSPACE", o),
                None => std::env::remove_var("TF_WORKSPACE"),
            }
        }
    }
    if diags.has_errors() {
        let shown: Vec<_> = diags.iter().cloned().collect();
        return Err(CostError(crate::diag::render_all(&shown, &sources, false)));
    }
    Ok(collector.inputs(&tree))
}

/// Prices a configuration directory (no state, no credentials).
pub fn price_config(spec: &ProjectSpec, catalog: &Catalog) -> Result<Project, CostError> {
    let inputs = config_inputs(spec)?;
    let usage = super::load_usage(spec.usage_file.as_deref(), Some(&spec.path))?;
    let b = super::breakdown(&inputs, catalog, &usage);
    let name = spec.name.clone().unwrap_or_else(|| project_name(&spec.path));
    Ok(super::project(name, &spec.path.to_string_lossy(), "terraform_dir", None, b))
}

/// A project's default name: its directory's path as given, or the directory's name for `.`.
pub fn project_name(path: &std::path::Path) -> String {
    let s = path.to_string_lossy().trim_end_matches('/').to_string();
    if s.is_empty() || s == "." {
        std::env::current_dir()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_else(|| "main".into())
    } else {
        s
    }
}
