//! Shared machinery for the built-in providers.
//!
//! A resource type describes its schema, its defaults, its validation and how it
//! creates its computed values; planning (defaults, replacement, no-op detection),
//! applying, refreshing and keeping every returned state conformant to the schema
//! are common to all of them and live here, in [`BuiltinProvider`].

use std::collections::BTreeMap;

use async_trait::async_trait;
use terrace_provider::plan::same;
use terrace_provider::value::Kind;
use terrace_provider::{
    ApplyRequest, Block, Diag, Diags, Number, PathStep, PlanRequest, PlanResponse, Provider, ProviderSchema, Schema,
    Type, Value,
};

/// The attributes of one object, by name.
pub type Attrs = BTreeMap<String, Value>;

/// One managed resource type of a built-in provider.
pub trait ResourceType: Send + Sync {
    fn name(&self) -> &'static str;
    fn schema(&self) -> Schema;

    /// The default of an optional+computed attribute the configuration leaves unset;
    /// applied at plan time so the plan shows it.
    fn default_value(&self, _attr: &str) -> Option<Value> {
        None
    }
    /// Checks the configuration (attributes conformed to the schema; unknown values
    /// must be tolerated).
    fn validate(&self, _config: &Attrs) -> Diags {
        Vec::new()
    }
    /// Adjusts the planned values after defaults were applied.
    fn modify_plan(&self, _planned: &mut Attrs, _config: &Attrs) {}
    /// Whether the change of a `force_new` attribute from `prior` to `planned` needs
    /// a replacement.
    fn needs_replace(&self, _attr: &str, prior: &Value, planned: &Value) -> bool {
        !same(prior, planned)
    }
    /// Brings a state written by an older version of the resource type up to date
    /// (attributes missing from it are already null).
    fn upgrade(&self, _state: &mut Attrs) {}
    /// Creates the object: returns the values of the computed attributes (it may
    /// return other attributes too; they replace the planned ones).
    fn create(&self, planned: &Attrs) -> Result<Attrs, Diags>;
    /// Adopts an existing object by its import ID.
    fn import(&self, _id: &str) -> Result<Attrs, Diags> {
        Err(vec![Diag::error(
            "Resource import not supported",
            format!("The resource type {} does not support import.", self.name()),
        )])
    }
}

/// One data source of a built-in provider.
pub trait DataSourceType: Send + Sync {
    fn name(&self) -> &'static str;
    fn schema(&self) -> Schema;
    fn validate(&self, _config: &Attrs) -> Diags {
        Vec::new()
    }
    fn read(&self, config: &Attrs) -> Result<Attrs, Diags>;
}

/// A provider made of [`ResourceType`]s and [`DataSourceType`]s.
pub struct BuiltinProvider {
    name: &'static str,
    source: &'static str,
    schema: ProviderSchema,
    resources: BTreeMap<&'static str, Box<dyn ResourceType>>,
    data_sources: BTreeMap<&'static str, Box<dyn DataSourceType>>,
}

impl BuiltinProvider {
    pub fn new(
        name: &'static str,
        source: &'static str,
        resources: Vec<Box<dyn ResourceType>>,
        data_sources: Vec<Box<dyn DataSourceType>>,
    ) -> BuiltinProvider {
        let mut schema = ProviderSchema::default();
        for r in &resources {
            schema.resources.insert(r.name().to_string(), r.schema());
        }
        for d in &data_sources {
            schema.data_sources.insert(d.name().to_string(), d.schema());
        }
        BuiltinProvider {
            name,
            source,
            schema,
            resources: resources.into_iter().map(|r| (r.name(), r)).collect(),
            data_sources: data_sources.into_iter().map(|d| (d.name(), d)).collect(),
        }
    }

    fn resource(&self, type_name: &str) -> Result<(&dyn ResourceType, &Block), Diags> {
        match (self.resources.get(type_name), self.schema.resources.get(type_name)) {
            (Some(r), Some(s)) => Ok((r.as_ref(), &s.block)),
            _ => Err(vec![Diag::error(
                "Invalid resource type",
                format!("The provider {} does not support resource type \"{type_name}\".", self.source),
            )]),
        }
    }

