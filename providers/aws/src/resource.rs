//! What every AWS resource type shares: the trait a resource implements (schema and
//! create / read / update / delete / import over the SDK), and the driver that plans
//! from the schema, maintains `id`, `tags_all` (with the provider's default_tags) and
//! `timeouts`, and keeps returned values conformant to the schema.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use terrace_provider::plan::{plan_with_schema, proposed_new};
use terrace_provider::{Attribute, Block, Diags, Nesting, NestedBlock, PathStep, PlanResponse, Schema, Type, Value};

use crate::attrs::{attrs_of, conform, get_blocks, get_map, string_map, Attrs};
use crate::config::{AwsConfig, Clients};

/// What a resource operation works with.
pub struct Ctx<'a> {
    pub clients: &'a Clients,
    /// The `timeouts {}` block's values, by operation (`create`, `update`, `delete`).
    pub timeouts: BTreeMap<String, Duration>,
    /// For creates: the engine's journalled token; send it as the API's idempotency
    /// token (EC2 ClientToken) and tag the object with it (`TOKEN_TAG`).
    pub idempotency_token: Option<String>,
    /// The resource's configuration as written, during create and update (empty
    /// otherwise): for arguments whose planned form differs from what AWS takes (the
    /// planned `user_data` is its hash).
    pub raw_config: Attrs,
}

/// The tag that carries a create's idempotency token, so an object made by an
/// interrupted run can be found by `recover`.
pub const TOKEN_TAG: &str = "terrace:create-token";

impl Ctx<'_> {
    /// The wait for an operation: the `timeouts {}` value, else `default`.
    pub fn timeout(&self, op: &str, default: Duration) -> Duration {
        self.timeouts.get(op).copied().unwrap_or(default)
    }

    pub fn config(&self) -> &AwsConfig {
        &self.clients.config
    }

    /// The tags to write: the provider's default_tags with the resource's own over them.
    pub fn all_tags(&self, a: &Attrs) -> BTreeMap<String, String> {
        merge_tags(&self.clients.config.default_tags, &get_map(a, "tags"))
    }
}

/// `default_tags` merged with a resource's `tags` (the resource's win).
pub fn merge_tags(defaults: &BTreeMap<String, String>, own: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = defaults.clone();
    out.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    out
}

/// One AWS resource type.
#[async_trait]
pub trait AwsResource: Send + Sync {
    fn type_name(&self) -> &'static str;
    /// The schema without `id`, `tags`, `tags_all` and `timeouts`, which the driver adds.
    fn schema(&self) -> Block;
    fn schema_version(&self) -> u64 {
        0
    }
    /// Whether the resource takes `tags` (the driver adds `tags` and `tags_all`).
    fn taggable(&self) -> bool {
        false
    }
    /// The operations a `timeouts {}` block may set (`create`, `update`, `delete`).
    fn timeouts(&self) -> &'static [&'static str] {
        &[]
    }
    /// Adjusts a plan after the schema's default plan: values known at plan time,
    /// computed values that an update will change (set them unknown), defaults.
    fn plan(&self, _cfg: &AwsConfig, _prior: &Attrs, _planned: &mut Attrs, _config: &Attrs) {}
    /// Attributes whose change needs a replacement beyond the schema's `force_new`.
    fn requires_replace(&self, _prior: &Attrs, _planned: &Attrs) -> Vec<String> {
        Vec::new()
    }
    /// Creates the object; returns its state (the driver fills what is missing from the
    /// plan and conforms it to the schema).
    async fn create(&self, ctx: &Ctx<'_>, planned: &Attrs) -> Result<Attrs, Diags>;
    /// Reads the object; None when it no longer exists.
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags>;
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, planned: &Attrs) -> Result<Attrs, Diags>;
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags>;
    /// DescribeTags' resource type of the EC2 objects this resource creates with the
    /// create token among their tags (`vpc`, `subnet`...), for the default `recover`.
    fn token_tagged(&self) -> Option<&'static str> {
        None
    }
    /// Finds the object an interrupted create made (by `TOKEN_TAG`, or by a name known in
    /// advance); None when there is none. By default, the object tagged with the token
    /// when the resource has `token_tagged`, else nothing.
    async fn recover(&self, ctx: &Ctx<'_>, planned: &Attrs, token: &str) -> Result<Option<Attrs>, Diags> {
        let Some(rt) = self.token_tagged() else { return Ok(None) };
        let Some(id) = crate::resources::ec2_tags::find_by_token(ctx, rt, token).await? else { return Ok(None) };
        let mut st = planned.clone();
        st.insert("id".into(), Value::string(id));
        self.read(ctx, &st).await
    }
    /// Adopts an existing object by its import ID (by default, the `id`).
    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Option<Attrs>, Diags> {
        let mut a = Attrs::new();
        a.insert("id".into(), Value::string(id));
        self.read(ctx, &a).await
    }
}

