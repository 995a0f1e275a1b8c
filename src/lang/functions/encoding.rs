//! Encoding functions: base64 (plain, gzipped, and of text in other character
//! encodings), URL query escaping, CSV, JSON and YAML.
//!
//! The decoders follow the Go libraries Terraform 1.0.3 uses, error texts included:
//! `encoding/base64`'s lenient standard decoder, `encoding/csv`, `encoding/json`'s
//! token reader together with cty's JSON type inference, and go-cty-yaml 1.0.2 (YAML
//! 1.1 scalar resolution on top of go-yaml v2). YAML text is tokenized by
//! `yaml-rust2`; scalar resolution, anchors, merge keys and the emitter are done here.
//! Every string produced from external bytes is NFC-normalized, as cty does.

use std::collections::{BTreeMap, HashMap, HashSet};

use base64::Engine as _;
use terrace_provider::{Kind, Number, Type, Value};
use unicode_normalization::UnicodeNormalization;

use super::{FuncError, Function, Host, Param, Registry};

pub fn register(r: &mut Registry) {
    let str_fn = |name: &'static str, param: &'static str, ret: Type, imp: super::Impl| {
        Function::new(name, imp).param(Param::new(param, Type::String)).returns(ret)
    };
    r.add(str_fn("base64decode", "str", Type::String, base64decode));
    r.add(str_fn("base64encode", "str", Type::String, base64encode));
    r.add(str_fn("base64gzip", "str", Type::String, base64gzip));
    r.add(str_fn("urlencode", "str", Type::String, urlencode));
    r.add(str_fn("csvdecode", "str", Type::Dynamic, csvdecode));
    r.add(str_fn("jsondecode", "str", Type::Dynamic, jsondecode));
    r.add(str_fn("yamldecode", "src", Type::Dynamic, yamldecode));
    r.add(
        Function::new("jsonencode", jsonencode)
            .param(Param::new("val", Type::Dynamic).allow_null().allow_unknown())
            .returns(Type::String),
    );
    r.add(Function::new("yamlencode", yamlencode).param(Param::new("value", Type::Dynamic).allow_null()).returns(Type::String));
    r.add(
        Function::new("textencodebase64", textencodebase64)
            .param(Param::new("string", Type::String))
            .param(Param::new("encoding", Type::String))
            .returns(Type::String),
    );
    r.add(
        Function::new("textdecodebase64", textdecodebase64)
            .param(Param::new("source", Type::String))
            .param(Param::new("encoding", Type::String))
            .returns(Type::String),
    );
}

fn arg_str(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

/// NFC normalization, which cty applies to every string value it constructs.
pub(super) fn nfc(s: &str) -> String {
    if s.is_ascii() {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Go's `%q` formatting of a string (`strconv.Quote`).
pub(super) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || (c.is_whitespace() && c != ' ') || c == '\u{feff}' || c == '\u{ad}' => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---- base64 -------------------------------------------------------------------------

/// Go's `base64.StdEncoding.DecodeString`: padding required, `\r` and `\n` ignored,
/// non-zero trailing bits accepted. The error is the offset Go reports.
pub(super) fn go_base64_decode(src: &str) -> Result<Vec<u8>, usize> {
    fn decode_char(c: u8) -> Option<u8> {
        match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let src = src.as_bytes();
    let mut out = Vec::with_capacity(src.len() / 4 * 3 + 3);
    let mut si = 0usize;
    while si < src.len() {
        // One quantum, as Go's decodeQuantum.
        let mut dbuf = [0u8; 4];
        let mut dlen = 4usize;
        let mut j = 0usize;
        let mut trailing_err = None;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                // Padding is required, so a short quantum is an error.
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = decode_char(c) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' {
                return Err(si - 1);
            }
            // Padding.
            match j {
                0 | 1 => return Err(si - 1),
                2 => {
                    while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                        si += 1;
                    }
                    if si == src.len() {
                        return Err(src.len());
                    }
                    if src[si] != b'=' {
                        return Err(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                si += 1;
            }
            if si < src.len() {
                trailing_err = Some(si);
            }
            dlen = j;
            break;
        }
        let val = (dbuf[0] as u32) << 18 | (dbuf[1] as u32) << 12 | (dbuf[2] as u32) << 6 | dbuf[3] as u32;
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(off) = trailing_err {
            return Err(off);
        }
    }
    Ok(out)
}

fn base64decode(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let s = arg_str(&args, 0);
    let bytes = go_base64_decode(s).map_err(|_| FuncError::call(format!("failed to decode base64 data '{s}'")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Value::string(nfc(&text))),
        Err(_) => Err(FuncError::call("the result of decoding the provided string is not valid UTF-8")),
    }
}

fn base64encode(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(base64::engine::general_purpose::STANDARD.encode(arg_str(&args, 0))))
}

fn base64gzip(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let gz = go_gzip(arg_str(&args, 0).as_bytes());
    Ok(Value::string(base64::engine::general_purpose::STANDARD.encode(gz)))
}

/// Go's `url.QueryEscape`.
fn urlencode(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let s = arg_str(&args, 0);
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(Value::string(out))
}

// ---- text encodings -----------------------------------------------------------------

/// A character encoding known to Terraform's IANA index.
enum Charset {
    Utf8,
    /// UTF-16 with a byte order mark (big-endian when writing, detected when reading).
    Utf16Bom,
    Utf16Be,
    Utf16Le,
    Ascii,
    Latin1,
    /// A single-byte charset: ASCII below 0x80, the table above (U+FFFD = undefined).
    Table(&'static str),
}

/// Looks an encoding up by IANA name or alias (case-insensitively), returning it and
/// the canonical name Terraform reports.
fn lookup_charset(name: &str) -> Option<(Charset, &'static str)> {
    let lower = name.to_ascii_lowercase();
    let n = lower.as_str();
    let found = match n {
        "utf-8" | "csutf8" => (Charset::Utf8, "UTF-8"),
        "utf-16" | "csutf16" => (Charset::Utf16Bom, "UTF-16"),
        "utf-16be" | "csutf16be" => (Charset::Utf16Be, "UTF-16BE"),
        "utf-16le" | "csutf16le" => (Charset::Utf16Le, "UTF-16LE"),
        "us-ascii" | "iso-ir-6" | "ansi_x3.4-1968" | "ansi_x3.4-1986" | "iso_646.irv:1991" | "iso646-us" | "us" | "ibm367"
        | "cp367" | "csascii" => (Charset::Ascii, "US-ASCII"),
        "iso_8859-1:1987" | "iso-ir-100" | "iso_8859-1" | "iso-8859-1" | "latin1" | "l1" | "ibm819" | "cp819" | "csisolatin1" => {
            (Charset::Latin1, "ISO_8859-1:1987")
        }
        "iso_8859-2:1987" | "iso-ir-101" | "iso_8859-2" | "iso-8859-2" | "latin2" | "l2" | "csisolatin2" => {
            (Charset::Table(ISO2), "ISO_8859-2:1987")
        }
        "iso_8859-3:1988" | "iso-ir-109" | "iso_8859-3" | "iso-8859-3" | "latin3" | "l3" | "csisolatin3" => {
            (Charset::Table(ISO3), "ISO_8859-3:1988")
        }
        "iso_8859-4:1988" | "iso-ir-110" | "iso_8859-4" | "iso-8859-4" | "latin4" | "l4" | "csisolatin4" => {
            (Charset::Table(ISO4), "ISO_8859-4:1988")
        }
        "iso_8859-5:1988" | "iso-ir-144" | "iso_8859-5" | "iso-8859-5" | "cyrillic" | "csisolatincyrillic" => {
            (Charset::Table(ISO5), "ISO_8859-5:1988")
        }
        "iso_8859-6:1987" | "iso-ir-127" | "iso_8859-6" | "iso-8859-6" | "ecma-114" | "asmo-708" | "arabic"
        | "csisolatinarabic" => (Charset::Table(ISO6), "ISO_8859-6:1987"),
        "iso_8859-7:1987" | "iso-ir-126" | "iso_8859-7" | "iso-8859-7" | "elot_928" | "ecma-118" | "greek" | "greek8"
        | "csisolatingreek" => (Charset::Table(ISO7), "ISO_8859-7:1987"),
        "iso_8859-8:1988" | "iso-ir-138" | "iso_8859-8" | "iso-8859-8" | "hebrew" | "csisolatinhebrew" => {
            (Charset::Table(ISO8), "ISO_8859-8:1988")
        }
        "iso_8859-9:1989" | "iso-ir-148" | "iso_8859-9" | "iso-8859-9" | "latin5" | "l5" | "csisolatin5" => {
            (Charset::Table(ISO9), "ISO_8859-9:1989")
        }
        "iso-8859-10" | "iso-ir-157" | "l6" | "iso_8859-10:1992" | "csisolatin6" | "latin6" => {
            (Charset::Table(ISO10), "ISO-8859-10")
        }
        "iso-8859-13" | "csiso885913" => (Charset::Table(ISO13), "ISO-8859-13"),
        "iso-8859-14" | "iso-ir-199" | "iso_8859-14:1998" | "iso_8859-14" | "latin8" | "iso-celtic" | "l8" | "csiso885914" => {
            (Charset::Table(ISO14), "ISO-8859-14")
        }
        "iso-8859-15" | "iso_8859-15" | "latin-9" | "csiso885915" => (Charset::Table(ISO15), "ISO-8859-15"),
        "iso-8859-16" | "iso-ir-226" | "iso_8859-16:2001" | "iso_8859-16" | "latin10" | "l10" | "csiso885916" => {
            (Charset::Table(ISO16), "ISO-8859-16")
        }
        "windows-1250" | "cswindows1250" => (Charset::Table(WIN1250), "windows-1250"),
        "windows-1251" | "cswindows1251" => (Charset::Table(WIN1251), "windows-1251"),
        "windows-1252" | "cswindows1252" => (Charset::Table(WIN1252), "windows-1252"),
        "windows-1253" | "cswindows1253" => (Charset::Table(WIN1253), "windows-1253"),
        "windows-1254" | "cswindows1254" => (Charset::Table(WIN1254), "windows-1254"),
        "windows-1255" | "cswindows1255" => (Charset::Table(WIN1255), "windows-1255"),
        "windows-1256" | "cswindows1256" => (Charset::Table(WIN1256), "windows-1256"),
        "windows-1257" | "cswindows1257" => (Charset::Table(WIN1257), "windows-1257"),
        "windows-1258" | "cswindows1258" => (Charset::Table(WIN1258), "windows-1258"),
        "windows-874" | "cswindows874" => (Charset::Table(WIN874), "windows-874"),
        "koi8-r" | "cskoi8r" => (Charset::Table(KOI8R), "KOI8-R"),
        "koi8-u" | "cskoi8u" => (Charset::Table(KOI8U), "KOI8-U"),
        "ibm437" | "cp437" | "437" | "cspc8codepage437" => (Charset::Table(CP437), "IBM437"),
        "ibm850" | "cp850" | "850" | "cspc850multilingual" => (Charset::Table(CP850), "IBM850"),
        "ibm852" | "cp852" | "852" | "cspcp852" => (Charset::Table(CP852), "IBM852"),
        "ibm855" | "cp855" | "855" | "csibm855" => (Charset::Table(CP855), "IBM855"),
        "ibm866" | "cp866" | "866" | "csibm866" => (Charset::Table(CP866), "IBM866"),
        "macintosh" | "mac" | "csmacintosh" => (Charset::Table(MAC), "macintosh"),
        _ => return None,
    };
    Some(found)
}

fn encode_text(cs: &Charset, s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    match cs {
        Charset::Utf8 => out.extend_from_slice(s.as_bytes()),
        Charset::Utf16Bom | Charset::Utf16Be | Charset::Utf16Le => {
            let le = matches!(cs, Charset::Utf16Le);
            if matches!(cs, Charset::Utf16Bom) {
                out.extend_from_slice(&[0xfe, 0xff]);
            }
            for unit in s.encode_utf16() {
                let b = if le { unit.to_le_bytes() } else { unit.to_be_bytes() };
                out.extend_from_slice(&b);
            }
        }
        Charset::Ascii => {
            for c in s.chars() {
                if !c.is_ascii() {
                    return None;
                }
                out.push(c as u8);
            }
        }
        Charset::Latin1 => {
            for c in s.chars() {
                let v = c as u32;
                if v > 0xff {
                    return None;
                }
                out.push(v as u8);
            }
        }
        Charset::Table(table) => {
            for c in s.chars() {
                if c.is_ascii() {
                    out.push(c as u8);
                    continue;
                }
                if c == '\u{fffd}' {
                    return None;
                }
                let pos = table.chars().position(|t| t == c)?;
                out.push(0x80 + pos as u8);
            }
        }
    }
    Some(out)
}

/// Decodes bytes; `None` when the bytes contain symbols the encoding does not define.
fn decode_text(cs: &Charset, bytes: &[u8]) -> Option<String> {
    let out: String = match cs {
        Charset::Utf8 => String::from_utf8(bytes.to_vec()).ok()?,
        Charset::Utf16Bom | Charset::Utf16Be | Charset::Utf16Le => {
            let mut le = matches!(cs, Charset::Utf16Le);
            let mut body = bytes;
            if matches!(cs, Charset::Utf16Bom) && bytes.len() >= 2 {
                if bytes[0] == 0xfe && bytes[1] == 0xff {
                    body = &bytes[2..];
                } else if bytes[0] == 0xff && bytes[1] == 0xfe {
                    body = &bytes[2..];
                    le = true;
                }
            }
            if !body.len().is_multiple_of(2) {
                return None;
            }
            let units: Vec<u16> =
                body.chunks(2).map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) }).collect();
            String::from_utf16(&units).ok()?
        }
        Charset::Ascii => {
            if !bytes.is_ascii() {
                return None;
            }
            bytes.iter().map(|&b| b as char).collect()
        }
        Charset::Latin1 => bytes.iter().map(|&b| b as char).collect(),
        Charset::Table(table) => {
            let high: Vec<char> = table.chars().collect();
            let mut s = String::with_capacity(bytes.len());
            for &b in bytes {
                if b < 0x80 {
                    s.push(b as char);
                } else {
                    s.push(*high.get((b - 0x80) as usize)?);
                }
            }
            s
        }
    };
    if out.contains('\u{fffd}') {
        return None;
    }
    Some(out)
}

fn unsupported_encoding(name: &str) -> FuncError {
    FuncError::arg(1, format!("{} is not a supported IANA encoding name or alias in this Terraform version", go_quote(name)))
}

fn textencodebase64(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let name = arg_str(&args, 1);
    let (cs, canonical) = lookup_charset(name).ok_or_else(|| unsupported_encoding(name))?;
    let bytes = encode_text(&cs, arg_str(&args, 0)).ok_or_else(|| {
        FuncError::arg(0, format!("the given string contains characters that cannot be represented in {canonical}"))
    })?;
    Ok(Value::string(base64::engine::general_purpose::STANDARD.encode(bytes)))
}

fn textdecodebase64(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let name = arg_str(&args, 1);
    let (cs, canonical) = lookup_charset(name).ok_or_else(|| unsupported_encoding(name))?;
    let bytes = go_base64_decode(arg_str(&args, 0))
        .map_err(|off| FuncError::arg(0, format!("the given value is has an invalid base64 symbol at offset {off}")))?;
    let text = decode_text(&cs, &bytes)
        .ok_or_else(|| FuncError::arg(0, format!("the given string contains symbols that are not defined for {canonical}")))?;
    Ok(Value::string(nfc(&text)))
}

// ---- CSV ----------------------------------------------------------------------------

/// Go's `encoding/csv` reader with its default settings.
struct CsvReader<'a> {
    data: &'a [u8],
    pos: usize,
    num_line: usize,
}

enum CsvError {
    Eof,
    Parse { line: usize, msg: &'static str },
}

const CSV_ERR_QUOTE: &str = "extraneous or missing \" in quoted-field";

impl<'a> CsvReader<'a> {
    /// Reads one line including its `\n`, normalizing a final `\r\n` to `\n` and dropping
    /// a `\r` right before end of input. `None` at end of input (which still counts a
    /// line, as Go does).
    fn read_line(&mut self) -> Option<Vec<u8>> {
        self.num_line += 1;
        if self.pos >= self.data.len() {
            return None;
        }
        let rest = &self.data[self.pos..];
        let (mut line, consumed) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (rest[..=i].to_vec(), i + 1),
            None => {
                let mut l = rest.to_vec();
                if l.last() == Some(&b'\r') {
                    l.pop();
                }
                (l, rest.len())
            }
        };
        self.pos += consumed;
        let n = line.len();
        if n >= 2 && line[n - 2] == b'\r' && line[n - 1] == b'\n' {
            line.truncate(n - 2);
            line.push(b'\n');
        }
        Some(line)
    }

