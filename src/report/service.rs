//! Which cloud service a resource type belongs to, named as the provider's bill names it,
//! with its FOCUS service category and the price catalog table that prices it.

/// One service: the resource type prefixes it covers (the longest prefix wins).
pub struct Service {
    pub prefixes: &'static [&'static str],
    /// As AWS bills name it (FOCUS `ServiceName`).
    pub name: &'static str,
    /// As people say it (`Amazon EC2`), for report groups.
    pub short: &'static str,
    /// FOCUS `ServiceCategory`.
    pub category: &'static str,
    /// The table of Terrace's price catalog with its prices, if any.
    pub catalog: Option<&'static str>,
}

const fn s(prefixes: &'static [&'static str], name: &'static str, short: &'static str, category: &'static str, catalog: Option<&'static str>) -> Service {
    Service { prefixes, name, short, category, catalog }
}

/// AWS services by resource type prefix.
pub static SERVICES: &[Service] = &[
    s(&["aws_instance", "aws_launch_template", "aws_launch_configuration", "aws_autoscaling_", "aws_spot_", "aws_ec2_", "aws_ami", "aws_placement_group", "aws_key_pair"], "Amazon Elastic Compute Cloud", "Amazon EC2", "Compute", Some("ec2")),
    s(&["aws_ebs_", "aws_volume_attachment", "aws_snapshot_"], "Amazon Elastic Block Store", "Amazon EBS", "Storage", Some("ebs")),
    s(&["aws_eip"], "Amazon Elastic Compute Cloud", "Amazon EC2", "Networking", Some("elastic_ip")),
    s(&["aws_nat_gateway"], "Amazon Virtual Private Cloud", "Amazon VPC", "Networking", Some("nat_gateway")),
    s(&["aws_vpc", "aws_subnet", "aws_route", "aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_security_group", "aws_network_", "aws_default_", "aws_vpn_", "aws_customer_gateway", "aws_flow_log", "aws_ec2_transit_gateway"], "Amazon Virtual Private Cloud", "Amazon VPC", "Networking", Some("vpc")),
    s(&["aws_lb", "aws_alb", "aws_elb", "aws_load_balancer_", "aws_proxy_protocol_policy", "aws_app_cookie_stickiness_policy", "aws_lb_cookie_stickiness_policy"], "Elastic Load Balancing", "Elastic Load Balancing", "Networking", Some("elb")),
    s(&["aws_eks_"], "Amazon Elastic Kubernetes Service", "Amazon EKS", "Compute", Some("eks")),
    s(&["aws_ecs_"], "Amazon Elastic Container Service", "Amazon ECS", "Compute", Some("fargate")),
    s(&["aws_ecr_"], "Amazon Elastic Container Registry", "Amazon ECR", "Storage", None),
    s(&["aws_lambda_"], "AWS Lambda", "AWS Lambda", "Compute", Some("lambda")),
    s(&["aws_s3_", "aws_s3control_"], "Amazon Simple Storage Service", "Amazon S3", "Storage", Some("s3")),
    s(&["aws_efs_"], "Amazon Elastic File System", "Amazon EFS", "Storage", Some("efs")),
    s(&["aws_db_", "aws_rds_"], "Amazon Relational Database Service", "Amazon RDS", "Databases", Some("rds")),
    s(&["aws_dynamodb_"], "Amazon DynamoDB", "Amazon DynamoDB", "Databases", Some("dynamodb")),
    s(&["aws_elasticache_"], "Amazon ElastiCache", "Amazon ElastiCache", "Databases", Some("elasticache")),
    s(&["aws_redshift_"], "Amazon Redshift", "Amazon Redshift", "Analytics", None),
    s(&["aws_opensearch_", "aws_elasticsearch_"], "Amazon OpenSearch Service", "Amazon OpenSearch Service", "Analytics", None),
    s(&["aws_kinesis_"], "Amazon Kinesis", "Amazon Kinesis", "Analytics", None),
    s(&["aws_msk_"], "Amazon Managed Streaming for Apache Kafka", "Amazon MSK", "Analytics", None),
    s(&["aws_cloudwatch_", "aws_cloudwatch_log_"], "Amazon CloudWatch", "Amazon CloudWatch", "Management and Governance", Some("cloudwatch")),
    s(&["aws_cloudtrail"], "AWS CloudTrail", "AWS CloudTrail", "Management and Governance", None),
    s(&["aws_config_"], "AWS Config", "AWS Config", "Management and Governance", None),
    s(&["aws_ssm_"], "AWS Systems Manager", "AWS Systems Manager", "Management and Governance", None),
    s(&["aws_route53"], "Amazon Route 53", "Amazon Route 53", "Networking", Some("route53")),
    s(&["aws_cloudfront_"], "Amazon CloudFront", "Amazon CloudFront", "Networking", None),
    s(&["aws_api_gateway_", "aws_apigatewayv2_"], "Amazon API Gateway", "Amazon API Gateway", "Web", None),
    s(&["aws_sqs_"], "Amazon Simple Queue Service", "Amazon SQS", "Integration", Some("sqs")),
    s(&["aws_sns_"], "Amazon Simple Notification Service", "Amazon SNS", "Integration", Some("sns")),
    s(&["aws_sfn_"], "AWS Step Functions", "AWS Step Functions", "Integration", None),
    s(&["aws_mq_"], "Amazon MQ", "Amazon MQ", "Integration", None),
    s(&["aws_kms_"], "AWS Key Management Service", "AWS KMS", "Security", Some("kms")),
    s(&["aws_secretsmanager_"], "AWS Secrets Manager", "AWS Secrets Manager", "Security", Some("secrets_manager")),
    s(&["aws_wafv2_", "aws_waf_"], "AWS WAF", "AWS WAF", "Security", None),
    s(&["aws_acm"], "AWS Certificate Manager", "AWS Certificate Manager", "Security", None),
    s(&["aws_iam_"], "AWS Identity and Access Management", "AWS IAM", "Identity", None),
    s(&["aws_cognito_"], "Amazon Cognito", "Amazon Cognito", "Identity", None),
    s(&["aws_sagemaker_"], "Amazon SageMaker", "Amazon SageMaker", "AI and Machine Learning", None),
    s(&["aws_codebuild_", "aws_codepipeline", "aws_codecommit_", "aws_codedeploy_"], "AWS Developer Tools", "AWS Developer Tools", "Developer Tools", None),
    s(&["aws_backup_"], "AWS Backup", "AWS Backup", "Storage", None),
    s(&["aws_dx_"], "AWS Direct Connect", "AWS Direct Connect", "Networking", None),
    s(&["aws_globalaccelerator_"], "AWS Global Accelerator", "AWS Global Accelerator", "Networking", None),
    s(&["aws_transfer_"], "AWS Transfer Family", "AWS Transfer Family", "Migration", None),
    s(&["aws_dms_"], "AWS Database Migration Service", "AWS DMS", "Migration", None),
];

