//! Hash and crypto functions: hex and base64 digests of strings and files, `bcrypt`,
//! `rsadecrypt`, `uuid` and `uuidv5`.
//!
//! The `file*` digests read files through [`super::filesystem::read_file_for_hash`],
//! which reports open and read failures the way Terraform's `os.Open`/`io.Copy` do.

use base64::Engine as _;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use terrace_provider::{Type, Value};

use super::encoding::{go_base64_decode, go_quote, nfc};
use super::filesystem::read_file_for_hash;
use super::{FuncError, Function, Host, Param, Registry};

pub fn register(r: &mut Registry) {
    let str_fn = |name: &'static str, imp: super::Impl| Function::new(name, imp).param(Param::new("str", Type::String)).returns(Type::String);
    r.add(str_fn("md5", md5));
    r.add(str_fn("sha1", sha1));
    r.add(str_fn("sha256", sha256));
    r.add(str_fn("sha512", sha512));
    r.add(str_fn("base64sha256", base64sha256));
    r.add(str_fn("base64sha512", base64sha512));
    let file_fn =
        |name: &'static str, imp: super::Impl| Function::new(name, imp).param(Param::new("path", Type::String)).returns(Type::String);
    r.add(file_fn("filemd5", filemd5));
    r.add(file_fn("filesha1", filesha1));
    r.add(file_fn("filesha256", filesha256));
    r.add(file_fn("filesha512", filesha512));
    r.add(file_fn("filebase64sha256", filebase64sha256));
    r.add(file_fn("filebase64sha512", filebase64sha512));
    r.add(
        Function::new("bcrypt", bcrypt)
            .param(Param::new("str", Type::String))
            .variadic(Param::new("cost", Type::Number))
            .returns(Type::String),
    );
    r.add(
        Function::new("rsadecrypt", rsadecrypt)
            .param(Param::new("ciphertext", Type::String))
            .param(Param::new("privatekey", Type::String))
            .returns(Type::String),
    );
    r.add(Function::new("uuid", uuid).returns(Type::String));
    r.add(
        Function::new("uuidv5", uuidv5)
            .param(Param::new("namespace", Type::String))
            .param(Param::new("name", Type::String))
            .returns(Type::String),
    );
}

fn arg_str(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn md5(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(hex::encode(Md5::digest(arg_str(&args, 0).as_bytes()))))
}
fn sha1(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(hex::encode(Sha1::digest(arg_str(&args, 0).as_bytes()))))
}
fn sha256(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(hex::encode(Sha256::digest(arg_str(&args, 0).as_bytes()))))
}
fn sha512(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(hex::encode(Sha512::digest(arg_str(&args, 0).as_bytes()))))
}
fn base64sha256(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(b64(&Sha256::digest(arg_str(&args, 0).as_bytes()))))
}
fn base64sha512(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(b64(&Sha512::digest(arg_str(&args, 0).as_bytes()))))
}

fn filemd5(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let data = read_file_for_hash(h, arg_str(&args, 0))?;
    Ok(Value::string(hex::encode(Md5::digest(&data))))
}
fn filesha1(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let data = read_file_for_hash(h, arg_str(&args, 0))?;
    Ok(Value::string(hex::encode(Sha1::digest(&data))))
}
fn filesha256(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let data = read_file_for_hash(h, arg_str(&args, 0))?;
    Ok(Value::string(hex::encode(Sha256::digest(&data))))
}
fn filesha512(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let data = read_file_for_hash(h, arg_str(&args, 0))?;
    Ok(Value::string(hex::encode(Sha512::digest(&data))))
}
fn filebase64sha256(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let data = read_file_for_hash(h, arg_str(&args, 0))?;
    Ok(Value::string(b64(&Sha256::digest(&data))))
}
fn filebase64sha512(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let data = read_file_for_hash(h, arg_str(&args, 0))?;
    Ok(Value::string(b64(&Sha512::digest(&data))))
}

const GO_INT_RANGE: &str = "value must be a whole number, between -9223372036854775808 and 9223372036854775807";

