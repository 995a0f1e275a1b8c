//! Diagnostics: errors and warnings with the source range they are about, collected
//! across a whole run and rendered the way Terraform renders them.

mod render;

use std::path::PathBuf;
use std::sync::Arc;

pub use render::{render, render_all};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A position in a source file: 1-based line and column (in characters), 0-based byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub byte: usize,
}

/// A range of a source file. `file` is the name as the user gave it, relative to the
/// working directory (`main.tf`, `modules/net/main.tf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRange {
    pub file: Arc<str>,
    pub start: Pos,
    pub end: Pos,
}

impl std::fmt::Display for SourceRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.start.line, self.start.column)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A fixed phrase: "Unsupported argument".
    pub summary: String,
    /// Full sentences: what went wrong, why, how to fix it.
    pub detail: String,
    /// The range the diagnostic is about.
    pub subject: Option<SourceRange>,
    /// A wider range giving context (the whole block header, the whole expression).
    pub context: Option<SourceRange>,
    /// The containing block, as Terraform names it: `output "x"`, `resource "null_resource" "a"`.
    pub block: Option<String>,
    /// Values of the references in the failing expression, shown under the snippet
    /// (`local.x is object with 1 attribute "a"`).
    pub expression_values: Vec<(String, String)>,
}

impl Diagnostic {
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            subject: None,
            context: None,
            block: None,
            expression_values: Vec::new(),
        }
    }
    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(summary, detail) }
    }
    pub fn with_subject(mut self, r: Option<SourceRange>) -> Diagnostic {
        if self.subject.is_none() {
            self.subject = r;
        }
        self
    }
    pub fn with_block(mut self, b: impl Into<String>) -> Diagnostic {
        if self.block.is_none() {
            self.block = Some(b.into());
        }
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// An ordered collection of diagnostics from one run.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d)
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0)
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

/// A loaded source file, kept for positions and snippets.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics.
    pub name: Arc<str>,
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, path: PathBuf, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        SourceFile { name: name.into(), path, text, line_starts }
    }

    /// The position of byte offset `byte` (clamped to the text).
    pub fn pos(&self, byte: usize) -> Pos {
        let byte = byte.min(self.text.len());
        let line = match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self.text.get(start..byte).map(|s| s.chars().count()).unwrap_or(byte - start) + 1;
        Pos { line: line + 1, column, byte }
    }

    pub fn range(&self, span: std::ops::Range<usize>) -> SourceRange {
        SourceRange { file: self.name.clone(), start: self.pos(span.start), end: self.pos(span.end) }
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self.line_starts.get(line).map(|e| e - 1).unwrap_or(self.text.len());
        self.text.get(start..end).map(|l| l.trim_end_matches('\r'))
    }
}

/// All source files of a run, by name, for rendering snippets.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
}

impl SourceMap {
    pub fn add(&mut self, f: Arc<SourceFile>) {
        self.files.push(f)
    }
    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| &*f.name == name).map(|f| &**f)
    }
}
