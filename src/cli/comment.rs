//! `terrace comment github|gitlab`: posts a cost report as a pull-request, commit or
//! merge-request comment, with the policy results; exits 3 when a policy fails (after
//! posting).

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use terrace_pricing::json::Report;

use crate::comment::config::{parse_money, parse_percent, ConfigFile};
use crate::comment::github::{GitHub, Target};
use crate::comment::gitlab::GitLab;
use crate::comment::http::Secret;
use crate::comment::marker::{check_tag, Marker, DEFAULT_TAG};
use crate::comment::policy::{any_failed, check_pattern, Policies, PolicyResult};
use crate::comment::post::{post, Behavior, Platform};
use crate::comment::{render_comment, CommentFormat, CommentOptions};

/// The exit code of a run whose policies failed.
pub const POLICY_FAILED: i32 = 3;

#[derive(Subcommand, Debug)]
pub enum CommentCommand {
    /// Post to a GitHub pull request or commit.
    Github(GithubArgs),
    /// Post to a GitLab merge request.
    Gitlab(GitlabArgs),
}

#[derive(Args, Debug)]
pub struct GithubArgs {
    /// The repository, as OWNER/NAME.
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: String,
    /// The pull request to comment on.
    #[arg(long = "pull-request", value_name = "N", conflicts_with = "commit", required_unless_present = "commit")]
    pub pull_request: Option<u64>,
    /// The commit to comment on, for pushes without a pull request.
    #[arg(long, value_name = "SHA")]
    pub commit: Option<String>,
    /// The token (default: the GITHUB_TOKEN environment variable).
    #[arg(long = "github-token", value_name = "TOKEN")]
    pub token: Option<String>,
    /// The REST API address (default: GITHUB_API_URL, else https://api.github.com).
    #[arg(long = "github-api-url", value_name = "URL")]
    pub api_url: Option<String>,
    #[command(flatten)]
    pub common: CommentFlags,
}

#[derive(Args, Debug)]
pub struct GitlabArgs {
    /// The project, as GROUP/PROJECT (subgroups allowed) or its numeric id.
    #[arg(long, value_name = "GROUP/PROJECT")]
    pub repo: String,
    /// The merge request's IID (the number shown in GitLab).
    #[arg(long = "merge-request", value_name = "N")]
    pub merge_request: u64,
    /// The token (default: the GITLAB_TOKEN environment variable).
    #[arg(long = "gitlab-token", value_name = "TOKEN")]
    pub token: Option<String>,
    /// The GitLab address (default: CI_SERVER_URL, else https://gitlab.com).
    #[arg(long = "gitlab-server-url", value_name = "URL")]
    pub server_url: Option<String>,
    #[command(flatten)]
    pub common: CommentFlags,
}

#[derive(Args, Debug)]
pub struct CommentFlags {
    /// A cost report in JSON (`terrace cost diff --format json`, or infracost's); repeat to combine projects.
    #[arg(long = "path", value_name = "FILE", required = true)]
    pub paths: Vec<PathBuf>,
    /// What to do with earlier comments.
    #[arg(long, value_enum, default_value_t = Behavior::Update)]
    pub behavior: Behavior,
    /// Separates comment streams on one pull request (one per environment, say).
    #[arg(long, value_name = "TAG", default_value = DEFAULT_TAG)]
    pub tag: String,
    /// When the cost data is valid (RFC 3339; default: the report's timeGenerated). A comment written for a later time is never overwritten; CI passes the commit's time.
    #[arg(long = "valid-at", value_name = "TIME")]
    pub valid_at: Option<String>,
    /// Print the comment and what would be done, without writing anything.
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    #[command(flatten)]
    pub policy: PolicyFlags,
}

/// Policy flags, shared with `terrace cost diff`; they add to the policy file's.
#[derive(Args, Debug, Clone, Default)]
pub struct PolicyFlags {
    /// A terrace.yml whose `policies` (and project budgets) apply.
    #[arg(long = "policy-file", value_name = "FILE")]
    pub policy_file: Option<PathBuf>,
    /// Fail when the monthly estimate rises by more than this many USD.
    #[arg(long = "max-monthly-increase", value_name = "USD")]
    pub max_monthly_increase: Option<String>,
    /// Fail when the monthly estimate rises by more than this percentage.
    #[arg(long = "max-monthly-increase-percent", value_name = "PERCENT")]
    pub max_monthly_increase_percent: Option<String>,
    /// Fail when a project's monthly total exceeds this many USD.
    #[arg(long = "max-project-monthly-cost", value_name = "USD")]
    pub max_project_monthly_cost: Option<String>,
    /// Fail when one resource of a type costs more a month (repeatable).
    #[arg(long = "resource-type-cap", value_name = "TYPE=USD")]
    pub resource_type_caps: Vec<String>,
    /// A tag key every changed, taggable resource must have (repeatable).
    #[arg(long = "required-tag", value_name = "KEY")]
    pub required_tags: Vec<String>,
    /// Deny instance families or types matching a glob, such as `x1*` (repeatable).
    #[arg(long = "deny-instance-family", value_name = "PATTERN")]
    pub denied_instance_families: Vec<String>,
    /// Deny regions matching a glob, such as `ap-*` (repeatable).
    #[arg(long = "deny-region", value_name = "PATTERN")]
    pub denied_regions: Vec<String>,
}

