//! The S3 resources end to end against moto on loopback: for each resource type,
//! create, plan shows no changes, change in place and by replacement, drift made
//! outside Terrace, import, destroy.

mod support;

use support::moto::Moto;
use support::aws::*;

fn s3(moto: &Moto, method: &str, path: &str, body: &str) -> String {
    let (status, text) = moto.s3_http(method, path, body);
    assert!(status < 300, "S3 {method} {path} failed: {status} {text}");
    text
}

fn bucket_exists(moto: &Moto, name: &str) -> bool {
    moto.s3_http("HEAD", &format!("/{name}"), "").0 == 200
}

const TAGGING: &str = r#"<Tagging><TagSet><Tag><Key>owner</Key><Value>someone</Value></Tag></TagSet></Tagging>"#;

#[test]
fn s3_bucket_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let policy = r#"jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = ["s3:GetObject"], Resource = ["arn:aws:s3:::tr-site/*"] }] })"#;
    let v1 = format!(
        "resource \"aws_s3_bucket\" \"site\" {{\n  bucket = \"tr-site\"\n  tags = {{ Name = \"site\" }}\n  policy = {policy}\n  versioning {{\n    enabled = true\n  }}\n  server_side_encryption_configuration {{\n    rule {{\n      apply_server_side_encryption_by_default {{\n        sse_algorithm = \"AES256\"\n      }}\n    }}\n  }}\n  lifecycle_rule {{\n    id = \"logs\"\n    enabled = true\n    prefix = \"logs/\"\n    expiration {{\n      days = 30\n    }}\n  }}\n}}\n"
    );
    write(d, &moto, &v1);
    apply(d);
    assert_eq!(state_attr(d, "aws_s3_bucket.site", "id"), "tr-site");
    assert_eq!(state_attr(d, "aws_s3_bucket.site", "arn"), "arn:aws:s3:::tr-site");
    assert_eq!(state_attr(d, "aws_s3_bucket.site", "region"), "us-east-1");
    no_changes(d);
    let versioning = s3(&moto, "GET", "/tr-site?versioning", "");
    assert!(versioning.contains("Enabled"), "{versioning}");

    // In place: tags, versioning suspended; the policy reformatted is no change.
    let v2 = v1.replace("Name = \"site\"", "Name = \"site\", team = \"web\"").replace("enabled = true\n  }\n  server", "enabled = false\n  }\n  server");
    write(d, &moto, &v2);
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);
    assert!(s3(&moto, "GET", "/tr-site?versioning", "").contains("Suspended"));
    assert!(s3(&moto, "GET", "/tr-site?tagging", "").contains("team"));

    // Drift: tags changed outside Terrace show as an update that puts them back.
    s3(&moto, "PUT", "/tr-site?tagging", TAGGING);
    changes(d, "\"owner\"");
    apply(d);
    let tags = s3(&moto, "GET", "/tr-site?tagging", "");
    assert!(!tags.contains("owner") && tags.contains("team"), "{tags}");

    // Replacement: a new name; force_destroy empties the old bucket first.
    let v3 = v2.replace("bucket = \"tr-site\"", "bucket = \"tr-site-2\"\n  force_destroy = true");
    write(d, &moto, &v3);
    apply(d);
    s3(&moto, "PUT", "/tr-site-2/a.txt", "hello");
    s3(&moto, "PUT", "/tr-site-2/a.txt", "hello again");
    let v4 = v3.replace("tr-site-2", "tr-site-3");
    write(d, &moto, &v4);
    changes(d, "must be replaced");
    apply(d);
    assert!(!bucket_exists(&moto, "tr-site-2"));
    assert!(bucket_exists(&moto, "tr-site-3"));

    // Deleted outside: re-created.
    s3(&moto, "DELETE", "/tr-site-3", "");
    changes(d, "will be created");
    apply(d);
    assert!(bucket_exists(&moto, "tr-site-3"));
    no_changes(d);

    // Without force_destroy a bucket with objects is one clear error.
    let d2 = tempfile::tempdir().unwrap();
    write(d2.path(), &moto, "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"tr-full\"\n}\n");
    apply(d2.path());
    s3(&moto, "PUT", "/tr-full/x", "x");
    let err = fails(terrace(d2.path(), &["destroy", "-auto-approve"]));
    assert!(err.contains("force_destroy"), "{err}");
    s3(&moto, "DELETE", "/tr-full/x", "");
    ok(terrace(d2.path(), &["destroy", "-auto-approve"]));

    // A bucket left by a crashed run (ours, untagged, empty) is adopted; one with
    // objects is refused.
    s3(&moto, "PUT", "/tr-orphan", "");
    let d3 = tempfile::tempdir().unwrap();
    write(d3.path(), &moto, "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"tr-orphan\"\n  tags = { Name = \"orphan\" }\n}\n");
    apply(d3.path());
    no_changes(d3.path());
    assert!(s3(&moto, "GET", "/tr-orphan?tagging", "").contains("orphan"));
    s3(&moto, "PUT", "/tr-used", "");
    s3(&moto, "PUT", "/tr-used/data", "x");
    write(d3.path(), &moto, "resource \"aws_s3_bucket\" \"c\" {\n  bucket = \"tr-used\"\n}\n");
    let err = fails(terrace(d3.path(), &["apply", "-auto-approve"]));
    assert!(err.contains("already exists in this account"), "{err}");

    // Import an existing bucket.
    s3(&moto, "PUT", "/tr-imported", "");
    import_clean(&moto, "resource \"aws_s3_bucket\" \"imp\" {\n  bucket = \"tr-imported\"\n}\n", "aws_s3_bucket.imp", "tr-imported");

    // Destroy.
    ok(terrace(d, &["destroy", "-auto-approve"]));
    assert!(!bucket_exists(&moto, "tr-site-3"));
}

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"tr-sep\"\n  force_destroy = true\n}\n";

