//! Terraform's number: a binary floating-point value with an arbitrary-precision
//! mantissa, rounding to nearest-even, matching Go's `math/big.Float` as used by
//! cty (and therefore by Terraform).
//!
//! A finite non-zero number is stored as `±mant · 2^exp` where `mant` is odd (so
//! every value has exactly one representation, which makes equality and hashing
//! cheap) and has at most `prec` significant bits. `prec` is the mantissa
//! precision in bits, exactly like Go's `Float.Prec()`: it does not take part in
//! comparisons, but it decides how results are rounded and how numbers print.
//!
//! Every operation reproduces the corresponding Go operation bit for bit:
//!
//! * parsing follows `big.ParseFloat(s, 10, 512, big.ToNearestEven)`, including
//!   its (not always correctly rounded) scaling by powers of five;
//! * `add`, `sub` and `div` are correctly rounded to the larger of the two
//!   operand precisions, as `new(big.Float).Op(x, y)` is; `mul` follows cty's
//!   `Value.Multiply` (512-bit product, precision widened to fit it);
//! * `rem` follows cty's `Value.Modulo` step by step;
//! * `to_text` follows `(*big.Float).Text`, including the shortest-representation
//!   algorithm used for `%v` and for Terraform's own number rendering;
//! * `pow` follows Terraform's `pow()` function, which goes through `float64` and
//!   Go's `math.Pow` (ported here together with the amd64 `Exp`/`Log` kernels).
//!
//! The exponent range is Go's (`2^-2147483648 ..= 2^2147483647` for the value's
//! binary exponent): results beyond it overflow to ±Inf or underflow to zero.
//! Zero is signed as in Go (`-(0)`, `0 * -5` and `tonumber("-0")` are negative
//! zero, which Terraform renders as "-0" when converting to a string); both
//! zeros compare and hash equal.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

/// Default mantissa precision of parsed literals and arithmetic results.
pub const DEFAULT_PREC: u32 = 512;

/// Precision Go gives integers set with `SetInt64`/`SetUint64`.
const INT_PREC: u32 = 64;
/// Precision Go gives values set with `SetFloat64`.
const F64_PREC: u32 = 53;

/// Largest binary exponent (Go's `big.MaxExp`), for the value written as `0.1xxx · 2^e`.
const MAX_EXP: i64 = i32::MAX as i64;
/// Smallest binary exponent (Go's `big.MinExp`).
const MIN_EXP: i64 = i32::MIN as i64;

#[derive(Clone, Debug)]
enum Repr {
    /// ±0: Go keeps the sign of zero, and Terraform prints "-0" in strings.
    Zero {
        neg: bool,
    },
    /// `±mant · 2^exp`, `mant` odd.
    Finite {
        neg: bool,
        mant: BigUint,
        exp: i64,
    },
    Inf {
        neg: bool,
    },
}

/// A Terraform number (cty's `*big.Float`). See the module documentation.
#[derive(Clone, Debug)]
pub struct Number {
    repr: Repr,
    prec: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid number syntax")]
pub struct ParseNumberError;

/// Errors from arithmetic that Go's big.Float would panic on (NaN results).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("the result is not a number")]
    NaN,
}

// ---------------------------------------------------------------------------
// Low-level helpers on mantissas
// ---------------------------------------------------------------------------

fn trailing_zeros(m: &BigUint) -> u64 {
    m.trailing_zeros().unwrap_or(0)
}

/// The exact value `±m · 2^exp` (no rounding), normalised.
fn exact_u64(neg: bool, m: u64, exp: i64) -> Repr {
    if m == 0 {
        return Repr::Zero { neg };
    }
    let tz = m.trailing_zeros();
    Repr::Finite {
        neg,
        mant: BigUint::from(m >> tz),
        exp: exp + tz as i64,
    }
}

/// The exact value `±m · 2^exp` (no rounding), normalised.
fn exact_big(neg: bool, mut m: BigUint, mut exp: i64) -> Repr {
    if m.is_zero() {
        return Repr::Zero { neg };
    }
    let tz = trailing_zeros(&m);
    if tz > 0 {
        m >>= tz;
        exp += tz as i64;
    }
    Repr::Finite { neg, mant: m, exp }
}

/// Rounds `±m · 2^exp` to `prec` bits (nearest, ties to even), applying Go's
/// exponent range. Allocation-light variant for mantissas that fit in 128 bits.
/// A zero `m` (exact cancellation) gives +0; underflow keeps the sign.
fn round_u128(neg: bool, m: u128, exp: i64, prec: u32) -> Repr {
    if m == 0 {
        return Repr::Zero { neg: false };
    }
    if prec == 0 {
        return Repr::Zero { neg };
    }
    let bl = 128 - m.leading_zeros() as i64;
    if exp + bl < MIN_EXP {
        return Repr::Zero { neg };
    }
    let (mut m, mut exp) = (m, exp);
    if bl > prec as i64 {
        let shift = (bl - prec as i64) as u32;
        let half = (m >> (shift - 1)) & 1 == 1;
        let rest = m & ((1u128 << (shift - 1)) - 1) != 0;
        m >>= shift;
        exp += shift as i64;
        if half && (rest || m & 1 == 1) {
            m += 1;
        }
    }
    let tz = m.trailing_zeros();
    m >>= tz;
    exp += tz as i64;
    let bl = 128 - m.leading_zeros() as i64;
    if exp + bl > MAX_EXP {
        return Repr::Inf { neg };
    }
    Repr::Finite {
        neg,
        mant: BigUint::from(m),
        exp,
    }
}

/// Rounds `±m · 2^exp` to `prec` bits (nearest, ties to even), applying Go's
/// exponent range. `sticky` says the exact value is a little more (in magnitude)
/// than `m · 2^exp`, by less than `2^exp`; callers only set it when `m` has more
/// than `prec` bits, so the extra amount always falls below the rounding bit.
fn round_big(neg: bool, m: BigUint, exp: i64, prec: u32, sticky: bool) -> Repr {
    if m.is_zero() {
        return Repr::Zero { neg: false };
    }
    if prec == 0 {
        return Repr::Zero { neg };
    }
    let (mut m, mut exp) = (m, exp);
    if sticky {
        debug_assert!(m.bits() > prec as u64);
        m <<= 2u32;
        m |= BigUint::from(1u32);
        exp -= 2;
    }
    let bl = m.bits();
    if exp + (bl as i64) < MIN_EXP {
        return Repr::Zero { neg };
    }
    if bl > prec as u64 {
        let shift = bl - prec as u64;
        let half = m.bit(shift - 1);
        let rest = half && trailing_zeros(&m) < shift - 1;
        m >>= shift;
        exp += shift as i64;
        if half && (rest || m.bit(0)) {
            m += 1u32;
        }
    }
    let tz = trailing_zeros(&m);
    if tz > 0 {
        m >>= tz;
        exp += tz as i64;
    }
    if exp + m.bits() as i64 > MAX_EXP {
        return Repr::Inf { neg };
    }
    Repr::Finite { neg, mant: m, exp }
}

/// `repr` rounded to `prec` bits (Go's `z.Set(x)` with `z.prec` already set).
fn rounded(repr: &Repr, prec: u32) -> Repr {
    match repr {
        Repr::Finite { neg, mant, exp } => {
            if prec == 0 {
                Repr::Zero { neg: *neg }
            } else if mant.bits() > prec as u64 {
                round_big(*neg, mant.clone(), *exp, prec, false)
            } else {
                repr.clone()
            }
        }
        _ => repr.clone(),
    }
}

/// Compares `m1 · 2^e1` with `m2 · 2^e2` (both mantissas non-zero).
fn cmp_mag(m1: &BigUint, e1: i64, m2: &BigUint, e2: i64) -> Ordering {
    let t1 = e1 + m1.bits() as i64;
    let t2 = e2 + m2.bits() as i64;
    if t1 != t2 {
        return t1.cmp(&t2);
    }
    // Same top bit: the exponent difference is bounded by the mantissa lengths.
    if let (Some(a), Some(b)) = (m1.to_u64(), m2.to_u64()) {
        let (a, b) = (a as u128, b as u128);
        return if e1 >= e2 {
            (a << (e1 - e2)).cmp(&b)
        } else {
            a.cmp(&(b << (e2 - e1)))
        };
    }
    if e1 >= e2 {
        (m1 << ((e1 - e2) as u64)).cmp(m2)
    } else {
        m1.cmp(&(m2 << ((e2 - e1) as u64)))
    }
}

