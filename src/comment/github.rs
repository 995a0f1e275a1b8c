//! GitHub: pull-request comments (the issue comments API), commit comments, and GraphQL's
//! `minimizeComment` for `hide-and-new`.
//!
//! Endpoints, under the API address (`https://api.github.com`, or
//! `https://HOST/api/v3` on GitHub Enterprise Server):
//! - `GET /repos/{repo}/issues/{n}/comments?per_page=100`, following `Link: rel="next"`
//! - `POST /repos/{repo}/issues/{n}/comments`, `PATCH|DELETE /repos/{repo}/issues/comments/{id}`
//! - `GET|POST /repos/{repo}/commits/{sha}/comments`, `PATCH|DELETE /repos/{repo}/comments/{id}`
//! - `POST /graphql` (`/api/graphql` on Enterprise Server)

use serde_json::json;

use super::http::{Client, Secret};
use super::post::{ExistingComment, Platform, PostError};

/// What the comment is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    PullRequest(u64),
    Commit(String),
}

pub struct GitHub {
    client: Client,
    api: String,
    repo: String,
    target: Target,
}

/// Pages followed at most (100 comments each).
const MAX_PAGES: usize = 100;

impl GitHub {
    /// `repo` is `OWNER/NAME`; `api_url` the REST API's address.
    pub fn new(api_url: &str, repo: &str, target: Target, token: Option<Secret>) -> Result<GitHub, String> {
        check_repo(repo)?;
        let api = check_api_url(api_url, "--github-api-url")?;
        if let Target::Commit(sha) = &target {
            if !(7..=40).contains(&sha.len()) || !sha.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(format!("`{sha}` is not a commit SHA; give the commit's hexadecimal id, 7 to 40 characters"));
            }
        }
        let client = Client::new(token, "Authorization", "Bearer ")
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28");
        Ok(GitHub { client, api, repo: repo.to_string(), target })
    }

    /// Sets how often a rate-limited request is tried.
    pub fn with_retries(mut self, max_tries: u32, max_wait: std::time::Duration) -> GitHub {
        self.client.max_tries = max_tries.max(1);
        self.client.max_wait = max_wait;
        self
    }

    fn comments_url(&self) -> String {
        match &self.target {
            Target::PullRequest(n) => format!("{}/repos/{}/issues/{n}/comments", self.api, self.repo),
            Target::Commit(sha) => format!("{}/repos/{}/commits/{sha}/comments", self.api, self.repo),
        }
    }

    fn comment_url(&self, id: u64) -> String {
        match &self.target {
            Target::PullRequest(_) => format!("{}/repos/{}/issues/comments/{id}", self.api, self.repo),
            Target::Commit(_) => format!("{}/repos/{}/comments/{id}", self.api, self.repo),
        }
    }

    fn graphql_url(&self) -> String {
        match self.api.strip_suffix("/api/v3") {
            Some(host) => format!("{host}/api/graphql"),
            None => format!("{}/graphql", self.api),
        }
    }

    fn explain(&self, e: PostError, doing: &str) -> PostError {
        match &e {
            PostError::Http(h) if matches!(h.status(), Some(401)) => PostError::Api(format!(
                "{e}\n\nGitHub refused the token while trying to {doing}. Check that GITHUB_TOKEN (or --github-token) holds a valid token."
            )),
            PostError::Http(h) if matches!(h.status(), Some(403) | Some(404)) => PostError::Api(format!(
                "{e}\n\nGitHub did not let the token {doing} on {}. The token needs write access to {}: in GitHub Actions, give the job `permissions: pull-requests: write` (and `contents: write` for commit comments).",
                self.target(),
                self.repo
            )),
            _ => e,
        }
    }
}

impl Platform for GitHub {
    fn target(&self) -> String {
        match &self.target {
            Target::PullRequest(n) => format!("pull request {}#{n}", self.repo),
            Target::Commit(sha) => format!("commit {}@{}", self.repo, &sha[..sha.len().min(12)]),
        }
    }

    fn list(&self) -> Result<Vec<ExistingComment>, PostError> {
        let mut out = Vec::new();
        let mut url = format!("{}?per_page=100", self.comments_url());
        for _ in 0..MAX_PAGES {
            let resp = self.client.send_ok("GET", &url, None).map_err(|e| self.explain(e.into(), "read the comments"))?;
            let items = resp.json().map_err(|m| PostError::Api(format!("GitHub's comment list cannot be read: {m}")))?;
            let Some(items) = items.as_array() else {
                return Err(PostError::Api("GitHub's comment list is not a JSON array".into()));
            };
            for c in items {
                let (Some(id), Some(body)) = (c.get("id").and_then(|v| v.as_u64()), c.get("body").and_then(|v| v.as_str())) else { continue };
                out.push(ExistingComment { id, body: body.to_string(), node_id: c.get("node_id").and_then(|v| v.as_str()).map(str::to_string) });
            }
            match resp.header("link").and_then(next_link) {
                // The token goes only where the API is.
                Some(next) if same_origin(&next, &self.api) => url = next,
                _ => return Ok(out),
            }
        }
        Ok(out)
    }

