//! AWS failures against moto: each gives one diagnostic naming the resource, and the
//! rest of the apply carries on where it does not depend on the failure.

mod support;

use support::aws::*;
use support::moto::Moto;

/// An unknown AMI fails its instance; the independent VPC is still created and kept in
/// the state; the instance's dependents are not attempted.
#[test]
fn unknown_ami_fails_only_its_instance() {
    // moto checks AMIs, as AWS does, only when asked to.
    let Some(moto) = Moto::start_with_env(&[("MOTO_ENABLE_AMI_VALIDATION", "true")]) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(
        d,
        &moto,
        "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.60.0.0/16\"\n}\n\
resource \"aws_instance\" \"web\" {\n  ami = \"ami-12345678\"\n  instance_type = \"t3.micro\"\n}\n\
resource \"aws_eip\" \"ip\" {\n  vpc = true\n  instance = aws_instance.web.id\n}\n",
    );
    let text = fails(terrace(d, &["apply", "-auto-approve", "-no-color"]));
    assert_eq!(text.matches("Error: ").count(), 1, "one diagnostic:\n{text}");
    assert!(text.contains("InvalidAMIID") && text.contains("aws_instance.web"), "{text}");
    assert!(text.contains("Look it up with the aws_ami data source"), "{text}");
    let state = ok(terrace(d, &["state", "list"]));
    assert!(state.contains("aws_vpc.v"), "{state}");
    assert!(!state.contains("aws_instance.web") && !state.contains("aws_eip.ip"), "{state}");
    // Fixing the AMI finishes the job.
    let fixed = std::fs::read_to_string(d.join("main.tf")).unwrap().replace("ami-12345678", "ami-760aaa0f");
    std::fs::write(d.join("main.tf"), fixed).unwrap();
    let text = changes(d, "Plan: 2 to add, 0 to change, 0 to destroy.");
    assert!(!text.contains("aws_vpc.v will be"), "{text}");
    apply(d);
    no_changes(d);
}

/// A bucket this account already owns under other tags is not silently adopted.
#[test]
fn bucket_name_in_use_is_one_clear_error() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let (status, body) = moto.s3_http("PUT", "/taken-name", "");
    assert!(status < 300, "{status} {body}");
    let tagging = "<Tagging><TagSet><Tag><Key>owner</Key><Value>someone-else</Value></Tag></TagSet></Tagging>";
    let (status, body) = moto.s3_http("PUT", "/taken-name?tagging", tagging);
    assert!(status < 300, "{status} {body}");
    write(d, &moto, "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"taken-name\"\n}\nresource \"aws_s3_bucket\" \"other\" {\n  bucket = \"free-name\"\n}\n");
    let text = fails(terrace(d, &["apply", "-auto-approve", "-no-color"]));
    assert_eq!(text.matches("Error: ").count(), 1, "one diagnostic:\n{text}");
    assert!(text.contains("aws_s3_bucket.b") && text.contains("already exists in this account"), "{text}");
    let state = ok(terrace(d, &["state", "list"]));
    assert!(state.contains("aws_s3_bucket.other") && !state.contains("aws_s3_bucket.b\n"), "{state}");
}

/// With moto checking credentials like AWS: unknown keys are rejected with one
/// diagnostic that says what to check, and nothing is created.
#[test]
fn bad_credentials_are_one_clear_error() {
    let Some(moto) = Moto::start_with_env(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let block = moto.provider_block("us-east-1").replace("skip_credentials_validation = true", "skip_credentials_validation = false");
    std::fs::write(d.join("main.tf"), format!("{block}\nresource \"aws_vpc\" \"v\" {{\n  cidr_block = \"10.61.0.0/16\"\n}}\n")).unwrap();
    let text = fails(terrace(d, &["apply", "-auto-approve", "-no-color"]));
    assert_eq!(text.matches("Error: ").count(), 1, "one diagnostic:\n{text}");
    assert!(text.contains("validating provider credentials") && text.contains("aws_vpc.v") && text.contains("skip_credentials_validation"), "{text}");
    assert!(!text.contains("\"test\""), "the secret is not echoed:\n{text}");
}

/// An argument Terraform's provider has and Terrace's does not implement yet is an error
/// that says so; a misspelt one is the usual "not expected here" with a suggestion.
#[test]
fn not_implemented_arguments_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("main.tf"),
        "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\
resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  instance_type = \"t3.micro\"\n  cpu_core_count = 2\n  network_interface {\n    device_index = 0\n  }\n  instance_tipe = \"x\"\n}\n",
    )
    .unwrap();
    let text = fails(terrace(d, &["validate", "-no-color"]));
    assert!(text.contains("Unsupported argument: not implemented by Terrace yet") && text.contains("\"cpu_core_count\" is a valid argument"), "{text}");
    assert!(text.contains("Unsupported block type: not implemented by Terrace yet") && text.contains("\"network_interface\""), "{text}");
    assert!(text.contains("An argument named \"instance_tipe\" is not expected here. Did you mean \"instance_type\"?"), "{text}");
    assert!(text.contains("on main.tf line 7"), "{text}");
}

