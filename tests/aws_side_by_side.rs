//! Side by side with Terraform: the same multi-step scenarios run through Terraform 1.0.3
//! (hashicorp/aws 3.39, the reference) and through Terrace, each tool against its own moto
//! server. For every step both tools make a saved plan, and the plan's actions per resource
//! address (`show -json p.bin`, `resource_changes[].change.actions`) must be the same; after
//! both apply it, selected attributes of every object in each tool's state (`show -json`)
//! must be equal (ids differ, so they are not compared).
//!
//! Runs only when Terraform (`$TERRAFORM`, else `~/.cache/terrace-peers/bin/terraform`, which
//! shared/tools/install-peers.sh installs with an offline provider mirror) and moto are both
//! installed; otherwise each test prints "SKIPPED: ..." and passes.
//!
//! The configurations are under tests/fixtures/aws-sbs/<scenario>/<step>/; the provider block
//! is written by the test (one block both tools accept, pointing at that tool's moto).

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use serde_json::Value;
use support::moto::Moto;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/aws-sbs");

/// One step of a scenario: optionally new configuration files, optionally a change made
/// behind the tools' backs through moto's API, then plan, compare, apply, compare.
struct Step {
    name: &'static str,
    /// The fixture directory (under the scenario's) whose .tf files replace the current ones;
    /// None keeps the previous step's configuration.
    files: Option<&'static str>,
    /// Drift: called with the tool's own moto and its state (`show -json`) before planning.
    outside: Option<fn(&Moto, &Value)>,
    /// Plan with `-destroy`.
    destroy: bool,
}

impl Step {
    const fn config(dir: &'static str) -> Step {
        Step { name: dir, files: Some(dir), outside: None, destroy: false }
    }
    const fn drift(name: &'static str, f: fn(&Moto, &Value)) -> Step {
        Step { name, files: None, outside: Some(f), destroy: false }
    }
    const fn destroy() -> Step {
        Step { name: "destroy", files: None, outside: None, destroy: true }
    }
}

