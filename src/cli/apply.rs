//! `terrace apply` for configurations of values (variables, locals, module calls,
//! outputs): evaluates them and records the outputs in the state.

use std::collections::BTreeMap;

use super::{parse_bool_flag, use_color, ApplyArgs, Printer};
use crate::diag::Diagnostic;
use crate::graph::{evaluate_root, OutputValue};
use crate::inputs::VarArg;
use crate::state::{Lock, OutputV4, StateV4, STATE_FILE};

pub(super) fn run(args: ApplyArgs) -> i32 {
    let printer = Printer::new(use_color(args.common.no_color));
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    if args.plan.is_some() {
        eprintln!("Error: Saved plan files are not supported yet\n\nApplying a saved plan needs the resource engine, which is not available in this build.");
        return 1;
    }
    let t0 = std::time::Instant::now();
    let (tree, mut sources, mut diags) = super::validate::load(&cwd);
    dbg_phase("load", t0);
    if diags.has_errors() {
        printer.diagnostics(&diags, &sources);
        return 1;
    }
    let resources: Vec<String> = tree.modules.values().flat_map(|m| m.resources.keys().cloned()).collect();
    if !resources.is_empty() {
        diags.push(Diagnostic::error(
            "Resources are not supported yet",
            format!(
                "This configuration declares resources ({}), but this build of Terrace evaluates variables, locals, modules and outputs only.",
                resources.join(", ")
            ),
        ));
        printer.diagnostics(&diags, &sources);
        return 1;
    }
    let mut var_args = Vec::new();
    for v in &args.vars.vars {
        var_args.push(VarArg::Var(v.clone()));
    }
    for f in &args.vars.var_files {
        var_args.push(VarArg::File(f.clone()));
    }
    // Terraform keeps command-line order between -var and -var-file; clap separates
    // them, so re-read the original order from the process arguments.
    let var_args = order_var_args(var_args);
    let inputs = crate::inputs::collect(&cwd, tree.root(), &var_args, &mut sources, &mut diags);
    if diags.has_errors() {
        printer.diagnostics(&diags, &sources);
        return 1;
    }
    let state_path = args.state.clone().unwrap_or_else(|| cwd.join(STATE_FILE));
    let _lock = if parse_bool_flag(&args.lock, true) {
        match Lock::acquire(&state_path, "OperationTypeApply") {
            Ok(l) => Some(l),
            Err(holder) => {
                let who = holder.map(|h| format!("\n\nLock Info:\n  ID:        {}\n  Path:      {}\n  Operation: {}\n  Who:       {}\n  Version:   {}\n  Created:   {}", h.id, h.path, h.operation, h.who, h.version, h.created)).unwrap_or_default();
                diags.push(Diagnostic::error(
                    "Error acquiring the state lock",
                    format!("The state file is locked by another operation.{who}\n\nTerrace acquires a state lock to protect the state from being written by multiple users at the same time. Please resolve the issue above and try again. For most commands, you can disable locking with the \"-lock=false\" flag, but this is not recommended."),
                ));
                printer.diagnostics(&diags, &sources);
                return 1;
            }
        }
    } else {
        None
    };
    let result = evaluate_root(&tree, &inputs, &cwd, None, &mut diags);
    dbg_phase("eval", t0);
    if diags.has_errors() {
        printer.diagnostics(&diags, &sources);
        return 1;
    }
    let prior = match StateV4::read(&state_path) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error("Failed to load state", e.to_string()));
            printer.diagnostics(&diags, &sources);
            return 1;
        }
    };
    let mut state = prior.clone().unwrap_or_default();
    match encode_outputs(&result.outputs) {
        Ok(o) => state.outputs = o,
        Err(msg) => {
            diags.push(Diagnostic::error("Failed to save state", format!("Error saving state: {msg}")));
            printer.diagnostics(&diags, &sources);
            return 1;
        }
    }
    let changed = match &prior {
        Some(p) => !p.same_content(&state),
        None => true,
    };
    if changed {
        state.serial += 1;
        if let Err(e) = state.write(&state_path) {
            diags.push(Diagnostic::error("Failed to save state", e.to_string()));
            printer.diagnostics(&diags, &sources);
            return 1;
        }
    }
    dbg_phase("state", t0);
    // Nothing below needs the configuration; skip freeing it piece by piece.
    std::mem::forget(tree);
    printer.diagnostics(&diags, &sources);
    let mut out = String::from("\nApply complete! Resources: 0 added, 0 changed, 0 destroyed.\n");
    if !result.outputs.is_empty() {
        out.push_str("\nOutputs:\n\n");
        for (name, o) in &result.outputs {
            if o.value.is_null() {
                continue;
            }
            let shown = if o.sensitive { "<sensitive>".to_string() } else { super::output::render_value(&o.value, 0) };
            out.push_str(&format!("{name} = {shown}\n"));
        }
    }
    printer.data(&out);
    0
}

