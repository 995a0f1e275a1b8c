//! Language fixtures written for Terrace, in the conformance case format
//! (`main.tf` + `expected.json` or `expected_error.txt`), with expected values
//! recorded from Terraform 1.0.3.

mod support;

use std::path::Path;

#[test]
fn lang_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lang");
    let mut cases: Vec<_> = std::fs::read_dir(&root).expect("fixtures").filter_map(Result::ok).map(|e| e.path()).collect();
    cases.sort();
    let results = support::conformance::run_parallel(&cases, support::conformance::run_lang_case);
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(c, r)| r.as_ref().err().map(|e| format!("{}: {e}", c.display())))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
