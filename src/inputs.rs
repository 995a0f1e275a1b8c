//! Root module input variables from everywhere Terraform takes them, with
//! Terraform's precedence (later wins): `TF_VAR_name` environment variables,
//! `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in lexical
//! order, then `-var-file` and `-var` in command-line order.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use hcl_edit::structure::Structure;
use hcl_edit::Span;

use crate::config::Module;
use crate::diag::{Diagnostic, Diagnostics, SourceFile, SourceMap};
use crate::graph::{InputSource, InputValue};
use crate::lang::eval::{EmptyScope, Evaluator};
use crate::lang::functions::PlainHost;
use crate::lang::{Type, Value};

/// A `-var` or `-var-file` flag, in command-line order.
#[derive(Debug, Clone)]
pub enum VarArg {
    Var(String),
    File(String),
}

pub fn collect(dir: &Path, root: &Module, args: &[VarArg], sources: &mut SourceMap, diags: &mut Diagnostics) -> BTreeMap<String, InputValue> {
    let mut out = BTreeMap::new();
    let mut env: Vec<(String, String)> = std::env::vars().filter(|(k, _)| k.starts_with("TF_VAR_")).collect();
    env.sort();
    for (k, v) in env {
        let name = k["TF_VAR_".len()..].to_string();
        if let Some(var) = root.variables.get(&name) {
            if let Some(value) = raw_value(&v, var.ty.clone(), var.parse_as_hcl, "environment", diags) {
                out.insert(name, InputValue { value, source: InputSource::Environment, range: None });
            }
        }
    }
    let mut files: Vec<String> = Vec::new();
    for f in ["terraform.tfvars", "terraform.tfvars.json"] {
        if dir.join(f).is_file() {
            files.push(f.to_string());
        }
    }
    let mut autos: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
                .collect()
        })
        .unwrap_or_default();
    autos.sort();
    files.extend(autos);
    for f in files {
        load_file(dir, &f, InputSource::File, &root.variables, &mut out, sources, diags);
    }
    for a in args {
        match a {
            VarArg::File(f) => load_file(dir, f, InputSource::File, &root.variables, &mut out, sources, diags),
            VarArg::Var(s) => {
                let Some((name, raw)) = s.split_once('=') else {
                    diags.push(Diagnostic::error(
                        "Invalid -var option",
                        format!("The given -var option {s:?} is not correctly specified. It must be a variable name and value separated an equals sign, like -var=\"key=value\"."),
                    ));
                    continue;
                };
                let name = name.trim().to_string();
                let (ty, hcl) = root.variables.get(&name).map(|v| (v.ty.clone(), v.parse_as_hcl)).unwrap_or((Type::Dynamic, false));
                if let Some(value) = raw_value(raw, ty, hcl, "-var", diags) {
                    out.insert(name, InputValue { value, source: InputSource::CommandLine, range: None });
                }
            }
        }
    }
    out
}

