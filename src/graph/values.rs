//! Evaluating a module tree's named values: input variables (with type conversion,
//! nullability, sensitivity and validation), locals, module calls (with count and
//! for_each) and outputs.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;


use terrace_provider::{Type, Value};

use super::scope::ModuleScope;
use super::{Graph, Node};
use crate::addrs::{InstanceKey, ModuleInstance, ResourceAddr};
use crate::config::{Expr, Mode, Module, ModuleTree, Resource, Variable};
use crate::diag::{Diagnostic, Diagnostics, SourceRange};
use crate::lang::convert::convert_with_defaults;
use crate::lang::eval::{describe_type, EmptyScope, Evaluator};
use crate::lang::functions::Host;
use crate::lang::refs::{references, Reference};

/// Where a root input variable's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputSource {
    Environment,
    File,
    CommandLine,
}

#[derive(Debug, Clone)]
pub struct InputValue {
    pub value: Value,
    pub source: InputSource,
    /// Where the value was written (a tfvars file), for diagnostics.
    pub range: Option<SourceRange>,
}

/// An evaluated output.
#[derive(Debug, Clone)]
pub struct OutputValue {
    pub value: Value,
    pub sensitive: bool,
}

#[derive(Debug, Default)]
pub struct RootResult {
    pub outputs: BTreeMap<String, OutputValue>,
}

/// One resource's configured instances, handed to the engine.
pub struct ResourceRequest<'a> {
    pub addr: ResourceAddr,
    pub cfg: &'a Resource,
    pub instances: Vec<(InstanceKey, Value)>,
    /// The resources it depends on.
    pub deps: BTreeSet<String>,
}

/// What the walk asks of the engine when it reaches a resource. The walk evaluates
/// `count`/`for_each` and each instance's configuration; the handler plans or
/// applies them and returns the values that references to the resource see.
pub trait ResourceHandler {
    /// The schema of a resource type or data source, or None when no provider has it.
    fn schema(&self, mode: Mode, type_name: &str) -> Option<terrace_provider::Block>;
    /// Whether this resource takes part in this run (`-target`).
    fn wanted(&self, addr: &ResourceAddr) -> bool;
    /// The value of a resource left out of this run, from the prior state.
    fn unwanted(&self, addr: &ResourceAddr) -> Value;
    /// True when the walk plans (impure functions give unknown values then).
    fn planning(&self) -> bool {
        false
    }
    /// Handles the configured instances of one resource; `deps` are the addresses of
    /// the resources it depends on. Returns each instance's value, or None on errors.
    fn resource(
        &self,
        addr: &ResourceAddr,
        cfg: &Resource,
        instances: Vec<(InstanceKey, Value)>,
        deps: &BTreeSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<BTreeMap<InstanceKey, Value>>;
    /// Several resources that depend on none of each other (one level of the walk);
    /// an engine may work on them concurrently.
    fn resources(&self, batch: Vec<ResourceRequest<'_>>, diags: &mut Diagnostics) -> Vec<Option<BTreeMap<InstanceKey, Value>>> {
        batch.into_iter().map(|r| self.resource(&r.addr, r.cfg, r.instances, &r.deps, diags)).collect()
    }
    /// True when resources whose provider is unknown are evaluated anyway, against a
    /// schema inferred from their bodies (pricing a configuration without providers).
    fn schemaless(&self) -> bool {
        false
    }
    /// The schema of a provider's configuration block, when the engine configures it.
    fn provider_schema(&self, _name: &str) -> Option<terrace_provider::Block> {
        None
    }
    /// Receives a provider block's decoded configuration (`config_addr` is its address,
    /// `module.x.provider["SOURCE"].alias`). Returns false on errors (reported in diags).
    fn configure_provider(&self, _config_addr: &str, _name: &str, _value: Value, _range: Option<SourceRange>, _diags: &mut Diagnostics) -> bool {
        true
    }
    /// The registry source of a provider, for its configuration address.
    fn provider_source(&self, _name: &str) -> Option<String> {
        None
    }
    /// Called when a module instance's values are all evaluated, with its scope (to
    /// evaluate what the walk does not, such as provider blocks).
    fn module_done(&self, _inst: &ModuleInstance, _module: &Module, _scope: &dyn crate::lang::eval::Scope, _host: &dyn Host, _diags: &mut Diagnostics) {}
}

/// Evaluates the whole tree from the root module with the given inputs.
pub fn evaluate_root(
    tree: &ModuleTree,
    inputs: &BTreeMap<String, InputValue>,
    cwd: &Path,
    handler: Option<&dyn ResourceHandler>,
    diags: &mut Diagnostics,
) -> RootResult {
    let root = tree.root();
    for name in inputs.keys() {
        if !root.variables.contains_key(name) {
            // Terraform warns for undeclared values in files and errors for -var.
            let src = inputs[name].source;
            if src == InputSource::CommandLine {
                diags.push(Diagnostic::error(
                    "Value for undeclared variable",
                    format!("A variable named \"{name}\" was assigned on the command line, but the root module does not declare a variable of that name. To use this value, add a \"variable\" block to the configuration."),
                ));
            } else if src == InputSource::File {
                diags.push(
                    Diagnostic::warning(
                        "Value for undeclared variable",
                        format!("The root module does not declare a variable named \"{name}\" but a value was found in file \"{}\". If you meant to use this value, add a \"variable\" block to the configuration.", inputs[name].range.as_ref().map(|r| r.file.to_string()).unwrap_or_default()),
                    )
                    .with_subject(inputs[name].range.clone()),
                );
            }
        }
    }
    let mut var_values: BTreeMap<String, (Value, Option<SourceRange>)> = BTreeMap::new();
    for (k, v) in inputs {
        var_values.insert(k.clone(), (v.value.clone(), v.range.clone()));
    }
    let cwd_s = cwd.to_string_lossy().to_string();
    let ctx = Ctx { tree, cwd: cwd_s, handler };
    let outputs = ctx.eval_module(&ModuleInstance::root(), root, &var_values, &BTreeSet::new(), diags);
    RootResult { outputs: outputs.map(|(o, _)| o).unwrap_or_default() }
}

struct Ctx<'a> {
    tree: &'a ModuleTree,
    cwd: String,
    handler: Option<&'a dyn ResourceHandler>,
}

