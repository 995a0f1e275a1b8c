//! Decoding the top-level blocks of one file into a [`Module`].

use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body, Structure};
use hcl_edit::Span;

use super::typeexpr;
use super::{
    Backend, Expr, Import, Lifecycle, Local, Mode, Module, ModuleCall, Moved, Output, ProviderConfig, RawBody, RequiredProvider,
    Resource, Validation, Variable,
};
use crate::diag::{Diagnostic, Diagnostics, SourceFile, SourceRange};
use crate::lang::Type;

const TOP_LEVEL: &[&str] =
    &["terraform", "variable", "locals", "output", "provider", "resource", "data", "module", "moved", "import", "check"];

pub(super) fn decode_file(module: &mut Module, file: &Arc<SourceFile>, body: Body, is_override: bool, diags: &mut Diagnostics) {
    for structure in body.into_iter() {
        match structure {
            Structure::Attribute(attr) => {
                diags.push(
                    Diagnostic::error(
                        "Unsupported argument",
                        format!("An argument named \"{}\" is not expected here.", attr.key.as_str()),
                    )
                    .with_subject(key_range(file, &attr)),
                );
            }
            Structure::Block(block) => decode_block(module, file, block, is_override, diags),
        }
    }
}

fn decode_block(module: &mut Module, file: &Arc<SourceFile>, mut block: Block, is_override: bool, diags: &mut Diagnostics) {
    let kind = block.ident.as_str().to_string();
    let range = block_header_range(file, &block);
    let want_labels = match kind.as_str() {
        "terraform" | "locals" | "moved" | "import" => 0,
        "variable" | "output" | "provider" | "module" | "check" => 1,
        "resource" | "data" => 2,
        _ => {
            let mut detail = format!("Blocks of type \"{kind}\" are not expected here.");
            if let Some(s) = suggest(&kind, TOP_LEVEL) {
                detail.push_str(&format!(" Did you mean \"{s}\"?"));
            }
            diags.push(Diagnostic::error("Unsupported block type", detail).with_subject(ident_range(file, &block)));
            return;
        }
    };
    let labels: Vec<String> = block.labels.iter().map(|l| l.as_str().to_string()).collect();
    if labels.len() != want_labels {
        let (summary, detail) = if labels.len() < want_labels {
            ("Missing name for ".to_string() + &kind, format!("All \"{kind}\" blocks must have {want_labels} labels."))
        } else {
            ("Extraneous label for ".to_string() + &kind, format!("Only {want_labels} labels are expected for \"{kind}\" blocks."))
        };
        diags.push(Diagnostic::error(summary, detail).with_subject(range.clone()));
        return;
    }
    for l in &labels {
        if want_labels > 0 && kind != "provider" && kind != "resource" && kind != "data" && !is_identifier(l) {
            diags.push(
                Diagnostic::error(
                    format!("Invalid {kind} name"),
                    "A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.",
                )
                .with_subject(range.clone()),
            );
            return;
        }
    }
    // Large configurations are mostly locals and outputs: move their expressions out
    // of the parsed body instead of copying them.
    if kind == "locals" {
        for s in std::mem::take(&mut block.body).into_iter() {
            match s {
                Structure::Attribute(attr) => {
                    let name = attr.key.as_str().to_string();
                    let range = key_range(file, &attr);
                    let l = Local { name: name.clone(), expr: Expr::deferred(file, attr.value), range };
                    if let Some(prev) = module.locals.get(&name) {
                        if !is_override {
                            diags.push(duplicate("local value", &name, &l.range, &prev.range));
                            continue;
                        }
                    }
                    module.locals.insert(name, l);
                }
                Structure::Block(blk) => diags.push(
                    Diagnostic::error("Unsupported block type", format!("Blocks of type \"{}\" are not expected here.", blk.ident.as_str()))
                        .with_subject(ident_range(file, &blk)),
                ),
            }
        }
        return;
    }
    let taken_value = if kind == "output" { block.body.remove_attribute("value") } else { None };
    let b = BlockCtx { file, block: &block, diags_range: range.clone() };
    match kind.as_str() {
        "terraform" => decode_terraform(module, &b, diags),
        "variable" => {
            if let Some(v) = decode_variable(&b, &labels[0], diags) {
                if is_override {
                    match module.variables.get_mut(&v.name) {
                        Some(prev) => merge_variable(prev, v, &b),
                        None => diags.push(missing_base("Missing base variable declaration to override", &format!("variable \"{}\"", v.name), &v.range)),
                    }
                    return;
                }
                if let Some(prev) = module.variables.get(&v.name) {
                    diags.push(duplicate("variable", &v.name, &v.range, &prev.range));
                    return;
                }
                module.variables.insert(v.name.clone(), v);
            }
        }
        "output" => {
            let has_value = taken_value.is_some();
            let mut value = taken_value.map(|a| Expr::deferred(file, a.value));
            if is_override && value.is_none() {
                // An override may leave `value` to the primary block.
                value = module.outputs.get(&labels[0]).map(|o| o.expr.clone());
            }
            if let Some(o) = decode_output(&b, &labels[0], value, diags) {
                if is_override {
                    match module.outputs.get_mut(&o.name) {
                        Some(prev) => {
                            // Argument by argument: what the override sets replaces.
                            if has_value {
                                prev.expr = o.expr;
                            }
                            if b.attr("description").is_some() {
                                prev.description = o.description;
                            }
                            if b.attr("sensitive").is_some() {
                                prev.sensitive = o.sensitive;
                            }
                            if b.attr("depends_on").is_some() {
                                prev.depends_on = o.depends_on;
                            }
                        }
                        None => diags.push(missing_base("Missing base output definition to override", &format!("output \"{}\"", o.name), &o.range)),
                    }
                    return;
                }
                if let Some(prev) = module.outputs.get(&o.name) {
                    diags.push(duplicate("output", &o.name, &o.range, &prev.range));
                    return;
                }
                module.outputs.insert(o.name.clone(), o);
            }
        }
        "provider" => {
            let alias = b.attr("alias").and_then(|a| static_string(&a.value));
            let config = ProviderConfig { name: labels[0].clone(), alias, body: RawBody { file: file.clone(), body: Arc::new(block.body.clone()) }, range, overrides: Vec::new() };
            if is_override {
                // An override file's provider block merges into the primary block with
                // the same name and alias, argument by argument.
                match module.providers.iter_mut().find(|p| p.name == config.name && p.alias == config.alias) {
                    Some(p) => p.overrides.push(config.body),
                    None => diags.push(
                        Diagnostic::error(
                            "Missing base provider configuration for override",
                            format!("There is no {} provider configuration{} to override. An override file can only change blocks declared in the module's other files.", config.name, config.alias.as_ref().map(|a| format!(" with the alias {a:?}")).unwrap_or_default()),
                        )
                        .with_subject(config.range.clone()),
                    ),
                }
            } else {
                module.providers.push(config);
            }
        }
        "resource" | "data" => {
            let mode = if kind == "data" { Mode::Data } else { Mode::Managed };
            if let Some(r) = decode_resource(&b, mode, &labels[0], &labels[1], diags) {
                let addr = r.address();
                if is_override {
                    match module.resources.get_mut(&addr) {
                        Some(prev) => merge_resource(prev, r, &b),
                        None => diags.push(missing_base("Missing resource to override", &format!("{kind} \"{}\" \"{}\"", r.type_name, r.name), &r.range)),
                    }
                    return;
                }
                if let Some(prev) = module.resources.get(&addr) {
                    let what = if mode == Mode::Data { "data" } else { "resource" };
                    diags.push(
                        Diagnostic::error(
                            format!("Duplicate {what} \"{}\" configuration", r.type_name),
                            format!(
                                "A {} resource named \"{}\" was already declared at {}. Resource names must be unique per type in each module.",
                                r.type_name,
                                r.name,
                                prev.range.as_ref().map(|r| r.to_string()).unwrap_or_default()
                            ),
                        )
                        .with_subject(r.range.clone()),
                    );
                    return;
                }
                module.resources.insert(addr, r);
            }
        }
        "module" => {
            if is_override {
                match module.module_calls.get_mut(&labels[0]) {
                    Some(prev) => merge_module_call(prev, &b, diags),
                    None => diags.push(missing_base("Missing module call to override", &format!("module \"{}\"", labels[0]), &range)),
                }
                return;
            }
            if let Some(m) = decode_module_call(&b, &labels[0], diags) {
                if let Some(prev) = module.module_calls.get(&m.name) {
                    diags.push(
                        Diagnostic::error(
                            "Duplicate module call",
                            format!(
                                "A module call named \"{}\" was already defined at {}. Module calls must have unique names within a module.",
                                m.name,
                                prev.range.as_ref().map(|r| r.to_string()).unwrap_or_default()
                            ),
                        )
                        .with_subject(m.range.clone()),
                    );
                    return;
                }
                module.module_calls.insert(m.name.clone(), m);
            }
        }
        "moved" => {
            b.check_args(&["from", "to"], &[], diags);
            match (b.attr("from"), b.attr("to")) {
                (Some(f), Some(t)) => module.moved.push(Moved {
                    from: Expr::new(file, f.value.clone()),
                    to: Expr::new(file, t.value.clone()),
                    range,
                }),
                _ => diags.push(
                    Diagnostic::error("Missing required argument", "A moved block requires both \"from\" and \"to\" arguments.")
                        .with_subject(range),
                ),
            }
        }
        "import" => {
            b.check_args(&["to", "id", "provider"], &[], diags);
            match (b.expr("to"), b.expr("id")) {
                (Some(to), Some(id)) => module.imports.push(Import { to, id, provider: b.expr("provider"), range }),
                (to, _) => {
                    let missing = if to.is_none() { "to" } else { "id" };
                    diags.push(
                        Diagnostic::error("Missing required argument", format!("The argument \"{missing}\" is required, but no definition was found."))
                            .with_subject(range),
                    )
                }
            }
        }
        // `check` blocks belong to later Terraform versions; they are accepted and not
        // acted upon.
        _ => {}
    }
}

