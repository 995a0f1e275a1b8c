//! Allocation: every priced resource's monthly cost to one group (a tag's value, a
//! module, a project or a service), untagged cost to its own line, and shared cost
//! split across the groups by a declared rule.
//!
//! **Invariant:** the groups' amounts, the untagged line and the shared cost left unsplit
//! add up to the total exactly, in cents: each amount is rounded to the cent and the cents
//! that rounding gains or loses go to one declared group (`remainder_to`, by default the
//! largest group), shown as its rounding adjustment.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use terrace_pricing::json::{Breakdown, Component, Project, Resource};

use super::service;

/// What costs are grouped by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    /// A tag's value (tags include the provider's `default_tags`).
    Tag(String),
    Module,
    Project,
    Service,
}

impl FromStr for GroupBy {
    type Err = String;
    fn from_str(s: &str) -> Result<GroupBy, String> {
        match s.trim() {
            "module" => Ok(GroupBy::Module),
            "project" => Ok(GroupBy::Project),
            "service" => Ok(GroupBy::Service),
            t => match t.strip_prefix("tag:") {
                Some(k) if !k.is_empty() => Ok(GroupBy::Tag(k.to_string())),
                _ => Err(format!("cannot group by `{t}`; use `tag:KEY` (such as `tag:team`), `module`, `project` or `service`")),
            },
        }
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GroupBy::Tag(k) => write!(f, "tag:{k}"),
            GroupBy::Module => f.write_str("module"),
            GroupBy::Project => f.write_str("project"),
            GroupBy::Service => f.write_str("service"),
        }
    }
}

impl GroupBy {
    /// The metrics dimension that names the same groups (`team` for `tag:team`).
    pub fn dimension(&self) -> String {
        match self {
            GroupBy::Tag(k) => k.to_ascii_lowercase(),
            GroupBy::Module => "module".into(),
            GroupBy::Project => "project".into(),
            GroupBy::Service => "service".into(),
        }
    }

    /// How readers call a group: `team`, `module`, `project`, `service`.
    pub fn noun(&self) -> String {
        match self {
            GroupBy::Tag(k) => k.clone(),
            other => other.to_string(),
        }
    }

    /// The item's group, None for a resource without the tag.
    pub fn group_of(&self, item: &CostItem) -> Option<String> {
        match self {
            GroupBy::Tag(k) => item.tags.get(k).filter(|v| !v.is_empty()).cloned(),
            GroupBy::Module => {
                let m = terrace_pricing::input::module_of(&item.address);
                Some(if m.is_empty() { ROOT_MODULE.to_string() } else { m })
            }
            GroupBy::Project => Some(item.project.clone()),
            GroupBy::Service => Some(service::service_short_name(&item.resource_type)),
        }
    }
}

/// The group name of resources in the root module.
pub const ROOT_MODULE: &str = "root module";

/// One priced resource as allocation sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CostItem {
    pub project: String,
    pub address: String,
    pub resource_type: String,
    pub region: String,
    pub tags: BTreeMap<String, String>,
    pub monthly_cost: Decimal,
    /// The part of the cost that comes from usage estimates.
    pub usage_cost: Decimal,
    /// A cost line has no price: the resource costs more than shown.
    pub price_missing: bool,
    /// A cost line depends on usage that was not estimated.
    pub usage_missing: bool,
    /// The cost lines of the resource and its sub-resources (for the FOCUS export).
    pub components: Vec<Component>,
}

impl CostItem {
    pub fn from_resource(project: &str, r: &Resource) -> CostItem {
        let comps = r.all_components();
        CostItem {
            project: project.to_string(),
            address: r.name.clone(),
            resource_type: r.resource_type.clone(),
            region: r.metadata.get("region").and_then(|v| v.as_str()).unwrap_or_default().to_string(),
            tags: r.tags.clone().unwrap_or_default(),
            monthly_cost: r.monthly_cost.unwrap_or_default(),
            usage_cost: r.monthly_usage_cost.unwrap_or_default(),
            price_missing: r.price_not_found(),
            usage_missing: comps.iter().any(|c| c.usage_based && c.monthly_cost.is_none() && !c.price_not_found),
            components: comps.into_iter().cloned().collect(),
        }
    }

