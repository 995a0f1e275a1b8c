//! `data "aws_availability_zones"`: the zones of the region, by state and filters.

use async_trait::async_trait;
use terrace_provider::{Attribute, Block, Diags, Type, Value};

use super::ec2_filters::{filter_block, filters, one};
use crate::attrs::{get_bool, get_string, get_strings, s, strings, Attrs};
use crate::errors::diag;
use crate::resource::{AwsDataSource, Ctx};

pub struct AvailabilityZones;

#[async_trait]
impl AwsDataSource for AvailabilityZones {
    fn type_name(&self) -> &'static str {
        "aws_availability_zones"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("all_availability_zones", Attribute::optional(Type::Bool))
            .attr("exclude_names", Attribute::optional(Type::set(Type::String)))
            .attr("exclude_zone_ids", Attribute::optional(Type::set(Type::String)))
            .attr("state", Attribute::optional(Type::String))
            .attr("group_names", Attribute::computed(Type::set(Type::String)))
            .attr("names", Attribute::computed(Type::list(Type::String)))
            .attr("zone_ids", Attribute::computed(Type::list(Type::String)))
            .block("filter", filter_block())
    }
    async fn read(&self, ctx: &Ctx<'_>, config: &Attrs) -> Result<Attrs, Diags> {
        let mut fs = filters(config);
        fs.extend(one("state", get_string(config, "state")));
        let out = ctx
            .clients
            .ec2
            .describe_availability_zones()
            .set_all_availability_zones(get_bool(config, "all_availability_zones"))
            .set_filters(Some(fs).filter(|f| !f.is_empty()))
            .send()
            .await
            .map_err(|e| vec![diag("reading EC2 Availability Zones", &e)])?;
        let (ex_names, ex_ids) = (get_strings(config, "exclude_names"), get_strings(config, "exclude_zone_ids"));
        let mut zones: Vec<_> = out
            .availability_zones()
            .iter()
            .filter(|z| !z.zone_name().is_some_and(|n| ex_names.iter().any(|x| x == n)) && !z.zone_id().is_some_and(|n| ex_ids.iter().any(|x| x == n)))
            .collect();
        zones.sort_by(|a, b| a.zone_name().cmp(&b.zone_name()));
        let mut groups: Vec<&str> = zones.iter().filter_map(|z| z.group_name()).collect();
        groups.sort();
        groups.dedup();
        let mut a = Attrs::new();
        a.insert("id".into(), s(&ctx.clients.region));
        a.insert("names".into(), strings(zones.iter().filter_map(|z| z.zone_name())));
        a.insert("zone_ids".into(), strings(zones.iter().filter_map(|z| z.zone_id())));
        a.insert("group_names".into(), Value::set(Type::String, groups.into_iter().map(s).collect()));
        Ok(a)
    }
}
