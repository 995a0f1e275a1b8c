//! `random_password`: `random_string` whose result is sensitive, with a bcrypt
//! hash of it.

use bcrypt::Version;
use terrace_provider::{Attribute, Diag, Diags, Schema, Type, Value};

use super::rng::Rng;
use super::string::{self, StringParams};
use crate::resource::{get_str, Attrs, ResourceType};

pub struct RandomPassword;

/// Go's `bcrypt.DefaultCost`.
pub const BCRYPT_COST: u32 = 10;

/// The bcrypt hash of a password, as Go's `bcrypt.GenerateFromPassword` writes it
/// (`$2a$10$...`). Passwords longer than 72 bytes are hashed on their first 72.
pub fn bcrypt_hash(password: &str) -> Result<String, Diags> {
    bcrypt::hash_with_result(password, BCRYPT_COST).map(|h| h.format_for_version(Version::TwoA)).map_err(|e| {
        vec![Diag::error("Create Random Password error", format!("There was an error hashing the password: {e}"))]
    })
}

impl ResourceType for RandomPassword {
    fn name(&self) -> &'static str {
        "random_password"
    }

    fn schema(&self) -> Schema {
        Schema { version: 3, block: string_block() }
    }

    fn default_value(&self, attr: &str) -> Option<Value> {
        string::default_value(attr)
    }

    fn validate(&self, config: &Attrs) -> Diags {
        string::validate(config)
    }

    fn modify_plan(&self, planned: &mut Attrs, config: &Attrs) {
        string::modify_plan(planned, config)
    }

    fn needs_replace(&self, attr: &str, prior: &Value, planned: &Value) -> bool {
        string::needs_replace(attr, prior, planned)
    }

    fn upgrade(&self, state: &mut Attrs) {
        string::upgrade(state);
        // States written before the hash existed get one.
        if state["bcrypt_hash"].is_null() {
            if let Some(Ok(h)) = get_str(state, "result").map(bcrypt_hash) {
                state.insert("bcrypt_hash".into(), Value::string(h));
            }
        }
    }

    fn create(&self, planned: &Attrs) -> Result<Attrs, Diags> {
        let s = StringParams::from_attrs(planned)?.generate(&mut Rng::Os);
        let hash = bcrypt_hash(&s)?;
        Ok(Attrs::from([
            ("result".to_string(), Value::string(s)),
            ("bcrypt_hash".to_string(), Value::string(hash)),
            ("id".to_string(), Value::string("none")),
        ]))
    }

    /// The import ID is the password itself.
    fn import(&self, id: &str) -> Result<Attrs, Diags> {
        let mut a = string::import_attrs(id);
        a.insert("id".into(), Value::string("none"));
        a.insert("bcrypt_hash".into(), Value::string(bcrypt_hash(id)?));
        Ok(a)
    }
}

fn string_block() -> terrace_provider::Block {
    string::string_block(true).attr(
        "bcrypt_hash",
        Attribute::computed(Type::String).sensitive().describe("A bcrypt hash of the generated random string. **NOTE**: If the generated random string is greater than 72 bytes in length, `bcrypt_hash` will contain a hash of the first 72 bytes."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::provider;
    use crate::random::string::tests::classes;
    use crate::random::string::SPECIAL_CHARS;
    use crate::resource::testing::*;

    #[test]
    fn schema_sensitivity() {
        let p = provider();
        let b = &p.schema().resources["random_password"].block;
        assert!(b.attributes["result"].sensitive);
        assert!(b.attributes["bcrypt_hash"].sensitive);
        assert!(!b.attributes["id"].sensitive && !b.attributes["length"].sensitive);
        let s = &p.schema().resources["random_string"].block;
        assert!(!s.attributes["result"].sensitive);
        let mut pw: Vec<&String> = b.attributes.keys().collect();
        pw.retain(|k| *k != "bcrypt_hash");
        assert_eq!(pw, s.attributes.keys().collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn create_noop_replace() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_password", &[("length", Value::int(20)), ("min_special", Value::int(2))]);
        let plan = plan(p, "random_password", &Value::null(cfg.ty()), &cfg);
        assert!(!attr(&plan.planned, "result").is_known() && !attr(&plan.planned, "bcrypt_hash").is_known());
        assert_eq!(attr(&plan.planned, "special").as_bool(), Some(true));

        let state = create(p, "random_password", &cfg).await;
        let result = attr_str(&state, "result");
        assert_eq!(result.chars().count(), 20);
        assert!(classes(result, SPECIAL_CHARS)[3] >= 2);
        assert_eq!(attr_str(&state, "id"), "none");
        let hash = attr_str(&state, "bcrypt_hash");
        assert!(hash.starts_with("$2a$10$"), "{hash}");
        assert!(bcrypt::verify(result, hash).unwrap());
        // Values are not marked: the engine marks by schema.
        assert!(!state.contains_sensitive());

        assert_noop(p, "random_password", &state, &cfg);
        let changed = config(p, "random_password", &[("length", Value::int(20)), ("min_special", Value::int(3))]);
        assert_replaces(p, "random_password", &state, &changed, &["min_special"]);
        let keepers = config(
            p,
            "random_password",
            &[("length", Value::int(20)), ("min_special", Value::int(2)), ("keepers", str_map(&[("r", "1")]))],
        );
        assert_replaces(p, "random_password", &state, &keepers, &["keepers"]);
    }

    #[tokio::test]
    async fn import_and_upgrade() {
        let p = provider();
        let s = p.import_resource("random_password", "s3cr3t!").await.unwrap();
        assert_conforms(p.as_ref(), "random_password", &s);
        assert_eq!(attr_str(&s, "id"), "none");
        assert_eq!(attr_str(&s, "result"), "s3cr3t!");
        assert!(bcrypt::verify("s3cr3t!", attr_str(&s, "bcrypt_hash")).unwrap());

        // A state from before bcrypt_hash existed gets one on refresh.
        let mut old = s.as_entries().unwrap().clone();
        old.remove("bcrypt_hash");
        let refreshed = p.read_resource("random_password", &Value::object(old)).await.unwrap().unwrap();
        assert_conforms(p.as_ref(), "random_password", &refreshed);
        assert!(bcrypt::verify("s3cr3t!", attr_str(&refreshed, "bcrypt_hash")).unwrap());
    }

    #[test]
    fn validation() {
        let p = provider();
        let d = p
            .validate_resource("random_password", &config(p.as_ref(), "random_password", &[("length", Value::int(0))]));
        assert_eq!(d.len(), 1);
    }
}
