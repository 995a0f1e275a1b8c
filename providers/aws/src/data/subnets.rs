//! `data "aws_subnets"`: the IDs of the subnets that match `filter` blocks and `tags`.

use async_trait::async_trait;
use terrace_provider::{Attribute, Block, Diags, Type};

use super::ec2_filters::{filter_block, filters};
use crate::attrs::{s, strings, Attrs};
use crate::errors::diag;
use crate::resource::{AwsDataSource, Ctx};

pub struct Subnets;

#[async_trait]
impl AwsDataSource for Subnets {
    fn type_name(&self) -> &'static str {
        "aws_subnets"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("tags", Attribute::optional_computed(Type::map(Type::String)))
            .attr("ids", Attribute::computed(Type::list(Type::String)))
            .block("filter", filter_block())
    }
    async fn read(&self, ctx: &Ctx<'_>, config: &Attrs) -> Result<Attrs, Diags> {
        let fs = filters(config);
        let mut ids = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = ctx
                .clients
                .ec2
                .describe_subnets()
                .set_filters(Some(fs.clone()).filter(|f| !f.is_empty()))
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| vec![diag("reading EC2 Subnets", &e)])?;
            ids.extend(out.subnets().iter().filter_map(|x| x.subnet_id()).map(str::to_string));
            match out.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
        let mut a = Attrs::new();
        a.insert("id".into(), s(&ctx.clients.region));
        a.insert("ids".into(), strings(&ids));
        Ok(a)
    }
}
