//! The pull-request cost comment: snapshots of the rendered comment, and
//! `terrace comment github|gitlab` against a local stand-in of both APIs (exact requests,
//! pagination, update in place, skip when unchanged, the valid-at guard, the other
//! behaviours, rate limits, and tokens never printed).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde_json::json;
use support::api_server::{ApiServer, Flavor};
use terrace::comment::policy::Policies;
use terrace::comment::{render_comment, CommentFormat, CommentOptions, Marker};
use terrace_pricing::json::{Breakdown, Component, NamedResource, Project, ProjectMetadata, Report, Resource};
use terrace_pricing::{Catalog, ResourceInput, Usage};

// ---------------------------------------------------------------------------------
// Reports priced by the real engine.

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(Catalog::embedded)
}

fn instance(addr: &str, ty: &str) -> ResourceInput {
    ResourceInput::new(addr, "aws_instance", "us-east-1", json!({ "instance_type": ty }))
}

fn tagged(mut r: ResourceInput, tags: &[(&str, &str)]) -> ResourceInput {
    r.tags = tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    r
}

fn project(name: &str, past: &[ResourceInput], now: &[ResourceInput]) -> Project {
    let p = terrace_pricing::price_breakdown(past, catalog(), &Usage::default());
    let n = terrace_pricing::price_breakdown(now, catalog(), &Usage::default());
    let d = terrace_pricing::diff(&p, &n);
    Project {
        name: name.into(),
        metadata: ProjectMetadata { path: format!("envs/{name}"), kind: "terraform_dir".into(), ..Default::default() },
        summary: n.summary(),
        past_breakdown: Some(p),
        breakdown: Some(n),
        diff: Some(d),
    }
}

fn report(projects: Vec<Project>) -> Report {
    Report::new(projects, "2026-05-01T12:00:00Z".into())
}

fn time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

fn github_opts() -> CommentOptions {
    CommentOptions { format: CommentFormat::GitHub, valid_at: time("2026-05-01T12:00:00Z"), ..Default::default() }
}

fn increase() -> Report {
    report(vec![project(
        "dev",
        &[instance("aws_instance.app", "t3.medium"), instance("aws_instance.old", "t3.micro")],
        &[instance("aws_instance.app", "m5.large"), instance("aws_instance.web", "t3.medium")],
    )])
}

// ---------------------------------------------------------------------------------
// Snapshots of the rendered comment.

#[test]
fn comment_for_an_increase() {
    insta::assert_snapshot!("increase", render_comment(&increase(), &github_opts()));
}

#[test]
fn comment_for_a_decrease() {
    let r = report(vec![project(
        "dev",
        &[instance("aws_instance.app", "m5.large"), instance("aws_instance.web", "t3.medium")],
        &[instance("aws_instance.app", "t3.medium")],
    )]);
    insta::assert_snapshot!("decrease", render_comment(&r, &github_opts()));
}

#[test]
fn comment_for_no_change() {
    let same = [instance("aws_instance.app", "m5.large")];
    let r = report(vec![project("dev", &same, &same)]);
    insta::assert_snapshot!("no_change", render_comment(&r, &github_opts()));
}

#[test]
fn comment_for_several_projects() {
    let same = [instance("aws_instance.app", "t3.small")];
    let mut usage = project("stage", &[instance("aws_instance.app", "t3.small")], &[instance("aws_instance.app", "t3.large")]);
    // A usage-based cost (a function's requests from a usage file) in stage.
    let lambda = Resource {
        name: "aws_lambda_function.api".into(),
        resource_type: "aws_lambda_function".into(),
        tags: Some(Default::default()),
        monthly_cost: Some("4.2".parse().unwrap_or_default()),
        monthly_usage_cost: Some("4.2".parse().unwrap_or_default()),
        cost_components: vec![Component {
            name: "Requests".into(),
            unit: "1M requests".into(),
            monthly_quantity: Some("21".parse().unwrap_or_default()),
            price: "0.2".parse().unwrap_or_default(),
            monthly_cost: Some("4.2".parse().unwrap_or_default()),
            usage_based: true,
            ..Default::default()
        }],
        ..Default::default()
    };
    if let Some(b) = usage.breakdown.as_mut() {
        b.resources.push(lambda);
        b.compute_totals();
    }
    usage.diff = None; // computed by the renderer
    let r = report(vec![
        project("dev", &[], &[instance("aws_instance.app", "t3.micro")]),
        usage,
        project("prod", &[instance("aws_instance.app", "m5.xlarge"), instance("aws_instance.batch", "c5.2xlarge")], &[instance("aws_instance.app", "m5.xlarge")]),
        project("sandbox", &same, &same),
    ]);
    insta::assert_snapshot!("several_projects", render_comment(&r, &github_opts()));
}

