//! Date and time functions: `formatdate`, `timeadd` and `timestamp`.
//!
//! Timestamps are parsed the way Go's `time.Parse(time.RFC3339, ...)` parses them
//! (including its leniencies, such as one-digit hours), and parse failures are
//! reworded the way cty's `parseTimestamp` rewords them. Durations follow Go's
//! `time.ParseDuration`. (`timecmp` and `plantimestamp` came after Terraform 1.0.3
//! and are deliberately absent.)

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use terrace_provider::{Type, Value};

use super::{FuncError, Function, Host, Param, Registry};

pub fn register(r: &mut Registry) {
    r.add(
        Function::new("formatdate", formatdate)
            .param(Param::new("format", Type::String))
            .param(Param::new("time", Type::String))
            .returns(Type::String),
    );
    r.add(
        Function::new("timeadd", timeadd)
            .param(Param::new("timestamp", Type::String))
            .param(Param::new("duration", Type::String))
            .returns(Type::String),
    );
    r.add(Function::new("timestamp", timestamp).returns(Type::String));
}

fn arg_str(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

/// A parsed timestamp: wall-clock fields in the timestamp's own UTC offset.
#[derive(Debug, Clone, PartialEq)]
struct Timestamp {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    min: u32,
    sec: u32,
    nsec: u32,
    /// Seconds east of UTC.
    offset: i64,
}

/// Go's `time.ParseError`, reduced to what cty looks at.
#[derive(Debug)]
struct ParseError {
    layout_elem: &'static str,
    value_elem: String,
    message: String,
}

pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) {
                29
            } else {
                28
            }
        }
        _ => 0,
    }
}

