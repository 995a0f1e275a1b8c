//! `import` blocks (Terraform 1.5's config-driven import): before planning, each block
//! whose target is not in the state yet has its object read through the provider and put
//! into the state the plan is made against. The plan then shows the instance as imported
//! (with whatever update the configuration asks for) and apply writes it to the state
//! file; `terrace plan` alone changes nothing.

use std::collections::BTreeMap;

use crate::addrs::{parse_target, InstanceKey, Target};
use crate::config::{Import, ModuleTree};
use crate::diag::{Diagnostic, Diagnostics, SourceRange};
use crate::graph::InputValue;
use crate::lang::eval::{eval_expr, Scope};
use crate::lang::functions::PlainHost;
use crate::lang::Value;
use crate::state::model::{encode, sensitive_paths, InstanceState, State};

use super::planner::{mark_schema_sensitive, Runtime};
use super::Providers;

/// Imports what the root module's `import` blocks name into `state`. Returns the ID each
/// imported instance address came from.
pub(crate) fn apply_imports(
    tree: &ModuleTree,
    inputs: &BTreeMap<String, InputValue>,
    cwd: &std::path::Path,
    providers: &Providers,
    runtime: &Runtime,
    state: &mut State,
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (path, module) in &tree.modules {
        if !path.is_empty() {
            for i in &module.imports {
                diags.push(
                    Diagnostic::error(
                        "Invalid import configuration",
                        format!("An import block was detected in module.{path}. Import blocks are only allowed in the root module."),
                    )
                    .with_subject(i.range.clone()),
                );
            }
        }
    }
    let imports = &tree.root().imports;
    if imports.is_empty() {
        return out;
    }
    let mut configured = false;
    for imp in imports {
        let Some((target, id)) = resolve(tree, inputs, cwd, imp, diags) else { continue };
        if state.instance(&target).is_some() {
            // Already adopted by an earlier apply: the block has nothing left to do.
            continue;
        }
        if out.contains_key(&target.to_string()) {
            diags.push(
                Diagnostic::error("Duplicate import configuration", format!("More than one import block targets {target}. An object can be imported to one address only once."))
                    .with_subject(imp.range.clone()),
            );
            continue;
        }
        if !configured {
            let pd = super::configure_providers(tree, inputs, cwd, providers);
            let failed = pd.has_errors();
            diags.extend(pd);
            if failed {
                return out;
            }
            configured = true;
        }
        let Some(cfg) = tree.modules.get(&target.resource.module.static_path()).and_then(|m| m.resources.get(&target.resource.local())) else { continue };
        let Some((provider, paddr)) = providers.for_config_resource(tree, &target.resource.module, cfg) else {
            diags.push(
                Diagnostic::error("Provider not available", format!("No provider available to Terrace handles {}, so {id:?} cannot be imported.", target.resource.type_name))
                    .with_subject(imp.range.clone()),
            );
            continue;
        };
        let Some((block, schema_version)) = providers.schema(target.resource.mode, &target.resource.type_name) else { continue };
        let found = runtime.rt.block_on(async {
            let v = provider.import_resource(&target.resource.type_name, &id).await?;
            provider.read_resource(&target.resource.type_name, &v).await
        });
        match found {
            Ok(Some(v)) => {
                let marked = mark_schema_sensitive(&block, v.clone());
                state.set_instance(
                    &target,
                    &paddr,
                    Some(InstanceState { schema_version, attributes: encode(&v), sensitive_attributes: sensitive_paths(&marked), ..Default::default() }),
                );
                out.insert(target.to_string(), id);
            }
            Ok(None) => diags.push(
                Diagnostic::error(
                    "Cannot import non-existent remote object",
                    format!("While attempting to import an existing object to {target}, the provider detected that no object exists with the id {id:?}. Only pre-existing objects can be imported; check that the id is correct and that it is associated with the provider's configured region or endpoint, or use a resource block to have Terrace create a new remote object."),
                )
                .with_subject(imp.range.clone()),
            ),
            Err(ds) => {
                for d in ds {
                    diags.push(Diagnostic::error(format!("Importing {target}: {}", d.summary), d.detail).with_subject(imp.range.clone()));
                }
            }
        }
    }
    out
}

/// The block's target instance (which must be configured) and its ID (a string, which
/// may use variables).
fn resolve(tree: &ModuleTree, inputs: &BTreeMap<String, InputValue>, cwd: &std::path::Path, imp: &Import, diags: &mut Diagnostics) -> Option<(crate::addrs::InstanceAddr, String)> {
    let text = imp.to.range().and_then(|r| imp.to.file.text.get(r.start.byte..r.end.byte).map(str::to_string)).unwrap_or_default();
    let target = match parse_target(text.trim()) {
        Ok(Target::Instance(i)) => i,
        Ok(Target::Resource(r)) if r.mode == crate::config::Mode::Managed => r.instance(InstanceKey::None),
        _ => {
            diags.push(
                Diagnostic::error("Invalid import address", format!("The \"to\" argument of an import block must be a managed resource instance address, such as aws_instance.web or aws_instance.web[\"a\"]; {text:?} is not."))
                    .with_subject(imp.to.range()),
            );
            return None;
        }
    };
    let configured = tree.modules.get(&target.resource.module.static_path()).is_some_and(|m| m.resources.contains_key(&target.resource.local()));
    if !configured {
        diags.push(
            Diagnostic::error(
                "Configuration for import target does not exist",
                format!("The configuration for the given import target {target} does not exist. All target instances must have an associated configuration to be imported."),
            )
            .with_subject(imp.to.range()),
        );
        return None;
    }
    let scope = VarScope { tree, inputs };
    let host = PlainHost { dir: cwd.to_path_buf() };
    let id = match eval_expr(&scope, &host, &imp.id) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let (id, _) = id.unmark_deep();
    match id.as_str() {
        Some(s) if !s.is_empty() => Some((target, s.to_string())),
        _ => {
            diags.push(
                Diagnostic::error("Invalid import id argument", "The import ID must be a known, non-empty string: a literal, or built from input variables.")
                    .with_subject(imp.id.range()),
            );
            None
        }
    }
}

/// Input variables (as given, else their defaults) and nothing else.
struct VarScope<'a> {
    tree: &'a ModuleTree,
    inputs: &'a BTreeMap<String, InputValue>,
}

impl Scope for VarScope<'_> {
    fn resolve(&self, root: &str, attrs: &[&str], range: Option<SourceRange>) -> Result<(Value, usize), Diagnostic> {
        let not_allowed = || {
            Diagnostic::error("Invalid import id argument", format!("The import ID can only refer to input variables and literals; {root:?} cannot be used here.")).with_subject(range.clone())
        };
        if root != "var" {
            return Err(not_allowed());
        }
        let Some(name) = attrs.first() else { return Err(not_allowed()) };
        if let Some(v) = self.inputs.get(*name) {
            return Ok((v.value.clone(), 1));
        }
        let var = self.tree.root().variables.get(*name).ok_or_else(|| {
            Diagnostic::error("Reference to undeclared input variable", format!("An input variable with the name {name:?} has not been declared.")).with_subject(range.clone())
        })?;
        match &var.default {
            Some(d) => Ok((eval_expr(&crate::lang::eval::EmptyScope, &PlainHost { dir: self.tree.root().dir.clone() }, d)?, 1)),
            None => Err(Diagnostic::error("No value for required variable", format!("The import ID refers to var.{name}, which has no value.")).with_subject(range.clone())),
        }
    }
}