    fn data_source(&self, type_name: &str) -> Result<(&dyn DataSourceType, &Block), Diags> {
        match (self.data_sources.get(type_name), self.schema.data_sources.get(type_name)) {
            (Some(d), Some(s)) => Ok((d.as_ref(), &s.block)),
            _ => Err(vec![Diag::error(
                "Invalid data source",
                format!("The provider {} does not support data source \"{type_name}\".", self.source),
            )]),
        }
    }

    /// The prior state, conformed to the schema and upgraded.
    fn prior_state(rt: &dyn ResourceType, block: &Block, prior: &Value) -> Option<Attrs> {
        if prior.is_null() {
            return None;
        }
        let mut p = conform(block, prior);
        rt.upgrade(&mut p);
        Some(p)
    }
}

#[async_trait]
impl Provider for BuiltinProvider {
    fn name(&self) -> &str {
        self.name
    }
    fn source(&self) -> &str {
        self.source
    }
    fn schema(&self) -> &ProviderSchema {
        &self.schema
    }

    fn validate_resource(&self, type_name: &str, config: &Value) -> Diags {
        match self.resource(type_name) {
            Ok((rt, block)) => {
                if config.is_null() || !config.is_known() {
                    return Vec::new();
                }
                rt.validate(&conform(block, config))
            }
            Err(d) => d,
        }
    }

    fn validate_data_source(&self, type_name: &str, config: &Value) -> Diags {
        match self.data_source(type_name) {
            Ok((ds, block)) => {
                if config.is_null() || !config.is_known() {
                    return Vec::new();
                }
                ds.validate(&conform(block, config))
            }
            Err(d) => d,
        }
    }

    fn plan_resource(&self, req: PlanRequest<'_>) -> Result<PlanResponse, Diags> {
        let (rt, block) = self.resource(req.type_name)?;
        if req.config.is_null() || req.proposed.is_null() {
            return Ok(PlanResponse { planned: Value::null(block.implied_type()), requires_replace: Vec::new() });
        }
        let config = conform(block, req.config);
        let prior = Self::prior_state(rt, block, req.prior);

        let mut planned = Attrs::new();
        for (name, a) in &block.attributes {
            let c = config[name].clone();
            let v = if a.computed && c.is_null() {
                match a.optional.then(|| rt.default_value(name)).flatten() {
                    Some(d) => d,
                    None => match &prior {
                        Some(p) => p[name].clone(),
                        None => Value::unknown(a.ty.clone()),
                    },
                }
            } else {
                c
            };
            planned.insert(name.clone(), v);
        }
        rt.modify_plan(&mut planned, &config);

        let Some(prior) = prior else {
            return Ok(PlanResponse { planned: Value::object(planned), requires_replace: Vec::new() });
        };

        let mut requires_replace = Vec::new();
        for (name, a) in &block.attributes {
            if a.force_new && rt.needs_replace(name, &prior[name], &planned[name]) {
                requires_replace.push(vec![PathStep::Attr(name.clone())]);
            }
        }
        if requires_replace.is_empty() {
            if block.attributes.keys().all(|k| same(&prior[k], &planned[k])) {
                // Nothing changed: the prior state itself (as upgraded, when that
                // changed it).
                let prior = Value::object(prior);
                let planned = if same(req.prior, &prior) { req.prior.clone() } else { prior };
                return Ok(PlanResponse { planned, requires_replace });
            }
            return Ok(PlanResponse { planned: Value::object(planned), requires_replace });
        }
        // A replacement: whatever the new object computes is known only after apply.
        for (name, a) in &block.attributes {
            let unset = config[name].is_null() && rt.default_value(name).is_none();
            if a.computed && (!a.optional || unset) {
                planned.insert(name.clone(), Value::unknown(a.ty.clone()));
            }
        }
        Ok(PlanResponse { planned: Value::object(planned), requires_replace })
    }

