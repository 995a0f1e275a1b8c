//! `data "aws_caller_identity"`: who the credentials are (STS GetCallerIdentity).

use async_trait::async_trait;
use terrace_provider::{Attribute, Block, Diags, Type};

use crate::attrs::{opt_s, Attrs};
use crate::errors::diag;
use crate::resource::{AwsDataSource, Ctx};

pub struct CallerIdentity;

#[async_trait]
impl AwsDataSource for CallerIdentity {
    fn type_name(&self) -> &'static str {
        "aws_caller_identity"
    }
    fn schema(&self) -> Block {
        Block::new()
            .attr("account_id", Attribute::computed(Type::String))
            .attr("arn", Attribute::computed(Type::String))
            .attr("user_id", Attribute::computed(Type::String))
    }
    async fn read(&self, ctx: &Ctx<'_>, _config: &Attrs) -> Result<Attrs, Diags> {
        let out = ctx.clients.sts.get_caller_identity().send().await.map_err(|e| vec![diag("reading caller identity", &e)])?;
        let mut a = Attrs::new();
        a.insert("id".into(), opt_s(out.account()));
        a.insert("account_id".into(), opt_s(out.account()));
        a.insert("arn".into(), opt_s(out.arn()));
        a.insert("user_id".into(), opt_s(out.user_id()));
        Ok(a)
    }
}
