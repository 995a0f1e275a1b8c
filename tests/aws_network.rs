//! The AWS provider's EC2 networking resources end to end against moto on loopback:
//! for each resource type, create, plan shows no changes, change in place and by
//! replacement, drift made outside Terrace, import, destroy.

mod support;

use support::moto::{xml_first, Moto};
use support::aws::*;

fn vpc(moto: &Moto, cidr: &str) -> String {
    let made = moto.ec2(&[("Action", "CreateVpc"), ("CidrBlock", cidr)]);
    xml_first(&made, "vpcId").unwrap()
}

const VPC: &str = "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n";

#[test]
fn subnet_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let sub = |extra: &str, cidr: &str| format!("{VPC}resource \"aws_subnet\" \"a\" {{\n  vpc_id = aws_vpc.v.id\n  cidr_block = \"{cidr}\"\n  availability_zone = \"us-east-1a\"\n{extra}}}\n");
    write(d, &moto, &sub("  tags = { Name = \"a\" }\n", "10.0.1.0/24"));
    apply(d);
    let id = state_attr(d, "aws_subnet.a", "id");
    assert!(id.starts_with("subnet-"), "{id}");
    assert_eq!(state_attr(d, "aws_subnet.a", "map_public_ip_on_launch"), "false");
    assert!(state_attr(d, "aws_subnet.a", "arn").contains(&id));
    no_changes(d);

    // In place: map_public_ip_on_launch and tags.
    write(d, &moto, &sub("  map_public_ip_on_launch = true\n  tags = { Name = \"b\" }\n", "10.0.1.0/24"));
    changes(d, "will be updated in-place");
    apply(d);
    assert_eq!(state_attr(d, "aws_subnet.a", "id"), id);
    let desc = moto.ec2(&[("Action", "DescribeSubnets"), ("SubnetId.1", &id)]);
    assert!(desc.contains("<mapPublicIpOnLaunch>true</mapPublicIpOnLaunch>"), "{desc}");
    no_changes(d);

    // Drift: the attribute turned off outside Terrace.
    moto.ec2(&[("Action", "ModifySubnetAttribute"), ("SubnetId", &id), ("MapPublicIpOnLaunch.Value", "false")]);
    changes(d, "map_public_ip_on_launch");
    apply(d);
    no_changes(d);

    // Replacement: a new CIDR block.
    write(d, &moto, &sub("", "10.0.2.0/24"));
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_subnet.a", "id");
    assert_ne!(new_id, id);
    no_changes(d);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DeleteSubnet"), ("SubnetId", &new_id)]);
    changes(d, "will be created");
    apply(d);

    // Import.
    let v = vpc(&moto, "10.9.0.0/16");
    let made = moto.ec2(&[("Action", "CreateSubnet"), ("VpcId", &v), ("CidrBlock", "10.9.1.0/24"), ("AvailabilityZone", "us-east-1b")]);
    let sid = xml_first(&made, "subnetId").unwrap();
    import_clean(&moto, &format!("resource \"aws_subnet\" \"i\" {{\n  vpc_id = \"{v}\"\n  cidr_block = \"10.9.1.0/24\"\n}}\n"), "aws_subnet.i", &sid);

    // Destroy.
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeSubnets"), ("Filter.1.Name", "cidr-block"), ("Filter.1.Value.1", "10.0.2.0/24")]);
    assert!(!left.contains("<subnetId>"), "{left}");
}

#[test]
fn internet_gateway_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let two_vpcs = format!("{VPC}resource \"aws_vpc\" \"w\" {{\n  cidr_block = \"10.1.0.0/16\"\n}}\n");
    let igw = |extra: &str| format!("{two_vpcs}resource \"aws_internet_gateway\" \"g\" {{\n{extra}}}\n");
    write(d, &moto, &igw("  vpc_id = aws_vpc.v.id\n  tags = { Name = \"g\" }\n"));
    apply(d);
    let id = state_attr(d, "aws_internet_gateway.g", "id");
    let v = state_attr(d, "aws_vpc.v", "id");
    let w = state_attr(d, "aws_vpc.w", "id");
    assert!(id.starts_with("igw-"), "{id}");
    assert_eq!(state_attr(d, "aws_internet_gateway.g", "vpc_id"), v);
    no_changes(d);

    // In place: moved to another VPC, tags changed.
    write(d, &moto, &igw("  vpc_id = aws_vpc.w.id\n  tags = { Name = \"h\" }\n"));
    changes(d, "will be updated in-place");
    apply(d);
    assert_eq!(state_attr(d, "aws_internet_gateway.g", "id"), id);
    let desc = moto.ec2(&[("Action", "DescribeInternetGateways"), ("InternetGatewayId.1", &id)]);
    assert!(desc.contains(&w) && !desc.contains(&v), "{desc}");
    no_changes(d);

    // Drift: detached outside Terrace.
    moto.ec2(&[("Action", "DetachInternetGateway"), ("InternetGatewayId", &id), ("VpcId", &w)]);
    changes(d, "vpc_id");
    apply(d);
    no_changes(d);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DetachInternetGateway"), ("InternetGatewayId", &id), ("VpcId", &w)]);
    moto.ec2(&[("Action", "DeleteInternetGateway"), ("InternetGatewayId", &id)]);
    changes(d, "will be created");
    apply(d);
    let new_id = state_attr(d, "aws_internet_gateway.g", "id");
    assert_ne!(new_id, id);

    // Import.
    let iv = vpc(&moto, "10.9.0.0/16");
    let made = moto.ec2(&[("Action", "CreateInternetGateway")]);
    let gid = xml_first(&made, "internetGatewayId").unwrap();
    moto.ec2(&[("Action", "AttachInternetGateway"), ("InternetGatewayId", &gid), ("VpcId", &iv)]);
    import_clean(&moto, &format!("resource \"aws_internet_gateway\" \"i\" {{\n  vpc_id = \"{iv}\"\n}}\n"), "aws_internet_gateway.i", &gid);

    // Destroy (detaches first).
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeInternetGateways"), ("Filter.1.Name", "internet-gateway-id"), ("Filter.1.Value.1", &new_id)]);
    assert!(!left.contains("<internetGatewayId>"), "{left}");
}