    async fn apply_resource(&self, req: ApplyRequest<'_>) -> Result<Value, Diags> {
        let (rt, block) = self.resource(req.type_name)?;
        if req.planned.is_null() {
            // Deleting: nothing exists outside the state.
            return Ok(Value::null(block.implied_type()));
        }
        let mut planned = conform(block, req.planned);
        let pending = block.attributes.iter().any(|(k, a)| a.computed && !planned[k].is_wholly_known());
        if !req.prior.is_null() && !pending {
            // An in-place update: every attribute is stored as planned.
            return Ok(Value::object(planned));
        }

        let config = if req.config.is_null() { planned.clone() } else { conform(block, req.config) };
        for (name, a) in &block.attributes {
            if a.computed && a.optional && planned[name].is_null() {
                if let Some(d) = rt.default_value(name) {
                    planned.insert(name.clone(), d);
                }
            }
        }
        rt.modify_plan(&mut planned, &config);
        for (name, a) in &block.attributes {
            if (a.required || a.optional) && !planned[name].is_wholly_known() {
                return Err(vec![Diag::error(
                    "Unknown value in apply",
                    format!(
                        "The planned value of \"{name}\" is still unknown; the provider cannot create {} with it.",
                        rt.name()
                    ),
                )
                .at(vec![PathStep::Attr(name.clone())])]);
            }
        }
        let computed = rt.create(&planned)?;
        planned.extend(computed);
        let state = conform(block, &Value::object(planned));
        if let Some((name, _)) = state.iter().find(|(_, v)| !v.is_wholly_known()) {
            return Err(vec![Diag::error(
                "Provider produced an unknown value",
                format!("{} left \"{name}\" unknown after apply.", rt.name()),
            )]);
        }
        Ok(Value::object(state))
    }

    async fn read_resource(&self, type_name: &str, state: &Value) -> Result<Option<Value>, Diags> {
        let (rt, block) = self.resource(type_name)?;
        // Nothing here exists outside the state: refreshing returns it unchanged.
        Ok(Self::prior_state(rt, block, state).map(Value::object))
    }

    async fn read_data_source(&self, type_name: &str, config: &Value) -> Result<Value, Diags> {
        let (ds, block) = self.data_source(type_name)?;
        let config = conform(block, config);
        let out = ds.read(&config)?;
        Ok(Value::object(conform(block, &Value::object(out))))
    }

    async fn import_resource(&self, type_name: &str, id: &str) -> Result<Value, Diags> {
        let (rt, block) = self.resource(type_name)?;
        let state = rt.import(id)?;
        Ok(Value::object(conform(block, &Value::object(state))))
    }
}

// ---- conformance ------------------------------------------------------------------

/// The attributes of `v` conformed to `block`: exactly the block's attributes, each
/// of the attribute's type (missing attributes null; an unknown object gives
/// unknown attributes).
pub fn conform(block: &Block, v: &Value) -> Attrs {
    let entries = v.as_entries();
    block
        .attributes
        .iter()
        .map(|(k, a)| {
            let x = if !v.is_known() {
                Value::unknown(a.ty.clone())
            } else {
                match entries.and_then(|m| m.get(k)) {
                    Some(x) => coerce(&a.ty, x.clone()),
                    None => Value::null(a.ty.clone()),
                }
            };
            (k.clone(), x)
        })
        .collect()
}