/// One AWS data source.
#[async_trait]
pub trait AwsDataSource: Send + Sync {
    fn type_name(&self) -> &'static str;
    fn schema(&self) -> Block;
    async fn read(&self, ctx: &Ctx<'_>, config: &Attrs) -> Result<Attrs, Diags>;
}

/// The full schema of a resource: its own plus `id`, tags and timeouts.
pub fn full_schema(r: &dyn AwsResource) -> Schema {
    let mut block = r.schema();
    block.attributes.entry("id".into()).or_insert_with(|| Attribute::computed(Type::String));
    if r.taggable() {
        block.attributes.insert("tags".into(), Attribute::optional(Type::map(Type::String)));
        block.attributes.insert("tags_all".into(), Attribute::optional_computed(Type::map(Type::String)));
    }
    if !r.timeouts().is_empty() {
        let mut t = Block::new();
        for op in r.timeouts() {
            t = t.attr(op, Attribute::optional(Type::String));
        }
        block.blocks.insert("timeouts".into(), NestedBlock { nesting: Nesting::Single, block: t, min_items: 0, max_items: 1, force_new: false });
    }
    crate::upstream::mark_not_implemented("resource", r.type_name(), &mut block);
    Schema { version: r.schema_version(), block }
}

/// A data source's schema plus `id`.
pub fn full_data_schema(d: &dyn AwsDataSource) -> Schema {
    let mut block = d.schema();
    block.attributes.entry("id".into()).or_insert_with(|| Attribute::computed(Type::String));
    crate::upstream::mark_not_implemented("data", d.type_name(), &mut block);
    Schema { version: 0, block }
}

/// The plan of one instance.
pub fn plan(r: &dyn AwsResource, cfg: &AwsConfig, block: &Block, prior: &Value, config: &Value) -> PlanResponse {
    if config.is_null() {
        return PlanResponse { planned: config.clone(), requires_replace: Vec::new() };
    }
    let proposed = proposed_new(block, prior, config);
    let mut resp = plan_with_schema(block, prior, &proposed);
    let Some(planned_attrs) = resp.planned.as_entries() else { return resp };
    let mut planned = planned_attrs.clone();
    let prior_attrs = attrs_of(prior);
    let config_attrs = attrs_of(config);
    if r.taggable() {
        // tags_all: default_tags under the resource's tags, known at plan time when the
        // tags are; ignore_tags keys stay out of it.
        let tags_known = planned.get("tags").is_none_or(|t| t.is_wholly_known());
        planned.insert(
            "tags_all".into(),
            if tags_known {
                let mut all = merge_tags(&cfg.default_tags, &get_map(&planned, "tags"));
                all.retain(|k, _| !cfg.ignores_tag(k));
                string_map(&all)
            } else {
                Value::unknown(Type::map(Type::String))
            },
        );
    }
    r.plan(cfg, &prior_attrs, &mut planned, &config_attrs);
    // Replacement is judged on the planned value in its schema type (items built by a
    // resource's plan are retyped here).
    resp.planned = conform_planned(block, planned);
    if !prior.is_null() {
        let planned = attrs_of(&resp.planned);
        let null = Value::null(Type::Dynamic);
        // A force-new argument left unset whose AWS default the resource's plan filled
        // in (`description = "Managed by Terraform"`) is unchanged, not a replacement.
        resp.requires_replace.retain(|path| match path.as_slice() {
            [PathStep::Attr(a)] => !terrace_provider::plan::same(prior_attrs.get(a).unwrap_or(&null), planned.get(a).unwrap_or(&null)),
            _ => true,
        });
        for a in r.requires_replace(&prior_attrs, &planned) {
            let p = vec![PathStep::Attr(a)];
            if !resp.requires_replace.contains(&p) {
                resp.requires_replace.push(p);
            }
        }
    }
    resp
}

fn conform_planned(block: &Block, planned: Attrs) -> Value {
    // Unknown values must survive conforming: conform only fills and retypes.
    conform(block, &planned)
}

/// The state after create or update: what AWS returned, with the values the plan knew
/// kept as planned (AWS may normalise them; Terraform keeps the configuration's form).
pub fn settle(block: &Block, planned: &Attrs, returned: Attrs) -> Value {
    let mut out = returned;
    for (k, v) in planned {
        let configurable = block.attributes.get(k).is_some_and(|a| a.optional || a.required);
        // An unset argument that AWS reports as an empty collection stays unset.
        let empty_for_null = configurable && v.is_null() && out.get(k).is_some_and(|x| x.is_known() && x.len() == Some(0));
        if v.is_wholly_known() && ((configurable && !v.is_null()) || !out.contains_key(k) || empty_for_null) {
            out.insert(k.clone(), v.clone());
        }
    }
    // Whatever is still unknown is null after apply.
    let out: Attrs = out.into_iter().map(|(k, v)| if v.is_known() { (k, v) } else { (k.clone(), Value::null(v.ty())) }).collect();
    conform(block, &out)
}

/// Applies the default AWS uses for an argument the configuration leaves unset (the
/// value an optional+computed attribute already has from the prior state is kept).
pub fn default_if_unset(planned: &mut Attrs, config: &Attrs, k: &str, v: Value) {
    if config.get(k).is_none_or(|x| x.is_null()) && planned.get(k).is_none_or(|x| x.is_null()) {
        planned.insert(k.into(), v);
    }
}

/// The `timeouts {}` values of a planned object.
pub fn timeouts_of(a: &Attrs) -> BTreeMap<String, Duration> {
    let mut out = BTreeMap::new();
    if let Some(t) = a.get("timeouts").and_then(|t| t.as_entries()) {
        for (k, v) in t {
            if let Some(d) = v.as_str().and_then(crate::wait::parse_timeout) {
                out.insert(k.clone(), d);
            }
        }
    }
    let _ = get_blocks;
    out
}