    /// One record and the line it started on.
    fn read_record(&mut self) -> Result<(Vec<String>, usize), CsvError> {
        let mut line = loop {
            match self.read_line() {
                None => return Err(CsvError::Eof),
                Some(l) if l.as_slice() == b"\n" => continue,
                Some(l) => break l,
            }
        };
        let rec_line = self.num_line;
        let nl = |l: &[u8]| usize::from(l.last() == Some(&b'\n'));
        let mut fields: Vec<Vec<u8>> = Vec::new();
        let mut pos = 0usize;
        'fields: loop {
            if line.get(pos) != Some(&b'"') {
                let rest = &line[pos..];
                let comma = rest.iter().position(|&b| b == b',');
                let field = match comma {
                    Some(i) => &rest[..i],
                    None => &rest[..rest.len() - nl(rest)],
                };
                if field.contains(&b'"') {
                    return Err(CsvError::Parse { line: self.num_line, msg: "bare \" in non-quoted-field" });
                }
                fields.push(field.to_vec());
                match comma {
                    Some(i) => {
                        pos += i + 1;
                        continue 'fields;
                    }
                    None => break 'fields,
                }
            }
            // Quoted field.
            pos += 1;
            let mut field = Vec::new();
            loop {
                let rest = &line[pos..];
                if let Some(i) = rest.iter().position(|&b| b == b'"') {
                    field.extend_from_slice(&rest[..i]);
                    pos += i + 1;
                    let rest = &line[pos..];
                    match rest.first() {
                        Some(b'"') => {
                            field.push(b'"');
                            pos += 1;
                        }
                        Some(b',') => {
                            pos += 1;
                            fields.push(field);
                            continue 'fields;
                        }
                        _ if nl(rest) == rest.len() => {
                            fields.push(field);
                            break 'fields;
                        }
                        _ => return Err(CsvError::Parse { line: self.num_line, msg: CSV_ERR_QUOTE }),
                    }
                } else if !rest.is_empty() {
                    field.extend_from_slice(rest);
                    line = self.read_line().unwrap_or_default();
                    pos = 0;
                } else {
                    return Err(CsvError::Parse { line: self.num_line, msg: CSV_ERR_QUOTE });
                }
            }
        }
        Ok((fields.into_iter().map(|f| String::from_utf8_lossy(&f).into_owned()).collect(), rec_line))
    }
}

fn csvdecode(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let src = arg_str(&args, 0);
    let mut reader = CsvReader { data: src.as_bytes(), pos: 0, num_line: 0 };
    let csv_err = |e: CsvError| match e {
        CsvError::Eof => FuncError::call("missing header line"),
        CsvError::Parse { line, msg } => FuncError::call(format!("CSV parse error on line {line}: {msg}")),
    };
    let (headers, _) = reader.read_record().map_err(csv_err)?;
    let headers: Vec<String> = headers.iter().map(|h| nfc(h)).collect();
    let mut seen = HashSet::new();
    for h in &headers {
        if !seen.insert(h.clone()) {
            return Err(FuncError::call(format!("duplicate column name {}", go_quote(h))));
        }
    }
    let obj_ty = Type::object(headers.iter().map(|h| (h.clone(), Type::String)).collect());
    let mut rows = Vec::new();
    loop {
        match reader.read_record() {
            Err(CsvError::Eof) => break,
            Err(e) => return Err(csv_err(e)),
            Ok((fields, rec_line)) => {
                if fields.len() != headers.len() {
                    return Err(FuncError::call(format!("CSV parse error on line {rec_line}: wrong number of fields")));
                }
                let attrs =
                    headers.iter().zip(fields.iter()).map(|(h, f)| (h.clone(), Value::string(nfc(f)))).collect::<BTreeMap<_, _>>();
                rows.push(Value::object(attrs));
            }
        }
    }
    Ok(Value::list(obj_ty, rows))
}

// ---- JSON ---------------------------------------------------------------------------

/// A parsed JSON document that keeps duplicate object keys and exact number text.
#[derive(Debug, Clone)]
enum JNode {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<JNode>),
    Obj(Vec<(String, JNode)>),
}

/// Go's quoting of one byte in JSON syntax errors.
fn go_quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        _ => {
            let q = go_quote(&(c as char).to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

/// A JSON reader reproducing `encoding/json`'s Decoder.Token errors.
struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
}

const CTX_VALUE: &str = " looking for beginning of value";

/// The deepest JSON or YAML nesting decoded.
const MAX_NESTING: usize = 512;

impl<'a> JsonParser<'a> {
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }
    fn peek(&mut self) -> Result<u8, String> {
        self.skip_ws();
        self.s.get(self.i).copied().ok_or_else(|| "EOF".to_string())
    }
    fn token_error(c: u8, ctx: &str) -> String {
        format!("invalid character {}{}", go_quote_char(c), ctx)
    }

    /// A value starting at the next non-space byte; `ctx` names the expectation.
    fn value(&mut self, ctx: &str) -> Result<JNode, String> {
        let c = self.peek()?;
        match c {
            b'[' => {
                self.i += 1;
                self.array()
            }
            b'{' => {
                self.i += 1;
                self.object()
            }
            b']' | b'}' | b':' | b',' => Err(Self::token_error(c, ctx)),
            b'"' => self.string().map(JNode::Str),
            _ => self.scalar(),
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        // Go allows 10000 levels; deeper than this would exhaust a thread's stack here.
        if self.depth > MAX_NESTING {
            return Err("exceeded max depth".to_string());
        }
        Ok(())
    }

    fn array(&mut self) -> Result<JNode, String> {
        self.enter()?;
        let mut items = Vec::new();
        if self.peek()? == b']' {
            self.i += 1;
            self.depth -= 1;
            return Ok(JNode::Arr(items));
        }
        items.push(self.value(CTX_VALUE)?);
        loop {
            let c = self.peek()?;
            match c {
                b',' => {
                    self.i += 1;
                    items.push(self.value(CTX_VALUE)?);
                }
                b']' => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(JNode::Arr(items));
                }
                _ => return Err(Self::token_error(c, " after array element")),
            }
        }
    }

    fn object(&mut self) -> Result<JNode, String> {
        self.enter()?;
        let mut entries = Vec::new();
        let c = self.peek()?;
        if c == b'}' {
            self.i += 1;
            self.depth -= 1;
            return Ok(JNode::Obj(entries));
        }
        if c != b'"' {
            return Err(Self::token_error(c, ""));
        }
        loop {
            let key = self.string()?;
            let c = self.peek()?;
            if c != b':' {
                return Err(Self::token_error(c, " after object key"));
            }
            self.i += 1;
            let v = self.value(CTX_VALUE)?;
            entries.push((key, v));
            let c = self.peek()?;
            match c {
                b',' => {
                    self.i += 1;
                    let c = self.peek()?;
                    if c != b'"' {
                        return Err(Self::token_error(c, " looking for beginning of object key string"));
                    }
                }
                b'}' => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(JNode::Obj(entries));
                }
                _ => return Err(Self::token_error(c, " after object key:value pair")),
            }
        }
    }

    fn next_byte(&mut self) -> Result<u8, String> {
        let c = self.s.get(self.i).copied().ok_or_else(|| "unexpected EOF".to_string())?;
        self.i += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut v = 0u32;
        for _ in 0..4 {
            let c = self.next_byte()?;
            let d = (c as char)
                .to_digit(16)
                .ok_or_else(|| format!("invalid character {} in \\u hexadecimal character escape", go_quote_char(c)))?;
            v = v * 16 + d;
        }
        Ok(v)
    }

    /// A string at the current position (which holds the opening quote).
    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.s.len() && !matches!(self.s[self.i], b'"' | b'\\') && self.s[self.i] >= 0x20 {
                self.i += 1;
            }
            out.push_str(std::str::from_utf8(&self.s[start..self.i]).unwrap_or("\u{fffd}"));
            let c = self.next_byte()?;
            match c {
                b'"' => return Ok(out),
                b'\\' => {
                    let e = self.next_byte()?;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let r = self.hex4()?;
                            if (0xd800..0xe000).contains(&r) {
                                // A surrogate: combine with a following low surrogate escape.
                                let save = self.i;
                                let mut combined = None;
                                if r < 0xdc00 && self.s.get(self.i) == Some(&b'\\') && self.s.get(self.i + 1) == Some(&b'u') {
                                    self.i += 2;
                                    if let Ok(r2) = self.hex4() {
                                        if (0xdc00..0xe000).contains(&r2) {
                                            combined = char::from_u32(0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00));
                                        }
                                    }
                                }
                                match combined {
                                    Some(ch) => out.push(ch),
                                    None => {
                                        self.i = save;
                                        out.push('\u{fffd}');
                                    }
                                }
                            } else {
                                out.push(char::from_u32(r).unwrap_or('\u{fffd}'));
                            }
                        }
                        _ => return Err(format!("invalid character {} in string escape code", go_quote_char(e))),
                    }
                }
                _ => return Err(format!("invalid character {} in string literal", go_quote_char(c))),
            }
        }
    }

    fn scalar(&mut self) -> Result<JNode, String> {
        let c = self.s[self.i];
        match c {
            b't' => self.literal("true").map(|_| JNode::Bool(true)),
            b'f' => self.literal("false").map(|_| JNode::Bool(false)),
            b'n' => self.literal("null").map(|_| JNode::Null),
            b'-' | b'0'..=b'9' => self.number().map(JNode::Num),
            _ => Err(Self::token_error(c, CTX_VALUE)),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), String> {
        self.i += 1;
        for expect in word.bytes().skip(1) {
            let c = self.next_byte()?;
            if c != expect {
                return Err(format!(
                    "invalid character {} in literal {} (expecting {})",
                    go_quote_char(c),
                    word,
                    go_quote_char(expect)
                ));
            }
        }
        Ok(())
    }

    fn number(&mut self) -> Result<String, String> {
        let start = self.i;
        let digit = |p: &Self| p.s.get(p.i).is_some_and(u8::is_ascii_digit);
        if self.s[self.i] == b'-' {
            self.i += 1;
            let c = *self.s.get(self.i).ok_or_else(|| "unexpected EOF".to_string())?;
            if !c.is_ascii_digit() {
                return Err(format!("invalid character {} in numeric literal", go_quote_char(c)));
            }
        }
        if self.s[self.i] == b'0' {
            self.i += 1;
        } else {
            while digit(self) {
                self.i += 1;
            }
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            let c = *self.s.get(self.i).ok_or_else(|| "unexpected EOF".to_string())?;
            if !c.is_ascii_digit() {
                return Err(format!("invalid character {} after decimal point in numeric literal", go_quote_char(c)));
            }
            while digit(self) {
                self.i += 1;
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let c = *self.s.get(self.i).ok_or_else(|| "unexpected EOF".to_string())?;
            if !c.is_ascii_digit() {
                return Err(format!("invalid character {} in exponent of numeric literal", go_quote_char(c)));
            }
            while digit(self) {
                self.i += 1;
            }
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }
}

/// Parses a whole JSON document as cty's `ImpliedType` reads it.
fn parse_json(src: &str) -> Result<JNode, String> {
    let mut p = JsonParser { s: src.as_bytes(), i: 0, depth: 0 };
    let v = p.value(CTX_VALUE)?;
    p.skip_ws();
    if let Some(&c) = p.s.get(p.i) {
        if c != b']' && c != b'}' {
            return Err("extraneous data after JSON object".to_string());
        }
    }
    Ok(v)
}

/// cty's implied type for a JSON document: later duplicate keys win.
fn json_implied_type(n: &JNode) -> Type {
    match n {
        JNode::Null => Type::Dynamic,
        JNode::Bool(_) => Type::Bool,
        JNode::Num(_) => Type::Number,
        JNode::Str(_) => Type::String,
        JNode::Arr(items) => Type::tuple(items.iter().map(json_implied_type).collect()),
        JNode::Obj(entries) => {
            let mut attrs = BTreeMap::new();
            for (k, v) in entries {
                attrs.insert(nfc(k), json_implied_type(v));
            }
            Type::object(attrs)
        }
    }
}

fn parse_number(s: &str) -> Result<Number, String> {
    Number::parse(s).map_err(|_| "a number is required".to_string())
}

/// cty's JSON unmarshal of a node into a type (errors as cty words them).
fn json_unmarshal(n: &JNode, ty: &Type) -> Result<Value, String> {
    if let JNode::Null = n {
        return Ok(Value::null(ty.clone()));
    }
    match ty {
        Type::Dynamic => Err("missing expected {".to_string()),
        Type::Bool => match n {
            JNode::Bool(b) => Ok(Value::bool(*b)),
            JNode::Str(s) => match s.as_str() {
                "true" => Ok(Value::bool(true)),
                "false" => Ok(Value::bool(false)),
                _ => Err("a bool is required".to_string()),
            },
            _ => Err("bool is required".to_string()),
        },
        Type::Number => match n {
            JNode::Num(s) | JNode::Str(s) => parse_number(s).map(Value::number),
            _ => Err("number is required".to_string()),
        },
        Type::String => match n {
            JNode::Str(s) => Ok(Value::string(nfc(s))),
            JNode::Num(s) => Ok(Value::string(s.clone())),
            JNode::Bool(b) => Ok(Value::string(if *b { "true" } else { "false" })),
            _ => Err("string is required".to_string()),
        },
        Type::Tuple(etys) => {
            let JNode::Arr(items) = n else { return Err("missing expected [".to_string()) };
            let mut vals = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let ety = etys.get(i).ok_or_else(|| format!("too many tuple elements (need {})", etys.len()))?;
                vals.push(json_unmarshal(item, ety)?);
            }
            if vals.len() != etys.len() {
                return Err(format!("not enough tuple elements (need {})", etys.len()));
            }
            Ok(Value::tuple(vals))
        }
        Type::Object(ot) => {
            let JNode::Obj(entries) = n else { return Err("missing expected {".to_string()) };
            let mut vals = BTreeMap::new();
            for (k, v) in entries {
                let aty = ot.attrs.get(k).ok_or_else(|| format!("unsupported attribute {}", go_quote(k)))?;
                vals.insert(k.clone(), json_unmarshal(v, aty)?);
            }
            for (k, aty) in &ot.attrs {
                vals.entry(k.clone()).or_insert_with(|| Value::null(aty.clone()));
            }
            Ok(Value::object(vals))
        }
        _ => Err(format!("unsupported type {}", ty.friendly_name())),
    }
}

fn jsondecode(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let node = parse_json(arg_str(&args, 0)).map_err(FuncError::call)?;
    let ty = json_implied_type(&node);
    json_unmarshal(&node, &ty).map_err(FuncError::call)
}

fn write_json(v: &Value, out: &mut String) {
    match v.kind() {
        Kind::Null(_) | Kind::Unknown(_) => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(n) => out.push_str(&n.to_string()),
        Kind::String(s) => {
            out.push('"');
            out.push_str(&terrace_provider::value::json_escape(s));
            out.push('"');
        }
        Kind::List(_, e) | Kind::Set(_, e) | Kind::Tuple(e) => {
            out.push('[');
            for (i, x) in e.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(x, out);
            }
            out.push(']');
        }
        Kind::Map(_, m) | Kind::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(&terrace_provider::value::json_escape(k));
                out.push_str("\":");
                write_json(x, out);
            }
            out.push('}');
        }
    }
}

fn jsonencode(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let v = args.into_iter().next().unwrap_or_else(Value::null_dynamic);
    if !v.is_wholly_known() {
        return Ok(Value::unknown(Type::String));
    }
    let mut out = String::new();
    write_json(&v, &mut out);
    Ok(Value::string(out))
}

// ---- YAML decoding ------------------------------------------------------------------

use yaml_rust2::parser::{Event, Parser as YamlParser, Tag as YamlTag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

const YAML_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// A resolved scalar: a value, or the `<<` merge key.
enum Scalar {
    Val(Value),
    Merge,
}

fn full_tag(tag: &Option<YamlTag>) -> String {
    match tag {
        None => String::new(),
        Some(t) if t.handle == "!" => format!("!{}", t.suffix),
        Some(t) => format!("{}{}", t.handle, t.suffix),
    }
}

fn tag_is(tag: &str, short: &str) -> bool {
    tag.strip_prefix(YAML_TAG_PREFIX) == Some(short)
}

/// cty's `ParseNumberVal` (Go's big.ParseFloat in base 10) for the syntax YAML lets
/// through: an optional sign, digits with an optional point, an optional exponent,
/// or `inf`/`Inf`.
fn parse_number_val(s: &str) -> Option<Number> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if body == "inf" || body == "Inf" {
        return Some(Number::infinity(neg));
    }
    let b = body.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_part = &body[int_start..i];
    let mut frac_part = "";
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let fs = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_part = &body[fs..i];
    }
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut exp = String::new();
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        let es = i;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let ds = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if ds == i {
            return None;
        }
        exp = format!("e{}", &body[es..i]);
    }
    if i != b.len() {
        return None;
    }
    let canonical = format!(
        "{}{}.{}{}",
        if neg { "-" } else { "" },
        if int_part.is_empty() { "0" } else { int_part },
        if frac_part.is_empty() { "0" } else { frac_part },
        exp
    );
    Number::parse(&canonical).ok()
}

/// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`.
fn parse_go_int(s: &str) -> Option<Number> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        (2, d)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let mag = u128::from_str_radix(digits, radix).ok()?;
    if neg {
        if mag > (i64::MAX as u128) + 1 {
            return None;
        }
        Some(Number::parse(&format!("-{mag}")).ok()?)
    } else {
        if mag > u64::MAX as u128 {
            return None;
        }
        Some(Number::from_u64(mag as u64))
    }
}

fn yaml_int_literal(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if let Some(d) = body.strip_prefix("0o") {
        return !d.is_empty() && d.chars().all(|c| matches!(c, '0'..='7' | '_'));
    }
    if let Some(d) = body.strip_prefix("0x") {
        if !d.is_empty() && d.chars().all(|c| c.is_ascii_hexdigit() || c == '_') {
            return true;
        }
    }
    !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '_')
}

fn yaml_float_literal(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'.') {
        i = 1;
        let ds = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if ds == i {
            return false;
        }
    } else {
        let ds = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if ds == i {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let ds = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if ds == i {
            return false;
        }
    }
    i == b.len()
}

