//! Terrace's provider SDK: the value model shared by the language, the engine,
//! providers and pricing.
//!
//! - [`Value`]: a Terraform value, possibly unknown, possibly marked sensitive.
//! - [`Type`]: Terraform's type system.
//! - [`Number`]: Terraform's arbitrary-precision number.

pub mod number;
pub mod types;
pub mod value;

pub use number::{Number, NumberError, ParseNumberError};
pub use types::{ObjectType, Type};
pub use value::{Kind, Marks, Value};
