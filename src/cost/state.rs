//! Pricing a state file: what runs now. The state does not record a provider's region, so
//! each resource's region comes from its own attributes (`region`, an ARN, an
//! availability zone), else the environment's region, else us-east-1.

use std::path::Path;

use serde_json::Value as J;
use terrace_pricing::json::Project;
use terrace_pricing::{Catalog, ResourceInput, Usage};

use super::CostError;
use crate::config::Mode;

/// The region a resource's attributes show.
pub fn region_of(values: &J) -> Option<String> {
    if let Some(r) = values.get("region").and_then(|r| r.as_str()).filter(|r| !r.is_empty()) {
        return Some(r.to_string());
    }
    if let Some(arn) = values.get("arn").and_then(|a| a.as_str()) {
        // arn:partition:service:region:account:resource
        if let Some(r) = arn.split(':').nth(3).filter(|r| !r.is_empty()) {
            return Some(r.to_string());
        }
    }
    let az = values.get("availability_zone").and_then(|a| a.as_str())?;
    let r = az.trim_end_matches(|c: char| c.is_ascii_lowercase());
    (r.len() < az.len() && !r.is_empty()).then(|| r.to_string())
}

/// The managed resource instances of a state as price inputs.
pub fn state_inputs(state: &crate::state::model::State) -> Vec<ResourceInput> {
    let default_region = super::env_region().unwrap_or_else(|| super::DEFAULT_REGION.to_string());
    let mut out = Vec::new();
    for (addr, rs) in &state.resources {
        if addr.mode != Mode::Managed {
            continue;
        }
        for (key, inst) in &rs.instances {
            let values = inst.attributes.clone();
            let region = region_of(&values).unwrap_or_else(|| default_region.clone());
            let mut r = ResourceInput::new(addr.instance(key.clone()).to_string(), addr.type_name.clone(), region, values.clone());
            r.tags = super::merged_tags(&values, &Default::default());
            r.references = inst.dependencies.clone();
            out.push(r);
        }
    }
    super::sorted(out)
}

/// Prices a state file.
pub fn price_state(path: &Path, usage: &Usage, catalog: &Catalog) -> Result<Project, CostError> {
    if !path.is_file() {
        return Err(CostError(format!("Error: No state file\n\n{} does not exist. Pass --state the terraform.tfstate file to price.", path.display())));
    }
    let state = crate::state::model::State::load(path).map_err(|e| CostError(format!("Error: Cannot read the state\n\n{}: {e}", path.display())))?;
    let inputs = state_inputs(&state);
    let b = super::breakdown(&inputs, catalog, usage);
    Ok(super::project(path.to_string_lossy().to_string(), &path.to_string_lossy(), "terraform_state", None, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_attributes() {
        assert_eq!(region_of(&serde_json::json!({"arn": "arn:aws:ec2:eu-west-1:123:instance/i-1"})), Some("eu-west-1".into()));
        assert_eq!(region_of(&serde_json::json!({"availability_zone": "ap-south-1b"})), Some("ap-south-1".into()));
        assert_eq!(region_of(&serde_json::json!({"arn": "arn:aws:s3:::bucket"})), None);
        assert_eq!(region_of(&serde_json::json!({"region": "us-west-2", "arn": "arn:aws:s3:::b"})), Some("us-west-2".into()));
    }
}