/// Attributes compared after each apply, per resource type (a `.#` suffix compares a
/// list's length, a numeric segment indexes a list).
const COMPARED: &[(&str, &[&str])] = &[
    ("aws_vpc", &["cidr_block", "instance_tenancy", "enable_dns_support", "enable_dns_hostnames", "tags"]),
    ("aws_subnet", &["cidr_block", "availability_zone", "map_public_ip_on_launch", "tags"]),
    ("aws_internet_gateway", &["tags"]),
    ("aws_route_table", &["route.#", "route.0.cidr_block", "propagating_vgws", "tags"]),
    ("aws_route_table_association", &["gateway_id"]),
    ("aws_security_group", &["name", "description", "ingress", "egress", "ingress.#", "egress.#", "revoke_rules_on_delete", "tags"]),
    ("aws_ami", &["name", "image_id", "owner_id", "root_device_name", "architecture"]),
    (
        "aws_instance",
        &[
            "ami",
            "instance_type",
            "availability_zone",
            "key_name",
            "user_data",
            "instance_state",
            "root_block_device.#",
            "root_block_device.0.volume_size",
            "root_block_device.0.volume_type",
            "root_block_device.0.device_name",
            "root_block_device.0.delete_on_termination",
            "tags",
        ],
    ),
    // Only the algorithm of the encryption block: for unset kms_master_key_id and
    // bucket_key_enabled Terraform's provider records "" and false, Terrace null.
    (
        "aws_s3_bucket",
        &[
            "bucket",
            "acl",
            "force_destroy",
            "versioning",
            "server_side_encryption_configuration.#",
            "server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0.sse_algorithm",
            "bucket_domain_name",
            "hosted_zone_id",
            "policy",
            "tags",
        ],
    ),
    ("aws_s3_bucket_policy", &["bucket", "policy"]),
    ("aws_s3_bucket_public_access_block", &["bucket", "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]),
    ("aws_s3_bucket_object", &["bucket", "key", "content", "content_type", "etag", "storage_class", "tags"]),
    ("aws_key_pair", &["key_name", "fingerprint", "tags"]),
    ("aws_eip", &["vpc", "domain", "tags"]),
    ("aws_ebs_volume", &["availability_zone", "size", "type", "encrypted", "tags"]),
    ("aws_volume_attachment", &["device_name"]),
    ("aws_launch_template", &["name", "image_id", "instance_type", "key_name", "latest_version", "default_version", "tags"]),
];

#[test]
fn network() {
    run_scenario(
        "network",
        &[
            Step::config("1-create"),
            // In place: tags on the VPC and a subnet, new tags on the security group.
            Step::config("2-tags"),
            Step::drift("ingress rule revoked outside", |moto, state| {
                let id = state_id(state, "aws_security_group.web");
                moto.ec2(&[
                    ("Action", "RevokeSecurityGroupIngress"),
                    ("GroupId", &id),
                    ("IpPermissions.1.IpProtocol", "tcp"),
                    ("IpPermissions.1.FromPort", "443"),
                    ("IpPermissions.1.ToPort", "443"),
                    ("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0"),
                ]);
            }),
            // Replacement: subnet b's CIDR block (its route table association follows).
            Step::config("3-subnet-cidr"),
            Step::destroy(),
        ],
    );
}

#[test]
fn compute() {
    run_scenario(
        "compute",
        &[
            Step::config("1-create"),
            Step::config("2-instance-type"),
            Step::config("3-tags"),
            Step::drift("tag changed outside", |moto, state| {
                let id = state_id(state, "aws_instance.web");
                moto.ec2(&[("Action", "CreateTags"), ("ResourceId.1", &id), ("Tag.1.Key", "role"), ("Tag.1.Value", "changed-outside")]);
            }),
            // Replacement: another image, found by the data source.
            Step::config("4-ami"),
            Step::destroy(),
        ],
    );
}

#[test]
fn storage() {
    run_scenario(
        "storage",
        &[
            Step::config("1-create"),
            // Versioning enabled -> suspended.
            Step::config("2-versioning"),
            Step::config("3-policy"),
            Step::drift("bucket tags deleted outside", |moto, state| {
                let bucket = state_id(state, "aws_s3_bucket.data");
                let (status, body) = moto.s3_http("DELETE", &format!("/{bucket}?tagging"), "");
                assert!(status < 300, "DeleteBucketTagging: {status} {body}");
            }),
            Step::destroy(),
        ],
    );
}

#[test]
fn eip_key_volume_template() {
    run_scenario(
        "misc",
        &[
            Step::config("1-create"),
            // In place: EIP tags, volume size, launch template instance type (a new version).
            Step::config("2-change"),
            Step::destroy(),
        ],
    );
}

// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tool {
    Terraform,
    Terrace,
}

/// One tool's working directory and moto server.
struct Side {
    tool: Tool,
    terraform: PathBuf,
    dir: tempfile::TempDir,
    moto: Moto,
}

/// What a step produced for one tool: the plan's actions per address, and the compared
/// attributes per address of the state after applying it.
struct Outcome {
    actions: BTreeMap<String, String>,
    state: BTreeMap<String, BTreeMap<String, Value>>,
    /// Every attribute of every object (for TERRACE_SBS_ALL_ATTRS).
    all: BTreeMap<String, Value>,
}

fn terraform_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TERRAFORM") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    Some(PathBuf::from(std::env::var_os("HOME")?).join(".cache/terrace-peers/bin/terraform")).filter(|p| p.is_file())
}

/// The CLI configuration with the offline provider mirror, when installed.
fn terraform_rc() -> Option<PathBuf> {
    Some(PathBuf::from(std::env::var_os("HOME")?).join(".cache/terrace-peers/terraformrc")).filter(|p| p.is_file())
}

/// A provider block both tools accept: Terraform's 3.39 provider knows the path-style flag
/// as s3_force_path_style and checks the region and EC2 platforms unless told not to.
fn provider_block(moto: &Moto) -> String {
    format!(
        r#"provider "aws" {{
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_get_ec2_platforms      = true
  s3_force_path_style         = true
  endpoints {{
    ec2 = "{e}"
    s3  = "{e}"
    sts = "{e}"
  }}
}}
"#,
        e = moto.endpoint()
    )
}

impl Side {
    fn new(tool: Tool, terraform: PathBuf, moto: Moto) -> Side {
        let side = Side { tool, terraform, dir: tempfile::tempdir().unwrap(), moto };
        std::fs::write(side.dir.path().join("provider.tf"), provider_block(&side.moto)).unwrap();
        side.must(&["init", "-input=false", "-no-color"]);
        side
    }