/// The service of a resource type.
pub fn service_of(resource_type: &str) -> Option<&'static Service> {
    let mut best: Option<(&Service, usize)> = None;
    for s in SERVICES {
        for p in s.prefixes {
            if resource_type.starts_with(p) && best.is_none_or(|(_, l)| p.len() > l) {
                best = Some((s, p.len()));
            }
        }
    }
    best.map(|(s, _)| s)
}

/// The service name for a resource type; for types this table does not know, the
/// provider's name and the type (`Other aws services`).
pub fn service_name(resource_type: &str) -> String {
    match service_of(resource_type) {
        Some(s) => s.name.to_string(),
        None => format!("Other {} services", provider_of(resource_type)),
    }
}

/// The short service name (`Amazon EC2`), for grouping costs by service.
pub fn service_short_name(resource_type: &str) -> String {
    match service_of(resource_type) {
        Some(s) => s.short.to_string(),
        None => format!("Other {} services", provider_of(resource_type)),
    }
}

pub fn service_category(resource_type: &str) -> &'static str {
    service_of(resource_type).map_or("Other", |s| s.category)
}

/// The provider part of a resource type (`aws` for `aws_instance`).
pub fn provider_of(resource_type: &str) -> &str {
    resource_type.split('_').next().unwrap_or(resource_type)
}

/// The provider as FOCUS `ProviderName` writes it.
pub fn provider_name(resource_type: &str) -> String {
    match provider_of(resource_type) {
        "aws" => "AWS".into(),
        "google" => "Google Cloud".into(),
        "azurerm" => "Microsoft Azure".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        assert_eq!(service_name("aws_instance"), "Amazon Elastic Compute Cloud");
        assert_eq!(service_name("aws_nat_gateway"), "Amazon Virtual Private Cloud");
        assert_eq!(service_category("aws_ec2_transit_gateway"), "Networking");
        assert_eq!(service_name("aws_lb_listener"), "Elastic Load Balancing");
        assert_eq!(service_name("aws_db_instance"), "Amazon Relational Database Service");
        assert_eq!(service_name("aws_made_up"), "Other aws services");
        assert_eq!(service_short_name("aws_instance"), "Amazon EC2");
    }
}
