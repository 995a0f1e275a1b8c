#!/usr/bin/env python3
"""Generates pricing benchmark inputs.

  gen_cost.py dir N OUT_DIR    a configuration of N AWS resources of mixed types (a literal
                               list of names, no range(): Terraform stops range() at 1,024)
  gen_cost.py plan N OUT.json  a plan JSON (Terraform's format) creating N such resources
"""
import json
import os
import sys

TYPES = ["t3.micro", "t3.large", "m5.large", "c5.xlarge", "r5.2xlarge", "m6g.large"]
VOLS = ["gp2", "gp3", "io1", "st1"]


def resources(n):
    """(type, name, values) for n resources: instances, volumes, eips, nat gateways, buckets, vpcs."""
    out = []
    for i in range(n):
        k = i % 10
        if k < 4:
            out.append(("aws_instance", f"i{i}", {
                "ami": "ami-0123456789abcdef0", "instance_type": TYPES[i % len(TYPES)],
                "root_block_device": [{"volume_size": 20 + i % 30, "volume_type": VOLS[i % 2]}],
                "tags": {"team": f"team{i % 7}", "env": ["dev", "prod"][i % 2]}}))
        elif k < 6:
            v = VOLS[i % len(VOLS)]
            vals = {"availability_zone": "us-east-1a", "size": 100 + i % 400, "type": v}
            if v == "io1":
                vals["iops"] = 1000
            out.append(("aws_ebs_volume", f"v{i}", vals))
        elif k == 6:
            out.append(("aws_eip", f"e{i}", {"domain": "vpc"}))
        elif k == 7:
            out.append(("aws_s3_bucket", f"b{i}", {"bucket": f"bucket-{i}"}))
        elif k == 8:
            out.append(("aws_nat_gateway", f"n{i}", {"allocation_id": "eipalloc-1", "subnet_id": "subnet-1"}))
        else:
            out.append(("aws_vpc", f"net{i}", {"cidr_block": "10.0.0.0/16"}))
    return out


def hcl_value(v, indent="  "):
    if isinstance(v, dict):
        inner = "\n".join(f'{indent}  {k} = {hcl_value(x, indent + "  ")}' for k, x in v.items())
        return "{\n" + inner + "\n" + indent + "}"
    if isinstance(v, str):
        return json.dumps(v)
    return json.dumps(v)


def write_dir(n, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "main.tf"), "w") as f:
        f.write('provider "aws" {\n  region = "us-east-1"\n}\n\n')
        for ty, name, vals in resources(n):
            f.write(f'resource "{ty}" "{name}" {{\n')
            for k, v in vals.items():
                if isinstance(v, list):
                    for blk in v:
                        f.write(f"  {k} {{\n")
                        for bk, bv in blk.items():
                            f.write(f"    {bk} = {json.dumps(bv)}\n")
                        f.write("  }\n")
                else:
                    f.write(f"  {k} = {hcl_value(v)}\n")
            f.write("}\n\n")


def write_plan(n, out):
    res = resources(n)
    planned = [{"address": f"{t}.{nm}", "mode": "managed", "type": t, "name": nm,
                "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
                "values": v, "sensitive_values": {}} for t, nm, v in res]
    changes = [{"address": f"{t}.{nm}", "mode": "managed", "type": t, "name": nm,
                "provider_name": "registry.terraform.io/hashicorp/aws",
                "change": {"actions": ["create"], "before": None, "after": v, "after_unknown": {"id": True}}}
               for t, nm, v in res]
    doc = {"format_version": "0.2", "terraform_version": "1.0.3", "variables": {},
           "planned_values": {"root_module": {"resources": planned}},
           "resource_changes": changes,
           "prior_state": {"format_version": "0.2", "values": {"root_module": {}}},
           "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "us-east-1"}}}},
                             "root_module": {"resources": [{"address": f"{t}.{nm}", "provider_config_key": "aws"} for t, nm, _ in res]}}}
    with open(out, "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    (write_dir if kind == "dir" else write_plan)(n, out)
