//! Runs every language conformance case (generated with Terraform 1.0.3) through the
//! `terrace` binary exactly as `shared/tools/conformance.py` does, and reports the
//! pass count. Cases listed in `tests/conformance/lang_known_failures.txt` (each with
//! a reason) may fail; any other failure fails the test.

mod support;

use std::path::Path;

use support::conformance::{known_failures, run_lang_case, suite_dir};

#[test]
fn lang_conformance() {
    let Some(suite) = suite_dir("lang") else {
        eprintln!("conformance suite not found (set TERRACE_CONFORMANCE_DIR); skipping");
        return;
    };
    let known = known_failures(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/lang_known_failures.txt"));
    let mut cases: Vec<_> = std::fs::read_dir(&suite).expect("read suite").filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    let results = support::conformance::run_parallel(&cases, run_lang_case);
    let total = results.len();
    let mut passed = 0;
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for (case, outcome) in &results {
        let name = case.file_name().unwrap_or_default().to_string_lossy().to_string();
        match outcome {
            Ok(()) => {
                passed += 1;
                if known.contains_key(&name) {
                    fixed.push(name);
                }
            }
            Err(why) => {
                if !known.contains_key(&name) {
                    unexpected.push(format!("{name}: {why}"));
                }
            }
        }
    }
    eprintln!("lang conformance: {passed}/{total} passed");
    for f in &fixed {
        eprintln!("now passing (remove from the known failures list): {f}");
    }
    assert!(unexpected.is_empty(), "{} unexpected failures:\n{}", unexpected.len(), unexpected.join("\n"));
}
