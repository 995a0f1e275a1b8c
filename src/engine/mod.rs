//! The engine: planning resource changes against the prior state, and applying a
//! plan through the providers.
//!
//! **Invariant:** apply never creates, updates or deletes an instance that the plan
//! did not name, and the state is on disk before the next operation starts.

pub mod apply;
mod imports;
pub mod plan;
pub mod plan_json;
pub mod planner;
pub mod values;

use std::collections::BTreeMap;
use std::sync::Arc;

use terrace_provider::{Block, Provider};

use crate::config::{Mode, Resource};

/// The providers available to a run, by local name, and their configured instances by
/// provider configuration address (`provider["registry.terraform.io/hashicorp/aws"].west`).
pub struct Providers {
    by_name: BTreeMap<String, Arc<dyn Provider>>,
    configured: std::sync::RwLock<BTreeMap<String, Arc<dyn Provider>>>,
}

impl Providers {
    /// The providers compiled into Terrace.
    pub fn builtin() -> Providers {
        Providers::with(terrace_provider_builtin::providers())
    }

    /// Every provider this build of Terrace has: the built-in ones and AWS.
    pub fn available() -> Providers {
        let mut list = terrace_provider_builtin::providers();
        list.push(terrace_provider_aws::provider());
        Providers::with(list)
    }

    /// A set of providers (tests add their own).
    pub fn with(list: Vec<Arc<dyn Provider>>) -> Providers {
        let mut by_name = BTreeMap::new();
        for p in list {
            by_name.insert(p.name().to_string(), p);
        }
        Providers { by_name, configured: Default::default() }
    }

    /// Configures the provider block at `config_addr` with its decoded body. Providers
    /// that need one instance per configuration get a fresh one.
    pub fn configure(&self, config_addr: &str, name: &str, value: &terrace_provider::Value) -> Result<(), terrace_provider::Diags> {
        let Some(base) = self.by_name.get(name) else { return Ok(()) };
        let inst = base.new_instance().unwrap_or_else(|| base.clone());
        inst.configure(value)?;
        if let Ok(mut m) = self.configured.write() {
            m.insert(config_addr.to_string(), inst);
        }
        Ok(())
    }

    /// The instance for a provider configuration address: the configured one, else the
    /// provider itself (unconfigured, as Terraform uses a provider with an empty block).
    pub fn for_config(&self, config_addr: &str, name: &str) -> Option<Arc<dyn Provider>> {
        if let Some(p) = self.configured.read().ok().and_then(|m| m.get(config_addr).cloned()) {
            return Some(p);
        }
        self.by_name.get(name).cloned()
    }

    /// The instance that manages a resource of the configuration, and its provider
    /// configuration address (what the state records).
    pub fn for_config_resource(&self, tree: &crate::config::ModuleTree, module: &crate::addrs::ModuleInstance, r: &Resource) -> Option<(Arc<dyn Provider>, String)> {
        let name = crate::graph::provider_local_name(r);
        let base = self.by_name.get(&name)?;
        let alias = r.provider.as_ref().and_then(|(_, a)| a.clone());
        let addr = config_address(tree, module, &name, alias.as_deref(), base.source());
        let p = self.for_config(&addr, &name)?;
        Some((p, addr))
    }

    /// The instance for a state entry's provider address (for objects being destroyed
    /// or refreshed without configuration).
    pub fn for_state(&self, state_provider: &str, type_name: &str) -> Option<Arc<dyn Provider>> {
        let name = type_name.split('_').next().unwrap_or("");
        self.for_config(state_provider, name).or_else(|| self.for_type(type_name).cloned())
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn Provider>> {
        self.by_name.get(name)
    }

    /// The provider for a resource type name, by its prefix.
    pub fn for_type(&self, type_name: &str) -> Option<&Arc<dyn Provider>> {
        self.get(type_name.split('_').next().unwrap_or(""))
    }

    pub fn schema(&self, mode: Mode, type_name: &str) -> Option<(Block, u64)> {
        let p = self.for_type(type_name)?;
        let s = match mode {
            Mode::Managed => p.schema().resources.get(type_name)?,
            Mode::Data => p.schema().data_sources.get(type_name)?,
        };
        Some((s.block.clone(), s.version))
    }
}

/// Configures a provider block met by a walk; its diagnostics point at the block.
pub(crate) fn configure_from_walk(
    providers: &Providers,
    config_addr: &str,
    name: &str,
    value: terrace_provider::Value,
    range: Option<crate::diag::SourceRange>,
    diags: &mut crate::diag::Diagnostics,
) -> bool {
    let (plain, _) = value.unmark_deep();
    match providers.configure(config_addr, name, &plain) {
        Ok(()) => true,
        Err(ds) => {
            for d in ds {
                let x = if d.severity == terrace_provider::provider::Severity::Error {
                    crate::diag::Diagnostic::error(d.summary, d.detail)
                } else {
                    crate::diag::Diagnostic::warning(d.summary, d.detail)
                };
                diags.push(x.with_subject(range.clone()).with_block(format!("provider \"{name}\"")));
            }
            false
        }
    }
}

/// A walk that only configures providers (before destroying objects that have no
/// configuration left, or importing).
pub struct ProviderConfigurer<'a> {
    pub providers: &'a Providers,
}

