//! Collection functions: length, element, lookup, merge, concat, flatten, the set
//! functions and friends, with the semantics of Terraform 1.0.3 (cty v1.9.0).
//!
//! Most functions here do their own unknown handling (their parameters allow unknown
//! values) so that type errors are reported even when an argument is unknown, as
//! cty's type-checking step does before it short-circuits unknown arguments. An
//! argument of wholly unknown type (`dynamic`) skips that type checking, as in cty,
//! and gives an unknown result of unknown type.
//!
//! Functions whose cty parameter is "marked-aware" keep the marks of nested values
//! where they are and put only the argument's top-level marks on the result; the
//! others let the call machinery remove all marks and mark the whole result.

use std::collections::BTreeMap;

use terrace_provider::{Kind, Marks, Number, Type, Value};
use unicode_segmentation::UnicodeSegmentation;

use super::{FuncError, Function, Host, Param, Registry};
use crate::lang::convert::{convert, unify};

pub fn register(r: &mut Registry) {
    let dynamic = |name| Param::new(name, Type::Dynamic);
    r.add(Function::new("alltrue", alltrue).param(Param::new("list", Type::list(Type::Bool))).returns(Type::Bool));
    r.add(Function::new("anytrue", anytrue).param(Param::new("list", Type::list(Type::Bool))).returns(Type::Bool));
    r.add(
        Function::new("chunklist", chunklist)
            .param(Param::new("list", Type::list(Type::Dynamic)).allow_marked().allow_unknown())
            .param(Param::new("size", Type::Number).allow_unknown())
            .returns_computed(|a| Type::list(a[0].ty())),
    );
    r.add(
        Function::new("coalesce", coalesce)
            .variadic(dynamic("vals").allow_null().allow_unknown())
            .returns(Type::Dynamic),
    );
    r.add(
        Function::new("coalescelist", coalescelist)
            .variadic(dynamic("vals").allow_null().allow_unknown())
            .returns(Type::Dynamic),
    );
    r.add(
        Function::new("compact", compact)
            .param(Param::new("list", Type::list(Type::String)))
            .returns(Type::list(Type::String)),
    );
    r.add(Function::new("concat", concat).variadic(dynamic("seqs").allow_marked().allow_unknown()));
    r.add(Function::new("contains", contains).param(dynamic("list")).param(dynamic("value")).returns(Type::Bool));
    r.add(
        Function::new("distinct", distinct)
            .param(Param::new("list", Type::list(Type::Dynamic)))
            .returns_computed(|a| a[0].ty()),
    );
    r.add(
        Function::new("element", element)
            .param(dynamic("list").allow_marked().allow_unknown())
            .param(Param::new("index", Type::Number).allow_unknown()),
    );
    r.add(Function::new("flatten", flatten).param(dynamic("list").allow_marked().allow_unknown()));
    r.add(Function::new("index", index).param(dynamic("list")).param(dynamic("value")).returns(Type::Number));
    r.add(Function::new("keys", keys).param(dynamic("inputMap").allow_marked().allow_unknown()));
    r.add(Function::new("length", length).param(dynamic("value").allow_marked().allow_unknown()).returns(Type::Number));
    r.add(
        Function::new("lookup", lookup)
            .param(dynamic("inputMap").allow_marked().allow_unknown())
            .param(Param::new("key", Type::String).allow_marked().allow_unknown())
            .variadic(dynamic("default").allow_null().allow_unknown().allow_marked()),
    );
    r.add(
        Function::new("matchkeys", matchkeys)
            .param(Param::new("values", Type::list(Type::Dynamic)).allow_unknown())
            .param(Param::new("keys", Type::list(Type::Dynamic)).allow_unknown())
            .param(Param::new("searchset", Type::list(Type::Dynamic)).allow_unknown()),
    );
    r.add(Function::new("merge", merge).variadic(dynamic("maps").allow_null().allow_marked().allow_unknown()));
    r.add(Function::new("one", one).param(dynamic("list").allow_unknown()));
    r.add(
        Function::new("range", range)
            .variadic(Param::new("params", Type::Number))
            .returns(Type::list(Type::Number)),
    );
    r.add(Function::new("reverse", reverse).param(dynamic("list").allow_marked().allow_unknown()));
    r.add(Function::new("setproduct", setproduct).variadic(dynamic("sets").allow_marked().allow_unknown()));
    let set_param = |name| Param::new(name, Type::set(Type::Dynamic)).allow_unknown();
    r.add(Function::new("setintersection", setintersection).param(set_param("first_set")).variadic(set_param("other_sets")));
    r.add(Function::new("setsubtract", setsubtract).param(set_param("a")).param(set_param("b")));
    r.add(Function::new("setunion", setunion).param(set_param("first_set")).variadic(set_param("other_sets")));
    r.add(
        Function::new("slice", slice)
            .param(dynamic("list").allow_marked().allow_unknown())
            .param(Param::new("start_index", Type::Number).allow_unknown())
            .param(Param::new("end_index", Type::Number).allow_unknown()),
    );
    r.add(
        Function::new("sort", sort)
            .param(Param::new("list", Type::list(Type::String)))
            .returns(Type::list(Type::String)),
    );
    r.add(Function::new("sum", sum).param(dynamic("list")).returns(Type::Number));
    r.add(
        Function::new("transpose", transpose)
            .param(Param::new("values", Type::map(Type::list(Type::String))))
            .returns(Type::map(Type::list(Type::String))),
    );
    r.add(Function::new("values", values).param(dynamic("values").allow_marked().allow_unknown()));
    r.add(
        Function::new("zipmap", zipmap)
            .param(Param::new("keys", Type::list(Type::String)).allow_unknown())
            .param(dynamic("values").allow_marked().allow_unknown()),
    );
    // Removed in Terraform 0.15 but still known, so that calling them explains why.
    let removed = || dynamic("vals").allow_null().allow_unknown().allow_marked();
    r.add(Function::new("list", removed_list).variadic(removed()));
    r.add(Function::new("map", removed_map).variadic(removed()));
}

// ---- shared helpers -----------------------------------------------------------------

fn call_err(msg: impl Into<String>) -> FuncError {
    FuncError::call(msg)
}

const WHOLE_NUMBER: &str = "value must be a whole number, between -9223372036854775808 and 9223372036854775807";

/// A number as a Go `int` (what gocty does for index and size arguments).
pub(super) fn to_int(n: &Number) -> Result<i64, &'static str> {
    if !n.is_integer() || *n < Number::from_i64(i64::MIN) || *n > Number::from_i64(i64::MAX) {
        return Err(WHOLE_NUMBER);
    }
    n.to_i64().ok_or(WHOLE_NUMBER)
}

/// Go's `%q` for a string.
pub(super) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Builds a set the way cty does: elements cannot carry marks, so their marks move to
/// the set itself.
pub(super) fn make_set(ety: Type, elems: Vec<Value>) -> Value {
    let mut marks = Marks::NONE;
    let elems = elems
        .into_iter()
        .map(|e| {
            let (e, m) = e.unmark_deep();
            marks |= m;
            e
        })
        .collect();
    Value::set(ety, elems).with_marks(marks)
}

/// The elements of a known list, set or tuple (empty for anything else).
fn elems(v: &Value) -> &[Value] {
    v.as_elements().unwrap_or(&[])
}

/// cty's `HasWhollyKnownType`: false when an unknown value of unknown type is inside.
fn wholly_known_type(v: &Value) -> bool {
    if v.is_null() {
        return true;
    }
    if !v.is_known() {
        return !v.ty().has_dynamic();
    }
    v.children().all(wholly_known_type)
}

