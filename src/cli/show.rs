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
                    printer.data(&format!("{}\n", serde_json::to_string(&plan.to_terraform_json()).unwrap_or_default()));
                } else {
                    printer.data(&super::plan_view::render(&plan));
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
    if json {
        let doc = serde_json::json!({
            "format_version": "0.2",
            "terraform_version": s.terraform_version,
            "values": {"outputs": s.outputs, "root_module": {"resources": s.resources}},
        });
        printer.data(&format!("{doc}\n"));
    } else {
        printer.data(&format!("{}\n", serde_json::to_string_pretty(s).unwrap_or_default()));
    }
    0
}
