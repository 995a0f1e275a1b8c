//! `terrace.yml`: the projects of a repository (infracost.yml's `projects` list, so an
//! existing infracost.yml works as it is) and the cost policies.
//!
//! ```yaml
//! version: 0.1
//! projects:
//!   - path: envs/prod            # relative to this file
//!     name: prod
//!     terraform_var_files: [prod.tfvars]   # relative to the project's directory
//!     terraform_vars: { instance_count: 3 }
//!     terraform_workspace: prod
//!     usage_file: usage/prod.yml  # relative to this file
//!     max_monthly_cost: 5000      # this project's budget (a policy)
//! policies:
//!   max_monthly_increase: 500          # USD, over the whole run
//!   max_monthly_increase_percent: 10   # of the baseline
//!   max_project_monthly_cost: 10000    # every project without its own budget
//!   resource_type_caps: { aws_instance: 1000 }
//!   required_tags: [team, cost-center]
//!   denied_instance_families: ["x1*", p4d]
//!   denied_regions: ["ap-*"]
//! ```
//!
//! Unknown keys are errors (a misspelt policy must not pass silently), except the keys
//! infracost.yml has that Terrace does not use, which give warnings.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use yaml_rust2::{Yaml, YamlLoader};

use super::policy::{check_pattern, Policies};

/// A project to price, as listed in the file, its paths resolved.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectEntry {
    /// The Terraform directory or plan JSON file.
    pub path: PathBuf,
    pub name: Option<String>,
    /// Relative to the project's directory, as infracost and `-var-file` read them.
    pub var_files: Vec<PathBuf>,
    /// `NAME=VALUE`, as `-var` takes them.
    pub vars: Vec<String>,
    pub usage_file: Option<PathBuf>,
    pub workspace: Option<String>,
    /// The project's budget.
    pub max_monthly_cost: Option<Decimal>,
}

/// The file's content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigFile {
    pub projects: Vec<ProjectEntry>,
    /// The policies, with each project's `max_monthly_cost` as a named budget.
    pub policies: Policies,
    /// Keys that were ignored, as sentences.
    pub warnings: Vec<String>,
}

/// A config file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub message: String,
}

const TOP_KEYS: &[&str] = &["version", "projects", "policies"];
const PROJECT_KEYS: &[&str] =
    &["path", "name", "terraform_var_files", "terraform_vars", "terraform_workspace", "usage_file", "max_monthly_cost"];
const POLICY_KEYS: &[&str] = &[
    "max_monthly_increase",
    "max_monthly_increase_percent",
    "max_project_monthly_cost",
    "project_monthly_cost",
    "resource_type_caps",
    "required_tags",
    "denied_instance_families",
    "denied_regions",
];
/// infracost.yml project keys that have no meaning for Terrace.
const INFRACOST_ONLY_KEYS: &[&str] = &[
    "dependency_paths",
    "env",
    "exclude_paths",
    "include_all_paths",
    "terraform_init_flags",
    "terraform_plan_flags",
    "terraform_binary",
    "terraform_cloud_host",
    "terraform_cloud_org",
    "terraform_cloud_workspace",
    "terraform_cloud_token",
    "terragrunt_flags",
    "yor_config_path",
];