/// Correctly rounded `(±m1·2^e1) + (±m2·2^e2)`.
fn add_finite(
    (n1, m1, e1): (bool, &BigUint, i64),
    (n2, m2, e2): (bool, &BigUint, i64),
    prec: u32,
) -> Repr {
    // Fast path: small mantissas, close exponents.
    if let (Some(a), Some(b)) = (m1.to_u64(), m2.to_u64()) {
        if (e1 - e2).abs() <= 63 {
            let e = e1.min(e2);
            let a = (a as u128) << (e1 - e);
            let b = (b as u128) << (e2 - e);
            return if n1 == n2 {
                round_u128(n1, a + b, e, prec)
            } else if a >= b {
                round_u128(n1, a - b, e, prec)
            } else {
                round_u128(n2, b - a, e, prec)
            };
        }
    }
    // When one operand lies entirely far below the rounding position of the
    // other, only its sign matters (as a sticky bit): replace it by a tiny
    // stand-in so that no huge shift is needed. Both the true sum and the
    // stand-in sum then lie strictly inside the same rounding interval.
    let t1 = e1 + m1.bits() as i64;
    let t2 = e2 + m2.bits() as i64;
    let one = BigUint::from(1u32);
    let p = prec as i64;
    let (mut m1, mut e1, mut m2, mut e2) = (m1, e1, m2, e2);
    if t1 >= t2 {
        if t2 <= t1 - p - 3 && m1.bits() as i64 <= p + 2 {
            m2 = &one;
            e2 = t1 - p - 4;
        }
    } else if t1 <= t2 - p - 3 && m2.bits() as i64 <= p + 2 {
        m1 = &one;
        e1 = t2 - p - 4;
    }
    if let (Some(a), Some(b)) = (m1.to_u64(), m2.to_u64()) {
        if (e1 - e2).abs() <= 63 {
            let e = e1.min(e2);
            let a = (a as u128) << (e1 - e);
            let b = (b as u128) << (e2 - e);
            return if n1 == n2 {
                round_u128(n1, a + b, e, prec)
            } else if a >= b {
                round_u128(n1, a - b, e, prec)
            } else {
                round_u128(n2, b - a, e, prec)
            };
        }
    }
    let e = e1.min(e2);
    let a = m1 << ((e1 - e) as u64);
    let b = m2 << ((e2 - e) as u64);
    if n1 == n2 {
        round_big(n1, a + b, e, prec, false)
    } else {
        match a.cmp(&b) {
            Ordering::Equal => Repr::Zero { neg: false },
            Ordering::Greater => round_big(n1, a - b, e, prec, false),
            Ordering::Less => round_big(n2, b - a, e, prec, false),
        }
    }
}

// ---------------------------------------------------------------------------
// Multi-precision decimal (Go's math/big decimal type), for formatting
// ---------------------------------------------------------------------------

/// `0.mant · 10^exp`, `mant` ASCII digits without trailing zeros (empty for zero).
#[derive(Clone, Debug)]
struct Decimal {
    mant: Vec<u8>,
    exp: i64,
}

impl Decimal {
    fn zero() -> Decimal {
        Decimal {
            mant: Vec::new(),
            exp: 0,
        }
    }

    /// The exact decimal representation of `m · 2^shift`.
    fn init(m: &BigUint, shift: i64) -> Decimal {
        if m.is_zero() {
            return Decimal::zero();
        }
        let mut digits: Vec<u8>;
        let mut adj: i64 = 0;
        if shift >= 0 {
            if m.bits() + shift as u64 <= 128 {
                digits = ((m.to_u128().unwrap_or(0)) << shift)
                    .to_string()
                    .into_bytes();
            } else {
                digits = (m << (shift as u64)).to_str_radix(10).into_bytes();
            }
        } else {
            // m / 2^k == m · 5^k / 10^k
            let tz = trailing_zeros(m).min((-shift) as u64);
            let k = (-shift) as u64 - tz;
            let m2 = m >> tz;
            if k == 0 {
                digits = m2.to_str_radix(10).into_bytes();
            } else {
                adj = -(k as i64);
                match (m2.to_u64(), k <= 27) {
                    (Some(v), true) => {
                        digits = (v as u128 * POW5[k as usize] as u128)
                            .to_string()
                            .into_bytes();
                    }
                    _ => {
                        let k32 = u32::try_from(k).unwrap_or(u32::MAX);
                        digits = (m2 * BigUint::from(5u32).pow(k32))
                            .to_str_radix(10)
                            .into_bytes();
                    }
                }
            }
        }
        let exp = digits.len() as i64 + adj;
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Decimal { mant: digits, exp }
    }

    fn at(&self, i: i64) -> u8 {
        if 0 <= i && (i as usize) < self.mant.len() {
            self.mant[i as usize]
        } else {
            b'0'
        }
    }

    fn should_round_up(&self, n: usize) -> bool {
        if self.mant[n] == b'5' && n + 1 == self.mant.len() {
            // exactly halfway - round to even
            return n > 0 && (self.mant[n - 1] - b'0') & 1 != 0;
        }
        self.mant[n] >= b'5'
    }

    fn round(&mut self, n: i64) {
        if n < 0 || n as usize >= self.mant.len() {
            return;
        }
        if self.should_round_up(n as usize) {
            self.round_up(n);
        } else {
            self.round_down(n);
        }
    }

    fn round_up(&mut self, n: i64) {
        if n < 0 || n as usize >= self.mant.len() {
            return;
        }
        let mut n = n as usize;
        while n > 0 && self.mant[n - 1] >= b'9' {
            n -= 1;
        }
        if n == 0 {
            // all digits are '9's => round up to '1' and update exponent
            self.mant.truncate(1);
            self.mant[0] = b'1';
            self.exp += 1;
            return;
        }
        self.mant[n - 1] += 1;
        self.mant.truncate(n);
    }

    fn round_down(&mut self, n: i64) {
        if n < 0 || n as usize >= self.mant.len() {
            return;
        }
        self.mant.truncate(n as usize);
        self.trim();
    }

    fn trim(&mut self) {
        while self.mant.last() == Some(&b'0') {
            self.mant.pop();
        }
        if self.mant.is_empty() {
            self.exp = 0;
        }
    }
}

/// The leading decimal digits of a non-negative dyadic value `m · 2^e`, which
/// may stop before the end of its (always finite) decimal expansion.
struct Prefix {
    /// Leading digits; without trailing zeros when `exact`.
    digits: Vec<u8>,
    /// Decimal exponent, as in [`Decimal`].
    exp: i64,
    /// Whether `digits` is the whole expansion.
    exact: bool,
}

impl Prefix {
    /// About `n` leading digits (at least `n - 1`) of `m · 2^e`, `m` non-zero.
    fn of(m: &BigUint, e: i64, n: i64) -> Prefix {
        let top = e + m.bits() as i64; // 2^(top-1) <= v < 2^top
        let est = (top as f64 * std::f64::consts::LOG10_2).floor() as i64;
        let j = n - est; // v · 10^j is about 10^n
        let mut num = if j > 0 {
            m * pow10(j as u64)
        } else {
            m.clone()
        };
        if e > 0 {
            num <<= e as u64;
        }
        let (t, exact) = if j >= 0 {
            let k = (-e).max(0) as u64;
            let exact = k == 0 || trailing_zeros(&num) >= k;
            (num >> k, exact)
        } else {
            let mut den = pow10((-j) as u64);
            if e < 0 {
                den <<= (-e) as u64;
            }
            let (t, r) = num.div_rem(&den);
            (t, r.is_zero())
        };
        let mut digits = t.to_str_radix(10).into_bytes();
        let exp = digits.len() as i64 - j;
        if exact {
            while digits.last() == Some(&b'0') {
                digits.pop();
            }
        }
        Prefix { digits, exp, exact }
    }

