//! The `provider "aws"` block: its schema (the arguments Terraform's aws provider takes
//! for EC2, S3 and STS), its parsing, and the SDK clients built from it: region,
//! the credential chain (static keys, profiles and shared files, environment, web
//! identity, containers, instance metadata unless skipped), assume_role, endpoints,
//! path-style S3, retries.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_config::meta::credentials::CredentialsProviderChain;
// The profile-file types are re-exported under their older names; the new ones live in
// aws-runtime, which is not a direct dependency.
#[allow(deprecated)]
use aws_config::profile::profile_file::{ProfileFileKind, ProfileFiles};
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use terrace_provider::{Attribute, Block, Diag, Diags, Nesting, NestedBlock, Type, Value};

use crate::errors::WithPrefix;
use crate::attrs::{attrs_of, get_blocks, get_bool, get_i64, get_map, get_string, get_strings};

/// The provider block's schema.
pub fn provider_block() -> Block {
    let s = || Attribute::optional(Type::String);
    let bo = || Attribute::optional(Type::Bool);
    let nested = |b: Block| NestedBlock { nesting: Nesting::List, block: b, min_items: 0, max_items: 1, force_new: false };
    Block::new()
        .attr("region", s())
        .attr("access_key", s())
        .attr("secret_key", s().sensitive())
        .attr("token", s().sensitive())
        .attr("profile", s())
        .attr("shared_credentials_file", s())
        .attr("shared_credentials_files", Attribute::optional(Type::list(Type::String)))
        .attr("shared_config_files", Attribute::optional(Type::list(Type::String)))
        .attr("max_retries", Attribute::optional(Type::Number))
        .attr("skip_credentials_validation", bo())
        .attr("skip_metadata_api_check", bo())
        .attr("skip_requesting_account_id", bo())
        .attr("skip_region_validation", bo())
        .attr("skip_get_ec2_platforms", bo())
        .attr("s3_use_path_style", bo())
        .attr("s3_force_path_style", bo())
        .attr("insecure", bo())
        .attr("allowed_account_ids", Attribute::optional(Type::set(Type::String)))
        .attr("forbidden_account_ids", Attribute::optional(Type::set(Type::String)))
        .block(
            "assume_role",
            nested(
                Block::new()
                    .attr("role_arn", s())
                    .attr("session_name", s())
                    .attr("external_id", s())
                    .attr("duration_seconds", Attribute::optional(Type::Number))
                    .attr("duration", s())
                    .attr("policy", s()),
            ),
        )
        .block("default_tags", nested(Block::new().attr("tags", Attribute::optional(Type::map(Type::String)))))
        .block("ignore_tags", nested(Block::new().attr("keys", Attribute::optional(Type::set(Type::String))).attr("key_prefixes", Attribute::optional(Type::set(Type::String)))))
        .block(
            "endpoints",
            NestedBlock {
                nesting: Nesting::Set,
                block: Block::new().attr("ec2", s()).attr("s3", s()).attr("sts", s()).attr("iam", s()),
                min_items: 0,
                max_items: 0,
                force_new: false,
            },
        )
}

#[derive(Debug, Clone, Default)]
pub struct AssumeRole {
    pub role_arn: String,
    pub session_name: Option<String>,
    pub external_id: Option<String>,
    pub duration: Option<Duration>,
}

/// The parsed provider configuration.
#[derive(Debug, Clone, Default)]
pub struct AwsConfig {
    pub region: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub token: Option<String>,
    pub profile: Option<String>,
    pub shared_credentials_files: Vec<String>,
    pub shared_config_files: Vec<String>,
    pub max_retries: u32,
    pub skip_credentials_validation: bool,
    pub skip_metadata_api_check: bool,
    pub skip_requesting_account_id: bool,
    pub skip_region_validation: bool,
    pub s3_use_path_style: bool,
    pub assume_role: Option<AssumeRole>,
    pub default_tags: BTreeMap<String, String>,
    pub ignore_tag_keys: Vec<String>,
    pub ignore_tag_prefixes: Vec<String>,
    pub allowed_account_ids: Vec<String>,
    pub forbidden_account_ids: Vec<String>,
    pub endpoints: BTreeMap<String, String>,
}

