//! Terrace: a Terraform-compatible provisioner that prices every plan.
//!
//! Code map: `config` loads `.tf` files into typed modules; `lang` evaluates
//! expressions and functions; `graph` orders and walks a module's values and
//! resources; `engine` plans and applies; `state` reads and writes Terraform's state
//! format; `diag` carries and renders diagnostics; `cost` prices configurations, plans
//! and states; `comment` renders cost comments, checks cost policies and posts to GitHub
//! and GitLab; `report` makes unit-economics cost reports; `cli` is the command line.

// Diagnostics are large (source ranges, detail text) and travel in `Err` on cold
// paths only; boxing them everywhere would buy nothing measurable.
#![allow(clippy::result_large_err)]

pub mod addrs;
pub mod cli;
pub mod comment;
pub mod config;
pub mod cost;
pub mod diag;
pub mod engine;
pub mod graph;
pub mod inputs;
pub mod lang;
pub mod report;
pub mod state;
