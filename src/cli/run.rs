//! `terrace plan`, `terrace apply` and `terrace destroy`.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{parse_bool_flag, use_color, ApplyArgs, PlanArgs, PlanFlags, Printer, VarFlags};
use crate::addrs::{parse_target, Target};
use crate::config::ModuleTree;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::engine::apply::{apply as apply_plan, Hook};
use crate::engine::plan::{Action, Plan};
use crate::engine::planner::{plan as make_plan, PlanOptions};
use crate::engine::Providers;
use crate::graph::{InputSource, InputValue};
use crate::inputs::VarArg;
use crate::state::model::State;
use crate::state::{Lock, STATE_FILE};

/// Everything a plan needs, loaded.
struct Loaded {
    cwd: PathBuf,
    tree: ModuleTree,
    sources: SourceMap,
    diags: Diagnostics,
    state_path: PathBuf,
}

fn load(state_flag: &Option<PathBuf>) -> Loaded {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let (tree, sources, mut diags) = super::validate::load(&cwd);
    if let Some(b) = &tree.root().backend {
        if b.kind != "local" {
            diags.push(
                Diagnostic::warning(
                    "Backend not supported yet",
                    format!("The configuration uses the {:?} backend, which Terrace does not support yet: the state is kept in the local file terraform.tfstate instead. Do not apply against infrastructure whose state lives in that backend.", b.kind),
                )
                .with_subject(b.range.clone()),
            );
        }
    }
    let state_path = state_flag.clone().unwrap_or_else(|| state_path_for(&cwd, tree.root()));
    Loaded { cwd, tree, sources, diags, state_path }
}

/// The state file: `terraform.tfstate`, or the `path` of a `backend "local"` block.
pub(super) fn state_path_for(cwd: &Path, root: &crate::config::Module) -> PathBuf {
    let backend_path = root.backend.as_ref().filter(|b| b.kind == "local").and_then(|b| {
        b.config.body.attributes().find(|a| a.key.as_str() == "path").and_then(|a| crate::config::static_string_expr(&a.value))
    });
    cwd.join(backend_path.as_deref().unwrap_or(STATE_FILE))
}

/// The state file for commands that do not otherwise read the configuration.
pub(super) fn default_state_path() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let (root, _) = crate::config::load_module(&cwd, "");
    state_path_for(&cwd, &root)
}

fn var_args(v: &VarFlags) -> Vec<VarArg> {
    let mut out: Vec<VarArg> = v.vars.iter().map(|x| VarArg::Var(x.clone())).collect();
    out.extend(v.var_files.iter().map(|x| VarArg::File(x.clone())));
    super::apply::order_var_args(out)
}