fn bcrypt(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let mut cost: i64 = 10;
    if let Some(c) = args.get(1) {
        cost = c.as_number().and_then(|n| n.to_i64()).ok_or_else(|| FuncError::call(GO_INT_RANGE))?;
    }
    if args.len() > 2 {
        return Err(FuncError::call("bcrypt() takes no more than two arguments"));
    }
    // Go's bcrypt quietly uses its default cost below the minimum.
    if cost < 4 {
        cost = 10;
    }
    if cost > 31 {
        return Err(FuncError::call(format!(
            "error occured generating password crypto/bcrypt: cost {cost} is outside allowed range (4,31)"
        )));
    }
    let parts = ::bcrypt::hash_with_result(arg_str(&args, 0).as_bytes(), cost as u32)
        .map_err(|e| FuncError::call(format!("error occured generating password {e}")))?;
    Ok(Value::string(parts.format_for_version(::bcrypt::Version::TwoA)))
}

/// One PEM block: its type, whether it is encrypted, and its decoded body.
struct PemBlock {
    kind: String,
    encrypted: bool,
    der: Vec<u8>,
}

/// Go's `pem.Decode` for the first block (headers are recognized, not interpreted
/// beyond `Proc-Type: 4,ENCRYPTED`).
fn pem_decode(text: &str) -> Option<PemBlock> {
    let mut rest = text;
    loop {
        let start = rest.find("-----BEGIN ")?;
        let after = &rest[start + 11..];
        let Some(end_kind) = after.find("-----") else { return None };
        let kind = &after[..end_kind];
        if kind.contains('\n') {
            rest = after;
            continue;
        }
        let body_start = &after[end_kind + 5..];
        let end_marker = format!("-----END {kind}-----");
        let Some(end) = body_start.find(&end_marker) else {
            rest = after;
            continue;
        };
        let body = &body_start[..end];
        let mut encrypted = false;
        let mut b64_text = String::new();
        let lines: Vec<&str> = body.lines().map(str::trim).skip_while(|l| l.is_empty()).collect();
        let mut in_headers = lines.first().is_some_and(|l| l.contains(':'));
        for line in lines {
            let line = line.trim();
            if in_headers {
                if line.is_empty() {
                    in_headers = false;
                    continue;
                }
                if line.contains(':') {
                    if line.starts_with("Proc-Type:") && line.contains("ENCRYPTED") {
                        encrypted = true;
                    }
                    continue;
                }
                in_headers = false;
            }
            b64_text.push_str(line);
        }
        let Ok(der) = go_base64_decode(&b64_text) else {
            rest = after;
            continue;
        };
        return Some(PemBlock { kind: kind.to_string(), encrypted, der });
    }
}

/// Go's wording for a private key whose DER does not parse.
fn asn1_error(msg: &str) -> FuncError {
    if msg.contains("incomplete") || msg.contains("truncated") || msg.contains("length") {
        FuncError::arg(1, "invalid ASN1 data in the given private key: data truncated")
    } else {
        FuncError::arg(1, "invalid private key: x509: malformed private key")
    }
}

fn rsadecrypt(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::pkcs8::DecodePrivateKey;
    let ct_text = arg_str(&args, 0);
    let ciphertext = go_base64_decode(ct_text).map_err(|_| {
        FuncError::arg(0, format!("failed to decode input {}: cipher text must be base64-encoded", go_quote(ct_text)))
    })?;
    let block = pem_decode(arg_str(&args, 1)).ok_or_else(|| FuncError::arg(1, "invalid private key: ssh: no key found"))?;
    if block.encrypted {
        return Err(FuncError::arg(1, "invalid private key: ssh: this private key is passphrase protected"));
    }
    let key = match block.kind.as_str() {
        "RSA PRIVATE KEY" => rsa::RsaPrivateKey::from_pkcs1_der(&block.der).map_err(|e| asn1_error(&e.to_string()))?,
        "PRIVATE KEY" => rsa::RsaPrivateKey::from_pkcs8_der(&block.der).map_err(|e| {
            let msg = e.to_string();
            if msg.contains("OID") || msg.contains("algorithm") {
                FuncError::arg(1, "invalid private key type")
            } else {
                asn1_error(&msg)
            }
        })?,
        "EC PRIVATE KEY" | "DSA PRIVATE KEY" | "OPENSSH PRIVATE KEY" => {
            return Err(FuncError::arg(1, "invalid private key type"));
        }
        other => return Err(FuncError::arg(1, format!("invalid private key: ssh: unsupported key type {}", go_quote(other)))),
    };
    let out = key
        .decrypt(rsa::Pkcs1v15Encrypt, &ciphertext)
        .map_err(|_| FuncError::call("failed to decrypt: crypto/rsa: decryption error"))?;
    Ok(Value::string(nfc(&String::from_utf8_lossy(&out))))
}

