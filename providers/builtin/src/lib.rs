//! Built-in providers, compiled into Terrace: `null` (and `random`, being added).

use std::sync::Arc;

use terrace_provider::Provider;

pub mod null;
pub mod resource;

/// Every built-in provider.
pub fn providers() -> Vec<Arc<dyn Provider>> {
    vec![null::provider()]
}