/// An override file's block with no block of the same kind and name to override.
fn missing_base(summary: &str, what: &str, range: &Option<SourceRange>) -> Diagnostic {
    Diagnostic::error(
        summary,
        format!("There is no {what} block to override. An override file can only change blocks declared in the module's other files."),
    )
    .with_subject(range.clone())
}

/// Merges an override file's resource block into the primary one: each meta-argument it
/// sets replaces the primary's (as in Terraform 1.0, a `for_each` does not remove the
/// primary's `count`, which then still applies), a `lifecycle` block replaces the
/// primary's, and its other arguments and blocks are layered over the body when it is
/// decoded.
fn merge_resource(prev: &mut Resource, o: Resource, b: &BlockCtx) {
    if o.count.is_some() {
        prev.count = o.count;
    }
    if o.for_each.is_some() {
        prev.for_each = o.for_each;
    }
    if o.provider.is_some() {
        prev.provider = o.provider;
    }
    if b.attr("depends_on").is_some() {
        prev.depends_on = o.depends_on;
    }
    if b.block.body.blocks().any(|blk| blk.ident.as_str() == "lifecycle") {
        prev.lifecycle = o.lifecycle;
    }
    prev.overrides.push(o.config);
}

/// Merges an override file's variable block into the primary one, argument by argument.
fn merge_variable(prev: &mut Variable, o: Variable, b: &BlockCtx) {
    if b.attr("type").is_some() {
        prev.ty = o.ty;
        prev.parse_as_hcl = o.parse_as_hcl;
        prev.type_defaults = o.type_defaults;
    }
    if b.attr("default").is_some() {
        prev.default = o.default;
    }
    if b.attr("description").is_some() {
        prev.description = o.description;
    }
    if b.attr("sensitive").is_some() {
        prev.sensitive = o.sensitive;
    }
    if b.attr("nullable").is_some() {
        prev.nullable = o.nullable;
    }
    if b.block.body.blocks().any(|blk| blk.ident.as_str() == "validation") {
        prev.validations = o.validations;
    }
}