/// go-yaml's restricted timestamp parsing, formatted as RFC 3339 like cty-yaml does.
fn yaml_timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let year: i32 = s[..4].parse().ok()?;
    let mut i = 5;
    // Go's getnum without the fixed flag: one or two digits.
    let num = |i: &mut usize| -> Option<u32> {
        let d0 = *b.get(*i)?;
        if !d0.is_ascii_digit() {
            return None;
        }
        *i += 1;
        let mut v = (d0 - b'0') as u32;
        if let Some(&d1) = b.get(*i) {
            if d1.is_ascii_digit() {
                *i += 1;
                v = v * 10 + (d1 - b'0') as u32;
            }
        }
        Some(v)
    };
    let month = num(&mut i)?;
    if !(1..=12).contains(&month) || b.get(i) != Some(&b'-') {
        return None;
    }
    i += 1;
    let day = num(&mut i)?;
    let valid_day = |y: i32, m: u32, d: u32| d >= 1 && d <= super::datetime::days_in_month(y as i64, m);
    if i == b.len() {
        if !valid_day(year, month, day) {
            return None;
        }
        return Some(format!("{year:04}-{month:02}-{day:02}T00:00:00Z"));
    }
    let sep = b[i];
    if sep != b'T' && sep != b't' && sep != b' ' {
        return None;
    }
    i += 1;
    let hour = num(&mut i)?;
    if hour >= 24 || b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let min = num(&mut i)?;
    if min >= 60 || b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let sec = num(&mut i)?;
    if sec >= 60 {
        return None;
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        let mut n = 0;
        while n < 9 && b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            n += 1;
        }
    }
    let offset = if sep == b' ' {
        if i != b.len() {
            return None;
        }
        0i64
    } else {
        let rest = &s[i..];
        if rest == "Z" {
            0
        } else {
            let rb = rest.as_bytes();
            if rb.len() != 6 || rb[3] != b':' {
                return None;
            }
            let hh = super::datetime::go_atoi(&rest[1..3])?;
            let mm = super::datetime::go_atoi(&rest[4..6])?;
            let off = (hh * 60 + mm) * 60;
            match rb[0] {
                b'+' => off,
                b'-' => -off,
                _ => return None,
            }
        }
    };
    if !valid_day(year, month, day) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{min:02}:{sec:02}{}",
        super::datetime::format_offset_rfc3339(offset)
    ))
}

/// go-cty-yaml's `resolveScalar`.
fn resolve_scalar(tag: &str, src: &str, style: TScalarStyle) -> Result<Scalar, String> {
    let resolvable = tag.is_empty()
        || ["str", "bool", "int", "float", "null", "timestamp", "binary"].iter().any(|t| tag_is(tag, t));
    if !resolvable {
        return Err(format!("unsupported tag {}", go_quote(tag)));
    }
    let hint = match src.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    let mut tag = tag.to_string();
    if hint != 0 && !tag_is(&tag, "str") && !tag_is(&tag, "binary") {
        if matches!(style, TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted) {
            return Ok(Scalar::Val(Value::string(nfc(src))));
        }
        match src {
            "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
                return Ok(Scalar::Val(Value::bool(true)))
            }
            "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
                return Ok(Scalar::Val(Value::bool(false)))
            }
            "" | "~" | "null" | "Null" | "NULL" => return Ok(Scalar::Val(Value::null_dynamic())),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Ok(Scalar::Val(Value::number(Number::infinity(false)))),
            "-.inf" | "-.Inf" | "-.INF" => return Ok(Scalar::Val(Value::number(Number::infinity(true)))),
            _ => {}
        }
        if tag.is_empty() && matches!(src, ".nan" | ".NaN" | ".NAN") {
            return Err("floating point NaN is not supported".to_string());
        }
        match hint {
            b'.' => {
                if let Some(n) = parse_number_val(src) {
                    return Ok(Scalar::Val(Value::number(n)));
                }
            }
            b'D' | b'S' => {
                if tag.is_empty() || tag_is(&tag, "timestamp") {
                    if let Some(ts) = yaml_timestamp(src) {
                        return Ok(Scalar::Val(Value::string(ts)));
                    }
                }
                if yaml_int_literal(src) {
                    tag = format!("{YAML_TAG_PREFIX}int");
                } else if yaml_float_literal(src) {
                    tag = format!("{YAML_TAG_PREFIX}float");
                }
            }
            _ => {}
        }
    }
    if tag.is_empty() && src == "<<" {
        return Ok(Scalar::Merge);
    }
    let cannot = |tag: &str| format!("cannot parse {} as {}", go_quote(src), tag);
    if tag.is_empty() || tag_is(&tag, "str") {
        return Ok(Scalar::Val(Value::string(nfc(src))));
    }
    if tag_is(&tag, "binary") {
        if go_base64_decode(src).is_err() {
            return Err(format!("{}: not valid base64", cannot(&tag)));
        }
        return Ok(Scalar::Val(Value::string(src)));
    }
    if tag_is(&tag, "bool") {
        return match src {
            "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Ok(Scalar::Val(Value::bool(true))),
            "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
                Ok(Scalar::Val(Value::bool(false)))
            }
            _ => Err(cannot(&tag)),
        };
    }
    if tag_is(&tag, "int") || tag_is(&tag, "float") {
        let plain = src.replace('_', "");
        if let Some(n) = parse_number_val(&plain) {
            return Ok(Scalar::Val(Value::number(n)));
        }
        if let Some(n) = parse_go_int(&plain) {
            return Ok(Scalar::Val(Value::number(n)));
        }
        return Err(cannot(&tag));
    }
    if tag_is(&tag, "timestamp") {
        return yaml_timestamp(src).map(|t| Scalar::Val(Value::string(t))).ok_or_else(|| cannot(&tag));
    }
    if tag_is(&tag, "null") {
        return Ok(Scalar::Val(Value::null_dynamic()));
    }
    Err(format!("unsupported tag {}", go_quote(&tag)))
}

/// A source position: 1-based line, 0-based column.
#[derive(Clone, Copy)]
struct Pos {
    line: usize,
    col: usize,
}

impl Pos {
    fn line(&self) -> usize {
        self.line
    }
    fn col(&self) -> usize {
        self.col
    }
}

impl From<&Marker> for Pos {
    fn from(m: &Marker) -> Pos {
        Pos { line: m.line(), col: m.col() }
    }
}

impl From<&Pos> for Pos {
    fn from(p: &Pos) -> Pos {
        *p
    }
}

/// Decodes YAML events into values the way go-cty-yaml's Unmarshal does.
struct YamlDecoder<'a> {
    parser: YamlParser<std::str::Chars<'a>>,
    chars: Vec<char>,
    pending: HashMap<usize, usize>,
    anchors: HashMap<usize, Value>,
    depth: usize,
    bad_escape: Option<usize>,
    tab_after_colon: Option<usize>,
}

impl<'a> YamlDecoder<'a> {
    /// go-cty-yaml's error position prefix: only when not on the first line.
    fn at(mark: impl Into<Pos>, msg: impl Into<String>) -> String {
        let mark: Pos = mark.into();
        let msg = msg.into();
        let line = mark.line().saturating_sub(1);
        if line == 0 {
            msg
        } else {
            format!("on line {}, column {}: {}", line, mark.col() + 1, msg)
        }
    }

    fn name_at(&self, mark: &Marker) -> String {
        let mut i = mark.index();
        if self.chars.get(i) == Some(&'*') || self.chars.get(i) == Some(&'&') {
            i += 1;
        }
        let mut name = String::new();
        while let Some(&c) = self.chars.get(i) {
            if c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}') {
                break;
            }
            name.push(c);
            i += 1;
        }
        name
    }

    fn next(&mut self) -> Result<(Event, Marker), String> {
        match self.parser.next_token() {
            Ok(ev) => Ok(ev),
            Err(e) => {
                let mark = *e.marker();
                if e.info().contains("found unknown escape character") {
                    self.bad_escape = Some(mark.index());
                }
                if e.info().contains("':' must be followed by a valid YAML whitespace") {
                    self.tab_after_colon = Some(mark.index());
                }
                if e.info().contains("unknown anchor") {
                    let name = self.name_at(&mark);
                    return Err(Self::at(&mark, format!("reference to undefined anchor {}", go_quote(&name))));
                }
                Err(self.syntax_error(&mark, e.info()))
            }
        }
    }

    /// A YAML syntax error worded and positioned the way go-yaml reports it: scanner
    /// problems name the line after the problem, parser problems its line and column,
    /// and neither gets a position on the first line.
    fn syntax_error(&self, mark: &Marker, info: &str) -> String {
        let (msg, scanner): (String, bool) = if info.contains("unexpected character")
            || info.contains("tabs disallowed")
            || info.contains("tab cannot be used")
            || info.contains("found a tab")
            || info.contains("must be followed by a valid YAML whitespace")
        {
            ("found character that cannot start any token".into(), true)
        } else if info.contains("found unexpected end of stream") {
            ("found unexpected end of stream".into(), true)
        } else if info.contains("found unknown escape character") {
            ("found unknown escape character".into(), true)
        } else if info.contains("did not find expected hexadecimal number") {
            ("did not find expected hexdecimal number".into(), true)
        } else if info.contains("simple key expect") {
            ("could not find expected ':'".into(), true)
        } else if info.contains("mapping values are not allowed") || info.contains("block sequence entries are not allowed") {
            (info.rsplit(", ").next().unwrap_or(info).to_string(), true)
        } else if info.contains("flow sequence") {
            ("did not find expected ',' or ']'".into(), false)
        } else if info.contains("flow mapping") {
            ("did not find expected ',' or '}'".into(), false)
        } else {
            (info.rsplit(", ").next().unwrap_or(info).to_string(), false)
        };
        let (mut line, col) = (mark.line().saturating_sub(1), mark.col());
        if msg == "found unexpected end of stream" {
            // go-yaml reports this one at the end of the input.
            line = self.chars.iter().filter(|&&c| c == '\n').count();
        }
        if line == 0 {
            msg
        } else if scanner {
            format!("on line {}, column 1: {}", line + 1, msg)
        } else {
            format!("on line {}, column {}: {}", line, col + 1, msg)
        }
    }

    /// go-yaml rejects the `\/` escape, which yaml-rust2 accepts.
    fn check_double_quoted(&self, mark: &Marker) -> Result<(), String> {
        let mut i = mark.index();
        if self.chars.get(i) != Some(&'"') {
            return Ok(());
        }
        i += 1;
        while let Some(&c) = self.chars.get(i) {
            match c {
                '"' => return Ok(()),
                '\\' => {
                    if self.chars.get(i + 1) == Some(&'/') {
                        let line0 = self.chars[..i].iter().filter(|&&c| c == '\n').count();
                        return Err(if line0 == 0 {
                            "found unknown escape character".to_string()
                        } else {
                            format!("on line {}, column 1: found unknown escape character", line0 + 1)
                        });
                    }
                    i += 2;
                }
                _ => i += 1,
            }
        }
        Ok(())
    }

    /// The start of a node including its anchor and tag, which go-yaml reports.
    fn node_mark(&self, mark: &Marker, has_props: bool) -> Pos {
        if !has_props {
            return mark.into();
        }
        let mut i = mark.index().min(self.chars.len());
        let mut start = i;
        for _ in 0..2 {
            let mut j = i;
            while j > 0 && matches!(self.chars[j - 1], ' ' | '\t') {
                j -= 1;
            }
            let end = j;
            while j > 0 && !self.chars[j - 1].is_whitespace() {
                j -= 1;
            }
            if j < end && matches!(self.chars[j], '!' | '&') {
                start = j;
                i = j;
            } else {
                break;
            }
        }
        if start == mark.index() {
            return mark.into();
        }
        let line = self.chars[..start].iter().filter(|&&c| c == '\n').count() + 1;
        let col = self.chars[..start].iter().rev().take_while(|&&c| c != '\n').count();
        Pos { line, col }
    }

    fn begin_anchor(&mut self, id: usize) {
        if id > 0 {
            *self.pending.entry(id).or_insert(0) += 1;
        }
    }
    fn complete_anchor(&mut self, id: usize, v: &Value) {
        if id > 0 {
            if let Some(n) = self.pending.get_mut(&id) {
                *n -= 1;
                if *n == 0 {
                    self.pending.remove(&id);
                }
            }
            self.anchors.insert(id, v.clone());
        }
    }

    fn node(&mut self, ev: Event, mark: Marker) -> Result<Value, String> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err("document is too deeply nested".to_string());
        }
        let out = match ev {
            Event::Scalar(src, style, anchor, tag) => {
                if style == TScalarStyle::DoubleQuoted {
                    self.check_double_quoted(&mark)?;
                }
                let mark = self.node_mark(&mark, anchor > 0 || tag.is_some());
                self.begin_anchor(anchor);
                let tag_s = full_tag(&tag);
                let v = if tag_s.is_empty() && style != TScalarStyle::Plain {
                    Value::string(nfc(&src))
                } else {
                    match resolve_scalar(&tag_s, &src, style).map_err(|e| Self::at(mark, e))? {
                        Scalar::Val(v) => v,
                        Scalar::Merge => Value::string("<<"),
                    }
                };
                self.complete_anchor(anchor, &v);
                Ok(v)
            }
            Event::Alias(id) => {
                if self.pending.contains_key(&id) {
                    let name = self.name_at(&mark);
                    return Err(Self::at(&mark, format!("cannot refer to anchor {} from inside its own definition", go_quote(&name))));
                }
                match self.anchors.get(&id) {
                    Some(v) => Ok(v.clone()),
                    None => {
                        let name = self.name_at(&mark);
                        Err(Self::at(&mark, format!("reference to undefined anchor {}", go_quote(&name))))
                    }
                }
            }
            Event::SequenceStart(anchor, tag) => {
                let tag_s = full_tag(&tag);
                if !tag_s.is_empty() && !tag_is(&tag_s, "seq") {
                    return Err(Self::at(&mark, format!("can't interpret sequence as {tag_s}")));
                }
                self.begin_anchor(anchor);
                let mut items = Vec::new();
                loop {
                    let (ev, m) = self.next()?;
                    if let Event::SequenceEnd = ev {
                        break;
                    }
                    items.push(self.node(ev, m)?);
                }
                let v = Value::tuple(items);
                self.complete_anchor(anchor, &v);
                Ok(v)
            }
            Event::MappingStart(anchor, tag) => {
                let tag_s = full_tag(&tag);
                if !tag_s.is_empty() && !tag_is(&tag_s, "map") {
                    return Err(Self::at(&mark, format!("can't interpret mapping as {tag_s}")));
                }
                self.begin_anchor(anchor);
                let mut attrs = BTreeMap::new();
                loop {
                    let (ev, m) = self.next()?;
                    let (key_src, key_style, key_tag) = match ev {
                        Event::MappingEnd => break,
                        Event::Scalar(src, style, _, tag) => {
                            if style == TScalarStyle::DoubleQuoted {
                                self.check_double_quoted(&m)?;
                            }
                            (src, style, tag)
                        }
                        _ => return Err(Self::at(&m, "only strings are allowed as mapping keys")),
                    };
                    let key = match resolve_scalar(&full_tag(&key_tag), &key_src, key_style)? {
                        Scalar::Merge => {
                            let (ev, vm) = self.next()?;
                            let v = self.node(ev, vm)?;
                            match v.kind() {
                                Kind::Object(merged) => {
                                    for (k, x) in merged.iter() {
                                        attrs.insert(k.clone(), x.clone());
                                    }
                                }
                                _ => {
                                    let name = if v.is_null() { "dynamic".to_string() } else { v.ty().friendly_name() };
                                    return Err(Self::at(&m, format!("cannot merge {name} into mapping")));
                                }
                            }
                            continue;
                        }
                        Scalar::Val(k) => k,
                    };
                    let key = match key.kind() {
                        Kind::String(s) => s.to_string(),
                        Kind::Number(n) if n.is_infinite() => (if n.is_negative() { "-Inf" } else { "+Inf" }).to_string(),
                        Kind::Number(n) => n.to_string(),
                        Kind::Bool(b) => b.to_string(),
                        Kind::Null(_) => return Err(Self::at(&m, "mapping key cannot be null")),
                        _ => return Err(Self::at(&m, "only strings are allowed as mapping keys")),
                    };
                    let (ev, vm) = self.next()?;
                    let v = self.node(ev, vm)?;
                    attrs.insert(nfc(&key), v);
                }
                let v = Value::object(attrs);
                self.complete_anchor(anchor, &v);
                Ok(v)
            }
            Event::DocumentStart => Err(Self::at(&mark, "only a single document is allowed")),
            Event::StreamEnd => Err(Self::at(&mark, "expecting value but found end of stream")),
            _ => Err(Self::at(&mark, "unexpected parser event")),
        };
        self.depth -= 1;
        out
    }
}

/// The go-yaml position of the end of the stream (the start of the line after the
/// last one).
fn yaml_end_line(src: &str) -> usize {
    let newlines = src.matches('\n').count();
    if src.is_empty() || !src.ends_with('\n') {
        newlines + 1
    } else {
        newlines
    }
}

/// go-yaml (a YAML 1.1 parser) rejects `%YAML` directives for other versions.
fn check_yaml_directive(src: &str) -> Result<(), String> {
    for (i, line) in src.lines().enumerate() {
        if line.starts_with("---") || line.starts_with("...") {
            break;
        }
        if let Some(rest) = line.strip_prefix("%YAML") {
            if rest.starts_with([' ', '\t']) && rest.split_whitespace().next() != Some("1.1") {
                return Err(if i == 0 {
                    "found incompatible YAML document".to_string()
                } else {
                    format!("on line {i}, column 1: found incompatible YAML document")
                });
            }
        }
    }
    Ok(())
}

