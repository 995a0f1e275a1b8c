//! A local stand-in for the GitHub REST/GraphQL and GitLab notes APIs, on 127.0.0.1,
//! for testing `terrace comment`. It keeps comments in memory, pages its lists (a
//! `Link` header on GitHub, `X-Next-Page` on GitLab), checks the token, records every
//! request, and can answer the next requests with scripted responses (rate limits).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    GitHub,
    GitLab,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// `GET /path` without the query.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.target.split('?').next().unwrap_or(""))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: u64,
    /// `issue:12`, `commit:abc123`, `mr:7`.
    pub thread: String,
    pub body: String,
    pub minimized: bool,
}

/// A response to give instead of handling the request.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

#[derive(Debug, Default)]
pub struct State {
    pub comments: Vec<Comment>,
    pub requests: Vec<Request>,
    pub scripted: VecDeque<Scripted>,
    next_id: u64,
}

pub struct ApiServer {
    pub url: String,
    pub token: String,
    pub state: Arc<Mutex<State>>,
}

/// Items per page of a list, small so that pagination is exercised.
pub const PAGE_SIZE: usize = 2;

impl ApiServer {
    pub fn start(flavor: Flavor, token: &str) -> ApiServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(State { next_id: 1000, ..Default::default() }));
        let (st, tok, base) = (state.clone(), token.to_string(), url.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let _ = handle(conn, flavor, &st, &tok, &base);
            }
        });
        ApiServer { url, token: token.to_string(), state }
    }

    /// Adds a comment as if posted earlier; returns its id.
    pub fn seed(&self, thread: &str, body: &str) -> u64 {
        let mut s = self.state.lock().expect("lock");
        s.next_id += 1;
        let id = s.next_id;
        s.comments.push(Comment { id, thread: thread.into(), body: body.into(), minimized: false });
        id
    }

    /// The next request gets this response.
    pub fn script(&self, status: u16, headers: &[(&str, &str)], body: &str) {
        let mut s = self.state.lock().expect("lock");
        s.scripted.push_back(Scripted { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), body: body.into() });
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().expect("lock").requests.clone()
    }

    /// `METHOD /path` of every request.
    pub fn lines(&self) -> Vec<String> {
        self.requests().iter().map(Request::line).collect()
    }

    pub fn comments(&self, thread: &str) -> Vec<Comment> {
        self.state.lock().expect("lock").comments.iter().filter(|c| c.thread == thread).cloned().collect()
    }

    pub fn clear_requests(&self) {
        self.state.lock().expect("lock").requests.clear();
    }
}

fn handle(conn: TcpStream, flavor: Flavor, state: &Mutex<State>, token: &str, base: &str) -> std::io::Result<()> {
    conn.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-length")).and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let req = Request { method, target, headers, body: String::from_utf8_lossy(&body).into_owned() };
    let (status, extra, body) = {
        let mut s = state.lock().expect("lock");
        s.requests.push(req.clone());
        match s.scripted.pop_front() {
            Some(r) => (r.status, r.headers, r.body),
            None => route(&mut s, flavor, &req, token, base),
        }
    };
    let mut out = conn;
    let reason = match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Status",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body.as_bytes())?;
    out.flush()
}

type Reply = (u16, Vec<(String, String)>, String);

fn json_reply(status: u16, v: serde_json::Value) -> Reply {
    (status, Vec::new(), v.to_string())
}

fn not_found() -> Reply {
    json_reply(404, serde_json::json!({ "message": "Not Found" }))
}

