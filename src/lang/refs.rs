//! Static analysis of expressions: the references they make (`var.x`, `local.y`,
//! `module.m`, `aws_instance.web`), found without evaluating anything. The graph
//! uses them for ordering, and the validator to report undeclared names up front.

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span;

/// One reference: its root name and up to two following attribute names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub root: String,
    pub attrs: Vec<String>,
    pub span: Option<std::ops::Range<usize>>,
    /// Whether the operator right after the first attribute is an index (`a.b[0]`).
    pub indexed_after_first: bool,
}

/// All references made by `e`, in source order. Names bound by enclosing `for`
/// expressions and template directives are not references.
pub fn references(e: &Expression) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut bound = Vec::new();
    walk(e, &mut bound, &mut out);
    out
}

fn walk(e: &Expression, bound: &mut Vec<String>, out: &mut Vec<Reference>) {
    match e {
        Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => {}
        Expression::Array(a) => a.iter().for_each(|x| walk(x, bound, out)),
        Expression::Object(o) => {
            for (k, v) in o.iter() {
                if let ObjectKey::Expression(ke) = k {
                    // A bare identifier in parentheses is an expression key.
                    walk(ke, bound, out);
                }
                walk(v.expr(), bound, out);
            }
        }
        Expression::StringTemplate(t) => t.iter().for_each(|el| walk_element(el, bound, out)),
        Expression::HeredocTemplate(h) => walk_template(&h.template, bound, out),
        Expression::Parenthesis(p) => walk(p.inner(), bound, out),
        Expression::Variable(v) => {
            if !bound.iter().any(|b| b == v.as_str()) {
                out.push(Reference { root: v.as_str().to_string(), attrs: Vec::new(), span: e.span(), indexed_after_first: false });
            }
        }
        Expression::Traversal(t) => {
            if let Expression::Variable(v) = &t.expr {
                if !bound.iter().any(|b| b == v.as_str()) {
                    let attrs: Vec<String> = t
                        .operators
                        .iter()
                        .take(2)
                        .map_while(|op| match op.value() {
                            TraversalOperator::GetAttr(a) => Some(a.as_str().to_string()),
                            _ => None,
                        })
                        .collect();
                    let indexed_after_first = matches!(
                        t.operators.get(1).map(|op| op.value()),
                        Some(TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_))
                    );
                    out.push(Reference { root: v.as_str().to_string(), attrs, span: e.span(), indexed_after_first });
                }
            } else {
                walk(&t.expr, bound, out);
            }
            for op in &t.operators {
                if let TraversalOperator::Index(ix) = op.value() {
                    walk(ix, bound, out);
                }
            }
        }
        Expression::Conditional(c) => {
            walk(&c.cond_expr, bound, out);
            walk(&c.true_expr, bound, out);
            walk(&c.false_expr, bound, out);
        }
        Expression::FuncCall(f) => f.args.iter().for_each(|a| walk(a, bound, out)),
        Expression::UnaryOp(u) => walk(&u.expr, bound, out),
        Expression::BinaryOp(b) => {
            walk(&b.lhs_expr, bound, out);
            walk(&b.rhs_expr, bound, out);
        }
        Expression::ForExpr(f) => {
            walk(&f.intro.collection_expr, bound, out);
            let depth = bound.len();
            if let Some(k) = &f.intro.key_var {
                bound.push(k.as_str().to_string());
            }
            bound.push(f.intro.value_var.as_str().to_string());
            if let Some(k) = &f.key_expr {
                walk(k, bound, out);
            }
            walk(&f.value_expr, bound, out);
            if let Some(c) = &f.cond {
                walk(&c.expr, bound, out);
            }
            bound.truncate(depth);
        }
    }
}

fn walk_template(t: &Template, bound: &mut Vec<String>, out: &mut Vec<Reference>) {
    t.iter().for_each(|el| walk_element(el, bound, out));
}

fn walk_element(el: &Element, bound: &mut Vec<String>, out: &mut Vec<Reference>) {
    match el {
        Element::Literal(_) => {}
        Element::Interpolation(i) => walk(&i.expr, bound, out),
        Element::Directive(d) => match &**d {
            Directive::If(i) => {
                walk(&i.if_expr.cond_expr, bound, out);
                walk_template(&i.if_expr.template, bound, out);
                if let Some(e) = &i.else_expr {
                    walk_template(&e.template, bound, out);
                }
            }
            Directive::For(f) => {
                walk(&f.for_expr.collection_expr, bound, out);
                let depth = bound.len();
                if let Some(k) = &f.for_expr.key_var {
                    bound.push(k.as_str().to_string());
                }
                bound.push(f.for_expr.value_var.as_str().to_string());
                walk_template(&f.for_expr.template, bound, out);
                bound.truncate(depth);
            }
        },
    }
}
