//! Helpers the EC2 networking resources share: describe filters, reading back after a
//! create, deleting with a retry while dependent objects go.

use std::future::Future;
use std::time::Duration;

use aws_sdk_ec2::types::Filter;
use terrace_provider::{Diag, Diags};

use crate::attrs::{s, Attrs};
use crate::resource::Ctx;
use crate::wait::{until, Poll};

/// An EC2 describe filter with one value.
pub fn filter(name: &str, value: &str) -> Filter {
    Filter::builder().name(name).values(value).build()
}

/// The state after a create: `id` set on the plan, then read back from AWS.
pub async fn read_back<F, Fut>(what: &str, planned: &Attrs, id: &str, read: F) -> Result<Attrs, Diags>
where
    F: FnOnce(Attrs) -> Fut,
    Fut: Future<Output = Result<Option<Attrs>, Diags>>,
{
    let mut st = planned.clone();
    st.insert("id".into(), s(id));
    match read(st).await? {
        Some(a) => Ok(a),
        None => Err(vec![Diag::error(format!("{what} vanished after creation"), format!("{what} {id} was created but can no longer be found."))]),
    }
}

/// The outcome of one delete attempt.
pub enum Gone {
    Done,
    /// Still in use (DependencyViolation and the like): try again.
    Busy(String),
}

/// Calls `attempt` until it reports the object gone, retrying while it is busy, for at
/// most the `delete` timeout (default `default`).
pub async fn delete_retrying<F, Fut>(ctx: &Ctx<'_>, what: &str, default: Duration, mut attempt: F) -> Result<(), Diags>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Gone, Diags>>,
{
    until(&format!("{what} to be deleted"), ctx.timeout("delete", default), || {
        let f = attempt();
        async move {
            Ok(match f.await? {
                Gone::Done => Poll::Ready(()),
                Gone::Busy(why) => Poll::Pending(why),
            })
        }
    })
    .await
}

/// The ARN of an EC2 object.
pub fn ec2_arn(ctx: &Ctx<'_>, owner: Option<&str>, kind: &str, id: &str) -> String {
    let acct = owner.or(ctx.clients.account_id.as_deref()).unwrap_or_default();
    format!("arn:aws:ec2:{}:{acct}:{kind}/{id}", ctx.clients.region)
}

/// Whether two optional attribute values are the same (absent counts as null).
pub fn same(a: Option<&terrace_provider::Value>, b: Option<&terrace_provider::Value>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.raw_equals(y),
        (None, None) => true,
        (Some(x), None) | (None, Some(x)) => x.is_null(),
    }
}