#[test]
fn s3_bucket_versioning_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let v = |status: &str, bucket: &str| {
        format!("{BUCKET}resource \"aws_s3_bucket_versioning\" \"v\" {{\n  bucket = {bucket}\n  versioning_configuration {{\n    status = \"{status}\"\n  }}\n}}\n")
    };
    write(d, &moto, &v("Enabled", "aws_s3_bucket.b.id"));
    apply(d);
    assert!(s3(&moto, "GET", "/tr-sep?versioning", "").contains("Enabled"));
    // The bucket's own inline versioning stays out of the way.
    no_changes(d);

    write(d, &moto, &v("Suspended", "aws_s3_bucket.b.id"));
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);
    assert!(s3(&moto, "GET", "/tr-sep?versioning", "").contains("Suspended"));

    // Drift: re-enabled outside.
    s3(&moto, "PUT", "/tr-sep?versioning", "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");
    changes(d, "Suspended");
    apply(d);
    no_changes(d);

    // Replacement: another bucket.
    s3(&moto, "PUT", "/tr-other", "");
    write(d, &moto, &v("Enabled", "\"tr-other\""));
    changes(d, "must be replaced");
    apply(d);
    assert!(s3(&moto, "GET", "/tr-other?versioning", "").contains("Enabled"));

    import_clean(&moto, &v("Enabled", "\"tr-other\"").replace(BUCKET, ""), "aws_s3_bucket_versioning.v", "tr-other");

    ok(terrace(d, &["destroy", "-auto-approve"]));
    assert!(s3(&moto, "GET", "/tr-other?versioning", "").contains("Suspended"));
    assert!(!bucket_exists(&moto, "tr-sep"));
}