    /// Every priced resource of a breakdown.
    pub fn from_breakdown(project: &str, b: &Breakdown) -> Vec<CostItem> {
        b.resources.iter().map(|r| CostItem::from_resource(project, r)).collect()
    }
}

/// The name a project goes by in reports: its name, else its path.
pub fn project_name(p: &Project) -> String {
    if !p.name.is_empty() {
        p.name.clone()
    } else if !p.metadata.path.is_empty() {
        p.metadata.path.clone()
    } else {
        "project".into()
    }
}

/// What makes a resource shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// An address pattern: `*` any text, `?` one character. A pattern without instance
    /// keys matches every instance, and a module path matches everything in the module.
    Address(String),
    /// `tag:KEY=VALUE`.
    Tag(String, String),
    /// `type:aws_nat_gateway`.
    Type(String),
    /// `project:NAME`: a whole project is shared (a platform or network project).
    Project(String),
}

impl FromStr for Selector {
    type Err = String;
    fn from_str(s: &str) -> Result<Selector, String> {
        let s = s.trim();
        if let Some(t) = s.strip_prefix("tag:") {
            return match t.split_once('=') {
                Some((k, v)) if !k.is_empty() => Ok(Selector::Tag(k.to_string(), v.to_string())),
                _ => Err(format!("`{s}` names no tag value; write `tag:KEY=VALUE`, such as `tag:cost-center=shared`")),
            };
        }
        if let Some(t) = s.strip_prefix("type:") {
            return Ok(Selector::Type(t.to_string()));
        }
        if let Some(p) = s.strip_prefix("project:") {
            return Ok(Selector::Project(p.to_string()));
        }
        if s.is_empty() {
            return Err("an empty shared-resource pattern; write an address such as `module.network.aws_nat_gateway.*`".into());
        }
        Ok(Selector::Address(s.to_string()))
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Address(a) => f.write_str(a),
            Selector::Tag(k, v) => write!(f, "tag:{k}={v}"),
            Selector::Type(t) => write!(f, "type:{t}"),
            Selector::Project(p) => write!(f, "project:{p}"),
        }
    }
}

impl Selector {
    pub fn matches(&self, item: &CostItem) -> bool {
        match self {
            Selector::Address(p) => {
                let bare = terrace_pricing::input::strip_keys(&item.address);
                glob(p, &item.address) || glob(p, &bare) || item.address.starts_with(&format!("{p}.")) || item.address.starts_with(&format!("{p}["))
            }
            Selector::Tag(k, v) => item.tags.get(k) == Some(v),
            Selector::Type(t) => glob(t, &item.resource_type),
            Selector::Project(p) => glob(p, &item.project),
        }
    }
}

/// `*` matches any text, `?` one character, everything else itself.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// How shared cost is split across the groups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SplitRule {
    /// The same amount to every group with cost of its own.
    Even,
    /// In proportion to each group's own (direct) cost.
    #[default]
    Proportional,
    /// By fixed weights; groups without a weight get none.
    Weights(BTreeMap<String, Decimal>),
}

impl fmt::Display for SplitRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitRule::Even => f.write_str("even"),
            SplitRule::Proportional => f.write_str("proportional"),
            SplitRule::Weights(_) => f.write_str("weights"),
        }
    }
}

/// The allocation rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub group_by: GroupBy,
    pub shared: Vec<Selector>,
    pub split: SplitRule,
    /// The group that takes the rounding remainder; the largest group when None.
    pub remainder_to: Option<String>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { group_by: GroupBy::Tag("team".into()), shared: Vec::new(), split: SplitRule::Proportional, remainder_to: None }
    }
}

