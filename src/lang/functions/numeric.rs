//! Numeric functions: abs, ceil, floor, log, max, min, parseint, pow, signum.
//!
//! `log` and `pow` work in 64-bit floating point like Terraform's (Go's `math.Log`
//! and `math.Pow`, reproduced here operation for operation); the others work on the
//! arbitrary-precision [`Number`] directly.

use num_bigint::BigInt;
use terrace_provider::{Number, Type, Value};

use super::{FuncError, Function, Host, Param, Registry};
use terrace_provider::number::gomath;

pub fn register(r: &mut Registry) {
    let unary = |name: &'static str, imp: super::Impl| {
        Function::new(name, imp).param(Param::new("num", Type::Number)).returns(Type::Number)
    };
    r.add(unary("abs", abs));
    r.add(unary("ceil", ceil));
    r.add(unary("floor", floor));
    r.add(unary("signum", signum));
    r.add(
        Function::new("log", log)
            .param(Param::new("num", Type::Number))
            .param(Param::new("base", Type::Number))
            .returns(Type::Number),
    );
    r.add(
        Function::new("pow", pow)
            .param(Param::new("num", Type::Number))
            .param(Param::new("power", Type::Number))
            .returns(Type::Number),
    );
    r.add(Function::new("max", max).variadic(Param::new("numbers", Type::Number)).returns(Type::Number));
    r.add(Function::new("min", min).variadic(Param::new("numbers", Type::Number)).returns(Type::Number));
    r.add(
        Function::new("parseint", parseint)
            .param(Param::new("number", Type::Dynamic).allow_unknown())
            .param(Param::new("base", Type::Number).allow_unknown())
            .returns(Type::Number),
    );
}

fn num(args: &[Value], i: usize) -> Number {
    args.get(i).and_then(Value::as_number).cloned().unwrap_or_else(|| Number::from_i64(0))
}

const WHOLE_NUMBER: &str = "value must be a whole number, between -9223372036854775808 and 9223372036854775807";

/// gocty's conversion of a number to a Go float64: precision may be lost, but a
/// finite number too large for float64 is an error.
fn go_float(n: &Number) -> Result<f64, FuncError> {
    let f = n.to_f64();
    if f.is_infinite() && !n.is_infinite() {
        let max = format!("{:.6}", f64::MAX);
        return Err(FuncError::call(format!("value must be between -{max} and {max} inclusive")));
    }
    Ok(f)
}

/// cty.NumberFloatVal: NaN makes Go's big.Float panic, which cty reports.
fn from_go_float(f: f64) -> Result<Value, FuncError> {
    if f.is_nan() {
        return Err(FuncError::call("panic in function implementation: Float.SetFloat64(NaN)"));
    }
    if f.is_infinite() {
        return Ok(Value::number(Number::infinity(f < 0.0)));
    }
    Ok(Value::number(Number::from_f64(f)))
}

fn abs(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::number(num(&args, 0).abs()))
}

fn ceil(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let n = num(&args, 0);
    Ok(Value::number(if n.is_infinite() { n } else { n.ceil() }))
}

fn floor(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let n = num(&args, 0);
    Ok(Value::number(if n.is_infinite() { n } else { n.floor() }))
}

fn signum(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let i = num(&args, 0).to_i64().ok_or_else(|| FuncError::call(WHOLE_NUMBER))?;
    Ok(Value::int(i.signum()))
}

fn log(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let x = go_float(&num(&args, 0))?;
    let base = go_float(&num(&args, 1))?;
    from_go_float(gomath::log(x) / gomath::log(base))
}

fn pow(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let x = go_float(&num(&args, 0))?;
    let y = go_float(&num(&args, 1))?;
    from_go_float(gomath::pow(x, y))
}

fn max(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let mut best: Option<Number> = None;
    for v in &args {
        let Some(n) = v.as_number() else { continue };
        if best.as_ref().is_none_or(|b| n > b) {
            best = Some(n.clone());
        }
    }
    best.map(Value::number).ok_or_else(|| FuncError::call("must pass at least one number"))
}

