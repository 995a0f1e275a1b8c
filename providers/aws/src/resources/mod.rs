//! One file per resource type; `all()` is the registry.

use std::sync::Arc;

use crate::resource::AwsResource;

pub mod ebs_volume;
pub mod ec2_compute;
pub mod ec2_tags;
pub mod instance;
pub mod launch_template;
pub mod volume_attachment;
pub mod vpc;

/// Every resource type the provider has.
pub fn all() -> Vec<Arc<dyn AwsResource>> {
    vec![
        Arc::new(vpc::Vpc),
        Arc::new(instance::Instance),
        Arc::new(ebs_volume::EbsVolume),
        Arc::new(volume_attachment::VolumeAttachment),
        Arc::new(launch_template::LaunchTemplate),
    ]
}
