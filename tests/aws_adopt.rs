//! Adopting existing AWS objects against moto: `import` blocks, and objects made by a
//! create that was interrupted before its result reached the state (the create journal).

mod support;

use std::path::Path;

use support::aws::*;
use support::moto::{xml_first, Moto};

fn show_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = ok(terrace(dir, &[&["show", "-json"], args].concat()));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn state_id(dir: &Path, addr: &str) -> Option<String> {
    let v = show_json(dir, &[]);
    let res = v["values"]["root_module"]["resources"].as_array().cloned().unwrap_or_default();
    res.iter().find(|r| r["address"] == addr).and_then(|r| r["values"]["id"].as_str().map(str::to_string))
}

const AMI: &str = "ami-760aaa0f";

#[test]
fn import_blocks_adopt_existing_objects() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let vpc = xml_first(&moto.ec2(&[("Action", "CreateVpc"), ("CidrBlock", "10.50.0.0/16")]), "vpcId").unwrap();
    let run = moto.ec2(&[("Action", "RunInstances"), ("ImageId", AMI), ("InstanceType", "t3.micro"), ("MinCount", "1"), ("MaxCount", "1")]);
    let inst = xml_first(&run, "instanceId").unwrap();
    let body = format!(
        "variable \"vpc_id\" {{\n  default = \"{vpc}\"\n}}\n\
import {{\n  to = aws_vpc.main\n  id = var.vpc_id\n}}\n\
import {{\n  to = aws_instance.web\n  id = \"{inst}\"\n}}\n\
resource \"aws_vpc\" \"main\" {{\n  cidr_block = \"10.50.0.0/16\"\n  tags = {{ Name = \"main\" }}\n}}\n\
resource \"aws_instance\" \"web\" {{\n  ami = \"{AMI}\"\n  instance_type = \"t3.micro\"\n}}\n"
    );
    write(d, &moto, &body);

    // The plan shows both imports (and the tag the configuration adds) and changes nothing.
    let text = changes(d, "Plan: 2 to import, 0 to add, 1 to change, 0 to destroy.");
    assert!(text.contains("# aws_instance.web will be imported"), "{text}");
    assert!(text.contains(&format!("# aws_vpc.main will be updated in-place\n  # (imported from \"{vpc}\")")), "{text}");
    assert_eq!(state_id(d, "aws_vpc.main"), None, "plan alone must not write the state");
    ok(terrace(d, &["plan", "-out=p.bin"]));
    let plan = show_json(d, &["p.bin"]);
    let rc = plan["resource_changes"].as_array().unwrap();
    let web = rc.iter().find(|r| r["address"] == "aws_instance.web").unwrap();
    assert_eq!(web["change"]["actions"], serde_json::json!(["no-op"]), "{web}");
    assert_eq!(web["change"]["importing"]["id"], inst.as_str(), "{web}");

    // Apply adopts them; the blocks then have nothing left to do.
    let out = ok(terrace(d, &["apply", "p.bin"]));
    assert!(out.contains("Apply complete! Resources: 2 imported, 0 added, 1 changed, 0 destroyed."), "{out}");
    assert_eq!(state_id(d, "aws_vpc.main").as_deref(), Some(vpc.as_str()));
    assert_eq!(state_id(d, "aws_instance.web").as_deref(), Some(inst.as_str()));
    no_changes(d);
    let tags = moto.ec2(&[("Action", "DescribeTags"), ("Filter.1.Name", "resource-id"), ("Filter.1.Value.1", &vpc)]);
    assert!(tags.contains("<value>main</value>"), "{tags}");
    let vpcs = moto.ec2(&[("Action", "DescribeVpcs"), ("Filter.1.Name", "cidr"), ("Filter.1.Value.1", "10.50.0.0/16")]);
    assert_eq!(vpcs.matches("<vpcId>").count(), 1, "nothing was created: {vpcs}");
}

#[test]
fn import_block_errors() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let vpc = "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.51.0.0/16\"\n}\n";

    // An ID AWS does not know.
    write(d, &moto, &format!("import {{\n  to = aws_vpc.main\n  id = \"vpc-0000000000000000\"\n}}\n{vpc}"));
    let text = fails(terrace(d, &["plan", "-no-color"]));
    assert!(text.contains("Cannot import non-existent remote object") && text.contains("on main.tf line"), "{text}");

    // A target with no configuration.
    write(d, &moto, &format!("import {{\n  to = aws_vpc.other\n  id = \"vpc-1\"\n}}\n{vpc}"));
    let text = fails(terrace(d, &["plan", "-no-color"]));
    assert!(text.contains("Configuration for import target does not exist") && text.contains("aws_vpc.other"), "{text}");

    // A missing id, and an id that refers to something other than variables.
    write(d, &moto, &format!("import {{\n  to = aws_vpc.main\n}}\n{vpc}"));
    let text = fails(terrace(d, &["plan", "-no-color"]));
    assert!(text.contains("Missing required argument") && text.contains("\"id\""), "{text}");
    write(d, &moto, &format!("import {{\n  to = aws_vpc.main\n  id = aws_vpc.main.id\n}}\n{vpc}"));
    let text = fails(terrace(d, &["plan", "-no-color"]));
    assert!(text.contains("Invalid import id argument"), "{text}");

    // Import blocks belong in the root module.
    std::fs::create_dir_all(d.join("child")).unwrap();
    std::fs::write(d.join("child/main.tf"), format!("import {{\n  to = aws_vpc.main\n  id = \"vpc-1\"\n}}\n{vpc}")).unwrap();
    write(d, &moto, "module \"child\" {\n  source = \"./child\"\n}\n");
    let text = fails(terrace(d, &["plan", "-no-color"]));
    assert!(text.contains("Import blocks are only allowed in the root module"), "{text}");
}

