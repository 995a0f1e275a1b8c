//! `data "aws_region"`: the provider's region (or the one named).

use async_trait::async_trait;
use terrace_provider::{Attribute, Block, Diag, Diags, Type};

use crate::attrs::{get_string, s, Attrs};
use crate::resource::{AwsDataSource, Ctx};

pub struct Region;

#[async_trait]
impl AwsDataSource for Region {
    fn type_name(&self) -> &'static str {
        "aws_region"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("name", Attribute::optional_computed(Type::String))
            .attr("endpoint", Attribute::optional_computed(Type::String))
            .attr("description", Attribute::computed(Type::String))
    }
    async fn read(&self, ctx: &Ctx<'_>, config: &Attrs) -> Result<Attrs, Diags> {
        let name = get_string(config, "name").unwrap_or_else(|| ctx.clients.region.clone());
        if !crate::config::REGIONS.contains(&name.as_str()) && !ctx.config().skip_region_validation {
            return Err(vec![Diag::error("No matching region", format!("{name:?} is not an AWS region."))]);
        }
        let mut a = Attrs::new();
        a.insert("id".into(), s(&name));
        a.insert("name".into(), s(&name));
        a.insert("endpoint".into(), s(format!("ec2.{name}.amazonaws.com")));
        a.insert("description".into(), s(description(&name)));
        Ok(a)
    }
}

fn description(r: &str) -> &'static str {
    match r {
        "us-east-1" => "US East (N. Virginia)",
        "us-east-2" => "US East (Ohio)",
        "us-west-1" => "US West (N. California)",
        "us-west-2" => "US West (Oregon)",
        "eu-west-1" => "Europe (Ireland)",
        "eu-west-2" => "Europe (London)",
        "eu-west-3" => "Europe (Paris)",
        "eu-central-1" => "Europe (Frankfurt)",
        "eu-north-1" => "Europe (Stockholm)",
        "ap-south-1" => "Asia Pacific (Mumbai)",
        "ap-southeast-1" => "Asia Pacific (Singapore)",
        "ap-southeast-2" => "Asia Pacific (Sydney)",
        "ap-northeast-1" => "Asia Pacific (Tokyo)",
        "ap-northeast-2" => "Asia Pacific (Seoul)",
        "sa-east-1" => "South America (Sao Paulo)",
        "ca-central-1" => "Canada (Central)",
        _ => "",
    }
}
