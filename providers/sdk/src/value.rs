//! Terraform values: every value has a type, may be null or unknown ("known after
//! apply"), and may carry marks (sensitive) at any depth.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::number::Number;
use crate::types::Type;

/// Marks carried by a value. Marks propagate through every operation that reads the
/// value: a value derived from a sensitive value is sensitive.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, Debug)]
pub struct Marks(u8);

impl Marks {
    pub const NONE: Marks = Marks(0);
    pub const SENSITIVE: Marks = Marks(1);

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn is_sensitive(self) -> bool {
        self.0 & 1 != 0
    }
    pub fn union(self, other: Marks) -> Marks {
        Marks(self.0 | other.0)
    }
}

impl std::ops::BitOr for Marks {
    type Output = Marks;
    fn bitor(self, rhs: Marks) -> Marks {
        self.union(rhs)
    }
}
impl std::ops::BitOrAssign for Marks {
    fn bitor_assign(&mut self, rhs: Marks) {
        self.0 |= rhs.0
    }
}

/// The shape of a value, without its marks.
#[derive(Clone)]
pub enum Kind {
    Null(Type),
    Unknown(Type),
    Bool(bool),
    Number(Number),
    String(Arc<str>),
    /// Element type, elements (all of the element type).
    List(Type, Arc<Vec<Value>>),
    /// Element type, elements sorted in set order without duplicates.
    Set(Type, Arc<Vec<Value>>),
    /// Element type, entries.
    Map(Type, Arc<BTreeMap<String, Value>>),
    Tuple(Arc<Vec<Value>>),
    Object(Arc<BTreeMap<String, Value>>),
}

#[derive(Clone)]
pub struct Value {
    kind: Kind,
    marks: Marks,
}

impl Value {
    fn new(kind: Kind) -> Value {
        Value { kind, marks: Marks::NONE }
    }

    // ---- constructors ----------------------------------------------------------

    pub fn null(ty: Type) -> Value {
        Value::new(Kind::Null(ty))
    }
    /// A null of dynamic type: Terraform's bare `null`.
    pub fn null_dynamic() -> Value {
        Value::null(Type::Dynamic)
    }
    pub fn unknown(ty: Type) -> Value {
        Value::new(Kind::Unknown(ty))
    }
    pub fn unknown_dynamic() -> Value {
        Value::unknown(Type::Dynamic)
    }
    pub fn bool(b: bool) -> Value {
        Value::new(Kind::Bool(b))
    }
    pub fn number(n: Number) -> Value {
        Value::new(Kind::Number(n))
    }
    pub fn int(i: i64) -> Value {
        Value::number(Number::from_i64(i))
    }
    /// A string value. Like cty, strings are kept in Unicode normal form C, so that
    /// "e\u0301" and "\u00e9" are the same string.
    pub fn string(s: impl Into<Arc<str>>) -> Value {
        let s: Arc<str> = s.into();
        if s.is_ascii() || unicode_normalization::is_nfc(&s) {
            return Value::new(Kind::String(s));
        }
        use unicode_normalization::UnicodeNormalization;
        Value::new(Kind::String(s.nfc().collect::<String>().into()))
    }
    /// A list of elements that all have type `elem` already (callers convert first).
    pub fn list(elem: Type, elems: Vec<Value>) -> Value {
        Value::new(Kind::List(elem, Arc::new(elems)))
    }
    pub fn empty_list(elem: Type) -> Value {
        Value::list(elem, Vec::new())
    }
    /// A set; elements are sorted into set order and deduplicated. Set elements cannot
    /// carry marks: as in cty, the marks of the elements move onto the set itself.
    pub fn set(elem: Type, elems: Vec<Value>) -> Value {
        let mut marks = Marks::NONE;
        let mut elems: Vec<Value> = elems
            .into_iter()
            .map(|e| {
                let (e, m) = e.unmark_deep();
                marks |= m;
                e
            })
            .collect();
        elems.sort_by(set_order);
        elems.dedup_by(|a, b| set_order(a, b) == Ordering::Equal);
        Value { kind: Kind::Set(elem, Arc::new(elems)), marks }
    }
    pub fn map(elem: Type, entries: BTreeMap<String, Value>) -> Value {
        Value::new(Kind::Map(elem, Arc::new(entries)))
    }
    pub fn tuple(elems: Vec<Value>) -> Value {
        Value::new(Kind::Tuple(Arc::new(elems)))
    }
    pub fn empty_tuple() -> Value {
        Value::tuple(Vec::new())
    }
    pub fn object(attrs: BTreeMap<String, Value>) -> Value {
        Value::new(Kind::Object(Arc::new(attrs)))
    }
    pub fn empty_object() -> Value {
        Value::object(BTreeMap::new())
    }

