//! `aws_s3_bucket`, with the inline forms of the 3.x provider (`versioning`,
//! `server_side_encryption_configuration`, `lifecycle_rule`, `policy`, `acl`) as well as
//! the 4.x shape where those are managed by separate resources: an inline setting the
//! configuration leaves out keeps what the bucket has (it is optional and computed), so
//! `aws_s3_bucket_versioning` and friends can own it without a perpetual diff.
//!
//! Crash safety: bucket names are known before the create call. When CreateBucket
//! answers BucketAlreadyOwnedByYou (or, in us-east-1, succeeds on an existing bucket),
//! the bucket is adopted only when it looks like one this configuration created and
//! then lost track of: its tag set equals the tags being applied, and, when that tag
//! set is empty, it holds no objects (a crash between CreateBucket and the tagging
//! call leaves exactly that). Anything else is an error asking for `terrace import`.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_s3::types::{
    AbortIncompleteMultipartUpload, BucketCannedAcl, BucketLifecycleConfiguration, BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration, Delete, ExpirationStatus,
    LifecycleExpiration, LifecycleRule, LifecycleRuleAndOperator, LifecycleRuleFilter, MfaDelete, MfaDeleteStatus, NoncurrentVersionExpiration, NoncurrentVersionTransition, ObjectIdentifier,
    ErrorDocument, IndexDocument, ObjectLockEnabled, Protocol, RedirectAllRequestsTo, ServerSideEncryption, ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration, ServerSideEncryptionRule, Transition, TransitionStorageClass, VersioningConfiguration,
    WebsiteConfiguration,
};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use terrace_provider::{Attribute, Block, Diag, Diags, Type, Value};

use super::ec2_tags;
use super::s3_common::{self as common, build_err, first_block, get_i32, items, list_block, obj, opt_i32, set_block};
use crate::attrs::{b, get_blocks, get_bool, get_map, get_str, get_string, opt_s, s, Attrs};
use crate::config::AwsConfig;
use crate::errors::{code, diag, is_not_found, WithPrefix};
use crate::resource::{default_if_unset, AwsResource, Ctx};
use crate::wait::{until, Poll};

pub struct S3Bucket;

