//! `random_integer`: a random integer in `[min, max]`, deterministic when seeded.

use terrace_provider::{Attribute, Block, Diag, Diags, Schema, Type, Value};

use super::rng::Rng;
use crate::resource::{attr_path, check_int, get_i64, get_str, Attrs, ResourceType};

pub struct RandomInteger;

const MIN_MAX: &str = "The minimum (min) value needs to be smaller than or equal to maximum (max) value.";

impl ResourceType for RandomInteger {
    fn name(&self) -> &'static str {
        "random_integer"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block::new()
                .attr("keepers", super::keepers())
                .attr(
                    "min",
                    Attribute::required(Type::Number).force_new().describe("The minimum inclusive value of the range."),
                )
                .attr(
                    "max",
                    Attribute::required(Type::Number).force_new().describe("The maximum inclusive value of the range."),
                )
                .attr(
                    "seed",
                    Attribute::optional(Type::String)
                        .force_new()
                        .describe("A custom seed to always produce the same value."),
                )
                .attr("result", Attribute::computed(Type::Number).describe("The random integer result."))
                .attr(
                    "id",
                    Attribute::computed(Type::String).describe("The string representation of the integer result."),
                ),
        }
    }

    fn validate(&self, config: &Attrs) -> Diags {
        let mut diags = Vec::new();
        check_int(config, "min", None, &mut diags);
        check_int(config, "max", None, &mut diags);
        if let (Some(min), Some(max)) = (get_i64(config, "min"), get_i64(config, "max")) {
            if min > max {
                diags.push(Diag::error("Invalid Attribute Combination", MIN_MAX).at(attr_path("min")));
            }
        }
        diags
    }

    fn needs_replace(&self, attr: &str, prior: &Value, planned: &Value) -> bool {
        super::needs_replace(attr, prior, planned)
    }

    fn create(&self, planned: &Attrs) -> Result<Attrs, Diags> {
        let (Some(min), Some(max)) = (get_i64(planned, "min"), get_i64(planned, "max")) else {
            return Err(vec![Diag::error("Create Random Integer error", "min and max must be whole numbers.")]);
        };
        if min > max {
            return Err(vec![Diag::error("Create Random Integer error", MIN_MAX)]);
        }
        let n = Rng::new(get_str(planned, "seed")).in_range(min, max);
        Ok(Attrs::from([("result".to_string(), Value::int(n)), ("id".to_string(), Value::string(n.to_string()))]))
    }

    /// The import ID is `result,min,max` or `result,min,max,seed`.
    fn import(&self, id: &str) -> Result<Attrs, Diags> {
        let usage = || {
            vec![Diag::error(
                "Import Random Integer Error",
                "Invalid import usage: expecting {result},{min},{max} or {result},{min},{max},{seed}",
            )]
        };
        let parts: Vec<&str> = id.split(',').collect();
        if parts.len() != 3 && parts.len() != 4 {
            return Err(usage());
        }
        let num = |s: &str, what: &str| {
            s.parse::<i64>().map_err(|e| {
                vec![Diag::error(
                    "Import Random Integer Error",
                    format!("The value supplied could not be parsed as an integer ({what}).\n\nOriginal Error: {e}"),
                )]
            })
        };
        let result = num(parts[0], "result")?;
        let min = num(parts[1], "min")?;
        let max = num(parts[2], "max")?;
        let seed = match parts.get(3) {
            Some(s) => Value::string(*s),
            None => Value::null(Type::String),
        };
        Ok(Attrs::from([
            ("result".to_string(), Value::int(result)),
            ("id".to_string(), Value::string(result.to_string())),
            ("min".to_string(), Value::int(min)),
            ("max".to_string(), Value::int(max)),
            ("seed".to_string(), seed),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::provider;
    use crate::resource::testing::*;

    fn cfg(min: i64, max: i64, seed: Option<&str>) -> Value {
        let p = provider();
        let mut e = vec![("min", Value::int(min)), ("max", Value::int(max))];
        if let Some(s) = seed {
            e.push(("seed", Value::string(s)));
        }
        config(p.as_ref(), "random_integer", &e)
    }

    fn result(state: &Value) -> i64 {
        attr(state, "result").as_number().unwrap().to_i64().unwrap()
    }

    #[tokio::test]
    async fn within_bounds() {
        let p = provider();
        let p = p.as_ref();
        for (min, max) in [(1, 5), (-10, -3), (0, 0), (i64::MIN, i64::MAX), (-1, 1)] {
            for _ in 0..20 {
                let state = create(p, "random_integer", &cfg(min, max, None)).await;
                let r = result(&state);
                assert!((min..=max).contains(&r), "{r} not in [{min}, {max}]");
                assert_eq!(attr_str(&state, "id"), r.to_string());
            }
        }
    }

    #[tokio::test]
    async fn seeded_is_deterministic() {
        let p = provider();
        let p = p.as_ref();
        let a = create(p, "random_integer", &cfg(1, 1_000_000, Some("abc"))).await;
        let b = create(p, "random_integer", &cfg(1, 1_000_000, Some("abc"))).await;
        assert_eq!(result(&a), result(&b));
        let results: std::collections::BTreeSet<i64> = results_for_seeds(p, &["a", "b", "c", "d", "e"]).await;
        assert!(results.len() > 1, "different seeds should give different results: {results:?}");
    }

    async fn results_for_seeds(p: &dyn terrace_provider::Provider, seeds: &[&str]) -> std::collections::BTreeSet<i64> {
        let mut out = std::collections::BTreeSet::new();
        for s in seeds {
            out.insert(result(&create(p, "random_integer", &cfg(1, 1_000_000, Some(s))).await));
        }
        out
    }

    #[tokio::test]
    async fn planning() {
        let p = provider();
        let p = p.as_ref();
        let c = cfg(1, 10, None);
        let plan = plan(p, "random_integer", &Value::null(c.ty()), &c);
        assert!(!attr(&plan.planned, "result").is_known());
        assert!(!attr(&plan.planned, "id").is_known());
        let state = create(p, "random_integer", &c).await;
        assert_noop(p, "random_integer", &state, &c);
        assert_replaces(p, "random_integer", &state, &cfg(1, 11, None), &["max"]);
        assert_replaces(p, "random_integer", &state, &cfg(0, 11, None), &["max", "min"]);
        assert_replaces(p, "random_integer", &state, &cfg(1, 10, Some("s")), &["seed"]);
    }

    #[test]
    fn validation() {
        let p = provider();
        let d = p.validate_resource("random_integer", &cfg(5, 1, None));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].detail, MIN_MAX);
        assert!(p.validate_resource("random_integer", &cfg(1, 1, None)).is_empty());
        let frac = config(
            p.as_ref(),
            "random_integer",
            &[("min", Value::number(terrace_provider::Number::parse("1.5").unwrap())), ("max", Value::int(3))],
        );
        assert_eq!(p.validate_resource("random_integer", &frac).len(), 1);
    }

    #[tokio::test]
    async fn import() {
        let p = provider();
        let s = p.import_resource("random_integer", "15,1,50,seed").await.unwrap();
        assert_conforms(p.as_ref(), "random_integer", &s);
        assert_eq!(result(&s), 15);
        assert_eq!(attr_str(&s, "seed"), "seed");
        let s = p.import_resource("random_integer", "15,1,50").await.unwrap();
        assert_conforms(p.as_ref(), "random_integer", &s);
        assert!(attr(&s, "seed").is_null());
        assert_noop(p.as_ref(), "random_integer", &s, &cfg(1, 50, None));
        assert!(p.import_resource("random_integer", "15").await.is_err());
        assert!(p.import_resource("random_integer", "x,1,2").await.is_err());
    }
}
