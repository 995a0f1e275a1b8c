variable "environment" {
  type = string
}

variable "names" {
  type = list(string)
}

output "full_names" {
  value = [for n in var.names : "${var.environment}-${n}"]
}
