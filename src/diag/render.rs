//! Terraform's human rendering of diagnostics:
//!
//! ```text
//! Error: Unsupported attribute
//!
//!   on main.tf line 2, in output "y":
//!    2: output "y" { value = local.x.b }
//!     ├────────────────
//!     │ local.x is object with 1 attribute "a"
//!
//! This object does not have an attribute named "b".
//! ```

use super::{Diagnostic, Severity, SourceMap};

/// Renders one diagnostic. With `color`, the summary is bold and the subject underlined.
pub fn render(d: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let mut out = String::new();
    let (label, col) = match d.severity {
        Severity::Error => ("Error", "\x1b[31m"),
        Severity::Warning => ("Warning", "\x1b[33m"),
    };
    if color {
        out.push_str(&format!("{col}╷\x1b[0m\n"));
    }
    let bar = if color { format!("{col}│\x1b[0m ") } else { String::new() };
    let mut lines: Vec<String> = Vec::new();
    if color {
        lines.push(format!("\x1b[1m{col}{label}: \x1b[0m\x1b[1m{}\x1b[0m", d.summary));
    } else {
        lines.push(format!("{label}: {}", d.summary));
    }
    lines.push(String::new());
    if let Some(subject) = &d.subject {
        let mut header = format!("  on {} line {}", subject.file, subject.start.line);
        if let Some(b) = &d.block {
            header.push_str(&format!(", in {b}"));
        }
        header.push(':');
        lines.push(header);
        if let Some(src) = sources.get(&subject.file) {
            if let Some(text) = src.line(subject.start.line) {
                let text = if color && subject.start.line == subject.end.line {
                    underline(text, subject.start.column, subject.end.column)
                } else {
                    text.to_string()
                };
                lines.push(format!("{:>4}: {}", subject.start.line, text));
            }
        }
        if !d.expression_values.is_empty() {
            lines.push("    ├────────────────".to_string());
            for (name, desc) in &d.expression_values {
                lines.push(format!("    │ {name} {desc}"));
            }
        }
        lines.push(String::new());
    }
    if !d.detail.is_empty() {
        for l in d.detail.lines() {
            lines.push(l.to_string());
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    for l in lines {
        out.push_str(&bar);
        out.push_str(&l);
        out.push('\n');
    }
    if color {
        out.push_str(&format!("{col}╵\x1b[0m\n"));
    }
    out
}

fn underline(text: &str, start_col: usize, end_col: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let s = start_col.saturating_sub(1).min(chars.len());
    let e = end_col.saturating_sub(1).clamp(s, chars.len());
    let a: String = chars[..s].iter().collect();
    let b: String = chars[s..e].iter().collect();
    let c: String = chars[e..].iter().collect();
    format!("{a}\x1b[4m{b}\x1b[0m{c}")
}

/// Renders every diagnostic, separated by blank lines as Terraform does.
pub fn render_all(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let mut out = String::new();
    for d in diags {
        out.push('\n');
        out.push_str(&render(d, sources, color));
    }
    out
}
