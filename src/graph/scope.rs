//! The evaluation scope of one module instance: what `var.`, `local.`, `module.`,
//! `path.`, `terraform.`, `count.` and `each.` resolve to.

use std::cell::RefCell;
use std::collections::HashMap;

use terrace_provider::Value;

use crate::diag::{Diagnostic, SourceRange};
use crate::lang::eval::Scope;

pub(super) struct ModuleScope {
    pub vars: RefCell<HashMap<String, Value>>,
    pub locals: RefCell<HashMap<String, Value>>,
    pub calls: RefCell<HashMap<String, Value>>,
    /// Resources by address within the module (`null_resource.a`, `data.x.y`).
    pub resources: RefCell<HashMap<String, Value>>,
    pub path_module: String,
    pub path_root: String,
    pub path_cwd: String,
    pub workspace: String,
    pub count_index: Option<Value>,
    pub each: Option<(Value, Value)>,
}

impl ModuleScope {
    pub fn with_instance(&self, count_index: Option<Value>, each: Option<(Value, Value)>) -> ModuleScope {
        ModuleScope {
            vars: RefCell::new(self.vars.borrow().clone()),
            locals: RefCell::new(self.locals.borrow().clone()),
            calls: RefCell::new(self.calls.borrow().clone()),
            resources: RefCell::new(self.resources.borrow().clone()),
            path_module: self.path_module.clone(),
            path_root: self.path_root.clone(),
            path_cwd: self.path_cwd.clone(),
            workspace: self.workspace.clone(),
            count_index,
            each,
        }
    }
}

fn missing(summary: &str, detail: String, range: Option<SourceRange>) -> Diagnostic {
    Diagnostic::error(summary, detail).with_subject(range)
}

impl Scope for ModuleScope {
    fn resolve(&self, root: &str, attrs: &[&str], range: Option<SourceRange>) -> Result<(Value, usize), Diagnostic> {
        let first = attrs.first().copied();
        match (root, first) {
            ("var", Some(name)) => match self.vars.borrow().get(name) {
                Some(v) => Ok((v.clone(), 1)),
                None => Err(missing(
                    "Reference to undeclared input variable",
                    format!("An input variable with the name \"{name}\" has not been declared. This variable can be declared with a variable \"{name}\" {{}} block."),
                    range,
                )),
            },
            ("local", Some(name)) => match self.locals.borrow().get(name) {
                Some(v) => Ok((v.clone(), 1)),
                None => Err(missing(
                    "Reference to undeclared local value",
                    format!("A local value with the name \"{name}\" has not been declared."),
                    range,
                )),
            },
            ("module", Some(name)) => match self.calls.borrow().get(name) {
                Some(v) => Ok((v.clone(), 1)),
                None => Err(missing(
                    "Reference to undeclared module",
                    format!("No module call named \"{name}\" is declared in this module."),
                    range,
                )),
            },
            ("path", Some("module")) => Ok((Value::string(self.path_module.as_str()), 1)),
            ("path", Some("root")) => Ok((Value::string(self.path_root.as_str()), 1)),
            ("path", Some("cwd")) => Ok((Value::string(self.path_cwd.as_str()), 1)),
            ("terraform", Some("workspace")) => Ok((Value::string(self.workspace.as_str()), 1)),
            ("count", Some("index")) => match &self.count_index {
                Some(v) => Ok((v.clone(), 1)),
                None => Err(missing(
                    "Reference to \"count\" in non-counted context",
                    "The \"count\" object can only be used in \"module\", \"resource\", and \"data\" blocks, and only when the \"count\" argument is set.".into(),
                    range,
                )),
            },
            ("each", Some(which @ ("key" | "value"))) => match &self.each {
                Some((k, v)) => Ok((if which == "key" { k.clone() } else { v.clone() }, 1)),
                None => Err(missing(
                    "Reference to \"each\" in context without for_each",
                    "The \"each\" object can be used only in \"module\" or \"resource\" blocks, and only when the \"for_each\" argument is set.".into(),
                    range,
                )),
            },
            ("data", Some(t)) if attrs.len() >= 2 => {
                let key = format!("data.{t}.{}", attrs[1]);
                match self.resources.borrow().get(&key) {
                    Some(v) => Ok((v.clone(), 2)),
                    None => Err(missing(
                        "Reference to undeclared resource",
                        format!("A data resource \"{t}\" \"{}\" has not been declared in this module.", attrs[1]),
                        range,
                    )),
                }
            }
            (root, Some(name)) if !matches!(root, "var" | "local" | "module" | "path" | "terraform" | "count" | "each" | "data" | "self") => {
                let key = format!("{root}.{name}");
                match self.resources.borrow().get(&key) {
                    Some(v) => Ok((v.clone(), 1)),
                    None => Err(missing(
                        "Reference to undeclared resource",
                        format!("A managed resource \"{root}\" \"{name}\" has not been declared in this module."),
                        range,
                    )),
                }
            }
            _ => Err(super::values::invalid_reference(root, attrs, range)),
        }
    }
}