const IGW: &str = "resource \"aws_internet_gateway\" \"g\" {\n  vpc_id = aws_vpc.v.id\n}\n";

#[test]
fn route_table_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let rt = |routes: &str, tags: &str| format!("{VPC}{IGW}resource \"aws_route_table\" \"r\" {{\n  vpc_id = aws_vpc.v.id\n{routes}{tags}}}\n");
    let default_route = "  route {\n    cidr_block = \"0.0.0.0/0\"\n    gateway_id = aws_internet_gateway.g.id\n  }\n";
    write(d, &moto, &rt(default_route, "  tags = { Name = \"public\" }\n"));
    apply(d);
    let id = state_attr(d, "aws_route_table.r", "id");
    assert!(id.starts_with("rtb-"), "{id}");
    let v = state_values(d, "aws_route_table.r");
    assert_eq!(v["route"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v["route"][0]["ipv6_cidr_block"], "", "{v}");
    no_changes(d);

    // In place: another route and new tags.
    let two = format!("{default_route}  route {{\n    cidr_block = \"10.50.0.0/16\"\n    gateway_id = aws_internet_gateway.g.id\n  }}\n");
    write(d, &moto, &rt(&two, "  tags = { Name = \"public2\" }\n"));
    changes(d, "will be updated in-place");
    apply(d);
    assert_eq!(state_attr(d, "aws_route_table.r", "id"), id);
    let desc = moto.ec2(&[("Action", "DescribeRouteTables"), ("RouteTableId.1", &id)]);
    assert!(desc.contains("10.50.0.0/16"), "{desc}");
    no_changes(d);

    // Drift: a route deleted outside Terrace comes back.
    moto.ec2(&[("Action", "DeleteRoute"), ("RouteTableId", &id), ("DestinationCidrBlock", "10.50.0.0/16")]);
    changes(d, "10.50.0.0/16");
    apply(d);
    no_changes(d);

    // Without `route` blocks the routes are left alone (Terraform 3.x: optional and computed).
    write(d, &moto, &rt("", ""));
    // (Only the tags change; the routes stay, as the DescribeRouteTables check shows.)
    changes(d, "will be updated in-place");
    apply(d);
    let desc = moto.ec2(&[("Action", "DescribeRouteTables"), ("RouteTableId.1", &id)]);
    assert!(desc.contains("10.50.0.0/16"), "{desc}");
    no_changes(d);

    // `route = []` removes them.
    write(d, &moto, &rt("  route = []\n", ""));
    changes(d, "10.50.0.0/16");
    apply(d);
    let desc = moto.ec2(&[("Action", "DescribeRouteTables"), ("RouteTableId.1", &id)]);
    assert!(!desc.contains("10.50.0.0/16") && !desc.contains("0.0.0.0/0"), "{desc}");
    no_changes(d);

    // Replacement: another VPC.
    let other = format!("resource \"aws_vpc\" \"w\" {{\n  cidr_block = \"10.1.0.0/16\"\n}}\n{VPC}{IGW}resource \"aws_route_table\" \"r\" {{\n  vpc_id = aws_vpc.w.id\n}}\n");
    write(d, &moto, &other);
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_route_table.r", "id");
    assert_ne!(new_id, id);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DeleteRouteTable"), ("RouteTableId", &new_id)]);
    changes(d, "will be created");
    apply(d);
    let new_id = state_attr(d, "aws_route_table.r", "id");

    // Import, with its route.
    let iv = vpc(&moto, "10.9.0.0/16");
    let made = moto.ec2(&[("Action", "CreateInternetGateway")]);
    let gid = xml_first(&made, "internetGatewayId").unwrap();
    moto.ec2(&[("Action", "AttachInternetGateway"), ("InternetGatewayId", &gid), ("VpcId", &iv)]);
    let made = moto.ec2(&[("Action", "CreateRouteTable"), ("VpcId", &iv)]);
    let rid = xml_first(&made, "routeTableId").unwrap();
    moto.ec2(&[("Action", "CreateRoute"), ("RouteTableId", &rid), ("DestinationCidrBlock", "0.0.0.0/0"), ("GatewayId", &gid)]);
    let body = format!("resource \"aws_route_table\" \"i\" {{\n  vpc_id = \"{iv}\"\n  route {{\n    cidr_block = \"0.0.0.0/0\"\n    gateway_id = \"{gid}\"\n  }}\n}}\n");
    import_clean(&moto, &body, "aws_route_table.i", &rid);

    // Destroy.
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeRouteTables"), ("Filter.1.Name", "route-table-id"), ("Filter.1.Value.1", &new_id)]);
    assert!(!left.contains("<routeTableId>"), "{left}");
}

