//! Behaviour of Terraform numbers, checked against what Terraform 1.0.3 (Go's
//! math/big.Float through cty) produces.

#![allow(clippy::approx_constant, clippy::excessive_precision)]

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use num_bigint::BigInt;
use terrace_provider::{Number, NumberError};

fn p(s: &str) -> Number {
    Number::parse(s).unwrap_or_else(|_| panic!("parse {s:?}"))
}

fn i(v: i64) -> Number {
    Number::from_i64(v)
}

fn hash_of(n: &Number) -> u64 {
    let mut h = DefaultHasher::new();
    n.hash(&mut h);
    h.finish()
}

const ONE_THIRD: &str = "0.33333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333335";
const TWO_THIRDS: &str = "0.6666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666667";
const POINT_TWO: &str = "0.20000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002";

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

#[test]
fn parse_accepts_go_syntax() {
    assert_eq!(p("1e3"), i(1000));
    assert_eq!(p("1E3"), i(1000));
    assert_eq!(p("1E+3"), i(1000));
    assert_eq!(p("-12"), i(-12));
    assert_eq!(p("+5"), i(5));
    assert_eq!(p(".5"), Number::from_f64(0.5));
    assert_eq!(p("5."), i(5));
    assert_eq!(p("00012"), i(12));
    assert_eq!(p("1.5e-10").to_string(), "0.00000000015");
    assert_eq!(p("-0"), i(0));
    assert_eq!(p("0e5"), i(0));
    assert_eq!(p("1e0005"), i(100000));
    // Go accepts a binary exponent even with a decimal mantissa (tonumber("1p3") == 8).
    assert_eq!(p("1p3"), i(8));
    assert_eq!(p("1P-2"), Number::from_f64(0.25));
    assert_eq!(p("1.5p1"), i(3));
    assert_eq!(p("1").precision(), 512);
    assert_eq!(p("0").precision(), 512);
    assert_eq!(p("0.1").precision(), 512);
    assert_eq!("42".parse::<Number>().unwrap(), i(42));
}

#[test]
fn parse_infinity_like_terraform() {
    // Terraform 1.0.3: tonumber("inf") == +Inf (big.ParseFloat accepts it).
    assert!(p("Inf").is_infinite());
    assert!(!p("inf").is_negative());
    assert!(p("+Inf").is_infinite());
    assert!(p("-inf").is_negative());
    assert_eq!(p("-Inf"), Number::infinity(true));
}

#[test]
fn parse_rejects_invalid() {
    for s in [
        "",
        " 1",
        "1 ",
        "1_000",
        "0x10",
        "1e",
        "1e+",
        ".",
        "-",
        "+",
        "nan",
        "NaN",
        "INF",
        "infinity",
        "1..2",
        "1.2.3",
        "e5",
        ".e5",
        "--1",
        "+-1",
        "1e5.5",
        "abc",
        "1f",
        "0b101",
        "1,5",
        "1e99999999999999999999",
        "1e4000000000",
        "1e-4000000000",
    ] {
        assert!(Number::parse(s).is_err(), "{s:?} should not parse");
    }
}

#[test]
fn parse_extreme_exponents() {
    // Within Go's exponent range but far beyond representable: underflows to zero.
    assert!(p("1e-2147483649").is_zero());
    let tiny = p("1e-300");
    assert!(tiny > i(0));
    assert_eq!(tiny.to_f64(), 1e-300);
    assert_eq!(tiny.to_text('g', -1), "1e-300");
    let huge = p("1e300");
    assert_eq!(huge.to_f64(), 1e300);
    assert_eq!(huge.to_text('g', -1), "1e+300");
    assert_eq!(huge.to_string(), format!("1{}", "0".repeat(300)));
    assert_eq!(p("1e-300").mul(&p("1e300")).unwrap().to_string(), "1");
    assert_eq!(p("2.5e-1000").to_text('e', -1), "2.5e-1000");
    assert_eq!(p("7e100000").to_text('g', -1), "7e+100000");
}

#[test]
fn parse_long_literals() {
    assert_eq!(
        p("123456789012345678901234567890").to_string(),
        "123456789012345678901234567890"
    );
    assert_eq!(p("1e30").to_string(), "1000000000000000000000000000000");
    assert_eq!(
        p("3.14159265358979323846264338327950288419716939937510").to_text('g', 20),
        "3.1415926535897932385"
    );
}

