//! One file per data source; `all()` is the registry.

use std::sync::Arc;

use crate::resource::AwsDataSource;

pub mod ami;
pub mod caller_identity;
pub mod region;
pub mod ec2_filters;
pub mod vpc;
pub mod subnets;
pub mod availability_zones;

/// Every data source the provider has.
pub fn all() -> Vec<Arc<dyn AwsDataSource>> {
    vec![
        Arc::new(region::Region),
        Arc::new(caller_identity::CallerIdentity),
        Arc::new(vpc::VpcData),
        Arc::new(subnets::Subnets),
        Arc::new(availability_zones::AvailabilityZones),
        Arc::new(ami::Ami),
    ]
}
