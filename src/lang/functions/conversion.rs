//! Type conversion functions (`tostring`, `tonumber`, `tobool`, `tolist`, `toset`,
//! `tomap`) and the sensitivity functions (`sensitive`, `nonsensitive`), as in
//! Terraform 1.0.3. (`type` exists only in `terraform console` and is not here.)
//!
//! The conversion functions take any value and do the conversion themselves, so that
//! their errors read like Terraform's explicit-conversion errors ("cannot convert
//! tuple to list of any single type") rather than implicit-conversion ones. Marks
//! stay where they are (a set moves its elements' marks onto itself). A null or
//! unknown argument of unknown type passes through unchanged, as in Terraform.

use terrace_provider::{Kind, Type, Value};

use super::collection::{go_quote, make_set};
use super::{FuncError, Function, Host, Param, Registry};
use crate::lang::convert::{convert, unify};

pub fn register(r: &mut Registry) {
    let v = || Param::new("v", Type::Dynamic).allow_null().allow_unknown().allow_marked();
    r.add(Function::new("tostring", tostring).param(v()));
    r.add(Function::new("tonumber", tonumber).param(v()));
    r.add(Function::new("tobool", tobool).param(v()));
    r.add(Function::new("tolist", tolist).param(v()));
    r.add(Function::new("toset", toset).param(v()));
    r.add(Function::new("tomap", tomap).param(v()));
    let value = || Param::new("value", Type::Dynamic).allow_null().allow_unknown().allow_marked();
    r.add(Function::new("sensitive", sensitive).param(value()));
    r.add(Function::new("nonsensitive", nonsensitive).param(value()));
}

fn tostring(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    convert_to(&args[0], &Type::String)
}

fn tonumber(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    if let Some(s) = args[0].as_str() {
        if !is_decimal_number(s) {
            return Err(string_conversion_error(&args[0], "number"));
        }
    }
    convert_to(&args[0], &Type::Number)
}

fn tobool(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    // cty also accepts "1" and "0" when converting a string to bool.
    if let Some(s) = args[0].as_str() {
        let b = match s {
            "true" | "1" => true,
            "false" | "0" => false,
            _ => return Err(string_conversion_error(&args[0], "bool")),
        };
        return Ok(Value::bool(b).with_marks(args[0].marks()));
    }
    convert_to(&args[0], &Type::Bool)
}

fn tolist(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    convert_to(&args[0], &Type::list(Type::Dynamic))
}

fn toset(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let out = convert_to(&args[0], &Type::set(Type::Dynamic))?;
    let (out, marks) = out.unmark();
    let out = match out.kind() {
        Kind::Set(et, elems) => make_set(et.clone(), elems.to_vec()),
        _ => out,
    };
    Ok(out.with_marks(marks))
}

fn tomap(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    convert_to(&args[0], &Type::map(Type::Dynamic))
}

fn sensitive(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let (v, _) = args[0].clone().unmark();
    Ok(v.mark_sensitive())
}

fn nonsensitive(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let v = &args[0];
    if v.is_known() && !v.is_sensitive() {
        return Err(FuncError::arg(0, "the given value is not sensitive, so this call is redundant"));
    }
    // Only the value's own mark goes: sensitive values nested inside stay sensitive.
    let (v, _) = v.clone().unmark();
    Ok(v)
}

/// A type constraint's name as Terraform writes it in conversion errors.
fn constraint_name(t: &Type) -> String {
    match t {
        Type::Dynamic => "any type".into(),
        Type::List(e) if **e == Type::Dynamic => "list of any single type".into(),
        Type::Set(e) if **e == Type::Dynamic => "set of any single type".into(),
        Type::Map(e) if **e == Type::Dynamic => "map of any single type".into(),
        other => other.friendly_name(),
    }
}

/// Whether cty has a (possibly unsafe) conversion from `got` to `want`, for the
/// targets of the conversion functions.
fn conversion_exists(got: &Type, want: &Type) -> bool {
    if got == want {
        return true;
    }
    match want {
        Type::String => matches!(got, Type::String | Type::Number | Type::Bool),
        Type::Number | Type::Bool => *got == Type::String,
        Type::List(_) | Type::Set(_) => match got {
            Type::List(_) | Type::Set(_) => true,
            Type::Tuple(ts) => ts.is_empty() || unify(ts).is_some(),
            _ => false,
        },
        Type::Map(_) => match got {
            Type::Map(_) => true,
            Type::Object(o) => {
                let ts: Vec<Type> = o.attrs.values().cloned().collect();
                ts.is_empty() || unify(&ts).is_some()
            }
            _ => false,
        },
        _ => false,
    }
}

