//! The cost comment: a renderer of a cost report and policy results, nothing more.
//!
//! Layout: the hidden marker; a headline (the monthly estimate increased, decreased or
//! is unchanged, by how much, with the percentage and an arrow); one table row per
//! project (baseline change, usage-based change, total change, new monthly total); the
//! policy results; a collapsed block with the per-resource diff (`+ aws_instance.web
//! +$30.37` and its component lines); a collapsed block of what could not be priced.
//!
//! A comment that would exceed the size limit (GitHub's 65,536 characters) is rendered
//! again with less detail, in steps: component lines go first, then the resources with
//! the smallest changes (a note says how many are left out), then the list of unpriced
//! resources, then the details blocks and project rows. Tables and code blocks are never
//! cut in the middle.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use terrace_pricing::format::{money, money_delta, percent, price};
use terrace_pricing::json::{Component, Report, Resource};

use super::marker::{Marker, DEFAULT_TAG};
use super::policy::{PolicyResult, ProjectCosts};

/// GitHub's limit on a comment body, in characters.
pub const GITHUB_MAX_CHARS: usize = 65_536;
/// GitLab's limit on a note body, in characters.
pub const GITLAB_MAX_CHARS: usize = 1_000_000;
/// Offending resources listed under one policy before "and N more".
const POLICY_OFFENDERS_SHOWN: usize = 20;
/// Width at which the cost column of the details stops being aligned.
const ALIGN_MAX: usize = 72;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommentFormat {
    /// Plain markdown, for a file or a CI summary: no marker, no size limit.
    #[default]
    Markdown,
    /// A GitHub pull-request or commit comment.
    GitHub,
    /// A GitLab merge-request note.
    GitLab,
}

impl CommentFormat {
    /// The size limit of the platform.
    pub fn max_chars(self) -> Option<usize> {
        match self {
            CommentFormat::Markdown => None,
            CommentFormat::GitHub => Some(GITHUB_MAX_CHARS),
            CommentFormat::GitLab => Some(GITLAB_MAX_CHARS),
        }
    }

