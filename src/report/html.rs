//! The report as one self-contained HTML page for finance, product and engineering
//! readers: summary cards, a stacked chart of cost by group per month, a line chart of
//! cost per unit per metric, sortable tables and notes. CSS, SVG and the few lines of
//! script are inline; the page makes no network request.
//!
//! Each chart is an `<svg class="chart">` whose `data-series` and `data-points` say how
//! many series and points it has; each series is a `<g class="series">` and each point
//! (a bar segment or a dot) has the class `point`. The page's script writes what it
//! finds into `data-drawn-series` and `data-drawn-points`, so a browser test can compare.

use std::fmt::Write;

use rust_decimal::{Decimal, RoundingStrategy};
use terrace_pricing::format::{money, money_delta, percent, quantity};

use super::allocate::{UNSPLIT, UNTAGGED};
use super::model::{MetricReport, UnitEconomics};
use super::unit::{per_label, show_unit_cost};
use super::view::{pct, share, title_case};

const CSS: &str = include_str!("assets/report.css");
const JS: &str = include_str!("assets/report.js");

/// Colour-blind-safe series colours; untagged and unsplit cost are greys.
const PALETTE: &[&str] = &["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#6A3D9A", "#8C564B", "#1B9E77", "#B8860B"];
const GREY: &str = "#9AA5B1";
const LIGHT_GREY: &str = "#CBD2D9";

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

fn num_attr(d: Option<Decimal>) -> String {
    d.map_or_else(String::new, |d| d.normalize().to_string())
}

/// A chart's geometry, in SVG user units.
struct Frame {
    w: Decimal,
    h: Decimal,
    left: Decimal,
    right: Decimal,
    top: Decimal,
    bottom: Decimal,
}

const FRAME: Frame = Frame {
    w: Decimal::from_parts(640, 0, 0, false, 0),
    h: Decimal::from_parts(300, 0, 0, false, 0),
    left: Decimal::from_parts(72, 0, 0, false, 0),
    right: Decimal::from_parts(12, 0, 0, false, 0),
    top: Decimal::from_parts(14, 0, 0, false, 0),
    bottom: Decimal::from_parts(34, 0, 0, false, 0),
};

impl Frame {
    fn pw(&self) -> Decimal {
        self.w - self.left - self.right
    }
    fn ph(&self) -> Decimal {
        self.h - self.top - self.bottom
    }
    /// The y coordinate of a value on a scale from 0 to `max`.
    fn y(&self, v: Decimal, max: Decimal) -> Decimal {
        if max.is_zero() {
            return self.top + self.ph();
        }
        let v = v.max(Decimal::ZERO).min(max);
        self.top + self.ph() - v / max * self.ph()
    }
    fn band(&self, n: usize) -> Decimal {
        self.pw() / Decimal::from(n.max(1) as u64)
    }
    fn x_center(&self, i: usize, n: usize) -> Decimal {
        self.left + self.band(n) * (Decimal::from(i as u64) + Decimal::new(5, 1))
    }
}

fn c(d: Decimal) -> String {
    d.round_dp(1).normalize().to_string()
}

/// A round top for an axis and its step: 1, 2 or 5 times a power of ten, at most 5 steps.
fn nice_scale(max: Decimal) -> (Decimal, Decimal) {
    if max <= Decimal::ZERO {
        return (Decimal::ONE, Decimal::new(25, 2));
    }
    let mut unit = Decimal::new(1, 10);
    for _ in 0..40 {
        for m in [1i64, 2, 5] {
            let step = unit * Decimal::from(m);
            if max / step <= Decimal::from(5) {
                let steps = (max / step).ceil();
                return (step * steps, step);
            }
        }
        unit *= Decimal::TEN;
    }
    (max, max)
}