const RT: &str = "resource \"aws_route_table\" \"r\" {\n  vpc_id = aws_vpc.v.id\n}\n";

#[test]
fn route_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let igw2 = "resource \"aws_internet_gateway\" \"g2\" {\n  vpc_id = aws_vpc.v.id\n}\n";
    let route = |dest: &str, gw: &str| format!("{VPC}{IGW}{igw2}{RT}resource \"aws_route\" \"out\" {{\n  route_table_id = aws_route_table.r.id\n  destination_cidr_block = \"{dest}\"\n  gateway_id = aws_internet_gateway.{gw}.id\n}}\n");
    write(d, &moto, &route("0.0.0.0/0", "g"));
    apply(d);
    let rtb = state_attr(d, "aws_route_table.r", "id");
    let id = state_attr(d, "aws_route.out", "id");
    assert_eq!(id, format!("r-{rtb}1080289494"));
    assert_eq!(state_attr(d, "aws_route.out", "state"), "active");
    no_changes(d);

    // In place: another gateway.
    write(d, &moto, &route("0.0.0.0/0", "g2"));
    changes(d, "will be updated in-place");
    apply(d);
    let g2 = state_attr(d, "aws_internet_gateway.g2", "id");
    assert_eq!(state_attr(d, "aws_route.out", "gateway_id"), g2);
    let desc = moto.ec2(&[("Action", "DescribeRouteTables"), ("RouteTableId.1", &rtb)]);
    assert!(desc.contains(&g2), "{desc}");
    no_changes(d);

    // Drift: pointed elsewhere outside Terrace.
    let g = state_attr(d, "aws_internet_gateway.g", "id");
    moto.ec2(&[("Action", "ReplaceRoute"), ("RouteTableId", &rtb), ("DestinationCidrBlock", "0.0.0.0/0"), ("GatewayId", &g)]);
    changes(d, "gateway_id");
    apply(d);
    no_changes(d);

    // Replacement: a new destination.
    write(d, &moto, &route("10.60.0.0/16", "g2"));
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_route.out", "id");
    assert_ne!(new_id, id);
    no_changes(d);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DeleteRoute"), ("RouteTableId", &rtb), ("DestinationCidrBlock", "10.60.0.0/16")]);
    changes(d, "will be created");
    apply(d);

    // Import as ROUTETABLEID_DESTINATION.
    let iv = vpc(&moto, "10.9.0.0/16");
    let made = moto.ec2(&[("Action", "CreateInternetGateway")]);
    let gid = xml_first(&made, "internetGatewayId").unwrap();
    moto.ec2(&[("Action", "AttachInternetGateway"), ("InternetGatewayId", &gid), ("VpcId", &iv)]);
    let made = moto.ec2(&[("Action", "CreateRouteTable"), ("VpcId", &iv)]);
    let rid = xml_first(&made, "routeTableId").unwrap();
    moto.ec2(&[("Action", "CreateRoute"), ("RouteTableId", &rid), ("DestinationCidrBlock", "0.0.0.0/0"), ("GatewayId", &gid)]);
    let body = format!("resource \"aws_route\" \"i\" {{\n  route_table_id = \"{rid}\"\n  destination_cidr_block = \"0.0.0.0/0\"\n  gateway_id = \"{gid}\"\n}}\n");
    import_clean(&moto, &body, "aws_route.i", &format!("{rid}_0.0.0.0/0"));

    // Destroy.
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeRouteTables"), ("Filter.1.Name", "route.destination-cidr-block"), ("Filter.1.Value.1", "10.60.0.0/16")]);
    assert!(!left.contains("<routeTableId>"), "{left}");
}

#[test]
fn route_table_association_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let subnets = "resource \"aws_subnet\" \"a\" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = \"10.0.1.0/24\"\n}\nresource \"aws_subnet\" \"b\" {\n  vpc_id = aws_vpc.v.id\n  cidr_block = \"10.0.2.0/24\"\n}\n";
    let rt2 = "resource \"aws_route_table\" \"r2\" {\n  vpc_id = aws_vpc.v.id\n}\n";
    let assoc = |subnet: &str, table: &str| format!("{VPC}{subnets}{RT}{rt2}resource \"aws_route_table_association\" \"a\" {{\n  subnet_id = aws_subnet.{subnet}.id\n  route_table_id = aws_route_table.{table}.id\n}}\n");
    write(d, &moto, &assoc("a", "r"));
    apply(d);
    let id = state_attr(d, "aws_route_table_association.a", "id");
    assert!(id.starts_with("rtbassoc-"), "{id}");
    no_changes(d);

    // In place: another route table.
    write(d, &moto, &assoc("a", "r2"));
    changes(d, "will be updated in-place");
    apply(d);
    let r2 = state_attr(d, "aws_route_table.r2", "id");
    let sa = state_attr(d, "aws_subnet.a", "id");
    let desc = moto.ec2(&[("Action", "DescribeRouteTables"), ("Filter.1.Name", "association.subnet-id"), ("Filter.1.Value.1", &sa)]);
    assert!(desc.contains(&r2), "{desc}");
    no_changes(d);

    // Replacement: another subnet.
    write(d, &moto, &assoc("b", "r2"));
    changes(d, "must be replaced");
    apply(d);
    let aid = state_attr(d, "aws_route_table_association.a", "id");
    no_changes(d);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DisassociateRouteTable"), ("AssociationId", &aid)]);
    changes(d, "will be created");
    apply(d);
    no_changes(d);

    // Import as SUBNET_ID/ROUTE_TABLE_ID.
    let iv = vpc(&moto, "10.9.0.0/16");
    let made = moto.ec2(&[("Action", "CreateSubnet"), ("VpcId", &iv), ("CidrBlock", "10.9.1.0/24")]);
    let sid = xml_first(&made, "subnetId").unwrap();
    let made = moto.ec2(&[("Action", "CreateRouteTable"), ("VpcId", &iv)]);
    let rid = xml_first(&made, "routeTableId").unwrap();
    moto.ec2(&[("Action", "AssociateRouteTable"), ("RouteTableId", &rid), ("SubnetId", &sid)]);
    let body = format!("resource \"aws_route_table_association\" \"i\" {{\n  subnet_id = \"{sid}\"\n  route_table_id = \"{rid}\"\n}}\n");
    import_clean(&moto, &body, "aws_route_table_association.i", &format!("{sid}/{rid}"));

    // Destroy: the association goes, the subnet stays unassociated.
    let sb = state_attr(d, "aws_subnet.b", "id");
    write(d, &moto, &format!("{VPC}{subnets}{RT}{rt2}"));
    apply(d);
    let left = moto.ec2(&[("Action", "DescribeRouteTables"), ("Filter.1.Name", "association.subnet-id"), ("Filter.1.Value.1", &sb)]);
    assert!(!left.contains("rtbassoc-"), "{left}");
    ok(terrace(d, &["destroy", "-auto-approve"]));
}