// ---------------------------------------------------------------------------
// Arithmetic and display (expected strings from Terraform 1.0.3)
// ---------------------------------------------------------------------------

#[test]
fn point_one_plus_point_two() {
    let s = p("0.1").add(&p("0.2")).unwrap();
    assert_eq!(s.to_string(), "0.3");
    assert_eq!(s, p("0.3"));
    assert!(s < p("0.30000000000000001"));
    assert_eq!(hash_of(&s), hash_of(&p("0.3")));
    assert_eq!(s.to_text('g', -1), "0.3");
}

#[test]
fn point_three_minus_point_one() {
    assert_eq!(p("0.3").sub(&p("0.1")).unwrap().to_string(), POINT_TWO);
}

#[test]
fn divisions() {
    assert_eq!(p("1").div(&p("3")).unwrap().to_string(), ONE_THIRD);
    assert_eq!(p("2").div(&p("3")).unwrap().to_string(), TWO_THIRDS);
    assert_eq!(p("10").div(&p("4")).unwrap().to_string(), "2.5");
    assert_eq!(p("7").div(&p("2")).unwrap().to_string(), "3.5");
    assert_eq!(p("10").div(&p("5")).unwrap().to_string(), "2");
    let ten_thirds = p("10").div(&p("3")).unwrap();
    assert_eq!(ten_thirds.mul(&p("3")).unwrap().to_string(), "10");
    assert_eq!(i(2).div(&p("0.3")).unwrap().to_string(), "6.6666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666665");
    assert_eq!(
        i(1).div(&i(3)).unwrap().to_string(),
        "0.33333333333333333334"
    );
    assert_eq!(i(1).div(&i(3)).unwrap().precision(), 64);
    assert_eq!(i(-1).div(&i(8)).unwrap().to_string(), "-0.125");
}

#[test]
fn division_by_zero_and_infinities() {
    assert_eq!(p("5").div(&p("0")).unwrap(), Number::infinity(false));
    assert_eq!(p("-5").div(&p("0")).unwrap(), Number::infinity(true));
    assert_eq!(p("0").div(&p("0")), Err(NumberError::NaN));
    let inf = Number::infinity(false);
    assert_eq!(inf.div(&inf), Err(NumberError::NaN));
    assert!(p("5").div(&inf).unwrap().is_zero());
    assert_eq!(inf.div(&p("-2")).unwrap(), Number::infinity(true));
    assert_eq!(p("5").div(&p("0")).unwrap().to_string(), "+Inf");
    assert_eq!(p("-5").div(&p("0")).unwrap().to_string(), "-Inf");
}

#[test]
fn small_integer_arithmetic() {
    assert_eq!(p("2").mul(&p("3.5")).unwrap().to_string(), "7");
    assert_eq!(p("-5").add(&p("2")).unwrap().to_string(), "-3");
    assert_eq!(i(2).add(&p("0.3")).unwrap().to_string(), "2.3");
    assert_eq!(i(2).mul(&p("0.3")).unwrap().to_string(), "0.6");
    assert_eq!(i(7).sub(&i(7)).unwrap().to_string(), "0");
    assert_eq!(
        i(i64::MAX).add(&i(1)).unwrap().to_string(),
        "9223372036854775808"
    );
    assert_eq!(i(i64::MIN).to_string(), "-9223372036854775808");
    assert_eq!(i(i64::MAX).add(&i(i64::MAX)).unwrap().precision(), 64);
    assert_eq!(
        i(i64::MAX).add(&i(i64::MAX)).unwrap().to_string(),
        "18446744073709551614"
    );
}

