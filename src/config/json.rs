//! `.tf.json` files: the JSON syntax is translated into equivalent native syntax, which
//! is then parsed as usual. Strings become templates (so `"${var.x}"` interpolates,
//! as in Terraform's JSON syntax); arrays and objects become tuple and object
//! expressions; the labels of `resource`, `data`, `variable`, `output`, `module` and
//! `provider` blocks come from the nesting of JSON objects.
//!
//! Limitation: diagnostics point at lines of the translated text, not of the JSON file.

use serde_json::Value as J;

pub(super) fn json_to_hcl(text: &str) -> Result<String, String> {
    let v: J = serde_json::from_str(text).map_err(|e| format!("The JSON could not be parsed: {e}."))?;
    let J::Object(top) = v else {
        return Err("The root of a JSON configuration file must be an object.".into());
    };
    let mut out = String::new();
    for (kind, val) in &top {
        if kind == "//" {
            continue;
        }
        let labels = match kind.as_str() {
            "resource" | "data" => 2,
            "variable" | "output" | "module" | "provider" => 1,
            _ => 0,
        };
        emit_blocks(&mut out, kind, val, labels, &mut Vec::new())?;
    }
    Ok(out)
}

fn emit_blocks(out: &mut String, kind: &str, v: &J, labels_left: usize, labels: &mut Vec<String>) -> Result<(), String> {
    if labels_left == 0 {
        // A block body, or a list of bodies for repeated blocks.
        let bodies: Vec<&J> = match v {
            J::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for body in bodies {
            let J::Object(attrs) = body else {
                return Err(format!("The body of a \"{kind}\" block must be a JSON object."));
            };
            out.push_str(kind);
            for l in labels.iter() {
                out.push_str(&format!(" {}", quote(l)));
            }
            out.push_str(" {\n");
            for (k, val) in attrs {
                if k == "//" {
                    continue;
                }
                emit_attr(out, kind, k, val)?;
            }
            out.push_str("}\n");
        }
        return Ok(());
    }
    let J::Object(m) = v else {
        return Err(format!("A \"{kind}\" block in JSON must be an object keyed by its labels."));
    };
    for (label, inner) in m {
        labels.push(label.clone());
        emit_blocks(out, kind, inner, labels_left - 1, labels)?;
        labels.pop();
    }
    Ok(())
}

fn emit_attr(out: &mut String, block_kind: &str, k: &str, v: &J) -> Result<(), String> {
    // Arguments whose JSON string holds a bare expression rather than a template.
    let raw = matches!((block_kind, k), ("variable", "type") | (_, "depends_on") | (_, "provider") | ("lifecycle", "ignore_changes" | "replace_triggered_by"));
    // Nested blocks that the language itself defines.
    let nested = match (block_kind, k) {
        ("locals" | "output" | "module", _) => false,
        (_, "lifecycle" | "validation" | "provisioner" | "connection" | "required_providers" | "precondition" | "postcondition") => true,
        ("terraform", "backend") => true,
        _ => false,
    };
    if !nested || !(v.is_object() || v.is_array()) {
        out.push_str(&format!("  {} = {}\n", ident_or_quoted(k), expr(v, raw)));
        return Ok(());
    }
    if k == "backend" || k == "provisioner" {
        // Labeled blocks: `"backend": {"s3": {...}}`.
        if let J::Object(m) = v {
            for (label, body) in m {
                emit_blocks(out, &format!("{k} {}", quote(label)), body, 0, &mut Vec::new())?;
            }
        }
        return Ok(());
    }
    emit_blocks(out, k, v, 0, &mut Vec::new())
}

fn ident_or_quoted(k: &str) -> String {
    if super::decode::is_identifier(k) {
        k.to_string()
    } else {
        quote(k)
    }
}

fn expr(v: &J, raw: bool) -> String {
    match v {
        J::Null => "null".into(),
        J::Bool(b) => b.to_string(),
        J::Number(n) => n.to_string(),
        J::String(s) if raw => s.clone(),
        J::String(s) => template(s),
        J::Array(items) => format!("[{}]", items.iter().map(|i| expr(i, raw)).collect::<Vec<_>>().join(", ")),
        J::Object(m) => format!(
            "{{{}}}",
            m.iter().filter(|(k, _)| *k != "//").map(|(k, v)| format!("{} = {}", template(k), expr(v, false))).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// A JSON string as a native template: keep `${` and `%{` sequences, escape the rest.
fn template(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A literal string (a label), with template sequences escaped.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out.replace("${", "$${").replace("%{", "%%{")
}