/// A block being decoded, with helpers for its arguments.
struct BlockCtx<'a> {
    file: &'a Arc<SourceFile>,
    block: &'a Block,
    diags_range: Option<SourceRange>,
}

impl BlockCtx<'_> {
    fn attr(&self, name: &str) -> Option<&Attribute> {
        self.block.body.attributes().find(|a| a.key.as_str() == name)
    }
    fn expr(&self, name: &str) -> Option<Expr> {
        self.attr(name).map(|a| Expr::new(self.file, a.value.clone()))
    }
    fn block_name(&self) -> String {
        let labels: Vec<String> = self.block.labels.iter().map(|l| format!("\"{}\"", l.as_str())).collect();
        if labels.is_empty() {
            self.block.ident.as_str().to_string()
        } else {
            format!("{} {}", self.block.ident.as_str(), labels.join(" "))
        }
    }
    /// Reports arguments and nested blocks not in the schema, and duplicates.
    fn check_args(&self, attrs: &[&str], blocks: &[&str], diags: &mut Diagnostics) {
        let mut seen: Vec<&str> = Vec::new();
        for a in self.block.body.attributes() {
            let k = a.key.as_str();
            if !attrs.contains(&k) {
                let mut detail = format!("An argument named \"{k}\" is not expected here.");
                if let Some(s) = suggest(k, attrs) {
                    detail.push_str(&format!(" Did you mean \"{s}\"?"));
                }
                diags.push(
                    Diagnostic::error("Unsupported argument", detail).with_subject(key_range(self.file, a)).with_block(self.block_name()),
                );
            } else if seen.contains(&k) {
                diags.push(
                    Diagnostic::error(
                        "Attribute redefined",
                        format!("The argument \"{k}\" was already set. Each argument may be set only once."),
                    )
                    .with_subject(key_range(self.file, a))
                    .with_block(self.block_name()),
                );
            } else {
                seen.push(k);
            }
        }
        for blk in self.block.body.blocks() {
            let k = blk.ident.as_str();
            if !blocks.contains(&k) {
                let mut detail = format!("Blocks of type \"{k}\" are not expected here.");
                if let Some(s) = suggest(k, blocks) {
                    detail.push_str(&format!(" Did you mean \"{s}\"?"));
                }
                diags.push(
                    Diagnostic::error("Unsupported block type", detail)
                        .with_subject(ident_range(self.file, blk))
                        .with_block(self.block_name()),
                );
            }
        }
    }
    fn bool_attr(&self, name: &str, diags: &mut Diagnostics) -> bool {
        match self.attr(name) {
            None => false,
            Some(a) => match &a.value {
                Expression::Bool(b) => *b.value(),
                other => {
                    diags.push(
                        Diagnostic::error("Invalid value", format!("The \"{name}\" argument must be true or false."))
                            .with_subject(other.span().map(|s| self.file.range(s))),
                    );
                    false
                }
            },
        }
    }
    fn string_attr(&self, name: &str, diags: &mut Diagnostics) -> Option<String> {
        let a = self.attr(name)?;
        match static_string(&a.value) {
            Some(s) => Some(s),
            None => {
                diags.push(
                    Diagnostic::error(
                        "Invalid value",
                        format!("The \"{name}\" argument must be a literal string; expressions are not allowed here."),
                    )
                    .with_subject(a.value.span().map(|s| self.file.range(s))),
                );
                None
            }
        }
    }
    fn list_exprs(&self, name: &str, diags: &mut Diagnostics) -> Vec<Expr> {
        let Some(a) = self.attr(name) else { return Vec::new() };
        match &a.value {
            Expression::Array(arr) => arr.iter().map(|e| Expr::new(self.file, e.clone())).collect(),
            other => {
                diags.push(
                    Diagnostic::error("Invalid expression", format!("The \"{name}\" argument must be a list of references."))
                        .with_subject(other.span().map(|s| self.file.range(s))),
                );
                Vec::new()
            }
        }
    }
}