#[test]
fn large_integers() {
    assert_eq!(
        p("9007199254740993").add(&p("1")).unwrap().to_string(),
        "9007199254740994"
    );
    assert_eq!(
        p("99999999999999999")
            .mul(&p("99999999999999999"))
            .unwrap()
            .to_string(),
        "9999999999999999800000000000000001"
    );
    assert_ne!(p("9007199254740993"), p("9007199254740992"));
    assert_eq!(p("2").mul(&p("1e200")).unwrap().to_text('g', -1), "2e+200");
    // cty widens the precision of products so that they stay exact (up to 512 bits)...
    let a = i(1 << 40).add(&i(1)).unwrap();
    let prod = a.mul(&a).unwrap();
    assert_eq!(prod.precision(), 81);
    assert_eq!(
        prod.to_bigint().unwrap(),
        BigInt::from((1u128 << 80) + (1u128 << 41) + 1)
    );
    assert_eq!(i(6).mul(&i(7)).unwrap().precision(), 64);
    // ... which Terraform 1.0.3 shows: parseint("-199697251640260498", 10) * pow(-868623038802.81028e-12, 1)
    let f = Number::from_f64(-868623038802.81028e-12);
    assert_eq!(
        i(-199697251640260498).mul(&f).unwrap().to_string(),
        "173461633560332573.8114806386695401"
    );
    let g = Number::from_f64(64663.2)
        .mul(&Number::from_f64(2411314e5))
        .unwrap();
    assert_eq!(g.to_string(), "15592327944479999.298215262");
    // but addition stays at the larger operand precision.
    assert_eq!(a.add(&a).unwrap().precision(), 64);
}

#[test]
fn sums_of_very_different_magnitudes() {
    let big = p("1e300");
    let tiny = p("1e-300");
    assert_eq!(big.add(&tiny).unwrap(), big);
    assert_eq!(big.sub(&tiny).unwrap(), big);
    assert_eq!(tiny.add(&big).unwrap(), big);
    // 2^600 - 2^-600 at 512 bits is 2^600 (nearest).
    let two = p("2");
    let hi = (0..600).fold(p("1"), |acc, _| acc.mul(&two).unwrap());
    let lo = (0..600).fold(p("1"), |acc, _| acc.div(&two).unwrap());
    assert_eq!(hi.sub(&lo).unwrap(), hi);
    // 1 + 2^-512 rounds to 1 (tie to even), 1 + 2^-512 + tiny rounds up.
    let ulp_half = (0..512).fold(p("1"), |acc, _| acc.div(&two).unwrap());
    let one = p("1");
    assert_eq!(one.add(&ulp_half).unwrap(), one);
    let above = one.add(&ulp_half).unwrap().add(&ulp_half).unwrap();
    assert_eq!(above, one); // each addition rounds back to 1
    let bit_more = ulp_half.add(&lo).unwrap();
    assert!(one.add(&bit_more).unwrap() > one);
    // 1 - 2^-513 (a quarter of an ulp above 1's lower neighbour) stays 1.
    let quarter = ulp_half.div(&two).unwrap();
    assert_eq!(one.sub(&quarter).unwrap(), one);
    // 1 - 2^-513 - tiny rounds down to the predecessor of 1.
    let below = one.sub(&quarter.add(&lo).unwrap()).unwrap();
    assert!(below < one);
    assert_eq!(one.sub(&below).unwrap(), ulp_half);
}

#[test]
fn rounding_ties_at_512_bits() {
    // 2^512 + 1 is a tie between 2^512 and 2^512 + 2: rounds to even (2^512).
    let two = p("2");
    let p512 = (0..512).fold(p("1"), |acc, _| acc.mul(&two).unwrap());
    assert_eq!(p512.add(&p("1")).unwrap(), p512);
    // 2^512 + 3 is a tie between 2^512 + 2 and 2^512 + 4: rounds to 2^512 + 4.
    let r = p512.add(&p("3")).unwrap();
    assert_eq!(r.sub(&p512).unwrap(), p("4"));
    // Parsing rounds the same way.
    let base: BigInt = p512.to_bigint().unwrap();
    let digits: BigInt = &base + 1;
    assert_eq!(p(&digits.to_string()), p512);
    let digits3: BigInt = &base + 3;
    assert_eq!(p(&digits3.to_string()).sub(&p512).unwrap(), p("4"));
    // At 2^513 the ulp is 4: 2^513 + 5 rounds to 2^513 + 4, 2^513 + 6 (a tie) to 2^513 + 8.
    let digits5: BigInt = &base * 2 + 5;
    assert_eq!(p(&digits5.to_string()).to_bigint().unwrap(), &base * 2 + 4);
    let digits6: BigInt = &base * 2 + 6;
    assert_eq!(p(&digits6.to_string()).to_bigint().unwrap(), &base * 2 + 8);
}