impl crate::graph::ResourceHandler for ProviderConfigurer<'_> {
    fn schema(&self, mode: Mode, type_name: &str) -> Option<Block> {
        self.providers.schema(mode, type_name).map(|(b, _)| b)
    }
    fn wanted(&self, _addr: &crate::addrs::ResourceAddr) -> bool {
        false
    }
    fn unwanted(&self, _addr: &crate::addrs::ResourceAddr) -> terrace_provider::Value {
        terrace_provider::Value::unknown_dynamic()
    }
    fn resource(
        &self,
        _addr: &crate::addrs::ResourceAddr,
        _cfg: &Resource,
        _instances: Vec<(crate::addrs::InstanceKey, terrace_provider::Value)>,
        _deps: &std::collections::BTreeSet<String>,
        _diags: &mut crate::diag::Diagnostics,
    ) -> Option<BTreeMap<crate::addrs::InstanceKey, terrace_provider::Value>> {
        Some(BTreeMap::new())
    }
    fn provider_schema(&self, name: &str) -> Option<Block> {
        self.providers.get(name).map(|p| p.schema().provider.clone())
    }
    fn provider_source(&self, name: &str) -> Option<String> {
        self.providers.get(name).map(|p| p.source().to_string())
    }
    fn configure_provider(&self, config_addr: &str, name: &str, value: terrace_provider::Value, range: Option<crate::diag::SourceRange>, diags: &mut crate::diag::Diagnostics) -> bool {
        configure_from_walk(self.providers, config_addr, name, value, range, diags)
    }
}

/// Configures every provider block of the configuration, when there are any.
pub fn configure_providers(
    tree: &crate::config::ModuleTree,
    inputs: &BTreeMap<String, crate::graph::InputValue>,
    cwd: &std::path::Path,
    providers: &Providers,
) -> crate::diag::Diagnostics {
    let mut diags = crate::diag::Diagnostics::new();
    if tree.modules.values().all(|m| m.providers.is_empty()) {
        return diags;
    }
    let c = ProviderConfigurer { providers };
    let _ = crate::graph::evaluate_root(tree, inputs, cwd, Some(&c), &mut diags);
    diags
}

/// A provider's diagnostics about one instance, placed at its resource block when the
/// configuration is known (`None` for objects being deleted without configuration).
pub(crate) fn provider_diagnostics(ds: Vec<terrace_provider::Diag>, addr: &str, r: Option<&Resource>) -> crate::diag::Diagnostics {
    let mut out = crate::diag::Diagnostics::new();
    let kind = if r.is_some_and(|r| r.mode == Mode::Data) { "data" } else { "resource" };
    for d in ds {
        let x = if d.severity == terrace_provider::provider::Severity::Error {
            crate::diag::Diagnostic::error(d.summary, d.detail)
        } else {
            crate::diag::Diagnostic::warning(d.summary, d.detail)
        };
        out.push(x.with_subject(r.and_then(|r| r.range.clone())).with_block(format!("{kind}: {addr}")));
    }
    out
}

/// `provider["registry.terraform.io/hashicorp/null"]`, as state files name providers.
pub fn provider_config_addr(source: &str) -> String {
    format!("provider[\"{source}\"]")
}

/// The address of a provider configuration: `provider["SOURCE"]`, with `.ALIAS`, and
/// prefixed by the module path where the configuration block is
/// (`module.net.provider["SOURCE"]`).
pub fn provider_block_address(module_path: &[String], source: &str, alias: Option<&str>) -> String {
    let mut s = String::new();
    for m in module_path {
        s.push_str(&format!("module.{m}."));
    }
    s.push_str(&provider_config_addr(source));
    if let Some(a) = alias {
        s.push('.');
        s.push_str(a);
    }
    s
}

/// Which provider configuration a resource in `module` with provider (`name`, `alias`)
/// uses: a block in its own module, else the parent's through the module call's
/// `providers` map, else (without alias) the parent's default configuration, up to the
/// root. Without any block, the root's implied empty configuration.
pub fn config_address(tree: &crate::config::ModuleTree, module: &crate::addrs::ModuleInstance, name: &str, alias: Option<&str>, source: &str) -> String {
    let path: Vec<String> = module.0.iter().map(|(n, _)| n.clone()).collect();
    resolve_config(tree, &path, name, alias, source).unwrap_or_else(|| provider_block_address(&[], source, alias))
}

fn resolve_config(tree: &crate::config::ModuleTree, path: &[String], name: &str, alias: Option<&str>, source: &str) -> Option<String> {
    let m = tree.modules.get(&path.join("."))?;
    if m.providers.iter().any(|p| p.name == name && p.alias.as_deref() == alias) {
        return Some(provider_block_address(path, source, alias));
    }
    let (call_name, parent) = path.split_last()?;
    let parent_module = tree.modules.get(&parent.join("."))?;
    let call = parent_module.module_calls.get(call_name)?;
    let wanted = match alias {
        Some(a) => format!("{name}.{a}"),
        None => name.to_string(),
    };
    for (k, e) in &call.providers {
        if *k == wanted {
            let refs = e.references();
            let r = refs.first()?;
            return resolve_config(tree, parent, &r.root, r.attrs.first().map(String::as_str), source);
        }
    }
    if alias.is_none() {
        return resolve_config(tree, parent, name, None, source);
    }
    None
}

