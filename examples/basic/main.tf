terraform {
  required_version = ">= 1.0.0"
}

variable "environment" {
  type    = string
  default = "dev"
  validation {
    condition     = contains(["dev", "stage", "prod"], var.environment)
    error_message = "The environment must be dev, stage or prod."
  }
}

variable "services" {
  type = map(object({
    instance_type = string
    replicas      = optional(number, 1)
  }))
  default = {
    api    = { instance_type = "t3.small", replicas = 2 }
    worker = { instance_type = "t3.micro" }
  }
}

locals {
  subnets = cidrsubnets("10.0.0.0/16", 8, 8, 8)
  instances = flatten([
    for name, svc in var.services : [
      for i in range(svc.replicas) : {
        name          = "${name}-${i}"
        instance_type = svc.instance_type
      }
    ]
  ])
}

module "naming" {
  source      = "./modules/naming"
  environment = var.environment
  names       = [for i in local.instances : i.name]
}

resource "random_pet" "suffix" {
  keepers = {
    environment = var.environment
  }
}

# One placeholder per instance; replaced whenever its type changes.
resource "null_resource" "instance" {
  for_each = { for i in local.instances : i.name => i }
  triggers = {
    name          = "${each.key}-${random_pet.suffix.id}"
    instance_type = each.value.instance_type
  }
}

output "subnets" {
  value = local.subnets
}

output "instance_names" {
  value = module.naming.full_names
}

output "placeholders" {
  value = sort([for k, r in null_resource.instance : r.triggers.name])
}