/// cty's `TestConformance`: whether a value of type `a` conforms to type `b`.
fn conforms(a: &Type, b: &Type) -> bool {
    if *b == Type::Dynamic || a == b {
        return true;
    }
    match (a, b) {
        (Type::List(x), Type::List(y)) | (Type::Set(x), Type::Set(y)) | (Type::Map(x), Type::Map(y)) => conforms(x, y),
        (Type::Object(x), Type::Object(y)) => {
            x.attrs.len() == y.attrs.len()
                && x.attrs.iter().all(|(k, t)| y.attrs.get(k).is_some_and(|u| conforms(t, u)))
        }
        (Type::Tuple(x), Type::Tuple(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(t, u)| conforms(t, u)),
        _ => false,
    }
}

/// cty's `Value.Equals` (marks ignored): `None` when the answer depends on unknown values.
pub(super) fn equals(a: &Value, b: &Value) -> Option<bool> {
    match (a.is_known(), b.is_known()) {
        (false, false) => return None,
        (true, false) | (false, true) => {
            let (k, u) = if a.is_known() { (a, b) } else { (b, a) };
            if k.is_null() || u.ty().has_dynamic() {
                return None;
            }
            if k.ty() != u.ty() {
                return Some(false);
            }
            return None;
        }
        _ => {}
    }
    if a.is_null() || b.is_null() {
        return Some(a.is_null() && b.is_null());
    }
    let (at, bt) = (a.ty(), b.ty());
    if !wholly_known_type(a) || !wholly_known_type(b) {
        if !conforms(&at, &bt) && !conforms(&bt, &at) {
            return Some(false);
        }
        return None;
    }
    if at != bt {
        return Some(false);
    }
    match (a.kind(), b.kind()) {
        (Kind::Number(x), Kind::Number(y)) => Some(x == y),
        (Kind::Bool(x), Kind::Bool(y)) => Some(x == y),
        (Kind::String(x), Kind::String(y)) => Some(x == y),
        (Kind::Object(x), Kind::Object(y)) | (Kind::Map(_, x), Kind::Map(_, y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (k, xv) in x.iter() {
                let Some(yv) = y.get(k) else { return Some(false) };
                match equals(xv, yv) {
                    None => return None,
                    Some(false) => return Some(false),
                    Some(true) => {}
                }
            }
            Some(true)
        }
        (Kind::Tuple(x), Kind::Tuple(y)) | (Kind::List(_, x), Kind::List(_, y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (xv, yv) in x.iter().zip(y.iter()) {
                match equals(xv, yv) {
                    None => return None,
                    Some(false) => return Some(false),
                    Some(true) => {}
                }
            }
            Some(true)
        }
        (Kind::Set(_, x), Kind::Set(_, y)) => {
            if x.iter().chain(y.iter()).any(|v| !v.is_known()) {
                return None;
            }
            let within = |s: &[Value], e: &Value| s.iter().any(|f| equals(e, f) == Some(true));
            Some(x.iter().all(|e| within(y, e)) && y.iter().all(|e| within(x, e)))
        }
        _ => Some(false),
    }
}

/// The result for an argument of unknown type: cty skips type checking and returns an
/// unknown value of unknown type.
fn unknown_dynamic(marks: Marks) -> Result<Value, FuncError> {
    Ok(Value::unknown_dynamic().with_marks(marks))
}

// ---- functions ----------------------------------------------------------------------

fn alltrue(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    for v in elems(&args[0]) {
        if !v.is_known() {
            return Ok(Value::unknown(Type::Bool));
        }
        if v.as_bool() != Some(true) {
            return Ok(Value::bool(false));
        }
    }
    Ok(Value::bool(true))
}

fn anytrue(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let mut has_unknown = false;
    for v in elems(&args[0]) {
        if !v.is_known() {
            has_unknown = true;
            continue;
        }
        if v.as_bool() == Some(true) {
            return Ok(Value::bool(true));
        }
    }
    Ok(if has_unknown { Value::unknown(Type::Bool) } else { Value::bool(false) })
}

fn chunklist(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (list, marks) = args[0].clone().unmark();
    let list_ty = list.ty();
    let ret = Type::list(list_ty.clone());
    if !list.is_known() || !args[1].is_known() {
        return Ok(Value::unknown(ret).with_marks(marks));
    }
    let size = match args[1].as_number() {
        Some(n) => to_int(n).map_err(|e| call_err(format!("invalid size: {e}")))?,
        None => return Err(call_err("invalid size: value must not be null")),
    };
    if size < 0 {
        return Err(call_err("the size argument must be positive"));
    }
    let items = elems(&list);
    if items.is_empty() {
        return Ok(Value::empty_list(list_ty).with_marks(marks));
    }
    if size == 0 {
        return Ok(Value::list(list_ty, vec![list]).with_marks(marks));
    }
    let ety = list_ty.element_type().cloned().unwrap_or(Type::Dynamic);
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let chunks = items.chunks(size).map(|c| Value::list(ety.clone(), c.to_vec())).collect();
    Ok(Value::list(list_ty, chunks).with_marks(marks))
}

fn coalesce(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let types: Vec<Type> = args.iter().map(Value::ty).collect();
    let ret = if types.is_empty() { None } else { unify(&types) };
    let Some(ret) = ret else {
        return Err(call_err("all arguments must have the same type"));
    };
    for arg in args {
        let Ok(v) = convert(arg, &ret) else {
            continue;
        };
        if !v.is_known() {
            return Ok(Value::unknown(ret));
        }
        if v.is_null() {
            continue;
        }
        if ret == Type::String && v.as_str() == Some("") {
            continue;
        }
        return Ok(v);
    }
    Err(call_err("no non-null, non-empty-string arguments"))
}

fn coalescelist(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    if args.is_empty() {
        return Err(call_err("at least one argument is required"));
    }
    let mut ret = None;
    for arg in &args {
        if !arg.is_known() {
            ret = Some(Type::Dynamic);
            break;
        }
        let ty = arg.ty();
        if !matches!(ty, Type::List(_) | Type::Tuple(_)) {
            return Err(call_err("coalescelist arguments must be lists or tuples"));
        }
    }
    let ret = ret.unwrap_or_else(|| {
        let first = args[0].ty();
        if args.iter().all(|a| a.ty() == first) { first } else { Type::Dynamic }
    });
    for arg in args {
        if !arg.is_known() {
            return Ok(Value::unknown(ret));
        }
        if arg.is_null() {
            return Err(call_err("panic in function implementation: value is null"));
        }
        if !arg.is_empty() {
            return Ok(arg);
        }
    }
    Err(call_err("no non-null arguments"))
}

fn compact(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let list = &args[0];
    if !list.is_wholly_known() {
        return Ok(Value::unknown(Type::list(Type::String)));
    }
    let out = elems(list).iter().filter(|v| !v.is_null() && v.as_str() != Some("")).cloned().collect();
    Ok(Value::list(Type::String, out))
}

/// The result type of `concat`, or Dynamic when it cannot be known yet.
fn concat_type(args: &[Value]) -> Result<Type, FuncError> {
    if args.is_empty() {
        return Err(call_err("at least one argument is required"));
    }
    let types: Vec<Type> = args.iter().map(Value::ty).collect();
    if matches!(types[0], Type::List(_)) && types.iter().all(|t| matches!(t, Type::List(_))) {
        if let Some(t @ Type::List(_)) = unify(&types) {
            return Ok(t);
        }
    }
    let mut etys = Vec::new();
    for (i, (arg, ty)) in args.iter().zip(types).enumerate() {
        match ty {
            Type::Tuple(ts) => etys.extend(ts.iter().cloned()),
            Type::List(et) => {
                if !arg.is_known() {
                    return Ok(Type::Dynamic);
                }
                etys.extend(std::iter::repeat_n(*et, arg.len().unwrap_or(0)));
            }
            other => {
                return Err(FuncError::arg(
                    i,
                    format!("all arguments must be lists or tuples; got {}", other.friendly_name()),
                ))
            }
        }
    }
    Ok(Type::tuple(etys))
}

fn concat(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    if args.iter().any(|a| a.ty() == Type::Dynamic) {
        return unknown_dynamic(Marks::NONE);
    }
    let ret = concat_type(&args)?;
    let mut marks = Marks::NONE;
    if args.iter().any(|a| !a.is_known()) {
        for a in &args {
            marks |= a.marks();
        }
        return Ok(Value::unknown(ret).with_marks(marks));
    }
    let mut out = Vec::new();
    match &ret {
        Type::List(ety) => {
            for (i, arg) in args.into_iter().enumerate() {
                let list = convert(arg, &ret).map_err(|e| FuncError::arg(i, e.to_string()))?;
                let (list, m) = list.unmark();
                marks |= m;
                out.extend(elems(&list).iter().cloned());
            }
            Ok(Value::list((**ety).clone(), out).with_marks(marks))
        }
        _ => {
            for arg in args {
                let (seq, m) = arg.unmark();
                marks |= m;
                out.extend(elems(&seq).iter().cloned());
            }
            Ok(Value::tuple(out).with_marks(marks))
        }
    }
}

fn contains(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let list = &args[0];
    if !list.ty().is_list_like() {
        return Err(call_err("argument must be list, tuple, or set"));
    }
    let items = elems(list);
    if items.is_empty() {
        return Ok(Value::bool(false));
    }
    let mut contains_unknown = false;
    for v in items {
        match equals(&args[1], v) {
            None => contains_unknown = true,
            Some(true) => return Ok(Value::bool(true)),
            Some(false) => {}
        }
    }
    Ok(if contains_unknown { Value::unknown(Type::Bool) } else { Value::bool(false) })
}

fn distinct(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let list = &args[0];
    let ret = list.ty();
    if !list.is_wholly_known() {
        return Ok(Value::unknown(ret));
    }
    let mut out: Vec<Value> = Vec::new();
    for v in elems(list) {
        if !out.iter().any(|o| equals(o, v) == Some(true)) {
            out.push(v.clone());
        }
    }
    let ety = ret.element_type().cloned().unwrap_or(Type::Dynamic);
    Ok(Value::list(ety, out))
}

fn element(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (list, marks) = args[0].clone().unmark();
    let index = &args[1];
    let list_ty = list.ty();
    if list_ty == Type::Dynamic {
        return unknown_dynamic(marks);
    }
    if let Some(n) = index.as_number() {
        if *n < Number::from_i64(0) {
            return Err(call_err("cannot use element function with a negative index"));
        }
    }
    let ret = match &list_ty {
        Type::List(et) => (**et).clone(),
        Type::Tuple(ts) => match index.as_number() {
            None => Type::Dynamic,
            Some(n) => {
                let i = to_int(n).map_err(|e| call_err(format!("invalid index: {e}")))?;
                if ts.is_empty() {
                    return Err(call_err("cannot use element function with an empty list"));
                }
                ts[(i.unsigned_abs() % ts.len() as u64) as usize].clone()
            }
        },
        other => return Err(call_err(format!("cannot read elements from {}", other.friendly_name()))),
    };
    if !list.is_known() || !index.is_known() {
        return Ok(Value::unknown(ret).with_marks(marks));
    }
    let i = match index.as_number() {
        Some(n) => to_int(n).map_err(|e| call_err(format!("invalid index: {e}")))?,
        None => return Err(call_err("invalid index: value must not be null")),
    };
    let items = elems(&list);
    if items.is_empty() {
        return Err(call_err("cannot use element function with an empty list"));
    }
    Ok(items[(i.unsigned_abs() % items.len() as u64) as usize].clone().with_marks(marks))
}

/// Flattens nested lists, sets and tuples; None when an unknown nested sequence makes
/// the result's length unknown. Marks on nested sequences are gathered into `marks`.
fn flattener(list: &Value, marks: &mut Marks) -> Result<Option<Vec<Value>>, FuncError> {
    let mut out = Vec::new();
    for v in list.children() {
        if v.ty().is_list_like() {
            if !v.is_known() {
                return Ok(None);
            }
            if v.is_null() {
                return Err(call_err("panic in function implementation: can't use ElementIterator on null value"));
            }
            let (inner, m) = v.clone().unmark();
            *marks |= m;
            match flattener(&inner, marks)? {
                Some(r) => out.extend(r),
                None => return Ok(None),
            }
        } else {
            out.push(v.clone());
        }
    }
    Ok(Some(out))
}

fn flatten(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (list, mut marks) = args[0].clone().unmark();
    if !list.is_known() {
        return unknown_dynamic(marks);
    }
    if list.is_wholly_known() && !list.ty().is_list_like() {
        return Err(call_err("can only flatten lists, sets and tuples"));
    }
    if list.is_empty() {
        return Ok(Value::empty_tuple().with_marks(marks));
    }
    match flattener(&list, &mut marks)? {
        Some(out) => Ok(Value::tuple(out).with_marks(marks)),
        None => unknown_dynamic(marks),
    }
}

fn index(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let list = &args[0];
    if !matches!(list.ty(), Type::List(_) | Type::Tuple(_)) {
        return Err(call_err("argument must be a list or tuple"));
    }
    let items = elems(list);
    if items.is_empty() {
        return Err(call_err("cannot search an empty list"));
    }
    for (i, v) in items.iter().enumerate() {
        match equals(v, &args[1]) {
            None => return Ok(Value::unknown(Type::Number)),
            Some(true) => return Ok(Value::int(i as i64)),
            Some(false) => {}
        }
    }
    Err(call_err("item not found"))
}

fn keys(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (m, marks) = args[0].clone().unmark();
    let out = match m.ty() {
        Type::Dynamic => return unknown_dynamic(marks),
        Type::Map(_) => {
            if !m.is_known() {
                Value::unknown(Type::list(Type::String))
            } else {
                let ks = m.as_entries().map(|e| e.keys().map(|k| Value::string(k.as_str())).collect()).unwrap_or_default();
                Value::list(Type::String, ks)
            }
        }
        // The attribute names come from the type, so they are known even when the
        // object is not.
        Type::Object(o) => Value::tuple(o.attrs.keys().map(|k| Value::string(k.as_str())).collect()),
        _ => return Err(FuncError::arg(0, "must have map or object type")),
    };
    Ok(out.with_marks(marks))
}

fn length(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (v, marks) = args[0].clone().unmark();
    let out = match v.ty() {
        Type::Dynamic => Value::unknown(Type::Number),
        Type::Tuple(ts) => Value::int(ts.len() as i64),
        Type::Object(o) => Value::int(o.attrs.len() as i64),
        Type::String => match v.as_str() {
            Some(s) => Value::int(s.graphemes(true).count() as i64),
            None => Value::unknown(Type::Number),
        },
        Type::List(_) | Type::Set(_) | Type::Map(_) => match v.len() {
            Some(n) if v.is_known() => Value::int(n as i64),
            _ => Value::unknown(Type::Number),
        },
        _ => return Err(call_err("argument must be a string, a collection type, or a structural type")),
    };
    Ok(out.with_marks(marks))
}

fn lookup(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    if args.len() > 3 {
        return Err(call_err(format!("lookup() takes two or three arguments, got {}", args.len())));
    }
    let (map, mut marks) = args[0].clone().unmark();
    let (key, key_marks) = args[1].clone().unmark();
    marks |= key_marks;
    let default = args.get(2);
    let ret = match map.ty() {
        Type::Dynamic => return unknown_dynamic(marks),
        Type::Object(o) => match key.as_str() {
            None => Type::Dynamic,
            Some(k) => match (o.attrs.get(k), default) {
                (Some(t), _) => t.clone(),
                (None, Some(d)) => d.ty(),
                (None, None) => {
                    return Err(FuncError::arg(0, format!("the given object has no attribute {}", go_quote(k))))
                }
            },
        },
        Type::Map(et) => {
            if let Some(d) = default {
                if convert(d.clone(), &et).is_err() {
                    return Err(FuncError::arg(2, "the default value must have the same type as the map elements"));
                }
            }
            *et
        }
        _ => return Err(FuncError::arg(0, "lookup() requires a map as the first argument")),
    };
    let (Some(entries), Some(k)) = (map.as_entries(), key.as_str()) else {
        return Ok(Value::unknown(ret).with_marks(marks));
    };
    if let Some(v) = entries.get(k) {
        return Ok(v.clone().with_marks(marks));
    }
    match default {
        Some(d) => Ok(convert(d.clone(), &ret).map_err(|e| call_err(e.to_string()))?.with_marks(marks)),
        None => Err(call_err(format!("lookup failed to find '{k}'"))),
    }
}

fn matchkeys(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (values, keys, search) = (&args[0], &args[1], &args[2]);
    let Some(ty) = unify(&[keys.ty(), search.ty()]) else {
        return Err(call_err("keys and searchset must be of the same type"));
    };
    let ret = values.ty();
    let ety = ret.element_type().cloned().unwrap_or(Type::Dynamic);
    if args.iter().any(|a| !a.is_known()) {
        return Ok(Value::unknown(ret));
    }
    if values.len() != keys.len() {
        return Err(call_err("length of keys and values should be equal"));
    }
    let keys = convert(keys.clone(), &ty).map_err(|e| call_err(e.to_string()))?;
    let search = convert(search.clone(), &ty).map_err(|e| call_err(e.to_string()))?;
    if search.is_empty() {
        return Ok(Value::empty_list(ety));
    }
    if !values.is_wholly_known() || !keys.is_wholly_known() {
        return Ok(Value::unknown(ret));
    }
    let vals = elems(values);
    let mut out = Vec::new();
    for (i, key) in elems(&keys).iter().enumerate() {
        for s in elems(&search) {
            match equals(key, s) {
                None => return Ok(Value::empty_list(ety)),
                Some(true) => {
                    if let Some(v) = vals.get(i) {
                        out.push(v.clone());
                    }
                    break;
                }
                Some(false) => {}
            }
        }
    }
    Ok(Value::list(ety, out))
}

/// The result type of `merge`: the common type when all arguments have the same type,
/// otherwise an object with every attribute (later arguments' types win).
fn merge_type(args: &[Value]) -> Result<Type, FuncError> {
    if args.is_empty() {
        return Ok(Type::empty_object());
    }
    let mut attrs = BTreeMap::new();
    let mut first: Option<Type> = None;
    let mut matching = true;
    let mut attrs_known = true;
    for arg in args {
        let ty = arg.ty();
        if ty == Type::Dynamic {
            return Ok(Type::Dynamic);
        }
        match &ty {
            Type::Object(o) => {
                if !arg.is_null() {
                    attrs.extend(o.attrs.iter().map(|(k, t)| (k.clone(), t.clone())));
                }
            }
            Type::Map(et) => {
                if arg.is_null() {
                } else if let Some(entries) = arg.as_entries() {
                    attrs.extend(entries.keys().map(|k| (k.clone(), (**et).clone())));
                } else {
                    attrs_known = false;
                }
            }
            other => {
                return Err(call_err(format!("arguments must be maps or objects, got \"{}\"", other.friendly_name())))
            }
        }
        match &first {
            None => first = Some(ty),
            Some(f) => {
                if *f != ty {
                    matching = false;
                }
            }
        }
    }
    match first {
        Some(f) if matching => Ok(f),
        _ if !attrs_known => Ok(Type::Dynamic),
        _ => Ok(Type::object(attrs)),
    }
}

fn merge(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let ret = merge_type(&args)?;
    let mut marks = Marks::NONE;
    for a in &args {
        marks |= a.marks();
    }
    if args.iter().any(|a| !a.is_known()) {
        return Ok(Value::unknown(ret).with_marks(marks));
    }
    let mut out = BTreeMap::new();
    for arg in args {
        let (arg, _) = arg.unmark();
        if arg.is_null() {
            continue;
        }
        match arg.as_entries() {
            Some(entries) => out.extend(entries.iter().map(|(k, v)| (k.clone(), v.clone()))),
            None => return Err(call_err("panic in function implementation: can't use ElementIterator on this value")),
        }
    }
    let out = match ret {
        Type::Map(et) => {
            let et = match (*et, out.values().next()) {
                (Type::Dynamic, Some(v)) => v.ty(),
                (et, _) => et,
            };
            Value::map(et, out)
        }
        _ => Value::object(out),
    };
    Ok(out.with_marks(marks))
}

const ONE_MSG: &str = "must be a list, set, or tuple value with either zero or one elements";

fn one(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let v = &args[0];
    let ret = match v.ty() {
        Type::Dynamic => return unknown_dynamic(Marks::NONE),
        Type::List(et) | Type::Set(et) => *et,
        Type::Tuple(ts) => match ts.len() {
            0 => Type::Dynamic,
            1 => ts[0].clone(),
            _ => return Err(FuncError::arg(0, ONE_MSG)),
        },
        _ => return Err(FuncError::arg(0, ONE_MSG)),
    };
    if !v.is_known() {
        return Ok(Value::unknown(ret));
    }
    match elems(v) {
        [] => Ok(Value::null(ret)),
        [only] => Ok(only.clone()),
        _ => Err(FuncError::arg(0, ONE_MSG)),
    }
}

/// The most values `range` produces, as in cty (guards against huge allocations).
const RANGE_LIMIT: usize = 1024;

fn range(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let nums: Vec<Number> = args.iter().map(|a| a.as_number().cloned().unwrap_or_else(|| Number::from_i64(0))).collect();
    let zero = Number::from_i64(0);
    let (start, end, step) = match nums.as_slice() {
        [end] => {
            let step = Number::from_i64(if *end < zero { -1 } else { 1 });
            (zero.clone(), end.clone(), step)
        }
        [start, end] => {
            let step = Number::from_i64(if end < start { -1 } else { 1 });
            (start.clone(), end.clone(), step)
        }
        [start, end, step] => (start.clone(), end.clone(), step.clone()),
        _ => return Err(call_err("must have one, two, or three arguments")),
    };
    // cty's zero-step check never fires (it compares pointers), so a zero step runs
    // into the value limit below unless start is already past the end.
    let down = step < zero;
    if down {
        if end > start {
            return Err(FuncError::arg(1, "end must be less than start when step is negative"));
        }
    } else if end < start {
        return Err(FuncError::arg(1, "end must be greater than start when step is positive"));
    }
    let mut out = Vec::new();
    let mut num = start;
    loop {
        if (down && num <= end) || (!down && num >= end) {
            break;
        }
        if out.len() >= RANGE_LIMIT {
            return Err(call_err(
                "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step",
            ));
        }
        let next = num
            .add(&step)
            .map_err(|_| call_err("panic in function implementation: addition of infinities with opposite signs"))?;
        out.push(Value::number(num));
        num = next;
    }
    Ok(Value::list(Type::Number, out))
}

fn reverse(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (list, marks) = args[0].clone().unmark();
    let ret = match list.ty() {
        Type::Dynamic => return unknown_dynamic(marks),
        Type::Tuple(ts) => Type::tuple(ts.iter().rev().cloned().collect()),
        Type::List(et) | Type::Set(et) => Type::list(*et),
        other => {
            return Err(FuncError::arg(0, format!("can only reverse list or tuple values, not {}", other.friendly_name())))
        }
    };
    if !list.is_known() {
        return Ok(Value::unknown(ret).with_marks(marks));
    }
    let out: Vec<Value> = elems(&list).iter().rev().cloned().collect();
    Ok(match ret {
        Type::List(et) => Value::list(*et, out),
        _ => Value::tuple(out),
    }
    .with_marks(marks))
}

/// Products larger than this many values are refused rather than allocated.
const PRODUCT_LIMIT: usize = 10_000_000;

fn setproduct(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    if args.len() < 2 {
        return Err(call_err("at least two arguments are required"));
    }
    if args.iter().any(|a| a.ty() == Type::Dynamic) {
        return unknown_dynamic(Marks::NONE);
    }
    let mut list_count = 0;
    let mut etys = Vec::with_capacity(args.len());
    for (i, arg) in args.iter().enumerate() {
        match arg.ty() {
            Type::Set(et) => etys.push(*et),
            Type::List(et) => {
                etys.push(*et);
                list_count += 1;
            }
            Type::Tuple(ts) => {
                list_count += 1;
                if ts.is_empty() {
                    etys.push(Type::Dynamic);
                } else {
                    match unify(&ts) {
                        Some(t) => etys.push(t),
                        None => return Err(FuncError::arg(i, "all elements must be of the same type")),
                    }
                }
            }
            _ => return Err(FuncError::arg(i, "a set or a list is required")),
        }
    }
    let ety = Type::tuple(etys.clone());
    let is_list = list_count == args.len();
    let ret = if is_list { Type::list(ety.clone()) } else { Type::set(ety.clone()) };
    let mut marks = Marks::NONE;
    let mut lists = Vec::with_capacity(args.len());
    for arg in args {
        let (arg, m) = arg.unmark();
        marks |= m;
        lists.push(arg);
    }
    if lists.iter().any(|l| !l.is_known()) {
        return Ok(Value::unknown(ret).with_marks(marks));
    }
    let mut total: usize = 1;
    for l in &lists {
        total = total.saturating_mul(elems(l).len());
    }
    if total.saturating_mul(lists.len()) > PRODUCT_LIMIT {
        return Err(call_err("the product has too many elements"));
    }
    let mut product = Vec::with_capacity(total);
    let mut idx = vec![0usize; lists.len()];
    for _ in 0..total {
        let mut tuple = Vec::with_capacity(lists.len());
        for (j, &n) in idx.iter().enumerate() {
            let v = elems(&lists[j])[n].clone();
            let v = if v.ty() == etys[j] {
                v
            } else {
                convert(v, &etys[j]).map_err(|_| {
                    call_err(format!(
                        "failed to convert argVals[{j}][{n}] to {}; this is a bug in cty",
                        etys[j].friendly_name()
                    ))
                })?
            };
            tuple.push(v);
        }
        product.push(Value::tuple(tuple));
        for j in (0..idx.len()).rev() {
            idx[j] += 1;
            if idx[j] < elems(&lists[j]).len() {
                break;
            }
            idx[j] = 0;
        }
    }
    Ok(if is_list { Value::list(ety, product) } else { make_set(ety, product) }.with_marks(marks))
}

/// The result type of the set operations: a set of the unified element types, where
/// known empty sets of unknown element type do not take part.
fn set_op_type(args: &[Value]) -> Result<Type, FuncError> {
    let mut etys = Vec::new();
    for arg in args {
        let ety = arg.ty().element_type().cloned().unwrap_or(Type::Dynamic);
        if arg.is_known() && arg.is_empty() && ety == Type::Dynamic {
            continue;
        }
        etys.push(ety);
    }
    if etys.is_empty() {
        return Ok(Type::set(Type::Dynamic));
    }
    match unify(&etys) {
        Some(t) => Ok(Type::set(t)),
        None => Err(call_err("given sets must all have compatible element types")),
    }
}

/// Converts every argument to the common set type and folds them with `op`.
fn set_op(args: Vec<Value>, op: fn(Vec<Value>, &[Value]) -> Vec<Value>) -> Result<Value, FuncError> {
    let ret = set_op_type(&args)?;
    if args.iter().any(|a| !a.is_known()) {
        return Ok(Value::unknown(ret));
    }
    let ety = ret.element_type().cloned().unwrap_or(Type::Dynamic);
    let mut acc: Option<Vec<Value>> = None;
    for (i, arg) in args.into_iter().enumerate() {
        let set = convert(arg, &ret).map_err(|e| FuncError::arg(i, e.to_string()))?;
        let items = elems(&set).to_vec();
        acc = Some(match acc {
            None => items,
            Some(a) => op(a, &items),
        });
    }
    Ok(make_set(ety, acc.unwrap_or_default()))
}

/// Membership in a set's elements (which are kept in set order).
fn set_has(set: &[Value], v: &Value) -> bool {
    set.binary_search_by(|e| terrace_provider::value::set_order(e, v)).is_ok()
}

fn setunion(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    set_op(args, |mut a, b| {
        a.extend(b.iter().cloned());
        a
    })
}

fn setintersection(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    set_op(args, |a, b| a.into_iter().filter(|v| set_has(b, v)).collect())
}

fn setsubtract(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    set_op(args, |a, b| a.into_iter().filter(|v| !set_has(b, v)).collect())
}

/// Validates `slice`'s indexes; returns them and whether both are known.
fn slice_indexes(list: &Value, start: &Value, end: &Value) -> Result<(usize, usize, bool), FuncError> {
    let length = if let Type::Tuple(ts) = list.ty() {
        Some(ts.len())
    } else if list.is_known() {
        list.len()
    } else {
        None
    };
    let check = |v: &Value, i: usize, what: &str| -> Result<Option<usize>, FuncError> {
        let Some(n) = v.as_number() else { return Ok(None) };
        let idx = to_int(n).map_err(|e| FuncError::arg(i, format!("invalid {what} index: {e}")))?;
        if idx < 0 {
            return Err(FuncError::arg(i, format!("{what} index must not be less than zero")));
        }
        let idx = usize::try_from(idx).unwrap_or(usize::MAX);
        if length.is_some_and(|l| idx > l) {
            return Err(FuncError::arg(i, format!("{what} index must not be greater than the length of the list")));
        }
        Ok(Some(idx))
    };
    let s = check(start, 1, "start")?;
    let e = check(end, 2, "end")?;
    match (s, e) {
        (Some(s), Some(e)) if s > e => Err(FuncError::arg(1, "start index must not be greater than end index")),
        (Some(s), Some(e)) => Ok((s, e, true)),
        _ => Ok((0, 0, false)),
    }
}

fn slice(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (list, marks) = args[0].clone().unmark();
    let list_ty = list.ty();
    match list_ty {
        Type::Dynamic => return unknown_dynamic(marks),
        Type::Set(_) => {
            return Err(FuncError::arg(
                0,
                "cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important",
            ))
        }
        Type::List(_) | Type::Tuple(_) => {}
        _ => return Err(FuncError::arg(0, "must be a list or tuple value")),
    }
    let (start, end, known) = slice_indexes(&list, &args[1], &args[2])?;
    let ret = match &list_ty {
        Type::Tuple(ts) if known => Type::tuple(ts.get(start..end).unwrap_or(&[]).to_vec()),
        Type::Tuple(_) => Type::Dynamic,
        other => other.clone(),
    };
    if !known || !list.is_known() {
        return Ok(Value::unknown(ret).with_marks(marks));
    }
    let out = elems(&list).get(start..end).unwrap_or(&[]).to_vec();
    Ok(match ret {
        Type::List(et) => Value::list(*et, out),
        _ => Value::tuple(out),
    }
    .with_marks(marks))
}

fn sort(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let list = &args[0];
    if !list.is_wholly_known() {
        return Ok(Value::unknown(Type::list(Type::String)));
    }
    let mut strs = Vec::new();
    for (i, v) in elems(list).iter().enumerate() {
        match v.as_str() {
            Some(s) => strs.push(s),
            None => return Err(call_err(format!("given list element {i} is null; a null string cannot be sorted"))),
        }
    }
    strs.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    Ok(Value::list(Type::String, strs.into_iter().map(Value::string).collect()))
}

fn sum(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    const NOT_NUMBERS: &str = "argument must be list, set, or tuple of number values";
    let list = &args[0];
    let ty = list.ty();
    if !(ty.is_list_like() || ty.is_map_like()) {
        return Err(FuncError::arg(0, "cannot sum noniterable"));
    }
    if list.is_empty() {
        return Err(FuncError::arg(0, "cannot sum an empty list"));
    }
    if !ty.is_list_like() {
        return Err(FuncError::arg(0, format!("argument must be list, set, or tuple. Received {}", ty.friendly_name())));
    }
    if !list.is_wholly_known() {
        return Ok(Value::unknown(Type::Number));
    }
    let items = elems(list);
    let first = &items[0];
    if first.is_null() {
        return Err(FuncError::arg(0, NOT_NUMBERS));
    }
    let mut total = first.as_number().cloned();
    for v in &items[1..] {
        if v.is_null() {
            return Err(FuncError::arg(0, NOT_NUMBERS));
        }
        let v = convert(v.clone(), &Type::Number).map_err(|_| FuncError::arg(0, NOT_NUMBERS))?;
        let Some(acc) = &total else {
            // The first element is not a number: cty's arithmetic panics on it.
            return Err(call_err(format!(
                "panic in function implementation: type mismatch: want number but value 0 is {}",
                first.ty().friendly_name()
            )));
        };
        let n = v.as_number().cloned().unwrap_or_else(|| Number::from_i64(0));
        total = Some(acc.add(&n).map_err(|_| call_err("can't compute sum of opposing infinities"))?);
    }
    match total {
        Some(n) => Ok(Value::number(n)),
        None => Err(call_err(format!(
            "panic in function implementation: returned value does not conform to expected return type number: number required, but received {}",
            first.ty().friendly_name()
        ))),
    }
}

fn transpose(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let input = &args[0];
    let ret_ety = Type::list(Type::String);
    if !input.is_wholly_known() {
        return Ok(Value::unknown(Type::map(ret_ety)));
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, list) in input.as_entries().into_iter().flatten() {
        if list.is_null() {
            return Err(call_err("panic in function implementation: can't use ElementIterator on null value"));
        }
        for v in elems(list) {
            let Some(s) = v.as_str() else {
                return Err(call_err("panic in function implementation: value is null"));
            };
            out.entry(s.to_string()).or_default().push(k.clone());
        }
    }
    let out = out
        .into_iter()
        .map(|(k, mut vs)| {
            vs.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            (k, Value::list(Type::String, vs.into_iter().map(|s| Value::string(s.as_str())).collect()))
        })
        .collect();
    Ok(Value::map(ret_ety, out))
}

fn values(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (m, marks) = args[0].clone().unmark();
    let ret = match m.ty() {
        Type::Dynamic => return unknown_dynamic(marks),
        Type::Map(et) => Type::list(*et),
        Type::Object(o) => Type::tuple(o.attrs.values().cloned().collect()),
        _ => return Err(call_err("values() requires a map as the first argument")),
    };
    let Some(entries) = m.as_entries() else {
        return Ok(Value::unknown(ret).with_marks(marks));
    };
    let out: Vec<Value> = entries.values().cloned().collect();
    Ok(match ret {
        Type::List(et) => Value::list(*et, out),
        _ => Value::tuple(out),
    }
    .with_marks(marks))
}

fn zipmap(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let keys = &args[0];
    let (vals, marks) = args[1].clone().unmark();
    let mismatch = |k: usize, v: usize| call_err(format!("number of keys ({k}) does not match number of values ({v})"));
    let ret = match vals.ty() {
        Type::Dynamic => return unknown_dynamic(marks),
        Type::List(et) => Type::map(*et),
        Type::Tuple(ts) => {
            if !keys.is_wholly_known() {
                Type::Dynamic
            } else {
                let ks = elems(keys);
                if ks.len() != ts.len() {
                    return Err(mismatch(ks.len(), ts.len()));
                }
                let mut atys = BTreeMap::new();
                for (i, (k, t)) in ks.iter().zip(ts.iter()).enumerate() {
                    let Some(k) = k.as_str() else {
                        return Err(call_err(format!("keys list has null value at index {i}")));
                    };
                    atys.insert(k.to_string(), t.clone());
                }
                Type::object(atys)
            }
        }
        _ => return Err(call_err("values argument must be a list or tuple value")),
    };
    if !keys.is_wholly_known() || !vals.is_known() {
        return Ok(Value::unknown(ret).with_marks(marks));
    }
    let (ks, vs) = (elems(keys), elems(&vals));
    if ks.len() != vs.len() {
        return Err(mismatch(ks.len(), vs.len()));
    }
    let mut out = BTreeMap::new();
    for (k, v) in ks.iter().zip(vs.iter()) {
        let Some(k) = k.as_str() else {
            return Err(call_err("panic in function implementation: value is null"));
        };
        out.insert(k.to_string(), v.clone());
    }
    Ok(match ret {
        Type::Map(et) => Value::map(*et, out),
        _ => Value::object(out),
    }
    .with_marks(marks))
}

fn removed_list(_h: &dyn Host, _args: Vec<Value>) -> Result<Value, FuncError> {
    Err(call_err(
        "the \"list\" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list",
    ))
}

fn removed_map(_h: &dyn Host, _args: Vec<Value>) -> Result<Value, FuncError> {
    Err(call_err(
        "the \"map\" function was deprecated in Terraform v0.12 and is no longer available; use tomap({ ... }) syntax to write a literal map",
    ))
}

#[cfg(test)]
pub(super) mod tests {
    //! Expectations checked against Terraform 1.0.3 (`terraform apply` and, for
    //! unknown values, `terraform plan` with `timestamp()` as the unknown).
    use super::super::testing::{call, n, s, strs};
    use super::super::FuncError;
    use terrace_provider::{Number, Type, Value};

    /// A value from JSON written the way HCL literals evaluate: arrays are tuples,
    /// objects are objects, `null` is a null of unknown type.
    pub(crate) fn j(src: &str) -> Value {
        fn conv(v: &serde_json::Value) -> Value {
            match v {
                serde_json::Value::Null => Value::null_dynamic(),
                serde_json::Value::Bool(b) => Value::bool(*b),
                serde_json::Value::Number(x) => Value::number(Number::parse(&x.to_string()).expect("number")),
                serde_json::Value::String(x) => Value::string(x.as_str()),
                serde_json::Value::Array(xs) => Value::tuple(xs.iter().map(conv).collect()),
                serde_json::Value::Object(m) => Value::object(m.iter().map(|(k, v)| (k.clone(), conv(v))).collect()),
            }
        }
        conv(&serde_json::from_str(src).expect("test JSON"))
    }
    pub(crate) fn f(name: &str, args: Vec<Value>) -> Value {
        call(name, args).unwrap_or_else(|e| panic!("{name}: {e:?}"))
    }
    pub(crate) fn list(src: &str) -> Value {
        f("tolist", vec![j(src)])
    }
    pub(crate) fn set(src: &str) -> Value {
        f("toset", vec![j(src)])
    }
    pub(crate) fn map(src: &str) -> Value {
        f("tomap", vec![j(src)])
    }
    pub(crate) fn sens(v: Value) -> Value {
        v.mark_sensitive()
    }
    pub(crate) fn unk(t: Type) -> Value {
        Value::unknown(t)
    }
    /// Checks the result's type (as Terraform's JSON type) and value (as JSON).
    #[track_caller]
    pub(crate) fn check(name: &str, args: Vec<Value>, ty: &str, val: &str) {
        let v = f(name, args);
        assert_eq!(v.ty().to_json_type(), ty, "type of {name}");
        assert_eq!(v.to_json(), val, "value of {name}");
    }
    #[track_caller]
    pub(crate) fn call_fails(name: &str, args: Vec<Value>, msg: &str) {
        match call(name, args) {
            Err(FuncError::Call(m)) => assert_eq!(m, msg),
            other => panic!("{name}: expected call error {msg:?}, got {other:?}"),
        }
    }
    #[track_caller]
    pub(crate) fn arg_fails(name: &str, args: Vec<Value>, index: usize, msg: &str) {
        match call(name, args) {
            Err(FuncError::Arg { index: i, message }) => assert_eq!((i, message.as_str()), (index, msg)),
            other => panic!("{name}: expected argument error {msg:?}, got {other:?}"),
        }
    }

    #[test]
    fn length_of_everything() {
        check("length", vec![j("[]")], "\"number\"", "0");
        check("length", vec![j(r#"["a","b"]"#)], "\"number\"", "2");
        check("length", vec![j(r#"{"a":1,"b":2}"#)], "\"number\"", "2");
        check("length", vec![set(r#"["a","a","b"]"#)], "\"number\"", "2");
        check("length", vec![s("abc")], "\"number\"", "3");
        check("length", vec![j("[null,null]")], "\"number\"", "2");
        check("length", vec![s("🇺🇸é")], "\"number\"", "2");
        check("length", vec![map("{}")], "\"number\"", "0");
        call_fails("length", vec![n("1")], "argument must be a string, a collection type, or a structural type");
        call_fails("length", vec![Value::bool(true)], "argument must be a string, a collection type, or a structural type");
        arg_fails("length", vec![Value::null_dynamic()], 0, "argument must not be null");
        // A known list with unknown elements has a known length.
        check("length", vec![Value::tuple(vec![unk(Type::String), s("a")])], "\"number\"", "2");
        assert!(!f("length", vec![unk(Type::String)]).is_known());
        assert!(!f("length", vec![unk(Type::list(Type::String))]).is_known());
        check("length", vec![unk(Type::tuple(vec![Type::String]))], "\"number\"", "1");
        // Only the argument's own marks reach the result.
        assert!(f("length", vec![sens(s("abc"))]).is_sensitive());
        assert!(!f("length", vec![Value::tuple(vec![sens(s("a")), s("b")])]).is_sensitive());
    }

    #[test]
    fn alltrue_anytrue() {
        check("alltrue", vec![j("[true,true]")], "\"bool\"", "true");
        check("alltrue", vec![j("[true,false]")], "\"bool\"", "false");
        check("alltrue", vec![j("[]")], "\"bool\"", "true");
        check("alltrue", vec![j(r#"["true",true]"#)], "\"bool\"", "true");
        check("alltrue", vec![j("[true,null]")], "\"bool\"", "false");
        check("alltrue", vec![set("[true]")], "\"bool\"", "true");
        check("anytrue", vec![j("[false,true]")], "\"bool\"", "true");
        check("anytrue", vec![j("[false,false]")], "\"bool\"", "false");
        check("anytrue", vec![j("[]")], "\"bool\"", "false");
        check("anytrue", vec![j("[null,true]")], "\"bool\"", "true");
        check("anytrue", vec![j("[null]")], "\"bool\"", "false");
        arg_fails("alltrue", vec![j("[1]")], 0, "element 0: bool required");
        arg_fails("alltrue", vec![j(r#"{"a":true}"#)], 0, "list of bool required");
        let u = || unk(Type::Bool);
        assert!(!f("alltrue", vec![Value::tuple(vec![u(), Value::bool(false)])]).is_known());
        check("anytrue", vec![Value::tuple(vec![u(), Value::bool(true)])], "\"bool\"", "true");
        assert!(!f("anytrue", vec![Value::tuple(vec![u(), Value::bool(false)])]).is_known());
    }

    #[test]
    fn chunklist_cases() {
        check("chunklist", vec![j(r#"["a","b","c","d","e"]"#), n("2")], r#"["list",["list","string"]]"#, r#"[["a","b"],["c","d"],["e"]]"#);
        check("chunklist", vec![j(r#"["a","b"]"#), n("1")], r#"["list",["list","string"]]"#, r#"[["a"],["b"]]"#);
        check("chunklist", vec![j(r#"["a","b"]"#), n("10")], r#"["list",["list","string"]]"#, r#"[["a","b"]]"#);
        check("chunklist", vec![j(r#"["a","b"]"#), n("0")], r#"["list",["list","string"]]"#, r#"[["a","b"]]"#);
        check("chunklist", vec![j("[]"), n("2")], r#"["list",["list","dynamic"]]"#, "[]");
        check("chunklist", vec![j("[]"), n("0")], r#"["list",["list","dynamic"]]"#, "[]");
        check("chunklist", vec![set(r#"["b","a"]"#), n("1")], r#"["list",["list","string"]]"#, r#"[["a"],["b"]]"#);
        check("chunklist", vec![j(r#"[1,"a"]"#), n("1")], r#"["list",["list","string"]]"#, r#"[["1"],["a"]]"#);
        call_fails("chunklist", vec![j(r#"["a"]"#), n("-1")], "the size argument must be positive");
        call_fails("chunklist", vec![j("[]"), n("-1")], "the size argument must be positive");
        let whole = "invalid size: value must be a whole number, between -9223372036854775808 and 9223372036854775807";
        call_fails("chunklist", vec![j(r#"["a"]"#), n("1.5")], whole);
        call_fails("chunklist", vec![j(r#"["a"]"#), n("1e30")], whole);
        // Nested marks stay on their elements.
        let out = f("chunklist", vec![Value::tuple(vec![sens(s("a")), s("b")]), n("1")]);
        assert!(!out.is_sensitive() && !out.as_elements().unwrap()[1].contains_sensitive());
        assert!(f("chunklist", vec![sens(j(r#"["a"]"#)), n("1")]).is_sensitive());
    }

    #[test]
    fn coalesce_cases() {
        call_fails("coalesce", vec![Value::null_dynamic(), s("")], "no non-null, non-empty-string arguments");
        call_fails("coalesce", vec![s(""), s("")], "no non-null, non-empty-string arguments");
        call_fails("coalesce", vec![Value::null_dynamic()], "no non-null, non-empty-string arguments");
        call_fails("coalesce", vec![], "all arguments must have the same type");
        call_fails("coalesce", vec![j("[1]"), s("a")], "all arguments must have the same type");
        check("coalesce", vec![n("1"), s("a")], "\"string\"", "\"1\"");
        check("coalesce", vec![s(""), n("1")], "\"string\"", "\"1\"");
        check("coalesce", vec![Value::null_dynamic(), n("2")], "\"number\"", "2");
        check("coalesce", vec![n("0"), n("1")], "\"number\"", "0");
        check("coalesce", vec![Value::bool(false), Value::bool(true)], "\"bool\"", "false");
        check("coalesce", vec![j("[]"), j(r#"["a"]"#)], r#"["list","string"]"#, "[]");
        check("coalesce", vec![j(r#"{"a":1}"#), j(r#"{"b":"x"}"#)], r#"["map","string"]"#, r#"{"a":"1"}"#);
        check("coalesce", vec![s("a"), unk(Type::String)], "\"string\"", "\"a\"");
        assert!(!f("coalesce", vec![unk(Type::String), s("a")]).is_known());
        assert!(f("coalesce", vec![s("b"), sens(s("a"))]).is_sensitive());
    }

    #[test]
    fn coalescelist_cases() {
        check("coalescelist", vec![j("[]"), j(r#"["c","d"]"#)], r#"["tuple",["string","string"]]"#, r#"["c","d"]"#);
        check("coalescelist", vec![j(r#"["a","b"]"#), j(r#"["c","d"]"#)], r#"["tuple",["string","string"]]"#, r#"["a","b"]"#);
        check("coalescelist", vec![j("[]"), j(r#"["z"]"#)], r#"["tuple",["string"]]"#, r#"["z"]"#);
        check("coalescelist", vec![list(r#"["a"]"#), list(r#"["b"]"#)], r#"["list","string"]"#, r#"["a"]"#);
        check("coalescelist", vec![j(r#"["a"]"#), j("[1]")], r#"["tuple",["string"]]"#, r#"["a"]"#);
        call_fails("coalescelist", vec![], "at least one argument is required");
        call_fails("coalescelist", vec![j("[]"), j("[]")], "no non-null arguments");
        call_fails("coalescelist", vec![s("a")], "coalescelist arguments must be lists or tuples");
        call_fails("coalescelist", vec![Value::null_dynamic(), j(r#"["a"]"#)], "coalescelist arguments must be lists or tuples");
        call_fails("coalescelist", vec![set(r#"["a"]"#)], "coalescelist arguments must be lists or tuples");
        assert!(f("coalescelist", vec![Value::tuple(vec![sens(s("a")), s("b")])]).is_sensitive());
    }

    #[test]
    fn compact_cases() {
        check("compact", vec![j(r#"["a","",null,"b"]"#)], r#"["list","string"]"#, r#"["a","b"]"#);
        check("compact", vec![j("[]")], r#"["list","string"]"#, "[]");
        check("compact", vec![j(r#"[1,""]"#)], r#"["list","string"]"#, r#"["1"]"#);
        check("compact", vec![set(r#"["","a"]"#)], r#"["list","string"]"#, r#"["a"]"#);
        arg_fails("compact", vec![j("[[]]")], 0, "element 0: string required");
        assert!(!f("compact", vec![Value::tuple(vec![s("a"), unk(Type::String)])]).is_known());
    }

    #[test]
    fn concat_cases() {
        let t = |ts: &str| format!(r#"["tuple",[{ts}]]"#);
        check("concat", vec![j(r#"["a",""]"#), j(r#"["b","c"]"#)], &t(r#""string","string","string","string""#), r#"["a","","b","c"]"#);
        check("concat", vec![j("[]"), j("[]")], &t(""), "[]");
        check("concat", vec![j("[1]"), j(r#"["a"]"#)], &t(r#""number","string""#), r#"[1,"a"]"#);
        check("concat", vec![j(r#"["a"]"#), j(r#"["b"]"#), j(r#"["c"]"#)], &t(r#""string","string","string""#), r#"["a","b","c"]"#);
        check("concat", vec![list(r#"["x"]"#), list(r#"["y"]"#)], r#"["list","string"]"#, r#"["x","y"]"#);
        check(
            "concat",
            vec![j(r#"[["a"]]"#), j(r#"[["b","c"]]"#)],
            r#"["tuple",[["tuple",["string"]],["tuple",["string","string"]]]]"#,
            r#"[["a"],["b","c"]]"#,
        );
        check("concat", vec![list(r#"["a"]"#), j(r#"["b"]"#)], &t(r#""string","string""#), r#"["a","b"]"#);
        check("concat", vec![list(r#"["a"]"#), list("[1]")], r#"["list","string"]"#, r#"["a","1"]"#);
        check("concat", vec![list("[]"), list(r#"["a"]"#)], r#"["list","string"]"#, r#"["a"]"#);
        check("concat", vec![list("[]"), list("[]")], r#"["list","dynamic"]"#, "[]");
        call_fails("concat", vec![], "at least one argument is required");
        arg_fails("concat", vec![set(r#"["a"]"#), j(r#"["b"]"#)], 0, "all arguments must be lists or tuples; got set of string");
        arg_fails("concat", vec![j("[1]"), n("2")], 1, "all arguments must be lists or tuples; got number");
        arg_fails("concat", vec![j(r#"["a"]"#), Value::null_dynamic()], 1, "argument must not be null");
        // Type errors are reported even with unknown arguments.
        arg_fails("concat", vec![s("a"), Value::tuple(vec![unk(Type::String)])], 0, "all arguments must be lists or tuples; got string");
        let out = f("concat", vec![j(r#"["a"]"#), unk(Type::tuple(vec![Type::String]))]);
        assert!(!out.is_known() && out.ty() == Type::tuple(vec![Type::String, Type::String]));
        // Nested marks stay put; a marked argument marks the result.
        let out = f("concat", vec![Value::tuple(vec![sens(s("a"))]), j(r#"["b"]"#)]);
        assert!(!out.is_sensitive() && !out.as_elements().unwrap()[1].is_sensitive());
        assert!(f("concat", vec![sens(j(r#"["a"]"#)), j(r#"["b"]"#)]).is_sensitive());
    }

    #[test]
    fn contains_cases() {
        check("contains", vec![j(r#"["a","b","c"]"#), s("a")], "\"bool\"", "true");
        check("contains", vec![j(r#"["a","b","c"]"#), s("d")], "\"bool\"", "false");
        check("contains", vec![j("[1,2,3]"), n("2")], "\"bool\"", "true");
        check("contains", vec![j(r#"["1","2"]"#), n("1")], "\"bool\"", "false");
        check("contains", vec![set(r#"["x"]"#), s("x")], "\"bool\"", "true");
        check("contains", vec![j("[]"), s("x")], "\"bool\"", "false");
        check("contains", vec![j(r#"["a"]"#), j(r#"["a"]"#)], "\"bool\"", "false");
        check("contains", vec![j(r#"[["a"]]"#), j(r#"["a"]"#)], "\"bool\"", "true");
        check("contains", vec![j(r#"[{"a":1}]"#), j(r#"{"a":1}"#)], "\"bool\"", "true");
        check("contains", vec![set("[1]"), n("1.0")], "\"bool\"", "true");
        check("contains", vec![j("[null]"), s("a")], "\"bool\"", "false");
        arg_fails("contains", vec![j(r#"[null,"a"]"#), Value::null_dynamic()], 1, "argument must not be null");
        call_fails("contains", vec![s("abc"), s("a")], "argument must be list, tuple, or set");
        call_fails("contains", vec![j(r#"{"a":1}"#), n("1")], "argument must be list, tuple, or set");
        let u = || unk(Type::String);
        check("contains", vec![Value::tuple(vec![u(), s("a")]), s("a")], "\"bool\"", "true");
        assert!(!f("contains", vec![Value::tuple(vec![u(), s("a")]), s("b")]).is_known());
        assert!(!f("contains", vec![j("[]"), u()]).is_known());
    }

    #[test]
    fn distinct_cases() {
        check("distinct", vec![j(r#"["a","b","a","c","d","b"]"#)], r#"["list","string"]"#, r#"["a","b","c","d"]"#);
        check("distinct", vec![j("[1,1.0,2,2]")], r#"["list","number"]"#, "[1,2]");
        check("distinct", vec![j(r#"["z","a","z","y"]"#)], r#"["list","string"]"#, r#"["z","a","y"]"#);
        check("distinct", vec![j(r#"[{"a":1},{"a":1},{"a":2}]"#)], r#"["list",["object",{"a":"number"}]]"#, r#"[{"a":1},{"a":2}]"#);
        check("distinct", vec![j("[]")], r#"["list","dynamic"]"#, "[]");
        check("distinct", vec![j(r#"[1,"1"]"#)], r#"["list","string"]"#, r#"["1"]"#);
        check("distinct", vec![j(r#"[null,null,"a"]"#)], r#"["list","string"]"#, r#"[null,"a"]"#);
        check("distinct", vec![set(r#"["b","a"]"#)], r#"["list","string"]"#, r#"["a","b"]"#);
        assert!(!f("distinct", vec![Value::tuple(vec![unk(Type::String), s("a")])]).is_known());
    }

    #[test]
    fn element_cases() {
        let abc = || j(r#"["a","b","c"]"#);
        check("element", vec![abc(), n("1")], "\"string\"", "\"b\"");
        check("element", vec![abc(), n("3")], "\"string\"", "\"a\"");
        check("element", vec![abc(), n("7")], "\"string\"", "\"b\"");
        check("element", vec![j(r#"[1,"x",true]"#), n("2")], "\"bool\"", "true");
        check("element", vec![j(r#"[1,"a"]"#), n("5")], "\"string\"", "\"a\"");
        check("element", vec![abc(), n("4294967298")], "\"string\"", "\"a\"");
        check("element", vec![list(r#"["z","y"]"#), n("0")], "\"string\"", "\"z\"");
        check("element", vec![j(r#"["a"]"#), s("0")], "\"string\"", "\"a\"");
        call_fails("element", vec![j(r#"["a","b"]"#), n("-1")], "cannot use element function with a negative index");
        call_fails("element", vec![j("[]"), n("0")], "cannot use element function with an empty list");
        call_fails("element", vec![list("[]"), n("0")], "cannot use element function with an empty list");
        let whole = "invalid index: value must be a whole number, between -9223372036854775808 and 9223372036854775807";
        call_fails("element", vec![j(r#"["a","b"]"#), n("1.5")], whole);
        call_fails("element", vec![j(r#"["a","b"]"#), n("1e20")], whole);
        call_fails("element", vec![list(r#"["a","b"]"#), n("1e20")], whole);
        call_fails("element", vec![s("abc"), n("0")], "cannot read elements from string");
        call_fails("element", vec![j(r#"{"a":1}"#), n("0")], "cannot read elements from object");
        call_fails("element", vec![set(r#"["a"]"#), n("0")], "cannot read elements from set of string");
        arg_fails("element", vec![j(r#"["a"]"#), Value::null(Type::Number)], 1, "argument must not be null");
        // The negative index is rejected even when the list is unknown.
        call_fails("element", vec![unk(Type::list(Type::String)), n("-1")], "cannot use element function with a negative index");
        let out = f("element", vec![unk(Type::list(Type::String)), n("0")]);
        assert!(!out.is_known() && out.ty() == Type::String);
        let out = f("element", vec![j(r#"["a",1]"#), unk(Type::Number)]);
        assert!(!out.is_known() && out.ty() == Type::Dynamic);
        assert!(!f("element", vec![Value::tuple(vec![sens(s("a")), s("b")]), n("1")]).is_sensitive());
        assert!(f("element", vec![sens(j(r#"["a","b"]"#)), n("1")]).is_sensitive());
    }

    #[test]
    fn flatten_cases() {
        check("flatten", vec![j(r#"[["a"],["b",["c"]],"d"]"#)], r#"["tuple",["string","string","string","string"]]"#, r#"["a","b","c","d"]"#);
        let nested = f("tolist", vec![Value::tuple(vec![list(r#"["a"]"#), list(r#"["b"]"#)])]);
        check("flatten", vec![nested], r#"["tuple",["string","string"]]"#, r#"["a","b"]"#);
        check("flatten", vec![j("[]")], r#"["tuple",[]]"#, "[]");
        check("flatten", vec![list("[]")], r#"["tuple",[]]"#, "[]");
        check("flatten", vec![j("[[],[]]")], r#"["tuple",[]]"#, "[]");
        check("flatten", vec![Value::tuple(vec![set(r#"["b","a"]"#), n("1")])], r#"["tuple",["string","string","number"]]"#, r#"["a","b",1]"#);
        check("flatten", vec![j(r#"[{"a":1}]"#)], r#"["tuple",[["object",{"a":"number"}]]]"#, r#"[{"a":1}]"#);
        check("flatten", vec![j(r#"[null,["a"]]"#)], r#"["tuple",["dynamic","string"]]"#, r#"[null,"a"]"#);
        call_fails("flatten", vec![s("a")], "can only flatten lists, sets and tuples");
        call_fails("flatten", vec![j(r#"{"a":1}"#)], "can only flatten lists, sets and tuples");
        // Unknown leaves keep the result known; an unknown nested list does not.
        let out = f("flatten", vec![Value::tuple(vec![unk(Type::String), j(r#"["a"]"#)])]);
        assert!(out.is_known() && out.len() == Some(2));
        let out = f("flatten", vec![Value::tuple(vec![unk(Type::tuple(vec![Type::String])), j(r#"["a"]"#)])]);
        assert!(!out.is_known() && out.ty() == Type::Dynamic);
        // Marks: leaves keep theirs, nested lists' marks go to the whole result.
        let out = f("flatten", vec![Value::tuple(vec![Value::tuple(vec![sens(s("a"))]), j(r#"["b"]"#)])]);
        assert!(!out.is_sensitive() && !out.as_elements().unwrap()[1].is_sensitive());
        assert!(f("flatten", vec![Value::tuple(vec![sens(j(r#"["a"]"#)), j(r#"["b"]"#)])]).is_sensitive());
    }

    #[test]
    fn index_cases() {
        check("index", vec![j(r#"["a","b","c"]"#), s("b")], "\"number\"", "1");
        check("index", vec![j(r#"["x","y","x"]"#), s("x")], "\"number\"", "0");
        check("index", vec![j("[1,2,3]"), n("3")], "\"number\"", "2");
        check("index", vec![j(r#"[1,"1"]"#), s("1")], "\"number\"", "1");
        check("index", vec![j("[[1]]"), j("[1]")], "\"number\"", "0");
        check("index", vec![j(r#"[null,"a"]"#), s("a")], "\"number\"", "1");
        check("index", vec![j("[1.0]"), n("1")], "\"number\"", "0");
        call_fails("index", vec![j(r#"["1","2"]"#), n("2")], "item not found");
        call_fails("index", vec![j("[]"), s("a")], "cannot search an empty list");
        call_fails("index", vec![set(r#"["a"]"#), s("a")], "argument must be a list or tuple");
        arg_fails("index", vec![j("[1,2]"), Value::null_dynamic()], 1, "argument must not be null");
        let u = || unk(Type::String);
        check("index", vec![Value::tuple(vec![s("a"), u()]), s("a")], "\"number\"", "0");
        assert!(!f("index", vec![Value::tuple(vec![u(), s("a")]), s("a")]).is_known());
    }

    #[test]
    fn keys_and_values() {
        let strs_t = |k: usize| format!(r#"["tuple",[{}]]"#, vec![r#""string""#; k].join(","));
        check("keys", vec![j(r#"{"b":1,"a":2,"c":3}"#)], &strs_t(3), r#"["a","b","c"]"#);
        check("values", vec![j(r#"{"b":1,"a":2,"c":3}"#)], r#"["tuple",["number","number","number"]]"#, "[2,1,3]");
        check("keys", vec![j(r#"{"z":"s","a":1}"#)], &strs_t(2), r#"["a","z"]"#);
        check("values", vec![j(r#"{"z":"s","a":1}"#)], r#"["tuple",["number","string"]]"#, r#"[1,"s"]"#);
        check("keys", vec![map(r#"{"B":"1","a":"2","10":"3","9":"4"}"#)], r#"["list","string"]"#, r#"["10","9","B","a"]"#);
        check("keys", vec![j("{}")], r#"["tuple",[]]"#, "[]");
        check("keys", vec![map("{}")], r#"["list","string"]"#, "[]");
        check("values", vec![map("{}")], r#"["list","dynamic"]"#, "[]");
        check("values", vec![j("{}")], r#"["tuple",[]]"#, "[]");
        check("values", vec![map(r#"{"b":"1","a":"2"}"#)], r#"["list","string"]"#, r#"["2","1"]"#);
        arg_fails("keys", vec![j(r#"["a","b"]"#)], 0, "must have map or object type");
        arg_fails("keys", vec![Value::null_dynamic()], 0, "argument must not be null");
        call_fails("values", vec![j(r#"["a"]"#)], "values() requires a map as the first argument");
        // Object keys come from the type, so they are known even for unknown objects.
        let obj_t = Type::object([("a".to_string(), Type::Number)].into());
        check("keys", vec![unk(obj_t.clone())], &strs_t(1), r#"["a"]"#);
        assert!(!f("values", vec![unk(obj_t)]).is_known());
        arg_fails("keys", vec![unk(Type::String)], 0, "must have map or object type");
        call_fails("values", vec![unk(Type::String)], "values() requires a map as the first argument");
        let out = f("values", vec![Value::object([("a".into(), sens(s("x"))), ("b".into(), s("y"))].into())]);
        assert!(!out.is_sensitive() && !out.as_elements().unwrap()[1].is_sensitive());
        assert!(!f("keys", vec![Value::object([("a".into(), sens(s("x")))].into())]).is_sensitive());
        assert!(f("keys", vec![sens(j(r#"{"a":1}"#))]).is_sensitive());
    }

    #[test]
    fn lookup_cases() {
        let ab = || j(r#"{"a":"ay","b":"bee"}"#);
        check("lookup", vec![ab(), s("a"), s("what?")], "\"string\"", "\"ay\"");
        check("lookup", vec![ab(), s("c"), s("what?")], "\"string\"", "\"what?\"");
        check("lookup", vec![j(r#"{"a":"ay"}"#), s("a")], "\"string\"", "\"ay\"");
        check("lookup", vec![j(r#"{"a":1,"b":"x"}"#), s("a"), s("z")], "\"number\"", "1");
        check("lookup", vec![j(r#"{"a":1}"#), s("zz"), n("0")], "\"number\"", "0");
        check("lookup", vec![j(r#"{"a":"x"}"#), s("b"), j("[1]")], r#"["tuple",["number"]]"#, "[1]");
        check("lookup", vec![j(r#"{"a":{"b":1}}"#), s("a")], r#"["object",{"b":"number"}]"#, r#"{"b":1}"#);
        check("lookup", vec![map(r#"{"a":"x"}"#), s("b"), n("5")], "\"string\"", "\"5\"");
        check("lookup", vec![map(r#"{"a":1}"#), s("b"), s("5")], "\"number\"", "5");
        let out = f("lookup", vec![map(r#"{"a":"x"}"#), s("b"), Value::null_dynamic()]);
        assert!(out.is_null() && out.ty() == Type::String);
        assert!(f("lookup", vec![j(r#"{"a":"x"}"#), s("b"), Value::null_dynamic()]).is_null());
        arg_fails("lookup", vec![j(r#"{"a":1}"#), s("b")], 0, "the given object has no attribute \"b\"");
        arg_fails("lookup", vec![j(r#"{"a":"x"}"#), n("1")], 0, "the given object has no attribute \"1\"");
        call_fails("lookup", vec![map(r#"{"a":"x"}"#), s("b")], "lookup failed to find 'b'");
        arg_fails("lookup", vec![map(r#"{"a":"x"}"#), s("b"), j("[1]")], 2, "the default value must have the same type as the map elements");
        arg_fails("lookup", vec![map(r#"{"a":1}"#), s("b"), s("x")], 2, "the default value must have the same type as the map elements");
        arg_fails("lookup", vec![j(r#"["a"]"#), s("0")], 0, "lookup() requires a map as the first argument");
        arg_fails("lookup", vec![j(r#"{"a":"x"}"#), Value::null(Type::String)], 1, "argument must not be null");
        call_fails("lookup", vec![ab(), s("c"), s("d"), s("e")], "lookup() takes two or three arguments, got 4");
        // Unknown values elsewhere in the map do not matter.
        let partly = Value::object([("a".into(), unk(Type::String)), ("b".into(), n("1"))].into());
        check("lookup", vec![partly, s("b")], "\"number\"", "1");
        assert!(!f("lookup", vec![j(r#"{"a":1}"#), unk(Type::String), n("2")]).is_known());
        // Marks: the map's and key's own marks reach the result, nested ones stay.
        let m = Value::object([("a".into(), sens(s("a"))), ("b".into(), s("b"))].into());
        assert!(!f("lookup", vec![m, s("b")]).is_sensitive());
        assert!(f("lookup", vec![sens(j(r#"{"a":1}"#)), s("a")]).is_sensitive());
        assert!(f("lookup", vec![j(r#"{"a":"x"}"#), sens(s("a"))]).is_sensitive());
        assert!(f("lookup", vec![j(r#"{"a":1}"#), s("b"), sens(n("2"))]).is_sensitive());
    }

    #[test]
    fn matchkeys_cases() {
        let l = |x: &str| j(x);
        check("matchkeys", vec![l(r#"["a","b","c"]"#), l(r#"["x","y","z"]"#), l(r#"["y","x"]"#)], r#"["list","string"]"#, r#"["a","b"]"#);
        check("matchkeys", vec![l(r#"["a","b"]"#), l("[1,2]"), l(r#"["2"]"#)], r#"["list","string"]"#, r#"["b"]"#);
        check("matchkeys", vec![l(r#"["a","b"]"#), l(r#"["x","y"]"#), l("[]")], r#"["list","string"]"#, "[]");
        check("matchkeys", vec![l("[]"), l("[]"), l(r#"["a"]"#)], r#"["list","dynamic"]"#, "[]");
        check("matchkeys", vec![l(r#"["a",1]"#), l(r#"["x","y"]"#), l(r#"["y"]"#)], r#"["list","string"]"#, r#"["1"]"#);
        check("matchkeys", vec![l(r#"["a","b"]"#), l(r#"["x","x"]"#), l(r#"["x"]"#)], r#"["list","string"]"#, r#"["a","b"]"#);
        check("matchkeys", vec![set(r#"["b","a"]"#), l(r#"["x","y"]"#), l(r#"["y"]"#)], r#"["list","string"]"#, r#"["b"]"#);
        check("matchkeys", vec![l(r#"["a"]"#), l("[null]"), l("[null]")], r#"["list","string"]"#, r#"["a"]"#);
        check("matchkeys", vec![l(r#"["a","b"]"#), l("[[1],[2]]"), l("[[2]]")], r#"["list","string"]"#, r#"["b"]"#);
        call_fails("matchkeys", vec![l(r#"["a","b"]"#), l(r#"["x"]"#), l(r#"["x"]"#)], "length of keys and values should be equal");
        arg_fails("matchkeys", vec![Value::null_dynamic(), l("[]"), l("[]")], 0, "argument must not be null");
    }

    #[test]
    fn merge_cases() {
        check("merge", vec![j(r#"{"a":"b","c":"d"}"#), j(r#"{"e":"f","c":"z"}"#)], r#"["object",{"a":"string","c":"string","e":"string"}]"#, r#"{"a":"b","c":"z","e":"f"}"#);
        check("merge", vec![j(r#"{"a":"b"}"#), j(r#"{"e":1}"#)], r#"["object",{"a":"string","e":"number"}]"#, r#"{"a":"b","e":1}"#);
        check("merge", vec![j(r#"{"a":[1]}"#), j(r#"{"b":"x"}"#)], r#"["object",{"a":["tuple",["number"]],"b":"string"}]"#, r#"{"a":[1],"b":"x"}"#);
        check("merge", vec![j(r#"{"n":{"x":1,"y":2}}"#), j(r#"{"n":{"z":3}}"#)], r#"["object",{"n":["object",{"z":"number"}]}]"#, r#"{"n":{"z":3}}"#);
        check("merge", vec![], r#"["object",{}]"#, "{}");
        check("merge", vec![j(r#"{"a":1}"#), Value::null_dynamic(), j(r#"{"b":2}"#)], r#"["object",{"a":"number","b":"number"}]"#, r#"{"a":1,"b":2}"#);
        check("merge", vec![map(r#"{"a":"1"}"#), map(r#"{"b":"2"}"#)], r#"["map","string"]"#, r#"{"a":"1","b":"2"}"#);
        check("merge", vec![Value::null_dynamic()], r#"["object",{}]"#, "{}");
        check("merge", vec![map(r#"{"a":1}"#), Value::null_dynamic()], r#"["object",{"a":"number"}]"#, r#"{"a":1}"#);
        check("merge", vec![map(r#"{"a":1}"#), map(r#"{"b":"x"}"#)], r#"["object",{"a":"number","b":"string"}]"#, r#"{"a":1,"b":"x"}"#);
        check("merge", vec![j(r#"{"a":1}"#), j(r#"{"a":"x"}"#)], r#"["object",{"a":"string"}]"#, r#"{"a":"x"}"#);
        check("merge", vec![map("{}"), map("{}")], r#"["map","dynamic"]"#, "{}");
        check("merge", vec![map(r#"{"a":1}"#)], r#"["map","number"]"#, r#"{"a":1}"#);
        check("merge", vec![map(r#"{"a":1}"#), j("{}")], r#"["object",{"a":"number"}]"#, r#"{"a":1}"#);
        call_fails("merge", vec![j(r#"{"a":1}"#), j(r#"["b"]"#)], "arguments must be maps or objects, got \"tuple\"");
        call_fails("merge", vec![s("a")], "arguments must be maps or objects, got \"string\"");
        call_fails("merge", vec![j(r#"{"a":1}"#), unk(Type::String)], "arguments must be maps or objects, got \"string\"");
        let out = f("merge", vec![j(r#"{"a":1}"#), unk(Type::object([("x".to_string(), Type::Number)].into()))]);
        assert!(!out.is_known());
        let out = f("merge", vec![j(r#"{"a":1}"#), Value::object([("b".into(), sens(n("2")))].into())]);
        assert!(!out.is_sensitive() && !out.as_entries().unwrap()["a"].is_sensitive());
        assert!(f("merge", vec![sens(j(r#"{"a":1}"#)), j(r#"{"b":2}"#)]).is_sensitive());
    }

    #[test]
    fn one_cases() {
        let out = f("one", vec![j("[]")]);
        assert!(out.is_null() && out.ty() == Type::Dynamic);
        assert!(f("one", vec![list("[]")]).is_null());
        assert!(f("one", vec![set("[]")]).is_null());
        check("one", vec![j(r#"["a"]"#)], "\"string\"", "\"a\"");
        check("one", vec![set(r#"["a","a"]"#)], "\"string\"", "\"a\"");
        let msg = "must be a list, set, or tuple value with either zero or one elements";
        arg_fails("one", vec![j(r#"["a","b"]"#)], 0, msg);
        arg_fails("one", vec![list(r#"["a","b"]"#)], 0, msg);
        arg_fails("one", vec![s("a")], 0, msg);
        arg_fails("one", vec![j(r#"{"a":1}"#)], 0, msg);
        arg_fails("one", vec![unk(Type::String)], 0, msg);
        let out = f("one", vec![unk(Type::list(Type::String))]);
        assert!(!out.is_known() && out.ty() == Type::String);
    }

    #[test]
    fn range_cases() {
        let nums = r#"["list","number"]"#;
        check("range", vec![n("3")], nums, "[0,1,2]");
        check("range", vec![n("1"), n("4")], nums, "[1,2,3]");
        check("range", vec![n("5"), n("1")], nums, "[5,4,3,2]");
        check("range", vec![n("0")], nums, "[]");
        check("range", vec![n("-3")], nums, "[0,-1,-2]");
        check("range", vec![n("0"), n("1"), n("0.25")], nums, "[0,0.25,0.5,0.75]");
        check("range", vec![n("1.5")], nums, "[0,1]");
        check("range", vec![s("3")], nums, "[0,1,2]");
        check("range", vec![n("5"), n("5"), n("0")], nums, "[]");
        assert_eq!(f("range", vec![n("0"), n("1024")]).len(), Some(1024));
        let too_many = "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step";
        call_fails("range", vec![n("0"), n("5"), n("0")], too_many);
        call_fails("range", vec![n("1025")], too_many);
        call_fails("range", vec![n("0"), n("1e20")], too_many);
        arg_fails("range", vec![n("1"), n("5"), n("-1")], 1, "end must be less than start when step is negative");
        arg_fails("range", vec![n("5"), n("1"), n("1")], 1, "end must be greater than start when step is positive");
        arg_fails("range", vec![n("5"), n("1"), n("0")], 1, "end must be greater than start when step is positive");
        call_fails("range", vec![], "must have one, two, or three arguments");
        call_fails("range", vec![n("1"), n("2"), n("3"), n("4")], "must have one, two, or three arguments");
        arg_fails("range", vec![Value::null(Type::Number)], 0, "argument must not be null");
    }

    #[test]
    fn reverse_cases() {
        check("reverse", vec![j("[1,2,3]")], r#"["tuple",["number","number","number"]]"#, "[3,2,1]");
        check("reverse", vec![j(r#"["a","b"]"#)], r#"["tuple",["string","string"]]"#, r#"["b","a"]"#);
        check("reverse", vec![j("[]")], r#"["tuple",[]]"#, "[]");
        check("reverse", vec![j(r#"[1,"a",true]"#)], r#"["tuple",["bool","string","number"]]"#, r#"[true,"a",1]"#);
        check("reverse", vec![set(r#"["b","a","c"]"#)], r#"["list","string"]"#, r#"["c","b","a"]"#);
        check("reverse", vec![list("[]")], r#"["list","dynamic"]"#, "[]");
        check("reverse", vec![set("[]")], r#"["list","dynamic"]"#, "[]");
        arg_fails("reverse", vec![s("ab")], 0, "can only reverse list or tuple values, not string");
        arg_fails("reverse", vec![j(r#"{"a":1}"#)], 0, "can only reverse list or tuple values, not object");
        arg_fails("reverse", vec![unk(Type::String)], 0, "can only reverse list or tuple values, not string");
        let out = f("reverse", vec![Value::tuple(vec![sens(s("a")), s("b")])]);
        assert!(!out.is_sensitive() && !out.as_elements().unwrap()[0].is_sensitive());
    }

    #[test]
    fn setproduct_cases() {
        check(
            "setproduct",
            vec![j(r#"["development","staging"]"#), j(r#"["app1","app2"]"#)],
            r#"["list",["tuple",["string","string"]]]"#,
            r#"[["development","app1"],["development","app2"],["staging","app1"],["staging","app2"]]"#,
        );
        check("setproduct", vec![set(r#"["b","a"]"#), set(r#"["x"]"#)], r#"["set",["tuple",["string","string"]]]"#, r#"[["a","x"],["b","x"]]"#);
        check("setproduct", vec![j(r#"["a"]"#), j("[]")], r#"["list",["tuple",["string","dynamic"]]]"#, "[]");
        check("setproduct", vec![j("[1,2]"), j(r#"["a"]"#), j("[true]")], r#"["list",["tuple",["number","string","bool"]]]"#, r#"[[1,"a",true],[2,"a",true]]"#);
        check("setproduct", vec![j(r#"[1,"a"]"#), j(r#"["b"]"#)], r#"["list",["tuple",["string","string"]]]"#, r#"[["1","b"],["a","b"]]"#);
        check("setproduct", vec![set("[]"), j(r#"["a"]"#)], r#"["set",["tuple",["dynamic","string"]]]"#, "[]");
        check("setproduct", vec![j(r#"["a","a"]"#), j(r#"["b"]"#)], r#"["list",["tuple",["string","string"]]]"#, r#"[["a","b"],["a","b"]]"#);
        call_fails("setproduct", vec![j(r#"["a"]"#)], "at least two arguments are required");
        call_fails("setproduct", vec![], "at least two arguments are required");
        arg_fails("setproduct", vec![j(r#"["a"]"#), s("b")], 1, "a set or a list is required");
        arg_fails("setproduct", vec![j(r#"{"a":1}"#), j(r#"["a"]"#)], 0, "a set or a list is required");
        let out = f("setproduct", vec![Value::tuple(vec![sens(s("a")), s("b")]), j(r#"["c"]"#)]);
        assert!(!out.is_sensitive() && !out.as_elements().unwrap()[1].contains_sensitive());
        assert!(f("setproduct", vec![sens(j(r#"["a"]"#)), j(r#"["b"]"#)]).is_sensitive());
    }

    #[test]
    fn set_operations() {
        check("setunion", vec![j("[3,20,100]"), j("[1]")], r#"["set","number"]"#, "[1,3,20,100]");
        check("setunion", vec![j(r#"["b"]"#), j(r#"["B","a","aa"]"#)], r#"["set","string"]"#, r#"["B","a","aa","b"]"#);
        check("setunion", vec![j(r#"[["b"],["a"]]"#), j(r#"[["a"]]"#)], r#"["set",["tuple",["string"]]]"#, r#"[["a"],["b"]]"#);
        check("setunion", vec![j(r#"["a"]"#)], r#"["set","string"]"#, r#"["a"]"#);
        check("setunion", vec![j(r#"["a"]"#), j("[1]")], r#"["set","string"]"#, r#"["1","a"]"#);
        check("setunion", vec![j("[]"), j("[]")], r#"["set","dynamic"]"#, "[]");
        check("setunion", vec![j(r#"["a"]"#), j("[]")], r#"["set","string"]"#, r#"["a"]"#);
        check("setunion", vec![j(r#"[null]"#), j(r#"["a"]"#)], r#"["set","string"]"#, r#"["a",null]"#);
        check("setunion", vec![j(r#"[{"a":1}]"#), j(r#"[{"a":"x"}]"#)], r#"["set",["object",{"a":"string"}]]"#, r#"[{"a":"1"},{"a":"x"}]"#);
        check("setintersection", vec![j(r#"["a","b"]"#), j(r#"["b","c"]"#)], r#"["set","string"]"#, r#"["b"]"#);
        check("setintersection", vec![j(r#"["a"]"#), j("[1]")], r#"["set","string"]"#, "[]");
        check("setintersection", vec![j(r#"["1"]"#), j("[1]")], r#"["set","string"]"#, r#"["1"]"#);
        check("setintersection", vec![j("[]"), j(r#"["a"]"#)], r#"["set","string"]"#, "[]");
        check("setsubtract", vec![j(r#"["a","b"]"#), j(r#"["b"]"#)], r#"["set","string"]"#, r#"["a"]"#);
        check("setsubtract", vec![j(r#"["a"]"#), j("[]")], r#"["set","string"]"#, r#"["a"]"#);
        check("setsubtract", vec![j("[]"), j(r#"["a"]"#)], r#"["set","string"]"#, "[]");
        check("setsubtract", vec![j(r#"["1"]"#), j("[1]")], r#"["set","string"]"#, "[]");
        arg_fails("setunion", vec![j("[]"), Value::null_dynamic()], 1, "argument must not be null");
        assert!(f("setunion", vec![Value::tuple(vec![sens(s("a"))]), j(r#"["b"]"#)]).is_sensitive());
    }

    #[test]

    fn needs_convert_fixes() {
        call_fails("matchkeys", vec![j(r#"["a","b"]"#), j("[1,2]"), j("[true]")], "keys and searchset must be of the same type");
        arg_fails("setunion", vec![s("a"), j(r#"["a"]"#)], 0, "set of any single type required");
        arg_fails("distinct", vec![s("a")], 0, "list of any single type required");
        arg_fails("alltrue", vec![j(r#"["x"]"#)], 0, "a bool is required");
        check("alltrue", vec![j(r#"["1"]"#)], "\"bool\"", "true");
        call_fails("setunion", vec![j("[1]"), j("[true]")], "given sets must all have compatible element types");
        arg_fails("setproduct", vec![j("[1,true]"), j(r#"["b"]"#)], 0, "all elements must be of the same type");
    }

    #[test]
    fn slice_cases() {
        let t2 = r#"["tuple",["string","string"]]"#;
        check("slice", vec![j(r#"["a","b","c","d"]"#), n("1"), n("3")], t2, r#"["b","c"]"#);
        check("slice", vec![j(r#"["a","b"]"#), n("1"), n("1")], r#"["tuple",[]]"#, "[]");
        check("slice", vec![j(r#"["a","b"]"#), n("0"), n("2")], t2, r#"["a","b"]"#);
        check("slice", vec![j(r#"[1,"x",true]"#), n("1"), n("3")], r#"["tuple",["string","bool"]]"#, r#"["x",true]"#);
        check("slice", vec![list(r#"["z","y"]"#), n("0"), n("1")], r#"["list","string"]"#, r#"["z"]"#);
        check("slice", vec![list(r#"["a","b"]"#), n("0"), n("0")], r#"["list","string"]"#, "[]");
        let one = || j(r#"["a"]"#);
        arg_fails("slice", vec![one(), n("2"), n("2")], 1, "start index must not be greater than the length of the list");
        arg_fails("slice", vec![one(), n("0"), n("2")], 2, "end index must not be greater than the length of the list");
        arg_fails("slice", vec![one(), n("-1"), n("1")], 1, "start index must not be less than zero");
        arg_fails("slice", vec![one(), n("0"), n("-1")], 2, "end index must not be less than zero");
        arg_fails("slice", vec![j(r#"["a","b"]"#), n("2"), n("1")], 1, "start index must not be greater than end index");
        let whole = "value must be a whole number, between -9223372036854775808 and 9223372036854775807";
        arg_fails("slice", vec![j(r#"["a","b"]"#), n("1.5"), n("2")], 1, &format!("invalid start index: {whole}"));
        arg_fails("slice", vec![j(r#"["a","b"]"#), n("0"), n("1.5")], 2, &format!("invalid end index: {whole}"));
        arg_fails("slice", vec![j(r#"["a","b"]"#), n("1e30"), n("2")], 1, &format!("invalid start index: {whole}"));
        arg_fails(
            "slice",
            vec![set(r#"["a"]"#), n("0"), n("1")],
            0,
            "cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important",
        );
        arg_fails("slice", vec![s("ab"), n("0"), n("1")], 0, "must be a list or tuple value");
        // A tuple's length is known even when it is unknown.
        arg_fails("slice", vec![unk(Type::tuple(vec![Type::String])), n("0"), n("5")], 2, "end index must not be greater than the length of the list");
        let out = f("slice", vec![unk(Type::list(Type::String)), n("0"), n("5")]);
        assert!(!out.is_known() && out.ty() == Type::list(Type::String));
        let out = f("slice", vec![Value::tuple(vec![sens(s("a")), s("b")]), n("1"), n("2")]);
        assert!(!out.contains_sensitive());
    }

    #[test]
    fn sort_cases() {
        let ls = r#"["list","string"]"#;
        check("sort", vec![j(r#"["e","d","a","x"]"#)], ls, r#"["a","d","e","x"]"#);
        check("sort", vec![j(r#"["10","9","1"]"#)], ls, r#"["1","10","9"]"#);
        check("sort", vec![j("[10,9,1]")], ls, r#"["1","10","9"]"#);
        check("sort", vec![j(r#"["b","B","a","A","_"]"#)], ls, r#"["A","B","_","a","b"]"#);
        check("sort", vec![strs(&["é", "e", "f"])], ls, r#"["e","f","é"]"#);
        check("sort", vec![j("[]")], ls, "[]");
        check("sort", vec![j("[true,false]")], ls, r#"["false","true"]"#);
        check("sort", vec![set(r#"["b","a","c"]"#)], ls, r#"["a","b","c"]"#);
        call_fails("sort", vec![j(r#"[null,"a"]"#)], "given list element 0 is null; a null string cannot be sorted");
        arg_fails("sort", vec![j("[[1]]")], 0, "element 0: string required");
        arg_fails("sort", vec![s("a")], 0, "list of string required");
        assert!(!f("sort", vec![Value::tuple(vec![s("b"), unk(Type::String)])]).is_known());
    }

    #[test]
    fn sum_cases() {
        check("sum", vec![j("[1,2,3]")], "\"number\"", "6");
        check("sum", vec![j("[10,-2.5]")], "\"number\"", "7.5");
        check("sum", vec![set("[1,1,2]")], "\"number\"", "3");
        check("sum", vec![j("[1.5,2.25]")], "\"number\"", "3.75");
        check("sum", vec![j(r#"[1,"2"]"#)], "\"number\"", "3");
        let not_numbers = "argument must be list, set, or tuple of number values";
        arg_fails("sum", vec![j("[]")], 0, "cannot sum an empty list");
        arg_fails("sum", vec![set("[]")], 0, "cannot sum an empty list");
        arg_fails("sum", vec![j("[1,null]")], 0, not_numbers);
        arg_fails("sum", vec![j("[null,1]")], 0, not_numbers);
        arg_fails("sum", vec![j(r#"[1,"a"]"#)], 0, not_numbers);
        arg_fails("sum", vec![j("[1,true]")], 0, not_numbers);
        arg_fails("sum", vec![j(r#"{"a":1}"#)], 0, "argument must be list, set, or tuple. Received object");
        arg_fails("sum", vec![n("1")], 0, "cannot sum noniterable");
        // A first element that is not a number makes Terraform's arithmetic panic.
        assert!(matches!(call("sum", vec![j(r#"["1","2"]"#)]), Err(FuncError::Call(_))));
        assert!(matches!(call("sum", vec![j(r#"["1"]"#)]), Err(FuncError::Call(_))));
        assert!(!f("sum", vec![Value::tuple(vec![n("1"), unk(Type::Number)])]).is_known());
        assert!(f("sum", vec![Value::tuple(vec![sens(n("1")), n("2")])]).is_sensitive());
    }

    #[test]
    fn transpose_cases() {
        let mls = r#"["map",["list","string"]]"#;
        check("transpose", vec![j(r#"{"a":["1","2"],"b":["2","3"]}"#)], mls, r#"{"1":["a"],"2":["a","b"],"3":["b"]}"#);
        check("transpose", vec![j(r#"{"z":["x"],"a":["x","y"]}"#)], mls, r#"{"x":["a","z"],"y":["a"]}"#);
        check("transpose", vec![j(r#"{"a":[]}"#)], mls, "{}");
        check("transpose", vec![j("{}")], mls, "{}");
        check("transpose", vec![j(r#"{"a":["1","1"]}"#)], mls, r#"{"1":["a","a"]}"#);
        check("transpose", vec![j(r#"{"a":[1,true]}"#)], mls, r#"{"1":["a"],"true":["a"]}"#);
        arg_fails("transpose", vec![j(r#"{"a":"x"}"#)], 0, "element \"a\": list of string required");
        assert!(matches!(call("transpose", vec![j(r#"{"a":[null]}"#)]), Err(FuncError::Call(_))));
    }

    #[test]
    fn zipmap_cases() {
        check("zipmap", vec![j(r#"["a","b"]"#), j(r#"[1,"x"]"#)], r#"["object",{"a":"number","b":"string"}]"#, r#"{"a":1,"b":"x"}"#);
        check("zipmap", vec![j(r#"["a","b"]"#), list("[1,2]")], r#"["map","number"]"#, r#"{"a":1,"b":2}"#);
        check("zipmap", vec![j(r#"["a","a"]"#), j("[1,2]")], r#"["object",{"a":"number"}]"#, r#"{"a":2}"#);
        check("zipmap", vec![j(r#"["a","a"]"#), list("[1,2]")], r#"["map","number"]"#, r#"{"a":2}"#);
        check("zipmap", vec![j("[]"), j("[]")], r#"["object",{}]"#, "{}");
        check("zipmap", vec![j("[]"), list("[]")], r#"["map","dynamic"]"#, "{}");
        check("zipmap", vec![j("[1]"), j("[2]")], r#"["object",{"1":"number"}]"#, r#"{"1":2}"#);
        check("zipmap", vec![set(r#"["b","a"]"#), j("[1,2]")], r#"["object",{"a":"number","b":"number"}]"#, r#"{"a":1,"b":2}"#);
        call_fails("zipmap", vec![j(r#"["a","b"]"#), j("[1]")], "number of keys (2) does not match number of values (1)");
        call_fails("zipmap", vec![j(r#"["a","b"]"#), list("[1]")], "number of keys (2) does not match number of values (1)");
        call_fails("zipmap", vec![j(r#"["a"]"#), s("x")], "values argument must be a list or tuple value");
        call_fails("zipmap", vec![j(r#"["a"]"#), set(r#"["x"]"#)], "values argument must be a list or tuple value");
        call_fails("zipmap", vec![j("[null]"), j("[1]")], "keys list has null value at index 0");
        arg_fails("zipmap", vec![Value::null_dynamic(), j("[]")], 0, "argument must not be null");
        let out = f("zipmap", vec![Value::tuple(vec![unk(Type::String)]), j(r#"["a"]"#)]);
        assert!(!out.is_known());
        let out = f("zipmap", vec![j(r#"["a","b"]"#), Value::tuple(vec![sens(s("x")), s("y")])]);
        assert!(!out.is_sensitive() && !out.as_entries().unwrap()["b"].is_sensitive());
        assert!(f("zipmap", vec![sens(j(r#"["a"]"#)), j(r#"["x"]"#)]).is_sensitive());
    }

    #[test]
    fn removed_functions_explain_themselves() {
        call_fails(
            "list",
            vec![s("a"), s("b")],
            "the \"list\" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list",
        );
        call_fails(
            "map",
            vec![s("a"), n("1")],
            "the \"map\" function was deprecated in Terraform v0.12 and is no longer available; use tomap({ ... }) syntax to write a literal map",
        );
        assert!(matches!(call("list", vec![]), Err(FuncError::Call(_))));
    }

    #[test]
    fn composed_like_terraform() {
        // case 269: length of a for-filtered tuple, sort of a filtered tuple
        check("sort", vec![j(r#"["a","c"]"#)], r#"["list","string"]"#, r#"["a","c"]"#);
        // case 286
        check("slice", vec![list(r#"["y","z"]"#), n("0"), n("1")], r#"["list","string"]"#, r#"["y"]"#);
        check("element", vec![f("tolist", vec![set(r#"["z","y"]"#)]), n("0")], "\"string\"", "\"y\"");
    }
}