fn min(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let mut best: Option<Number> = None;
    for v in &args {
        let Some(n) = v.as_number() else { continue };
        if best.as_ref().is_none_or(|b| n < b) {
            best = Some(n.clone());
        }
    }
    best.map(Value::number).ok_or_else(|| FuncError::call("must pass at least one number"))
}

fn parseint(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let number = &args[0];
    let ty = number.ty();
    if ty == Type::Dynamic && !number.is_known() {
        return Ok(Value::unknown(Type::Number));
    }
    if ty != Type::String {
        return Err(FuncError::arg(0, format!("first argument must be a string, not {}", ty.friendly_name())));
    }
    if !number.is_known() || !args[1].is_known() {
        return Ok(Value::unknown(Type::Number));
    }
    let s = number.as_str().unwrap_or_default();
    let base = num(&args, 1).to_i64().ok_or_else(|| FuncError::arg(1, WHOLE_NUMBER))?;
    if !(2..=62).contains(&base) {
        return Err(FuncError::arg(1, "base must be a whole number between 2 and 62 inclusive"));
    }
    match parse_big_int(s, base as u32) {
        Some(i) => Ok(Value::number(Number::from_bigint(&i))),
        None => Err(FuncError::arg(
            0,
            format!("cannot parse {} as a base {base} integer", super::string::go_quote_str(s)),
        )),
    }
}

/// Go's `(*big.Int).SetString(s, base)` for a base between 2 and 62: an optional
/// sign and at least one digit, nothing else. Up to base 36 letters are
/// case-insensitive; above, lowercase letters come before uppercase ones.
fn parse_big_int(s: &str, base: u32) -> Option<BigInt> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut vals = Vec::with_capacity(digits.len());
    for b in digits.bytes() {
        let d = match b {
            b'0'..=b'9' => (b - b'0') as u32,
            b'a'..=b'z' => (b - b'a') as u32 + 10,
            b'A'..=b'Z' if base <= 36 => (b - b'A') as u32 + 10,
            b'A'..=b'Z' => (b - b'A') as u32 + 36,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        vals.push(d as u8);
    }
    let mag = num_bigint::BigUint::from_radix_be(&vals, base)?;
    let sign = if neg { num_bigint::Sign::Minus } else { num_bigint::Sign::Plus };
    Some(BigInt::from_biguint(sign, mag))
}

// ---- Go's math.Log and math.Pow ------------------------------------------------------

/// Go's `math.Frexp`: `f == frac × 2^exp` with `0.5 <= |frac| < 1`.

#[cfg(test)]
mod tests {
    use super::super::testing::{arg_err, call_err, n, ok, s};
    use super::*;

    fn num_of(v: &Value) -> Number {
        v.as_number().cloned().unwrap_or_else(|| panic!("not a number: {v:?}"))
    }
    fn assert_num(v: Value, want: &str) {
        assert_eq!(num_of(&v), Number::parse(want).expect("number"), "{v:?} != {want}");
    }

    #[test]
    fn abs_ceil_floor() {
        assert_num(ok("abs", vec![n("-12.4")]), "12.4");
        assert_num(ok("abs", vec![n("23")]), "23");
        assert_num(ok("abs", vec![n("0")]), "0");
        assert_num(ok("ceil", vec![n("5.1")]), "6");
        assert_num(ok("ceil", vec![n("-5.1")]), "-5");
        assert_num(ok("ceil", vec![n("5")]), "5");
        assert_num(ok("ceil", vec![n("-0.5")]), "0");
        assert_num(ok("floor", vec![n("4.9")]), "4");
        assert_num(ok("floor", vec![n("-4.1")]), "-5");
        assert_num(ok("floor", vec![n("-0.5")]), "-1");
        assert_num(ok("floor", vec![n("3.5")]), "3");
        assert_num(ok("ceil", vec![n("3.5")]), "4");
        let inf = Value::number(Number::infinity(false));
        assert!(num_of(&ok("ceil", vec![inf.clone()])).is_infinite());
        assert!(num_of(&ok("floor", vec![Value::number(Number::infinity(true))])).is_infinite());
        assert_num(ok("abs", vec![s("-3")]), "3");
    }

