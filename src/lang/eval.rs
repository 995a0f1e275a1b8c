//! Expression evaluation over hcl-edit's syntax tree, with Terraform's semantics:
//! unknown values flow through everything, sensitive marks are carried along, and
//! every failure is a diagnostic pointing at the offending source range.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use hcl_edit::expr::{Expression, ForExpr, FuncCall, ObjectKey, TraversalOperator};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span;
use terrace_provider::{Kind, Marks, Number, Type, Value};

use super::convert::{convert, unify, unify_values};
use super::functions::{self, Arity, FuncError, Host};
use super::ops;
use super::template::Node;
use crate::diag::{Diagnostic, SourceFile, SourceRange};

/// Resolves references to named objects (`var.x`, `local.y`, `path.module`,
/// `count.index`, `null_resource.a`, `module.m`).
pub trait Scope {
    /// Resolves the reference starting with `root` followed by attribute names
    /// `attrs` (as many as the traversal has, up to three). Returns the value and
    /// how many of `attrs` it consumed.
    fn resolve(&self, root: &str, attrs: &[&str], range: Option<SourceRange>) -> Result<(Value, usize), Diagnostic>;
}

/// A scope with nothing in it: constant expressions only.
pub struct EmptyScope;

impl Scope for EmptyScope {
    fn resolve(&self, root: &str, _: &[&str], range: Option<SourceRange>) -> Result<(Value, usize), Diagnostic> {
        Err(Diagnostic::error("Variables not allowed", format!("Variables may not be used here (found a reference to {root:?}).")).with_subject(range))
    }
}

pub type EvalResult = Result<Value, Diagnostic>;

/// Evaluates expressions from one file against a scope.
pub struct Evaluator<'a> {
    scope: &'a dyn Scope,
    host: &'a dyn Host,
    file: &'a Arc<SourceFile>,
    /// Iteration variables of enclosing `for` expressions and template directives.
    locals: RefCell<Vec<(String, Value)>>,
    /// Where the spans of the tree being evaluated start in the file (non-zero for
    /// expressions parsed again from their text, see [`crate::config::Expr`]).
    offset: usize,
}

/// Evaluates a configuration expression.
pub fn eval_expr(scope: &dyn Scope, host: &dyn Host, e: &crate::config::Expr) -> EvalResult {
    let (tree, offset) = e.tree()?;
    let mut ev = Evaluator::new(scope, host, &e.file);
    ev.offset = offset;
    ev.eval(&tree)
}

impl<'a> Evaluator<'a> {
    pub fn new(scope: &'a dyn Scope, host: &'a dyn Host, file: &'a Arc<SourceFile>) -> Evaluator<'a> {
        Evaluator { scope, host, file, locals: RefCell::new(Vec::new()), offset: 0 }
    }

    /// Evaluates with extra variables in scope (templatefile's variables).
    pub fn with_vars(self, vars: &BTreeMap<String, Value>) -> Evaluator<'a> {
        self.locals.borrow_mut().extend(vars.iter().map(|(k, v)| (k.clone(), v.clone())));
        self
    }

    /// Puts an iteration variable in scope (dynamic blocks); undo with [`Self::pop_local`].
    pub fn push_local(&self, name: &str, v: Value) {
        self.locals.borrow_mut().push((name.to_string(), v));
    }
    pub fn pop_local(&self) {
        self.locals.borrow_mut().pop();
    }
    pub fn file(&self) -> &Arc<SourceFile> {
        self.file
    }

    fn range(&self, s: Option<std::ops::Range<usize>>) -> Option<SourceRange> {
        s.map(|s| self.file.range(s.start + self.offset..s.end + self.offset))
    }
    fn err(&self, e: &impl Span, summary: &str, detail: impl Into<String>) -> Diagnostic {
        Diagnostic::error(summary, detail).with_subject(self.range(e.span()))
    }

