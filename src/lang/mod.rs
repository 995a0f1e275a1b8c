//! Evaluation of the Terraform language: values and conversions, operators, built-in
//! functions, and expressions.

pub mod convert;
pub mod eval;
pub mod functions;
pub mod ops;
pub mod refs;
pub mod template;

pub use terrace_provider::{Kind, Marks, Number, ObjectType, Type, Value};
