//! What the AWS end-to-end tests share: running the binary with a clean AWS
//! environment, writing a configuration for a moto server, and reading plans.

use std::path::Path;
use std::process::{Command, Output};

use super::moto::Moto;

pub fn terrace(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_terrace"));
    cmd.args(args).current_dir(dir).env("TERRACE_NO_COST", "1").env("NO_COLOR", "1");
    for k in ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"] {
        cmd.env_remove(k);
    }
    cmd.output().expect("run terrace")
}

pub fn ok(o: Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "exit {:?}\nstdout:\n{out}\nstderr:\n{}", o.status.code(), String::from_utf8_lossy(&o.stderr));
    out
}

pub fn fails(o: Output) -> String {
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(!o.status.success(), "expected a failure:\n{text}");
    text
}

/// Writes main.tf: the provider block for `moto` and `body`.
pub fn write(dir: &Path, moto: &Moto, body: &str) {
    std::fs::write(dir.join("main.tf"), format!("{}\n{body}", moto.provider_block("us-east-1"))).unwrap();
}

/// `terrace plan -detailed-exitcode`: 0 no changes, 2 changes.
pub fn plan_code(dir: &Path) -> (i32, String) {
    let o = terrace(dir, &["plan", "-detailed-exitcode", "-no-color"]);
    (o.status.code().unwrap_or(-1), format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
}

pub fn no_changes(dir: &Path) {
    let (code, text) = plan_code(dir);
    assert_eq!(code, 0, "expected no changes:\n{text}");
}

pub fn changes(dir: &Path, needle: &str) -> String {
    let (code, text) = plan_code(dir);
    assert_eq!(code, 2, "expected changes:\n{text}");
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
    text
}

pub fn apply(dir: &Path) -> String {
    ok(terrace(dir, &["apply", "-auto-approve"]))
}

/// The `values` of the root module's resource `addr` in `terrace show -json`.
pub fn state_values(dir: &Path, addr: &str) -> serde_json::Value {
    let out = ok(terrace(dir, &["show", "-json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let res = v["values"]["root_module"]["resources"].as_array().cloned().unwrap_or_default();
    let r = res.iter().find(|r| r["address"] == addr).unwrap_or_else(|| panic!("{addr} not in state: {out}"));
    r["values"].clone()
}

/// One attribute of a root module resource: a string as is, anything else as JSON.
pub fn state_attr(dir: &Path, addr: &str, attr: &str) -> String {
    let v = state_values(dir, addr);
    v[attr].as_str().map(str::to_string).unwrap_or_else(|| v[attr].to_string())
}

/// Imports `addr` by `id` into a fresh directory holding `body`, then expects no changes.
pub fn import_clean(moto: &Moto, body: &str, addr: &str, id: &str) {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), moto, body);
    ok(terrace(d.path(), &["import", addr, id]));
    no_changes(d.path());
}
