//! One file per resource type; `all()` is the registry.

use std::sync::Arc;

use crate::resource::AwsResource;

pub mod ebs_volume;
pub mod ec2_compute;
pub mod ec2_tags;
pub mod net_util;
pub mod subnet;
pub mod internet_gateway;
pub mod route_table;
pub mod route;
pub mod route_table_association;
pub mod sg_rules;
pub mod security_group;
pub mod security_group_rule;
pub mod eip;
pub mod nat_gateway;
pub mod key_pair;
pub mod s3_bucket;
pub mod s3_bucket_lifecycle_configuration;
pub mod s3_bucket_policy;
pub mod s3_bucket_public_access_block;
pub mod s3_bucket_server_side_encryption_configuration;
pub mod s3_bucket_versioning;
pub mod s3_common;
pub mod s3_object;
pub mod instance;
pub mod launch_template;
pub mod volume_attachment;
pub mod vpc;

/// Every resource type the provider has.
pub fn all() -> Vec<Arc<dyn AwsResource>> {
    vec![
        Arc::new(vpc::Vpc),
        Arc::new(subnet::Subnet),
        Arc::new(internet_gateway::InternetGateway),
        Arc::new(route_table::RouteTable),
        Arc::new(route::RouteRes),
        Arc::new(route_table_association::RouteTableAssociation),
        Arc::new(security_group::SecurityGroup),
        Arc::new(security_group_rule::SecurityGroupRule),
        Arc::new(eip::Eip),
        Arc::new(nat_gateway::NatGateway),
        Arc::new(key_pair::KeyPair),
        Arc::new(s3_bucket::S3Bucket),
        Arc::new(s3_bucket_versioning::S3BucketVersioning),
        Arc::new(s3_bucket_policy::S3BucketPolicy),
        Arc::new(s3_bucket_public_access_block::S3BucketPublicAccessBlock),
        Arc::new(s3_bucket_server_side_encryption_configuration::S3BucketSse),
        Arc::new(s3_bucket_lifecycle_configuration::S3BucketLifecycle),
        Arc::new(s3_object::S3Object),
        Arc::new(s3_object::S3BucketObject),
        Arc::new(instance::Instance),
        Arc::new(ebs_volume::EbsVolume),
        Arc::new(volume_attachment::VolumeAttachment),
        Arc::new(launch_template::LaunchTemplate),
    ]
}
