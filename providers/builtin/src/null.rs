//! The `null` provider (`registry.terraform.io/hashicorp/null`): `null_resource`,
//! which does nothing but can be replaced on demand through `triggers`, and the
//! deprecated `null_data_source`, which echoes its inputs.

use std::sync::Arc;

use rand::Rng;
use terrace_provider::{Attribute, Block, Diags, Provider, Schema, Type, Value};

use crate::resource::{get_str, Attrs, BuiltinProvider, DataSourceType, ResourceType};

pub const NAME: &str = "null";
pub const SOURCE: &str = "registry.terraform.io/hashicorp/null";

/// The `null` provider.
pub fn provider() -> Arc<dyn Provider> {
    Arc::new(BuiltinProvider::new(NAME, SOURCE, vec![Box::new(NullResource)], vec![Box::new(NullDataSource)]))
}

/// A random non-negative 63-bit integer in decimal, like Go's `rand.Int()`.
fn random_decimal() -> String {
    (rand::thread_rng().gen::<u64>() >> 1).to_string()
}

struct NullResource;

fn empty_triggers_to_null(attrs: &mut Attrs) {
    if attrs.get("triggers").is_some_and(|t| t.is_known() && t.is_empty()) {
        attrs.insert("triggers".to_string(), Value::null(Type::map(Type::String)));
    }
}

impl ResourceType for NullResource {
    fn name(&self) -> &'static str {
        "null_resource"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block::new()
                .attr(
                    "id",
                    Attribute::computed(Type::String).describe("This is set to a random value at create time."),
                )
                .attr(
                    "triggers",
                    Attribute::optional(Type::map(Type::String)).force_new().describe(
                        "A map of arbitrary strings that, when changed, will force the null resource to be replaced, re-running any associated provisioners.",
                    ),
                ),
        }
    }

    /// The null provider is built on Terraform's legacy plugin SDK, to which an
    /// empty map and no map are the same: `triggers = {}` is stored as null.
    fn modify_plan(&self, planned: &mut Attrs, _config: &Attrs) {
        empty_triggers_to_null(planned);
    }

    fn upgrade(&self, state: &mut Attrs) {
        empty_triggers_to_null(state);
    }

    fn create(&self, _planned: &Attrs) -> Result<Attrs, Diags> {
        Ok(Attrs::from([("id".to_string(), Value::string(random_decimal()))]))
    }

    fn import(&self, id: &str) -> Result<Attrs, Diags> {
        Ok(Attrs::from([
            ("id".to_string(), Value::string(id)),
            ("triggers".to_string(), Value::null(Type::map(Type::String))),
        ]))
    }
}

struct NullDataSource;