#[cfg(test)]
mod provider_config_tests {
    use std::sync::{Arc, Mutex};

    use async_trait::async_trait;
    use terrace_provider::{ApplyRequest, Attribute, Block, Diags, PlanRequest, PlanResponse, Provider, ProviderSchema, Schema, Type, Value};

    use super::*;

    /// A provider whose instances remember their configured region and stamp it on
    /// the objects they plan.
    struct Fake {
        schema: ProviderSchema,
        region: Mutex<Option<String>>,
    }

    fn fake() -> Arc<dyn Provider> {
        let mut schema = ProviderSchema { provider: Block::new().attr("region", Attribute::optional(Type::String)), ..Default::default() };
        schema.resources.insert(
            "fake_thing".into(),
            Schema { version: 0, block: Block::new().attr("region", Attribute::computed(Type::String)).attr("id", Attribute::computed(Type::String)) },
        );
        Arc::new(Fake { schema, region: Mutex::new(None) })
    }

    #[async_trait]
    impl Provider for Fake {
        fn name(&self) -> &str {
            "fake"
        }
        fn source(&self) -> &str {
            "example.com/test/fake"
        }
        fn schema(&self) -> &ProviderSchema {
            &self.schema
        }
        fn configure(&self, config: &Value) -> Result<(), Diags> {
            let region = config.as_entries().and_then(|m| m.get("region")).and_then(|v| v.as_str().map(str::to_string));
            *self.region.lock().unwrap() = region;
            Ok(())
        }
        fn new_instance(&self) -> Option<Arc<dyn Provider>> {
            Some(fake())
        }
        fn plan_resource(&self, req: PlanRequest<'_>) -> Result<PlanResponse, Diags> {
            let region = self.region.lock().unwrap().clone().unwrap_or_else(|| "unconfigured".into());
            let planned = Value::object(
                [("region".to_string(), Value::string(region.as_str())), ("id".to_string(), Value::unknown(Type::String))].into_iter().collect(),
            );
            let _ = req;
            Ok(PlanResponse { planned, requires_replace: Vec::new() })
        }
        async fn apply_resource(&self, req: ApplyRequest<'_>) -> Result<Value, Diags> {
            Ok(req.planned.clone())
        }
        async fn read_resource(&self, _t: &str, state: &Value) -> Result<Option<Value>, Diags> {
            Ok(Some(state.clone()))
        }
        async fn read_data_source(&self, _t: &str, config: &Value) -> Result<Value, Diags> {
            Ok(config.clone())
        }
    }

    #[test]
    fn each_resource_gets_its_configured_provider() {
        let dir = std::env::temp_dir().join(format!("terrace-pcfg-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("m")).unwrap();
        std::fs::write(
            dir.join("main.tf"),
            r#"
variable "r" {
  default = "east"
}
locals {
  west = "west"
}
provider "fake" {
  region = var.r
}
provider "fake" {
  alias  = "w"
  region = local.west
}
resource "fake_thing" "a" {}
resource "fake_thing" "b" {
  provider = fake.w
}
module "inherit" {
  source = "./m"
}
module "mapped" {
  source    = "./m"
  providers = { fake = fake.w }
}
"#,
        )
        .unwrap();
        std::fs::write(dir.join("m/main.tf"), "resource \"fake_thing\" \"c\" {}\n").unwrap();
        let (tree, diags) = crate::config::load_module_tree(&dir);
        assert!(!diags.has_errors());
        let providers = Providers::with(vec![fake()]);
        let state = crate::state::model::State::default();
        let r = planner::plan(&tree, &BTreeMap::new(), &dir, &state, &providers, &planner::PlanOptions { refresh: true, ..Default::default() }, String::new());
        assert!(!r.diags.has_errors(), "{:?}", r.diags.iter().map(|d| d.summary.clone()).collect::<Vec<_>>());
        let got: BTreeMap<String, (String, String)> = r
            .plan
            .changes
            .iter()
            .map(|c| (c.address.clone(), (c.after["region"].as_str().unwrap_or_default().to_string(), c.provider_config.clone().unwrap_or_default())))
            .collect();
        let root = "provider[\"example.com/test/fake\"]".to_string();
        let west = format!("{root}.w");
        assert_eq!(got["fake_thing.a"], ("east".to_string(), root.clone()));
        assert_eq!(got["fake_thing.b"], ("west".to_string(), west.clone()));
        assert_eq!(got["module.inherit.fake_thing.c"], ("east".to_string(), root));
        assert_eq!(got["module.mapped.fake_thing.c"], ("west".to_string(), west));
        std::fs::remove_dir_all(&dir).ok();
    }
}
