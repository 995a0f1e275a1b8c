//! Usage estimates in infracost's usage file format (version 0.1):
//!
//! ```yaml
//! version: 0.1
//! resource_type_default_usage:
//!   aws_lambda_function:
//!     monthly_requests: 1000000
//! resource_usage:
//!   aws_lambda_function.api:
//!     monthly_requests: 5000000
//!   module.app.aws_instance.web[*]:
//!     operating_system: linux
//!   aws_s3_bucket.assets:
//!     standard:
//!       storage_gb: 500
//! ```
//!
//! Keys merge per resource: the type's defaults, then each matching wildcard entry in file
//! order, then the entry for the exact address (with or without its instance key).

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use yaml_rust2::{Yaml, YamlLoader};

use crate::catalog::parse_decimal;

/// A usage file's content.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    by_type: Vec<(String, Map<String, Value>)>,
    by_address: Vec<(String, Map<String, Value>)>,
}

/// A usage file that cannot be read, with the line it was found on.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{col}: {message}")]
pub struct UsageError {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Usage {
    /// Parses a usage file's text; `path` is used in errors.
    pub fn parse(text: &str, path: &str) -> Result<Usage, UsageError> {
        let err = |line: usize, col: usize, message: String| UsageError { path: path.to_string(), line, col, message };
        let docs = YamlLoader::load_from_str(text).map_err(|e| {
            let m = e.marker();
            err(m.line(), m.col() + 1, format!("{}; the usage file must be YAML", e.info()))
        })?;
        let Some(doc) = docs.into_iter().next() else {
            return Ok(Usage::default());
        };
        let Yaml::Hash(top) = doc else {
            return Err(err(1, 1, "the usage file must be a map with version, resource_usage and resource_type_default_usage".into()));
        };
        let mut u = Usage::default();
        for (k, v) in top {
            let key = k.as_str().unwrap_or_default();
            match key {
                "version" => {
                    let ver = match &v {
                        Yaml::Real(s) | Yaml::String(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        _ => String::new(),
                    };
                    if ver != "0.1" {
                        return Err(err(1, 1, format!("usage file version {ver:?} is not supported; write `version: 0.1`")));
                    }
                }
                "resource_usage" | "resource_type_default_usage" => {
                    let entries = match v {
                        Yaml::Hash(h) => h,
                        Yaml::Null => continue,
                        _ => return Err(err(1, 1, format!("{key} must be a map from resource addresses to usage keys"))),
                    };
                    for (name, body) in entries {
                        let name = match name {
                            Yaml::String(s) => s,
                            other => yaml_scalar(&other).unwrap_or_default(),
                        };
                        let map = match yaml_to_json(&body) {
                            Value::Object(m) => m,
                            Value::Null => Map::new(),
                            _ => return Err(err(1, 1, format!("the usage of {name:?} must be a map of usage keys"))),
                        };
                        if key == "resource_usage" {
                            u.by_address.push((name, map));
                        } else {
                            u.by_type.push((name, map));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(u)
    }

    /// Reads and parses a usage file.
    pub fn load(path: &std::path::Path) -> Result<Usage, UsageError> {
        let text = std::fs::read_to_string(path).map_err(|e| UsageError {
            path: path.display().to_string(),
            line: 0,
            col: 0,
            message: format!("cannot read the usage file: {e}"),
        })?;
        Usage::parse(&text, &path.display().to_string())
    }

    pub fn is_empty(&self) -> bool {
        self.by_type.is_empty() && self.by_address.is_empty()
    }

    /// The merged usage keys for one resource instance.
    pub fn for_resource(&self, address: &str, resource_type: &str) -> UsageValues {
        let mut out = Map::new();
        for (t, m) in &self.by_type {
            if t == resource_type {
                merge(&mut out, m);
            }
        }
        let bare = crate::input::strip_keys(address);
        for (pat, m) in &self.by_address {
            if pat.contains('*') && wildcard_match(pat, address) {
                merge(&mut out, m);
            }
        }
        for (pat, m) in &self.by_address {
            if !pat.contains('*') && (pat == &bare && pat != address) {
                merge(&mut out, m);
            }
        }
        for (pat, m) in &self.by_address {
            if pat == address {
                merge(&mut out, m);
            }
        }
        UsageValues(Value::Object(out))
    }
}

fn merge(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            _ => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}

/// `*` matches any run of characters (so `aws_instance.web[*]` matches every instance).
pub fn wildcard_match(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some(sp) = star {
            pi = sp + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn yaml_scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn yaml_to_json(y: &Yaml) -> Value {
    match y {
        Yaml::Real(s) => parse_decimal(s).map(|d| Value::String(d.to_string())).unwrap_or(Value::String(s.clone())),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(yaml_to_json).collect()),
        Yaml::Hash(h) => Value::Object(h.iter().map(|(k, v)| (yaml_scalar(k).unwrap_or_default(), yaml_to_json(v))).collect()),
        _ => Value::Null,
    }
}

/// One resource's usage keys.
#[derive(Debug, Clone, Default)]
pub struct UsageValues(pub Value);

impl UsageValues {
    pub fn empty() -> Self {
        UsageValues(Value::Object(Map::new()))
    }
    /// A number by dotted path (`standard.storage_gb`).
    pub fn num(&self, path: &str) -> Option<Decimal> {
        crate::input::Attrs(&self.0).num(path)
    }
    pub fn str(&self, path: &str) -> Option<&str> {
        crate::input::Attrs(&self.0).str(path)
    }
    pub fn is_empty(&self) -> bool {
        self.0.as_object().is_none_or(|m| m.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
version: 0.1
resource_type_default_usage:
  aws_lambda_function:
    monthly_requests: 1000
    request_duration_ms: 100
resource_usage:
  aws_lambda_function.api[*]:
    monthly_requests: 2000
  aws_lambda_function.api["b"]:
    monthly_requests: 3000
  aws_s3_bucket.assets:
    standard:
      storage_gb: 1.5
"#;

    #[test]
    fn merges_defaults_wildcards_and_exact() {
        let u = Usage::parse(FILE, "u.yml").unwrap();
        let a = u.for_resource("aws_lambda_function.api[\"a\"]", "aws_lambda_function");
        assert_eq!(a.num("monthly_requests"), Some(Decimal::from(2000)));
        assert_eq!(a.num("request_duration_ms"), Some(Decimal::from(100)));
        let b = u.for_resource("aws_lambda_function.api[\"b\"]", "aws_lambda_function");
        assert_eq!(b.num("monthly_requests"), Some(Decimal::from(3000)));
        let other = u.for_resource("aws_lambda_function.other", "aws_lambda_function");
        assert_eq!(other.num("monthly_requests"), Some(Decimal::from(1000)));
        let s = u.for_resource("aws_s3_bucket.assets", "aws_s3_bucket");
        assert_eq!(s.num("standard.storage_gb"), Some("1.5".parse().unwrap()));
    }

    #[test]
    fn bad_files_say_where() {
        let e = Usage::parse("version: 0.1\nresource_usage: [\n", "u.yml").unwrap_err();
        assert!(e.to_string().starts_with("u.yml:"), "{e}");
        let e = Usage::parse("version: 0.2\n", "u.yml").unwrap_err();
        assert!(e.message.contains("version"), "{e}");
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("aws_instance.web[*]", "aws_instance.web[3]"));
        assert!(wildcard_match("module.*.aws_instance.web", "module.a.aws_instance.web"));
        assert!(!wildcard_match("aws_instance.web[*]", "aws_instance.api[3]"));
    }
}
