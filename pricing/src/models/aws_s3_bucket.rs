//! `aws_s3_bucket`: an S3 bucket's storage, requests and retrievals per storage class.
//!
//! Prices (all usage-based): one sub-resource per storage class, named as infracost names
//! them. "Standard" is always shown; another class is shown when its usage key is given or
//! when one of the bucket's enabled `lifecycle_rule` blocks (AWS provider v3) transitions
//! objects to it.
//!
//! * Standard: Storage (tiered: first 50 TB, next 450 TB, over 500 TB), PUT, COPY, POST,
//!   LIST requests, GET, SELECT, and all other requests (per 1k), Select data scanned and
//!   returned (GB).
//! * Intelligent tiering: Storage by access tier (frequent, tiered like Standard;
//!   infrequent; archive instant; archive; deep archive), Monitoring and automation (per 1k
//!   objects), requests, Lifecycle transition, Select data.
//! * Standard - infrequent access, One zone - infrequent access, Glacier instant retrieval:
//!   Storage, requests, Lifecycle transition, Retrievals (GB), Select data.
//! * Glacier flexible retrieval: Storage, requests, Lifecycle transition, Retrieval
//!   requests and Retrievals (standard and expedited; bulk retrievals are free), and
//!   Early delete (within 90 days) when `early_delete_gb` is given.
//! * Glacier deep archive: as Glacier flexible retrieval with standard and bulk
//!   retrievals. The catalog has no Deep Archive storage, PUT or restore request prices:
//!   those components are shown as not priced.
//! * Object tagging (per 10k tags) when a lifecycle rule filters on tags or `object_tags`
//!   is given.
//!
//! Not priced: S3 Select on Glacier classes (no longer offered), replication, transfer
//! acceleration, inventory and analytics (their own resource types), data transfer out,
//! and storage classes named only in a separate `aws_s3_bucket_lifecycle_configuration`
//! (give their usage keys instead). Free tiers are not subtracted.
//!
//! Usage keys: `object_tags`, and per class (`standard`, `intelligent_tiering`,
//! `standard_infrequent_access`, `one_zone_infrequent_access`, `glacier_instant_retrieval`,
//! `glacier_flexible_retrieval`, `glacier_deep_archive`) a map of: `storage_gb` (for
//! intelligent tiering `frequent_access_storage_gb`, `infrequent_access_storage_gb`,
//! `archive_instant_access_storage_gb`, `archive_access_storage_gb`,
//! `deep_archive_access_storage_gb`, `monitored_objects`), `monthly_tier_1_requests`,
//! `monthly_tier_2_requests`, `monthly_lifecycle_transition_requests`,
//! `monthly_data_retrieval_gb`, `monthly_select_data_scanned_gb`,
//! `monthly_select_data_returned_gb`, `monthly_standard_data_retrieval_requests`,
//! `monthly_standard_data_retrieval_gb`, `monthly_expedited_data_retrieval_requests`,
//! `monthly_expedited_data_retrieval_gb`, `monthly_bulk_data_retrieval_requests`,
//! `monthly_bulk_data_retrieval_gb`, `early_delete_gb`.

use rust_decimal::Decimal;

use super::managed_common::{tb_tiers, tiered_usage, usage_has, usage_per};
use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::{Attrs, ResourceInput};

