//! The report as JSON: a versioned contract of its own (see the module documentation of
//! [`crate::report`]); these types are written as they are and only here.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::allocate::Allocation;
use super::model::UnitEconomics;

/// The version of the JSON contract. Adding keys keeps it; renaming, removing or
/// changing the meaning of one moves it.
pub const VERSION: &str = "1";

/// Money: two decimals, as a string.
fn m(d: Decimal) -> String {
    let mut r = d.round_dp(2);
    r.rescale(2);
    r.to_string()
}

/// A unit cost or other exact figure, as a string without trailing zeros.
fn x(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.normalize().to_string())
}

fn share(part: Decimal, total: Decimal) -> String {
    if total.is_zero() {
        return "0".into();
    }
    (part / total).round_dp(4).normalize().to_string()
}

#[derive(Serialize)]
pub struct Json {
    pub version: &'static str,
    pub currency: String,
    pub generated_at: String,
    pub period: String,
    pub group_by: String,
    pub total_monthly_cost: String,
    pub unallocated_monthly_cost: String,
    pub untagged_monthly_cost: String,
    pub unit_costs: BTreeMap<String, Option<String>>,
    pub groups: Vec<Group>,
    pub shared: Shared,
    pub rounding: Rounding,
    pub metrics: Vec<Metric>,
    pub periods: Vec<PeriodJson>,
    pub projection: Option<ProjectionJson>,
    pub targets: Vec<TargetJson>,
    pub coverage: CoverageJson,
    pub notes: Vec<String>,
    pub sources: Sources,
}

#[derive(Serialize)]
pub struct Group {
    pub name: String,
    pub monthly_cost: String,
    pub direct_monthly_cost: String,
    pub shared_monthly_cost: String,
    pub rounding: String,
    pub share: String,
    pub resources: usize,
    pub unit_costs: BTreeMap<String, Option<String>>,
    pub units: BTreeMap<String, Option<String>>,
}

#[derive(Serialize)]
pub struct Shared {
    pub monthly_cost: String,
    pub rule: String,
    pub weights: Option<BTreeMap<String, String>>,
    pub resources: Vec<String>,
    pub unsplit_monthly_cost: String,
}

#[derive(Serialize)]
pub struct Rounding {
    pub amount: String,
    pub to: String,
}

#[derive(Serialize)]
pub struct Metric {
    pub name: String,
    pub unit: String,
    pub aggregate: String,
    pub units: Option<String>,
    pub unit_cost: Option<String>,
    pub units_basis: &'static str,
    pub display_per: u64,
    pub trend: Vec<TrendJson>,
    pub projected: Option<ProjectedJson>,
}

#[derive(Serialize)]
pub struct TrendJson {
    pub period: String,
    pub units: Option<String>,
    pub monthly_cost: String,
    pub unit_cost: Option<String>,
    pub change_percent: Option<String>,
    pub marginal_cost: Option<String>,
    pub groups: BTreeMap<String, GroupUnits>,
}

#[derive(Serialize)]
pub struct GroupUnits {
    pub units: Option<String>,
    pub unit_cost: Option<String>,
}

#[derive(Serialize)]
pub struct ProjectedJson {
    pub before: Option<String>,
    pub after: Option<String>,
    pub change_percent: Option<String>,
    pub groups: BTreeMap<String, BeforeAfter>,
}

#[derive(Serialize)]
pub struct BeforeAfter {
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Serialize)]
pub struct PeriodJson {
    pub period: String,
    pub start: String,
    pub end: String,
    pub cost_basis: &'static str,
    pub total_monthly_cost: String,
    pub unallocated_monthly_cost: String,
    pub groups: Vec<PeriodGroup>,
}

#[derive(Serialize)]
pub struct PeriodGroup {
    pub name: String,
    pub monthly_cost: String,
}

#[derive(Serialize)]
pub struct ProjectionJson {
    pub source: String,
    pub monthly_cost_before: String,
    pub monthly_cost_after: String,
    pub diff_monthly_cost: String,
    pub groups: Vec<ProjectionGroup>,
}

#[derive(Serialize)]
pub struct ProjectionGroup {
    pub name: String,
    pub before: String,
    pub after: String,
}

#[derive(Serialize)]
pub struct TargetJson {
    pub metric: String,
    pub group: Option<String>,
    pub max_unit_cost: String,
    pub actual: Option<String>,
    pub projected: Option<String>,
    pub met: bool,
}

#[derive(Serialize)]
pub struct CoverageJson {
    pub resources: usize,
    pub priced_resources: usize,
    pub free_resources: usize,
    pub unpriced_resources: usize,
    pub unpriced_share: String,
    pub unsupported: Vec<String>,
    pub price_missing: Vec<String>,
    pub usage_missing: Vec<String>,
    pub usage_monthly_cost: String,
}

#[derive(Serialize)]
pub struct Sources {
    pub metrics: String,
    pub costs: Vec<String>,
}

fn period_groups(a: &Allocation) -> Vec<PeriodGroup> {
    a.groups.iter().map(|g| PeriodGroup { name: g.name.clone(), monthly_cost: m(g.monthly_cost) }).collect()
}

