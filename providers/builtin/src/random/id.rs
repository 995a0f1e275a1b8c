//! `random_id`: random bytes, shown in several encodings; suitable for unique
//! names.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use terrace_provider::{Attribute, Block, Diag, Diags, Schema, Type, Value};

use super::rng::Rng;
use crate::resource::{check_int, get_i64, get_str, Attrs, ResourceType};

pub struct RandomId;

/// The decimal digits of a big-endian unsigned integer (Go's `big.Int.SetBytes(b).String()`).
pub fn bytes_to_decimal(bytes: &[u8]) -> String {
    // Little-endian base-10^9 limbs.
    let mut limbs: Vec<u32> = vec![0];
    for &b in bytes {
        let mut carry = b as u64;
        for limb in limbs.iter_mut() {
            let x = (*limb as u64) * 256 + carry;
            *limb = (x % 1_000_000_000) as u32;
            carry = x / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push((carry % 1_000_000_000) as u32);
            carry /= 1_000_000_000;
        }
    }
    let mut out = limbs.last().copied().unwrap_or(0).to_string();
    for limb in limbs.iter().rev().skip(1) {
        out.push_str(&format!("{limb:09}"));
    }
    out
}

/// The state attributes derived from the bytes.
fn encodings(bytes: &[u8], prefix: &str) -> Attrs {
    let b64_url = URL_SAFE_NO_PAD.encode(bytes);
    Attrs::from([
        ("id".to_string(), Value::string(b64_url.clone())),
        ("b64_url".to_string(), Value::string(format!("{prefix}{b64_url}"))),
        ("b64_std".to_string(), Value::string(format!("{prefix}{}", STANDARD.encode(bytes)))),
        ("hex".to_string(), Value::string(format!("{prefix}{}", hex::encode(bytes)))),
        ("dec".to_string(), Value::string(format!("{prefix}{}", bytes_to_decimal(bytes)))),
    ])
}