    #[test]
    fn max_min() {
        assert_num(ok("max", vec![n("12"), n("54"), n("3")]), "54");
        assert_num(ok("min", vec![n("12"), n("54"), n("3")]), "3");
        assert_num(ok("min", vec![n("-1.5"), n("-2")]), "-2");
        assert_num(ok("max", vec![n("7")]), "7");
        assert_num(ok("max", vec![s("10"), n("9")]), "10");
        assert_eq!(call_err("max", vec![]), "must pass at least one number");
        assert_eq!(call_err("min", vec![]), "must pass at least one number");
        assert_eq!(arg_err("max", vec![n("1"), s("a")]), (1, "a number is required".to_string()));
        assert_eq!(arg_err("min", vec![n("1"), Value::null_dynamic()]), (1, "argument must not be null".to_string()));
        let v = ok("max", vec![n("1"), Value::unknown(Type::Number)]);
        assert!(!v.is_known());
    }

    #[test]
    fn pow_and_signum() {
        assert_num(ok("pow", vec![n("3"), n("2")]), "9");
        assert_num(ok("pow", vec![n("4"), n("0")]), "1");
        assert_num(ok("pow", vec![n("2"), n("-1")]), "0.5");
        assert_eq!(num_of(&ok("pow", vec![n("2"), n("0.5")])).to_f64(), std::f64::consts::SQRT_2);
        assert_eq!(num_of(&ok("pow", vec![n("2"), n("64")])).to_f64(), 18446744073709551616.0);
        assert_eq!(num_of(&ok("pow", vec![n("10"), n("30")])).to_f64(), 1e30);
        assert!(num_of(&ok("pow", vec![n("0"), n("-1")])).is_infinite());
        assert!(call_err("pow", vec![n("-8"), n("0.5")]).contains("NaN"));
        assert!(call_err("pow", vec![n("-8"), n("0.3333")]).starts_with("panic in function implementation"));
        assert_num(ok("signum", vec![n("-13")]), "-1");
        assert_num(ok("signum", vec![n("0")]), "0");
        assert_num(ok("signum", vec![n("344")]), "1");
        assert_eq!(call_err("signum", vec![n("0.5")]), WHOLE_NUMBER);
    }

    #[test]
    fn go_pow_matches_go() {
        // Values printed by Terraform (Go's math.Pow).
        assert_eq!(gomath::pow(1.1, 10.0), 2.593742460100002);
        assert_eq!(gomath::pow(3.0, 40.0), 12157665459056929000.0);
        assert_eq!(gomath::pow(2.0, -1074.0), 5e-324);
        assert_eq!(gomath::pow(7.0, 0.3), 1.792789962520997);
        assert_eq!(gomath::pow(2.5, -3.7), 0.03369938443095647);
        assert_eq!(gomath::pow(10.0, 0.1), 1.2589254117941673);
        assert_eq!(gomath::pow(1.0001, 12345.0), 3.436447654031931);
        assert_eq!(gomath::pow(0.3, 7.77), 0.0000865430405112625);
        assert_eq!(gomath::pow(123.456, 3.21), 5173139.2305491725);
        assert_eq!(gomath::log(1000.0) / gomath::log(10.0), 2.9999999999999996);
        assert_eq!(gomath::log(7.0) / gomath::log(3.0), 1.7712437491614224);
        assert_eq!(gomath::log(2.0) / gomath::log(10.0), 0.30102999566398114);
        assert_eq!(gomath::log(123456.0) / gomath::log(7.0), 6.024759212010334);
        assert_eq!(gomath::pow(-2.0, 3.0), -8.0);
        assert_eq!(gomath::pow(0.0, 0.0), 1.0);
        assert!(gomath::pow(-8.0, 1.0 / 3.0).is_nan());
    }

