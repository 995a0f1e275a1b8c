//! `terrace output`: output values from the state, as Terraform shows them.

use super::{OutputArgs, Printer};
use crate::lang::{Kind, Value};
use crate::state::StateV4;

pub(super) fn run(args: OutputArgs) -> i32 {
    let printer = Printer::new(false);
    let path = args.state.clone().unwrap_or_else(super::run::default_state_path);
    let state = match StateV4::read(&path) {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => {
            eprintln!("\nError: Failed to load state\n\n{e}");
            return 1;
        }
    };
    if let Some(name) = &args.name {
        let Some(o) = state.outputs.get(name) else {
            eprintln!("\nError: Output \"{name}\" not found\n\nThe output variable requested could not be found in the state file. If you recently added this to your configuration, be sure to run `terrace apply`, since the state won't be updated with new output variables until that command is run.");
            return 1;
        };
        if args.json {
            printer.data(&format!("{}\n", serde_json::to_string_pretty(&o.value).unwrap_or_default()));
        } else if args.raw {
            match &o.value {
                serde_json::Value::String(s) => printer.data(s),
                serde_json::Value::Number(n) => printer.data(&n.to_string()),
                serde_json::Value::Bool(b) => printer.data(&b.to_string()),
                _ => {
                    eprintln!("\nError: Unsupported value for raw output\n\nThe -raw option only supports strings, numbers, and boolean values, but output value \"{name}\" is not of one of those types.");
                    return 1;
                }
            }
        } else {
            let v = crate::inputs::json_to_value(&o.value);
            printer.data(&format!("{}\n", render_value(&v, 0)));
        }
        return 0;
    }
    if args.json {
        let mut m = serde_json::Map::new();
        for (name, o) in &state.outputs {
            m.insert(
                name.clone(),
                serde_json::json!({"sensitive": o.sensitive, "type": o.ty, "value": o.value}),
            );
        }
        printer.data(&format!("{}\n", serde_json::to_string_pretty(&serde_json::Value::Object(m)).unwrap_or_default()));
        return 0;
    }
    if state.outputs.is_empty() {
        eprintln!("\nWarning: No outputs found\n\nThe state file either has no outputs defined, or all the defined outputs are empty. Please define an output in your configuration with the `output` keyword and run `terrace refresh` for it to become available.");
        return 0;
    }
    let mut out = String::new();
    for (name, o) in &state.outputs {
        let shown = if o.sensitive { "<sensitive>".to_string() } else { render_value(&crate::inputs::json_to_value(&o.value), 0) };
        out.push_str(&format!("{name} = {shown}\n"));
    }
    printer.data(&out);
    0
}

/// A value in Terraform's HCL-like display form.
pub fn render_value(v: &Value, indent: usize) -> String {
    if v.is_sensitive() {
        return "(sensitive value)".into();
    }
    let pad = "  ".repeat(indent + 1);
    let end = "  ".repeat(indent);
    match v.kind() {
        Kind::Null(_) => "null".into(),
        Kind::Unknown(_) => "(known after apply)".into(),
        Kind::Bool(b) => b.to_string(),
        Kind::Number(n) => n.to_string(),
        Kind::String(s) => {
            if s.contains('\n') && s.len() > 1 {
                let mut out = String::from("<<EOT\n");
                out.push_str(s);
                if !s.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&end);
                out.push_str("EOT");
                out
            } else {
                serde_json::to_string(&**s).unwrap_or_default()
            }
        }
        Kind::List(..) | Kind::Set(..) | Kind::Tuple(_) => {
            let items = v.as_elements().unwrap_or(&[]);
            if items.is_empty() {
                return "[]".into();
            }
            let mut out = String::from("[\n");
            for it in items {
                out.push_str(&format!("{pad}{},\n", render_value(it, indent + 1)));
            }
            out.push_str(&end);
            out.push(']');
            out
        }
        Kind::Map(..) | Kind::Object(_) => {
            let m = v.as_entries().cloned().unwrap_or_default();
            if m.is_empty() {
                return "{}".into();
            }
            let width = m.keys().map(|k| key_text(k).chars().count()).max().unwrap_or(0);
            let mut out = String::from("{\n");
            for (k, it) in &m {
                let kt = key_text(k);
                out.push_str(&format!("{pad}{kt:<width$} = {}\n", render_value(it, indent + 1)));
            }
            out.push_str(&end);
            out.push('}');
            out
        }
    }
}

fn key_text(k: &str) -> String {
    if crate::config::is_identifier(k) {
        format!("\"{k}\"")
    } else {
        serde_json::to_string(k).unwrap_or_default()
    }
}
