//! The EC2 compute resources end to end against moto on loopback: for each resource
//! type, create, plan shows no changes, change in place and by replacement, drift made
//! outside Terrace, import, destroy.

mod support;

use support::aws::*;
use support::moto::{xml_first, Moto};

/// An Amazon Linux AMI moto knows (root device /dev/xvda).
const AMI: &str = "ami-760aaa0f";

fn instance(body: &str) -> String {
    format!("resource \"aws_instance\" \"web\" {{\n  ami = \"{AMI}\"\n{body}}}\n")
}

#[test]
fn instance_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(
        d,
        &moto,
        &instance("  instance_type = \"t3.micro\"\n  user_data = \"#!/bin/sh\\necho hi\\n\"\n  tags = { Name = \"web\" }\n  root_block_device {\n    volume_size = 12\n    volume_type = \"gp3\"\n  }\n  timeouts {\n    create = \"5m\"\n  }\n"),
    );
    apply(d);
    let v = state_values(d, "aws_instance.web");
    let id = v["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("i-"), "{v}");
    assert_eq!(v["instance_state"], "running", "{v}");
    assert_eq!(v["instance_type"], "t3.micro");
    // Terraform keeps user_data's SHA-1 in state.
    assert_eq!(v["user_data"].as_str().map(str::len), Some(40), "{v}");
    assert_eq!(v["root_block_device"][0]["volume_size"], 12, "{v}");
    assert_eq!(v["root_block_device"][0]["device_name"], "/dev/xvda", "{v}");
    assert!(v["arn"].as_str().is_some_and(|a| a.ends_with(&format!("instance/{id}"))), "{v}");
    assert!(v["private_ip"].as_str().is_some_and(|ip| !ip.is_empty()), "{v}");
    assert!(v["vpc_security_group_ids"].as_array().is_some_and(|g| !g.is_empty()), "security groups read from the network interface: {v}");
    // Launched with a client token, tagged so a crashed run can find the instance; the tag is not user-visible.
    let tags = moto.ec2(&[("Action", "DescribeTags"), ("Filter.1.Name", "resource-id"), ("Filter.1.Value.1", &id)]);
    assert!(tags.contains("terrace:create-token"), "{tags}");
    assert!(v["tags"].get("terrace:create-token").is_none(), "{v}");
    no_changes(d);

    // In place: instance type (stop, modify, start), tags, root volume size.
    write(
        d,
        &moto,
        &instance("  instance_type = \"t3.small\"\n  user_data = \"#!/bin/sh\\necho hi\\n\"\n  tags = { Name = \"web\", team = \"app\" }\n  root_block_device {\n    volume_size = 20\n    volume_type = \"gp3\"\n  }\n"),
    );
    changes(d, "will be updated in-place");
    apply(d);
    let v = state_values(d, "aws_instance.web");
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["instance_type"], "t3.small");
    assert_eq!(v["root_block_device"][0]["volume_size"], 20, "{v}");
    assert_eq!(v["instance_state"], "running");
    let desc = moto.ec2(&[("Action", "DescribeInstances"), ("InstanceId.1", &id)]);
    assert_eq!(xml_first(&desc, "instanceType").as_deref(), Some("t3.small"), "{desc}");
    no_changes(d);

    // Drift: the type changed outside Terrace shows as an update back.
    moto.ec2(&[("Action", "ModifyInstanceAttribute"), ("InstanceId", &id), ("InstanceType.Value", "t3.large")]);
    let text = changes(d, "will be updated in-place");
    assert!(text.contains("t3.large"), "{text}");
    apply(d);
    no_changes(d);

    // Replacement: new user_data (Terraform 3.39 forces a new instance).
    write(
        d,
        &moto,
        &instance("  instance_type = \"t3.small\"\n  user_data = \"#!/bin/sh\\necho bye\\n\"\n  tags = { Name = \"web\", team = \"app\" }\n  root_block_device {\n    volume_size = 20\n    volume_type = \"gp3\"\n  }\n"),
    );
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_instance.web", "id");
    assert_ne!(new_id, id);
    let old = moto.ec2(&[("Action", "DescribeInstances"), ("InstanceId.1", &id)]);
    assert!(old.contains("<name>terminated</name>"), "{old}");
    no_changes(d);

    // Terminated outside: re-created.
    moto.ec2(&[("Action", "TerminateInstances"), ("InstanceId.1", &new_id)]);
    changes(d, "will be created");

    // Import an instance launched elsewhere.
    let made = moto.ec2(&[("Action", "RunInstances"), ("ImageId", AMI), ("InstanceType", "t3.nano"), ("MinCount", "1"), ("MaxCount", "1")]);
    let iid = xml_first(&made, "instanceId").unwrap();
    import_clean(&moto, &format!("resource \"aws_instance\" \"imported\" {{\n  ami = \"{AMI}\"\n  instance_type = \"t3.nano\"\n}}\n"), "aws_instance.imported", &iid);

    // Destroy.
    apply(d);
    let last = state_attr(d, "aws_instance.web", "id");
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let gone = moto.ec2(&[("Action", "DescribeInstances"), ("InstanceId.1", &last)]);
    assert!(gone.contains("<name>terminated</name>"), "{gone}");
}