#[test]
fn s3_bucket_policy_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let p = |action: &str| {
        format!(
            "{BUCKET}resource \"aws_s3_bucket_policy\" \"p\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{ Sid = \"read\", Effect = \"Allow\", Principal = \"*\", Action = \"{action}\", Resource = \"${{aws_s3_bucket.b.arn}}/*\" }}]\n  }})\n}}\n"
        )
    };
    write(d, &moto, &p("s3:GetObject"));
    apply(d);
    assert!(s3(&moto, "GET", "/tr-sep?policy", "").contains("s3:GetObject"));
    no_changes(d);

    // The same policy written differently is no change.
    let reformatted = r#"{"Statement":[{"Resource":["arn:aws:s3:::tr-sep/*"],"Action":["s3:GetObject"],"Principal":"*","Effect":"Allow","Sid":"read"}],"Version":"2012-10-17"}"#;
    let heredoc = format!("{BUCKET}resource \"aws_s3_bucket_policy\" \"p\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = <<EOF\n{reformatted}\nEOF\n}}\n");
    write(d, &moto, &heredoc);
    no_changes(d);

    write(d, &moto, &p("s3:ListBucket"));
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);

    // Drift: the policy removed outside is put back.
    s3(&moto, "DELETE", "/tr-sep?policy", "");
    changes(d, "will be created");
    apply(d);
    no_changes(d);

    // Replacement: another bucket.
    s3(&moto, "PUT", "/tr-other", "");
    write(d, &moto, &p("s3:ListBucket").replace("bucket = aws_s3_bucket.b.id", "bucket = \"tr-other\""));
    changes(d, "must be replaced");
    apply(d);

    import_clean(&moto, &p("s3:ListBucket").replace("bucket = aws_s3_bucket.b.id", "bucket = \"tr-other\"").replace(BUCKET, "").replace("${aws_s3_bucket.b.arn}", "arn:aws:s3:::tr-sep"), "aws_s3_bucket_policy.p", "tr-other");

    ok(terrace(d, &["destroy", "-auto-approve"]));
    assert_eq!(moto.s3_http("GET", "/tr-other?policy", "").0, 404);
}

#[test]
fn s3_bucket_public_access_block_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let pab = |bucket: &str, policy: bool| {
        format!("{BUCKET}resource \"aws_s3_bucket_public_access_block\" \"p\" {{\n  bucket = {bucket}\n  block_public_acls = true\n  block_public_policy = {policy}\n}}\n")
    };
    write(d, &moto, &pab("aws_s3_bucket.b.id", true));
    apply(d);
    assert!(s3(&moto, "GET", "/tr-sep?publicAccessBlock", "").contains("<BlockPublicPolicy>true"));
    no_changes(d);

    write(d, &moto, &pab("aws_s3_bucket.b.id", false));
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);

    // Drift: changed outside.
    let all = "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>";
    s3(&moto, "PUT", "/tr-sep?publicAccessBlock", all);
    changes(d, "ignore_public_acls");
    apply(d);
    no_changes(d);

    s3(&moto, "PUT", "/tr-other", "");
    write(d, &moto, &pab("\"tr-other\"", false));
    changes(d, "must be replaced");
    apply(d);

    import_clean(&moto, &pab("\"tr-other\"", false).replace(BUCKET, ""), "aws_s3_bucket_public_access_block.p", "tr-other");

    ok(terrace(d, &["destroy", "-auto-approve"]));
    assert_eq!(moto.s3_http("GET", "/tr-other?publicAccessBlock", "").0, 404);
}

#[test]
fn s3_bucket_server_side_encryption_configuration_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let sse = |bucket: &str, alg: &str| {
        format!(
            "{BUCKET}resource \"aws_s3_bucket_server_side_encryption_configuration\" \"e\" {{\n  bucket = {bucket}\n  rule {{\n    apply_server_side_encryption_by_default {{\n      sse_algorithm = \"{alg}\"\n    }}\n  }}\n}}\n"
        )
    };
    write(d, &moto, &sse("aws_s3_bucket.b.id", "AES256"));
    apply(d);
    assert!(s3(&moto, "GET", "/tr-sep?encryption", "").contains("AES256"));
    no_changes(d);

    write(d, &moto, &sse("aws_s3_bucket.b.id", "aws:kms"));
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);
    assert!(s3(&moto, "GET", "/tr-sep?encryption", "").contains("aws:kms"));

    // Drift: changed outside.
    let aes = "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>";
    s3(&moto, "PUT", "/tr-sep?encryption", aes);
    changes(d, "aws:kms");
    apply(d);
    no_changes(d);

    s3(&moto, "PUT", "/tr-other", "");
    write(d, &moto, &sse("\"tr-other\"", "aws:kms"));
    changes(d, "must be replaced");
    apply(d);

    import_clean(&moto, &sse("\"tr-other\"", "aws:kms").replace(BUCKET, ""), "aws_s3_bucket_server_side_encryption_configuration.e", "tr-other");

    ok(terrace(d, &["destroy", "-auto-approve"]));
    assert!(!moto.s3_http("GET", "/tr-other?encryption", "").1.contains("aws:kms"));
}