    /// Digit `i`, if known.
    fn at(&self, i: usize) -> Option<u8> {
        if i < self.digits.len() {
            Some(self.digits[i])
        } else if self.exact {
            Some(b'0')
        } else {
            None
        }
    }

    /// Whether the whole expansion has more than `n` digits, if known.
    fn len_gt(&self, n: usize) -> Option<bool> {
        if self.exact {
            Some(self.digits.len() > n)
        } else if n <= self.digits.len() {
            Some(true)
        } else {
            None
        }
    }

    fn to_decimal(&self, n: usize) -> Decimal {
        Decimal {
            mant: self.digits[..n.min(self.digits.len())].to_vec(),
            exp: self.exp,
        }
    }
}

/// `10^n`.
fn pow10(n: u64) -> BigUint {
    if n <= 38 {
        BigUint::from(10u128.pow(n as u32))
    } else {
        BigUint::from(10u32).pow(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

/// Go's `roundShortest` loop run on leading digits only; `None` when more
/// digits would be needed to decide.
fn round_shortest_prefix(
    d: &Prefix,
    lower: &Prefix,
    upper: &Prefix,
    inclusive: bool,
) -> Option<Decimal> {
    let mut i = 0usize;
    loop {
        if !d.len_gt(i)? {
            // all digits seen without deciding: d stays as it is
            return Some(d.to_decimal(d.digits.len()));
        }
        let dm = d.at(i)?;
        let l = lower.at(i)?;
        let u = upper.at(i)?;
        let okdown = l != dm || (inclusive && !lower.len_gt(i + 1)? && lower.len_gt(i)?);
        let okup = dm != u && (inclusive || dm + 1 < u || upper.len_gt(i + 1)?);
        if okdown || okup {
            let n = i + 1;
            if !d.len_gt(n)? {
                // rounding to n digits or more is a no-op
                return Some(d.to_decimal(d.digits.len()));
            }
            let dn = d.at(n)?;
            let up = if okdown && okup {
                if dn == b'5' && !d.len_gt(n + 1)? {
                    (d.digits[n - 1] - b'0') & 1 != 0
                } else {
                    dn >= b'5'
                }
            } else {
                okup
            };
            let mut dec = d.to_decimal(n + 1);
            if up {
                dec.round_up(n as i64);
            } else {
                dec.round_down(n as i64);
            }
            return Some(dec);
        }
        i += 1;
    }
}

/// The shortest decimal (Go's `roundShortest`) for the non-zero value
/// `mant · 2^exp` at `prec` bits.
fn shortest_decimal(mant: &BigUint, exp: i64, prec: u32) -> Decimal {
    let bl = mant.bits() as i64;
    // An integer that fits the precision: its rounding interval is at most one
    // unit wide, so no shorter digit string can be inside it.
    if exp >= 0 && bl + exp <= prec as i64 {
        return Decimal::init(mant, exp);
    }
    // Mantissa with prec+1 bits, its lsb being half an ulp.
    let s = prec as i64 + 1 - bl;
    let m = if s >= 0 {
        mant << (s as u64)
    } else {
        mant >> ((-s) as u64)
    };
    let e = exp - s;
    let one = BigUint::from(1u32);
    let lm = &m - &one;
    let um = &m + &one;
    // The lower and upper bounds are possible outputs only if the mantissa is even.
    let inclusive = !m.bit(1);

    // Usually a few dozen leading digits decide, and never many more than the
    // precision allows; the full expansions can have far more digits.
    let usable = |p: &Prefix| p.digits.first().is_some_and(|&c| c != b'0');
    let enough = (prec as f64 * std::f64::consts::LOG10_2) as i64 + 24;
    let tiers: &[i64] = if enough > 32 { &[32, enough] } else { &[32] };
    for &leading in tiers {
        let dp = Prefix::of(mant, exp, leading);
        let lp = Prefix::of(&lm, e, leading);
        let up = Prefix::of(&um, e, leading);
        if usable(&dp) && usable(&lp) && usable(&up) {
            if let Some(d) = round_shortest_prefix(&dp, &lp, &up, inclusive) {
                return d;
            }
        }
    }
    shortest_decimal_full(mant, exp, prec)
}

/// [`shortest_decimal`] computed from the complete decimal expansions.
fn shortest_decimal_full(mant: &BigUint, exp: i64, prec: u32) -> Decimal {
    let bl = mant.bits() as i64;
    let mut d = Decimal::init(mant, exp);
    if exp >= 0 && bl + exp <= prec as i64 {
        return d;
    }
    let s = prec as i64 + 1 - bl;
    let m = if s >= 0 {
        mant << (s as u64)
    } else {
        mant >> ((-s) as u64)
    };
    let e = exp - s;
    let one = BigUint::from(1u32);
    let (lm, um) = (&m - &one, &m + &one);
    let inclusive = !m.bit(1);
    let lower = Decimal::init(&lm, e);
    let upper = Decimal::init(&um, e);
    round_shortest_full(&mut d, &lower, &upper, inclusive);
    d
}

/// Go's `roundShortest` loop on complete expansions: shortens `d` to the fewest
/// digits that still lie within `[lower, upper]` (bounds included when
/// `inclusive`). Like Go, digits are compared position by position.
fn round_shortest_full(d: &mut Decimal, lower: &Decimal, upper: &Decimal, inclusive: bool) {
    for i in 0..d.mant.len() {
        let dm = d.mant[i];
        let l = lower.at(i as i64);
        let u = upper.at(i as i64);
        let okdown = l != dm || (inclusive && i + 1 == lower.mant.len());
        let okup = dm != u && (inclusive || dm + 1 < u || i + 1 < upper.mant.len());
        let n = i as i64 + 1;
        if okdown && okup {
            d.round(n);
            return;
        } else if okdown {
            d.round_down(n);
            return;
        } else if okup {
            d.round_up(n);
            return;
        }
    }
}

/// Go's `fmtE`: `d.ddddde±dd`.
fn fmt_e(buf: &mut String, fmt: char, prec: i64, d: &Decimal) {
    buf.push(if d.mant.is_empty() {
        '0'
    } else {
        d.mant[0] as char
    });
    if prec > 0 {
        buf.push('.');
        let mut i: i64 = 1;
        let m = (d.mant.len() as i64).min(prec + 1);
        if i < m {
            buf.extend(d.mant[i as usize..m as usize].iter().map(|&c| c as char));
            i = m;
        }
        while i <= prec {
            buf.push('0');
            i += 1;
        }
    }
    buf.push(fmt);
    let mut exp: i64 = if d.mant.is_empty() { 0 } else { d.exp - 1 };
    if exp < 0 {
        buf.push('-');
        exp = -exp;
    } else {
        buf.push('+');
    }
    if exp < 10 {
        buf.push('0');
    }
    buf.push_str(&exp.to_string());
}

/// Go's `fmtF`: `ddddd.ddd`.
fn fmt_f(buf: &mut String, prec: i64, d: &Decimal) {
    if d.exp > 0 {
        let m = (d.mant.len() as i64).min(d.exp);
        buf.extend(d.mant[..m as usize].iter().map(|&c| c as char));
        for _ in m..d.exp {
            buf.push('0');
        }
    } else {
        buf.push('0');
    }
    if prec > 0 {
        buf.push('.');
        for i in 0..prec {
            buf.push(d.at(d.exp + i) as char);
        }
    }
}

/// Powers of five that fit into a u64 (Go's `pow5tab`).
const POW5: [u64; 28] = [
    1,
    5,
    25,
    125,
    625,
    3125,
    15625,
    78125,
    390625,
    1953125,
    9765625,
    48828125,
    244140625,
    1220703125,
    6103515625,
    30517578125,
    152587890625,
    762939453125,
    3814697265625,
    19073486328125,
    95367431640625,
    476837158203125,
    2384185791015625,
    11920928955078125,
    59604644775390625,
    298023223876953125,
    1490116119384765625,
    7450580596923828125,
];

/// `2^e` as an f64, for `e` in `-1074..=1023`.
fn pow2_f64(e: i64) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

// ---------------------------------------------------------------------------
// Number
// ---------------------------------------------------------------------------

impl Number {
    fn new(repr: Repr, prec: u32) -> Number {
        Number { repr, prec }
    }

    /// Parses a decimal number like cty's `ParseNumberVal`, i.e. Go's
    /// `big.ParseFloat(s, 10, 512, big.ToNearestEven)`.
    ///
    /// Accepted: an optional sign, decimal digits with at most one `.` (at least
    /// one digit overall: `5`, `5.`, `.5`, `1.25`), then an optional exponent:
    /// `e`/`E` (power of ten) or `p`/`P` (power of two, as Go accepts it:
    /// `tonumber("1p3")` is 8 in Terraform) followed by an optional sign and
    /// digits. `Inf`/`inf` with an optional sign give infinities, again as in
    /// Terraform (`tonumber("inf")` succeeds there). No whitespace, no
    /// underscores, no hexadecimal, no NaN.
    pub fn parse(s: &str) -> Result<Number, ParseNumberError> {
        Number::parse_with_prec(s, DEFAULT_PREC)
    }

    /// Like [`Number::parse`] with an explicit mantissa precision (must be > 0).
    pub fn parse_with_prec(s: &str, prec: u32) -> Result<Number, ParseNumberError> {
        let prec = prec.max(1);
        match s {
            "Inf" | "inf" | "+Inf" | "+inf" => {
                return Ok(Number::new(Repr::Inf { neg: false }, prec))
            }
            "-Inf" | "-inf" => return Ok(Number::new(Repr::Inf { neg: true }, prec)),
            _ => {}
        }
        let b = s.as_bytes();
        let mut i = 0;
        let mut neg = false;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            neg = b[i] == b'-';
            i += 1;
        }
        // mantissa
        let mant_start = i;
        let mut count: i64 = 0;
        let mut dp: i64 = -1;
        while i < b.len() {
            let c = b[i];
            if c == b'.' && dp < 0 {
                dp = count;
            } else if c.is_ascii_digit() {
                count += 1;
            } else {
                break;
            }
            i += 1;
        }
        if count == 0 {
            return Err(ParseNumberError);
        }
        let mant_bytes = &b[mant_start..i];
        let fcount = if dp >= 0 { dp - count } else { 0 };
        // exponent
        let mut exp: i128 = 0;
        let mut binary_exp = false;
        if i < b.len() && matches!(b[i], b'e' | b'E' | b'p' | b'P') {
            binary_exp = matches!(b[i], b'p' | b'P');
            i += 1;
            let mut eneg = false;
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                eneg = b[i] == b'-';
                i += 1;
            }
            let ds = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == ds {
                return Err(ParseNumberError);
            }
            let digits = &b[ds..i];
            let first_nz = digits
                .iter()
                .position(|&c| c != b'0')
                .unwrap_or(digits.len());
            let digits = &digits[first_nz..];
            if digits.len() > 20 {
                return Err(ParseNumberError);
            }
            let mut v: i128 = 0;
            for &c in digits {
                v = v * 10 + (c - b'0') as i128;
            }
            exp = if eneg { -v } else { v };
            if exp < i64::MIN as i128 || exp > i64::MAX as i128 {
                return Err(ParseNumberError);
            }
        }
        if i != b.len() {
            return Err(ParseNumberError);
        }

        // mantissa value (digits without the point)
        let m: BigUint = if count <= 19 {
            let mut v: u64 = 0;
            for &c in mant_bytes {
                if c != b'.' {
                    v = v * 10 + (c - b'0') as u64;
                }
            }
            BigUint::from(v)
        } else {
            let digits: Vec<u8> = mant_bytes.iter().copied().filter(|&c| c != b'.').collect();
            BigUint::parse_bytes(&digits, 10).ok_or(ParseNumberError)?
        };
        if m.is_zero() {
            return Ok(Number::new(Repr::Zero { neg }, prec));
        }

        // value = 0.m · 2^exp2 · 5^exp5
        let bl = m.bits() as i128;
        let mut exp2 = bl + fcount as i128;
        let mut exp5 = fcount as i128;
        exp2 += exp;
        if !binary_exp {
            exp5 += exp;
        }
        if exp2 < MIN_EXP as i128 || exp2 > MAX_EXP as i128 {
            return Err(ParseNumberError);
        }
        let z = exact_big(neg, m, (exp2 - bl) as i64);
        if exp5 == 0 {
            return Ok(Number::new(rounded(&z, prec), prec));
        }
        let z = Number::new(z, prec);
        let p = go_pow5(exp5.unsigned_abs() as u64, prec.saturating_add(64));
        let r = if exp5 < 0 {
            z.div_prec(&p, prec)
        } else {
            z.mul_prec(&p, prec)
        };
        r.map_err(|_| ParseNumberError)
    }

    /// An exact integer with precision 64 (Go's `SetInt64`).
    pub fn from_i64(i: i64) -> Number {
        Number::new(exact_u64(i < 0, i.unsigned_abs(), 0), INT_PREC)
    }

    /// An exact integer with precision 64 (Go's `SetUint64`).
    pub fn from_u64(i: u64) -> Number {
        Number::new(exact_u64(false, i, 0), INT_PREC)
    }

    /// An exact integer with precision 64, for lengths and indices.
    pub fn from_usize(i: usize) -> Number {
        Number::from_u64(i as u64)
    }

    /// The exact value of `f` with precision 53 (Go's `SetFloat64`).
    /// Infinities map to infinities, -0.0 to negative zero; NaN (which Go panics
    /// on) maps to zero.
    pub fn from_f64(f: f64) -> Number {
        if f.is_nan() {
            return Number::new(Repr::Zero { neg: false }, F64_PREC);
        }
        if f == 0.0 {
            return Number::new(
                Repr::Zero {
                    neg: f.is_sign_negative(),
                },
                F64_PREC,
            );
        }
        if f.is_infinite() {
            return Number::new(Repr::Inf { neg: f < 0.0 }, F64_PREC);
        }
        let bits = f.to_bits();
        let neg = bits >> 63 != 0;
        let e = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        let (m, exp) = if e == 0 {
            (frac, -1074)
        } else {
            (frac | (1u64 << 52), e - 1075)
        };
        Number::new(exact_u64(neg, m, exp), F64_PREC)
    }

    /// An exact integer with precision max(64, bit length) (Go's `SetInt`).
    pub fn from_bigint(i: &BigInt) -> Number {
        let bits = i.bits();
        let prec = u32::try_from(bits).unwrap_or(u32::MAX).max(INT_PREC);
        Number::new(
            exact_big(i.sign() == Sign::Minus, i.magnitude().clone(), 0),
            prec,
        )
    }

    /// Go's `z.SetInt(i)` on a `z` whose precision is already `prec`
    /// (0 meaning "not set yet").
    fn from_bigint_with_prec(i: &BigInt, prec: u32) -> Number {
        if prec == 0 {
            return Number::from_bigint(i);
        }
        let repr = exact_big(i.sign() == Sign::Minus, i.magnitude().clone(), 0);
        Number::new(rounded(&repr, prec), prec)
    }

    /// Positive or negative infinity (precision 512).
    pub fn infinity(negative: bool) -> Number {
        Number::new(Repr::Inf { neg: negative }, DEFAULT_PREC)
    }

    pub fn is_infinite(&self) -> bool {
        matches!(self.repr, Repr::Inf { .. })
    }

    /// True for zero and every finite non-zero value.
    pub fn is_finite(&self) -> bool {
        !self.is_infinite()
    }

    /// Finite and without fractional part.
    pub fn is_integer(&self) -> bool {
        match &self.repr {
            Repr::Zero { .. } => true,
            Repr::Finite { exp, .. } => *exp >= 0,
            Repr::Inf { .. } => false,
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self.repr, Repr::Zero { .. })
    }

    /// Strictly less than zero (including -Inf; negative zero is not negative).
    pub fn is_negative(&self) -> bool {
        match &self.repr {
            Repr::Zero { .. } => false,
            Repr::Finite { neg, .. } | Repr::Inf { neg } => *neg,
        }
    }

    /// The value as an i64, when it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        match &self.repr {
            Repr::Zero { .. } => Some(0),
            Repr::Finite { neg, mant, exp } => {
                if *exp < 0 || mant.bits() as i64 + *exp > 64 {
                    return None;
                }
                let m = mant.to_u64()?;
                let v = m.checked_shl(*exp as u32)?;
                if (v >> *exp) != m {
                    return None;
                }
                if *neg {
                    if v <= i64::MAX as u64 + 1 {
                        Some((v as i64).wrapping_neg())
                    } else {
                        None
                    }
                } else {
                    i64::try_from(v).ok()
                }
            }
            Repr::Inf { .. } => None,
        }
    }

    /// The value as a u64, when it is a non-negative integer in range.
    pub fn to_u64(&self) -> Option<u64> {
        match &self.repr {
            Repr::Zero { .. } => Some(0),
            Repr::Finite {
                neg: false,
                mant,
                exp,
            } => {
                if *exp < 0 || mant.bits() as i64 + *exp > 64 {
                    return None;
                }
                Some(mant.to_u64()? << *exp)
            }
            _ => None,
        }
    }

    /// The nearest f64 (ties to even); out-of-range values give ±infinity and
    /// tiny ones zero or subnormals, like Go's `Float64()`.
    pub fn to_f64(&self) -> f64 {
        match &self.repr {
            Repr::Zero { neg } => {
                if *neg {
                    -0.0
                } else {
                    0.0
                }
            }
            Repr::Inf { neg } => {
                if *neg {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }
            }
            Repr::Finite { neg, mant, exp } => {
                let sign = if *neg { -1.0 } else { 1.0 };
                let bl = mant.bits() as i64;
                let top = exp + bl; // 2^(top-1) <= |x| < 2^top
                if top > 1024 {
                    return sign * f64::INFINITY;
                }
                let lsb = (top - 53).max(-1074);
                let q: u64 = if *exp >= lsb {
                    // fits: at most 53 bits
                    (mant << ((exp - lsb) as u64)).to_u64().unwrap_or(0)
                } else {
                    let shift = (lsb - exp) as u64;
                    if shift > bl as u64 {
                        0 // below half of the smallest step
                    } else {
                        let mut q = (mant >> shift).to_u64().unwrap_or(0);
                        let half = mant.bit(shift - 1);
                        let rest = trailing_zeros(mant) < shift - 1;
                        if half && (rest || q & 1 == 1) {
                            q += 1;
                        }
                        q
                    }
                };
                sign * (q as f64 * pow2_f64(lsb))
            }
        }
    }

    /// The value as a BigInt, when it is a finite integer.
    pub fn to_bigint(&self) -> Option<BigInt> {
        match &self.repr {
            Repr::Zero { .. } => Some(BigInt::zero()),
            Repr::Finite { neg, mant, exp } if *exp >= 0 => {
                let mag = mant << (*exp as u64);
                Some(BigInt::from_biguint(
                    if *neg { Sign::Minus } else { Sign::Plus },
                    mag,
                ))
            }
            _ => None,
        }
    }

    /// The integer part (truncated toward zero) as a BigInt, or None for infinities.
    fn trunc_bigint(&self) -> Option<BigInt> {
        match &self.repr {
            Repr::Zero { .. } => Some(BigInt::zero()),
            Repr::Finite { neg, mant, exp } => {
                let mag = if *exp >= 0 {
                    mant << (*exp as u64)
                } else if (-*exp) as u64 >= mant.bits() {
                    BigUint::zero()
                } else {
                    mant >> ((-*exp) as u64)
                };
                Some(BigInt::from_biguint(
                    if *neg { Sign::Minus } else { Sign::Plus },
                    mag,
                ))
            }
            Repr::Inf { .. } => None,
        }
    }

    fn add_prec(&self, o: &Number, prec: u32) -> Result<Number, NumberError> {
        let repr = match (&self.repr, &o.repr) {
            (Repr::Inf { neg: a }, Repr::Inf { neg: b }) if a != b => return Err(NumberError::NaN),
            (Repr::Inf { .. }, _) => self.repr.clone(),
            (_, Repr::Inf { .. }) => o.repr.clone(),
            (Repr::Zero { neg: a }, Repr::Zero { neg: b }) => Repr::Zero { neg: *a && *b },
            (Repr::Zero { .. }, _) => rounded(&o.repr, prec),
            (_, Repr::Zero { .. }) => rounded(&self.repr, prec),
            (
                Repr::Finite {
                    neg: n1,
                    mant: m1,
                    exp: e1,
                },
                Repr::Finite {
                    neg: n2,
                    mant: m2,
                    exp: e2,
                },
            ) => add_finite((*n1, m1, *e1), (*n2, m2, *e2), prec),
        };
        Ok(Number::new(repr, prec))
    }

    fn sub_prec(&self, o: &Number, prec: u32) -> Result<Number, NumberError> {
        self.add_prec(&o.neg(), prec)
    }

    fn mul_prec(&self, o: &Number, prec: u32) -> Result<Number, NumberError> {
        let neg = self.sign_bit() != o.sign_bit();
        let repr = match (&self.repr, &o.repr) {
            (Repr::Zero { .. }, Repr::Inf { .. }) | (Repr::Inf { .. }, Repr::Zero { .. }) => {
                return Err(NumberError::NaN)
            }
            (Repr::Zero { .. }, _) | (_, Repr::Zero { .. }) => Repr::Zero { neg },
            (Repr::Inf { neg: a }, Repr::Inf { neg: b })
            | (Repr::Inf { neg: a }, Repr::Finite { neg: b, .. })
            | (Repr::Finite { neg: a, .. }, Repr::Inf { neg: b }) => Repr::Inf { neg: a != b },
            (
                Repr::Finite {
                    neg: n1,
                    mant: m1,
                    exp: e1,
                },
                Repr::Finite {
                    neg: n2,
                    mant: m2,
                    exp: e2,
                },
            ) => {
                let neg = n1 != n2;
                match (m1.to_u64(), m2.to_u64()) {
                    (Some(a), Some(b)) => round_u128(neg, a as u128 * b as u128, e1 + e2, prec),
                    _ => round_big(neg, m1 * m2, e1 + e2, prec, false),
                }
            }
        };
        Ok(Number::new(repr, prec))
    }

    fn div_prec(&self, o: &Number, prec: u32) -> Result<Number, NumberError> {
        let neg = self.sign_bit() != o.sign_bit();
        let repr = match (&self.repr, &o.repr) {
            (Repr::Zero { .. }, Repr::Zero { .. }) | (Repr::Inf { .. }, Repr::Inf { .. }) => {
                return Err(NumberError::NaN)
            }
            (Repr::Zero { .. }, _) | (_, Repr::Inf { .. }) => Repr::Zero { neg },
            (_, Repr::Zero { .. }) | (Repr::Inf { .. }, _) => Repr::Inf { neg },
            (
                Repr::Finite {
                    neg: n1,
                    mant: m1,
                    exp: e1,
                },
                Repr::Finite {
                    neg: n2,
                    mant: m2,
                    exp: e2,
                },
            ) => {
                let neg = n1 != n2;
                if prec == 0 {
                    Repr::Zero { neg }
                } else {
                    // Enough quotient bits for the rounding bit plus one, and a sticky
                    // bit from the remainder.
                    let s = (prec as i64 + 2 + m2.bits() as i64 - m1.bits() as i64).max(0);
                    let num = m1 << (s as u64);
                    let (q, r) = num.div_rem(m2);
                    round_big(neg, q, e1 - e2 - s, prec, !r.is_zero())
                }
            }
        };
        Ok(Number::new(repr, prec))
    }

    /// Go's `new(big.Float).Add(x, y)`: rounded to the larger precision.
    /// `+Inf + -Inf` is an error.
    pub fn add(&self, o: &Number) -> Result<Number, NumberError> {
        self.add_prec(o, self.prec.max(o.prec))
    }

    /// Go's `new(big.Float).Sub(x, y)`.
    pub fn sub(&self, o: &Number) -> Result<Number, NumberError> {
        self.sub_prec(o, self.prec.max(o.prec))
    }

    /// cty's `Value.Multiply`: the product is rounded to 512 bits, and the result
    /// keeps the larger of the operand precisions or, if larger, the number of
    /// significant bits of that product (so products of 64-bit integers or of
    /// f64 values stay exact). `0 · ±Inf` is an error.
    pub fn mul(&self, o: &Number) -> Result<Number, NumberError> {
        let r = self.mul_prec(o, DEFAULT_PREC)?;
        let min_prec = match &r.repr {
            Repr::Finite { mant, .. } => u32::try_from(mant.bits()).unwrap_or(u32::MAX),
            _ => 0,
        };
        Ok(Number::new(r.repr, self.prec.max(o.prec).max(min_prec)))
    }

    /// Go's `new(big.Float).Quo(x, y)`: correctly rounded. `x/0` is ±Inf (sign of
    /// `x`); `0/0` and `Inf/Inf` are errors.
    pub fn div(&self, o: &Number) -> Result<Number, NumberError> {
        self.div_prec(o, self.prec.max(o.prec))
    }

    /// Terraform's `%` (cty's `Value.Modulo`), step by step:
    ///
    /// * a zero divisor gives the dividend back (`5 % 0 == 5`);
    /// * any infinite operand is an error (Terraform 1.0.3 fails on those);
    /// * otherwise `q = trunc(a / b)` with `a / b` rounded to the larger precision,
    ///   then `a - b·q`, both steps rounded to the dividend's precision, which is
    ///   also the result's precision. The result has the sign of the dividend:
    ///   `-7 % 3 == -1`, `7 % -3 == 1`, `7.5 % 2 == 1.5`. Like Terraform,
    ///   `1 % 0.1` is `0` (the quotient rounds to exactly 10).
    pub fn rem(&self, o: &Number) -> Result<Number, NumberError> {
        if o.is_zero() {
            return Ok(self.clone());
        }
        if self.is_infinite() || o.is_infinite() {
            return Err(NumberError::NaN);
        }
        let rat = self.div(o)?;
        let q = rat.trunc_bigint().ok_or(NumberError::NaN)?;
        let work = Number::from_bigint_with_prec(&q, self.prec);
        let work = o.mul_prec(&work, work.prec)?;
        self.sub_prec(&work, work.prec)
    }

    /// The negated value (same precision).
    pub fn neg(&self) -> Number {
        let repr = match &self.repr {
            Repr::Zero { neg } => Repr::Zero { neg: !neg },
            Repr::Finite { neg, mant, exp } => Repr::Finite {
                neg: !neg,
                mant: mant.clone(),
                exp: *exp,
            },
            Repr::Inf { neg } => Repr::Inf { neg: !neg },
        };
        Number::new(repr, self.prec)
    }

    /// The absolute value (same precision; zero becomes +0).
    pub fn abs(&self) -> Number {
        if self.sign_bit() {
            self.neg()
        } else {
            self.clone()
        }
    }

    /// The sign bit: true for negative values, -Inf and negative zero.
    pub fn sign_bit(&self) -> bool {
        match &self.repr {
            Repr::Zero { neg } | Repr::Finite { neg, .. } | Repr::Inf { neg } => *neg,
        }
    }

    /// Integer-valued rounding (Terraform's `floor`/`ceil` and truncation):
    /// the integer is set back at this number's precision (so zero results,
    /// including from negative zero, are +0).
    fn to_integral(&self, adjust: impl Fn(bool) -> i8) -> Number {
        match &self.repr {
            Repr::Zero { .. } => Number::new(Repr::Zero { neg: false }, self.prec),
            Repr::Finite { neg, exp, .. } if *exp < 0 => {
                let mut i = self.trunc_bigint().unwrap_or_default();
                match adjust(*neg) {
                    1 => i += 1,
                    -1 => i -= 1,
                    _ => {}
                }
                Number::from_bigint_with_prec(&i, self.prec)
            }
            _ => self.clone(),
        }
    }

    /// The largest integer not greater than the value (same precision;
    /// infinities unchanged).
    pub fn floor(&self) -> Number {
        self.to_integral(|neg| if neg { -1 } else { 0 })
    }

    /// The smallest integer not less than the value (same precision;
    /// infinities unchanged).
    pub fn ceil(&self) -> Number {
        self.to_integral(|neg| if neg { 0 } else { 1 })
    }

    /// The integer part, truncated toward zero (same precision; infinities unchanged).
    pub fn trunc(&self) -> Number {
        self.to_integral(|_| 0)
    }

    /// -1, 0 or 1.
    pub fn signum(&self) -> i32 {
        match &self.repr {
            Repr::Zero { .. } => 0,
            Repr::Finite { neg, .. } | Repr::Inf { neg } => {
                if *neg {
                    -1
                } else {
                    1
                }
            }
        }
    }

    /// Models the msgpack round trip Terraform applies to output values (cty's
    /// msgpack encoding): an integer in i64 range comes back as an exact 64-bit
    /// integer, else a value exactly representable as an f64 comes back as that
    /// f64 (precision 53), else the value is re-parsed from its shortest decimal
    /// text at precision 512. Infinities are unchanged.
    pub fn demote_for_output(&self) -> Number {
        match &self.repr {
            Repr::Inf { .. } => self.clone(),
            Repr::Zero { .. } => Number::from_i64(0),
            Repr::Finite { .. } => {
                if let Some(i) = self.to_i64() {
                    return Number::from_i64(i);
                }
                let f = self.to_f64();
                if f.is_finite() {
                    let back = Number::from_f64(f);
                    if back == *self {
                        return back;
                    }
                }
                Number::parse(&self.to_text('f', -1)).unwrap_or_else(|_| self.clone())
            }
        }
    }

    /// Go's `(*big.Float).Text(fmt, prec)` for `'e'`, `'E'`, `'f'`, `'g'` and `'G'`.
    /// A negative `prec` selects the shortest representation that reads back as
    /// the same value at this number's precision (with `'g'` then switching to
    /// exponent form when the decimal exponent is < -4 or >= 6, as Go's `%v`).
    /// Infinities print as `+Inf`/`-Inf`; other format characters give `%` and
    /// the character, as Go does.
    pub fn to_text(&self, fmt: char, prec: i32) -> String {
        let (neg, mant_exp) = match &self.repr {
            Repr::Inf { neg } => return if *neg { "-Inf".into() } else { "+Inf".into() },
            Repr::Zero { neg } => (*neg, None),
            Repr::Finite { neg, mant, exp } => (*neg, Some((mant, *exp))),
        };
        if !matches!(fmt, 'e' | 'E' | 'f' | 'g' | 'G') {
            return format!("%{fmt}");
        }
        let mut buf = String::new();
        if neg {
            buf.push('-');
        }
        // Fast path: shortest form of an integer that fits the precision is its digits.
        if prec < 0 && fmt == 'f' {
            if let Some((mant, exp)) = mant_exp {
                if exp >= 0 && mant.bits() as i64 + exp <= (self.prec as i64).min(128) {
                    let v = mant.to_u128().unwrap_or(0) << exp;
                    buf.push_str(&v.to_string());
                    return buf;
                }
            }
        }
        let mut prec = prec as i64;
        let shortest = prec < 0;
        let mut d = match mant_exp {
            Some((mant, exp)) if shortest => shortest_decimal(mant, exp, self.prec),
            Some((mant, exp)) => Decimal::init(mant, exp),
            None => Decimal::zero(),
        };
        let len = |d: &Decimal| d.mant.len() as i64;
        if shortest {
            prec = match fmt {
                'e' | 'E' => len(&d) - 1,
                'f' => (len(&d) - d.exp).max(0),
                _ => len(&d),
            };
        } else {
            match fmt {
                'e' | 'E' => d.round(1 + prec),
                'f' => d.round(d.exp + prec),
                _ => {
                    if prec == 0 {
                        prec = 1;
                    }
                    d.round(prec);
                }
            }
        }
        match fmt {
            'e' | 'E' => fmt_e(&mut buf, fmt, prec, &d),
            'f' => fmt_f(&mut buf, prec, &d),
            _ => {
                let mut eprec = prec;
                if eprec > len(&d) && len(&d) >= d.exp {
                    eprec = len(&d);
                }
                if shortest {
                    eprec = 6;
                }
                let exp = d.exp - 1;
                if exp < -4 || exp >= eprec {
                    if prec > len(&d) {
                        prec = len(&d);
                    }
                    fmt_e(&mut buf, if fmt == 'g' { 'e' } else { 'E' }, prec - 1, &d);
                } else {
                    if prec > d.exp {
                        prec = len(&d);
                    }
                    fmt_f(&mut buf, (prec - d.exp).max(0), &d);
                }
            }
        }
        buf
    }

    /// The mantissa precision in bits (Go's `Prec()`).
    pub fn precision(&self) -> u32 {
        self.prec
    }

    /// Go's `SetPrec`: the value rounded to `prec` bits (nearest, ties to even).
    /// Precision 0 turns finite values into zero.
    pub fn with_precision(&self, prec: u32) -> Number {
        Number::new(rounded(&self.repr, prec), prec)
    }

    /// Terraform's `pow()`: both operands are converted to f64, raised with Go's
    /// `math.Pow`, and the result converted back exactly (precision 53).
    /// Infinite results are allowed; a NaN result (negative base with a
    /// fractional exponent) becomes zero, see [`Number::from_f64`].
    pub fn pow(&self, o: &Number) -> Number {
        Number::from_f64(gomath::pow(self.to_f64(), o.to_f64()))
    }

    /// Like [`Number::pow`], but a NaN result (e.g. `pow(-8, 0.5)`, which fails
    /// in Terraform) is an error instead of zero.
    pub fn try_pow(&self, o: &Number) -> Result<Number, NumberError> {
        let r = gomath::pow(self.to_f64(), o.to_f64());
        if r.is_nan() {
            return Err(NumberError::NaN);
        }
        Ok(Number::from_f64(r))
    }
}

