//! `terrace init`: for Terraform habits. Checks that the configuration and its
//! modules load, that every provider it needs is built into Terrace, and writes the
//! dependency lock file `.terraform.lock.hcl`.

use std::collections::BTreeMap;

use super::{use_color, InitArgs, Printer};
use crate::diag::Diagnostic;

/// The providers built into Terrace: local name, registry source, version whose
/// behaviour they follow.
const BUILTIN: &[(&str, &str, &str)] = &[
    ("null", "registry.terraform.io/hashicorp/null", "3.2.2"),
    ("random", "registry.terraform.io/hashicorp/random", "3.6.2"),
];

pub(super) fn run(args: InitArgs) -> i32 {
    let printer = Printer::new(use_color(args.common.no_color));
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let (tree, sources, mut diags) = super::validate::load(&cwd);
    // The providers needed: declared in required_providers, or implied by resource types.
    let mut needed: BTreeMap<String, Option<String>> = BTreeMap::new();
    for m in tree.modules.values() {
        for (name, rp) in &m.required_providers {
            needed.insert(name.clone(), rp.version.clone());
        }
        for r in m.resources.values() {
            needed.entry(crate::graph::provider_local_name(r)).or_insert(None);
        }
    }
    let mut lock = String::from("# This file is maintained automatically by \"terrace init\".\n# Manual edits may be lost in future updates.\n");
    for (name, constraint) in &needed {
        match BUILTIN.iter().find(|(n, _, _)| n == name) {
            Some((_, source, version)) => {
                if let Some(c) = constraint {
                    if let Ok(false) = crate::config::version::satisfies(version, c) {
                        diags.push(Diagnostic::warning(
                            "Built-in provider version differs from the constraint",
                            format!("The configuration asks for {name} provider version {c:?}; Terrace uses its built-in {name} provider, which follows version {version}."),
                        ));
                    }
                }
                lock.push_str(&format!("\nprovider \"{source}\" {{\n  version = \"{version}\"\n"));
                if let Some(c) = constraint {
                    lock.push_str(&format!("  constraints = {}\n", serde_json::to_string(c).unwrap_or_default()));
                }
                lock.push_str("}\n");
            }
            None => diags.push(Diagnostic::error(
                "Provider not available",
                format!("The configuration needs the {name:?} provider, which is not built into this version of Terrace (built in: null, random)."),
            )),
        }
    }
    printer.diagnostics(&diags, &sources);
    if diags.has_errors() {
        return 1;
    }
    if let Err(e) = crate::state::write_atomic(&cwd.join(".terraform.lock.hcl"), lock.as_bytes()) {
        eprintln!("\nError: Failed to write the dependency lock file\n\n{e}");
        return 1;
    }
    printer.data("\nTerrace has been successfully initialized!\n");
    0
}
