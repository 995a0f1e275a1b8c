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

use crate::diag::{Diagnostic, SourceFile, SourceRange};
use crate::lang::refs::Reference;
use crate::lang::convert::Defaults;
use crate::lang::Type;

pub use decode::{is_identifier, static_string as static_string_expr, suggest};
pub use load::{load_module, load_module_tree, syntax_error, ModuleTree};

/// An expression together with the file it was written in.
///
/// Large configurations are mostly locals and outputs, and hcl-edit's syntax trees
/// are big (a `for` expression node alone is close to 1 KB). Their expressions are
/// therefore kept *deferred*: the references are recorded when the file is parsed,
/// the tree is dropped, and the expression's source text is parsed again when it is
/// evaluated. Spans inside a re-parsed tree are relative to the expression's start;
/// [`Expr::tree`] returns that offset with it.
#[derive(Clone, Debug)]
pub struct Expr {
    pub file: Arc<SourceFile>,
    parsed: Option<Arc<Expression>>,
    span: Option<std::ops::Range<usize>>,
    refs: Option<Arc<Vec<Reference>>>,
}

impl Expr {
    pub fn new(file: &Arc<SourceFile>, ast: Expression) -> Expr {
        let span = ast.span();
        Expr { file: file.clone(), parsed: Some(Arc::new(ast)), span, refs: None }
    }

    /// An expression kept as source text (see the type's documentation). Heredocs,
    /// which need their surrounding lines to parse, stay parsed.
    pub fn deferred(file: &Arc<SourceFile>, ast: Expression) -> Expr {
        let span = ast.span();
        let text_ok = span.as_ref().and_then(|s| file.text.get(s.clone())).is_some_and(|t| !t.contains("<<"));
        if !text_ok {
            return Expr::new(file, ast);
        }
        let refs = crate::lang::refs::references(&ast);
        Expr { file: file.clone(), parsed: None, span, refs: Some(Arc::new(refs)) }
    }

    /// The syntax tree and the byte offset its spans are relative to.
    pub fn tree(&self) -> Result<(Arc<Expression>, usize), Diagnostic> {
        if let Some(p) = &self.parsed {
            return Ok((p.clone(), 0));
        }
        let span = self.span.clone().unwrap_or(0..0);
        let text = self.file.text.get(span.clone()).unwrap_or("");
        match hcl_edit::parser::parse_expr(text) {
            Ok(e) => Ok((Arc::new(e), span.start)),
            Err(e) => Err(Diagnostic::error("Invalid expression", format!("The expression could not be parsed again: {}.", e.message()))
                .with_subject(self.range())),
        }
    }

    /// The references the expression makes, with spans in file coordinates.
    pub fn references(&self) -> Vec<Reference> {
        match (&self.refs, &self.parsed) {
            (Some(r), _) => (**r).clone(),
            (None, Some(p)) => crate::lang::refs::references(p),
            (None, None) => Vec::new(),
        }
    }

    pub fn range(&self) -> Option<SourceRange> {
        self.span.clone().map(|s| self.file.range(s))
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
    /// `import` blocks (root module only).
    pub imports: Vec<Import>,
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
    /// The same block in override files, in load order: each argument and each nested
    /// block type they set replaces the primary body's (Terraform's merge rules).
    pub overrides: Vec<RawBody>,
}

impl ProviderConfig {
    /// The primary body, then the override bodies.
    pub fn layers(&self) -> impl Iterator<Item = &RawBody> {
        std::iter::once(&self.body).chain(self.overrides.iter())
    }
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
    /// The same block's bodies in override files, merged over `config` argument by
    /// argument when decoded.
    pub overrides: Vec<RawBody>,
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

/// An `import` block: the existing object `id` is adopted into the state at `to` by the
/// next apply (Terraform 1.5's config-driven import).
#[derive(Debug, Clone)]
pub struct Import {
    pub to: Expr,
    pub id: Expr,
    /// `provider = aws.west`: the configuration to import with.
    pub provider: Option<Expr>,
    pub range: Option<SourceRange>,
}

#[derive(Debug, Clone)]
pub struct Moved {
    pub from: Expr,
    pub to: Expr,
    pub range: Option<SourceRange>,
}
