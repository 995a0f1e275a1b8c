//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod conformance;
pub mod api_server;
pub mod aws;
pub mod moto;