/// Go's `(*Float).pow5`: `5^n` computed at precision `zprec` (exact up to 5^27,
/// then by repeated squaring with rounding, exactly as Go does).
fn go_pow5(n: u64, zprec: u32) -> Number {
    if n <= 27 {
        let z = Number::new(exact_u64(false, POW5[n as usize], 0), zprec);
        return z.with_precision(zprec);
    }
    let mut z = Number::new(exact_u64(false, POW5[27], 0), zprec);
    let mut n = n - 27;
    let fprec = zprec.saturating_add(64);
    let mut f = Number::new(exact_u64(false, 5, 0), fprec);
    while n > 0 {
        if n & 1 != 0 {
            z = z
                .mul_prec(&f, zprec)
                .unwrap_or_else(|_| Number::infinity(false));
        }
        n >>= 1;
        if n > 0 {
            f = f
                .mul_prec(&f, fprec)
                .unwrap_or_else(|_| Number::infinity(false));
        }
    }
    z
}

impl PartialEq for Number {
    fn eq(&self, o: &Number) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}

impl Eq for Number {}

impl PartialOrd for Number {
    fn partial_cmp(&self, o: &Number) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Number {
    /// Numeric order; precision is ignored. -Inf < every finite value < +Inf.
    fn cmp(&self, o: &Number) -> Ordering {
        fn rank(r: &Repr) -> i8 {
            match r {
                Repr::Inf { neg: true } => -2,
                Repr::Finite { neg: true, .. } => -1,
                Repr::Zero { .. } => 0,
                Repr::Finite { neg: false, .. } => 1,
                Repr::Inf { neg: false } => 2,
            }
        }
        let (ra, rb) = (rank(&self.repr), rank(&o.repr));
        if ra != rb {
            return ra.cmp(&rb);
        }
        match (&self.repr, &o.repr) {
            (
                Repr::Finite {
                    neg,
                    mant: m1,
                    exp: e1,
                },
                Repr::Finite {
                    mant: m2, exp: e2, ..
                },
            ) => {
                let c = cmp_mag(m1, *e1, m2, *e2);
                if *neg {
                    c.reverse()
                } else {
                    c
                }
            }
            _ => Ordering::Equal,
        }
    }
}

impl Hash for Number {
    /// Hashes the normalised value only, consistently with `Eq`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.repr {
            Repr::Zero { .. } => 0u8.hash(state),
            Repr::Finite { neg, mant, exp } => {
                1u8.hash(state);
                neg.hash(state);
                exp.hash(state);
                mant.hash(state);
            }
            Repr::Inf { neg } => {
                2u8.hash(state);
                neg.hash(state);
            }
        }
    }
}