impl PolicyFlags {
    /// The policies of the file, then the flags.
    pub fn resolve(&self) -> Result<Policies, CliError> {
        let mut p = Policies::default();
        if let Some(path) = &self.policy_file {
            let file = ConfigFile::load(path).map_err(|e| CliError::new("Invalid policy file", e.to_string()))?;
            for w in &file.warnings {
                eprintln!("\nWarning: Ignored setting\n\n{}: {w}.", path.display());
            }
            p = file.policies;
        }
        let bad = |flag: &str, m: String| CliError::new("Invalid policy flag", format!("--{flag}: {m}"));
        let mut f = Policies {
            max_monthly_increase: self.max_monthly_increase.as_deref().map(parse_money).transpose().map_err(|m| bad("max-monthly-increase", m))?,
            max_monthly_increase_percent: self
                .max_monthly_increase_percent
                .as_deref()
                .map(parse_percent)
                .transpose()
                .map_err(|m| bad("max-monthly-increase-percent", m))?,
            max_project_monthly_cost: self.max_project_monthly_cost.as_deref().map(parse_money).transpose().map_err(|m| bad("max-project-monthly-cost", m))?,
            required_tags: self.required_tags.clone(),
            denied_instance_families: self.denied_instance_families.clone(),
            denied_regions: self.denied_regions.clone(),
            ..Default::default()
        };
        for cap in &self.resource_type_caps {
            let Some((ty, usd)) = cap.split_once('=') else {
                return Err(bad("resource-type-cap", format!("`{cap}` is not TYPE=USD; write it as `aws_instance=500`")));
            };
            f.resource_type_caps.insert(ty.trim().to_string(), parse_money(usd).map_err(|m| bad("resource-type-cap", m))?);
        }
        for (flag, list) in [("deny-instance-family", &f.denied_instance_families), ("deny-region", &f.denied_regions)] {
            for pat in list {
                check_pattern(pat).map_err(|m| bad(flag, m))?;
            }
        }
        p.merge(f);
        Ok(p)
    }
}

/// An error for the user: a fixed-phrase summary and a detail in sentences.
#[derive(Debug)]
pub struct CliError {
    pub summary: String,
    pub detail: String,
}

impl CliError {
    pub fn new(summary: impl Into<String>, detail: impl Into<String>) -> CliError {
        CliError { summary: summary.into(), detail: detail.into() }
    }

    pub fn print(&self) {
        eprintln!("\nError: {}\n\n{}", self.summary, self.detail);
    }
}

pub fn run(cmd: CommentCommand) -> i32 {
    match run_inner(cmd) {
        Ok(code) => code,
        Err(e) => {
            e.print();
            1
        }
    }
}

