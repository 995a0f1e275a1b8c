//! Reading a module directory: which files, in which order, parsed how.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hcl_edit::structure::Body;

use super::{decode, json, Module};
use crate::diag::{Diagnostic, Diagnostics, SourceFile, SourceRange};

/// Loads the module in `dir`. `display_prefix` is prepended to file names in
/// diagnostics (empty for the root module, `modules/net/` for a child).
pub fn load_module(dir: &Path, display_prefix: &str) -> (Module, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut module = Module { dir: dir.to_path_buf(), ..Module::default() };
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::error(
                "Failed to read module directory",
                format!("Module directory {} does not exist or cannot be read: {e}.", dir.display()),
            ));
            return (module, diags);
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().map(|t| t.is_file() || t.is_symlink()).unwrap_or(false))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| is_config_file(n))
        .collect();
    names.sort();
    // Override files (`override.tf`, `*_override.tf`) merge over the others; Terrace
    // loads them last so that their blocks win on conflicts.
    let (overrides, primaries): (Vec<String>, Vec<String>) = names.into_iter().partition(|n| is_override(n));
    let names: Vec<&String> = primaries.iter().chain(overrides.iter()).collect();
    // Parsing dominates loading: files are parsed on all cores, a few at a time (a
    // parsed file is large until decoding drops what it does not keep), and decoded
    // in order.
    let batch = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    for group in names.chunks(batch) {
        let parsed = parallel_map(group, |name| read_and_parse(dir, display_prefix, name));
        for (name, (file, body, d)) in group.iter().zip(parsed) {
            diags.extend(d);
            let Some(file) = file else { continue };
            module.files.push(file.clone());
            if let Some(body) = body {
                decode::decode_file(&mut module, &file, body, is_override(name), &mut diags);
            }
        }
    }
    (module, diags)
}

/// `f` over `items` on up to as many threads as there are cores, keeping the order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(items.len()).max(1);
    if threads == 1 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// Reads and parses one configuration file.
fn read_and_parse(dir: &Path, display_prefix: &str, name: &str) -> (Option<Arc<SourceFile>>, Option<Body>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let path = dir.join(name);
    let display = format!("{display_prefix}{name}");
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                diags.push(Diagnostic::error(
                    "Invalid file encoding",
                    format!("The file {display} is not valid UTF-8. Terraform configuration files must be UTF-8 encoded."),
                ));
                return (None, None, diags);
            }
        },
        Err(e) => {
            diags.push(Diagnostic::error("Failed to read file", format!("The file {display} could not be read: {e}.")));
            return (None, None, diags);
        }
    };
    if name.ends_with(".json") {
        return match json::json_to_hcl(&text) {
            Ok(hcl) => {
                let file = Arc::new(SourceFile::new(display, path, hcl));
                let body = parse_body(&file, &mut diags);
                (Some(file), body, diags)
            }
            Err(msg) => {
                let file = Arc::new(SourceFile::new(display, path, text));
                diags.push(Diagnostic::error("Invalid JSON configuration", msg).with_subject(Some(file.range(0..0))));
                (Some(file), None, diags)
            }
        };
    }
    let file = Arc::new(SourceFile::new(display, path, text));
    let body = parse_body(&file, &mut diags);
    (Some(file), body, diags)
}

fn is_config_file(name: &str) -> bool {
    !name.starts_with('.') && !name.starts_with('#') && !name.ends_with('~') && (name.ends_with(".tf") || name.ends_with(".tf.json"))
}

fn is_override(name: &str) -> bool {
    let stem = name.trim_end_matches(".json").trim_end_matches(".tf");
    stem == "override" || stem.ends_with("_override")
}

/// Drops the whitespace and comments hcl-edit keeps around every node: Terrace
/// never writes configuration back, and on large configurations they are most of
/// the memory the syntax trees take.
struct StripDecor;

impl hcl_edit::visit_mut::VisitMut for StripDecor {
    fn visit_expr_mut(&mut self, node: &mut hcl_edit::expr::Expression) {
        use hcl_edit::Decorate;
        node.decor_mut().clear();
        hcl_edit::visit_mut::visit_expr_mut(self, node);
    }
    fn visit_ident_mut(&mut self, node: &mut hcl_edit::Decorated<hcl_edit::Ident>) {
        use hcl_edit::Decorate;
        node.decor_mut().clear();
    }
    fn visit_block_mut(&mut self, node: &mut hcl_edit::structure::Block) {
        use hcl_edit::Decorate;
        node.decor_mut().clear();
        hcl_edit::visit_mut::visit_block_mut(self, node);
    }
    fn visit_attr_mut(&mut self, mut node: hcl_edit::structure::AttributeMut<'_>) {
        use hcl_edit::Decorate;
        node.decor_mut().clear();
        hcl_edit::visit_mut::visit_attr_mut(self, node);
    }
}

