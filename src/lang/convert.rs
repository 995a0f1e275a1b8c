//! Terraform's automatic type conversions (cty's `convert` package semantics):
//! converting a value to a type constraint, and unifying several types into one.

use std::collections::BTreeMap;

use terrace_provider::{Kind, Number, Type, Value};

/// Why a conversion failed, phrased the way Terraform phrases it ("string required",
/// "attribute \"port\" is required"). `path` locates the failing element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError {
    pub path: Vec<PathStep>,
    pub message: String,
    /// The value (not its type) was unsuitable ("a number is required"); cty reports
    /// these without the element path.
    pub value_error: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Attr(String),
    Index(usize),
    Key(String),
}

impl ConvertError {
    fn new(message: impl Into<String>) -> ConvertError {
        ConvertError { path: Vec::new(), message: message.into(), value_error: false }
    }
    fn value(message: impl Into<String>) -> ConvertError {
        ConvertError { path: Vec::new(), message: message.into(), value_error: true }
    }
    fn at(mut self, step: PathStep) -> ConvertError {
        self.path.insert(0, step);
        self
    }
}

impl std::fmt::Display for ConvertError {
    /// `attribute "port": number required`, the form Terraform uses in details.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() || self.value_error {
            return f.write_str(&self.message);
        }
        let mut first = true;
        for step in &self.path {
            match step {
                PathStep::Attr(a) if first => write!(f, "attribute \"{a}\"")?,
                PathStep::Attr(a) => write!(f, ".{a}")?,
                PathStep::Index(i) if first => write!(f, "element {i}")?,
                PathStep::Index(i) => write!(f, "[{i}]")?,
                PathStep::Key(k) if first => write!(f, "element \"{k}\"")?,
                PathStep::Key(k) => write!(f, "[\"{k}\"]")?,
            }
            first = false;
        }
        write!(f, ": {}", self.message)
    }
}

/// Converts `v` to `want`, keeping marks. Null and unknown values convert to a null or
/// unknown of the wanted type.
pub fn convert(v: Value, want: &Type) -> Result<Value, ConvertError> {
    convert_with_defaults(v, want, None)
}

/// Like [`convert`], with `optional(type, default)` defaults for object attributes.
/// `defaults` mirrors the shape of `want`: an object value whose attributes hold the
/// default for each optional attribute (nested defaults as nested objects).
pub fn convert_with_defaults(v: Value, want: &Type, defaults: Option<&Defaults>) -> Result<Value, ConvertError> {
    let (v, marks) = v.unmark();
    let out = convert_unmarked(v, want, defaults)?;
    Ok(out.with_marks(marks))
}

/// Default values for the optional attributes of an object type constraint, nested
/// along the constraint's structure.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// Default for this position itself (set by `optional(T, default)`).
    pub value: Option<Value>,
    /// Defaults inside object attributes, by attribute name.
    pub attrs: BTreeMap<String, Defaults>,
    /// Defaults inside collection elements (list(object(...)) etc.).
    pub elem: Option<Box<Defaults>>,
}

