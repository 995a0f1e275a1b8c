//! Type constraint expressions: `string`, `list(number)`, `object({ a = optional(string, "x") })`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use hcl_edit::expr::{Expression, ObjectKey};

use crate::lang::convert::Defaults;
use crate::lang::{Type, Value};

/// Parses a type constraint, returning the type and any `optional()` defaults.
pub fn parse_type_constraint(e: &Expression) -> Result<(Type, Option<Defaults>), String> {
    let mut defaults = Defaults::default();
    let t = parse(e, &mut defaults, false)?;
    let has = has_defaults(&defaults);
    Ok((t, if has { Some(defaults) } else { None }))
}

fn has_defaults(d: &Defaults) -> bool {
    d.value.is_some() || d.attrs.values().any(has_defaults) || d.elem.as_deref().is_some_and(has_defaults)
}

fn parse(e: &Expression, defaults: &mut Defaults, in_object_attr: bool) -> Result<Type, String> {
    match e {
        Expression::Variable(v) => match v.as_str() {
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            "any" => Ok(Type::Dynamic),
            "list" => Ok(Type::list(Type::Dynamic)),
            "map" => Ok(Type::map(Type::Dynamic)),
            "set" => Ok(Type::set(Type::Dynamic)),
            other => Err(format!("The keyword {other:?} is not a valid type specification.")),
        },
        Expression::String(s) => Err(format!(
            "Terraform 0.11 and earlier required type constraints to be given in quotes, but that form is no longer supported. Remove the quotes around {:?}.",
            s.value().as_str()
        )),
        Expression::Parenthesis(p) => parse(p.inner(), defaults, in_object_attr),
        Expression::FuncCall(call) => {
            let name = call.name.name.as_str();
            let args: Vec<&Expression> = call.args.iter().collect();
            match name {
                "list" | "set" | "map" => {
                    if args.len() != 1 {
                        return Err(format!("The {name} type constructor requires one argument specifying the element type."));
                    }
                    let mut elem_defaults = Defaults::default();
                    let et = parse(args[0], &mut elem_defaults, false)?;
                    if has_defaults(&elem_defaults) {
                        defaults.elem = Some(Box::new(elem_defaults));
                    }
                    Ok(match name {
                        "list" => Type::list(et),
                        "set" => Type::set(et),
                        _ => Type::map(et),
                    })
                }
                "object" => {
                    if args.len() != 1 {
                        return Err("The object type constructor requires one argument specifying the attribute types as a map.".into());
                    }
                    let Expression::Object(obj) = args[0] else {
                        return Err("The object type constructor requires one argument specifying the attribute types as a map.".into());
                    };
                    let mut attrs = BTreeMap::new();
                    let mut optional = BTreeSet::new();
                    for (k, v) in obj.iter() {
                        let key = match k {
                            ObjectKey::Ident(i) => i.as_str().to_string(),
                            ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                            ObjectKey::Expression(e) => match super::decode::static_string(e) {
                                Some(s) => s,
                                None => return Err("Object constructor map keys must be attribute names.".into()),
                            },
                        };
                        let mut attr_defaults = Defaults::default();
                        let (t, is_opt) = match v.expr() {
                            Expression::FuncCall(c) if c.name.name.as_str() == "optional" => {
                                let oargs: Vec<&Expression> = c.args.iter().collect();
                                if oargs.is_empty() || oargs.len() > 2 {
                                    return Err("Optional attribute modifier requires the attribute type as its first argument, and an optional default value as its second.".into());
                                }
                                let t = parse(oargs[0], &mut attr_defaults, true)?;
                                if let Some(d) = oargs.get(1) {
                                    match constant_value(d) {
                                        Some(v) => attr_defaults.value = Some(v),
                                        None => return Err("The default value for an optional attribute must be a constant.".into()),
                                    }
                                }
                                (t, true)
                            }
                            other => (parse(other, &mut attr_defaults, true)?, false),
                        };
                        if is_opt {
                            optional.insert(key.clone());
                        }
                        if has_defaults(&attr_defaults) {
                            defaults.attrs.insert(key.clone(), attr_defaults);
                        }
                        attrs.insert(key, t);
                    }
                    Ok(Type::Object(Arc::new(crate::lang::ObjectType { attrs, optional })))
                }
                "tuple" => {
                    let Some(Expression::Array(arr)) = args.first() else {
                        return Err("The tuple type constructor requires one argument specifying the element types as a list.".into());
                    };
                    let mut ts = Vec::new();
                    for e in arr.iter() {
                        ts.push(parse(e, &mut Defaults::default(), false)?);
                    }
                    Ok(Type::tuple(ts))
                }
                "optional" => {
                    let _ = in_object_attr;
                    Err("Keyword \"optional\" is valid only as a modifier for object type attributes.".into())
                }
                other => Err(format!("Keyword {other:?} is not a valid type constructor.")),
            }
        }
        _ => Err("A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).".into()),
    }
}

/// The value of a constant expression (literals, and collections of literals).
fn constant_value(e: &Expression) -> Option<Value> {
    let scope = crate::lang::eval::EmptyScope;
    let host = crate::lang::functions::PlainHost { dir: std::path::PathBuf::from(".") };
    let file = std::sync::Arc::new(crate::diag::SourceFile::new("<default>", ".".into(), String::new()));
    let ev = crate::lang::eval::Evaluator::new(&scope, &host, &file);
    ev.eval(e).ok()
}

