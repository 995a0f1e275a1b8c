//! The engine: planning resource changes against the prior state, and applying a
//! plan through the providers.
//!
//! **Invariant:** apply never creates, updates or deletes an instance that the plan
//! did not name, and the state is on disk before the next operation starts.

pub mod apply;
pub mod plan;
pub mod plan_json;
pub mod planner;
pub mod values;

use std::collections::BTreeMap;
use std::sync::Arc;

use terrace_provider::{Block, Provider};

use crate::config::{Mode, Resource};

/// The providers available to a run, by local name.
pub struct Providers {
    by_name: BTreeMap<String, Arc<dyn Provider>>,
}

impl Providers {
    /// The providers compiled into Terrace.
    pub fn builtin() -> Providers {
        let mut by_name = BTreeMap::new();
        for p in terrace_provider_builtin::providers() {
            by_name.insert(p.name().to_string(), p);
        }
        Providers { by_name }
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn Provider>> {
        self.by_name.get(name)
    }

    /// The provider a resource uses.
    pub fn for_resource(&self, r: &Resource) -> Option<&Arc<dyn Provider>> {
        self.get(&crate::graph::provider_local_name(r))
    }

    /// The provider for a resource type name, by its prefix.
    pub fn for_type(&self, type_name: &str) -> Option<&Arc<dyn Provider>> {
        self.get(type_name.split('_').next().unwrap_or(""))
    }

    pub fn schema(&self, mode: Mode, type_name: &str) -> Option<(Block, u64)> {
        let p = self.for_type(type_name)?;
        let s = match mode {
            Mode::Managed => p.schema().resources.get(type_name)?,
            Mode::Data => p.schema().data_sources.get(type_name)?,
        };
        Some((s.block.clone(), s.version))
    }
}

/// A provider's diagnostics about one instance, placed at its resource block when the
/// configuration is known (`None` for objects being deleted without configuration).
pub(crate) fn provider_diagnostics(ds: Vec<terrace_provider::Diag>, addr: &str, r: Option<&Resource>) -> crate::diag::Diagnostics {
    let mut out = crate::diag::Diagnostics::new();
    let kind = if r.is_some_and(|r| r.mode == Mode::Data) { "data" } else { "resource" };
    for d in ds {
        let x = if d.severity == terrace_provider::provider::Severity::Error {
            crate::diag::Diagnostic::error(d.summary, d.detail)
        } else {
            crate::diag::Diagnostic::warning(d.summary, d.detail)
        };
        out.push(x.with_subject(r.and_then(|r| r.range.clone())).with_block(format!("{kind}: {addr}")));
    }
    out
}

/// `provider["registry.terraform.io/hashicorp/null"]`, as state files name providers.
pub fn provider_config_addr(source: &str) -> String {
    format!("provider[\"{source}\"]")
}
