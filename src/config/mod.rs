//! Configuration: loading the `.tf` and `.tf.json` files of a module directory into a
//! typed module, keeping the source range of every block, attribute and expression.
//!
//! Loading never stops at the first problem: every file is parsed and decoded, and
//! all diagnostics come back together with whatever could be decoded.

mod decode;
mod json;
mod load;
pub mod typeexpr;
pub mod version;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use hcl_edit::Span;

use crate::diag::{SourceFile, SourceRange};
use crate::lang::convert::Defaults;
use crate::lang::Type;

pub use decode::{is_identifier, static_string as static_string_expr, suggest};
pub use load::{load_module, load_module_tree, syntax_error, ModuleTree};

/// An expression together with the file it was written in.
#[derive(Clone, Debug)]
pub struct Expr {
    pub file: Arc<SourceFile>,
    pub ast: Arc<Expression>,
}

impl Expr {
    pub fn new(file: &Arc<SourceFile>, ast: Expression) -> Expr {
        Expr { file: file.clone(), ast: Arc::new(ast) }
    }
    pub fn range(&self) -> Option<SourceRange> {
        self.ast.span().map(|s| self.file.range(s))
    }
}

/// A block body kept undecoded, for blocks whose schema comes from a provider.
#[derive(Clone, Debug)]
pub struct RawBody {
    pub file: Arc<SourceFile>,
    pub body: Arc<Body>,
}

/// One module: the contents of one directory.
#[derive(Debug, Default)]
pub struct Module {
    pub dir: PathBuf,
    pub files: Vec<Arc<SourceFile>>,
    pub required_versions: Vec<(String, Option<SourceRange>)>,
    pub required_providers: BTreeMap<String, RequiredProvider>,
    pub backend: Option<Backend>,
    pub variables: BTreeMap<String, Variable>,
    pub locals: BTreeMap<String, Local>,
    pub outputs: BTreeMap<String, Output>,
    pub providers: Vec<ProviderConfig>,
    /// Managed resources and data sources by address within the module
    /// (`null_resource.a`, `data.aws_ami.ubuntu`).
    pub resources: BTreeMap<String, Resource>,
    pub module_calls: BTreeMap<String, ModuleCall>,
    pub moved: Vec<Moved>,
}

#[derive(Debug, Clone)]
pub struct RequiredProvider {
    pub source: String,
    pub version: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Backend {
    pub kind: String,
    pub config: RawBody,
    pub range: Option<SourceRange>,
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    /// The type constraint (`Type::Dynamic` when absent).
    pub ty: Type,
    /// Whether values given as strings (`-var`, `TF_VAR_`) are parsed as expressions:
    /// true when the type constraint is given and is not a primitive type.
    pub parse_as_hcl: bool,
    /// Defaults of `optional(T, default)` attributes inside the constraint.
    pub type_defaults: Option<Defaults>,
    pub default: Option<Expr>,
    pub description: Option<String>,
    pub sensitive: bool,
    pub nullable: bool,
    pub validations: Vec<Validation>,
    pub range: Option<SourceRange>,
}

#[derive(Debug, Clone)]
pub struct Validation {
    pub condition: Expr,
    pub error_message: Expr,
    pub range: Option<SourceRange>,
}

#[derive(Debug, Clone)]
pub struct Local {
    pub name: String,
    pub expr: Expr,
    pub range: Option<SourceRange>,
}

#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub expr: Expr,
    pub description: Option<String>,
    pub sensitive: bool,
    pub depends_on: Vec<Expr>,
    pub range: Option<SourceRange>,
}

#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub name: String,
    pub alias: Option<String>,
    pub body: RawBody,
    pub range: Option<SourceRange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Managed,
    Data,
}

#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    pub create_before_destroy: bool,
    pub prevent_destroy: bool,
    /// Attribute paths, or `None` inside for `ignore_changes = all`.
    pub ignore_changes: Vec<Expr>,
    pub ignore_all_changes: bool,
    pub replace_triggered_by: Vec<Expr>,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub mode: Mode,
    pub type_name: String,
    pub name: String,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    pub provider: Option<(String, Option<String>)>,
    pub depends_on: Vec<Expr>,
    pub lifecycle: Lifecycle,
    /// Everything else in the body, decoded later against the provider's schema.
    pub config: RawBody,
    pub range: Option<SourceRange>,
}

impl Resource {
    /// `null_resource.a` or `data.aws_ami.x`.
    pub fn address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.type_name, self.name),
            Mode::Data => format!("data.{}.{}", self.type_name, self.name),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ModuleCall {
    pub name: String,
    pub source: String,
    pub source_range: Option<SourceRange>,
    pub version: Option<String>,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    pub inputs: BTreeMap<String, Expr>,
    pub providers: Vec<(String, Expr)>,
    pub depends_on: Vec<Expr>,
    pub range: Option<SourceRange>,
}

#[derive(Debug, Clone)]
pub struct Moved {
    pub from: Expr,
    pub to: Expr,
    pub range: Option<SourceRange>,
}