/// A digest of every configuration file, to tell whether a saved plan still matches.
pub fn config_digest(tree: &ModuleTree) -> String {
    let mut files: Vec<(String, String)> = tree.files().map(|f| (f.name.to_string(), f.text.clone())).collect();
    files.sort();
    let mut h = Sha256::new();
    for (n, t) in files {
        h.update(n.as_bytes());
        h.update([0]);
        h.update(t.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

fn parse_targets(list: &[String], flag: &str, diags: &mut Diagnostics) -> Vec<Target> {
    let mut out = Vec::new();
    for t in list {
        match parse_target(t) {
            Ok(x) => out.push(x),
            Err(e) => diags.push(Diagnostic::error(
                format!("Invalid {flag} address"),
                format!("The address {t:?} given with -{flag} is not valid: {e}. Addresses look like aws_instance.web, aws_instance.web[0] or module.net."),
            )),
        }
    }
    out
}

fn lock(path: &Path, op: &str, enabled: bool, diags: &mut Diagnostics) -> Option<Option<Lock>> {
    if !enabled {
        return Some(None);
    }
    match Lock::acquire(path, op) {
        Ok(l) => Some(Some(l)),
        Err(holder) => {
            let who = holder
                .map(|h| format!("\n\nLock Info:\n  ID:        {}\n  Path:      {}\n  Operation: {}\n  Who:       {}\n  Version:   {}\n  Created:   {}", h.id, h.path, h.operation, h.who, h.version, h.created))
                .unwrap_or_default();
            diags.push(Diagnostic::error(
                "Error acquiring the state lock",
                format!("The state file is locked by another operation.{who}\n\nTerrace acquires a state lock to protect the state from being written by multiple users at the same time. Please resolve the issue above and try again. For most commands, you can disable locking with the \"-lock=false\" flag, but this is not recommended."),
            ));
            None
        }
    }
}

fn read_state(path: &Path, diags: &mut Diagnostics) -> Option<State> {
    State::load(path).map_err(|e| diags.push(Diagnostic::error("Failed to load state", e))).ok()
}

/// Adopts into the state the objects that creates interrupted before their results were
/// saved made (see `state::intent`), and clears the journal. Messages go to stderr.
fn recover_interrupted(l: &Loaded, inputs: &BTreeMap<String, InputValue>, providers: &Providers, state: &mut State, _diags: &mut Diagnostics) {
    let intents = match crate::state::intent::load(&l.state_path) {
        Ok(i) if !i.is_empty() => i,
        Ok(_) => return,
        Err(e) => {
            eprintln!("\nWarning: Unreadable create journal\n\n{e}\n\nObjects created by an interrupted run may be missing from the state; check for them and import them.");
            return;
        }
    };
    let _ = crate::engine::configure_providers(&l.tree, inputs, &l.cwd, providers);
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(_) => return,
    };
    let mut left = Vec::new();
    let mut adopted = false;
    for i in intents {
        let Ok(Target::Instance(a)) = parse_target(&i.address).map(|t| match t {
            Target::Resource(r) => Target::Instance(r.instance(crate::addrs::InstanceKey::None)),
            other => other,
        }) else {
            continue;
        };
        if state.instance(&a).is_some() {
            continue;
        }
        let Some(provider) = providers.for_state(&i.provider_config, &i.type_name) else { continue };
        let Some((block, _)) = providers.schema(crate::config::Mode::Managed, &i.type_name) else { continue };
        let planned = crate::state::model::decode_typed(&i.planned, &block.implied_type());
        match rt.block_on(provider.recover_resource(&i.type_name, &planned, &i.token)) {
            Ok(Some(v)) => {
                let marked = crate::engine::planner::mark_schema_sensitive(&block, v.clone());
                state.set_instance(
                    &a,
                    &i.provider_config,
                    Some(crate::state::model::InstanceState {
                        schema_version: i.schema_version,
                        attributes: crate::state::model::encode(&v),
                        sensitive_attributes: crate::state::model::sensitive_paths(&marked),
                        dependencies: i.dependencies.clone(),
                        ..Default::default()
                    }),
                );
                adopted = true;
                eprintln!("\nWarning: Adopted {}\n\nAn earlier run was interrupted while creating {}; the object it created was found and is now in the state.", i.address, i.address);
            }
            Ok(None) => {}
            Err(ds) => {
                // Keep the intent for the next run: the provider could not look.
                for d in ds {
                    eprintln!("\nWarning: Could not check for an object made by an interrupted run ({})\n\n{}: {}", i.address, d.summary, d.detail);
                }
                left.push(i);
            }
        }
    }
    if adopted {
        state.serial += 1;
        if let Err(e) = crate::state::write_atomic(&l.state_path, state.render_text().as_bytes()) {
            eprintln!("\nError: Failed to save state\n\n{e}");
            return;
        }
    }
    if let Err(e) = crate::state::intent::save(&l.state_path, &left) {
        eprintln!("\nWarning: Could not update the create journal\n\n{e}");
    }
}

/// Loads, plans and returns the plan (None after printing errors).
fn make(flags: &PlanFlags, vars: &VarFlags, destroy: bool, printer: &Printer, op: &str) -> Option<(Loaded, Plan, Option<Lock>, BTreeMap<String, InputValue>)> {
    let mut l = load(&flags.state);
    if l.diags.has_errors() {
        printer.diagnostics(&l.diags, &l.sources);
        return None;
    }
    let inputs = crate::inputs::collect(&l.cwd, l.tree.root(), &var_args(vars), &mut l.sources, &mut l.diags);
    let targets = parse_targets(&flags.targets, "target", &mut l.diags);
    let replace = parse_targets(&flags.replace, "replace", &mut l.diags);
    if l.diags.has_errors() {
        printer.diagnostics(&l.diags, &l.sources);
        return None;
    }
    let held = lock(&l.state_path, op, parse_bool_flag(&flags.lock, true), &mut l.diags);
    let Some(held) = held else {
        printer.diagnostics(&l.diags, &l.sources);
        return None;
    };
    let Some(mut state) = read_state(&l.state_path, &mut l.diags) else {
        printer.diagnostics(&l.diags, &l.sources);
        return None;
    };
    let providers = Providers::available();
    // Objects created by an interrupted run, recorded in the create journal, are found
    // and adopted before planning.
    recover_interrupted(&l, &inputs, &providers, &mut state, &mut l.diags.clone());
    let opts = PlanOptions { targets, replace, destroy, refresh: parse_bool_flag(&flags.refresh, true) };
    let digest = config_digest(&l.tree);
    let result = make_plan(&l.tree, &inputs, &l.cwd, &state, &providers, &opts, digest);
    l.diags.extend(result.diags);
    if l.diags.has_errors() {
        printer.diagnostics(&l.diags, &l.sources);
        return None;
    }
    Some((l, result.plan, held, inputs))
}

pub(super) fn plan(args: PlanArgs) -> i32 {
    let printer = Printer::new(use_color(args.common.no_color));
    let Some((l, plan, _lock, _)) = make(&args.flags, &args.vars, args.destroy, &printer, "OperationTypePlan") else { return 1 };
    printer.diagnostics(&l.diags, &l.sources);
    if args.flags.json {
        super::views::JsonView::new().plan(&plan, if args.destroy { "destroy" } else { "plan" });
    } else {
        printer.data(&super::plan_view::render_with_cost(&plan));
    }
    if let Some(out) = &args.out {
        if let Err(e) = plan.write(out) {
            eprintln!("\nError: Failed to write plan file\n\n{e}");
            return 1;
        }
        if !args.flags.json {
            printer.data(&format!("\nSaved the plan to: {}\n\nTo perform exactly these actions, run the following command to apply:\n    terrace apply {:?}\n", out.display(), out.display()));
        }
    }
    if args.detailed_exitcode && plan.has_changes() {
        return 2;
    }
    0
}

pub(super) fn apply(args: ApplyArgs, destroy: bool) -> i32 {
    let printer = Printer::new(use_color(args.common.no_color));
    let op = if destroy { "OperationTypeDestroy" } else { "OperationTypeApply" };
    let (l, plan, _lock, inputs) = if let Some(path) = &args.plan {
        // A saved plan: it must still match the state and the configuration.
        let mut l = load(&args.flags.state);
        if l.diags.has_errors() {
            printer.diagnostics(&l.diags, &l.sources);
            return 1;
        }
        let plan = match Plan::read(path) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("\nError: Failed to load plan file\n\n{e}");
                return 1;
            }
        };
        let Some(held) = lock(&l.state_path, op, parse_bool_flag(&args.flags.lock, true), &mut l.diags) else {
            printer.diagnostics(&l.diags, &l.sources);
            return 1;
        };
        let Some(state) = read_state(&l.state_path, &mut l.diags) else {
            printer.diagnostics(&l.diags, &l.sources);
            return 1;
        };
        let on_disk = if state.serial == 0 && state.resources.is_empty() && state.outputs.is_empty() { None } else { Some((state.lineage.clone(), state.serial)) };
        let planned = plan.base_lineage.clone().zip(plan.base_serial);
        if on_disk != planned {
            eprintln!("\nError: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.");
            return 1;
        }
        if config_digest(&l.tree) != plan.config_digest {
            eprintln!("\nError: Saved plan does not match the configuration\n\nThe configuration has changed since this plan was created. Create a new plan with `terrace plan -out=FILE` and apply that.");
            return 1;
        }
        let inputs = plan
            .variables
            .iter()
            .map(|(k, v)| (k.clone(), InputValue { value: crate::inputs::json_to_value(v), source: InputSource::CommandLine, range: None }))
            .collect();
        (l, plan, held, inputs)
    } else {
        let Some(made) = make(&args.flags, &args.vars, destroy, &printer, op) else { return 1 };
        if !args.flags.json {
            printer.data(&super::plan_view::render_with_cost(&made.1));
        }
        if !args.auto_approve {
            if !std::io::stdin().is_terminal() {
                eprintln!("\nError: No confirmation given\n\nTerrace does not prompt when its input is not a terminal. Run with -auto-approve to apply without confirmation, or save a plan with `terrace plan -out=FILE` and apply that file.");
                return 1;
            }
            eprint!("\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ");
            let mut answer = String::new();
            let _ = std::io::stdin().read_line(&mut answer);
            if answer.trim() != "yes" {
                eprintln!("\nApply cancelled.");
                return 1;
            }
        }
        made
    };
    if plan.errored {
        eprintln!("\nError: Plan has errors\n\nA plan that reported errors cannot be applied.");
        return 1;
    }
    let providers = Providers::available();
    let total = plan.changes.iter().filter(|c| c.action != Action::NoOp).count();
    let json_view = args.flags.json.then(super::views::JsonView::new);
    if let Some(j) = &json_view {
        j.plan(&plan, if plan.destroy { "destroy" } else { "apply" });
    }
    let term_view = super::views::TermView::new(total);
    let hook: &dyn Hook = match &json_view {
        Some(j) => j,
        None => &term_view,
    };
    let outcome = apply_plan(&l.tree, &inputs, &l.cwd, &plan, &l.state_path, &providers, hook, args.flags.parallelism);
    term_view.finish();
    printer.diagnostics(&outcome.diags, &l.sources);
    if let Some(j) = &json_view {
        let msg = format!("Apply complete! Resources: {} added, {} changed, {} destroyed.", outcome.added, outcome.changed, outcome.destroyed);
        j.emit("info", &msg, "change_summary", serde_json::json!({"changes": {"add": outcome.added, "change": outcome.changed, "remove": outcome.destroyed, "operation": if plan.destroy { "destroy" } else { "apply" }}}));
        let outs: serde_json::Map<String, serde_json::Value> = outcome
            .outputs
            .iter()
            .filter(|(_, o)| !o.value.is_null())
            .map(|(k, o)| {
                let v = if o.sensitive { serde_json::Value::Null } else { crate::engine::values::to_json(&o.value) };
                (k.clone(), serde_json::json!({"sensitive": o.sensitive, "type": serde_json::from_str::<serde_json::Value>(&o.value.ty().to_json_type()).unwrap_or_default(), "value": v}))
            })
            .collect();
        j.emit("info", "Outputs: 0", "outputs", serde_json::json!({"outputs": outs}));
        return i32::from(outcome.diags.has_errors());
    }
    if outcome.diags.has_errors() {
        return 1;
    }
    let mut out = if plan.destroy {
        format!("\nDestroy complete! Resources: {} destroyed.\n", outcome.destroyed)
    } else {
        let imported = plan.changes.iter().filter(|c| c.importing.is_some()).count();
        let imported = if imported > 0 { format!("{imported} imported, ") } else { String::new() };
        format!("\nApply complete! Resources: {imported}{} added, {} changed, {} destroyed.\n", outcome.added, outcome.changed, outcome.destroyed)
    };
    let shown: Vec<_> = outcome.outputs.iter().filter(|(_, o)| !o.value.is_null()).collect();
    if !shown.is_empty() && !plan.destroy {
        out.push_str("\nOutputs:\n\n");
        for (name, o) in shown {
            let v = if o.sensitive { "<sensitive>".to_string() } else { super::output::render_value(&o.value, 0) };
            out.push_str(&format!("{name} = {v}\n"));
        }
    }
    printer.data(&out);
    // The process ends here; skip freeing the configuration piece by piece.
    std::mem::forget(l);
    0
}