/// One group's cost.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroupCost {
    pub name: String,
    /// The cost of the group's own resources, rounded to the cent.
    pub direct: Decimal,
    /// Its share of the shared cost, rounded to the cent.
    pub shared: Decimal,
    /// Cents added (or taken) so that the amounts add up to the total.
    pub rounding: Decimal,
    /// direct + shared + rounding.
    pub monthly_cost: Decimal,
    pub resources: usize,
}

/// Where a period's cost went.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Allocation {
    /// The total, rounded to the cent.
    pub total: Decimal,
    /// Groups, largest first (ties by name).
    pub groups: Vec<GroupCost>,
    /// Cost of resources without the grouping tag.
    pub untagged: Decimal,
    pub untagged_resources: Vec<String>,
    /// The shared resources' cost before it is split.
    pub shared_total: Decimal,
    pub shared_resources: Vec<String>,
    /// Shared cost no group could take (no group has cost of its own, or no weight
    /// names a group).
    pub shared_unsplit: Decimal,
    /// The rounding adjustment and the line that took it (a group's name, or
    /// [`UNTAGGED`] when there are no groups).
    pub remainder: Decimal,
    pub remainder_to: String,
    pub resources: usize,
}

/// The line name of untagged cost.
pub const UNTAGGED: &str = "untagged";
/// The line name of shared cost that could not be split.
pub const UNSPLIT: &str = "shared, not split";

impl Allocation {
    /// Cost not attributed to any group: untagged, and shared cost left unsplit.
    pub fn unallocated(&self) -> Decimal {
        self.untagged + self.shared_unsplit
    }

    /// The sum of every line; equal to `total` by construction.
    pub fn sum_of_lines(&self) -> Decimal {
        self.groups.iter().map(|g| g.monthly_cost).sum::<Decimal>() + self.unallocated()
    }

    pub fn group(&self, name: &str) -> Option<&GroupCost> {
        self.groups.iter().find(|g| g.name == name)
    }
}

fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// An error in the allocation rules themselves.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("`remainder_to` names the group `{name}`, which has no cost; the groups are: {groups}")]
    UnknownRemainderGroup { name: String, groups: String },
    #[error("the shared-cost weights add up to zero; give at least one group a positive weight")]
    ZeroWeights,
    #[error("the shared-cost weight of `{0}` is negative; weights are zero or more")]
    NegativeWeight(String),
    #[error("the shared-cost weights are too large to add up; use small numbers such as percentages")]
    WeightsTooLarge,
}