/// The create journal entry an interrupted `terrace apply` leaves for `address`.
fn journal(dir: &Path, address: &str, type_name: &str, token: &str, planned: serde_json::Value) {
    let j = serde_json::json!({"version": 1, "intents": [{
        "address": address, "type": type_name,
        "provider_config": "provider[\"registry.terraform.io/hashicorp/aws\"]",
        "token": token, "planned": planned, "schema_version": 1
    }]});
    std::fs::write(dir.join("terraform.tfstate.intents"), j.to_string()).unwrap();
}

/// An instance launched just before the process died (it carries the create token as a
/// tag, as Terrace's RunInstances call sets it) is adopted by the next run, not launched
/// a second time.
#[test]
fn interrupted_instance_create_is_adopted() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, &moto, &format!("resource \"aws_instance\" \"web\" {{\n  ami = \"{AMI}\"\n  instance_type = \"t3.micro\"\n  tags = {{ Name = \"web\" }}\n}}\n"));
    let run = moto.ec2(&[
        ("Action", "RunInstances"),
        ("ImageId", AMI),
        ("InstanceType", "t3.micro"),
        ("MinCount", "1"),
        ("MaxCount", "1"),
        ("ClientToken", "tok-web"),
        ("TagSpecification.1.ResourceType", "instance"),
        ("TagSpecification.1.Tag.1.Key", "terrace:create-token"),
        ("TagSpecification.1.Tag.1.Value", "tok-web"),
        ("TagSpecification.1.Tag.2.Key", "Name"),
        ("TagSpecification.1.Tag.2.Value", "web"),
    ]);
    let id = xml_first(&run, "instanceId").unwrap();
    journal(d, "aws_instance.web", "aws_instance", "tok-web", serde_json::json!({"ami": AMI, "instance_type": "t3.micro", "tags": {"Name": "web"}}));
    let o = terrace(d, &["plan", "-detailed-exitcode", "-no-color"]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(err.contains("Adopted aws_instance.web"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{}{err}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(state_id(d, "aws_instance.web").as_deref(), Some(id.as_str()));
    let all = moto.ec2(&[("Action", "DescribeInstances"), ("Filter.1.Name", "instance-state-name"), ("Filter.1.Value.1", "running")]);
    assert_eq!(all.matches("<instanceId>").count(), 1, "{all}");
}

/// A bucket with a generated name: the name comes from the create's token, so the
/// bucket an interrupted create made is found again and adopted.
#[test]
fn interrupted_bucket_create_is_adopted() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, &moto, "resource \"aws_s3_bucket\" \"logs\" {\n  bucket_prefix = \"logs-\"\n}\n");
    use sha2::Digest;
    let name = format!("logs-{}", &hex::encode(sha2::Sha256::digest(b"tok-logs"))[..26]);
    let (status, body) = moto.s3_http("PUT", &format!("/{name}"), "");
    assert!(status < 300, "{status} {body}");
    journal(d, "aws_s3_bucket.logs", "aws_s3_bucket", "tok-logs", serde_json::json!({"bucket_prefix": "logs-"}));
    let o = terrace(d, &["plan", "-no-color"]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(err.contains("Adopted aws_s3_bucket.logs"), "{err}");
    assert_eq!(state_id(d, "aws_s3_bucket.logs").as_deref(), Some(name.as_str()));
    let (_, list) = moto.s3_http("GET", "/", "");
    assert_eq!(list.matches("<Name>").count(), 1, "{list}");
}

/// Every EC2 type created with the token tag is recovered the same way: a subnet here.
#[test]
fn interrupted_subnet_create_is_adopted() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let vpc = xml_first(&moto.ec2(&[("Action", "CreateVpc"), ("CidrBlock", "10.52.0.0/16")]), "vpcId").unwrap();
    write(d, &moto, &format!("resource \"aws_subnet\" \"a\" {{\n  vpc_id = \"{vpc}\"\n  cidr_block = \"10.52.1.0/24\"\n}}\n"));
    let made = moto.ec2(&[
        ("Action", "CreateSubnet"),
        ("VpcId", &vpc),
        ("CidrBlock", "10.52.1.0/24"),
        ("TagSpecification.1.ResourceType", "subnet"),
        ("TagSpecification.1.Tag.1.Key", "terrace:create-token"),
        ("TagSpecification.1.Tag.1.Value", "tok-subnet"),
    ]);
    let id = xml_first(&made, "subnetId").unwrap();
    journal(d, "aws_subnet.a", "aws_subnet", "tok-subnet", serde_json::json!({"vpc_id": vpc, "cidr_block": "10.52.1.0/24"}));
    let o = terrace(d, &["plan", "-detailed-exitcode", "-no-color"]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(err.contains("Adopted aws_subnet.a"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{}{err}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(state_id(d, "aws_subnet.a").as_deref(), Some(id.as_str()));
}