/// Terraform's explicit conversion of `arg` to `want`.
fn convert_to(arg: &Value, want: &Type) -> Result<Value, FuncError> {
    let got = arg.ty();
    if got == Type::Dynamic {
        return Ok(arg.clone());
    }
    if !conversion_exists(&got, want) {
        return Err(FuncError::arg(0, format!("cannot convert {} to {}", got.friendly_name(), constraint_name(want))));
    }
    if !arg.is_known() {
        return Ok(Value::unknown(want.clone()).with_marks(arg.marks()));
    }
    convert(arg.clone(), want).map_err(|_| match (&got, want) {
        (Type::String, Type::Bool) => string_conversion_error(arg, "bool"),
        (Type::String, Type::Number) => string_conversion_error(arg, "number"),
        _ if arg.contains_sensitive() => FuncError::arg(
            0,
            format!("cannot convert this sensitive {} to {}", got.friendly_name(), constraint_name(want)),
        ),
        _ => FuncError::arg(0, format!("cannot convert {} to {}", got.friendly_name(), constraint_name(want))),
    })
}

/// The error for a string that does not hold a number or bool.
fn string_conversion_error(arg: &Value, want: &str) -> FuncError {
    if arg.contains_sensitive() {
        return FuncError::arg(0, format!("cannot convert this sensitive string to {want}"));
    }
    let what = arg.as_str().map(go_quote).unwrap_or_else(|| "string".into());
    let hint = if want == "bool" {
        "only the strings \"true\" or \"false\" are allowed"
    } else {
        "given string must be a decimal representation of a number"
    };
    FuncError::arg(0, format!("cannot convert {what} to {want}; {hint}"))
}

/// The syntax Go's `big.ParseFloat(s, 10, ...)` accepts: an optional sign, then
/// `Inf`/`inf`, or decimal digits with an optional fraction and exponent.
fn is_decimal_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    if s == "Inf" || s == "inf" {
        return true;
    }
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() && frac.is_empty() || !digits(int) || !digits(frac) {
        return false;
    }
    match exp {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    }
}

#[cfg(test)]
mod tests {
    //! Expectations checked against Terraform 1.0.3.
    use super::super::collection::tests::{arg_fails, check, f, j, list, set, unk};
    use super::super::testing::{call, n, s};
    use terrace_provider::{Type, Value};

    #[test]
    fn null_passes_through_with_unknown_type() {
        // case 202: tostring(null) is a null of unknown type, not of string.
        for name in ["tostring", "tonumber", "tobool", "tolist", "toset", "tomap"] {
            let out = f(name, vec![Value::null_dynamic()]);
            assert!(out.is_null() && out.ty() == Type::Dynamic, "{name}");
        }
        let out = f("tostring", vec![Value::null(Type::Number)]);
        assert!(out.is_null() && out.ty() == Type::String);
        let out = f("tolist", vec![unk(Type::Dynamic)]);
        assert!(!out.is_known() && out.ty() == Type::Dynamic);
    }

    #[test]
    fn primitives() {
        check("tostring", vec![n("1")], "\"string\"", "\"1\"");
        check("tostring", vec![Value::bool(true)], "\"string\"", "\"true\"");
        check("tostring", vec![s("a")], "\"string\"", "\"a\"");
        check("tostring", vec![n("1.50")], "\"string\"", "\"1.5\"");
        check("tonumber", vec![s("1e3")], "\"number\"", "1000");
        check("tonumber", vec![s("+1")], "\"number\"", "1");
        check("tonumber", vec![s(".5")], "\"number\"", "0.5");
        check("tonumber", vec![s("5.")], "\"number\"", "5");
        check("tonumber", vec![s("1E3")], "\"number\"", "1000");
        check("tonumber", vec![s("1.0")], "\"number\"", "1");
        check("tobool", vec![s("true")], "\"bool\"", "true");
        check("tobool", vec![s("false")], "\"bool\"", "false");
        check("tobool", vec![s("1")], "\"bool\"", "true");
        check("tobool", vec![s("0")], "\"bool\"", "false");
        check("tobool", vec![Value::bool(true)], "\"bool\"", "true");
    }