impl ConfigFile {
    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            message: format!("cannot read the config file: {e}"),
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        ConfigFile::parse(&text, &path.display().to_string(), &base)
    }

    /// Parses a config file's text; `path` names it in errors, relative paths in it are
    /// resolved from `base` (the file's directory).
    pub fn parse(text: &str, path: &str, base: &Path) -> Result<ConfigFile, ConfigError> {
        let err = |message: String| ConfigError { path: path.to_string(), message };
        let docs = YamlLoader::load_from_str(text).map_err(|e| {
            let m = e.marker();
            err(format!("line {}, column {}: {}; the config file must be YAML", m.line(), m.col() + 1, e.info()))
        })?;
        let mut out = ConfigFile::default();
        let Some(doc) = docs.into_iter().next() else {
            return Ok(out);
        };
        let top = match doc {
            Yaml::Hash(h) => h,
            Yaml::Null => return Ok(out),
            _ => return Err(err("the config file must be a map with `version`, `projects` and `policies`".into())),
        };
        for (k, v) in &top {
            let key = key_name(k);
            match key.as_str() {
                "version" => {
                    let ver = scalar(v).unwrap_or_default();
                    if ver != "0.1" {
                        return Err(err(format!("config file version `{ver}` is not supported; write `version: 0.1`")));
                    }
                }
                "projects" => {
                    let list = match v {
                        Yaml::Array(a) => a.as_slice(),
                        Yaml::Null => &[],
                        _ => return Err(err("`projects` must be a list of projects, each with a `path`".into())),
                    };
                    for (i, p) in list.iter().enumerate() {
                        let entry = project(p, base, &mut out.warnings).map_err(|m| err(format!("projects[{i}]: {m}")))?;
                        out.projects.push(entry);
                    }
                }
                "policies" => out.policies = policies(v).map_err(|m| err(format!("policies: {m}")))?,
                _ => return Err(err(unknown_key(&key, TOP_KEYS, ""))),
            }
        }
        for p in &out.projects {
            if let Some(max) = p.max_monthly_cost {
                let name = p.name.clone().unwrap_or_else(|| p.path.display().to_string());
                out.policies.project_monthly_cost.insert(name, max);
            }
        }
        Ok(out)
    }
}

impl ProjectEntry {
    /// The project as the pricing entry point takes it.
    pub fn spec(&self) -> crate::cost::ProjectSpec {
        crate::cost::ProjectSpec {
            path: self.path.clone(),
            name: self.name.clone(),
            var_files: self.var_files.clone(),
            vars: self.vars.clone(),
            usage_file: self.usage_file.clone(),
            workspace: self.workspace.clone(),
        }
    }
}

fn project(y: &Yaml, base: &Path, warnings: &mut Vec<String>) -> Result<ProjectEntry, String> {
    let Yaml::Hash(h) = y else {
        return Err("a project must be a map with at least `path`".into());
    };
    let mut p = ProjectEntry::default();
    let mut has_path = false;
    for (k, v) in h {
        let key = key_name(k);
        let bad = |what: &str| format!("`{key}` must be {what}");
        match key.as_str() {
            "path" => {
                let s = scalar(v).filter(|s| !s.is_empty()).ok_or_else(|| bad("a path"))?;
                p.path = base.join(s);
                has_path = true;
            }
            "name" => p.name = Some(scalar(v).ok_or_else(|| bad("a string"))?),
            "terraform_workspace" => p.workspace = Some(scalar(v).ok_or_else(|| bad("a string"))?),
            "usage_file" => p.usage_file = Some(base.join(scalar(v).ok_or_else(|| bad("a path"))?)),
            "terraform_var_files" => p.var_files = strings(v).ok_or_else(|| bad("a list of paths"))?.into_iter().map(PathBuf::from).collect(),
            "terraform_vars" => {
                let Yaml::Hash(vars) = v else { return Err(bad("a map of variable names to values")) };
                for (name, value) in vars {
                    let value = match value {
                        Yaml::Array(_) | Yaml::Hash(_) => yaml_to_json(value).to_string(),
                        other => scalar(other).unwrap_or_default(),
                    };
                    p.vars.push(format!("{}={value}", key_name(name)));
                }
            }
            "max_monthly_cost" => p.max_monthly_cost = Some(money(v).map_err(|m| format!("`{key}`: {m}"))?),
            k if INFRACOST_ONLY_KEYS.contains(&k) => warnings.push(format!("the project key `{k}` is an infracost setting that Terrace does not use; it is ignored")),
            _ => return Err(unknown_key(&key, PROJECT_KEYS, "project ")),
        }
    }
    if !has_path {
        return Err("a project needs a `path`: its Terraform directory or plan JSON file, relative to the config file".into());
    }
    Ok(p)
}

