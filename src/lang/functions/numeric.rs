//! Numeric functions: abs, ceil, floor, log, max, min, parseint, pow, signum.
//!
//! `log` and `pow` work in 64-bit floating point like Terraform's (Go's `math.Log`
//! and `math.Pow`, reproduced here operation for operation); the others work on the
//! arbitrary-precision [`Number`] directly.

use num_bigint::BigInt;
use terrace_provider::{Number, Type, Value};

use super::{FuncError, Function, Host, Param, Registry};

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
    from_go_float(go_log(x) / go_log(base))
}

fn pow(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let x = go_float(&num(&args, 0))?;
    let y = go_float(&num(&args, 1))?;
    from_go_float(go_pow(x, y))
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
fn frexp(f: f64) -> (f64, i32) {
    if f == 0.0 || f.is_infinite() || f.is_nan() {
        return (f, 0);
    }
    let (mut f, mut exp) = (f, 0i32);
    if f.abs() < f64::MIN_POSITIVE {
        f *= (1u64 << 52) as f64;
        exp = -52;
    }
    let mut bits = f.to_bits();
    exp += ((bits >> 52) & 0x7ff) as i32 - 1022;
    bits &= !(0x7ffu64 << 52);
    bits |= 1022u64 << 52;
    (f64::from_bits(bits), exp)
}

/// Go's `math.Ldexp`: `frac × 2^exp`.
fn ldexp(frac: f64, exp: i64) -> f64 {
    if frac == 0.0 || frac.is_infinite() || frac.is_nan() {
        return frac;
    }
    let (frac, e) = frexp(frac);
    let mut exp = exp.saturating_add(e as i64);
    let mut bits = frac.to_bits();
    exp += ((bits >> 52) & 0x7ff) as i64 - 1023;
    if exp < -1075 {
        return 0.0f64.copysign(frac);
    }
    if exp > 1023 {
        return if frac < 0.0 { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    let mut m = 1.0;
    if exp < -1022 {
        exp += 53;
        m = 1.0 / (1u64 << 53) as f64;
    }
    bits &= !(0x7ffu64 << 52);
    bits |= ((exp + 1023) as u64) << 52;
    m * f64::from_bits(bits)
}

/// Go's `math.Log` (the FreeBSD algorithm).
#[allow(clippy::excessive_precision)]
fn go_log(x: f64) -> f64 {
    const LN2_HI: f64 = 6.93147180369123816490e-01;
    const LN2_LO: f64 = 1.90821492927058770002e-10;
    const L1: f64 = 6.666666666666735130e-01;
    const L2: f64 = 3.999999999940941908e-01;
    const L3: f64 = 2.857142874366239149e-01;
    const L4: f64 = 2.222219843214978396e-01;
    const L5: f64 = 1.818357216161805012e-01;
    const L6: f64 = 1.531383769920937332e-01;
    const L7: f64 = 1.479819860511658591e-01;
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    let (mut f1, mut ki) = frexp(x);
    if f1 < std::f64::consts::SQRT_2 / 2.0 {
        f1 *= 2.0;
        ki -= 1;
    }
    let f = f1 - 1.0;
    let k = ki as f64;
    let s = f / (2.0 + f);
    let s2 = s * s;
    let s4 = s2 * s2;
    let t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
    let t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
    let r = t1 + t2;
    let hfsq = 0.5 * f * f;
    k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f)
}

/// Go's `math.Exp`.
#[allow(clippy::excessive_precision)]
fn go_exp(x: f64) -> f64 {
    const LN2_HI: f64 = 6.93147180369123816490e-01;
    const LN2_LO: f64 = 1.90821492927058770002e-10;
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    const OVERFLOW: f64 = 7.09782712893383973096e+02;
    const UNDERFLOW: f64 = -7.45133219101941108420e+02;
    const NEAR_ZERO: f64 = 1.0 / (1u64 << 28) as f64;
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == f64::NEG_INFINITY {
        return 0.0;
    }
    if x > OVERFLOW {
        return f64::INFINITY;
    }
    if x < UNDERFLOW {
        return 0.0;
    }
    if -NEAR_ZERO < x && x < NEAR_ZERO {
        return 1.0 + x;
    }
    let k: i64 = if x < 0.0 {
        (LOG2E * x - 0.5) as i64
    } else if x > 0.0 {
        (LOG2E * x + 0.5) as i64
    } else {
        0
    };
    let hi = x - k as f64 * LN2_HI;
    let lo = k as f64 * LN2_LO;
    const P1: f64 = 1.66666666666666657415e-01;
    const P2: f64 = -2.77777777770155933842e-03;
    const P3: f64 = 6.61375632143793436117e-05;
    const P4: f64 = -1.65339022054652515390e-06;
    const P5: f64 = 4.13813679705723846039e-08;
    let r = hi - lo;
    let t = r * r;
    let c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    let y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    ldexp(y, k)
}

fn is_odd_int(x: f64) -> bool {
    if x.abs() >= (1u64 << 53) as f64 {
        return false;
    }
    let (xi, xf) = (x.trunc(), x.fract());
    xf == 0.0 && (xi as i64) & 1 == 1
}

/// Go's `math.Pow`: special cases, then repeated squaring for the integer part of
/// the exponent and `Exp(yf × Log(x))` for its fraction.
fn go_pow(x: f64, y: f64) -> f64 {
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    if y == 1.0 {
        return x;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 {
        if y < 0.0 {
            return if is_odd_int(y) { f64::INFINITY.copysign(x) } else { f64::INFINITY };
        }
        return if is_odd_int(y) { x } else { 0.0 };
    }
    if y.is_infinite() {
        if x == -1.0 {
            return 1.0;
        }
        return if (x.abs() < 1.0) == (y > 0.0) { 0.0 } else { f64::INFINITY };
    }
    if x.is_infinite() {
        if x < 0.0 {
            return go_pow(1.0 / x, -y);
        }
        return if y < 0.0 { 0.0 } else { f64::INFINITY };
    }
    if y == 0.5 {
        return x.sqrt();
    }
    if y == -0.5 {
        return 1.0 / x.sqrt();
    }
    let (mut yi, mut yf) = (y.abs().trunc(), y.abs().fract());
    if yf != 0.0 && x < 0.0 {
        return f64::NAN;
    }
    if yi >= (1u64 << 63) as f64 {
        if x == -1.0 {
            return 1.0;
        }
        return if (x.abs() < 1.0) == (y > 0.0) { 0.0 } else { f64::INFINITY };
    }
    let mut a1 = 1.0f64;
    let mut ae: i64 = 0;
    if yf != 0.0 {
        if yf > 0.5 {
            yf -= 1.0;
            yi += 1.0;
        }
        a1 = go_exp(yf * go_log(x));
    }
    let (mut x1, xe) = frexp(x);
    let mut xe = xe as i64;
    let mut i = yi as i64;
    while i != 0 {
        if !(-(1 << 12)..=(1 << 12)).contains(&xe) {
            ae += xe;
            break;
        }
        if i & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        i >>= 1;
    }
    if y < 0.0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

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
        assert_eq!(go_pow(1.1, 10.0), 2.593742460100002);
        assert_eq!(go_pow(3.0, 40.0), 12157665459056929000.0);
        assert_eq!(go_pow(2.0, -1074.0), 5e-324);
        assert_eq!(go_pow(7.0, 0.3), 1.792789962520997);
        assert_eq!(go_pow(2.5, -3.7), 0.03369938443095647);
        assert_eq!(go_pow(10.0, 0.1), 1.2589254117941673);
        assert_eq!(go_pow(1.0001, 12345.0), 3.436447654031931);
        assert_eq!(go_pow(0.3, 7.77), 0.0000865430405112625);
        assert_eq!(go_pow(123.456, 3.21), 5173139.2305491725);
        assert_eq!(go_log(1000.0) / go_log(10.0), 2.9999999999999996);
        assert_eq!(go_log(7.0) / go_log(3.0), 1.7712437491614224);
        assert_eq!(go_log(2.0) / go_log(10.0), 0.30102999566398114);
        assert_eq!(go_log(123456.0) / go_log(7.0), 6.024759212010334);
        assert_eq!(go_pow(-2.0, 3.0), -8.0);
        assert_eq!(go_pow(0.0, 0.0), 1.0);
        assert!(go_pow(-8.0, 1.0 / 3.0).is_nan());
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
        assert_eq!(go_log(1.0), 0.0);
        assert_eq!(go_log(std::f64::consts::E), 1.0);
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
