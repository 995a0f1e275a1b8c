//! The human-readable plan, in Terraform's format.

use serde_json::Value as J;

use crate::engine::plan::{Action, Change, Plan};

/// The plan followed by its monthly cost (when anything in it costs money).
pub fn render_with_cost(plan: &Plan) -> String {
    let mut out = render(plan);
    if let Some(c) = crate::cost::plan_view::section_for(plan) {
        out.push_str(&c);
    }
    out
}

pub fn render(plan: &Plan) -> String {
    let changes: Vec<&Change> = plan.changes.iter().filter(|c| c.action != Action::NoOp || c.importing.is_some()).collect();
    let mut out = String::new();
    if changes.is_empty() && !plan.output_changes.values().any(|o| o.action != Action::NoOp) {
        out.push_str("\nNo changes. Your infrastructure matches the configuration.\n\nTerrace has compared your real infrastructure against your configuration and found no differences, so no changes are needed.\n");
        return out;
    }
    if !changes.is_empty() {
        let mut symbols: Vec<Action> = changes.iter().map(|c| c.action).filter(|a| *a != Action::NoOp).collect();
        symbols.sort_by_key(|a| *a as u8);
        symbols.dedup();
        if !symbols.is_empty() {
            out.push_str("\nTerrace used the selected providers to generate the following execution plan. Resource actions are indicated with the following symbols:\n");
        }
        for a in symbols {
            let (sym, what) = symbol(a);
            out.push_str(&format!("  {sym} {what}\n"));
        }
        out.push_str("\nTerrace will perform the following actions:\n");
        for c in &changes {
            out.push('\n');
            out.push_str(&render_change(c));
        }
    }
    let add = changes.iter().filter(|c| matches!(c.action, Action::Create | Action::DeleteThenCreate | Action::CreateThenDelete)).count();
    let change = changes.iter().filter(|c| c.action == Action::Update).count();
    let destroy = changes.iter().filter(|c| c.action.deletes()).count();
    let import = changes.iter().filter(|c| c.importing.is_some()).count();
    let import = if import > 0 { format!("{import} to import, ") } else { String::new() };
    out.push_str(&format!("\nPlan: {import}{add} to add, {change} to change, {destroy} to destroy.\n"));
    let outs: Vec<_> = plan.output_changes.iter().filter(|(_, o)| o.action != Action::NoOp).collect();
    if !outs.is_empty() {
        out.push_str("\nChanges to Outputs:\n");
        for (name, o) in outs {
            let (sym, _) = symbol(o.action);
            let v = if o.sensitive {
                "(sensitive value)".to_string()
            } else if o.after_unknown {
                "(known after apply)".to_string()
            } else {
                value_text(&o.after, 2)
            };
            match o.action {
                Action::Delete => out.push_str(&format!("  {sym} {name} = {}\n", if o.sensitive { "(sensitive value)".to_string() } else { value_text(&o.before, 2) })),
                Action::Update => out.push_str(&format!("  {sym} {name} = {} -> {v}\n", if o.sensitive { "(sensitive value)".to_string() } else { value_text(&o.before, 2) })),
                _ => out.push_str(&format!("  {sym} {name} = {v}\n")),
            }
        }
    }
    out
}

fn symbol(a: Action) -> (&'static str, &'static str) {
    match a {
        Action::Create => ("+", "create"),
        Action::Update => ("~", "update in-place"),
        Action::Delete => ("-", "destroy"),
        Action::DeleteThenCreate => ("-/+", "destroy and then create replacement"),
        Action::CreateThenDelete => ("+/-", "create replacement and then destroy"),
        Action::Read => ("<=", "read (data resources)"),
        Action::NoOp => (" ", "no-op"),
    }
}

