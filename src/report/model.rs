//! Computing a unit-economics report: cost snapshots placed on the metrics' periods,
//! allocated by the rules, divided by the metrics' units. Every renderer reads the
//! [`UnitEconomics`] this builds and nothing else.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use terrace_pricing::json::{Breakdown, NamedResource, Project, Report};
use terrace_pricing::Catalog;

use super::allocate::{allocate, project_name, Allocation, CostItem, Rules};
use super::config::Target;
use super::metrics::{Metrics, Period};
use super::unit::{change_percent, display_per, marginal_cost, unit_cost, TargetResult};
use super::{service, ReportError};

/// One cost input: a cost report file (or a priced state or configuration), and the
/// month it describes when the user dated it.
#[derive(Debug, Clone)]
pub struct CostSource {
    /// Where it came from, for messages (`cost.json`, `--state terraform.tfstate`).
    pub label: String,
    pub period: Option<Period>,
    pub report: Report,
}

/// Everything a report is computed from.
pub struct Inputs<'a> {
    pub costs: Vec<CostSource>,
    /// A cost report with a diff (a plan): the report projects unit costs after it.
    pub plan: Option<CostSource>,
    pub metrics: Metrics,
    pub rules: Rules,
    pub targets: Vec<Target>,
    /// For the dates of the prices, in the notes.
    pub catalog: Option<&'a Catalog>,
    pub generated_at: String,
}

/// How a period's cost was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostBasis {
    /// A cost snapshot of this very month.
    Snapshot,
    /// The latest earlier snapshot, carried forward.
    CarriedForward,
    /// No snapshot this early: the earliest one, carried back.
    CarriedBack,
}

impl CostBasis {
    pub fn as_str(&self) -> &'static str {
        match self {
            CostBasis::Snapshot => "snapshot",
            CostBasis::CarriedForward => "carried_forward",
            CostBasis::CarriedBack => "carried_back",
        }
    }
}

/// One month's cost, allocated.
#[derive(Debug, Clone)]
pub struct PeriodCost {
    pub period: Period,
    pub basis: CostBasis,
    pub items: Vec<CostItem>,
    pub allocation: Allocation,
}

/// One metric's unit cost in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub period: Period,
    pub units: Option<Decimal>,
    pub monthly_cost: Decimal,
    pub unit_cost: Option<Decimal>,
    /// Change of the unit cost from the previous period, in percent.
    pub change_percent: Option<Decimal>,
    /// Change in cost over change in units from the previous period.
    pub marginal_cost: Option<Decimal>,
    /// Per group: its units (its own, or all units) and unit cost this period.
    pub groups: BTreeMap<String, GroupPoint>,
}

/// A group's units and cost per unit in one period.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GroupPoint {
    pub units: Option<Decimal>,
    pub unit_cost: Option<Decimal>,
}

/// A unit cost before and after the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Projected {
    pub before: Option<Decimal>,
    pub after: Option<Decimal>,
    pub groups: BTreeMap<String, (Option<Decimal>, Option<Decimal>)>,
}

/// One metric across the report.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricReport {
    pub name: String,
    pub unit_name: String,
    pub aggregate: String,
    /// Units in the latest period, and the total cost per unit then.
    pub units: Option<Decimal>,
    pub unit_cost: Option<Decimal>,
    /// Each group's unit cost is per the group's own units (the metrics have the
    /// grouping dimension), else per all units.
    pub per_group_units: bool,
    pub group_units: BTreeMap<String, Option<Decimal>>,
    /// How many units human formats show a unit cost per (1, 1,000 or 1,000,000).
    pub display_per: u64,
    pub trend: Vec<TrendPoint>,
    pub projected: Option<Projected>,
}

impl MetricReport {
    /// The unit cost of a group in the latest period.
    pub fn group_unit_cost(&self, group: &str) -> Option<Decimal> {
        self.trend.last().and_then(|p| p.groups.get(group)).and_then(|g| g.unit_cost)
    }
}

/// What the plan changes.
#[derive(Debug, Clone)]
pub struct Projection {
    pub source: String,
    pub before: Allocation,
    pub after: Allocation,
}

/// How much of the cost could be priced.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coverage {
    pub priced_resources: usize,
    pub free_resources: usize,
    /// Resource types Terrace cannot price yet.
    pub unsupported: Vec<NamedResource>,
    /// Priced resources with a cost line that has no price.
    pub price_missing: Vec<String>,
    /// Priced resources with a cost line that depends on usage not estimated.
    pub usage_missing: Vec<String>,
    /// The part of the monthly cost that comes from usage estimates.
    pub usage_cost: Decimal,
}

