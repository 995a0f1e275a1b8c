//! `terrace show`: a saved plan (human or JSON) or the current state.

use super::{ShowArgs, Printer};
use crate::engine::plan::Plan;
use crate::state::StateV4;

pub(super) fn run(args: ShowArgs) -> i32 {
    let printer = Printer::new(false);
    if let Some(path) = &args.path {
        // A plan file, or a state file.
        match Plan::read(path) {
            Ok(plan) => {
                if args.json {
                    let mut doc = plan.to_terraform_json();
                    // Terrace's addition to the plan JSON: the plan's cost, infracost-style.
                    if let (Some(p), Some(obj)) = (crate::cost::plan_view::project_for(&plan), doc.as_object_mut()) {
                        obj.insert("cost".into(), serde_json::to_value(crate::cost::report(vec![p])).unwrap_or_default());
                    }
                    printer.data(&format!("{}\n", serde_json::to_string(&doc).unwrap_or_default()));
                } else {
                    printer.data(&super::plan_view::render_with_cost(&plan));
                }
                return 0;
            }
            Err(plan_err) => match StateV4::read(path) {
                Ok(Some(s)) => return show_state(&printer, &s, args.json),
                _ => {
                    eprintln!("\nError: Failed to read the given file as a state or plan file\n\n{plan_err}");
                    return 1;
                }
            },
        }
    }
    match StateV4::read(&super::run::default_state_path()) {
        Ok(Some(s)) => show_state(&printer, &s, args.json),
        Ok(None) => {
            if args.json {
                printer.data("{\"format_version\":\"0.2\"}\n");
            } else {
                printer.data("No state.\n");
            }
            0
        }
        Err(e) => {
            eprintln!("\nError: Failed to load state\n\n{e}");
            1
        }
    }
}

fn show_state(printer: &Printer, s: &StateV4, json: bool) -> i32 {
    let state = match crate::state::model::State::from_v4(s.clone()) {
        Ok(st) => st,
        Err(e) => {
            eprintln!("\nError: Failed to read the state\n\n{e}");
            return 1;
        }
    };
    if json {
        // Like `terraform show -json`, with sensitive values written as null.
        let resources: Vec<serde_json::Value> = state
            .instances()
            .into_iter()
            .filter_map(|a| {
                let i = state.instance(&a)?;
                let mirror = crate::engine::plan::sensitive_tree(Some(&serde_json::Value::Array(i.sensitive_attributes.clone())));
                Some(serde_json::json!({
                    "address": a.to_string(), "type": a.resource.type_name, "name": a.resource.name,
                    "mode": if a.resource.mode == crate::config::Mode::Data { "data" } else { "managed" },
                    "values": crate::engine::plan::redact(&i.attributes, &mirror), "sensitive_values": mirror,
                }))
            })
            .collect();
        let outputs: serde_json::Map<String, serde_json::Value> = s
            .outputs
            .iter()
            .map(|(k, o)| (k.clone(), serde_json::json!({"sensitive": o.sensitive, "value": if o.sensitive { serde_json::Value::Null } else { o.value.clone() }})))
            .collect();
        let doc = serde_json::json!({
            "format_version": "0.2",
            "terraform_version": s.terraform_version,
            "values": {"outputs": outputs, "root_module": {"resources": resources}},
        });
        printer.data(&format!("{doc}\n"));
        return 0;
    }
    let mut out = String::new();
    for a in state.instances() {
        if let Some(i) = state.instance(&a) {
            let v = crate::state::model::apply_sensitive_paths(crate::inputs::json_to_value(&i.attributes), &i.sensitive_attributes);
            out.push_str(&format!("# {a}:\n{}\n\n", super::output::render_value(&v, 0)));
        }
    }
    if !s.outputs.is_empty() {
        out.push_str("\nOutputs:\n\n");
        for (k, o) in &s.outputs {
            let v = if o.sensitive { "(sensitive value)".to_string() } else { super::output::render_value(&crate::inputs::json_to_value(&o.value), 0) };
            out.push_str(&format!("{k} = {v}\n"));
        }
    }
    printer.data(&out);
    0
}