fn decode_terraform(module: &mut Module, b: &BlockCtx, diags: &mut Diagnostics) {
    b.check_args(
        &["required_version", "experiments", "language"],
        &["required_providers", "backend", "cloud", "provider_meta"],
        diags,
    );
    if let Some(a) = b.attr("required_version") {
        match static_string(&a.value) {
            Some(s) => module.required_versions.push((s, a.value.span().map(|r| b.file.range(r)))),
            None => diags.push(
                Diagnostic::error("Invalid required_version", "The required_version argument must be a literal string.")
                    .with_subject(a.value.span().map(|r| b.file.range(r))),
            ),
        }
    }
    for blk in b.block.body.blocks() {
        match blk.ident.as_str() {
            "required_providers" => {
                for a in blk.body.attributes() {
                    let name = a.key.as_str().to_string();
                    let rp = match &a.value {
                        Expression::Object(obj) => {
                            let mut source = format!("hashicorp/{name}");
                            let mut version = None;
                            for (k, v) in obj.iter() {
                                let key = match k {
                                    hcl_edit::expr::ObjectKey::Ident(i) => i.as_str().to_string(),
                                    hcl_edit::expr::ObjectKey::Expression(e) => static_string(e).unwrap_or_default(),
                                };
                                match key.as_str() {
                                    "source" => source = static_string(v.expr()).unwrap_or(source),
                                    "version" => version = static_string(v.expr()),
                                    _ => {}
                                }
                            }
                            RequiredProvider { source, version }
                        }
                        other => RequiredProvider { source: format!("hashicorp/{name}"), version: static_string(other) },
                    };
                    module.required_providers.insert(name, rp);
                }
            }
            "backend" => {
                let kind = blk.labels.first().map(|l| l.as_str().to_string()).unwrap_or_default();
                module.backend = Some(Backend {
                    kind,
                    config: RawBody { file: b.file.clone(), body: Arc::new(blk.body.clone()) },
                    range: block_header_range(b.file, blk),
                });
            }
            _ => {}
        }
    }
}