/// Converts `v` to type `ty` where Terraform would (object to map, tuple to list,
/// primitives to string and back), keeping marks; values that cannot be converted
/// are returned unchanged.
pub fn coerce(ty: &Type, v: Value) -> Value {
    let (inner, marks) = v.unmark();
    let out = match (ty, inner.kind()) {
        (Type::Dynamic, _) => inner,
        (_, Kind::Null(_)) => Value::null(ty.clone()),
        (_, Kind::Unknown(_)) => Value::unknown(ty.clone()),
        (Type::String, Kind::Number(n)) => Value::string(n.to_string()),
        (Type::String, Kind::Bool(b)) => Value::string(b.to_string()),
        (Type::Number, Kind::String(s)) => match Number::parse(s) {
            Ok(n) => Value::number(n),
            Err(_) => inner,
        },
        (Type::Bool, Kind::String(s)) if &**s == "true" || &**s == "false" => Value::bool(&**s == "true"),
        (Type::Map(e), Kind::Map(_, m) | Kind::Object(m)) => {
            Value::map((**e).clone(), m.iter().map(|(k, x)| (k.clone(), coerce(e, x.clone()))).collect())
        }
        (Type::List(e), Kind::List(_, xs) | Kind::Tuple(xs) | Kind::Set(_, xs)) => {
            Value::list((**e).clone(), xs.iter().map(|x| coerce(e, x.clone())).collect())
        }
        _ => inner,
    };
    out.with_marks(marks)
}

// ---- reading attributes ---------------------------------------------------------------

/// A known, non-null string attribute.
pub fn get_str<'a>(attrs: &'a Attrs, name: &str) -> Option<&'a str> {
    attrs.get(name).and_then(Value::as_str)
}

/// A known, non-null bool attribute.
pub fn get_bool(attrs: &Attrs, name: &str) -> Option<bool> {
    attrs.get(name).and_then(Value::as_bool)
}

/// A known, non-null whole-number attribute within i64.
pub fn get_i64(attrs: &Attrs, name: &str) -> Option<i64> {
    attrs.get(name).and_then(Value::as_number).and_then(Number::to_i64)
}

pub fn attr_path(name: &str) -> Vec<PathStep> {
    vec![PathStep::Attr(name.to_string())]
}

/// Checks that an int64 attribute, when known and set, is a whole number of at
/// least `min`, with the framework validators' wording.
pub fn check_int(attrs: &Attrs, name: &str, min: Option<i64>, diags: &mut Diags) {
    let Some(n) = attrs.get(name).and_then(Value::as_number) else { return };
    match n.to_i64() {
        None => diags.push(
            Diag::error(
                "Invalid Attribute Value",
                format!("Attribute {name} must be a whole number between {} and {}, got: {n}", i64::MIN, i64::MAX),
            )
            .at(attr_path(name)),
        ),
        Some(i) => {
            if let Some(min) = min {
                if i < min {
                    diags.push(
                        Diag::error(
                            "Invalid Attribute Value",
                            format!("Attribute {name} value must be at least {min}, got: {i}"),
                        )
                        .at(attr_path(name)),
                    );
                }
            }
        }
    }
}

