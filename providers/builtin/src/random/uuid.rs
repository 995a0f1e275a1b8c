//! `random_uuid`: a random (version 4) UUID.

use terrace_provider::{Attribute, Block, Diag, Diags, Schema, Type, Value};

use crate::resource::{Attrs, ResourceType};

pub struct RandomUuid;

/// Whether `s` is a UUID in its canonical 8-4-4-4-12 hexadecimal form.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

impl ResourceType for RandomUuid {
    fn name(&self) -> &'static str {
        "random_uuid"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block::new()
                .attr("keepers", super::keepers())
                .attr(
                    "result",
                    Attribute::computed(Type::String).describe("The generated uuid presented in string format."),
                )
                .attr(
                    "id",
                    Attribute::computed(Type::String).describe("The generated uuid presented in string format."),
                ),
        }
    }

    fn needs_replace(&self, attr: &str, prior: &Value, planned: &Value) -> bool {
        super::needs_replace(attr, prior, planned)
    }

    fn create(&self, _planned: &Attrs) -> Result<Attrs, Diags> {
        let u = uuid::Uuid::new_v4().to_string();
        Ok(Attrs::from([("result".to_string(), Value::string(u.clone())), ("id".to_string(), Value::string(u))]))
    }

    /// The import ID is the UUID.
    fn import(&self, id: &str) -> Result<Attrs, Diags> {
        if !is_uuid(id) {
            return Err(vec![Diag::error(
                "Import Random UUID Error",
                format!("There was an error during the parsing of the UUID.\n\nOriginal Error: uuid string is wrong length or format: {id:?}"),
            )]);
        }
        Ok(Attrs::from([("result".to_string(), Value::string(id)), ("id".to_string(), Value::string(id))]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::provider;
    use crate::resource::testing::*;

    #[tokio::test]
    async fn create_noop_replace() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_uuid", &[]);
        let plan = plan(p, "random_uuid", &Value::null(cfg.ty()), &cfg);
        assert!(!attr(&plan.planned, "result").is_known());
        let state = create(p, "random_uuid", &cfg).await;
        let u = attr_str(&state, "result");
        assert!(is_uuid(u), "{u}");
        assert_eq!(&u[14..15], "4", "version 4");
        assert!("89ab".contains(&u[19..20]), "RFC 4122 variant");
        assert_eq!(attr_str(&state, "id"), u);
        assert_noop(p, "random_uuid", &state, &cfg);
        let k = config(p, "random_uuid", &[("keepers", str_map(&[("a", "1")]))]);
        let kept = create(p, "random_uuid", &k).await;
        assert_noop(p, "random_uuid", &kept, &k);
        assert_replaces(
            p,
            "random_uuid",
            &kept,
            &config(p, "random_uuid", &[("keepers", str_map(&[("a", "2")]))]),
            &["keepers"],
        );
        assert_replaces(p, "random_uuid", &kept, &cfg, &["keepers"]);
        assert_ne!(attr_str(&kept, "result"), u);
    }

    #[tokio::test]
    async fn import() {
        let p = provider();
        let id = "6b0b4e5c-2ba4-4a3c-8f3e-1c0f0e2d9a11";
        let s = p.import_resource("random_uuid", id).await.unwrap();
        assert_conforms(p.as_ref(), "random_uuid", &s);
        assert_eq!(attr_str(&s, "result"), id);
        assert!(p.import_resource("random_uuid", "nope").await.is_err());
        assert!(p.import_resource("random_uuid", "6b0b4e5c2ba44a3c8f3e1c0f0e2d9a11").await.is_err());
    }
}