#[test]
fn instance_in_subnet_with_ebs_devices() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let vpc = moto.ec2(&[("Action", "CreateVpc"), ("CidrBlock", "10.7.0.0/16")]);
    let vpc_id = xml_first(&vpc, "vpcId").unwrap();
    let sn = moto.ec2(&[("Action", "CreateSubnet"), ("VpcId", &vpc_id), ("CidrBlock", "10.7.1.0/24"), ("AvailabilityZone", "us-east-1a")]);
    let subnet = xml_first(&sn, "subnetId").unwrap();
    let sg = moto.ec2(&[("Action", "CreateSecurityGroup"), ("GroupName", "web"), ("GroupDescription", "web"), ("VpcId", &vpc_id)]);
    let sg_id = xml_first(&sg, "groupId").unwrap();
    let body = |extra: &str| {
        instance(&format!(
            "  instance_type = \"t3.micro\"\n  subnet_id = \"{subnet}\"\n  vpc_security_group_ids = [\"{sg_id}\"]\n  private_ip = \"10.7.1.10\"\n  source_dest_check = false\n  volume_tags = {{ backup = \"daily\" }}\n  metadata_options {{\n    http_tokens = \"required\"\n  }}\n  ebs_block_device {{\n    device_name = \"/dev/sdf\"\n    volume_size = 5\n  }}\n{extra}"
        ))
    };
    write(d, &moto, &body(""));
    apply(d);
    let v = state_values(d, "aws_instance.web");
    assert_eq!(v["subnet_id"], subnet.as_str(), "{v}");
    assert_eq!(v["private_ip"], "10.7.1.10", "{v}");
    assert_eq!(v["source_dest_check"], false, "{v}");
    assert_eq!(v["vpc_security_group_ids"][0], sg_id.as_str(), "{v}");
    assert_eq!(v["metadata_options"][0]["http_tokens"], "required", "{v}");
    let ebs = &v["ebs_block_device"][0];
    assert_eq!(ebs["device_name"], "/dev/sdf", "{v}");
    assert_eq!(ebs["volume_size"], 5, "{v}");
    assert!(ebs["volume_id"].as_str().is_some_and(|x| x.starts_with("vol-")), "{v}");
    no_changes(d);

    // A new EBS device forces a new instance.
    write(d, &moto, &body("  ebs_block_device {\n    device_name = \"/dev/sdg\"\n    volume_size = 6\n  }\n"));
    changes(d, "must be replaced");
    ok(terrace(d, &["destroy", "-auto-approve"]));
}

