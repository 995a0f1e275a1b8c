//! `terrace graph`: the configuration's dependency graph in DOT.

use std::collections::BTreeSet;

use crate::config::{Expr, Mode, ModuleTree};

/// The graph of resources, data sources, module calls, variables, locals and outputs,
/// with an edge from each object to what it references.
pub fn to_dot(tree: &ModuleTree) -> String {
    let mut nodes: BTreeSet<String> = BTreeSet::new();
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    for (path, m) in &tree.modules {
        let prefix = if path.is_empty() { String::new() } else { path.split('.').map(|x| format!("module.{x}.")).collect() };
        let name = |local: &str| format!("{prefix}{local}");
        let mut add = |from: String, exprs: Vec<&Expr>| {
            nodes.insert(from.clone());
            for e in exprs {
                for r in e.references() {
                    let first = r.attrs.first().cloned().unwrap_or_default();
                    let to = match r.root.as_str() {
                        "var" => format!("var.{first}"),
                        "local" => format!("local.{first}"),
                        "module" => format!("module.{first}"),
                        "data" => format!("data.{first}.{}", r.attrs.get(1).cloned().unwrap_or_default()),
                        "path" | "terraform" | "count" | "each" | "self" => continue,
                        root => format!("{root}.{first}"),
                    };
                    edges.insert((from.clone(), name(&to)));
                }
            }
        };
        for v in m.variables.values() {
            add(name(&format!("var.{}", v.name)), v.default.iter().collect());
        }
        for l in m.locals.values() {
            add(name(&format!("local.{}", l.name)), vec![&l.expr]);
        }
        for o in m.outputs.values() {
            add(name(&format!("output.{}", o.name)), std::iter::once(&o.expr).chain(o.depends_on.iter()).collect());
        }
        for (addr, r) in &m.resources {
            let mut exprs: Vec<&Expr> = r.count.iter().chain(r.for_each.iter()).chain(r.depends_on.iter()).collect();
            let body_exprs = super::values::body_exprs(&r.config);
            exprs.extend(body_exprs.iter());
            let _ = r.mode == Mode::Data;
            add(name(addr), exprs);
        }
        for c in m.module_calls.values() {
            add(name(&format!("module.{}", c.name)), c.inputs.values().chain(c.count.iter()).chain(c.for_each.iter()).chain(c.depends_on.iter()).collect());
        }
    }
    let mut out = String::from("digraph {\n\tcompound = \"true\"\n\tnewrank = \"true\"\n\tsubgraph \"root\" {\n");
    for n in &nodes {
        out.push_str(&format!("\t\t\"{n}\" [label = \"{n}\", shape = \"box\"]\n"));
    }
    for (a, b) in &edges {
        out.push_str(&format!("\t\t\"{a}\" -> \"{b}\"\n"));
    }
    out.push_str("\t}\n}\n");
    out
}
