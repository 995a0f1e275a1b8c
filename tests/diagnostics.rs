//! Snapshot tests of rendered diagnostics: each directory under
//! `tests/fixtures/invalid` is applied and its error output is compared with the
//! reviewed snapshot in `tests/snapshots/`.

mod support;

use std::path::Path;

#[test]
fn invalid_fixtures_render_like_terraform() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut dirs: Vec<_> = std::fs::read_dir(&root).expect("fixtures").filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    for dir in dirs {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().to_string();
        let tmp = tempfile::tempdir().expect("tempdir");
        for f in std::fs::read_dir(&dir).expect("fixture").filter_map(Result::ok) {
            std::fs::copy(f.path(), tmp.path().join(f.file_name())).expect("copy");
        }
        let r = support::conformance::run(tmp.path(), &["apply", "-auto-approve", "-no-color", "-input=false"]);
        assert_eq!(r.code, 1, "{name}: invalid configuration must exit 1");
        assert!(r.stdout.is_empty(), "{name}: diagnostics belong on stderr, stdout was {:?}", r.stdout);
        insta::assert_snapshot!(name, r.stderr);
    }
}