#[test]
fn ebs_volume_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let vol = |size: u32, ty: &str, az: &str, tags: &str| format!("resource \"aws_ebs_volume\" \"data\" {{\n  availability_zone = \"{az}\"\n  size = {size}\n  type = \"{ty}\"\n  tags = {{ {tags} }}\n}}\n");
    write(d, &moto, &vol(10, "gp2", "us-east-1a", "Name = \"data\""));
    apply(d);
    let v = state_values(d, "aws_ebs_volume.data");
    let id = v["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("vol-"), "{v}");
    assert_eq!(v["size"], 10);
    assert_eq!(v["encrypted"], false, "{v}");
    no_changes(d);

    // In place: size and type by ModifyVolume, tags.
    write(d, &moto, &vol(20, "gp3", "us-east-1a", "Name = \"data\", tier = \"db\""));
    changes(d, "will be updated in-place");
    apply(d);
    assert_eq!(state_attr(d, "aws_ebs_volume.data", "id"), id);
    let desc = moto.ec2(&[("Action", "DescribeVolumes"), ("VolumeId.1", &id)]);
    assert_eq!(xml_first(&desc, "size").as_deref(), Some("20"), "{desc}");
    no_changes(d);

    // Drift: a tag removed outside shows as an update.
    moto.ec2(&[("Action", "DeleteTags"), ("ResourceId.1", &id), ("Tag.1.Key", "tier")]);
    changes(d, "tier");
    apply(d);
    no_changes(d);

    // Replacement: another availability zone.
    write(d, &moto, &vol(20, "gp3", "us-east-1b", "Name = \"data\", tier = \"db\""));
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_ebs_volume.data", "id");
    assert_ne!(new_id, id);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DeleteVolume"), ("VolumeId", &new_id)]);
    changes(d, "will be created");

    // Import.
    let made = moto.ec2(&[("Action", "CreateVolume"), ("AvailabilityZone", "us-east-1c"), ("Size", "8"), ("VolumeType", "gp2")]);
    let vid = xml_first(&made, "volumeId").unwrap();
    import_clean(&moto, "resource \"aws_ebs_volume\" \"imported\" {\n  availability_zone = \"us-east-1c\"\n  size = 8\n}\n", "aws_ebs_volume.imported", &vid);

    // Destroy.
    apply(d);
    let last = state_attr(d, "aws_ebs_volume.data", "id");
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let o = terrace(d, &["state", "list"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("aws_ebs_volume"));
    let (status, body) = moto.http("POST", "/", &format!("Action=DescribeVolumes&VolumeId.1={last}&Version=2016-11-15"), "application/x-www-form-urlencoded");
    assert!(status >= 400 || !body.contains("<volumeId>"), "{status} {body}");
}

#[test]
fn volume_attachment_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let cfg = |device: &str| {
        format!(
            "resource \"aws_instance\" \"web\" {{\n  ami = \"{AMI}\"\n  instance_type = \"t3.micro\"\n  availability_zone = \"us-east-1a\"\n}}\nresource \"aws_ebs_volume\" \"data\" {{\n  availability_zone = \"us-east-1a\"\n  size = 4\n}}\nresource \"aws_volume_attachment\" \"data\" {{\n  device_name = \"{device}\"\n  volume_id = aws_ebs_volume.data.id\n  instance_id = aws_instance.web.id\n}}\n"
        )
    };
    write(d, &moto, &cfg("/dev/sdh"));
    apply(d);
    let id = state_attr(d, "aws_volume_attachment.data", "id");
    let vol = state_attr(d, "aws_ebs_volume.data", "id");
    let inst = state_attr(d, "aws_instance.web", "id");
    assert!(id.starts_with("vai-"), "{id}");
    let desc = moto.ec2(&[("Action", "DescribeVolumes"), ("VolumeId.1", &vol)]);
    assert!(desc.contains(&inst) && desc.contains("/dev/sdh"), "{desc}");
    no_changes(d);

    // In place: the detach options live in state only.
    write(d, &moto, &cfg("/dev/sdh").replace("instance_id = aws_instance.web.id\n", "instance_id = aws_instance.web.id\n  force_detach = true\n"));
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);

    // Drift: detached outside shows as a re-create.
    moto.ec2(&[("Action", "DetachVolume"), ("VolumeId", &vol), ("InstanceId", &inst), ("Device", "/dev/sdh")]);
    changes(d, "will be created");
    apply(d);
    no_changes(d);

    // Replacement: another device name.
    write(d, &moto, &cfg("/dev/sdj"));
    changes(d, "must be replaced");
    apply(d);
    let desc = moto.ec2(&[("Action", "DescribeVolumes"), ("VolumeId.1", &vol)]);
    assert!(desc.contains("/dev/sdj") && !desc.contains("/dev/sdh"), "{desc}");

    // Import by DEVICE:VOLUME:INSTANCE into another directory.
    import_clean(&moto, &format!("resource \"aws_volume_attachment\" \"imported\" {{\n  device_name = \"/dev/sdj\"\n  volume_id = \"{vol}\"\n  instance_id = \"{inst}\"\n}}\n"), "aws_volume_attachment.imported", &format!("/dev/sdj:{vol}:{inst}"));

    // Destroy detaches.
    ok(terrace(d, &["destroy", "-auto-approve"]));
}

