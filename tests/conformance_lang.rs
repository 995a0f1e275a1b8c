//! Runs every language conformance case (generated with Terraform 1.0.3) through the
//! `terrace` binary exactly as `shared/tools/conformance.py` does (outputs compared
//! as exact JSON, numbers digit for digit), and reports the pass count. Cases listed
//! in `tests/conformance/lang_known_failures.txt` (each with a reason) may fail.

mod support;

#[test]
fn lang_conformance() {
    support::conformance::run_suite("lang", support::conformance::run_lang_case);
}