impl fmt::Display for Number {
    /// Go's `Text('f', -1)`: the shortest decimal that reads back as the same value at this precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text('f', -1))
    }
}

impl std::str::FromStr for Number {
    type Err = ParseNumberError;
    fn from_str(s: &str) -> Result<Number, ParseNumberError> {
        Number::parse(s)
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Number {
        Number::from_i64(i)
    }
}

impl From<u64> for Number {
    fn from(i: u64) -> Number {
        Number::from_u64(i)
    }
}

/// Ports of the Go `math` functions Terraform's `pow()` goes through, as they
/// behave on amd64 (where `Exp` and `Log` are assembly kernels; `Exp` uses its
/// FMA code path, taken on every CPU with AVX2 and FMA). Constants are kept
/// exactly as written in Go's sources.
#[allow(clippy::excessive_precision, clippy::approx_constant)]
pub mod gomath {
    /// Go's `math.Pow`.
    pub fn pow(x: f64, y: f64) -> f64 {
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
                if x.is_sign_negative() && is_odd_int(y) {
                    return f64::NEG_INFINITY;
                }
                return f64::INFINITY;
            }
            // y > 0
            if x.is_sign_negative() && is_odd_int(y) {
                return x;
            }
            return 0.0;
        }
        if y.is_infinite() {
            if x == -1.0 {
                return 1.0;
            }
            if (x.abs() < 1.0) == (y > 0.0) {
                return 0.0;
            }
            return f64::INFINITY;
        }
        if x.is_infinite() {
            if x < 0.0 {
                return pow(1.0 / x, -y); // Pow(-0, -y)
            }
            if y < 0.0 {
                return 0.0;
            }
            return f64::INFINITY;
        }
        if y == 0.5 {
            return x.sqrt();
        }
        if y == -0.5 {
            return 1.0 / x.sqrt();
        }

