//! Terrace: a Terraform-compatible provisioner that prices every plan.
//!
//! Code map: `config` loads `.tf` files into typed modules; `lang` evaluates
//! expressions and functions; `diag` carries and renders diagnostics.

pub mod config;
pub mod diag;
pub mod engine;
pub mod graph;
pub mod inputs;
pub mod state;
pub mod addrs;
pub mod cli;
pub mod lang;
