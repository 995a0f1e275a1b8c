//! The report's settings file (YAML), for what is tedious to say in flags:
//!
//! ```yaml
//! version: 1
//! group_by: tag:team
//! shared:
//!   resources:                # address patterns, `tag:KEY=VALUE`, `type:TYPE`, `project:NAME`
//!     - module.network.aws_nat_gateway.*
//!     - aws_eks_cluster.main
//!   split: proportional       # even | proportional | weights
//!   weights: {checkout: 3, search: 1}
//!   remainder_to: checkout    # who takes the rounding cents (default: the largest group)
//! metrics:
//!   dau: {aggregate: mean, unit: daily active user}
//! targets:
//!   - metric: orders
//!     max_unit_cost: 0.0025   # dollars per order
//!   - metric: orders
//!     group: checkout
//!     max_unit_cost: 2.00
//!     per: 1000               # dollars per 1,000 orders
//! ```
//!
//! Flags given on the command line win over the file.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use yaml_rust2::{Yaml, YamlLoader};

use super::allocate::{GroupBy, Selector, SplitRule};
use super::metrics::Aggregate;
use super::ReportError;

/// A maximum cost per unit of a metric, for the total or one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub metric: String,
    pub group: Option<String>,
    /// Dollars per one unit.
    pub max_unit_cost: Decimal,
}

impl std::str::FromStr for Target {
    type Err = String;
    /// `METRIC=MAX` or `METRIC:GROUP=MAX`, MAX in dollars per unit; `MAX/N` for per N units.
    fn from_str(s: &str) -> Result<Target, String> {
        let bad = || format!("`{s}` is not a target; write `METRIC=MAX` (dollars per unit, such as `orders=0.0025`), `METRIC=MAX/1000` for per 1,000 units, or `METRIC:GROUP=MAX`");
        let (lhs, max) = s.split_once('=').ok_or_else(bad)?;
        let (metric, group) = match lhs.split_once(':') {
            Some((m, g)) => (m.trim(), Some(g.trim().to_string())),
            None => (lhs.trim(), None),
        };
        if metric.is_empty() {
            return Err(bad());
        }
        let (amount, per) = match max.split_once('/') {
            Some((a, p)) => (a, parse_per(p).ok_or_else(bad)?),
            None => (max, Decimal::ONE),
        };
        let amount = parse_money(amount).ok_or_else(bad)?;
        Ok(Target { metric: metric.to_string(), group, max_unit_cost: amount / per })
    }
}

fn parse_money(s: &str) -> Option<Decimal> {
    terrace_pricing::catalog::parse_decimal(s.trim().trim_start_matches('$')).filter(|d| !d.is_sign_negative())
}

fn parse_per(s: &str) -> Option<Decimal> {
    let s = s.trim().to_ascii_lowercase();
    let (num, mult) = if let Some(n) = s.strip_suffix('k') {
        (n.to_string(), Decimal::from(1000))
    } else if let Some(n) = s.strip_suffix('m') {
        (n.to_string(), Decimal::from(1_000_000))
    } else {
        (s, Decimal::ONE)
    };
    let n = terrace_pricing::catalog::parse_decimal(if num.is_empty() { "1" } else { &num })? * mult;
    (n > Decimal::ZERO).then_some(n)
}

/// What the settings file says; every field optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileSettings {
    pub group_by: Option<GroupBy>,
    pub shared: Vec<Selector>,
    pub split: Option<SplitRule>,
    pub remainder_to: Option<String>,
    pub aggregates: BTreeMap<String, Aggregate>,
    pub unit_names: BTreeMap<String, String>,
    pub targets: Vec<Target>,
}

