//! Pieces of Terraform's JSON plan format built from the configuration and the
//! state: `configuration` (expressions as constants or references, so tools such as
//! cost estimators find regions and provider aliases) and module trees of values.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as J};

use crate::config::{Expr, Mode, Module, ModuleTree};
use crate::lang::eval::{EmptyScope, Evaluator};
use crate::lang::functions::PlainHost;

/// `configuration` of the JSON plan.
pub fn configuration(tree: &ModuleTree) -> J {
    json!({ "root_module": module_config(tree, "") })
}

fn expression(e: &Expr) -> J {
    let refs = e.references();
    if refs.is_empty() {
        if let Ok((t, _)) = e.tree() {
            let host = PlainHost { dir: ".".into() };
            if let Ok(v) = Evaluator::new(&EmptyScope, &host, &e.file).eval(&t) {
                return json!({ "constant_value": super::values::to_json(&v) });
            }
        }
        return json!({});
    }
    let mut names: Vec<String> = Vec::new();
    for r in refs {
        let mut parts = vec![r.root.clone()];
        for a in &r.attrs {
            parts.push(a.clone());
            let n = parts.join(".");
            if !names.contains(&n) {
                names.push(n);
            }
        }
        if r.attrs.is_empty() && !names.contains(&r.root) {
            names.push(r.root.clone());
        }
    }
    names.reverse();
    json!({ "references": names })
}

fn body_expressions(body: &hcl_edit::structure::Body, file: &std::sync::Arc<crate::diag::SourceFile>) -> Map<String, J> {
    let mut out = Map::new();
    for a in body.attributes() {
        out.insert(a.key.as_str().to_string(), expression(&Expr::new(file, a.value.clone())));
    }
    let mut blocks: BTreeMap<String, Vec<J>> = BTreeMap::new();
    for b in body.blocks() {
        blocks.entry(b.ident.as_str().to_string()).or_default().push(J::Object(body_expressions(&b.body, file)));
    }
    for (k, v) in blocks {
        out.insert(k, J::Array(v));
    }
    out
}

fn module_config(tree: &ModuleTree, path: &str) -> J {
    let Some(m) = tree.modules.get(path) else { return json!({}) };
    let module: &Module = m;
    let mut resources = Vec::new();
    for r in module.resources.values() {
        let mut o = Map::new();
        o.insert("address".into(), json!(r.address()));
        o.insert("mode".into(), json!(if r.mode == Mode::Data { "data" } else { "managed" }));
        o.insert("type".into(), json!(r.type_name));
        o.insert("name".into(), json!(r.name));
        let provider = match &r.provider {
            Some((n, Some(alias))) => format!("{n}.{alias}"),
            Some((n, None)) => n.clone(),
            None => crate::graph::provider_local_name(r),
        };
        let key = if path.is_empty() { provider } else { format!("{}:{provider}", path.replace('.', ":")) };
        o.insert("provider_config_key".into(), json!(key));
        o.insert("expressions".into(), J::Object(body_expressions(&r.config.body, &r.config.file)));
        o.insert("schema_version".into(), json!(0));
        if let Some(c) = &r.count {
            o.insert("count_expression".into(), expression(c));
        }
        if let Some(f) = &r.for_each {
            o.insert("for_each_expression".into(), expression(f));
        }
        if !r.depends_on.is_empty() {
            let deps: Vec<String> = r.depends_on.iter().map(|d| d.range().and_then(|x| d.file.text.get(x.start.byte..x.end.byte).map(str::to_string)).unwrap_or_default()).collect();
            o.insert("depends_on".into(), json!(deps));
        }
        resources.push(J::Object(o));
    }
    let mut outputs = Map::new();
    for (name, o) in &module.outputs {
        let mut x = Map::new();
        x.insert("expression".into(), expression(&o.expr));
        if o.sensitive {
            x.insert("sensitive".into(), json!(true));
        }
        outputs.insert(name.clone(), J::Object(x));
    }
    let mut calls = Map::new();
    for (name, c) in &module.module_calls {
        let child = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
        let exprs: Map<String, J> = c.inputs.iter().map(|(k, e)| (k.clone(), expression(e))).collect();
        let mut x = Map::new();
        x.insert("source".into(), json!(c.source));
        x.insert("expressions".into(), J::Object(exprs));
        x.insert("module".into(), module_config(tree, &child));
        if let Some(e) = &c.count {
            x.insert("count_expression".into(), expression(e));
        }
        if let Some(e) = &c.for_each {
            x.insert("for_each_expression".into(), expression(e));
        }
        calls.insert(name.clone(), J::Object(x));
    }
    let variables: Map<String, J> = module
        .variables
        .iter()
        .map(|(k, v)| {
            let mut x = Map::new();
            if let Some(d) = &v.default {
                if let J::Object(m) = expression(d) {
                    if let Some(c) = m.get("constant_value") {
                        x.insert("default".into(), c.clone());
                    }
                }
            }
            if let Some(d) = &v.description {
                x.insert("description".into(), json!(d));
            }
            if v.sensitive {
                x.insert("sensitive".into(), json!(true));
            }
            (k.clone(), J::Object(x))
        })
        .collect();
    let mut out = Map::new();
    out.insert("resources".into(), J::Array(resources));
    if !outputs.is_empty() {
        out.insert("outputs".into(), J::Object(outputs));
    }
    if !calls.is_empty() {
        out.insert("module_calls".into(), J::Object(calls));
    }
    if !variables.is_empty() {
        out.insert("variables".into(), J::Object(variables));
    }
    J::Object(out)
}

/// Resource values grouped into Terraform's module tree
/// (`{resources, child_modules: [{address, resources, child_modules}]}`).
pub fn module_tree(resources: Vec<(Option<String>, J)>) -> J {
    let mut by_module: BTreeMap<String, Vec<J>> = BTreeMap::new();
    for (m, r) in resources {
        by_module.entry(m.unwrap_or_default()).or_default().push(r);
    }
    fn build(addr: &str, by: &BTreeMap<String, Vec<J>>) -> J {
        let mut o = Map::new();
        if !addr.is_empty() {
            o.insert("address".into(), json!(addr));
        }
        o.insert("resources".into(), J::Array(by.get(addr).cloned().unwrap_or_default()));
        // Direct children: module addresses one `module.x[...]` step below `addr`.
        let children: Vec<&String> = by
            .keys()
            .filter(|k| !k.is_empty() && *k != addr)
            .filter(|k| {
                let rest = if addr.is_empty() { Some(k.as_str()) } else { k.strip_prefix(&format!("{addr}.")) };
                rest.is_some_and(|r| r.matches("module.").count() == 1)
            })
            .collect();
        // Intermediate modules without resources of their own.
        let mut kids: Vec<J> = children.iter().map(|c| build(c, by)).collect();
        let mut seen: Vec<String> = children.iter().map(|c| c.to_string()).collect();
        for k in by.keys() {
            let rest = if addr.is_empty() { Some(k.as_str()) } else { k.strip_prefix(&format!("{addr}.")) };
            if let Some(r) = rest {
                if r.matches("module.").count() > 1 {
                    let first = r.split(".module.").next().unwrap_or(r);
                    let child = if addr.is_empty() { first.to_string() } else { format!("{addr}.{first}") };
                    if !seen.contains(&child) {
                        seen.push(child.clone());
                        kids.push(build(&child, by));
                    }
                }
            }
        }
        if !kids.is_empty() {
            o.insert("child_modules".into(), J::Array(kids));
        }
        J::Object(o)
    }
    build("", &by_module)
}