#[test]

fn security_group_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let sg = |name: &str, rules: &str| format!("{VPC}resource \"aws_security_group\" \"s\" {{\n  name = \"{name}\"\n  vpc_id = aws_vpc.v.id\n{rules}}}\n");
    let http = "  ingress {\n    from_port = 80\n    to_port = 80\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n";
    write(d, &moto, &sg("web", &format!("{http}  tags = {{ Name = \"web\" }}\n")));
    apply(d);
    let id = state_attr(d, "aws_security_group.s", "id");
    assert!(id.starts_with("sg-"), "{id}");
    let v = state_values(d, "aws_security_group.s");
    assert_eq!(v["description"], "Managed by Terraform", "{v}");
    assert_eq!(v["ingress"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v["ingress"][0]["self"], false, "{v}");
    // The default allow-all egress rule is gone: egress was not configured.
    assert_eq!(v["egress"].as_array().map(Vec::len), Some(0), "{v}");
    let desc = moto.ec2(&[("Action", "DescribeSecurityGroups"), ("GroupId.1", &id)]);
    assert!(!desc.contains("<ipProtocol>-1</ipProtocol>"), "{desc}");
    no_changes(d);

    // In place: another ingress rule (two CIDRs, a description, self) and an egress rule.
    let more = format!(
        "{http}  ingress {{\n    from_port = 443\n    to_port = 443\n    protocol = \"tcp\"\n    cidr_blocks = [\"10.0.0.0/8\", \"192.168.0.0/16\"]\n    description = \"tls\"\n    self = true\n  }}\n  egress {{\n    from_port = 0\n    to_port = 0\n    protocol = \"-1\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n"
    );
    write(d, &moto, &sg("web", &more));
    changes(d, "will be updated in-place");
    apply(d);
    assert_eq!(state_attr(d, "aws_security_group.s", "id"), id);
    let desc = moto.ec2(&[("Action", "DescribeSecurityGroups"), ("GroupId.1", &id)]);
    assert!(desc.contains("192.168.0.0/16") && desc.contains("<ipProtocol>-1</ipProtocol>"), "{desc}");
    no_changes(d);

    // Drift: a rule added outside Terrace is removed by the next apply.
    moto.ec2(&[
        ("Action", "AuthorizeSecurityGroupIngress"),
        ("GroupId", &id),
        ("IpPermissions.1.IpProtocol", "tcp"),
        ("IpPermissions.1.FromPort", "22"),
        ("IpPermissions.1.ToPort", "22"),
        ("IpPermissions.1.IpRanges.1.CidrIp", "1.2.3.4/32"),
    ]);
    changes(d, "1.2.3.4/32");
    apply(d);
    let desc = moto.ec2(&[("Action", "DescribeSecurityGroups"), ("GroupId.1", &id)]);
    assert!(!desc.contains("1.2.3.4/32"), "{desc}");
    no_changes(d);

    // Replacement: a new name.
    write(d, &moto, &sg("web2", http));
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_security_group.s", "id");
    assert_ne!(new_id, id);
    no_changes(d);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DeleteSecurityGroup"), ("GroupId", &new_id)]);
    changes(d, "will be created");
    apply(d);
    let new_id = state_attr(d, "aws_security_group.s", "id");

    // name_prefix: a generated name.
    let d3 = tempfile::tempdir().unwrap();
    write(d3.path(), &moto, &format!("{VPC}resource \"aws_security_group\" \"p\" {{\n  name_prefix = \"app-\"\n  vpc_id = aws_vpc.v.id\n  revoke_rules_on_delete = true\n}}\n"));
    apply(d3.path());
    let name = state_attr(d3.path(), "aws_security_group.p", "name");
    assert!(name.starts_with("app-") && name.len() == 30, "{name}");
    no_changes(d3.path());
    ok(terrace(d3.path(), &["destroy", "-auto-approve"]));

    // Import, with its rules.
    let iv = vpc(&moto, "10.9.0.0/16");
    let made = moto.ec2(&[("Action", "CreateSecurityGroup"), ("GroupName", "imp"), ("GroupDescription", "imported"), ("VpcId", &iv)]);
    let gid = xml_first(&made, "groupId").unwrap();
    moto.ec2(&[
        ("Action", "AuthorizeSecurityGroupIngress"),
        ("GroupId", &gid),
        ("IpPermissions.1.IpProtocol", "tcp"),
        ("IpPermissions.1.FromPort", "22"),
        ("IpPermissions.1.ToPort", "22"),
        ("IpPermissions.1.IpRanges.1.CidrIp", "10.0.0.0/8"),
    ]);
    let body = format!(
        "resource \"aws_security_group\" \"i\" {{\n  name = \"imp\"\n  description = \"imported\"\n  vpc_id = \"{iv}\"\n  ingress {{\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [\"10.0.0.0/8\"]\n  }}\n  egress {{\n    from_port = 0\n    to_port = 0\n    protocol = \"-1\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n}}\n"
    );
    import_clean(&moto, &body, "aws_security_group.i", &gid);

    // Destroy.
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeSecurityGroups"), ("Filter.1.Name", "group-id"), ("Filter.1.Value.1", &new_id)]);
    assert!(!left.contains("<groupId>"), "{left}");
}

