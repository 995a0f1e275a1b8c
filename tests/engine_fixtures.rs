//! Engine scenarios written for Terrace, in the conformance format, with expected
//! plans, final state and outputs recorded from Terraform 1.0.3 and the null provider
//! (`tests/tools/record_engine_fixtures.py`).

mod support;

use std::path::Path;

#[test]
fn engine_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine");
    let mut cases: Vec<_> = std::fs::read_dir(&root).expect("fixtures").filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(!cases.is_empty());
    let results = support::conformance::run_parallel(&cases, support::conformance::run_engine_case);
    let failures: Vec<String> = results.iter().filter_map(|(c, r)| r.as_ref().err().map(|e| format!("{}: {e}", c.display()))).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