fn decode_variable(b: &BlockCtx, name: &str, diags: &mut Diagnostics) -> Option<Variable> {
    b.check_args(&["type", "default", "description", "sensitive", "nullable"], &["validation"], diags);
    const RESERVED: &[&str] = &["source", "version", "providers", "count", "for_each", "lifecycle", "depends_on", "locals"];
    if RESERVED.contains(&name) {
        diags.push(
            Diagnostic::error(
                "Invalid variable name",
                format!("The variable name \"{name}\" is reserved due to its special meaning inside module blocks."),
            )
            .with_subject(b.diags_range.clone()),
        );
        return None;
    }
    let (ty, type_defaults) = match b.attr("type") {
        Some(a) => match typeexpr::parse_type_constraint(&a.value) {
            Ok(t) => t,
            Err(msg) => {
                diags.push(
                    Diagnostic::error("Invalid type specification", msg).with_subject(a.value.span().map(|s| b.file.range(s))),
                );
                (Type::Dynamic, None)
            }
        },
        None => (Type::Dynamic, None),
    };
    let mut validations = Vec::new();
    for blk in b.block.body.blocks().filter(|blk| blk.ident.as_str() == "validation") {
        let vb = BlockCtx { file: b.file, block: blk, diags_range: block_header_range(b.file, blk) };
        vb.check_args(&["condition", "error_message"], &[], diags);
        match (vb.expr("condition"), vb.expr("error_message")) {
            (Some(condition), Some(error_message)) => {
                validations.push(Validation { condition, error_message, range: vb.diags_range.clone() })
            }
            (c, _) => diags.push(
                Diagnostic::error(
                    "Missing required argument",
                    format!(
                        "The argument \"{}\" is required, but no definition was found.",
                        if c.is_none() { "condition" } else { "error_message" }
                    ),
                )
                .with_subject(vb.diags_range.clone()),
            ),
        }
    }
    let nullable = match b.attr("nullable") {
        Some(_) => b.bool_attr("nullable", diags),
        None => true,
    };
    Some(Variable {
        name: name.to_string(),
        parse_as_hcl: b.attr("type").is_some() && !ty.is_primitive(),
        ty,
        type_defaults,
        default: b.expr("default"),
        description: b.string_attr("description", diags),
        sensitive: b.bool_attr("sensitive", diags),
        nullable,
        validations,
        range: b.diags_range.clone(),
    })
}

fn decode_output(b: &BlockCtx, name: &str, value: Option<Expr>, diags: &mut Diagnostics) -> Option<Output> {
    b.check_args(&["value", "description", "sensitive", "depends_on"], &["precondition"], diags);
    let Some(expr) = value else {
        diags.push(
            Diagnostic::error("Missing required argument", "The argument \"value\" is required, but no definition was found.")
                .with_subject(b.diags_range.clone()),
        );
        return None;
    };
    Some(Output {
        name: name.to_string(),
        expr,
        description: b.string_attr("description", diags),
        sensitive: b.bool_attr("sensitive", diags),
        depends_on: b.list_exprs("depends_on", diags),
        range: b.diags_range.clone(),
    })
}