    fn run(&self, args: &[&str]) -> Output {
        match self.tool {
            Tool::Terrace => support::aws::terrace(self.dir.path(), args),
            Tool::Terraform => {
                let mut cmd = Command::new(&self.terraform);
                cmd.args(args).current_dir(self.dir.path()).env("CHECKPOINT_DISABLE", "1").env("TF_IN_AUTOMATION", "1");
                if let Some(rc) = terraform_rc() {
                    cmd.env("TF_CLI_CONFIG_FILE", rc);
                }
                for k in ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "TF_LOG"] {
                    cmd.env_remove(k);
                }
                cmd.output().expect("run terraform")
            }
        }
    }

    fn must(&self, args: &[&str]) -> String {
        let o = self.run(args);
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(o.status.success(), "{:?} {args:?} failed ({:?})\nstdout:\n{out}\nstderr:\n{}", self.tool, o.status.code(), String::from_utf8_lossy(&o.stderr));
        out
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.must(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{:?} {args:?}: not JSON ({e}):\n{out}", self.tool))
    }

    fn use_files(&self, scenario: &str, step: &str) {
        for e in std::fs::read_dir(self.dir.path()).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "tf") && p.file_name().is_some_and(|n| n != "provider.tf") {
                std::fs::remove_file(p).unwrap();
            }
        }
        let src = Path::new(FIXTURES).join(scenario).join(step);
        for e in std::fs::read_dir(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "tf") {
                std::fs::copy(&p, self.dir.path().join(p.file_name().unwrap())).unwrap();
            }
        }
    }

    fn step(&self, scenario: &str, step: &Step) -> Outcome {
        if let Some(files) = step.files {
            self.use_files(scenario, files);
        }
        if let Some(f) = step.outside {
            f(&self.moto, &self.json(&["show", "-json", "-no-color"]));
        }
        let mut plan = vec!["plan", "-input=false", "-no-color", "-out=p.bin"];
        if step.destroy {
            plan.push("-destroy");
        }
        self.must(&plan);
        let actions = plan_actions(&self.json(&["show", "-json", "-no-color", "p.bin"]));
        self.must(&["apply", "-input=false", "-no-color", "p.bin"]);
        let shown = self.json(&["show", "-json", "-no-color"]);
        let all = shown["values"]["root_module"]["resources"].as_array().into_iter().flatten().map(|r| (r["address"].as_str().unwrap_or("?").to_string(), r["values"].clone())).collect();
        Outcome { actions, state: state_summary(&shown), all }
    }
}