/// Go's `time.atoi`: an optional sign and decimal digits.
pub(super) fn go_atoi(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// Formats a UTC offset as RFC 3339 does: `Z` for zero, else `±hh:mm`.
pub(super) fn format_offset_rfc3339(offset: i64) -> String {
    if offset == 0 {
        "Z".to_string()
    } else {
        format_offset(offset, true)
    }
}

/// `-0700` or `-07:00` style offsets (Go's formatting, minutes truncated).
fn format_offset(offset: i64, colon: bool) -> String {
    let mut zone = offset / 60;
    let sign = if zone < 0 {
        zone = -zone;
        '-'
    } else {
        '+'
    };
    if colon {
        format!("{sign}{:02}:{:02}", zone / 60, zone % 60)
    } else {
        format!("{sign}{:02}{:02}", zone / 60, zone % 60)
    }
}

/// Go's year formatting for layouts with `2006`.
fn format_year(y: i64) -> String {
    if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &str, fixed: bool) -> Result<(u32, &str), ()> {
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() {
        return Err(());
    }
    if b.len() < 2 || !b[1].is_ascii_digit() {
        if fixed {
            return Err(());
        }
        return Ok(((b[0] - b'0') as u32, &s[1..]));
    }
    Ok((((b[0] - b'0') * 10 + (b[1] - b'0')) as u32, &s[2..]))
}

/// `time.Parse(time.RFC3339, value)`.
fn parse_rfc3339(value: &str) -> Result<Timestamp, ParseError> {
    let err = |layout_elem: &'static str, value_elem: &str, message: &str| ParseError {
        layout_elem,
        value_elem: value_elem.to_string(),
        message: message.to_string(),
    };
    let mut v = value;
    let mut t = Timestamp { year: 0, month: 0, day: 0, hour: 0, min: 0, sec: 0, nsec: 0, offset: 0 };
    // A literal separator.
    fn lit(v: &str, sep: char) -> Option<&str> {
        v.strip_prefix(sep)
    }

    // 2006
    if v.len() < 4 || !v.as_bytes()[0].is_ascii_digit() {
        return Err(err("2006", v, ""));
    }
    let (p, rest) = if v.is_char_boundary(4) { v.split_at(4) } else { return Err(err("2006", v, "")) };
    v = rest;
    t.year = go_atoi(p).ok_or_else(|| err("2006", v, ""))?;
    // -01
    v = lit(v, '-').ok_or_else(|| err("-", v, ""))?;
    let (m, rest) = getnum(v, true).map_err(|_| err("01", v, ""))?;
    v = rest;
    if !(1..=12).contains(&m) {
        return Err(err("01", v, ": month out of range"));
    }
    t.month = m;
    // -02
    v = lit(v, '-').ok_or_else(|| err("-", v, ""))?;
    let (d, rest) = getnum(v, true).map_err(|_| err("02", v, ""))?;
    v = rest;
    t.day = d;
    // T15
    v = lit(v, 'T').ok_or_else(|| err("T", v, ""))?;
    let (h, rest) = getnum(v, false).map_err(|_| err("15", v, ""))?;
    v = rest;
    if h >= 24 {
        return Err(err("15", v, ": hour out of range"));
    }
    t.hour = h;
    // :04
    v = lit(v, ':').ok_or_else(|| err(":", v, ""))?;
    let (mi, rest) = getnum(v, true).map_err(|_| err("04", v, ""))?;
    v = rest;
    if mi >= 60 {
        return Err(err("04", v, ": minute out of range"));
    }
    t.min = mi;
    // :05 with an optional fraction.
    v = lit(v, ':').ok_or_else(|| err(":", v, ""))?;
    let (s, rest) = getnum(v, true).map_err(|_| err("05", v, ""))?;
    v = rest;
    if s >= 60 {
        return Err(err("05", v, ": second out of range"));
    }
    t.sec = s;
    let vb = v.as_bytes();
    if vb.len() >= 2 && vb[0] == b'.' && vb[1].is_ascii_digit() {
        let mut n = 2;
        while n < vb.len() && vb[n].is_ascii_digit() {
            n += 1;
        }
        let digits = &v[1..n];
        v = &v[n..];
        match digits.parse::<u64>() {
            Ok(ns) if ns < 1_000_000_000 && digits.len() <= 9 => {
                let mut ns = ns;
                for _ in digits.len()..9 {
                    ns *= 10;
                }
                t.nsec = ns as u32;
            }
            _ => return Err(err("05", v, ": fractional second out of range")),
        }
    }
    // Z07:00
    if let Some(rest) = v.strip_prefix('Z') {
        v = rest;
    } else {
        let b = v.as_bytes();
        if b.len() < 6 || b[3] != b':' || !v.is_char_boundary(1) || !v.is_char_boundary(3) || !v.is_char_boundary(4) || !v.is_char_boundary(6) {
            return Err(err("Z07:00", v, ""));
        }
        let hr = go_atoi(&v[1..3]);
        let mm = go_atoi(&v[4..6]);
        let rest = &v[6..];
        let (Some(hr), Some(mm)) = (hr, mm) else { return Err(err("Z07:00", rest, "")) };
        let off = (hr * 60 + mm) * 60;
        t.offset = match b[0] {
            b'+' => off,
            b'-' => -off,
            _ => return Err(err("Z07:00", rest, "")),
        };
        v = rest;
    }
    if !v.is_empty() {
        return Err(err("", v, &format!(": extra text: {v}")));
    }
    if t.day < 1 || t.day > days_in_month(t.year, t.month) {
        return Err(err("", "", ": day out of range"));
    }
    Ok(t)
}

/// cty's rewording of Go's timestamp parse errors.
fn timestamp_error(e: &ParseError) -> String {
    if e.layout_elem.is_empty() && e.value_elem.is_empty() && !e.message.is_empty() {
        return format!("not a valid RFC3339 timestamp{}", e.message);
    }
    let what = match e.layout_elem {
        "2006" => "year",
        "01" => "month",
        "02" => "day of month",
        "15" => "hour",
        "04" => "minute",
        "05" => "second",
        "Z07:00" => "UTC offset",
        "T" => return "not a valid RFC3339 timestamp: missing required time introducer 'T'".to_string(),
        ":" | "-" => {
            return if e.value_elem.is_empty() {
                format!("not a valid RFC3339 timestamp: end of string where {:?} is expected", e.layout_elem)
            } else {
                format!(
                    "not a valid RFC3339 timestamp: found {} where {:?} is expected",
                    super::encoding::go_quote(&e.value_elem),
                    e.layout_elem
                )
            };
        }
        _ => "timestamp segment",
    };
    if e.value_elem.is_empty() {
        format!("not a valid RFC3339 timestamp: end of string before {what}")
    } else {
        format!("not a valid RFC3339 timestamp: cannot use {} as {what}", super::encoding::go_quote(&e.value_elem))
    }
}

fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    parse_rfc3339(s).map_err(|e| timestamp_error(&e))
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn weekday(t: &Timestamp) -> &'static str {
    let days = days_from_civil(t.year, t.month, t.day);
    // 1970-01-01 was a Thursday (index 3).
    let idx = (days + 3).rem_euclid(7) as usize;
    WEEKDAYS[idx]
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The length of the next token of a date format (cty's `splitDateFormat`).
fn next_format_token(data: &[u8]) -> Option<usize> {
    const ESC: u8 = b'\'';
    let is_verb = |b: u8| b.is_ascii_alphabetic();
    if data.is_empty() {
        return None;
    }
    if data[0] == ESC {
        if data.len() > 1 && data[1] == ESC {
            return Some(2);
        }
        let mut i = 1;
        while i < data.len() {
            if data[i] == ESC {
                if i + 1 == data.len() {
                    // At the end of the input the quote terminates the literal.
                    return Some(data.len());
                }
                if data[i + 1] == ESC {
                    i += 2;
                    continue;
                }
                return Some(i + 1);
            }
            i += 1;
        }
        return Some(data.len());
    }
    if is_verb(data[0]) {
        let rep = data[0];
        return Some(data.iter().position(|&b| b != rep).unwrap_or(data.len()));
    }
    Some(data.iter().skip(1).position(|&b| b == ESC || is_verb(b)).map(|p| p + 1).unwrap_or(data.len()))
}

fn format_date(format: &str, t: &Timestamp) -> Result<String, FuncError> {
    let bytes = format.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(format.len() + 16);
    let mut pos = 0;
    let verb_err = |tok: &[u8], rule: &str| {
        let tok = String::from_utf8_lossy(tok);
        if rule.is_empty() {
            FuncError::arg(0, format!("invalid date format verb {}", super::encoding::go_quote(&tok)))
        } else {
            FuncError::arg(0, format!("invalid date format verb {}: {rule}", super::encoding::go_quote(&tok)))
        }
    };
    while pos < bytes.len() {
        let Some(n) = next_format_token(&bytes[pos..]) else { break };
        let tok = &bytes[pos..pos + n];
        pos += n;
        if tok[0] == b'\'' {
            if tok.len() == 1 || tok[tok.len() - 1] != b'\'' {
                return Err(FuncError::arg(0, "unterminated literal '"));
            }
            if tok.len() == 2 {
                out.push(b'\'');
            } else {
                let raw = &tok[1..tok.len() - 1];
                let mut i = 0;
                while i < raw.len() {
                    out.push(raw[i]);
                    if raw[i] == b'\'' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            continue;
        }
        if !tok[0].is_ascii_alphabetic() {
            out.extend_from_slice(tok);
            continue;
        }
        let len = tok.len();
        let text = match tok[0] {
            b'Y' => match len {
                2 => format!("{:02}", t.year % 100),
                4 => format!("{:04}", t.year),
                _ => return Err(verb_err(tok, "year must either be \"YY\" or \"YYYY\"")),
            },
            b'M' => match len {
                1 => t.month.to_string(),
                2 => format!("{:02}", t.month),
                3 => MONTHS[t.month as usize - 1][..3].to_string(),
                4 => MONTHS[t.month as usize - 1].to_string(),
                _ => return Err(verb_err(tok, "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"")),
            },
            b'D' => match len {
                1 => t.day.to_string(),
                2 => format!("{:02}", t.day),
                _ => return Err(verb_err(tok, "day of month must either be \"D\" or \"DD\"")),
            },
            b'E' => match len {
                3 => weekday(t)[..3].to_string(),
                4 => weekday(t).to_string(),
                _ => return Err(verb_err(tok, "day of week must either be \"EEE\" or \"EEEE\"")),
            },
            b'h' => match len {
                1 => t.hour.to_string(),
                2 => format!("{:02}", t.hour),
                _ => return Err(verb_err(tok, "24-hour must either be \"h\" or \"hh\"")),
            },
            b'H' => {
                let h = if t.hour.is_multiple_of(12) { 12 } else { t.hour % 12 };
                match len {
                    1 => h.to_string(),
                    2 => format!("{h:02}"),
                    _ => return Err(verb_err(tok, "12-hour must either be \"H\" or \"HH\"")),
                }
            }
            b'A' | b'a' => {
                if len != 2 {
                    let c = tok[0] as char;
                    return Err(verb_err(tok, &format!("must be \"{c}{c}\"")));
                }
                let pm = t.hour >= 12;
                match (tok[0] == b'A', pm) {
                    (true, false) => "AM".to_string(),
                    (true, true) => "PM".to_string(),
                    (false, false) => "am".to_string(),
                    (false, true) => "pm".to_string(),
                }
            }
            b'm' => match len {
                1 => t.min.to_string(),
                2 => format!("{:02}", t.min),
                _ => return Err(verb_err(tok, "minute must either be \"m\" or \"mm\"")),
            },
            b's' => match len {
                1 => t.sec.to_string(),
                2 => format!("{:02}", t.sec),
                _ => return Err(verb_err(tok, "second must either be \"s\" or \"ss\"")),
            },
            b'Z' => match len {
                1 => format_offset_rfc3339(t.offset),
                3 => {
                    let s = format_offset(t.offset, false);
                    if s == "+0000" {
                        "UTC".to_string()
                    } else {
                        s
                    }
                }
                4 => format_offset(t.offset, false),
                5 => format_offset(t.offset, true),
                _ => return Err(verb_err(tok, "timezone must be Z, ZZZZ, or ZZZZZ")),
            },
            _ => return Err(verb_err(tok, "")),
        };
        out.extend_from_slice(text.as_bytes());
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn formatdate(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let t = parse_timestamp(arg_str(&args, 1)).map_err(|e| FuncError::arg(1, e))?;
    format_date(arg_str(&args, 0), &t).map(Value::string)
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration \"{orig}\"");
    let mut s = orig;
    let mut neg = false;
    if let Some(c) = s.as_bytes().first() {
        if *c == b'-' || *c == b'+' {
            neg = *c == b'-';
            s = &s[1..];
        }
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut d: i64 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // Leading integer.
        let mut i = 0;
        let mut v: i64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            if v > i64::MAX / 10 {
                return Err(invalid());
            }
            v = v.wrapping_mul(10).wrapping_add((b[i] - b'0') as i64);
            if v < 0 {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = i > 0;
        s = &s[i..];
        // Fraction.
        let mut post = false;
        let (mut f, mut scale) = (0i64, 1f64);
        if s.as_bytes().first() == Some(&b'.') {
            s = &s[1..];
            let b = s.as_bytes();
            let mut j = 0;
            let mut overflow = false;
            while j < b.len() && b[j].is_ascii_digit() {
                if !overflow {
                    if f > i64::MAX / 10 {
                        overflow = true;
                    } else {
                        let y = f.wrapping_mul(10).wrapping_add((b[j] - b'0') as i64);
                        if y < 0 {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                j += 1;
            }
            post = j > 0;
            s = &s[j..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        // Unit.
        let ub = s.as_bytes();
        let mut k = 0;
        while k < ub.len() && !(ub[k] == b'.' || ub[k].is_ascii_digit()) {
            k += 1;
        }
        if k == 0 {
            return Err(format!("time: missing unit in duration \"{orig}\""));
        }
        let u = &s[..k];
        s = &s[k..];
        let unit: i64 = match u {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit \"{u}\" in duration \"{orig}\"")),
        };
        if v > i64::MAX / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v = v.wrapping_add((f as f64 * (unit as f64 / scale)) as i64);
            if v < 0 {
                return Err(invalid());
            }
        }
        d = d.wrapping_add(v);
        if d < 0 {
            return Err(invalid());
        }
    }
    Ok(if neg { -d } else { d })
}

fn timeadd(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let t = parse_timestamp(arg_str(&args, 0)).map_err(FuncError::call)?;
    let dur = parse_duration(arg_str(&args, 1)).map_err(FuncError::call)?;
    let date = NaiveDate::from_ymd_opt(t.year as i32, t.month, t.day).ok_or_else(|| FuncError::call("invalid date"))?;
    let local = date
        .and_hms_nano_opt(t.hour, t.min, t.sec, t.nsec)
        .ok_or_else(|| FuncError::call("invalid time"))?;
    let out = local
        .checked_add_signed(Duration::nanoseconds(dur))
        .ok_or_else(|| FuncError::call("time out of range"))?;
    Ok(Value::string(format_rfc3339(&out, t.offset)))
}

/// RFC 3339 without fractional seconds, for a local wall-clock time at `offset`.
fn format_rfc3339(dt: &NaiveDateTime, offset: i64) -> String {
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
        format_year(dt.year() as i64),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        format_offset_rfc3339(offset)
    )
}

fn timestamp(_h: &dyn Host, _args: Vec<Value>) -> Result<Value, FuncError> {
    let now = chrono::Utc::now().naive_utc();
    Ok(Value::string(format_rfc3339(&now, 0)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{call, s};
    use super::*;

    fn fd(format: &str, time: &str) -> Result<String, FuncError> {
        call("formatdate", vec![s(format), s(time)]).map(|v| v.as_str().unwrap_or_default().to_string())
    }
    fn ta(time: &str, dur: &str) -> Result<String, FuncError> {
        call("timeadd", vec![s(time), s(dur)]).map(|v| v.as_str().unwrap_or_default().to_string())
    }
    fn arg_msg(r: Result<String, FuncError>) -> (usize, String) {
        match r {
            Err(FuncError::Arg { index, message }) => (index, message),
            other => panic!("expected argument error, got {other:?}"),
        }
    }
    fn call_msg(r: Result<String, FuncError>) -> String {
        match r {
            Err(FuncError::Call(m)) => m,
            other => panic!("expected call error, got {other:?}"),
        }
    }

    #[test]
    fn formatdate_public_cases() {
        // Public case 136.
        assert_eq!(fd("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z").unwrap(), "02 Jan 2018 23:12 UTC");
        assert_eq!(fd("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z").unwrap(), "Tuesday, 02-Jan-18 23:12:01 UTC");
        assert_eq!(fd("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00").unwrap(), "Tue, 02 Jan 2018 23:12:01 -0800");
        assert_eq!(fd("h:mm aa", "2018-01-02T23:12:01-08:00").unwrap(), "23:12 pm");
        assert_eq!(fd("H:mm AA", "2018-01-02T03:04:05Z").unwrap(), "3:04 AM");
        assert_eq!(fd("YYYY-MM-DD'T'hh:mm:ssZ", "2018-01-02T23:12:01Z").unwrap(), "2018-01-02T23:12:01Z");
        assert_eq!(fd("'o''clock' h", "2018-01-02T03:12:01Z").unwrap(), "o'clock 3");
        assert_eq!(fd("Z ZZZZ ZZZZZ", "2018-01-02T23:12:01+05:30").unwrap(), "+05:30 +0530 +05:30");
        assert_eq!(fd("ZZZZZ ZZZZ", "2018-01-02T23:12:01Z").unwrap(), "+00:00 +0000");
        assert_eq!(fd("M/D/YY", "2018-01-02T23:12:01Z").unwrap(), "1/2/18");
        assert_eq!(fd("hh:mm:ss", "2018-01-02T23:12:01.999Z").unwrap(), "23:12:01");
        // Public case 137.
        let (i, m) = arg_msg(fd("YYYY", "2018-01-02 23:12:01"));
        assert_eq!(i, 1);
        assert_eq!(m, "not a valid RFC3339 timestamp: missing required time introducer 'T'");
    }

    #[test]
    fn formatdate_verbs_and_literals() {
        assert_eq!(
            fd("YYYY YY MMMM MMM MM M DD D EEEE EEE hh h HH H AA aa mm m ss s ZZZZZ ZZZZ ZZZ Z", "2018-01-02T03:04:05Z").unwrap(),
            "2018 18 January Jan 01 1 02 2 Tuesday Tue 03 3 03 3 AM am 04 4 05 5 +00:00 +0000 UTC Z"
        );
        assert_eq!(fd("hh h HH H AA aa", "2018-01-02T15:04:05+02:00").unwrap(), "15 15 03 3 PM pm");
        assert_eq!(fd("hh h HH H AA aa", "2018-01-02T00:04:05Z").unwrap(), "00 0 12 12 AM am");
        assert_eq!(fd("hh h HH H AA aa", "2018-01-02T12:04:05Z").unwrap(), "12 12 12 12 PM pm");
        assert_eq!(fd("''", "2018-01-02T12:04:05Z").unwrap(), "'");
        assert_eq!(fd("'a''b'", "2018-01-02T12:04:05Z").unwrap(), "a'b");
        assert_eq!(fd("YYYY/MM-DD, (hh)", "2018-01-02T12:04:05Z").unwrap(), "2018/01-02, (12)");
        assert_eq!(fd("YYYY → MM", "2018-01-02T12:00:00Z").unwrap(), "2018 → 01");
        assert_eq!(fd("MMMM MMM", "2018-09-02T12:00:00Z").unwrap(), "September Sep");
        assert_eq!(fd("ZZZ Z", "2018-01-02T12:04:05-08:00").unwrap(), "-0800 -08:00");
        assert_eq!(fd("Z ZZZ", "2018-01-02T12:00:00+05:45").unwrap(), "+05:45 +0545");
        assert_eq!(fd("Z", "2018-01-02T12:00:00-00:00").unwrap(), "Z");
        assert_eq!(fd("YYYY YY", "0005-01-02T12:00:00Z").unwrap(), "0005 05");
        assert_eq!(fd("YYYY 'ab'", "2018-01-02T12:00:00Z").unwrap(), "2018 ab");
        assert_eq!(fd("'ab' YYYY", "2018-01-02T12:00:00Z").unwrap(), "ab 2018");
        // Lenient hour digits and sign in the offset, as Go parses them.
        assert_eq!(fd("hh", "2018-01-02T1:00:00Z").unwrap(), "01");
        assert_eq!(fd("Z", "2018-01-02T12:00:00+-1:00").unwrap(), "-01:00");
        assert_eq!(fd("ss", "2018-01-02T12:00:59.123456789Z").unwrap(), "59");
    }

    #[test]
    fn formatdate_errors() {
        let verb = |f: &str| arg_msg(fd(f, "2018-01-02T12:04:05Z"));
        assert_eq!(verb("Y"), (0, "invalid date format verb \"Y\": year must either be \"YY\" or \"YYYY\"".into()));
        assert_eq!(verb("YYYYY").1, "invalid date format verb \"YYYYY\": year must either be \"YY\" or \"YYYY\"");
        assert_eq!(verb("MMMMM").1, "invalid date format verb \"MMMMM\": month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"");
        assert_eq!(verb("DDD").1, "invalid date format verb \"DDD\": day of month must either be \"D\" or \"DD\"");
        assert_eq!(verb("EE").1, "invalid date format verb \"EE\": day of week must either be \"EEE\" or \"EEEE\"");
        assert_eq!(verb("hhh").1, "invalid date format verb \"hhh\": 24-hour must either be \"h\" or \"hh\"");
        assert_eq!(verb("HHH").1, "invalid date format verb \"HHH\": 12-hour must either be \"H\" or \"HH\"");
        assert_eq!(verb("A").1, "invalid date format verb \"A\": must be \"AA\"");
        assert_eq!(verb("a").1, "invalid date format verb \"a\": must be \"aa\"");
        assert_eq!(verb("mmm").1, "invalid date format verb \"mmm\": minute must either be \"m\" or \"mm\"");
        assert_eq!(verb("sss").1, "invalid date format verb \"sss\": second must either be \"s\" or \"ss\"");
        assert_eq!(verb("ZZZZZZ").1, "invalid date format verb \"ZZZZZZ\": timezone must be Z, ZZZZ, or ZZZZZ");
        assert_eq!(verb("xyz q").1, "invalid date format verb \"x\"");
        assert_eq!(verb("'abc").1, "unterminated literal '");

        let ts = |t: &str| arg_msg(fd("YYYY", t)).1;
        assert_eq!(ts("2018-01-02"), "not a valid RFC3339 timestamp: missing required time introducer 'T'");
        assert_eq!(ts("2018-01-02T25:00:00Z"), "not a valid RFC3339 timestamp: cannot use \":00:00Z\" as hour");
        assert_eq!(ts("2018-1-02T12:00:00Z"), "not a valid RFC3339 timestamp: cannot use \"1-02T12:00:00Z\" as month");
        assert_eq!(ts("2018-01-02t12:00:00z"), "not a valid RFC3339 timestamp: missing required time introducer 'T'");
        assert_eq!(ts("2018-01-02T12:00:00"), "not a valid RFC3339 timestamp: end of string before UTC offset");
        assert_eq!(ts("2018-02-30T12:00:00Z"), "not a valid RFC3339 timestamp: day out of range");
        assert_eq!(ts("2018-01-02T12:00:00+0800"), "not a valid RFC3339 timestamp: cannot use \"+0800\" as UTC offset");
        assert_eq!(ts(""), "not a valid RFC3339 timestamp: end of string before year");
        assert_eq!(ts("2016-12-31T23:59:60Z"), "not a valid RFC3339 timestamp: cannot use \"Z\" as second");
        assert_eq!(ts("2018-01-02T12:00:00Zabc"), "not a valid RFC3339 timestamp: cannot use \"abc\" as timestamp segment");
        assert_eq!(ts("2018/01/02T12:00:00Z"), "not a valid RFC3339 timestamp: found \"/01/02T12:00:00Z\" where \"-\" is expected");
        assert_eq!(ts("20180-01-02T12:00:00Z"), "not a valid RFC3339 timestamp: found \"0-01-02T12:00:00Z\" where \"-\" is expected");
        assert_eq!(ts("2018-01-02T12:00:01.1234567890Z"), "not a valid RFC3339 timestamp: cannot use \"Z\" as second");
    }

    #[test]
    fn timeadd_cases() {
        assert_eq!(ta("2017-11-22T00:00:00Z", "-1.5h30m0.5s").unwrap(), "2017-11-21T21:59:59Z");
        assert_eq!(ta("2017-11-22T00:00:00+05:30", "10m").unwrap(), "2017-11-22T00:10:00+05:30");
        assert_eq!(ta("2017-11-22T00:00:00.999Z", "1ms").unwrap(), "2017-11-22T00:00:01Z");
        assert_eq!(ta("2017-11-22T00:00:00Z", "1µs1us1ns").unwrap(), "2017-11-22T00:00:00Z");
        assert_eq!(ta("2017-11-22T00:00:00Z", "+1h").unwrap(), "2017-11-22T01:00:00Z");
        assert_eq!(ta("2017-11-22T00:00:00Z", "0").unwrap(), "2017-11-22T00:00:00Z");
        assert_eq!(ta("2017-11-22T00:00:00Z", ".5h").unwrap(), "2017-11-22T00:30:00Z");
        assert_eq!(ta("2017-11-22T00:00:00-00:00", "1h").unwrap(), "2017-11-22T01:00:00Z");
        assert_eq!(ta("2017-12-31T23:00:00Z", "2h").unwrap(), "2018-01-01T01:00:00Z");
        // Public case 139 and other duration errors.
        assert_eq!(call_msg(ta("2017-11-22T00:00:00Z", "1d")), "time: unknown unit \"d\" in duration \"1d\"");
        assert_eq!(call_msg(ta("2017-11-22T00:00:00Z", "abc")), "time: invalid duration \"abc\"");
        assert_eq!(call_msg(ta("2017-11-22T00:00:00Z", "1")), "time: missing unit in duration \"1\"");
        assert_eq!(call_msg(ta("2017-11-22T00:00:00Z", "")), "time: invalid duration \"\"");
        assert_eq!(call_msg(ta("2017-11-22T00:00:00Z", "9999999999h")), "time: invalid duration \"9999999999h\"");
        assert_eq!(
            call_msg(ta("2017-11-22", "1h")),
            "not a valid RFC3339 timestamp: missing required time introducer 'T'"
        );
    }

    #[test]
    fn timestamp_shape() {
        let v = call("timestamp", vec![]).unwrap();
        let t = v.as_str().unwrap().to_string();
        assert_eq!(t.len(), 20);
        assert!(t.ends_with('Z'));
        assert!(parse_rfc3339(&t).is_ok());
    }

    #[test]
    fn weekdays() {
        let t = parse_rfc3339("2000-02-29T00:00:00Z").unwrap();
        assert_eq!(weekday(&t), "Tuesday");
        let t = parse_rfc3339("0001-01-01T00:00:00Z").unwrap();
        assert_eq!(weekday(&t), "Monday");
        let t = parse_rfc3339("1969-12-31T00:00:00Z").unwrap();
        assert_eq!(weekday(&t), "Wednesday");
    }
}
