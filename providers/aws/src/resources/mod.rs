//! One file per resource type; `all()` is the registry.

use std::sync::Arc;

use crate::resource::AwsResource;

pub mod ec2_tags;
pub mod s3_bucket;
pub mod s3_bucket_lifecycle_configuration;
pub mod s3_bucket_policy;
pub mod s3_bucket_public_access_block;
pub mod s3_bucket_server_side_encryption_configuration;
pub mod s3_bucket_versioning;
pub mod s3_common;
pub mod s3_object;
pub mod vpc;

/// Every resource type the provider has.
pub fn all() -> Vec<Arc<dyn AwsResource>> {
    vec![
        Arc::new(vpc::Vpc),
        Arc::new(s3_bucket::S3Bucket),
        Arc::new(s3_bucket_versioning::S3BucketVersioning),
        Arc::new(s3_bucket_policy::S3BucketPolicy),
        Arc::new(s3_bucket_public_access_block::S3BucketPublicAccessBlock),
        Arc::new(s3_bucket_server_side_encryption_configuration::S3BucketSse),
        Arc::new(s3_bucket_lifecycle_configuration::S3BucketLifecycle),
        Arc::new(s3_object::S3Object),
    ]
}
