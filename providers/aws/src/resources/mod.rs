//! One file per resource type; `all()` is the registry.

use std::sync::Arc;

use crate::resource::AwsResource;

pub mod ec2_tags;
pub mod vpc;

/// Every resource type the provider has.
pub fn all() -> Vec<Arc<dyn AwsResource>> {
    vec![Arc::new(vpc::Vpc)]
}