        let ay = y.abs();
        let mut yi = ay.trunc();
        let mut yf = ay - yi;
        if yf != 0.0 && x < 0.0 {
            return f64::NAN;
        }
        if yi >= 9.223372036854775808e18 {
            // yi is a large even int that will lead to overflow (or underflow to 0)
            // for all x except -1 (x == 1 was handled earlier)
            if x == -1.0 {
                return 1.0;
            }
            if (x.abs() < 1.0) == (y > 0.0) {
                return 0.0;
            }
            return f64::INFINITY;
        }

        // ans = a1 * 2**ae (= 1 for now).
        let mut a1 = 1.0f64;
        let mut ae: i64 = 0;

        // ans *= x**yf
        if yf != 0.0 {
            if yf > 0.5 {
                yf -= 1.0;
                yi += 1.0;
            }
            a1 = exp(yf * log(x));
        }

        // ans *= x**yi, by repeated squaring.
        let (mut x1, mut xe) = frexp(x);
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

    fn is_odd_int(x: f64) -> bool {
        if x.abs() >= (1u64 << 53) as f64 {
            return false;
        }
        let xi = x.trunc();
        x - xi == 0.0 && (xi as i64) & 1 == 1
    }

    fn normalize(x: f64) -> (f64, i64) {
        const SMALLEST_NORMAL: f64 = 2.2250738585072014e-308;
        if x.abs() < SMALLEST_NORMAL {
            return (x * (1u64 << 52) as f64, -52);
        }
        (x, 0)
    }

