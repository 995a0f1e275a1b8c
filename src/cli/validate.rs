//! `terrace validate`, and the loading step every command shares.

use std::path::Path;

use super::{use_color, Printer, ValidateArgs};
use crate::config::{load_module_tree, ModuleTree};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};

/// Loads the configuration in `dir` and checks `required_version` everywhere.
pub(super) fn load(dir: &Path) -> (ModuleTree, SourceMap, Diagnostics) {
    let (tree, mut diags) = load_module_tree(dir);
    let mut sources = SourceMap::default();
    for f in tree.files() {
        sources.add(f.clone());
    }
    for m in tree.modules.values() {
        for (c, range) in &m.required_versions {
            match crate::config::version::satisfies(crate::state::TERRAFORM_VERSION, c) {
                Ok(true) => {}
                Ok(false) => diags.push(
                    Diagnostic::error(
                        "Unsupported Terraform Core version",
                        format!(
                            "This configuration does not support Terraform version {}. To proceed, either choose another supported Terraform version or update this version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior.",
                            crate::state::TERRAFORM_VERSION
                        ),
                    )
                    .with_subject(range.clone()),
                ),
                Err(msg) => diags.push(
                    Diagnostic::error("Invalid required_version constraint", format!("The version constraint is not valid: {msg}."))
                        .with_subject(range.clone()),
                ),
            }
        }
    }
    (tree, sources, diags)
}

pub(super) fn run(args: ValidateArgs) -> i32 {
    let printer = Printer::new(use_color(args.common.no_color));
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let (tree, sources, mut diags) = load(&cwd);
    if !diags.has_errors() {
        // Evaluate with unknown inputs so that reference and type errors are found
        // without needing variable values.
        let inputs = std::collections::BTreeMap::new();
        let mut eval_diags = Diagnostics::new();
        let providers = crate::engine::Providers::available();
        let validator = crate::engine::planner::Validator { providers: &providers };
        let _ = crate::graph::evaluate_root(&tree, &inputs, &cwd, Some(&validator), &mut eval_diags);
        // Missing values are expected when validating.
        eval_diags.0.retain(|d| d.summary != "No value for required variable");
        diags.extend(eval_diags);
    }
    if args.json {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = diags.iter().count() - errors;
        let items: Vec<serde_json::Value> = diags
            .iter()
            .map(|d| {
                serde_json::json!({
                    "severity": if d.is_error() { "error" } else { "warning" },
                    "summary": d.summary,
                    "detail": d.detail,
                    "range": d.subject.as_ref().map(|r| serde_json::json!({
                        "filename": r.file.to_string(),
                        "start": {"line": r.start.line, "column": r.start.column, "byte": r.start.byte},
                        "end": {"line": r.end.line, "column": r.end.column, "byte": r.end.byte},
                    })),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "format_version": "0.1",
            "valid": errors == 0,
            "error_count": errors,
            "warning_count": warnings,
            "diagnostics": items,
        });
        printer.data(&format!("{}\n", serde_json::to_string_pretty(&doc).unwrap_or_default()));
        return i32::from(errors > 0);
    }
    printer.diagnostics(&diags, &sources);
    if diags.has_errors() {
        return 1;
    }
    printer.data("Success! The configuration is valid.\n\n");
    0
}
