//! Cost models: one file per resource type, one row in [`MODELS`].
//!
//! A model reads one resource instance's values (and usage keys) and adds cost
//! components to its [`PricedResource`]. Every lookup that misses becomes a component
//! marked "price not found" with the catalog's reason, never a zero price.

use crate::cost::{Ctx, PricedResource};
use crate::input::ResourceInput;

pub mod aws_autoscaling_group;
pub mod aws_cloudwatch_log_group;
pub mod aws_cloudwatch_metric_alarm;
pub mod aws_db_instance;
pub mod aws_dynamodb_table;
pub mod aws_ebs_snapshot;
pub mod aws_ebs_volume;
pub mod aws_ecs_service;
pub mod aws_efs_file_system;
pub mod aws_eip;
pub mod aws_eks_cluster;
pub mod aws_eks_node_group;
pub mod aws_elasticache_cluster;
pub mod aws_elb;
pub mod aws_instance;
pub mod aws_kms_key;
pub mod aws_lambda_function;
pub mod aws_lb;
pub mod aws_nat_gateway;
pub mod aws_rds_cluster;
pub mod aws_rds_cluster_instance;
pub mod aws_route53_record;
pub mod aws_route53_zone;
pub mod aws_s3_bucket;
pub mod aws_secretsmanager_secret;
pub mod aws_sns_topic;
pub mod aws_sqs_queue;
pub mod aws_vpc_endpoint;
pub mod common;
pub mod compute_common;
pub mod managed_common;
pub mod rds_common;

/// A model's entry point.
pub type PriceFn = fn(&ResourceInput, &Ctx, &mut PricedResource);

/// One priced resource type.
pub struct Model {
    pub resource_type: &'static str,
    pub price: PriceFn,
    /// The usage keys the model reads (documented in its file), for `terrace cost` help
    /// and for checking usage files.
    pub usage_keys: &'static [&'static str],
}

/// Every priced resource type.
pub static MODELS: &[Model] = &[
    Model { resource_type: "aws_instance", price: aws_instance::price, usage_keys: aws_instance::USAGE_KEYS },
    Model { resource_type: "aws_ebs_volume", price: aws_ebs_volume::price, usage_keys: aws_ebs_volume::USAGE_KEYS },
    Model { resource_type: "aws_ebs_snapshot", price: aws_ebs_snapshot::price, usage_keys: aws_ebs_snapshot::USAGE_KEYS },
    Model { resource_type: "aws_eip", price: aws_eip::price, usage_keys: aws_eip::USAGE_KEYS },
    Model { resource_type: "aws_nat_gateway", price: aws_nat_gateway::price, usage_keys: aws_nat_gateway::USAGE_KEYS },
    Model { resource_type: "aws_lb", price: aws_lb::price, usage_keys: aws_lb::USAGE_KEYS },
    Model { resource_type: "aws_alb", price: aws_lb::price, usage_keys: aws_lb::USAGE_KEYS },
    Model { resource_type: "aws_elb", price: aws_elb::price, usage_keys: aws_elb::USAGE_KEYS },
    Model { resource_type: "aws_autoscaling_group", price: aws_autoscaling_group::price, usage_keys: aws_autoscaling_group::USAGE_KEYS },
    Model { resource_type: "aws_eks_cluster", price: aws_eks_cluster::price, usage_keys: aws_eks_cluster::USAGE_KEYS },
    Model { resource_type: "aws_eks_node_group", price: aws_eks_node_group::price, usage_keys: aws_eks_node_group::USAGE_KEYS },
    Model { resource_type: "aws_ecs_service", price: aws_ecs_service::price, usage_keys: aws_ecs_service::USAGE_KEYS },
    Model { resource_type: "aws_vpc_endpoint", price: aws_vpc_endpoint::price, usage_keys: aws_vpc_endpoint::USAGE_KEYS },
    Model { resource_type: "aws_s3_bucket", price: aws_s3_bucket::price, usage_keys: aws_s3_bucket::USAGE_KEYS },
    Model { resource_type: "aws_db_instance", price: aws_db_instance::price, usage_keys: aws_db_instance::USAGE_KEYS },
    Model { resource_type: "aws_rds_cluster", price: aws_rds_cluster::price, usage_keys: aws_rds_cluster::USAGE_KEYS },
    Model { resource_type: "aws_rds_cluster_instance", price: aws_rds_cluster_instance::price, usage_keys: aws_rds_cluster_instance::USAGE_KEYS },
    Model { resource_type: "aws_lambda_function", price: aws_lambda_function::price, usage_keys: aws_lambda_function::USAGE_KEYS },
    Model { resource_type: "aws_dynamodb_table", price: aws_dynamodb_table::price, usage_keys: aws_dynamodb_table::USAGE_KEYS },
    Model { resource_type: "aws_elasticache_cluster", price: aws_elasticache_cluster::price, usage_keys: aws_elasticache_cluster::USAGE_KEYS },
    Model { resource_type: "aws_cloudwatch_log_group", price: aws_cloudwatch_log_group::price, usage_keys: aws_cloudwatch_log_group::USAGE_KEYS },
    Model { resource_type: "aws_cloudwatch_metric_alarm", price: aws_cloudwatch_metric_alarm::price, usage_keys: aws_cloudwatch_metric_alarm::USAGE_KEYS },
    Model { resource_type: "aws_sqs_queue", price: aws_sqs_queue::price, usage_keys: aws_sqs_queue::USAGE_KEYS },
    Model { resource_type: "aws_sns_topic", price: aws_sns_topic::price, usage_keys: aws_sns_topic::USAGE_KEYS },
    Model { resource_type: "aws_route53_zone", price: aws_route53_zone::price, usage_keys: aws_route53_zone::USAGE_KEYS },
    Model { resource_type: "aws_route53_record", price: aws_route53_record::price, usage_keys: aws_route53_record::USAGE_KEYS },
    Model { resource_type: "aws_kms_key", price: aws_kms_key::price, usage_keys: aws_kms_key::USAGE_KEYS },
    Model { resource_type: "aws_secretsmanager_secret", price: aws_secretsmanager_secret::price, usage_keys: aws_secretsmanager_secret::USAGE_KEYS },
    Model { resource_type: "aws_efs_file_system", price: aws_efs_file_system::price, usage_keys: aws_efs_file_system::USAGE_KEYS },
];