/// Address -> "create", "delete,create", "update", "no-op", ...
fn plan_actions(plan: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for rc in plan["resource_changes"].as_array().into_iter().flatten() {
        let actions: Vec<&str> = rc["change"]["actions"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        out.insert(rc["address"].as_str().unwrap_or("?").to_string(), actions.join(","));
    }
    out
}

/// Address -> compared attribute -> value, for every object in the state.
fn state_summary(state: &Value) -> BTreeMap<String, BTreeMap<String, Value>> {
    let mut out = BTreeMap::new();
    for r in state["values"]["root_module"]["resources"].as_array().into_iter().flatten() {
        let ty = r["type"].as_str().unwrap_or("");
        let attrs = COMPARED.iter().find(|(t, _)| *t == ty).map(|(_, a)| *a).unwrap_or(&[]);
        let picked = attrs.iter().map(|path| (path.to_string(), normalize(pick(&r["values"], path)))).collect();
        out.insert(r["address"].as_str().unwrap_or("?").to_string(), picked);
    }
    out
}

fn pick(v: &Value, path: &str) -> Value {
    let mut cur = v.clone();
    for seg in path.split('.') {
        cur = match seg {
            "#" => cur.as_array().map(|a| Value::from(a.len())).unwrap_or(Value::Null),
            _ => match seg.parse::<usize>() {
                Ok(i) => cur.get(i).cloned().unwrap_or(Value::Null),
                Err(_) => cur.get(seg).cloned().unwrap_or(Value::Null),
            },
        };
    }
    cur
}

/// JSON documents held in strings (policies) compare by value, not by spelling. An empty
/// map or list is the same as null: Terraform's 3.x provider writes `tags = {}` into the
/// state when it refreshes an untagged object, where Terrace keeps null; neither plans a
/// change for it.
fn normalize(v: Value) -> Value {
    match v {
        Value::String(s) if s.trim_start().starts_with('{') => serde_json::from_str(&s).unwrap_or(Value::String(s)),
        Value::Object(m) if m.is_empty() => Value::Null,
        Value::Array(a) if a.is_empty() => Value::Null,
        other => other,
    }
}

/// The `id` of `addr` in a `show -json` state.
fn state_id(state: &Value, addr: &str) -> String {
    let res = state["values"]["root_module"]["resources"].as_array().cloned().unwrap_or_default();
    let r = res.iter().find(|r| r["address"] == addr).unwrap_or_else(|| panic!("{addr} not in state: {state}"));
    r["values"]["id"].as_str().unwrap_or_else(|| panic!("{addr} has no id")).to_string()
}

/// Runs every step through both tools (in parallel, each on its own moto) and compares.
fn run_scenario(scenario: &str, steps: &[Step]) {
    let Some(terraform) = terraform_bin() else {
        eprintln!("SKIPPED: Terraform not installed ($TERRAFORM or ~/.cache/terrace-peers/bin/terraform)");
        return;
    };
    let Some(moto_tf) = Moto::start() else { return };
    let moto_tc = Moto::start().expect("second moto server");
    let (tf, tc) = std::thread::scope(|s| {
        let h = s.spawn(|| Side::new(Tool::Terraform, terraform.clone(), moto_tf));
        let tc = Side::new(Tool::Terrace, terraform.clone(), moto_tc);
        (h.join().expect("terraform init"), tc)
    });
    for (i, step) in steps.iter().enumerate() {
        let label = format!("{scenario} step {} ({})", i + 1, step.name);
        let start = Instant::now();
        let (a, b) = std::thread::scope(|s| {
            let h = s.spawn(|| tf.step(scenario, step));
            let b = tc.step(scenario, step);
            (h.join().unwrap_or_else(|_| panic!("{label}: Terraform failed")), b)
        });
        let changes: Vec<String> = a.actions.iter().filter(|(_, x)| *x != "no-op").map(|(addr, x)| format!("{addr}: {x}")).collect();
        eprintln!("{label}: {:.1}s; Terraform plans {}", start.elapsed().as_secs_f64(), changes.join(", "));
        assert_eq!(a.actions, b.actions, "{label}: plan actions differ (left Terraform, right Terrace)");
        assert!(step.outside.is_none() || !changes.is_empty(), "{label}: the change made outside shows in neither plan");
        let mut diffs = Vec::new();
        for addr in a.state.keys().chain(b.state.keys()).collect::<std::collections::BTreeSet<_>>() {
            match (a.state.get(addr), b.state.get(addr)) {
                (Some(x), Some(y)) => {
                    for (k, v) in x {
                        if y.get(k) != Some(v) {
                            diffs.push(format!("  {addr}.{k}: Terraform {v}, Terrace {}", y.get(k).unwrap_or(&Value::Null)));
                        }
                    }
                }
                (x, _) => diffs.push(format!("  {addr}: only in {}'s state", if x.is_some() { "Terraform" } else { "Terrace" })),
            }
        }
        assert!(diffs.is_empty(), "{label}: states differ after apply:\n{}", diffs.join("\n"));
        if std::env::var_os("TERRACE_SBS_ALL_ATTRS").is_some() {
            report_all_attrs(&label, &a.all, &b.all);
        }
    }
}

/// With TERRACE_SBS_ALL_ATTRS set: prints (without failing) every top-level attribute whose
/// value differs between the two states, to find what COMPARED does not cover yet. Values
/// that differ only because they hold an id, an ARN, an address or a time are noise.
fn report_all_attrs(label: &str, tf: &BTreeMap<String, Value>, tc: &BTreeMap<String, Value>) {
    for (addr, x) in tf {
        let Some(y) = tc.get(addr) else { continue };
        let keys: std::collections::BTreeSet<&String> = x.as_object().into_iter().flat_map(|m| m.keys()).chain(y.as_object().into_iter().flat_map(|m| m.keys())).collect();
        for k in keys {
            let (a, b) = (normalize(x[k.as_str()].clone()), normalize(y[k.as_str()].clone()));
            if a != b {
                eprintln!("  {label}: {addr}.{k}: Terraform {a}, Terrace {b}");
            }
        }
    }
}
