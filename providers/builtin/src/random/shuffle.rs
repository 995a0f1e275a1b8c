//! `random_shuffle`: a random permutation of a list of strings, deterministic when
//! seeded.

use terrace_provider::{Attribute, Block, Diag, Diags, Schema, Type, Value};

use super::rng::Rng;
use crate::resource::{check_int, get_i64, get_str, Attrs, ResourceType};

pub struct RandomShuffle;

impl ResourceType for RandomShuffle {
    fn name(&self) -> &'static str {
        "random_shuffle"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block::new()
                .attr("keepers", super::keepers())
                .attr(
                    "seed",
                    Attribute::optional(Type::String).force_new().describe(
                        "Arbitrary string with which to seed the random number generator, in order to produce less-volatile permutations of the list.",
                    ),
                )
                .attr("input", Attribute::required(Type::list(Type::String)).force_new().describe("The list of strings to shuffle."))
                .attr(
                    "result_count",
                    Attribute::optional(Type::Number).force_new().describe(
                        "The number of results to return. Defaults to the number of items in the `input` list. If fewer items are requested, some elements will be excluded from the result. If more items are requested, items will be repeated in the result but not more frequently than the number of items in the input list.",
                    ),
                )
                .attr("result", Attribute::computed(Type::list(Type::String)).describe("Random permutation of the list of strings given in `input`. The number of elements is determined by `result_count` if set, or the number of elements in `input`."))
                .attr("id", Attribute::computed(Type::String).describe("A static value used internally by Terraform, this should not be referenced in configurations.")),
        }
    }

    fn validate(&self, config: &Attrs) -> Diags {
        let mut diags = Vec::new();
        check_int(config, "result_count", Some(0), &mut diags);
        diags
    }

    fn needs_replace(&self, attr: &str, prior: &Value, planned: &Value) -> bool {
        super::needs_replace(attr, prior, planned)
    }

    fn create(&self, planned: &Attrs) -> Result<Attrs, Diags> {
        let input: Vec<Value> = planned["input"].as_elements().map(<[Value]>::to_vec).unwrap_or_default();
        let count = match get_i64(planned, "result_count") {
            Some(n) if n >= 0 => n as usize,
            Some(_) => {
                return Err(vec![Diag::error("Create Random Shuffle error", "result_count must not be negative.")])
            }
            None => input.len(),
        };
        let mut result = Vec::with_capacity(count);
        if !input.is_empty() {
            let mut rng = Rng::new(get_str(planned, "seed"));
            // Whole permutations, one after another, until there are enough.
            'fill: loop {
                for i in rng.perm(input.len()) {
                    if result.len() >= count {
                        break 'fill;
                    }
                    result.push(input[i].clone());
                }
            }
        }
        Ok(Attrs::from([
            ("result".to_string(), Value::list(Type::String, result)),
            ("id".to_string(), Value::string("-")),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::provider;
    use crate::resource::testing::*;

    fn list(items: &[&str]) -> Value {
        Value::list(Type::String, items.iter().map(|s| Value::string(*s)).collect())
    }

    fn strings(v: &Value) -> Vec<String> {
        v.as_elements().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
    }

    const INPUT: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];

    #[tokio::test]
    async fn permutation() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_shuffle", &[("input", list(&INPUT))]);
        let plan = plan(p, "random_shuffle", &Value::null(cfg.ty()), &cfg);
        assert!(!attr(&plan.planned, "result").is_known());
        assert!(attr(&plan.planned, "result_count").is_null());
        let state = create(p, "random_shuffle", &cfg).await;
        assert_eq!(attr_str(&state, "id"), "-");
        let mut r = strings(attr(&state, "result"));
        r.sort();
        assert_eq!(r, INPUT);
        assert_noop(p, "random_shuffle", &state, &cfg);
        assert_replaces(
            p,
            "random_shuffle",
            &state,
            &config(p, "random_shuffle", &[("input", list(&INPUT[..7]))]),
            &["input"],
        );
        assert_replaces(
            p,
            "random_shuffle",
            &state,
            &config(p, "random_shuffle", &[("input", list(&INPUT)), ("result_count", Value::int(2))]),
            &["result_count"],
        );
        assert_replaces(
            p,
            "random_shuffle",
            &state,
            &config(p, "random_shuffle", &[("input", list(&INPUT)), ("keepers", str_map(&[("k", "v")]))]),
            &["keepers"],
        );
    }

    #[tokio::test]
    async fn seeded_is_deterministic() {
        let p = provider();
        let p = p.as_ref();
        let seeded =
            |seed: &str| config(p, "random_shuffle", &[("input", list(&INPUT)), ("seed", Value::string(seed))]);
        let a = create(p, "random_shuffle", &seeded("one")).await;
        let b = create(p, "random_shuffle", &seeded("one")).await;
        assert_eq!(strings(attr(&a, "result")), strings(attr(&b, "result")));
        let mut seen = std::collections::BTreeSet::new();
        for s in ["one", "two", "three", "four", "five"] {
            seen.insert(strings(attr(&create(p, "random_shuffle", &seeded(s)).await, "result")));
        }
        assert!(seen.len() > 1);
    }

    #[tokio::test]
    async fn result_count() {
        let p = provider();
        let p = p.as_ref();
        let with =
            |n: i64| config(p, "random_shuffle", &[("input", list(&["x", "y", "z"])), ("result_count", Value::int(n))]);
        let s = create(p, "random_shuffle", &with(2)).await;
        let r = strings(attr(&s, "result"));
        assert_eq!(r.len(), 2);
        assert_ne!(r[0], r[1]);
        let s = create(p, "random_shuffle", &with(7)).await;
        let r = strings(attr(&s, "result"));
        assert_eq!(r.len(), 7);
        // Repeats come in whole permutations.
        let mut first: Vec<&String> = r[..3].iter().collect();
        first.sort();
        assert_eq!(first, ["x", "y", "z"]);
        let s = create(p, "random_shuffle", &with(0)).await;
        assert_eq!(attr(&s, "result").to_json(), "[]");
        let empty = create(p, "random_shuffle", &config(p, "random_shuffle", &[("input", list(&[]))])).await;
        assert_eq!(attr(&empty, "result").to_json(), "[]");
        assert_eq!(attr(&empty, "result").ty(), Type::list(Type::String));
        assert_eq!(p.validate_resource("random_shuffle", &with(-1)).len(), 1);
    }
}
