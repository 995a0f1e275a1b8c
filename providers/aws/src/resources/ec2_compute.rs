//! Helpers shared by the EC2 compute resources (instances, volumes, launch templates):
//! nested-block values, matching configured block items to prior ones, user_data hashing.

use std::collections::BTreeMap;

use sha1::{Digest, Sha1};
use terrace_provider::{Block, NestedBlock, Nesting, Type, Value};

use crate::attrs::{get_blocks, Attrs};

/// A list block of at most `max` items (0: unlimited).
pub fn list_block(block: Block, max: usize) -> NestedBlock {
    NestedBlock { nesting: Nesting::List, block, min_items: 0, max_items: max, force_new: false }
}

/// A set block.
pub fn set_block(block: Block) -> NestedBlock {
    NestedBlock { nesting: Nesting::Set, block, min_items: 0, max_items: 0, force_new: false }
}

/// An object value from attributes (the driver conforms it to the block's schema).
pub fn obj(a: Attrs) -> Value {
    Value::object(a)
}

/// A list of block items.
pub fn objs(items: Vec<Attrs>) -> Value {
    Value::list(Type::Dynamic, items.into_iter().map(obj).collect())
}

/// A set of block items.
pub fn obj_set(items: Vec<Attrs>) -> Value {
    Value::set(Type::Dynamic, items.into_iter().map(obj).collect())
}

/// The first item of a list block, if any.
pub fn first_block(a: &Attrs, k: &str) -> Option<Attrs> {
    get_blocks(a, k).into_iter().next()
}

/// Whether a block is absent from the configuration (null or no items).
pub fn block_unset(config: &Attrs, k: &str) -> bool {
    match config.get(k) {
        None => true,
        Some(v) if v.is_null() => true,
        Some(v) => v.as_elements().is_some_and(|e| e.is_empty()),
    }
}

/// For a block the configuration leaves out whose values AWS computes: keep the prior
/// state's items so an unchanged object plans no change.
pub fn keep_prior_block(prior: &Attrs, planned: &mut Attrs, config: &Attrs, k: &str) {
    if block_unset(config, k) {
        if let Some(p) = prior.get(k).filter(|v| !v.is_null()) {
            planned.insert(k.into(), p.clone());
        }
    }
}

/// Fills the null attributes named in `computed` of each item from the prior item with
/// the same `key` value (for set blocks, which planning does not merge with the prior state).
pub fn fill_from_prior(items: Vec<Attrs>, prior: &[Attrs], key: &str, computed: &[&str]) -> Vec<Attrs> {
    items
        .into_iter()
        .map(|mut it| {
            let k = it.get(key).cloned();
            if let Some(p) = prior.iter().find(|p| k.as_ref().is_some_and(|k| super::net_util::same(p.get(key), Some(k)))) {
                for c in computed {
                    if it.get(*c).is_none_or(|v| v.is_null()) {
                        if let Some(v) = p.get(*c) {
                            it.insert((*c).to_string(), v.clone());
                        }
                    }
                }
            }
            it
        })
        .collect()
}

/// Sets a null attribute of a block item to a default.
pub fn item_default(item: &mut Attrs, k: &str, v: Value) {
    if item.get(k).is_none_or(|x| x.is_null()) {
        item.insert(k.into(), v);
    }
}

/// Terraform's state form of `user_data`: the SHA-1 hex digest of the (base64-decoded
/// when it is base64) text.
pub fn user_data_hash(user_data: &str) -> String {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD.decode(user_data).unwrap_or_else(|_| user_data.as_bytes().to_vec());
    hex::encode(Sha1::digest(&bytes))
}

/// The user data to send: base64 of the text, unless it is base64 already.
pub fn user_data_b64(user_data: &str) -> String {
    use base64::Engine;
    let e = &base64::engine::general_purpose::STANDARD;
    if e.decode(user_data).is_ok() {
        user_data.to_string()
    } else {
        e.encode(user_data)
    }
}

/// Drops the tags AWS and Terrace manage themselves (`aws:*`, Terrace's client token).
pub fn user_tags(mut tags: BTreeMap<String, String>) -> BTreeMap<String, String> {
    tags.retain(|k, _| !k.starts_with("aws:") && !k.starts_with("terrace:"));
    tags
}

/// Terraform's `hashcode.String`: the CRC-32 (IEEE) of a string.
pub fn hashcode(s: &str) -> u32 {
    let mut crc = !0u32;
    for byte in s.bytes() {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_data_hash_matches_terraform() {
        // sha1("hello") as Terraform stores it, for plain and base64 input alike.
        assert_eq!(user_data_hash("hello"), "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
        assert_eq!(user_data_hash("aGVsbG8="), "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
        assert_eq!(user_data_b64("hello"), "aGVsbG8=");
        assert_eq!(user_data_b64("aGVsbG8="), "aGVsbG8=");
    }

    #[test]
    fn hashcode_is_crc32() {
        assert_eq!(hashcode("123456789"), 0xCBF4_3926);
    }
}