#[test]
fn multiplication_by_infinity_and_zero() {
    let inf = Number::infinity(false);
    assert_eq!(p("0").mul(&inf), Err(NumberError::NaN));
    assert_eq!(inf.mul(&p("0")), Err(NumberError::NaN));
    assert_eq!(inf.mul(&p("-2")).unwrap(), Number::infinity(true));
    assert_eq!(inf.add(&Number::infinity(true)), Err(NumberError::NaN));
    assert_eq!(inf.add(&inf).unwrap(), inf);
    assert_eq!(inf.sub(&p("1e300")).unwrap(), inf);
    assert!(p("0").mul(&p("-5")).unwrap().is_zero());
    assert_eq!(p("0").mul(&p("-5")).unwrap().to_string(), "-0");
}

#[test]
fn inequality_of_close_values() {
    assert_ne!(p("1").div(&p("3")).unwrap(), p("0.3333333333333333"));
    assert!(p("1").div(&p("3")).unwrap() > p("0.3333333333333333"));
}

// ---------------------------------------------------------------------------
// Modulo (cty Value.Modulo)
// ---------------------------------------------------------------------------

#[test]
fn remainder() {
    let cases = [
        ("5", "0", "5"),
        ("-5", "0", "-5"),
        ("5", "-0", "5"),
        ("-7", "3", "-1"),
        ("7", "-3", "1"),
        ("7.5", "2", "1.5"),
        ("10", "2.5", "0"),
        ("1e30", "7", "1"),
        ("1", "0.1", "0"),
        ("0.3", "0.1", "0"),
        ("0", "7", "0"),
        ("2", "0.3", "0.19999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999991"),
    ];
    for (a, b, want) in cases {
        assert_eq!(p(a).rem(&p(b)).unwrap().to_string(), want, "{a} % {b}");
    }
    // The result has the dividend's precision.
    let r = i(2).rem(&p("0.3")).unwrap();
    assert_eq!(r.precision(), 64);
    assert_eq!(r.to_string(), "0.20000000000000000004");
    assert_eq!(p("0.3").rem(&i(2)).unwrap().to_string(), "0.3");
    assert_eq!(i(i64::MAX).rem(&i(10)).unwrap(), i(7));
    assert_eq!(i(-17).rem(&i(5)).unwrap(), i(-2));
}

#[test]
fn remainder_with_infinities_fails_like_terraform() {
    let inf = Number::infinity(false);
    assert_eq!(p("5").rem(&inf), Err(NumberError::NaN));
    assert_eq!(inf.rem(&p("5")), Err(NumberError::NaN));
    assert_eq!(inf.rem(&inf), Err(NumberError::NaN));
    assert_eq!(p("0").rem(&inf), Err(NumberError::NaN));
    assert_eq!(inf.rem(&p("0")).unwrap(), inf);
}

// ---------------------------------------------------------------------------
// floor / ceil / abs / neg / signum
// ---------------------------------------------------------------------------

#[test]
fn floor_and_ceil() {
    assert_eq!(p("-4.1").floor(), i(-5));
    assert_eq!(p("-5.1").ceil(), i(-5));
    let half7 = p("7").div(&p("2")).unwrap();
    assert_eq!(half7.floor(), i(3));
    assert_eq!(half7.ceil(), i(4));
    assert_eq!(p("4.9").floor(), i(4));
    assert_eq!(p("4.1").ceil(), i(5));
    assert_eq!(p("-0.5").floor(), i(-1));
    assert_eq!(p("-0.5").ceil().to_string(), "0");
    assert_eq!(p("0.5").floor(), i(0));
    assert_eq!(p("5").floor(), i(5));
    assert_eq!(p("-5").ceil(), i(-5));
    assert_eq!(p("1e-300").ceil(), i(1));
    assert_eq!(p("-1e-300").floor(), i(-1));
    assert_eq!(p("-4.1").floor().precision(), 512);
    assert_eq!(Number::from_f64(2.5).ceil().precision(), 53);
    assert_eq!(Number::infinity(true).floor(), Number::infinity(true));
    assert_eq!(p("-7.9").trunc(), i(-7));
}

#[test]
fn sign_helpers() {
    assert_eq!(p("-3").abs(), i(3));
    assert_eq!(p("3").neg(), i(-3));
    assert_eq!(p("0").neg().to_string(), "-0");
    assert_eq!(p("0").neg().abs().to_string(), "0");
    assert_eq!(p("-0.5").signum(), -1);
    assert_eq!(p("0").signum(), 0);
    assert_eq!(p("1e-300").signum(), 1);
    assert_eq!(Number::infinity(true).signum(), -1);
    assert!(p("-1e-300").is_negative());
    assert!(!p("0").is_negative());
    assert!(Number::infinity(true).is_negative());
    assert_eq!(Number::infinity(true).abs(), Number::infinity(false));
}