impl DataSourceType for NullDataSource {
    fn name(&self) -> &'static str {
        "null_data_source"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block::new()
                .attr(
                    "inputs",
                    Attribute::optional(Type::map(Type::String))
                        .describe("A map of arbitrary strings that is copied into the `outputs` attribute, and accessible directly for interpolation."),
                )
                .attr(
                    "outputs",
                    Attribute::computed(Type::map(Type::String))
                        .describe("After the data source is \"read\", a copy of the `inputs` map."),
                )
                .attr("random", Attribute::computed(Type::String).describe("A random value. This is primarily for testing and has little practical use; prefer the random provider for more practical random number use-cases."))
                .attr(
                    "has_computed_default",
                    Attribute::optional_computed(Type::String)
                        .describe("If set, its literal value will be stored and returned. If not, its value defaults to `\"default\"`. This argument exists primarily for testing and has little practical use."),
                )
                .attr("id", Attribute::computed(Type::String).describe("This attribute is only present for some legacy compatibility issues and should not be used. It will be removed in a future version.")),
        }
    }

    fn read(&self, config: &Attrs) -> Result<Attrs, Diags> {
        let inputs = config["inputs"].clone();
        let default = match get_str(config, "has_computed_default") {
            Some(_) => config["has_computed_default"].clone(),
            None => Value::string("default"),
        };
        Ok(Attrs::from([
            ("inputs".to_string(), inputs.clone()),
            ("outputs".to_string(), inputs),
            ("random".to_string(), Value::string(random_decimal())),
            ("has_computed_default".to_string(), default),
            ("id".to_string(), Value::string("static")),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::testing::*;
    use terrace_provider::plan::same;

    fn null_state() -> Value {
        Value::null(provider().schema().resources["null_resource"].block.implied_type())
    }

    #[test]
    fn schema_and_identity() {
        let p = provider();
        assert_eq!(p.name(), "null");
        assert_eq!(p.source(), "registry.terraform.io/hashicorp/null");
        let r = &p.schema().resources["null_resource"].block;
        assert_eq!(r.attributes.keys().collect::<Vec<_>>(), ["id", "triggers"]);
        assert!(r.attributes["id"].computed && !r.attributes["id"].optional);
        assert!(r.attributes["triggers"].force_new && r.attributes["triggers"].optional);
        assert_eq!(r.attributes["triggers"].ty, Type::map(Type::String));
        let d = &p.schema().data_sources["null_data_source"].block;
        assert_eq!(
            d.attributes.keys().collect::<Vec<_>>(),
            ["has_computed_default", "id", "inputs", "outputs", "random"]
        );
    }

    #[tokio::test]
    async fn create_noop_replace_destroy() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "null_resource", &[("triggers", str_map(&[("a", "1")]))]);

        let plan = plan(p, "null_resource", &null_state(), &cfg);
        assert!(!attr(&plan.planned, "id").is_known());
        assert!(same(attr(&plan.planned, "triggers"), &str_map(&[("a", "1")])));

        let state = create(p, "null_resource", &cfg).await;
        let id = attr_str(&state, "id");
        assert!(!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()), "id {id}");
        assert!(id.parse::<u64>().unwrap() < 1 << 63);

        assert_noop(p, "null_resource", &state, &cfg);
        assert_eq!(p.read_resource("null_resource", &state).await.unwrap().unwrap().to_json(), state.to_json());

        let changed = config(p, "null_resource", &[("triggers", str_map(&[("a", "2")]))]);
        assert_replaces(p, "null_resource", &state, &changed, &["triggers"]);
        let unset = config(p, "null_resource", &[]);
        assert_replaces(p, "null_resource", &state, &unset, &["triggers"]);
        let unknown = config(p, "null_resource", &[("triggers", Value::unknown(Type::map(Type::String)))]);
        assert_replaces(p, "null_resource", &state, &unknown, &["triggers"]);

        // Destroy: planned null, applied null of the schema type.
        let null_cfg = Value::null(null_state().ty());
        let plan = self::plan(p, "null_resource", &state, &null_cfg);
        assert!(plan.planned.is_null());
        let gone = apply(p, "null_resource", &state, &plan.planned, &null_cfg).await;
        assert!(gone.is_null());
        assert_eq!(gone.ty(), null_state().ty());
    }

    #[tokio::test]
    async fn no_triggers() {
        let p = provider();
        let cfg = config(p.as_ref(), "null_resource", &[]);
        let state = create(p.as_ref(), "null_resource", &cfg).await;
        assert!(attr(&state, "triggers").is_null());
        assert_noop(p.as_ref(), "null_resource", &state, &cfg);
        let two = create(p.as_ref(), "null_resource", &cfg).await;
        assert_ne!(attr_str(&state, "id"), attr_str(&two, "id"));
    }

    #[tokio::test]
    async fn import() {
        let p = provider();
        let state = p.import_resource("null_resource", "12345").await.unwrap();
        assert_conforms(p.as_ref(), "null_resource", &state);
        assert_eq!(attr_str(&state, "id"), "12345");
        assert!(attr(&state, "triggers").is_null());
        let cfg = config(p.as_ref(), "null_resource", &[]);
        assert_noop(p.as_ref(), "null_resource", &state, &cfg);
    }

    #[tokio::test]
    async fn data_source() {
        let p = provider();
        let cfg = obj(&[("inputs", str_map(&[("x", "y")]))]);
        assert!(p.validate_data_source("null_data_source", &cfg).is_empty());
        let v = p.read_data_source("null_data_source", &cfg).await.unwrap();
        assert_conforms(p.as_ref(), "null_data_source", &v);
        assert_eq!(attr_str(&v, "id"), "static");
        assert_eq!(attr_str(&v, "has_computed_default"), "default");
        assert_eq!(attr(&v, "outputs").to_json(), r#"{"x":"y"}"#);
        assert!(attr_str(&v, "random").parse::<u64>().is_ok());

        let cfg = obj(&[("has_computed_default", Value::string("mine"))]);
        let v = p.read_data_source("null_data_source", &cfg).await.unwrap();
        assert_conforms(p.as_ref(), "null_data_source", &v);
        assert_eq!(attr_str(&v, "has_computed_default"), "mine");
        assert!(attr(&v, "inputs").is_null() && attr(&v, "outputs").is_null());
    }

    #[test]
    fn unknown_type() {
        let p = provider();
        let d = p.validate_resource("null_thing", &obj(&[]));
        assert_eq!(d.len(), 1);
    }
}