fn run_inner(cmd: CommentCommand) -> Result<i32, CliError> {
    let (common, format) = match &cmd {
        CommentCommand::Github(a) => (&a.common, CommentFormat::GitHub),
        CommentCommand::Gitlab(a) => (&a.common, CommentFormat::GitLab),
    };
    check_tag(&common.tag).map_err(|m| CliError::new("Invalid tag", m))?;
    let report = load_reports(&common.paths)?;
    let policies = common.policy.resolve()?;
    let results = policies.evaluate(&report);
    let valid_at = valid_at(common.valid_at.as_deref(), &report)?;
    let opts = CommentOptions { format, policies: results.clone(), tag: common.tag.clone(), valid_at: Some(valid_at), max_chars: None };
    let body = render_comment(&report, &opts);
    let marker = Marker::new(common.tag.clone(), Some(valid_at));
    let retries = retry_settings();

    let (platform, token_missing): (Box<dyn Platform>, Option<&str>) = match &cmd {
        CommentCommand::Github(a) => {
            let token = token_from(a.token.as_deref(), "GITHUB_TOKEN");
            let api = a.api_url.clone().or_else(|| env_nonempty("GITHUB_API_URL")).unwrap_or_else(|| "https://api.github.com".into());
            let target = match (&a.pull_request, &a.commit) {
                (Some(n), _) => Target::PullRequest(*n),
                (None, Some(sha)) => Target::Commit(sha.clone()),
                (None, None) => return Err(CliError::new("Nothing to comment on", "Give --pull-request N or --commit SHA.")),
            };
            let missing = token.is_none().then_some("set GITHUB_TOKEN or pass --github-token (in GitHub Actions: `GITHUB_TOKEN: ${{ github.token }}`)");
            let gh = GitHub::new(&api, &a.repo, target, token).map_err(|m| CliError::new("Invalid GitHub target", m))?;
            (Box::new(gh.with_retries(retries.0, retries.1)), missing)
        }
        CommentCommand::Gitlab(a) => {
            if common.behavior == Behavior::HideAndNew {
                return Err(CliError::new("Unsupported behavior", "GitLab cannot hide notes; use --behavior update, new or delete-and-new."));
            }
            let token = token_from(a.token.as_deref(), "GITLAB_TOKEN");
            let server = a.server_url.clone().or_else(|| env_nonempty("CI_SERVER_URL")).unwrap_or_else(|| "https://gitlab.com".into());
            let missing = token.is_none().then_some("set GITLAB_TOKEN or pass --gitlab-token (an access token with the `api` scope)");
            let gl = GitLab::new(&server, &a.repo, a.merge_request, token).map_err(|m| CliError::new("Invalid GitLab target", m))?;
            (Box::new(gl.with_retries(retries.0, retries.1)), missing)
        }
    };

    if common.dry_run {
        if token_missing.is_some() {
            eprintln!("Dry run without a token: the existing comments on {} were not read; this comment would be posted.", platform.target());
        } else {
            let outcome = post(platform.as_ref(), &marker, &body, common.behavior, true).map_err(|e| CliError::new("Cannot read the existing comments", e.to_string()))?;
            for l in outcome.lines {
                eprintln!("{l}");
            }
        }
        println!("{body}");
    } else {
        if let Some(how) = token_missing {
            return Err(CliError::new("No token", format!("Posting to {} needs a token: {how}.", platform.target())));
        }
        let outcome = post(platform.as_ref(), &marker, &body, common.behavior, false).map_err(|e| CliError::new("Cannot post the cost comment", e.to_string()))?;
        for l in outcome.lines {
            eprintln!("{l}");
        }
    }
    Ok(policy_exit(&results))
}

/// Prints failed policies to stderr and gives the exit code: 3 when any failed.
pub fn policy_exit(results: &[PolicyResult]) -> i32 {
    if !any_failed(results) {
        return 0;
    }
    let failed: Vec<String> = results.iter().filter(|r| !r.passed).map(|r| format!("  - {}: {}", r.name.replace('`', ""), r.summary.replace('`', ""))).collect();
    eprintln!("\nError: Cost policy failed\n\n{} of {} policies failed:\n{}", failed.len(), results.len(), failed.join("\n"));
    POLICY_FAILED
}

/// Reads cost reports and combines their projects into one report.
pub fn load_reports(paths: &[PathBuf]) -> Result<Report, CliError> {
    let mut projects = Vec::new();
    let mut times: Vec<String> = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|e| CliError::new("Cannot read the cost report", format!("{}: {e}.", path.display())))?;
        let r = Report::from_json(&text).map_err(|e| {
            CliError::new("Invalid cost report", format!("{}: {e}. Give the JSON written by `terrace cost diff --format json` or `terrace cost breakdown --format json`.", path.display()))
        })?;
        times.push(r.time_generated.clone());
        projects.extend(r.projects);
    }
    let latest = times.iter().filter_map(|t| DateTime::parse_from_rfc3339(t).ok()).max().map(|t| t.with_timezone(&Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    Ok(Report::new(projects, latest.unwrap_or_default()))
}

fn valid_at(flag: Option<&str>, report: &Report) -> Result<DateTime<Utc>, CliError> {
    if let Some(s) = flag {
        return DateTime::parse_from_rfc3339(s.trim()).map(|t| t.with_timezone(&Utc)).map_err(|e| {
            CliError::new("Invalid --valid-at", format!("`{s}` is not an RFC 3339 time ({e}); write it as 2026-05-01T12:00:00Z, or pass the commit's time: `git show -s --format=%cI HEAD`."))
        });
    }
    Ok(DateTime::parse_from_rfc3339(&report.time_generated).map(|t| t.with_timezone(&Utc)).unwrap_or_else(|_| Utc::now()))
}

/// Tries and the longest wait for rate-limited requests: TERRACE_HTTP_MAX_TRIES and
/// TERRACE_HTTP_MAX_WAIT_SECONDS, default 4 and 120.
fn retry_settings() -> (u32, Duration) {
    let tries = std::env::var("TERRACE_HTTP_MAX_TRIES").ok().and_then(|v| v.parse().ok()).unwrap_or(4);
    let wait = std::env::var("TERRACE_HTTP_MAX_WAIT_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(120);
    (tries, Duration::from_secs(wait))
}

/// The token of the flag, else of the environment variable; surrounding whitespace (a
/// newline from a secrets file) is not part of it.
fn token_from(flag: Option<&str>, env: &str) -> Option<Secret> {
    flag.map(str::to_string).or_else(|| env_nonempty(env)).map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).map(Secret::new)
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}