// ---------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------

#[test]
fn integer_conversions() {
    assert_eq!(p("12").to_i64(), Some(12));
    assert_eq!(p("-12").to_i64(), Some(-12));
    assert_eq!(p("1.5").to_i64(), None);
    assert_eq!(p("9223372036854775807").to_i64(), Some(i64::MAX));
    assert_eq!(p("-9223372036854775808").to_i64(), Some(i64::MIN));
    assert_eq!(p("9223372036854775808").to_i64(), None);
    assert_eq!(p("-9223372036854775809").to_i64(), None);
    assert_eq!(p("1e30").to_i64(), None);
    assert_eq!(Number::infinity(false).to_i64(), None);
    assert_eq!(p("0").to_i64(), Some(0));
    assert_eq!(p("18446744073709551615").to_u64(), Some(u64::MAX));
    assert_eq!(p("-1").to_u64(), None);
    assert!(p("3").is_integer());
    assert!(p("1e30").is_integer());
    assert!(p("0").is_integer());
    assert!(!p("0.5").is_integer());
    assert!(!Number::infinity(false).is_integer());
    let big: BigInt = "123456789012345678901234567890".parse().unwrap();
    assert_eq!(
        p("123456789012345678901234567890").to_bigint(),
        Some(big.clone())
    );
    assert_eq!(p("1.5").to_bigint(), None);
    assert_eq!(Number::infinity(false).to_bigint(), None);
    let n = Number::from_bigint(&big);
    assert_eq!(n.precision(), 97);
    assert_eq!(n.to_string(), "123456789012345678901234567890");
    assert_eq!(Number::from_bigint(&BigInt::from(5)).precision(), 64);
    assert_eq!(Number::from_bigint(&BigInt::from(-5)), i(-5));
    assert_eq!(
        Number::from_u64(u64::MAX).to_string(),
        "18446744073709551615"
    );
    assert_eq!(Number::from_usize(3), i(3));
    assert_eq!(i(7).precision(), 64);
}

#[test]
fn float_conversions() {
    assert_eq!(Number::from_f64(3.14159).to_string(), "3.14159");
    assert_eq!(Number::from_f64(0.1).to_string(), "0.1");
    assert_eq!(Number::from_f64(0.1).precision(), 53);
    assert_eq!(Number::from_f64(1e300).to_text('g', -1), "1e+300");
    // big.Float knows no subnormals: 2^-1074 keeps 53 bits of precision.
    assert_eq!(
        Number::from_f64(5e-324).to_text('g', -1),
        "4.940656458412465e-324"
    );
    assert_eq!(
        Number::from_f64(f64::MAX).to_text('g', -1),
        "1.7976931348623157e+308"
    );
    assert_eq!(Number::from_f64(-2.5).to_string(), "-2.5");
    assert_eq!(Number::from_f64(f64::INFINITY), Number::infinity(false));
    assert!(Number::from_f64(-0.0).is_zero());
    assert!(Number::from_f64(f64::NAN).is_zero());
    assert_ne!(Number::from_f64(0.1), p("0.1"));

    assert_eq!(p("0.1").to_f64(), 0.1);
    assert_eq!(p("0.3").to_f64(), 0.3);
    assert_eq!(p("1").div(&p("3")).unwrap().to_f64(), 1.0 / 3.0);
    assert_eq!(p("9007199254740993").to_f64(), 9007199254740992.0); // tie to even
    assert_eq!(p("9007199254740995").to_f64(), 9007199254740996.0); // tie to even
    assert_eq!(p("9007199254740993.0000001").to_f64(), 9007199254740994.0);
    assert_eq!(p("1e400").to_f64(), f64::INFINITY);
    assert_eq!(p("-1e400").to_f64(), f64::NEG_INFINITY);
    assert_eq!(p("1e-400").to_f64(), 0.0);
    assert_eq!(p("4.9406564584124654e-324").to_f64(), 5e-324);
    assert_eq!(p("2.4703282292062328e-324").to_f64(), 5e-324); // just above half the smallest subnormal
    assert_eq!(p("2.4703282292062327e-324").to_f64(), 0.0); // just below half
    assert_eq!(
        p("2.2250738585072011e-308").to_f64(),
        2.225073858507201e-308
    );
    assert_eq!(p("1.7976931348623158e308").to_f64(), f64::MAX);
    assert_eq!(p("1.7976931348623159e308").to_f64(), f64::INFINITY);
    assert_eq!(Number::infinity(true).to_f64(), f64::NEG_INFINITY);
    for f in [
        1.5,
        -3.25,
        1e-310,
        123456789.123,
        6.02214076e23,
        2f64.powi(-1074),
    ] {
        assert_eq!(Number::from_f64(f).to_f64(), f);
    }
}