/// Whether two maps of strings differ in a way that forces replacement, the way the
/// random provider's `RequiresReplaceIfValuesNotNull` sees keepers: null and empty
/// maps are alike, and entries with null values do not count.
pub fn keepers_differ(prior: &Value, planned: &Value) -> bool {
    if same(prior, planned) {
        return false;
    }
    if !prior.is_wholly_known() || !planned.is_wholly_known() {
        return true;
    }
    fn non_null(v: &Value) -> BTreeMap<String, Value> {
        let (v, _) = v.clone().unmark_deep();
        v.as_entries()
            .map(|m| m.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), x.clone())).collect())
            .unwrap_or_default()
    }
    let (a, b) = (non_null(prior), non_null(planned));
    a.len() != b.len() || a.iter().zip(b.iter()).any(|((ka, va), (kb, vb))| ka != kb || !va.raw_equals(vb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coerce_converts_like_terraform() {
        let obj = Value::object(Attrs::from([
            ("n".to_string(), Value::int(5)),
            ("b".to_string(), Value::bool(true)),
            ("s".to_string(), Value::string("x").mark_sensitive()),
        ]));
        let m = coerce(&Type::map(Type::String), obj);
        assert_eq!(m.ty(), Type::map(Type::String));
        assert_eq!(m.to_json(), r#"{"b":"true","n":"5","s":"x"}"#);
        assert!(m.as_entries().unwrap()["s"].is_sensitive());
        let t = coerce(&Type::list(Type::String), Value::tuple(vec![Value::string("a"), Value::int(1)]));
        assert_eq!(t.ty(), Type::list(Type::String));
        assert_eq!(coerce(&Type::Number, Value::string("12")).to_json(), "12");
        assert_eq!(coerce(&Type::Bool, Value::string("false")).as_bool(), Some(false));
        assert_eq!(coerce(&Type::String, Value::null_dynamic()).ty(), Type::String);
        assert_eq!(coerce(&Type::map(Type::String), Value::unknown_dynamic()).ty(), Type::map(Type::String));
    }

    #[test]
    fn conform_fills_and_drops() {
        let block = Block::new()
            .attr("a", terrace_provider::Attribute::optional(Type::String))
            .attr("m", terrace_provider::Attribute::computed(Type::map(Type::String)));
        let v = Value::object(Attrs::from([("a".to_string(), Value::string("x")), ("z".to_string(), Value::int(1))]));
        let c = conform(&block, &v);
        assert_eq!(c.keys().collect::<Vec<_>>(), ["a", "m"]);
        assert_eq!(c["m"].ty(), Type::map(Type::String));
        assert!(c["m"].is_null());
        let u = conform(&block, &Value::unknown(block.implied_type()));
        assert!(!u["a"].is_known() && u["a"].ty() == Type::String);
    }

    #[test]
    fn keepers() {
        let m = |e: &[(&str, Option<&str>)]| {
            Value::map(
                Type::String,
                e.iter()
                    .map(|(k, v)| (k.to_string(), v.map(Value::string).unwrap_or(Value::null(Type::String))))
                    .collect(),
            )
        };
        let null = Value::null(Type::map(Type::String));
        assert!(!keepers_differ(&null, &m(&[])));
        assert!(!keepers_differ(&m(&[("a", None)]), &null));
        assert!(!keepers_differ(&m(&[("a", Some("1"))]), &m(&[("a", Some("1")), ("b", None)])));
        assert!(keepers_differ(&m(&[("a", Some("1"))]), &m(&[("a", Some("2"))])));
        assert!(keepers_differ(&null, &m(&[("a", Some("1"))])));
        assert!(keepers_differ(&null, &Value::unknown(Type::map(Type::String))));
    }
}

// ---- test support -------------------------------------------------------------------

#[cfg(test)]
pub mod testing {
    use super::*;
    use terrace_provider::value::Kind;

    /// Whether `v` is exactly of type `ty`, at every depth.
    pub fn conforms_to(ty: &Type, v: &Value) -> Result<(), String> {
        if &v.ty() != ty {
            return Err(format!("{v:?} has type {} instead of {ty}", v.ty()));
        }
        match (ty, v.kind()) {
            (Type::List(e) | Type::Set(e), Kind::List(_, xs) | Kind::Set(_, xs)) => {
                xs.iter().try_for_each(|x| conforms_to(e, x))
            }
            (Type::Map(e), Kind::Map(_, m)) => m.values().try_for_each(|x| conforms_to(e, x)),
            (Type::Object(o), Kind::Object(m)) => {
                if o.attrs.keys().ne(m.keys()) {
                    return Err(format!(
                        "attributes {:?} instead of {:?}",
                        m.keys().collect::<Vec<_>>(),
                        o.attrs.keys()
                    ));
                }
                o.attrs.iter().try_for_each(|(k, t)| conforms_to(t, &m[k]).map_err(|e| format!("{k}: {e}")))
            }
            _ => Ok(()),
        }
    }

    /// Panics unless `v` is a state of `type_name` conforming exactly to its schema.
    pub fn assert_conforms(p: &dyn Provider, type_name: &str, v: &Value) {
        let schema = p
            .schema()
            .resources
            .get(type_name)
            .or_else(|| p.schema().data_sources.get(type_name))
            .unwrap_or_else(|| panic!("no schema for {type_name}"));
        let ty = schema.block.implied_type();
        if let Err(e) = conforms_to(&ty, v) {
            panic!("{type_name}: state does not conform to the schema: {e}\n{v:?}");
        }
    }

    pub fn obj(entries: &[(&str, Value)]) -> Value {
        Value::object(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    pub fn str_map(entries: &[(&str, &str)]) -> Value {
        Value::map(Type::String, entries.iter().map(|(k, v)| (k.to_string(), Value::string(*v))).collect())
    }

    pub fn attr<'a>(v: &'a Value, name: &str) -> &'a Value {
        v.as_entries().and_then(|m| m.get(name)).unwrap_or_else(|| panic!("no attribute {name} in {v:?}"))
    }

    pub fn attr_str<'a>(v: &'a Value, name: &str) -> &'a str {
        attr(v, name).as_str().unwrap_or_else(|| panic!("{name} is not a known string in {v:?}"))
    }

    /// The configuration conformed to the schema (missing attributes null).
    pub fn config(p: &dyn Provider, type_name: &str, entries: &[(&str, Value)]) -> Value {
        let block = &p.schema().resources[type_name].block;
        Value::object(conform(block, &obj(entries)))
    }

    /// Plans with the engine's proposed new state.
    pub fn plan(p: &dyn Provider, type_name: &str, prior: &Value, config: &Value) -> PlanResponse {
        let block = &p.schema().resources[type_name].block;
        let proposed = terrace_provider::plan::proposed_new(block, prior, config);
        p.plan_resource(PlanRequest { type_name, prior, proposed: &proposed, config })
            .unwrap_or_else(|d| panic!("plan failed: {d:?}"))
    }

    pub async fn apply(p: &dyn Provider, type_name: &str, prior: &Value, planned: &Value, config: &Value) -> Value {
        p.apply_resource(ApplyRequest { type_name, prior, planned, config, idempotency_token: None })
            .await
            .unwrap_or_else(|d| panic!("apply failed: {d:?}"))
    }

    /// Plans and applies a create, checking conformance of the plan and the state.
    pub async fn create(p: &dyn Provider, type_name: &str, config: &Value) -> Value {
        let diags = p.validate_resource(type_name, config);
        assert!(
            diags.iter().all(|d| d.severity == terrace_provider::provider::Severity::Warning),
            "validation failed: {diags:?}"
        );
        let null = Value::null(p.schema().resources[type_name].block.implied_type());
        let plan = plan(p, type_name, &null, config);
        assert!(plan.requires_replace.is_empty());
        assert_conforms(p, type_name, &plan.planned);
        let state = apply(p, type_name, &null, &plan.planned, config).await;
        assert_conforms(p, type_name, &state);
        assert!(state.is_wholly_known(), "unknown values in {state:?}");
        // Every value known at plan time is kept.
        for (k, v) in plan.planned.as_entries().unwrap() {
            if v.is_wholly_known() {
                assert!(same(v, attr(&state, k)), "{k} planned {v:?} but applied {:?}", attr(&state, k));
            }
        }
        state
    }

    /// Checks that planning `config` against `state` is a no-op returning the state.
    pub fn assert_noop(p: &dyn Provider, type_name: &str, state: &Value, config: &Value) {
        let plan = plan(p, type_name, state, config);
        assert!(plan.requires_replace.is_empty(), "unexpected replacement: {:?}", plan.requires_replace);
        assert!(same(&plan.planned, state), "not a no-op:\n{:?}\n{:?}", plan.planned, state);
    }

    /// Checks that planning `config` against `state` replaces because of `attrs`, and
    /// that planning the replacement (prior null) plans a create.
    pub fn assert_replaces(p: &dyn Provider, type_name: &str, state: &Value, config: &Value, attrs: &[&str]) {
        let plan = plan(p, type_name, state, config);
        let want: Vec<Vec<PathStep>> = attrs.iter().map(|a| attr_path(a)).collect();
        assert_eq!(plan.requires_replace, want);
        assert_conforms(p, type_name, &plan.planned);
        let null = Value::null(p.schema().resources[type_name].block.implied_type());
        let again = self::plan(p, type_name, &null, config);
        assert!(again.requires_replace.is_empty());
        assert!(!again.planned.is_wholly_known(), "a create plans unknown computed values");
    }
}