fn decode_resource(b: &BlockCtx, mode: Mode, type_name: &str, name: &str, diags: &mut Diagnostics) -> Option<Resource> {
    if !is_identifier(name) {
        diags.push(
            Diagnostic::error(
                "Invalid resource name",
                "A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.",
            )
            .with_subject(b.diags_range.clone()),
        );
        return None;
    }
    let count = b.expr("count");
    let for_each = b.expr("for_each");
    if let (Some(_), Some(fe)) = (&count, &for_each) {
        diags.push(
            Diagnostic::error(
                "Invalid combination of \"count\" and \"for_each\"",
                "The \"count\" and \"for_each\" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.",
            )
            .with_subject(fe.range()),
        );
    }
    let provider = b.attr("provider").and_then(|a| provider_ref(&a.value));
    let mut lifecycle = Lifecycle::default();
    for blk in b.block.body.blocks().filter(|blk| blk.ident.as_str() == "lifecycle") {
        let lb = BlockCtx { file: b.file, block: blk, diags_range: block_header_range(b.file, blk) };
        lb.check_args(&["create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by"], &["precondition", "postcondition"], diags);
        lifecycle.create_before_destroy = lb.bool_attr("create_before_destroy", diags);
        lifecycle.prevent_destroy = lb.bool_attr("prevent_destroy", diags);
        if let Some(a) = lb.attr("ignore_changes") {
            match &a.value {
                Expression::Variable(v) if v.as_str() == "all" => lifecycle.ignore_all_changes = true,
                _ => lifecycle.ignore_changes = lb.list_exprs("ignore_changes", diags),
            }
        }
        lifecycle.replace_triggered_by = lb.list_exprs("replace_triggered_by", diags);
    }
    // Remove meta-arguments from the body the provider sees.
    let body: Body = b
        .block
        .body
        .iter()
        .filter(|s| match s {
            Structure::Attribute(a) => !matches!(a.key.as_str(), "count" | "for_each" | "provider" | "depends_on"),
            Structure::Block(blk) => !matches!(blk.ident.as_str(), "lifecycle"),
        })
        .cloned()
        .collect();
    Some(Resource {
        mode,
        type_name: type_name.to_string(),
        name: name.to_string(),
        count,
        for_each,
        provider,
        depends_on: b.list_exprs("depends_on", diags),
        lifecycle,
        config: RawBody { file: b.file.clone(), body: Arc::new(body) },
        range: b.diags_range.clone(),
        overrides: Vec::new(),
    })
}

fn provider_ref(e: &Expression) -> Option<(String, Option<String>)> {
    match e {
        Expression::Variable(v) => Some((v.as_str().to_string(), None)),
        Expression::Traversal(t) => {
            let root = match &t.expr {
                Expression::Variable(v) => v.as_str().to_string(),
                _ => return None,
            };
            let alias = t.operators.first().and_then(|op| match op.value() {
                hcl_edit::expr::TraversalOperator::GetAttr(a) => Some(a.as_str().to_string()),
                _ => None,
            });
            Some((root, alias))
        }
        other => static_string(other).map(|s| match s.split_once('.') {
            Some((a, b)) => (a.to_string(), Some(b.to_string())),
            None => (s, None),
        }),
    }
}

fn decode_module_call(b: &BlockCtx, name: &str, diags: &mut Diagnostics) -> Option<ModuleCall> {
    let Some(source_attr) = b.attr("source") else {
        diags.push(
            Diagnostic::error("Missing required argument", "The argument \"source\" is required, but no definition was found.")
                .with_subject(b.diags_range.clone()),
        );
        return None;
    };
    let source = b.string_attr("source", diags)?;
    let (inputs, providers) = module_call_args(b);
    for blk in b.block.body.blocks() {
        diags.push(
            Diagnostic::error("Unsupported block type", format!("Blocks of type \"{}\" are not expected here.", blk.ident.as_str()))
                .with_subject(ident_range(b.file, blk))
                .with_block(b.block_name()),
        );
    }
    Some(ModuleCall {
        name: name.to_string(),
        source,
        source_range: source_attr.value.span().map(|s| b.file.range(s)),
        version: b.string_attr("version", diags),
        count: b.expr("count"),
        for_each: b.expr("for_each"),
        inputs,
        providers,
        depends_on: b.list_exprs("depends_on", diags),
        range: b.diags_range.clone(),
    })
}