/// Terraform's aws provider retries throttled and failed requests up to 25 times.
const DEFAULT_MAX_RETRIES: u32 = 25;

impl AwsConfig {
    pub fn parse(v: &Value) -> Result<AwsConfig, Diags> {
        let a = attrs_of(v);
        let mut c = AwsConfig {
            region: get_string(&a, "region"),
            access_key: get_string(&a, "access_key"),
            secret_key: get_string(&a, "secret_key"),
            token: get_string(&a, "token"),
            profile: get_string(&a, "profile"),
            shared_credentials_files: get_strings(&a, "shared_credentials_files"),
            shared_config_files: get_strings(&a, "shared_config_files"),
            max_retries: get_i64(&a, "max_retries").map(|n| n.clamp(0, 100) as u32).unwrap_or(DEFAULT_MAX_RETRIES),
            skip_credentials_validation: get_bool(&a, "skip_credentials_validation").unwrap_or(false),
            skip_metadata_api_check: get_bool(&a, "skip_metadata_api_check").unwrap_or(false),
            skip_requesting_account_id: get_bool(&a, "skip_requesting_account_id").unwrap_or(false),
            skip_region_validation: get_bool(&a, "skip_region_validation").unwrap_or(false),
            s3_use_path_style: get_bool(&a, "s3_use_path_style").or(get_bool(&a, "s3_force_path_style")).unwrap_or(false),
            allowed_account_ids: get_strings(&a, "allowed_account_ids"),
            forbidden_account_ids: get_strings(&a, "forbidden_account_ids"),
            ..Default::default()
        };
        if let Some(f) = get_string(&a, "shared_credentials_file") {
            c.shared_credentials_files.insert(0, f);
        }
        if let Some(r) = get_blocks(&a, "assume_role").into_iter().next() {
            if let Some(arn) = get_string(&r, "role_arn") {
                let duration = get_i64(&r, "duration_seconds").map(|s| Duration::from_secs(s.max(0) as u64)).or_else(|| get_string(&r, "duration").and_then(|d| parse_duration(&d)));
                c.assume_role = Some(AssumeRole { role_arn: arn, session_name: get_string(&r, "session_name"), external_id: get_string(&r, "external_id"), duration });
            }
        }
        if let Some(t) = get_blocks(&a, "default_tags").into_iter().next() {
            c.default_tags = get_map(&t, "tags");
        }
        if let Some(t) = get_blocks(&a, "ignore_tags").into_iter().next() {
            c.ignore_tag_keys = get_strings(&t, "keys");
            c.ignore_tag_prefixes = get_strings(&t, "key_prefixes");
        }
        for e in get_blocks(&a, "endpoints") {
            for k in ["ec2", "s3", "sts", "iam"] {
                if let Some(u) = get_string(&e, k) {
                    c.endpoints.insert(k.to_string(), u);
                }
            }
        }
        if c.access_key.is_some() != c.secret_key.is_some() {
            return Err(vec![Diag::error(
                "Incomplete static credentials",
                "The provider block sets one of access_key and secret_key but not the other. Set both, or neither to use the environment, a profile or instance credentials.",
            )]);
        }
        Ok(c)
    }

    /// The region from the block, else the environment.
    pub fn effective_region(&self) -> Option<String> {
        self.region
            .clone()
            .or_else(|| std::env::var("AWS_REGION").ok().filter(|r| !r.is_empty()))
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok().filter(|r| !r.is_empty()))
    }

    /// Whether a tag key is managed outside Terraform (ignore_tags).
    pub fn ignores_tag(&self, k: &str) -> bool {
        self.ignore_tag_keys.iter().any(|x| x == k) || self.ignore_tag_prefixes.iter().any(|p| k.starts_with(p.as_str()))
    }
}