    #[test]
    fn primitive_errors() {
        arg_fails("tostring", vec![j(r#"["a"]"#)], 0, "cannot convert tuple to string");
        arg_fails("tostring", vec![j("{}")], 0, "cannot convert object to string");
        let num = |x: &str| format!("cannot convert \"{x}\" to number; given string must be a decimal representation of a number");
        for bad in ["0x10", "abc", " 1", "1 ", "", "1_000", "nan", "1e", "."] {
            arg_fails("tonumber", vec![s(bad)], 0, &num(bad));
        }
        arg_fails("tonumber", vec![Value::bool(true)], 0, "cannot convert bool to number");
        arg_fails("tonumber", vec![j("[1]")], 0, "cannot convert tuple to number");
        let bool_msg = |x: &str| format!("cannot convert \"{x}\" to bool; only the strings \"true\" or \"false\" are allowed");
        arg_fails("tobool", vec![s("yes")], 0, &bool_msg("yes"));
        arg_fails("tobool", vec![s("True")], 0, &bool_msg("True"));
        arg_fails("tobool", vec![n("1")], 0, "cannot convert number to bool");
        arg_fails("tobool", vec![j("[true]")], 0, "cannot convert tuple to bool");
        arg_fails("tobool", vec![s("x").mark_sensitive()], 0, "cannot convert this sensitive string to bool");
        arg_fails("tonumber", vec![s("x").mark_sensitive()], 0, "cannot convert this sensitive string to number");
        // Type errors come first even for unknown values.
        arg_fails("tostring", vec![unk(Type::list(Type::String))], 0, "cannot convert list of string to string");
        assert!(!f("tostring", vec![unk(Type::Number)]).is_known());
    }

    #[test]
    fn collections() {
        check("tolist", vec![j(r#"[1,"a"]"#)], r#"["list","string"]"#, r#"["1","a"]"#);
        check("tolist", vec![set(r#"["b","a"]"#)], r#"["list","string"]"#, r#"["a","b"]"#);
        check("tolist", vec![j("[]")], r#"["list","dynamic"]"#, "[]");
        check("tolist", vec![j(r#"[[1],["a"]]"#)], r#"["list",["tuple",["string"]]]"#, r#"[["1"],["a"]]"#);
        check("tolist", vec![j(r#"[{"a":1},{"a":"x"}]"#)], r#"["list",["object",{"a":"string"}]]"#, r#"[{"a":"1"},{"a":"x"}]"#);
        check("tolist", vec![j(r#"[{"a":1},{"b":"x"}]"#)], r#"["list",["map","string"]]"#, r#"[{"a":"1"},{"b":"x"}]"#);
        check("tolist", vec![j(r#"[null,"a"]"#)], r#"["list","string"]"#, r#"[null,"a"]"#);
        check("tolist", vec![j("[null]")], r#"["list","dynamic"]"#, "[null]");
        check("tolist", vec![list(r#"["a"]"#)], r#"["list","string"]"#, r#"["a"]"#);
        check("tolist", vec![Value::tuple(vec![list("[1]"), list(r#"["a"]"#)])], r#"["list",["list","string"]]"#, r#"[["1"],["a"]]"#);
        // cases 208 and 209: sets order their elements
        check(
            "tolist",
            vec![set(r#"["banana","apple","cherry","Apple","10","9"]"#)],
            r#"["list","string"]"#,
            r#"["10","9","Apple","apple","banana","cherry"]"#,
        );
        check("tolist", vec![set("[10,9,100,-1,2.5]")], r#"["list","number"]"#, "[-1,2.5,9,10,100]");
        check("tolist", vec![set("[true,false,true]")], r#"["list","bool"]"#, "[false,true]");
        check(
            "tolist",
            vec![set(r#"[{"n":"b"},{"n":"a"},{"n":"c"}]"#)],
            r#"["list",["object",{"n":"string"}]]"#,
            r#"[{"n":"a"},{"n":"b"},{"n":"c"}]"#,
        );
        check("toset", vec![j(r#"["b","a","b"]"#)], r#"["set","string"]"#, r#"["a","b"]"#);
        check("toset", vec![j(r#"[1,"a"]"#)], r#"["set","string"]"#, r#"["1","a"]"#);
        check("toset", vec![j("[]")], r#"["set","dynamic"]"#, "[]");
        check("toset", vec![j(r#"[null,"a"]"#)], r#"["set","string"]"#, r#"["a",null]"#);
        check("tomap", vec![j(r#"{"a":1,"b":"x"}"#)], r#"["map","string"]"#, r#"{"a":"1","b":"x"}"#);
        check("tomap", vec![j("{}")], r#"["map","dynamic"]"#, "{}");
        check("tomap", vec![j(r#"{"a":{"x":1},"b":{"y":"z"}}"#)], r#"["map",["map","string"]]"#, r#"{"a":{"x":"1"},"b":{"y":"z"}}"#);
        check("tomap", vec![f("tomap", vec![j(r#"{"a":1}"#)])], r#"["map","number"]"#, r#"{"a":1}"#);
    }

    #[test]
    fn collection_errors() {
        arg_fails("tolist", vec![j(r#"["a",["b"]]"#)], 0, "cannot convert tuple to list of any single type");
        arg_fails("tolist", vec![s("a")], 0, "cannot convert string to list of any single type");
        arg_fails("tolist", vec![j(r#"{"a":1}"#)], 0, "cannot convert object to list of any single type");
        arg_fails("toset", vec![j(r#"{"a":1}"#)], 0, "cannot convert object to set of any single type");
        arg_fails("toset", vec![s("a")], 0, "cannot convert string to set of any single type");
        arg_fails("tomap", vec![j(r#"{"a":[1],"b":"x"}"#)], 0, "cannot convert object to map of any single type");
        arg_fails("tomap", vec![j(r#"["a"]"#)], 0, "cannot convert tuple to map of any single type");
        arg_fails("tomap", vec![s("a")], 0, "cannot convert string to map of any single type");
    }

    #[test]

    fn number_and_bool_do_not_unify() {
        // case 203
        arg_fails("tolist", vec![j("[1,true]")], 0, "cannot convert tuple to list of any single type");
        arg_fails("toset", vec![j("[1,true]")], 0, "cannot convert tuple to set of any single type");
        arg_fails("toset", vec![j("[[1],[true]]")], 0, "cannot convert tuple to set of any single type");
        arg_fails("tomap", vec![j(r#"{"a":1,"b":true}"#)], 0, "cannot convert object to map of any single type");
    }

    #[test]
    fn marks() {
        // Nested marks stay where they are...
        let out = f("tolist", vec![Value::tuple(vec![s("a").mark_sensitive(), s("b")])]);
        assert!(!out.is_sensitive() && !out.as_elements().unwrap()[1].is_sensitive());
        let out = f("tomap", vec![Value::object([("a".into(), s("a").mark_sensitive()), ("b".into(), s("b"))].into())]);
        assert!(!out.is_sensitive() && !out.as_entries().unwrap()["b"].is_sensitive());
        assert!(f("tostring", vec![n("1").mark_sensitive()]).is_sensitive());
        // ...except in sets, which take their elements' marks.
        let out = f("toset", vec![Value::tuple(vec![s("a").mark_sensitive(), s("a")])]);
        assert!(out.is_sensitive() && out.len() == Some(1) && !out.as_elements().unwrap()[0].is_sensitive());
    }

    #[test]
    fn sensitive_and_nonsensitive() {
        let out = f("sensitive", vec![s("hidden")]);
        assert!(out.is_sensitive() && out.as_str() == Some("hidden"));
        assert!(f("sensitive", vec![Value::null_dynamic()]).is_sensitive());
        assert!(f("sensitive", vec![s("a").mark_sensitive()]).is_sensitive());
        let out = f("sensitive", vec![unk(Type::String)]);
        assert!(out.is_sensitive() && !out.is_known() && out.ty() == Type::String);
        // case 244
        let out = f("nonsensitive", vec![f("sensitive", vec![s("c")])]);
        assert!(!out.is_sensitive() && out.as_str() == Some("c"));
        assert!(f("nonsensitive", vec![Value::null_dynamic().mark_sensitive()]).is_null());
        // case 245
        let redundant = "the given value is not sensitive, so this call is redundant";
        arg_fails("nonsensitive", vec![s("plain")], 0, redundant);
        arg_fails("nonsensitive", vec![Value::null_dynamic()], 0, redundant);
        arg_fails("nonsensitive", vec![Value::tuple(vec![s("a").mark_sensitive()])], 0, redundant);
        // Only the outer mark goes.
        let inner = Value::tuple(vec![s("a").mark_sensitive()]).mark_sensitive();
        let out = f("nonsensitive", vec![inner]);
        assert!(!out.is_sensitive() && out.contains_sensitive());
        // An unknown value that is not sensitive is not an error.
        assert!(!f("nonsensitive", vec![unk(Type::String)]).is_known());
        assert!(call("nonsensitive", vec![]).is_err());
    }
}
