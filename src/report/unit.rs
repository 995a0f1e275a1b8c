//! Unit costs: cost per unit of a business metric, per group and in total, across the
//! periods of the metrics; marginal cost between periods; the unit cost a plan leads to;
//! targets. All arithmetic is in `rust_decimal`.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use terrace_pricing::format;
use terrace_pricing::json::Report;

use super::metrics::{Metrics, Period};

/// Unit costs carry this many significant digits.
pub const UNIT_COST_DIGITS: u32 = 8;

/// Cost per unit, None when there are no units.
pub fn unit_cost(cost: Decimal, units: Option<Decimal>) -> Option<Decimal> {
    round_sig(cost.checked_div(units?)?)
}

fn round_sig(d: Decimal) -> Option<Decimal> {
    Some(d.round_sf_with_strategy(UNIT_COST_DIGITS, RoundingStrategy::MidpointAwayFromZero).unwrap_or(d).normalize())
}

/// Marginal cost from one period to the next: the change in cost over the change in
/// units. None when the units did not change (or are unknown).
pub fn marginal_cost(cost_before: Decimal, cost_after: Decimal, units_before: Option<Decimal>, units_after: Option<Decimal>) -> Option<Decimal> {
    let du = units_after?.checked_sub(units_before?)?;
    round_sig(cost_after.checked_sub(cost_before)?.checked_div(du)?)
}

/// The change from `before` to `after` in percent, two decimals; None when before is zero.
pub fn change_percent(before: Option<Decimal>, after: Option<Decimal>) -> Option<Decimal> {
    let (b, a) = (before?, after?);
    let ratio = a.checked_sub(b)?.checked_div(b)?.checked_mul(Decimal::ONE_HUNDRED)?;
    Some(ratio.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).normalize())
}

/// How many units a unit cost is shown per, so that it reads as a sensible amount:
/// the smallest of 1, 1,000 and 1,000,000 at which it is at least ten cents.
pub fn display_per(unit_cost: Option<Decimal>) -> u64 {
    let Some(c) = unit_cost.filter(|c| !c.is_zero()) else {
        return 1;
    };
    let dime = Decimal::new(10, 2);
    for per in [1u64, 1000] {
        if c.abs() * Decimal::from(per) >= dime {
            return per;
        }
    }
    1_000_000
}

/// `order`, `1k orders`, `1M orders`.
pub fn per_label(per: u64, unit_name: &str, metric: &str) -> String {
    match per {
        1 => unit_name.to_string(),
        1000 => format!("1k {metric}"),
        1_000_000 => format!("1M {metric}"),
        n => format!("{} {metric}", format::quantity(Decimal::from(n))),
    }
}

/// A unit cost shown per `per` units, as money.
pub fn show_unit_cost(c: Decimal, per: u64) -> String {
    format::money(c.checked_mul(Decimal::from(per)).unwrap_or(c))
}

/// One line of the pull-request comment and of `terrace cost`:
/// `cost per 1k orders: $1.82 -> $2.04, +12%`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitCostLine {
    pub metric: String,
    pub unit_name: String,
    /// The latest period with values of the metric, and its units.
    pub period: Period,
    pub units: Decimal,
    /// Cost per unit now.
    pub before: Option<Decimal>,
    /// Cost per unit after the change, when the report has a diff.
    pub after: Option<Decimal>,
    pub per: u64,
}

impl UnitCostLine {
    /// `cost per 1k orders`.
    pub fn label(&self) -> String {
        format!("cost per {}", per_label(self.per, &self.unit_name, &self.metric))
    }
}

impl fmt::Display for UnitCostLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |c: Option<Decimal>| c.map_or_else(|| "n/a".to_string(), |c| show_unit_cost(c, self.per));
        write!(f, "{}: {}", self.label(), show(self.before))?;
        if let Some(a) = self.after {
            write!(f, " -> {}", show(Some(a)))?;
            if let Some(p) = self.before.and_then(|b| format::percent(b, a)) {
                write!(f, ", {p}")?;
            }
        }
        Ok(())
    }
}

