//! Terrace's cost engine: an offline price catalog, cost models per resource type,
//! infracost-compatible usage files, and reports (infracost JSON 0.2, table, markdown,
//! HTML) with diffs between two runs.
//!
//! The engine knows nothing of Terraform: it prices [`ResourceInput`]s, each one resource
//! instance's values with its region and tags. Terrace builds those from a plan, from a
//! configuration evaluated without a provider, or from plan JSON.

pub mod catalog;
pub mod catalog_show;
pub mod import;
pub mod cost;
pub mod format;
pub mod input;
pub mod json;
pub mod models;
pub mod project;
pub mod usage;

pub use catalog::{Catalog, Query};
pub use cost::{CostComponent, Ctx, PricedResource, HOURS_PER_MONTH};
pub use input::ResourceInput;
pub use project::{diff, price_breakdown, price_resources, Outcome};
pub use usage::{Usage, UsageValues};
