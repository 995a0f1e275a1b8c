//! `terrace pricing import` and `terrace pricing show`, run as a user runs them: the
//! built binary, with the user catalog in a temporary directory (TERRACE_CATALOG_DIR).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn offers(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing/tests/fixtures/offers").join(name)
}

/// Runs terrace in `cwd` with the user catalog in `catalog`.
fn terrace(cwd: &Path, catalog: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_terrace"))
        .args(args)
        .current_dir(cwd)
        .env("TERRACE_CATALOG_DIR", catalog)
        .env("NO_COLOR", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("CHECKPOINT_DISABLE", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run terrace");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const M5_IN_IRELAND: &str = r#"provider "aws" {
  region = "eu-west-1"
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m5.large"
}
"#;

/// A configuration directory and an empty user catalog directory.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).expect("mkdir");
    std::fs::write(config.join("main.tf"), M5_IN_IRELAND).expect("write");
    let catalog = tmp.path().join("catalog");
    (tmp, config, catalog)
}

fn breakdown_json(config: &Path, catalog: &Path) -> serde_json::Value {
    let r = terrace(config, catalog, &["cost", "breakdown", "--path", ".", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("cost JSON")
}

fn instance_price(report: &serde_json::Value) -> String {
    let c = &report["projects"][0]["breakdown"]["resources"][0]["costComponents"][0];
    assert_eq!(c["name"], "Instance usage (Linux/UNIX, on-demand, m5.large)", "{report:#}");
    c["price"].as_str().expect("price").to_string()
}

#[test]
fn an_imported_price_is_used_by_cost_breakdown() {
    let (_tmp, config, catalog) = setup();
    assert_eq!(instance_price(&breakdown_json(&config, &catalog)), "0.107", "the embedded price before the import");

    let file = offers("AmazonEC2_eu-west-1_m5_EDITED.csv");
    let r = terrace(&config, &catalog, &["pricing", "import", file.to_str().expect("utf-8 path")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("imported 1 price for ebs (eu-west-1), 3 for ec2 (eu-west-1), 2 for nat_gateway (eu-west-1)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("skipped 5 rows"), "{}", r.stdout);
    assert!(r.stdout.contains(&format!("Wrote {}: 3 prices", catalog.join("ec2.csv").display())), "{}", r.stdout);

    assert_eq!(instance_price(&breakdown_json(&config, &catalog)), "0.099");
    let table = terrace(&config, &catalog, &["cost", "breakdown", "--path", "."]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("$72.27") && !table.stdout.contains("$78.11"), "{}", table.stdout);
}

#[test]
fn pricing_show_prints_imported_and_embedded_rows() {
    let (_tmp, config, catalog) = setup();
    let file = offers("AmazonEC2_eu-west-1_m5_EDITED.csv");
    assert_eq!(terrace(&config, &catalog, &["pricing", "import", file.to_str().expect("utf-8 path")]).code, 0);
    let r = terrace(&config, &catalog, &["pricing", "show", "aws_instance", "m5.large", "--region", "eu-west-1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(out.starts_with("aws_instance (catalog service ec2): m5.large in eu-west-1\n"), "{out}");
    let imported = out.lines().find(|l| l.contains("os=Linux tenancy=Shared") && l.contains("import:")).expect("the imported row");
    assert!(imported.contains("0.099") && imported.contains("72.27") && imported.contains("2024-05-01"), "{out}");
    assert!(imported.contains("import:AmazonEC2_eu-west-1_m5_EDITED.csv@2024-05-22T19:14:05Z"), "{out}");
    let replaced = out.lines().find(|l| l.trim_start().starts_with("*compute_instance")).expect("the replaced embedded row");
    assert!(replaced.contains("0.107") && replaced.contains("S6"), "{out}");
    assert!(out.lines().any(|l| l.contains("os=Windows") && l.contains("0.191")), "{out}");
    assert!(out.lines().any(|l| l.contains(" spot ") && l.contains("S2")), "{out}");
    assert!(out.contains("Sources:\n  S2  coroot/cloud-pricing@"), "{out}");

    // A service name and an item list.
    let r = terrace(&config, &catalog, &["pricing", "show", "ebs", "--region", "eu-west-1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("gp3") && r.stdout.contains("io2"), "{}", r.stdout);
    let r = terrace(&config, &catalog, &["pricing", "show", "aws_db_instance", "db.t3.micro"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("engine=PostgreSQL deployment=Single-AZ") && r.stdout.contains("us-east-1"), "{}", r.stdout);
}

#[test]
fn pricing_show_misses_fail_with_what_there_is() {
    let (_tmp, config, catalog) = setup();
    let r = terrace(&config, &catalog, &["pricing", "show", "aws_instance", "m5.lrage", "--region", "eu-west-1"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("Error: No ec2 price for \"m5.lrage\" in eu-west-1") && r.stderr.contains("Did you mean m5.large"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    let r = terrace(&config, &catalog, &["pricing", "show", "aws_instance", "m5.large", "--region", "eu-west-9"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("No ec2 prices in eu-west-9") && r.stderr.contains("eu-west-1"), "{}", r.stderr);
    let r = terrace(&config, &catalog, &["pricing", "show", "aws_nonsense"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("Unknown resource type or service \"aws_nonsense\""), "{}", r.stderr);
}

#[test]
fn import_errors_fail_and_write_nothing() {
    let (tmp, config, catalog) = setup();
    let good = std::fs::read_to_string(offers("AmazonEC2_eu-west-1_m5_EDITED.csv")).expect("read");
    let bad = tmp.path().join("AmazonEC2_bad.csv");
    std::fs::write(&bad, good.replacen("\"0.1910000000\"", "\"USD 0.191\"", 1)).expect("write");
    let r = terrace(&config, &catalog, &["pricing", "import", bad.to_str().expect("utf-8 path")]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains("Error: Cannot import the offer file"), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("{}:9: PricePerUnit \"USD 0.191\" is not a price", bad.display())), "{}", r.stderr);
    assert!(!catalog.exists(), "nothing written");

    let index = offers("offers_v1.0_aws_index.json");
    let r = terrace(&config, &catalog, &["pricing", "import", index.to_str().expect("utf-8 path")]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown file format: this is the Price List offer index"), "{}", r.stderr);
    assert!(!catalog.exists(), "nothing written");

    // --catalog-dir wins over TERRACE_CATALOG_DIR.
    let other = tmp.path().join("other");
    let lambda = offers("AWSLambda_eu-west-1_index.csv");
    let r = terrace(
        &config,
        &catalog,
        &["pricing", "import", "--catalog-dir", other.to_str().expect("utf-8"), lambda.to_str().expect("utf-8")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(other.join("lambda.csv").exists() && !catalog.exists());
}