#[async_trait]
impl AwsResource for S3Bucket {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket"
    }
    fn schema(&self) -> Block {
        let str_o = || Attribute::optional(Type::String);
        let num_o = || Attribute::optional(Type::Number);
        let lifecycle = Block::new()
            .attr("id", Attribute::optional_computed(Type::String))
            .attr("prefix", str_o())
            .attr("tags", Attribute::optional(Type::map(Type::String)))
            .attr("enabled", Attribute::required(Type::Bool))
            .attr("abort_incomplete_multipart_upload_days", num_o())
            .block("expiration", list_block(Block::new().attr("date", str_o()).attr("days", num_o()).attr("expired_object_delete_marker", Attribute::optional(Type::Bool)), 0, 1))
            .block("transition", set_block(Block::new().attr("date", str_o()).attr("days", num_o()).attr("storage_class", Attribute::required(Type::String)), 0))
            .block("noncurrent_version_expiration", list_block(Block::new().attr("days", num_o()), 0, 1))
            .block("noncurrent_version_transition", set_block(Block::new().attr("days", num_o()).attr("storage_class", Attribute::required(Type::String)), 0));
        let sse_default = Block::new().attr("sse_algorithm", Attribute::required(Type::String)).attr("kms_master_key_id", str_o());
        let sse_rule = Block::new().attr("bucket_key_enabled", Attribute::optional(Type::Bool)).block("apply_server_side_encryption_by_default", list_block(sse_default, 1, 1));
        Block::new()
            .attr("bucket", Attribute::optional_computed(Type::String).force_new())
            .attr("bucket_prefix", str_o().force_new())
            .attr("force_destroy", Attribute::optional(Type::Bool))
            .attr("acl", str_o())
            .attr("object_lock_enabled", Attribute::optional_computed(Type::Bool).force_new())
            .attr("policy", Attribute::optional_computed(Type::String))
            .attr("arn", Attribute::computed(Type::String))
            .attr("bucket_domain_name", Attribute::computed(Type::String))
            .attr("bucket_regional_domain_name", Attribute::computed(Type::String))
            .attr("hosted_zone_id", Attribute::computed(Type::String))
            .attr("region", Attribute::computed(Type::String))
            .block("versioning", list_block(Block::new().attr("enabled", Attribute::optional(Type::Bool)).attr("mfa_delete", Attribute::optional(Type::Bool)), 0, 1))
            .block("server_side_encryption_configuration", list_block(Block::new().block("rule", list_block(sse_rule, 1, 1)), 0, 1))
            .block("lifecycle_rule", list_block(lifecycle, 0, 0))
            .block("website", list_block(Block::new().attr("index_document", str_o()).attr("error_document", str_o()).attr("redirect_all_requests_to", str_o()), 0, 1))
            .attr("website_endpoint", Attribute::optional_computed(Type::String))
            .attr("website_domain", Attribute::optional_computed(Type::String))
    }
    fn taggable(&self) -> bool {
        true
    }
    fn plan(&self, cfg: &AwsConfig, prior: &Attrs, planned: &mut Attrs, config: &Attrs) {
        default_if_unset(planned, config, "force_destroy", b(false));
        default_if_unset(planned, config, "acl", s("private"));
        if prior.is_empty() && config.get("object_lock_enabled").is_none_or(|v| v.is_null()) {
            planned.insert("object_lock_enabled".into(), b(false));
        }
        common::plan_policy(prior, planned, "policy");
        // Inline settings left out of the configuration keep what the bucket has.
        for k in ["versioning", "server_side_encryption_configuration", "lifecycle_rule"] {
            let unset = config.get(k).is_none_or(|v| v.is_null() || v.as_elements().is_some_and(|e| e.is_empty()));
            if unset {
                if let Some(p) = prior.get(k) {
                    planned.insert(k.into(), p.clone());
                }
            }
        }
        // versioning's flags default to false, as AWS reports them.
        if let Some(v) = first_block(planned, "versioning") {
            let mut v = v;
            for k in ["enabled", "mfa_delete"] {
                if v.get(k).is_none_or(|x| x.is_null()) {
                    v.insert(k.into(), b(false));
                }
            }
            planned.insert("versioning".into(), items(vec![Value::object(v)]));
        }
        // A rule without an id gets one from AWS (known when the prior state has it).
        let rules = get_blocks(planned, "lifecycle_rule");
        if rules.iter().any(|r| r.get("id").is_none_or(|x| x.is_null())) {
            let out = rules
                .into_iter()
                .map(|mut r| {
                    if r.get("id").is_none_or(|x| x.is_null()) {
                        r.insert("id".into(), Value::unknown(Type::String));
                    }
                    Value::object(r)
                })
                .collect();
            planned.insert("lifecycle_rule".into(), items(out));
        }
        // The website endpoint exists while a website is configured.
        let website = !get_blocks(planned, "website").is_empty();
        let region = cfg.effective_region().unwrap_or_else(|| "us-east-1".into());
        match (website, get_str(planned, "bucket")) {
            (true, Some(name)) => {
                let (endpoint, domain) = website_names(name, &region);
                planned.insert("website_endpoint".into(), s(endpoint));
                planned.insert("website_domain".into(), s(domain));
            }
            (true, None) => {
                planned.insert("website_endpoint".into(), Value::unknown(Type::String));
                planned.insert("website_domain".into(), Value::unknown(Type::String));
            }
            (false, _) => {
                planned.insert("website_endpoint".into(), Value::null(Type::String));
                planned.insert("website_domain".into(), Value::null(Type::String));
            }
        }
        if prior.is_empty() {
            if let Some(name) = get_str(planned, "bucket").map(str::to_string) {
                let region = cfg.effective_region().unwrap_or_else(|| "us-east-1".into());
                for (k, v) in computed_names(&name, &region) {
                    planned.insert(k.into(), v);
                }
            }
        }
    }
    async fn create(&self, ctx: &Ctx<'_>, p: &Attrs) -> Result<Attrs, Diags> {
        let name = bucket_name(p, ctx.idempotency_token.as_deref());
        let s3 = &ctx.clients.s3;
        let mut req = s3.create_bucket().bucket(&name);
        if ctx.clients.region != "us-east-1" {
            let loc = BucketLocationConstraint::from(ctx.clients.region.as_str());
            req = req.create_bucket_configuration(CreateBucketConfiguration::builder().location_constraint(loc).build());
        }
        if let Some(acl) = get_str(p, "acl") {
            req = req.acl(BucketCannedAcl::from(acl));
        }
        if get_bool(p, "object_lock_enabled") == Some(true) {
            req = req.object_lock_enabled_for_bucket(true);
        }
        let tags = ctx.all_tags(p);
        // us-east-1 answers CreateBucket on a bucket this account owns with success, so
        // look first: an existing bucket of ours is adopted or refused by the rule above.
        let exists = s3.head_bucket().bucket(&name).send().await.is_ok();
        if exists && !adoptable(ctx, &name, &tags).await? {
            return Err(vec![Diag::error(
                "creating S3 Bucket: BucketAlreadyOwnedByYou",
                format!("The bucket {name:?} already exists in this account and does not look like one this configuration created (its tags differ, or it is untagged and holds objects). Import it with `terrace import` to manage it here."),
            )]);
        }
        match if exists { Ok(None) } else { req.send().await.map(Some) } {
            Ok(_) => {}
            Err(e) if code(&e).as_deref() == Some("BucketAlreadyOwnedByYou") => {
                if !adoptable(ctx, &name, &tags).await? {
                    return Err(vec![diag("creating S3 Bucket", &e).with_detail_prefix(&format!(
                        "The bucket {name:?} already exists in this account and does not look like one this configuration created (its tags differ, or it is untagged and holds objects)."
                    ))]);
                }
            }
            Err(e) => return Err(vec![diag(&format!("creating S3 Bucket ({name})"), &e)]),
        }
        until(&format!("S3 Bucket {name} to exist"), Duration::from_secs(120), || async {
            match s3.head_bucket().bucket(&name).send().await {
                Ok(_) => Ok(Poll::Ready(())),
                Err(e) if is_not_found(&e) => Ok(Poll::Pending("not visible yet".into())),
                Err(e) => Err(vec![diag("reading S3 Bucket", &e)]),
            }
        })
        .await?;
        if !tags.is_empty() {
            common::put_tags(ctx, &name, &tags).await?;
        }
        apply_inline(ctx, &name, &Attrs::new(), p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&name));
        st.insert("bucket".into(), s(&name));
        match self.read(ctx, &st).await? {
            Some(a) => Ok(a),
            None => Err(vec![Diag::error("S3 Bucket vanished after creation", format!("Bucket {name} was created but can no longer be found."))]),
        }
    }
    /// A bucket's name is known before it is created (a generated one is derived from the
    /// create's token), so an interrupted create is found by name. It is adopted only if
    /// it looks like this create's: tagged as planned, or untagged and empty.
    async fn recover(&self, ctx: &Ctx<'_>, planned: &Attrs, token: &str) -> Result<Option<Attrs>, Diags> {
        let name = bucket_name(planned, Some(token));
        if ctx.clients.s3.head_bucket().bucket(&name).send().await.is_err() || !adoptable(ctx, &name, &ctx.all_tags(planned)).await? {
            return Ok(None);
        }
        let mut st = planned.clone();
        st.insert("id".into(), s(&name));
        st.insert("bucket".into(), s(&name));
        self.read(ctx, &st).await
    }
    async fn read(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<Option<Attrs>, Diags> {
        let Some(name) = get_string(state, "id").or_else(|| get_string(state, "bucket")) else { return Ok(None) };
        let s3 = &ctx.clients.s3;
        match s3.head_bucket().bucket(&name).send().await {
            Ok(_) => {}
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading S3 Bucket", &e)]),
        }
        let mut a = state.clone();
        a.insert("id".into(), s(&name));
        a.insert("bucket".into(), s(&name));
        let loc = match s3.get_bucket_location().bucket(&name).send().await {
            Ok(o) => o.location_constraint().map(|l| l.as_str().to_string()),
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(vec![diag("reading S3 Bucket location", &e)]),
        };
        let region = common::location_region(loc.as_deref());
        for (k, v) in computed_names(&name, &region) {
            a.insert(k.into(), v);
        }
        if a.get("acl").is_none_or(|v| v.is_null()) {
            a.insert("acl".into(), s("private"));
        }
        if a.get("force_destroy").is_none_or(|v| v.is_null()) {
            a.insert("force_destroy".into(), b(false));
        }
        let lock = match s3.get_object_lock_configuration().bucket(&name).send().await {
            Ok(o) => o.object_lock_configuration().and_then(|c| c.object_lock_enabled()).is_some_and(|x| *x == ObjectLockEnabled::Enabled),
            Err(e) if code(&e).is_some_and(|c| c.starts_with("ObjectLockConfigurationNotFound")) => false,
            Err(e) => return Err(vec![diag("reading S3 Bucket object lock configuration", &e)]),
        };
        a.insert("object_lock_enabled".into(), b(lock));
        // The policy is read only when this resource manages it (the state has one), as
        // Terraform's provider does: a policy set by an aws_s3_bucket_policy would
        // otherwise show here too, and stay stale in this state after that resource changes it.
        if get_str(state, "policy").is_some_and(|p| !p.is_empty()) {
            let policy = match s3.get_bucket_policy().bucket(&name).send().await {
                Ok(o) => o.policy().map(str::to_string),
                Err(e) if code(&e).as_deref() == Some("NoSuchBucketPolicy") => None,
                Err(e) => return Err(vec![diag("reading S3 Bucket policy", &e)]),
            };
            a.insert("policy".into(), common::keep_policy(state, "policy", policy.as_deref()));
        }
        // The website configuration, and its endpoint while there is one.
        let website = match s3.get_bucket_website().bucket(&name).send().await {
            Ok(w) => {
                let mut o = Attrs::new();
                o.insert("index_document".into(), opt_s(w.index_document().map(|d| d.suffix())));
                o.insert("error_document".into(), opt_s(w.error_document().map(|d| d.key())));
                o.insert(
                    "redirect_all_requests_to".into(),
                    opt_s(w.redirect_all_requests_to().map(|r| match r.protocol() {
                        Some(p) => format!("{}://{}", p.as_str(), r.host_name()),
                        None => r.host_name().to_string(),
                    })),
                );
                Some(o)
            }
            Err(e) if code(&e).as_deref() == Some("NoSuchWebsiteConfiguration") => None,
            Err(e) => return Err(vec![diag("reading S3 Bucket website", &e)]),
        };
        let (endpoint, domain) = website_names(&name, &region);
        a.insert("website_endpoint".into(), if website.is_some() { s(endpoint) } else { Value::null(Type::String) });
        a.insert("website_domain".into(), if website.is_some() { s(domain) } else { Value::null(Type::String) });
        a.insert("website".into(), items(website.into_iter().map(Value::object).collect()));
        let (status, mfa) = match s3.get_bucket_versioning().bucket(&name).send().await {
            Ok(v) => (v.status().cloned(), v.mfa_delete().cloned()),
            // A successful answer with an empty body of another root element: some S3
            // emulators answer so for a bucket never versioned.
            Err(e) => match common::unparsed_ok(&e) {
                Some(body) => (common::xml_text(&body, "Status").map(|x| BucketVersioningStatus::from(x.as_str())), common::xml_text(&body, "MfaDelete").map(|x| MfaDeleteStatus::from(x.as_str()))),
                None => return Err(vec![diag("reading S3 Bucket versioning", &e)]),
            },
        };
        a.insert(
            "versioning".into(),
            items(vec![obj([("enabled", b(status == Some(BucketVersioningStatus::Enabled))), ("mfa_delete", b(mfa == Some(MfaDeleteStatus::Enabled)))])]),
        );
        a.insert("server_side_encryption_configuration".into(), read_sse(ctx, &name, state).await?);
        a.insert("lifecycle_rule".into(), read_lifecycle(ctx, &name).await?);
        let tags = common::get_tags(ctx, &name).await?;
        ec2_tags::set_from_aws(ctx, &mut a, state, &tags);
        Ok(Some(a))
    }
    async fn update(&self, ctx: &Ctx<'_>, prior: &Attrs, p: &Attrs) -> Result<Attrs, Diags> {
        let name = get_string(prior, "id").unwrap_or_default();
        let s3 = &ctx.clients.s3;
        if get_map(prior, "tags_all") != get_map(p, "tags_all") || get_map(prior, "tags") != get_map(p, "tags") {
            let aws = common::get_tags(ctx, &name).await?;
            common::put_tags(ctx, &name, &common::with_ignored(ctx, ctx.all_tags(p), &aws)).await?;
        }
        if let Some(acl) = get_str(p, "acl").filter(|a| get_str(prior, "acl") != Some(*a)) {
            s3.put_bucket_acl().bucket(&name).acl(BucketCannedAcl::from(acl)).send().await.map_err(|e| vec![diag("updating S3 Bucket ACL", &e)])?;
        }
        apply_inline(ctx, &name, prior, p).await?;
        let mut st = p.clone();
        st.insert("id".into(), s(&name));
        Ok(self.read(ctx, &st).await?.unwrap_or(st))
    }
    async fn delete(&self, ctx: &Ctx<'_>, state: &Attrs) -> Result<(), Diags> {
        let Some(name) = get_string(state, "id") else { return Ok(()) };
        let s3 = &ctx.clients.s3;
        if get_bool(state, "force_destroy") == Some(true) {
            empty_bucket(ctx, &name).await?;
        }
        match s3.delete_bucket().bucket(&name).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) if code(&e).as_deref() == Some("BucketNotEmpty") => Err(vec![diag("deleting S3 Bucket", &e).with_detail_prefix(&format!(
                "The bucket {name:?} still holds objects. Delete them first, or set force_destroy = true (and apply) to have Terrace delete every object version with the bucket."
            ))]),
            Err(e) => Err(vec![diag("deleting S3 Bucket", &e)]),
        }
    }
}

