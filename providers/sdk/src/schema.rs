//! Schemas: what a provider, resource type or data source accepts and produces.

use std::collections::BTreeMap;

use crate::types::Type;

/// One attribute of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub ty: Type,
    pub required: bool,
    pub optional: bool,
    /// Set by the provider when not given in configuration.
    pub computed: bool,
    pub sensitive: bool,
    /// A change to this attribute cannot be made in place: the object is replaced.
    pub force_new: bool,
    pub description: &'static str,
}

impl Attribute {
    fn base(ty: Type) -> Attribute {
        Attribute { ty, required: false, optional: false, computed: false, sensitive: false, force_new: false, description: "" }
    }
    pub fn required(ty: Type) -> Attribute {
        Attribute { required: true, ..Attribute::base(ty) }
    }
    pub fn optional(ty: Type) -> Attribute {
        Attribute { optional: true, ..Attribute::base(ty) }
    }
    pub fn computed(ty: Type) -> Attribute {
        Attribute { computed: true, ..Attribute::base(ty) }
    }
    pub fn optional_computed(ty: Type) -> Attribute {
        Attribute { optional: true, computed: true, ..Attribute::base(ty) }
    }
    pub fn force_new(mut self) -> Attribute {
        self.force_new = true;
        self
    }
    pub fn sensitive(mut self) -> Attribute {
        self.sensitive = true;
        self
    }
    pub fn describe(mut self, d: &'static str) -> Attribute {
        self.description = d;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// At most one block; the value is an object (or null).
    Single,
    /// A list of objects.
    List,
    /// A set of objects.
    Set,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NestedBlock {
    pub nesting: Nesting,
    pub block: Block,
    pub min_items: usize,
    pub max_items: usize,
    pub force_new: bool,
}

/// The attributes and nested blocks of a block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    pub attributes: BTreeMap<String, Attribute>,
    pub blocks: BTreeMap<String, NestedBlock>,
    /// Arguments and block types the upstream (Terraform) provider has here that this
    /// provider does not implement yet: using one is an error saying so, rather than
    /// "not expected here".
    pub not_implemented: std::collections::BTreeSet<String>,
}

impl Block {
    pub fn new() -> Block {
        Block::default()
    }
    pub fn attr(mut self, name: &str, a: Attribute) -> Block {
        self.attributes.insert(name.to_string(), a);
        self
    }
    pub fn block(mut self, name: &str, b: NestedBlock) -> Block {
        self.blocks.insert(name.to_string(), b);
        self
    }

    /// The object type of values conforming to this block.
    pub fn implied_type(&self) -> Type {
        let mut attrs = BTreeMap::new();
        for (k, a) in &self.attributes {
            attrs.insert(k.clone(), a.ty.clone());
        }
        for (k, b) in &self.blocks {
            let t = b.block.implied_type();
            attrs.insert(
                k.clone(),
                match b.nesting {
                    Nesting::Single => t,
                    Nesting::List => Type::list(t),
                    Nesting::Set => Type::set(t),
                },
            );
        }
        Type::object(attrs)
    }
}

/// The schema of one resource type or data source.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub version: u64,
    pub block: Block,
}

/// Everything a provider declares.
#[derive(Debug, Clone, Default)]
pub struct ProviderSchema {
    pub provider: Block,
    pub resources: BTreeMap<String, Schema>,
    pub data_sources: BTreeMap<String, Schema>,
}
