//! Terrace's provider SDK: the value model shared by the language, the engine,
//! providers and pricing, and the provider protocol.
//!
//! - [`Value`]: a Terraform value, possibly unknown, possibly marked sensitive.
//! - [`Type`]: Terraform's type system.
//! - [`Number`]: Terraform's arbitrary-precision number.
//! - [`schema`]: what resources accept and produce; [`provider`]: the `Provider` trait.

pub mod number;
pub mod plan;
pub mod provider;
pub mod schema;
pub mod types;
pub mod value;

pub use number::{Number, NumberError, ParseNumberError};
pub use provider::{ApplyRequest, AttrPath, Diag, Diags, PathStep, PlanRequest, PlanResponse, Provider};
pub use schema::{Attribute, Block, NestedBlock, Nesting, ProviderSchema, Schema};
pub use types::{ObjectType, Type};
pub use value::{Kind, Marks, Value};