/// A value given as a string on the command line or in the environment: literal for
/// primitive (or unspecified) types, an HCL expression otherwise.
fn raw_value(raw: &str, _ty: Type, parse_hcl: bool, what: &str, diags: &mut Diagnostics) -> Option<Value> {
    if !parse_hcl {
        return Some(Value::string(raw));
    }
    let file = Arc::new(SourceFile::new(format!("<value for {what}>"), what.into(), raw.to_string()));
    match hcl_edit::parser::parse_expr(raw) {
        Ok(e) => {
            let host = PlainHost { dir: ".".into() };
            let ev = Evaluator::new(&EmptyScope, &host, &file);
            match ev.eval(&e) {
                Ok(v) => Some(v),
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        }
        Err(e) => {
            diags.push(Diagnostic::error("Invalid expression", format!("The value given for a variable ({what}) is not a valid expression: {}.", e.message())));
            None
        }
    }
}

/// Whether an expression calls a function anywhere.
fn has_call(e: &hcl_edit::expr::Expression) -> bool {
    use hcl_edit::expr::Expression as E;
    match e {
        E::FuncCall(_) => true,
        E::Array(a) => a.iter().any(has_call),
        E::Object(o) => o.iter().any(|(k, v)| matches!(k, hcl_edit::expr::ObjectKey::Expression(x) if has_call(x)) || has_call(v.expr())),
        E::Parenthesis(p) => has_call(p.inner()),
        E::Conditional(c) => has_call(&c.cond_expr) || has_call(&c.true_expr) || has_call(&c.false_expr),
        E::UnaryOp(u) => has_call(&u.expr),
        E::BinaryOp(b) => has_call(&b.lhs_expr) || has_call(&b.rhs_expr),
        E::ForExpr(f) => has_call(&f.intro.collection_expr) || has_call(&f.value_expr),
        E::Traversal(t) => has_call(&t.expr),
        E::StringTemplate(t) => t.iter().any(|el| matches!(el, hcl_edit::template::Element::Interpolation(i) if has_call(&i.expr))),
        _ => false,
    }
}

#[allow(clippy::too_many_arguments)]
fn load_file(
    dir: &Path,
    name: &str,
    source: InputSource,
    root_vars: &BTreeMap<String, crate::config::Variable>,
    out: &mut BTreeMap<String, InputValue>,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) {
    let path = dir.join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error("Failed to read variables file", format!("Given variables file {name} does not exist or cannot be read: {e}.")));
            return;
        }
    };
    let file = Arc::new(SourceFile::new(name.to_string(), path.clone(), text));
    sources.add(file.clone());
    if name.ends_with(".json") {
        match serde_json::from_str::<serde_json::Value>(&file.text) {
            Ok(serde_json::Value::Object(m)) => {
                for (k, v) in m {
                    out.insert(k, InputValue { value: json_to_value(&v), source, range: Some(file.range(0..0)) });
                }
            }
            Ok(_) => diags.push(Diagnostic::error("Invalid variables file", format!("The root of {name} must be a JSON object."))),
            Err(e) => diags.push(Diagnostic::error("Invalid variables file", format!("The file {name} is not valid JSON: {e}."))),
        }
        return;
    }
    let body = match hcl_edit::parser::parse_body(&file.text) {
        Ok(b) => b,
        Err(e) => {
            diags.push(crate::config::syntax_error(&file, &e));
            return;
        }
    };
    let host = PlainHost { dir: dir.to_path_buf() };
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let name = a.key.as_str();
                // Variables files hold constants: no references, no function calls.
                let refs = crate::lang::refs::references(&a.value);
                let problem = if !refs.is_empty() {
                    Some(("Variables not allowed", "Variables may not be used here."))
                } else if has_call(&a.value) {
                    Some(("Function calls not allowed", "Functions may not be called here."))
                } else {
                    None
                };
                if let Some((summary, detail)) = problem {
                    // The variable is then left without a value, as in Terraform.
                    if let Some(v) = root_vars.get(name).filter(|v| v.default.is_none()) {
                        diags.push(Diagnostic::error(
                            "No value for required variable",
                            format!("The root module input variable \"{name}\" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable."),
                        ).with_subject(v.range.clone()));
                    }
                    diags.push(Diagnostic::error(summary, detail).with_subject(a.value.span().map(|s| file.range(s))));
                    continue;
                }
                let ev = Evaluator::new(&EmptyScope, &host, &file);
                match ev.eval(&a.value) {
                    Ok(v) => {
                        let range = a.value.span().map(|s| file.range(s));
                        out.insert(name.to_string(), InputValue { value: v, source, range });
                    }
                    Err(d) => diags.push(d),
                }
            }
            Structure::Block(b) => diags.push(
                Diagnostic::error("Unexpected block", "A variables file may contain only argument assignments, not blocks.")
                    .with_subject(b.ident.span().map(|s| file.range(s))),
            ),
        }
    }
}

/// A JSON document as a Terraform value: objects become objects, arrays tuples,
/// numbers exact.
pub fn json_to_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::null_dynamic(),
        serde_json::Value::Bool(b) => Value::bool(*b),
        serde_json::Value::Number(n) => match crate::lang::Number::parse(&n.to_string()) {
            Ok(n) => Value::number(n),
            Err(_) => Value::null(Type::Number),
        },
        serde_json::Value::String(s) => Value::string(s.as_str()),
        serde_json::Value::Array(a) => Value::tuple(a.iter().map(json_to_value).collect()),
        serde_json::Value::Object(m) => Value::object(m.iter().map(|(k, v)| (k.clone(), json_to_value(v))).collect()),
    }
}
