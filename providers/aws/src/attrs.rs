//! Reading and building resource values: typed getters over an object's attributes,
//! constructors, and conforming a value returned by a resource to its schema (every
//! attribute present, lists and sets typed as the schema says).

use std::collections::BTreeMap;

use terrace_provider::{Block, Nesting, Number, Type, Value};

/// The attributes of one object, by name.
pub type Attrs = BTreeMap<String, Value>;

/// The attributes of an object value (empty for null or unknown).
pub fn attrs_of(v: &Value) -> Attrs {
    v.as_entries().cloned().unwrap_or_default()
}

/// A known, non-null string attribute (empty strings count as unset).
pub fn get_str<'a>(a: &'a Attrs, k: &str) -> Option<&'a str> {
    a.get(k).and_then(|v| v.as_str()).filter(|s| !s.is_empty())
}

pub fn get_string(a: &Attrs, k: &str) -> Option<String> {
    get_str(a, k).map(str::to_string)
}

pub fn get_bool(a: &Attrs, k: &str) -> Option<bool> {
    a.get(k).and_then(|v| v.as_bool())
}

pub fn get_i64(a: &Attrs, k: &str) -> Option<i64> {
    a.get(k).and_then(|v| v.as_number()).and_then(|n| n.to_i64())
}

/// A list or set of strings.
pub fn get_strings(a: &Attrs, k: &str) -> Vec<String> {
    a.get(k).and_then(|v| v.as_elements()).map(|es| es.iter().filter_map(|e| e.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// A map of strings.
pub fn get_map(a: &Attrs, k: &str) -> BTreeMap<String, String> {
    a.get(k)
        .and_then(|v| v.as_entries())
        .map(|m| m.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string()))).collect())
        .unwrap_or_default()
}

/// The objects of a nested block (list or set).
pub fn get_blocks(a: &Attrs, k: &str) -> Vec<Attrs> {
    a.get(k).and_then(|v| v.as_elements()).map(|es| es.iter().map(attrs_of).collect()).unwrap_or_default()
}

/// Whether an attribute is known (not unknown; null counts as known).
pub fn is_known(a: &Attrs, k: &str) -> bool {
    a.get(k).is_none_or(|v| v.is_known())
}

pub fn s(v: impl AsRef<str>) -> Value {
    Value::string(v.as_ref())
}

pub fn opt_s(v: Option<impl AsRef<str>>) -> Value {
    match v {
        Some(v) => Value::string(v.as_ref()),
        None => Value::null(Type::String),
    }
}

pub fn b(v: bool) -> Value {
    Value::bool(v)
}

pub fn n(v: i64) -> Value {
    Value::int(v)
}

pub fn opt_n(v: Option<i64>) -> Value {
    match v {
        Some(v) => Value::int(v),
        None => Value::null(Type::Number),
    }
}

pub fn strings(v: impl IntoIterator<Item = impl AsRef<str>>) -> Value {
    Value::list(Type::String, v.into_iter().map(|x| Value::string(x.as_ref())).collect())
}

pub fn string_map(m: &BTreeMap<String, String>) -> Value {
    Value::map(Type::String, m.iter().map(|(k, v)| (k.clone(), Value::string(v.as_str()))).collect())
}

/// A number from a float the SDK returns.
pub fn num_f64(v: f64) -> Value {
    if v.is_finite() {
        Value::number(Number::from_f64(v))
    } else {
        Value::null(Type::Number)
    }
}

/// Makes a value conform to a block's schema: attributes the value lacks become null,
/// attributes the schema does not have are dropped, collections take the schema's
/// element type (a set stays a set), nested blocks are conformed recursively.
pub fn conform(block: &Block, v: &Attrs) -> Value {
    let mut out = BTreeMap::new();
    for (name, a) in &block.attributes {
        let x = v.get(name).cloned().unwrap_or_else(|| Value::null(a.ty.clone()));
        out.insert(name.clone(), conform_type(&a.ty, x));
    }
    for (name, nb) in &block.blocks {
        let items: Vec<Value> = match v.get(name) {
            Some(x) if !x.is_null() && x.is_known() => match x.as_elements() {
                Some(es) => es.iter().map(|e| conform(&nb.block, &attrs_of(e))).collect(),
                None => vec![conform(&nb.block, &attrs_of(x))],
            },
            _ => Vec::new(),
        };
        let t = nb.block.implied_type();
        let x = match nb.nesting {
            Nesting::Single => items.into_iter().next().unwrap_or_else(|| Value::null(t)),
            Nesting::List => Value::list(t, items),
            Nesting::Set => Value::set(t, items),
        };
        out.insert(name.clone(), x);
    }
    Value::object(out)
}

fn conform_type(ty: &Type, v: Value) -> Value {
    if v.is_null() || !v.is_known() {
        return if v.is_null() { Value::null(ty.clone()) } else { v };
    }
    match ty {
        Type::List(et) => match v.as_elements() {
            Some(es) => Value::list((**et).clone(), es.iter().map(|e| conform_type(et, e.clone())).collect()),
            None => v,
        },
        Type::Set(et) => match v.as_elements() {
            Some(es) => Value::set((**et).clone(), es.iter().map(|e| conform_type(et, e.clone())).collect()),
            None => v,
        },
        Type::Map(et) => match v.as_entries() {
            Some(m) => Value::map((**et).clone(), m.iter().map(|(k, e)| (k.clone(), conform_type(et, e.clone()))).collect()),
            None => v,
        },
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use terrace_provider::Attribute;

    #[test]
    fn conform_fills_and_types() {
        let block = Block::new()
            .attr("id", Attribute::computed(Type::String))
            .attr("cidrs", Attribute::optional(Type::set(Type::String)))
            .attr("tags", Attribute::optional(Type::map(Type::String)));
        let mut a = Attrs::new();
        a.insert("cidrs".into(), Value::list(Type::String, vec![s("b"), s("a"), s("a")]));
        a.insert("extra".into(), s("x"));
        let v = conform(&block, &a);
        let m = v.as_entries().unwrap();
        assert!(m["id"].is_null());
        assert!(!m.contains_key("extra"));
        assert_eq!(m["cidrs"].ty(), Type::set(Type::String));
        assert_eq!(m["cidrs"].as_elements().unwrap().len(), 2);
    }
}

/// Whether two attribute maps hold the same values (a missing key counts as null).
pub fn same_attrs(a: &Attrs, b: &Attrs) -> bool {
    a.keys().chain(b.keys()).all(|k| crate::resources::net_util::same(a.get(k), b.get(k)))
}