fn convert_unmarked(v: Value, want: &Type, defaults: Option<&Defaults>) -> Result<Value, ConvertError> {
    if *want == Type::Dynamic {
        return Ok(v);
    }
    match v.kind() {
        Kind::Null(t) => {
            if type_convertible(t, want) {
                return Ok(Value::null(want.clone()));
            }
            return Err(ConvertError::new(format!("{} required", required_name(want))));
        }
        Kind::Unknown(t) => {
            if type_convertible(t, want) {
                return Ok(Value::unknown(want.clone()));
            }
            return Err(ConvertError::new(format!("{} required", required_name(want))));
        }
        _ => {}
    }
    if !want.has_dynamic() && defaults.is_none() && v.ty() == *want {
        return Ok(v);
    }
    match want {
        Type::String => match v.kind() {
            Kind::String(_) => Ok(v),
            Kind::Number(n) => Ok(Value::string(n.to_string())),
            Kind::Bool(b) => Ok(Value::string(if *b { "true" } else { "false" })),
            _ => Err(ConvertError::new("string required")),
        },
        Type::Number => match v.kind() {
            Kind::Number(_) => Ok(v),
            Kind::String(s) => match Number::parse(s) {
                Ok(n) => Ok(Value::number(n)),
                Err(_) => Err(ConvertError::value("a number is required")),
            },
            _ => Err(ConvertError::new("number required")),
        },
        Type::Bool => match v.kind() {
            Kind::Bool(_) => Ok(v),
            Kind::String(s) => match &**s {
                "true" | "1" => Ok(Value::bool(true)),
                "false" | "0" => Ok(Value::bool(false)),
                other => match other.to_lowercase().as_str() {
                    "true" => Err(ConvertError::value("a bool is required; to convert from string, use lowercase \"true\"")),
                    "false" => Err(ConvertError::value("a bool is required; to convert from string, use lowercase \"false\"")),
                    _ => Err(ConvertError::value("a bool is required")),
                },
            },
            _ => Err(ConvertError::new("bool required")),
        },
        Type::List(et) | Type::Set(et) => {
            let is_set = matches!(want, Type::Set(_));
            let elems = match v.kind() {
                Kind::List(..) | Kind::Set(..) | Kind::Tuple(_) => v.as_elements().unwrap_or(&[]).to_vec(),
                _ => return Err(ConvertError::new(format!("{} required", required_name(want)))),
            };
            let elem_defaults = defaults.and_then(|d| d.elem.as_deref());
            let mut out = Vec::with_capacity(elems.len());
            for (i, e) in elems.into_iter().enumerate() {
                out.push(convert_with_defaults(e, et, elem_defaults).map_err(|err| err.at(PathStep::Index(i)))?);
            }
            let et = if et.has_dynamic() {
                match unify_values(&mut out) {
                    Some(t) => t,
                    None => return Err(ConvertError::new("all list elements must have the same type")),
                }
            } else {
                (**et).clone()
            };
            Ok(if is_set { Value::set(et, out) } else { Value::list(et, out) })
        }
        Type::Map(et) => {
            let entries = match v.kind() {
                Kind::Map(..) | Kind::Object(_) => v.as_entries().cloned().unwrap_or_default(),
                _ => return Err(ConvertError::new(format!("{} required", required_name(want)))),
            };
            let elem_defaults = defaults.and_then(|d| d.elem.as_deref());
            let mut keys = Vec::with_capacity(entries.len());
            let mut vals = Vec::with_capacity(entries.len());
            for (k, e) in entries {
                vals.push(convert_with_defaults(e, et, elem_defaults).map_err(|err| err.at(PathStep::Key(k.clone())))?);
                keys.push(k);
            }
            let et = if et.has_dynamic() {
                match unify_values(&mut vals) {
                    Some(t) => t,
                    None => return Err(ConvertError::new("all map elements must have the same type")),
                }
            } else {
                (**et).clone()
            };
            Ok(Value::map(et, keys.into_iter().zip(vals).collect()))
        }
        Type::Object(ot) => {
            let entries = match v.kind() {
                Kind::Object(_) | Kind::Map(..) => v.as_entries().cloned().unwrap_or_default(),
                _ => return Err(ConvertError::new("object required")),
            };
            let mut out = BTreeMap::new();
            for (name, at) in &ot.attrs {
                let attr_defaults = defaults.and_then(|d| d.attrs.get(name));
                match entries.get(name) {
                    Some(av) if !(av.is_null() && ot.optional.contains(name)) => {
                        let c = convert_with_defaults(av.clone(), at, attr_defaults)
                            .map_err(|e| e.at(PathStep::Attr(name.clone())))?;
                        out.insert(name.clone(), c);
                    }
                    _ if ot.optional.contains(name) => {
                        let d = attr_defaults.and_then(|d| d.value.clone());
                        let val = match d {
                            Some(d) => convert_with_defaults(d, at, attr_defaults)
                                .map_err(|e| e.at(PathStep::Attr(name.clone())))?,
                            None => Value::null(at.clone()),
                        };
                        out.insert(name.clone(), val);
                    }
                    Some(av) => {
                        let c = convert_with_defaults(av.clone(), at, attr_defaults)
                            .map_err(|e| e.at(PathStep::Attr(name.clone())))?;
                        out.insert(name.clone(), c);
                    }
                    None => return Err(ConvertError::new(format!("attribute \"{name}\" is required"))),
                }
            }
            Ok(Value::object(out))
        }
        Type::Tuple(ts) => {
            let elems = match v.kind() {
                Kind::Tuple(_) | Kind::List(..) | Kind::Set(..) => v.as_elements().unwrap_or(&[]).to_vec(),
                _ => return Err(ConvertError::new("tuple required".to_string())),
            };
            if elems.len() != ts.len() {
                return Err(ConvertError::new("tuple required".to_string()));
            }
            let mut out = Vec::with_capacity(elems.len());
            for (i, (e, t)) in elems.into_iter().zip(ts.iter()).enumerate() {
                out.push(convert(e, t).map_err(|err| err.at(PathStep::Index(i)))?);
            }
            Ok(Value::tuple(out))
        }
        Type::Dynamic => Ok(v),
    }
}

