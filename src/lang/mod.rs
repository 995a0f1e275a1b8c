//! Evaluation of the Terraform language: values and conversions, built-in functions,
//! and expressions.

pub mod convert;
pub mod functions;

pub use terrace_provider::{Kind, Marks, Number, Type, Value};
