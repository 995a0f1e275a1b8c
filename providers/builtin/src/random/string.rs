//! `random_string`, and what it shares with `random_password`: the schema, the
//! defaults, the `number`/`numeric` synchronisation, validation and the generator.

use terrace_provider::plan::same;
use terrace_provider::{Attribute, Block, Diag, Diags, Schema, Type, Value};

use super::rng::Rng;
use crate::resource::{attr_path, check_int, get_bool, get_i64, get_str, Attrs, ResourceType};

pub struct RandomString;

pub const NUMERIC_CHARS: &str = "0123456789";
pub const LOWER_CHARS: &str = "abcdefghijklmnopqrstuvwxyz";
pub const UPPER_CHARS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
pub const SPECIAL_CHARS: &str = "!@#$%&*()-_=+[]{}<>:?";

const MIN_ATTRS: [&str; 4] = ["min_upper", "min_lower", "min_numeric", "min_special"];

/// The arguments and results shared by `random_string` and `random_password`.
pub(crate) fn string_block(sensitive: bool) -> Block {
    let result = Attribute::computed(Type::String).describe("The generated random string.");
    let bool_arg = |d: &'static str| Attribute::optional_computed(Type::Bool).force_new().describe(d);
    let min_arg = |d: &'static str| Attribute::optional_computed(Type::Number).force_new().describe(d);
    Block::new()
        .attr("keepers", super::keepers())
        .attr(
            "length",
            Attribute::required(Type::Number).force_new().describe(
                "The length of the string desired. The minimum value for length is 1 and, length must also be >= (`min_upper` + `min_lower` + `min_numeric` + `min_special`).",
            ),
        )
        .attr("special", bool_arg("Include special characters in the result. These are `!@#$%&*()-_=+[]{}<>:?`. Default value is `true`."))
        .attr("upper", bool_arg("Include uppercase alphabet characters in the result. Default value is `true`."))
        .attr("lower", bool_arg("Include lowercase alphabet characters in the result. Default value is `true`."))
        .attr("number", bool_arg("Include numeric characters in the result. Default value is `true`. **NOTE**: This is deprecated, use `numeric` instead."))
        .attr("numeric", bool_arg("Include numeric characters in the result. Default value is `true`."))
        .attr("min_numeric", min_arg("Minimum number of numeric characters in the result. Default value is `0`."))
        .attr("min_upper", min_arg("Minimum number of uppercase alphabet characters in the result. Default value is `0`."))
        .attr("min_lower", min_arg("Minimum number of lowercase alphabet characters in the result. Default value is `0`."))
        .attr("min_special", min_arg("Minimum number of special characters in the result. Default value is `0`."))
        .attr(
            "override_special",
            Attribute::optional(Type::String).force_new().describe(
                "Supply your own list of special characters to use for string generation.  This overrides the default character list in the special argument.  The `special` argument must still be set to true for any overwritten characters to be used in generation.",
            ),
        )
        .attr("result", if sensitive { result.sensitive() } else { result })
        .attr("id", Attribute::computed(Type::String).describe("A static value used internally by Terraform, this should not be referenced in configurations."))
}

pub(crate) fn default_value(attr: &str) -> Option<Value> {
    match attr {
        "special" | "upper" | "lower" | "number" | "numeric" => Some(Value::bool(true)),
        "min_numeric" | "min_upper" | "min_lower" | "min_special" => Some(Value::int(0)),
        _ => None,
    }
}

/// `number` is the deprecated spelling of `numeric`: when only one is configured,
/// the other follows it.
pub(crate) fn modify_plan(planned: &mut Attrs, config: &Attrs) {
    let (number, numeric) = (&config["number"], &config["numeric"]);
    if number.is_null() && !numeric.is_null() {
        planned.insert("number".into(), numeric.clone());
    } else if numeric.is_null() && !number.is_null() {
        planned.insert("numeric".into(), number.clone());
    }
}

/// A state written before `numeric` existed has only `number`; arguments missing
/// from an older state take their defaults, as the real provider's state upgraders
/// give them.
pub(crate) fn upgrade(state: &mut Attrs) {
    if state["numeric"].is_null() && !state["number"].is_null() {
        state.insert("numeric".into(), state["number"].clone());
    }
    for (name, v) in state.iter_mut() {
        if v.is_null() {
            if let Some(d) = default_value(name) {
                *v = d;
            }
        }
    }
}