impl FileSettings {
    pub fn load(path: &Path) -> Result<FileSettings, ReportError> {
        let text = std::fs::read_to_string(path).map_err(|e| ReportError::io(path, e))?;
        FileSettings::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, file: &str) -> Result<FileSettings, ReportError> {
        let err = |key: &str, message: String| ReportError::Settings { file: file.to_string(), line: line_of(text, key), message };
        let docs = YamlLoader::load_from_str(text).map_err(|e| ReportError::Settings {
            file: file.to_string(),
            line: e.marker().line(),
            message: e.info().to_string(),
        })?;
        let mut out = FileSettings::default();
        let Some(doc) = docs.into_iter().next() else {
            return Ok(out);
        };
        let Yaml::Hash(top) = &doc else {
            return Err(err("", "expected a mapping with `group_by`, `shared`, `metrics` and `targets`".into()));
        };
        for (k, v) in top {
            let key = k.as_str().unwrap_or_default();
            match key {
                "version" => {
                    let ver = scalar(v).unwrap_or_default();
                    if ver != "1" {
                        return Err(err("version", format!("settings version `{ver}` is not supported; this Terrace reads version 1")));
                    }
                }
                "group_by" => {
                    let s = scalar(v).ok_or_else(|| err(key, "`group_by` must be a string such as `tag:team`".into()))?;
                    out.group_by = Some(s.parse().map_err(|m| err(key, m))?);
                }
                "shared" => parse_shared(v, &mut out, &err)?,
                "metrics" => {
                    let Yaml::Hash(h) = v else {
                        return Err(err(key, "`metrics` must map metric names to settings, such as `dau: {aggregate: mean}`".into()));
                    };
                    for (name, s) in h {
                        let name = scalar(name).unwrap_or_default();
                        let Yaml::Hash(s) = s else {
                            return Err(err(&name, format!("the settings of metric `{name}` must be a mapping")));
                        };
                        for (sk, sv) in s {
                            match (sk.as_str().unwrap_or_default(), scalar(sv)) {
                                ("aggregate", Some(a)) => {
                                    out.aggregates.insert(name.clone(), a.parse().map_err(|m| err("aggregate", m))?);
                                }
                                ("unit", Some(u)) => {
                                    out.unit_names.insert(name.clone(), u);
                                }
                                (other, _) => {
                                    return Err(err(other, format!("metric `{name}`: unknown setting `{other}`; use `aggregate` or `unit`")));
                                }
                            }
                        }
                    }
                }
                "targets" => {
                    let Yaml::Array(items) = v else {
                        return Err(err(key, "`targets` must be a list of `{metric, max_unit_cost}`".into()));
                    };
                    for (i, t) in items.iter().enumerate() {
                        out.targets.push(parse_target(t, i + 1).map_err(|m| err("max_unit_cost", m))?);
                    }
                }
                other => {
                    return Err(err(other, format!("unknown setting `{other}`; the settings are `version`, `group_by`, `shared`, `metrics`, `targets`")));
                }
            }
        }
        Ok(out)
    }
}

fn parse_shared(v: &Yaml, out: &mut FileSettings, err: &dyn Fn(&str, String) -> ReportError) -> Result<(), ReportError> {
    let Yaml::Hash(h) = v else {
        return Err(err("shared", "`shared` must be a mapping with `resources` and `split`".into()));
    };
    let mut weights: Option<BTreeMap<String, Decimal>> = None;
    let mut split: Option<String> = None;
    for (k, v) in h {
        let key = k.as_str().unwrap_or_default();
        match key {
            "resources" => {
                let list: Vec<String> = match v {
                    Yaml::Array(a) => a.iter().filter_map(scalar).collect(),
                    other => scalar(other).into_iter().collect(),
                };
                for s in list {
                    out.shared.push(s.parse().map_err(|m| err(&s, m))?);
                }
            }
            "split" => split = Some(scalar(v).ok_or_else(|| err(key, "`split` must be `even`, `proportional` or `weights`".into()))?),
            "weights" => {
                let Yaml::Hash(w) = v else {
                    return Err(err(key, "`weights` must map group names to numbers, such as `{checkout: 3, search: 1}`".into()));
                };
                let mut m = BTreeMap::new();
                for (g, n) in w {
                    let g = scalar(g).unwrap_or_default();
                    let n = scalar(n)
                        .and_then(|s| terrace_pricing::catalog::parse_decimal(&s))
                        .ok_or_else(|| err(&g, format!("the weight of `{g}` is not a number")))?;
                    m.insert(g, n);
                }
                weights = Some(m);
            }
            "remainder_to" => out.remainder_to = scalar(v),
            other => return Err(err(other, format!("unknown setting `shared.{other}`; use `resources`, `split`, `weights`, `remainder_to`"))),
        }
    }
    out.split = match (split.as_deref(), weights) {
        (Some("weights") | None, Some(w)) => Some(SplitRule::Weights(w)),
        (Some("weights"), None) => return Err(err("split", "`split: weights` needs `weights`, such as `weights: {checkout: 3, search: 1}`".into())),
        (Some(s), w) => {
            let rule = parse_split(s).map_err(|m| err("split", m))?;
            if w.is_some() {
                return Err(err("weights", format!("`weights` are given but `split` is `{s}`; write `split: weights` to use them")));
            }
            Some(rule)
        }
        (None, None) => None,
    };
    Ok(())
}