/// The outputs of a module instance and the resources it (and its children) contain.
type ModuleOut = (BTreeMap<String, OutputValue>, BTreeSet<String>);

/// A host bound to one module directory.
struct ModuleHost {
    dir: std::path::PathBuf,
    planning: bool,
}

impl Host for ModuleHost {
    fn base_dir(&self) -> &Path {
        &self.dir
    }
    fn planning(&self) -> bool {
        self.planning
    }
    fn render_template(&self, source: &str, path: &Path, vars: &BTreeMap<String, Value>) -> Result<Value, String> {
        render_template_file(source, path, vars, &self.dir)
    }
}

/// `templatefile`: parse `source` as a template and evaluate it with only `vars`.
pub fn render_template_file(source: &str, path: &Path, vars: &BTreeMap<String, Value>, dir: &Path) -> Result<Value, String> {
    let name = path.to_string_lossy().to_string();
    let file = Arc::new(crate::diag::SourceFile::new(name.clone(), path.to_path_buf(), source.to_string()));
    let tpl = hcl_edit::parser::parse_template(source).map_err(|e| format!("failed to parse template {name}: {}", e.message()))?;
    let expr = hcl_edit::expr::Expression::StringTemplate(hcl_edit::template::StringTemplate::from_iter(tpl.iter().cloned()));
    for r in references(&expr) {
        if !vars.contains_key(&r.root) {
            return Err(format!("vars map does not contain key \"{}\", referenced at {}", r.root, r.span.map(|s| file.range(s).to_string()).unwrap_or(name.clone())));
        }
    }
    let host = ModuleHost { dir: dir.to_path_buf(), planning: false };
    let ev = Evaluator::new(&EmptyScope, &host, &file).with_vars(vars);
    // As in a quoted template, a template that is one interpolation yields its value
    // unconverted: templatefile("n.tftpl", { n = 5 }) is the number 5.
    if tpl.len() == 1 {
        if let Some(hcl_edit::template::Element::Interpolation(i)) = tpl.iter().next() {
            return ev.eval(&i.expr).map_err(|d| format!("{}: {}", d.summary, d.detail));
        }
    }
    ev.eval_template_file(&tpl, &expr).map_err(|d| format!("{}: {}", d.summary, d.detail))
}

pub(super) fn invalid_reference(root: &str, attrs: &[&str], range: Option<SourceRange>) -> Diagnostic {
    let detail = match root {
        "var" | "local" | "module" | "path" | "terraform" | "count" | "each" | "data" => {
            format!("The \"{root}\" object cannot be accessed directly. Instead, access one of its attributes.")
        }
        _ if attrs.is_empty() => "A reference to a resource type must be followed by at least one attribute access, specifying the resource name.".to_string(),
        _ => String::new(),
    };
    if detail.is_empty() {
        return Diagnostic::error(
            "Reference to undeclared resource",
            format!("A managed resource \"{root}\" \"{}\" has not been declared in the root module.", attrs[0]),
        )
        .with_subject(range);
    }
    Diagnostic::error("Invalid reference", detail).with_subject(range)
}