/// A loopback proxy in front of moto that answers the first `throttle` requests with
/// EC2's throttling error (HTTP 503, RequestLimitExceeded) and forwards the rest.
struct ThrottlingProxy {
    port: u16,
    throttled: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl ThrottlingProxy {
    fn start(moto_port: u16, throttle: usize) -> ThrottlingProxy {
        use std::io::{Read, Write};
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let throttled = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = throttled.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                // One request per connection: read the head, then the body by Content-Length.
                let mut req = Vec::new();
                let mut buf = [0u8; 8192];
                let head_end = loop {
                    let Ok(n) = conn.read(&mut buf) else { break None };
                    if n == 0 {
                        break None;
                    }
                    req.extend_from_slice(&buf[..n]);
                    if let Some(i) = req.windows(4).position(|w| w == b"\r\n\r\n") {
                        break Some(i + 4);
                    }
                };
                let Some(head_end) = head_end else { continue };
                let head = String::from_utf8_lossy(&req[..head_end]).to_string();
                let len = head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))).unwrap_or(0);
                while req.len() < head_end + len {
                    match conn.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                if count.fetch_add(1, Ordering::SeqCst) < throttle {
                    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>x</RequestID></Response>";
                    let _ = write!(conn, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
                    continue;
                }
                // Forward with "Connection: close" and relay the answer.
                let head = head.lines().filter(|l| !l.to_ascii_lowercase().starts_with("connection:")).collect::<Vec<_>>().join("\r\n");
                let head = format!("{}\r\nConnection: close\r\n\r\n", head.trim_end());
                let Ok(mut up) = std::net::TcpStream::connect(("127.0.0.1", moto_port)) else { continue };
                let _ = up.write_all(head.as_bytes());
                let _ = up.write_all(&req[head_end..]);
                let mut resp = Vec::new();
                let _ = up.read_to_end(&mut resp);
                let _ = conn.write_all(&resp);
            }
        });
        ThrottlingProxy { port, throttled }
    }
}

/// Throttled requests are retried with backoff until they go through; with too few
/// retries allowed, the error says what to change.
#[test]
fn throttling_is_retried() {
    let Some(moto) = Moto::start() else { return };
    let proxy = ThrottlingProxy::start(moto.port, 2);
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let block = moto.provider_block("us-east-1").replace(&format!("ec2 = \"{}\"", moto.endpoint()), &format!("ec2 = \"http://127.0.0.1:{}\"", proxy.port));
    let vpc = "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.62.0.0/16\"\n}\n";
    std::fs::write(d.join("main.tf"), format!("{block}\n{vpc}")).unwrap();
    apply(d);
    assert!(proxy.throttled.load(std::sync::atomic::Ordering::SeqCst) > 2, "requests went through the proxy");
    no_changes(d);

    // max_retries = 0 and a throttled request: one diagnostic with the remedy.
    let proxy = ThrottlingProxy::start(moto.port, 1);
    let block = moto.provider_block("us-east-1").replace(&format!("ec2 = \"{}\"", moto.endpoint()), &format!("ec2 = \"http://127.0.0.1:{}\"", proxy.port)).replace("region ", "max_retries = 0\n  region ");
    let d2 = tempfile::tempdir().unwrap();
    std::fs::write(d2.path().join("main.tf"), format!("{block}\nresource \"aws_vpc\" \"w\" {{\n  cidr_block = \"10.63.0.0/16\"\n}}\n")).unwrap();
    let text = fails(terrace(d2.path(), &["apply", "-auto-approve", "-no-color"]));
    assert_eq!(text.matches("Error: ").count(), 1, "one diagnostic:\n{text}");
    assert!(text.contains("RequestLimitExceeded") && text.contains("raise max_retries") && text.contains("aws_vpc.w"), "{text}");
}