impl ResourceType for RandomId {
    fn name(&self) -> &'static str {
        "random_id"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block::new()
                .attr("keepers", super::keepers())
                .attr(
                    "byte_length",
                    Attribute::required(Type::Number)
                        .force_new()
                        .describe("The number of random bytes to produce. The minimum value is 1, which produces eight bits of randomness."),
                )
                .attr(
                    "prefix",
                    Attribute::optional(Type::String)
                        .force_new()
                        .describe("Arbitrary string to prefix the output value with. This string is supplied as-is, meaning it is not guaranteed to be URL-safe or base64 encoded."),
                )
                .attr("b64_url", Attribute::computed(Type::String).describe("The generated id presented in base64, using the URL-friendly character set: case-sensitive letters, digits and the characters `_` and `-`."))
                .attr("b64_std", Attribute::computed(Type::String).describe("The generated id presented in base64 without additional transformations."))
                .attr("hex", Attribute::computed(Type::String).describe("The generated id presented in padded hexadecimal digits. This result will always be twice as long as the requested byte length."))
                .attr("dec", Attribute::computed(Type::String).describe("The generated id presented in non-padded decimal digits."))
                .attr("id", Attribute::computed(Type::String).describe("The generated id presented in base64 without additional transformations or prefix.")),
        }
    }

    fn validate(&self, config: &Attrs) -> Diags {
        let mut diags = Vec::new();
        check_int(config, "byte_length", Some(1), &mut diags);
        diags
    }

    fn needs_replace(&self, attr: &str, prior: &Value, planned: &Value) -> bool {
        super::needs_replace(attr, prior, planned)
    }

    fn create(&self, planned: &Attrs) -> Result<Attrs, Diags> {
        let n = get_i64(planned, "byte_length").filter(|&n| n >= 1).ok_or_else(|| {
            vec![Diag::error("Create Random ID error", "byte_length must be a whole number of at least 1.")]
        })?;
        let mut bytes = vec![0u8; n as usize];
        Rng::Os.fill(&mut bytes);
        Ok(encodings(&bytes, get_str(planned, "prefix").unwrap_or("")))
    }

    /// The import ID is the base64url id, optionally preceded by the prefix and a
    /// comma: `prefix,id`.
    fn import(&self, id: &str) -> Result<Attrs, Diags> {
        let (prefix, b64) = match id.rfind(',') {
            Some(i) => (&id[..i], &id[i + 1..]),
            None => ("", id),
        };
        let bytes = URL_SAFE_NO_PAD.decode(b64).map_err(|e| {
            vec![Diag::error(
                "Import Random ID Error",
                format!("While attempting to import a random id there was a decoding error.\n\nOriginal Error: {e}"),
            )]
        })?;
        let mut state = encodings(&bytes, prefix);
        state.insert("byte_length".into(), Value::int(bytes.len() as i64));
        state
            .insert("prefix".into(), if prefix.is_empty() { Value::null(Type::String) } else { Value::string(prefix) });
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::provider;
    use crate::resource::testing::*;

    #[test]
    fn decimal() {
        assert_eq!(bytes_to_decimal(&[]), "0");
        assert_eq!(bytes_to_decimal(&[0, 0]), "0");
        assert_eq!(bytes_to_decimal(&[1, 0]), "256");
        assert_eq!(bytes_to_decimal(&[0xff; 8]), u64::MAX.to_string());
        assert_eq!(bytes_to_decimal(&[0xff; 16]), u128::MAX.to_string());
        assert_eq!(bytes_to_decimal(&[0x3b, 0x9a, 0xca, 0x00]), "1000000000");
    }

    #[tokio::test]
    async fn create_and_encodings() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_id", &[("byte_length", Value::int(8)), ("prefix", Value::string("srv-"))]);
        let plan = plan(p, "random_id", &Value::null(cfg.ty()), &cfg);
        for k in ["id", "b64_url", "b64_std", "hex", "dec"] {
            assert!(!attr(&plan.planned, k).is_known(), "{k}");
        }
        let state = create(p, "random_id", &cfg).await;
        let id = attr_str(&state, "id");
        let bytes = URL_SAFE_NO_PAD.decode(id).unwrap();
        assert_eq!(bytes.len(), 8);
        assert_eq!(attr_str(&state, "b64_url"), format!("srv-{id}"));
        assert_eq!(attr_str(&state, "b64_std"), format!("srv-{}", STANDARD.encode(&bytes)));
        assert_eq!(attr_str(&state, "hex"), format!("srv-{}", hex::encode(&bytes)));
        assert_eq!(attr_str(&state, "dec"), format!("srv-{}", u64::from_be_bytes(bytes.try_into().unwrap())));

        assert_noop(p, "random_id", &state, &cfg);
        let longer = config(p, "random_id", &[("byte_length", Value::int(9)), ("prefix", Value::string("srv-"))]);
        assert_replaces(p, "random_id", &state, &longer, &["byte_length"]);
        let keeper = config(
            p,
            "random_id",
            &[("byte_length", Value::int(8)), ("prefix", Value::string("srv-")), ("keepers", str_map(&[("a", "b")]))],
        );
        assert_replaces(p, "random_id", &state, &keeper, &["keepers"]);
        let noprefix = config(p, "random_id", &[("byte_length", Value::int(8))]);
        assert_replaces(p, "random_id", &state, &noprefix, &["prefix"]);
    }

    #[tokio::test]
    async fn keepers_force_replacement() {
        let p = provider();
        let p = p.as_ref();
        let cfg = config(p, "random_id", &[("byte_length", Value::int(4)), ("keepers", str_map(&[("ami", "1")]))]);
        let state = create(p, "random_id", &cfg).await;
        assert_noop(p, "random_id", &state, &cfg);
        let changed = config(p, "random_id", &[("byte_length", Value::int(4)), ("keepers", str_map(&[("ami", "2")]))]);
        assert_replaces(p, "random_id", &state, &changed, &["keepers"]);
        let new = create(p, "random_id", &changed).await;
        assert_ne!(attr_str(&new, "id"), attr_str(&state, "id"));
    }

    #[test]
    fn validation() {
        let p = provider();
        let d = p.validate_resource("random_id", &config(p.as_ref(), "random_id", &[("byte_length", Value::int(0))]));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].attribute, Some(crate::resource::attr_path("byte_length")));
        assert!(d[0].detail.contains("at least 1"), "{}", d[0].detail);
        let ok = p.validate_resource(
            "random_id",
            &config(p.as_ref(), "random_id", &[("byte_length", Value::unknown(Type::Number))]),
        );
        assert!(ok.is_empty());
    }

    #[tokio::test]
    async fn import() {
        let p = provider();
        let state = p.import_resource("random_id", "my-prefix,p-9hUg").await.unwrap();
        assert_conforms(p.as_ref(), "random_id", &state);
        assert_eq!(attr_str(&state, "id"), "p-9hUg");
        assert_eq!(attr_str(&state, "b64_url"), "my-prefix,p-9hUg".replace(',', ""));
        assert_eq!(attr_str(&state, "hex"), "my-prefixa7ef6152");
        assert_eq!(attr_str(&state, "b64_std"), "my-prefixp+9hUg==");
        assert_eq!(attr_str(&state, "dec"), format!("my-prefix{}", 0xa7ef6152u32));
        assert_eq!(attr(&state, "byte_length").to_json(), "4");
        assert_eq!(attr_str(&state, "prefix"), "my-prefix");

        let plain = p.import_resource("random_id", "p-9hUg").await.unwrap();
        assert!(attr(&plain, "prefix").is_null());
        assert!(p.import_resource("random_id", "not base64!").await.is_err());
    }
}
