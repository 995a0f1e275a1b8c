//! The `filter {}` blocks of EC2 data sources, and the lookups they share.

use aws_sdk_ec2::types::Filter;
use terrace_provider::{Attribute, Block, Nesting, NestedBlock, Type};

use crate::attrs::{get_blocks, get_map, get_string, get_strings, Attrs};

/// `filter { name = ..., values = [...] }`, any number.
pub fn filter_block() -> NestedBlock {
    NestedBlock {
        nesting: Nesting::Set,
        block: Block::new().attr("name", Attribute::required(Type::String)).attr("values", Attribute::required(Type::set(Type::String))),
        min_items: 0,
        max_items: 0,
        force_new: false,
    }
}

/// The configured `filter` blocks, and `tags` as `tag:KEY` filters.
pub fn filters(config: &Attrs) -> Vec<Filter> {
    let mut out: Vec<Filter> = get_blocks(config, "filter")
        .iter()
        .filter_map(|f| Some(Filter::builder().name(get_string(f, "name")?).set_values(Some(get_strings(f, "values"))).build()))
        .collect();
    for (k, v) in get_map(config, "tags") {
        out.push(Filter::builder().name(format!("tag:{k}")).values(v).build());
    }
    out
}

/// A filter with one value, when `value` is set.
pub fn one(name: &str, value: Option<String>) -> Option<Filter> {
    value.map(|v| Filter::builder().name(name).values(v).build())
}
