//! Built-in providers, compiled into Terrace: `null` and `random`, with the
//! schemas, arguments and behaviour of `hashicorp/null` and `hashicorp/random`.

use std::sync::Arc;

use terrace_provider::Provider;

pub mod null;
pub mod random;
pub mod resource;
pub mod terraform;

/// Every built-in provider.
pub fn providers() -> Vec<Arc<dyn Provider>> {
    vec![null::provider(), random::provider(), terraform::provider()]
}

/// The built-in provider with this short name (`null`, `random`) or registry
/// source (`registry.terraform.io/hashicorp/random`, `hashicorp/random`).
pub fn by_name(name: &str) -> Option<Arc<dyn Provider>> {
    let short = name.strip_prefix("registry.terraform.io/").unwrap_or(name);
    let short = short.strip_prefix("hashicorp/").unwrap_or(short);
    match short {
        null::NAME => Some(null::provider()),
        random::NAME => Some(random::provider()),
        terraform::NAME => Some(terraform::provider()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup() {
        let names: Vec<String> = providers().iter().map(|p| p.name().to_string()).collect();
        assert_eq!(names, ["null", "random", "terraform"]);
        assert_eq!(by_name("null").unwrap().source(), "registry.terraform.io/hashicorp/null");
        assert_eq!(by_name("random").unwrap().source(), "registry.terraform.io/hashicorp/random");
        assert_eq!(by_name("hashicorp/random").unwrap().name(), "random");
        assert_eq!(by_name("registry.terraform.io/hashicorp/null").unwrap().name(), "null");
        assert!(by_name("aws").is_none());
        assert!(by_name("registry.terraform.io/someone/random").is_none());
    }
}
