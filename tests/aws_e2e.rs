//! The AWS provider end to end against moto on loopback: for each resource type,
//! create, plan shows no changes, change in place and by replacement, drift made
//! outside Terrace, import, destroy.

mod support;

use support::moto::{xml_first, Moto};
use support::aws::*;

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

/// A create interrupted after AWS made the object but before the state was saved: the
/// journal names the create's token, the object carries it as a tag. The next plan
/// adopts the object instead of creating a second one.
#[test]
fn interrupted_create_is_adopted_not_duplicated() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, &moto, "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.7.0.0/16\"\n}\n");
    // What a killed `terrace apply` leaves behind: the VPC exists in AWS with its token
    // tag, the journal has the intent, the state has nothing.
    let made = moto.ec2(&[
        ("Action", "CreateVpc"),
        ("CidrBlock", "10.7.0.0/16"),
        ("TagSpecification.1.ResourceType", "vpc"),
        ("TagSpecification.1.Tag.1.Key", "terrace:create-token"),
        ("TagSpecification.1.Tag.1.Value", "tok-123"),
    ]);
    let vid = xml_first(&made, "vpcId").unwrap();
    let journal = serde_json::json!({"version": 1, "intents": [{
        "address": "aws_vpc.main", "type": "aws_vpc",
        "provider_config": "provider[\"registry.terraform.io/hashicorp/aws\"]",
        "token": "tok-123", "planned": {"cidr_block": "10.7.0.0/16"}, "schema_version": 0
    }]});
    std::fs::write(d.join("terraform.tfstate.intents"), journal.to_string()).unwrap();
    let o = terrace(d, &["plan", "-detailed-exitcode", "-no-color"]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(err.contains("Adopted aws_vpc.main"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{}{err}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(state_attr(d, "aws_vpc.main", "id"), vid);
    assert!(!d.join("terraform.tfstate.intents").exists());
    // Only the one VPC with that CIDR exists.
    let vpcs = moto.ec2(&[("Action", "DescribeVpcs"), ("Filter.1.Name", "cidr"), ("Filter.1.Value.1", "10.7.0.0/16")]);
    assert_eq!(vpcs.matches("<vpcId>").count(), 1, "{vpcs}");

    // A journal entry whose create never reached AWS is dropped, and the plan creates.
    let journal = serde_json::json!({"version": 1, "intents": [{
        "address": "aws_vpc.other", "type": "aws_vpc",
        "provider_config": "provider[\"registry.terraform.io/hashicorp/aws\"]",
        "token": "tok-never", "planned": {"cidr_block": "10.8.0.0/16"}, "schema_version": 0
    }]});
    write(d, &moto, "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.7.0.0/16\"\n}\nresource \"aws_vpc\" \"other\" {\n  cidr_block = \"10.8.0.0/16\"\n}\n");
    std::fs::write(d.join("terraform.tfstate.intents"), journal.to_string()).unwrap();
    let (code, text) = plan_code(d);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("aws_vpc.other will be created"), "{text}");
    assert!(!d.join("terraform.tfstate.intents").exists());
    // A normal apply leaves no journal behind, and the created VPC carries its token tag
    // (which Terrace keeps out of tags_all).
    ok(terrace(d, &["apply", "-auto-approve"]));
    assert!(!d.join("terraform.tfstate.intents").exists());
    let other = state_attr(d, "aws_vpc.other", "id");
    let tags = moto.ec2(&[("Action", "DescribeTags"), ("Filter.1.Name", "resource-id"), ("Filter.1.Value.1", &other)]);
    assert!(tags.contains("terrace:create-token"), "{tags}");
    assert_eq!(state_attr(d, "aws_vpc.other", "tags_all"), "{}");
    assert_eq!(plan_code(d).0, 0);
}
