//! Operators: arithmetic, comparison, equality and logic, with Terraform's operand
//! conversions, unknown propagation and mark propagation.

use hcl_edit::expr::{BinaryOperator, UnaryOperator};
use terrace_provider::{Kind, Marks, Type, Value};

use super::convert::convert;

/// An operator failure: which operand (0 = left/only, 1 = right) and why.
pub struct OpError {
    pub operand: usize,
    pub message: String,
    /// A null operand: Terraform reports these as "Operation failed".
    pub null: bool,
}

impl OpError {
    pub fn summary(&self) -> &'static str {
        if self.null {
            "Operation failed"
        } else {
            "Invalid operand"
        }
    }
}

pub fn binary(op: BinaryOperator, lhs: Value, rhs: Value) -> Result<Value, OpError> {
    use BinaryOperator::*;
    let (lhs, lm) = lhs.unmark_deep();
    let (rhs, rm) = rhs.unmark_deep();
    let marks = lm | rm;
    let out = match op {
        Eq | NotEq => {
            let eq = equals(&lhs, &rhs);
            match eq {
                None => Value::unknown(Type::Bool),
                Some(b) => Value::bool(if op == Eq { b } else { !b }),
            }
        }
        And | Or => {
            let l = operand(lhs, &Type::Bool, 0)?;
            let r = operand(rhs, &Type::Bool, 1)?;
            match (l.as_bool(), r.as_bool()) {
                (Some(a), Some(b)) => Value::bool(if op == And { a && b } else { a || b }),
                // Terraform 1.0 does not short-circuit: any unknown operand gives unknown.
                _ => Value::unknown(Type::Bool),
            }
        }
        Less | Greater | LessEq | GreaterEq => {
            let l = operand(lhs, &Type::Number, 0)?;
            let r = operand(rhs, &Type::Number, 1)?;
            match (l.as_number(), r.as_number()) {
                (Some(a), Some(b)) => Value::bool(match op {
                    Less => a < b,
                    Greater => a > b,
                    LessEq => a <= b,
                    _ => a >= b,
                }),
                _ => Value::unknown(Type::Bool),
            }
        }
        Plus | Minus | Mul | Div | Mod => {
            let l = operand(lhs, &Type::Number, 0)?;
            let r = operand(rhs, &Type::Number, 1)?;
            match (l.as_number(), r.as_number()) {
                (Some(a), Some(b)) => {
                    let res = match op {
                        Plus => a.add(b),
                        Minus => a.sub(b),
                        Mul => a.mul(b),
                        Div => a.div(b),
                        _ => a.rem(b),
                    };
                    match res {
                        Ok(n) => Value::number(n),
                        Err(_) => {
                            return Err(OpError {
                                operand: 1,
                                message: "The result of this operation is not a number (for example, infinity minus infinity).".into(),
                                null: false,
                            })
                        }
                    }
                }
                _ => Value::unknown(Type::Number),
            }
        }
    };
    Ok(out.with_marks(marks))
}

pub fn unary(op: UnaryOperator, v: Value) -> Result<Value, OpError> {
    let (v, marks) = v.unmark_deep();
    let out = match op {
        UnaryOperator::Neg => {
            let n = operand(v, &Type::Number, 0)?;
            match n.as_number() {
                Some(n) => Value::number(n.neg()),
                None => Value::unknown(Type::Number),
            }
        }
        UnaryOperator::Not => {
            let b = operand(v, &Type::Bool, 0)?;
            match b.as_bool() {
                Some(b) => Value::bool(!b),
                None => Value::unknown(Type::Bool),
            }
        }
    };
    Ok(out.with_marks(marks))
}

fn operand(v: Value, want: &Type, which: usize) -> Result<Value, OpError> {
    let side = if which == 0 { "left" } else { "right" };
    if v.is_null() {
        let _ = side;
        return Err(OpError { operand: which, message: "Error during operation: argument must not be null.".into(), null: true });
    }
    match convert(v, want) {
        Ok(v) => Ok(v),
        Err(e) => {
            let msg = match (want, e.message.as_str()) {
                (Type::Number, _) => "a number is required".to_string(),
                (Type::Bool, _) => "a bool is required".to_string(),
                (_, m) => m.to_string(),
            };
            Err(OpError { operand: which, message: format!("Unsuitable value for {side} operand: {msg}."), null: false })
        }
    }
}

/// Terraform's `==`: values of different types are never equal (except nulls, and
/// numbers by value); unknowns make the result unknown. `None` means unknown.
pub fn equals(a: &Value, b: &Value) -> Option<bool> {
    if !a.is_known() || !b.is_known() {
        return None;
    }
    match (a.kind(), b.kind()) {
        (Kind::Null(_), Kind::Null(_)) => return Some(true),
        (Kind::Null(_), _) | (_, Kind::Null(_)) => return Some(false),
        _ => {}
    }
    let (ta, tb) = (a.ty(), b.ty());
    if ta != tb {
        return Some(false);
    }
    match (a.kind(), b.kind()) {
        (Kind::Bool(x), Kind::Bool(y)) => Some(x == y),
        (Kind::Number(x), Kind::Number(y)) => Some(x == y),
        (Kind::String(x), Kind::String(y)) => Some(x == y),
        _ => {
            if let (Some(xs), Some(ys)) = (a.as_elements(), b.as_elements()) {
                if xs.len() != ys.len() {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in xs.iter().zip(ys) {
                    match equals(x, y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        _ => {}
                    }
                }
                return if unknown { None } else { Some(true) };
            }
            if let (Some(xs), Some(ys)) = (a.as_entries(), b.as_entries()) {
                if xs.len() != ys.len() || !xs.keys().eq(ys.keys()) {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in xs.values().zip(ys.values()) {
                    match equals(x, y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        _ => {}
                    }
                }
                return if unknown { None } else { Some(true) };
            }
            Some(false)
        }
    }
}

/// Union of the marks of several values.
pub fn marks_of<'a>(vals: impl IntoIterator<Item = &'a Value>) -> Marks {
    vals.into_iter().fold(Marks::NONE, |m, v| m | v.marks())
}
