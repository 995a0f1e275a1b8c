//! A moto server (a real AWS API emulator) on loopback for one test, and the raw calls
//! tests use to change things behind Terrace's back (drift).
//!
//! moto_server is found in `$TERRACE_MOTO_SERVER`, then `.venv-moto/bin/moto_server` in the
//! repository (what .ci/run installs), then `~/.cache/terrace-peers/venv/bin/moto_server`,
//! then `moto_server` on PATH. Tests that need it print a notice and pass without running
//! when none is installed; CI installs it, so they always run there.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TERRACE_MOTO_SERVER") {
        return Some(PathBuf::from(p));
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-moto/bin/moto_server");
    if repo.is_file() {
        return Some(repo);
    }
    if let Some(h) = std::env::var_os("HOME") {
        let p = PathBuf::from(h).join(".cache/terrace-peers/venv/bin/moto_server");
        if p.is_file() {
            return Some(p);
        }
    }
    std::env::var_os("PATH").and_then(|path| std::env::split_paths(&path).map(|d| d.join("moto_server")).find(|p| p.is_file()))
}

impl Moto {
    /// Starts moto on a free loopback port, or None (with a notice) when moto is not
    /// installed. In CI (`CI` set) a missing moto is a failure.
    pub fn start() -> Option<Moto> {
        let Some(bin) = find() else {
            assert!(std::env::var_os("CI").is_none(), "moto_server is not installed; .ci/run installs it");
            eprintln!("SKIPPED: moto_server not installed (pip install 'moto[server]')");
            return None;
        };
        // One start at a time in this process: a free port is picked by binding port 0
        // and releasing it, so two tests picking at once could get the same port.
        static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _guard = STARTING.lock().unwrap_or_else(|e| e.into_inner());
        for _attempt in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
            let child = Command::new(&bin)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start moto_server");
            let mut m = Moto { child, port };
            let start = Instant::now();
            let mut up = false;
            while start.elapsed() < Duration::from_secs(30) {
                if let Ok(Some(_)) = m.child.try_wait() {
                    break; // it exited: the port was taken
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    up = true;
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            // Our own server must be the one listening, and stay up.
            std::thread::sleep(Duration::from_millis(150));
            if up && matches!(m.child.try_wait(), Ok(None)) {
                return Some(m);
            }
        }
        panic!("moto_server did not start");
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A provider block pointing every service at this server.
    pub fn provider_block(&self, region: &str) -> String {
        format!(
            r#"provider "aws" {{
  region                      = "{region}"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
  endpoints {{
    ec2 = "{e}"
    s3  = "{e}"
    sts = "{e}"
  }}
}}
"#,
            e = self.endpoint()
        )
    }

    /// A raw HTTP request signed (in name only) for EC2; returns (status, body).
    pub fn http(&self, method: &str, path: &str, body: &str, content_type: &str) -> (u16, String) {
        self.http_for("ec2", method, path, body, content_type)
    }

    /// An S3 REST call (path style: `/bucket?tagging`); returns (status, body).
    pub fn s3(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        self.http_for("s3", method, path, body, "application/xml")
    }

    /// A raw HTTP request; moto routes it by the service named in the credential scope.
    fn http_for(&self, service: &str, method: &str, path: &str, body: &str, content_type: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect moto");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        let status = out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }

    /// An EC2 Query API call (`Action=CreateTags&ResourceId.1=...`), as the AWS CLI makes it.
    pub fn ec2(&self, params: &[(&str, &str)]) -> String {
        let mut body: Vec<String> = params.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
        body.push("Version=2016-11-15".into());
        let (status, text) = self.http("POST", "/", &body.join("&"), "application/x-www-form-urlencoded");
        assert!(status < 300, "EC2 call {params:?} failed: {status} {text}");
        text
    }

    /// Clears every object.
    pub fn reset(&self) {
        self.http("POST", "/moto-api/reset", "", "application/json");
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The text between the first `<tag>` and `</tag>`.
pub fn xml_first(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let i = body.find(&open)? + open.len();
    let j = body[i..].find(&format!("</{tag}>"))? + i;
    Some(body[i..j].to_string())
}