#[test]

fn security_group_rule_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let groups = format!("{VPC}resource \"aws_security_group\" \"s\" {{\n  name = \"app\"\n  vpc_id = aws_vpc.v.id\n}}\nresource \"aws_security_group\" \"lb\" {{\n  name = \"lb\"\n  vpc_id = aws_vpc.v.id\n}}\n");
    let rules = |port: &str, desc: &str| {
        format!(
            "{groups}resource \"aws_security_group_rule\" \"cidr\" {{\n  type = \"ingress\"\n  security_group_id = aws_security_group.s.id\n  protocol = \"tcp\"\n  from_port = {port}\n  to_port = {port}\n  cidr_blocks = [\"10.0.0.0/8\"]\n  description = \"{desc}\"\n}}\nresource \"aws_security_group_rule\" \"from_lb\" {{\n  type = \"ingress\"\n  security_group_id = aws_security_group.s.id\n  protocol = \"tcp\"\n  from_port = 8080\n  to_port = 8080\n  source_security_group_id = aws_security_group.lb.id\n}}\nresource \"aws_security_group_rule\" \"out\" {{\n  type = \"egress\"\n  security_group_id = aws_security_group.s.id\n  protocol = \"all\"\n  from_port = 0\n  to_port = 0\n  self = true\n}}\n"
        )
    };
    write(d, &moto, &rules("80", "web"));
    apply(d);
    let id = state_attr(d, "aws_security_group_rule.cidr", "id");
    assert!(id.starts_with("sgrule-"), "{id}");
    assert_eq!(state_attr(d, "aws_security_group_rule.out", "protocol"), "-1");
    let sg = state_attr(d, "aws_security_group.s", "id");
    let desc = moto.ec2(&[("Action", "DescribeSecurityGroups"), ("GroupId.1", &sg)]);
    assert!(desc.contains("8080") && desc.contains("10.0.0.0/8"), "{desc}");
    no_changes(d);

    // In place: the description.
    write(d, &moto, &rules("80", "web traffic"));
    changes(d, "will be updated in-place");
    apply(d);
    assert_eq!(state_attr(d, "aws_security_group_rule.cidr", "id"), id);
    no_changes(d);

    // Replacement: another port.
    write(d, &moto, &rules("81", "web traffic"));
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_security_group_rule.cidr", "id");
    assert_ne!(new_id, id);
    no_changes(d);

    // Drift: revoked outside Terrace, re-created.
    moto.ec2(&[
        ("Action", "RevokeSecurityGroupIngress"),
        ("GroupId", &sg),
        ("IpPermissions.1.IpProtocol", "tcp"),
        ("IpPermissions.1.FromPort", "81"),
        ("IpPermissions.1.ToPort", "81"),
        ("IpPermissions.1.IpRanges.1.CidrIp", "10.0.0.0/8"),
    ]);
    changes(d, "will be created");
    apply(d);
    no_changes(d);

    // A duplicate rule: one clear error.
    let dup = format!("{}resource \"aws_security_group_rule\" \"dup\" {{\n  type = \"ingress\"\n  security_group_id = aws_security_group.s.id\n  protocol = \"tcp\"\n  from_port = 81\n  to_port = 81\n  cidr_blocks = [\"10.0.0.0/8\"]\n  description = \"web traffic\"\n}}\n", rules("81", "web traffic"));
    write(d, &moto, &dup);
    let text = fails(terrace(d, &["apply", "-auto-approve"]));
    assert!(text.contains("already has this rule"), "{text}");
    write(d, &moto, &rules("81", "web traffic"));

    // Import, in Terraform's ID format.
    let iv = vpc(&moto, "10.9.0.0/16");
    let made = moto.ec2(&[("Action", "CreateSecurityGroup"), ("GroupName", "imp"), ("GroupDescription", "imported"), ("VpcId", &iv)]);
    let gid = xml_first(&made, "groupId").unwrap();
    moto.ec2(&[
        ("Action", "AuthorizeSecurityGroupIngress"),
        ("GroupId", &gid),
        ("IpPermissions.1.IpProtocol", "tcp"),
        ("IpPermissions.1.FromPort", "22"),
        ("IpPermissions.1.ToPort", "22"),
        ("IpPermissions.1.IpRanges.1.CidrIp", "10.0.0.0/8"),
    ]);
    let body = format!("resource \"aws_security_group_rule\" \"i\" {{\n  type = \"ingress\"\n  security_group_id = \"{gid}\"\n  protocol = \"tcp\"\n  from_port = 22\n  to_port = 22\n  cidr_blocks = [\"10.0.0.0/8\"]\n}}\n");
    import_clean(&moto, &body, "aws_security_group_rule.i", &format!("{gid}_ingress_tcp_22_22_10.0.0.0/8"));

    // Destroy: the rules go with their groups; removing one rule revokes it.
    write(d, &moto, &groups);
    apply(d);
    let desc = moto.ec2(&[("Action", "DescribeSecurityGroups"), ("GroupId.1", &sg)]);
    assert!(!desc.contains("8080") && !desc.contains("10.0.0.0/8"), "{desc}");
    ok(terrace(d, &["destroy", "-auto-approve"]));
}