fn policies(y: &Yaml) -> Result<Policies, String> {
    let h = match y {
        Yaml::Hash(h) => h,
        Yaml::Null => return Ok(Policies::default()),
        _ => return Err("must be a map of policy names to limits".into()),
    };
    let mut p = Policies::default();
    for (k, v) in h {
        let key = key_name(k);
        let ctx = |m: String| format!("`{key}`: {m}");
        match key.as_str() {
            "max_monthly_increase" => p.max_monthly_increase = Some(money(v).map_err(ctx)?),
            "max_monthly_increase_percent" => p.max_monthly_increase_percent = Some(percent(v).map_err(ctx)?),
            "max_project_monthly_cost" => p.max_project_monthly_cost = Some(money(v).map_err(ctx)?),
            "project_monthly_cost" | "resource_type_caps" => {
                let Yaml::Hash(m) = v else { return Err(ctx("must be a map of names to monthly amounts in USD".into())) };
                for (name, amount) in m {
                    let name = key_name(name);
                    let amount = money(amount).map_err(|m| format!("`{key}.{name}`: {m}"))?;
                    if key == "project_monthly_cost" {
                        p.project_monthly_cost.insert(name, amount);
                    } else {
                        p.resource_type_caps.insert(name, amount);
                    }
                }
            }
            "required_tags" => p.required_tags = strings(v).ok_or_else(|| ctx("must be a list of tag keys".into()))?,
            "denied_instance_families" | "denied_regions" => {
                let list = strings(v).ok_or_else(|| ctx("must be a list of glob patterns".into()))?;
                for pat in &list {
                    check_pattern(pat).map_err(ctx)?;
                }
                if key == "denied_regions" {
                    p.denied_regions = list;
                } else {
                    p.denied_instance_families = list;
                }
            }
            _ => return Err(unknown_key(&key, POLICY_KEYS, "policy ")),
        }
    }
    Ok(p)
}

fn unknown_key(key: &str, known: &[&str], what: &str) -> String {
    let best = known.iter().map(|k| (strsim::jaro_winkler(key, k), *k)).filter(|(s, _)| *s > 0.8).max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, k)) => format!("unknown {what}key `{key}`; did you mean `{k}`?"),
        None => format!("unknown {what}key `{key}`; the keys are {}", known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
    }
}

