//! Runs every engine conformance scenario (generated with Terraform 1.0.3 and the
//! null provider) through the `terrace` binary, step by step, as
//! `shared/tools/conformance.py` does, and also compares the final outputs and the
//! dependencies stored per instance. Scenarios listed in
//! `tests/conformance/engine_known_failures.txt` may fail; any other failure fails.

mod support;

#[test]
fn engine_conformance() {
    support::conformance::run_suite("engine", support::conformance::run_engine_case);
}