pub const USAGE_KEYS: &[&str] = &[
    "object_tags",
    "standard",
    "standard.storage_gb",
    "standard.monthly_tier_1_requests",
    "standard.monthly_tier_2_requests",
    "standard.monthly_select_data_scanned_gb",
    "standard.monthly_select_data_returned_gb",
    "intelligent_tiering",
    "intelligent_tiering.frequent_access_storage_gb",
    "intelligent_tiering.infrequent_access_storage_gb",
    "intelligent_tiering.archive_instant_access_storage_gb",
    "intelligent_tiering.archive_access_storage_gb",
    "intelligent_tiering.deep_archive_access_storage_gb",
    "intelligent_tiering.monitored_objects",
    "intelligent_tiering.monthly_tier_1_requests",
    "intelligent_tiering.monthly_tier_2_requests",
    "intelligent_tiering.monthly_lifecycle_transition_requests",
    "intelligent_tiering.monthly_select_data_scanned_gb",
    "intelligent_tiering.monthly_select_data_returned_gb",
    "standard_infrequent_access",
    "standard_infrequent_access.storage_gb",
    "standard_infrequent_access.monthly_tier_1_requests",
    "standard_infrequent_access.monthly_tier_2_requests",
    "standard_infrequent_access.monthly_lifecycle_transition_requests",
    "standard_infrequent_access.monthly_data_retrieval_gb",
    "standard_infrequent_access.monthly_select_data_scanned_gb",
    "standard_infrequent_access.monthly_select_data_returned_gb",
    "one_zone_infrequent_access",
    "one_zone_infrequent_access.storage_gb",
    "one_zone_infrequent_access.monthly_tier_1_requests",
    "one_zone_infrequent_access.monthly_tier_2_requests",
    "one_zone_infrequent_access.monthly_lifecycle_transition_requests",
    "one_zone_infrequent_access.monthly_data_retrieval_gb",
    "one_zone_infrequent_access.monthly_select_data_scanned_gb",
    "one_zone_infrequent_access.monthly_select_data_returned_gb",
    "glacier_instant_retrieval",
    "glacier_instant_retrieval.storage_gb",
    "glacier_instant_retrieval.monthly_tier_1_requests",
    "glacier_instant_retrieval.monthly_tier_2_requests",
    "glacier_instant_retrieval.monthly_lifecycle_transition_requests",
    "glacier_instant_retrieval.monthly_data_retrieval_gb",
    "glacier_instant_retrieval.monthly_select_data_scanned_gb",
    "glacier_instant_retrieval.monthly_select_data_returned_gb",
    "glacier_flexible_retrieval",
    "glacier_flexible_retrieval.storage_gb",
    "glacier_flexible_retrieval.monthly_tier_1_requests",
    "glacier_flexible_retrieval.monthly_tier_2_requests",
    "glacier_flexible_retrieval.monthly_lifecycle_transition_requests",
    "glacier_flexible_retrieval.monthly_standard_data_retrieval_requests",
    "glacier_flexible_retrieval.monthly_standard_data_retrieval_gb",
    "glacier_flexible_retrieval.monthly_expedited_data_retrieval_requests",
    "glacier_flexible_retrieval.monthly_expedited_data_retrieval_gb",
    "glacier_flexible_retrieval.early_delete_gb",
    "glacier_deep_archive",
    "glacier_deep_archive.storage_gb",
    "glacier_deep_archive.monthly_tier_1_requests",
    "glacier_deep_archive.monthly_tier_2_requests",
    "glacier_deep_archive.monthly_lifecycle_transition_requests",
    "glacier_deep_archive.monthly_standard_data_retrieval_requests",
    "glacier_deep_archive.monthly_standard_data_retrieval_gb",
    "glacier_deep_archive.monthly_bulk_data_retrieval_requests",
    "glacier_deep_archive.monthly_bulk_data_retrieval_gb",
    "glacier_deep_archive.early_delete_gb",
];

/// A storage class: its usage key, its sub-resource name and its name in lifecycle rules.
struct Class {
    key: &'static str,
    name: &'static str,
    lifecycle: &'static str,
}