fn key_name(y: &Yaml) -> String {
    scalar(y).unwrap_or_else(|| format!("{y:?}"))
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of strings, or one string as a list of one.
fn strings(y: &Yaml) -> Option<Vec<String>> {
    match y {
        Yaml::Array(a) => a.iter().map(scalar).collect(),
        Yaml::Null => Some(Vec::new()),
        other => scalar(other).map(|s| vec![s]),
    }
}

/// A monthly amount in USD: `500`, `99.50`, `"$1,000"`.
pub fn parse_money(s: &str) -> Result<Decimal, String> {
    let t = s.trim().trim_start_matches('$').replace(',', "");
    match t.parse::<Decimal>() {
        Ok(d) if !d.is_sign_negative() => Ok(d),
        _ => Err(format!("`{s}` is not an amount in USD; write a number such as `500` or `99.50`")),
    }
}

/// A percentage: `10`, `12.5`, `"10%"`.
pub fn parse_percent(s: &str) -> Result<Decimal, String> {
    let t = s.trim().trim_end_matches('%').trim();
    match t.parse::<Decimal>() {
        Ok(d) if !d.is_sign_negative() => Ok(d),
        _ => Err(format!("`{s}` is not a percentage; write a number such as `10` or `12.5`")),
    }
}

fn money(y: &Yaml) -> Result<Decimal, String> {
    parse_money(&scalar(y).ok_or("must be an amount in USD, such as `500`")?)
}

fn percent(y: &Yaml) -> Result<Decimal, String> {
    parse_percent(&scalar(y).ok_or("must be a percentage, such as `10`")?)
}

fn yaml_to_json(y: &Yaml) -> serde_json::Value {
    use serde_json::Value;
    match y {
        Yaml::Hash(h) => Value::Object(h.iter().map(|(k, v)| (key_name(k), yaml_to_json(v))).collect()),
        Yaml::Array(a) => Value::Array(a.iter().map(yaml_to_json).collect()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Real(s) => s.parse::<serde_json::Number>().map(Value::Number).unwrap_or_else(|_| Value::String(s.clone())),
        Yaml::String(s) => Value::String(s.clone()),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
version: 0.1
projects:
  - path: envs/dev
    name: dev
    terraform_var_files: [dev.tfvars, common.tfvars]
    terraform_vars:
      instance_count: 2
      zones: [a, b]
    usage_file: usage/dev.yml
    terraform_workspace: dev
    dependency_paths: [modules/**]
  - path: envs/prod
    name: prod
    max_monthly_cost: "$5,000"
policies:
  max_monthly_increase: 500
  max_monthly_increase_percent: 10%
  resource_type_caps:
    aws_instance: 1000.50
  required_tags: [team, cost-center]
  denied_instance_families: ["x1*", p4d]
  denied_regions: ap-*
"#;

    #[test]
    fn reads_projects_and_policies() {
        let c = ConfigFile::parse(FILE, "terrace.yml", Path::new("repo")).expect("parses");
        assert_eq!(c.projects.len(), 2);
        let dev = &c.projects[0];
        assert_eq!(dev.path, Path::new("repo/envs/dev"));
        assert_eq!(dev.var_files, [Path::new("dev.tfvars"), Path::new("common.tfvars")]);
        assert_eq!(dev.vars, ["instance_count=2", "zones=[\"a\",\"b\"]"]);
        assert_eq!(dev.usage_file.as_deref(), Some(Path::new("repo/usage/dev.yml")));
        assert_eq!(dev.workspace.as_deref(), Some("dev"));
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        let p = &c.policies;
        assert_eq!(p.max_monthly_increase, Some(Decimal::from(500)));
        assert_eq!(p.max_monthly_increase_percent, Some(Decimal::from(10)));
        assert_eq!(p.resource_type_caps.get("aws_instance").map(|d| d.to_string()), Some("1000.50".into()));
        assert_eq!(p.required_tags, ["team", "cost-center"]);
        assert_eq!(p.denied_regions, ["ap-*"]);
        assert_eq!(p.project_monthly_cost.get("prod"), Some(&Decimal::from(5000)));
    }

    #[test]
    fn misspelt_keys_are_errors_with_a_suggestion() {
        let e = ConfigFile::parse("policies:\n  max_monthly_increse: 5\n", "terrace.yml", Path::new("")).unwrap_err();
        assert_eq!(e.to_string(), "terrace.yml: policies: unknown policy key `max_monthly_increse`; did you mean `max_monthly_increase`?");
        let e = ConfigFile::parse("projects:\n  - name: x\n", "t.yml", Path::new("")).unwrap_err();
        assert!(e.to_string().contains("projects[0]: a project needs a `path`"), "{e}");
        let e = ConfigFile::parse("policies:\n  max_monthly_increase: lots\n", "t.yml", Path::new("")).unwrap_err();
        assert!(e.to_string().contains("`lots` is not an amount in USD"), "{e}");
        let e = ConfigFile::parse("version: 2\n", "t.yml", Path::new("")).unwrap_err();
        assert!(e.to_string().contains("version `2` is not supported"), "{e}");
        let e = ConfigFile::parse("policies: [\n", "t.yml", Path::new("")).unwrap_err();
        assert!(e.to_string().contains("must be YAML"), "{e}");
        let e = ConfigFile::parse("policies:\n  denied_regions: ['[a']\n", "t.yml", Path::new("")).unwrap_err();
        assert!(e.to_string().contains("not a valid glob"), "{e}");
    }

    #[test]
    fn empty_file_is_empty() {
        assert_eq!(ConfigFile::parse("", "t.yml", Path::new("")).expect("parses"), ConfigFile::default());
    }
}