/// Allocates the items' cost.
pub fn allocate(items: &[CostItem], rules: &Rules) -> Result<Allocation, RuleError> {
    let mut a = Allocation { resources: items.len(), ..Default::default() };
    let mut direct: BTreeMap<String, (Decimal, usize)> = BTreeMap::new();
    let mut untagged_exact = Decimal::ZERO;
    let mut shared_exact = Decimal::ZERO;
    for it in items {
        if rules.shared.iter().any(|s| s.matches(it)) {
            shared_exact += it.monthly_cost;
            a.shared_resources.push(it.address.clone());
            continue;
        }
        match rules.group_by.group_of(it) {
            Some(g) => {
                let e = direct.entry(g).or_default();
                e.0 += it.monthly_cost;
                e.1 += 1;
            }
            None => {
                untagged_exact += it.monthly_cost;
                a.untagged_resources.push(it.address.clone());
            }
        }
    }
    let exact_total = direct.values().map(|(d, _)| *d).sum::<Decimal>() + untagged_exact + shared_exact;

    // Who takes shared cost, with which weight.
    let weights: BTreeMap<String, Decimal> = match &rules.split {
        SplitRule::Even => direct.iter().filter(|(_, (d, _))| !d.is_zero()).map(|(g, _)| (g.clone(), Decimal::ONE)).collect(),
        SplitRule::Proportional => {
            let w: BTreeMap<String, Decimal> = direct.iter().filter(|(_, (d, _))| *d > Decimal::ZERO).map(|(g, (d, _))| (g.clone(), *d)).collect();
            w
        }
        SplitRule::Weights(w) => {
            if let Some((g, _)) = w.iter().find(|(_, v)| v.is_sign_negative() && !v.is_zero()) {
                return Err(RuleError::NegativeWeight(g.clone()));
            }
            if !w.is_empty() && w.values().all(|v| v.is_zero()) {
                return Err(RuleError::ZeroWeights);
            }
            w.iter().filter(|(_, v)| !v.is_zero()).map(|(g, v)| (g.clone(), *v)).collect()
        }
    };
    let weight_sum = weights.values().try_fold(Decimal::ZERO, |a, w| a.checked_add(*w)).ok_or(RuleError::WeightsTooLarge)?;
    let mut shares: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut unsplit_exact = Decimal::ZERO;
    if shared_exact.is_zero() {
    } else if weight_sum.is_zero() {
        unsplit_exact = shared_exact;
    } else {
        for (g, w) in &weights {
            shares.insert(g.clone(), shared_exact * (*w / weight_sum));
            direct.entry(g.clone()).or_default();
        }
    }

    a.total = cents(exact_total);
    a.shared_total = cents(shared_exact);
    a.untagged = cents(untagged_exact);
    a.shared_unsplit = cents(unsplit_exact);
    let exact_of = |g: &str| direct.get(g).map_or(Decimal::ZERO, |(d, _)| *d) + shares.get(g).copied().unwrap_or_default();
    for (g, (d, n)) in &direct {
        let shared = cents(shares.get(g).copied().unwrap_or_default());
        let direct = cents(*d);
        a.groups.push(GroupCost { name: g.clone(), direct, shared, rounding: Decimal::ZERO, monthly_cost: direct + shared, resources: *n });
    }
    a.groups.sort_by(|x, y| exact_of(&y.name).cmp(&exact_of(&x.name)).then_with(|| x.name.cmp(&y.name)));

    a.remainder = a.total - a.sum_of_lines();
    match &rules.remainder_to {
        Some(name) => {
            let Some(g) = a.groups.iter_mut().find(|g| &g.name == name) else {
                let groups = a.groups.iter().map(|g| format!("`{}`", g.name)).collect::<Vec<_>>().join(", ");
                return Err(RuleError::UnknownRemainderGroup { name: name.clone(), groups: if groups.is_empty() { "none".into() } else { groups } });
            };
            g.rounding = a.remainder;
            g.monthly_cost += a.remainder;
            a.remainder_to = name.clone();
        }
        None => match a.groups.first_mut() {
            Some(g) => {
                g.rounding = a.remainder;
                g.monthly_cost += a.remainder;
                a.remainder_to = g.name.clone();
            }
            None if !a.untagged.is_zero() || a.shared_unsplit.is_zero() => {
                a.untagged += a.remainder;
                a.remainder_to = UNTAGGED.into();
            }
            None => {
                a.shared_unsplit += a.remainder;
                a.remainder_to = UNSPLIT.into();
            }
        },
    }
    debug_assert_eq!(a.sum_of_lines(), a.total);
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches() {
        assert!(glob("module.net.aws_nat_gateway.*", "module.net.aws_nat_gateway.a[0]"));
        assert!(glob("aws_*.main", "aws_eks_cluster.main"));
        assert!(!glob("aws_*.main", "aws_eks_cluster.other"));
        assert!(glob("a?c", "abc"));
    }

    #[test]
    fn selectors_parse() {
        assert_eq!("tag:shared=yes".parse::<Selector>(), Ok(Selector::Tag("shared".into(), "yes".into())));
        assert!("tag:oops".parse::<Selector>().is_err());
        assert_eq!("project:net".parse::<Selector>(), Ok(Selector::Project("net".into())));
    }
}