const CLASSES: &[Class] = &[
    Class { key: "standard", name: "Standard", lifecycle: "STANDARD" },
    Class { key: "intelligent_tiering", name: "Intelligent tiering", lifecycle: "INTELLIGENT_TIERING" },
    Class { key: "standard_infrequent_access", name: "Standard - infrequent access", lifecycle: "STANDARD_IA" },
    Class { key: "one_zone_infrequent_access", name: "One zone - infrequent access", lifecycle: "ONEZONE_IA" },
    Class { key: "glacier_instant_retrieval", name: "Glacier instant retrieval", lifecycle: "GLACIER_IR" },
    Class { key: "glacier_flexible_retrieval", name: "Glacier flexible retrieval", lifecycle: "GLACIER" },
    Class { key: "glacier_deep_archive", name: "Glacier deep archive", lifecycle: "DEEP_ARCHIVE" },
];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let rules: Vec<Attrs> = a.blocks("lifecycle_rule").into_iter().filter(|rule| rule.bool("enabled") != Some(false)).collect();
    let transitions: Vec<&str> = rules
        .iter()
        .flat_map(|rule| rule.blocks("transition").into_iter().chain(rule.blocks("noncurrent_version_transition")))
        .filter_map(|t| t.str("storage_class"))
        .collect();
    let tags_in_rules = rules.iter().any(|rule| rule.get("tags").and_then(|t| t.as_object()).is_some_and(|m| !m.is_empty()));
    let object_tags = ctx.usage.num("object_tags");
    if tags_in_rules || object_tags.is_some() {
        out.components.push(usage_per(
            ctx,
            "Object tagging",
            "10k tags",
            10_000,
            object_tags,
            &Query::new("s3", region, "OBJECT_TAGS").family("tags"),
        ));
    }
    for class in CLASSES {
        if class.key == "standard" || transitions.contains(&class.lifecycle) || usage_has(ctx, class.key) {
            let s = S3 { ctx, region, key: class.key };
            out.subresources.push(PricedResource { name: class.name.to_string(), components: s.components(), ..Default::default() });
        }
    }
}

/// Prices one storage class of a bucket.
struct S3<'c, 'a, 'r> {
    ctx: &'c Ctx<'a, 'r>,
    region: &'c str,
    key: &'static str,
}

/// The catalog's names for an infrequent-access-like class's prices.
struct Infrequent {
    storage: &'static str,
    put: &'static str,
    get: &'static str,
    transition: &'static str,
    retrieval: &'static str,
    scanned: &'static str,
    returned: &'static str,
}