impl Ctx<'_> {
    /// Evaluates one module instance. Returns its outputs, or None when anything failed.
    fn eval_module(
        &self,
        inst: &ModuleInstance,
        module: &Module,
        inputs: &BTreeMap<String, (Value, Option<SourceRange>)>,
        inherited_deps: &BTreeSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<ModuleOut> {
        let is_root = inst.is_root();
        let start_errors = diags.iter().filter(|d| d.is_error()).count();
        let path_module = relative_display(&module.dir, Path::new(&self.cwd));
        let scope = ModuleScope {
            vars: RefCell::new(HashMap::new()),
            locals: RefCell::new(HashMap::new()),
            calls: RefCell::new(HashMap::new()),
            resources: RefCell::new(HashMap::new()),
            path_module,
            path_root: ".".into(),
            path_cwd: self.cwd.clone(),
            workspace: std::env::var("TF_WORKSPACE").unwrap_or_else(|_| "default".into()),
            count_index: None,
            each: None,
        };
        let host = ModuleHost { dir: module.dir.clone(), planning: self.handler.is_some_and(|h| h.planning()) };

        // Static checks of every reference, and the graph.
        let mut graph = Graph::default();
        for name in module.variables.keys() {
            graph.add(Node::Variable(name.clone()));
        }
        for (name, l) in &module.locals {
            let n = graph.add(Node::Local(name.clone()));
            if let Some(r) = l.expr.references().into_iter().find(|r| r.root == "local" && r.attrs.first() == Some(name)) {
                diags.push(
                    Diagnostic::error("Self-referencing local value", format!("Local value local.{name} cannot use its own result as part of its expression."))
                        .with_subject(r.span.map(|s| l.expr.file.range(s)))
                        .with_block("locals"),
                );
                continue;
            }
            self.link(&mut graph, n, module, &l.expr, diags, "locals");
        }
        for (name, c) in &module.module_calls {
            let n = graph.add(Node::ModuleCall(name.clone()));
            let block = format!("module \"{name}\"");
            for e in c.inputs.values().chain(c.count.iter()).chain(c.for_each.iter()) {
                self.link(&mut graph, n, module, e, diags, &block);
            }
            for e in &c.depends_on {
                self.link(&mut graph, n, module, e, diags, &block);
            }
        }
        for (name, o) in &module.outputs {
            let n = graph.add(Node::Output(name.clone()));
            let block = format!("output \"{name}\"");
            self.link(&mut graph, n, module, &o.expr, diags, &block);
            for e in &o.depends_on {
                self.link(&mut graph, n, module, e, diags, &block);
            }
        }
        for (local_addr, r) in &module.resources {
            let n = graph.add(Node::Resource(local_addr.clone()));
            let block = format!("{} \"{}\" \"{}\"", if r.mode == Mode::Data { "data" } else { "resource" }, r.type_name, r.name);
            for e in r.count.iter().chain(r.for_each.iter()).chain(r.depends_on.iter()).chain(r.lifecycle.replace_triggered_by.iter()) {
                self.link(&mut graph, n, module, e, diags, &block);
            }
            for e in std::iter::once(&r.config).chain(r.overrides.iter()).flat_map(body_exprs) {
                self.link_resource_body(&mut graph, n, module, &e, diags, &block);
            }
        }
        // Provider blocks: evaluated before any resource or module call of the module, so
        // that a resource is planned with its provider configured.
        let mut provider_nodes = Vec::new();
        for (i, p) in module.providers.iter().enumerate() {
            let key = match &p.alias {
                Some(a) => format!("{}.{a}", p.name),
                None => p.name.clone(),
            };
            let n = graph.add(Node::Provider(i, key.clone()));
            let block = format!("provider \"{}\"", p.name);
            for e in p.layers().flat_map(body_exprs) {
                self.link(&mut graph, n, module, &e, diags, &block);
            }
            provider_nodes.push(n);
        }
        if !provider_nodes.is_empty() {
            let users: Vec<petgraph::graph::NodeIndex> = graph
                .g
                .node_indices()
                .filter(|i| matches!(graph.g[*i], Node::Resource(_) | Node::ModuleCall(_)))
                .collect();
            for u in users {
                for p in &provider_nodes {
                    graph.depend(u, *p);
                }
            }
        }
        for v in module.variables.values() {
            self.check_validation_refs(v, diags);
        }
        if diags.iter().filter(|d| d.is_error()).count() > start_errors {
            return None;
        }
        let order = match graph.order() {
            Ok(o) => o,
            Err(cycles) => {
                for c in cycles {
                    diags.push(Diagnostic::error(format!("Cycle: {}", c.join(", ")), ""));
                }
                return None;
            }
        };

        let mut failed: BTreeSet<petgraph::graph::NodeIndex> = BTreeSet::new();
        let mut outputs = BTreeMap::new();
        let mut deps_of: HashMap<petgraph::graph::NodeIndex, BTreeSet<String>> = HashMap::new();
        let mut contained: BTreeSet<String> = BTreeSet::new();
        // Levels: a node's level is one more than its deepest dependency's, so the
        // nodes of one level depend on none of each other. Within a level the values
        // come first; its resources are then handed to the engine together.
        let mut level: HashMap<petgraph::graph::NodeIndex, usize> = HashMap::new();
        for idx in &order {
            let l = graph.g.neighbors_directed(*idx, petgraph::Direction::Incoming).map(|d| level.get(&d).copied().unwrap_or(0) + 1).max().unwrap_or(0);
            level.insert(*idx, l);
        }
        let mut order = order;
        order.sort_by_key(|i| (level[i], matches!(graph.g[*i], Node::Resource(_))));
        let mut pending: Vec<(petgraph::graph::NodeIndex, String, PreparedResource<'_>, BTreeSet<String>)> = Vec::new();
        let last = order.len();
        for (pos, idx) in order.iter().copied().enumerate() {
            let deps_failed = graph.g.neighbors_directed(idx, petgraph::Direction::Incoming).any(|d| failed.contains(&d));
            if deps_failed {
                failed.insert(idx);
                continue;
            }
            // The resources this node depends on, directly or through other values.
            let mut deps: BTreeSet<String> = inherited_deps.clone();
            for d in graph.g.neighbors_directed(idx, petgraph::Direction::Incoming) {
                if let Some(ds) = deps_of.get(&d) {
                    deps.extend(ds.iter().cloned());
                }
                if let Node::Resource(local) = &graph.g[d] {
                    deps.insert(if is_root { local.clone() } else { format!("{inst}.{local}") });
                }
            }
            let ok = match &graph.g[idx] {
                Node::Resource(local) => {
                    let r = &module.resources[local];
                    match self.prepare_resource(inst, r, &scope, &host, diags) {
                        Some(PreparedResource::Done(v)) => {
                            scope.resources.borrow_mut().insert(local.clone(), v);
                            contained.insert(if is_root { local.clone() } else { format!("{inst}.{local}") });
                            true
                        }
                        Some(p) => {
                            pending.push((idx, local.clone(), p, deps.clone()));
                            true
                        }
                        None => false,
                    }
                }
                Node::Variable(name) => {
                    let var = &module.variables[name];
                    match self.finalize_variable(var, inputs.get(name).cloned(), is_root, &host, diags) {
                        Some(v) => {
                            scope.vars.borrow_mut().insert(name.clone(), v);
                            true
                        }
                        None => false,
                    }
                }
                Node::Local(name) => {
                    let l = &module.locals[name];
                                        match crate::lang::eval::eval_expr(&scope, &host, &l.expr) {
                        Ok(v) => {
                            scope.locals.borrow_mut().insert(name.clone(), v);
                            true
                        }
                        Err(d) => {
                            diags.push(d.with_block("locals"));
                            false
                        }
                    }
                }
                Node::ModuleCall(name) => match self.eval_call(inst, module, name, &scope, &host, &deps, diags) {
                    Some((v, inner)) => {
                        scope.calls.borrow_mut().insert(name.clone(), v);
                        deps.extend(inner.iter().cloned());
                        contained.extend(inner);
                        true
                    }
                    None => false,
                },
                Node::Provider(i, _) => self.configure_provider(inst, &module.providers[*i], &scope, &host, diags),
                Node::Output(name) => {
                    let o = &module.outputs[name];
                                        match crate::lang::eval::eval_expr(&scope, &host, &o.expr) {
                        Ok(v) => {
                            if v.contains_sensitive() && !o.sensitive {
                                diags.push(
                                    Diagnostic::error(
                                        "Output refers to sensitive values",
                                        "To reduce the risk of accidentally exporting sensitive data that was intended to be only internal, Terraform requires that any root module output containing sensitive data be explicitly marked as sensitive, to confirm your intent.\n\nIf you do intend to export this data, annotate the output value as sensitive by adding the following argument:\n    sensitive = true",
                                    )
                                    .with_subject(o.range.clone())
                                    .with_block(format!("output \"{name}\"")),
                                );
                                false
                            } else {
                                outputs.insert(name.clone(), OutputValue { value: v, sensitive: o.sensitive });
                                true
                            }
                        }
                        Err(d) => {
                            diags.push(d.with_block(format!("output \"{name}\"")));
                            false
                        }
                    }
                }
            };
            if !ok {
                failed.insert(idx);
            }
            deps_of.insert(idx, deps);
            // At the end of a level, the engine handles its resources together.
            let level_ends = pos + 1 == last || level[&order[pos + 1]] != level[&idx];
            if level_ends && !pending.is_empty() {
                let batch: Vec<ResourceRequest<'_>> = pending
                    .iter_mut()
                    .filter_map(|(_, _, p, deps)| match std::mem::replace(p, PreparedResource::Taken) {
                        PreparedResource::Request(addr, r, instances) => Some(ResourceRequest { addr, cfg: r, instances, deps: deps.clone() }),
                        _ => None,
                    })
                    .collect();
                let results = match self.handler {
                    Some(h) => h.resources(batch, diags),
                    None => Vec::new(),
                };
                for ((node, local, _, _), values) in pending.drain(..).zip(results) {
                    match values {
                        Some(values) => {
                            let r = &module.resources[&local];
                            scope.resources.borrow_mut().insert(local.clone(), resource_value(r, values));
                            contained.insert(if is_root { local.clone() } else { format!("{inst}.{local}") });
                        }
                        None => {
                            failed.insert(node);
                        }
                    }
                }
            }
        }
        if let Some(h) = self.handler {
            h.module_done(inst, module, &scope, &host, diags);
        }
        if is_root {
            // The process ends soon after the root module; freeing every value one by
            // one would only cost time.
            std::mem::forget(scope);
        }
        if failed.is_empty() {
            Some((outputs, contained))
        } else {
            None
        }
    }

    /// Decodes a provider block against its schema and hands it to the engine. Blocks of
    /// providers the engine does not configure are left alone.
    fn configure_provider(&self, inst: &ModuleInstance, p: &crate::config::ProviderConfig, scope: &ModuleScope, host: &dyn Host, diags: &mut Diagnostics) -> bool {
        let Some(handler) = self.handler else { return true };
        let Some(schema) = handler.provider_schema(&p.name) else { return true };
        let Some(source) = handler.provider_source(&p.name) else { return true };
        let block = format!("provider \"{}\"", p.name);
        // `alias` and `version` are meta-arguments, not the provider's.
        let mut schema = schema;
        for meta in ["alias", "version"] {
            schema.attributes.entry(meta.to_string()).or_insert_with(|| terrace_provider::Attribute::optional(Type::String));
        }
        let Some(value) = super::body::decode_layered(scope, host, &schema, &p.body, &p.overrides, &block, diags) else { return false };
        let value = match value.as_entries() {
            Some(m) => Value::object(m.iter().filter(|(k, _)| !matches!(k.as_str(), "alias" | "version")).map(|(k, v)| (k.clone(), v.clone())).collect()),
            None => value,
        };
        let path: Vec<String> = inst.0.iter().map(|(n, _)| n.clone()).collect();
        let addr = crate::engine::provider_block_address(&path, &source, p.alias.as_deref());
        handler.configure_provider(&addr, &p.name, value, p.range.clone(), diags)
    }

    /// Records the dependencies of `node` on what `e` references, reporting undeclared names.
    fn link(&self, graph: &mut Graph, node: petgraph::graph::NodeIndex, module: &Module, e: &Expr, diags: &mut Diagnostics, block: &str) {
        for r in e.references() {
            if let Some(dep) = self.check_ref(module, &r, e, diags, block) {
                let d = graph.add(dep);
                graph.depend(node, d);
            }
        }
    }

    /// Like `link`, for resource bodies: a bare name that is not a known root may be a
    /// dynamic block's iterator and is left for evaluation to judge.
    fn link_resource_body(&self, graph: &mut Graph, node: petgraph::graph::NodeIndex, module: &Module, e: &Expr, diags: &mut Diagnostics, block: &str) {
        for r in e.references() {
            let known_root = matches!(r.root.as_str(), "var" | "local" | "module" | "path" | "terraform" | "count" | "each" | "self" | "data")
                || module.resources.keys().any(|k| k.split('.').next() == Some(r.root.as_str()));
            if !known_root {
                continue;
            }
            if let Some(dep) = self.check_ref(module, &r, e, diags, block) {
                let d = graph.add(dep);
                graph.depend(node, d);
            }
        }
    }

    /// Validates one reference; returns the node it depends on, if any.
    fn check_ref(&self, module: &Module, r: &Reference, e: &Expr, diags: &mut Diagnostics, block: &str) -> Option<Node> {
        let range = r.span.clone().map(|s| e.file.range(s));
        let first = r.attrs.first().map(String::as_str);
        let err = |d: Diagnostic| d.with_block(block.to_string());
        match (r.root.as_str(), first) {
            ("var", Some(n)) => {
                if module.variables.contains_key(n) {
                    return Some(Node::Variable(n.to_string()));
                }
                let names: Vec<&str> = module.variables.keys().map(String::as_str).collect();
                let mut detail = format!("An input variable with the name \"{n}\" has not been declared. This variable can be declared with a variable \"{n}\" {{}} block.");
                if let Some(s) = crate::config::suggest(n, &names) {
                    detail = format!("An input variable with the name \"{n}\" has not been declared. Did you mean \"{s}\"?");
                }
                diags.push(err(Diagnostic::error("Reference to undeclared input variable", detail).with_subject(range)));
            }
            ("local", Some(n)) => {
                if module.locals.contains_key(n) {
                    return Some(Node::Local(n.to_string()));
                }
                let names: Vec<&str> = module.locals.keys().map(String::as_str).collect();
                let mut detail = format!("A local value with the name \"{n}\" has not been declared.");
                if let Some(s) = crate::config::suggest(n, &names) {
                    detail.push_str(&format!(" Did you mean \"{s}\"?"));
                }
                diags.push(err(Diagnostic::error("Reference to undeclared local value", detail).with_subject(range)));
            }
            ("module", Some(n)) => {
                if module.module_calls.contains_key(n) {
                    return Some(Node::ModuleCall(n.to_string()));
                }
                diags.push(err(Diagnostic::error(
                    "Reference to undeclared module",
                    format!("No module call named \"{n}\" is declared in this module."),
                )
                .with_subject(range)));
            }
            ("path", Some("module" | "root" | "cwd")) | ("terraform", Some("workspace")) => {}
            ("path", Some(a)) | ("terraform", Some(a)) => {
                let detail = if r.root == "path" {
                    format!("The \"path\" object does not have an attribute named {a:?}. The supported attributes are path.cwd, path.module, and path.root.")
                } else {
                    format!("The \"terraform\" object does not have an attribute named {a:?}. The only supported attribute is terraform.workspace, the name of the currently-selected workspace.")
                };
                diags.push(err(Diagnostic::error(format!("Invalid \"{}\" attribute", r.root), detail).with_subject(range)));
            }
            ("count", _) | ("each", _) => {
                // Checked when evaluated: valid only inside counted blocks.
            }
            ("data", Some(t)) => {
                let name = r.attrs.get(1).map(String::as_str).unwrap_or("");
                let key = format!("data.{t}.{name}");
                if module.resources.contains_key(&key) {
                    return Some(Node::Resource(key));
                }
                {
                    diags.push(err(Diagnostic::error(
                        "Reference to undeclared resource",
                        format!("A data resource \"{t}\" \"{name}\" has not been declared in the root module."),
                    )
                    .with_subject(range)));
                }
            }
            ("self", _) => {
                diags.push(err(Diagnostic::error(
                    "Invalid \"self\" reference",
                    "The \"self\" object is not available in this context. This object can be used only in resource provisioner and connection blocks.",
                )
                .with_subject(range)));
            }
            (root, Some(name)) if !matches!(root, "var" | "local" | "module" | "path" | "terraform") => {
                let key = format!("{root}.{name}");
                if let Some(res) = module.resources.get(&key) {
                    let expanded = res.count.is_some() || res.for_each.is_some();
                    if expanded && r.attrs.len() > 1 {
                        let which = if res.count.is_some() { "count" } else { "for_each" };
                        diags.push(err(Diagnostic::error(
                            "Missing resource instance key",
                            format!("Because {key} has \"{which}\" set, its attributes must be accessed on specific instances.\n\nFor example, to correlate with indices of a referring resource, use:\n    {key}[{}]", if which == "count" { "count.index" } else { "each.key" }),
                        )
                        .with_subject(range)));
                        return None;
                    }
                    if !expanded && r.indexed_after_first {
                        diags.push(err(Diagnostic::error(
                            "Unexpected resource instance key",
                            format!("Because {key} does not have \"count\" or \"for_each\" set, references to it must not include an index key. Remove the bracketed index to refer to the single instance of this resource."),
                        )
                        .with_subject(range)));
                        return None;
                    }
                    return Some(Node::Resource(key));
                }
                {
                    diags.push(err(Diagnostic::error(
                        "Reference to undeclared resource",
                        format!("A managed resource \"{root}\" \"{name}\" has not been declared in the root module."),
                    )
                    .with_subject(range)));
                }
            }
            (root, _) => {
                let attrs: Vec<&str> = r.attrs.iter().map(String::as_str).collect();
                diags.push(err(invalid_reference(root, &attrs, range)));
            }
        }
        None
    }

    fn check_validation_refs(&self, v: &Variable, diags: &mut Diagnostics) {
        for val in &v.validations {
            let refs = val.condition.references();
            if !refs.iter().any(|r| r.root == "var" && r.attrs.first() == Some(&v.name)) {
                diags.push(
                    Diagnostic::error(
                        "Invalid variable validation condition",
                        format!("The condition for variable \"{}\" must refer to var.{} in order to test incoming values.", v.name, v.name),
                    )
                    .with_subject(val.condition.range()),
                );
            }
            if let Ok((t, _)) = val.error_message.tree() {
                if let Some(msg) = crate::config::static_string_expr(&t) {
                    let starts_upper = msg.chars().next().is_some_and(char::is_uppercase);
                    let ends = msg.trim_end().ends_with('.') || msg.trim_end().ends_with('?');
                    if !(starts_upper && ends) {
                        diags.push(
                            Diagnostic::error(
                                "Invalid validation error message",
                                "The validation error message must be at least one full sentence starting with an uppercase letter and ending with a period or question mark.\n\nYour given message will be included as part of a larger Terraform output, so it should be written as English prose.",
                            )
                            .with_subject(val.error_message.range()),
                        );
                    }
                }
            }
            for r in refs {
                let ok = r.root == "var" && r.attrs.first().map(String::as_str) == Some(v.name.as_str());
                if !ok {
                    diags.push(
                        Diagnostic::error(
                            "Invalid reference in variable validation",
                            format!("The condition for variable \"{}\" can only refer to the variable itself, using var.{}.", v.name, v.name),
                        )
                        .with_subject(r.span.clone().map(|s| val.condition.file.range(s))),
                    );
                }
            }
        }
    }

    /// Turns a variable's given value (or default) into its final value.
    fn finalize_variable(
        &self,
        var: &Variable,
        given: Option<(Value, Option<SourceRange>)>,
        is_root: bool,
        host: &dyn Host,
        diags: &mut Diagnostics,
    ) -> Option<Value> {
        let default = match &var.default {
            Some(e) => {
                                match crate::lang::eval::eval_expr(&EmptyScope, host, e) {
                    Ok(v) => match convert_with_defaults(v, &var.ty, var.type_defaults.as_ref()) {
                        Ok(v) => Some(v),
                        Err(err) => {
                            diags.push(
                                Diagnostic::error(
                                    "Invalid default value for variable",
                                    format!("This default value is not compatible with the variable's type constraint: {err}."),
                                )
                                .with_subject(e.range())
                                .with_block(format!("variable \"{}\"", var.name)),
                            );
                            return None;
                        }
                    },
                    Err(d) => {
                        diags.push(d.with_block(format!("variable \"{}\"", var.name)));
                        return None;
                    }
                }
            }
            None => None,
        };
        let value = match given {
            Some((raw, range)) => match convert_with_defaults(raw, &var.ty, var.type_defaults.as_ref()) {
                Ok(v) if v.is_null() && !var.nullable => match &default {
                    Some(d) => d.clone(),
                    None => {
                        diags.push(
                            Diagnostic::error(
                                "Invalid value for input variable",
                                format!("The given value is not suitable for var.{}: required variable may not be set to null.", var.name),
                            )
                            .with_subject(range.or(var.range.clone())),
                        );
                        return None;
                    }
                },
                Ok(v) => v,
                Err(err) => {
                    let (summary, detail) = if is_root {
                        (
                            "Invalid value for input variable",
                            format!(
                                "The given value is not suitable for var.{} declared at {}: {err}.",
                                var.name,
                                var.range.as_ref().map(|r| format!("{}:{}", r.file, r.start.line)).unwrap_or_default()
                            ),
                        )
                    } else {
                        (
                            "Invalid value for module argument",
                            format!(
                                "The given value is not suitable for child module variable \"{}\" defined at {}: {err}.",
                                var.name,
                                var.range.as_ref().map(|r| format!("{}:{}", r.file, r.start.line)).unwrap_or_default()
                            ),
                        )
                    };
                    // Values from -var or the environment have no position (Terraform shows none).
                    let subject = if is_root { range } else { range.or(var.range.clone()) };
                    diags.push(Diagnostic::error(summary, detail).with_subject(subject));
                    return None;
                }
            },
            None => match default {
                Some(d) => d,
                None => {
                    let detail = if is_root {
                        format!(
                            "The root module input variable \"{}\" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.",
                            var.name
                        )
                    } else {
                        format!("The argument \"{}\" is required, but no definition was found.", var.name)
                    };
                    let summary = if is_root { "No value for required variable" } else { "Missing required argument" };
                    diags.push(Diagnostic::error(summary, detail).with_subject(var.range.clone()));
                    return None;
                }
            },
        };
        let value = if var.sensitive { value.mark_sensitive() } else { value };
        // Validation rules, in order; the first failure is reported.
        for rule in &var.validations {
            let scope = ModuleScope {
                vars: RefCell::new(HashMap::from([(var.name.clone(), value.clone())])),
                locals: RefCell::new(HashMap::new()),
                calls: RefCell::new(HashMap::new()),
                resources: RefCell::new(HashMap::new()),
                path_module: String::new(),
                path_root: ".".into(),
                path_cwd: self.cwd.clone(),
                workspace: "default".into(),
                count_index: None,
                each: None,
            };
                        let cond = match crate::lang::eval::eval_expr(&scope, host, &rule.condition) {
                Ok(c) => c,
                Err(d) => {
                    diags.push(d.with_block(format!("variable \"{}\"", var.name)));
                    return None;
                }
            };
            let (cond, _) = cond.unmark_deep();
            if !cond.is_known() {
                continue;
            }
            let ok = match crate::lang::convert::convert(cond, &Type::Bool) {
                Ok(b) if !b.is_null() => b.as_bool().unwrap_or(false),
                _ => {
                    diags.push(
                        Diagnostic::error("Invalid variable validation result", "Validation condition expression must return either true or false, not null.")
                            .with_subject(rule.condition.range()),
                    );
                    return None;
                }
            };
            if !ok {
                let msg = crate::lang::eval::eval_expr(&EmptyScope, host, &rule.error_message)
                    .ok()
                    .and_then(|m| m.as_str().map(str::to_string))
                    .unwrap_or_else(|| "The value failed validation.".into());
                diags.push(
                    Diagnostic::error(
                        "Invalid value for variable",
                        format!(
                            "{msg}\n\nThis was checked by the validation rule at {}.",
                            rule.range.as_ref().map(|r| format!("{}:{}", r.file, r.start.line)).unwrap_or_default()
                        ),
                    )
                    .with_subject(var.range.clone()),
                );
                return None;
            }
        }
        Some(value)
    }

    /// Evaluates a module call: its instances (count / for_each) and their outputs.
    #[allow(clippy::too_many_arguments)]
    fn eval_call(
        &self,
        parent_inst: &ModuleInstance,
        parent: &Module,
        name: &str,
        scope: &ModuleScope,
        host: &dyn Host,
        deps: &BTreeSet<String>,
        diags: &mut Diagnostics,
    ) -> Option<(Value, BTreeSet<String>)> {
        let call = &parent.module_calls[name];
        let parent_path = parent_inst.static_path();
        let child = self.tree.child(&parent_path, name)?;
        let contained = RefCell::new(BTreeSet::new());
        let block = format!("module \"{name}\"");
        for (k, e) in &call.inputs {
            if !child.variables.contains_key(k) {
                let names: Vec<&str> = child.variables.keys().map(String::as_str).collect();
                let mut detail = format!("An argument named \"{k}\" is not expected here.");
                if let Some(s) = crate::config::suggest(k, &names) {
                    detail.push_str(&format!(" Did you mean \"{s}\"?"));
                }
                let start = e.range();
                diags.push(Diagnostic::error("Unsupported argument", detail).with_subject(start).with_block(block.clone()));
                return None;
            }
        }
        for (k, v) in &child.variables {
            if v.default.is_none() && !call.inputs.contains_key(k) {
                diags.push(
                    Diagnostic::error("Missing required argument", format!("The argument \"{k}\" is required, but no definition was found."))
                        .with_subject(call.range.clone())
                        .with_block(block.clone()),
                );
                return None;
            }
        }
        let instance = |scope: &ModuleScope, key: InstanceKey, diags: &mut Diagnostics| -> Option<Value> {
            let child_inst = parent_inst.child(name, key);
            let mut inputs = BTreeMap::new();
            for (k, e) in &call.inputs {
                                match crate::lang::eval::eval_expr(scope, host, e) {
                    Ok(v) => {
                        inputs.insert(k.clone(), (v, e.range()));
                    }
                    Err(d) => {
                        diags.push(d.with_block(block.clone()));
                        return None;
                    }
                }
            }
            let (outs, inner) = self.eval_module(&child_inst, child, &inputs, deps, diags)?;
            contained.borrow_mut().extend(inner);
            Some(Value::object(
                outs.into_iter()
                    .map(|(k, o)| (k, if o.sensitive { o.value.mark_sensitive() } else { o.value }))
                    .collect(),
            ))
        };
        if let Some(ce) = &call.count {
                        let n = match crate::lang::eval::eval_expr(scope, host, ce) {
                Ok(v) => v,
                Err(d) => {
                    diags.push(d.with_block(block.clone()));
                    return None;
                }
            };
            let count = count_value(&n, ce, diags)?;
            let mut items = Vec::new();
            for i in 0..count {
                let s = scope.with_instance(Some(Value::int(i as i64)), None);
                items.push(instance(&s, InstanceKey::Int(i as i64), diags)?);
            }
            return Some((Value::tuple(items), contained.into_inner()));
        }
        if let Some(fe) = &call.for_each {
                        let v = match crate::lang::eval::eval_expr(scope, host, fe) {
                Ok(v) => v,
                Err(d) => {
                    diags.push(d.with_block(block.clone()));
                    return None;
                }
            };
            let pairs = for_each_pairs(&v, fe, diags)?;
            let mut out = BTreeMap::new();
            for (k, val) in pairs {
                let s = scope.with_instance(None, Some((Value::string(k.as_str()), val)));
                let v = instance(&s, InstanceKey::Str(k.clone()), diags)?;
                out.insert(k, v);
            }
            return Some((Value::object(out), contained.into_inner()));
        }
        let v = instance(scope, InstanceKey::None, diags)?;
        Some((v, contained.into_inner()))
    }

    /// Evaluates a resource's instances and hands them to the handler.
    fn prepare_resource<'r>(
        &self,
        inst: &ModuleInstance,
        r: &'r Resource,
        scope: &ModuleScope,
        host: &dyn Host,
        diags: &mut Diagnostics,
    ) -> Option<PreparedResource<'r>> {
        let block = format!("{} \"{}\" \"{}\"", if r.mode == Mode::Data { "data" } else { "resource" }, r.type_name, r.name);
        let Some(handler) = self.handler else {
            diags.push(
                Diagnostic::error("Resources are not supported here", format!("The resource {} cannot be evaluated in this command.", r.address()))
                    .with_subject(r.range.clone()),
            );
            return None;
        };
        let addr = ResourceAddr { module: inst.clone(), mode: r.mode, type_name: r.type_name.clone(), name: r.name.clone() };
        if !handler.wanted(&addr) {
            return Some(PreparedResource::Done(handler.unwanted(&addr)));
        }
        let Some(schema) = handler.schema(r.mode, &r.type_name).or_else(|| handler.schemaless().then(|| {
            let mut b = super::body::infer_schema(&r.config.body);
            for o in &r.overrides {
                let ob = super::body::infer_schema(&o.body);
                b.attributes.extend(ob.attributes);
                b.blocks.extend(ob.blocks);
            }
            b
        })) else {
            let what = if r.mode == Mode::Data { "data source" } else { "resource type" };
            diags.push(
                Diagnostic::error(
                    format!("Invalid {what}"),
                    format!("The provider {} does not support {what} {:?}.", provider_local_name(r), r.type_name),
                )
                .with_subject(r.range.clone())
                .with_block(block),
            );
            return None;
        };
        // Instance keys from count / for_each.
        let keys: Vec<(InstanceKey, Option<Value>, Option<(Value, Value)>)> = if let Some(ce) = &r.count {
                        let n = match crate::lang::eval::eval_expr(scope, host, ce) {
                Ok(v) => v,
                Err(d) => {
                    diags.push(d.with_block(block));
                    return None;
                }
            };
            let count = count_value(&n, ce, diags)?;
            (0..count).map(|i| (InstanceKey::Int(i as i64), Some(Value::int(i as i64)), None)).collect()
        } else if let Some(fe) = &r.for_each {
                        let v = match crate::lang::eval::eval_expr(scope, host, fe) {
                Ok(v) => v,
                Err(d) => {
                    diags.push(d.with_block(block));
                    return None;
                }
            };
            let pairs = for_each_pairs(&v, fe, diags)?;
            pairs.into_iter().map(|(k, v)| (InstanceKey::Str(k.clone()), None, Some((Value::string(k.as_str()), v)))).collect()
        } else {
            vec![(InstanceKey::None, None, None)]
        };
        let mut instances = Vec::with_capacity(keys.len());
        let mut ok = true;
        for (key, count_index, each) in keys {
            let s = scope.with_instance(count_index, each);
            match super::body::decode_layered(&s, host, &schema, &r.config, &r.overrides, &block, diags) {
                Some(v) => instances.push((key, v)),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(PreparedResource::Request(addr, r, instances))
    }
}

/// A resource ready for the engine, or already settled.
enum PreparedResource<'r> {
    /// Its value needs nothing from the engine (left out by -target).
    Done(Value),
    /// Its instances, to hand to the engine.
    Request(ResourceAddr, &'r Resource, Vec<(InstanceKey, Value)>),
    /// Handed over already.
    Taken,
}

/// The number of instances from a `count` value, with Terraform's errors.
pub fn count_value(v: &Value, e: &Expr, diags: &mut Diagnostics) -> Option<usize> {
    let bad = |detail: &str, diags: &mut Diagnostics| {
        diags.push(Diagnostic::error("Invalid count argument", detail.to_string()).with_subject(e.range()));
        None
    };
    let (v, _) = v.clone().unmark_deep();
    if !v.is_known() {
        return bad("The \"count\" value depends on resource attributes that cannot be determined until apply, so Terraform cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the count depends on.", diags);
    }
    if v.is_null() {
        return bad("The given \"count\" argument value is null. An integer is required.", diags);
    }
    let n = match crate::lang::convert::convert(v, &Type::Number) {
        Ok(n) => n,
        Err(_) => return bad("The given \"count\" argument value is unsuitable: number required.", diags),
    };
    let n = n.as_number().cloned()?;
    if !n.is_integer() {
        return bad("The given \"count\" argument value is unsuitable: value must be a whole number.", diags);
    }
    match n.to_i64() {
        Some(i) if i >= 0 => Some(i as usize),
        _ => bad("The given \"count\" argument value is unsuitable: must be greater than or equal to zero.", diags),
    }
}

/// The instance keys and values from a `for_each` value, with Terraform's errors.
pub fn for_each_pairs(v: &Value, e: &Expr, diags: &mut Diagnostics) -> Option<Vec<(String, Value)>> {
    let bad = |detail: String, diags: &mut Diagnostics| {
        diags.push(Diagnostic::error("Invalid for_each argument", detail).with_subject(e.range()));
        None
    };
    if v.is_sensitive() {
        return bad("Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments. If used, the sensitive value could be exposed as a resource instance key.".into(), diags);
    }
    if !v.is_known() {
        return bad("The \"for_each\" value depends on resource attributes that cannot be determined until apply, so Terraform cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the for_each depends on.".into(), diags);
    }
    if v.is_null() {
        return bad("The given \"for_each\" argument value is unsuitable: the given \"for_each\" argument value is null. A map, or set of strings is allowed.".into(), diags);
    }
    match v.ty() {
        Type::Map(_) | Type::Object(_) => {
            Some(v.as_entries().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default())
        }
        Type::Set(et) if *et == Type::String => {
            let mut out = Vec::new();
            for el in v.as_elements().unwrap_or(&[]) {
                if !el.is_known() {
                    return bad("The \"for_each\" set includes values derived from resource attributes that cannot be determined until apply, and so Terraform cannot determine the full set of keys that will identify the instances of this resource.".into(), diags);
                }
                match el.as_str() {
                    Some(s) => out.push((s.to_string(), el.clone())),
                    None => return bad("The given \"for_each\" argument value is unsuitable: \"for_each\" sets must not contain null values.".into(), diags),
                }
            }
            Some(out)
        }
        Type::Set(et) => {
            diags.push(
                Diagnostic::error(
                    "Invalid for_each set argument",
                    format!("The given \"for_each\" argument value is unsuitable: \"for_each\" supports maps and sets of strings, but you have provided a set containing type {}.", et.friendly_name()),
                )
                .with_subject(e.range()),
            );
            None
        }
        other => bad(format!(
            "The given \"for_each\" argument value is unsuitable: the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type {}.",
            describe_type(&other)
        ), diags),
    }
}

/// `dir` relative to `cwd`, the way `path.module` shows it (`.` for the root).
fn relative_display(dir: &Path, cwd: &Path) -> String {
    let d = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let c = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    match d.strip_prefix(&c) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.to_string_lossy().to_string(),
        Err(_) => d.to_string_lossy().to_string(),
    }
}



