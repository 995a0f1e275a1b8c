//! The cost report as JSON: infracost's output schema, version 0.2, so tools written for
//! infracost JSON read Terrace's. Money and quantities are decimal strings.
//!
//! Terrace adds a few keys infracost does not have (readers of the 0.2 schema ignore
//! them): `breakdown.freeResources`, `breakdown.unsupportedResources`,
//! `costComponents[].priceNotFoundReason`, `summary.totalPriceNotFoundResources`.
//!
//! The same structs read infracost's JSON back (for `cost diff --compare-to` and
//! `cost output`): every field has a default.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::{CostComponent, PricedResource};

pub const SCHEMA_VERSION: &str = "0.2";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Report {
    pub version: String,
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub currency: String,
    pub projects: Vec<Project>,
    pub total_hourly_cost: Option<Decimal>,
    pub total_monthly_cost: Option<Decimal>,
    pub total_monthly_usage_cost: Option<Decimal>,
    pub past_total_hourly_cost: Option<Decimal>,
    pub past_total_monthly_cost: Option<Decimal>,
    pub past_total_monthly_usage_cost: Option<Decimal>,
    pub diff_total_hourly_cost: Option<Decimal>,
    pub diff_total_monthly_cost: Option<Decimal>,
    pub diff_total_monthly_usage_cost: Option<Decimal>,
    pub time_generated: String,
    pub summary: Summary,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Project {
    pub name: String,
    pub metadata: ProjectMetadata,
    pub past_breakdown: Option<Breakdown>,
    pub breakdown: Option<Breakdown>,
    pub diff: Option<Breakdown>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ProjectMetadata {
    pub path: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terraform_workspace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vcs_sub_path: Option<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Breakdown {
    pub resources: Vec<Resource>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub free_resources: Vec<NamedResource>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unsupported_resources: Vec<NamedResource>,
    pub total_hourly_cost: Option<Decimal>,
    pub total_monthly_cost: Option<Decimal>,
    pub total_monthly_usage_cost: Option<Decimal>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "camelCase", default)]
pub struct NamedResource {
    pub name: String,
    pub resource_type: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Resource {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub resource_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub hourly_cost: Option<Decimal>,
    pub monthly_cost: Option<Decimal>,
    pub monthly_usage_cost: Option<Decimal>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cost_components: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subresources: Vec<Resource>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Component {
    pub name: String,
    pub unit: String,
    pub hourly_quantity: Option<Decimal>,
    pub monthly_quantity: Option<Decimal>,
    pub price: Decimal,
    pub hourly_cost: Option<Decimal>,
    pub monthly_cost: Option<Decimal>,
    pub usage_based: bool,
    pub price_not_found: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_not_found_reason: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Summary {
    pub total_detected_resources: Option<i64>,
    pub total_supported_resources: Option<i64>,
    pub total_unsupported_resources: Option<i64>,
    pub total_usage_based_resources: Option<i64>,
    pub total_no_price_resources: Option<i64>,
    pub total_price_not_found_resources: Option<i64>,
    pub unsupported_resource_counts: Option<BTreeMap<String, i64>>,
    pub no_price_resource_counts: Option<BTreeMap<String, i64>>,
}

impl Component {
    pub fn from_cost(c: &CostComponent) -> Component {
        let m = c.unit_multiplier;
        let shown = |q: Option<Decimal>| q.map(|q| (q / m).normalize());
        Component {
            name: c.name.clone(),
            unit: c.unit.clone(),
            hourly_quantity: shown(c.hourly_quantity.or(c.monthly_quantity.map(|q| q / crate::cost::HOURS_PER_MONTH))),
            monthly_quantity: shown(c.monthly_qty()),
            price: (c.price * m).normalize(),
            hourly_cost: c.hourly_cost().map(|d| d.normalize()),
            monthly_cost: c.monthly_cost().map(|d| d.normalize()),
            usage_based: c.usage_based,
            price_not_found: c.price_not_found.is_some(),
            price_not_found_reason: c.price_not_found.clone(),
        }
    }
}

impl Resource {
    pub fn from_priced(r: &PricedResource, top: bool) -> Resource {
        let mut metadata = serde_json::Map::new();
        if top && !r.region.is_empty() {
            metadata.insert("region".into(), r.region.clone().into());
        }
        if !r.notes.is_empty() {
            metadata.insert("notes".into(), r.notes.clone().into());
        }
        Resource {
            name: r.name.clone(),
            resource_type: if top { r.resource_type.clone() } else { String::new() },
            tags: if top { Some(r.tags.clone()) } else { None },
            metadata,
            hourly_cost: Some(r.hourly_cost().normalize()),
            monthly_cost: Some(r.monthly_cost().normalize()),
            monthly_usage_cost: Some(r.monthly_usage_cost().normalize()),
            cost_components: r.components.iter().map(Component::from_cost).collect(),
            subresources: r.subresources.iter().map(|s| Resource::from_priced(s, false)).collect(),
        }
    }

    /// Every component of the resource and its sub-resources.
    pub fn all_components(&self) -> Vec<&Component> {
        let mut v: Vec<&Component> = self.cost_components.iter().collect();
        for s in &self.subresources {
            v.extend(s.all_components());
        }
        v
    }

    pub fn price_not_found(&self) -> bool {
        self.all_components().iter().any(|c| c.price_not_found)
    }

    pub fn usage_based(&self) -> bool {
        self.all_components().iter().any(|c| c.usage_based)
    }
}

impl Breakdown {
    /// Sums the resources' costs into the totals.
    pub fn compute_totals(&mut self) {
        let sum = |f: &dyn Fn(&Resource) -> Option<Decimal>| -> Decimal { self.resources.iter().filter_map(f).sum::<Decimal>().normalize() };
        self.total_hourly_cost = Some(sum(&|r| r.hourly_cost));
        self.total_monthly_cost = Some(sum(&|r| r.monthly_cost));
        self.total_monthly_usage_cost = Some(sum(&|r| r.monthly_usage_cost));
    }

    /// The summary counts for this breakdown.
    pub fn summary(&self) -> Summary {
        let mut unsupported: BTreeMap<String, i64> = BTreeMap::new();
        for u in &self.unsupported_resources {
            *unsupported.entry(u.resource_type.clone()).or_default() += 1;
        }
        let mut free: BTreeMap<String, i64> = BTreeMap::new();
        for u in &self.free_resources {
            *free.entry(u.resource_type.clone()).or_default() += 1;
        }
        let priced = self.resources.len() as i64;
        let n_free = self.free_resources.len() as i64;
        let n_unsupported = self.unsupported_resources.len() as i64;
        Summary {
            total_detected_resources: Some(priced + n_free + n_unsupported),
            total_supported_resources: Some(priced),
            total_unsupported_resources: Some(n_unsupported),
            total_usage_based_resources: Some(self.resources.iter().filter(|r| r.usage_based()).count() as i64),
            total_no_price_resources: Some(n_free),
            total_price_not_found_resources: Some(self.resources.iter().filter(|r| r.price_not_found()).count() as i64),
            unsupported_resource_counts: Some(unsupported),
            no_price_resource_counts: Some(free),
        }
    }
}

impl Summary {
    /// Adds another project's counts.
    pub fn add(&mut self, o: &Summary) {
        fn add(a: &mut Option<i64>, b: Option<i64>) {
            if let Some(b) = b {
                *a = Some(a.unwrap_or(0) + b);
            }
        }
        fn add_map(a: &mut Option<BTreeMap<String, i64>>, b: &Option<BTreeMap<String, i64>>) {
            if let Some(b) = b {
                let a = a.get_or_insert_with(BTreeMap::new);
                for (k, v) in b {
                    *a.entry(k.clone()).or_default() += v;
                }
            }
        }
        add(&mut self.total_detected_resources, o.total_detected_resources);
        add(&mut self.total_supported_resources, o.total_supported_resources);
        add(&mut self.total_unsupported_resources, o.total_unsupported_resources);
        add(&mut self.total_usage_based_resources, o.total_usage_based_resources);
        add(&mut self.total_no_price_resources, o.total_no_price_resources);
        add(&mut self.total_price_not_found_resources, o.total_price_not_found_resources);
        add_map(&mut self.unsupported_resource_counts, &o.unsupported_resource_counts);
        add_map(&mut self.no_price_resource_counts, &o.no_price_resource_counts);
    }
}

impl Report {
    /// A report over projects, with the totals and summary summed.
    pub fn new(projects: Vec<Project>, time_generated: String) -> Report {
        let mut r = Report {
            version: SCHEMA_VERSION.to_string(),
            currency: "USD".to_string(),
            projects,
            time_generated,
            ..Default::default()
        };
        r.compute_totals();
        r
    }

    /// Recomputes the report's totals and summary from its projects.
    pub fn compute_totals(&mut self) {
        fn total(ps: &[Project], pick: &dyn Fn(&Project) -> Option<&Breakdown>, f: &dyn Fn(&Breakdown) -> Option<Decimal>) -> Option<Decimal> {
            let vals: Vec<Decimal> = ps.iter().filter_map(pick).filter_map(f).collect();
            (!vals.is_empty()).then(|| vals.into_iter().sum::<Decimal>().normalize())
        }
        let ps = &self.projects;
        self.total_hourly_cost = total(ps, &|p| p.breakdown.as_ref(), &|b| b.total_hourly_cost);
        self.total_monthly_cost = total(ps, &|p| p.breakdown.as_ref(), &|b| b.total_monthly_cost);
        self.total_monthly_usage_cost = total(ps, &|p| p.breakdown.as_ref(), &|b| b.total_monthly_usage_cost);
        self.past_total_hourly_cost = total(ps, &|p| p.past_breakdown.as_ref(), &|b| b.total_hourly_cost);
        self.past_total_monthly_cost = total(ps, &|p| p.past_breakdown.as_ref(), &|b| b.total_monthly_cost);
        self.past_total_monthly_usage_cost = total(ps, &|p| p.past_breakdown.as_ref(), &|b| b.total_monthly_usage_cost);
        self.diff_total_hourly_cost = total(ps, &|p| p.diff.as_ref(), &|b| b.total_hourly_cost);
        self.diff_total_monthly_cost = total(ps, &|p| p.diff.as_ref(), &|b| b.total_monthly_cost);
        self.diff_total_monthly_usage_cost = total(ps, &|p| p.diff.as_ref(), &|b| b.total_monthly_usage_cost);
        let mut s = Summary::default();
        for p in ps {
            s.add(&p.summary);
        }
        self.summary = s;
    }

    /// Reads a report written by Terrace or infracost.
    pub fn from_json(text: &str) -> Result<Report, serde_json::Error> {
        serde_json::from_str(text)
    }
}
