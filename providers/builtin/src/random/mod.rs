//! The `random` provider (`registry.terraform.io/hashicorp/random`): resources whose
//! values are chosen at random when they are created and then kept in state until
//! an argument (or one of the `keepers`) changes and forces a replacement.

use std::sync::Arc;

use terrace_provider::plan::same;
use terrace_provider::{Attribute, Provider, Type, Value};

use crate::resource::{keepers_differ, BuiltinProvider};

pub mod id;
pub mod integer;
pub mod password;
pub mod pet;
pub mod rng;
pub mod shuffle;
pub mod string;
pub mod uuid;

pub const NAME: &str = "random";
pub const SOURCE: &str = "registry.terraform.io/hashicorp/random";

/// The `random` provider.
pub fn provider() -> Arc<dyn Provider> {
    Arc::new(BuiltinProvider::new(
        NAME,
        SOURCE,
        vec![
            Box::new(id::RandomId),
            Box::new(integer::RandomInteger),
            Box::new(password::RandomPassword),
            Box::new(pet::RandomPet),
            Box::new(shuffle::RandomShuffle),
            Box::new(string::RandomString),
            Box::new(uuid::RandomUuid),
        ],
        Vec::new(),
    ))
}

/// The `keepers` argument every random resource has.
pub(crate) fn keepers() -> Attribute {
    Attribute::optional(Type::map(Type::String)).force_new().describe(
        "Arbitrary map of values that, when changed, will trigger recreation of resource. See the main provider documentation for more information.",
    )
}

/// Replacement rule shared by the random resources: `keepers` changes replace only
/// when a non-null value changes; every other argument replaces on any change.
pub(crate) fn needs_replace(attr: &str, prior: &Value, planned: &Value) -> bool {
    if attr == "keepers" {
        keepers_differ(prior, planned)
    } else {
        !same(prior, planned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::testing::*;

    #[test]
    fn identity_and_types() {
        let p = provider();
        assert_eq!(p.name(), "random");
        assert_eq!(p.source(), "registry.terraform.io/hashicorp/random");
        let names: Vec<&String> = p.schema().resources.keys().collect();
        assert_eq!(
            names,
            [
                "random_id",
                "random_integer",
                "random_password",
                "random_pet",
                "random_shuffle",
                "random_string",
                "random_uuid"
            ]
        );
        // Every argument of every random resource forces replacement.
        for (name, s) in &p.schema().resources {
            for (a, attr) in &s.block.attributes {
                if attr.required || attr.optional {
                    assert!(attr.force_new, "{name}.{a} should force replacement");
                }
            }
            assert!(s.block.attributes.contains_key("keepers") && s.block.attributes.contains_key("id"), "{name}");
        }
    }

    #[tokio::test]
    async fn keepers_null_and_empty_are_alike() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_uuid", &[]);
        let state = create(p, "random_uuid", &cfg).await;
        // null -> {} is an in-place update, not a replacement.
        let empty = config(p, "random_uuid", &[("keepers", str_map(&[]))]);
        let plan = self::plan(p, "random_uuid", &state, &empty);
        assert!(plan.requires_replace.is_empty());
        assert_eq!(attr_str(&plan.planned, "result"), attr_str(&state, "result"));
        let updated = apply(p, "random_uuid", &state, &plan.planned, &empty).await;
        assert_conforms(p, "random_uuid", &updated);
        assert_eq!(attr(&updated, "keepers").to_json(), "{}");
        assert_eq!(attr_str(&updated, "result"), attr_str(&state, "result"));
        // A real value replaces.
        let set = config(p, "random_uuid", &[("keepers", str_map(&[("k", "v")]))]);
        assert_replaces(p, "random_uuid", &updated, &set, &["keepers"]);
    }
}