/// `1h`, `15m`, `900s`.
fn parse_duration(s: &str) -> Option<Duration> {
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = num.parse().ok()?;
    match unit {
        "s" => Some(Duration::from_secs(n)),
        "m" => Some(Duration::from_secs(n * 60)),
        "h" => Some(Duration::from_secs(n * 3600)),
        _ => None,
    }
}

/// The AWS regions the provider accepts without `skip_region_validation`.
pub const REGIONS: &[&str] = &[
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "cn-north-1", "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
    "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
    "sa-east-1", "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
];

/// The clients a configured provider uses.
pub struct Clients {
    pub region: String,
    pub ec2: aws_sdk_ec2::Client,
    pub s3: aws_sdk_s3::Client,
    pub sts: aws_sdk_sts::Client,
    pub config: AwsConfig,
    /// The account ID (from STS), unless skip_requesting_account_id.
    pub account_id: Option<String>,
}

#[allow(deprecated)]
/// Builds the SDK configuration and the clients, and checks the credentials unless told
/// not to. Errors name what is missing and how to provide it; secrets are never shown.
pub async fn build_clients(cfg: &AwsConfig) -> Result<Clients, Diags> {
    let Some(region) = cfg.effective_region() else {
        return Err(vec![Diag::error(
            "Missing region value",
            "The AWS provider needs a region: set `region` in the provider block, or the AWS_REGION (or AWS_DEFAULT_REGION) environment variable.",
        )]);
    };
    if !cfg.skip_region_validation && !REGIONS.contains(&region.as_str()) {
        return Err(vec![Diag::error(
            "Invalid AWS Region",
            format!("{region:?} is not a valid AWS region. Check the spelling, or set skip_region_validation = true for a region this build of Terrace does not know yet."),
        )]);
    }
    let mut files = ProfileFiles::builder().include_default_config_file(cfg.shared_config_files.is_empty()).include_default_credentials_file(cfg.shared_credentials_files.is_empty());
    for f in &cfg.shared_credentials_files {
        files = files.with_file(ProfileFileKind::Credentials, expand_home(f));
    }
    for f in &cfg.shared_config_files {
        files = files.with_file(ProfileFileKind::Config, expand_home(f));
    }
    let files = files.build();
    let credentials: SharedCredentialsProvider = match (&cfg.access_key, &cfg.secret_key) {
        (Some(ak), Some(sk)) => SharedCredentialsProvider::new(Credentials::new(ak, sk, cfg.token.clone(), None, "terrace-static")),
        _ => {
            let mut profile = aws_config::profile::ProfileFileCredentialsProvider::builder().profile_files(files.clone());
            if let Some(p) = &cfg.profile {
                profile = profile.profile_name(p);
            }
            let mut chain = if cfg.profile.is_some() {
                // An explicit profile wins over the environment, as in Terraform.
                CredentialsProviderChain::first_try("Profile", profile.build()).or_else("Environment", aws_config::environment::EnvironmentVariableCredentialsProvider::new())
            } else {
                CredentialsProviderChain::first_try("Environment", aws_config::environment::EnvironmentVariableCredentialsProvider::new()).or_else("Profile", profile.build())
            };
            chain = chain.or_else("WebIdentityToken", aws_config::web_identity_token::WebIdentityTokenCredentialsProvider::builder().build());
            chain = chain.or_else("EcsContainer", aws_config::ecs::EcsCredentialsProvider::builder().build());
            if !cfg.skip_metadata_api_check {
                chain = chain.or_else("Ec2InstanceMetadata", aws_config::imds::credentials::ImdsCredentialsProvider::builder().build());
            }
            SharedCredentialsProvider::new(chain)
        }
    };
    let retry = RetryConfig::standard().with_max_attempts(cfg.max_retries + 1).with_max_backoff(Duration::from_secs(20));
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.clone()))
        .credentials_provider(credentials)
        .retry_config(retry)
        .profile_files(files);
    if let Some(p) = &cfg.profile {
        loader = loader.profile_name(p);
    }
    let base = loader.load().await;
    let sdk: SdkConfig = match &cfg.assume_role {
        Some(ar) => {
            let mut b = aws_config::sts::AssumeRoleProvider::builder(ar.role_arn.clone()).session_name(ar.session_name.clone().unwrap_or_else(|| "terrace".into()));
            if let Some(x) = &ar.external_id {
                b = b.external_id(x);
            }
            if let Some(d) = ar.duration {
                b = b.session_length(d);
            }
            let mut sts_conf = base.clone().into_builder();
            if let Some(u) = cfg.endpoints.get("sts") {
                sts_conf = sts_conf.endpoint_url(u);
            }
            let provider = b.configure(&sts_conf.build()).build().await;
            base.into_builder().credentials_provider(SharedCredentialsProvider::new(provider)).build()
        }
        None => base,
    };
    let mut ec2 = aws_sdk_ec2::config::Builder::from(&sdk);
    if let Some(u) = cfg.endpoints.get("ec2") {
        ec2 = ec2.endpoint_url(u);
    }
    let mut s3 = aws_sdk_s3::config::Builder::from(&sdk).force_path_style(cfg.s3_use_path_style);
    if let Some(u) = cfg.endpoints.get("s3") {
        s3 = s3.endpoint_url(u);
    }
    let mut sts = aws_sdk_sts::config::Builder::from(&sdk);
    if let Some(u) = cfg.endpoints.get("sts") {
        sts = sts.endpoint_url(u);
    }
    let mut clients = Clients {
        region,
        ec2: aws_sdk_ec2::Client::from_conf(ec2.build()),
        s3: aws_sdk_s3::Client::from_conf(s3.build()),
        sts: aws_sdk_sts::Client::from_conf(sts.build()),
        config: cfg.clone(),
        account_id: None,
    };
    if !cfg.skip_credentials_validation || !cfg.skip_requesting_account_id {
        match clients.sts.get_caller_identity().send().await {
            Ok(id) => clients.account_id = id.account().map(str::to_string),
            Err(e) if !cfg.skip_credentials_validation => {
                return Err(vec![crate::errors::diag("validating provider credentials", &e).with_detail_prefix(
                    "The AWS provider could not use its credentials: check access_key/secret_key, the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, or the profile; or set skip_credentials_validation = true.",
                )]);
            }
            Err(_) => {}
        }
    }
    if let Some(acct) = &clients.account_id {
        if !cfg.allowed_account_ids.is_empty() && !cfg.allowed_account_ids.contains(acct) {
            return Err(vec![Diag::error("AWS account not allowed", format!("The credentials are for account {acct}, which is not in allowed_account_ids."))]);
        }
        if cfg.forbidden_account_ids.contains(acct) {
            return Err(vec![Diag::error("AWS account forbidden", format!("The credentials are for account {acct}, which is in forbidden_account_ids."))]);
        }
    }
    Ok(clients)
}

fn expand_home(p: &str) -> String {
    match (p.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(h)) => format!("{h}/{rest}"),
        _ => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attrs::s;

    #[test]
    fn parses_the_block() {
        let ep = Value::set(
            Block::new().attr("ec2", Attribute::optional(Type::String)).implied_type(),
            vec![Value::object([("ec2".to_string(), s("http://127.0.0.1:5000")), ("s3".to_string(), s("http://127.0.0.1:5001"))].into_iter().collect())],
        );
        let v = Value::object(
            [
                ("region".to_string(), s("eu-west-1")),
                ("access_key".to_string(), s("a")),
                ("secret_key".to_string(), s("b")),
                ("s3_force_path_style".to_string(), Value::bool(true)),
                ("endpoints".to_string(), ep),
            ]
            .into_iter()
            .collect(),
        );
        let c = AwsConfig::parse(&v).unwrap();
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert!(c.s3_use_path_style);
        assert_eq!(c.endpoints["ec2"], "http://127.0.0.1:5000");
        assert_eq!(c.max_retries, 25);
        let bad = Value::object([("access_key".to_string(), s("a"))].into_iter().collect());
        assert!(AwsConfig::parse(&bad).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration("x"), None);
    }
}