    // ---- marks -----------------------------------------------------------------

    pub fn marks(&self) -> Marks {
        self.marks
    }
    pub fn is_sensitive(&self) -> bool {
        self.marks.is_sensitive()
    }
    pub fn with_marks(mut self, marks: Marks) -> Value {
        self.marks |= marks;
        self
    }
    pub fn mark_sensitive(self) -> Value {
        self.with_marks(Marks::SENSITIVE)
    }
    /// Removes the top-level marks and returns them.
    pub fn unmark(mut self) -> (Value, Marks) {
        let m = self.marks;
        self.marks = Marks::NONE;
        (self, m)
    }
    /// Removes marks at every depth and returns their union.
    pub fn unmark_deep(self) -> (Value, Marks) {
        let mut all = Marks::NONE;
        let v = self.map_deep(&mut |v: Value| {
            let (v, m) = v.unmark();
            all |= m;
            v
        });
        (v, all)
    }
    /// The union of marks at every depth.
    pub fn deep_marks(&self) -> Marks {
        let mut m = self.marks;
        for child in self.children() {
            m |= child.deep_marks();
        }
        m
    }
    /// True when this value or any nested value is sensitive.
    pub fn contains_sensitive(&self) -> bool {
        self.deep_marks().is_sensitive()
    }

    /// Applies `f` bottom-up to every nested value and then to this one.
    pub fn map_deep(self, f: &mut dyn FnMut(Value) -> Value) -> Value {
        let marks = self.marks;
        let kind = match self.kind {
            Kind::List(t, elems) => Kind::List(t, Arc::new(unwrap_vec(elems).into_iter().map(|v| v.map_deep(f)).collect())),
            Kind::Set(t, elems) => {
                let elems: Vec<Value> = unwrap_vec(elems).into_iter().map(|v| v.map_deep(f)).collect();
                let set = Value::set(t, elems);
                let inner = set.marks;
                return f(Value { kind: set.kind, marks: marks | inner });
            }
            Kind::Tuple(elems) => Kind::Tuple(Arc::new(unwrap_vec(elems).into_iter().map(|v| v.map_deep(f)).collect())),
            Kind::Map(t, m) => Kind::Map(t, Arc::new(unwrap_map(m).into_iter().map(|(k, v)| (k, v.map_deep(f))).collect())),
            Kind::Object(m) => Kind::Object(Arc::new(unwrap_map(m).into_iter().map(|(k, v)| (k, v.map_deep(f))).collect())),
            other => other,
        };
        f(Value { kind, marks })
    }

    // ---- inspection ------------------------------------------------------------

    pub fn kind(&self) -> &Kind {
        &self.kind
    }
    pub fn into_kind(self) -> Kind {
        self.kind
    }