#[test]
fn s3_bucket_lifecycle_configuration_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let lc = |bucket: &str, days: u32| {
        format!(
            "{BUCKET}resource \"aws_s3_bucket_lifecycle_configuration\" \"l\" {{\n  bucket = {bucket}\n  rule {{\n    id = \"logs\"\n    status = \"Enabled\"\n    filter {{\n      prefix = \"logs/\"\n    }}\n    expiration {{\n      days = {days}\n    }}\n    transition {{\n      days = 30\n      storage_class = \"STANDARD_IA\"\n    }}\n    noncurrent_version_expiration {{\n      noncurrent_days = 90\n    }}\n    abort_incomplete_multipart_upload {{\n      days_after_initiation = 7\n    }}\n  }}\n  rule {{\n    id = \"tmp\"\n    status = \"Enabled\"\n    filter {{\n      and {{\n        prefix = \"tmp/\"\n        tags = {{ kind = \"scratch\", keep = \"no\" }}\n      }}\n    }}\n    expiration {{\n      days = 1\n    }}\n  }}\n}}\n"
        )
    };
    write(d, &moto, &lc("aws_s3_bucket.b.id", 365));
    apply(d);
    assert!(s3(&moto, "GET", "/tr-sep?lifecycle", "").contains("<Days>365</Days>"));
    no_changes(d);

    write(d, &moto, &lc("aws_s3_bucket.b.id", 400));
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);

    // Drift: removed outside, so re-created.
    s3(&moto, "DELETE", "/tr-sep?lifecycle", "");
    changes(d, "will be created");
    apply(d);
    no_changes(d);

    s3(&moto, "PUT", "/tr-other", "");
    write(d, &moto, &lc("\"tr-other\"", 400));
    changes(d, "must be replaced");
    apply(d);

    import_clean(&moto, &lc("\"tr-other\"", 400).replace(BUCKET, ""), "aws_s3_bucket_lifecycle_configuration.l", "tr-other");

    ok(terrace(d, &["destroy", "-auto-approve"]));
    assert_eq!(moto.s3_http("GET", "/tr-other?lifecycle", "").0, 404);
}

