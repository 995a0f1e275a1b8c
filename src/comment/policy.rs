//! Cost policies: thresholds that fail a run (exit code 3) and show in the comment.
//!
//! Run-wide: the maximum monthly increase, in dollars or percent. Per project: the
//! maximum monthly total. Per resource, over the resources a change adds or changes
//! (every resource of a report that has no baseline): monthly caps per resource type,
//! required tags, denied instance families and denied regions. Every failed result names
//! the resources that broke it.
//!
//! Instance types are read from a resource's `instanceType` metadata when present, else
//! from its cost components' names, where every model writes them
//! (`Instance usage (Linux/UNIX, on-demand, t3.medium)`), so policies work on infracost's
//! JSON too.

use std::collections::{BTreeMap, HashSet};

use globset::{Glob, GlobMatcher};
use rust_decimal::Decimal;
use terrace_pricing::format::{money, money_delta};
use terrace_pricing::json::{Breakdown, Project, Report, Resource};

/// The configured policies; empty ones check nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policies {
    /// Maximum increase of the monthly estimate over the whole run, in USD.
    pub max_monthly_increase: Option<Decimal>,
    /// Maximum increase of the monthly estimate over the whole run, in percent of the
    /// baseline (not checked when the baseline is $0).
    pub max_monthly_increase_percent: Option<Decimal>,
    /// Maximum monthly total of every project, in USD.
    pub max_project_monthly_cost: Option<Decimal>,
    /// Maximum monthly totals of named projects, overriding the one above.
    pub project_monthly_cost: BTreeMap<String, Decimal>,
    /// Maximum monthly cost of one resource of a type (`aws_instance: 500`).
    pub resource_type_caps: BTreeMap<String, Decimal>,
    /// Tag keys every priced, taggable resource must have (with a non-empty value).
    pub required_tags: Vec<String>,
    /// Glob patterns of instance families or types (`x1*`, `p4d`, `m5.24xlarge`).
    pub denied_instance_families: Vec<String>,
    /// Glob patterns of regions (`ap-*`, `sa-east-1`).
    pub denied_regions: Vec<String>,
}

/// One policy's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyResult {
    /// What the policy requires: "Monthly increase at most $100.00".
    pub name: String,
    pub passed: bool,
    /// What was found, in a sentence: "the estimate rises by $430.37".
    pub summary: String,
    /// The resources that broke it, worst first.
    pub offenders: Vec<Offender>,
}

/// A resource that broke a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offender {
    pub project: String,
    pub resource: String,
    /// Why: "+$300.00", "missing `team`", "instance type `x1e.xlarge`".
    pub detail: String,
}

/// Whether any result failed.
pub fn any_failed(results: &[PolicyResult]) -> bool {
    results.iter().any(|r| !r.passed)
}

/// Checks glob patterns once, so that a bad pattern is reported when the policies are
/// read rather than when they are evaluated.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    Glob::new(pattern).map(|_| ()).map_err(|e| format!("the pattern `{pattern}` is not a valid glob: {e}"))
}

fn matchers(patterns: &[String]) -> Vec<(String, GlobMatcher)> {
    patterns.iter().filter_map(|p| Glob::new(&p.to_ascii_lowercase()).ok().map(|g| (p.clone(), g.compile_matcher()))).collect()
}

/// A project's baseline, current breakdown and diff (computed when the report has none).
pub(crate) struct ProjectCosts<'a> {
    pub project: &'a Project,
    pub past: Breakdown,
    pub now: Breakdown,
    pub diff: Breakdown,
}

impl<'a> ProjectCosts<'a> {
    pub fn new(project: &'a Project) -> ProjectCosts<'a> {
        let past = project.past_breakdown.clone().unwrap_or_default();
        let now = project.breakdown.clone().unwrap_or_default();
        let diff = project.diff.clone().unwrap_or_else(|| terrace_pricing::diff(&past, &now));
        ProjectCosts { project, past, now, diff }
    }

    pub fn past_total(&self) -> Decimal {
        self.past.total_monthly_cost.unwrap_or_default()
    }

    pub fn now_total(&self) -> Decimal {
        self.now.total_monthly_cost.unwrap_or_default()
    }

    /// The resources of the current breakdown that the change adds or changes.
    pub fn changed_resources(&self) -> impl Iterator<Item = &Resource> {
        let names: HashSet<&str> = self.diff.resources.iter().map(|r| r.name.as_str()).collect();
        self.now.resources.iter().filter(move |r| names.contains(r.name.as_str()))
    }
}

impl Policies {
    pub fn is_empty(&self) -> bool {
        *self == Policies::default()
    }