impl S3<'_, '_, '_> {
    /// A usage key of this class (`standard.storage_gb`).
    fn u(&self, k: &str) -> Option<Decimal> {
        self.ctx.usage.num(&format!("{}.{k}", self.key))
    }

    fn storage(&self, detail: Option<&str>, usage_key: &str, resource: &str) -> Vec<CostComponent> {
        let q = Query::new("s3", self.region, resource).family("storage");
        tiered_usage(self.ctx, "Storage", detail, "GB", self.u(usage_key), &q, tb_tiers())
    }

    fn requests(&self, name: &str, usage_key: &str, resource: &str) -> CostComponent {
        let q = Query::new("s3", self.region, resource).family("requests");
        usage_per(self.ctx, name, "1k requests", 1000, self.u(usage_key), &q)
    }

    fn gb(&self, name: &str, usage_key: &str, family: &str, resource: &str) -> CostComponent {
        let q = Query::new("s3", self.region, resource).family(family);
        usage_per(self.ctx, name, "GB", 1, self.u(usage_key), &q)
    }

    /// Early delete charges, only when usage says data is deleted early.
    fn early_delete(&self, name: &str, resource: &str) -> Option<CostComponent> {
        let qty = self.u("early_delete_gb")?;
        let q = Query::new("s3", self.region, resource).family("early_delete");
        Some(usage_per(self.ctx, name, "GB", 1, Some(qty), &q))
    }

    fn components(&self) -> Vec<CostComponent> {
        match self.key {
            "standard" => {
                let mut v = self.storage(None, "storage_gb", "STANDARD");
                v.push(self.requests("PUT, COPY, POST, LIST requests", "monthly_tier_1_requests", "STANDARD:PUT_COPY_POST_LIST"));
                v.push(self.requests("GET, SELECT, and all other requests", "monthly_tier_2_requests", "STANDARD:GET_SELECT_OTHER"));
                v.push(self.gb("Select data scanned", "monthly_select_data_scanned_gb", "select", "SELECT_SCANNED:STANDARD"));
                v.push(self.gb("Select data returned", "monthly_select_data_returned_gb", "select", "SELECT_RETURNED:STANDARD"));
                v
            }
            "intelligent_tiering" => {
                let mut v = self.storage(Some("frequent access"), "frequent_access_storage_gb", "INTELLIGENT_TIERING_FREQUENT");
                v.extend(self.storage(Some("infrequent access"), "infrequent_access_storage_gb", "INTELLIGENT_TIERING_INFREQUENT"));
                v.extend(self.storage(
                    Some("archive instant access"),
                    "archive_instant_access_storage_gb",
                    "INTELLIGENT_TIERING_ARCHIVE_INSTANT",
                ));
                v.extend(self.storage(Some("archive access"), "archive_access_storage_gb", "INTELLIGENT_TIERING_ARCHIVE"));
                v.extend(self.storage(Some("deep archive access"), "deep_archive_access_storage_gb", "INTELLIGENT_TIERING_DEEP_ARCHIVE"));
                v.push(usage_per(
                    self.ctx,
                    "Monitoring and automation",
                    "1k objects",
                    1000,
                    self.u("monitored_objects"),
                    &Query::new("s3", self.region, "INTELLIGENT_TIERING_MONITORING").family("monitoring"),
                ));
                v.push(self.requests("PUT, COPY, POST, LIST requests", "monthly_tier_1_requests", "PUT:INTELLIGENT_TIERING"));
                v.push(self.requests("GET, SELECT, and all other requests", "monthly_tier_2_requests", "GET:INTELLIGENT_TIERING"));
                v.push(self.requests("Lifecycle transition", "monthly_lifecycle_transition_requests", "LIFECYCLE_TRANSITION:INTELLIGENT_TIERING"));
                v.push(self.gb("Select data scanned", "monthly_select_data_scanned_gb", "select", "SELECT_SCANNED:INTELLIGENT_TIERING"));
                v.push(self.gb("Select data returned", "monthly_select_data_returned_gb", "select", "SELECT_RETURNED:INTELLIGENT_TIERING"));
                v
            }
            "standard_infrequent_access" => self.infrequent(&Infrequent {
                storage: "STANDARD_IA",
                put: "PUT:STANDARD_IA",
                get: "GET:STANDARD_IA",
                transition: "LIFECYCLE_TRANSITION:STANDARD_IA",
                retrieval: "RETRIEVAL:STANDARD_IA",
                scanned: "SELECT_SCANNED:STANDARD_IA",
                returned: "SELECT_RETURNED:STANDARD_IA",
            }),
            "one_zone_infrequent_access" => self.infrequent(&Infrequent {
                storage: "ONEZONE_IA",
                put: "PUT:ONEZONE_IA",
                get: "GET:ONEZONE_IA",
                transition: "LIFECYCLE_TRANSITION:ONEZONE_IA",
                retrieval: "RETRIEVAL:ONEZONE_IA",
                scanned: "SELECT_SCANNED:ONEZONE_IA",
                returned: "SELECT_RETURNED:ONEZONE_IA",
            }),
            "glacier_instant_retrieval" => self.infrequent(&Infrequent {
                storage: "GLACIER_IR",
                put: "PUT:GLACIER_IR",
                get: "GET:GLACIER_IR",
                transition: "LIFECYCLE_TRANSITION:GLACIER_IR",
                retrieval: "RETRIEVAL:GLACIER_IR",
                scanned: "SELECT_SCANNED:GLACIER_IR",
                returned: "SELECT_RETURNED:GLACIER_IR",
            }),
            "glacier_flexible_retrieval" => {
                let mut v = self.storage(None, "storage_gb", "GLACIER");
                v.push(self.requests("PUT, COPY, POST, LIST requests", "monthly_tier_1_requests", "PUT:GLACIER"));
                v.push(self.requests("GET, SELECT, and all other requests", "monthly_tier_2_requests", "GET:GLACIER"));
                v.push(self.requests("Lifecycle transition", "monthly_lifecycle_transition_requests", "LIFECYCLE_TRANSITION:GLACIER"));
                v.push(self.requests("Retrieval requests (standard)", "monthly_standard_data_retrieval_requests", "RESTORE:GLACIER:standard"));
                v.push(self.gb("Retrievals (standard)", "monthly_standard_data_retrieval_gb", "retrieval", "RETRIEVAL:GLACIER:standard"));
                v.push(self.requests("Retrieval requests (expedited)", "monthly_expedited_data_retrieval_requests", "RESTORE:GLACIER:expedited"));
                v.push(self.gb("Retrievals (expedited)", "monthly_expedited_data_retrieval_gb", "retrieval", "RETRIEVAL:GLACIER:expedited"));
                v.extend(self.early_delete("Early delete (within 90 days)", "EARLY_DELETE:GLACIER"));
                v
            }
            "glacier_deep_archive" => {
                let mut v = self.storage(None, "storage_gb", "DEEP_ARCHIVE");
                v.push(self.requests("PUT, COPY, POST, LIST requests", "monthly_tier_1_requests", "PUT:DEEP_ARCHIVE"));
                v.push(self.requests("GET, SELECT, and all other requests", "monthly_tier_2_requests", "GET:DEEP_ARCHIVE"));
                v.push(self.requests("Lifecycle transition", "monthly_lifecycle_transition_requests", "LIFECYCLE_TRANSITION:DEEP_ARCHIVE"));
                v.push(self.requests("Retrieval requests (standard)", "monthly_standard_data_retrieval_requests", "RESTORE:DEEP_ARCHIVE:standard"));
                v.push(self.gb("Retrievals (standard)", "monthly_standard_data_retrieval_gb", "retrieval", "RETRIEVAL:DEEP_ARCHIVE:standard"));
                v.push(self.requests("Retrieval requests (bulk)", "monthly_bulk_data_retrieval_requests", "RESTORE:DEEP_ARCHIVE:bulk"));
                v.push(self.gb("Retrievals (bulk)", "monthly_bulk_data_retrieval_gb", "retrieval", "RETRIEVAL:DEEP_ARCHIVE:bulk"));
                v.extend(self.early_delete("Early delete (within 180 days)", "EARLY_DELETE:DEEP_ARCHIVE"));
                v
            }
            _ => Vec::new(),
        }
    }

    fn infrequent(&self, n: &Infrequent) -> Vec<CostComponent> {
        let mut v = self.storage(None, "storage_gb", n.storage);
        v.push(self.requests("PUT, COPY, POST, LIST requests", "monthly_tier_1_requests", n.put));
        v.push(self.requests("GET, SELECT, and all other requests", "monthly_tier_2_requests", n.get));
        v.push(self.requests("Lifecycle transition", "monthly_lifecycle_transition_requests", n.transition));
        v.push(self.gb("Retrievals", "monthly_data_retrieval_gb", "retrieval", n.retrieval));
        v.push(self.gb("Select data scanned", "monthly_select_data_scanned_gb", "select", n.scanned));
        v.push(self.gb("Select data returned", "monthly_select_data_returned_gb", "select", n.returned));
        v
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn bucket(region: &str, values: Value, usage: Value) -> crate::json::Resource {
        price("aws_s3_bucket", region, values, usage)
    }

    #[test]
    fn without_usage_standard_depends_on_usage() {
        let r = bucket("us-east-1", json!({"bucket": "b"}), Value::Null);
        let subs: Vec<&str> = r.subresources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(subs, ["Standard"]);
        assert!(r.cost_components.is_empty());
        let st = &r.subresources[0];
        assert_eq!(
            names(st),
            [
                "Storage (first 50 TB)",
                "PUT, COPY, POST, LIST requests",
                "GET, SELECT, and all other requests",
                "Select data scanned",
                "Select data returned"
            ]
        );
        let storage = comp(&r, Some("Standard"), "Storage (first 50 TB)");
        // us-east-1 STANDARD first tier: 0.023 per GB-month.
        assert_eq!(storage.price, d("0.023"));
        assert!(storage.usage_based && storage.monthly_cost.is_none() && !storage.price_not_found);
        // 0.000005 per PUT request, shown per 1k requests.
        assert_eq!(comp(&r, Some("Standard"), "PUT, COPY, POST, LIST requests").price, d("0.005"));
        assert_eq!(r.monthly_cost, Some(d("0")));
    }

    #[test]
    fn standard_storage_is_tiered_and_requests_priced() {
        let usage = json!({"standard": {"storage_gb": 60000, "monthly_tier_1_requests": 1000000, "monthly_tier_2_requests": 10000000}});
        let r = bucket("us-east-1", json!({}), usage);
        // 51,200 GB * 0.023 = 1177.6; 8,800 GB * 0.022 = 193.6.
        assert_eq!(monthly(comp(&r, Some("Standard"), "Storage (first 50 TB)")), d("1177.6"));
        assert_eq!(monthly(comp(&r, Some("Standard"), "Storage (next 450 TB)")), d("193.6"));
        // 1,000,000 * 0.000005 = 5; 10,000,000 * 0.0000004 = 4.
        let put = comp(&r, Some("Standard"), "PUT, COPY, POST, LIST requests");
        assert_eq!(put.monthly_quantity, Some(d("1000")));
        assert_eq!(monthly(put), d("5"));
        assert_eq!(monthly(comp(&r, Some("Standard"), "GET, SELECT, and all other requests")), d("4"));
        // 1177.6 + 193.6 + 5 + 4.
        assert_eq!(r.monthly_cost, Some(d("1380.2")));
        assert_eq!(r.monthly_usage_cost, Some(d("1380.2")));
    }

    #[test]
    fn another_region_has_its_own_prices() {
        let r = bucket("eu-west-2", json!({}), json!({"standard": {"storage_gb": 100}}));
        // eu-west-2 STANDARD first tier 0.024: 100 * 0.024 = 2.4.
        assert_eq!(monthly(comp(&r, Some("Standard"), "Storage (first 50 TB)")), d("2.4"));
    }

    #[test]
    fn infrequent_access_classes_from_usage() {
        let usage = json!({
            "standard_infrequent_access": {"storage_gb": 1000, "monthly_data_retrieval_gb": 200, "monthly_lifecycle_transition_requests": 50000},
            "one_zone_infrequent_access": {"storage_gb": 1000},
            "glacier_instant_retrieval": {"storage_gb": 1000, "monthly_data_retrieval_gb": 10},
        });
        let r = bucket("us-east-1", json!({}), usage);
        let sia = Some("Standard - infrequent access");
        // 1000 * 0.0125 = 12.5; retrievals 200 * 0.01 = 2; transitions 50,000 * 0.00001 = 0.5.
        assert_eq!(monthly(comp(&r, sia, "Storage")), d("12.5"));
        assert_eq!(monthly(comp(&r, sia, "Retrievals")), d("2"));
        assert_eq!(monthly(comp(&r, sia, "Lifecycle transition")), d("0.5"));
        // One Zone-IA 1000 * 0.01 = 10.
        assert_eq!(monthly(comp(&r, Some("One zone - infrequent access"), "Storage")), d("10"));
        // Glacier IR 1000 * 0.004 = 4; retrievals 10 * 0.03 = 0.3.
        assert_eq!(monthly(comp(&r, Some("Glacier instant retrieval"), "Storage")), d("4"));
        assert_eq!(monthly(comp(&r, Some("Glacier instant retrieval"), "Retrievals")), d("0.3"));
        // Standard has no usage: 0. Total 12.5 + 2 + 0.5 + 10 + 4 + 0.3.
        assert_eq!(r.monthly_cost, Some(d("29.3")));
    }

    #[test]
    fn intelligent_tiering_tiers() {
        let usage = json!({"intelligent_tiering": {
            "frequent_access_storage_gb": 100, "infrequent_access_storage_gb": 200,
            "archive_access_storage_gb": 1000, "deep_archive_access_storage_gb": 1000, "monitored_objects": 2000000
        }});
        let r = bucket("us-east-1", json!({}), usage);
        let it = Some("Intelligent tiering");
        // 100 * 0.023 = 2.3; 200 * 0.0125 = 2.5; 1000 * 0.0036 = 3.6; 1000 * 0.00099 = 0.99.
        assert_eq!(monthly(comp(&r, it, "Storage (frequent access, first 50 TB)")), d("2.3"));
        assert_eq!(monthly(comp(&r, it, "Storage (infrequent access)")), d("2.5"));
        assert_eq!(monthly(comp(&r, it, "Storage (archive access)")), d("3.6"));
        assert_eq!(monthly(comp(&r, it, "Storage (deep archive access)")), d("0.99"));
        assert!(comp(&r, it, "Storage (archive instant access)").monthly_cost.is_none());
        // 2,000,000 objects * 0.0000025 = 5, shown as 2000 x 1k objects at 0.0025.
        let mon = comp(&r, it, "Monitoring and automation");
        assert_eq!((mon.monthly_quantity, mon.price, monthly(mon)), (Some(d("2000")), d("0.0025"), d("5")));
    }

    #[test]
    fn lifecycle_rules_add_glacier_classes_and_object_tags() {
        let values = json!({"lifecycle_rule": [{
            "enabled": true,
            "tags": {"archive": "yes"},
            "transition": [{"days": 30, "storage_class": "GLACIER"}],
            "noncurrent_version_transition": [{"days": 30, "storage_class": "DEEP_ARCHIVE"}]
        }, {
            "enabled": false,
            "transition": [{"days": 30, "storage_class": "ONEZONE_IA"}]
        }]});
        let r = bucket("us-east-1", values, json!({"object_tags": 20000}));
        let subs: Vec<&str> = r.subresources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(subs, ["Standard", "Glacier flexible retrieval", "Glacier deep archive"]);
        // 20,000 tags * 0.00000065 = 0.013, shown per 10k tags.
        let tags = comp(&r, None, "Object tagging");
        assert_eq!((tags.monthly_quantity, monthly(tags)), (Some(d("2")), d("0.013")));
        // Glacier Flexible Retrieval storage 0.0036 per GB, no usage.
        assert_eq!(comp(&r, Some("Glacier flexible retrieval"), "Storage").price, d("0.0036"));
    }

    #[test]
    fn glacier_retrievals_and_deep_archive_gaps() {
        let usage = json!({
            "glacier_flexible_retrieval": {"storage_gb": 10000, "monthly_standard_data_retrieval_requests": 10000,
                "monthly_standard_data_retrieval_gb": 500, "monthly_expedited_data_retrieval_gb": 10, "early_delete_gb": 5},
            "glacier_deep_archive": {"storage_gb": 10000, "monthly_bulk_data_retrieval_gb": 1000, "monthly_tier_2_requests": 1000},
        });
        let r = bucket("us-east-1", json!({}), usage);
        let gfr = Some("Glacier flexible retrieval");
        // 10000 * 0.0036 = 36; 10,000 restore requests * 0.00005 = 0.5; 500 GB * 0.01 = 5;
        // expedited 10 GB * 0.03 = 0.3.
        assert_eq!(monthly(comp(&r, gfr, "Storage")), d("36"));
        assert_eq!(monthly(comp(&r, gfr, "Retrieval requests (standard)")), d("0.5"));
        assert_eq!(monthly(comp(&r, gfr, "Retrievals (standard)")), d("5"));
        assert_eq!(monthly(comp(&r, gfr, "Retrievals (expedited)")), d("0.3"));
        let early = comp(&r, gfr, "Early delete (within 90 days)");
        assert!(early.price_not_found && early.monthly_quantity == Some(d("5")));
        let gda = Some("Glacier deep archive");
        let storage = comp(&r, gda, "Storage");
        assert!(storage.price_not_found);
        assert_eq!(storage.price_not_found_reason.as_deref(), Some("the price catalog has no s3 price for \"DEEP_ARCHIVE\" in us-east-1"));
        assert!(comp(&r, gda, "PUT, COPY, POST, LIST requests").price_not_found);
        // Bulk retrievals 1000 GB * 0.0025 = 2.5; GETs 1000 * 0.0000004 = 0.0004.
        assert_eq!(monthly(comp(&r, gda, "Retrievals (bulk)")), d("2.5"));
        assert_eq!(monthly(comp(&r, gda, "GET, SELECT, and all other requests")), d("0.0004"));
        // 36 + 0.5 + 5 + 0.3 + 2.5 + 0.0004; not-found components add nothing.
        assert_eq!(r.monthly_cost, Some(d("44.3004")));
    }

    #[test]
    fn a_region_missing_from_the_catalog() {
        let r = bucket("xx-nowhere-1", json!({}), json!({"standard": {"storage_gb": 10}}));
        let c = comp(&r, Some("Standard"), "Storage");
        assert!(c.price_not_found);
        assert!(c.price_not_found_reason.as_deref().unwrap_or_default().starts_with("the price catalog has no s3 prices for region xx-nowhere-1"));
    }
}
