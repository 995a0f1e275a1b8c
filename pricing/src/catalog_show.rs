//! `terrace pricing show`: the catalog's prices for a resource type or service.

use crate::catalog::Catalog;

/// Not written yet.
pub fn show(_catalog: &Catalog, _what: &str, _item: Option<&str>, _region: &str) -> Result<String, String> {
    Err("terrace pricing show is not implemented yet".into())
}
