//! `aws_cloudwatch_metric_alarm`: a CloudWatch alarm, billed per metric it evaluates.
//!
//! Prices: "Standard resolution" or "High resolution" (a `period` under 60 seconds) in
//! alarm metrics per month: one metric for an alarm on `metric_name`, or one per
//! `metric_query` that has a `metric` block (math expressions are free). Anomaly
//! detection alarms (`comparison_operator` LessThanLowerOrGreaterThanUpperThreshold,
//! LessThanLowerThreshold or GreaterThanUpperThreshold) count 3 metrics each, as AWS bills
//! them ("Standard resolution anomaly detection"). An alarm on a Metrics Insights query
//! (a `SELECT` expression) is priced as one "Metrics Insights query alarm".
//!
//! Not priced: the free tier (10 standard alarm metrics per account). Composite alarms
//! are their own resource type.
//!
//! Usage keys: none.

use rust_decimal::Decimal;

use crate::catalog::Query;
use crate::cost::{CostComponent, Ctx, PricedResource};
use crate::input::ResourceInput;

pub const USAGE_KEYS: &[&str] = &[];

const ANOMALY_OPERATORS: &[&str] = &["LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"];

pub fn price(r: &ResourceInput, ctx: &Ctx, out: &mut PricedResource) {
    let a = r.attrs();
    let region = r.region.as_str();
    let queries = a.blocks("metric_query");
    let (metrics, periods): (usize, Vec<Option<Decimal>>) = if queries.is_empty() {
        (1, vec![a.num("period")])
    } else {
        let with_metric: Vec<_> = queries.iter().filter(|q| q.has("metric")).collect();
        (with_metric.len(), with_metric.iter().map(|q| q.num("metric.period")).collect())
    };
    let insights = queries.iter().any(|q| q.str("expression").is_some_and(|e| e.trim_start().to_ascii_uppercase().starts_with("SELECT")));
    if metrics == 0 && insights {
        let q = Query::new("cloudwatch", region, "alarm_metrics_insights").family("alarms");
        out.components.push(ctx.monthly("Metrics Insights query alarm", "alarms", Decimal::ONE, &q));
        return;
    }
    let anomaly = a.str("comparison_operator").is_some_and(|op| ANOMALY_OPERATORS.contains(&op));
    let suffix = if anomaly { " anomaly detection" } else { "" };
    if periods.iter().any(Option::is_none) {
        out.components.push(CostComponent::not_found(
            format!("Alarm metrics{suffix}"),
            "alarm metrics",
            "period is not known until apply",
        ));
        return;
    }
    let high_res = periods.iter().flatten().any(|p| *p < Decimal::from(60));
    let (name, resource) = if high_res {
        ("High resolution", "alarm_high_resolution")
    } else {
        ("Standard resolution", "alarm_standard_resolution")
    };
    let count = Decimal::from(metrics as u64) * if anomaly { Decimal::from(3) } else { Decimal::ONE };
    let q = Query::new("cloudwatch", region, resource).family("alarms");
    out.components.push(ctx.monthly(format!("{name}{suffix}"), "alarm metrics", count, &q));
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::managed_common::testing::{comp, d, monthly, names, price};

    fn alarm(region: &str, values: Value) -> crate::json::Resource {
        price("aws_cloudwatch_metric_alarm", region, values, Value::Null)
    }

    #[test]
    fn standard_and_high_resolution() {
        let std = alarm("us-east-1", json!({"metric_name": "CPUUtilization", "period": 300, "comparison_operator": "GreaterThanThreshold"}));
        assert_eq!(names(&std), ["Standard resolution"]);
        // 1 alarm metric * 0.10.
        assert_eq!(std.monthly_cost, Some(d("0.1")));
        assert!(!std.cost_components[0].usage_based);
        let high = alarm("us-east-1", json!({"metric_name": "Latency", "period": 10}));
        // 1 * 0.30.
        assert_eq!(monthly(comp(&high, None, "High resolution")), d("0.3"));
    }

    #[test]
    fn metric_queries_count_metrics_not_expressions() {
        let values = json!({"comparison_operator": "GreaterThanThreshold", "metric_query": [
            {"id": "e1", "expression": "m1 + m2", "return_data": true},
            {"id": "m1", "metric": [{"metric_name": "A", "period": 60, "stat": "Sum"}]},
            {"id": "m2", "metric": [{"metric_name": "B", "period": 60, "stat": "Sum"}]}
        ]});
        let r = alarm("eu-west-2", values);
        // 2 metrics * 0.10 (eu-west-2).
        let c = comp(&r, None, "Standard resolution");
        assert_eq!((c.monthly_quantity, monthly(c)), (Some(d("2")), d("0.2")));
    }

    #[test]
    fn anomaly_detection_counts_three_metrics() {
        let values = json!({"comparison_operator": "LessThanLowerOrGreaterThanUpperThreshold", "threshold_metric_id": "ad1", "metric_query": [
            {"id": "ad1", "expression": "ANOMALY_DETECTION_BAND(m1)"},
            {"id": "m1", "metric": [{"metric_name": "CPUUtilization", "period": 120, "stat": "Average"}]}
        ]});
        let r = alarm("us-east-1", values);
        // 1 metric * 3 * 0.10 = 0.3.
        let c = comp(&r, None, "Standard resolution anomaly detection");
        assert_eq!((c.monthly_quantity, monthly(c)), (Some(d("3")), d("0.3")));
    }

    #[test]
    fn insights_unknown_period_and_missing_region() {
        let insights = alarm("us-east-1", json!({"metric_query": [{"id": "q1", "expression": "SELECT AVG(CPUUtilization) FROM SCHEMA(\"AWS/EC2\")", "period": 60}]}));
        // 1 alarm * 0.10.
        assert_eq!(monthly(comp(&insights, None, "Metrics Insights query alarm")), d("0.1"));
        let unknown = alarm("us-east-1", json!({"metric_name": "X", "period": null}));
        assert!(comp(&unknown, None, "Alarm metrics").price_not_found);
        let nowhere = alarm("xx-nowhere-1", json!({"metric_name": "X", "period": 60}));
        assert!(comp(&nowhere, None, "Standard resolution").price_not_found);
    }
}