#[test]
fn s3_object_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("index.html"), "<h1>hi</h1>").unwrap();
    let o = |key: &str, content: &str| {
        format!(
            "{BUCKET}resource \"aws_s3_object\" \"o\" {{\n  bucket = aws_s3_bucket.b.id\n  key = \"{key}\"\n  content = \"{content}\"\n  content_type = \"text/plain\"\n  metadata = {{ owner = \"web\" }}\n  tags = {{ Name = \"o\" }}\n}}\nresource \"aws_s3_object\" \"f\" {{\n  bucket = aws_s3_bucket.b.id\n  key = \"index.html\"\n  source = \"index.html\"\n}}\n"
        )
    };
    write(d, &moto, &o("a.txt", "hello"));
    apply(d);
    assert_eq!(s3(&moto, "GET", "/tr-sep/a.txt", ""), "hello");
    assert_eq!(state_attr(d, "aws_s3_object.o", "etag"), "5d41402abc4b2a76b9719d911017c592");
    no_changes(d);

    // Content change: in place.
    write(d, &moto, &o("a.txt", "hello again"));
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);
    assert_eq!(s3(&moto, "GET", "/tr-sep/a.txt", ""), "hello again");

    // A changed source file is an update too.
    std::fs::write(d.join("index.html"), "<h1>changed</h1>").unwrap();
    changes(d, "will be updated in-place");
    apply(d);
    no_changes(d);
    assert_eq!(s3(&moto, "GET", "/tr-sep/index.html", ""), "<h1>changed</h1>");

    // Drift: overwritten outside, then deleted outside.
    s3(&moto, "PUT", "/tr-sep/a.txt", "tampered");
    changes(d, "will be updated in-place");
    apply(d);
    assert_eq!(s3(&moto, "GET", "/tr-sep/a.txt", ""), "hello again");
    s3(&moto, "DELETE", "/tr-sep/a.txt", "");
    changes(d, "will be created");
    apply(d);
    no_changes(d);

    // Replacement: a new key.
    write(d, &moto, &o("b.txt", "hello again"));
    changes(d, "must be replaced");
    apply(d);
    assert_eq!(moto.s3_http("GET", "/tr-sep/a.txt", "").0, 404);

    // Import as bucket/key.
    let body = "resource \"aws_s3_object\" \"i\" {\n  bucket = \"tr-sep\"\n  key = \"b.txt\"\n  content = \"hello again\"\n  content_type = \"text/plain\"\n  metadata = { owner = \"web\" }\n  tags = { Name = \"o\" }\n}\n";
    // The content is not read back (as with Terraform), so the first plan after an
    // import writes it once; after that there is nothing to do.
    let d2 = tempfile::tempdir().unwrap();
    write(d2.path(), &moto, body);
    ok(terrace(d2.path(), &["import", "aws_s3_object.i", "tr-sep/b.txt"]));
    assert_eq!(state_attr(d2.path(), "aws_s3_object.i", "etag"), state_attr(d, "aws_s3_object.o", "etag"));
    let text = changes(d2.path(), "will be updated in-place");
    assert!(!text.contains("must be replaced"), "{text}");
    apply(d2.path());
    no_changes(d2.path());

    ok(terrace(d, &["destroy", "-auto-approve"]));
    assert!(!bucket_exists(&moto, "tr-sep"));
}

/// The 3.x inline `website` block: configured, changed, drifted, removed; its endpoint
/// is known at plan time and usable in outputs.
#[test]
fn s3_bucket_website_lifecycle() {
    let Some(moto) = Moto::start() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let site = |website: &str| {
        format!("resource \"aws_s3_bucket\" \"site\" {{\n  bucket = \"terrace-site\"\n{website}}}\noutput \"endpoint\" {{\n  value = aws_s3_bucket.site.website_endpoint\n}}\n")
    };
    let web = |err: &str| format!("  website {{\n    index_document = \"index.html\"\n    error_document = \"{err}\"\n  }}\n");
    write(d, &moto, &site(&web("error.html")));
    let text = changes(d, "terrace-site.s3-website-us-east-1.amazonaws.com");
    assert!(text.contains("endpoint"), "{text}");
    let out = apply(d);
    assert!(out.contains("endpoint = \"terrace-site.s3-website-us-east-1.amazonaws.com\""), "{out}");
    assert_eq!(state_attr(d, "aws_s3_bucket.site", "website_domain"), "s3-website-us-east-1.amazonaws.com");
    let conf = s3(&moto, "GET", "/terrace-site?website", "");
    assert!(conf.contains("index.html") && conf.contains("error.html"), "{conf}");
    no_changes(d);

    // In place: another error document.
    write(d, &moto, &site(&web("404.html")));
    changes(d, "will be updated in-place");
    apply(d);
    assert!(s3(&moto, "GET", "/terrace-site?website", "").contains("404.html"));
    no_changes(d);

    // Drift: the website removed outside is put back.
    s3(&moto, "DELETE", "/terrace-site?website", "");
    changes(d, "index_document");
    apply(d);
    assert!(s3(&moto, "GET", "/terrace-site?website", "").contains("404.html"));
    no_changes(d);

    // Removed from the configuration: the website goes, and so does its endpoint.
    write(d, &moto, &site(""));
    changes(d, "will be updated in-place");
    apply(d);
    let (status, _) = moto.s3_http("GET", "/terrace-site?website", "");
    assert!(status >= 400, "no website left: {status}");
    assert_eq!(state_attr(d, "aws_s3_bucket.site", "website_endpoint"), "null");
    no_changes(d);
    ok(terrace(d, &["destroy", "-auto-approve"]));
}