/// A network interface made outside Terrace in a new subnet of a new VPC; returns (vpc, eni).
fn eni(moto: &Moto, cidr: &str, subnet: &str) -> (String, String) {
    let v = vpc(moto, cidr);
    let made = moto.ec2(&[("Action", "CreateSubnet"), ("VpcId", &v), ("CidrBlock", subnet)]);
    let sid = xml_first(&made, "subnetId").unwrap();
    let made = moto.ec2(&[("Action", "CreateNetworkInterface"), ("SubnetId", &sid)]);
    (v, xml_first(&made, "networkInterfaceId").unwrap())
}

#[test]

fn eip_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let (_, eni1) = eni(&moto, "10.3.0.0/16", "10.3.1.0/24");
    let (_, eni2) = eni(&moto, "10.4.0.0/16", "10.4.1.0/24");
    let eip = |extra: &str| format!("resource \"aws_eip\" \"e\" {{\n  vpc = true\n{extra}}}\n");
    write(d, &moto, &eip(&format!("  network_interface = \"{eni1}\"\n  tags = {{ Name = \"e\" }}\n")));
    apply(d);
    let id = state_attr(d, "aws_eip.e", "id");
    assert!(id.starts_with("eipalloc-"), "{id}");
    let v = state_values(d, "aws_eip.e");
    assert_eq!(v["allocation_id"], id.as_str(), "{v}");
    assert_eq!(v["domain"], "vpc", "{v}");
    assert!(v["public_ip"].as_str().is_some_and(|ip| !ip.is_empty()), "{v}");
    assert!(v["association_id"].as_str().is_some_and(|a| a.starts_with("eipassoc-")), "{v}");
    assert!(v["private_ip"].as_str().is_some(), "{v}");
    no_changes(d);

    // In place: another interface, new tags.
    write(d, &moto, &eip(&format!("  network_interface = \"{eni2}\"\n  tags = {{ Name = \"f\" }}\n")));
    changes(d, "will be updated in-place");
    apply(d);
    assert_eq!(state_attr(d, "aws_eip.e", "id"), id);
    let desc = moto.ec2(&[("Action", "DescribeAddresses"), ("AllocationId.1", &id)]);
    assert!(desc.contains(&eni2), "{desc}");
    no_changes(d);

    // Drift: disassociated outside Terrace, associated again.
    let assoc = state_attr(d, "aws_eip.e", "association_id");
    moto.ec2(&[("Action", "DisassociateAddress"), ("AssociationId", &assoc)]);
    changes(d, "network_interface");
    apply(d);
    let desc = moto.ec2(&[("Action", "DescribeAddresses"), ("AllocationId.1", &id)]);
    assert!(desc.contains(&eni2), "{desc}");
    no_changes(d);

    // Replacement: a specific address (as when recovering a released one) is another
    // allocation. (EC2-Classic's `vpc = false` cannot be tried: accounts made since 2013,
    // and the emulator, allocate VPC addresses whatever the request says.)
    write(d, &moto, &eip("  address = \"127.200.0.7\"\n"));
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_eip.e", "id");
    assert_ne!(new_id, id);
    no_changes(d);
    write(d, &moto, &eip(""));
    apply(d);
    let new_id = state_attr(d, "aws_eip.e", "id");

    // Released outside: re-created.
    moto.ec2(&[("Action", "ReleaseAddress"), ("AllocationId", &new_id)]);
    changes(d, "will be created");
    apply(d);
    let new_id = state_attr(d, "aws_eip.e", "id");

    // Import by allocation ID.
    let made = moto.ec2(&[("Action", "AllocateAddress"), ("Domain", "vpc")]);
    let aid = xml_first(&made, "allocationId").unwrap();
    import_clean(&moto, "resource \"aws_eip\" \"i\" {\n  vpc = true\n}\n", "aws_eip.i", &aid);

    // Destroy.
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeAddresses"), ("Filter.1.Name", "allocation-id"), ("Filter.1.Value.1", &new_id)]);
    assert!(!left.contains("<allocationId>"), "{left}");
}

#[test]

