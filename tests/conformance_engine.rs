//! Runs every engine conformance scenario (generated with Terraform 1.0.3 and the
//! null provider) through the `terrace` binary, step by step, as
//! `shared/tools/conformance.py` does, and also compares the final outputs and the
//! dependencies stored per instance. Scenarios listed in
//! `tests/conformance/engine_known_failures.txt` may fail; any other failure fails.

mod support;

use std::path::Path;

use support::conformance::{known_failures, run_engine_case, suite_dir};

#[test]
fn engine_conformance() {
    let Some(suite) = suite_dir("engine") else {
        eprintln!("conformance suite not found (set TERRACE_CONFORMANCE_DIR); skipping");
        return;
    };
    let known = known_failures(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/engine_known_failures.txt"));
    let mut cases: Vec<_> = std::fs::read_dir(&suite).expect("read suite").filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    let results = support::conformance::run_parallel(&cases, run_engine_case);
    let total = results.len();
    let mut passed = 0;
    let mut unexpected = Vec::new();
    for (case, outcome) in &results {
        let name = case.file_name().unwrap_or_default().to_string_lossy().to_string();
        match outcome {
            Ok(()) => {
                passed += 1;
                if known.contains_key(&name) {
                    eprintln!("now passing (remove from the known failures list): {name}");
                }
            }
            Err(why) if !known.contains_key(&name) => unexpected.push(format!("{name}: {why}")),
            Err(_) => {}
        }
    }
    eprintln!("engine conformance: {passed}/{total} passed");
    assert!(unexpected.is_empty(), "{} unexpected failures:\n{}", unexpected.len(), unexpected.join("\n"));
}
