//! Terraform's built-in functions, one file per family, all registered in one table.
//!
//! A function declares its parameters (name, type constraint, whether null, unknown
//! or marked arguments are accepted) and an implementation. [`call`] does what cty's
//! function machinery does around every call: arity checks, conversion of each
//! argument to its parameter type, short-circuiting unknown arguments to an unknown
//! result, and carrying the arguments' sensitive marks over to the result.
//!
//! `try` and `can` are not here: they need unevaluated expressions, so the evaluator
//! implements them.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use terrace_provider::{Marks, Type, Value};

use super::convert::convert;

mod collection;
mod conversion;
mod crypto;
mod datetime;
mod encoding;
mod filesystem;
mod ip;
mod numeric;
mod string;

/// What a function implementation can ask of its caller.
pub trait Host {
    /// The directory of the module being evaluated (`path.module`): relative paths in
    /// `file()` and friends resolve against it.
    fn base_dir(&self) -> &Path;
    /// Parses `source` (read from `path`) as a string template and evaluates it with
    /// only `vars` in scope, as `templatefile` does. Errors come back as messages.
    fn render_template(&self, source: &str, path: &Path, vars: &BTreeMap<String, Value>) -> Result<Value, String>;
    /// True while planning: impure functions (`timestamp`, `uuid`, `bcrypt`) then
    /// return unknown values, known only when applying, as in Terraform.
    fn planning(&self) -> bool {
        false
    }
}

/// Functions whose result differs on every call.
const IMPURE: &[&str] = &["timestamp", "uuid", "bcrypt"];

/// A host for tests and for evaluation outside a module: relative paths resolve
/// against `dir`; templates cannot be rendered.
pub struct PlainHost {
    pub dir: PathBuf,
}

impl Host for PlainHost {
    fn base_dir(&self) -> &Path {
        &self.dir
    }
    fn render_template(&self, _: &str, _: &Path, _: &BTreeMap<String, Value>) -> Result<Value, String> {
        Err("templates cannot be rendered here".into())
    }
}

/// A failed call. `Arg` points at one argument (Terraform's "Invalid function
/// argument"); `Call` is about the call as a whole ("Error in function call").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FuncError {
    Arg { index: usize, message: String },
    Call(String),
}

impl FuncError {
    pub fn arg(index: usize, message: impl Into<String>) -> FuncError {
        FuncError::Arg { index, message: message.into() }
    }
    pub fn call(message: impl Into<String>) -> FuncError {
        FuncError::Call(message.into())
    }
}

pub type Impl = fn(&dyn Host, Vec<Value>) -> Result<Value, FuncError>;

/// One parameter of a function.
#[derive(Clone)]
pub struct Param {
    pub name: &'static str,
    /// Arguments are converted to this type before the call; `Type::Dynamic` accepts any.
    pub ty: Type,
    pub allow_null: bool,
    pub allow_unknown: bool,
    /// When false, marks are removed from the argument (at every depth) before the
    /// call and their union is put on the result.
    pub allow_marked: bool,
}

impl Param {
    pub fn new(name: &'static str, ty: Type) -> Param {
        Param { name, ty, allow_null: false, allow_unknown: false, allow_marked: false }
    }
    pub fn allow_null(mut self) -> Param {
        self.allow_null = true;
        self
    }
    pub fn allow_unknown(mut self) -> Param {
        self.allow_unknown = true;
        self
    }
    pub fn allow_marked(mut self) -> Param {
        self.allow_marked = true;
        self
    }
}

/// The type of a function's result when an argument is unknown.
#[derive(Clone)]
pub enum Returns {
    Type(Type),
    /// Computed from the (converted) arguments.
    Computed(fn(&[Value]) -> Type),
}

#[derive(Clone)]
pub struct Function {
    pub name: &'static str,
    pub params: Vec<Param>,
    pub variadic: Option<Param>,
    pub returns: Returns,
    pub imp: Impl,
}

impl Function {
    pub fn new(name: &'static str, imp: Impl) -> Function {
        Function { name, params: Vec::new(), variadic: None, returns: Returns::Type(Type::Dynamic), imp }
    }
    pub fn param(mut self, p: Param) -> Function {
        self.params.push(p);
        self
    }
    pub fn variadic(mut self, p: Param) -> Function {
        self.variadic = Some(p);
        self
    }
    pub fn returns(mut self, t: Type) -> Function {
        self.returns = Returns::Type(t);
        self
    }
    pub fn returns_computed(mut self, f: fn(&[Value]) -> Type) -> Function {
        self.returns = Returns::Computed(f);
        self
    }
}

/// The table of functions, by name.
#[derive(Default)]
pub struct Registry {
    funcs: HashMap<&'static str, Function>,
}

impl Registry {
    pub fn add(&mut self, f: Function) {
        self.funcs.insert(f.name, f);
    }
    pub fn get(&self, name: &str) -> Option<&Function> {
        self.funcs.get(name)
    }
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.funcs.keys().copied()
    }
}

