//! Terrace: a Terraform-compatible provisioner that prices every plan.

pub mod lang;