    #[test]
    fn log_cases() {
        assert_num(ok("log", vec![n("8"), n("2")]), "3");
        assert_num(ok("log", vec![n("100"), n("10")]), "2");
        assert_eq!(num_of(&ok("log", vec![n("50"), n("10")])).to_f64(), 1.6989700043360185);
        assert_eq!(num_of(&ok("log", vec![n("16"), n("2")])).to_f64(), 4.0);
        assert!(num_of(&ok("log", vec![n("0"), n("10")])).is_negative());
        // public case 284
        assert!(call_err("log", vec![n("-1"), n("10")]).starts_with("panic in function implementation"));
        assert_eq!(gomath::log(1.0), 0.0);
        assert_eq!(gomath::log(std::f64::consts::E), 1.0);
    }

    #[test]
    fn float_range_errors() {
        // Only meaningful once numbers are arbitrary precision (1e400 overflows f64).
        if Number::parse("1e400").map(|x| !x.is_infinite()).unwrap_or(false) {
            let e = call_err("pow", vec![n("1e400"), n("1")]);
            assert!(e.starts_with("value must be between -179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000 and "), "{e}");
        }
    }

    #[test]
    fn parseint_cases() {
        let p = |x: &str, b: &str| ok("parseint", vec![s(x), n(b)]);
        assert_num(p("100", "10"), "100");
        assert_num(p("FF", "16"), "255");
        assert_num(p("ff", "16"), "255");
        assert_num(p("-10", "16"), "-16");
        assert_num(p("1011111011101111", "2"), "48879");
        assert_num(p("zz", "36"), "1295");
        assert_num(p("aA", "62"), "656");
        assert_num(p("Zz", "62"), "3817");
        assert_num(p("+7", "10"), "7");
        assert_num(p("-0", "10"), "0");
        assert_eq!(
            parse_big_int("ffffffffffffffffffff", 16).map(|i| i.to_string()),
            Some("1208925819614629174706175".to_string())
        );
        for bad in ["12xy", "0x10", "", "-", "1_000", " 12", "+-1"] {
            let base = if bad == "0x10" { "16" } else { "10" };
            let (idx, msg) = arg_err("parseint", vec![s(bad), n(base)]);
            assert_eq!(idx, 0);
            assert_eq!(msg, format!("cannot parse \"{bad}\" as a base {base} integer"));
        }
        assert_eq!(
            arg_err("parseint", vec![s("zz"), n("35")]),
            (0, "cannot parse \"zz\" as a base 35 integer".to_string())
        );
        assert_eq!(
            arg_err("parseint", vec![s("10"), n("1")]),
            (1, "base must be a whole number between 2 and 62 inclusive".to_string())
        );
        assert_eq!(
            arg_err("parseint", vec![s("10"), n("63")]),
            (1, "base must be a whole number between 2 and 62 inclusive".to_string())
        );
        assert_eq!(arg_err("parseint", vec![s("10"), n("2.5")]), (1, WHOLE_NUMBER.to_string()));
        assert_eq!(
            arg_err("parseint", vec![n("100"), n("10")]),
            (0, "first argument must be a string, not number".to_string())
        );
        assert_eq!(
            arg_err("parseint", vec![Value::unknown(Type::Number), n("10")]),
            (0, "first argument must be a string, not number".to_string())
        );
        assert!(!ok("parseint", vec![Value::unknown(Type::String), n("10")]).is_known());
        assert!(!ok("parseint", vec![Value::unknown_dynamic(), n("10")]).is_known());
        assert!(!ok("parseint", vec![s("1"), Value::unknown(Type::Number)]).is_known());
        let v = ok("parseint", vec![s("ff").mark_sensitive(), n("16")]);
        assert!(v.is_sensitive());
    }
}