/// The unit-cost lines for a cost report (a diff when it has one) and a metrics file:
/// for each metric, its latest period's units against the cost before and after.
/// This is what the pull-request comment and `terrace cost` print.
pub fn unit_cost_lines(report: &Report, metrics: &Metrics) -> Vec<UnitCostLine> {
    let now = report.total_monthly_cost.unwrap_or_default();
    let (before, after) = match report.diff_total_monthly_cost {
        Some(d) => (report.past_total_monthly_cost.unwrap_or(now - d), Some(now)),
        None => (now, None),
    };
    metrics
        .names()
        .into_iter()
        .filter_map(|m| {
            let period = *metrics.periods_of(&m).last()?;
            let units = metrics.units(&m, period, None)?;
            let b = unit_cost(before, Some(units));
            let a = after.and_then(|a| unit_cost(a, Some(units)));
            let per = display_per(b.or(a));
            Some(UnitCostLine { unit_name: metrics.unit_name(&m), metric: m, period, units, before: b, after: a, per })
        })
        .collect()
}

/// A unit-cost target and how the report measures against it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetResult {
    pub metric: String,
    pub group: Option<String>,
    pub max_unit_cost: Decimal,
    /// The latest period's unit cost.
    pub actual: Option<Decimal>,
    /// The unit cost after the plan, when there is one.
    pub projected: Option<Decimal>,
    pub met: bool,
}

impl TargetResult {
    pub fn evaluate(metric: &str, group: Option<String>, max: Decimal, actual: Option<Decimal>, projected: Option<Decimal>) -> TargetResult {
        let over = |c: Option<Decimal>| c.is_some_and(|c| c > max);
        TargetResult { metric: metric.to_string(), group, max_unit_cost: max, actual, projected, met: !over(actual) && !over(projected) }
    }
}

/// Units per group for a metric whose values carry the grouping dimension; None for a
/// group without values.
pub fn group_units(metrics: &Metrics, metric: &str, dim: &str, period: Period, groups: &[String]) -> BTreeMap<String, Option<Decimal>> {
    groups.iter().map(|g| (g.clone(), metrics.units(metric, period, Some((dim, g))))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn arithmetic() {
        assert_eq!(unit_cost(d("100"), Some(d("3"))), Some(d("33.333333")));
        assert_eq!(unit_cost(d("100"), Some(d("0"))), None);
        assert_eq!(marginal_cost(d("100"), d("130"), Some(d("1000")), Some(d("1600"))), Some(d("0.05")));
        assert_eq!(marginal_cost(d("100"), d("130"), Some(d("1000")), Some(d("1000"))), None);
        assert_eq!(change_percent(Some(d("0.00182")), Some(d("0.00204"))), Some(d("12.09")));
        assert_eq!(display_per(Some(d("0.00182"))), 1000);
        assert_eq!(display_per(Some(d("0.5"))), 1);
        assert_eq!(display_per(Some(d("0.00000004"))), 1_000_000);
    }

    #[test]
    fn comment_line() {
        let metrics = Metrics::from_csv("date,metric,value\n2024-03-31,orders,100000\n", "m.csv").expect("metrics");
        let report = Report {
            total_monthly_cost: Some(d("204")),
            past_total_monthly_cost: Some(d("182")),
            diff_total_monthly_cost: Some(d("22")),
            ..Default::default()
        };
        let lines = unit_cost_lines(&report, &metrics);
        assert_eq!(lines[0].to_string(), "cost per 1k orders: $1.82 -> $2.04, +12%");
        let no_diff = Report { total_monthly_cost: Some(d("182")), ..Default::default() };
        assert_eq!(unit_cost_lines(&no_diff, &metrics)[0].to_string(), "cost per 1k orders: $1.82");
    }
}