/// Money on an axis, short: `$1.2k`, `$3M`, `$0.50`.
fn axis_money(v: Decimal) -> String {
    let k = Decimal::from(1000);
    let mil = Decimal::from(1_000_000);
    if v >= mil {
        format!("${}M", (v / mil).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero).normalize())
    } else if v >= Decimal::from(10_000) {
        format!("${}k", (v / k).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).normalize())
    } else if v >= k {
        format!("${}k", (v / k).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero).normalize())
    } else if v.fract().is_zero() {
        format!("${}", v.normalize())
    } else {
        money(v)
    }
}

fn y_axis(s: &mut String, f: &Frame, top: Decimal, step: Decimal) {
    let mut v = Decimal::ZERO;
    while v <= top {
        let y = f.y(v, top);
        let _ = write!(
            s,
            r#"<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text x="{}" y="{}" text-anchor="end">{}</text>"#,
            c(f.left),
            c(f.w - f.right),
            c(y),
            c(y),
            c(f.left - Decimal::from(8)),
            c(y + Decimal::from(4)),
            esc(&axis_money(v))
        );
        v += step;
    }
}

/// Month labels under the chart; at most six, so they stay readable on a phone.
fn x_labels(s: &mut String, f: &Frame, labels: &[String]) {
    let every = labels.len().div_ceil(6).max(1);
    for (i, l) in labels.iter().enumerate() {
        if i % every != 0 && i + 1 != labels.len() {
            continue;
        }
        let _ = write!(s, r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#, c(f.x_center(i, labels.len())), c(f.h - Decimal::from(12)), esc(l));
    }
}

/// One series of a chart.
struct Series {
    name: String,
    color: &'static str,
    values: Vec<Option<Decimal>>,
}

fn legend(s: &mut String, series: &[Series]) {
    s.push_str(r#"<ul class="legend">"#);
    for se in series {
        let _ = write!(s, r#"<li><i style="background:{}"></i>{}</li>"#, se.color, esc(&se.name));
    }
    s.push_str("</ul>");
}

fn stacked_chart(id: &str, title: &str, labels: &[String], series: &[Series]) -> String {
    let f = FRAME;
    let n = labels.len();
    let totals: Vec<Decimal> = (0..n).map(|i| series.iter().filter_map(|se| se.values[i]).filter(|v| *v > Decimal::ZERO).sum()).collect();
    let (top, step) = nice_scale(totals.iter().copied().max().unwrap_or_default());
    let points: usize = series.iter().map(|se| se.values.iter().filter(|v| v.is_some()).count()).sum();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<div class="chart-wrap"><svg class="chart" id="{id}" viewBox="0 0 {} {}" role="img" aria-label="{}" data-series="{}" data-points="{points}">"#,
        c(f.w),
        c(f.h),
        esc(title),
        series.len()
    );
    y_axis(&mut s, &f, top, step);
    let band = f.band(n);
    let bw = (band * Decimal::new(6, 1)).min(Decimal::from(72));
    let mut base = vec![Decimal::ZERO; n];
    for se in series {
        let _ = write!(s, r#"<g class="series" data-name="{}" fill="{}">"#, esc(&se.name), se.color);
        for (i, v) in se.values.iter().enumerate() {
            let Some(v) = v else { continue };
            let v = (*v).max(Decimal::ZERO);
            let y1 = f.y(base[i] + v, top);
            let y0 = f.y(base[i], top);
            base[i] += v;
            let x = f.left + band * Decimal::from(i as u64) + (band - bw) / Decimal::TWO;
            let _ = write!(
                s,
                r#"<rect class="point" x="{}" y="{}" width="{}" height="{}"><title>{}, {}: {}</title></rect>"#,
                c(x),
                c(y1),
                c(bw),
                c(y0 - y1),
                esc(&se.name),
                esc(&labels[i]),
                money(v)
            );
        }
        s.push_str("</g>");
    }
    let _ = write!(s, r#"<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>"#, c(f.left), c(f.w - f.right), c(f.top + f.ph()), c(f.top + f.ph()));
    x_labels(&mut s, &f, labels);
    s.push_str("</svg></div>");
    legend(&mut s, series);
    s
}

fn line_chart(id: &str, title: &str, labels: &[String], series: &[Series], target: Option<Decimal>) -> String {
    let f = FRAME;
    let n = labels.len();
    let max = series.iter().flat_map(|se| se.values.iter().flatten().copied()).chain(target).max().unwrap_or_default();
    let (top, step) = nice_scale(max);
    let points: usize = series.iter().map(|se| se.values.iter().filter(|v| v.is_some()).count()).sum();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<div class="chart-wrap"><svg class="chart" id="{id}" viewBox="0 0 {} {}" role="img" aria-label="{}" data-series="{}" data-points="{points}">"#,
        c(f.w),
        c(f.h),
        esc(title),
        series.len()
    );
    y_axis(&mut s, &f, top, step);
    if let Some(t) = target {
        let y = f.y(t, top);
        let _ = write!(
            s,
            r#"<line class="target" x1="{}" x2="{}" y1="{}" y2="{}"><title>Target: at most {}</title></line>"#,
            c(f.left),
            c(f.w - f.right),
            c(y),
            c(y),
            money(t)
        );
    }
    for se in series {
        let _ = write!(s, r#"<g class="series" data-name="{}">"#, esc(&se.name));
        let pts: Vec<(usize, Decimal)> = se.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).collect();
        if pts.len() > 1 {
            let coords: Vec<String> = pts.iter().map(|(i, v)| format!("{},{}", c(f.x_center(*i, n)), c(f.y(*v, top)))).collect();
            let _ = write!(s, r#"<polyline stroke="{}" points="{}"/>"#, se.color, coords.join(" "));
        }
        for (i, v) in &pts {
            let _ = write!(
                s,
                r#"<circle class="point" cx="{}" cy="{}" r="4.5" fill="{}"><title>{}, {}: {}</title></circle>"#,
                c(f.x_center(*i, n)),
                c(f.y(*v, top)),
                se.color,
                esc(&se.name),
                esc(&labels[*i]),
                money(*v)
            );
        }
        s.push_str("</g>");
    }
    let _ = write!(s, r#"<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>"#, c(f.left), c(f.w - f.right), c(f.top + f.ph()), c(f.top + f.ph()));
    x_labels(&mut s, &f, labels);
    s.push_str("</svg></div>");
    legend(&mut s, series);
    s
}

/// The series of the cost chart: every group, then untagged and unsplit shared cost
/// when any month has them.
fn cost_series(r: &UnitEconomics) -> Vec<Series> {
    let mut out: Vec<Series> = r
        .group_names()
        .into_iter()
        .enumerate()
        .map(|(i, g)| Series {
            values: r.periods.iter().map(|p| Some(p.allocation.group(&g).map_or(Decimal::ZERO, |x| x.monthly_cost))).collect(),
            color: PALETTE[i % PALETTE.len()],
            name: g,
        })
        .collect();
    if r.periods.iter().any(|p| !p.allocation.untagged.is_zero()) {
        out.push(Series {
            name: format!("No {} tag", r.rules.group_by.noun()),
            color: GREY,
            values: r.periods.iter().map(|p| Some(p.allocation.untagged)).collect(),
        });
    }
    if r.periods.iter().any(|p| !p.allocation.shared_unsplit.is_zero()) {
        out.push(Series { name: "Shared, not split".into(), color: LIGHT_GREY, values: r.periods.iter().map(|p| Some(p.allocation.shared_unsplit)).collect() });
    }
    out
}

/// Groups drawn as their own line in a unit-cost chart, besides the total.
const MAX_GROUP_LINES: usize = 6;

/// The series of a metric's unit-cost chart: the total, then the largest groups when the
/// metric counts units per group.
fn unit_series(r: &UnitEconomics, m: &MetricReport) -> Vec<Series> {
    let per = Decimal::from(m.display_per);
    let mut out = vec![Series { name: "All".into(), color: "#1F2933", values: m.trend.iter().map(|t| t.unit_cost.map(|c| c * per)).collect() }];
    if m.per_group_units {
        for (i, g) in r.group_names().into_iter().take(MAX_GROUP_LINES).enumerate() {
            out.push(Series {
                values: m.trend.iter().map(|t| t.groups.get(&g).and_then(|p| p.unit_cost).map(|c| c * per)).collect(),
                color: PALETTE[i % PALETTE.len()],
                name: g,
            });
        }
    }
    out
}

fn change_class(p: Option<Decimal>) -> &'static str {
    match p {
        Some(p) if p > Decimal::ZERO => "up",
        Some(p) if p < Decimal::ZERO => "down",
        _ => "",
    }
}

fn card(s: &mut String, class: &str, key: &str, value: &str, detail: &str) {
    let _ = write!(s, r#"<div class="card {class}"><div class="k">{key}</div><div class="v">{value}</div><div class="d">{detail}</div></div>"#);
}

fn th(label: &str, numeric: bool) -> String {
    format!(r#"<th scope="col"{}><button type="button">{}</button></th>"#, if numeric { r#" class="n""# } else { "" }, esc(label))
}

fn td_money(d: Decimal) -> String {
    format!(r#"<td class="n" data-v="{}">{}</td>"#, d.normalize(), money(d))
}

fn td_unit(d: Option<Decimal>, per: u64) -> String {
    format!(r#"<td class="n" data-v="{}">{}</td>"#, num_attr(d), d.map_or_else(|| "–".to_string(), |d| show_unit_cost(d, per)))
}

pub fn render(r: &UnitEconomics) -> String {
    let cur = r.current();
    let latest = r.latest().period;
    let noun = r.rules.group_by.noun();
    let labels: Vec<String> = r.periods.iter().map(|p| p.period.short_label()).collect();
    let mut s = String::new();
    let title = format!("Cloud cost per business unit, {}", latest.label());
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );
    let generated = r.generated_at.get(..10).unwrap_or(&r.generated_at);
    let _ = writeln!(
        s,
        "<header><h1>{}</h1><p>Costs grouped by {}, from {} to {}. Made on {}.</p></header>",
        esc(&title),
        esc(&noun),
        esc(&r.periods[0].period.label()),
        esc(&latest.label()),
        esc(generated)
    );

    // Summary cards.
    s.push_str(r#"<div class="cards">"#);
    let prev_total = r.periods.len().checked_sub(2).map(|i| r.periods[i].allocation.total);
    let detail = match prev_total {
        Some(p) => {
            let ch = super::unit::change_percent(Some(p), Some(cur.total));
            format!(r#"<span class="{}">{}</span> since {}"#, change_class(ch), percent(p, cur.total).unwrap_or_else(|| "new".into()), esc(&r.periods[r.periods.len() - 2].period.label()))
        }
        None => "estimated from list prices".into(),
    };
    card(&mut s, "", "Monthly cloud cost", &money(cur.total), &detail);
    for m in &r.metrics {
        let label = per_label(m.display_per, &m.unit_name, &m.name);
        let now = m.unit_cost.map_or_else(|| "no data".to_string(), |c| show_unit_cost(c, m.display_per));
        let ch = m.trend.last().and_then(|t| t.change_percent);
        let detail = match (ch, m.trend.len()) {
            (Some(p), n) if n > 1 => format!(r#"<span class="{}">{}</span> since {}"#, change_class(Some(p)), pct(p), esc(&m.trend[n - 2].period.label())),
            _ => format!("{} {}", m.units.map_or_else(|| "no".into(), quantity), esc(&m.name)),
        };
        card(&mut s, "", &format!("Cost per {}", esc(&label)), &now, &detail);
        if let Some(p) = &m.projected {
            let after = p.after.map_or_else(|| "no data".to_string(), |c| show_unit_cost(c, m.display_per));
            let ch = super::unit::change_percent(p.before, p.after);
            let detail = format!(
                r#"<span class="{}">{}</span> from {} today"#,
                change_class(ch),
                ch.map_or_else(|| "–".into(), pct),
                p.before.map_or_else(|| "–".to_string(), |c| show_unit_cost(c, m.display_per))
            );
            card(&mut s, "", &format!("After this change, per {}", esc(&label)), &after, &detail);
        }
    }
    card(
        &mut s,
        "",
        &format!("Without a {} tag", esc(&noun)),
        &share(cur.untagged, cur.total),
        &format!("{} a month, {}", money(cur.untagged), plural(cur.untagged_resources.len(), "resource")),
    );
    let cov = &r.coverage;
    card(
        &mut s,
        "",
        "Not fully priced",
        &share(Decimal::from(cov.unpriced() as u64), Decimal::from(cov.resources().max(1) as u64)),
        &format!("{} of {} resources", cov.unpriced(), cov.resources()),
    );
    if !r.targets.is_empty() {
        let missed = r.targets.iter().filter(|t| !t.met).count();
        let class = if missed > 0 { "missed" } else { "met" };
        card(&mut s, class, "Unit cost targets", &format!("{} of {} met", r.targets.len() - missed, r.targets.len()), if missed > 0 { "see Targets below" } else { "every target is met" });
    }
    s.push_str("</div>\n");

    // Charts.
    s.push_str(r#"<div class="charts">"#);
    let series = cost_series(r);
    let _ = write!(
        s,
        r#"<section><h2>Monthly cost by {}</h2><p class="lead">Each bar is one month's estimated cost, split by {}.</p>{}</section>"#,
        esc(&noun),
        esc(&noun),
        stacked_chart("cost-by-group", &format!("Monthly cost by {noun}"), &labels, &series)
    );
    for (i, m) in r.metrics.iter().enumerate() {
        let label = per_label(m.display_per, &m.unit_name, &m.name);
        let target = r.targets.iter().find(|t| t.metric == m.name && t.group.is_none()).map(|t| t.max_unit_cost * Decimal::from(m.display_per));
        let lead = if m.per_group_units {
            format!("Cost per {} for everything and for each {} (its cost divided by its own {}).", esc(&label), esc(&noun), esc(&m.name))
        } else {
            format!("Total monthly cost divided by the month's {}.", esc(&m.name))
        };
        let lead = if target.is_some() { format!("{lead} The dashed line is the target.") } else { lead };
        let _ = write!(
            s,
            r#"<section><h2>Cost per {} over time</h2><p class="lead">{lead}</p>{}</section>"#,
            esc(&label),
            line_chart(&format!("unit-cost-{i}"), &format!("Cost per {label} over time"), &labels, &unit_series(r, m), target)
        );
    }
    s.push_str("</div>\n");

    // Cost by group.
    let _ = write!(
        s,
        r#"<section><h2>Cost by {} in {}</h2><p class="lead">Own cost comes from resources tagged to the {}; shared cost is its part of shared resources. Click a heading to sort.</p><div class="table-wrap"><table class="sortable" id="groups"><thead><tr>{}{}{}{}{}"#,
        esc(&noun),
        esc(&latest.label()),
        esc(&noun),
        th(&title_case(&noun), false),
        th("Own cost", true),
        th("Shared cost", true),
        th("Monthly cost", true),
        th("Share", true)
    );
    for m in &r.metrics {
        s.push_str(&th(&format!("Cost per {}", per_label(m.display_per, &m.unit_name, &m.name)), true));
    }
    s.push_str("</tr></thead><tbody>");
    let max_cost = cur.groups.iter().map(|g| g.monthly_cost).max().unwrap_or_default().max(cur.untagged);
    let bar = |v: Decimal| {
        if max_cost <= Decimal::ZERO || v <= Decimal::ZERO {
            String::new()
        } else {
            format!(r#"<span class="bar" style="width:{}px"></span>"#, (v / max_cost * Decimal::from(60)).round_dp(0))
        }
    };
    for g in &cur.groups {
        let _ = write!(
            s,
            r#"<tr><td>{}</td>{}{}{}<td class="n" data-v="{}">{}{}</td>"#,
            esc(&g.name),
            td_money(g.direct),
            td_money(g.shared + g.rounding),
            td_money(g.monthly_cost),
            g.monthly_cost.normalize(),
            bar(g.monthly_cost),
            share(g.monthly_cost, cur.total)
        );
        for m in &r.metrics {
            s.push_str(&td_unit(m.group_unit_cost(&g.name), m.display_per));
        }
        s.push_str("</tr>");
    }
    let dash = r#"<td class="n" data-v="">–</td>"#.repeat(r.metrics.len());
    if !cur.untagged.is_zero() || !cur.untagged_resources.is_empty() {
        let _ = write!(
            s,
            r#"<tr class="soft"><td>No {} tag ({UNTAGGED})</td>{}<td class="n" data-v="0">–</td>{}<td class="n" data-v="{}">{}{}</td>{dash}</tr>"#,
            esc(&noun),
            td_money(cur.untagged),
            td_money(cur.untagged),
            cur.untagged.normalize(),
            bar(cur.untagged),
            share(cur.untagged, cur.total)
        );
    }
    if !cur.shared_unsplit.is_zero() {
        let _ = write!(
            s,
            r#"<tr class="soft"><td>Shared, not split ({UNSPLIT})</td><td class="n" data-v="0">–</td>{}{}<td class="n" data-v="{}">{}</td>{dash}</tr>"#,
            td_money(cur.shared_unsplit),
            td_money(cur.shared_unsplit),
            cur.shared_unsplit.normalize(),
            share(cur.shared_unsplit, cur.total)
        );
    }
    let own_total: Decimal = cur.groups.iter().map(|g| g.direct).sum::<Decimal>() + cur.untagged;
    let _ = write!(s, "</tbody><tfoot><tr><td>Total</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">100%</td>", money(own_total), money(cur.total - own_total), money(cur.total));
    for m in &r.metrics {
        let _ = write!(s, r#"<td class="n">{}</td>"#, m.unit_cost.map_or_else(|| "–".to_string(), |c| show_unit_cost(c, m.display_per)));
    }
    s.push_str("</tr></tfoot></table></div></section>\n");

    // Month by month, per metric.
    for (i, m) in r.metrics.iter().enumerate() {
        let label = per_label(m.display_per, &m.unit_name, &m.name);
        let _ = write!(
            s,
            r#"<section><h2>{} month by month</h2><p class="lead">Marginal cost is how much the cost changed for each {} more (or fewer) than the month before.</p><div class="table-wrap"><table class="sortable" id="trend-{i}"><thead><tr>{}{}{}{}{}{}</tr></thead><tbody>"#,
            esc(&title_case(&m.name)),
            esc(&label),
            th("Month", false),
            th(&title_case(&m.name), true),
            th("Monthly cost", true),
            th(&format!("Cost per {label}"), true),
            th("Change", true),
            th(&format!("Marginal cost per {label}"), true)
        );
        for t in &m.trend {
            let _ = write!(
                s,
                r#"<tr><td data-v="{}">{}</td><td class="n" data-v="{}">{}</td>{}{}<td class="n {}" data-v="{}">{}</td>{}</tr>"#,
                t.period,
                esc(&t.period.label()),
                num_attr(t.units),
                t.units.map_or_else(|| "–".into(), quantity),
                td_money(t.monthly_cost),
                td_unit(t.unit_cost, m.display_per),
                change_class(t.change_percent),
                num_attr(t.change_percent),
                t.change_percent.map_or_else(|| "–".into(), pct),
                td_unit(t.marginal_cost, m.display_per)
            );
        }
        s.push_str("</tbody></table></div></section>\n");
    }

    // The plan.
    if let Some(p) = &r.projection {
        let d = p.after.total - p.before.total;
        let _ = write!(
            s,
            r#"<section><h2>After this change</h2><p class="lead">What the planned change ({}) does to monthly cost: {} → {} ({}{}).</p><div class="table-wrap"><table class="sortable" id="projection"><thead><tr>{}{}{}{}"#,
            esc(&p.source),
            money(p.before.total),
            money(p.after.total),
            money_delta(d),
            percent(p.before.total, p.after.total).map(|x| format!(", {x}")).unwrap_or_default(),
            th(&title_case(&noun), false),
            th("Today", true),
            th("After the change", true),
            th("Difference", true)
        );
        for m in &r.metrics {
            s.push_str(&th(&format!("Cost per {} after", per_label(m.display_per, &m.unit_name, &m.name)), true));
        }
        s.push_str("</tr></thead><tbody>");
        let mut names: Vec<String> = p.after.groups.iter().map(|g| g.name.clone()).collect();
        for g in &p.before.groups {
            if !names.contains(&g.name) {
                names.push(g.name.clone());
            }
        }
        for n in &names {
            let b = p.before.group(n).map_or(Decimal::ZERO, |g| g.monthly_cost);
            let a = p.after.group(n).map_or(Decimal::ZERO, |g| g.monthly_cost);
            let _ = write!(s, "<tr><td>{}</td>{}{}<td class=\"n\" data-v=\"{}\">{}</td>", esc(n), td_money(b), td_money(a), (a - b).normalize(), money_delta(a - b));
            for m in &r.metrics {
                let after = m.projected.as_ref().and_then(|pr| pr.groups.get(n)).and_then(|x| x.1);
                s.push_str(&td_unit(after, m.display_per));
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table></div></section>\n");
    }

    // Targets.
    if !r.targets.is_empty() {
        let _ = write!(
            s,
            r#"<section><h2>Targets</h2><p class="lead">Each target is a maximum cost per unit.</p><div class="table-wrap"><table class="sortable" id="targets"><thead><tr>{}{}{}{}{}{}</tr></thead><tbody>"#,
            th("Cost per", false),
            th("For", false),
            th("At most", true),
            th("Now", true),
            th("After the change", true),
            th("Result", false)
        );
        for t in &r.targets {
            let m = r.metrics.iter().find(|m| m.name == t.metric);
            let per = m.map_or(1, |m| m.display_per);
            let unit = m.map_or_else(|| t.metric.clone(), |m| per_label(per, &m.unit_name, &m.name));
            let _ = write!(
                s,
                r#"<tr><td>{}</td><td>{}</td>{}{}{}<td><span class="pill {}">{}</span></td></tr>"#,
                esc(&unit),
                esc(t.group.as_deref().unwrap_or("everything")),
                td_unit(Some(t.max_unit_cost), per),
                td_unit(t.actual, per),
                td_unit(t.projected, per),
                if t.met { "met" } else { "missed" },
                if t.met { "met" } else { "missed" }
            );
        }
        s.push_str("</tbody></table></div></section>\n");
    }

    // Notes.
    s.push_str(r#"<section><h2>How these numbers were made</h2><ul class="notes">"#);
    for n in &r.notes {
        let _ = write!(s, "<li>{}</li>", inline_code(&esc(n)));
    }
    s.push_str("</ul></section>\n");
    let _ = write!(
        s,
        "<footer>Made by Terrace {} from {} and {}.</footer>\n</main>\n<script>\n{JS}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&r.cost_sources.join(", ")),
        esc(&r.metrics_source)
    );
    s
}

/// `1 resource`, `3 resources`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Turns `code` spans of escaped text into `<code>` elements.
fn inline_code(s: &str) -> String {
    let mut out = String::new();
    let parts: Vec<&str> = s.split('`').collect();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(if i % 2 == 1 { "<code>" } else { "</code>" });
        }
        out.push_str(part);
    }
    if parts.len().is_multiple_of(2) {
        out.push_str("</code>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_and_escapes() {
        assert_eq!(nice_scale(Decimal::from(930)), (Decimal::from(1000), Decimal::from(200)));
        assert_eq!(nice_scale(Decimal::new(182, 2)), (Decimal::new(2, 0), Decimal::new(5, 1)));
        assert_eq!(esc("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        assert_eq!(axis_money(Decimal::from(12500)), "$13k");
        assert_eq!(inline_code("a `b` c"), "a <code>b</code> c");
        assert_eq!(inline_code("plain"), "plain");
    }
}