/// How cty names a wanted type in "... required": `list of any single type` for a
/// collection of dynamic elements.
fn required_name(t: &Type) -> String {
    match t {
        Type::List(e) if **e == Type::Dynamic => "list of any single type".into(),
        Type::Set(e) if **e == Type::Dynamic => "set of any single type".into(),
        Type::Map(e) if **e == Type::Dynamic => "map of any single type".into(),
        other => other.friendly_name(),
    }
}

/// Whether a value of type `from` could be converted to `to` (ignoring the actual
/// contents, which may still fail, e.g. "abc" to number).
pub fn type_convertible(from: &Type, to: &Type) -> bool {
    if from == to || *from == Type::Dynamic || *to == Type::Dynamic {
        return true;
    }
    match (from, to) {
        (Type::Number | Type::Bool, Type::String) => true,
        (Type::String, Type::Number | Type::Bool) => true,
        (Type::List(a) | Type::Set(a), Type::List(b) | Type::Set(b)) => type_convertible(a, b),
        (Type::Tuple(ts), Type::List(b) | Type::Set(b)) => ts.iter().all(|t| type_convertible(t, b)),
        (Type::Map(a), Type::Map(b)) => type_convertible(a, b),
        (Type::Object(o), Type::Map(b)) => o.attrs.values().all(|t| type_convertible(t, b)),
        (Type::Object(a), Type::Object(b)) => b
            .attrs
            .iter()
            .all(|(k, t)| match a.attrs.get(k) {
                Some(at) => type_convertible(at, t),
                None => b.optional.contains(k),
            }),
        (Type::Map(a), Type::Object(b)) => b.attrs.values().all(|t| type_convertible(a, t)),
        (Type::Tuple(a), Type::Tuple(b)) => a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| type_convertible(x, y)),
        (Type::List(a) | Type::Set(a), Type::Tuple(b)) => b.iter().all(|t| type_convertible(a, t)),
        _ => false,
    }
}

