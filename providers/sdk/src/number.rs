//! Terraform's number: a binary floating-point value with (by default) 512 bits of
//! mantissa, rounding to nearest-even, matching Go's `math/big.Float` as used by cty.
//!
//! STUB: being replaced by the full implementation.

use std::cmp::Ordering;
use std::fmt;

/// Default mantissa precision of parsed literals and arithmetic results.
pub const DEFAULT_PREC: u32 = 512;

#[derive(Clone, Debug)]
pub struct Number {
    v: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid number syntax")]
pub struct ParseNumberError;

impl Number {
    pub fn parse(s: &str) -> Result<Number, ParseNumberError> {
        s.trim().parse::<f64>().map(|v| Number { v }).map_err(|_| ParseNumberError)
    }
    pub fn from_i64(i: i64) -> Number { Number { v: i as f64 } }
    pub fn from_u64(i: u64) -> Number { Number { v: i as f64 } }
    pub fn from_f64(f: f64) -> Number { Number { v: f } }
    pub fn from_bigint(i: &num_bigint::BigInt) -> Number { Number { v: num_traits::ToPrimitive::to_f64(i).unwrap_or(0.0) } }
    pub fn infinity(negative: bool) -> Number { Number { v: if negative { f64::NEG_INFINITY } else { f64::INFINITY } } }
    pub fn is_infinite(&self) -> bool { self.v.is_infinite() }
    pub fn is_integer(&self) -> bool { self.v.fract() == 0.0 && self.v.is_finite() }
    pub fn is_zero(&self) -> bool { self.v == 0.0 }
    pub fn is_negative(&self) -> bool { self.v < 0.0 }
    pub fn to_i64(&self) -> Option<i64> { if self.is_integer() { Some(self.v as i64) } else { None } }
    pub fn to_f64(&self) -> f64 { self.v }
    pub fn to_bigint(&self) -> Option<num_bigint::BigInt> { self.to_i64().map(Into::into) }
    pub fn add(&self, o: &Number) -> Result<Number, NumberError> { Ok(Number { v: self.v + o.v }) }
    pub fn sub(&self, o: &Number) -> Result<Number, NumberError> { Ok(Number { v: self.v - o.v }) }
    pub fn mul(&self, o: &Number) -> Result<Number, NumberError> { Ok(Number { v: self.v * o.v }) }
    pub fn div(&self, o: &Number) -> Result<Number, NumberError> { Ok(Number { v: self.v / o.v }) }
    pub fn rem(&self, o: &Number) -> Result<Number, NumberError> { Ok(Number { v: self.v % o.v }) }
    pub fn neg(&self) -> Number { Number { v: -self.v } }
    pub fn abs(&self) -> Number { Number { v: self.v.abs() } }
    pub fn floor(&self) -> Number { Number { v: self.v.floor() } }
    pub fn ceil(&self) -> Number { Number { v: self.v.ceil() } }
    pub fn signum(&self) -> i32 { if self.v > 0.0 { 1 } else if self.v < 0.0 { -1 } else { 0 } }
    pub fn demote_for_output(&self) -> Number { self.clone() }
    pub fn to_text(&self, fmt: char, prec: i32) -> String { let _ = (fmt, prec); format!("{}", self.v) }
    pub fn precision(&self) -> u32 { DEFAULT_PREC }
}

/// Errors from arithmetic that Go's big.Float would panic on (NaN results).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("the result is not a number")]
    NaN,
}

impl PartialEq for Number {
    fn eq(&self, o: &Number) -> bool { self.v == o.v }
}
impl Eq for Number {}
impl PartialOrd for Number {
    fn partial_cmp(&self, o: &Number) -> Option<Ordering> { Some(self.cmp(o)) }
}
impl Ord for Number {
    fn cmp(&self, o: &Number) -> Ordering { self.v.partial_cmp(&o.v).unwrap_or(Ordering::Equal) }
}
impl fmt::Display for Number {
    /// Go's `Text('f', -1)`: the shortest decimal that reads back as the same value at this precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{}", self.v) }
}