/// `override_special` changing between null and "" does not replace.
pub(crate) fn needs_replace(attr: &str, prior: &Value, planned: &Value) -> bool {
    if attr == "override_special" {
        let empty = |v: &Value| v.is_null() || v.as_str() == Some("");
        if empty(prior) && empty(planned) {
            return false;
        }
        return !same(prior, planned);
    }
    super::needs_replace(attr, prior, planned)
}

pub(crate) fn validate(config: &Attrs) -> Diags {
    let mut diags = Vec::new();
    check_int(config, "length", Some(1), &mut diags);
    for a in MIN_ATTRS {
        check_int(config, a, Some(0), &mut diags);
    }
    if let Some(length) = get_i64(config, "length") {
        let mins: Vec<Option<i64>> =
            MIN_ATTRS.iter().map(|a| if config[*a].is_null() { Some(0) } else { get_i64(config, a) }).collect();
        if let Some(sum) = mins.iter().map(|m| m.map(i128::from)).sum::<Option<i128>>() {
            if (length as i128) < sum {
                diags.push(
                    Diag::error(
                        "Invalid Attribute Value",
                        format!(
                            "Attribute length value must be at least sum of {}, got: {length}",
                            MIN_ATTRS.join(" + ")
                        ),
                    )
                    .at(attr_path("length")),
                );
            } else if length as i128 > sum {
                // Characters beyond the minimums come from the enabled classes.
                let flags: Vec<Option<bool>> = ["upper", "lower", "numeric", "special"]
                    .iter()
                    .map(|a| {
                        let v = if *a == "numeric" && config["numeric"].is_null() {
                            &config["number"]
                        } else {
                            &config[*a]
                        };
                        if v.is_null() {
                            Some(true)
                        } else {
                            v.as_bool()
                        }
                    })
                    .collect();
                if flags.iter().all(|f| *f == Some(false)) {
                    diags.push(
                        Diag::error(
                            "Invalid Attribute Combination",
                            "At least one of upper, lower, numeric and special must be true when length is greater than the sum of the min_* values.",
                        )
                        .at(attr_path("length")),
                    );
                }
            }
        }
    }
    if let (Some(number), Some(numeric)) = (get_bool(config, "number"), get_bool(config, "numeric")) {
        if number != numeric {
            diags.push(
                Diag::error(
                    "Number and numeric are both configured with different values",
                    "Number is deprecated, use numeric instead",
                )
                .at(attr_path("number")),
            );
        }
    }
    if !config["number"].is_null() {
        diags.push(
            Diag::warning("Argument is deprecated", "**NOTE**: This is deprecated, use `numeric` instead.")
                .at(attr_path("number")),
        );
    }
    diags
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct StringParams {
    pub length: usize,
    pub upper: bool,
    pub lower: bool,
    pub numeric: bool,
    pub special: bool,
    pub min_upper: usize,
    pub min_lower: usize,
    pub min_numeric: usize,
    pub min_special: usize,
    pub override_special: Option<String>,
}

impl StringParams {
    /// From planned attributes (defaults already applied).
    pub fn from_attrs(a: &Attrs) -> Result<StringParams, Diags> {
        let err = |m: &str| vec![Diag::error("Create Random String error", m.to_string())];
        let count = |name: &str| -> Result<usize, Diags> {
            match get_i64(a, name) {
                Some(n) if n >= 0 => Ok(n as usize),
                None if a[name].is_null() => Ok(0),
                _ => Err(err(&format!("{name} must be a non-negative whole number."))),
            }
        };
        let flag = |name: &str| get_bool(a, name).unwrap_or(true);
        let length = count("length")?;
        let p = StringParams {
            length,
            upper: flag("upper"),
            lower: flag("lower"),
            numeric: get_bool(a, "numeric").or(get_bool(a, "number")).unwrap_or(true),
            special: flag("special"),
            min_upper: count("min_upper")?,
            min_lower: count("min_lower")?,
            min_numeric: count("min_numeric")?,
            min_special: count("min_special")?,
            override_special: get_str(a, "override_special").map(str::to_string),
        };
        let sum = p.min_upper + p.min_lower + p.min_numeric + p.min_special;
        if length < 1 || length < sum {
            return Err(err("length must be at least 1 and at least the sum of the min_* values."));
        }
        if length > sum && p.charset().is_empty() {
            return Err(err("At least one of upper, lower, numeric and special must be true."));
        }
        Ok(p)
    }

    fn special_chars(&self) -> Vec<char> {
        match &self.override_special {
            Some(s) if !s.is_empty() => s.chars().collect(),
            _ => SPECIAL_CHARS.chars().collect(),
        }
    }

    /// The characters the unconstrained part of the result is drawn from.
    pub fn charset(&self) -> Vec<char> {
        let mut chars = Vec::new();
        if self.upper {
            chars.extend(UPPER_CHARS.chars());
        }
        if self.lower {
            chars.extend(LOWER_CHARS.chars());
        }
        if self.numeric {
            chars.extend(NUMERIC_CHARS.chars());
        }
        if self.special {
            chars.extend(self.special_chars());
        }
        chars
    }

    /// Generates the string as the real provider does: the minimum counts of each
    /// class first (whether or not the class is otherwise enabled), then the rest
    /// from the enabled classes, then shuffled.
    pub fn generate(&self, rng: &mut Rng) -> String {
        let upper: Vec<char> = UPPER_CHARS.chars().collect();
        let lower: Vec<char> = LOWER_CHARS.chars().collect();
        let numeric: Vec<char> = NUMERIC_CHARS.chars().collect();
        let special = self.special_chars();
        let mut out: Vec<char> = Vec::with_capacity(self.length);
        let mut pick = |set: &[char], n: usize, out: &mut Vec<char>| {
            for _ in 0..n {
                out.push(set[rng.below(set.len() as u64) as usize]);
            }
        };
        pick(&upper, self.min_upper, &mut out);
        pick(&lower, self.min_lower, &mut out);
        pick(&numeric, self.min_numeric, &mut out);
        pick(&special, self.min_special, &mut out);
        let rest = self.length.saturating_sub(out.len());
        let charset = self.charset();
        if rest > 0 {
            pick(&charset, rest, &mut out);
        }
        rng.shuffle(&mut out);
        out.into_iter().collect()
    }
}

/// The state of an imported string or password: the import ID is the result; the
/// arguments are the defaults with the length of the result.
pub(crate) fn import_attrs(result: &str) -> Attrs {
    let mut a = Attrs::new();
    a.insert("result".into(), Value::string(result));
    a.insert("length".into(), Value::int(result.chars().count() as i64));
    for name in
        ["special", "upper", "lower", "number", "numeric", "min_numeric", "min_upper", "min_lower", "min_special"]
    {
        if let Some(v) = default_value(name) {
            a.insert(name.into(), v);
        }
    }
    a
}

impl ResourceType for RandomString {
    fn name(&self) -> &'static str {
        "random_string"
    }

    fn schema(&self) -> Schema {
        Schema { version: 2, block: string_block(false) }
    }

    fn default_value(&self, attr: &str) -> Option<Value> {
        default_value(attr)
    }

    fn validate(&self, config: &Attrs) -> Diags {
        validate(config)
    }

    fn modify_plan(&self, planned: &mut Attrs, config: &Attrs) {
        modify_plan(planned, config)
    }

    fn needs_replace(&self, attr: &str, prior: &Value, planned: &Value) -> bool {
        needs_replace(attr, prior, planned)
    }

    fn upgrade(&self, state: &mut Attrs) {
        upgrade(state)
    }

    fn create(&self, planned: &Attrs) -> Result<Attrs, Diags> {
        let s = StringParams::from_attrs(planned)?.generate(&mut Rng::Os);
        Ok(Attrs::from([("result".to_string(), Value::string(s.clone())), ("id".to_string(), Value::string(s))]))
    }

    /// The import ID is the string itself.
    fn import(&self, id: &str) -> Result<Attrs, Diags> {
        let mut a = import_attrs(id);
        a.insert("id".into(), Value::string(id));
        Ok(a)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::random::provider;
    use crate::resource::testing::*;

    pub fn classes(s: &str, specials: &str) -> [usize; 4] {
        let mut c = [0; 4];
        for ch in s.chars() {
            if ch.is_ascii_uppercase() {
                c[0] += 1;
            } else if ch.is_ascii_lowercase() {
                c[1] += 1;
            } else if ch.is_ascii_digit() {
                c[2] += 1;
            } else {
                assert!(specials.contains(ch), "unexpected character {ch:?} in {s:?}");
                c[3] += 1;
            }
        }
        c
    }

    #[tokio::test]
    async fn defaults_planned_and_results() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_string", &[("length", Value::int(16))]);
        let plan = plan(p, "random_string", &Value::null(cfg.ty()), &cfg);
        for a in ["special", "upper", "lower", "number", "numeric"] {
            assert_eq!(attr(&plan.planned, a).as_bool(), Some(true), "{a}");
        }
        for a in MIN_ATTRS {
            assert_eq!(attr(&plan.planned, a).to_json(), "0", "{a}");
        }
        assert!(attr(&plan.planned, "override_special").is_null());
        assert!(!attr(&plan.planned, "result").is_known());
        assert!(!attr(&plan.planned, "id").is_known());

        let state = create(p, "random_string", &cfg).await;
        let result = attr_str(&state, "result");
        assert_eq!(result.chars().count(), 16);
        assert_eq!(attr_str(&state, "id"), result);
        classes(result, SPECIAL_CHARS);
        assert_noop(p, "random_string", &state, &cfg);
        assert_eq!(p.read_resource("random_string", &state).await.unwrap().unwrap().to_json(), state.to_json());

        // Writing the defaults explicitly is still a no-op.
        let explicit = config(
            p,
            "random_string",
            &[("length", Value::int(16)), ("special", Value::bool(true)), ("min_upper", Value::int(0))],
        );
        assert_noop(p, "random_string", &state, &explicit);
        // override_special between null and "" is an update in place, not a replacement.
        let empty = config(p, "random_string", &[("length", Value::int(16)), ("override_special", Value::string(""))]);
        let update = self::plan(p, "random_string", &state, &empty);
        assert!(update.requires_replace.is_empty());
        let updated = apply(p, "random_string", &state, &update.planned, &empty).await;
        assert_conforms(p, "random_string", &updated);
        assert_eq!(attr_str(&updated, "override_special"), "");
        assert_eq!(attr_str(&updated, "result"), result);

        let shorter = config(p, "random_string", &[("length", Value::int(15))]);
        assert_replaces(p, "random_string", &state, &shorter, &["length"]);
        let nospecial = config(p, "random_string", &[("length", Value::int(16)), ("special", Value::bool(false))]);
        assert_replaces(p, "random_string", &state, &nospecial, &["special"]);
        let numeric = config(p, "random_string", &[("length", Value::int(16)), ("numeric", Value::bool(false))]);
        assert_replaces(p, "random_string", &state, &numeric, &["number", "numeric"]);
        let keepers = config(p, "random_string", &[("length", Value::int(16)), ("keepers", str_map(&[("x", "1")]))]);
        assert_replaces(p, "random_string", &state, &keepers, &["keepers"]);
    }

    #[tokio::test]
    async fn character_classes() {
        let p = provider();
        let p = p.as_ref();
        for _ in 0..20 {
            let cfg = config(
                p,
                "random_string",
                &[
                    ("length", Value::int(12)),
                    ("min_upper", Value::int(2)),
                    ("min_lower", Value::int(3)),
                    ("min_numeric", Value::int(4)),
                    ("min_special", Value::int(1)),
                    ("override_special", Value::string("_%")),
                ],
            );
            let s = create(p, "random_string", &cfg).await;
            let r = attr_str(&s, "result");
            assert_eq!(r.chars().count(), 12);
            let [u, l, n, sp] = classes(r, "_%");
            assert!(u >= 2 && l >= 3 && n >= 4 && sp >= 1, "{r}");
        }
        // Only lowercase.
        let cfg = config(
            p,
            "random_string",
            &[
                ("length", Value::int(40)),
                ("upper", Value::bool(false)),
                ("numeric", Value::bool(false)),
                ("special", Value::bool(false)),
            ],
        );
        let s = create(p, "random_string", &cfg).await;
        assert_eq!(attr(&s, "number").as_bool(), Some(false), "number follows numeric");
        let r = attr_str(&s, "result");
        assert_eq!(classes(r, ""), [0, 40, 0, 0]);
        // Minimums are honoured even for disabled classes, like the real provider.
        let cfg = config(
            p,
            "random_string",
            &[
                ("length", Value::int(10)),
                ("upper", Value::bool(false)),
                ("min_upper", Value::int(3)),
                ("special", Value::bool(false)),
            ],
        );
        let r = create(p, "random_string", &cfg).await;
        let [u, ..] = classes(attr_str(&r, "result"), "");
        assert!(u >= 3);
        // The deprecated spelling works alone.
        let cfg = config(
            p,
            "random_string",
            &[("length", Value::int(30)), ("number", Value::bool(false)), ("special", Value::bool(false))],
        );
        let s = create(p, "random_string", &cfg).await;
        assert_eq!(attr(&s, "numeric").as_bool(), Some(false));
        assert_eq!(classes(attr_str(&s, "result"), "")[2], 0);
    }

    #[test]
    fn generator_unicode_override() {
        let params = StringParams {
            length: 50,
            upper: false,
            lower: false,
            numeric: false,
            special: true,
            min_upper: 0,
            min_lower: 0,
            min_numeric: 0,
            min_special: 0,
            override_special: Some("é€".into()),
        };
        let s = params.generate(&mut Rng::Os);
        assert_eq!(s.chars().count(), 50);
        assert!(s.chars().all(|c| c == 'é' || c == '€'));
    }

    #[test]
    fn validation() {
        let p = provider();
        let p = p.as_ref();
        let v = |e: &[(&str, Value)]| p.validate_resource("random_string", &config(p, "random_string", e));
        let d = v(&[("length", Value::int(0))]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].detail, "Attribute length value must be at least 1, got: 0");
        assert_eq!(d[0].attribute, Some(attr_path("length")));
        let d = v(&[("length", Value::int(3)), ("min_upper", Value::int(2)), ("min_lower", Value::int(2))]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].detail,
            "Attribute length value must be at least sum of min_upper + min_lower + min_numeric + min_special, got: 3"
        );
        assert_eq!(v(&[("length", Value::int(3)), ("min_special", Value::int(-1))]).len(), 1);
        assert_eq!(
            v(&[
                ("length", Value::int(3)),
                ("upper", Value::bool(false)),
                ("lower", Value::bool(false)),
                ("numeric", Value::bool(false)),
                ("special", Value::bool(false))
            ])
            .len(),
            1
        );
        let d = v(&[("length", Value::int(3)), ("number", Value::bool(true)), ("numeric", Value::bool(false))]);
        assert!(d.iter().any(|d| d.summary == "Number and numeric are both configured with different values"));
        let d = v(&[("length", Value::int(3)), ("number", Value::bool(true))]);
        assert!(d.iter().all(|d| d.severity == terrace_provider::provider::Severity::Warning) && d.len() == 1);
        assert!(v(&[("length", Value::int(3))]).is_empty());
        assert!(v(&[("length", Value::unknown(Type::Number)), ("min_upper", Value::int(5))]).is_empty());
    }

    #[tokio::test]
    async fn unknown_argument_replaces() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_string", &[("length", Value::int(8))]);
        let state = create(p, "random_string", &cfg).await;
        let unknown = config(p, "random_string", &[("length", Value::unknown(Type::Number))]);
        assert_replaces(p, "random_string", &state, &unknown, &["length"]);
    }

    #[tokio::test]
    async fn old_state_without_numeric() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_string", &[("length", Value::int(8))]);
        let state = create(p, "random_string", &cfg).await;
        let mut old = state.as_entries().unwrap().clone();
        old.remove("numeric");
        old.remove("min_upper");
        let old = Value::object(old);
        let refreshed = p.read_resource("random_string", &old).await.unwrap().unwrap();
        assert_conforms(p, "random_string", &refreshed);
        assert_eq!(attr(&refreshed, "numeric").as_bool(), Some(true));
        assert_eq!(attr(&refreshed, "min_upper").to_json(), "0");
        assert_noop(p, "random_string", &refreshed, &cfg);
        // Planning against the old state itself plans an in-place update to the
        // upgraded state, not a replacement.
        let plan = plan(p, "random_string", &old, &cfg);
        assert!(plan.requires_replace.is_empty());
        assert_eq!(plan.planned.to_json(), state.to_json());
    }

    #[tokio::test]
    async fn import() {
        let p = provider();
        let s = p.import_resource("random_string", "Ab3$xyz").await.unwrap();
        assert_conforms(p.as_ref(), "random_string", &s);
        assert_eq!(attr_str(&s, "id"), "Ab3$xyz");
        assert_eq!(attr_str(&s, "result"), "Ab3$xyz");
        assert_eq!(attr(&s, "length").to_json(), "7");
        let cfg = config(p.as_ref(), "random_string", &[("length", Value::int(7))]);
        assert_noop(p.as_ref(), "random_string", &s, &cfg);
    }
}
