//! Command-line behaviours users rely on: validate, detailed exit codes, saved plans
//! that went stale, and the state lock.

mod support;

use support::conformance::run;

fn dir_with(config: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("main.tf"), config).expect("write");
    d
}

const TWO: &str = "resource \"null_resource\" \"a\" {\n  triggers = { v = var.v }\n}\nvariable \"v\" {\n  default = \"1\"\n}\nresource \"random_id\" \"b\" {\n  byte_length = 4\n}\n";

#[test]
fn validate_accepts_resources_without_planning() {
    let d = dir_with(TWO);
    let r = run(d.path(), &["validate", "-no-color"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Success!"));
    assert!(!d.path().join("terraform.tfstate").exists(), "validate must not write state");
}

#[test]
fn detailed_exitcode_reports_changes_then_none() {
    let d = dir_with(TWO);
    assert_eq!(run(d.path(), &["plan", "-detailed-exitcode", "-no-color"]).code, 2);
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    assert_eq!(run(d.path(), &["plan", "-detailed-exitcode", "-no-color"]).code, 0);
    assert_eq!(run(d.path(), &["plan", "-detailed-exitcode", "-no-color", "-var", "v=2"]).code, 2);
}

#[test]
fn stale_saved_plan_is_refused() {
    let d = dir_with(TWO);
    assert_eq!(run(d.path(), &["plan", "-out=p1", "-no-color"]).code, 0);
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    let r = run(d.path(), &["apply", "-no-color", "p1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("Saved plan is stale"), "{}", r.stderr);
}

#[test]
fn changed_configuration_invalidates_a_saved_plan() {
    let d = dir_with(TWO);
    assert_eq!(run(d.path(), &["plan", "-out=p1", "-no-color"]).code, 0);
    std::fs::write(d.path().join("extra.tf"), "output \"x\" { value = 1 }\n").expect("write");
    let r = run(d.path(), &["apply", "-no-color", "p1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("does not match the configuration"), "{}", r.stderr);
}

#[test]
fn held_lock_is_reported_with_its_holder() {
    let d = dir_with(TWO);
    let state = d.path().join("terraform.tfstate");
    let _held = terrace::state::Lock::acquire(&state, "OperationTypeApply").expect("lock");
    let r = run(d.path(), &["apply", "-auto-approve", "-no-color"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("Error acquiring the state lock") && r.stderr.contains("OperationTypeApply"), "{}", r.stderr);
}

#[test]
fn sensitive_values_stay_out_of_plan_json_and_output() {
    let d = dir_with("resource \"random_password\" \"p\" {\n  length = 12\n}\noutput \"pw\" {\n  value     = random_password.p.result\n  sensitive = true\n}\n");
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    let state: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.path().join("terraform.tfstate")).expect("state")).expect("json");
    let secret = state["outputs"]["pw"]["value"].as_str().expect("secret in state").to_string();
    let r = run(d.path(), &["apply", "-auto-approve", "-no-color"]);
    assert!(!r.stdout.contains(&secret) && !r.stderr.contains(&secret));
    let r = run(d.path(), &["plan", "-out=p", "-no-color", "-replace=random_password.p"]);
    assert!(!r.stdout.contains(&secret));
    let r = run(d.path(), &["show", "-json", "p"]);
    assert!(!r.stdout.contains(&secret), "plan JSON leaks a sensitive value");
}

#[test]
fn terraform_written_state_is_read_and_managed() {
    // A state file as Terraform 1.0.3 writes it (null provider, one instance).
    let d = dir_with("resource \"null_resource\" \"bar\" {}\n");
    std::fs::write(
        d.path().join("terraform.tfstate"),
        r#"{"version":4,"terraform_version":"1.0.3","serial":3,"lineage":"9f1b8f0e-2c0b-4d5c-8a43-1b2a3c4d5e6f","outputs":{},"resources":[{"mode":"managed","type":"null_resource","name":"bar","provider":"provider[\"registry.terraform.io/hashicorp/null\"]","instances":[{"schema_version":0,"attributes":{"id":"1","triggers":null},"sensitive_attributes":[]}]}]}"#,
    )
    .expect("write state");
    assert_eq!(run(d.path(), &["plan", "-detailed-exitcode", "-no-color"]).code, 0);
    let r = run(d.path(), &["state", "list"]);
    assert_eq!(r.stdout.trim(), "null_resource.bar");
}

#[test]
fn import_adopts_an_existing_object() {
    let d = dir_with("resource \"null_resource\" \"x\" {}\n");
    let r = run(d.path(), &["import", "-no-color", "null_resource.x", "4242"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run(d.path(), &["plan", "-detailed-exitcode", "-no-color"]).code, 0);
    let again = run(d.path(), &["import", "-no-color", "null_resource.x", "4242"]);
    assert_eq!(again.code, 1, "importing twice must fail");
    let missing = run(d.path(), &["import", "-no-color", "null_resource.y", "1"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("does not exist in the configuration"));
}

#[test]
fn local_backend_path_moves_the_state_file() {
    let d = dir_with("terraform {\n  backend \"local\" {\n    path = \"custom.tfstate\"\n  }\n}\nresource \"null_resource\" \"a\" {}\n");
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    assert!(d.path().join("custom.tfstate").exists());
    assert!(!d.path().join("terraform.tfstate").exists());
    assert_eq!(run(d.path(), &["state", "list"]).stdout.trim(), "null_resource.a");
}

#[test]
fn terraform_data_updates_input_and_replaces_on_triggers() {
    let d = dir_with("variable \"v\" {\n  default = \"a\"\n}\nvariable \"t\" {\n  default = \"1\"\n}\nresource \"terraform_data\" \"d\" {\n  input            = var.v\n  triggers_replace = var.t\n}\noutput \"o\" {\n  value = terraform_data.d.output\n}\n");
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    let show = |args: &[&str]| {
        let mut a = vec!["plan", "-no-color", "-out=p"];
        a.extend_from_slice(args);
        assert_eq!(run(d.path(), &a).code, 0);
        let j: serde_json::Value = serde_json::from_str(&run(d.path(), &["show", "-json", "p"]).stdout).expect("plan json");
        j["resource_changes"][0]["change"]["actions"].clone()
    };
    assert_eq!(show(&["-var", "v=b"]), serde_json::json!(["update"]));
    assert_eq!(show(&["-var", "t=2"]), serde_json::json!(["delete", "create"]));
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color", "-var", "v=b"]).code, 0);
    assert_eq!(run(d.path(), &["output", "-raw", "o"]).stdout, "b");
}

#[test]
fn serial_moves_only_when_the_state_changes() {
    let d = dir_with("resource \"null_resource\" \"a\" {}\noutput \"o\" {\n  value = 1\n}\n");
    let serial = || -> u64 {
        let s: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.path().join("terraform.tfstate")).expect("state")).expect("json");
        s["serial"].as_u64().expect("serial")
    };
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    let first = serial();
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    assert_eq!(serial(), first, "an apply with nothing to do must not touch the state");
    std::fs::write(d.path().join("main.tf"), "resource \"null_resource\" \"a\" {}\noutput \"o\" {\n  value = 2\n}\n").expect("write");
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    assert!(serial() > first);
}

#[test]
fn independent_resources_are_applied_together() {
    let d = dir_with("resource \"null_resource\" \"a\" {\n  count = 3\n}\nresource \"null_resource\" \"b\" {\n  count = 3\n}\n");
    let r = run(d.path(), &["apply", "-auto-approve", "-json", "-parallelism=10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let kinds: Vec<(String, String)> = r
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|j| matches!(j["type"].as_str(), Some("apply_start" | "apply_complete")))
        .map(|j| (j["type"].as_str().unwrap_or("").to_string(), j["hook"]["resource"]["addr"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(kinds.len(), 12, "{kinds:?}");
    // All six operations start before the first one is recorded: both resources
    // (which depend on none of each other) run in one batch.
    assert!(kinds[..6].iter().all(|(k, _)| k == "apply_start"), "{kinds:?}");
    assert!(kinds[..6].iter().any(|(_, a)| a.starts_with("null_resource.a")) && kinds[..6].iter().any(|(_, a)| a.starts_with("null_resource.b")));
    // With -parallelism=1 operations run one at a time.
    let d = dir_with("resource \"null_resource\" \"a\" {\n  count = 3\n}\n");
    let r = run(d.path(), &["apply", "-auto-approve", "-json", "-parallelism=1"]);
    let types: Vec<String> = r
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|j| j["type"].as_str().map(str::to_string))
        .filter(|t| t == "apply_start" || t == "apply_complete")
        .collect();
    assert_eq!(types, ["apply_start", "apply_complete", "apply_start", "apply_complete", "apply_start", "apply_complete"]);
}

#[test]
fn values_derived_from_secrets_stay_hidden_in_later_plans() {
    let d = dir_with("resource \"random_password\" \"p\" {\n  length = 16\n}\nresource \"null_resource\" \"a\" {\n  triggers = { p = random_password.p.result, v = \"1\" }\n}\n");
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    let state: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.path().join("terraform.tfstate")).expect("state")).expect("json");
    let secret = state["resources"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["type"] == "random_password"))
        .and_then(|r| r["instances"][0]["attributes"]["result"].as_str())
        .expect("password in state")
        .to_string();
    for args in [vec!["plan", "-no-color", "-destroy"], vec!["plan", "-no-color", "-replace=random_password.p"], vec!["destroy", "-auto-approve", "-no-color"]] {
        let r = run(d.path(), &args);
        assert!(!r.stdout.contains(&secret) && !r.stderr.contains(&secret), "{args:?} shows the secret:\n{}", r.stdout);
    }
}

#[test]
fn state_views_hide_secrets() {
    let d = dir_with("resource \"random_password\" \"p\" {\n  length = 16\n}\noutput \"pw\" {\n  value     = random_password.p.result\n  sensitive = true\n}\n");
    assert_eq!(run(d.path(), &["apply", "-auto-approve", "-no-color"]).code, 0);
    let state: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d.path().join("terraform.tfstate")).expect("state")).expect("json");
    let secret = state["outputs"]["pw"]["value"].as_str().expect("secret").to_string();
    for args in [vec!["show"], vec!["show", "-json"], vec!["state", "show", "random_password.p"], vec!["output"]] {
        let r = run(d.path(), &args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stdout.contains(&secret), "{args:?} shows the secret");
    }
    // Asking for the one output by name is how a user reads it on purpose.
    assert_eq!(run(d.path(), &["output", "-raw", "pw"]).stdout, secret);
}