/// A module call's input arguments and its `providers` map.
fn module_call_args(b: &BlockCtx) -> (std::collections::BTreeMap<String, Expr>, Vec<(String, Expr)>) {
    let mut inputs = std::collections::BTreeMap::new();
    for a in b.block.body.attributes() {
        let k = a.key.as_str();
        if !matches!(k, "source" | "version" | "count" | "for_each" | "providers" | "depends_on") {
            inputs.insert(k.to_string(), Expr::new(b.file, a.value.clone()));
        }
    }
    let mut providers = Vec::new();
    if let Some(a) = b.attr("providers") {
        if let Expression::Object(obj) = &a.value {
            for (k, v) in obj.iter() {
                let key = match k {
                    hcl_edit::expr::ObjectKey::Ident(i) => i.as_str().to_string(),
                    hcl_edit::expr::ObjectKey::Expression(e) => expr_text(b.file, e),
                };
                providers.push((key, Expr::new(b.file, v.expr().clone())));
            }
        }
    }
    (inputs, providers)
}

/// Merges an override file's module call into the primary one, argument by argument.
fn merge_module_call(prev: &mut ModuleCall, b: &BlockCtx, diags: &mut Diagnostics) {
    if let Some(a) = b.attr("source") {
        if let Some(src) = b.string_attr("source", diags) {
            prev.source = src;
            prev.source_range = a.value.span().map(|s| b.file.range(s));
        }
    }
    if b.attr("version").is_some() {
        prev.version = b.string_attr("version", diags);
    }
    if let Some(c) = b.expr("count") {
        prev.count = Some(c);
    }
    if let Some(f) = b.expr("for_each") {
        prev.for_each = Some(f);
    }
    if b.attr("depends_on").is_some() {
        prev.depends_on = b.list_exprs("depends_on", diags);
    }
    let (inputs, providers) = module_call_args(b);
    prev.inputs.extend(inputs);
    if b.attr("providers").is_some() {
        prev.providers = providers;
    }
}

/// The source text of an expression.
pub(crate) fn expr_text(file: &SourceFile, e: &Expression) -> String {
    e.span().and_then(|s| file.text.get(s)).map(|s| s.trim().to_string()).unwrap_or_default()
}

/// The value of a string literal without interpolations.
pub fn static_string(e: &Expression) -> Option<String> {
    match e {
        Expression::String(s) => Some(s.value().to_string()),
        Expression::StringTemplate(t) => {
            let mut out = String::new();
            for el in t.iter() {
                match el {
                    hcl_edit::template::Element::Literal(l) => out.push_str(l.value()),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

fn duplicate(what: &str, name: &str, range: &Option<SourceRange>, prev: &Option<SourceRange>) -> Diagnostic {
    let title = match what {
        "local value" => "Duplicate local value definition".to_string(),
        "variable" => "Duplicate variable declaration".to_string(),
        _ => format!("Duplicate {what} definition"),
    };
    Diagnostic::error(
        title,
        format!(
            "A{} {what} named \"{name}\" was already defined at {}. {} names must be unique within a module.",
            if what.starts_with(['a', 'e', 'i', 'o', 'u']) { "n" } else { "" },
            prev.as_ref().map(|r| r.to_string()).unwrap_or_default(),
            capitalize(what)
        ),
    )
    .with_subject(range.clone())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The closest candidate within an edit distance that makes it a plausible typo.
pub fn suggest<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for c in candidates {
        let d = strsim::levenshtein(given, c);
        if d < 3 && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    best.map(|(c, _)| c)
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-'),
        _ => false,
    }
}

fn key_range(file: &SourceFile, a: &Attribute) -> Option<SourceRange> {
    a.key.span().or_else(|| a.span()).map(|s| file.range(s))
}

fn ident_range(file: &SourceFile, b: &Block) -> Option<SourceRange> {
    b.ident.span().or_else(|| b.span()).map(|s| file.range(s))
}

/// The block's header: from its type keyword to its last label.
fn block_header_range(file: &SourceFile, b: &Block) -> Option<SourceRange> {
    let start = b.ident.span().or_else(|| b.span())?.start;
    let end = b.labels.last().and_then(|l| match l {
        hcl_edit::structure::BlockLabel::Ident(i) => i.span(),
        hcl_edit::structure::BlockLabel::String(s) => s.span(),
    });
    let end = end.map(|e| e.end).unwrap_or_else(|| b.ident.span().map(|s| s.end).unwrap_or(start));
    Some(file.range(start..end))
}