#[test]
fn comment_with_unpriced_resources() {
    let mut p = project(
        "dev",
        &[],
        &[
            instance("aws_instance.web", "t3.medium"),
            instance("aws_instance.gpu", "p9.mega"),
            ResourceInput::new("aws_instance.later", "aws_instance", "us-east-1", json!({})),
        ],
    );
    if let Some(b) = p.breakdown.as_mut() {
        b.unsupported_resources = vec![
            NamedResource { name: "aws_redshift_cluster.dw".into(), resource_type: "aws_redshift_cluster".into() },
            NamedResource { name: "aws_redshift_cluster.dw2".into(), resource_type: "aws_redshift_cluster".into() },
        ];
    }
    insta::assert_snapshot!("unpriced", render_comment(&report(vec![p]), &github_opts()));
}

#[test]
fn comment_with_policy_failures() {
    let r = report(vec![project(
        "prod",
        &[tagged(instance("aws_instance.app", "m5.large"), &[("team", "core")])],
        &[
            tagged(instance("aws_instance.app", "m5.large"), &[("team", "core")]),
            tagged(instance("aws_instance.analytics", "x1e.xlarge"), &[("team", "data")]),
            instance("aws_instance.train", "p4d.24xlarge"),
        ],
    )]);
    let policies = Policies {
        max_monthly_increase: Some(500.into()),
        max_monthly_increase_percent: Some(25.into()),
        max_project_monthly_cost: Some(10_000.into()),
        resource_type_caps: [("aws_instance".to_string(), 1000.into())].into(),
        required_tags: vec!["team".into()],
        denied_instance_families: vec!["x1*".into(), "p4d".into()],
        denied_regions: vec!["ap-*".into()],
        ..Default::default()
    };
    let opts = CommentOptions { policies: policies.evaluate(&r), ..github_opts() };
    insta::assert_snapshot!("policy_failures", render_comment(&r, &opts));
}

#[test]
fn infracost_json_renders_as_markdown() {
    let text = std::fs::read_to_string(fixture("infracost-diff.json")).expect("fixture");
    let r = Report::from_json(&text).expect("infracost JSON reads");
    let md = render_comment(&r, &CommentOptions::default());
    assert!(!md.contains("terrace-cost-comment"), "plain markdown has no marker");
    insta::assert_snapshot!("infracost_markdown", md);
}