fn nat_gateway_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let base = format!("{VPC}{IGW}resource \"aws_subnet\" \"a\" {{\n  vpc_id = aws_vpc.v.id\n  cidr_block = \"10.0.1.0/24\"\n}}\nresource \"aws_subnet\" \"b\" {{\n  vpc_id = aws_vpc.v.id\n  cidr_block = \"10.0.2.0/24\"\n}}\nresource \"aws_eip\" \"n\" {{\n  vpc = true\n}}\nresource \"aws_eip\" \"m\" {{\n  vpc = true\n}}\n");
    // The replacement (subnet b) also takes another address: the emulator keeps a deleted
    // NAT gateway's address associated, where AWS frees it.
    let nat = |subnet: &str, tags: &str| {
        let eip = if subnet == "a" { "n" } else { "m" };
        format!("{base}resource \"aws_nat_gateway\" \"n\" {{\n  allocation_id = aws_eip.{eip}.id\n  subnet_id = aws_subnet.{subnet}.id\n{tags}  depends_on = [aws_internet_gateway.g]\n}}\n")
    };
    write(d, &moto, &nat("a", "  tags = { Name = \"n\" }\n"));
    apply(d);
    let id = state_attr(d, "aws_nat_gateway.n", "id");
    assert!(id.starts_with("nat-"), "{id}");
    let v = state_values(d, "aws_nat_gateway.n");
    assert_eq!(v["connectivity_type"], "public", "{v}");
    assert_eq!(v["public_ip"], state_attr(d, "aws_eip.n", "public_ip").as_str(), "{v}");
    assert!(v["network_interface_id"].as_str().is_some_and(|x| x.starts_with("eni-")), "{v}");
    no_changes(d);

    // In place: tags.
    write(d, &moto, &nat("a", "  tags = { Name = \"m\" }\n"));
    changes(d, "will be updated in-place");
    apply(d);
    assert_eq!(state_attr(d, "aws_nat_gateway.n", "id"), id);
    no_changes(d);

    // Drift: a tag removed outside Terrace.
    moto.ec2(&[("Action", "DeleteTags"), ("ResourceId.1", &id), ("Tag.1.Key", "Name")]);
    changes(d, "\"Name\"");
    apply(d);
    no_changes(d);

    // Replacement: another subnet.
    write(d, &moto, &nat("b", ""));
    changes(d, "must be replaced");
    apply(d);
    let new_id = state_attr(d, "aws_nat_gateway.n", "id");
    assert_ne!(new_id, id);
    no_changes(d);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DeleteNatGateway"), ("NatGatewayId", &new_id)]);
    // AWS frees the gateway's address when it is deleted; the emulator does not.
    let addr = moto.ec2(&[("Action", "DescribeAddresses"), ("AllocationId.1", &state_attr(d, "aws_eip.m", "id"))]);
    if let Some(assoc) = xml_first(&addr, "associationId") {
        moto.ec2(&[("Action", "DisassociateAddress"), ("AssociationId", &assoc)]);
    }
    changes(d, "will be created");
    apply(d);
    let new_id = state_attr(d, "aws_nat_gateway.n", "id");

    // Import.
    let (iv, _) = eni(&moto, "10.9.0.0/16", "10.9.1.0/24");
    let desc = moto.ec2(&[("Action", "DescribeSubnets"), ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", &iv)]);
    let sid = xml_first(&desc, "subnetId").unwrap();
    let made = moto.ec2(&[("Action", "AllocateAddress"), ("Domain", "vpc")]);
    let aid = xml_first(&made, "allocationId").unwrap();
    let made = moto.ec2(&[("Action", "CreateNatGateway"), ("SubnetId", &sid), ("AllocationId", &aid)]);
    let nid = xml_first(&made, "natGatewayId").unwrap();
    import_clean(&moto, &format!("resource \"aws_nat_gateway\" \"i\" {{\n  allocation_id = \"{aid}\"\n  subnet_id = \"{sid}\"\n}}\n"), "aws_nat_gateway.i", &nid);

    // Destroy (waits for the gateway to be deleted).
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeNatGateways"), ("NatGatewayId.1", &new_id)]);
    assert!(!left.contains("<state>available</state>"), "{left}");
}

const KEY1: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC8ryTScz1XIihiV+gPZGar6f1WDdsN8zzgO10Q11wZTXxoHMDhGwY0+ULzJKRSSBvWFG+oe8U8AjN3C7xyCa/zet4/MZC8Jt5rdQg7XBHmh0lI3Hq28UMESoZO6VFkFXgWP2Md3P0UGSKuzIj4bdXobZiH7D1jQEqfQv2treCqwbo/y+io+e+T7gj5HkKgjqiim39ONiGFNxPPErtriCDlZiARHkQj8IuEInGHZwiqerTWRDmKfkmKIrWfHKOuOPlN6/NsfdeMWRWnFgvFsvkxMsZwnspLMnjHtiXttlIXxed2Zx42LYwEPz/NMicXdr9xkY2hwtXlfj7ly+b4IQfL one";
const KEY2: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDBs4Ax5NS9efxmjOGR4+998rAHB5KoNBmGi1bJB051NCScHY94aKFNZyxchX0KDrdWTD5zAG3vA6txcE91lW77e5T+QAd595pVYnV8PH3G9nFkw4fn2abhiMcmCFPHVlc3vW46c8Ci1rkTJM+ce2DSwL9Y4uZOK9vAuprfBq85CtVbHSAXD8WsxpwK/yluGvDpVRNkzT1HLgy2PIUv/fYrpRKIAV/KStV872IwP4B/l58eJgsShPrsl9zGgtRg5vU3rc3Mloie87I210TDR7qcUSsFiN0o3lC9/SHOK1yG8wtJIXuAgkUUs6MCinJWjzSOeMeze7jxH9uahWQa98GZ two";

#[test]

fn key_pair_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let kp = |key: &str, tags: &str| format!("resource \"aws_key_pair\" \"k\" {{\n  key_name = \"deployer\"\n  public_key = \"{key}\"\n{tags}}}\n");
    write(d, &moto, &kp(KEY1, "  tags = { Name = \"k\" }\n"));
    apply(d);
    let v = state_values(d, "aws_key_pair.k");
    assert_eq!(v["id"], "deployer", "{v}");
    assert!(v["fingerprint"].as_str().is_some_and(|f| !f.is_empty()), "{v}");
    assert!(v["key_pair_id"].as_str().is_some_and(|f| f.starts_with("key-")), "{v}");
    no_changes(d);

    // In place: tags.
    write(d, &moto, &kp(KEY1, "  tags = { Name = \"j\" }\n"));
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);

    // Replacement: another key.
    write(d, &moto, &kp(KEY2, ""));
    changes(d, "must be replaced");
    apply(d);
    assert_ne!(state_attr(d, "aws_key_pair.k", "fingerprint"), v["fingerprint"].as_str().unwrap_or_default());
    no_changes(d);

    // Deleted outside: re-created.
    moto.ec2(&[("Action", "DeleteKeyPair"), ("KeyName", "deployer")]);
    changes(d, "will be created");
    apply(d);

    // key_name_prefix.
    let d3 = tempfile::tempdir().unwrap();
    write(d3.path(), &moto, &format!("resource \"aws_key_pair\" \"p\" {{\n  key_name_prefix = \"ci-\"\n  public_key = \"{KEY1}\"\n}}\n"));
    apply(d3.path());
    assert!(state_attr(d3.path(), "aws_key_pair.p", "key_name").starts_with("ci-"));
    no_changes(d3.path());
    ok(terrace(d3.path(), &["destroy", "-auto-approve"]));

    // Import by name.
    // The Query API takes the key material base64-encoded (the SDKs encode it themselves).
    use base64::Engine;
    let material = base64::engine::general_purpose::STANDARD.encode(KEY2);
    moto.ec2(&[("Action", "ImportKeyPair"), ("KeyName", "imported"), ("PublicKeyMaterial", &material)]);
    import_clean(&moto, &format!("resource \"aws_key_pair\" \"i\" {{\n  key_name = \"imported\"\n  public_key = \"{KEY2}\"\n}}\n"), "aws_key_pair.i", "imported");

    // Destroy.
    ok(terrace(d, &["destroy", "-auto-approve"]));
    let left = moto.ec2(&[("Action", "DescribeKeyPairs"), ("Filter.1.Name", "key-name"), ("Filter.1.Value.1", "deployer")]);
    assert!(!left.contains("<keyName>"), "{left}");
}