/// A website bucket's endpoint and domain: the older regions write `s3-website-REGION`,
/// the others `s3-website.REGION`.
fn website_names(name: &str, region: &str) -> (String, String) {
    const DASH: &[&str] = &["us-east-1", "us-west-1", "us-west-2", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1", "eu-west-1", "us-gov-west-1"];
    let domain = if DASH.contains(&region) { format!("s3-website-{region}.amazonaws.com") } else { format!("s3-website.{region}.amazonaws.com") };
    (format!("{name}.{domain}"), domain)
}

fn computed_names(name: &str, region: &str) -> Vec<(&'static str, Value)> {
    let regional = if region == "us-east-1" { format!("{name}.s3.amazonaws.com") } else { format!("{name}.s3.{region}.amazonaws.com") };
    vec![
        ("arn", s(format!("arn:aws:s3:::{name}"))),
        ("bucket_domain_name", s(format!("{name}.s3.amazonaws.com"))),
        ("bucket_regional_domain_name", s(regional)),
        ("hosted_zone_id", opt_s(common::hosted_zone_id(region))),
        ("region", s(region)),
    ]
}

/// The bucket's name: `bucket`, else `bucket_prefix` (or `terraform-`) and 26 characters,
/// derived from the create's token when there is one so that a retry finds the same name.
fn bucket_name(p: &Attrs, token: Option<&str>) -> String {
    if let Some(n) = get_string(p, "bucket") {
        return n;
    }
    let suffix = match token {
        Some(t) => hex::encode(<sha2::Sha256 as sha2::Digest>::digest(t.as_bytes())),
        None => uuid::Uuid::new_v4().simple().to_string(),
    };
    format!("{}{}", get_str(p, "bucket_prefix").unwrap_or("terraform-"), &suffix[..26])
}

/// Whether an existing bucket of ours with this name is one a crashed run created.
async fn adoptable(ctx: &Ctx<'_>, name: &str, tags: &std::collections::BTreeMap<String, String>) -> Result<bool, Diags> {
    let aws = common::get_tags(ctx, name).await?;
    if !aws.is_empty() {
        return Ok(&aws == tags);
    }
    let objects = ctx.clients.s3.list_object_versions().bucket(name).max_keys(1).send().await.map_err(|e| vec![diag("reading S3 Bucket objects", &e)])?;
    Ok(objects.versions().is_empty() && objects.delete_markers().is_empty())
}

/// Deletes every object version and delete marker (force_destroy).
pub async fn empty_bucket(ctx: &Ctx<'_>, name: &str) -> Result<(), Diags> {
    delete_versions(ctx, name, None).await
}

/// Deletes every version and delete marker in the bucket, or only those of the object
/// `only_key` (as Terraform deletes a versioned object).
pub async fn delete_versions(ctx: &Ctx<'_>, name: &str, only_key: Option<&str>) -> Result<(), Diags> {
    let s3 = &ctx.clients.s3;
    loop {
        let out = match s3.list_object_versions().bucket(name).set_prefix(only_key.map(str::to_string)).send().await {
            Ok(o) => o,
            Err(e) if is_not_found(&e) => return Ok(()),
            Err(e) => return Err(vec![diag("listing S3 Bucket object versions", &e)]),
        };
        let mut ids = Vec::new();
        for (key, version) in out.versions().iter().map(|v| (v.key(), v.version_id())).chain(out.delete_markers().iter().map(|m| (m.key(), m.version_id()))) {
            let Some(key) = key.filter(|k| only_key.is_none_or(|o| o == *k)) else { continue };
            // A version made while versioning was off or suspended has the id "null",
            // which deletes exactly that version.
            let id = ObjectIdentifier::builder().key(key).set_version_id(version.map(str::to_string)).build().map_err(|e| build_err("emptying S3 Bucket", e))?;
            ids.push(id);
        }
        if ids.is_empty() {
            return Ok(());
        }
        let del = Delete::builder().set_objects(Some(ids)).quiet(true).build().map_err(|e| build_err("emptying S3 Bucket", e))?;
        let r = s3.delete_objects().bucket(name).delete(del).send().await.map_err(|e| vec![diag("deleting S3 Bucket objects", &e)])?;
        if let Some(err) = r.errors().first() {
            return Err(vec![Diag::error(
                "deleting S3 Bucket objects failed",
                format!("{}: {} ({})", err.key().unwrap_or_default(), err.message().unwrap_or_default(), err.code().unwrap_or_default()),
            )]);
        }
    }
}

/// Applies the inline versioning, encryption, lifecycle rules and policy that changed.
async fn apply_inline(ctx: &Ctx<'_>, name: &str, prior: &Attrs, p: &Attrs) -> Result<(), Diags> {
    let s3 = &ctx.clients.s3;
    if common::differs(p, prior, "versioning") {
        if let Some(v) = first_block(p, "versioning") {
            let enabled = get_bool(&v, "enabled") == Some(true);
            let was = first_block(prior, "versioning").and_then(|v| get_bool(&v, "enabled")) == Some(true);
            // A bucket that was never versioned stays unversioned rather than suspended.
            if enabled || was || get_bool(&v, "mfa_delete") == Some(true) {
                let mut c = VersioningConfiguration::builder().status(if enabled { BucketVersioningStatus::Enabled } else { BucketVersioningStatus::Suspended });
                if let Some(m) = get_bool(&v, "mfa_delete") {
                    c = c.mfa_delete(if m { MfaDelete::Enabled } else { MfaDelete::Disabled });
                }
                s3.put_bucket_versioning().bucket(name).versioning_configuration(c.build()).send().await.map_err(|e| vec![diag("updating S3 Bucket versioning", &e)])?;
            }
        }
    }
    if common::differs(p, prior, "server_side_encryption_configuration") {
        let rule = first_block(p, "server_side_encryption_configuration").and_then(|c| first_block(&c, "rule"));
        match rule {
            Some(r) => {
                let d = first_block(&r, "apply_server_side_encryption_by_default").unwrap_or_default();
                let rule = sse_rule(&d, get_bool(&r, "bucket_key_enabled"))?;
                let conf = ServerSideEncryptionConfiguration::builder().rules(rule).build().map_err(|e| build_err("updating S3 Bucket encryption", e))?;
                s3.put_bucket_encryption().bucket(name).server_side_encryption_configuration(conf).send().await.map_err(|e| vec![diag("updating S3 Bucket encryption", &e)])?;
            }
            None if !prior.is_empty() && !get_blocks(prior, "server_side_encryption_configuration").is_empty() => {
                s3.delete_bucket_encryption().bucket(name).send().await.map_err(|e| vec![diag("deleting S3 Bucket encryption", &e)])?;
            }
            None => {}
        }
    }
    if common::differs(p, prior, "lifecycle_rule") {
        let rules = get_blocks(p, "lifecycle_rule");
        if rules.is_empty() {
            if !get_blocks(prior, "lifecycle_rule").is_empty() {
                s3.delete_bucket_lifecycle().bucket(name).send().await.map_err(|e| vec![diag("deleting S3 Bucket lifecycle", &e)])?;
            }
        } else {
            let rules = rules.iter().map(lifecycle_rule).collect::<Result<Vec<_>, _>>()?;
            let conf = BucketLifecycleConfiguration::builder().set_rules(Some(rules)).build().map_err(|e| build_err("updating S3 Bucket lifecycle", e))?;
            s3.put_bucket_lifecycle_configuration().bucket(name).lifecycle_configuration(conf).send().await.map_err(|e| vec![diag("updating S3 Bucket lifecycle", &e)])?;
        }
    }
    if common::differs(p, prior, "website") {
        match first_block(p, "website") {
            Some(w) => {
                let mut c = WebsiteConfiguration::builder();
                if let Some(i) = get_str(&w, "index_document") {
                    c = c.index_document(IndexDocument::builder().suffix(i).build().map_err(|e| build_err("updating S3 Bucket website", e))?);
                }
                if let Some(e) = get_str(&w, "error_document") {
                    c = c.error_document(ErrorDocument::builder().key(e).build().map_err(|e| build_err("updating S3 Bucket website", e))?);
                }
                if let Some(r) = get_str(&w, "redirect_all_requests_to") {
                    // "https://example.com" or a bare host name.
                    let (protocol, host) = match r.split_once("://") {
                        Some((p, h)) => (Some(Protocol::from(p)), h),
                        None => (None, r),
                    };
                    c = c.redirect_all_requests_to(RedirectAllRequestsTo::builder().host_name(host).set_protocol(protocol).build().map_err(|e| build_err("updating S3 Bucket website", e))?);
                }
                s3.put_bucket_website().bucket(name).website_configuration(c.build()).send().await.map_err(|e| vec![diag("updating S3 Bucket website", &e)])?;
            }
            None if !get_blocks(prior, "website").is_empty() => {
                s3.delete_bucket_website().bucket(name).send().await.map_err(|e| vec![diag("deleting S3 Bucket website", &e)])?;
            }
            None => {}
        }
    }
    let (old, new) = (get_str(prior, "policy"), get_str(p, "policy"));
    if old != new && p.get("policy").is_some_and(|v| v.is_known()) {
        match new {
            Some(pol) => {
                s3.put_bucket_policy().bucket(name).policy(pol).send().await.map_err(|e| vec![diag("putting S3 Bucket policy", &e)])?;
            }
            None if old.is_some() => {
                s3.delete_bucket_policy().bucket(name).send().await.map_err(|e| vec![diag("deleting S3 Bucket policy", &e)])?;
            }
            None => {}
        }
    }
    Ok(())
}

/// One SSE rule from `apply_server_side_encryption_by_default` values.
pub fn sse_rule(d: &Attrs, bucket_key: Option<bool>) -> Result<ServerSideEncryptionRule, Diags> {
    let by_default = ServerSideEncryptionByDefault::builder()
        .sse_algorithm(ServerSideEncryption::from(get_str(d, "sse_algorithm").unwrap_or("AES256")))
        .set_kms_master_key_id(get_string(d, "kms_master_key_id"))
        .build()
        .map_err(|e| build_err("S3 Bucket encryption", e))?;
    Ok(ServerSideEncryptionRule::builder().apply_server_side_encryption_by_default(by_default).set_bucket_key_enabled(bucket_key).build())
}

/// The bucket's encryption rules as (sse_algorithm, kms_master_key_id, bucket_key_enabled).
pub async fn get_sse(ctx: &Ctx<'_>, name: &str) -> Result<Vec<(String, Option<String>, Option<bool>)>, Diags> {
    match ctx.clients.s3.get_bucket_encryption().bucket(name).send().await {
        Ok(o) => Ok(o
            .server_side_encryption_configuration()
            .map(|c| c.rules())
            .unwrap_or_default()
            .iter()
            .map(|r| {
                let d = r.apply_server_side_encryption_by_default();
                (d.map(|d| d.sse_algorithm().as_str().to_string()).unwrap_or_default(), d.and_then(|d| d.kms_master_key_id()).map(str::to_string), r.bucket_key_enabled())
            })
            .collect()),
        Err(e) if code(&e).as_deref() == Some("ServerSideEncryptionConfigurationNotFoundError") => Ok(Vec::new()),
        Err(e) => Err(vec![diag("reading S3 Bucket encryption", &e)]),
    }
}

async fn read_sse(ctx: &Ctx<'_>, name: &str, prior: &Attrs) -> Result<Value, Diags> {
    let rules = get_sse(ctx, name).await?;
    let Some((alg, key, bucket_key)) = rules.into_iter().next() else { return Ok(items(Vec::new())) };
    let d = obj([("sse_algorithm", s(alg)), ("kms_master_key_id", opt_s(key))]);
    // Off and unset read the same way the configuration has it.
    let prior_set = first_block(prior, "server_side_encryption_configuration").and_then(|c| first_block(&c, "rule")).is_some_and(|r| get_bool(&r, "bucket_key_enabled").is_some());
    let bk = match bucket_key {
        Some(true) => b(true),
        _ if prior_set => b(false),
        _ => Value::null(Type::Bool),
    };
    let rule = obj([("bucket_key_enabled", bk), ("apply_server_side_encryption_by_default", items(vec![d]))]);
    Ok(items(vec![obj([("rule", items(vec![rule]))])]))
}

pub fn date_of(d: &str) -> Result<DateTime, Diags> {
    let full = if d.len() == 10 { format!("{d}T00:00:00Z") } else { d.to_string() };
    DateTime::from_str(&full, Format::DateTime).map_err(|e| vec![Diag::error("Invalid lifecycle date", format!("{d:?} is not a date such as 2030-01-31: {e}"))])
}

fn date_str(d: &DateTime) -> String {
    d.fmt(Format::DateTime).map(|x| x.chars().take(10).collect()).unwrap_or_default()
}

fn lifecycle_rule(r: &Attrs) -> Result<LifecycleRule, Diags> {
    let mut filter = LifecycleRuleFilter::builder();
    let tags = get_map(r, "tags");
    let prefix = get_string(r, "prefix");
    if tags.is_empty() {
        filter = filter.prefix(prefix.unwrap_or_default());
    } else if tags.len() == 1 && prefix.is_none() {
        if let Some(t) = common::to_sdk(&tags).map_err(|e| build_err("S3 Bucket lifecycle", e))?.into_iter().next() {
            filter = filter.tag(t);
        }
    } else {
        let and = LifecycleRuleAndOperator::builder().set_prefix(prefix).set_tags(Some(common::to_sdk(&tags).map_err(|e| build_err("S3 Bucket lifecycle", e))?)).build();
        filter = filter.and(and);
    }
    let mut rule = LifecycleRule::builder()
        .set_id(get_string(r, "id"))
        .status(if get_bool(r, "enabled") == Some(true) { ExpirationStatus::Enabled } else { ExpirationStatus::Disabled })
        .filter(filter.build());
    if let Some(days) = get_i32(r, "abort_incomplete_multipart_upload_days") {
        rule = rule.abort_incomplete_multipart_upload(AbortIncompleteMultipartUpload::builder().days_after_initiation(days).build());
    }
    if let Some(e) = first_block(r, "expiration") {
        let mut x = LifecycleExpiration::builder().set_days(get_i32(&e, "days"));
        if let Some(d) = get_str(&e, "date") {
            x = x.date(date_of(d)?);
        }
        if get_bool(&e, "expired_object_delete_marker") == Some(true) {
            x = x.expired_object_delete_marker(true);
        }
        rule = rule.expiration(x.build());
    }
    for t in get_blocks(r, "transition") {
        let mut x = Transition::builder().set_days(get_i32(&t, "days")).set_storage_class(get_str(&t, "storage_class").map(TransitionStorageClass::from));
        if let Some(d) = get_str(&t, "date") {
            x = x.date(date_of(d)?);
        }
        rule = rule.transitions(x.build());
    }
    if let Some(e) = first_block(r, "noncurrent_version_expiration") {
        rule = rule.noncurrent_version_expiration(NoncurrentVersionExpiration::builder().set_noncurrent_days(get_i32(&e, "days")).build());
    }
    for t in get_blocks(r, "noncurrent_version_transition") {
        rule = rule.noncurrent_version_transitions(
            NoncurrentVersionTransition::builder().set_noncurrent_days(get_i32(&t, "days")).set_storage_class(get_str(&t, "storage_class").map(TransitionStorageClass::from)).build(),
        );
    }
    rule.build().map_err(|e| build_err("S3 Bucket lifecycle", e))
}

/// The bucket's lifecycle rules (none when it has no configuration).
pub async fn get_lifecycle(ctx: &Ctx<'_>, name: &str) -> Result<Vec<LifecycleRule>, Diags> {
    match ctx.clients.s3.get_bucket_lifecycle_configuration().bucket(name).send().await {
        Ok(o) => Ok(o.rules().to_vec()),
        Err(e) if code(&e).as_deref() == Some("NoSuchLifecycleConfiguration") => Ok(Vec::new()),
        Err(e) => Err(vec![diag("reading S3 Bucket lifecycle", &e)]),
    }
}

async fn read_lifecycle(ctx: &Ctx<'_>, name: &str) -> Result<Value, Diags> {
    let rules = get_lifecycle(ctx, name).await?;
    let out = rules
        .iter()
        .map(|r| {
            let f = r.filter();
            #[allow(deprecated)]
            let mut prefix = f.and_then(|f| f.prefix()).or_else(|| f.and_then(|f| f.and()).and_then(|a| a.prefix())).or(r.prefix()).map(str::to_string);
            if prefix.as_deref() == Some("") {
                prefix = None;
            }
            let mut tags = std::collections::BTreeMap::new();
            if let Some(t) = f.and_then(|f| f.tag()) {
                tags.insert(t.key().to_string(), s(t.value()));
            }
            for t in f.and_then(|f| f.and()).map(|a| a.tags()).unwrap_or_default() {
                tags.insert(t.key().to_string(), s(t.value()));
            }
            let expiration = r.expiration().map(|e| {
                obj([
                    ("date", opt_s(e.date().map(date_str))),
                    ("days", opt_i32(e.days())),
                    ("expired_object_delete_marker", e.expired_object_delete_marker().map(b).unwrap_or_else(|| Value::null(Type::Bool))),
                ])
            });
            let transitions = r.transitions().iter().map(|t| obj([("date", opt_s(t.date().map(date_str))), ("days", opt_i32(t.days())), ("storage_class", opt_s(t.storage_class().map(|c| c.as_str())))])).collect();
            let nve = r.noncurrent_version_expiration().map(|e| obj([("days", opt_i32(e.noncurrent_days()))]));
            let nvt = r.noncurrent_version_transitions().iter().map(|t| obj([("days", opt_i32(t.noncurrent_days())), ("storage_class", opt_s(t.storage_class().map(|c| c.as_str())))])).collect();
            obj([
                ("id", opt_s(r.id())),
                ("prefix", opt_s(prefix)),
                ("tags", if tags.is_empty() { Value::null(Type::map(Type::String)) } else { Value::map(Type::String, tags) }),
                ("enabled", b(*r.status() == ExpirationStatus::Enabled)),
                ("abort_incomplete_multipart_upload_days", opt_i32(r.abort_incomplete_multipart_upload().and_then(|a| a.days_after_initiation()))),
                ("expiration", items(expiration.into_iter().collect())),
                ("transition", items(transitions)),
                ("noncurrent_version_expiration", items(nve.into_iter().collect())),
                ("noncurrent_version_transition", items(nvt)),
            ])
        })
        .collect();
    Ok(items(out))
}