/// The outputs as state entries: values demoted the way Terraform's plan encoding
/// demotes numbers, and infinite numbers refused (JSON cannot hold them).
fn encode_outputs(outputs: &BTreeMap<String, OutputValue>) -> Result<BTreeMap<String, OutputV4>, String> {
    let mut out = BTreeMap::new();
    for (name, o) in outputs {
        let (v, _) = o.value.clone().unmark_deep();
        if v.is_null() {
            continue;
        }
        let mut bad = None;
        let v = v.map_deep(&mut |x| match x.as_number() {
            Some(n) if n.is_infinite() => {
                bad = Some(format!("output {name:?} contains an infinite number, which cannot be saved"));
                x
            }
            Some(n) => crate::lang::Value::number(n.demote_for_output()),
            None => x,
        });
        if let Some(b) = bad {
            return Err(b);
        }
        let value: serde_json::Value = serde_json::from_str(&v.to_json()).map_err(|e| e.to_string())?;
        let ty: serde_json::Value = serde_json::from_str(&v.ty().to_json_type()).map_err(|e| e.to_string())?;
        out.insert(name.clone(), OutputV4 { value, ty, sensitive: o.sensitive });
    }
    Ok(out)
}

/// Puts -var and -var-file values in the order they appear on the command line.
fn order_var_args(parsed: Vec<VarArg>) -> Vec<VarArg> {
    let raw: Vec<String> = super::normalize_args(std::env::args_os().collect()).into_iter().filter_map(|a| a.into_string().ok()).collect();
    let mut vars: Vec<String> = parsed.iter().filter_map(|a| if let VarArg::Var(v) = a { Some(v.clone()) } else { None }).collect();
    let mut files: Vec<String> = parsed.iter().filter_map(|a| if let VarArg::File(v) = a { Some(v.clone()) } else { None }).collect();
    vars.reverse();
    files.reverse();
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let a = &raw[i];
        let is_var = a == "--var" || a.starts_with("--var=");
        let is_file = a == "--var-file" || a.starts_with("--var-file=");
        if is_var {
            if let Some(v) = vars.pop() {
                out.push(VarArg::Var(v));
            }
        } else if is_file {
            if let Some(f) = files.pop() {
                out.push(VarArg::File(f));
            }
        }
        if (is_var || is_file) && !a.contains('=') {
            i += 1;
        }
        i += 1;
    }
    // Anything not matched (e.g. when called as a library) keeps clap's order.
    out.extend(vars.into_iter().rev().map(VarArg::Var));
    out.extend(files.into_iter().rev().map(VarArg::File));
    out
}


fn dbg_phase(name: &str, t0: std::time::Instant) {
    if std::env::var_os("TERRACE_PHASES").is_some() {
        let rss = std::fs::read_to_string("/proc/self/statm").ok().and_then(|s| s.split_whitespace().nth(1).and_then(|x| x.parse::<u64>().ok())).unwrap_or(0) * 4096 / 1_000_000;
        eprintln!("{name}: {:?} rss {rss} MB", t0.elapsed());
    }
}