    fn create(&self, body: &str) -> Result<Option<String>, PostError> {
        let resp = self.client.send_ok("POST", &self.comments_url(), Some(&json!({ "body": body }))).map_err(|e| self.explain(e.into(), "create a comment"))?;
        Ok(resp.json().ok().and_then(|v| v.get("html_url").and_then(|u| u.as_str()).map(str::to_string)))
    }

    fn update(&self, c: &ExistingComment, body: &str) -> Result<(), PostError> {
        self.client.send_ok("PATCH", &self.comment_url(c.id), Some(&json!({ "body": body }))).map_err(|e| self.explain(e.into(), "update a comment"))?;
        Ok(())
    }

    fn delete(&self, c: &ExistingComment) -> Result<(), PostError> {
        self.client.send_ok("DELETE", &self.comment_url(c.id), None).map_err(|e| self.explain(e.into(), "delete a comment"))?;
        Ok(())
    }

    fn hide(&self, c: &ExistingComment) -> Result<(), PostError> {
        let Some(node) = &c.node_id else {
            return Err(PostError::Api(format!("comment {} has no GraphQL node id, so it cannot be hidden", c.id)));
        };
        let query = "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }";
        let resp = self
            .client
            .send_ok("POST", &self.graphql_url(), Some(&json!({ "query": query, "variables": { "id": node } })))
            .map_err(|e| self.explain(e.into(), "hide a comment"))?;
        let v = resp.json().map_err(PostError::Api)?;
        if let Some(errors) = v.get("errors").and_then(|e| e.as_array()).filter(|e| !e.is_empty()) {
            let msgs: Vec<String> = errors.iter().filter_map(|e| e.get("message").and_then(|m| m.as_str())).map(|m| self.client.redact(m)).collect();
            return Err(PostError::Api(format!("GitHub could not hide comment {}: {}", c.id, msgs.join("; "))));
        }
        Ok(())
    }
}

/// `OWNER/NAME`.
pub fn check_repo(repo: &str) -> Result<(), String> {
    let ok_part = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    match repo.split_once('/') {
        Some((o, n)) if ok_part(o) && ok_part(n) => Ok(()),
        _ => Err(format!("`{repo}` is not a GitHub repository; write it as OWNER/NAME, such as `octo-org/infra`")),
    }
}

/// An API address without its trailing slash; http or https only.
pub fn check_api_url(url: &str, flag: &str) -> Result<String, String> {
    let u = url.trim().trim_end_matches('/');
    if (u.starts_with("https://") || u.starts_with("http://")) && u.len() > "https://".len() && !u.contains(char::is_whitespace) {
        Ok(u.to_string())
    } else {
        Err(format!("`{url}` given with {flag} is not an http(s) address"))
    }
}

/// The `rel="next"` address of a `Link` header.
pub fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().replace(' ', "");
            p == "rel=\"next\"" || p == "rel=next"
        });
        is_next.then(|| url.trim().trim_start_matches('<').trim_end_matches('>').to_string())
    })
}

/// Whether `url` has the scheme, host and port of `base`.
pub fn same_origin(url: &str, base: &str) -> bool {
    fn origin(u: &str) -> Option<&str> {
        let after = u.find("://")? + 3;
        let end = u[after..].find('/').map_or(u.len(), |i| after + i);
        Some(&u[..end])
    }
    matches!((origin(url), origin(base)), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers() {
        let h = r#"<https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=5>; rel="last""#;
        assert_eq!(next_link(h).as_deref(), Some("https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2"));
        assert_eq!(next_link(r#"<https://x/?page=1>; rel="prev""#), None);
    }

    #[test]
    fn origins() {
        assert!(same_origin("https://api.github.com/repositories/1?page=2", "https://api.github.com"));
        assert!(!same_origin("https://evil.example/x", "https://api.github.com"));
        assert!(!same_origin("http://127.0.0.1:9/x", "http://127.0.0.1:8"));
    }

    #[test]
    fn addresses() {
        let gh = GitHub::new("https://ghe.example.com/api/v3/", "o/r", Target::PullRequest(4), None).expect("valid");
        assert_eq!(gh.graphql_url(), "https://ghe.example.com/api/graphql");
        assert_eq!(gh.comments_url(), "https://ghe.example.com/api/v3/repos/o/r/issues/4/comments");
        let gh = GitHub::new("https://api.github.com", "o/r", Target::Commit("abcdef1".into()), None).expect("valid");
        assert_eq!(gh.graphql_url(), "https://api.github.com/graphql");
        assert_eq!(gh.comment_url(9), "https://api.github.com/repos/o/r/comments/9");
        assert!(GitHub::new("https://api.github.com", "o", Target::PullRequest(1), None).is_err());
        assert!(GitHub::new("https://api.github.com", "o/r", Target::Commit("xyz".into()), None).is_err());
        assert!(GitHub::new("ftp://x", "o/r", Target::PullRequest(1), None).is_err());
    }
}