    /// Adds `other` on top: its limits win, its lists are appended.
    pub fn merge(&mut self, other: Policies) {
        fn pick(a: &mut Option<Decimal>, b: Option<Decimal>) {
            if b.is_some() {
                *a = b;
            }
        }
        pick(&mut self.max_monthly_increase, other.max_monthly_increase);
        pick(&mut self.max_monthly_increase_percent, other.max_monthly_increase_percent);
        pick(&mut self.max_project_monthly_cost, other.max_project_monthly_cost);
        self.project_monthly_cost.extend(other.project_monthly_cost);
        self.resource_type_caps.extend(other.resource_type_caps);
        for (list, more) in [
            (&mut self.required_tags, other.required_tags),
            (&mut self.denied_instance_families, other.denied_instance_families),
            (&mut self.denied_regions, other.denied_regions),
        ] {
            for m in more {
                if !list.contains(&m) {
                    list.push(m);
                }
            }
        }
    }

    /// Evaluates every configured policy against a report, in a fixed order.
    pub fn evaluate(&self, report: &Report) -> Vec<PolicyResult> {
        let costs: Vec<ProjectCosts> = report.projects.iter().map(ProjectCosts::new).collect();
        let mut out = Vec::new();
        let past: Decimal = costs.iter().map(|c| c.past_total()).sum();
        let now: Decimal = costs.iter().map(|c| c.now_total()).sum();
        let increase = now - past;
        if let Some(max) = self.max_monthly_increase {
            let passed = increase <= max;
            let summary = if increase.is_sign_positive() && !increase.is_zero() {
                format!("the monthly estimate rises by {}", money(increase))
            } else {
                "the monthly estimate does not rise".to_string()
            };
            out.push(PolicyResult {
                name: format!("Monthly increase at most {}", money(max)),
                passed,
                summary,
                offenders: if passed { Vec::new() } else { increases(&costs) },
            });
        }
        if let Some(max) = self.max_monthly_increase_percent {
            let name = format!("Monthly increase at most {}%", max.normalize());
            if past.is_zero() {
                out.push(PolicyResult { name, passed: true, summary: "not checked: the baseline is $0.00".into(), offenders: Vec::new() });
            } else {
                let pct = (increase / past * Decimal::from(100)).round_dp(1).normalize();
                let passed = pct <= max;
                let summary = if increase.is_sign_positive() && !increase.is_zero() {
                    format!("the monthly estimate rises by {pct}% ({} to {})", money(past), money(now))
                } else {
                    "the monthly estimate does not rise".to_string()
                };
                out.push(PolicyResult { name, passed, summary, offenders: if passed { Vec::new() } else { increases(&costs) } });
            }
        }
        if self.max_project_monthly_cost.is_some() || !self.project_monthly_cost.is_empty() {
            out.extend(self.project_budgets(&costs));
        }
        if !self.resource_type_caps.is_empty() {
            out.push(self.type_caps(&costs));
        }
        if !self.required_tags.is_empty() {
            out.push(self.tags(&costs));
        }
        if !self.denied_instance_families.is_empty() {
            out.push(self.families(&costs));
        }
        if !self.denied_regions.is_empty() {
            out.push(self.regions(&costs));
        }
        out
    }

    fn project_budgets(&self, costs: &[ProjectCosts]) -> Vec<PolicyResult> {
        let mut out = Vec::new();
        // One result for the shared limit, one per named budget.
        let mut named: Vec<&ProjectCosts> = Vec::new();
        let mut shared: Vec<&ProjectCosts> = Vec::new();
        for c in costs {
            if self.project_monthly_cost.contains_key(&c.project.name) {
                named.push(c);
            } else {
                shared.push(c);
            }
        }
        if let Some(max) = self.max_project_monthly_cost {
            let over: Vec<&&ProjectCosts> = shared.iter().filter(|c| c.now_total() > max).collect();
            let summary = if over.is_empty() {
                format!("every project is within {}", money(max))
            } else {
                let names: Vec<String> = over.iter().map(|c| format!("`{}` costs {}", c.project.name, money(c.now_total()))).collect();
                names.join(", ")
            };
            let offenders = over.iter().flat_map(|c| budget_offenders(c)).collect();
            out.push(PolicyResult { name: format!("Project monthly cost at most {}", money(max)), passed: over.is_empty(), summary, offenders });
        }
        for (name, max) in &self.project_monthly_cost {
            let Some(c) = named.iter().find(|c| &c.project.name == name) else { continue };
            let passed = c.now_total() <= *max;
            out.push(PolicyResult {
                name: format!("Project `{name}` monthly cost at most {}", money(*max)),
                passed,
                summary: format!("`{name}` costs {} a month", money(c.now_total())),
                offenders: if passed { Vec::new() } else { budget_offenders(c) },
            });
        }
        out
    }