fn yaml_decode_str(src: &str) -> Result<Value, String> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let text = if src.is_empty() { "\n" } else { src };
    check_yaml_directive(text)?;
    // go-yaml accepts the `\'` escape in double-quoted scalars and tabs after a
    // mapping colon, and yaml-rust2 does not: rewrite each one yaml-rust2 trips over
    // into its plain equivalent and try again.
    let mut text = text.to_string();
    for _ in 0..64 {
        match yaml_decode_text(&text) {
            Err(YamlFailure::BadEscape(at)) => {
                // `at` is the scalar's opening quote: find the offending escape.
                let chars: Vec<char> = text.chars().collect();
                let mut i = at + 1;
                let mut fix = None;
                while i + 1 < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        let c = chars[i + 1];
                        if c == '\'' {
                            fix = Some(i);
                            break;
                        }
                        if !"0abt\tnvfre \"\\/N_LPxuU\r\n".contains(c) {
                            break;
                        }
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                let Some(i) = fix else {
                    let line0 = chars[..i.min(chars.len())].iter().filter(|&&c| c == '\n').count();
                    return Err(if line0 == 0 {
                        "found unknown escape character".to_string()
                    } else {
                        format!("on line {}, column 1: found unknown escape character", line0 + 1)
                    });
                };
                let mut fixed: String = chars[..i].iter().collect();
                fixed.extend(chars[i + 1..].iter());
                text = fixed;
            }
            Err(YamlFailure::TabAfterColon(at)) => {
                // go-yaml takes a tab after a mapping colon as plain separation.
                let mut chars: Vec<char> = text.chars().collect();
                let Some(i) = (0..at.min(chars.len())).rev().find(|&i| chars[i] == ':') else {
                    return Err("found character that cannot start any token".to_string());
                };
                let mut j = i + 1;
                while chars.get(j) == Some(&'\t') {
                    chars[j] = ' ';
                    j += 1;
                }
                if j == i + 1 {
                    return Err("found character that cannot start any token".to_string());
                }
                text = chars.into_iter().collect();
            }
            Err(YamlFailure::Message(m)) => return Err(m),
            Ok(v) => return Ok(v),
        }
    }
    Err("found unknown escape character".to_string())
}

enum YamlFailure {
    Message(String),
    /// yaml-rust2 rejected an escape in the double-quoted scalar starting here.
    BadEscape(usize),
    /// yaml-rust2 rejected tabs after the `:` before this character index.
    TabAfterColon(usize),
}

fn yaml_decode_text(text: &str) -> Result<Value, YamlFailure> {
    let mut dec = YamlDecoder {
        parser: YamlParser::new_from_str(text),
        chars: text.chars().collect(),
        pending: HashMap::new(),
        anchors: HashMap::new(),
        depth: 0,
        bad_escape: None,
        tab_after_colon: None,
    };
    yaml_decode_events(&mut dec, text).map_err(|m| match (dec.bad_escape, dec.tab_after_colon) {
        (Some(at), _) => YamlFailure::BadEscape(at),
        (None, Some(at)) => YamlFailure::TabAfterColon(at),
        (None, None) => YamlFailure::Message(m),
    })
}

fn yaml_decode_events(dec: &mut YamlDecoder, text: &str) -> Result<Value, String> {
    let (ev, _) = dec.next()?;
    if ev != Event::StreamStart {
        return Err("missing stream start token".to_string());
    }
    let (ev, mark) = dec.next()?;
    if ev != Event::DocumentStart {
        if ev == Event::StreamEnd {
            return Err(format!("on line {}, column 1: missing start of document", yaml_end_line(text)));
        }
        return Err(YamlDecoder::at(&mark, "missing start of document"));
    }
    let (ev, mark) = dec.next()?;
    let v = dec.node(ev, mark)?;
    let (ev, mark) = dec.next()?;
    match ev {
        Event::DocumentEnd => {}
        Event::DocumentStart => return Err(YamlDecoder::at(&mark, "only a single document is allowed")),
        _ => return Err(YamlDecoder::at(&mark, "unexpected extra content after value")),
    }
    let (ev, mark) = dec.next()?;
    if ev != Event::StreamEnd {
        return Err(YamlDecoder::at(&mark, "unexpected extra content after value"));
    }
    Ok(v)
}

fn yamldecode(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let v = yaml_decode_str(arg_str(&args, 0)).map_err(FuncError::call)?;
    // Terraform 1.0.3 (go-cty-yaml 1.0.2) returns an unknown value when the whole
    // document is null, because its implied type is then `dynamic`.
    if v.is_null() {
        return Ok(Value::unknown_dynamic());
    }
    Ok(v)
}

// ---- YAML encoding (go-yaml v2's emitter) --------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

struct ScalarAnalysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn y_is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}
fn y_is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}
fn y_is_printable(c: char) -> bool {
    c == '\n'
        || ('\u{20}'..='\u{7e}').contains(&c)
        || ('\u{a0}'..='\u{d7ff}').contains(&c)
        || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}')
}

fn analyze_scalar(value: &str) -> ScalarAnalysis {
    if value.is_empty() {
        return ScalarAnalysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = value.chars().collect();
    let (mut block_ind, mut flow_ind) = (false, false);
    if value.starts_with("---") || value.starts_with("...") {
        block_ind = true;
        flow_ind = true;
    }
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) = (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let mut preceded_by_ws = true;
    let (mut prev_space, mut prev_break) = (false, false);
    let n = chars.len();
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_ws = i + 1 >= n || y_is_blank(chars[i + 1]);
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
                    flow_ind = true;
                    block_ind = true;
                }
                '?' | ':' => {
                    flow_ind = true;
                    if followed_by_ws {
                        block_ind = true;
                    }
                }
                '-' if followed_by_ws => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_ind = true,
                ':' => {
                    flow_ind = true;
                    if followed_by_ws {
                        block_ind = true;
                    }
                }
                '#' if preceded_by_ws => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        }
        if !y_is_printable(c) {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            prev_space = true;
            prev_break = false;
        } else if y_is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_by_ws = y_is_blank(c) || y_is_break(c) || c == '\0';
    }
    let mut a = ScalarAnalysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_ind {
        a.flow_plain_allowed = false;
    }
    if block_ind {
        a.block_plain_allowed = false;
    }
    a
}

struct YamlEmitter {
    out: String,
    column: usize,
    indent: i64,
    indents: Vec<i64>,
    whitespace: bool,
    indention: bool,
    open_ended: bool,
    flow_level: usize,
    root_context: bool,
    mapping_context: bool,
    simple_key_context: bool,
}

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: usize = 80;