/// Every built-in function.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut r = Registry::default();
        collection::register(&mut r);
        conversion::register(&mut r);
        crypto::register(&mut r);
        datetime::register(&mut r);
        encoding::register(&mut r);
        filesystem::register(&mut r);
        ip::register(&mut r);
        numeric::register(&mut r);
        string::register(&mut r);
        r
    })
}

/// Functions Terraform removed, with the replacement to suggest.
pub fn removed_function_hint(name: &str) -> Option<&'static str> {
    match name {
        "list" => Some("the list function was removed in Terraform v0.15. Use tolist([...]) or the [...] syntax instead"),
        "map" => Some("the map function was removed in Terraform v0.15. Use tomap({...}) or the {...} syntax instead"),
        _ => None,
    }
}

/// The outcome of an arity check, for the evaluator's diagnostics.
#[derive(Debug, PartialEq, Eq)]
pub enum Arity {
    Ok,
    TooFew { missing: &'static str },
    TooMany { max: usize },
}

pub fn check_arity(f: &Function, nargs: usize) -> Arity {
    if nargs < f.params.len() {
        return Arity::TooFew { missing: f.params[nargs].name };
    }
    if f.variadic.is_none() && nargs > f.params.len() {
        return Arity::TooMany { max: f.params.len() };
    }
    Arity::Ok
}

/// Calls `f` with `args` (arity already checked), applying cty's call rules.
pub fn call(f: &Function, host: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let mut marks = Marks::NONE;
    let mut any_unknown = false;
    let mut converted = Vec::with_capacity(args.len());
    for (i, arg) in args.into_iter().enumerate() {
        let p = f.params.get(i).or(f.variadic.as_ref()).ok_or_else(|| FuncError::call("too many arguments"))?;
        let arg = if p.allow_marked {
            arg
        } else {
            let (a, m) = arg.unmark_deep();
            marks |= m;
            a
        };
        if arg.is_null() && !p.allow_null {
            return Err(FuncError::arg(i, "argument must not be null"));
        }
        let arg = convert(arg, &p.ty).map_err(|e| FuncError::arg(i, e.to_string()))?;
        if !arg.is_known() && !p.allow_unknown {
            any_unknown = true;
        }
        converted.push(arg);
    }
    if any_unknown {
        let t = match &f.returns {
            Returns::Type(t) => t.clone(),
            Returns::Computed(rf) => rf(&converted),
        };
        return Ok(Value::unknown(t).with_marks(marks));
    }
    if host.planning() && IMPURE.contains(&f.name) {
        let t = match &f.returns {
            Returns::Type(t) => t.clone(),
            Returns::Computed(rf) => rf(&converted),
        };
        return Ok(Value::unknown(t).with_marks(marks));
    }
    let out = (f.imp)(host, converted)?;
    Ok(out.with_marks(marks))
}

/// Calls a function by name with no diagnostics machinery: handy in tests.
pub fn call_by_name(name: &str, host: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let f = registry().get(name).ok_or_else(|| FuncError::call(format!("no function named {name:?}")))?;
    match check_arity(f, args.len()) {
        Arity::Ok => call(f, host, args),
        Arity::TooFew { missing } => Err(FuncError::call(format!("missing argument {missing:?}"))),
        Arity::TooMany { max } => Err(FuncError::call(format!("at most {max} arguments"))),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small helpers for the per-family unit tests.
    use super::*;

    pub fn host() -> PlainHost {
        PlainHost { dir: std::env::temp_dir() }
    }
    pub fn call(name: &str, args: Vec<Value>) -> Result<Value, FuncError> {
        call_by_name(name, &host(), args)
    }
    pub fn s(x: &str) -> Value {
        Value::string(x)
    }
    pub fn n(x: &str) -> Value {
        Value::number(terrace_provider::Number::parse(x).expect("number literal"))
    }
    pub fn strs(xs: &[&str]) -> Value {
        Value::tuple(xs.iter().map(|x| s(x)).collect())
    }
    /// The result of a call that must succeed.
    pub fn ok(name: &str, args: Vec<Value>) -> Value {
        match call(name, args) {
            Ok(v) => v,
            Err(e) => panic!("{name} failed: {e:?}"),
        }
    }
    /// The string result of a call that must succeed.
    pub fn ok_str(name: &str, args: Vec<Value>) -> String {
        let v = ok(name, args);
        v.as_str().unwrap_or_else(|| panic!("{name} returned {v:?}")).to_string()
    }
    /// The message of a call that must fail as a whole ("Error in function call").
    pub fn call_err(name: &str, args: Vec<Value>) -> String {
        match call(name, args) {
            Err(FuncError::Call(m)) => m,
            other => panic!("{name}: expected a call error, got {other:?}"),
        }
    }
    /// The argument index and message of a call that must fail on one argument.
    pub fn arg_err(name: &str, args: Vec<Value>) -> (usize, String) {
        match call(name, args) {
            Err(FuncError::Arg { index, message }) => (index, message),
            other => panic!("{name}: expected an argument error, got {other:?}"),
        }
    }
}