    fn type_caps(&self, costs: &[ProjectCosts]) -> PolicyResult {
        let caps: Vec<String> = self.resource_type_caps.iter().map(|(t, m)| format!("`{t}` {}", money(*m))).collect();
        let mut offenders = Vec::new();
        for c in costs {
            for r in c.changed_resources() {
                let (Some(max), Some(cost)) = (self.resource_type_caps.get(&r.resource_type), r.monthly_cost) else { continue };
                if cost > *max {
                    offenders.push((cost, offender(c, r, format!("{} a month, over {}", money(cost), money(*max)))));
                }
            }
        }
        offenders.sort_by_key(|o| std::cmp::Reverse(o.0));
        let n = offenders.len();
        PolicyResult {
            name: format!("Monthly cost caps per resource: {}", caps.join(", ")),
            passed: n == 0,
            summary: if n == 0 { "every resource is within its cap".into() } else { format!("{} over {} cap", count(n, "resource is", "resources are"), if n == 1 { "its" } else { "their" }) },
            offenders: offenders.into_iter().map(|(_, o)| o).collect(),
        }
    }

    fn tags(&self, costs: &[ProjectCosts]) -> PolicyResult {
        let mut offenders = Vec::new();
        for c in costs {
            for r in c.changed_resources() {
                let Some(tags) = &r.tags else { continue };
                let missing: Vec<String> = self
                    .required_tags
                    .iter()
                    .filter(|k| tags.get(k.as_str()).is_none_or(|v| v.trim().is_empty()))
                    .map(|k| format!("`{k}`"))
                    .collect();
                if !missing.is_empty() {
                    offenders.push(offender(c, r, format!("missing {}", missing.join(", "))));
                }
            }
        }
        let keys: Vec<String> = self.required_tags.iter().map(|k| format!("`{k}`")).collect();
        let n = offenders.len();
        PolicyResult {
            name: format!("Required tags: {}", keys.join(", ")),
            passed: n == 0,
            summary: if n == 0 { "every changed resource has them".into() } else { format!("{} missing tags", count(n, "resource is", "resources are")) },
            offenders,
        }
    }

    fn families(&self, costs: &[ProjectCosts]) -> PolicyResult {
        let pats = matchers(&self.denied_instance_families);
        let mut offenders = Vec::new();
        for c in costs {
            for r in c.changed_resources() {
                for ty in instance_types(r) {
                    let candidates = type_candidates(&ty);
                    if let Some((p, _)) = pats.iter().find(|(_, m)| candidates.iter().any(|s| m.is_match(s))) {
                        offenders.push(offender(c, r, format!("instance type `{ty}` matches `{p}`")));
                        break;
                    }
                }
            }
        }
        let n = offenders.len();
        PolicyResult {
            name: format!("Denied instance families: {}", quoted(&self.denied_instance_families)),
            passed: n == 0,
            summary: if n == 0 { "no changed resource uses them".into() } else { format!("{} a denied instance family", count(n, "resource uses", "resources use")) },
            offenders,
        }
    }

