//! The report as CSV for spreadsheets: one row per month and line (each group, the
//! untagged line, shared cost left unsplit, the total), with each metric's units and
//! cost per unit in two columns.

use rust_decimal::Decimal;

use super::allocate::{UNSPLIT, UNTAGGED};
use super::model::UnitEconomics;

fn num(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string()).unwrap_or_default()
}

fn money(d: Decimal) -> String {
    let mut r = d.round_dp(2);
    r.rescale(2);
    r.to_string()
}

pub fn render(r: &UnitEconomics) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<String> = ["period", "cost_basis", "line", "kind", "monthly_cost", "share"].iter().map(|s| s.to_string()).collect();
    for m in &r.metrics {
        header.push(format!("{}_units", m.name));
        header.push(format!("{}_unit_cost", m.name));
    }
    let _ = w.write_record(&header);
    for (i, p) in r.periods.iter().enumerate() {
        let a = &p.allocation;
        let share = |c: Decimal| if a.total.is_zero() { String::new() } else { (c / a.total).round_dp(4).normalize().to_string() };
        let mut rows: Vec<(String, &str, Decimal, Vec<String>)> = Vec::new();
        for g in &a.groups {
            let mut cells = Vec::new();
            for m in &r.metrics {
                let t = &m.trend[i];
                let gp = t.groups.get(&g.name).copied().unwrap_or_default();
                cells.push(num(gp.units));
                cells.push(num(gp.unit_cost));
            }
            rows.push((g.name.clone(), "group", g.monthly_cost, cells));
        }
        let blank = || r.metrics.iter().flat_map(|_| [String::new(), String::new()]).collect::<Vec<_>>();
        if !a.untagged.is_zero() || !a.untagged_resources.is_empty() {
            rows.push((UNTAGGED.into(), "untagged", a.untagged, blank()));
        }
        if !a.shared_unsplit.is_zero() {
            rows.push((UNSPLIT.into(), "shared_unsplit", a.shared_unsplit, blank()));
        }
        let mut cells = Vec::new();
        for m in &r.metrics {
            let t = &m.trend[i];
            cells.push(num(t.units));
            cells.push(num(t.unit_cost));
        }
        rows.push(("total".into(), "total", a.total, cells));
        for (line, kind, cost, cells) in rows {
            let mut rec = vec![p.period.to_string(), p.basis.as_str().to_string(), line, kind.to_string(), money(cost), share(cost)];
            rec.extend(cells);
            let _ = w.write_record(&rec);
        }
    }
    w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}
