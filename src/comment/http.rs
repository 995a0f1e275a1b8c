//! A small blocking HTTP client for the GitHub and GitLab APIs: JSON in and out, one
//! authentication header, retries of rate-limited requests, and debug logs (`TF_LOG` or
//! `TERRACE_LOG` set to `debug` or `trace`) that never show the token.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ureq::http;

/// A token. It prints as `***`, and [`Secret::redact`] removes it from any text.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The token itself, for the one header that carries it.
    fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the token replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.0, "***")
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A response, whatever its status.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// A header's value; names compare without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The `message` of a JSON error body (GitHub's and GitLab's shape), or the start of
    /// the body.
    pub fn message(&self) -> String {
        let parsed: Option<serde_json::Value> = serde_json::from_str(&self.body).ok();
        let msg = parsed
            .as_ref()
            .and_then(|v| v.get("message").or_else(|| v.get("error")))
            .map(|m| m.as_str().map(str::to_string).unwrap_or_else(|| m.to_string()));
        let text = msg.unwrap_or_else(|| self.body.trim().to_string());
        let mut short: String = text.chars().take(300).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        short
    }

    pub fn json(&self) -> Result<serde_json::Value, String> {
        serde_json::from_str(&self.body).map_err(|e| format!("the response is not JSON: {e}"))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("cannot reach {url}: {message}")]
    Transport { url: String, message: String },
    #[error("{method} {url} was rate limited {tries} times; {advice}")]
    RateLimited { method: String, url: String, tries: u32, advice: String },
    #[error("{method} {url} answered {status}: {message}")]
    Status { method: String, url: String, status: u16, message: String },
}