    fn regions(&self, costs: &[ProjectCosts]) -> PolicyResult {
        let pats = matchers(&self.denied_regions);
        let mut offenders = Vec::new();
        for c in costs {
            for r in c.changed_resources() {
                let Some(region) = r.metadata.get("region").and_then(|v| v.as_str()) else { continue };
                if let Some((p, _)) = pats.iter().find(|(_, m)| m.is_match(region.to_ascii_lowercase())) {
                    offenders.push(offender(c, r, format!("region `{region}` matches `{p}`")));
                }
            }
        }
        let n = offenders.len();
        PolicyResult {
            name: format!("Denied regions: {}", quoted(&self.denied_regions)),
            passed: n == 0,
            summary: if n == 0 { "no changed resource is in them".into() } else { format!("{} in a denied region", count(n, "resource is", "resources are")) },
            offenders,
        }
    }
}

fn quoted(list: &[String]) -> String {
    list.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn offender(c: &ProjectCosts, r: &Resource, detail: String) -> Offender {
    Offender { project: c.project.name.clone(), resource: r.name.clone(), detail }
}

/// Resources whose monthly cost rose, biggest rise first.
fn increases(costs: &[ProjectCosts]) -> Vec<Offender> {
    let mut v: Vec<(Decimal, Offender)> = Vec::new();
    for c in costs {
        for r in &c.diff.resources {
            let d = r.monthly_cost.unwrap_or_default();
            if d.is_sign_positive() && !d.is_zero() {
                v.push((d, Offender { project: c.project.name.clone(), resource: r.name.clone(), detail: money_delta(d) }));
            }
        }
    }
    v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.resource.cmp(&b.1.resource)));
    v.into_iter().map(|(_, o)| o).collect()
}

/// The resources that put a project over its budget: those whose cost rose, or, when
/// none did, its most expensive ones.
fn budget_offenders(c: &ProjectCosts) -> Vec<Offender> {
    let rose = increases(std::slice::from_ref(c));
    if !rose.is_empty() {
        return rose;
    }
    let mut v: Vec<&Resource> = c.now.resources.iter().filter(|r| r.monthly_cost.is_some_and(|m| !m.is_zero())).collect();
    v.sort_by(|a, b| b.monthly_cost.cmp(&a.monthly_cost).then_with(|| a.name.cmp(&b.name)));
    v.into_iter().map(|r| offender(c, r, format!("{} a month", money(r.monthly_cost.unwrap_or_default())))).collect()
}

/// The instance types a resource runs: its `instanceType` metadata, or the
/// instance-type-looking items in its components' parenthesised details.
pub fn instance_types(r: &Resource) -> Vec<String> {
    for key in ["instanceType", "instance_type"] {
        if let Some(t) = r.metadata.get(key).and_then(|v| v.as_str()) {
            return vec![t.to_ascii_lowercase()];
        }
    }
    let mut out: Vec<String> = Vec::new();
    for c in r.all_components() {
        let Some(open) = c.name.rfind('(') else { continue };
        let inner = c.name[open + 1..].trim_end_matches(')');
        for item in inner.split(',').map(|s| s.trim().to_ascii_lowercase()) {
            if looks_like_instance_type(&item) && !out.contains(&item) {
                out.push(item);
            }
        }
    }
    out
}

/// `t3.medium`, `db.r5.large`, `cache.m5.xlarge`, `x1e.32xlarge`.
fn looks_like_instance_type(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    let body = match parts.first() {
        Some(&"db") | Some(&"cache") | Some(&"ml") => &parts[1..],
        _ => &parts[..],
    };
    body.len() == 2
        && body[0].starts_with(|c: char| c.is_ascii_lowercase())
        && body[0].chars().any(|c| c.is_ascii_digit())
        && body.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
}