fn render_change(c: &Change) -> String {
    let header = match c.action {
        Action::Create => format!("  # {} will be created\n", c.address),
        Action::Update => format!("  # {} will be updated in-place\n", c.address),
        Action::Delete => format!("  # {} will be destroyed\n", c.address),
        Action::DeleteThenCreate | Action::CreateThenDelete => format!("  # {} must be replaced\n", c.address),
        Action::Read => format!("  # {} will be read during apply\n", c.address),
        Action::NoOp if c.importing.is_some() => format!("  # {} will be imported\n", c.address),
        Action::NoOp => String::new(),
    };
    let header = match (&c.importing, c.action) {
        (Some(id), a) if a != Action::NoOp => format!("{header}  # (imported from {id:?})\n"),
        _ => header,
    };
    let (sym, _) = symbol(c.action);
    let kind = if c.mode == "data" { "data" } else { "resource" };
    let mut out = header;
    out.push_str(&format!("  {sym} {kind} \"{}\" \"{}\" {{\n", c.type_name, c.name));
    let before = c.before.as_object().cloned().unwrap_or_default();
    let after = c.after.as_object().cloned().unwrap_or_default();
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    let width = keys.iter().map(|k| k.len()).max().unwrap_or(0);
    let forces: Vec<String> = c.replace_paths.iter().filter_map(|p| p.get(0).and_then(J::as_str).map(str::to_string)).collect();
    let mut hidden = 0;
    for k in keys {
        let b = before.get(k).cloned().unwrap_or(J::Null);
        let a = after.get(k).cloned().unwrap_or(J::Null);
        let unknown = c.after_unknown.get(k) == Some(&J::Bool(true));
        let bs = c.before_sensitive.get(k) == Some(&J::Bool(true));
        let as_ = c.after_sensitive.get(k) == Some(&J::Bool(true));
        let no = J::Bool(false);
        let show_after = |v: &J| value_text_marked(v, 6, c.after_unknown.get(k).unwrap_or(&no), c.after_sensitive.get(k).unwrap_or(&no));
        // Before values: nested sensitive parts hidden too.
        let show = |v: &J, s: bool| if s { "(sensitive value)".to_string() } else { value_text_marked(v, 6, &no, c.before_sensitive.get(k).unwrap_or(&no)) };
        let line = match c.action {
            Action::Create | Action::Read => {
                if a.is_null() && !unknown {
                    continue;
                }
                let v = if unknown { "(known after apply)".to_string() } else if as_ { show(&a, true) } else { show_after(&a) };
                format!("      + {k:<width$} = {v}")
            }
            Action::Delete => {
                if b.is_null() {
                    continue;
                }
                format!("      - {k:<width$} = {} -> null", show(&b, bs))
            }
            _ => {
                if !unknown && a == b {
                    if b.is_null() {
                        continue;
                    }
                    // Terraform's concise diff: unchanged attributes are counted, not shown,
                    // except those that identify the object.
                    if !matches!(k.as_str(), "id" | "name" | "tags") {
                        hidden += 1;
                        continue;
                    }
                    format!("        {k:<width$} = {}", show(&b, bs))
                } else if let (Some(bm), Some(am), false, false, false) = (b.as_object(), a.as_object(), unknown, bs, as_) {
                    let forced = if forces.iter().any(|f| f == k) { " # forces replacement" } else { "" };
                    let u = c.after_unknown.get(k).unwrap_or(&no);
                    let sens = (c.before_sensitive.get(k).unwrap_or(&no), c.after_sensitive.get(k).unwrap_or(&no));
                    format!("      ~ {k:<width$} = {}{forced}", map_diff(bm, am, u, sens))
                } else if let (Some(bt), Some(at), false, false, false) = (b.as_str(), a.as_str(), unknown, bs, as_) {
                    if bt.contains('\n') || at.contains('\n') {
                        format!("      ~ {k:<width$} = {}", line_diff(bt, at))
                    } else {
                        let forced = if forces.iter().any(|f| f == k) { " # forces replacement" } else { "" };
                        format!("      ~ {k:<width$} = {} -> {}{forced}", show(&b, false), show(&a, false))
                    }
                } else {
                    let v = if unknown { "(known after apply)".to_string() } else if as_ { show(&a, true) } else { show_after(&a) };
                    let marker = if b.is_null() { "+" } else { "~" };
                    let from = if b.is_null() { String::new() } else { format!("{} -> ", show(&b, bs)) };
                    let forced = if forces.iter().any(|f| f == k) { " # forces replacement" } else { "" };
                    format!("      {marker} {k:<width$} = {from}{v}{forced}")
                }
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    if hidden > 0 {
        out.push_str(&format!("        # ({hidden} unchanged attribute{} hidden)\n", if hidden == 1 { "" } else { "s" }));
    }
    out.push_str("    }\n");
    out
}

/// A JSON value in HCL-like syntax, indented for nesting.
fn value_text(v: &J, indent: usize) -> String {
    value_text_marked(v, indent, &J::Bool(false), &J::Bool(false))
}

/// Like `value_text`, showing "(known after apply)" and "(sensitive value)" where the
/// mirror trees `unknown` and `sensitive` say so.
fn value_text_marked(v: &J, indent: usize, unknown: &J, sensitive: &J) -> String {
    if sensitive == &J::Bool(true) {
        return "(sensitive value)".into();
    }
    if unknown == &J::Bool(true) {
        return "(known after apply)".into();
    }
    let pad = " ".repeat(indent + 4);
    let end = " ".repeat(indent + 2);
    let no = J::Bool(false);
    match v {
        J::Null => "null".into(),
        J::String(s) if s.contains('\n') => {
            let mut out = String::from("<<-EOT\n");
            for l in s.lines() {
                out.push_str(&format!("{pad}{l}\n"));
            }
            out.push_str(&format!("{end}EOT"));
            out
        }
        J::String(s) => serde_json::to_string(s).unwrap_or_default(),
        J::Array(a) if a.is_empty() => "[]".into(),
        J::Array(a) => {
            let mut out = String::from("[\n");
            for (i, x) in a.iter().enumerate() {
                out.push_str(&format!("{pad}{},\n", value_text_marked(x, indent + 4, unknown.get(i).unwrap_or(&no), sensitive.get(i).unwrap_or(&no))));
            }
            out.push_str(&format!("{end}]"));
            out
        }
        J::Object(m) if m.is_empty() => "{}".into(),
        J::Object(m) => {
            let width = m.keys().map(|k| k.len() + 2).max().unwrap_or(0);
            let mut out = String::from("{\n");
            for (k, x) in m {
                let key = format!("\"{k}\"");
                out.push_str(&format!("{pad}{key:<width$} = {}\n", value_text_marked(x, indent + 4, unknown.get(k).unwrap_or(&no), sensitive.get(k).unwrap_or(&no))));
            }
            out.push_str(&format!("{end}}}"));
            out
        }
        other => other.to_string(),
    }
}

/// A multi-line string change, line by line.
fn line_diff(before: &str, after: &str) -> String {
    let mut out = String::from("<<-EOT\n");
    let diff = similar::TextDiff::from_lines(before, after);
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "-",
            similar::ChangeTag::Insert => "+",
            similar::ChangeTag::Equal => " ",
        };
        out.push_str(&format!("          {sign} {}\n", change.value().trim_end_matches('\n')));
    }
    out.push_str("        EOT");
    out
}

/// A map or object change, key by key.
fn map_diff(before: &serde_json::Map<String, J>, after: &serde_json::Map<String, J>, unknown: &J, sensitive: (&J, &J)) -> String {
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    let width = keys.iter().map(|k| k.len() + 2).max().unwrap_or(0);
    let mut out = String::from("{\n");
    for k in keys {
        let key = format!("\"{k}\"");
        let (b, a) = (before.get(k), after.get(k));
        let is_unknown = unknown.get(k) == Some(&J::Bool(true));
        let hidden = sensitive.0.get(k) == Some(&J::Bool(true)) || sensitive.1.get(k) == Some(&J::Bool(true));
        if hidden {
            let marker = match (b, a) {
                (Some(_), Some(_)) => "~",
                (None, _) => "+",
                (Some(_), None) => "-",
            };
            out.push_str(&format!("          {marker} {key:<width$} = (sensitive value)\n"));
            continue;
        }
        let line = match (b, a) {
            (Some(b), _) if is_unknown => format!("          ~ {key:<width$} = {} -> (known after apply)", value_text(b, 10)),
            (None, _) if is_unknown => format!("          + {key:<width$} = (known after apply)"),
            (Some(b), Some(a)) if a == b => format!("            {key:<width$} = {}", value_text(b, 10)),
            (Some(J::String(b)), Some(J::String(a))) if b.contains('\n') || a.contains('\n') => {
                format!("          ~ {key:<width$} = {}", line_diff(b, a))
            }
            (Some(b), Some(a)) => format!("          ~ {key:<width$} = {} -> {}", value_text(b, 10), value_text(a, 10)),
            (None, Some(a)) => format!("          + {key:<width$} = {}", value_text(a, 10)),
            (Some(b), None) => format!("          - {key:<width$} = {} -> null", value_text(b, 10)),
            (None, None) => continue,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("        }");
    out
}