/// Finds one type that all of `types` convert to, the way cty's `convert.Unify` does:
/// identical types unify to themselves; primitives unify to string when mixed with
/// strings; objects and maps unify to a map of the unified attribute type; tuples and
/// lists to a list. Returns None when there is no such type.
pub fn unify(types: &[Type]) -> Option<Type> {
    if types.is_empty() {
        return Some(Type::Dynamic);
    }
    let first = &types[0];
    if types.iter().all(|t| t == first) {
        return Some(first.clone());
    }
    let known: Vec<&Type> = types.iter().filter(|t| **t != Type::Dynamic).collect();
    if known.is_empty() {
        return Some(Type::Dynamic);
    }
    if known.len() < types.len() {
        // A dynamic participant: everything unifies to dynamic unless the rest agree.
        let k0 = known[0];
        if known.iter().all(|t| *t == k0) {
            return Some(k0.clone());
        }
        return Some(Type::Dynamic);
    }
    if known.iter().all(|t| t.is_primitive()) {
        // Mixed primitives: the one all can convert to, preferring string.
        // cty prefers string, but only when one of the types is string: number and
        // bool have no conversion between them.
        if known.iter().any(|t| **t == Type::String) {
            return Some(Type::String);
        }
        return None;
    }
    if known.iter().all(|t| matches!(t, Type::Object(_) | Type::Map(_))) {
        let all_objects = known.iter().all(|t| matches!(t, Type::Object(_)));
        if all_objects {
            // Objects with the same attribute names unify attribute-wise.
            let names: Vec<Vec<&String>> = known
                .iter()
                .map(|t| match t {
                    Type::Object(o) => o.attrs.keys().collect(),
                    _ => Vec::new(),
                })
                .collect();
            if names.iter().all(|n| *n == names[0]) {
                let mut attrs = BTreeMap::new();
                for name in &names[0] {
                    let ats: Vec<Type> = known
                        .iter()
                        .map(|t| match t {
                            Type::Object(o) => o.attrs[*name].clone(),
                            _ => Type::Dynamic,
                        })
                        .collect();
                    attrs.insert((*name).clone(), unify(&ats)?);
                }
                return Some(Type::object(attrs));
            }
        }
        let mut elems = Vec::new();
        for t in &known {
            match t {
                Type::Object(o) => elems.extend(o.attrs.values().cloned()),
                Type::Map(e) => elems.push((**e).clone()),
                _ => {}
            }
        }
        return Some(Type::map(unify(&elems)?));
    }
    if known.iter().all(|t| matches!(t, Type::Tuple(_) | Type::List(_))) {
        let all_tuples = known.iter().all(|t| matches!(t, Type::Tuple(_)));
        if all_tuples {
            let lens: Vec<usize> = known
                .iter()
                .map(|t| match t {
                    Type::Tuple(ts) => ts.len(),
                    _ => 0,
                })
                .collect();
            if lens.iter().all(|l| *l == lens[0]) {
                let mut out = Vec::new();
                for i in 0..lens[0] {
                    let ets: Vec<Type> = known
                        .iter()
                        .map(|t| match t {
                            Type::Tuple(ts) => ts[i].clone(),
                            _ => Type::Dynamic,
                        })
                        .collect();
                    out.push(unify(&ets)?);
                }
                return Some(Type::tuple(out));
            }
        }
        let mut elems = Vec::new();
        for t in &known {
            match t {
                Type::Tuple(ts) => elems.extend(ts.iter().cloned()),
                Type::List(e) => elems.push((**e).clone()),
                _ => {}
            }
        }
        return Some(Type::list(unify(&elems)?));
    }
    if known.iter().all(|t| matches!(t, Type::Set(_) | Type::Tuple(_))) {
        let mut elems = Vec::new();
        for t in &known {
            match t {
                Type::Tuple(ts) => elems.extend(ts.iter().cloned()),
                Type::Set(e) => elems.push((**e).clone()),
                _ => {}
            }
        }
        return Some(Type::set(unify(&elems)?));
    }
    // Same collection kind with different element types.
    match known[0] {
        Type::List(_) | Type::Set(_) | Type::Map(_) => {
            let same_kind = known.iter().all(|t| std::mem::discriminant(*t) == std::mem::discriminant(known[0]));
            if same_kind {
                let ets: Vec<Type> = known.iter().filter_map(|t| t.element_type().cloned()).collect();
                let et = unify(&ets)?;
                return Some(match known[0] {
                    Type::List(_) => Type::list(et),
                    Type::Set(_) => Type::set(et),
                    _ => Type::map(et),
                });
            }
            None
        }
        _ => None,
    }
}

/// Unifies the types of `values` and converts them all to it in place.
pub fn unify_values(values: &mut [Value]) -> Option<Type> {
    let types: Vec<Type> = values.iter().map(Value::ty).collect();
    let t = unify(&types)?;
    for v in values.iter_mut() {
        let taken = std::mem::replace(v, Value::null_dynamic());
        *v = convert(taken, &t).ok()?;
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::string(x)
    }

    #[test]
    fn number_to_string_and_back() {
        let v = convert(Value::int(5), &Type::String).unwrap();
        assert_eq!(v.as_str(), Some("5"));
        let n = convert(s("12"), &Type::Number).unwrap();
        assert_eq!(n.as_number().unwrap().to_i64(), Some(12));
        assert_eq!(convert(s("abc"), &Type::Number).unwrap_err().message, "a number is required");
    }

    #[test]
    fn tuple_to_list_of_string_converts_elements() {
        let t = Value::tuple(vec![Value::int(1), s("a"), Value::bool(true)]);
        let v = convert(t, &Type::list(Type::Dynamic)).unwrap();
        assert_eq!(v.ty(), Type::list(Type::String));
    }

    #[test]
    fn object_missing_attribute_names_it() {
        let want = Type::object([("name".to_string(), Type::String), ("port".to_string(), Type::Number)].into());
        let o = Value::object([("name".to_string(), s("web"))].into());
        let err = convert(o, &want).unwrap_err();
        assert_eq!(err.to_string(), "attribute \"port\" is required");
    }

    #[test]
    fn unify_objects_to_map() {
        let a = Type::object([("a".to_string(), Type::Number)].into());
        let b = Type::object([("b".to_string(), Type::String)].into());
        assert_eq!(unify(&[a, b]), Some(Type::map(Type::String)));
    }

    #[test]
    fn unify_list_and_object_fails() {
        let a = Type::tuple(vec![Type::String]);
        let b = Type::object([("a".to_string(), Type::String)].into());
        assert_eq!(unify(&[a, b]), None);
    }
}
