//! EC2 tags: written at create time through TagSpecifications (so a crash right after a
//! create leaves a tagged, findable object), changed later with CreateTags/DeleteTags,
//! read back into `tags` (the resource's own) and `tags_all` (with default_tags).

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
use terrace_provider::Diags;

use crate::attrs::{get_map, string_map, Attrs};
use crate::resource::Ctx;

/// The TagSpecification for a create call, or None without tags.
pub fn spec(ctx: &Ctx<'_>, planned: &Attrs, rt: ResourceType) -> Option<TagSpecification> {
    let mut all = ctx.all_tags(planned);
    if let Some(t) = &ctx.idempotency_token {
        all.insert(crate::resource::TOKEN_TAG.to_string(), t.clone());
    }
    if all.is_empty() {
        return None;
    }
    Some(TagSpecification::builder().resource_type(rt).set_tags(Some(to_sdk(&all))).build())
}

pub fn to_sdk(m: &BTreeMap<String, String>) -> Vec<Tag> {
    m.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()
}

pub fn from_sdk(tags: &[Tag]) -> BTreeMap<String, String> {
    tags.iter().filter_map(|t| Some((t.key()?.to_string(), t.value().unwrap_or_default().to_string()))).collect()
}

/// Sets `tags` and `tags_all` from the tags AWS reports: `tags_all` is everything but
/// ignored keys, `tags` what is not only a default tag (a default overridden with the
/// same value stays in `tags` when the prior state had it).
pub fn set_from_aws(ctx: &Ctx<'_>, out: &mut Attrs, prior: &Attrs, aws: &BTreeMap<String, String>) {
    let cfg = ctx.config();
    // Terrace's own bookkeeping tags (`terrace:...`) are not the configuration's.
    let all: BTreeMap<String, String> = aws.iter().filter(|(k, _)| !cfg.ignores_tag(k) && !k.starts_with("terrace:")).map(|(k, v)| (k.clone(), v.clone())).collect();
    let prior_own = get_map(prior, "tags");
    let own: BTreeMap<String, String> = all
        .iter()
        .filter(|(k, v)| prior_own.contains_key(*k) || cfg.default_tags.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // No tags of its own reads as an unset `tags` (as the configuration most likely has it)
    // unless the state had an explicit empty map.
    let prior_set = prior.get("tags").is_some_and(|t| !t.is_null());
    out.insert("tags".into(), if own.is_empty() && !prior_set { terrace_provider::Value::null(terrace_provider::Type::map(terrace_provider::Type::String)) } else { string_map(&own) });
    out.insert("tags_all".into(), string_map(&all));
}

/// Brings an object's tags from `prior`'s tags_all to what `planned` wants.
pub async fn update(ctx: &Ctx<'_>, id: &str, prior: &Attrs, planned: &Attrs) -> Result<(), Diags> {
    let old = get_map(prior, "tags_all");
    let new = ctx.all_tags(planned);
    let removed: Vec<Tag> = old.keys().filter(|k| !new.contains_key(*k) && !ctx.config().ignores_tag(k)).map(|k| Tag::builder().key(k).build()).collect();
    let changed: BTreeMap<String, String> = new.iter().filter(|(k, v)| old.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect();
    if !removed.is_empty() {
        ctx.clients.ec2.delete_tags().resources(id).set_tags(Some(removed)).send().await.map_err(|e| vec![crate::errors::diag("removing tags", &e)])?;
    }
    if !changed.is_empty() {
        ctx.clients.ec2.create_tags().resources(id).set_tags(Some(to_sdk(&changed))).send().await.map_err(|e| vec![crate::errors::diag("tagging", &e)])?;
    }
    Ok(())
}

/// The ID of the EC2 object tagged with a create token (an object made by an interrupted
/// create), if any. `resource_type` is DescribeTags' resource-type filter (`vpc`,
/// `instance`, `subnet`...).
pub async fn find_by_token(ctx: &Ctx<'_>, resource_type: &str, token: &str) -> Result<Option<String>, Diags> {
    let f = |n: &str, v: &str| aws_sdk_ec2::types::Filter::builder().name(n).values(v).build();
    let out = ctx
        .clients
        .ec2
        .describe_tags()
        .filters(f("key", crate::resource::TOKEN_TAG))
        .filters(f("value", token))
        .filters(f("resource-type", resource_type))
        .send()
        .await
        .map_err(|e| vec![crate::errors::diag("looking for an object made by an interrupted run", &e)])?;
    Ok(out.tags().iter().find_map(|t| t.resource_id().map(str::to_string)))
}