fn format_uuid(b: &[u8; 16]) -> String {
    let h = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// hashicorp/go-uuid's `GenerateUUID`: 16 random bytes, no version bits.
fn uuid(_h: &dyn Host, _args: Vec<Value>) -> Result<Value, FuncError> {
    let bytes: [u8; 16] = rand::random();
    Ok(Value::string(format_uuid(&bytes)))
}

/// google/uuid's `Parse`.
fn parse_uuid(s: &str) -> Result<[u8; 16], String> {
    let xtob = |a: u8, b: u8| -> Option<u8> {
        let hi = (a as char).to_digit(16)?;
        let lo = (b as char).to_digit(16)?;
        Some((hi * 16 + lo) as u8)
    };
    let mut out = [0u8; 16];
    let bytes = s.as_bytes();
    let body: &[u8] = match bytes.len() {
        36 => bytes,
        45 => {
            let prefix = String::from_utf8_lossy(&bytes[..9]).to_string();
            if prefix.to_lowercase() != "urn:uuid:" {
                return Err(format!("invalid urn prefix: {}", go_quote(&prefix)));
            }
            &bytes[9..]
        }
        38 => &bytes[1..],
        32 => {
            for (i, o) in out.iter_mut().enumerate() {
                *o = xtob(bytes[i * 2], bytes[i * 2 + 1]).ok_or("invalid UUID format")?;
            }
            return Ok(out);
        }
        n => return Err(format!("invalid UUID length: {n}")),
    };
    if body[8] != b'-' || body[13] != b'-' || body[18] != b'-' || body[23] != b'-' {
        return Err("invalid UUID format".to_string());
    }
    for (i, x) in [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34].iter().enumerate() {
        out[i] = xtob(body[*x], body[*x + 1]).ok_or("invalid UUID format")?;
    }
    Ok(out)
}

fn uuidv5(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let ns_text = arg_str(&args, 0);
    let namespace = match ns_text {
        "dns" => parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
        "url" => parse_uuid("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
        "oid" => parse_uuid("6ba7b812-9dad-11d1-80b4-00c04fd430c8"),
        "x500" => parse_uuid("6ba7b814-9dad-11d1-80b4-00c04fd430c8"),
        other => parse_uuid(other),
    }
    .map_err(|e| FuncError::call(format!("uuidv5() doesn't support namespace {ns_text} ({e})")))?;
    let mut hasher = Sha1::new();
    hasher.update(namespace);
    hasher.update(arg_str(&args, 1).as_bytes());
    let digest = hasher.finalize();
    let mut u = [0u8; 16];
    u.copy_from_slice(&digest[..16]);
    u[6] = (u[6] & 0x0f) | 0x50;
    u[8] = (u[8] & 0x3f) | 0x80;
    Ok(Value::string(format_uuid(&u)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{arg_err, call_err, n, ok_str, s};
    use super::super::{call_by_name, PlainHost};
    use super::*;


    const KEY_PEM: &str = "-----BEGIN RSA PRIVATE KEY-----
MIICXAIBAAKBgQC8QV1Qje8c9+9U39ihPHeaJfv1H8jiwLpVLvYEj5h9AzQzopCE
cum2ijhZg7pmRTYRDL/x/mLdMKqZy2jaQQjUc1GMk9dxma2eTt/xKz8n4PZHXJK1
U6UtXeQrj3P7yxAXkOTwmZVGqPH2Jx0LYB+yVAA0zI3n8Ve/S470qkAL9QIDAQAB
AoGBAK2FsnWl3lldT4V0L0Gvcq7rhCqVeZ1I+He8KZhao7vXUC6oEX2ETlirXvVj
rlTGRufAUMzGJmqriRTpoWRLvc5AfDC0wF07Ynz21awjAvnyBpZ33no8OAYvTtz8
DKmtaXHQb0UhTnvta4kEcfCM+eb1+H4A4iyo6M/ri9kitfYBAkEA6JQk5MLvbbDk
SSZydswlIWniTF0KS1avb8+UzGYllPoZ1BxPT1DixHWClj7bcfDWy8Bs50Oda3Gz
5Py6KF9m0QJBAM82kYzEFSiQcIylg3t2YUgsprSmsOuMJqIVNwIShmUykxI/gOkW
H+af0ZQTfsJNa9Kztiie0jkNO47dm8fSo+UCQDvwghmay43fetYHXJSVRDR6T2IS
0GZeLtSIEPcklCby1dk+eoocdHThPAhwpqmUwia8rtRjLpzULuKi528kNyECQE9q
DXxShf1m5guxP2Po6b28hyODIxkTPJcv5EYiDWnpaR48Qk6SkSVVKQBEPHeBLoqx
H2YQAGenH6VQX2zE2NUCQGlNU7QWpBzDYRpya/xcifMluGXQHzd+ZwOFkXV9OZcg
euTBu59CEYeQLU7Dmw6vSQ/7C+T0I3DmKhMfWnPDb6U=
-----END RSA PRIVATE KEY-----
";
    const CIPHERTEXT: &str = "FntogLmzaZkqcYxTa41pX59OL8kr98oA/ubaGP+JTAX/7oeWUhReFM5VGK6OlFdctR916Lh80qXd+awcqJNAVYRVr9VuZ0AiEC2kFJWhk38pCWO/qOUBp35aqQ5HzDDUNjFSpTIbY6uoF4hNDe7VAno/TDNPXyxi24c9aqeDRCg=";

    #[test]
    fn string_hashes() {
        // Public cases 121 and 122.
        assert_eq!(ok_str("md5", vec![s("hello world")]), "5eb63bbbe01eeed093cb22bb8f5acdc3");
        assert_eq!(ok_str("sha1", vec![s("hello world")]), "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed");
        assert_eq!(
            ok_str("sha256", vec![s("hello world")]),
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(
            ok_str("sha512", vec![s("hello world")]),
            "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"
        );
        assert_eq!(ok_str("md5", vec![s("")]), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            ok_str("sha256", vec![s("héllo ☃")]),
            "c3a3e84b30327c8e3f04a788d8b68da3fd94c22353c5a30e3fe6ca7ebde3ab3f"
        );
        assert_eq!(ok_str("base64sha256", vec![s("hello world")]), "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=");
        assert_eq!(
            ok_str("base64sha512", vec![s("hello world")]),
            "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="
        );
        assert_eq!(ok_str("base64sha256", vec![s("")]), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }

    #[test]
    fn file_hashes() {
        // Public case 124.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("data.txt"), "some data\nline two\n").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let host = PlainHost { dir: dir.path().to_path_buf() };
        let f = |name: &str, p: &str| call_by_name(name, &host, vec![s(p)]);
        let st = |r: Result<Value, FuncError>| r.unwrap().as_str().unwrap().to_string();
        let fe = |name: &str, p: &str| f(name, p).map(|_| ());
        assert_eq!(st(f("filemd5", "data.txt")), "a56c8d18bae97a2572c56c958a42310f");
        assert_eq!(st(f("filesha1", "data.txt")), "a404aed716239440452e702acc4edfe293a6c308");
        assert_eq!(st(f("filesha256", "data.txt")), "4cd15a56e481187b92c9188d5af84f2467e8c56ede351ba1e92ad2743bc70f6c");
        assert_eq!(
            st(f("filesha512", "data.txt")),
            "1abd7f8b008a339f7dd277f6a817dfbeb11a1d041e0eb7638b3aeacc776fe797cc05cc184506e433742a3e42d3cb810c3969a98ef01d8f0c3dce456741249673"
        );
        assert_eq!(st(f("filebase64sha256", "data.txt")), "TNFaVuSBGHuSyRiNWvhPJGfoxW7eNRuh6SrSdDvHD2w=");
        assert_eq!(
            st(f("filebase64sha512", "data.txt")),
            "Gr1/iwCKM5990nf2qBffvrEaHQQeDrdjizrqzHdv55fMBcwYRQbkM3QqPkLTy4EMOWmpjvAdjww9zkVnQSSWcw=="
        );
        let missing = dir.path().join("nope.txt");
        assert_eq!(fe("filemd5", "nope.txt"), Err(FuncError::call(format!("open {}: no such file or directory", missing.display()))));
        let sub = dir.path().join("sub");
        assert_eq!(fe("filesha1", "sub"), Err(FuncError::call(format!("read {}: is a directory", sub.display()))));
        assert_eq!(
            fe("filesha256", "~nobody/x"),
            Err(FuncError::call("failed to expand ~: cannot expand user-specific home dir"))
        );
    }

    #[test]
    fn bcrypt_cases() {
        let h = ok_str("bcrypt", vec![s("x")]);
        assert_eq!(h.len(), 60);
        assert!(h.starts_with("$2a$10$"));
        assert!(::bcrypt::verify("x", &h).unwrap());
        assert!(ok_str("bcrypt", vec![s("x"), n("4")]).starts_with("$2a$04$"));
        assert!(ok_str("bcrypt", vec![s("x"), n("2")]).starts_with("$2a$10$"));
        assert_eq!(
            call_err("bcrypt", vec![s("x"), n("32")]),
            "error occured generating password crypto/bcrypt: cost 32 is outside allowed range (4,31)"
        );
        assert_eq!(call_err("bcrypt", vec![s("x"), n("5"), n("6")]), "bcrypt() takes no more than two arguments");
        assert_eq!(call_err("bcrypt", vec![s("x"), n("4.5")]), GO_INT_RANGE);
    }

    #[test]
    fn rsadecrypt_cases() {
        // Public case 125 (the file's trailing newline is ignored by the decoder).
        assert_eq!(ok_str("rsadecrypt", vec![s(CIPHERTEXT), s(KEY_PEM)]), "Hello, RSA!");
        assert_eq!(ok_str("rsadecrypt", vec![s(&format!("{CIPHERTEXT}\n")), s(KEY_PEM)]), "Hello, RSA!");
        assert_eq!(
            arg_err("rsadecrypt", vec![s("!!!"), s("x")]),
            (0, "failed to decode input \"!!!\": cipher text must be base64-encoded".into())
        );
        assert_eq!(arg_err("rsadecrypt", vec![s("YQ=="), s("not a key")]), (1, "invalid private key: ssh: no key found".into()));
        assert_eq!(call_err("rsadecrypt", vec![s("YQ=="), s(KEY_PEM)]), "failed to decrypt: crypto/rsa: decryption error");
        let other = "-----BEGIN FOO KEY-----\nYQ==\n-----END FOO KEY-----\n";
        assert_eq!(
            arg_err("rsadecrypt", vec![s("YQ=="), s(other)]),
            (1, "invalid private key: ssh: unsupported key type \"FOO KEY\"".into())
        );
    }

    #[test]
    fn uuid_cases() {
        let u = ok_str("uuid", vec![]);
        assert_eq!(u.len(), 36);
        assert!(u.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(u, ok_str("uuid", vec![]));
        assert_eq!(ok_str("uuidv5", vec![s("dns"), s("www.terraform.io")]), "a5008fae-b28c-5ba5-96cd-82b4c53552d6");
        let expect = "05b16a01-46c6-56dd-bd6e-c6dfb4a1427a";
        for ns in [
            "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
            "{6ba7b810-9dad-11d1-80b4-00c04fd430c8}",
            "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8",
            "6ba7b8109dad11d180b400c04fd430c8",
            "6BA7B810-9DAD-11D1-80B4-00C04FD430C8",
        ] {
            assert_eq!(ok_str("uuidv5", vec![s(ns), s("x")]), expect, "{ns}");
        }
        assert_eq!(
            call_err("uuidv5", vec![s("foo"), s("x")]),
            "uuidv5() doesn't support namespace foo (invalid UUID length: 3)"
        );
        assert_eq!(
            call_err("uuidv5", vec![s("6ba7b810-9dad-11d1-80b4-00c04fd430cz"), s("x")]),
            "uuidv5() doesn't support namespace 6ba7b810-9dad-11d1-80b4-00c04fd430cz (invalid UUID format)"
        );
        assert_eq!(call_err("uuidv5", vec![s("DNS"), s("x")]), "uuidv5() doesn't support namespace DNS (invalid UUID length: 3)");
    }
}