impl YamlEmitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }
    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }
    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }
    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }
    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }
    fn write_indicator(&mut self, ind: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in ind.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    fn emit_node(&mut self, v: &Value, root: bool, mapping: bool, simple_key: bool) -> Result<(), String> {
        self.root_context = root;
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match v.kind() {
            Kind::Null(_) => {
                self.emit_scalar("null", ScalarStyle::Plain);
                Ok(())
            }
            Kind::Unknown(_) => Err("cannot serialize unknown value as YAML".to_string()),
            Kind::Bool(b) => {
                self.emit_scalar(if *b { "true" } else { "false" }, ScalarStyle::Plain);
                Ok(())
            }
            Kind::Number(n) => {
                let s = if n.is_infinite() {
                    if n.is_negative() { "-.Inf".to_string() } else { "+.Inf".to_string() }
                } else {
                    n.to_string()
                };
                self.emit_scalar(&s, ScalarStyle::Plain);
                Ok(())
            }
            Kind::String(s) => {
                let style = if s.contains('\n') { ScalarStyle::Literal } else { ScalarStyle::DoubleQuoted };
                self.emit_scalar(s, style);
                Ok(())
            }
            Kind::List(_, e) | Kind::Set(_, e) | Kind::Tuple(e) => {
                if e.is_empty() {
                    self.emit_empty_flow("[", "]");
                    return Ok(());
                }
                let indentless = self.mapping_context && !self.indention;
                self.increase_indent(false, indentless);
                for item in e.iter() {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.emit_node(item, false, false, false)?;
                }
                self.pop_indent();
                Ok(())
            }
            Kind::Map(_, m) | Kind::Object(m) => {
                if m.is_empty() {
                    self.emit_empty_flow("{", "}");
                    return Ok(());
                }
                self.increase_indent(false, false);
                for (k, x) in m.iter() {
                    self.write_indent();
                    let ka = analyze_scalar(k);
                    if !ka.multiline && k.len() <= 128 {
                        self.emit_node(&Value::string(k.as_str()), false, true, true)?;
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.emit_node(&Value::string(k.as_str()), false, true, false)?;
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.emit_node(x, false, true, false)?;
                }
                self.pop_indent();
                Ok(())
            }
        }
    }

    fn emit_empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn emit_scalar(&mut self, value: &str, requested: ScalarStyle) {
        let a = analyze_scalar(value);
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Plain {
            if (self.flow_level > 0 && !a.flow_plain_allowed) || (self.flow_level == 0 && !a.block_plain_allowed) {
                style = ScalarStyle::SingleQuoted;
            }
            if value.is_empty() && (self.flow_level > 0 || self.simple_key_context) {
                style = ScalarStyle::SingleQuoted;
            }
        }
        if style == ScalarStyle::SingleQuoted && !a.single_quoted_allowed {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Literal && (!a.block_allowed || self.flow_level > 0 || self.simple_key_context) {
            style = ScalarStyle::DoubleQuoted;
        }
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            ScalarStyle::Plain => self.write_plain(value, allow_breaks),
            ScalarStyle::SingleQuoted => self.write_single_quoted(value, allow_breaks),
            ScalarStyle::DoubleQuoted => self.write_double_quoted(value, allow_breaks),
            ScalarStyle::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && chars.get(i + 1) != Some(&' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if y_is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
            i += 1;
        }
        self.whitespace = false;
        self.indention = false;
        if self.root_context {
            self.open_ended = true;
        }
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < chars.len()
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if y_is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let mut spaces = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !y_is_printable(c) || c == '\u{feff}' || y_is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let v = c as u32;
                let esc = match v {
                    0x00 => Some('0'),
                    0x07 => Some('a'),
                    0x08 => Some('b'),
                    0x09 => Some('t'),
                    0x0a => Some('n'),
                    0x0b => Some('v'),
                    0x0c => Some('f'),
                    0x0d => Some('r'),
                    0x1b => Some('e'),
                    0x22 => Some('"'),
                    0x5c => Some('\\'),
                    0x85 => Some('N'),
                    0xa0 => Some('_'),
                    0x2028 => Some('L'),
                    0x2029 => Some('P'),
                    _ => None,
                };
                match esc {
                    Some(e) => self.put(e),
                    None => {
                        let (prefix, width) = if v <= 0xff {
                            ('x', 2)
                        } else if v <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(prefix);
                        for ch in format!("{v:0width$X}").chars() {
                            self.put(ch);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < chars.len() {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
            i += 1;
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        if chars.first().is_some_and(|&c| c == ' ' || y_is_break(c)) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        self.open_ended = false;
        let chomp = match chars.len() {
            0 => Some("-"),
            n => {
                if !y_is_break(chars[n - 1]) {
                    Some("-")
                } else if n == 1 || y_is_break(chars[n - 2]) {
                    Some("+")
                } else {
                    None
                }
            }
        };
        if let Some(h) = chomp {
            self.write_indicator(h, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in &chars {
            if y_is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

pub(super) fn yaml_encode_value(v: &Value) -> Result<String, String> {
    let mut e = YamlEmitter {
        out: String::new(),
        column: 0,
        indent: -1,
        indents: Vec::new(),
        whitespace: true,
        indention: true,
        open_ended: false,
        flow_level: 0,
        root_context: false,
        mapping_context: false,
        simple_key_context: false,
    };
    e.emit_node(v, true, false, false)?;
    // Document end (implicit), then stream end.
    e.write_indent();
    if e.open_ended {
        e.write_indicator("...", true, false, false);
        e.write_indent();
    }
    Ok(e.out)
}

fn yamlencode(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let v = args.into_iter().next().unwrap_or_else(Value::null_dynamic);
    yaml_encode_value(&v).map(Value::string).map_err(FuncError::call)
}

// ---- gzip (a port of Go's compress/flate at the default level) -----------------------

/// Go's `gzip.NewWriter` + `Write` + `Flush` + `Close`, byte for byte: Terraform's
/// `base64gzip` output depends on Go's exact deflate choices.
fn go_gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut c = Deflater::new();
    let mut rest = data;
    while !rest.is_empty() {
        c.step();
        let n = c.fill(rest);
        rest = &rest[n..];
    }
    // Flush: a sync flush ends with an empty stored block.
    c.sync = true;
    c.step();
    c.w.write_stored_header(0, false);
    c.w.flush();
    // Close: a final empty stored block.
    c.step();
    c.w.write_stored_header(0, true);
    c.w.flush();
    out.extend_from_slice(&c.w.out);
    let mut crc = flate2::Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

const WINDOW_SIZE: usize = 1 << 15;
const WINDOW_MASK: usize = WINDOW_SIZE - 1;
const MIN_MATCH: usize = 4;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 17;
const HASH_MASK: u32 = (1 << HASH_BITS) - 1;
const MAX_HASH_OFFSET: i64 = 1 << 24;
const MAX_FLATE_BLOCK_TOKENS: usize = 1 << 14;
const MAX_STORE_BLOCK: usize = 65535;
const MATCH_TYPE: u32 = 1 << 30;
const END_BLOCK: u32 = 256;
const MAX_NUM_LIT: usize = 286;
const OFFSET_CODE_COUNT: usize = 30;
const CODEGEN_CODE_COUNT: usize = 19;
const BAD_CODE: u8 = 255;
// Level 6.
const GOOD: usize = 8;
const LAZY: usize = 16;
const NICE: usize = 128;
const CHAIN: usize = 128;

const LENGTH_EXTRA_BITS: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const LENGTH_BASE: [u32; 29] =
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255];
const OFFSET_EXTRA_BITS: [u8; 30] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const OFFSET_BASE: [u32; 30] = [
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0006, 0x0008, 0x000c, 0x0010, 0x0018, 0x0020, 0x0030, 0x0040, 0x0060, 0x0080,
    0x00c0, 0x0100, 0x0180, 0x0200, 0x0300, 0x0400, 0x0600, 0x0800, 0x0c00, 0x1000, 0x1800, 0x2000, 0x3000, 0x4000, 0x6000,
];
const CODEGEN_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// The length code for a match length minus 3.
fn length_code(xlen: u32) -> u32 {
    let len = xlen + 3;
    (0..29u32).rev().find(|&c| {
        let base = LENGTH_BASE[c as usize] + 3;
        len >= base && (c != 28 || len == 258)
    }).unwrap_or(0)
}

/// The offset code for a match distance minus 1.
fn offset_code(xoff: u32) -> u32 {
    (0..30u32).rev().find(|&c| xoff >= OFFSET_BASE[c as usize]).unwrap_or(0)
}

fn hash4(b: &[u8]) -> u32 {
    ((b[3] as u32 | (b[2] as u32) << 8 | (b[1] as u32) << 16 | (b[0] as u32) << 24).wrapping_mul(0x1e35a7bd)) >> (32 - HASH_BITS)
}

fn reverse_bits(number: u16, bit_length: u16) -> u16 {
    (number << (16 - bit_length)).reverse_bits()
}

#[derive(Clone)]
struct HuffEncoder {
    code: Vec<u16>,
    len: Vec<u16>,
}

#[derive(Clone, Copy, Default)]
struct LiteralNode {
    literal: u16,
    freq: i32,
}

#[derive(Clone, Copy, Default)]
struct LevelInfo {
    level: i32,
    last_freq: i32,
    next_char_freq: i32,
    next_pair_freq: i32,
    needed: i32,
}

impl HuffEncoder {
    fn new(size: usize) -> HuffEncoder {
        HuffEncoder { code: vec![0; size], len: vec![0; size] }
    }

    fn fixed_literal() -> HuffEncoder {
        let mut h = HuffEncoder::new(MAX_NUM_LIT);
        for ch in 0..MAX_NUM_LIT as u16 {
            let (bits, size) = match ch {
                0..=143 => (ch + 48, 8),
                144..=255 => (ch + 400 - 144, 9),
                256..=279 => (ch - 256, 7),
                _ => (ch + 192 - 280, 8),
            };
            h.code[ch as usize] = reverse_bits(bits, size);
            h.len[ch as usize] = size;
        }
        h
    }

    fn fixed_offset() -> HuffEncoder {
        let mut h = HuffEncoder::new(OFFSET_CODE_COUNT);
        for i in 0..OFFSET_CODE_COUNT {
            h.code[i] = reverse_bits(i as u16, 5);
            h.len[i] = 5;
        }
        h
    }

    fn bit_length(&self, freq: &[i32]) -> i64 {
        freq.iter().enumerate().filter(|(_, &f)| f != 0).map(|(i, &f)| f as i64 * self.len[i] as i64).sum()
    }

    fn bit_counts(list: &mut Vec<LiteralNode>, mut max_bits: i32) -> Vec<i32> {
        let n = list.len() as i32;
        list.push(LiteralNode { literal: u16::MAX, freq: i32::MAX });
        if max_bits > n - 1 {
            max_bits = n - 1;
        }
        let mut levels = [LevelInfo::default(); 17];
        let mut leaf_counts = [[0i32; 16]; 16];
        for level in 1..=max_bits {
            levels[level as usize] = LevelInfo {
                level,
                last_freq: list[1].freq,
                next_char_freq: list[2].freq,
                next_pair_freq: list[0].freq + list[1].freq,
                needed: 0,
            };
            leaf_counts[level as usize][level as usize] = 2;
            if level == 1 {
                levels[level as usize].next_pair_freq = i32::MAX;
            }
        }
        levels[max_bits as usize].needed = 2 * n - 4;
        let mut level = max_bits as usize;
        loop {
            let l = levels[level];
            if l.next_pair_freq == i32::MAX && l.next_char_freq == i32::MAX {
                levels[level].needed = 0;
                levels[level + 1].next_pair_freq = i32::MAX;
                level += 1;
                continue;
            }
            let prev_freq = l.last_freq;
            if l.next_char_freq < l.next_pair_freq {
                let nn = leaf_counts[level][level] + 1;
                levels[level].last_freq = l.next_char_freq;
                leaf_counts[level][level] = nn;
                levels[level].next_char_freq = list[nn as usize].freq;
            } else {
                levels[level].last_freq = l.next_pair_freq;
                let (lower, upper) = leaf_counts.split_at_mut(level);
                upper[0][..level].copy_from_slice(&lower[level - 1][..level]);
                levels[level - 1].needed = 2;
            }
            levels[level].needed -= 1;
            if levels[level].needed == 0 {
                if levels[level].level == max_bits {
                    break;
                }
                levels[level + 1].next_pair_freq = prev_freq + levels[level].last_freq;
                level += 1;
            } else {
                while levels[level - 1].needed > 0 {
                    level -= 1;
                }
            }
        }
        let mut bit_count = vec![0i32; max_bits as usize + 1];
        let mut bits = 1;
        let counts = leaf_counts[max_bits as usize];
        for level in (1..=max_bits as usize).rev() {
            bit_count[bits] = counts[level] - counts[level - 1];
            bits += 1;
        }
        bit_count
    }

    fn generate(&mut self, freq: &[i32], max_bits: i32) {
        let mut list: Vec<LiteralNode> = Vec::new();
        for (i, &f) in freq.iter().enumerate() {
            if f != 0 {
                list.push(LiteralNode { literal: i as u16, freq: f });
            } else {
                self.len[i] = 0;
            }
        }
        if list.len() <= 2 {
            for (i, node) in list.iter().enumerate() {
                self.code[node.literal as usize] = i as u16;
                self.len[node.literal as usize] = 1;
            }
            return;
        }
        list.sort_by(|a, b| a.freq.cmp(&b.freq).then(a.literal.cmp(&b.literal)));
        let bit_count = Self::bit_counts(&mut list, max_bits);
        list.pop();
        let mut code: u16 = 0;
        let mut rest = &mut list[..];
        for (n, &bits) in bit_count.iter().enumerate() {
            code <<= 1;
            if n == 0 || bits == 0 {
                continue;
            }
            let split = rest.len() - bits as usize;
            let (head, chunk) = std::mem::take(&mut rest).split_at_mut(split);
            chunk.sort_by_key(|node| node.literal);
            for node in chunk.iter() {
                self.code[node.literal as usize] = reverse_bits(code, n as u16);
                self.len[node.literal as usize] = n as u16;
                code = code.wrapping_add(1);
            }
            rest = head;
        }
    }
}

struct BitWriter {
    out: Vec<u8>,
    bits: u64,
    nbits: u32,
    literal_freq: Vec<i32>,
    offset_freq: Vec<i32>,
    codegen: Vec<u8>,
    codegen_freq: [i32; CODEGEN_CODE_COUNT],
    literal_enc: HuffEncoder,
    offset_enc: HuffEncoder,
    codegen_enc: HuffEncoder,
    fixed_lit: HuffEncoder,
    fixed_off: HuffEncoder,
}

impl BitWriter {
    fn new() -> BitWriter {
        BitWriter {
            out: Vec::new(),
            bits: 0,
            nbits: 0,
            literal_freq: vec![0; MAX_NUM_LIT],
            offset_freq: vec![0; OFFSET_CODE_COUNT],
            codegen: vec![0; MAX_NUM_LIT + OFFSET_CODE_COUNT + 1],
            codegen_freq: [0; CODEGEN_CODE_COUNT],
            literal_enc: HuffEncoder::new(MAX_NUM_LIT),
            offset_enc: HuffEncoder::new(OFFSET_CODE_COUNT),
            codegen_enc: HuffEncoder::new(CODEGEN_CODE_COUNT),
            fixed_lit: HuffEncoder::fixed_literal(),
            fixed_off: HuffEncoder::fixed_offset(),
        }
    }

    fn write_bits(&mut self, b: u32, nb: u32) {
        self.bits |= (b as u64) << self.nbits;
        self.nbits += nb;
        while self.nbits >= 8 {
            self.out.push(self.bits as u8);
            self.bits >>= 8;
            self.nbits -= 8;
        }
    }

    fn write_code(&mut self, code: u16, len: u16) {
        self.write_bits(code as u32, len as u32);
    }

    fn flush(&mut self) {
        if self.nbits > 0 {
            self.out.push(self.bits as u8);
        }
        self.bits = 0;
        self.nbits = 0;
    }

    fn write_stored_header(&mut self, length: usize, eof: bool) {
        self.write_bits(u32::from(eof), 3);
        self.flush();
        self.write_bits(length as u32, 16);
        self.write_bits(!(length as u16) as u32, 16);
    }

    fn generate_codegen(&mut self, num_literals: usize, num_offsets: usize, use_dynamic: bool) {
        self.codegen_freq = [0; CODEGEN_CODE_COUNT];
        let (lit, off) = if use_dynamic { (&self.literal_enc, &self.offset_enc) } else { (&self.fixed_lit, &self.fixed_off) };
        let codegen = &mut self.codegen;
        for i in 0..num_literals {
            codegen[i] = lit.len[i] as u8;
        }
        for i in 0..num_offsets {
            codegen[num_literals + i] = off.len[i] as u8;
        }
        codegen[num_literals + num_offsets] = BAD_CODE;
        let mut size = codegen[0];
        let mut count: i32 = 1;
        let mut out_index = 0usize;
        let mut in_index = 1usize;
        while size != BAD_CODE {
            let next_size = codegen[in_index];
            in_index += 1;
            if next_size == size {
                count += 1;
                continue;
            }
            if size != 0 {
                codegen[out_index] = size;
                out_index += 1;
                self.codegen_freq[size as usize] += 1;
                count -= 1;
                while count >= 3 {
                    let n = count.min(6);
                    codegen[out_index] = 16;
                    codegen[out_index + 1] = (n - 3) as u8;
                    out_index += 2;
                    self.codegen_freq[16] += 1;
                    count -= n;
                }
            } else {
                while count >= 11 {
                    let n = count.min(138);
                    codegen[out_index] = 18;
                    codegen[out_index + 1] = (n - 11) as u8;
                    out_index += 2;
                    self.codegen_freq[18] += 1;
                    count -= n;
                }
                if count >= 3 {
                    codegen[out_index] = 17;
                    codegen[out_index + 1] = (count - 3) as u8;
                    out_index += 2;
                    self.codegen_freq[17] += 1;
                    count = 0;
                }
            }
            count -= 1;
            while count >= 0 {
                codegen[out_index] = size;
                out_index += 1;
                self.codegen_freq[size as usize] += 1;
                count -= 1;
            }
            size = next_size;
            count = 1;
        }
        codegen[out_index] = BAD_CODE;
    }

    fn dynamic_size(&self, extra_bits: i64) -> (i64, usize) {
        let mut num_codegens = self.codegen_freq.len();
        while num_codegens > 4 && self.codegen_freq[CODEGEN_ORDER[num_codegens - 1]] == 0 {
            num_codegens -= 1;
        }
        let header = 3 + 5 + 5 + 4 + 3 * num_codegens as i64
            + self.codegen_enc.bit_length(&self.codegen_freq)
            + self.codegen_freq[16] as i64 * 2
            + self.codegen_freq[17] as i64 * 3
            + self.codegen_freq[18] as i64 * 7;
        let size = header + self.literal_enc.bit_length(&self.literal_freq) + self.offset_enc.bit_length(&self.offset_freq) + extra_bits;
        (size, num_codegens)
    }

    fn index_tokens(&mut self, tokens: &[u32]) -> (usize, usize) {
        self.literal_freq.iter_mut().for_each(|f| *f = 0);
        self.offset_freq.iter_mut().for_each(|f| *f = 0);
        for &t in tokens {
            if t < MATCH_TYPE {
                self.literal_freq[t as usize] += 1;
                continue;
            }
            let length = (t - MATCH_TYPE) >> 22;
            let offset = t & ((1 << 22) - 1);
            self.literal_freq[257 + length_code(length) as usize] += 1;
            self.offset_freq[offset_code(offset) as usize] += 1;
        }
        let mut num_literals = self.literal_freq.len();
        while self.literal_freq[num_literals - 1] == 0 {
            num_literals -= 1;
        }
        let mut num_offsets = self.offset_freq.len();
        while num_offsets > 0 && self.offset_freq[num_offsets - 1] == 0 {
            num_offsets -= 1;
        }
        if num_offsets == 0 {
            self.offset_freq[0] = 1;
            num_offsets = 1;
        }
        let lf = self.literal_freq.clone();
        self.literal_enc.generate(&lf, 15);
        let of = self.offset_freq.clone();
        self.offset_enc.generate(&of, 15);
        (num_literals, num_offsets)
    }

    fn write_dynamic_header(&mut self, num_literals: usize, num_offsets: usize, num_codegens: usize, eof: bool) {
        self.write_bits(if eof { 5 } else { 4 }, 3);
        self.write_bits((num_literals - 257) as u32, 5);
        self.write_bits((num_offsets - 1) as u32, 5);
        self.write_bits((num_codegens - 4) as u32, 4);
        for &ord in CODEGEN_ORDER.iter().take(num_codegens) {
            let v = self.codegen_enc.len[ord] as u32;
            self.write_bits(v, 3);
        }
        let mut i = 0;
        loop {
            let cw = self.codegen[i];
            i += 1;
            if cw == BAD_CODE {
                break;
            }
            let (c, l) = (self.codegen_enc.code[cw as usize], self.codegen_enc.len[cw as usize]);
            self.write_code(c, l);
            let extra = match cw {
                16 => 2,
                17 => 3,
                18 => 7,
                _ => 0,
            };
            if extra > 0 {
                let v = self.codegen[i] as u32;
                self.write_bits(v, extra);
                i += 1;
            }
        }
    }

    fn write_tokens(&mut self, tokens: &[u32], dynamic: bool) {
        for &t in tokens {
            let (lit, off) = if dynamic { (&self.literal_enc, &self.offset_enc) } else { (&self.fixed_lit, &self.fixed_off) };
            if t < MATCH_TYPE {
                let (c, l) = (lit.code[t as usize], lit.len[t as usize]);
                self.write_code(c, l);
                continue;
            }
            let length = (t - MATCH_TYPE) >> 22;
            let lc = length_code(length) as usize;
            let (c, l) = (lit.code[lc + 257], lit.len[lc + 257]);
            let offset = t & ((1 << 22) - 1);
            let oc = offset_code(offset) as usize;
            let (oc_code, oc_len) = (off.code[oc], off.len[oc]);
            self.write_code(c, l);
            let leb = LENGTH_EXTRA_BITS[lc] as u32;
            if leb > 0 {
                self.write_bits(length - LENGTH_BASE[lc], leb);
            }
            self.write_code(oc_code, oc_len);
            let oeb = OFFSET_EXTRA_BITS[oc] as u32;
            if oeb > 0 {
                self.write_bits(offset - OFFSET_BASE[oc], oeb);
            }
        }
    }

    fn write_block(&mut self, tokens: &[u32], eof: bool, input: Option<&[u8]>) {
        let mut tokens = tokens.to_vec();
        tokens.push(END_BLOCK);
        let (num_literals, num_offsets) = self.index_tokens(&tokens);
        let mut extra_bits: i64 = 0;
        let stored = input.filter(|i| i.len() <= MAX_STORE_BLOCK).map(|i| (i.len() as i64 + 5) * 8);
        if stored.is_some() {
            for lc in 257 + 8..num_literals {
                extra_bits += self.literal_freq[lc] as i64 * LENGTH_EXTRA_BITS[lc - 257] as i64;
            }
            for oc in 4..num_offsets {
                extra_bits += self.offset_freq[oc] as i64 * OFFSET_EXTRA_BITS[oc] as i64;
            }
        }
        let mut size = 3 + self.fixed_lit.bit_length(&self.literal_freq) + self.fixed_off.bit_length(&self.offset_freq) + extra_bits;
        self.generate_codegen(num_literals, num_offsets, true);
        let cf = self.codegen_freq;
        self.codegen_enc.generate(&cf, 7);
        let (dyn_size, num_codegens) = self.dynamic_size(extra_bits);
        let mut dynamic = false;
        if dyn_size < size {
            size = dyn_size;
            dynamic = true;
        }
        if let (Some(ss), Some(inp)) = (stored, input) {
            if ss < size {
                self.write_stored_header(inp.len(), eof);
                self.out.extend_from_slice(inp);
                return;
            }
        }
        if dynamic {
            self.write_dynamic_header(num_literals, num_offsets, num_codegens, eof);
        } else {
            self.write_bits(if eof { 3 } else { 2 }, 3);
        }
        self.write_tokens(&tokens, dynamic);
    }
}

/// Go's `compressor` for levels 2–9 (with level 6's parameters).
struct Deflater {
    w: BitWriter,
    sync: bool,
    chain_head: i64,
    hash_head: Vec<u32>,
    hash_prev: Vec<u32>,
    hash_offset: i64,
    index: usize,
    window: Vec<u8>,
    window_end: usize,
    block_start: usize,
    byte_available: bool,
    tokens: Vec<u32>,
    length: usize,
    offset: usize,
    max_insert_index: i64,
}

impl Deflater {
    fn new() -> Deflater {
        Deflater {
            w: BitWriter::new(),
            sync: false,
            chain_head: -1,
            hash_head: vec![0; 1 << HASH_BITS],
            hash_prev: vec![0; WINDOW_SIZE],
            hash_offset: 1,
            index: 0,
            window: vec![0; 2 * WINDOW_SIZE],
            window_end: 0,
            block_start: 0,
            byte_available: false,
            tokens: Vec::new(),
            length: MIN_MATCH - 1,
            offset: 0,
            max_insert_index: 0,
        }
    }

    fn fill(&mut self, b: &[u8]) -> usize {
        if self.index >= 2 * WINDOW_SIZE - (MIN_MATCH + MAX_MATCH) {
            self.window.copy_within(WINDOW_SIZE..2 * WINDOW_SIZE, 0);
            self.index -= WINDOW_SIZE;
            self.window_end -= WINDOW_SIZE;
            if self.block_start >= WINDOW_SIZE {
                self.block_start -= WINDOW_SIZE;
            } else {
                self.block_start = usize::MAX;
            }
            self.hash_offset += WINDOW_SIZE as i64;
            if self.hash_offset > MAX_HASH_OFFSET {
                let delta = self.hash_offset - 1;
                self.hash_offset -= delta;
                self.chain_head -= delta;
                for v in self.hash_prev.iter_mut().chain(self.hash_head.iter_mut()) {
                    *v = if (*v as i64) > delta { (*v as i64 - delta) as u32 } else { 0 };
                }
            }
        }
        let n = b.len().min(self.window.len() - self.window_end);
        self.window[self.window_end..self.window_end + n].copy_from_slice(&b[..n]);
        self.window_end += n;
        n
    }

    fn write_block(&mut self, index: usize) {
        if index > 0 {
            let window = if self.block_start <= index { Some(self.window[self.block_start..index].to_vec()) } else { None };
            self.block_start = index;
            let tokens = std::mem::take(&mut self.tokens);
            self.w.write_block(&tokens, false, window.as_deref());
        }
    }

    fn find_match(&self, pos: usize, prev_head: i64, prev_length: usize, lookahead: usize) -> Option<(usize, usize)> {
        let min_match_look = MAX_MATCH.min(lookahead);
        let win = &self.window[..pos + min_match_look];
        let nice = (win.len() - pos).min(NICE);
        let mut tries = CHAIN;
        let mut length = prev_length;
        if length >= GOOD {
            tries >>= 2;
        }
        let mut w_end = win[pos + length];
        let min_index = pos as i64 - WINDOW_SIZE as i64;
        let mut found = None;
        let mut i = prev_head;
        while tries > 0 {
            let iu = i as usize;
            if w_end == win[iu + length] {
                let n = win[iu..iu + min_match_look].iter().zip(&win[pos..pos + min_match_look]).take_while(|(a, b)| a == b).count();
                if n > length && (n > MIN_MATCH || pos - iu <= 4096) {
                    length = n;
                    found = Some((n, pos - iu));
                    if n >= nice {
                        break;
                    }
                    w_end = win[pos + n];
                }
            }
            if i == min_index {
                break;
            }
            i = self.hash_prev[iu & WINDOW_MASK] as i64 - self.hash_offset;
            if i < min_index || i < 0 {
                break;
            }
            tries -= 1;
        }
        found
    }

    fn insert_hash(&mut self, at: usize) {
        let h = hash4(&self.window[at..at + MIN_MATCH]) & HASH_MASK;
        self.hash_prev[at & WINDOW_MASK] = self.hash_head[h as usize];
        self.hash_head[h as usize] = (at as i64 + self.hash_offset) as u32;
    }

    fn step(&mut self) {
        if self.window_end - self.index < MIN_MATCH + MAX_MATCH && !self.sync {
            return;
        }
        self.max_insert_index = self.window_end as i64 - (MIN_MATCH as i64 - 1);
        loop {
            let lookahead = self.window_end - self.index;
            if lookahead < MIN_MATCH + MAX_MATCH {
                if !self.sync {
                    break;
                }
                if lookahead == 0 {
                    if self.byte_available {
                        self.tokens.push(self.window[self.index - 1] as u32);
                        self.byte_available = false;
                    }
                    if !self.tokens.is_empty() {
                        self.write_block(self.index);
                    }
                    break;
                }
            }
            if (self.index as i64) < self.max_insert_index {
                let h = hash4(&self.window[self.index..self.index + MIN_MATCH]) & HASH_MASK;
                self.chain_head = self.hash_head[h as usize] as i64;
                self.hash_prev[self.index & WINDOW_MASK] = self.chain_head as u32;
                self.hash_head[h as usize] = (self.index as i64 + self.hash_offset) as u32;
            }
            let prev_length = self.length;
            let prev_offset = self.offset;
            self.length = MIN_MATCH - 1;
            self.offset = 0;
            let min_index = (self.index as i64 - WINDOW_SIZE as i64).max(0);
            if self.chain_head - self.hash_offset >= min_index && lookahead > prev_length && prev_length < LAZY {
                if let Some((l, o)) = self.find_match(self.index, self.chain_head - self.hash_offset, MIN_MATCH - 1, lookahead) {
                    self.length = l;
                    self.offset = o;
                }
            }
            if prev_length >= MIN_MATCH && self.length <= prev_length {
                self.tokens.push(MATCH_TYPE + (((prev_length - 3) as u32) << 22) + (prev_offset - 1) as u32);
                let new_index = self.index + prev_length - 1;
                self.index += 1;
                while self.index < new_index {
                    if (self.index as i64) < self.max_insert_index {
                        self.insert_hash(self.index);
                    }
                    self.index += 1;
                }
                self.byte_available = false;
                self.length = MIN_MATCH - 1;
                if self.tokens.len() == MAX_FLATE_BLOCK_TOKENS {
                    self.write_block(self.index);
                }
            } else {
                if self.byte_available {
                    let i = self.index - 1;
                    self.tokens.push(self.window[i] as u32);
                    if self.tokens.len() == MAX_FLATE_BLOCK_TOKENS {
                        self.write_block(i + 1);
                    }
                }
                self.index += 1;
                self.byte_available = true;
            }
        }
    }
}

// ---- single-byte character tables (bytes 0x80..=0xFF) --------------------------------

const WIN1250: &str = "€�‚�„…†‡�‰Š‹ŚŤŽŹ�‘’“”•–—�™š›śťžź\u{a0}ˇ˘Ł¤Ą¦§¨©Ş«¬\u{ad}®Ż°±˛ł´µ¶·¸ąş»Ľ˝ľżŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢßŕáâăäĺćçčéęëěíîďđńňóôőö÷řůúűüýţ˙";
const WIN1251: &str = "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—�™љ›њќћџ\u{a0}ЎўЈ¤Ґ¦§Ё©Є«¬\u{ad}®Ї°±Ііґµ¶·ё№є»јЅѕїАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя";
const WIN1252: &str = "€�‚ƒ„…†‡ˆ‰Š‹Œ�Ž��‘’“”•–—˜™š›œ�žŸ\u{a0}¡¢£¤¥¦§¨©ª«¬\u{ad}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ";
const WIN1253: &str = "€�‚ƒ„…†‡�‰�‹�����‘’“”•–—�™�›����\u{a0}΅Ά£¤¥¦§¨©�«¬\u{ad}®―°±²³΄µ¶·ΈΉΊ»Ό½ΎΏΐΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡ�ΣΤΥΦΧΨΩΪΫάέήίΰαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώ�";
const WIN1254: &str = "€�‚ƒ„…†‡ˆ‰Š‹Œ����‘’“”•–—˜™š›œ��Ÿ\u{a0}¡¢£¤¥¦§¨©ª«¬\u{ad}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏĞÑÒÓÔÕÖ×ØÙÚÛÜİŞßàáâãäåæçèéêëìíîïğñòóôõö÷øùúûüışÿ";
const WIN1255: &str = "€�‚ƒ„…†‡ˆ‰�‹�����‘’“”•–—˜™�›����\u{a0}¡¢£₪¥¦§¨©×«¬\u{ad}®¯°±²³´µ¶·¸¹÷»¼½¾¿\u{5b0}\u{5b1}\u{5b2}\u{5b3}\u{5b4}\u{5b5}\u{5b6}\u{5b7}\u{5b8}\u{5b9}�\u{5bb}\u{5bc}\u{5bd}־\u{5bf}׀\u{5c1}\u{5c2}׃װױײ׳״�������אבגדהוזחטיךכלםמןנסעףפץצקרשת��\u{200e}\u{200f}�";
const WIN1256: &str = "€پ‚ƒ„…†‡ˆ‰ٹ‹Œچژڈگ‘’“”•–—ک™ڑ›œ\u{200c}\u{200d}ں\u{a0}،¢£¤¥¦§¨©ھ«¬\u{ad}®¯°±²³´µ¶·¸¹؛»¼½¾؟ہءآأؤإئابةتثجحخدذرزسشصض×طظعغـفقكàلâمنهوçèéêëىيîï\u{64b}\u{64c}\u{64d}\u{64e}ô\u{64f}\u{650}÷\u{651}ù\u{652}ûü\u{200e}\u{200f}ے";
const WIN1257: &str = "€�‚�„…†‡�‰�‹�¨ˇ¸�‘’“”•–—�™�›�¯˛�\u{a0}�¢£¤�¦§Ø©Ŗ«¬\u{ad}®Æ°±²³´µ¶·ø¹ŗ»¼½¾æĄĮĀĆÄÅĘĒČÉŹĖĢĶĪĻŠŃŅÓŌÕÖ×ŲŁŚŪÜŻŽßąįāćäåęēčéźėģķīļšńņóōõö÷ųłśūüżž˙";
const WIN1258: &str = "€�‚ƒ„…†‡ˆ‰�‹Œ����‘’“”•–—˜™�›œ��Ÿ\u{a0}¡¢£¤¥¦§¨©ª«¬\u{ad}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂĂÄÅÆÇÈÉÊË\u{300}ÍÎÏĐÑ\u{309}ÓÔƠÖ×ØÙÚÛÜƯ\u{303}ßàáâăäåæçèéêë\u{301}íîïđñ\u{323}óôơö÷øùúûüư₫ÿ";
const WIN874: &str = "€����…�����������‘’“”•–—��������\u{a0}กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮฯะัาำิีึื\u{e38}\u{e39}\u{e3a}����฿เแโใไๅๆ็\u{e48}\u{e49}\u{e4a}\u{e4b}์ํ๎๏๐๑๒๓๔๕๖๗๘๙๚๛����";
const ISO2: &str = "��������������������������������\u{a0}Ą˘Ł¤ĽŚ§¨ŠŞŤŹ\u{ad}ŽŻ°ą˛ł´ľśˇ¸šşťź˝žżŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢßŕáâăäĺćçčéęëěíîďđńňóôőö÷řůúűüýţ˙";
const ISO3: &str = "��������������������������������\u{a0}Ħ˘£¤�Ĥ§¨İŞĞĴ\u{ad}�Ż°ħ²³´µĥ·¸ışğĵ½�żÀÁÂ�ÄĊĈÇÈÉÊËÌÍÎÏ�ÑÒÓÔĠÖ×ĜÙÚÛÜŬŜßàáâ�äċĉçèéêëìíîï�ñòóôġö÷ĝùúûüŭŝ˙";
const ISO4: &str = "��������������������������������\u{a0}ĄĸŖ¤ĨĻ§¨ŠĒĢŦ\u{ad}Ž¯°ą˛ŗ´ĩļˇ¸šēģŧŊžŋĀÁÂÃÄÅÆĮČÉĘËĖÍÎĪĐŅŌĶÔÕÖ×ØŲÚÛÜŨŪßāáâãäåæįčéęëėíîīđņōķôõö÷øųúûüũū˙";
const ISO5: &str = "��������������������������������\u{a0}ЁЂЃЄЅІЇЈЉЊЋЌ\u{ad}ЎЏАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя№ёђѓєѕіїјљњћќ§ўџ";
const ISO6: &str = "��������������������������������\u{a0}���¤�������،\u{ad}�������������؛���؟�ءآأؤإئابةتثجحخدذرزسشصضطظعغ�����ـفقكلمنهوىي\u{64b}\u{64c}\u{64d}\u{64e}\u{64f}\u{650}\u{651}\u{652}�������������";
const ISO7: &str = "��������������������������������\u{a0}‘’£€₯¦§¨©ͺ«¬\u{ad}�―°±²³΄΅Ά·ΈΉΊ»Ό½ΎΏΐΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡ�ΣΤΥΦΧΨΩΪΫάέήίΰαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώ�";
const ISO8: &str = "��������������������������������\u{a0}�¢£¤¥¦§¨©×«¬\u{ad}®¯°±²³´µ¶·¸¹÷»¼½¾��������������������������������‗אבגדהוזחטיךכלםמןנסעףפץצקרשת��\u{200e}\u{200f}�";
const ISO9: &str = "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8a}\u{8b}\u{8c}\u{8d}\u{8e}\u{8f}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9a}\u{9b}\u{9c}\u{9d}\u{9e}\u{9f}\u{a0}¡¢£¤¥¦§¨©ª«¬\u{ad}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏĞÑÒÓÔÕÖ×ØÙÚÛÜİŞßàáâãäåæçèéêëìíîïğñòóôõö÷øùúûüışÿ";
const ISO10: &str = "��������������������������������\u{a0}ĄĒĢĪĨĶ§ĻĐŠŦŽ\u{ad}ŪŊ°ąēģīĩķ·ļđšŧž―ūŋĀÁÂÃÄÅÆĮČÉĘËĖÍÎÏÐŅŌÓÔÕÖŨØŲÚÛÜÝÞßāáâãäåæįčéęëėíîïðņōóôõöũøųúûüýþĸ";
const ISO13: &str = "��������������������������������\u{a0}”¢£¤„¦§Ø©Ŗ«¬\u{ad}®Æ°±²³“µ¶·ø¹ŗ»¼½¾æĄĮĀĆÄÅĘĒČÉŹĖĢĶĪĻŠŃŅÓŌÕÖ×ŲŁŚŪÜŻŽßąįāćäåęēčéźėģķīļšńņóōõö÷ųłśūüżž’";
const ISO14: &str = "��������������������������������\u{a0}Ḃḃ£ĊċḊ§Ẁ©ẂḋỲ\u{ad}®ŸḞḟĠġṀṁ¶ṖẁṗẃṠỳẄẅṡÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏŴÑÒÓÔÕÖṪØÙÚÛÜÝŶßàáâãäåæçèéêëìíîïŵñòóôõöṫøùúûüýŷÿ";
const ISO15: &str = "��������������������������������\u{a0}¡¢£€¥Š§š©ª«¬\u{ad}®¯°±²³Žµ¶·ž¹º»ŒœŸ¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ";
const ISO16: &str = "��������������������������������\u{a0}ĄąŁ€„Š§š©Ș«Ź\u{ad}źŻ°±ČłŽ”¶·žčș»ŒœŸżÀÁÂĂÄĆÆÇÈÉÊËÌÍÎÏĐŃÒÓÔŐÖŚŰÙÚÛÜĘȚßàáâăäćæçèéêëìíîïđńòóôőöśűùúûüęțÿ";
const KOI8R: &str = "─│┌┐└┘├┤┬┴┼▀▄█▌▐░▒▓⌠■∙√≈≤≥\u{a0}⌡°²·÷═║╒ё╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡Ё╢╣╤╥╦╧╨╩╪╫╬©юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ";
const KOI8U: &str = "─│┌┐└┘├┤┬┴┼▀▄█▌▐░▒▓⌠■∙√≈≤≥\u{a0}⌡°²·÷═║╒ёє╔ії╗╘╙╚╛ґў╞╟╠╡ЁЄ╣ІЇ╦╧╨╩╪ҐЎ©юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ";
const CP437: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
const CP850: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u{ad}±‗¾¶§÷¸°¨·¹³²■\u{a0}";
const CP852: &str = "ÇüéâäůćçłëŐőîŹÄĆÉĹĺôöĽľŚśÖÜŤťŁ×čáíóúĄąŽžĘę¬źČş«»░▒▓│┤ÁÂĚŞ╣║╗╝Żż┐└┴┬├─┼Ăă╚╔╩╦╠═╬¤đĐĎËďŇÍÎě┘┌█▄ŢŮ▀ÓßÔŃńňŠšŔÚŕŰýÝţ´\u{ad}˝˛ˇ˘§÷¸°¨˙űŘř■\u{a0}";
const CP855: &str = "ђЂѓЃёЁєЄѕЅіІїЇјЈљЉњЊћЋќЌўЎџЏюЮъЪаАбБцЦдДеЕфФгГ«»░▒▓│┤хХиИ╣║╗╝йЙ┐└┴┬├─┼кК╚╔╩╦╠═╬¤лЛмМнНоОп┘┌█▄Пя▀ЯрРсСтТуУжЖвВьЬ№\u{ad}ыЫзЗшШэЭщЩчЧ§■\u{a0}";
const CP866: &str = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмноп░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀рстуфхцчшщъыьэюяЁёЄєЇїЎў°∙·√№¤■\u{a0}";
const MAC: &str = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{a0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";

#[cfg(test)]
mod tests {
    use super::super::testing::{arg_err, call, call_err, n, ok, ok_str, s, strs};
    use super::*;

    fn json(v: &Value) -> String {
        v.to_json()
    }
    fn ty(v: &Value) -> String {
        v.ty().to_json_type()
    }
    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    #[test]
    fn base64_functions() {
        // Public case 113.
        assert_eq!(ok_str("base64encode", vec![s("Hello World")]), "SGVsbG8gV29ybGQ=");
        assert_eq!(ok_str("base64decode", vec![s("SGVsbG8gV29ybGQ=")]), "Hello World");
        assert_eq!(ok_str("base64encode", vec![s("héllo ☃")]), "aMOpbGxvIOKYgw==");
        assert_eq!(ok_str("base64decode", vec![s("aMOpbGxvIOKYgw==")]), "héllo ☃");
        assert_eq!(ok_str("base64encode", vec![s("")]), "");
        assert_eq!(ok_str("base64encode", vec![s("ab")]), "YWI=");
        // Public case 115.
        assert_eq!(call_err("base64decode", vec![s("/w==")]), "the result of decoding the provided string is not valid UTF-8");
        assert_eq!(call_err("base64decode", vec![s("abc")]), "failed to decode base64 data 'abc'");
        assert_eq!(call_err("base64decode", vec![s("YWI")]), "failed to decode base64 data 'YWI'");
        assert_eq!(call_err("base64decode", vec![s(" YWI=")]), "failed to decode base64 data ' YWI='");
        assert_eq!(call_err("base64decode", vec![s("ab!=")]), "failed to decode base64 data 'ab!='");
        // Newlines are skipped, non-canonical trailing bits accepted, as in Go.
        assert_eq!(ok_str("base64decode", vec![s("YW\r\nI=")]), "ab");
        assert_eq!(ok_str("base64decode", vec![s("YWJ=")]), "ab");
        // The result is NFC-normalized like every cty string.
        assert_eq!(ok_str("base64decode", vec![s("ZcyB")]), "é");
    }

    #[test]
    fn go_base64_offsets() {
        assert_eq!(go_base64_decode("e!A=="), Err(1));
        assert_eq!(go_base64_decode("YQ==YQ=="), Err(4));
        assert_eq!(go_base64_decode("YQ="), Err(3));
        assert_eq!(go_base64_decode("Y==="), Err(1));
        assert_eq!(go_base64_decode("YWJj"), Ok(b"abc".to_vec()));
        assert_eq!(go_base64_decode(""), Ok(vec![]));
    }

    #[test]
    fn base64gzip_matches_go() {
        assert_eq!(ok_str("base64gzip", vec![s("hello")]), "H4sIAAAAAAAA/8pIzcnJBwAAAP//AQAA//+GphA2BQAAAA==");
        assert_eq!(ok_str("base64gzip", vec![s("")]), "H4sIAAAAAAAA/wAAAP//AQAA//8AAAAAAAAAAA==");
        assert_eq!(ok_str("base64gzip", vec![s("hello world")]), "H4sIAAAAAAAA/8pIzcnJVyjPL8pJAQAAAP//AQAA//+FEUoNCwAAAA==");
        assert_eq!(ok_str("base64gzip", vec![s(&"a".repeat(108))]), "H4sIAAAAAAAA/0qkIwAAAAD//wEAAP//5KRoWmwAAAA=");
        let lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.";
        assert_eq!(
            ok_str("base64gzip", vec![s(lorem)]),
            "H4sIAAAAAAAA/yTPwWkFQQwD0FZUwPIryTUFOGPzEYzHu2M7/PLDZm86iCf0FdscPLMdGjM2kgVxqwMjVtooq94Q5ckcXG/YZB1IU2jA2OmhKPMzNrgGldqr0IUpP7ENVg9tcHkvgUxeLS98F2zRIQrnHX5tUfzA1UysyNqtsI/twZJiLPSc4iMe+S4xeS/9kzxhH5hghHtoPAeulnr9AQAA//8BAAD//8ny7g3nAAAA"
        );
        // jsonencode({for i in range(50) : "key${i}" => "value number ${i} with some text"})
        let m: BTreeMap<String, Value> =
            (0..50).map(|i| (format!("key{i}"), Value::string(format!("value number {i} with some text")))).collect();
        let mut doc = String::new();
        write_json(&Value::object(m), &mut doc);
        assert_eq!(
            ok_str("base64gzip", vec![s(&doc)]),
            "H4sIAAAAAAAA/3TRS0rsUBRG4amEtG+jsvdfrzsbhYCipaApH4hzF7uudfqLk/z7+5of1s/d/H9+u3m8rtPT9XK7vky76f1+u5teny/rtK0f2/zvN1v+ZotneG4ZvMcHBy8WwvKwEbaHQRgP9wj3Hh4QHjw8Ijx6eEJ48vCM8KwhzuhXLACWAxYAywGLXx58GoDlgAXAcsACYDlgAbAcsABYDlgALAcsAJYD4jp+nAZgO2ADsB2wAdgO2PzFwT8CsB2wAdgO2ABsB2wAtgM2ANsBG4DtgBjtmwPAOGAAGAcMAOOAAWAcMNwyGAPAOGAAGAcMAOOAAWAcMACMA2KLT8ESH4IdPgMrfAQ2YML3DwAAAP//AQAA///QouJg7wcAAA=="
        );
        use sha2::Digest;
        let sha = |x: &str| hex::encode(sha2::Sha256::digest(x.as_bytes()));
        let mid: String = (0..1000).map(|i| format!("line {i}: the quick brown fox {} jumps over the lazy dog\n", i % 7)).collect();
        assert_eq!(sha(&ok_str("base64gzip", vec![s(&mid)])), "29e9b1b7eb87361337ddd65874e2c6a578010c3cfa4a319d33034cb9be575c4f");
        let big: Vec<String> = (0..40).flat_map(|j| (0..1000).map(move |i| format!("item-{}-{}", i % 97, i * j))).collect();
        let out = ok_str("base64gzip", vec![s(&big.join(","))]);
        assert_eq!(out.len(), 206572);
        assert_eq!(sha(&out), "5c8ed7abb4a01980eb3a95eb2f3d29a3ec41ed3b20f588eb859f4a0346deaa57");
    }

    #[test]
    fn urlencode_cases() {
        // Public case 116.
        assert_eq!(ok_str("urlencode", vec![s("Hello World")]), "Hello+World");
        assert_eq!(ok_str("urlencode", vec![s("a/b?c=d&e#f")]), "a%2Fb%3Fc%3Dd%26e%23f");
        assert_eq!(ok_str("urlencode", vec![s("☃ ü")]), "%E2%98%83+%C3%BC");
        assert_eq!(ok_str("urlencode", vec![s("azAZ09-_.~")]), "azAZ09-_.~");
        assert_eq!(ok_str("urlencode", vec![s("!*'();:@+$,%[]")]), "%21%2A%27%28%29%3B%3A%40%2B%24%2C%25%5B%5D");
        assert_eq!(ok_str("urlencode", vec![s("\u{0}\n~")]), "%00%0A~");
    }

    #[test]
    fn text_encodings() {
        // Public case 119.
        assert_eq!(ok_str("textencodebase64", vec![s("Hello World"), s("UTF-16LE")]), "SABlAGwAbABvACAAVwBvAHIAbABkAA==");
        assert_eq!(ok_str("textencodebase64", vec![s("Hello"), s("UTF-8")]), "SGVsbG8=");
        assert_eq!(ok_str("textdecodebase64", vec![s("SABlAGwAbABvAA=="), s("UTF-16LE")]), "Hello");
        let be = ok_str("textencodebase64", vec![s("héllo"), s("UTF-16BE")]);
        assert_eq!(ok_str("textdecodebase64", vec![s(&be), s("UTF-16BE")]), "héllo");
        assert_eq!(ok_str("textencodebase64", vec![s("é"), s("ISO-8859-1")]), "6Q==");
        // Aliases and other charsets.
        assert_eq!(ok_str("textencodebase64", vec![s("€"), s("windows-1252")]), "gA==");
        assert_eq!(ok_str("textencodebase64", vec![s("😀"), s("UTF-16")]), "/v/YPd4A");
        assert_eq!(ok_str("textencodebase64", vec![s("x"), s("utf-8")]), "eA==");
        assert_eq!(ok_str("textencodebase64", vec![s("é"), s("latin1")]), "6Q==");
        assert_eq!(ok_str("textencodebase64", vec![s("é"), s("CP819")]), "6Q==");
        assert_eq!(ok_str("textencodebase64", vec![s("é"), s("IBM437")]), "gg==");
        assert_eq!(ok_str("textencodebase64", vec![s("я"), s("windows-1251")]), "/w==");
        assert_eq!(ok_str("textencodebase64", vec![s("я"), s("KOI8-R")]), "0Q==");
        assert_eq!(ok_str("textencodebase64", vec![s("€"), s("latin-9")]), "pA==");
        assert_eq!(ok_str("textencodebase64", vec![s("a"), s("us")]), "YQ==");
        assert_eq!(ok_str("textencodebase64", vec![s("x"), s("csUTF16")]), "/v8AeA==");
        assert_eq!(ok_str("textdecodebase64", vec![s("gA=="), s("windows-1252")]), "€");
        assert_eq!(ok_str("textdecodebase64", vec![s("6Q=="), s("ISO-8859-1")]), "é");
        assert_eq!(ok_str("textdecodebase64", vec![s("/v8ASA=="), s("UTF-16")]), "H");
        assert_eq!(ok_str("textdecodebase64", vec![s("//5IAA=="), s("UTF-16")]), "H");
        assert_eq!(ok_str("textdecodebase64", vec![s("AEg="), s("UTF-16")]), "H");
        assert_eq!(ok_str("textdecodebase64", vec![s("//5IAA=="), s("UTF-16LE")]), "\u{feff}H");
        assert_eq!(ok_str("textdecodebase64", vec![s(""), s("UTF-16LE")]), "");
        // Errors.
        let unsupported = "is not a supported IANA encoding name or alias in this Terraform version";
        assert_eq!(arg_err("textencodebase64", vec![s("x"), s("foo")]), (1, format!("\"foo\" {unsupported}")));
        assert_eq!(arg_err("textdecodebase64", vec![s("eA=="), s("foo")]), (1, format!("\"foo\" {unsupported}")));
        assert_eq!(arg_err("textencodebase64", vec![s("a"), s("ASCII")]), (1, format!("\"ASCII\" {unsupported}")));
        assert_eq!(arg_err("textencodebase64", vec![s("a"), s("")]), (1, format!("\"\" {unsupported}")));
        assert_eq!(
            arg_err("textdecodebase64", vec![s("e!A=="), s("UTF-8")]),
            (0, "the given value is has an invalid base64 symbol at offset 1".into())
        );
        assert_eq!(
            arg_err("textencodebase64", vec![s("☃"), s("ISO-8859-1")]),
            (0, "the given string contains characters that cannot be represented in ISO_8859-1:1987".into())
        );
        assert_eq!(
            arg_err("textencodebase64", vec![s("é"), s("US-ASCII")]),
            (0, "the given string contains characters that cannot be represented in US-ASCII".into())
        );
        assert_eq!(
            arg_err("textencodebase64", vec![s("☃"), s("latin2")]),
            (0, "the given string contains characters that cannot be represented in ISO_8859-2:1987".into())
        );
        assert_eq!(
            arg_err("textdecodebase64", vec![s("/w=="), s("UTF-8")]),
            (0, "the given string contains symbols that are not defined for UTF-8".into())
        );
        assert_eq!(
            arg_err("textdecodebase64", vec![s("77+9"), s("UTF-8")]),
            (0, "the given string contains symbols that are not defined for UTF-8".into())
        );
        assert_eq!(
            arg_err("textdecodebase64", vec![s("gQ=="), s("windows-1252")]),
            (0, "the given string contains symbols that are not defined for windows-1252".into())
        );
        assert_eq!(
            arg_err("textdecodebase64", vec![s("ANg="), s("UTF-16LE")]),
            (0, "the given string contains symbols that are not defined for UTF-16LE".into())
        );
        assert_eq!(
            arg_err("textdecodebase64", vec![s("SAAA"), s("UTF-16LE")]),
            (0, "the given string contains symbols that are not defined for UTF-16LE".into())
        );
        assert_eq!(
            arg_err("textdecodebase64", vec![s("gA=="), s("US-ASCII")]),
            (0, "the given string contains symbols that are not defined for US-ASCII".into())
        );
    }

    #[test]
    fn csvdecode_cases() {
        let v = ok("csvdecode", vec![s("a,b\n1,2\n3,4")]);
        assert_eq!(json(&v), r#"[{"a":"1","b":"2"},{"a":"3","b":"4"}]"#);
        assert_eq!(ty(&v), r#"["list",["object",{"a":"string","b":"string"}]]"#);
        let v = ok("csvdecode", vec![s("a,b\n\"x,y\",\"z\"\"q\"\n")]);
        assert_eq!(json(&v), r#"[{"a":"x,y","b":"z\"q"}]"#);
        let v = ok("csvdecode", vec![s("a,b\n")]);
        assert_eq!(json(&v), "[]");
        assert_eq!(ty(&v), r#"["list",["object",{"a":"string","b":"string"}]]"#);
        assert_eq!(json(&ok("csvdecode", vec![s("a,b\r\n1,2\r\n")])), r#"[{"a":"1","b":"2"}]"#);
        assert_eq!(json(&ok("csvdecode", vec![s("a,b\n\n1,2\n\n")])), r#"[{"a":"1","b":"2"}]"#);
        assert_eq!(json(&ok("csvdecode", vec![s("a , b\n 1, 2\n")])), r#"[{" b":" 2","a ":" 1"}]"#);
        assert_eq!(json(&ok("csvdecode", vec![s("a,b\n#1,2\n")])), r##"[{"a":"#1","b":"2"}]"##);
        assert_eq!(json(&ok("csvdecode", vec![s("a,b\n\"multi\nline\",2\n")])), r#"[{"a":"multi\nline","b":"2"}]"#);
        // Public case 118 and other errors.
        assert_eq!(call_err("csvdecode", vec![s("a,b\n1,2,3\n")]), "CSV parse error on line 2: wrong number of fields");
        assert_eq!(call_err("csvdecode", vec![s("a,b\n1\n")]), "CSV parse error on line 2: wrong number of fields");
        assert_eq!(call_err("csvdecode", vec![s("a,b\n\n\n1\n")]), "CSV parse error on line 4: wrong number of fields");
        assert_eq!(call_err("csvdecode", vec![s("")]), "missing header line");
        assert_eq!(call_err("csvdecode", vec![s("\n\n")]), "missing header line");
        assert_eq!(call_err("csvdecode", vec![s("a,b\n1,x\"y\n")]), "CSV parse error on line 2: bare \" in non-quoted-field");
        assert_eq!(call_err("csvdecode", vec![s("a,a\n1,2\n")]), "duplicate column name \"a\"");
        assert_eq!(
            call_err("csvdecode", vec![s("a,b\n\"1,2\n")]),
            "CSV parse error on line 3: extraneous or missing \" in quoted-field"
        );
        assert_eq!(
            call_err("csvdecode", vec![s("a,b\n\"1\"x,2\n")]),
            "CSV parse error on line 2: extraneous or missing \" in quoted-field"
        );
    }

    #[test]
    fn jsondecode_values_and_types() {
        // Public cases 106, 290, 044.
        let v = ok("jsondecode", vec![s("null")]);
        assert!(v.is_null());
        assert_eq!(json(&ok("jsondecode", vec![s("1e3")])), "1000");
        let v = ok("jsondecode", vec![s("{\"a\": 1, \"a\": 2}")]);
        assert_eq!((json(&v), ty(&v)), (r#"{"a":2}"#.into(), r#"["object",{"a":"number"}]"#.into()));
        let v = ok("jsondecode", vec![s("{\"list\": [1, \"a\"], \"num\": 1, \"obj\": {\"k\": true}}")]);
        assert_eq!(json(&v), r#"{"list":[1,"a"],"num":1,"obj":{"k":true}}"#);
        assert_eq!(ty(&v), r#"["object",{"list":["tuple",["number","string"]],"num":"number","obj":["object",{"k":"bool"}]}]"#);
        let v = ok("jsondecode", vec![s("[1, 2.50, \"x\", null, {\"b\": [true]}]")]);
        assert_eq!(ty(&v), r#"["tuple",["number","number","string","dynamic",["object",{"b":["tuple",["bool"]]}]]]"#);
        assert_eq!(ok_str("jsondecode", vec![s("\"\\u003c\"")]), "<");
        assert_eq!(ok_str("jsondecode", vec![s("\"\\ud83d\\ude00\"")]), "😀");
        assert_eq!(ok_str("jsondecode", vec![s("\"\\ud800\"")]), "\u{fffd}");
        assert_eq!(json(&ok("jsondecode", vec![s(" [1] \n")])), "[1]");
        // A closing bracket after the value is not "more data" for Go's decoder.
        assert_eq!(json(&ok("jsondecode", vec![s("1]")])), "1");
        assert_eq!(json(&ok("jsondecode", vec![s("{}}")])), "{}");
        // Duplicate keys: every occurrence must fit the last one's type.
        let v = ok("jsondecode", vec![s("{\"a\": {\"x\": 1}, \"a\": {\"x\": 2, \"y\": 2}}")]);
        assert_eq!(json(&v), r#"{"a":{"x":2,"y":2}}"#);
        assert_eq!(json(&ok("jsondecode", vec![s("{\"a\": 1, \"a\": \"x\"}")])), r#"{"a":"x"}"#);
        assert_eq!(json(&ok("jsondecode", vec![s("{\"a\": \"5\", \"a\": 1}")])), r#"{"a":1}"#);
        assert_eq!(json(&ok("jsondecode", vec![s("{\"a\": \"true\", \"a\": false}")])), r#"{"a":false}"#);
        assert_eq!(json(&ok("jsondecode", vec![s("{\"a\": [null], \"a\": [1]}")])), r#"{"a":[1]}"#);
        assert_eq!(call_err("jsondecode", vec![s("{\"a\": \"x\", \"a\": 1}")]), "a number is required");
        assert_eq!(call_err("jsondecode", vec![s("{\"a\": 1, \"a\": null}")]), "missing expected {");
        assert_eq!(call_err("jsondecode", vec![s("{\"a\": {\"x\": 1}, \"a\": {\"y\": 2}}")]), "unsupported attribute \"x\"");
        assert_eq!(call_err("jsondecode", vec![s("{\"a\": [1], \"a\": [1, 2]}")]), "not enough tuple elements (need 2)");
    }

    #[test]
    fn jsondecode_syntax_errors() {
        let e = |x: &str| call_err("jsondecode", vec![s(x)]);
        // Public case 107.
        assert_eq!(e("{\"a\": "), "EOF");
        assert_eq!(e(""), "EOF");
        assert_eq!(e("  "), "EOF");
        assert_eq!(e("1 2"), "extraneous data after JSON object");
        assert_eq!(e("01"), "extraneous data after JSON object");
        assert_eq!(e("{} x"), "extraneous data after JSON object");
        assert_eq!(e("1,"), "extraneous data after JSON object");
        assert_eq!(e("x"), "invalid character 'x' looking for beginning of value");
        assert_eq!(e("[1 2]"), "invalid character '2' after array element");
        assert_eq!(e("{1: 2}"), "invalid character '1'");
        assert_eq!(e("{\"a\" 1}"), "invalid character '1' after object key");
        assert_eq!(e("\"abc"), "unexpected EOF");
        assert_eq!(e("tru"), "unexpected EOF");
        assert_eq!(e("trux"), "invalid character 'x' in literal true (expecting 'e')");
        assert_eq!(e("\"a\tb\""), "invalid character '\\t' in string literal");
        assert_eq!(e("\"\\x\""), "invalid character 'x' in string escape code");
        assert_eq!(e("1."), "unexpected EOF");
        assert_eq!(e("-"), "unexpected EOF");
        assert_eq!(e("1e"), "unexpected EOF");
        assert_eq!(e("[1,]"), "invalid character ']' looking for beginning of value");
        assert_eq!(e("{\"a\":1,}"), "invalid character '}' looking for beginning of object key string");
        assert_eq!(e("\u{feff}1"), "invalid character 'ï' looking for beginning of value");
    }

    #[test]
    fn jsonencode_cases() {
        // Public cases 101, 103, 104.
        assert_eq!(ok_str("jsonencode", vec![s("hello")]), "\"hello\"");
        assert_eq!(ok_str("jsonencode", vec![n("42")]), "42");
        assert_eq!(ok_str("jsonencode", vec![Value::bool(true)]), "true");
        assert_eq!(ok_str("jsonencode", vec![Value::null_dynamic()]), "null");
        let list = Value::tuple(vec![s("a"), n("1"), Value::bool(true), Value::null_dynamic()]);
        assert_eq!(ok_str("jsonencode", vec![list]), r#"["a",1,true,null]"#);
        let o = obj(&[("b", n("1")), ("a", s("x")), ("c", Value::tuple(vec![n("1"), n("2")]))]);
        assert_eq!(ok_str("jsonencode", vec![o]), r#"{"a":"x","b":1,"c":[1,2]}"#);
        assert_eq!(ok_str("jsonencode", vec![Value::empty_object()]), "{}");
        assert_eq!(ok_str("jsonencode", vec![Value::empty_tuple()]), "[]");
        assert_eq!(ok_str("jsonencode", vec![n("1.5")]), "1.5");
        assert_eq!(ok_str("jsonencode", vec![n("-0.001")]), "-0.001");
        assert_eq!(ok_str("jsonencode", vec![Value::set(Type::String, vec![s("b"), s("a")])]), r#"["a","b"]"#);
        let m = Value::map(Type::String, [("z".to_string(), s("1")), ("a".to_string(), s("2"))].into_iter().collect());
        assert_eq!(ok_str("jsonencode", vec![m]), r#"{"a":"2","z":"1"}"#);
        assert_eq!(ok_str("jsonencode", vec![s("<a>&\u{2028} \u{1} é")]), r#""\u003ca\u003e\u0026\u2028 \u0001 é""#);
        // Unknown anywhere makes the result unknown.
        let v = ok("jsonencode", vec![Value::tuple(vec![Value::unknown(Type::String)])]);
        assert!(!v.is_known());
        assert_eq!(v.ty(), Type::String);
        let v = ok("jsonencode", vec![Value::unknown_dynamic()]);
        assert!(!v.is_known());
        // Sensitive arguments give a sensitive result.
        let v = ok("jsonencode", vec![s("x").mark_sensitive()]);
        assert!(v.is_sensitive());
    }

    #[test]
    fn yamldecode_public_cases() {
        // Public case 110.
        let v = ok("yamldecode", vec![s("hello: world\nn: 1\nf: 1.5\nb: true")]);
        assert_eq!(json(&v), r#"{"b":true,"f":1.5,"false":1,"hello":"world"}"#);
        assert_eq!(ty(&v), r#"["object",{"b":"bool","f":"number","false":"number","hello":"string"}]"#);
        let v = ok("yamldecode", vec![s("- a\n- b\n- 3")]);
        assert_eq!((json(&v), ty(&v)), (r#"["a","b",3]"#.into(), r#"["tuple",["string","string","number"]]"#.into()));
        assert_eq!(ok_str("yamldecode", vec![s("just a string")]), "just a string");
        let v = ok("yamldecode", vec![s("a:\n  b:\n    - x\n    - y: z")]);
        assert_eq!(json(&v), r#"{"a":{"b":["x",{"true":"z"}]}}"#);
        let v = ok("yamldecode", vec![s("{a: [1, 2], b: {c: d}}")]);
        assert_eq!(ty(&v), r#"["object",{"a":["tuple",["number","number"]],"b":["object",{"c":"string"}]}]"#);
        let v = ok("yamldecode", vec![s("a: null\nb: ~\nc:")]);
        assert_eq!((json(&v), ty(&v)), (r#"{"a":null,"b":null,"c":null}"#.into(), r#"["object",{"a":"dynamic","b":"dynamic","c":"dynamic"}]"#.into()));
        // Public case 112.
        assert_eq!(call_err("yamldecode", vec![s("a: 1\n---\nb: 2\n")]), "on line 1, column 1: unexpected extra content after value");
    }

    #[test]
    fn yamldecode_scalars() {
        let d = |x: &str| json(&ok("yamldecode", vec![s(x)]));
        assert_eq!(d("0x10"), "16");
        assert_eq!(d("0o17"), "15");
        assert_eq!(d("012"), "12");
        assert_eq!(d("0777"), "777");
        assert_eq!(d("1_000"), "1000");
        assert_eq!(d("+1"), "1");
        assert_eq!(d("1e3"), "1000");
        assert_eq!(d(".5"), "0.5");
        assert_eq!(d("."), "\".\"");
        assert_eq!(d("1."), "1");
        assert_eq!(d("-0x10"), "-16");
        assert_eq!(d("0x_1F"), "31");
        assert_eq!(d("1_0.5"), "\"1_0.5\"");
        assert_eq!(d("0b101"), "\"0b101\"");
        assert_eq!(d("1:20"), "\"1:20\"");
        assert_eq!(d("+inf"), "\"+inf\"");
        assert_eq!(d("Inf"), "\"Inf\"");
        assert_eq!(d("1234567890123"), "1234567890123");
        assert_eq!(d("0xFFFFFFFF"), "4294967295");
        assert_eq!(d("2001-12-14"), "\"2001-12-14T00:00:00Z\"");
        assert_eq!(d("2001-12-14 21:59:43.10"), "\"2001-12-14T21:59:43Z\"");
        assert_eq!(d("2001-12-14t21:59:43.10-05:00"), "\"2001-12-14T21:59:43-05:00\"");
        assert_eq!(d("2001-1-2"), "\"2001-01-02T00:00:00Z\"");
        assert_eq!(d("2001-13-14"), "\"2001-13-14\"");
        assert_eq!(d("-2001-01-01"), "\"-2001-01-01\"");
        assert_eq!(d("\"yes\""), "\"yes\"");
        assert_eq!(d("'1'"), "\"1\"");
        for t in ["y", "Yes", "on", "TRUE"] {
            assert_eq!(d(t), "true");
        }
        for f in ["n", "NO", "off", "False"] {
            assert_eq!(d(f), "false");
        }
        assert_eq!(d("!!binary aGVsbG8="), "\"aGVsbG8=\"");
        assert_eq!(d("!!str 1"), "\"1\"");
        assert_eq!(d("!!int \"12\""), "\"12\"");
        assert_eq!(d("!!float 0x1F"), "31");
        assert_eq!(d("!!bool yes"), "true");
        assert_eq!(d("!!timestamp 2001-01-01"), "\"2001-01-01T00:00:00Z\"");
        assert_eq!(d("a: !!null x"), r#"{"a":null}"#);
        assert_eq!(d("a:b"), "\"a:b\"");
        assert_eq!(d("  hello  "), "\"hello\"");
        assert_eq!(d("a: 1 # c"), r#"{"a":1}"#);
        assert_eq!(d("- \n- ~"), "[null,null]");
        assert_eq!(d("{}"), "{}");
        assert_eq!(d("[]"), "[]");
        assert_eq!(d("- <<"), r#"["\u003c\u003c"]"#);
        let inf = ok("yamldecode", vec![s(".inf")]);
        assert!(inf.as_number().is_some_and(|n| n.is_infinite() && !n.is_negative()));
        let ninf = ok("yamldecode", vec![s("-.Inf")]);
        assert!(ninf.as_number().is_some_and(|n| n.is_infinite() && n.is_negative()));
    }

    #[test]
    fn yamldecode_structures() {
        let d = |x: &str| json(&ok("yamldecode", vec![s(x)]));
        assert_eq!(d("\"y\": 1"), r#"{"y":1}"#);
        assert_eq!(d("'y': 1"), r#"{"y":1}"#);
        assert_eq!(d("y: 1\n1.0: 2\ntrue: 3\n~x: 4"), r#"{"1":2,"true":3,"~x":4}"#);
        assert_eq!(d("yes: 1\nno: 2"), r#"{"false":2,"true":1}"#);
        assert_eq!(d("1: a"), r#"{"1":"a"}"#);
        assert_eq!(d("a: &x [1, 2]\nb: *x"), r#"{"a":[1,2],"b":[1,2]}"#);
        assert_eq!(d("a: &x {p: 1}\nb:\n  <<: *x\n  q: 2"), r#"{"a":{"p":1},"b":{"p":1,"q":2}}"#);
        assert_eq!(d("a: &x {p: 1, q: 1}\nb:\n  q: 2\n  <<: *x"), r#"{"a":{"p":1,"q":1},"b":{"p":1,"q":1}}"#);
        assert_eq!(d("a: |\n  x\n  y\nb: >\n  x\n  y\n"), r#"{"a":"x\ny\n","b":"x y\n"}"#);
        assert_eq!(d("a: |+\n  x\n\nb: 1"), r#"{"a":"x\n\n","b":1}"#);
        assert_eq!(d("a: |2\n   x\n"), r#"{"a":" x\n"}"#);
        assert_eq!(d("? a\n: b"), r#"{"a":"b"}"#);
        assert_eq!(d("[a: 1]"), r#"[{"a":1}]"#);
        assert_eq!(d("{a: {b: [1, {c: d}]}}"), r#"{"a":{"b":[1,{"c":"d"}]}}"#);
        assert_eq!(d("%YAML 1.1\n---\na: 1"), r#"{"a":1}"#);
        assert_eq!(d("---\na: 1\n...\n"), r#"{"a":1}"#);
        assert_eq!(d("a: 1\na: 2"), r#"{"a":2}"#);
        assert_eq!(d("\"a\\tb\\u00e9\\x41\""), "\"a\\tbéA\"");
        // go-yaml leniencies and strictness that yaml-rust2 does not share.
        assert_eq!(d("\u{feff}a: 1\n"), r#"{"a":1}"#);
        assert_eq!(d(".inf: x\n-.inf: y\n"), r#"{"+Inf":"x","-Inf":true}"#);
        assert_eq!(d("a:\tb\n"), r#"{"a":"b"}"#);
        assert_eq!(d("a: \"\\'\"\n"), r#"{"a":"'"}"#);
        assert_eq!(d("a: 1\r\nb: 2\r\n"), r#"{"a":1,"b":2}"#);
        // A null document is unknown in Terraform 1.0.3.
        for src in ["~", "null", "---"] {
            let v = ok("yamldecode", vec![s(src)]);
            assert!(!v.is_known(), "{src}");
        }
    }

    #[test]
    fn yamldecode_errors() {
        let e = |x: &str| call_err("yamldecode", vec![s(x)]);
        assert_eq!(e(".nan"), "floating point NaN is not supported");
        assert_eq!(e(""), "on line 1, column 1: missing start of document");
        assert_eq!(e("# just a comment"), "on line 1, column 1: missing start of document");
        assert_eq!(e("   "), "on line 1, column 1: missing start of document");
        assert_eq!(e("---\na: 1\n---\n"), "on line 2, column 1: unexpected extra content after value");
        assert_eq!(e("~: 1"), "mapping key cannot be null");
        assert_eq!(e("[1]: 2"), "only strings are allowed as mapping keys");
        assert_eq!(e("*x"), "reference to undefined anchor \"x\"");
        assert_eq!(e("&a [*a]"), "cannot refer to anchor \"a\" from inside its own definition");
        assert_eq!(e("!foo bar"), "unsupported tag \"!foo\"");
        assert_eq!(e("!!set {a, b}"), "can't interpret mapping as tag:yaml.org,2002:set");
        assert_eq!(e("!!omap [a: 1]"), "can't interpret sequence as tag:yaml.org,2002:omap");
        assert_eq!(e("a: &x {p: 1}\nb:\n  <<: [*x]"), "on line 2, column 3: cannot merge tuple into mapping");
        assert_eq!(e("\"<<\": 1"), "cannot merge number into mapping");
        assert_eq!(e("0xFFFFFFFFFFFFFFFFFF"), "cannot parse \"0xFFFFFFFFFFFFFFFFFF\" as tag:yaml.org,2002:int");
        assert_eq!(e("!!int abc"), "cannot parse \"abc\" as tag:yaml.org,2002:int");
        assert_eq!(e("!!bool abc"), "cannot parse \"abc\" as tag:yaml.org,2002:bool");
        assert_eq!(e("!!timestamp x"), "cannot parse \"x\" as tag:yaml.org,2002:timestamp");
        assert_eq!(e("!!binary x!"), "cannot parse \"x!\" as tag:yaml.org,2002:binary: not valid base64");
        assert_eq!(e("%YAML 1.2\n---\na: 1\n"), "found incompatible YAML document");
        assert_eq!(e("a: \"\\/\"\n"), "found unknown escape character");
        assert_eq!(e("a: 1\nb: \"\\q\"\n"), "on line 2, column 1: found unknown escape character");
        assert_eq!(e("a: b: c"), "mapping values are not allowed in this context");
        assert_eq!(e("a: 'x\n"), "on line 2, column 1: found unexpected end of stream");
        assert_eq!(e("@foo"), "found character that cannot start any token");
        assert_eq!(e("a: [1, 2"), "on line 1, column 1: did not find expected ',' or ']'");
        // Syntax errors come from the YAML parser; only the kind is comparable.
        let _ = e("a: [1");
        let _ = e("a:\n\tb: 1");
    }

    #[test]
    fn yamlencode_cases() {
        let y = |v: Value| ok_str("yamlencode", vec![v]);
        // Public case 109.
        let o = obj(&[("a", s("true")), ("b", s("yes")), ("c", s("no")), ("d", s("null"))]);
        assert_eq!(y(o), "\"a\": \"true\"\n\"b\": \"yes\"\n\"c\": \"no\"\n\"d\": \"null\"\n");
        let o = obj(&[("a", s("1")), ("b", s("1.5")), ("c", s("0x10"))]);
        assert_eq!(y(o), "\"a\": \"1\"\n\"b\": \"1.5\"\n\"c\": \"0x10\"\n");
        let o = obj(&[("a", s("")), ("b", s("a: b")), ("c", s("- x")), ("d", s("#c"))]);
        assert_eq!(y(o), "\"a\": \"\"\n\"b\": \"a: b\"\n\"c\": \"- x\"\n\"d\": \"#c\"\n");
        assert_eq!(y(obj(&[("text", s("line1\nline2\n"))])), "\"text\": |\n  line1\n  line2\n");
        assert_eq!(y(obj(&[("u", s("héllo"))])), "\"u\": \"héllo\"\n");
        assert_eq!(y(obj(&[("n", n("1234567890123"))])), "\"n\": 1234567890123\n");
        // Scalars at the root.
        assert_eq!(y(n("1")), "1\n...\n");
        assert_eq!(y(s("a")), "\"a\"\n");
        assert_eq!(y(Value::null_dynamic()), "null\n...\n");
        assert_eq!(y(Value::bool(true)), "true\n...\n");
        // Collections.
        assert_eq!(y(Value::tuple(vec![s("a"), n("1"), Value::bool(true), Value::null_dynamic()])), "- \"a\"\n- 1\n- true\n- null\n");
        let nested = obj(&[
            ("a", Value::tuple(vec![n("1"), n("2")])),
            ("b", obj(&[("c", s("d")), ("e", Value::empty_tuple())])),
            ("f", Value::empty_object()),
        ]);
        assert_eq!(y(nested), "\"a\":\n- 1\n- 2\n\"b\":\n  \"c\": \"d\"\n  \"e\": []\n\"f\": {}\n");
        let ll = Value::tuple(vec![Value::tuple(vec![n("1"), n("2")]), Value::tuple(vec![n("3")]), Value::empty_tuple()]);
        assert_eq!(y(ll), "- - 1\n  - 2\n- - 3\n- []\n");
        let lm = Value::tuple(vec![obj(&[("a", n("1")), ("b", n("2"))]), Value::empty_object()]);
        assert_eq!(y(lm), "- \"a\": 1\n  \"b\": 2\n- {}\n");
        let deep = obj(&[("a", obj(&[("b", obj(&[("c", Value::tuple(vec![obj(&[("d", Value::tuple(vec![n("1")]))])]))]))]))]);
        assert_eq!(y(deep), "\"a\":\n  \"b\":\n    \"c\":\n    - \"d\":\n      - 1\n");
        assert_eq!(y(obj(&[("a", Value::tuple(vec![Value::tuple(vec![n("1")])]))])), "\"a\":\n- - 1\n");
        assert_eq!(y(Value::set(Type::String, vec![s("b"), s("a")])), "- \"a\"\n- \"b\"\n");
        assert_eq!(y(Value::tuple(vec![n("1.5"), n("-3"), n("0.1")])), "- 1.5\n- -3\n- 0.1\n");
        // Long strings are folded at spaces past column 80.
        let long = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt";
        assert_eq!(
            y(obj(&[("a", s(long))])),
            "\"a\": \"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr ssss tttt\"\n"
        );
        assert_eq!(
            y(s(long)),
            "\"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq\n  rrrr ssss tttt\"\n"
        );
        let dbl = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp  qqqq rrrr ssss tttt uuuu vvvv wwww";
        assert_eq!(
            y(Value::tuple(vec![s(dbl)])),
            "- \"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  \\ qqqq rrrr ssss tttt uuuu vvvv wwww\"\n"
        );
        // Block scalar hints and fallbacks.
        assert_eq!(y(obj(&[("a", s("x\ny"))])), "\"a\": |-\n  x\n  y\n");
        assert_eq!(y(obj(&[("a", s("x\n\n"))])), "\"a\": |+\n  x\n\n");
        assert_eq!(y(obj(&[("a", s("\nx"))])), "\"a\": |2-\n\n  x\n");
        assert_eq!(y(obj(&[("a", s(" x\ny"))])), "\"a\": |2-\n   x\n  y\n");
        assert_eq!(y(obj(&[("a", s("x \ny"))])), "\"a\": \"x \\ny\"\n");
        assert_eq!(y(obj(&[("a", s("x\ty\nz"))])), "\"a\": \"x\\ty\\nz\"\n");
        assert_eq!(y(s("x\ny\n")), "|\n  x\n  y\n");
        assert_eq!(y(s("x\ny\n\n")), "|+\n  x\n  y\n\n");
        assert_eq!(y(Value::tuple(vec![s("x\ny")])), "- |-\n  x\n  y\n");
        assert_eq!(y(obj(&[("a", s("\n"))])), "\"a\": |2+\n\n");
        // Escapes.
        let esc = obj(&[
            ("a", s("tab\there")),
            ("b", s("q\"uote")),
            ("c", s("back\\slash")),
            ("d", s("\u{7}")),
            ("e", s("😀")),
            ("f", s("\u{a0}")),
            ("g", s("\u{85}")),
        ]);
        assert_eq!(
            y(esc),
            "\"a\": \"tab\\there\"\n\"b\": \"q\\\"uote\"\n\"c\": \"back\\\\slash\"\n\"d\": \"\\a\"\n\"e\": \"\\U0001F600\"\n\"f\": \"\u{a0}\"\n\"g\": \"\\N\"\n"
        );
        // Keys.
        assert_eq!(y(obj(&[("a b", n("1")), ("", n("2")), ("x:y", n("3"))])), "\"\": 2\n\"a b\": 1\n\"x:y\": 3\n");
        assert_eq!(y(obj(&[("a\nb", n("1"))])), "? |-\n  a\n  b\n: 1\n");
        let k = "k".repeat(129);
        assert_eq!(y(obj(&[(k.as_str(), n("1"))])), format!("? \"{k}\"\n: 1\n"));
        // Unknown values cannot be serialized.
        let v = obj(&[("a", Value::unknown(Type::String))]);
        assert_eq!(call_err("yamlencode", vec![v]), "cannot serialize unknown value as YAML");
        assert!(!ok("yamlencode", vec![Value::unknown_dynamic()]).is_known());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let r = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(|| {
                let ok_depth = format!("{}1{}", "[".repeat(500), "]".repeat(500));
                let v = call("jsondecode", vec![s(&ok_depth)]).unwrap();
                // yaml-rust2 allows 255 levels of flow nesting.
                let yaml_depth = format!("{}1{}", "[".repeat(250), "]".repeat(250));
                assert!(call("yamldecode", vec![s(&yaml_depth)]).is_ok());
                assert!(call("yamlencode", vec![v.clone()]).is_ok());
                assert!(call("jsonencode", vec![v]).is_ok());
                let too_deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
                assert!(call("jsondecode", vec![s(&too_deep)]).is_err());
                assert!(call("yamldecode", vec![s(&too_deep)]).is_err());
            })
            .unwrap()
            .join();
        assert!(r.is_ok());
    }


    #[test]
    fn yaml_roundtrip_decodes_what_it_encodes() {
        let v = obj(&[("list", strs(&["a", "b"])), ("n", n("3")), ("text", s("l1\nl2\n"))]);
        let text = ok_str("yamlencode", vec![v.clone()]);
        let back = ok("yamldecode", vec![s(&text)]);
        assert_eq!(json(&back), json(&v));
    }
}