    /// Go's `math.Frexp`.
    fn frexp(f: f64) -> (f64, i64) {
        if f == 0.0 || f.is_infinite() || f.is_nan() {
            return (f, 0);
        }
        let (f, mut exp) = normalize(f);
        let mut x = f.to_bits();
        exp += ((x >> 52) & 0x7ff) as i64 - 1023 + 1;
        x &= !(0x7ffu64 << 52);
        x |= 1022u64 << 52;
        (f64::from_bits(x), exp)
    }

    /// Go's `math.Ldexp`.
    fn ldexp(frac: f64, exp: i64) -> f64 {
        if frac == 0.0 || frac.is_infinite() || frac.is_nan() {
            return frac;
        }
        let (frac, e) = normalize(frac);
        let mut exp = exp + e;
        let mut x = frac.to_bits();
        exp += ((x >> 52) & 0x7ff) as i64 - 1023;
        if exp < -1075 {
            return 0.0f64.copysign(frac);
        }
        if exp > 1023 {
            return if frac < 0.0 {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
        }
        let mut m = 1.0f64;
        if exp < -1022 {
            exp += 53;
            m = 1.0 / (1u64 << 53) as f64;
        }
        x &= !(0x7ffu64 << 52);
        x |= ((exp + 1023) as u64) << 52;
        m * f64::from_bits(x)
    }

    /// Go's amd64 `archExp` (FMA code path).
    fn exp(x: f64) -> f64 {
        const LN2U: f64 = 0.69314718055966295651160180568695068359375;
        const LN2L: f64 = 0.28235290563031577122588448175013436025525412068e-12;
        const LOG2E: f64 = 1.4426950408889634073599246810018920;
        const OVERFLOW: f64 = 7.09782712893384e+02;
        const T0: f64 = 0.5;
        const T1: f64 = 1.0;
        const T2: f64 = 2.0;
        const T3: f64 = 1.6666666666666666667e-1;
        const T4: f64 = 4.1666666666666666667e-2;
        const T5: f64 = 8.3333333333333333333e-3;
        const T6: f64 = 1.3888888888888888889e-3;
        const T7: f64 = 1.9841269841269841270e-4;
        const T8: f64 = 2.4801587301587301587e-5;

        let bits = x.to_bits();
        if bits & !(1u64 << 63) >= 0x7FF0_0000_0000_0000 {
            if bits == 0xFFF0_0000_0000_0000 {
                return 0.0;
            }
            return x;
        }
        if x > OVERFLOW {
            return f64::INFINITY;
        }
        let t = (LOG2E * x).round_ties_even();
        let mut bx: i32 = if (-2147483648.0..=2147483647.0).contains(&t) {
            t as i32
        } else {
            i32::MIN
        };
        let fx = bx as f64;
        let mut x0 = (-fx).mul_add(LN2U, x);
        x0 = (-fx).mul_add(LN2L, x0);
        x0 *= 0.0625;
        let mut x1 = T8;
        x1 = x1.mul_add(x0, T7);
        x1 = x1.mul_add(x0, T6);
        x1 = x1.mul_add(x0, T5);
        x1 = x1.mul_add(x0, T4);
        x1 = x1.mul_add(x0, T3);
        x1 = x1.mul_add(x0, T0);
        x1 = x1.mul_add(x0, T1);
        x0 *= x1;
        for _ in 0..3 {
            let x1 = x0 + T2;
            x0 *= x1;
        }
        let x1 = x0 + T2;
        x0 = x1.mul_add(x0, T1);

        bx = bx.wrapping_add(0x3FF);
        if bx <= 0 {
            if bx < -52 {
                return 0.0;
            }
            bx += 0x3FE;
            x0 *= f64::from_bits((bx as u32 as u64) << 52);
            bx = 1;
        } else if bx >= 0x7FF {
            return f64::INFINITY;
        }
        x0 * f64::from_bits((bx as u32 as u64) << 52)
    }

    /// Go's amd64 `archLog`.
    pub fn log(x: f64) -> f64 {
        const HSQRT2: f64 = 7.07106781186547524401e-01;
        const LN2HI: f64 = 6.93147180369123816490e-01;
        const LN2LO: f64 = 1.90821492927058770002e-10;
        const L1: f64 = 6.666666666666735130e-01;
        const L2: f64 = 3.999999999940941908e-01;
        const L3: f64 = 2.857142874366239149e-01;
        const L4: f64 = 2.222219843214978396e-01;
        const L5: f64 = 1.818357216161805012e-01;
        const L6: f64 = 1.531383769920937332e-01;
        const L7: f64 = 1.479819860511658591e-01;

        let bits = x.to_bits();
        if bits & !(1u64 << 63) == 0 {
            return f64::NEG_INFINITY;
        }
        if (bits as i64) < 0 {
            return f64::from_bits(0x7FF8_0000_0000_0001);
        }
        if bits >= 0x7FF0_0000_0000_0000 {
            return x;
        }
        let mut f1 = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FE0_0000_0000_0000);
        let mut k = (((bits >> 52) & 0x7FF) as i32 - 0x3FE) as f64;
        let x3 = if f1 <= HSQRT2 { 1.0 } else { 0.0 };
        k -= x3;
        f1 *= 1.0 + x3;
        let f = f1 - 1.0;
        let s = f / (2.0 + f);
        let s2 = s * s;
        let s4 = s2 * s2;
        let t1 = s2 * (((L7 * s4 + L5) * s4 + L3) * s4 + L1);
        let t2 = s4 * ((L6 * s4 + L4) * s4 + L2);
        let r = t1 + t2;
        let hfsq = 0.5 * f * f;
        let a = s * (r + hfsq) + LN2LO * k;
        let b = (hfsq - a) - f;
        k * LN2HI - b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Number {
        Number::parse(s).unwrap()
    }

    #[test]
    fn internal_representation_is_normalised() {
        match &p("12").repr {
            Repr::Finite {
                neg: false,
                mant,
                exp: 2,
            } => assert_eq!(mant, &BigUint::from(3u32)),
            r => panic!("unexpected {r:?}"),
        }
        match &Number::from_f64(0.5).repr {
            Repr::Finite {
                neg: false,
                mant,
                exp: -1,
            } => assert_eq!(mant, &BigUint::from(1u32)),
            r => panic!("unexpected {r:?}"),
        }
    }

    #[test]
    fn pow5_small_and_large() {
        assert_eq!(go_pow5(3, 576), Number::from_i64(125));
        let big = go_pow5(40, 576);
        assert_eq!(big.to_bigint().unwrap(), BigInt::from(5u32).pow(40));
    }

    /// The leading-digits shortcut must agree with Go's algorithm on the full
    /// expansions.
    #[test]
    fn shortest_prefix_path_agrees_with_full_path() {
        let mut state: u64 = 0x9E3779B97F4A7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let precs = [2u32, 8, 24, 53, 64, 100, 200, 512];
        for round in 0..4000 {
            let prec = precs[round % precs.len()];
            let mut mant = BigUint::from(next() | 1);
            while (mant.bits() as u32) < prec && next() % 4 != 0 {
                mant = (mant << 64u32) | BigUint::from(next() | 1);
            }
            let bits = mant.bits() as u32;
            if bits > prec {
                mant >>= (bits - prec) as u64;
            }
            if mant.is_zero() {
                continue;
            }
            let tz = trailing_zeros(&mant);
            mant >>= tz;
            let exp = match next() % 4 {
                0 => -((next() % 40) as i64),
                1 => (next() % 1200) as i64 - 1100,
                2 => -(mant.bits() as i64) - (next() % 8) as i64,
                _ => (next() % 80) as i64 - 20,
            };
            let fast = shortest_decimal(&mant, exp, prec);
            let full = shortest_decimal_full(&mant, exp, prec);
            assert_eq!(
                (String::from_utf8(fast.mant).unwrap(), fast.exp),
                (String::from_utf8(full.mant).unwrap(), full.exp),
                "mant={mant} exp={exp} prec={prec}"
            );
        }
        // A few classic cases.
        for (s, prec) in [
            ("0.1", 512u32),
            ("0.3", 512),
            ("2.5", 512),
            ("1e-300", 512),
            ("123.456", 64),
        ] {
            let n = Number::parse(s).unwrap().with_precision(prec);
            if let Repr::Finite { mant, exp, .. } = &n.repr {
                let fast = shortest_decimal(mant, *exp, prec);
                let full = shortest_decimal_full(mant, *exp, prec);
                assert_eq!((fast.mant, fast.exp), (full.mant, full.exp), "{s}");
            }
        }
    }

    #[test]
    fn decimal_init_matches_exact_value() {
        let d = Decimal::init(&BigUint::from(3u32), -2); // 0.75
        assert_eq!(d.mant, b"75");
        assert_eq!(d.exp, 0);
        let d = Decimal::init(&BigUint::from(5u32), 3); // 40
        assert_eq!(d.mant, b"4");
        assert_eq!(d.exp, 2);
    }
}
