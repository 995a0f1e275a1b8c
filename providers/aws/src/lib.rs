//! Terrace's AWS provider: EC2 and S3 over aws-sdk-rust, with the resource and
//! attribute names of Terraform's hashicorp/aws provider, so existing configurations
//! plan and apply unchanged.
//!
//! - `config.rs`: the provider block, credentials, endpoints, clients.
//! - `resource.rs`: the resource trait and the driver every resource shares.
//! - `resources/`: one file per resource type; `data/`: one file per data source.
//! - `errors.rs`, `wait.rs`, `attrs.rs`: SDK errors as diagnostics, waiters, values.

pub mod attrs;
pub mod config;
pub mod data;
pub mod errors;
pub mod resource;
pub mod resources;
pub mod upstream;
pub mod wait;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use terrace_provider::{ApplyRequest, Diag, Diags, PlanRequest, PlanResponse, Provider, ProviderSchema, Value};

use crate::attrs::attrs_of;
use crate::config::{AwsConfig, Clients};
use crate::resource::{AwsDataSource, AwsResource, Ctx};

pub const SOURCE: &str = "registry.terraform.io/hashicorp/aws";

/// One configured instance of the provider (one per `provider "aws"` block).
pub struct AwsProvider {
    schema: ProviderSchema,
    resources: BTreeMap<&'static str, Arc<dyn AwsResource>>,
    data_sources: BTreeMap<&'static str, Arc<dyn AwsDataSource>>,
    config: Mutex<AwsConfig>,
    clients: tokio::sync::OnceCell<Arc<Clients>>,
}

impl Default for AwsProvider {
    fn default() -> Self {
        AwsProvider::new()
    }
}

impl AwsProvider {
    pub fn new() -> AwsProvider {
        let mut schema = ProviderSchema { provider: config::provider_block(), ..Default::default() };
        let mut rs = BTreeMap::new();
        for r in resources::all() {
            schema.resources.insert(r.type_name().to_string(), resource::full_schema(&*r));
            rs.insert(r.type_name(), r);
        }
        let mut ds = BTreeMap::new();
        for d in data::all() {
            schema.data_sources.insert(d.type_name().to_string(), resource::full_data_schema(&*d));
            ds.insert(d.type_name(), d);
        }
        AwsProvider { schema, resources: rs, data_sources: ds, config: Mutex::new(AwsConfig::default()), clients: tokio::sync::OnceCell::new() }
    }

