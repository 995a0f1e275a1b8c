#!/usr/bin/env python3
"""Generates a configuration of N null_resource instances for the engine benchmark:
half for_each, half count referencing the first half, a tenth of each inside a module."""
import os, sys

n = int(sys.argv[1]); d = sys.argv[2]
os.makedirs(os.path.join(d, "modules", "group"), exist_ok=True)
half = n // 2
in_module = half // 10          # instances of each kind that live in the module
root_each = half - in_module
root_count = half - in_module
with open(os.path.join(d, "main.tf"), "w") as f:
    f.write('terraform {\n  required_providers {\n    null = {\n      source  = "hashicorp/null"\n      version = "2.1.2"\n    }\n  }\n}\n\n')
    # A literal list: Terraform's range() stops at 1,024 values.
    keys = ", ".join(f'"k{i}"' for i in range(root_each))
    f.write(f'locals {{\n  keys = toset([{keys}])\n}}\n\n')
    f.write('resource "null_resource" "each" {\n  for_each = local.keys\n  triggers = {\n    name = each.key\n  }\n}\n\n')
    f.write(f'resource "null_resource" "counted" {{\n  count = {root_count}\n  triggers = {{\n    parent = null_resource.each["k${{count.index}}"].id\n  }}\n}}\n\n')
    f.write(f'module "group" {{\n  source = "./modules/group"\n  size   = {in_module}\n}}\n\n')
    f.write('output "count" {\n  value = length(null_resource.counted) + module.group.size\n}\n')
with open(os.path.join(d, "modules", "group", "main.tf"), "w") as f:
    f.write('variable "size" {\n  type = number\n}\n\n')
    f.write('resource "null_resource" "each" {\n  for_each = toset([for i in range(var.size) : tostring(i)])\n  triggers = {\n    name = each.key\n  }\n}\n\n')  # size <= 1,000
    f.write('resource "null_resource" "counted" {\n  count = var.size\n  triggers = {\n    parent = null_resource.each[tostring(count.index)].id\n  }\n}\n\n')
    f.write('output "size" {\n  value = length(null_resource.counted) + length(null_resource.each)\n}\n')