    /// Reads a `--format` value: `markdown`, `github-comment`, `gitlab-comment`.
    pub fn parse(s: &str) -> Option<CommentFormat> {
        match s {
            "markdown" => Some(CommentFormat::Markdown),
            "github-comment" => Some(CommentFormat::GitHub),
            "gitlab-comment" => Some(CommentFormat::GitLab),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CommentOptions {
    pub format: CommentFormat,
    /// Policy results to show (empty: no policy section).
    pub policies: Vec<PolicyResult>,
    /// The marker's tag.
    pub tag: String,
    /// The time the cost data is valid for, written in the marker.
    pub valid_at: Option<DateTime<Utc>>,
    /// A size limit in characters instead of the format's own.
    pub max_chars: Option<usize>,
}

impl Default for CommentOptions {
    fn default() -> Self {
        CommentOptions { format: CommentFormat::default(), policies: Vec::new(), tag: DEFAULT_TAG.to_string(), valid_at: None, max_chars: None }
    }
}

impl CommentOptions {
    fn limit(&self) -> Option<usize> {
        self.max_chars.or(self.format.max_chars())
    }

    fn marker(&self) -> Option<Marker> {
        (self.format != CommentFormat::Markdown).then(|| Marker::new(self.tag.clone(), self.valid_at))
    }
}

/// Renders the comment for a report, within the size limit.
pub fn render_comment(report: &Report, opts: &CommentOptions) -> String {
    let view = View::new(report);
    let fits = |s: &str| opts.limit().is_none_or(|max| s.chars().count() <= max);
    let full = Detail { components: true, max_resources: None, max_unpriced: None, max_projects: None, details: true };
    let out = view.render(opts, &full);
    if fits(&out) {
        return out;
    }
    let no_components = Detail { components: false, ..full };
    let out = view.render(opts, &no_components);
    if fits(&out) {
        return out;
    }
    // The most resource lines that fit, with the unpriced list short.
    let short = Detail { max_unpriced: Some(20), ..no_components };
    if let Some(k) = largest_fitting(view.ranked.len(), |k| fits(&view.render(opts, &Detail { max_resources: Some(k), ..short }))) {
        return view.render(opts, &Detail { max_resources: Some(k), ..short });
    }
    let bare = Detail { max_unpriced: Some(0), max_resources: Some(0), details: false, ..short };
    if let Some(k) = largest_fitting(view.projects.len(), |k| fits(&view.render(opts, &Detail { max_projects: Some(k), ..bare }))) {
        return view.render(opts, &Detail { max_projects: Some(k), ..bare });
    }
    // Only a limit smaller than the headline gets here.
    let mut s = String::new();
    if let Some(m) = opts.marker() {
        let _ = writeln!(s, "{}", m.render());
    }
    let _ = writeln!(s, "{}", view.headline());
    s
}

/// The largest k in 0..=n for which `ok(k)` holds, given that it holds for every k
/// below one for which it does; None when it does not even hold for 0.
fn largest_fitting(n: usize, ok: impl Fn(usize) -> bool) -> Option<usize> {
    if !ok(0) {
        return None;
    }
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if ok(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo)
}

/// How much to show.
#[derive(Debug, Clone, Copy)]
struct Detail {
    components: bool,
    /// Resource lines kept, largest changes first.
    max_resources: Option<usize>,
    max_unpriced: Option<usize>,
    max_projects: Option<usize>,
    details: bool,
}

/// The report, digested for rendering.
struct View {
    projects: Vec<ProjectView>,
    past: Decimal,
    now: Decimal,
    /// (project, block) of every resource change, largest change first.
    ranked: Vec<(usize, usize)>,
}

struct ProjectView {
    name: String,
    past: Decimal,
    now: Decimal,
    baseline_change: Decimal,
    /// None when neither side has usage-based costs.
    usage_change: Option<Decimal>,
    blocks: Vec<Block>,
    unpriced: Vec<Unpriced>,
    /// Unsupported resource types and their counts.
    unsupported: BTreeMap<String, i64>,
}

/// One resource's lines in the details.
struct Block {
    magnitude: Decimal,
    head: Line,
    components: Vec<Line>,
}

struct Line {
    depth: usize,
    sign: char,
    label: String,
    cost: String,
}

struct Unpriced {
    resource: String,
    reasons: Vec<String>,
}

impl View {
    fn new(report: &Report) -> View {
        let mut projects = Vec::new();
        for p in &report.projects {
            let c = ProjectCosts::new(p);
            let usage = |b: &terrace_pricing::json::Breakdown| b.total_monthly_usage_cost.unwrap_or_default();
            let has_usage = !usage(&c.past).is_zero() || !usage(&c.now).is_zero();
            let usage_change = usage(&c.now) - usage(&c.past);
            let total_change = c.now_total() - c.past_total();
            let past_by: BTreeMap<&str, &Resource> = c.past.resources.iter().map(|r| (r.name.as_str(), r)).collect();
            let now_by: BTreeMap<&str, &Resource> = c.now.resources.iter().map(|r| (r.name.as_str(), r)).collect();
            let blocks = c.diff.resources.iter().map(|d| block(d, past_by.get(d.name.as_str()).copied(), now_by.get(d.name.as_str()).copied())).collect();
            let mut unpriced = Vec::new();
            for r in &c.now.resources {
                let reasons: Vec<String> = r
                    .all_components()
                    .into_iter()
                    .filter(|c| c.price_not_found)
                    .map(|c| format!("{}: {}", c.name, c.price_not_found_reason.as_deref().unwrap_or("no price in the catalog")))
                    .collect();
                if !reasons.is_empty() {
                    unpriced.push(Unpriced { resource: r.name.clone(), reasons });
                }
            }
            let mut unsupported: BTreeMap<String, i64> = BTreeMap::new();
            for u in &c.now.unsupported_resources {
                *unsupported.entry(u.resource_type.clone()).or_default() += 1;
            }
            if unsupported.is_empty() {
                unsupported = p.summary.unsupported_resource_counts.clone().unwrap_or_default();
                unsupported.retain(|_, n| *n > 0);
            }
            projects.push(ProjectView {
                name: if p.name.is_empty() { p.metadata.path.clone() } else { p.name.clone() },
                past: c.past_total(),
                now: c.now_total(),
                baseline_change: total_change - usage_change,
                usage_change: has_usage.then_some(usage_change),
                blocks,
                unpriced,
                unsupported,
            });
        }
        let mut ranked: Vec<(usize, usize)> = projects.iter().enumerate().flat_map(|(i, p)| (0..p.blocks.len()).map(move |j| (i, j))).collect();
        ranked.sort_by(|a, b| {
            let (x, y) = (&projects[a.0].blocks[a.1], &projects[b.0].blocks[b.1]);
            y.magnitude.cmp(&x.magnitude).then(a.cmp(b))
        });
        let past = projects.iter().map(|p| p.past).sum();
        let now = projects.iter().map(|p| p.now).sum();
        View { projects, past, now, ranked }
    }

    fn headline(&self) -> String {
        let change = self.now - self.past;
        let pct = percent(self.past, self.now);
        let span = format!("{} → {}", money(self.past), money(self.now));
        let detail = match pct {
            Some(p) => format!("{p}, {span}"),
            None => span,
        };
        if change.is_zero() {
            format!("**Monthly estimate unchanged →** ({})", money(self.now))
        } else if change.is_sign_positive() {
            format!("**Monthly estimate increased by {} ↑** ({detail})", money(change))
        } else {
            format!("**Monthly estimate decreased by {} ↓** ({detail})", money(change.abs()))
        }
    }

    fn render(&self, opts: &CommentOptions, d: &Detail) -> String {
        let mut s = String::new();
        if let Some(m) = opts.marker() {
            let _ = writeln!(s, "{}", m.render());
        }
        let _ = writeln!(s, "### 💰 Terrace cost estimate\n");
        let _ = writeln!(s, "{}\n", self.headline());
        self.table(&mut s, d);
        policies(&mut s, &opts.policies, self.projects.len() > 1);
        if d.details {
            self.details(&mut s, d);
            self.unpriced(&mut s, d);
        }
        while s.ends_with("\n\n") {
            s.pop();
        }
        s
    }

    fn table(&self, s: &mut String, d: &Detail) {
        if self.projects.is_empty() {
            let _ = writeln!(s, "The report has no projects.\n");
            return;
        }
        let _ = writeln!(s, "| Project | Baseline cost | Usage cost* | Total change | New monthly cost |");
        let _ = writeln!(s, "| :--- | ---: | ---: | ---: | ---: |");
        let shown = d.max_projects.unwrap_or(usize::MAX).min(self.projects.len());
        for p in &self.projects[..shown] {
            let change = p.now - p.past;
            let total = match percent(p.past, p.now) {
                Some(pct) if !change.is_zero() => format!("{} ({pct})", money_delta(change)),
                _ => money_delta(change),
            };
            let usage = p.usage_change.map(money_delta).unwrap_or_else(|| "-".into());
            let _ = writeln!(s, "| {} | {} | {usage} | {total} | {} |", cell(&p.name), money_delta(p.baseline_change), money(p.now));
        }
        s.push('\n');
        if shown < self.projects.len() {
            let _ = writeln!(s, "_{} more projects are not shown; the headline includes them._\n", self.projects.len() - shown);
        }
        if self.projects[..shown].iter().any(|p| p.usage_change.is_none()) {
            let _ = writeln!(s, "\\* Usage-based costs (requests, data transfer, storage used) are estimated from a usage file (`--usage-file`); `-` means none were estimated.\n");
        }
    }

    fn details(&self, s: &mut String, d: &Detail) {
        let total: usize = self.ranked.len();
        if total == 0 {
            if !self.projects.is_empty() {
                let _ = writeln!(s, "_No resource's monthly cost changes._\n");
            }
            return;
        }
        let keep: Option<HashSet<(usize, usize)>> = d.max_resources.map(|k| self.ranked.iter().take(k).copied().collect());
        let shown = keep.as_ref().map_or(total, |k| k.len());
        if shown == 0 {
            let _ = writeln!(s, "_{} changed, not listed to keep this comment within the size limit._\n", count(total, "resource"));
            return;
        }
        let changed_projects = self.projects.iter().filter(|p| !p.blocks.is_empty()).count();
        let where_ = if self.projects.len() > 1 { format!(" in {}", count(changed_projects, "project")) } else { String::new() };
        let _ = writeln!(s, "<details>\n<summary>Cost details: {} changed{where_}</summary>\n", count(total, "resource"));
        if !d.components {
            let _ = writeln!(s, "_Component lines are left out to keep this comment within the size limit._\n");
        }
        for (i, p) in self.projects.iter().enumerate() {
            if p.blocks.is_empty() {
                continue;
            }
            let blocks: Vec<&Block> = p.blocks.iter().enumerate().filter(|(j, _)| keep.as_ref().is_none_or(|k| k.contains(&(i, *j)))).map(|(_, b)| b).collect();
            let hidden = p.blocks.len() - blocks.len();
            if self.projects.len() > 1 {
                let _ = writeln!(s, "**{}**\n", inline(&p.name));
            }
            if !blocks.is_empty() {
                let lines: Vec<&Line> = blocks.iter().flat_map(|b| std::iter::once(&b.head).chain(b.components.iter().filter(|_| d.components))).collect();
                let width = lines.iter().map(|l| l.label_width()).filter(|w| *w <= ALIGN_MAX).max().unwrap_or(0);
                let _ = writeln!(s, "```diff");
                for l in lines {
                    let _ = writeln!(s, "{}", l.render(width));
                }
                let _ = writeln!(s, "```\n");
            }
            if hidden > 0 {
                let num = terrace_pricing::format::quantity(Decimal::from(hidden));
                let (noun, verb) = if hidden == 1 { ("resource", "is") } else { ("resources", "are") };
                let _ = writeln!(s, "_{num} more {noun} with smaller changes {verb} not shown, to keep this comment within the size limit._\n");
            }
        }
        let _ = writeln!(s, "</details>\n");
    }

    fn unpriced(&self, s: &mut String, d: &Detail) {
        let n_unpriced: usize = self.projects.iter().map(|p| p.unpriced.len()).sum();
        let n_unsupported: i64 = self.projects.iter().flat_map(|p| p.unsupported.values()).sum();
        if n_unpriced == 0 && n_unsupported == 0 {
            return;
        }
        let n = n_unpriced + usize::try_from(n_unsupported).unwrap_or(0);
        let max = d.max_unpriced.unwrap_or(usize::MAX);
        if max == 0 {
            let _ = writeln!(s, "⚠️ {} not fully priced; the missing costs are not in the totals.\n", count(n, "resource"));
            return;
        }
        let _ = writeln!(s, "<details>\n<summary>⚠️ {} not fully priced (the missing costs are not in the totals)</summary>\n", count(n, "resource"));
        let multi = self.projects.len() > 1;
        let mut listed = 0;
        for p in &self.projects {
            let prefix = if multi { format!("**{}** ", inline(&p.name)) } else { String::new() };
            for u in &p.unpriced {
                if listed < max {
                    let _ = writeln!(s, "- {prefix}`{}`: {}", code(&u.resource), inline(&u.reasons.join("; ")));
                }
                listed += 1;
            }
            for (ty, n) in &p.unsupported {
                let _ = writeln!(s, "- {prefix}{n} × `{}`: not supported yet", code(ty));
            }
        }
        if listed > max {
            let _ = writeln!(s, "- _and {} more whose price was not found_", listed - max);
        }
        let _ = writeln!(s, "\n</details>\n");
    }
}

impl Line {
    fn label_width(&self) -> usize {
        self.depth * 4 + 2 + self.label.chars().count()
    }

    fn render(&self, width: usize) -> String {
        let pad = width.saturating_sub(self.label_width());
        format!("{:indent$}{} {}{:pad$}  {}", "", self.sign, self.label, "", self.cost, indent = self.depth * 4)
    }
}

/// The policy results; offenders name their project when there are several.
fn policies(s: &mut String, results: &[PolicyResult], name_projects: bool) {
    if results.is_empty() {
        return;
    }
    let failed = results.iter().filter(|r| !r.passed).count();
    if failed == 0 {
        let _ = writeln!(s, "#### Policies: all {} passed ✅\n", results.len());
    } else {
        let _ = writeln!(s, "#### Policies: {failed} of {} failed ❌\n", results.len());
    }
    for r in results {
        let _ = writeln!(s, "- {} **{}**: {}", if r.passed { "✅" } else { "❌" }, r.name, inline(&r.summary));
        for o in r.offenders.iter().take(POLICY_OFFENDERS_SHOWN) {
            let project = if o.project.is_empty() || !name_projects { String::new() } else { format!(" ({})", inline(&o.project)) };
            let _ = writeln!(s, "  - `{}`{project}: {}", code(&o.resource), o.detail);
        }
        if r.offenders.len() > POLICY_OFFENDERS_SHOWN {
            let _ = writeln!(s, "  - _and {} more_", r.offenders.len() - POLICY_OFFENDERS_SHOWN);
        }
    }
    s.push('\n');
}

/// The lines of one changed resource: its head line, then its components and
/// sub-resources, each marked added (`+`), removed (`-`) or changed (`~`).
fn block(d: &Resource, past: Option<&Resource>, now: Option<&Resource>) -> Block {
    let delta = d.monthly_cost;
    let sign = sign_of(past.is_some(), now.is_some(), delta);
    let cost = match (delta, past.and_then(|p| p.monthly_cost), now.and_then(|n| n.monthly_cost)) {
        (Some(dl), Some(p), Some(n)) if sign == '~' => format!("{} ({} → {})", money_delta(dl), money(p), money(n)),
        (Some(dl), _, _) => money_delta(dl),
        (None, _, _) => "cost depends on usage".to_string(),
    };
    let mut components = Vec::new();
    sub_lines(d, past, now, 1, &mut components);
    Block { magnitude: delta.unwrap_or_default().abs(), head: Line { depth: 0, sign, label: code(&d.name), cost }, components }
}

fn sub_lines(d: &Resource, past: Option<&Resource>, now: Option<&Resource>, depth: usize, out: &mut Vec<Line>) {
    let find = |r: Option<&Resource>, name: &str| r.and_then(|r| r.cost_components.iter().find(|c| c.name == name).cloned());
    for c in &d.cost_components {
        let (p, n) = (find(past, &c.name), find(now, &c.name));
        out.push(Line { depth, sign: sign_of(p.is_some(), n.is_some(), c.monthly_cost), label: code(&c.name), cost: component_cost(c) });
    }
    for sd in &d.subresources {
        let ps = past.and_then(|r| r.subresources.iter().find(|s| s.name == sd.name));
        let ns = now.and_then(|r| r.subresources.iter().find(|s| s.name == sd.name));
        let cost = sd.monthly_cost.map(money_delta).unwrap_or_default();
        out.push(Line { depth, sign: sign_of(ps.is_some(), ns.is_some(), sd.monthly_cost), label: code(&sd.name), cost });
        sub_lines(sd, ps, ns, depth + 1, out);
    }
}

fn component_cost(c: &Component) -> String {
    if c.price_not_found {
        return format!("price not found: {}", c.price_not_found_reason.as_deref().unwrap_or("no price in the catalog"));
    }
    match c.monthly_cost {
        Some(m) => money_delta(m),
        None => format!("depends on usage: {} per {}", price(c.price), c.unit),
    }
}

/// `+` added, `-` removed, `~` changed; by the sign of the change when the report has
/// no baseline or current breakdown to tell.
fn sign_of(in_past: bool, in_now: bool, delta: Option<Decimal>) -> char {
    match (in_past, in_now) {
        (true, true) => '~',
        (false, true) => '+',
        (true, false) => '-',
        (false, false) => match delta {
            Some(d) if d.is_sign_negative() && !d.is_zero() => '-',
            Some(d) if d.is_zero() => '~',
            _ => '+',
        },
    }
}

fn count(n: usize, what: &str) -> String {
    let num = terrace_pricing::format::quantity(Decimal::from(n));
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{num} {what}s")
    }
}

/// Text for a table cell: no pipe, no HTML, no line break.
fn cell(s: &str) -> String {
    inline(s).replace('|', "\\|")
}

/// Text in running markdown: no HTML, no line break.
fn inline(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace(['\n', '\r'], " ")
}

/// Text inside backticks or a code block: no backtick, no line break.
fn code(s: &str) -> String {
    s.replace('`', "'").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_fitting_finds_the_edge() {
        assert_eq!(largest_fitting(100, |k| k <= 37), Some(37));
        assert_eq!(largest_fitting(100, |_| true), Some(100));
        assert_eq!(largest_fitting(100, |_| false), None);
        assert_eq!(largest_fitting(0, |_| true), Some(0));
    }

    #[test]
    fn lines_align_their_costs() {
        let a = Line { depth: 0, sign: '+', label: "aws_instance.web".into(), cost: "+$30.37".into() };
        let b = Line { depth: 1, sign: '+', label: "Instance usage".into(), cost: "+$29.57".into() };
        let w = a.label_width().max(b.label_width());
        assert_eq!(a.render(w), "+ aws_instance.web    +$30.37");
        assert_eq!(b.render(w), "    + Instance usage  +$29.57");
    }
}