/// `even` or `proportional` (weights come with their numbers).
pub fn parse_split(s: &str) -> Result<SplitRule, String> {
    match s.trim() {
        "even" => Ok(SplitRule::Even),
        "proportional" => Ok(SplitRule::Proportional),
        "weights" => Ok(SplitRule::Weights(BTreeMap::new())),
        other => Err(format!("unknown split rule `{other}`; use `even`, `proportional` or `weights`")),
    }
}

fn parse_target(t: &Yaml, n: usize) -> Result<Target, String> {
    let Yaml::Hash(h) = t else {
        return Err(format!("target {n} must be a mapping with `metric` and `max_unit_cost`"));
    };
    let get = |k: &str| h.get(&Yaml::String(k.into())).and_then(scalar);
    let metric = get("metric").ok_or_else(|| format!("target {n} has no `metric`"))?;
    let max = get("max_unit_cost").ok_or_else(|| format!("target {n} has no `max_unit_cost` (dollars per unit)"))?;
    let max = parse_money(&max).ok_or_else(|| format!("target {n}: `max_unit_cost` `{max}` is not an amount of dollars"))?;
    let per = match get("per") {
        Some(p) => parse_per(&p).ok_or_else(|| format!("target {n}: `per` `{p}` is not a positive number of units"))?,
        None => Decimal::ONE,
    };
    Ok(Target { metric, group: get("group"), max_unit_cost: max / per })
}

fn scalar(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The first line (from 1) that mentions `key` as a key or list item, 0 when none does.
fn line_of(text: &str, key: &str) -> usize {
    if key.is_empty() {
        return 0;
    }
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with(&format!("{key}:")) || t == key
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_setting() {
        let s = FileSettings::parse(
            "version: 1\ngroup_by: tag:team\nshared:\n  resources: [\"aws_nat_gateway.*\", \"tag:shared=yes\"]\n  weights: {a: 3, b: 1}\n  remainder_to: a\nmetrics:\n  dau: {aggregate: mean, unit: user}\ntargets:\n  - metric: orders\n    max_unit_cost: 2\n    per: 1k\n",
            "s.yml",
        )
        .expect("parse");
        assert_eq!(s.group_by, Some(GroupBy::Tag("team".into())));
        assert_eq!(s.shared.len(), 2);
        assert!(matches!(s.split, Some(SplitRule::Weights(ref w)) if w.len() == 2));
        assert_eq!(s.aggregates.get("dau"), Some(&Aggregate::Mean));
        assert_eq!(s.targets[0].max_unit_cost, Decimal::new(2, 3));
    }

    #[test]
    fn errors_point_at_the_line() {
        let e = FileSettings::parse("group_by: tag:team\nshared:\n  split: halves\n", "s.yml").expect_err("bad split");
        assert_eq!(e.to_string(), "s.yml:3: unknown split rule `halves`; use `even`, `proportional` or `weights`");
    }

    #[test]
    fn targets_from_flags() {
        let t: Target = "orders:checkout=2/1k".parse().expect("target");
        assert_eq!(t.group.as_deref(), Some("checkout"));
        assert_eq!(t.max_unit_cost, Decimal::new(2, 3));
        assert!("orders".parse::<Target>().is_err());
    }
}