impl Json {
    pub fn from_report(r: &UnitEconomics) -> Json {
        let cur = r.current();
        let unit_costs = r.metrics.iter().map(|mr| (mr.name.clone(), x(mr.unit_cost))).collect();
        let groups = cur
            .groups
            .iter()
            .map(|g| Group {
                name: g.name.clone(),
                monthly_cost: m(g.monthly_cost),
                direct_monthly_cost: m(g.direct),
                shared_monthly_cost: m(g.shared),
                rounding: m(g.rounding),
                share: share(g.monthly_cost, cur.total),
                resources: g.resources,
                unit_costs: r.metrics.iter().map(|mr| (mr.name.clone(), x(mr.group_unit_cost(&g.name)))).collect(),
                units: r.metrics.iter().map(|mr| (mr.name.clone(), x(mr.group_units.get(&g.name).copied().flatten()))).collect(),
            })
            .collect();
        let weights = match &r.rules.split {
            super::allocate::SplitRule::Weights(w) => Some(w.iter().map(|(k, v)| (k.clone(), v.normalize().to_string())).collect()),
            _ => None,
        };
        let metrics = r
            .metrics
            .iter()
            .map(|mr| Metric {
                name: mr.name.clone(),
                unit: mr.unit_name.clone(),
                aggregate: mr.aggregate.clone(),
                units: x(mr.units),
                unit_cost: x(mr.unit_cost),
                units_basis: if mr.per_group_units { "group" } else { "total" },
                display_per: mr.display_per,
                trend: mr
                    .trend
                    .iter()
                    .map(|t| TrendJson {
                        period: t.period.to_string(),
                        units: x(t.units),
                        monthly_cost: m(t.monthly_cost),
                        unit_cost: x(t.unit_cost),
                        change_percent: x(t.change_percent),
                        marginal_cost: x(t.marginal_cost),
                        groups: t.groups.iter().map(|(k, v)| (k.clone(), GroupUnits { units: x(v.units), unit_cost: x(v.unit_cost) })).collect(),
                    })
                    .collect(),
                projected: mr.projected.as_ref().map(|p| ProjectedJson {
                    before: x(p.before),
                    after: x(p.after),
                    change_percent: x(super::unit::change_percent(p.before, p.after)),
                    groups: p.groups.iter().map(|(k, (b, a))| (k.clone(), BeforeAfter { before: x(*b), after: x(*a) })).collect(),
                }),
            })
            .collect();
        let periods = r
            .periods
            .iter()
            .map(|p| PeriodJson {
                period: p.period.to_string(),
                start: p.period.start().to_string(),
                end: p.period.end().to_string(),
                cost_basis: p.basis.as_str(),
                total_monthly_cost: m(p.allocation.total),
                unallocated_monthly_cost: m(p.allocation.unallocated()),
                groups: period_groups(&p.allocation),
            })
            .collect();
        let projection = r.projection.as_ref().map(|p| {
            let mut names: Vec<String> = p.after.groups.iter().map(|g| g.name.clone()).collect();
            for g in &p.before.groups {
                if !names.contains(&g.name) {
                    names.push(g.name.clone());
                }
            }
            let cost = |a: &Allocation, n: &str| a.group(n).map_or(Decimal::ZERO, |g| g.monthly_cost);
            ProjectionJson {
                source: p.source.clone(),
                monthly_cost_before: m(p.before.total),
                monthly_cost_after: m(p.after.total),
                diff_monthly_cost: m(p.after.total - p.before.total),
                groups: names.iter().map(|n| ProjectionGroup { name: n.clone(), before: m(cost(&p.before, n)), after: m(cost(&p.after, n)) }).collect(),
            }
        });
        let c = &r.coverage;
        Json {
            version: VERSION,
            currency: r.currency.clone(),
            generated_at: r.generated_at.clone(),
            period: r.latest().period.to_string(),
            group_by: r.rules.group_by.to_string(),
            total_monthly_cost: m(cur.total),
            unallocated_monthly_cost: m(cur.unallocated()),
            untagged_monthly_cost: m(cur.untagged),
            unit_costs,
            groups,
            shared: Shared {
                monthly_cost: m(cur.shared_total),
                rule: r.rules.split.to_string(),
                weights,
                resources: cur.shared_resources.clone(),
                unsplit_monthly_cost: m(cur.shared_unsplit),
            },
            rounding: Rounding { amount: m(cur.remainder), to: cur.remainder_to.clone() },
            metrics,
            periods,
            projection,
            targets: r
                .targets
                .iter()
                .map(|t| TargetJson {
                    metric: t.metric.clone(),
                    group: t.group.clone(),
                    max_unit_cost: t.max_unit_cost.normalize().to_string(),
                    actual: x(t.actual),
                    projected: x(t.projected),
                    met: t.met,
                })
                .collect(),
            coverage: CoverageJson {
                resources: c.resources(),
                priced_resources: c.priced_resources,
                free_resources: c.free_resources,
                unpriced_resources: c.unpriced(),
                unpriced_share: share(Decimal::from(c.unpriced() as u64), Decimal::from(c.resources() as u64)),
                unsupported: c.unsupported.iter().map(|u| u.name.clone()).collect(),
                price_missing: c.price_missing.clone(),
                usage_missing: c.usage_missing.clone(),
                usage_monthly_cost: m(c.usage_cost),
            },
            notes: r.notes.clone(),
            sources: Sources { metrics: r.metrics_source.clone(), costs: r.cost_sources.clone() },
        }
    }
}

/// The report as pretty-printed JSON, with a final newline.
pub fn render(r: &UnitEconomics) -> String {
    let mut s = serde_json::to_string_pretty(&Json::from_report(r)).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
