//! The dependency graph of a module's named values (variables, locals, outputs,
//! module calls) and their evaluation in dependency order.
//!
//! **Invariant:** a node is evaluated only after every node it references, and is
//! skipped (without further diagnostics) when one of those failed.

mod body;
pub mod dot;
mod scope;

pub use body::decode_body;
mod values;

pub use values::{evaluate_root, provider_local_name, resource_value, InputSource, InputValue, OutputValue, ResourceHandler, ResourceRequest, RootResult};

use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

/// A node of a module's value graph.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Variable(String),
    Local(String),
    Output(String),
    ModuleCall(String),
    /// A resource or data block, by its address within the module.
    Resource(String),
    /// A `provider` block, by its index in the module's list.
    Provider(usize, String),
}

impl Node {
    /// The name Terraform uses for the node in cycle reports.
    pub fn display(&self) -> String {
        match self {
            Node::Variable(n) => format!("var.{n}"),
            Node::Local(n) => format!("local.{n}"),
            Node::Output(n) => format!("output.{n}"),
            Node::ModuleCall(n) => format!("module.{n}"),
            Node::Resource(n) => n.clone(),
            Node::Provider(_, n) => format!("provider[\"{n}\"]"),
        }
    }
}

/// Nodes with edges from each dependency to its dependents.
#[derive(Default)]
pub struct Graph {
    pub g: DiGraph<Node, ()>,
    index: HashMap<Node, NodeIndex>,
}

impl Graph {
    pub fn add(&mut self, n: Node) -> NodeIndex {
        if let Some(i) = self.index.get(&n) {
            return *i;
        }
        let i = self.g.add_node(n.clone());
        self.index.insert(n, i);
        i
    }
    pub fn get(&self, n: &Node) -> Option<NodeIndex> {
        self.index.get(n).copied()
    }
    /// `from` must be evaluated before `to`.
    pub fn depend(&mut self, to: NodeIndex, from: NodeIndex) {
        if !self.g.contains_edge(from, to) {
            self.g.add_edge(from, to, ());
        }
    }

    /// A topological order, or the members of each cycle (sorted by name).
    pub fn order(&self) -> Result<Vec<NodeIndex>, Vec<Vec<String>>> {
        match petgraph::algo::toposort(&self.g, None) {
            Ok(o) => Ok(o),
            Err(_) => {
                let mut cycles = Vec::new();
                for scc in petgraph::algo::tarjan_scc(&self.g) {
                    let is_cycle = scc.len() > 1 || scc.first().is_some_and(|n| self.g.contains_edge(*n, *n));
                    if is_cycle {
                        let mut names: Vec<String> = scc.iter().map(|i| self.g[*i].display()).collect();
                        names.sort();
                        cycles.push(names);
                    }
                }
                Err(cycles)
            }
        }
    }
}
