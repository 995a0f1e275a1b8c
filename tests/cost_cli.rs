//! `terrace cost` and plan costs from the command line: plan JSON recorded from Terraform
//! 1.0.3 with hashicorp/aws 3.39.0, diffs against a baseline, combined reports, and the
//! errors a user sees for bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn terrace(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_terrace"));
    cmd.args(args).current_dir(dir);
    for k in ["AWS_REGION", "AWS_DEFAULT_REGION", "XDG_DATA_HOME", "TF_WORKSPACE", "TERRACE_NO_COST"] {
        cmd.env_remove(k);
    }
    cmd.env("TERRACE_CATALOG_DIR", dir.join(".no-user-catalog"));
    cmd.output().expect("run terrace")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "exit {:?}\nstdout:\n{}\nstderr:\n{}", o.status.code(), String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(o)).unwrap()
}

fn dec(v: &serde_json::Value) -> rust_decimal::Decimal {
    v.as_str().unwrap_or("0").parse().unwrap()
}

#[test]
fn terraform_plan_json_is_priced_with_provider_regions_and_default_tags() {
    let dir = fixtures().join("cost-plan");
    let r = json(&terrace(&dir, &["cost", "breakdown", "--path", "terraform-1.0.3-plan.json", "--format", "json"]));
    assert_eq!(r["version"], "0.2");
    let res = r["projects"][0]["breakdown"]["resources"].as_array().unwrap();
    let get = |n: &str| res.iter().find(|x| x["name"] == n).unwrap_or_else(|| panic!("{n} missing"));
    // Region from `region = var.region` (eu-west-1), tags from default_tags merged with tags.
    let web = get("aws_instance.web[0]");
    assert_eq!(web["metadata"]["region"], "eu-west-1");
    assert_eq!(web["tags"]["team"], "web");
    assert_eq!(web["tags"]["Name"], "web-0");
    // t3.medium eu-west-1 0.0456/h * 730 + 30 GB gp3 at 0.088.
    assert_eq!(dec(&web["monthlyCost"]), "35.928".parse().unwrap());
    // The aliased provider's region.
    let vol = get("aws_ebs_volume.data");
    assert_eq!(vol["metadata"]["region"], "us-east-1");
    assert_eq!(vol["tags"], serde_json::json!({}));
    // A module's resource inherits the root provider.
    assert_eq!(get("module.bucket.aws_s3_bucket.b")["metadata"]["region"], "eu-west-1");
    let total = dec(&r["totalMonthlyCost"]);
    let sum: rust_decimal::Decimal = res.iter().map(|x| dec(&x["monthlyCost"])).sum();
    assert_eq!(total, sum);
}

#[test]
fn diff_against_a_baseline_and_combined_output() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("main.tf"), "provider \"aws\" {\n  region = \"us-east-1\"\n}\nresource \"aws_instance\" \"a\" {\n  ami = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n").unwrap();
    let base = ok(&terrace(d, &["cost", "breakdown", "--path", ".", "--format", "json", "--project-name", "app"]));
    std::fs::write(d.join("base.json"), &base).unwrap();
    std::fs::write(d.join("main.tf"), "provider \"aws\" {\n  region = \"us-east-1\"\n}\nresource \"aws_instance\" \"a\" {\n  ami = \"ami-1\"\n  instance_type = \"m5.large\"\n}\nresource \"aws_instance\" \"b\" {\n  ami = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n").unwrap();
    let diff = json(&terrace(d, &["cost", "diff", "--path", ".", "--compare-to", "base.json", "--format", "json", "--project-name", "app"]));
    // Before: t3.micro 7.592 + 0.8 root; after: m5.large 70.08 + 0.8, t3.micro 7.592 + 0.8.
    assert_eq!(dec(&diff["pastTotalMonthlyCost"]), "8.392".parse().unwrap());
    assert_eq!(dec(&diff["totalMonthlyCost"]), "79.272".parse().unwrap());
    assert_eq!(dec(&diff["diffTotalMonthlyCost"]), "70.88".parse().unwrap());
    let changed: Vec<&str> = diff["projects"][0]["diff"]["resources"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(changed, ["aws_instance.a", "aws_instance.b"]);
    let table = ok(&terrace(d, &["cost", "diff", "--path", ".", "--compare-to", "base.json", "--project-name", "app"]));
    assert!(table.contains("~ aws_instance.a\n  +$62.49 ($8.39 -> $70.88)"), "{table}");
    assert!(table.contains("+ aws_instance.b"), "{table}");
    assert!(table.contains("Monthly cost change: +$70.88 ($8.39 -> $79.27)"), "{table}");

    // Two reports combined: totals add up, projects kept apart.
    std::fs::write(d.join("now.json"), ok(&terrace(d, &["cost", "breakdown", "--path", ".", "--format", "json", "--project-name", "app2"]))).unwrap();
    let both = json(&terrace(d, &["cost", "output", "--path", "base.json", "--path", "now.json", "--format", "json"]));
    assert_eq!(both["projects"].as_array().unwrap().len(), 2);
    assert_eq!(dec(&both["totalMonthlyCost"]), "87.664".parse().unwrap());
    let md = ok(&terrace(d, &["cost", "output", "--path", "*.json", "--format", "markdown"]));
    assert!(md.contains("### app2"), "{md}");
    let html = ok(&terrace(d, &["cost", "breakdown", "--path", ".", "--format", "html", "--out-file", "cost.html"]));
    assert!(html.is_empty());
    let page = std::fs::read_to_string(d.join("cost.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("aws_instance.b") && !page.contains("http"), "{page}");
}

#[test]
fn usage_files_fill_usage_based_costs() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("main.tf"), "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  role = \"r\"\n  memory_size = 1024\n}\n").unwrap();
    let without = ok(&terrace(d, &["cost", "breakdown", "--path", "."]));
    assert!(without.contains("Monthly cost depends on usage: $0.20 per 1M requests"), "{without}");
    std::fs::write(d.join("infracost-usage.yml"), "version: 0.1\nresource_usage:\n  aws_lambda_function.f:\n    monthly_requests: 2000000\n    request_duration_ms: 100\n").unwrap();
    let with = json(&terrace(d, &["cost", "breakdown", "--path", ".", "--format", "json"]));
    // 2M requests at 0.20/1M = 0.40; 2M * 0.1 s * 1 GB = 200,000 GB-s at 0.0000166667 = 3.33334.
    assert_eq!(dec(&with["totalMonthlyCost"]), "3.73334".parse().unwrap());
    assert_eq!(dec(&with["totalMonthlyUsageCost"]), "3.73334".parse().unwrap());
}