impl HttpError {
    pub fn status(&self) -> Option<u16> {
        match self {
            HttpError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// The client for one API: its base headers and its token.
pub struct Client {
    agent: ureq::Agent,
    /// The header that carries the token, and the value (`Bearer …`, or the token).
    auth: Option<(&'static str, Secret)>,
    /// The token as given, to redact.
    token: Option<Secret>,
    headers: Vec<(&'static str, String)>,
    /// Attempts per request when rate limited (the first included).
    pub max_tries: u32,
    /// The longest wait for a rate limit to reset; a longer one fails at once.
    pub max_wait: Duration,
    log: LogLevel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum LogLevel {
    Off,
    Debug,
    Trace,
}

fn log_level() -> LogLevel {
    let v = std::env::var("TERRACE_LOG").or_else(|_| std::env::var("TF_LOG")).unwrap_or_default().to_ascii_lowercase();
    match v.as_str() {
        "trace" => LogLevel::Trace,
        "debug" | "info" => LogLevel::Debug,
        _ => LogLevel::Off,
    }
}

impl Client {
    /// A client sending the token, when there is one, in `auth_header` as
    /// `auth_prefix` + token.
    pub fn new(token: Option<Secret>, auth_header: &'static str, auth_prefix: &str) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(format!("terrace/{}", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.into(),
            auth: token.as_ref().map(|t| (auth_header, Secret::new(format!("{auth_prefix}{}", t.expose())))),
            token,
            headers: Vec::new(),
            max_tries: 4,
            max_wait: Duration::from_secs(120),
            log: log_level(),
        }
    }

    /// Adds a header sent with every request.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Client {
        self.headers.push((name, value.into()));
        self
    }

    /// Text with the token removed.
    pub fn redact(&self, text: &str) -> String {
        match &self.token {
            Some(t) => t.redact(text),
            None => text.to_string(),
        }
    }

    fn debug(&self, level: LogLevel, msg: impl FnOnce() -> String) {
        if self.log >= level && level > LogLevel::Off {
            eprintln!("[{}] comment: {}", if level == LogLevel::Trace { "TRACE" } else { "DEBUG" }, self.redact(&msg()));
        }
    }

    /// Sends a request and returns the response, whatever its status, once it is not
    /// rate limited. `body` is sent as JSON.
    pub fn send(&self, method: &str, url: &str, body: Option<&serde_json::Value>) -> Result<Response, HttpError> {
        let mut tries = 0;
        loop {
            tries += 1;
            let resp = self.send_once(method, url, body)?;
            self.debug(LogLevel::Debug, || format!("{method} {url} -> {} (try {tries})", resp.status));
            let Some(wait) = rate_limit_wait(&resp) else {
                return Ok(resp);
            };
            let service_wait = wait.as_secs();
            if wait > self.max_wait {
                return Err(HttpError::RateLimited {
                    method: method.into(),
                    url: self.redact(url),
                    tries,
                    advice: format!(
                        "the server asks to wait {service_wait} s, longer than the {} s Terrace waits; run again later, or use a token with a higher rate limit",
                        self.max_wait.as_secs()
                    ),
                });
            }
            if tries >= self.max_tries {
                return Err(HttpError::RateLimited {
                    method: method.into(),
                    url: self.redact(url),
                    tries,
                    advice: format!("gave up after {} tries; run again later ({})", self.max_tries, self.redact(&resp.message())),
                });
            }
            self.debug(LogLevel::Debug, || format!("rate limited ({}); waiting {} ms before trying again", resp.status, wait.as_millis()));
            std::thread::sleep(wait);
        }
    }

    /// Sends a request; a status other than 2xx is an error.
    pub fn send_ok(&self, method: &str, url: &str, body: Option<&serde_json::Value>) -> Result<Response, HttpError> {
        let resp = self.send(method, url, body)?;
        if (200..300).contains(&resp.status) {
            Ok(resp)
        } else {
            Err(HttpError::Status { method: method.into(), url: self.redact(url), status: resp.status, message: self.redact(&resp.message()) })
        }
    }

    fn send_once(&self, method: &str, url: &str, body: Option<&serde_json::Value>) -> Result<Response, HttpError> {
        let transport = |message: String| HttpError::Transport { url: self.redact(url), message: self.redact(&message) };
        let mut b = http::Request::builder().method(method).uri(url);
        if !self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept")) {
            b = b.header("Accept", "application/json");
        }
        for (k, v) in &self.headers {
            b = b.header(*k, v.as_str());
        }
        if let Some((k, v)) = &self.auth {
            b = b.header(*k, v.expose());
        }
        self.debug(LogLevel::Trace, || {
            let names: Vec<String> = self.headers.iter().map(|(k, v)| format!("{k}: {v}")).chain(self.auth.iter().map(|(k, _)| format!("{k}: ***"))).collect();
            format!("{method} {url} headers [{}] body {}", names.join(", "), body.map(|b| b.to_string()).unwrap_or_default())
        });
        let result = match body {
            Some(json) => {
                let req = b.header("Content-Type", "application/json").body(json.to_string()).map_err(|e| transport(format!("invalid request: {e}")))?;
                self.agent.run(req)
            }
            None => {
                let req = b.body(()).map_err(|e| transport(format!("invalid request: {e}")))?;
                self.agent.run(req)
            }
        };
        let mut resp = result.map_err(|e| transport(e.to_string()))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().iter().map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect();
        let body = resp.body_mut().read_to_string().map_err(|e| transport(format!("cannot read the response: {e}")))?;
        Ok(Response { status, headers, body })
    }
}

/// How long to wait before trying a rate-limited request again, or None when the
/// response is not a rate limit. GitHub answers 403 or 429 with `Retry-After` (seconds)
/// or `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (epoch seconds); GitLab
/// answers 429 with `Retry-After` or `RateLimit-Reset`.
pub fn rate_limit_wait(resp: &Response) -> Option<Duration> {
    if resp.status != 403 && resp.status != 429 {
        return None;
    }
    if let Some(s) = resp.header("retry-after") {
        return Some(parse_retry_after(s).unwrap_or(Duration::from_secs(1)));
    }
    let reset = || {
        resp.header("x-ratelimit-reset").or_else(|| resp.header("ratelimit-reset")).and_then(|v| v.trim().parse::<u64>().ok()).map(|at| {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
            Duration::from_secs(at.saturating_sub(now) + 1)
        })
    };
    let exhausted = resp.header("x-ratelimit-remaining").or_else(|| resp.header("ratelimit-remaining")).is_some_and(|v| v.trim() == "0");
    if exhausted {
        return Some(reset().unwrap_or(Duration::from_secs(60)));
    }
    if resp.status == 429 {
        return Some(reset().unwrap_or(Duration::from_secs(1)));
    }
    // GitHub's secondary rate limit: 403 with a message and no headers; its docs say to
    // wait at least a minute.
    let msg = resp.message().to_ascii_lowercase();
    if msg.contains("rate limit") {
        return Some(Duration::from_secs(60));
    }
    None
}

/// `Retry-After`: seconds, or an HTTP date.
fn parse_retry_after(s: &str) -> Option<Duration> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(s).ok()?;
    let now = chrono::Utc::now();
    Some((at.with_timezone(&chrono::Utc) - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), body: body.into() }
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new("ghp_abc");
        assert_eq!(format!("{s} {s:?}"), "*** ***");
        assert_eq!(s.redact("token ghp_abc here"), "token *** here");
    }

    #[test]
    fn rate_limits_are_recognised() {
        assert_eq!(rate_limit_wait(&resp(429, &[("Retry-After", "3")], "")), Some(Duration::from_secs(3)));
        assert_eq!(rate_limit_wait(&resp(403, &[("retry-after", "0")], "")), Some(Duration::ZERO));
        let far = (SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) + 10).to_string();
        let w = rate_limit_wait(&resp(403, &[("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", &far)], "")).expect("waits");
        assert!(w >= Duration::from_secs(9) && w <= Duration::from_secs(12), "{w:?}");
        assert_eq!(rate_limit_wait(&resp(403, &[], r#"{"message":"Resource not accessible by integration"}"#)), None);
        assert_eq!(rate_limit_wait(&resp(403, &[], r#"{"message":"You have exceeded a secondary rate limit"}"#)), Some(Duration::from_secs(60)));
        assert_eq!(rate_limit_wait(&resp(200, &[("Retry-After", "3")], "")), None);
    }

    #[test]
    fn messages_come_from_json_bodies() {
        assert_eq!(resp(404, &[], r#"{"message":"Not Found"}"#).message(), "Not Found");
        assert_eq!(resp(500, &[], "oops").message(), "oops");
    }
}
