//! The AWS provider end to end against moto on loopback: for each resource type,
//! create, plan shows no changes, change in place and by replacement, drift made
//! outside Terrace, import, destroy.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::moto::{xml_first, Moto};

fn terrace(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_terrace"));
    cmd.args(args).current_dir(dir).env("TERRACE_NO_COST", "1").env("NO_COLOR", "1");
    for k in ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"] {
        cmd.env_remove(k);
    }
    cmd.output().expect("run terrace")
}

fn ok(o: Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "exit {:?}\nstdout:\n{out}\nstderr:\n{}", o.status.code(), String::from_utf8_lossy(&o.stderr));
    out
}

/// Writes main.tf: the provider block for `moto` and `body`.
fn write(dir: &Path, moto: &Moto, body: &str) {
    std::fs::write(dir.join("main.tf"), format!("{}\n{body}", moto.provider_block("us-east-1"))).unwrap();
}

/// `terrace plan -detailed-exitcode`: 0 no changes, 2 changes.
fn plan_code(dir: &Path) -> (i32, String) {
    let o = terrace(dir, &["plan", "-detailed-exitcode", "-no-color"]);
    (o.status.code().unwrap_or(-1), format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
}

fn state_attr(dir: &Path, addr: &str, attr: &str) -> String {
    let out = ok(terrace(dir, &["show", "-json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let res = v["values"]["root_module"]["resources"].as_array().cloned().unwrap_or_default();
    let r = res.iter().find(|r| r["address"] == addr).unwrap_or_else(|| panic!("{addr} not in state: {out}"));
    r["values"][attr].as_str().map(str::to_string).unwrap_or_else(|| r["values"][attr].to_string())
}

#[test]
fn vpc_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, &moto, "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.1.0.0/16\"\n  tags = { Name = \"main\" }\n}\n");
    ok(terrace(d, &["apply", "-auto-approve"]));
    let id = state_attr(d, "aws_vpc.main", "id");
    assert!(id.starts_with("vpc-"), "{id}");
    assert_eq!(plan_code(d).0, 0, "{}", plan_code(d).1);

    // In place: DNS hostnames and tags.
    write(d, &moto, "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.1.0.0/16\"\n  enable_dns_hostnames = true\n  tags = { Name = \"main\", team = \"net\" }\n}\n");
    let (code, text) = plan_code(d);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("will be updated in-place"), "{text}");
    ok(terrace(d, &["apply", "-auto-approve"]));
    assert_eq!(state_attr(d, "aws_vpc.main", "id"), id);
    assert_eq!(plan_code(d).0, 0);

    // Drift: a tag added outside Terrace shows as an update that removes it.
    moto.ec2(&[("Action", "CreateTags"), ("ResourceId.1", &id), ("Tag.1.Key", "owner"), ("Tag.1.Value", "someone")]);
    let (code, text) = plan_code(d);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("\"owner\""), "{text}");
    ok(terrace(d, &["apply", "-auto-approve"]));
    let tags = moto.ec2(&[("Action", "DescribeTags"), ("Filter.1.Name", "resource-id"), ("Filter.1.Value.1", &id)]);
    assert!(!tags.contains("owner"), "{tags}");

    // Replacement: a new CIDR block.
    write(d, &moto, "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.2.0.0/16\"\n}\n");
    let (code, text) = plan_code(d);
    assert_eq!(code, 2);
    assert!(text.contains("must be replaced"), "{text}");
    ok(terrace(d, &["apply", "-auto-approve"]));
    let new_id = state_attr(d, "aws_vpc.main", "id");
    assert_ne!(new_id, id);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DeleteVpc"), ("VpcId", &new_id)]);
    let (code, text) = plan_code(d);
    assert_eq!(code, 2);
    assert!(text.contains("will be created"), "{text}");

    // Import an existing VPC.
    let made = moto.ec2(&[("Action", "CreateVpc"), ("CidrBlock", "10.9.0.0/16")]);
    let vid = xml_first(&made, "vpcId").unwrap();
    let d2 = tempfile::tempdir().unwrap();
    write(d2.path(), &moto, "resource \"aws_vpc\" \"imported\" {\n  cidr_block = \"10.9.0.0/16\"\n}\n");
    ok(terrace(d2.path(), &["import", "aws_vpc.imported", &vid]));
    assert_eq!(plan_code(d2.path()).0, 0, "{}", plan_code(d2.path()).1);

    // Destroy.
    ok(terrace(d, &["apply", "-auto-approve"]));
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeVpcs"), ("Filter.1.Name", "cidr"), ("Filter.1.Value.1", "10.2.0.0/16")]);
    assert!(!left.contains("<vpcId>"), "{left}");
}