#[test]
fn bad_input_gets_a_clear_error_and_a_non_zero_exit() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let o = terrace(d, &["cost", "breakdown", "--path", "missing"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing does not exist"));

    std::fs::write(d.join("plan.json"), "{\n  \"planned_values\": [1,\n").unwrap();
    let o = terrace(d, &["cost", "breakdown", "--path", "plan.json"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Invalid plan JSON") && err.contains("plan.json:"), "{err}");

    std::fs::write(d.join("main.tf"), "resource \"aws_instance\" \"a\" {\n  ami = var.nope\n}\n").unwrap();
    let o = terrace(d, &["cost", "breakdown", "--path", "."]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Reference to undeclared input variable") && err.contains("main.tf line 2"), "{err}");

    std::fs::write(d.join("main.tf"), "resource \"aws_instance\" \"a\" {\n  instance_type = \"t3.micro\"\n}\n").unwrap();
    std::fs::write(d.join("infracost-usage.yml"), "version: 0.1\nresource_usage: [\n").unwrap();
    let o = terrace(d, &["cost", "breakdown", "--path", "."]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Invalid usage file") && err.contains("infracost-usage.yml:"), "{err}");

    std::fs::write(d.join("base.json"), "not json").unwrap();
    std::fs::remove_file(d.join("infracost-usage.yml")).unwrap();
    let o = terrace(d, &["cost", "diff", "--path", ".", "--compare-to", "base.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Invalid cost JSON"));
}

#[test]
fn free_only_plans_read_as_terraform_and_state_is_priced() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("main.tf"), "resource \"null_resource\" \"a\" {}\n").unwrap();
    let plan = ok(&terrace(d, &["plan"]));
    assert!(!plan.contains("Monthly cost"), "{plan}");
    // A state holding an instance (as the AWS provider writes it) is priced by `--path x.tfstate`.
    let state = serde_json::json!({
        "version": 4, "terraform_version": "1.0.3", "serial": 1, "lineage": "x", "outputs": {},
        "resources": [{"mode": "managed", "type": "aws_instance", "name": "web", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": 1, "attributes": {"id": "i-1", "arn": "arn:aws:ec2:eu-west-1:123456789012:instance/i-1",
                "instance_type": "t3.micro", "root_block_device": [{"volume_size": 8, "volume_type": "gp2"}], "tags": {"team": "a"}}}]}]
    });
    std::fs::write(d.join("terraform.tfstate"), state.to_string()).unwrap();
    let r = json(&terrace(d, &["cost", "breakdown", "--path", "terraform.tfstate", "--format", "json"]));
    let res = &r["projects"][0]["breakdown"]["resources"][0];
    assert_eq!(res["metadata"]["region"], "eu-west-1");
    // t3.micro eu-west-1 0.0114 * 730 + 8 GB gp2 at 0.11.
    assert_eq!(dec(&res["monthlyCost"]), "9.202".parse().unwrap());
}

/// A provider block in an override file merges into the primary one: its region prices
/// the configuration, and what it does not set (default_tags) stays.
#[test]
fn override_file_provider_region_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("main.tf"),
        "provider \"aws\" {\n  region = \"us-east-1\"\n  default_tags {\n    tags = { team = \"web\" }\n  }\n}\nresource \"aws_instance\" \"a\" {\n  ami = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n",
    )
    .unwrap();
    let price = |d: &Path| {
        let v = json(&terrace(d, &["cost", "breakdown", "--format", "json"]));
        let r = &v["projects"][0]["breakdown"]["resources"][0];
        (r["costComponents"][0]["price"].as_str().unwrap_or_default().to_string(), r["tags"]["team"].clone())
    };
    let (us, tag) = price(d);
    assert_eq!(us, "0.0104");
    assert_eq!(tag, "web");
    std::fs::write(d.join("region_override.tf"), "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n").unwrap();
    let (eu, tag) = price(d);
    assert_eq!(eu, "0.0114", "the override's region");
    assert_eq!(tag, "web", "default_tags kept from the primary block");
}