/// What a family pattern is matched against: the family (`x1e`), the type
/// (`x1e.xlarge`), and both with any `db.`/`cache.` prefix.
fn type_candidates(ty: &str) -> Vec<String> {
    let bare = ty.strip_prefix("db.").or_else(|| ty.strip_prefix("cache.")).or_else(|| ty.strip_prefix("ml.")).unwrap_or(ty);
    let family = bare.split('.').next().unwrap_or(bare);
    let mut v = vec![family.to_string(), bare.to_string(), ty.to_string()];
    if bare != ty {
        if let Some((prefix, _)) = ty.split_once('.') {
            v.push(format!("{prefix}.{family}"));
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use terrace_pricing::json::Component;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    fn instance(name: &str, ty: &str, cost: &str, region: &str, tags: &[(&str, &str)]) -> Resource {
        let mut metadata = serde_json::Map::new();
        metadata.insert("region".into(), region.into());
        Resource {
            name: name.into(),
            resource_type: "aws_instance".into(),
            tags: Some(tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()),
            metadata,
            monthly_cost: Some(d(cost)),
            cost_components: vec![Component {
                name: format!("Instance usage (Linux/UNIX, on-demand, {ty})"),
                monthly_cost: Some(d(cost)),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn report(past: Vec<Resource>, now: Vec<Resource>) -> Report {
        let mut p = Breakdown { resources: past, ..Default::default() };
        p.compute_totals();
        let mut n = Breakdown { resources: now, ..Default::default() };
        n.compute_totals();
        let diff = terrace_pricing::diff(&p, &n);
        let proj = Project { name: "dev".into(), past_breakdown: Some(p), breakdown: Some(n), diff: Some(diff), ..Default::default() };
        Report::new(vec![proj], String::new())
    }

    #[test]
    fn increase_limits_name_the_resources_that_rose() {
        let r = report(
            vec![instance("aws_instance.a", "t3.micro", "10", "us-east-1", &[])],
            vec![instance("aws_instance.a", "t3.large", "60", "us-east-1", &[]), instance("aws_instance.b", "t3.micro", "10", "us-east-1", &[])],
        );
        let p = Policies { max_monthly_increase: Some(d("50")), max_monthly_increase_percent: Some(d("100")), ..Default::default() };
        let res = p.evaluate(&r);
        assert_eq!(res.len(), 2);
        assert!(!res[0].passed);
        assert_eq!(res[0].summary, "the monthly estimate rises by $60.00");
        let names: Vec<&str> = res[0].offenders.iter().map(|o| o.resource.as_str()).collect();
        assert_eq!(names, ["aws_instance.a", "aws_instance.b"]);
        assert!(!res[1].passed, "{:?}", res[1]);
        assert!(res[1].summary.contains("600%"), "{}", res[1].summary);
    }

    #[test]
    fn resource_policies_check_changed_resources_only() {
        let old = instance("aws_instance.old", "x1e.xlarge", "700", "ap-south-1", &[]);
        let r = report(
            vec![old.clone()],
            vec![old, instance("aws_instance.new", "x1.16xlarge", "5000", "ap-south-1", &[("team", "core")]), instance("aws_instance.ok", "t3.micro", "8", "us-east-1", &[("team", "core"), ("env", "dev")])],
        );
        let p = Policies {
            resource_type_caps: [("aws_instance".to_string(), d("1000"))].into(),
            required_tags: vec!["team".into(), "env".into()],
            denied_instance_families: vec!["x1*".into(), "p4d".into()],
            denied_regions: vec!["ap-*".into()],
            ..Default::default()
        };
        let res = p.evaluate(&r);
        assert_eq!(res.len(), 4);
        for r in &res {
            assert!(!r.passed, "{r:?}");
            let names: Vec<&str> = r.offenders.iter().map(|o| o.resource.as_str()).collect();
            assert_eq!(names, ["aws_instance.new"], "{r:?}");
        }
        assert_eq!(res[1].offenders[0].detail, "missing `env`");
        assert_eq!(res[2].offenders[0].detail, "instance type `x1.16xlarge` matches `x1*`");
    }

    #[test]
    fn project_budgets() {
        let r = report(vec![], vec![instance("aws_instance.a", "m5.large", "70", "us-east-1", &[])]);
        let p = Policies { max_project_monthly_cost: Some(d("50")), ..Default::default() };
        let res = p.evaluate(&r);
        assert!(!res[0].passed);
        assert_eq!(res[0].offenders[0].resource, "aws_instance.a");
        let p = Policies { max_project_monthly_cost: Some(d("50")), project_monthly_cost: [("dev".to_string(), d("100"))].into(), ..Default::default() };
        let res = p.evaluate(&r);
        assert_eq!(res.len(), 2);
        assert!(res.iter().all(|r| r.passed), "{res:?}");
    }

    #[test]
    fn percent_limit_is_not_checked_from_zero() {
        let r = report(vec![], vec![instance("aws_instance.a", "m5.large", "70", "us-east-1", &[])]);
        let p = Policies { max_monthly_increase_percent: Some(d("10")), ..Default::default() };
        assert!(p.evaluate(&r)[0].passed);
    }

    #[test]
    fn instance_types_are_found_in_component_names() {
        let mut r = instance("aws_db_instance.db", "db.r5.large", "1", "us-east-1", &[]);
        r.cost_components[0].name = "Database instance (on-demand, Single-AZ, db.r5.large)".into();
        assert_eq!(instance_types(&r), ["db.r5.large"]);
        assert!(type_candidates("db.r5.large").contains(&"r5".to_string()));
        assert!(!looks_like_instance_type("linux/unix"));
        assert!(!looks_like_instance_type("on-demand"));
        assert!(!looks_like_instance_type("general purpose ssd, gp2"));
    }
}