    pub fn ty(&self) -> Type {
        match &self.kind {
            Kind::Null(t) | Kind::Unknown(t) => t.clone(),
            Kind::Bool(_) => Type::Bool,
            Kind::Number(_) => Type::Number,
            Kind::String(_) => Type::String,
            Kind::List(t, _) => Type::list(t.clone()),
            Kind::Set(t, _) => Type::set(t.clone()),
            Kind::Map(t, _) => Type::map(t.clone()),
            Kind::Tuple(elems) => Type::tuple(elems.iter().map(Value::ty).collect()),
            Kind::Object(attrs) => Type::object(attrs.iter().map(|(k, v)| (k.clone(), v.ty())).collect()),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null(_))
    }
    pub fn is_known(&self) -> bool {
        !matches!(self.kind, Kind::Unknown(_))
    }
    /// True when neither this value nor anything inside it is unknown.
    pub fn is_wholly_known(&self) -> bool {
        self.is_known() && self.children().all(Value::is_wholly_known)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_number(&self) -> Option<&Number> {
        match &self.kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }
    /// Elements of a list, set or tuple, in order.
    pub fn as_elements(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::List(_, e) | Kind::Set(_, e) | Kind::Tuple(e) => Some(e),
            _ => None,
        }
    }
    /// Entries of a map or object, sorted by key.
    pub fn as_entries(&self) -> Option<&BTreeMap<String, Value>> {
        match &self.kind {
            Kind::Map(_, m) | Kind::Object(m) => Some(m),
            _ => None,
        }
    }
    /// Number of elements or entries of a known collection or structure.
    pub fn len(&self) -> Option<usize> {
        self.as_elements().map(<[Value]>::len).or_else(|| self.as_entries().map(BTreeMap::len))
    }
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Direct children (elements or attribute values).
    pub fn children(&self) -> Box<dyn Iterator<Item = &Value> + '_> {
        match &self.kind {
            Kind::List(_, e) | Kind::Set(_, e) | Kind::Tuple(e) => Box::new(e.iter()),
            Kind::Map(_, m) | Kind::Object(m) => Box::new(m.values()),
            _ => Box::new(std::iter::empty()),
        }
    }

    /// Strict structural equality, including types and marks (cty `RawEquals`).
    pub fn raw_equals(&self, other: &Value) -> bool {
        self.marks == other.marks && self.ty() == other.ty() && raw_cmp(self, other) == Ordering::Equal
    }

    /// The value as JSON, the way Terraform writes values into state and `output -json`
    /// (numbers via [`Number`]'s display; unknown values are not representable and
    /// are written as null).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    pub fn write_json(&self, out: &mut String) {
        match &self.kind {
            Kind::Null(_) | Kind::Unknown(_) => out.push_str("null"),
            Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Kind::Number(n) => out.push_str(&n.to_string()),
            Kind::String(s) => {
                out.push('"');
                out.push_str(&json_escape(s));
                out.push('"');
            }
            Kind::List(_, e) | Kind::Set(_, e) | Kind::Tuple(e) => {
                out.push('[');
                for (i, v) in e.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_json(out);
                }
                out.push(']');
            }
            Kind::Map(_, m) | Kind::Object(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push('"');
                    out.push_str(&json_escape(k));
                    out.push_str("\":");
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            Kind::Unknown(t) => write!(f, "unknown({t:?})")?,
            Kind::Null(t) => write!(f, "null({t:?})")?,
            _ => write!(f, "{}", self.to_json())?,
        }
        if self.marks.is_sensitive() {
            write!(f, " (sensitive)")?;
        }
        Ok(())
    }
}

fn unwrap_vec(v: Arc<Vec<Value>>) -> Vec<Value> {
    Arc::try_unwrap(v).unwrap_or_else(|a| (*a).clone())
}
fn unwrap_map(m: Arc<BTreeMap<String, Value>>) -> BTreeMap<String, Value> {
    Arc::try_unwrap(m).unwrap_or_else(|a| (*a).clone())
}

/// Escapes a string for inclusion in JSON text.
pub fn json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The order of set elements: strings lexically by bytes, numbers numerically, false
/// before true, unknown values last, then structural values compared element-wise.
pub fn set_order(a: &Value, b: &Value) -> Ordering {
    raw_cmp(a, b)
}

fn kind_rank(k: &Kind) -> u8 {
    match k {
        Kind::Bool(_) => 0,
        Kind::Number(_) => 1,
        Kind::String(_) => 2,
        Kind::List(..) => 3,
        Kind::Set(..) => 4,
        Kind::Tuple(_) => 5,
        Kind::Map(..) => 6,
        Kind::Object(_) => 7,
        Kind::Null(_) => 8,
        Kind::Unknown(_) => 9,
    }
}

/// A total order on values used for sets and raw equality.
fn raw_cmp(a: &Value, b: &Value) -> Ordering {
    match (&a.kind, &b.kind) {
        (Kind::Bool(x), Kind::Bool(y)) => x.cmp(y),
        (Kind::Number(x), Kind::Number(y)) => x.cmp(y),
        (Kind::String(x), Kind::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Kind::List(_, x), Kind::List(_, y)) | (Kind::Set(_, x), Kind::Set(_, y)) | (Kind::Tuple(x), Kind::Tuple(y)) => {
            cmp_seq(x, y)
        }
        (Kind::Map(_, x), Kind::Map(_, y)) | (Kind::Object(x), Kind::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            kx.cmp(&ky).then_with(|| {
                for (vx, vy) in x.values().zip(y.values()) {
                    let o = raw_cmp(vx, vy);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                Ordering::Equal
            })
        }
        (Kind::Null(x), Kind::Null(y)) | (Kind::Unknown(x), Kind::Unknown(y)) => x.cmp(y),
        (x, y) => kind_rank(x).cmp(&kind_rank(y)),
    }
}

fn cmp_seq(x: &[Value], y: &[Value]) -> Ordering {
    for (a, b) in x.iter().zip(y.iter()) {
        let o = raw_cmp(a, b);
        if o != Ordering::Equal {
            return o;
        }
    }
    x.len().cmp(&y.len())
}
