//! GitLab: merge-request notes.
//!
//! Endpoints, under `{server}/api/v4/projects/{GROUP%2FPROJECT}/merge_requests/{iid}`:
//! `GET notes?per_page=100&sort=asc&order_by=created_at&page=N` (following the
//! `X-Next-Page` header), `POST notes`, `PUT notes/{id}`, `DELETE notes/{id}`. The token
//! goes in `PRIVATE-TOKEN` (a personal, project or group access token with the `api`
//! scope). GitLab cannot hide notes, so `hide-and-new` is refused before anything is sent.

use serde_json::json;

use super::github::check_api_url;
use super::http::{Client, Secret};
use super::post::{ExistingComment, Platform, PostError};

pub struct GitLab {
    client: Client,
    server: String,
    project: String,
    merge_request: u64,
}

const MAX_PAGES: usize = 100;

impl GitLab {
    /// `project` is `GROUP/PROJECT` (subgroups allowed) or the project's numeric id.
    pub fn new(server_url: &str, project: &str, merge_request: u64, token: Option<Secret>) -> Result<GitLab, String> {
        let ok = !project.is_empty()
            && !project.starts_with('/')
            && !project.ends_with('/')
            && !project.contains("//")
            && project.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
        if !ok {
            return Err(format!("`{project}` is not a GitLab project; write it as GROUP/PROJECT (subgroups allowed), such as `platform/infra`, or give its numeric id"));
        }
        let server = check_api_url(server_url, "--gitlab-server-url")?;
        let client = Client::new(token, "PRIVATE-TOKEN", "");
        Ok(GitLab { client, server, project: project.to_string(), merge_request })
    }

    pub fn with_retries(mut self, max_tries: u32, max_wait: std::time::Duration) -> GitLab {
        self.client.max_tries = max_tries.max(1);
        self.client.max_wait = max_wait;
        self
    }

    fn notes_url(&self) -> String {
        format!("{}/api/v4/projects/{}/merge_requests/{}/notes", self.server, encode(&self.project), self.merge_request)
    }

    fn explain(&self, e: PostError, doing: &str) -> PostError {
        match &e {
            PostError::Http(h) if matches!(h.status(), Some(401) | Some(403) | Some(404)) => PostError::Api(format!(
                "{e}\n\nGitLab did not let the token {doing} on {}. Use a personal, project or group access token with the `api` scope in GITLAB_TOKEN (or --gitlab-token); CI_JOB_TOKEN cannot write notes.",
                self.target()
            )),
            _ => e,
        }
    }
}

impl Platform for GitLab {
    fn target(&self) -> String {
        format!("merge request {}!{}", self.project, self.merge_request)
    }

    fn list(&self) -> Result<Vec<ExistingComment>, PostError> {
        let mut out = Vec::new();
        let mut page = "1".to_string();
        for _ in 0..MAX_PAGES {
            let url = format!("{}?per_page=100&sort=asc&order_by=created_at&page={page}", self.notes_url());
            let resp = self.client.send_ok("GET", &url, None).map_err(|e| self.explain(e.into(), "read the notes"))?;
            let items = resp.json().map_err(|m| PostError::Api(format!("GitLab's note list cannot be read: {m}")))?;
            let Some(items) = items.as_array() else {
                return Err(PostError::Api("GitLab's note list is not a JSON array".into()));
            };
            for n in items {
                if n.get("system").and_then(|v| v.as_bool()) == Some(true) {
                    continue;
                }
                let (Some(id), Some(body)) = (n.get("id").and_then(|v| v.as_u64()), n.get("body").and_then(|v| v.as_str())) else { continue };
                out.push(ExistingComment { id, body: body.to_string(), node_id: None });
            }
            match resp.header("x-next-page").map(str::trim).filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
                Some(next) if next != page => page = next.to_string(),
                _ => return Ok(out),
            }
        }
        Ok(out)
    }

    fn create(&self, body: &str) -> Result<Option<String>, PostError> {
        self.client.send_ok("POST", &self.notes_url(), Some(&json!({ "body": body }))).map_err(|e| self.explain(e.into(), "create a note"))?;
        Ok(None)
    }

    fn update(&self, c: &ExistingComment, body: &str) -> Result<(), PostError> {
        let url = format!("{}/{}", self.notes_url(), c.id);
        self.client.send_ok("PUT", &url, Some(&json!({ "body": body }))).map_err(|e| self.explain(e.into(), "update a note"))?;
        Ok(())
    }

    fn delete(&self, c: &ExistingComment) -> Result<(), PostError> {
        let url = format!("{}/{}", self.notes_url(), c.id);
        self.client.send_ok("DELETE", &url, None).map_err(|e| self.explain(e.into(), "delete a note"))?;
        Ok(())
    }

    fn hide(&self, _c: &ExistingComment) -> Result<(), PostError> {
        Err(PostError::Api("GitLab cannot hide notes; use --behavior update, new or delete-and-new".into()))
    }
}

/// Percent-encodes a project path for the URL (`group/sub/app` -> `group%2Fsub%2Fapp`).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let gl = GitLab::new("https://gitlab.example.com/", "platform/infra/app", 7, None).expect("valid");
        assert_eq!(gl.notes_url(), "https://gitlab.example.com/api/v4/projects/platform%2Finfra%2Fapp/merge_requests/7/notes");
        assert!(GitLab::new("https://gitlab.com", "a//b", 1, None).is_err());
        assert!(GitLab::new("https://gitlab.com", "a b", 1, None).is_err());
        assert!(GitLab::new("https://gitlab.com", "1234", 1, None).is_ok());
    }
}