impl Coverage {
    /// Resources whose cost is not (fully) known: unsupported or missing a price.
    pub fn unpriced(&self) -> usize {
        self.unsupported.len() + self.price_missing.len()
    }

    /// Every resource that could cost money.
    pub fn resources(&self) -> usize {
        self.priced_resources + self.unsupported.len()
    }
}

/// The report.
#[derive(Debug, Clone)]
pub struct UnitEconomics {
    pub currency: String,
    pub generated_at: String,
    pub rules: Rules,
    pub periods: Vec<PeriodCost>,
    pub metrics: Vec<MetricReport>,
    pub projection: Option<Projection>,
    pub targets: Vec<TargetResult>,
    pub coverage: Coverage,
    /// Price dates from the catalog: (service, region, earliest, latest).
    pub price_dates: Vec<(String, String, String, String)>,
    pub notes: Vec<String>,
    pub metrics_source: String,
    pub cost_sources: Vec<String>,
}

impl UnitEconomics {
    /// The latest period, the one the report is about.
    pub fn latest(&self) -> &PeriodCost {
        // `build` refuses metrics without periods, so there is always one.
        &self.periods[self.periods.len() - 1]
    }

    pub fn current(&self) -> &Allocation {
        &self.latest().allocation
    }

    /// Group names over every period: the latest period's order, then groups seen only
    /// earlier.
    pub fn group_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.current().groups.iter().map(|g| g.name.clone()).collect();
        for p in self.periods.iter().rev() {
            for g in &p.allocation.groups {
                if !names.contains(&g.name) {
                    names.push(g.name.clone());
                }
            }
        }
        names
    }

    /// Whether any target is broken (exit code 3).
    pub fn targets_broken(&self) -> bool {
        self.targets.iter().any(|t| !t.met)
    }
}

struct Snapshot {
    key: String,
    period: Period,
    items: Vec<CostItem>,
    free: usize,
    unsupported: Vec<NamedResource>,
}

fn snapshot(period: Period, p: &Project, b: Option<&Breakdown>) -> Snapshot {
    let name = project_name(p);
    let items = b.map(|b| CostItem::from_breakdown(&name, b)).unwrap_or_default();
    Snapshot {
        key: format!("{}\u{0}{}", name, p.metadata.path),
        period,
        items,
        free: b.map_or(0, |b| b.free_resources.len()),
        unsupported: b.map(|b| b.unsupported_resources.clone()).unwrap_or_default(),
    }
}