fn route(s: &mut State, flavor: Flavor, req: &Request, token: &str, base: &str) -> Reply {
    let authorized = match flavor {
        Flavor::GitHub => req.header("authorization") == Some(&format!("Bearer {token}")),
        Flavor::GitLab => req.header("private-token") == Some(token),
    };
    if !authorized {
        return json_reply(401, serde_json::json!({ "message": "Bad credentials" }));
    }
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let page: usize = query.split('&').find_map(|kv| kv.strip_prefix("page=")).and_then(|p| p.parse().ok()).unwrap_or(1);
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let m = req.method.as_str();
    match flavor {
        Flavor::GitHub => match (m, segs.as_slice()) {
            ("POST", ["graphql"]) => {
                let v = req.json();
                let node = v["variables"]["id"].as_str().unwrap_or("").to_string();
                match s.comments.iter_mut().find(|c| format!("IC_{}", c.id) == node) {
                    Some(c) => {
                        c.minimized = true;
                        json_reply(200, serde_json::json!({ "data": { "minimizeComment": { "minimizedComment": { "isMinimized": true } } } }))
                    }
                    None => json_reply(200, serde_json::json!({ "errors": [{ "message": format!("Could not resolve to a node with the global id of '{node}'") }] })),
                }
            }
            (_, ["repos", _, _, "issues", n, "comments"]) => list_or_create(s, flavor, m, &format!("issue:{n}"), page, req, base, path),
            (_, ["repos", _, _, "commits", sha, "comments"]) => list_or_create(s, flavor, m, &format!("commit:{sha}"), page, req, base, path),
            (_, ["repos", _, _, "issues", "comments", id]) | (_, ["repos", _, _, "comments", id]) => edit(s, m, id, req),
            _ => not_found(),
        },
        Flavor::GitLab => match (m, segs.as_slice()) {
            (_, ["api", "v4", "projects", _, "merge_requests", iid, "notes"]) => list_or_create(s, flavor, m, &format!("mr:{iid}"), page, req, base, path),
            (_, ["api", "v4", "projects", _, "merge_requests", _, "notes", id]) => edit(s, m, id, req),
            _ => not_found(),
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn list_or_create(s: &mut State, flavor: Flavor, m: &str, thread: &str, page: usize, req: &Request, base: &str, path: &str) -> Reply {
    match m {
        "GET" => {
            let all: Vec<&Comment> = s.comments.iter().filter(|c| c.thread == thread).collect();
            let items: Vec<serde_json::Value> = all
                .iter()
                .skip((page - 1) * PAGE_SIZE)
                .take(PAGE_SIZE)
                .map(|c| match flavor {
                    Flavor::GitHub => serde_json::json!({ "id": c.id, "node_id": format!("IC_{}", c.id), "body": c.body, "html_url": format!("{base}/c/{}", c.id) }),
                    Flavor::GitLab => serde_json::json!({ "id": c.id, "body": c.body, "system": false }),
                })
                .collect();
            let more = all.len() > page * PAGE_SIZE;
            let mut headers = Vec::new();
            match flavor {
                Flavor::GitHub if more => headers.push(("Link".to_string(), format!("<{base}{path}?per_page=100&page={}>; rel=\"next\", <{base}{path}?page=1>; rel=\"first\"", page + 1))),
                Flavor::GitLab => headers.push(("X-Next-Page".to_string(), if more { (page + 1).to_string() } else { String::new() })),
                _ => {}
            }
            (200, headers, serde_json::Value::Array(items).to_string())
        }
        "POST" => {
            let body = req.json()["body"].as_str().unwrap_or("").to_string();
            s.next_id += 1;
            let id = s.next_id;
            s.comments.push(Comment { id, thread: thread.into(), body: body.clone(), minimized: false });
            json_reply(201, serde_json::json!({ "id": id, "node_id": format!("IC_{id}"), "body": body, "html_url": format!("{base}/c/{id}") }))
        }
        _ => not_found(),
    }
}

fn edit(s: &mut State, m: &str, id: &str, req: &Request) -> Reply {
    let Ok(id) = id.parse::<u64>() else { return not_found() };
    let Some(pos) = s.comments.iter().position(|c| c.id == id) else { return not_found() };
    match m {
        "PATCH" | "PUT" => {
            let body = req.json()["body"].as_str().unwrap_or("").to_string();
            s.comments[pos].body = body.clone();
            json_reply(200, serde_json::json!({ "id": id, "body": body }))
        }
        "DELETE" => {
            s.comments.remove(pos);
            (204, Vec::new(), String::new())
        }
        _ => not_found(),
    }
}
