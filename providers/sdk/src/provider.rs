//! The provider protocol: the same shape as Terraform's provider protocol (schema,
//! validate, plan, apply, read, import), so that an out-of-process adapter for real
//! Terraform provider binaries can be one more implementation.

use async_trait::async_trait;

use crate::schema::ProviderSchema;
use crate::value::Value;

/// A step in a path to an attribute: `triggers["x"]` is `[Attr("triggers"), Key("x")]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathStep {
    Attr(String),
    Key(String),
    Index(u64),
}

pub type AttrPath = Vec<PathStep>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem reported by a provider; the engine adds the resource address and the
/// configuration range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub severity: Severity,
    pub summary: String,
    pub detail: String,
    /// The attribute the problem is about, when there is one.
    pub attribute: Option<AttrPath>,
}

impl Diag {
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Diag {
        Diag { severity: Severity::Error, summary: summary.into(), detail: detail.into(), attribute: None }
    }
    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Diag {
        Diag { severity: Severity::Warning, summary: summary.into(), detail: detail.into(), attribute: None }
    }
    pub fn at(mut self, path: AttrPath) -> Diag {
        self.attribute = Some(path);
        self
    }
}

pub type Diags = Vec<Diag>;

/// Planning one resource instance.
pub struct PlanRequest<'a> {
    pub type_name: &'a str,
    /// The prior state (null when creating).
    pub prior: &'a Value,
    /// The engine's proposal: configuration merged with prior computed values.
    pub proposed: &'a Value,
    /// The configuration as written (null when destroying).
    pub config: &'a Value,
}

pub struct PlanResponse {
    /// The planned new state; unknown where the value is known only after apply.
    pub planned: Value,
    /// Attributes whose change forces replacement.
    pub requires_replace: Vec<AttrPath>,
}

/// Applying one planned change. `planned` null means delete.
pub struct ApplyRequest<'a> {
    pub type_name: &'a str,
    pub prior: &'a Value,
    pub planned: &'a Value,
    pub config: &'a Value,
    /// For creates: a token unique to this create, written to the engine's journal
    /// before the call. Providers send it as the API's idempotency token and tag the
    /// object with it, so an object created by an interrupted run can be found again
    /// ([`Provider::recover_resource`]).
    pub idempotency_token: Option<&'a str>,
}

#[async_trait]
pub trait Provider: Send + Sync {
    /// The provider's short name (`null`, `aws`).
    fn name(&self) -> &str;
    /// Its registry source (`registry.terraform.io/hashicorp/null`).
    fn source(&self) -> &str;
    fn schema(&self) -> &ProviderSchema;

    /// Receives the `provider` block's configuration.
    fn configure(&self, _config: &Value) -> Result<(), Diags> {
        Ok(())
    }
    /// A fresh, unconfigured instance, for providers configured more than once (one per
    /// `provider` block: aliases, regions). None when one shared instance serves every
    /// configuration (providers without configuration).
    fn new_instance(&self) -> Option<std::sync::Arc<dyn Provider>> {
        None
    }
    fn validate_resource(&self, _type_name: &str, _config: &Value) -> Diags {
        Vec::new()
    }
    fn validate_data_source(&self, _type_name: &str, _config: &Value) -> Diags {
        Vec::new()
    }
    fn plan_resource(&self, req: PlanRequest<'_>) -> Result<PlanResponse, Diags>;
    async fn apply_resource(&self, req: ApplyRequest<'_>) -> Result<Value, Diags>;
    /// Refreshes a resource from the real world; `Ok(None)` when it no longer exists.
    async fn read_resource(&self, type_name: &str, state: &Value) -> Result<Option<Value>, Diags>;
    async fn read_data_source(&self, type_name: &str, config: &Value) -> Result<Value, Diags>;
    /// Finds the object that an interrupted create made, by the create's idempotency token
    /// (or by a name known in advance); None when the create never happened.
    async fn recover_resource(&self, _type_name: &str, _planned: &Value, _token: &str) -> Result<Option<Value>, Diags> {
        Ok(None)
    }
    /// Adopts an existing object by its import ID.
    async fn import_resource(&self, type_name: &str, id: &str) -> Result<Value, Diags> {
        let _ = id;
        Err(vec![Diag::error("Resource import not supported", format!("The resource type {type_name} does not support import."))])
    }
}