// ---------------------------------------------------------------------------
// Comparison and hashing
// ---------------------------------------------------------------------------

#[test]
fn equality_across_precisions() {
    let a = p("1");
    let b = i(1);
    let c = p("1.0");
    let d = Number::from_f64(1.0);
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(a, d);
    assert_eq!(hash_of(&a), hash_of(&b));
    assert_eq!(hash_of(&a), hash_of(&c));
    assert_eq!(hash_of(&a), hash_of(&d));
    assert_eq!(p("0"), p("-0"));
    assert_eq!(hash_of(&p("0")), hash_of(&p("-0.0")));
    let set: HashSet<Number> = [
        p("1"),
        i(1),
        p("1e0"),
        p("2"),
        p("0.5"),
        Number::from_f64(0.5),
    ]
    .into_iter()
    .collect();
    assert_eq!(set.len(), 3);
}

#[test]
fn ordering() {
    let mut v = vec![
        p("3"),
        Number::infinity(false),
        p("-1e300"),
        p("0"),
        Number::from_f64(0.1),
        p("0.1"),
        Number::infinity(true),
        i(-3),
        p("1e-300"),
        p("2.5"),
    ];
    v.sort();
    let strs: Vec<String> = v.iter().map(|n| n.to_text('g', -1)).collect();
    assert_eq!(
        strs,
        ["-Inf", "-1e+300", "-3", "0", "1e-300", "0.1", "0.1", "2.5", "3", "+Inf"]
    );
    // f64 0.1 is slightly above the 512-bit 0.1
    assert!(Number::from_f64(0.1) > p("0.1"));
    assert!(p("-2") < p("-1.5"));
    assert!(p("123456789012345678901234567891") > p("123456789012345678901234567890"));
    assert!(i(1 << 62) < p("4611686018427387904.5"));
    assert!(p("0.75") > p("0.5"));
    assert!(p("-0.75") < p("-0.5"));
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

#[test]
fn text_g_shortest() {
    assert_eq!(p("1e30").to_text('g', -1), "1e+30");
    assert_eq!(p("1.5").to_text('g', -1), "1.5");
    assert_eq!(p("100000").to_text('g', -1), "100000");
    assert_eq!(p("1234567").to_text('g', -1), "1.234567e+06");
    assert_eq!(p("0.0001").to_text('g', -1), "0.0001");
    assert_eq!(p("0.00001").to_text('g', -1), "1e-05");
    assert_eq!(p("0").to_text('g', -1), "0");
    assert_eq!(p("-2.5").to_text('G', -1), "-2.5");
    assert_eq!(p("1e30").to_text('G', -1), "1E+30");
}

#[test]
fn text_fixed_precision() {
    assert_eq!(p("3.14159").to_text('f', 2), "3.14");
    assert_eq!(i(10).to_text('f', 1), "10.0");
    assert_eq!(p("2.5").to_text('f', 0), "2");
    assert_eq!(p("3.5").to_text('f', 0), "4");
    assert_eq!(p("0.5").to_text('f', 0), "0");
    assert_eq!(p("1.5").to_text('f', 0), "2");
    assert_eq!(p("0.125").to_text('f', 2), "0.12");
    assert_eq!(p("0.375").to_text('f', 2), "0.38");
    assert_eq!(p("0.9").to_text('f', 0), "1");
    assert_eq!(p("0.001").to_text('f', 0), "0");
    assert_eq!(p("0.009").to_text('f', 2), "0.01");
    assert_eq!(p("-1.25").to_text('f', 1), "-1.2");
    assert_eq!(p("0").to_text('f', 3), "0.000");
    assert_eq!(p("99.99").to_text('f', 1), "100.0");
    // 0.1 at 512 bits is not exactly 0.1; enough digits show it.
    assert_eq!(
        Number::from_f64(0.1).to_text('f', 30),
        "0.100000000000000005551115123126"
    );
}

#[test]
fn text_exponent_forms() {
    assert_eq!(p("1234.5").to_text('e', 2), "1.23e+03");
    assert_eq!(p("1234.5").to_text('e', -1), "1.2345e+03");
    assert_eq!(p("1234.5").to_text('E', 0), "1E+03");
    assert_eq!(p("0").to_text('e', -1), "0e+00");
    assert_eq!(p("0").to_text('e', 2), "0.00e+00");
    assert_eq!(p("1e-10").to_text('e', 3), "1.000e-10");
    assert_eq!(p("1e100").to_text('e', -1), "1e+100");
    assert_eq!(p("123456").to_text('g', 3), "1.23e+05");
    assert_eq!(p("123456").to_text('g', 10), "123456");
    assert_eq!(p("0.000012345").to_text('g', 2), "1.2e-05");
    assert_eq!(
        p("1").div(&p("3")).unwrap().to_text('g', 10),
        "0.3333333333"
    );
    assert_eq!(Number::infinity(false).to_text('e', 3), "+Inf");
    assert_eq!(p("5").to_text('q', 1), "%q");
}

#[test]
fn display_shortest() {
    assert_eq!(p("0.1").to_string(), "0.1");
    assert_eq!(p("-0.1").to_string(), "-0.1");
    assert_eq!(p("0").to_string(), "0");
    assert_eq!(p("100").to_string(), "100");
    assert_eq!(p("1.5e-10").to_string(), "0.00000000015");
    assert_eq!(Number::infinity(false).to_string(), "+Inf");
    assert_eq!(Number::infinity(true).to_string(), "-Inf");
    // A 53-bit integer beyond 2^53 prints its shortest form.
    assert_eq!(
        Number::from_f64(2f64.powi(60)).to_string(),
        "1152921504606847000"
    );
    // with_precision rounds.
    assert_eq!(
        p("1").div(&p("3")).unwrap().with_precision(53).to_string(),
        "0.3333333333333333"
    );
    assert_eq!(
        p("1").div(&p("3")).unwrap().with_precision(24).to_string(),
        "0.33333334"
    );
    assert_eq!(
        p("1").div(&p("3")).unwrap().with_precision(24).precision(),
        24
    );
    assert!(p("5").with_precision(0).is_zero());
    assert_eq!(p("255").with_precision(4), i(256));
    assert_eq!(p("0.1").with_precision(53), Number::from_f64(0.1));
}

// ---------------------------------------------------------------------------
// Output demotion (msgpack round trip)
// ---------------------------------------------------------------------------

#[test]
fn demotion_for_output() {
    let cases = [
        ("18446744073709551616", "18446744073709550000"),
        ("9223372036854775808", "9223372036854776000"),
        (
            "1267650600228229401496703205376",
            "1267650600228229400000000000000",
        ),
        ("9223372036854775807", "9223372036854775807"),
        ("18446744073709551615", "18446744073709551615"),
        ("18446744073709551617", "18446744073709551617"),
        ("0.5", "0.5"),
        ("0.1", "0.1"),
        ("-3", "-3"),
        ("0", "0"),
    ];
    for (input, want) in cases {
        assert_eq!(p(input).demote_for_output().to_string(), want, "{input}");
    }
    let third = p("1").div(&p("3")).unwrap();
    assert_eq!(third.demote_for_output().to_string(), ONE_THIRD);
    assert_eq!(third.demote_for_output(), third);
    assert_eq!(p("0.5").demote_for_output().precision(), 53);
    assert_eq!(p("7").demote_for_output().precision(), 64);
    assert_eq!(
        Number::infinity(true).demote_for_output(),
        Number::infinity(true)
    );
    // A 64-bit-precision fraction is re-read at 512 bits from its text.
    let r = i(2).rem(&p("0.3")).unwrap().demote_for_output();
    assert_eq!(r.precision(), 512);
    assert_eq!(r.to_string(), "0.20000000000000000004");
}

// ---------------------------------------------------------------------------
// pow (through float64 and Go's math.Pow)
// ---------------------------------------------------------------------------

#[test]
fn pow_via_float64() {
    assert_eq!(p("2").pow(&p("10")), i(1024));
    assert_eq!(p("2").pow(&p("-2")).to_string(), "0.25");
    assert_eq!(p("3").pow(&p("0")), i(1));
    assert_eq!(p("9").pow(&p("0.5")), i(3));
    assert_eq!(p("2").pow(&p("0.5")).to_string(), "1.4142135623730951");
    assert_eq!(p("10").pow(&p("400")), Number::infinity(false));
    assert_eq!(p("0").pow(&p("-1")), Number::infinity(false));
    assert_eq!(p("2").pow(&p("10")).precision(), 53);
    assert_eq!(p("-2").pow(&p("3")), i(-8));
    // Values printed by Terraform 1.0.3 (Go's math.Pow with the amd64 Exp/Log).
    let cases = [
        ("3.7", "1.3", "5.478507257274715"),
        ("1.0001", "10000.7", "2.7183361941853046"),
        ("7", "0.3333", "1.9128071070563357"),
        ("10", "2.5", "316.22776601683796"),
        ("0.5", "0.25", "0.8408964152537145"),
        ("123456.789", "-2.75", "0.000000000000009961708122641221"),
    ];
    for (a, b, want) in cases {
        assert_eq!(p(a).pow(&p(b)).to_string(), want, "pow({a}, {b})");
    }
    assert_eq!(
        p("2").pow(&p("-1074")).to_text('g', -1),
        "4.940656458412465e-324"
    );
    // NaN results: zero from pow, an error from try_pow (Terraform fails).
    assert!(p("-8").pow(&p("0.5")).is_zero());
    assert_eq!(p("-8").try_pow(&p("0.5")), Err(NumberError::NaN));
    assert_eq!(p("2").try_pow(&p("3")).unwrap(), i(8));
}

// ---------------------------------------------------------------------------
// Signed zero (Terraform 1.0.3 prints "${-(0)} " as "-0")
// ---------------------------------------------------------------------------

#[test]
fn signed_zero_follows_go() {
    let nz = p("-0");
    assert!(nz.is_zero());
    assert!(!nz.is_negative());
    assert!(nz.sign_bit());
    assert_eq!(nz.signum(), 0);
    assert_eq!(nz, p("0"));
    assert_eq!(hash_of(&nz), hash_of(&p("0")));
    assert_eq!(nz.to_string(), "-0");
    assert_eq!(nz.to_text('e', 2), "-0.00e+00");
    assert_eq!(nz.to_f64().to_bits(), (-0.0f64).to_bits());
    assert_eq!(Number::from_f64(-0.0).to_string(), "-0");
    assert_eq!(p("-44788").mul(&p("0")).unwrap().to_string(), "-0");
    assert_eq!(p("0").div(&p("-3")).unwrap().to_string(), "-0");
    assert_eq!(p("5").div(&nz).unwrap(), Number::infinity(true));
    // exact cancellation gives +0
    assert_eq!(p("1.5").sub(&p("1.5")).unwrap().to_string(), "0");
    assert_eq!(p("-1.5").add(&p("1.5")).unwrap().to_string(), "0");
    // -0 + -0 == -0, -0 + 0 == 0, -0 - 0 == -0
    assert_eq!(nz.add(&nz).unwrap().to_string(), "-0");
    assert_eq!(nz.add(&p("0")).unwrap().to_string(), "0");
    assert_eq!(nz.sub(&p("0")).unwrap().to_string(), "-0");
    assert_eq!(nz.add(&p("2")).unwrap().to_string(), "2");
    // floor/ceil/trunc give +0
    assert_eq!(nz.floor().to_string(), "0");
    assert_eq!(p("-0.5").ceil().to_string(), "0");
    assert_eq!(p("-0.5").trunc().to_string(), "0");
    // modulo keeps Go's signs
    assert_eq!(nz.rem(&p("5")).unwrap().to_string(), "-0");
    assert_eq!(nz.rem(&p("-5")).unwrap().to_string(), "0");
    assert_eq!(nz.rem(&p("0")).unwrap().to_string(), "-0");
    assert_eq!(p("-6").rem(&p("3")).unwrap().to_string(), "0");
    // outputs are demoted to the integer 0
    assert_eq!(nz.demote_for_output().to_string(), "0");
}
