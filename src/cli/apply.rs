//! Helpers for the commands that take variables.

use crate::inputs::VarArg;

/// Puts -var and -var-file values in the order they appear on the command line.
pub(super) fn order_var_args(parsed: Vec<VarArg>) -> Vec<VarArg> {
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
