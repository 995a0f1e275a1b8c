//! Schema-driven planning shared by providers: the proposed new state (configuration
//! merged with prior computed values) and a default plan from it, the way
//! Terraform's plugin SDK plans resources that need no special logic.

use std::collections::BTreeMap;

use crate::provider::{AttrPath, PathStep, PlanResponse};
use crate::schema::{Block, Nesting};
use crate::value::Value;

/// Terraform's proposed new state: configuration values where set; for computed
/// attributes the configuration leaves null, the prior value.
pub fn proposed_new(block: &Block, prior: &Value, config: &Value) -> Value {
    if config.is_null() || !config.is_known() {
        return config.clone();
    }
    let prior_attrs = if prior.is_null() || !prior.is_known() { None } else { prior.as_entries() };
    let config_attrs = config.as_entries();
    let mut out = BTreeMap::new();
    for (name, a) in &block.attributes {
        let c = config_attrs.and_then(|m| m.get(name)).cloned().unwrap_or_else(|| Value::null(a.ty.clone()));
        let v = if c.is_null() && a.computed {
            prior_attrs.and_then(|m| m.get(name)).cloned().unwrap_or(c)
        } else {
            c
        };
        out.insert(name.clone(), v);
    }
    for (name, nb) in &block.blocks {
        let c = config_attrs.and_then(|m| m.get(name)).cloned().unwrap_or_else(|| Value::null(nb.block.implied_type()));
        let p = prior_attrs.and_then(|m| m.get(name)).cloned().unwrap_or_else(|| Value::null(nb.block.implied_type()));
        let v = match nb.nesting {
            Nesting::Single => proposed_new(&nb.block, &p, &c),
            Nesting::List => match (c.as_elements(), p.as_elements()) {
                (Some(cs), ps) => {
                    let items: Vec<Value> = cs
                        .iter()
                        .enumerate()
                        .map(|(i, ci)| {
                            let pi = ps.and_then(|ps| ps.get(i)).cloned().unwrap_or_else(|| Value::null(nb.block.implied_type()));
                            proposed_new(&nb.block, &pi, ci)
                        })
                        .collect();
                    Value::list(nb.block.implied_type(), items)
                }
                _ => c,
            },
            Nesting::Set => c,
        };
        out.insert(name.clone(), v);
    }
    Value::object(out)
}

/// Whether two values are the same, ignoring marks.
pub fn same(a: &Value, b: &Value) -> bool {
    let (a, _) = a.clone().unmark_deep();
    let (b, _) = b.clone().unmark_deep();
    a.is_wholly_known() && b.is_wholly_known() && a.raw_equals(&b)
}

/// The default plan: the proposed state with computed attributes that are still
/// null turned unknown when creating, and every changed `force_new` attribute
/// listed as requiring replacement.
pub fn plan_with_schema(block: &Block, prior: &Value, proposed: &Value) -> PlanResponse {
    if proposed.is_null() {
        return PlanResponse { planned: proposed.clone(), requires_replace: Vec::new() };
    }
    let creating = prior.is_null();
    let mut requires_replace = Vec::new();
    let planned = plan_block(block, prior, proposed, creating, &mut Vec::new(), &mut requires_replace);
    PlanResponse { planned, requires_replace }
}

fn plan_block(block: &Block, prior: &Value, proposed: &Value, creating: bool, path: &mut AttrPath, rr: &mut Vec<AttrPath>) -> Value {
    let Some(attrs) = proposed.as_entries() else { return proposed.clone() };
    let prior_attrs = prior.as_entries();
    let mut out = BTreeMap::new();
    for (name, v) in attrs {
        let mut v = v.clone();
        if let Some(a) = block.attributes.get(name) {
            if a.computed && v.is_null() && creating {
                v = Value::unknown(a.ty.clone());
            }
            if a.force_new && !creating {
                let before = prior_attrs.and_then(|m| m.get(name)).cloned().unwrap_or_else(|| Value::null(a.ty.clone()));
                if !same(&before, &v) {
                    let mut p = path.clone();
                    p.push(PathStep::Attr(name.clone()));
                    rr.push(p);
                }
            }
        } else if let Some(nb) = block.blocks.get(name) {
            if nb.force_new && !creating {
                let before = prior_attrs.and_then(|m| m.get(name)).cloned().unwrap_or_else(|| Value::null(nb.block.implied_type()));
                if !same(&before, &v) {
                    let mut p = path.clone();
                    p.push(PathStep::Attr(name.clone()));
                    rr.push(p);
                }
            }
            if nb.nesting == Nesting::Single && !v.is_null() {
                let before = prior_attrs.and_then(|m| m.get(name)).cloned().unwrap_or_else(|| Value::null(nb.block.implied_type()));
                path.push(PathStep::Attr(name.clone()));
                v = plan_block(&nb.block, &before, &v, creating || before.is_null(), path, rr);
                path.pop();
            }
        }
        out.insert(name.clone(), v);
    }
    Value::object(out)
}
