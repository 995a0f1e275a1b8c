//! The report as Markdown, for pull requests, wikis and terminals.

use std::fmt::Write;

use terrace_pricing::format::{money, money_delta, percent, quantity};

use super::allocate::{UNSPLIT, UNTAGGED};
use super::model::UnitEconomics;
use super::unit::{per_label, show_unit_cost};
use super::view::{pct, share, title_case};

pub fn render(r: &UnitEconomics) -> String {
    let mut s = String::new();
    let cur = r.current();
    let latest = r.latest().period;
    let noun = r.rules.group_by.noun();
    let _ = writeln!(s, "# Unit economics, {}\n", latest.label());
    let _ = writeln!(s, "- Total monthly cost: **{}**", money(cur.total));
    for m in &r.metrics {
        let label = per_label(m.display_per, &m.unit_name, &m.name);
        let now = m.unit_cost.map_or_else(|| "no data".to_string(), |c| show_unit_cost(c, m.display_per));
        let change = match (m.trend.len(), m.trend.last().and_then(|t| t.change_percent)) {
            (n, Some(c)) if n > 1 => format!(" ({} since {})", pct(c), m.trend[n - 2].period.label()),
            _ => String::new(),
        };
        let _ = writeln!(s, "- Cost per {label}: **{now}**{change}");
    }
    let _ = writeln!(s, "- Without a `{noun}` tag: {} ({})", money(cur.untagged), share(cur.untagged, cur.total));
    let c = &r.coverage;
    let _ = writeln!(s, "- Not fully priced: {} of {} resources", c.unpriced(), c.resources());

    let _ = writeln!(s, "\n## Cost by {noun}\n");
    let mut head = format!("| {} | Own cost | Shared cost | Monthly cost | Share |", title_case(&noun));
    let mut rule = "|---|---:|---:|---:|---:|".to_string();
    for m in &r.metrics {
        let _ = write!(head, " Cost per {} |", per_label(m.display_per, &m.unit_name, &m.name));
        rule.push_str("---:|");
    }
    let _ = writeln!(s, "{head}\n{rule}");
    for g in &cur.groups {
        let _ = write!(s, "| {} | {} | {} | {} | {} |", g.name, money(g.direct), money(g.shared + g.rounding), money(g.monthly_cost), share(g.monthly_cost, cur.total));
        for m in &r.metrics {
            let _ = write!(s, " {} |", m.group_unit_cost(&g.name).map_or_else(|| "–".to_string(), |c| show_unit_cost(c, m.display_per)));
        }
        s.push('\n');
    }
    let blanks = " – |".repeat(r.metrics.len());
    if !cur.untagged.is_zero() || !cur.untagged_resources.is_empty() {
        let _ = writeln!(s, "| _{UNTAGGED}_ | {} | – | {} | {} |{blanks}", money(cur.untagged), money(cur.untagged), share(cur.untagged, cur.total));
    }
    if !cur.shared_unsplit.is_zero() {
        let _ = writeln!(s, "| _{UNSPLIT}_ | – | {} | {} | {} |{blanks}", money(cur.shared_unsplit), money(cur.shared_unsplit), share(cur.shared_unsplit, cur.total));
    }
    let own: rust_decimal::Decimal = cur.groups.iter().map(|g| g.direct).sum::<rust_decimal::Decimal>() + cur.untagged;
    let _ = write!(s, "| **Total** | {} | {} | **{}** | 100% |", money(own), money(cur.total - own), money(cur.total));
    for m in &r.metrics {
        let _ = write!(s, " **{}** |", m.unit_cost.map_or_else(|| "–".to_string(), |c| show_unit_cost(c, m.display_per)));
    }
    s.push('\n');

    for m in &r.metrics {
        let label = per_label(m.display_per, &m.unit_name, &m.name);
        let _ = writeln!(s, "\n## Cost per {label} over time\n");
        let _ = writeln!(s, "| Month | {} | Monthly cost | Cost per {label} | Change | Marginal cost per {label} |", title_case(&m.name));
        let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|");
        for t in &m.trend {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                t.period.label(),
                t.units.map_or_else(|| "–".into(), quantity),
                money(t.monthly_cost),
                t.unit_cost.map_or_else(|| "–".into(), |c| show_unit_cost(c, m.display_per)),
                t.change_percent.map_or_else(|| "–".into(), pct),
                t.marginal_cost.map_or_else(|| "–".into(), |c| show_unit_cost(c, m.display_per)),
            );
        }
    }

    if let Some(p) = &r.projection {
        let _ = writeln!(s, "\n## After the change ({})\n", p.source);
        let d = p.after.total - p.before.total;
        let _ = writeln!(
            s,
            "Monthly cost: {} → {} ({}{})\n",
            money(p.before.total),
            money(p.after.total),
            money_delta(d),
            percent(p.before.total, p.after.total).map(|x| format!(", {x}")).unwrap_or_default()
        );
        for m in &r.metrics {
            if let Some(pr) = &m.projected {
                let show = |c: Option<rust_decimal::Decimal>| c.map_or_else(|| "–".to_string(), |c| show_unit_cost(c, m.display_per));
                let change = match (pr.before, pr.after) {
                    (Some(b), Some(a)) => percent(b, a).map(|x| format!(", {x}")).unwrap_or_default(),
                    _ => String::new(),
                };
                let _ = writeln!(s, "- Cost per {}: {} → {}{change}", per_label(m.display_per, &m.unit_name, &m.name), show(pr.before), show(pr.after));
            }
        }
    }

    if !r.targets.is_empty() {
        let _ = writeln!(s, "\n## Targets\n");
        let _ = writeln!(s, "| Cost per | For | Target (at most) | Now | After the change | Result |");
        let _ = writeln!(s, "|---|---|---:|---:|---:|---|");
        for t in &r.targets {
            let per = r.metrics.iter().find(|m| m.name == t.metric).map_or(1, |m| m.display_per);
            let unit = r.metrics.iter().find(|m| m.name == t.metric).map_or(t.metric.clone(), |m| per_label(per, &m.unit_name, &m.name));
            let show = |c: Option<rust_decimal::Decimal>| c.map_or_else(|| "–".to_string(), |c| show_unit_cost(c, per));
            let _ = writeln!(
                s,
                "| {unit} | {} | {} | {} | {} | {} |",
                t.group.as_deref().unwrap_or("everything"),
                show_unit_cost(t.max_unit_cost, per),
                show(t.actual),
                show(t.projected),
                if t.met { "met" } else { "**missed**" }
            );
        }
    }

    let _ = writeln!(s, "\n## Notes\n");
    for n in &r.notes {
        let _ = writeln!(s, "- {n}");
    }
    s
}