/// Five thousand changed resources: the comment fits GitHub's limit by dropping
/// component lines and then the smallest changes, and no table or code block is cut.
#[test]
fn five_thousand_resources_fit_the_size_limit() {
    let mut now = Breakdown::default();
    for i in 0..5000u32 {
        let cost = rust_decimal::Decimal::new(i64::from(i % 997) * 100 + 1234, 2);
        now.resources.push(Resource {
            name: format!("module.fleet[\"shard-{:02}\"].aws_instance.worker[{i}]", i % 50),
            resource_type: "aws_instance".into(),
            tags: Some(Default::default()),
            monthly_cost: Some(cost),
            cost_components: vec![Component {
                name: "Instance usage (Linux/UNIX, on-demand, m5.large)".into(),
                unit: "hours".into(),
                monthly_quantity: Some(730.into()),
                monthly_cost: Some(cost),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    now.compute_totals();
    let past = Breakdown::default();
    let diff = terrace_pricing::diff(&past, &now);
    let p = Project { name: "fleet".into(), summary: now.summary(), past_breakdown: Some(past), breakdown: Some(now), diff: Some(diff), ..Default::default() };
    let r = report(vec![p]);
    let body = render_comment(&r, &github_opts());
    let n = body.chars().count();
    assert!(n <= 65_536, "{n} characters");
    assert!(n > 50_000, "the limit is used, not wasted: {n} characters");
    assert_well_formed(&body);
    assert!(body.contains("Component lines are left out"), "component lines go first");
    assert!(body.contains("more resources with smaller changes are not shown"), "a note says how many are left out");
    // The largest change is listed; component lines are not.
    assert!(body.contains("aws_instance.worker[4982]"), "largest changes are kept");
    assert!(!body.contains("    + Instance usage"));
    let lines: Vec<&str> = body.lines().collect();
    let head = lines[..30.min(lines.len())].join("\n");
    let tail = lines[lines.len().saturating_sub(8)..].join("\n");
    insta::assert_snapshot!("five_thousand", format!("{n} characters\n\n{head}\n[...]\n{tail}"));
    // A smaller limit still gives a well-formed comment.
    for max in [20_000, 3_000, 1_000, 600] {
        let small = render_comment(&r, &CommentOptions { max_chars: Some(max), ..github_opts() });
        assert!(small.chars().count() <= max, "{max}: {}", small.chars().count());
        assert_well_formed(&small);
    }
}

/// Tables have every row, code blocks and details blocks are closed.
fn assert_well_formed(body: &str) {
    assert_eq!(body.matches("```").count() % 2, 0, "code fences pair up");
    assert_eq!(body.matches("<details>").count(), body.matches("</details>").count(), "details blocks close");
    let mut in_table = false;
    for l in body.lines() {
        if l.starts_with('|') {
            assert!(l.ends_with('|'), "table row cut: {l}");
            let pipes = l.replace("\\|", "").matches('|').count();
            assert_eq!(pipes, 6, "every column in: {l}");
            in_table = true;
        } else if in_table {
            assert!(l.is_empty(), "a table ends with a blank line: {l:?}");
            in_table = false;
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comment").join(name)
}

// ---------------------------------------------------------------------------------
// `terrace comment` against the local API.

const TOKEN: &str = "ghs_S3CRET_t0ken_value_42";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn terrace(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_terrace"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1")
        .env("TERRACE_LOG", "trace")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run terrace");
    let r = Run { code: out.status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&out.stdout).into(), stderr: String::from_utf8_lossy(&out.stderr).into() };
    // Whatever happened, the token is nowhere in the output.
    assert!(!r.stdout.contains(TOKEN) && !r.stderr.contains(TOKEN), "token printed:\n{}\n{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("S3CRET"), "part of the token printed: {}", r.stderr);
    r
}

/// A directory with cost.json (the increase report).
fn workdir() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    let text = serde_json::to_string_pretty(&increase()).expect("json");
    std::fs::write(d.path().join("cost.json"), text).expect("write");
    d
}

fn marker_body(valid_at: &str, text: &str) -> String {
    format!("{}\n{text}", Marker::new("default", time(valid_at)).render())
}

fn github(server: &ApiServer, dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["comment", "github", "--repo", "octo/infra", "--path", "cost.json", "--github-api-url", &server.url];
    if !extra.contains(&"--commit") {
        args.extend(["--pull-request", "12"]);
    }
    args.extend(extra);
    terrace(dir, &args, &[("GITHUB_TOKEN", TOKEN)])
}

#[test]
fn github_updates_its_comment_in_place_across_pages() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    s.seed("issue:12", "Looks good to me");
    let ours = s.seed("issue:12", &marker_body("2026-04-30T00:00:00Z", "old estimate"));
    s.seed("issue:12", "Ship it");
    s.seed("issue:99", &marker_body("2026-04-30T00:00:00Z", "another PR"));
    let d = workdir();
    let r = github(&s, d.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        s.lines(),
        [
            "GET /repos/octo/infra/issues/12/comments",
            "GET /repos/octo/infra/issues/12/comments",
            &format!("PATCH /repos/octo/infra/issues/comments/{ours}"),
        ]
    );
    let reqs = s.requests();
    assert_eq!(reqs[0].target, "/repos/octo/infra/issues/12/comments?per_page=100");
    assert_eq!(reqs[1].target, "/repos/octo/infra/issues/12/comments?per_page=100&page=2");
    for q in &reqs {
        assert_eq!(q.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
        assert_eq!(q.header("accept"), Some("application/vnd.github+json"));
        assert_eq!(q.header("x-github-api-version"), Some("2022-11-28"));
    }
    let body = reqs[2].json()["body"].as_str().unwrap_or_default().to_string();
    assert!(body.starts_with("<!-- terrace-cost-comment tag=default valid-at=2026-05-01T12:00:00Z -->\n"), "{body}");
    assert!(body.contains("Monthly estimate increased by"), "{body}");
    let comments = s.comments("issue:12");
    assert_eq!(comments.len(), 3, "updated, not added");
    assert_eq!(comments[1].body, body);
    assert!(r.stderr.contains(&format!("Updated cost comment {ours} on pull request octo/infra#12")), "{}", r.stderr);

    // The same estimate again: read, nothing written.
    s.clear_requests();
    let r = github(&s, d.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.lines().iter().all(|l| l.starts_with("GET ")), "{:?}", s.lines());
    assert!(r.stderr.contains("already shows this estimate"), "{}", r.stderr);
}

#[test]
fn github_creates_when_it_has_no_comment() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    s.seed("issue:12", "<!-- terrace-cost-comment tag=prod valid-at=2026-04-30T00:00:00Z -->\nprod stream");
    let d = workdir();
    let r = github(&s, d.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s.lines(), ["GET /repos/octo/infra/issues/12/comments", "POST /repos/octo/infra/issues/12/comments"]);
    assert_eq!(s.comments("issue:12").len(), 2, "another tag's comment is left alone");
    assert!(r.stderr.contains("Created a cost comment on pull request octo/infra#12: http://127.0.0.1:"), "{}", r.stderr);
}

#[test]
fn github_never_overwrites_a_newer_comment() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    let newer = marker_body("2026-05-02T08:00:00Z", "estimate of a later commit");
    s.seed("issue:12", &newer);
    let d = workdir();
    for behavior in ["update", "new", "delete-and-new", "hide-and-new"] {
        s.clear_requests();
        let r = github(&s, d.path(), &["--behavior", behavior, "--valid-at", "2026-05-01T09:00:00+00:00"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(s.lines(), ["GET /repos/octo/infra/issues/12/comments"], "{behavior}");
        assert!(r.stderr.contains("newer cost data (valid at 2026-05-02T08:00:00Z, this run's is 2026-05-01T09:00:00Z)"), "{}", r.stderr);
    }
    assert_eq!(s.comments("issue:12")[0].body, newer);
}

#[test]
fn github_delete_and_new() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    let a = s.seed("issue:12", &marker_body("2026-04-01T00:00:00Z", "first"));
    s.seed("issue:12", "a human");
    let b = s.seed("issue:12", &marker_body("2026-04-02T00:00:00Z", "second"));
    let d = workdir();
    let r = github(&s, d.path(), &["--behavior", "delete-and-new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        s.lines(),
        [
            "GET /repos/octo/infra/issues/12/comments".to_string(),
            "GET /repos/octo/infra/issues/12/comments".into(),
            "POST /repos/octo/infra/issues/12/comments".into(),
            format!("DELETE /repos/octo/infra/issues/comments/{a}"),
            format!("DELETE /repos/octo/infra/issues/comments/{b}"),
        ]
    );
    let left = s.comments("issue:12");
    assert_eq!(left.len(), 2);
    assert_eq!(left[0].body, "a human");
    assert!(left[1].body.contains("Monthly estimate increased"));
}

#[test]
fn github_hide_and_new_minimizes_through_graphql() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    let old = s.seed("issue:12", &marker_body("2026-04-01T00:00:00Z", "first"));
    let d = workdir();
    let r = github(&s, d.path(), &["--behavior", "hide-and-new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s.lines(), ["GET /repos/octo/infra/issues/12/comments", "POST /repos/octo/infra/issues/12/comments", "POST /graphql"]);
    let q = &s.requests()[2];
    assert_eq!(q.json()["variables"]["id"], format!("IC_{old}"));
    assert!(q.json()["query"].as_str().unwrap_or_default().contains("minimizeComment(input: {subjectId: $id, classifier: OUTDATED})"));
    let c = s.comments("issue:12");
    assert!(c[0].minimized && !c[1].minimized);
}

#[test]
fn github_commit_comments() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    let d = workdir();
    let r = github(&s, d.path(), &["--commit", "4f1c0a9e"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s.lines(), ["GET /repos/octo/infra/commits/4f1c0a9e/comments", "POST /repos/octo/infra/commits/4f1c0a9e/comments"]);
    s.clear_requests();
    let r = github(&s, d.path(), &["--commit", "4f1c0a9e", "--max-monthly-increase", "1000"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id = s.comments("commit:4f1c0a9e")[0].id;
    assert_eq!(s.lines(), ["GET /repos/octo/infra/commits/4f1c0a9e/comments".to_string(), format!("PATCH /repos/octo/infra/comments/{id}")]);
}

#[test]
fn github_rate_limits_are_waited_out() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    s.script(429, &[("Retry-After", "1")], r#"{"message":"API rate limit exceeded"}"#);
    let reset = (Utc::now().timestamp() + 1).to_string();
    s.script(403, &[("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", &reset)], r#"{"message":"API rate limit exceeded for installation"}"#);
    let d = workdir();
    let started = std::time::Instant::now();
    let r = github(&s, d.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(started.elapsed() >= std::time::Duration::from_secs(1), "Retry-After was honoured");
    assert_eq!(
        s.lines(),
        [
            "GET /repos/octo/infra/issues/12/comments",
            "GET /repos/octo/infra/issues/12/comments",
            "GET /repos/octo/infra/issues/12/comments",
            "POST /repos/octo/infra/issues/12/comments"
        ]
    );
    assert!(r.stderr.contains("rate limited (429); waiting 1000 ms"), "{}", r.stderr);
}

#[test]
fn github_rate_limits_give_up_after_bounded_tries() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    for _ in 0..3 {
        s.script(429, &[("Retry-After", "0")], r#"{"message":"API rate limit exceeded"}"#);
    }
    let d = workdir();
    let r = terrace(
        d.path(),
        &["comment", "github", "--repo", "octo/infra", "--pull-request", "12", "--path", "cost.json", "--github-api-url", &s.url],
        &[("GITHUB_TOKEN", TOKEN), ("TERRACE_HTTP_MAX_TRIES", "3")],
    );
    assert_eq!(r.code, 1);
    assert_eq!(s.lines().len(), 3);
    assert!(r.stderr.contains("was rate limited 3 times; gave up after 3 tries"), "{}", r.stderr);
    // A reset too far away fails at once rather than hanging the job.
    let far = (Utc::now().timestamp() + 3600).to_string();
    s.clear_requests();
    s.script(403, &[("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", &far)], r#"{"message":"API rate limit exceeded"}"#);
    let r = github(&s, d.path(), &[]);
    assert_eq!(r.code, 1);
    assert_eq!(s.lines().len(), 1);
    assert!(r.stderr.contains("longer than the 120 s Terrace waits"), "{}", r.stderr);
}

#[test]
fn tokens_are_never_printed() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    let d = workdir();
    // Given as a flag, with trace logs, on success.
    let args = ["comment", "github", "--repo", "octo/infra", "--pull-request", "12", "--path", "cost.json", "--github-api-url", &s.url, "--github-token", TOKEN];
    let r = terrace(d.path(), &args, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("[TRACE] comment: GET"), "trace logs are on: {}", r.stderr);
    assert!(r.stderr.contains("Authorization: ***"), "{}", r.stderr);
    // A server that echoes the token in its error.
    s.script(422, &[], &format!(r#"{{"message":"Validation failed for token {TOKEN}"}}"#));
    let r = terrace(d.path(), &args, &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("Validation failed for token ***"), "{}", r.stderr);
    // A token the server refuses.
    let r = terrace(d.path(), &["comment", "github", "--repo", "octo/infra", "--pull-request", "12", "--path", "cost.json", "--github-api-url", &s.url], &[("GITHUB_TOKEN", "ghs_S3CRET_wrong")]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("401") && r.stderr.contains("GitHub refused the token"), "{}", r.stderr);
    // Dry run: reads, prints the comment, writes nothing.
    s.clear_requests();
    let mut dry = args.to_vec();
    dry.extend(["--dry-run", "--max-monthly-increase", "1000"]);
    let r = terrace(d.path(), &dry, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("<!-- terrace-cost-comment"), "{}", r.stdout);
    assert!(s.lines().iter().all(|l| l.starts_with("GET ")), "{:?}", s.lines());
    assert!(r.stderr.contains("Dry run: would update comment"), "{}", r.stderr);
}

#[test]
fn missing_token_is_an_error_with_the_fix() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    let d = workdir();
    let r = terrace(d.path(), &["comment", "github", "--repo", "octo/infra", "--pull-request", "12", "--path", "cost.json", "--github-api-url", &s.url], &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("Error: No token") && r.stderr.contains("set GITHUB_TOKEN"), "{}", r.stderr);
    assert!(s.lines().is_empty());
    let r = terrace(d.path(), &["comment", "github", "--repo", "octo/infra", "--pull-request", "12", "--path", "cost.json", "--github-api-url", &s.url, "--dry-run"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.lines().is_empty(), "no token, no requests");
}

#[test]
fn failed_policies_post_then_exit_3() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    let d = workdir();
    std::fs::write(d.path().join("terrace.yml"), "version: 0.1\npolicies:\n  max_monthly_increase: 10\n  required_tags: [team]\n").expect("write");
    let r = github(&s, d.path(), &["--policy-file", "terrace.yml", "--deny-instance-family", "m5*"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("Error: Cost policy failed") && r.stderr.contains("3 of 3 policies failed"), "{}", r.stderr);
    let posted = &s.comments("issue:12")[0].body;
    assert!(posted.contains("#### Policies: 3 of 3 failed ❌"), "{posted}");
    assert!(posted.contains("- ❌ **Denied instance families: `m5*`**"), "{posted}");
    // A misspelt policy is an error, not a pass.
    std::fs::write(d.path().join("terrace.yml"), "policies:\n  max_monthly_increse: 10\n").expect("write");
    let r = github(&s, d.path(), &["--policy-file", "terrace.yml"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `max_monthly_increase`?"), "{}", r.stderr);
}

#[test]
fn infracost_json_can_be_posted() {
    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixture("infracost-diff.json"), d.path().join("cost.json")).expect("copy");
    let r = github(&s, d.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let body = &s.comments("issue:12")[0].body;
    assert!(body.contains("valid-at=2026-05-01T10:00:00Z"), "valid-at defaults to the report's time: {body}");
    assert!(body.contains("increased by $54.42"), "{body}");
}

#[test]
fn gitlab_updates_its_note_across_pages() {
    let s = ApiServer::start(Flavor::GitLab, TOKEN);
    s.seed("mr:7", "first review");
    s.seed("mr:7", "second review");
    let ours = s.seed("mr:7", &marker_body("2026-04-30T00:00:00Z", "old"));
    let d = workdir();
    let args = ["comment", "gitlab", "--repo", "platform/infra", "--merge-request", "7", "--path", "cost.json", "--gitlab-server-url", &s.url];
    let r = terrace(d.path(), &args, &[("GITLAB_TOKEN", TOKEN)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let base = "/api/v4/projects/platform%2Finfra/merge_requests/7/notes";
    assert_eq!(s.lines(), [format!("GET {base}"), format!("GET {base}"), format!("PUT {base}/{ours}")]);
    let reqs = s.requests();
    assert_eq!(reqs[0].target, format!("{base}?per_page=100&sort=asc&order_by=created_at&page=1"));
    assert_eq!(reqs[1].target, format!("{base}?per_page=100&sort=asc&order_by=created_at&page=2"));
    assert!(reqs.iter().all(|q| q.header("private-token") == Some(TOKEN) && q.header("authorization").is_none()));
    assert!(s.comments("mr:7")[2].body.contains("Monthly estimate increased"));

    // Unchanged: nothing written. Then delete-and-new with a different tag.
    s.clear_requests();
    let r = terrace(d.path(), &args, &[("GITLAB_TOKEN", TOKEN)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s.lines(), [format!("GET {base}"), format!("GET {base}")]);
    s.clear_requests();
    let mut del = args.to_vec();
    del.extend(["--behavior", "delete-and-new"]);
    let r = terrace(d.path(), &[&del[..], &["--valid-at", "2026-05-05T00:00:00Z", "--max-monthly-increase", "1"]].concat(), &[("GITLAB_TOKEN", TOKEN)]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(s.lines(), [format!("GET {base}"), format!("GET {base}"), format!("POST {base}"), format!("DELETE {base}/{ours}")]);

    // GitLab has no hiding.
    let mut hide = args.to_vec();
    hide.extend(["--behavior", "hide-and-new"]);
    s.clear_requests();
    let r = terrace(d.path(), &hide, &[("GITLAB_TOKEN", TOKEN)]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("GitLab cannot hide notes"), "{}", r.stderr);
    assert!(s.lines().is_empty());
}

#[test]
fn gitlab_rate_limit_is_retried() {
    let s = ApiServer::start(Flavor::GitLab, TOKEN);
    s.script(429, &[("Retry-After", "0")], r#"{"message":"429 Too Many Requests"}"#);
    let d = workdir();
    let args = ["comment", "gitlab", "--repo", "42", "--merge-request", "3", "--path", "cost.json", "--gitlab-server-url", &s.url];
    let r = terrace(d.path(), &args, &[("GITLAB_TOKEN", TOKEN)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let base = "/api/v4/projects/42/merge_requests/3/notes";
    assert_eq!(s.lines(), [format!("GET {base}"), format!("GET {base}"), format!("POST {base}")]);
}

// ---------------------------------------------------------------------------------
// `terrace cost` with a config file listing a monorepo's projects, and the comment
// formats of `cost diff`.

const ENV_TF: &str = r#"provider "aws" {
  region = "us-east-1"
}

variable "instance_type" {
  type = string
}

variable "instance_count" {
  type    = number
  default = 1
}

resource "aws_instance" "app" {
  count         = var.instance_count
  ami           = "ami-123"
  instance_type = var.instance_type
  tags = {
    team = "core"
  }
}
"#;

const MONOREPO_YML: &str = "version: 0.1
projects:
  - path: envs/dev
    name: dev
    terraform_var_files: [dev.tfvars]
  - path: envs/prod
    name: prod
    terraform_var_files: [prod.tfvars]
    terraform_vars:
      instance_count: 2
    max_monthly_cost: 400
policies:
  max_monthly_increase: 100
  required_tags: [team]
";

#[test]
fn cost_diff_prices_a_monorepo_from_the_config_file() {
    let d = tempfile::tempdir().expect("tempdir");
    let root = d.path();
    for (env, ty) in [("dev", "t3.small"), ("prod", "m5.large")] {
        std::fs::create_dir_all(root.join("envs").join(env)).expect("mkdir");
        std::fs::write(root.join("envs").join(env).join("main.tf"), ENV_TF).expect("write");
        std::fs::write(root.join("envs").join(env).join(format!("{env}.tfvars")), format!("instance_type = \"{ty}\"\n")).expect("write");
    }
    std::fs::write(root.join("terrace.yml"), MONOREPO_YML).expect("write");
    let env = [("SOURCE_DATE_EPOCH", "1777636800"), ("TERRACE_CATALOG_DIR", "no-user-catalog")];
    let r = terrace(root, &["cost", "breakdown", "--config-file", "terrace.yml", "--format", "json", "--out-file", "base.json"], &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let base = Report::from_json(&std::fs::read_to_string(root.join("base.json")).expect("base")).expect("json");
    let names: Vec<&str> = base.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["dev", "prod"]);
    assert_eq!(base.projects[1].breakdown.as_ref().map(|b| b.resources.len()), Some(2), "terraform_vars reach the project");

    // Within the policies: exit 0, the comment says they passed.
    std::fs::write(root.join("envs/dev/dev.tfvars"), "instance_type = \"t3.medium\"\n").expect("write");
    let diff = ["cost", "diff", "--config-file", "terrace.yml", "--compare-to", "base.json", "--policy-file", "terrace.yml", "--format", "github-comment"];
    let r = terrace(root, &diff, &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("<!-- terrace-cost-comment tag=default valid-at=2026-05-01T12:00:00Z -->"), "{}", r.stdout);
    assert!(r.stdout.contains("| dev | +$15.18 | - | +$15.18 (+95%) | $31.17 |"), "{}", r.stdout);
    assert!(r.stdout.contains("#### Policies: all 3 passed ✅"), "{}", r.stdout);

    // prod grows past its budget and the increase limit: the comment shows it, exit 3.
    std::fs::write(root.join("envs/prod/prod.tfvars"), "instance_type = \"m5.2xlarge\"\n").expect("write");
    let r = terrace(root, &diff, &env);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stdout.contains("#### Policies: 2 of 3 failed ❌"), "{}", r.stdout);
    assert!(r.stdout.contains("- ❌ **Project `prod` monthly cost at most $400.00**: `prod` costs $562.24 a month"), "{}", r.stdout);
    assert!(r.stdout.contains("  - `aws_instance.app[0]` (prod): +$210.24"), "{}", r.stdout);
    assert!(r.stderr.contains("Error: Cost policy failed"), "{}", r.stderr);

    // Markdown is the same comment without the marker; JSON carries no policy text but
    // the exit code still says it failed.
    let mut md = diff.to_vec();
    md.pop();
    md.push("markdown");
    let r = terrace(root, &md, &env);
    assert_eq!(r.code, 3);
    assert!(r.stdout.starts_with("### 💰 Terrace cost estimate"), "{}", r.stdout);
    let mut json = diff.to_vec();
    json.pop();
    json.extend(["json", "--out-file", "diff.json"]);
    assert_eq!(terrace(root, &json, &env).code, 3);
    let r = terrace(root, &["cost", "output", "--path", "diff.json", "--format", "gitlab-comment"], &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("| prod | +$420.48 | - | +$420.48 (+297%) | $562.24 |"), "{}", r.stdout);

    // A bad config file is named with the fix.
    std::fs::write(root.join("bad.yml"), "projects:\n  - path: envs/dev\n    terraform_var_file: [dev.tfvars]\n").expect("write");
    let r = terrace(root, &["cost", "breakdown", "--config-file", "bad.yml"], &env);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("bad.yml: projects[0]: unknown project key `terraform_var_file`; did you mean `terraform_var_files`?"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------
// The CI script behind action.yml and the GitLab template, end to end: a git repository
// whose pull request makes prod bigger, priced at its base and head, posted to the
// local GitHub stand-in.

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Terrace Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

#[test]
fn ci_script_prices_base_and_head_and_posts() {
    if !have("git") || !have("bash") {
        eprintln!("skipped: git and bash are needed");
        return;
    }
    let d = tempfile::tempdir().expect("tempdir");
    let repo = d.path().join("repo");
    for (env, ty) in [("dev", "t3.small"), ("prod", "m5.large")] {
        std::fs::create_dir_all(repo.join("envs").join(env)).expect("mkdir");
        std::fs::write(repo.join("envs").join(env).join("main.tf"), ENV_TF).expect("write");
        std::fs::write(repo.join("envs").join(env).join(format!("{env}.tfvars")), format!("instance_type = \"{ty}\"\n")).expect("write");
    }
    std::fs::write(repo.join("terrace.yml"), MONOREPO_YML).expect("write");
    git(&repo, &["init", "--quiet"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "base"]);
    let base = git(&repo, &["rev-parse", "HEAD"]);
    std::fs::write(repo.join("envs/prod/prod.tfvars"), "instance_type = \"m5.xlarge\"\n").expect("write");
    git(&repo, &["commit", "--quiet", "-am", "bigger prod"]);
    let head_time = git(&repo, &["log", "-1", "--format=%cI", "HEAD"]);

    let s = ApiServer::start(Flavor::GitHub, TOKEN);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/terrace-ci.sh");
    let out_dir = d.path().join("out");
    let run = |extra: &[(&str, &str)]| {
        let out = Command::new("bash")
            .arg(&script)
            .current_dir(&repo)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", d.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("TERRACE", env!("CARGO_BIN_EXE_terrace"))
            .env("TERRACE_CATALOG_DIR", d.path().join("no-user-catalog"))
            .env("TERRACE_PLATFORM", "github")
            .env("TERRACE_BASE_REF", &base)
            .env("TERRACE_CONFIG_FILE", "terrace.yml")
            .env("TERRACE_OUT_DIR", &out_dir)
            .env("GITHUB_REPOSITORY", "octo/infra")
            .env("TERRACE_PULL_REQUEST", "5")
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_API_URL", &s.url)
            .envs(extra.iter().copied())
            .stdin(Stdio::null())
            .output()
            .expect("run the CI script");
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
        assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN), "token printed");
        (out.status.code().unwrap_or(-1), stderr)
    };
    // prod rises by more than the $100 the policy allows: posted, then exit 3.
    let (code, stderr) = run(&[]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("Monthly increase at most $100.00: the monthly estimate rises by $140.16"), "{stderr}");
    let posted = s.comments("issue:5");
    assert_eq!(posted.len(), 1, "{stderr}");
    let body = &posted[0].body;
    let marker = Marker::find(body).expect("marker");
    assert_eq!(marker.valid_at, time(&head_time), "valid-at is the head commit's time");
    assert!(body.contains("| prod | +$140.16 | - | +$140.16 (+99%) | $281.92 |"), "{body}");
    assert!(body.contains("| dev | $0.00 | - | $0.00 | $15.98 |"), "{body}");
    assert!(body.contains("#### Policies: 1 of 3 failed ❌"), "{body}");
    assert!(out_dir.join("comment.md").is_file() && out_dir.join("diff.json").is_file());
    assert!(!out_dir.join("base-checkout").exists(), "the base worktree is removed");
    // Same commit again: the comment is left as it is.
    s.clear_requests();
    let (code, _) = run(&[]);
    assert_eq!(code, 3);
    assert!(s.lines().iter().all(|l| l.starts_with("GET ")), "{:?}", s.lines());
}
