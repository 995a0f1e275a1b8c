//! Golden tests of the cost models: every directory under tests/fixtures/cost/ holding a
//! main.tf is priced with `terrace cost breakdown` (and its usage file, when present), and
//! the table is compared with the reviewed snapshot in tests/snapshots/. The JSON output is
//! checked for consistency: resource costs add up to the totals.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cost");
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() == "main.tf")
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .collect();
    out.sort();
    out
}

fn terrace(dir: &Path, format: &str) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_terrace"));
    cmd.args(["cost", "breakdown", "--format", format, "--path", "."]).current_dir(dir);
    for k in ["AWS_REGION", "AWS_DEFAULT_REGION", "TERRACE_CATALOG_DIR", "XDG_DATA_HOME", "TF_WORKSPACE"] {
        cmd.env_remove(k);
    }
    // No user catalog: only the embedded prices.
    cmd.env("TERRACE_CATALOG_DIR", dir.join(".no-user-catalog"));
    let out = cmd.output().expect("run terrace");
    assert!(out.status.success(), "{}: {}", dir.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn cost_models_match_reviewed_snapshots() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no fixtures");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cost");
    for dir in dirs {
        let name = dir.strip_prefix(&root).unwrap().to_string_lossy().replace('/', "__");
        let table = terrace(&dir, "table");
        insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(format!("cost__{name}"), table);
        });

        // The JSON adds up.
        let json: serde_json::Value = serde_json::from_str(&terrace(&dir, "json")).unwrap();
        let dec = |v: &serde_json::Value| v.as_str().map(|s| s.parse::<rust_decimal::Decimal>().unwrap()).unwrap_or_default();
        for p in json["projects"].as_array().unwrap() {
            let b = &p["breakdown"];
            let sum: rust_decimal::Decimal = b["resources"].as_array().unwrap().iter().map(|r| dec(&r["monthlyCost"])).sum();
            assert_eq!(sum, dec(&b["totalMonthlyCost"]), "{name}: resources do not add up to the total");
            for r in b["resources"].as_array().unwrap() {
                let comps = all_components(r);
                let csum: rust_decimal::Decimal = comps.iter().map(|c| dec(&c["monthlyCost"])).sum();
                assert_eq!(csum, dec(&r["monthlyCost"]), "{name}: {} components do not add up", r["name"]);
                for c in comps {
                    // A component is priced, usage-based without usage, or not found: never a silent zero.
                    if c["monthlyCost"].is_null() {
                        assert!(c["usageBased"] == true || c["priceNotFound"] == true, "{name}: {c}");
                    }
                }
            }
        }
    }
}

fn all_components(r: &serde_json::Value) -> Vec<serde_json::Value> {
    let mut v: Vec<serde_json::Value> = r["costComponents"].as_array().cloned().unwrap_or_default();
    for s in r["subresources"].as_array().into_iter().flatten() {
        v.extend(all_components(s));
    }
    v
}