/// Resource types with no cost of their own whose cost shows where they are used (a
/// launch template in the instances and autoscaling groups that use it).
pub static PRICED_WHERE_USED: &[&str] = &[
    "aws_launch_template",
    "aws_launch_configuration",
    "aws_volume_attachment",
    "aws_eip_association",
    "aws_ecs_task_definition",
    "aws_ecs_task_set",
    "aws_cloudwatch_event_target",
    "aws_ecr_lifecycle_policy",
];

/// Free types infracost's list (catalog/free-resources.txt) leaves out.
static FREE_EXTRA: &[&str] = &["aws_vpc", "aws_subnet", "aws_ecs_cluster", "aws_s3_bucket_versioning", "aws_s3_bucket_lifecycle_configuration"];

/// Providers whose resources never cost money (they live in Terraform's state only).
static FREE_PROVIDERS: &[&str] = &["null", "random", "terraform", "local", "tls", "time", "archive", "http", "template", "external"];

const FREE_LIST: &str = include_str!("../../catalog/free-resources.txt");

/// The model for a resource type.
pub fn model(resource_type: &str) -> Option<&'static Model> {
    MODELS.iter().find(|m| m.resource_type == resource_type)
}

/// Whether AWS charges nothing for the resource itself (a VPC, a subnet, an IAM role),
/// or its cost shows where it is used.
pub fn is_free(resource_type: &str) -> bool {
    let provider = resource_type.split('_').next().unwrap_or_default();
    PRICED_WHERE_USED.contains(&resource_type)
        || FREE_EXTRA.contains(&resource_type)
        || FREE_PROVIDERS.contains(&provider)
        || resource_type == "terraform_data"
        || FREE_LIST.lines().any(|l| l.trim() == resource_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_has_no_duplicates_and_no_free_type() {
        let mut seen = std::collections::HashSet::new();
        for m in MODELS {
            assert!(seen.insert(m.resource_type), "{} registered twice", m.resource_type);
            assert!(!is_free(m.resource_type), "{} is both priced and free", m.resource_type);
        }
    }

    #[test]
    fn common_free_types() {
        for t in ["aws_vpc", "aws_subnet", "aws_security_group", "aws_iam_role", "aws_launch_template", "null_resource", "random_id"] {
            assert!(is_free(t), "{t}");
        }
        assert!(!is_free("aws_instance"));
        assert!(!is_free("google_compute_instance"), "other clouds are unsupported, not free");
    }
}