    pub fn eval(&self, e: &Expression) -> EvalResult {
        match e {
            Expression::Null(_) => Ok(Value::null_dynamic()),
            Expression::Bool(b) => Ok(Value::bool(*b.value())),
            Expression::Number(n) => {
                let text = n.as_repr().map(|r| r.to_string()).unwrap_or_else(|| n.value().to_string());
                match Number::parse(text.trim()) {
                    Ok(num) => Ok(Value::number(num)),
                    Err(_) => Err(self.err(e, "Invalid number literal", format!("{text:?} is not a valid number."))),
                }
            }
            Expression::String(s) => Ok(Value::string(s.value().as_str())),
            Expression::Array(arr) => {
                let mut out = Vec::with_capacity(arr.len());
                for item in arr.iter() {
                    out.push(self.eval(item)?);
                }
                Ok(Value::tuple(out))
            }
            Expression::Object(obj) => {
                let mut out = BTreeMap::new();
                let mut marks = Marks::NONE;
                let mut unknown = false;
                for (k, v) in obj.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(ke) => {
                            let kv = self.eval(ke)?;
                            let (kv, km) = kv.unmark();
                            marks |= km;
                            if kv.is_null() {
                                return Err(self.err(ke, "Invalid object key", "Key expression in object constructor must not be null."));
                            }
                            if !kv.is_known() {
                                unknown = true;
                                continue;
                            }
                            match convert(kv, &Type::String) {
                                Ok(s) => s.as_str().unwrap_or_default().to_string(),
                                Err(_) => {
                                    return Err(self.err(ke, "Incorrect key type", "Can't use this value as a key: string required."))
                                }
                            }
                        }
                    };
                    let val = self.eval(v.expr())?;
                    out.insert(key, val);
                }
                if unknown {
                    return Ok(Value::unknown_dynamic().with_marks(marks));
                }
                Ok(Value::object(out).with_marks(marks))
            }
            Expression::StringTemplate(t) => self.eval_string_template(t, e),
            Expression::HeredocTemplate(h) => self.eval_heredoc(h, e),
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(v) => self.eval_reference(v.as_str(), &[], e).map(|(v, _)| v),
            Expression::Traversal(t) => self.eval_traversal(&t.expr, &t.operators, e),
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr)?;
                let t = self.eval(&c.true_expr);
                let f = self.eval(&c.false_expr);
                // Terraform 1.0 does not carry the condition's marks to the result.
                let (cond, _) = cond.unmark_deep();
                if cond.is_null() {
                    return Err(self.err(&c.cond_expr, "Null condition", "The condition value is null. Conditions must either be true or false."));
                }
                let cond = convert(cond, &Type::Bool).map_err(|_| {
                    self.err(&c.cond_expr, "Incorrect condition type", "The condition expression must be of type bool.")
                })?;
                // Only the selected branch's errors count; the other branch still
                // takes part in deciding the result type.
                let tv = t.clone().unwrap_or_else(|_| Value::unknown_dynamic());
                let fv = f.clone().unwrap_or_else(|_| Value::unknown_dynamic());
                let result_type = conditional_type(&tv, &fv);
                let Some(result_type) = result_type else {
                    return Err(self.err(
                        e,
                        "Inconsistent conditional result types",
                        format!(
                            "The true and false result expressions must have consistent types. The 'true' value is {}, but the 'false' value is {}.",
                            describe_type(&tv.ty()),
                            describe_type(&fv.ty())
                        ),
                    ));
                };
                match cond.as_bool() {
                    None => Ok(Value::unknown(result_type)),
                    Some(b) => {
                        let (chosen, expr) = if b { (t?, &c.true_expr) } else { (f?, &c.false_expr) };
                        let out = convert(chosen, &result_type).map_err(|err| {
                            self.err(expr, "Inconsistent conditional result types", format!("The result value cannot be converted: {err}."))
                        })?;
                        Ok(out)
                    }
                }
            }
            Expression::FuncCall(call) => self.eval_call(call, e),
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr)?;
                ops::unary(*u.operator.value(), v).map_err(|oe| self.err(&u.expr, oe.summary(), oe.message))
            }
            Expression::BinaryOp(b) => {
                let l = self.eval(&b.lhs_expr)?;
                let r = self.eval(&b.rhs_expr)?;
                ops::binary(*b.operator.value(), l, r).map_err(|oe| {
                    let side = if oe.operand == 0 { &b.lhs_expr } else { &b.rhs_expr };
                    self.err(side, oe.summary(), oe.message)
                })
            }
            Expression::ForExpr(f) => self.eval_for(f, e),
        }
    }

    // ---- references and traversals ---------------------------------------------

    fn lookup_local(&self, name: &str) -> Option<Value> {
        self.locals.borrow().iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    fn eval_reference(&self, root: &str, attrs: &[&str], e: &Expression) -> Result<(Value, usize), Diagnostic> {
        if let Some(v) = self.lookup_local(root) {
            return Ok((v, 0));
        }
        self.scope.resolve(root, attrs, self.range(e.span()))
    }

    fn eval_traversal(&self, base: &Expression, ops: &[hcl_edit::Decorated<TraversalOperator>], whole: &Expression) -> EvalResult {
        let (mut val, start) = match base {
            Expression::Variable(v) => {
                let attrs: Vec<&str> = ops
                    .iter()
                    .take(3)
                    .map_while(|op| match op.value() {
                        TraversalOperator::GetAttr(a) => Some(a.as_str()),
                        _ => None,
                    })
                    .collect();
                let (val, consumed) = self.eval_reference(v.as_str(), &attrs, whole)?;
                (val, consumed)
            }
            other => (self.eval(other)?, 0),
        };
        let mut i = start;
        while i < ops.len() {
            let op = &ops[i];
            match op.value() {
                TraversalOperator::GetAttr(a) => {
                    val = self.get_attr(val, a.as_str(), whole, op)?;
                }
                TraversalOperator::Index(ix) => {
                    let key = self.eval(ix)?;
                    val = self.index(val, key, whole, ix)?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    val = self.index(val, Value::int(*n.value() as i64), whole, op)?;
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let full = matches!(op.value(), TraversalOperator::FullSplat(_));
                    // The operators that apply to each element.
                    let mut j = i + 1;
                    while j < ops.len() {
                        match ops[j].value() {
                            TraversalOperator::GetAttr(_) => j += 1,
                            TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_) if full => j += 1,
                            _ => break,
                        }
                    }
                    let each = &ops[i + 1..j];
                    val = self.splat(val, each, whole)?;
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        Ok(val)
    }

    fn splat(&self, val: Value, each: &[hcl_edit::Decorated<TraversalOperator>], whole: &Expression) -> EvalResult {
        let (val, marks) = val.unmark();
        if val.is_null() {
            return Ok(Value::empty_tuple().with_marks(marks));
        }
        if !val.is_known() {
            return Ok(Value::unknown_dynamic().with_marks(marks));
        }
        let apply = |v: Value| -> EvalResult {
            let mut v = v;
            for op in each {
                v = match op.value() {
                    TraversalOperator::GetAttr(a) => self.get_attr(v, a.as_str(), whole, op)?,
                    TraversalOperator::Index(ix) => {
                        let key = self.eval(ix)?;
                        self.index(v, key, whole, ix)?
                    }
                    TraversalOperator::LegacyIndex(n) => self.index(v, Value::int(*n.value() as i64), whole, op)?,
                    _ => v,
                };
            }
            Ok(v)
        };
        let out = match val.kind() {
            Kind::List(..) | Kind::Set(..) => {
                let mut items = Vec::new();
                for el in val.as_elements().unwrap_or(&[]) {
                    items.push(apply(el.clone())?);
                }
                let types: Vec<Type> = items.iter().map(Value::ty).collect();
                match unify(&types) {
                    Some(t) if !items.is_empty() => {
                        let items: Vec<Value> = items.into_iter().map(|v| convert(v, &t).unwrap_or_else(|_| Value::unknown(t.clone()))).collect();
                        Value::list(t, items)
                    }
                    _ if items.is_empty() => {
                        let et = self.splat_elem_type(&val, each);
                        Value::empty_list(et)
                    }
                    _ => Value::tuple(items),
                }
            }
            Kind::Tuple(_) => {
                let mut items = Vec::new();
                for el in val.as_elements().unwrap_or(&[]) {
                    items.push(apply(el.clone())?);
                }
                Value::tuple(items)
            }
            _ => Value::tuple(vec![apply(val)?]),
        };
        Ok(out.with_marks(marks))
    }

    fn splat_elem_type(&self, val: &Value, each: &[hcl_edit::Decorated<TraversalOperator>]) -> Type {
        let mut t = val.ty().element_type().cloned().unwrap_or(Type::Dynamic);
        for op in each {
            t = match (op.value(), &t) {
                (TraversalOperator::GetAttr(a), Type::Object(o)) => o.attrs.get(a.as_str()).cloned().unwrap_or(Type::Dynamic),
                (TraversalOperator::GetAttr(_), Type::Map(et)) => (**et).clone(),
                (_, Type::List(et) | Type::Map(et)) => (**et).clone(),
                _ => Type::Dynamic,
            };
        }
        t
    }

    fn get_attr(&self, val: Value, name: &str, whole: &Expression, at: &impl Span) -> EvalResult {
        let (val, marks) = val.unmark();
        let subject = at.span().or(whole.span());
        let out = match val.kind() {
            Kind::Null(_) => {
                return Err(Diagnostic::error(
                    "Attempt to get attribute from null value",
                    "This value is null, so it does not have any attributes.",
                )
                .with_subject(self.range(subject)))
            }
            Kind::Unknown(t) => match t {
                Type::Object(o) => match o.attrs.get(name) {
                    Some(at) => Value::unknown(at.clone()),
                    None => return Err(self.unsupported_attr(name, &val, subject)),
                },
                Type::Map(et) => Value::unknown((**et).clone()),
                _ => Value::unknown_dynamic(),
            },
            Kind::Object(attrs) => match attrs.get(name) {
                Some(v) => v.clone(),
                None => return Err(self.unsupported_attr(name, &val, subject)),
            },
            Kind::Map(_, entries) => match entries.get(name) {
                Some(v) => v.clone(),
                None => {
                    return Err(Diagnostic::error(
                        "Missing map element",
                        format!("This map does not have an element with the key \"{name}\"."),
                    )
                    .with_subject(self.range(subject)))
                }
            },
            Kind::List(..) | Kind::Set(..) | Kind::Tuple(_) => {
                return Err(Diagnostic::error(
                    "Unsupported attribute",
                    format!(
                        "Can't access attributes on a list of objects. Did you mean to access attribute \"{name}\" for a specific element of the list, or across all elements of the list?"
                    ),
                )
                .with_subject(self.range(subject)))
            }
            _ => {
                return Err(Diagnostic::error(
                    "Unsupported attribute",
                    format!("Can't access attributes on a primitive-typed value ({}).", val.ty().friendly_name()),
                )
                .with_subject(self.range(subject)))
            }
        };
        Ok(out.with_marks(marks))
    }

    fn unsupported_attr(&self, name: &str, val: &Value, subject: Option<std::ops::Range<usize>>) -> Diagnostic {
        let mut detail = format!("This object does not have an attribute named \"{name}\".");
        if let Type::Object(o) = val.ty() {
            let names: Vec<&str> = o.attrs.keys().map(String::as_str).collect();
            if let Some(s) = crate::config::suggest(name, &names) {
                detail = format!("This object does not have an attribute named \"{name}\". Did you mean \"{s}\"?");
            }
        }
        Diagnostic::error("Unsupported attribute", detail).with_subject(self.range(subject))
    }

    fn index(&self, val: Value, key: Value, whole: &Expression, at: &impl Span) -> EvalResult {
        let (val, vm) = val.unmark();
        let (key, km) = key.unmark_deep();
        let marks = vm | km;
        let subject = self.range(at.span().or(whole.span()));
        let invalid = |detail: String| Diagnostic::error("Invalid index", detail).with_subject(subject.clone());
        if val.is_null() {
            return Err(Diagnostic::error("Attempt to index null value", "This value is null, so it does not have any indices.").with_subject(subject.clone()));
        }
        if key.is_null() {
            return Err(invalid("Can't use a null value as an indexing key.".into()));
        }
        if !val.is_known() || !key.is_known() {
            let t = match val.ty() {
                Type::List(et) | Type::Map(et) => *et,
                _ => Type::Dynamic,
            };
            return Ok(Value::unknown(t).with_marks(marks));
        }
        let out = match val.kind() {
            Kind::List(..) | Kind::Tuple(_) => {
                let n = convert(key, &Type::Number)
                    .map_err(|_| invalid("The given key does not identify an element in this collection value: a number is required.".into()))?;
                let n = n.as_number().cloned().unwrap_or_else(|| Number::from_i64(0));
                let elems = val.as_elements().unwrap_or(&[]);
                if !n.is_integer() {
                    return Err(invalid("The given key does not identify an element in this collection value: indexing a sequence requires a whole number.".into()));
                }
                match n.to_i64() {
                    Some(i) if i >= 0 && (i as usize) < elems.len() => elems[i as usize].clone(),
                    Some(i) if i < 0 => return Err(invalid("The given key does not identify an element in this collection value: a negative number is not a valid index for a sequence.".into())),
                    _ => return Err(invalid("The given key does not identify an element in this collection value: the given index is greater than or equal to the length of the collection.".into())),
                }
            }
            Kind::Map(..) | Kind::Object(_) => {
                let k = convert(key, &Type::String)
                    .map_err(|_| invalid("The given key does not identify an element in this collection value: string required.".into()))?;
                let k = k.as_str().unwrap_or_default();
                match val.as_entries().and_then(|m| m.get(k)) {
                    Some(v) => v.clone(),
                    None => return Err(invalid("The given key does not identify an element in this collection value.".into())),
                }
            }
            Kind::Set(..) => {
                return Err(invalid("Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.".into()))
            }
            _ => return Err(invalid(format!("This value does not have any indices ({} is not a collection).", val.ty().friendly_name()))),
        };
        Ok(out.with_marks(marks))
    }

    // ---- templates -------------------------------------------------------------

    fn eval_heredoc(&self, h: &hcl_edit::template::HeredocTemplate, whole: &Expression) -> EvalResult {
        let flush = h.indent().is_some() || h.span().and_then(|s| self.file.text.get(s)).is_some_and(|t| t.starts_with("<<-"));
        if flush {
            if let Some((file, h2)) = super::template::reparse_flush_heredoc(self.file, h) {
                let ev = Evaluator { scope: self.scope, host: self.host, file: &file, locals: RefCell::new(self.locals.borrow().clone()), offset: 0 };
                let nodes = super::template::prepare(&h2.template, true, true);
                return ev.render_nodes_to_value(&nodes, whole);
            }
        }
        let nodes = super::template::prepare(&h.template, true, false);
        self.render_nodes_to_value(&nodes, whole)
    }

    fn eval_string_template(&self, t: &hcl_edit::template::StringTemplate, whole: &Expression) -> EvalResult {
        // A template that is exactly one interpolation yields the value itself.
        let elems: Vec<&Element> = t.iter().collect();
        if elems.len() == 1 {
            if let Element::Interpolation(i) = elems[0] {
                return self.eval(&i.expr);
            }
        }
        let tpl: Template = t.iter().cloned().collect();
        let nodes = super::template::prepare(&tpl, false, false);
        self.render_nodes_to_value(&nodes, whole)
    }

    /// Renders a parsed template file (templatefile) to a string value.
    pub fn eval_template_file(&self, t: &Template, whole: &Expression) -> EvalResult {
        let nodes = super::template::prepare(t, true, false);
        self.render_nodes_to_value(&nodes, whole)
    }

    fn render_nodes_to_value(&self, nodes: &[Node<'_>], _whole: &Expression) -> EvalResult {
        let mut out = String::new();
        let mut marks = Marks::NONE;
        let mut unknown = false;
        self.render(nodes, &mut out, &mut marks, &mut unknown)?;
        if unknown {
            return Ok(Value::unknown(Type::String).with_marks(marks));
        }
        Ok(Value::string(out).with_marks(marks))
    }

    fn render(&self, nodes: &[Node<'_>], out: &mut String, marks: &mut Marks, unknown: &mut bool) -> Result<(), Diagnostic> {
        for node in nodes {
            match node {
                Node::Lit(s) => out.push_str(s),
                Node::Interp(expr) => {
                    let v = self.eval(expr)?;
                    let (v, m) = v.unmark_deep();
                    *marks |= m;
                    if v.is_null() {
                        return Err(self.err(
                            *expr,
                            "Invalid template interpolation value",
                            "The expression result is null. Cannot include a null value in a string template.",
                        ));
                    }
                    if !v.is_known() {
                        *unknown = true;
                        continue;
                    }
                    match convert(v.clone(), &Type::String) {
                        Ok(s) => out.push_str(s.as_str().unwrap_or_default()),
                        Err(_) => {
                            return Err(self.err(
                                *expr,
                                "Invalid template interpolation value",
                                format!("Cannot include the given value in a string template: string required, but have {}.", describe_type(&v.ty())),
                            ))
                        }
                    }
                }
                Node::If(cond_expr, then, els) => {
                    let cond = self.eval(cond_expr)?;
                    let (cond, m) = cond.unmark_deep();
                    *marks |= m;
                    if cond.is_null() {
                        return Err(self.err(*cond_expr, "Invalid template if directive", "The condition value is null. Conditions must either be true or false."));
                    }
                    let cond = convert(cond, &Type::Bool)
                        .map_err(|_| self.err(*cond_expr, "Incorrect condition type", "The value of the if clause must be of type bool."))?;
                    match cond.as_bool() {
                        None => *unknown = true,
                        Some(true) => self.render(then, out, marks, unknown)?,
                        Some(false) => self.render(els, out, marks, unknown)?,
                    }
                }
                Node::For { key, value, coll, body } => {
                    let c = self.eval(coll)?;
                    let (c, m) = c.unmark();
                    *marks |= m;
                    if !c.is_known() {
                        *unknown = true;
                        continue;
                    }
                    let items = self.iterate(&c, coll)?;
                    for (k, v) in items {
                        let depth = {
                            let mut locals = self.locals.borrow_mut();
                            let depth = locals.len();
                            if let Some(kv) = key {
                                locals.push((kv.to_string(), k));
                            }
                            locals.push((value.to_string(), v));
                            depth
                        };
                        let r = self.render(body, out, marks, unknown);
                        self.locals.borrow_mut().truncate(depth);
                        r?;
                    }
                }
            }
        }
        Ok(())
    }

    // ---- for expressions -------------------------------------------------------

    /// The (key, value) pairs a `for` iterates over.
    fn iterate(&self, coll: &Value, at: &Expression) -> Result<Vec<(Value, Value)>, Diagnostic> {
        if coll.is_null() {
            return Err(self.err(at, "Iteration over null value", "A null value cannot be used as the collection in a 'for' expression."));
        }
        match coll.kind() {
            Kind::List(_, e) | Kind::Tuple(e) => Ok(e.iter().enumerate().map(|(i, v)| (Value::int(i as i64), v.clone())).collect()),
            Kind::Set(_, e) => Ok(e.iter().map(|v| (v.clone(), v.clone())).collect()),
            Kind::Map(_, m) | Kind::Object(m) => Ok(m.iter().map(|(k, v)| (Value::string(k.as_str()), v.clone())).collect()),
            _ => Err(self.err(
                at,
                "Iteration over non-iterable value",
                format!(
                    "A value of type {} cannot be used as the collection in a 'for' expression.",
                    describe_type(&coll.ty())
                ),
            )),
        }
    }

    fn eval_for(&self, f: &ForExpr, whole: &Expression) -> EvalResult {
        let coll = self.eval(&f.intro.collection_expr)?;
        let (coll, marks) = coll.unmark();
        if !coll.is_known() {
            return Ok(Value::unknown_dynamic().with_marks(marks));
        }
        let items = self.iterate(&coll, &f.intro.collection_expr)?;
        let is_object = f.key_expr.is_some();
        let mut tuple_out = Vec::new();
        let mut obj_out: BTreeMap<String, Value> = BTreeMap::new();
        let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut unknown = false;
        let mut out_marks = marks;
        for (k, v) in items {
            let depth = {
                let mut locals = self.locals.borrow_mut();
                let depth = locals.len();
                if let Some(kv) = &f.intro.key_var {
                    locals.push((kv.as_str().to_string(), k));
                }
                locals.push((f.intro.value_var.as_str().to_string(), v));
                depth
            };
            let result = (|| -> Result<(), Diagnostic> {
                if let Some(cond) = &f.cond {
                    let c = self.eval(&cond.expr)?;
                    let (c, cm) = c.unmark_deep();
                    out_marks |= cm;
                    if c.is_null() {
                        return Err(self.err(&cond.expr, "Invalid 'for' condition", "The value of the 'if' clause must not be null."));
                    }
                    let c = convert(c, &Type::Bool).map_err(|_| {
                        self.err(&cond.expr, "Invalid 'for' condition", "The 'if' clause value is invalid: bool required.")
                    })?;
                    match c.as_bool() {
                        None => {
                            unknown = true;
                            return Ok(());
                        }
                        Some(false) => return Ok(()),
                        Some(true) => {}
                    }
                }
                if let Some(ke) = &f.key_expr {
                    let kv = self.eval(ke)?;
                    let (kv, km) = kv.unmark_deep();
                    out_marks |= km;
                    if kv.is_null() {
                        return Err(self.err(ke, "Invalid object key", "Key expression in 'for' expression must not produce a null value."));
                    }
                    if !kv.is_known() {
                        unknown = true;
                        return Ok(());
                    }
                    let key = convert(kv, &Type::String)
                        .map_err(|_| self.err(ke, "Invalid object key", "The key expression produced an invalid result: string required."))?;
                    let key = key.as_str().unwrap_or_default().to_string();
                    let val = self.eval(&f.value_expr)?;
                    if f.grouping {
                        groups.entry(key).or_default().push(val);
                    } else if obj_out.contains_key(&key) {
                        return Err(self.err(
                            ke,
                            "Duplicate object key",
                            format!("Two different items produced the key {key:?} in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key."),
                        ));
                    } else {
                        obj_out.insert(key, val);
                    }
                } else {
                    tuple_out.push(self.eval(&f.value_expr)?);
                }
                Ok(())
            })();
            self.locals.borrow_mut().truncate(depth);
            result?;
        }
        let _ = whole;
        if unknown {
            return Ok(Value::unknown_dynamic().with_marks(out_marks));
        }
        let out = if is_object {
            if f.grouping {
                Value::object(groups.into_iter().map(|(k, vs)| (k, Value::tuple(vs))).collect())
            } else {
                Value::object(obj_out)
            }
        } else {
            Value::tuple(tuple_out)
        };
        Ok(out.with_marks(out_marks))
    }

    // ---- function calls --------------------------------------------------------

    fn eval_call(&self, call: &FuncCall, whole: &Expression) -> EvalResult {
        let name = call.name.name.as_str();
        if !call.name.namespace.is_empty() {
            let full: Vec<&str> = call.name.namespace.iter().map(|n| n.as_str()).collect();
            return Err(self.err(
                whole,
                "Call to unknown function",
                format!("There is no function named \"{}::{name}\".", full.join("::")),
            ));
        }
        let arg_exprs: Vec<&Expression> = call.args.iter().collect();
        match name {
            "try" => return self.eval_try(&arg_exprs, whole),
            "can" => return self.eval_can(&arg_exprs, whole),
            _ => {}
        }
        let Some(func) = functions::registry().get(name) else {
            if let Some(hint) = functions::removed_function_hint(name) {
                return Err(self.err(whole, "Call to unknown function", format!("There is no function named \"{name}\"; {hint}.")));
            }
            let mut detail = format!("There is no function named \"{name}\".");
            let names: Vec<&str> = functions::registry().names().chain(["try", "can"]).collect();
            if let Some(s) = crate::config::suggest(name, &names) {
                detail.push_str(&format!(" Did you mean \"{s}\"?"));
            }
            return Err(self.err(&call.name.name, "Call to unknown function", detail));
        };
        let mut args = Vec::with_capacity(arg_exprs.len());
        for a in &arg_exprs {
            args.push(self.eval(a)?);
        }
        if call.args.expand_final() {
            let last = args.pop().unwrap_or_else(Value::null_dynamic);
            let last_expr = arg_exprs.last().copied().unwrap_or(whole);
            let (last, lm) = last.unmark();
            if !last.is_known() {
                return Ok(Value::unknown_dynamic().with_marks(lm));
            }
            if last.is_null() {
                return Err(self.err(last_expr, "Invalid expanding argument value", "The expanding argument (indicated by ...) must not be null."));
            }
            match last.as_elements() {
                Some(items) if last.ty().is_list_like() => args.extend(items.iter().cloned().map(|v| v.with_marks(lm))),
                _ => {
                    return Err(self.err(
                        last_expr,
                        "Invalid expanding argument value",
                        "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
                    ))
                }
            }
        }
        match functions::check_arity(func, args.len()) {
            Arity::Ok => {}
            Arity::TooFew { missing } => {
                return Err(self.err(
                    whole,
                    "Not enough function arguments",
                    format!(
                        "Function \"{name}\" expects {} argument(s). Missing value for \"{missing}\".",
                        func.params.len() + usize::from(func.variadic.is_some())
                    ),
                ))
            }
            Arity::TooMany { max } => {
                let at = arg_exprs.get(max).copied().unwrap_or(whole);
                return Err(self.err(at, "Too many function arguments", format!("Function \"{name}\" expects only {max} argument(s).")));
            }
        }
        functions::call(func, self.host, args).map_err(|fe| match fe {
            FuncError::Arg { index, message } => {
                let pname = func.params.get(index).or(func.variadic.as_ref()).map(|p| p.name).unwrap_or("argument");
                let at = arg_exprs.get(index).copied().unwrap_or(whole);
                self.err(at, "Invalid function argument", format!("Invalid value for \"{pname}\" parameter: {}.", message.trim_end_matches('.')))
            }
            FuncError::Call(message) => {
                self.err(whole, "Error in function call", format!("Call to function \"{name}\" failed: {}.", message.trim_end_matches('.')))
            }
        })
    }

    fn eval_try(&self, args: &[&Expression], whole: &Expression) -> EvalResult {
        if args.is_empty() {
            return Err(self.err(whole, "Error in function call", "Call to function \"try\" failed: at least one argument is required."));
        }
        let mut errors = Vec::new();
        for a in args {
            match self.eval(a) {
                Ok(v) if !v.is_wholly_known() => return Ok(Value::unknown_dynamic().with_marks(v.deep_marks())),
                Ok(v) => return Ok(v),
                Err(d) => errors.push(d),
            }
        }
        let mut detail = String::from("Call to function \"try\" failed: no expression succeeded:");
        for d in &errors {
            let at = d.subject.as_ref().map(|r| format!(" (at {})", r)).unwrap_or_default();
            detail.push_str(&format!("\n- {}{at}\n  {}", d.summary, d.detail));
        }
        detail.push_str("\n\nAt least one expression must produce a successful result.");
        Err(self.err(whole, "Error in function call", detail))
    }

    fn eval_can(&self, args: &[&Expression], whole: &Expression) -> EvalResult {
        if args.len() != 1 {
            return Err(self.err(
                whole,
                if args.is_empty() { "Not enough function arguments" } else { "Too many function arguments" },
                "Function \"can\" expects exactly one argument.",
            ));
        }
        match self.eval(args[0]) {
            Ok(v) if !v.is_wholly_known() => Ok(Value::unknown(Type::Bool)),
            Ok(_) => Ok(Value::bool(true)),
            Err(_) => Ok(Value::bool(false)),
        }
    }
}

/// The result type of a conditional: the unified type of both branches, where a
/// literal null in one branch takes the other's type.
fn conditional_type(t: &Value, f: &Value) -> Option<Type> {
    let (tt, ft) = (t.ty(), f.ty());
    if t.is_null() && tt == Type::Dynamic {
        return Some(ft);
    }
    if f.is_null() && ft == Type::Dynamic {
        return Some(tt);
    }
    unify(&[tt, ft])
}

/// "object", "tuple", "list of string": how Terraform names a type in messages.
pub fn describe_type(t: &Type) -> String {
    match t {
        Type::Object(o) if o.attrs.is_empty() => "object with no attributes".into(),
        Type::Object(o) if o.attrs.len() == 1 => format!("object with 1 attribute {:?}", o.attrs.keys().next().map(String::as_str).unwrap_or("")),
        Type::Object(o) => format!("object with {} attributes", o.attrs.len()),
        Type::Tuple(ts) => format!("tuple with {} element{}", ts.len(), if ts.len() == 1 { "" } else { "s" }),
        other => other.friendly_name(),
    }
}

/// Unifies the element types of a tuple into a list where possible (used by callers
/// that need a homogeneous collection).
pub fn tuple_to_list(v: Value) -> Option<Value> {
    let (v, marks) = v.unmark();
    let mut items = v.as_elements()?.to_vec();
    let t = unify_values(&mut items)?;
    Some(Value::list(t, items).with_marks(marks))
}
