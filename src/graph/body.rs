//! Decoding a resource or data block's body against its schema: attributes converted
//! to their types, nested blocks (including `dynamic` blocks) collected, and
//! Terraform's errors for unknown, missing and read-only arguments.

use std::collections::BTreeMap;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block as HclBlock, Body};
use hcl_edit::Span;
use terrace_provider::{Block, Nesting, Type, Value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::convert::convert;
use crate::lang::eval::Evaluator;

/// The error for an argument or block type Terraform's provider has and Terrace's does
/// not implement yet: never ignored, since its effect would silently be missing.
fn not_implemented(what: &str, name: &str) -> Diagnostic {
    Diagnostic::error(
        format!("Unsupported {what}: not implemented by Terrace yet"),
        format!("{name:?} is a valid {what} here in Terraform's provider, but Terrace's provider does not implement it yet, so it cannot be applied. Remove it, or keep managing this resource with Terraform for now."),
    )
}

/// Decodes a block's body and then the bodies of the same block in override files:
/// each argument and each nested block type an override sets replaces the value decoded
/// so far (Terraform's merge rules). An override body is decoded on its own, with
/// nothing required of it.
pub fn decode_layered(
    scope: &dyn crate::lang::eval::Scope,
    host: &dyn crate::lang::functions::Host,
    schema: &Block,
    base: &crate::config::RawBody,
    overrides: &[crate::config::RawBody],
    block_name: &str,
    diags: &mut Diagnostics,
) -> Option<Value> {
    let value = decode_body(&Evaluator::new(scope, host, &base.file), schema, &base.body, block_name, diags)?;
    if overrides.is_empty() {
        return Some(value);
    }
    let mut partial = schema.clone();
    for a in partial.attributes.values_mut() {
        a.optional = a.optional || a.required;
        a.required = false;
    }
    for nb in partial.blocks.values_mut() {
        nb.min_items = 0;
    }
    let mut merged = value.as_entries().cloned().unwrap_or_default();
    for o in overrides {
        let ov = decode_body(&Evaluator::new(scope, host, &o.file), &partial, &o.body, block_name, diags)?;
        let set = o.body.attributes().map(|a| a.key.as_str().to_string()).chain(o.body.blocks().map(|b| b.ident.as_str().to_string()));
        for k in set {
            if let Some(v) = ov.as_entries().and_then(|m| m.get(&k)) {
                merged.insert(k, v.clone());
            }
        }
    }
    Some(Value::object(merged))
}

/// Decodes `body` into an object of `schema`'s implied type; None on errors.
pub fn decode_body(ev: &Evaluator, schema: &Block, body: &Body, block_name: &str, diags: &mut Diagnostics) -> Option<Value> {
    let file = ev.file().clone();
    let range = |s: Option<std::ops::Range<usize>>| s.map(|s| file.range(s));
    let mut ok = true;
    let mut out = BTreeMap::new();
    let mut seen = Vec::new();
    for a in body.attributes() {
        let name = a.key.as_str();
        let Some(attr) = schema.attributes.get(name) else {
            if schema.not_implemented.contains(name) {
                diags.push(not_implemented("argument", name).with_subject(range(a.key.span())).with_block(block_name));
                ok = false;
                continue;
            }
            let mut detail = format!("An argument named \"{name}\" is not expected here.");
            if schema.blocks.contains_key(name) {
                detail = format!("An argument named \"{name}\" is not expected here. Did you mean to define a block of type \"{name}\"?");
            } else {
                let names: Vec<&str> = schema.attributes.keys().map(String::as_str).collect();
                if let Some(s) = crate::config::suggest(name, &names) {
                    detail.push_str(&format!(" Did you mean \"{s}\"?"));
                }
            }
            diags.push(Diagnostic::error("Unsupported argument", detail).with_subject(range(a.key.span())).with_block(block_name));
            ok = false;
            continue;
        };
        if attr.computed && !attr.optional && !attr.required {
            diags.push(
                Diagnostic::error(
                    "Value for unconfigurable attribute",
                    format!("Can't configure a value for \"{name}\": its value will be decided automatically based on the result of applying this configuration."),
                )
                .with_subject(range(a.key.span()))
                .with_block(block_name),
            );
            ok = false;
            continue;
        }
        seen.push(name.to_string());
        match ev.eval(&a.value) {
            Ok(v) => match convert(v, &attr.ty) {
                Ok(v) => {
                    out.insert(name.to_string(), v);
                }
                Err(e) => {
                    diags.push(
                        Diagnostic::error("Incorrect attribute value type", format!("Inappropriate value for attribute \"{name}\": {e}."))
                            .with_subject(range(a.value.span()))
                            .with_block(block_name),
                    );
                    ok = false;
                }
            },
            Err(d) => {
                diags.push(d.with_block(block_name));
                ok = false;
            }
        }
    }
    for (name, attr) in &schema.attributes {
        if !out.contains_key(name) {
            if attr.required && !seen.contains(name) && ok {
                diags.push(
                    Diagnostic::error("Missing required argument", format!("The argument \"{name}\" is required, but no definition was found."))
                        .with_subject(range(body.span()))
                        .with_block(block_name),
                );
                ok = false;
            }
            out.insert(name.clone(), Value::null(attr.ty.clone()));
        } else if attr.required && out.get(name).is_some_and(Value::is_null) {
            diags.push(
                Diagnostic::error("Missing required argument", format!("The argument \"{name}\" is required, but no definition was found."))
                    .with_block(block_name),
            );
            ok = false;
        }
    }
    // Nested blocks, literal and dynamic.
    let mut by_type: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut unknown_blocks: Vec<String> = Vec::new();
    let mut attr_blocks: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut unknown_attrs: Vec<String> = Vec::new();
    for blk in body.blocks() {
        let ident = blk.ident.as_str();
        if ident == "dynamic" {
            let Some(label) = blk.labels.first().map(|l| l.as_str().to_string()) else {
                diags.push(Diagnostic::error("Missing dynamic block type", "A dynamic block needs a label naming the block type to generate.").with_subject(range(blk.ident.span())));
                ok = false;
                continue;
            };
            if let Some(obj) = attr_as_block(schema, &label).filter(|_| !schema.blocks.contains_key(&label)) {
                match expand_dynamic(ev, &obj, blk, &label, block_name, diags) {
                    Some(items) => attr_blocks.entry(label).or_default().extend(items),
                    None => {
                        if diags.has_errors() {
                            ok = false;
                        } else {
                            unknown_attrs.push(label);
                        }
                    }
                }
                continue;
            }
            let Some(nb) = schema.blocks.get(&label) else {
                diags.push(
                    Diagnostic::error("Unsupported block type", format!("Blocks of type \"{label}\" are not expected here."))
                        .with_subject(range(blk.ident.span()))
                        .with_block(block_name),
                );
                ok = false;
                continue;
            };
            match expand_dynamic(ev, &nb.block, blk, &label, block_name, diags) {
                Some(items) => by_type.entry(label).or_default().extend(items),
                None => {
                    if diags.has_errors() {
                        ok = false;
                    } else {
                        unknown_blocks.push(label);
                    }
                }
            }
            continue;
        }
        if matches!(ident, "provisioner" | "connection") {
            continue;
        }
        if let Some(obj) = attr_as_block(schema, ident).filter(|_| !seen.iter().any(|s| s == ident)) {
            // An attribute of a list or set of objects written with block syntax, as
            // Terraform accepts for providers' "attributes as blocks".
            match decode_body(ev, &obj, &blk.body, block_name, diags) {
                Some(v) => attr_blocks.entry(ident.to_string()).or_default().push(v),
                None => ok = false,
            }
            continue;
        }
        let Some(nb) = schema.blocks.get(ident) else {
            if schema.not_implemented.contains(ident) {
                diags.push(not_implemented("block type", ident).with_subject(range(blk.ident.span())).with_block(block_name));
                ok = false;
                continue;
            }
            let mut detail = format!("Blocks of type \"{ident}\" are not expected here.");
            if schema.attributes.contains_key(ident) {
                detail = format!("Blocks of type \"{ident}\" are not expected here. Did you mean to define argument \"{ident}\"? If so, use the equals sign to assign it a value.");
            }
            diags.push(Diagnostic::error("Unsupported block type", detail).with_subject(range(blk.ident.span())).with_block(block_name));
            ok = false;
            continue;
        };
        match decode_body(ev, &nb.block, &blk.body, block_name, diags) {
            Some(v) => by_type.entry(ident.to_string()).or_default().push(v),
            None => ok = false,
        }
    }
    for name in unknown_attrs {
        if let Some(a) = schema.attributes.get(&name) {
            attr_blocks.remove(&name);
            out.insert(name, Value::unknown(a.ty.clone()));
        }
    }
    for (name, items) in attr_blocks {
        if let Some(a) = schema.attributes.get(&name) {
            let v = match &a.ty {
                Type::Set(et) => Value::set((**et).clone(), items),
                Type::List(et) => Value::list((**et).clone(), items),
                _ => continue,
            };
            match convert(v, &a.ty) {
                Ok(v) => {
                    out.insert(name, v);
                }
                Err(e) => {
                    diags.push(Diagnostic::error("Incorrect attribute value type", format!("Inappropriate value for attribute \"{name}\": {e}.")).with_block(block_name));
                    ok = false;
                }
            }
        }
    }
    for (name, nb) in &schema.blocks {
        let t = nb.block.implied_type();
        if unknown_blocks.contains(name) {
            out.insert(name.clone(), Value::unknown(match nb.nesting {
                Nesting::Single => t,
                Nesting::List => Type::list(t),
                Nesting::Set => Type::set(t),
            }));
            continue;
        }
        let items = by_type.remove(name).unwrap_or_default();
        if items.len() < nb.min_items || (nb.max_items > 0 && items.len() > nb.max_items) {
            let (summary, detail) = if items.len() < nb.min_items {
                ("Insufficient ".to_string() + name + " blocks", format!("At least {} \"{name}\" blocks are required.", nb.min_items))
            } else {
                ("Too many ".to_string() + name + " blocks", format!("No more than {} \"{name}\" blocks are allowed.", nb.max_items))
            };
            diags.push(Diagnostic::error(summary, detail).with_subject(range(body.span())).with_block(block_name));
            ok = false;
            continue;
        }
        let v = match nb.nesting {
            Nesting::Single => items.into_iter().next().unwrap_or_else(|| Value::null(t)),
            Nesting::List => Value::list(t, items),
            Nesting::Set => Value::set(t, items),
        };
        out.insert(name.clone(), v);
    }
    ok.then(|| Value::object(out))
}

/// For an attribute whose type is a list or set of objects, the block schema that
/// block syntax for it decodes with (every attribute optional).
fn attr_as_block(schema: &Block, name: &str) -> Option<Block> {
    let a = schema.attributes.get(name)?;
    if a.computed && !a.optional && !a.required {
        return None;
    }
    let Type::Object(ot) = a.ty.element_type().filter(|_| matches!(a.ty, Type::List(_) | Type::Set(_)))? else { return None };
    let mut b = Block::new();
    for (k, t) in &ot.attrs {
        b = b.attr(k, terrace_provider::Attribute::optional(t.clone()));
    }
    Some(b)
}

/// A schema that accepts exactly what `body` contains: each attribute as an optional
/// value of any type, each block type (literal or `dynamic`) as a list of blocks whose
/// schema accepts every attribute and block any of them has. Used to evaluate a
/// resource whose provider is not available (pricing without providers).
pub fn infer_schema(body: &Body) -> Block {
    let mut b = Block::new();
    for a in body.attributes() {
        b.attributes.insert(a.key.as_str().to_string(), terrace_provider::Attribute::optional(Type::Dynamic));
    }
    for blk in body.blocks() {
        let (name, inner) = match blk.ident.as_str() {
            "dynamic" => {
                let Some(label) = blk.labels.first() else { continue };
                let Some(content) = blk.body.blocks().find(|c| c.ident.as_str() == "content") else { continue };
                (label.as_str().to_string(), infer_schema(&content.body))
            }
            "provisioner" | "connection" | "lifecycle" => continue,
            other => (other.to_string(), infer_schema(&blk.body)),
        };
        let nb = b.blocks.entry(name).or_insert_with(|| terrace_provider::NestedBlock {
            nesting: Nesting::List,
            block: Block::new(),
            min_items: 0,
            max_items: 0,
            force_new: false,
        });
        merge_schema(&mut nb.block, inner);
    }
    b
}

fn merge_schema(into: &mut Block, from: Block) {
    for (k, a) in from.attributes {
        into.attributes.entry(k).or_insert(a);
    }
    for (k, nb) in from.blocks {
        match into.blocks.get_mut(&k) {
            Some(existing) => merge_schema(&mut existing.block, nb.block),
            None => {
                into.blocks.insert(k, nb);
            }
        }
    }
}

/// Expands `dynamic "label" { for_each = ...; iterator = x; content { ... } }`.
/// Returns None with no new error when `for_each` is unknown.
fn expand_dynamic(ev: &Evaluator, schema: &Block, blk: &HclBlock, label: &str, block_name: &str, diags: &mut Diagnostics) -> Option<Vec<Value>> {
    let file = ev.file().clone();
    let range = |s: Option<std::ops::Range<usize>>| s.map(|s| file.range(s));
    let attr = |n: &str| blk.body.attributes().find(|a| a.key.as_str() == n);
    let Some(fe) = attr("for_each") else {
        diags.push(Diagnostic::error("Missing required argument", "The argument \"for_each\" is required, but no definition was found.").with_subject(range(blk.ident.span())).with_block(block_name));
        return None;
    };
    let iterator = match attr("iterator").map(|a| &a.value) {
        Some(Expression::Variable(v)) => v.as_str().to_string(),
        Some(other) => {
            diags.push(Diagnostic::error("Invalid dynamic iterator name", "Dynamic iterator must be a single variable name.").with_subject(range(other.span())));
            return None;
        }
        None => label.to_string(),
    };
    let Some(content) = blk.body.blocks().find(|b| b.ident.as_str() == "content") else {
        diags.push(Diagnostic::error("Missing content block", "A dynamic block must have a nested block of type \"content\" to describe the body of each generated block.").with_subject(range(blk.ident.span())));
        return None;
    };
    let coll = match ev.eval(&fe.value) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d.with_block(block_name));
            return None;
        }
    };
    let (coll, _) = coll.unmark();
    if !coll.is_known() {
        return None;
    }
    if coll.is_null() {
        diags.push(Diagnostic::error("Invalid dynamic for_each value", "Cannot use a null value in for_each.").with_subject(range(fe.value.span())));
        return None;
    }
    let pairs: Vec<(Value, Value)> = match (coll.as_elements(), coll.as_entries()) {
        (Some(es), _) if matches!(coll.ty(), Type::Set(_)) => es.iter().map(|v| (v.clone(), v.clone())).collect(),
        (Some(es), _) => es.iter().enumerate().map(|(i, v)| (Value::int(i as i64), v.clone())).collect(),
        (_, Some(m)) => m.iter().map(|(k, v)| (Value::string(k.as_str()), v.clone())).collect(),
        _ => {
            diags.push(
                Diagnostic::error("Invalid dynamic for_each value", format!("Cannot use a {} value in for_each. An iterable collection is required.", coll.ty().friendly_name()))
                    .with_subject(range(fe.value.span())),
            );
            return None;
        }
    };
    let mut out = Vec::new();
    for (k, v) in pairs {
        let it = Value::object(BTreeMap::from([("key".to_string(), k), ("value".to_string(), v)]));
        ev.push_local(&iterator, it);
        let r = decode_body(ev, schema, &content.body, block_name, diags);
        ev.pop_local();
        out.push(r?);
    }
    Some(out)
}