    fn cfg(&self) -> AwsConfig {
        self.config.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// The clients, built on first use (credentials are checked then).
    pub async fn clients(&self) -> Result<Arc<Clients>, Diags> {
        let cfg = self.cfg();
        self.clients.get_or_try_init(|| async move { config::build_clients(&cfg).await.map(Arc::new) }).await.cloned()
    }

    fn resource(&self, t: &str) -> Result<&Arc<dyn AwsResource>, Diags> {
        self.resources.get(t).ok_or_else(|| vec![Diag::error("Unsupported resource type", format!("The AWS provider in Terrace does not support {t:?} yet."))])
    }
}

#[async_trait]
impl Provider for AwsProvider {
    fn name(&self) -> &str {
        "aws"
    }
    fn source(&self) -> &str {
        SOURCE
    }
    fn schema(&self) -> &ProviderSchema {
        &self.schema
    }
    fn configure(&self, config: &Value) -> Result<(), Diags> {
        let c = AwsConfig::parse(config)?;
        if let Ok(mut g) = self.config.lock() {
            *g = c;
        }
        Ok(())
    }
    fn new_instance(&self) -> Option<Arc<dyn Provider>> {
        Some(Arc::new(AwsProvider::new()))
    }
    fn plan_resource(&self, req: PlanRequest<'_>) -> Result<PlanResponse, Diags> {
        let r = self.resource(req.type_name)?;
        let block = &self.schema.resources[req.type_name].block;
        Ok(resource::plan(&**r, &self.cfg(), block, req.prior, req.config))
    }
    async fn apply_resource(&self, req: ApplyRequest<'_>) -> Result<Value, Diags> {
        let r = self.resource(req.type_name)?.clone();
        let block = self.schema.resources[req.type_name].block.clone();
        let clients = self.clients().await?;
        let planned = attrs_of(req.planned);
        let prior = attrs_of(req.prior);
        let ctx = Ctx { clients: &clients, timeouts: resource::timeouts_of(if req.planned.is_null() { &prior } else { &planned }), idempotency_token: req.idempotency_token.map(str::to_string), raw_config: attrs_of(req.config) };
        if req.planned.is_null() {
            r.delete(&ctx, &prior).await?;
            return Ok(Value::null(block.implied_type()));
        }
        let returned = if req.prior.is_null() { r.create(&ctx, &planned).await? } else { r.update(&ctx, &prior, &planned).await? };
        Ok(resource::settle(&block, &planned, returned))
    }
    async fn read_resource(&self, type_name: &str, state: &Value) -> Result<Option<Value>, Diags> {
        let r = self.resource(type_name)?.clone();
        let block = self.schema.resources[type_name].block.clone();
        let clients = self.clients().await?;
        let prior = attrs_of(state);
        let ctx = Ctx { clients: &clients, timeouts: resource::timeouts_of(&prior), idempotency_token: None, raw_config: Default::default() };
        let Some(mut got) = r.read(&ctx, &prior).await? else { return Ok(None) };
        // What AWS does not report (timeouts, arguments only used at create) stays as it was.
        for (k, v) in &prior {
            got.entry(k.clone()).or_insert_with(|| v.clone());
        }
        Ok(Some(attrs::conform(&block, &got)))
    }
    async fn read_data_source(&self, type_name: &str, config: &Value) -> Result<Value, Diags> {
        let d = self.data_sources.get(type_name).cloned().ok_or_else(|| vec![Diag::error("Unsupported data source", format!("The AWS provider in Terrace does not support the data source {type_name:?} yet."))])?;
        let block = self.schema.data_sources[type_name].block.clone();
        let clients = self.clients().await?;
        let ctx = Ctx { clients: &clients, timeouts: BTreeMap::new(), idempotency_token: None, raw_config: Default::default() };
        let cfg = attrs_of(config);
        let mut got = d.read(&ctx, &cfg).await?;
        for (k, v) in &cfg {
            if !v.is_null() {
                got.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        Ok(attrs::conform(&block, &got))
    }
    async fn recover_resource(&self, type_name: &str, planned: &Value, token: &str) -> Result<Option<Value>, Diags> {
        let r = self.resource(type_name)?.clone();
        let block = self.schema.resources[type_name].block.clone();
        let clients = self.clients().await?;
        let ctx = Ctx { clients: &clients, timeouts: BTreeMap::new(), idempotency_token: Some(token.to_string()), raw_config: Default::default() };
        let p = attrs_of(planned);
        Ok(r.recover(&ctx, &p, token).await?.map(|a| resource::settle(&block, &p, a)))
    }
    async fn import_resource(&self, type_name: &str, id: &str) -> Result<Value, Diags> {
        let r = self.resource(type_name)?.clone();
        let block = self.schema.resources[type_name].block.clone();
        let clients = self.clients().await?;
        let ctx = Ctx { clients: &clients, timeouts: BTreeMap::new(), idempotency_token: None, raw_config: Default::default() };
        match r.import(&ctx, id).await? {
            Some(a) => Ok(attrs::conform(&block, &a)),
            None => Err(vec![Diag::error(
                "Cannot import non-existent remote object",
                format!("No {type_name} with ID {id:?} exists in {} for these credentials.", clients.region),
            )]),
        }
    }
}

/// The provider, as the engine registers it.
pub fn provider() -> Arc<dyn Provider> {
    Arc::new(AwsProvider::new())
}
