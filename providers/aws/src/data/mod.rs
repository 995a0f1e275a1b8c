//! One file per data source; `all()` is the registry.

use std::sync::Arc;

use crate::resource::AwsDataSource;

pub mod ami;
pub mod caller_identity;
pub mod region;

/// Every data source the provider has.
pub fn all() -> Vec<Arc<dyn AwsDataSource>> {
    vec![
        Arc::new(region::Region),
        Arc::new(caller_identity::CallerIdentity),
        Arc::new(ami::Ami),
    ]
}