#[test]
fn launch_template_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let lt = |name: &str, ty: &str| {
        format!(
            "resource \"aws_launch_template\" \"web\" {{\n  name = \"{name}\"\n  image_id = \"{AMI}\"\n  instance_type = \"{ty}\"\n  update_default_version = true\n  block_device_mappings {{\n    device_name = \"/dev/xvda\"\n    ebs {{\n      volume_size = 16\n      delete_on_termination = true\n    }}\n  }}\n  tag_specifications {{\n    resource_type = \"instance\"\n    tags = {{ Name = \"web\" }}\n  }}\n  tags = {{ app = \"web\" }}\n}}\n"
        )
    };
    write(d, &moto, &lt("web", "t3.micro"));
    apply(d);
    let v = state_values(d, "aws_launch_template.web");
    let id = v["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("lt-"), "{v}");
    assert_eq!(v["latest_version"], 1, "{v}");
    no_changes(d);

    // In place: a new version, made the default.
    write(d, &moto, &lt("web", "t3.small"));
    changes(d, "will be updated in-place");
    apply(d);
    let v = state_values(d, "aws_launch_template.web");
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["latest_version"], 2, "{v}");
    assert_eq!(v["default_version"], 2, "{v}");
    assert_eq!(v["instance_type"], "t3.small", "{v}");
    no_changes(d);

    // Drift: a version made outside is the latest and differs.
    moto.ec2(&[("Action", "CreateLaunchTemplateVersion"), ("LaunchTemplateId", &id), ("LaunchTemplateData.ImageId", AMI), ("LaunchTemplateData.InstanceType", "t3.large")]);
    changes(d, "t3.large");

    // Replacement: a new name.
    write(d, &moto, &lt("web2", "t3.small"));
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_launch_template.web", "id");
    assert_ne!(new_id, id);
    no_changes(d);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DeleteLaunchTemplate"), ("LaunchTemplateId", &new_id)]);
    changes(d, "will be created");

    // Import.
    let made = moto.ec2(&[("Action", "CreateLaunchTemplate"), ("LaunchTemplateName", "other"), ("LaunchTemplateData.ImageId", AMI), ("LaunchTemplateData.InstanceType", "t3.nano")]);
    let lid = xml_first(&made, "launchTemplateId").unwrap();
    import_clean(&moto, &format!("resource \"aws_launch_template\" \"imported\" {{\n  name = \"other\"\n  image_id = \"{AMI}\"\n  instance_type = \"t3.nano\"\n}}\n"), "aws_launch_template.imported", &lid);

    // An instance launched from the template.
    write(d, &moto, &format!("{}resource \"aws_instance\" \"from_lt\" {{\n  launch_template {{\n    id = aws_launch_template.web.id\n    version = \"$Latest\"\n  }}\n}}\n", lt("web2", "t3.small")));
    apply(d);
    let v = state_values(d, "aws_instance.from_lt");
    assert_eq!(v["instance_type"], "t3.small", "{v}");
    // As with Terraform's provider, tags the template put on the instance are not in its
    // `tags` argument: the next plan removes them, and then the instance is stable.
    let text = changes(d, "aws_instance.from_lt will be updated in-place");
    assert!(text.contains("\"Name\" = \"web\" -> null"), "{text}");
    apply(d);
    no_changes(d);

    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeLaunchTemplates")]);
    assert!(!left.contains("web2"), "{left}");
}

#[test]
fn ami_data_source() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Two images of ours with the same name pattern; most_recent picks the newer.
    let run = moto.ec2(&[("Action", "RunInstances"), ("ImageId", AMI), ("MinCount", "1"), ("MaxCount", "1")]);
    let inst = xml_first(&run, "instanceId").unwrap();
    let first = xml_first(&moto.ec2(&[("Action", "CreateImage"), ("InstanceId", &inst), ("Name", "app-1")]), "imageId").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = xml_first(&moto.ec2(&[("Action", "CreateImage"), ("InstanceId", &inst), ("Name", "app-2")]), "imageId").unwrap();
    assert_ne!(first, second);
    write(
        d,
        &moto,
        "data \"aws_ami\" \"app\" {\n  owners = [\"self\"]\n  most_recent = true\n  name_regex = \"^app-\"\n  filter {\n    name = \"state\"\n    values = [\"available\"]\n  }\n}\noutput \"ami\" { value = data.aws_ami.app.id }\noutput \"name\" { value = data.aws_ami.app.name }\noutput \"root\" { value = data.aws_ami.app.root_device_name }\n",
    );
    let out = apply(d);
    assert!(out.contains(&second), "{out}");
    assert!(out.contains("app-2"), "{out}");

    // No match: a clear error.
    write(d, &moto, "data \"aws_ami\" \"none\" {\n  owners = [\"self\"]\n  filter {\n    name = \"name\"\n    values = [\"does-not-exist-*\"]\n  }\n}\n");
    let err = fails(terrace(d, &["plan", "-no-color"]));
    assert!(err.contains("Your query returned no results"), "{err}");

    // Several matches without most_recent: an error too.
    write(d, &moto, "data \"aws_ami\" \"many\" {\n  owners = [\"self\"]\n  name_regex = \"^app-\"\n}\n");
    fails(terrace(d, &["plan", "-no-color"]));
}