/// `terrace import ADDRESS ID`.
pub(super) fn import(args: super::ImportArgs) -> i32 {
    let printer = Printer::new(use_color(args.common.no_color));
    let mut l = load(&args.flags.state);
    let target = match parse_target(&args.address) {
        Ok(Target::Instance(i)) => i,
        Ok(Target::Resource(r)) => r.instance(crate::addrs::InstanceKey::None),
        _ => {
            eprintln!("\nError: Invalid address\n\n{:?} is not a resource instance address (for example aws_instance.web or aws_instance.web[0]).", args.address);
            return 1;
        }
    };
    let Some(module) = l.tree.modules.get(&target.resource.module.static_path()) else {
        eprintln!("\nError: Import to non-existent module\n\nThe module {} is not declared in the configuration.", target.resource.module);
        return 1;
    };
    let Some(cfg) = module.resources.get(&target.resource.local()).cloned() else {
        eprintln!("\nError: resource address {:?} does not exist in the configuration.\n\nBefore importing this resource, please create its configuration. For example:\n\nresource {:?} {:?} {{\n  # (resource arguments)\n}}", target.to_string(), target.resource.type_name, target.resource.name);
        return 1;
    };
    let Some(held) = lock(&l.state_path, "OperationTypeImport", parse_bool_flag(&args.flags.lock, true), &mut l.diags) else {
        printer.diagnostics(&l.diags, &l.sources);
        return 1;
    };
    let Some(mut state) = read_state(&l.state_path, &mut l.diags) else {
        printer.diagnostics(&l.diags, &l.sources);
        return 1;
    };
    if state.instance(&target).is_some() {
        eprintln!("\nError: Resource already managed by Terrace\n\nTerrace is already managing a remote object for {target}. To import to this address you must first remove the existing object from the state.");
        return 1;
    }
    let providers = Providers::available();
    let inputs = crate::inputs::collect(&l.cwd, l.tree.root(), &var_args(&args.vars), &mut l.sources, &mut l.diags);
    if l.diags.has_errors() {
        printer.diagnostics(&l.diags, &l.sources);
        return 1;
    }
    let pdiags = crate::engine::configure_providers(&l.tree, &inputs, &l.cwd, &providers);
    if pdiags.has_errors() {
        printer.diagnostics(&pdiags, &l.sources);
        return 1;
    }
    let Some((provider, paddr)) = providers.for_config_resource(&l.tree, &target.resource.module, &cfg) else {
        eprintln!("\nError: Provider not available\n\nNo provider available to Terrace handles {}.", target.resource.type_name);
        return 1;
    };
    let Some((block, sv)) = providers.schema(target.resource.mode, &target.resource.type_name) else { return 1 };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("\nError: {e}");
            return 1;
        }
    };
    let imported = rt.block_on(async {
        let v = provider.import_resource(&target.resource.type_name, &args.id).await?;
        provider.read_resource(&target.resource.type_name, &v).await
    });
    let value = match imported {
        Ok(Some(v)) => v,
        Ok(None) => {
            eprintln!("\nError: Cannot import non-existent remote object\n\nWhile attempting to import an existing object to {target}, the provider detected that no object exists with the given id.");
            return 1;
        }
        Err(ds) => {
            for d in ds {
                eprintln!("\nError: {}\n\n{}", d.summary, d.detail);
            }
            return 1;
        }
    };
    let marked = crate::engine::planner::mark_schema_sensitive(&block, value.clone());
    state.set_instance(
        &target,
        &paddr,
        Some(crate::state::model::InstanceState {
            schema_version: sv,
            attributes: crate::state::model::encode(&value),
            sensitive_attributes: crate::state::model::sensitive_paths(&marked),
            ..Default::default()
        }),
    );
    state.serial += 1;
    if let Err(e) = state.to_v4().write(&l.state_path) {
        eprintln!("\nError: Failed to save state\n\n{e}");
        return 1;
    }
    drop(held);
    printer.data(&format!("{target}: Importing from ID {:?}...\n{target}: Import prepared!\n\nImport successful!\n\nThe resources that were imported are shown above. These resources are now in your Terrace state and will henceforth be managed by Terrace.\n", args.id));
    0
}
