//! What a cost model reads: one resource instance's values (planned values, or the
//! configuration evaluated without a provider), its region, tags and references.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::catalog::parse_decimal;

/// One resource instance to price.
#[derive(Debug, Clone)]
pub struct ResourceInput {
    /// The full address: `module.app.aws_instance.web[0]`.
    pub address: String,
    pub resource_type: String,
    /// The region of the provider configuration the resource uses.
    pub region: String,
    /// The resource's values as JSON: attributes, and nested blocks as arrays of objects.
    /// Values not known until apply are null.
    pub values: Value,
    /// Tags after merging the provider's `default_tags` (the resource's own win).
    pub tags: BTreeMap<String, String>,
    /// Addresses (without instance keys) of the resources this one refers to, so that a
    /// model can find, say, the launch template an autoscaling group uses.
    pub references: Vec<String>,
}

impl ResourceInput {
    pub fn new(address: impl Into<String>, resource_type: impl Into<String>, region: impl Into<String>, values: Value) -> Self {
        ResourceInput {
            address: address.into(),
            resource_type: resource_type.into(),
            region: region.into(),
            values,
            tags: BTreeMap::new(),
            references: Vec::new(),
        }
    }

    /// Accessors over the values.
    pub fn attrs(&self) -> Attrs<'_> {
        Attrs(&self.values)
    }

    /// The module path part of the address (`module.app`), empty for the root module.
    pub fn module(&self) -> String {
        module_of(&self.address)
    }

    /// The address without its instance key: `module.app.aws_instance.web`.
    pub fn config_address(&self) -> String {
        strip_keys(&self.address)
    }
}

/// The module part of a resource address (`module.a["x"].module.b`), empty for root.
pub fn module_of(address: &str) -> String {
    let parts = split_address(address);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < parts.len() && parts[i] == "module" {
        out.push(format!("module.{}", parts[i + 1]));
        i += 2;
    }
    out.join(".")
}

/// Removes instance keys (`[0]`, `["a"]`) from an address.
pub fn strip_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0;
    let mut in_str = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => in_str = !in_str,
            '[' if !in_str => depth += 1,
            ']' if !in_str => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Splits an address on dots outside of brackets, keeping the keys with their names.
fn split_address(address: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    let mut in_str = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => {
                in_str = !in_str;
                cur.push(c)
            }
            '[' if !in_str => {
                depth += 1;
                cur.push(c)
            }
            ']' if !in_str => {
                depth -= 1;
                cur.push(c)
            }
            '.' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}

/// Typed reads of a JSON object by dotted path (`root_block_device.0.volume_size`). A block
/// given as a list is read through its first element when the path does not index it.
#[derive(Debug, Clone, Copy)]
pub struct Attrs<'a>(pub &'a Value);

impl<'a> Attrs<'a> {
    pub fn get(&self, path: &str) -> Option<&'a Value> {
        let mut v = self.0;
        for seg in path.split('.') {
            v = match v {
                Value::Object(m) => m.get(seg)?,
                Value::Array(a) => match seg.parse::<usize>() {
                    Ok(i) => a.get(i)?,
                    Err(_) => a.first()?.as_object()?.get(seg)?,
                },
                _ => return None,
            };
        }
        (!v.is_null()).then_some(v)
    }
    pub fn str(&self, path: &str) -> Option<&'a str> {
        self.get(path).and_then(|v| v.as_str())
    }
    /// A number, also from a numeric string (Terraform often carries numbers as strings).
    pub fn num(&self, path: &str) -> Option<Decimal> {
        match self.get(path)? {
            Value::Number(n) => parse_decimal(&n.to_string()),
            Value::String(s) => parse_decimal(s),
            _ => None,
        }
    }
    pub fn bool(&self, path: &str) -> Option<bool> {
        match self.get(path)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
    /// The elements of a nested block (or list attribute); empty when absent.
    pub fn blocks(&self, path: &str) -> Vec<Attrs<'a>> {
        match self.get(path) {
            Some(Value::Array(a)) => a.iter().map(Attrs).collect(),
            Some(v @ Value::Object(_)) => vec![Attrs(v)],
            _ => Vec::new(),
        }
    }
    /// Whether the attribute or block is set (non-null, non-empty list).
    pub fn has(&self, path: &str) -> bool {
        match self.get(path) {
            Some(Value::Array(a)) => !a.is_empty(),
            Some(_) => true,
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths_through_blocks() {
        let v = serde_json::json!({"root_block_device": [{"volume_size": 20, "volume_type": "gp3"}], "iops": "3000", "x": null});
        let a = Attrs(&v);
        assert_eq!(a.num("root_block_device.0.volume_size"), Some(Decimal::from(20)));
        assert_eq!(a.str("root_block_device.volume_type"), Some("gp3"));
        assert_eq!(a.num("iops"), Some(Decimal::from(3000)));
        assert!(a.get("x").is_none());
        assert_eq!(a.blocks("root_block_device").len(), 1);
    }

    #[test]
    fn address_parts() {
        assert_eq!(module_of("module.a[\"x.y\"].module.b.aws_instance.web[0]"), "module.a[\"x.y\"].module.b");
        assert_eq!(module_of("aws_instance.web"), "");
        assert_eq!(strip_keys("module.a[\"x]\"].aws_instance.web[0]"), "module.a.aws_instance.web");
    }
}
