//! Property tests: no input may panic the loader or the evaluator. Inputs are built
//! from Terraform-ish fragments so that most of them parse and reach evaluation.
//! Inputs that once crashed are kept in `tests/fixtures/crashers/` and replayed.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use terrace::diag::SourceFile;
use terrace::lang::eval::{EmptyScope, Evaluator};
use terrace::lang::functions::PlainHost;

const FRAGMENTS: &[&str] = &[
    "1", "0", "-1", "1.5e300", "1e-300", "\"a\"", "\"${1}\"", "\"%{ if true }x%{ endif }\"", "null", "true", "[]", "{}",
    "[1, \"a\"]", "{ a = 1 }", "tolist([])", "toset([1])", "tomap({})", "(", ")", "[", "]", "{", "}", ",", "+", "-", "*",
    "/", "%", "==", "!=", "<", ">", "&&", "||", "!", "?", ":", ".", "[*]", ".*", "[0]", "[\"k\"]", ".a", "for x in [1,2] :",
    "x", "if", "...", "=>", "length(", "format(\"%d\",", "substr(\"abc\",", "range(", "element(", "jsondecode(\"[1]\")",
    "try(", "can(", "lookup(", "merge(", "split(\",\",", "join(\"-\",", "pow(2,", "parseint(\"ff\", 16)", "cidrsubnet(\"10.0.0.0/8\",",
    "1/0", "5 % 0", "\"x\" + 1", "[for k, v in {a=1} : v]", "{for k, v in {a=1} : k => v...}", "sensitive(1)",
];

fn expr_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 1..12).prop_map(|v| v.join(" "))
}

fn eval_text(src: &str) {
    let file = Arc::new(SourceFile::new("fuzz.tf", "fuzz.tf".into(), src.to_string()));
    let host = PlainHost { dir: std::env::temp_dir() };
    if let Ok(e) = hcl_edit::parser::parse_expr(src) {
        let ev = Evaluator::new(&EmptyScope, &host, &file);
        let _ = ev.eval(&e);
    }
}

fn load_text(src: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), src).expect("write");
    let _ = terrace::config::load_module_tree(dir.path());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn evaluator_never_panics(src in expr_strategy()) {
        eval_text(&src);
    }

    #[test]
    fn loader_never_panics(body in expr_strategy(), name in "[a-z]{1,3}") {
        let src = format!("locals {{\n  {name} = {body}\n}}\noutput \"{name}\" {{ value = {body} }}\nvariable \"{name}\" {{ type = {body} }}\n");
        load_text(&src);
    }
}

#[test]
fn replay_crashers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crashers");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let mut n = 0;
    for e in entries.filter_map(Result::ok) {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        eval_text(&text);
        load_text(&text);
        n += 1;
    }
    eprintln!("replayed {n} crashers");
}