/// The value references to a resource see: one object, a tuple (count) or an
/// object by key (for_each).
pub fn resource_value(r: &Resource, values: BTreeMap<InstanceKey, Value>) -> Value {
    if r.count.is_some() {
        let mut items: Vec<(i64, Value)> = values
            .into_iter()
            .filter_map(|(k, v)| match k {
                InstanceKey::Int(i) => Some((i, v)),
                _ => None,
            })
            .collect();
        items.sort_by_key(|(i, _)| *i);
        return Value::tuple(items.into_iter().map(|(_, v)| v).collect());
    }
    if r.for_each.is_some() {
        return Value::object(
            values
                .into_iter()
                .filter_map(|(k, v)| match k {
                    InstanceKey::Str(s) => Some((s, v)),
                    _ => None,
                })
                .collect(),
        );
    }
    values.into_iter().next().map(|(_, v)| v).unwrap_or_else(Value::null_dynamic)
}

/// The provider local name a resource uses: its `provider` argument, or the prefix
/// of its type name.
pub fn provider_local_name(r: &Resource) -> String {
    match &r.provider {
        Some((name, _)) => name.clone(),
        None => r.type_name.split('_').next().unwrap_or("").to_string(),
    }
}

/// Every expression in a resource body, nested and dynamic blocks included.
pub(crate) fn body_exprs(body: &crate::config::RawBody) -> Vec<Expr> {
    fn walk(b: &hcl_edit::structure::Body, file: &std::sync::Arc<crate::diag::SourceFile>, out: &mut Vec<Expr>) {
        for a in b.attributes() {
            out.push(Expr::new(file, a.value.clone()));
        }
        for blk in b.blocks() {
            walk(&blk.body, file, out);
        }
    }
    let mut out = Vec::new();
    walk(&body.body, &body.file, &mut out);
    out
}
