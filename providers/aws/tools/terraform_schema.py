#!/usr/bin/env python3
"""Writes providers/aws/src/terraform_schema.json: the argument, attribute and block
names Terraform's AWS provider has for the types Terrace's AWS provider implements.

Terrace uses it to tell "not implemented yet" from "not an argument at all" and the
tests use it to check that Terrace's names are Terraform's. Usage, with Terraform and
the provider installed:

    cd "$(mktemp -d)" && printf 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "3.39.0" }\n  }\n}\n' > main.tf
    terraform init && terraform providers schema -json > schema.json
    python3 providers/aws/tools/terraform_schema.py schema.json
"""
import json
import pathlib
import sys

RESOURCES = """aws_vpc aws_subnet aws_internet_gateway aws_route_table aws_route aws_route_table_association
aws_security_group aws_security_group_rule aws_key_pair aws_instance aws_ebs_volume aws_volume_attachment aws_eip
aws_nat_gateway aws_launch_template aws_s3_bucket aws_s3_bucket_versioning aws_s3_bucket_policy
aws_s3_bucket_public_access_block aws_s3_bucket_server_side_encryption_configuration
aws_s3_bucket_lifecycle_configuration aws_s3_object aws_s3_bucket_object""".split()
DATA = "aws_ami aws_availability_zones aws_vpc aws_subnets aws_region aws_caller_identity".split()


def names(block):
    attrs = block.get("attributes", {})
    return {
        "args": sorted(k for k, v in attrs.items() if v.get("optional") or v.get("required")),
        "attrs": sorted(attrs),
        "blocks": {k: names(v["block"]) for k, v in sorted(block.get("block_types", {}).items())},
    }


def main():
    doc = json.load(open(sys.argv[1]))
    (source, p), = [(k, v) for k, v in doc["provider_schemas"].items() if k.endswith("/aws")]
    out = {"source": source, "resource": {}, "data": {}}
    for kind, wanted, schemas in [("resource", RESOURCES, p["resource_schemas"]), ("data", DATA, p["data_source_schemas"])]:
        for t in wanted:
            if t in schemas:
                out[kind][t] = names(schemas[t]["block"])
    dest = pathlib.Path(__file__).resolve().parent.parent / "src" / "terraform_schema.json"
    dest.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {dest} ({len(out['resource'])} resources, {len(out['data'])} data sources)")


main()