/// Computes the report.
pub fn build(inputs: &Inputs) -> Result<UnitEconomics, ReportError> {
    let periods = inputs.metrics.periods();
    let Some(&last) = periods.last() else {
        return Err(ReportError::Metrics { file: inputs.metrics.source.clone(), line: 0, message: "the file has no metric values".into() });
    };
    let mut currency: Option<(String, String)> = None;
    let mut check_currency = |src: &CostSource| -> Result<(), ReportError> {
        let c = if src.report.currency.is_empty() { "USD".to_string() } else { src.report.currency.clone() };
        match &currency {
            Some((have, from)) if *have != c => Err(ReportError::Input(format!(
                "{} is in {c} but {from} is in {have}; a report adds costs of one currency only",
                src.label
            ))),
            Some(_) => Ok(()),
            None => {
                currency = Some((c, src.label.clone()));
                Ok(())
            }
        }
    };

    let mut snaps: Vec<Snapshot> = Vec::new();
    for src in &inputs.costs {
        check_currency(src)?;
        let period = src.period.unwrap_or(last);
        if period > last {
            return Err(ReportError::Input(format!(
                "{} is dated {period}, after the last month of the metrics ({last}); date it within the metrics' months or add metrics for {period}",
                src.label
            )));
        }
        for p in &src.report.projects {
            snaps.push(snapshot(period, p, p.breakdown.as_ref()));
        }
    }
    if let Some(plan) = &inputs.plan {
        check_currency(plan)?;
        if inputs.costs.is_empty() {
            for p in &plan.report.projects {
                snaps.push(snapshot(last, p, p.past_breakdown.as_ref()));
            }
        }
    }
    if snaps.is_empty() && inputs.plan.is_none() {
        return Err(ReportError::Input("no costs to report on; give cost JSON with `--cost`, a configuration with `--path`, a state with `--state`, or a plan's cost with `--plan`".into()));
    }

    let mut keys: Vec<&str> = Vec::new();
    for s in &snaps {
        if !keys.contains(&s.key.as_str()) {
            keys.push(&s.key);
        }
    }
    let mut period_costs = Vec::new();
    let mut latest_snaps: Vec<&Snapshot> = Vec::new();
    for &p in &periods {
        let mut items = Vec::new();
        let mut basis = CostBasis::Snapshot;
        let mut chosen_all: Vec<&Snapshot> = Vec::new();
        for key in &keys {
            let of_key: Vec<&Snapshot> = snaps.iter().filter(|s| s.key == *key).collect();
            let at = of_key.iter().filter(|s| s.period <= p).map(|s| s.period).max();
            let chosen_period = match at {
                Some(q) => {
                    if q < p {
                        basis = CostBasis::CarriedForward;
                    }
                    q
                }
                None => {
                    if basis == CostBasis::Snapshot {
                        basis = CostBasis::CarriedBack;
                    }
                    of_key.iter().map(|s| s.period).min().unwrap_or(p)
                }
            };
            for s in of_key.into_iter().filter(|s| s.period == chosen_period) {
                items.extend(s.items.iter().cloned());
                chosen_all.push(s);
            }
        }
        let allocation = allocate(&items, &inputs.rules).map_err(|e| ReportError::Rules(e.to_string()))?;
        if p == last {
            latest_snaps = chosen_all;
        }
        period_costs.push(PeriodCost { period: p, basis, items, allocation });
    }

    // Coverage of the latest period.
    let mut coverage = Coverage::default();
    for s in &latest_snaps {
        coverage.free_resources += s.free;
        coverage.unsupported.extend(s.unsupported.iter().cloned());
    }
    if let Some(latest) = period_costs.last() {
        coverage.priced_resources = latest.items.len();
        for it in &latest.items {
            if it.price_missing {
                coverage.price_missing.push(it.address.clone());
            }
            if it.usage_missing {
                coverage.usage_missing.push(it.address.clone());
            }
            coverage.usage_cost += it.usage_cost;
        }
    }

    // The plan.
    let projection = match &inputs.plan {
        Some(plan) => {
            let before = period_costs.last().map(|p| p.allocation.clone()).unwrap_or_default();
            let mut after_items = period_costs.last().map(|p| p.items.clone()).unwrap_or_default();
            for p in &plan.report.projects {
                let name = project_name(p);
                let diff = match (&p.diff, &p.past_breakdown, &p.breakdown) {
                    (Some(d), _, _) => d.clone(),
                    (None, past, Some(now)) => terrace_pricing::diff(&past.clone().unwrap_or_default(), now),
                    (None, _, None) => Breakdown::default(),
                };
                after_items.extend(CostItem::from_breakdown(&name, &diff));
            }
            let after = allocate(&after_items, &inputs.rules).map_err(|e| ReportError::Rules(e.to_string()))?;
            Some(Projection { source: plan.label.clone(), before, after })
        }
        None => None,
    };

    // Metrics.
    let dim = inputs.rules.group_by.dimension();
    let mut metric_reports = Vec::new();
    for m in inputs.metrics.names() {
        let per_group_units = inputs.metrics.has_dimension(&m, &dim);
        let mut trend: Vec<TrendPoint> = Vec::new();
        for pc in &period_costs {
            let units = inputs.metrics.units(&m, pc.period, None);
            let cost = pc.allocation.total;
            let uc = unit_cost(cost, units);
            let prev = trend.last();
            let groups = pc
                .allocation
                .groups
                .iter()
                .map(|g| {
                    let u = if per_group_units { inputs.metrics.units(&m, pc.period, Some((&dim, &g.name))) } else { units };
                    (g.name.clone(), GroupPoint { units: u, unit_cost: unit_cost(g.monthly_cost, u) })
                })
                .collect();
            trend.push(TrendPoint {
                period: pc.period,
                units,
                monthly_cost: cost,
                unit_cost: uc,
                change_percent: prev.and_then(|p| change_percent(p.unit_cost, uc)),
                marginal_cost: prev.and_then(|p| marginal_cost(p.monthly_cost, cost, p.units, units)),
                groups,
            });
        }
        let latest = trend.last().cloned();
        let units = latest.as_ref().and_then(|t| t.units);
        let group_units: BTreeMap<String, Option<Decimal>> = period_costs
            .last()
            .map(|pc| {
                pc.allocation
                    .groups
                    .iter()
                    .map(|g| (g.name.clone(), if per_group_units { inputs.metrics.units(&m, last, Some((&dim, &g.name))) } else { units }))
                    .collect()
            })
            .unwrap_or_default();
        let projected = projection.as_ref().map(|pr| {
            let gu = |name: &str| if per_group_units { inputs.metrics.units(&m, last, Some((&dim, name))) } else { units };
            let mut names: BTreeSet<String> = pr.before.groups.iter().map(|g| g.name.clone()).collect();
            names.extend(pr.after.groups.iter().map(|g| g.name.clone()));
            let groups = names
                .into_iter()
                .map(|n| {
                    let b = pr.before.group(&n).and_then(|g| unit_cost(g.monthly_cost, gu(&n)));
                    let a = pr.after.group(&n).and_then(|g| unit_cost(g.monthly_cost, gu(&n)));
                    (n, (b, a))
                })
                .collect();
            Projected { before: unit_cost(pr.before.total, units), after: unit_cost(pr.after.total, units), groups }
        });
        let uc = latest.as_ref().and_then(|t| t.unit_cost);
        metric_reports.push(MetricReport {
            unit_name: inputs.metrics.unit_name(&m),
            aggregate: inputs.metrics.aggregate(&m).to_string(),
            units,
            unit_cost: uc,
            per_group_units,
            group_units,
            display_per: display_per(uc.or_else(|| projected.as_ref().and_then(|p| p.after))),
            trend,
            projected,
            name: m,
        });
    }

    // Targets.
    let mut targets = Vec::new();
    for t in &inputs.targets {
        let Some(mr) = metric_reports.iter().find(|r| r.name == t.metric) else {
            let have = metric_reports.iter().map(|r| format!("`{}`", r.name)).collect::<Vec<_>>().join(", ");
            return Err(ReportError::Input(format!("a target names the metric `{}`, which the metrics file does not have; it has {have}", t.metric)));
        };
        let (actual, projected) = match &t.group {
            None => (mr.unit_cost, mr.projected.as_ref().and_then(|p| p.after)),
            Some(g) => {
                let known = period_costs.last().is_some_and(|p| p.allocation.group(g).is_some())
                    || projection.as_ref().is_some_and(|p| p.after.group(g).is_some());
                if !known {
                    let have = period_costs
                        .last()
                        .map(|p| p.allocation.groups.iter().map(|g| format!("`{}`", g.name)).collect::<Vec<_>>().join(", "))
                        .unwrap_or_default();
                    return Err(ReportError::Input(format!(
                        "a target for `{}` names the group `{g}`, which has no cost; the groups by {} are {have}",
                        t.metric, inputs.rules.group_by
                    )));
                }
                (mr.group_unit_cost(g), mr.projected.as_ref().and_then(|p| p.groups.get(g).and_then(|x| x.1)))
            }
        };
        targets.push(TargetResult::evaluate(&t.metric, t.group.clone(), t.max_unit_cost, actual, projected));
    }

    let price_dates = inputs.catalog.map(|c| price_dates(c, period_costs.last().map(|p| p.items.as_slice()).unwrap_or_default())).unwrap_or_default();
    let mut report = UnitEconomics {
        currency: currency.map(|c| c.0).unwrap_or_else(|| "USD".into()),
        generated_at: inputs.generated_at.clone(),
        rules: inputs.rules.clone(),
        periods: period_costs,
        metrics: metric_reports,
        projection,
        targets,
        coverage,
        price_dates,
        notes: Vec::new(),
        metrics_source: inputs.metrics.source.clone(),
        cost_sources: inputs.costs.iter().chain(inputs.plan.iter()).map(|c| c.label.clone()).collect(),
    };
    report.notes = super::notes::notes(&report, &inputs.metrics);
    Ok(report)
}

/// The effective dates of the catalog's prices for the services and regions the items use.
fn price_dates(catalog: &Catalog, items: &[CostItem]) -> Vec<(String, String, String, String)> {
    let mut pairs: BTreeSet<(&'static str, &'static str, String)> = BTreeSet::new();
    for it in items {
        if let Some(s) = service::service_of(&it.resource_type) {
            if let (Some(table), false) = (s.catalog, it.region.is_empty()) {
                pairs.insert((s.short, table, it.region.clone()));
            }
        }
    }
    let mut out = Vec::new();
    for (name, table, region) in pairs {
        let rows = catalog.rows(table, &region);
        let dates: BTreeSet<&str> = rows.iter().map(|r| r.effective_date.as_str()).filter(|d| !d.is_empty()).collect();
        if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
            out.push((name.to_string(), region, first.to_string(), last.to_string()));
        }
    }
    out
}