/// Parses a file as an HCL body, turning a syntax error into a diagnostic.
pub(crate) fn parse_body(file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<Body> {
    match hcl_edit::parser::parse_body(&file.text) {
        Ok(mut body) => {
            hcl_edit::visit_mut::VisitMut::visit_body_mut(&mut StripDecor, &mut body);
            Some(body)
        }
        Err(e) => {
            diags.push(syntax_error(file, &e));
            None
        }
    }
}

/// A diagnostic for an hcl-edit parse error.
pub fn syntax_error(file: &Arc<SourceFile>, e: &hcl_edit::parser::Error) -> Diagnostic {
    let loc = e.location();
    let line = loc.line();
    let col = loc.column();
    // Translate line/column back into a byte offset for the range.
    let mut byte = 0;
    for (i, l) in file.text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            byte += l.char_indices().nth(col.saturating_sub(1)).map(|(b, _)| b).unwrap_or(l.len());
            break;
        }
        byte += l.len();
    }
    let message = e.message().to_string();
    // Terraform's summaries for the common cases.
    let at = file.text.get(byte..).and_then(|t| t.chars().next()).unwrap_or(' ');
    let summary = if message.starts_with("invalid expression") {
        if !(at.is_alphanumeric() || at.is_whitespace() || "\"[]{}()-!_<>=+*/%&|?:.,~$#'".contains(at)) {
            "Invalid character"
        } else {
            "Invalid expression"
        }
    } else if message.starts_with("invalid block body") {
        "Argument or block definition required"
    } else if message.contains("expected newline or eof") {
        "Missing newline after argument"
    } else if message.contains("expected `{`") {
        "Invalid block definition"
    } else {
        "Invalid syntax"
    };
    let range: SourceRange = file.range(byte..byte + 1);
    Diagnostic::error(
        summary,
        format!("The configuration could not be parsed at line {line}, column {col}: {message}. Check the syntax near this position."),
    )
    .with_subject(Some(range))
}

/// The root module and every local child module it calls, by module path
/// (`""` for the root, `"net"`, `"net.subnets"` for nested calls).
#[derive(Debug, Default)]
pub struct ModuleTree {
    pub modules: BTreeMap<String, Arc<Module>>,
}

impl ModuleTree {
    pub fn root(&self) -> &Arc<Module> {
        &self.modules[""]
    }
    pub fn child(&self, parent_path: &str, call: &str) -> Option<&Arc<Module>> {
        let key = if parent_path.is_empty() { call.to_string() } else { format!("{parent_path}.{call}") };
        self.modules.get(&key)
    }
    pub fn files(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.modules.values().flat_map(|m| m.files.iter())
    }
}

/// Loads the root module in `dir` and, recursively, the local modules it calls.
pub fn load_module_tree(dir: &Path) -> (ModuleTree, Diagnostics) {
    let mut tree = ModuleTree::default();
    let mut diags = Diagnostics::new();
    let (root, d) = load_module(dir, "");
    diags.extend(d);
    load_children(dir, &root, "", "", &mut tree, &mut diags, 0);
    tree.modules.insert(String::new(), Arc::new(root));
    (tree, diags)
}

fn load_children(
    root_dir: &Path,
    module: &Module,
    path: &str,
    display_dir: &str,
    tree: &mut ModuleTree,
    diags: &mut Diagnostics,
    depth: usize,
) {
    for call in module.module_calls.values() {
        let key = if path.is_empty() { call.name.clone() } else { format!("{path}.{}", call.name) };
        let src = call.source.as_str();
        if !(src.starts_with("./") || src.starts_with("../")) {
            diags.push(
                Diagnostic::error(
                    "Unsupported module source",
                    format!(
                        "Module \"{}\" has source {src:?}. Terrace supports local module sources (starting with ./ or ../) so far; registry and remote sources are not supported yet.",
                        call.name
                    ),
                )
                .with_subject(call.source_range.clone()),
            );
            continue;
        }
        if depth > 32 {
            diags.push(Diagnostic::error(
                "Module nesting too deep",
                format!("Module \"{}\" is nested more than 32 levels deep; is a module calling itself?", call.name),
            ));
            continue;
        }
        let child_dir: PathBuf = module.dir.join(src);
        let child_display = normalize_display(&format!("{display_dir}{src}/"));
        if !child_dir.is_dir() {
            diags.push(
                Diagnostic::error(
                    "Unreadable module directory",
                    format!("The directory {} does not exist or cannot be read.", child_display.trim_end_matches('/')),
                )
                .with_subject(call.source_range.clone()),
            );
            continue;
        }
        let (child, d) = load_module(&child_dir, &child_display);
        diags.extend(d);
        load_children(root_dir, &child, &key, &child_display, tree, diags, depth + 1);
        tree.modules.insert(key, Arc::new(child));
    }
}

/// `./modules/x/../y/` -> `modules/y/`.
fn normalize_display(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let mut s = parts.join("/");
    if !s.is_empty() {
        s.push('/');
    }
    s
}
