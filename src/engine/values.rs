//! Values in plan files and plan JSON: the value with unknowns as null, plus mirror
//! trees marking what is unknown and what is sensitive (`after_unknown`,
//! `after_sensitive`), and the way back.

use std::collections::BTreeMap;

use serde_json::{Map, Value as J};

use crate::lang::{Kind, Type, Value};
use crate::state::model::decode_typed;

/// The value as JSON with unknown values written as null.
pub fn to_json(v: &Value) -> J {
    match v.kind() {
        Kind::Unknown(_) | Kind::Null(_) => J::Null,
        _ => {
            if v.is_wholly_known() {
                crate::state::model::encode(v)
            } else if let Some(m) = v.as_entries() {
                J::Object(m.iter().map(|(k, x)| (k.clone(), to_json(x))).collect())
            } else if let Some(es) = v.as_elements() {
                J::Array(es.iter().map(to_json).collect())
            } else {
                crate::state::model::encode(v)
            }
        }
    }
}

/// `true` where unknown; objects and arrays mirror the value; known leaves are left
/// out of objects and `false` in arrays.
pub fn unknown_json(v: &Value) -> J {
    mirror(v, &|x: &Value| !x.is_known())
}

/// `true` where sensitive, in the same mirror form.
pub fn sensitive_json(v: &Value) -> J {
    mirror(v, &|x: &Value| x.is_sensitive())
}

fn mirror(v: &Value, pred: &dyn Fn(&Value) -> bool) -> J {
    if pred(v) {
        return J::Bool(true);
    }
    if v.is_null() {
        return J::Bool(false);
    }
    if let Some(m) = v.as_entries() {
        let mut out = Map::new();
        for (k, x) in m {
            let j = mirror(x, pred);
            if j != J::Bool(false) {
                out.insert(k.clone(), j);
            }
        }
        return J::Object(out);
    }
    if let Some(es) = v.as_elements() {
        return J::Array(es.iter().map(|x| mirror(x, pred)).collect());
    }
    J::Bool(false)
}

/// Rebuilds a value of type `ty` from its JSON and mirror trees.
pub fn from_json(value: &J, unknown: &J, sensitive: &J, ty: &Type) -> Value {
    if unknown == &J::Bool(true) {
        let v = Value::unknown(ty.clone());
        return if sensitive == &J::Bool(true) { v.mark_sensitive() } else { v };
    }
    let v = match (ty, value) {
        (Type::Object(o), J::Object(m)) => {
            let mut out = BTreeMap::new();
            for (k, t) in &o.attrs {
                let x = m.get(k).unwrap_or(&J::Null);
                out.insert(k.clone(), from_json(x, child(unknown, k), child(sensitive, k), t));
            }
            Value::object(out)
        }
        (Type::Map(et), J::Object(m)) => {
            Value::map((**et).clone(), m.iter().map(|(k, x)| (k.clone(), from_json(x, child(unknown, k), child(sensitive, k), et))).collect())
        }
        (Type::List(et), J::Array(a)) => {
            Value::list((**et).clone(), a.iter().enumerate().map(|(i, x)| from_json(x, index(unknown, i), index(sensitive, i), et)).collect())
        }
        (Type::Set(et), J::Array(a)) => {
            Value::set((**et).clone(), a.iter().enumerate().map(|(i, x)| from_json(x, index(unknown, i), index(sensitive, i), et)).collect())
        }
        (Type::Tuple(ts), J::Array(a)) => Value::tuple(
            a.iter().zip(ts.iter()).enumerate().map(|(i, (x, t))| from_json(x, index(unknown, i), index(sensitive, i), t)).collect(),
        ),
        (t, j) => decode_typed(j, t),
    };
    if sensitive == &J::Bool(true) {
        v.mark_sensitive()
    } else {
        v
    }
}

static FALSE: J = J::Bool(false);

fn child<'a>(j: &'a J, k: &str) -> &'a J {
    j.get(k).unwrap_or(&FALSE)
}

fn index(j: &J, i: usize) -> &J {
    j.get(i).unwrap_or(&FALSE)
}
