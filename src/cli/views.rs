//! Progress views of an apply: the terminal one (a progress bar on a terminal,
//! plain lines otherwise, all on stderr) and Terraform's machine-readable `-json`
//! stream (one JSON object per line on stdout).

use std::cell::RefCell;
use std::io::{IsTerminal, Write};

use serde_json::json;

use crate::engine::apply::Hook;
use crate::engine::plan::{Action, Plan};

pub struct TermView {
    bar: Option<indicatif::ProgressBar>,
}

impl TermView {
    pub fn new(total: usize) -> TermView {
        let bar = if std::io::stderr().is_terminal() && total > 20 {
            let b = indicatif::ProgressBar::new(total as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            Some(b)
        } else {
            None
        };
        TermView { bar }
    }
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn verbs(action: Action) -> (&'static str, &'static str) {
    match action {
        Action::Delete => ("Destroying...", "Destruction complete"),
        Action::Read => ("Reading...", "Read complete"),
        Action::Update => ("Modifying...", "Modifications complete"),
        _ => ("Creating...", "Creation complete"),
    }
}

impl Hook for TermView {
    fn started(&self, addr: &str, action: Action) {
        match &self.bar {
            Some(b) => b.set_message(format!("{addr}: {}", verbs(action).0)),
            None => eprintln!("{addr}: {}", verbs(action).0),
        }
    }
    fn finished(&self, addr: &str, action: Action, ok: bool) {
        match &self.bar {
            Some(b) => b.inc(1),
            None if ok => eprintln!("{addr}: {}", verbs(action).1),
            None => {}
        }
    }
}

/// Terraform's streaming JSON UI.
pub struct JsonView {
    out: RefCell<std::io::Stdout>,
}

impl JsonView {
    pub fn new() -> JsonView {
        let v = JsonView { out: RefCell::new(std::io::stdout()) };
        v.emit("info", &format!("Terrace {}", env!("CARGO_PKG_VERSION")), "version", json!({"terraform": crate::state::TERRAFORM_VERSION, "ui": "1.0"}));
        v
    }

    pub fn emit(&self, level: &str, message: &str, kind: &str, extra: serde_json::Value) {
        let mut obj = json!({
            "@level": level,
            "@message": message,
            "@module": "terraform.ui",
            "@timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "type": kind,
        });
        if let (Some(o), serde_json::Value::Object(e)) = (obj.as_object_mut(), extra) {
            for (k, v) in e {
                o.insert(k, v);
            }
        }
        let _ = writeln!(self.out.borrow_mut(), "{obj}");
    }

    fn resource(addr: &str) -> serde_json::Value {
        json!({"addr": addr, "resource": addr})
    }

    /// `planned_change` lines and the `change_summary`.
    pub fn plan(&self, plan: &Plan, operation: &str) {
        let (mut add, mut change, mut remove) = (0, 0, 0);
        for c in plan.changes.iter().filter(|c| c.action != Action::NoOp) {
            let action = match c.action {
                Action::Create => "create",
                Action::Update => "update",
                Action::Delete => "delete",
                Action::Read => "read",
                _ => "replace",
            };
            match c.action {
                Action::Create => add += 1,
                Action::Update => change += 1,
                Action::Delete => remove += 1,
                Action::DeleteThenCreate | Action::CreateThenDelete => {
                    add += 1;
                    remove += 1;
                }
                _ => {}
            }
            self.emit(
                "info",
                &format!("{}: Plan to {action}", c.address),
                "planned_change",
                json!({"change": {"resource": Self::resource(&c.address), "action": action, "reason": c.action_reason}}),
            );
        }
        let import = plan.changes.iter().filter(|c| c.importing.is_some()).count();
        let mut summary = json!({"add": add, "change": change, "remove": remove, "operation": operation});
        let prefix = if import > 0 {
            summary["import"] = json!(import);
            format!("{import} to import, ")
        } else {
            String::new()
        };
        self.emit("info", &format!("Plan: {prefix}{add} to add, {change} to change, {remove} to destroy."), "change_summary", json!({ "changes": summary }));
    }
}

impl Hook for JsonView {
    fn started(&self, addr: &str, action: Action) {
        self.emit("info", &format!("{addr}: {}", verbs(action).0), "apply_start", json!({"hook": {"resource": Self::resource(addr), "action": format!("{action:?}").to_lowercase()}}));
    }
    fn finished(&self, addr: &str, action: Action, ok: bool) {
        if ok {
            self.emit("info", &format!("{addr}: {}", verbs(action).1), "apply_complete", json!({"hook": {"resource": Self::resource(addr), "action": format!("{action:?}").to_lowercase()}}));
        } else {
            self.emit("error", &format!("{addr}: failed"), "apply_errored", json!({"hook": {"resource": Self::resource(addr)}}));
        }
    }
}