#[test]
fn network_data_sources() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let body = format!(
        "{VPC}resource \"aws_subnet\" \"a\" {{\n  vpc_id = aws_vpc.v.id\n  cidr_block = \"10.0.1.0/24\"\n  tags = {{ tier = \"app\" }}\n}}\nresource \"aws_subnet\" \"b\" {{\n  vpc_id = aws_vpc.v.id\n  cidr_block = \"10.0.2.0/24\"\n  tags = {{ tier = \"db\" }}\n}}\n\
data \"aws_availability_zones\" \"az\" {{\n  state = \"available\"\n}}\n\
data \"aws_vpc\" \"by_id\" {{\n  id = aws_vpc.v.id\n}}\n\
data \"aws_vpc\" \"default\" {{\n  default = true\n}}\n\
data \"aws_subnets\" \"app\" {{\n  filter {{\n    name = \"vpc-id\"\n    values = [aws_vpc.v.id]\n  }}\n  tags = {{ tier = \"app\" }}\n  depends_on = [aws_subnet.a, aws_subnet.b]\n}}\n\
output \"azs\" {{ value = data.aws_availability_zones.az.names }}\n\
output \"zone_ids\" {{ value = data.aws_availability_zones.az.zone_ids }}\n\
output \"vpc_cidr\" {{ value = data.aws_vpc.by_id.cidr_block }}\n\
output \"default_vpc\" {{ value = data.aws_vpc.default.id }}\n\
output \"app\" {{ value = data.aws_subnets.app.ids }}\n"
    );
    write(d, &moto, &body);
    apply(d);
    let out = ok(terrace(d, &["output", "-json"]));
    let o: serde_json::Value = serde_json::from_str(&out).unwrap();
    let azs = o["azs"]["value"].as_array().cloned().unwrap_or_default();
    assert!(azs.iter().any(|z| z == "us-east-1a"), "{o}");
    assert_eq!(o["zone_ids"]["value"].as_array().map(Vec::len), Some(azs.len()), "{o}");
    assert_eq!(o["vpc_cidr"]["value"], "10.0.0.0/16", "{o}");
    assert!(o["default_vpc"]["value"].as_str().is_some_and(|v| v.starts_with("vpc-")), "{o}");
    let sa = state_attr(d, "aws_subnet.a", "id");
    assert_eq!(o["app"]["value"], serde_json::json!([sa]), "{o}");
    no_changes(d);

    // No match: one clear error.
    write(d, &moto, &format!("{body}data \"aws_vpc\" \"none\" {{\n  cidr_block = \"172.31.99.0/24\"\n}}\n"));
    let text = fails(terrace(d, &["plan"]));
    assert!(text.contains("no matching VPC found"), "{text}");
}
