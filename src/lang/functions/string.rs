//! String functions: case changes, trimming, splitting and joining, substrings,
//! `format`/`formatlist` (cty's printf-like formatter) and the regular expression
//! functions (`regex`, `regexall`, and `replace` with a `/pattern/`).
//!
//! "Characters" are Unicode grapheme clusters wherever cty counts them (substr,
//! strrev, format widths). Regular expressions use Go's RE2 syntax: patterns are
//! parsed the way Go's `regexp/syntax` parses them (same errors) and translated into
//! an equivalent pattern for the `regex` crate.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use terrace_provider::{Kind, Number, Type, Value};
use unicode_segmentation::UnicodeSegmentation;

use super::super::convert::convert;
use super::{FuncError, Function, Host, Param, Registry};

pub fn register(r: &mut Registry) {
    let str_fn = |name: &'static str, imp: super::Impl| {
        Function::new(name, imp).param(Param::new("str", Type::String)).returns(Type::String)
    };
    r.add(str_fn("chomp", chomp));
    r.add(str_fn("lower", lower));
    r.add(str_fn("upper", upper));
    r.add(str_fn("title", title));
    r.add(str_fn("strrev", strrev));
    r.add(str_fn("trimspace", trimspace));
    let two = |name: &'static str, second: &'static str, ret: Type, imp: super::Impl| {
        Function::new(name, imp)
            .param(Param::new("str", Type::String))
            .param(Param::new(second, Type::String))
            .returns(ret)
    };
    r.add(two("trim", "cutset", Type::String, trim));
    r.add(two("trimprefix", "prefix", Type::String, trimprefix));
    r.add(two("trimsuffix", "suffix", Type::String, trimsuffix));
    r.add(two("startswith", "prefix", Type::Bool, startswith));
    r.add(two("endswith", "suffix", Type::Bool, endswith));
    r.add(two("strcontains", "substr", Type::Bool, strcontains));
    r.add(
        Function::new("format", format)
            .param(Param::new("format", Type::String))
            .variadic(Param::new("args", Type::Dynamic).allow_null())
            .returns(Type::String),
    );
    r.add(
        Function::new("formatlist", formatlist)
            .param(Param::new("format", Type::String))
            .variadic(Param::new("args", Type::Dynamic).allow_null().allow_unknown())
            .returns(Type::list(Type::String)),
    );
    r.add(
        Function::new("indent", indent)
            .param(Param::new("spaces", Type::Number))
            .param(Param::new("str", Type::String))
            .returns(Type::String),
    );
    r.add(
        Function::new("join", join)
            .param(Param::new("separator", Type::String))
            .variadic(Param::new("lists", Type::list(Type::String)))
            .returns(Type::String),
    );
    r.add(
        Function::new("split", split)
            .param(Param::new("separator", Type::String))
            .param(Param::new("str", Type::String))
            .returns(Type::list(Type::String)),
    );
    r.add(
        Function::new("replace", replace)
            .param(Param::new("str", Type::String))
            .param(Param::new("substr", Type::String))
            .param(Param::new("replace", Type::String))
            .returns(Type::String),
    );
    r.add(
        Function::new("substr", substr)
            .param(Param::new("str", Type::String))
            .param(Param::new("offset", Type::Number))
            .param(Param::new("length", Type::Number))
            .returns(Type::String),
    );
    r.add(
        Function::new("regex", regex_fn)
            .param(Param::new("pattern", Type::String))
            .param(Param::new("string", Type::String).allow_unknown())
            .returns_computed(regex_return_type),
    );
    r.add(
        Function::new("regexall", regexall)
            .param(Param::new("pattern", Type::String))
            .param(Param::new("string", Type::String).allow_unknown())
            .returns_computed(regexall_return_type),
    );
}

fn str_arg(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

/// gocty's conversion of a number to a Go `int`: an error unless it is a whole
/// number that fits in 64 bits.
fn go_int(v: &Value) -> Result<i64, FuncError> {
    v.as_number()
        .and_then(Number::to_i64)
        .ok_or_else(|| FuncError::call("value must be a whole number, between -9223372036854775808 and 9223372036854775807"))
}

fn graphemes(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.graphemes(true)
}

// ---- simple string functions ---------------------------------------------------

fn chomp(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    // cty removes `(?:\r\n?|\n)*\z`: every trailing run of CR and LF characters.
    Ok(Value::string(str_arg(&args, 0).trim_end_matches(['\r', '\n'])))
}

/// Go's `unicode.ToUpper`: the simple (one-to-one) uppercase mapping.
fn go_to_upper(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => match c as u32 {
            // Greek letters with ypogegrammeni map to their prosgegrammeni forms.
            0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => char::from_u32(c as u32 + 8).unwrap_or(c),
            0x1FB3 => '\u{1FBC}',
            0x1FC3 => '\u{1FCC}',
            0x1FF3 => '\u{1FFC}',
            _ => c,
        },
    }
}

/// Go's `unicode.ToLower`: the simple lowercase mapping.
fn go_to_lower(c: char) -> char {
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ if c == '\u{130}' => 'i',
        _ => c,
    }
}

/// Go's `unicode.ToTitle`: the simple titlecase mapping.
fn go_to_title(c: char) -> char {
    match c as u32 {
        0x1C4..=0x1C6 => '\u{1C5}',
        0x1C7..=0x1C9 => '\u{1C8}',
        0x1CA..=0x1CC => '\u{1CB}',
        0x1F1..=0x1F3 => '\u{1F2}',
        // Georgian Mkhedruli letters are their own titlecase.
        0x10D0..=0x10FA | 0x10FD..=0x10FF => c,
        0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF | 0x1FBC | 0x1FCC | 0x1FFC => c,
        _ => go_to_upper(c),
    }
}

fn upper(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(str_arg(&args, 0).chars().map(go_to_upper).collect::<String>()))
}

fn lower(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(str_arg(&args, 0).chars().map(go_to_lower).collect::<String>()))
}

/// Go's `strings.Title`: the first letter of every word is titlecased, where words
/// are separated by ASCII characters other than letters, digits and underscore, and
/// by Unicode white space.
fn title(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        c.is_whitespace()
    }
    let mut prev = ' ';
    let out: String = str_arg(&args, 0)
        .chars()
        .map(|c| {
            let r = if is_separator(prev) { go_to_title(c) } else { c };
            prev = c;
            r
        })
        .collect();
    Ok(Value::string(out))
}

fn strrev(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(graphemes(str_arg(&args, 0)).rev().collect::<String>()))
}

fn trimspace(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(str_arg(&args, 0).trim()))
}

fn trim(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let cutset = str_arg(&args, 1);
    Ok(Value::string(str_arg(&args, 0).trim_matches(|c| cutset.contains(c))))
}

fn trimprefix(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let s = str_arg(&args, 0);
    Ok(Value::string(s.strip_prefix(str_arg(&args, 1)).unwrap_or(s)))
}

fn trimsuffix(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let s = str_arg(&args, 0);
    Ok(Value::string(s.strip_suffix(str_arg(&args, 1)).unwrap_or(s)))
}

fn startswith(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::bool(str_arg(&args, 0).starts_with(str_arg(&args, 1))))
}

fn endswith(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::bool(str_arg(&args, 0).ends_with(str_arg(&args, 1))))
}

fn strcontains(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::bool(str_arg(&args, 0).contains(str_arg(&args, 1))))
}

/// Go refuses to build strings this long (or runs out of memory trying).
const MAX_BUILT_LEN: usize = 64 << 20;

fn indent(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let spaces = go_int(&args[0])?;
    if spaces < 0 {
        return Err(FuncError::call("panic in function implementation: strings: negative Repeat count"));
    }
    let s = str_arg(&args, 1);
    let lines = s.matches('\n').count() as u128;
    if (spaces as u128).saturating_mul(lines.max(1)) > MAX_BUILT_LEN as u128 {
        return Err(FuncError::call("panic in function implementation: strings: Repeat count causes overflow"));
    }
    let pad = format!("\n{}", " ".repeat(spaces as usize));
    Ok(Value::string(s.replace('\n', &pad)))
}

fn join(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let sep = str_arg(&args, 0);
    let lists = &args[1..];
    if lists.is_empty() {
        return Err(FuncError::call("at least one list is required"));
    }
    if lists.iter().any(|l| !l.is_wholly_known()) {
        return Ok(Value::unknown(Type::String));
    }
    let mut items: Vec<&str> = Vec::new();
    for (ai, list) in lists.iter().enumerate() {
        for (ei, v) in list.as_elements().unwrap_or(&[]).iter().enumerate() {
            if v.is_null() {
                let msg = if lists.len() > 1 {
                    format!("element {ei} of list {} is null; cannot concatenate null values", ai + 1)
                } else {
                    format!("element {ei} is null; cannot concatenate null values")
                };
                return Err(FuncError::arg(ai + 1, msg));
            }
            items.push(v.as_str().unwrap_or_default());
        }
    }
    Ok(Value::string(items.join(sep)))
}

/// Go's `strings.Split`: an empty separator splits after each UTF-8 sequence.
fn split(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let sep = str_arg(&args, 0);
    let s = str_arg(&args, 1);
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::string(c.to_string())).collect()
    } else {
        s.split(sep).map(Value::string).collect()
    };
    Ok(Value::list(Type::String, parts))
}

fn replace(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let s = str_arg(&args, 0);
    let substr = str_arg(&args, 1);
    let repl = str_arg(&args, 2);
    if substr.len() > 1 && substr.starts_with('/') && substr.ends_with('/') {
        let re = GoRegex::compile(&substr[1..substr.len() - 1])
            .map_err(|e| FuncError::call(format!("error parsing regexp: {}: `{}`", e.code, e.expr)))?;
        return Ok(Value::string(re.replace_all(s, repl)));
    }
    Ok(Value::string(s.replace(substr, repl)))
}

/// cty's substr, step for step (including its quirks: a zero length with a negative
/// offset returns the rest of the string).
fn substr(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let s = str_arg(&args, 0);
    let mut offset = go_int(&args[1])? as i128;
    let length = go_int(&args[2])? as i128;
    if offset < 0 {
        offset += graphemes(s).count() as i128;
    } else if length == 0 {
        return Ok(Value::string(""));
    }
    let mut sub = s;
    if offset > 0 {
        let mut i = 0usize;
        let mut pos: i128 = 0;
        for g in graphemes(s) {
            i += g.len();
            pos += 1;
            if pos == offset {
                break;
            }
            if i >= s.len() {
                return Ok(Value::string(""));
            }
        }
        sub = &s[i..];
    }
    if length < 0 {
        return Ok(Value::string(sub));
    }
    let mut i = 0usize;
    let mut pos: i128 = 0;
    for g in graphemes(sub) {
        i += g.len();
        pos += 1;
        if pos == length {
            break;
        }
    }
    Ok(Value::string(&sub[..i]))
}

// ---- format and formatlist -------------------------------------------------------

fn format(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    if args[1..].iter().any(|a| !a.is_wholly_known()) {
        return Ok(Value::unknown(Type::String));
    }
    match format_fsm(str_arg(&args, 0), &args[1..]) {
        Ok(s) => Ok(Value::string(s)),
        Err(FmtError::Call(m)) => Err(FuncError::call(m)),
        Err(FmtError::Arg(i, m)) => Err(FuncError::arg(i, m)),
    }
}

fn formatlist(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let fmt = str_arg(&args, 0);
    let rest = &args[1..];
    if rest.is_empty() {
        // Equivalent to format with no arguments, as a one-element list.
        return match format_fsm(fmt, &[]) {
            Ok(s) => Ok(Value::list(Type::String, vec![Value::string(s)])),
            Err(e) => Err(FuncError::call(e.message())),
        };
    }
    enum Arg<'a> {
        Iter(&'a [Value]),
        Single(&'a Value),
    }
    let mut iter_len: Option<(usize, usize)> = None; // (length, index of the argument that set it)
    let mut any_unknown = false;
    let mut plan = Vec::with_capacity(rest.len());
    for (i, arg) in rest.iter().enumerate() {
        let ty = arg.ty();
        if matches!(ty, Type::List(_) | Type::Set(_) | Type::Tuple(_)) && !arg.is_null() {
            let len = match (&ty, arg.as_elements()) {
                (_, Some(elems)) => elems.len(),
                (Type::Tuple(ts), None) => ts.len(),
                _ => {
                    any_unknown = true;
                    plan.push(Arg::Single(arg));
                    continue;
                }
            };
            match iter_len {
                None => iter_len = Some((len, i)),
                Some((want, chooser)) if want != len => {
                    return Err(FuncError::arg(
                        i + 1,
                        format!(
                            "argument {} has length {}, which is inconsistent with argument {} of length {}",
                            i + 1,
                            len,
                            chooser + 1,
                            want
                        ),
                    ));
                }
                _ => {}
            }
            match arg.as_elements() {
                Some(elems) => plan.push(Arg::Iter(elems)),
                None => {
                    any_unknown = true;
                    plan.push(Arg::Single(arg));
                }
            }
        } else {
            plan.push(Arg::Single(arg));
        }
    }
    if any_unknown {
        return Ok(Value::unknown(Type::list(Type::String)));
    }
    let n = match iter_len {
        Some((0, _)) => return Ok(Value::empty_list(Type::String)),
        Some((n, _)) => n,
        None => 1,
    };
    let mut out = Vec::with_capacity(n);
    for idx in 0..n {
        let fmt_args: Vec<Value> = plan
            .iter()
            .map(|a| match a {
                Arg::Iter(elems) => elems.get(idx).cloned().unwrap_or_else(Value::null_dynamic),
                Arg::Single(v) => (*v).clone(),
            })
            .collect();
        if fmt_args.iter().any(|a| !a.is_wholly_known()) {
            out.push(Value::unknown(Type::String));
            continue;
        }
        match format_fsm(fmt, &fmt_args) {
            Ok(s) => out.push(Value::string(s)),
            Err(e) => return Err(FuncError::call(format!("error on format iteration {idx}: {}", e.message()))),
        }
    }
    Ok(Value::list(Type::String, out))
}

enum FmtError {
    Call(String),
    /// An error about one argument; the index counts the format string as 0.
    Arg(usize, String),
}

impl FmtError {
    fn message(self) -> String {
        match self {
            FmtError::Call(m) | FmtError::Arg(_, m) => m,
        }
    }
}

#[derive(Default)]
struct Verb<'a> {
    raw: &'a str,
    offset: usize,
    arg_num: usize,
    mode: char,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    has_width: bool,
    width: u64,
    has_prec: bool,
    prec: u64,
}

/// Widths and precisions at or beyond this make Go's fmt give up on the verb.
const GO_FMT_NUM_LIMIT: u64 = 10_000_000;

/// cty's format scanner (format_fsm.rl): copies literal text, expands `%%` and
/// formats each verb with the next (or an explicitly indexed) argument.
fn format_fsm(fmt: &str, args: &[Value]) -> Result<String, FmtError> {
    let b = fmt.as_bytes();
    let n = b.len();
    let mut out = String::with_capacity(fmt.len());
    let mut next_arg = 1usize;
    let mut highest = 0usize;
    let mut lit_start = 0usize;
    let mut i = 0usize;
    let bad_char = |p: usize| {
        let c = fmt[p..].chars().next().unwrap_or('\u{FFFD}');
        FmtError::Call(format!("unrecognized format character {} at offset {p}", go_quote_rune(c)))
    };
    let eof = || FmtError::Call(format!("invalid format string starting at offset {n}"));
    while i < n {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        out.push_str(&fmt[lit_start..i]);
        if i + 1 < n && b[i + 1] == b'%' {
            out.push('%');
            i += 2;
            lit_start = i;
            continue;
        }
        let start = i;
        let mut v = Verb { arg_num: next_arg, offset: start, ..Verb::default() };
        i += 1;
        // flags
        while i < n {
            match b[i] {
                b'0' => v.zero = true,
                b'#' => v.sharp = true,
                b'-' => v.minus = true,
                b'+' => v.plus = true,
                b' ' => v.space = true,
                _ => break,
            }
            i += 1;
        }
        // explicit argument index
        if i < n && b[i] == b'[' {
            i += 1;
            if i >= n {
                return Err(eof());
            }
            if !(b'1'..=b'9').contains(&b[i]) {
                return Err(bad_char(i));
            }
            let mut num: usize = 0;
            while i < n && b[i].is_ascii_digit() {
                num = num.saturating_mul(10).saturating_add((b[i] - b'0') as usize);
                i += 1;
            }
            if i >= n {
                return Err(eof());
            }
            if b[i] != b']' {
                return Err(bad_char(i));
            }
            i += 1;
            v.arg_num = num;
        }
        // width
        if i < n && (b'1'..=b'9').contains(&b[i]) {
            v.has_width = true;
            while i < n && b[i].is_ascii_digit() {
                v.width = v.width.saturating_mul(10).saturating_add((b[i] - b'0') as u64);
                i += 1;
            }
        }
        // precision
        if i < n && b[i] == b'.' {
            v.has_prec = true;
            i += 1;
            while i < n && b[i].is_ascii_digit() {
                v.prec = v.prec.saturating_mul(10).saturating_add((b[i] - b'0') as u64);
                i += 1;
            }
        }
        if i >= n {
            return Err(eof());
        }
        if !b[i].is_ascii_alphabetic() {
            return Err(bad_char(i));
        }
        v.mode = b[i] as char;
        i += 1;
        v.raw = &fmt[start..i];
        highest = highest.max(v.arg_num);
        format_append(&v, &mut out, args)?;
        next_arg = v.arg_num.saturating_add(1);
        lit_start = i;
    }
    out.push_str(&fmt[lit_start..]);
    if highest < args.len() {
        let first_bad = highest + 1;
        if highest == 0 {
            return Err(FmtError::Arg(first_bad, "too many arguments; no verbs in format string".into()));
        }
        return Err(FmtError::Arg(first_bad, format!("too many arguments; only {highest} used by format string")));
    }
    Ok(out)
}

fn format_append(v: &Verb, out: &mut String, args: &[Value]) -> Result<(), FmtError> {
    let unsupported = |detail: &str| {
        FmtError::Call(format!("unsupported value for {} at {}: {detail}", go_quote_str(v.raw), v.offset))
    };
    let arg = match v.arg_num.checked_sub(1).and_then(|i| args.get(i)) {
        Some(a) => a,
        None => {
            return Err(FmtError::Call(format!(
                "not enough arguments for {} at {}: need index {} but have {} total",
                go_quote_str(v.raw),
                v.offset,
                v.arg_num,
                args.len()
            )))
        }
    };
    if v.mode != 'v' && arg.is_null() {
        return Err(unsupported("null value cannot be formatted"));
    }
    match v.mode {
        'v' => {
            let text = match arg.kind() {
                Kind::String(s) if !v.sharp => s.to_string(),
                Kind::Number(num) if !v.sharp => num.to_text('g', -1),
                _ => arg.to_json(),
            };
            out.push_str(&pad_width(v, text)?);
        }
        't' => {
            let b = convert(arg.clone(), &Type::Bool).map_err(|e| unsupported(&e.to_string()))?;
            out.push_str(if b.as_bool() == Some(true) { "true" } else { "false" });
        }
        'b' | 'd' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'g' | 'G' => {
            let nv = convert(arg.clone(), &Type::Number).map_err(|e| unsupported(&e.to_string()))?;
            let Some(num) = nv.as_number() else {
                return Err(unsupported("number required"));
            };
            let too_big = v.has_width && v.width >= GO_FMT_NUM_LIMIT || v.has_prec && v.prec >= GO_FMT_NUM_LIMIT;
            if matches!(v.mode, 'b' | 'd' | 'o' | 'x' | 'X') {
                let bi = if num.is_integer() { num.to_bigint() } else { None };
                let Some(bi) = bi else {
                    return Err(unsupported("an integer is required"));
                };
                out.push_str(&if too_big { "%!(NOVERB)".to_string() } else { go_format_bigint(v, &bi) });
            } else if too_big {
                out.push_str("%!(NOVERB)");
            } else {
                out.push_str(&go_format_float(v, num));
            }
        }
        's' | 'q' => {
            let sv = convert(arg.clone(), &Type::String).map_err(|e| unsupported(&e.to_string()))?;
            let mut s = sv.as_str().unwrap_or_default();
            if v.has_prec && v.prec > 0 {
                let mut end = 0usize;
                for g in graphemes(s).take(v.prec.min(usize::MAX as u64) as usize) {
                    end += g.len();
                }
                s = &s[..end];
            }
            let text = if v.mode == 's' { s.to_string() } else { Value::string(s).to_json() };
            out.push_str(&pad_width(v, text)?);
        }
        m => {
            return Err(FmtError::Call(format!(
                "unsupported format verb {} in {} at offset {}",
                go_quote_rune(m),
                go_quote_str(v.raw),
                v.offset
            )))
        }
    }
    Ok(())
}

/// cty's formatPadWidth: pads to the width in grapheme clusters, with zeros when the
/// `0` flag is present (even on the right, with `-`).
fn pad_width(v: &Verb, text: String) -> Result<String, FmtError> {
    if !v.has_width {
        return Ok(text);
    }
    let have = graphemes(&text).count() as u64;
    if have >= v.width {
        return Ok(text);
    }
    if v.width > MAX_BUILT_LEN as u64 {
        return Err(FmtError::Call(format!("width {} in {} is too large", v.width, go_quote_str(v.raw))));
    }
    let pad = (if v.zero { "0" } else { " " }).repeat((v.width - have) as usize);
    Ok(if v.minus { text + &pad } else { pad + &text })
}

/// Go's `fmt` flags as seen by a `Formatter`: `-` disables zero padding.
fn go_zero(v: &Verb) -> bool {
    v.zero && !v.minus
}

/// `(*big.Int).Format` for the verbs b, d, o, x, X.
fn go_format_bigint(v: &Verb, x: &BigInt) -> String {
    let neg = x.sign() == num_bigint::Sign::Minus;
    let sign = if neg {
        "-"
    } else if v.plus {
        "+"
    } else if v.space {
        " "
    } else {
        ""
    };
    let (radix, prefix) = match v.mode {
        'b' => (2, "0b"),
        'o' => (8, "0"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let prefix = if v.sharp { prefix } else { "" };
    let mut digits = x.magnitude().to_str_radix(radix);
    if v.mode == 'X' {
        digits = digits.to_uppercase();
    }
    let mut zeros = 0usize;
    if v.has_prec {
        let prec = v.prec as usize;
        if digits.len() < prec {
            zeros = prec - digits.len();
        } else if digits == "0" && prec == 0 {
            return String::new();
        }
    }
    let length = sign.len() + prefix.len() + zeros + digits.len();
    let (mut left, mut right) = (0usize, 0usize);
    if v.has_width && (v.width as usize) > length {
        let d = v.width as usize - length;
        if v.minus {
            right = d;
        } else if go_zero(v) && !v.has_prec {
            zeros = d;
        } else {
            left = d;
        }
    }
    format!("{}{sign}{prefix}{}{digits}{}", " ".repeat(left), "0".repeat(zeros), " ".repeat(right))
}

/// `(*big.Float).Format` for the verbs e, E, f, g, G.
fn go_format_float(v: &Verb, x: &Number) -> String {
    let prec: i32 = if v.has_prec {
        v.prec as i32
    } else if matches!(v.mode, 'g' | 'G') {
        -1
    } else {
        6
    };
    let text = x.to_text(v.mode, prec);
    let (sign, body) = if let Some(rest) = text.strip_prefix('-') {
        ("-", rest)
    } else if let Some(rest) = text.strip_prefix('+') {
        (if v.space { " " } else { "+" }, rest)
    } else if v.plus {
        ("+", text.as_str())
    } else if v.space {
        (" ", text.as_str())
    } else {
        ("", text.as_str())
    };
    let mut padding = 0usize;
    if v.has_width && (v.width as usize) > sign.len() + body.len() {
        padding = v.width as usize - sign.len() - body.len();
    }
    if go_zero(v) && !x.is_infinite() {
        format!("{sign}{}{body}", "0".repeat(padding))
    } else if v.minus {
        format!("{sign}{body}{}", " ".repeat(padding))
    } else {
        format!("{}{sign}{body}", " ".repeat(padding))
    }
}

/// Go's `%q` of a rune.
fn go_quote_rune(c: char) -> String {
    let inner = match c {
        '\'' => "\\'".to_string(),
        '\\' => "\\\\".to_string(),
        _ => go_escape_char(c),
    };
    format!("'{inner}'")
}

/// Go's `%q` of a string (`strconv.Quote`).
pub(crate) fn go_quote_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push_str(&go_escape_char(c)),
        }
    }
    out.push('"');
    out
}

fn go_escape_char(c: char) -> String {
    match c {
        '\u{7}' => "\\a".into(),
        '\u{8}' => "\\b".into(),
        '\u{c}' => "\\f".into(),
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        '\u{b}' => "\\v".into(),
        ' ' => " ".into(),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => format!("\\x{:02x}", c as u32),
        c if go_is_print(c) => c.to_string(),
        c if (c as u32) < 0x10000 => format!("\\u{:04x}", c as u32),
        c => format!("\\U{:08x}", c as u32),
    }
}

/// An approximation of Go's `unicode.IsPrint` (graphic characters other than
/// spaces, and not format characters).
fn go_is_print(c: char) -> bool {
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c as u32, 0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF | 0xFFFE | 0xFFFF))
}

// ---- regular expressions -------------------------------------------------------------

fn regex_fn(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let re = GoRegex::compile(str_arg(&args, 0)).map_err(|e| FuncError::arg(0, e.to_string()))?;
    let ty = re.result_type().map_err(|m| FuncError::arg(0, m))?;
    if !args[1].is_known() {
        // The pattern alone decides the type (and its errors), as in cty.
        return Ok(Value::unknown(ty));
    }
    let s = str_arg(&args, 1);
    match re.re.captures_at(s, 0) {
        Some(caps) => Ok(re.result_value(&ty, &caps)),
        None => Err(FuncError::call("pattern did not match any part of the given string")),
    }
}

fn regexall(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let re = GoRegex::compile(str_arg(&args, 0)).map_err(|e| FuncError::arg(0, e.to_string()))?;
    let ty = re.result_type().map_err(|m| FuncError::arg(0, m))?;
    if !args[1].is_known() {
        return Ok(Value::unknown(Type::list(ty)));
    }
    let s = str_arg(&args, 1);
    let elems: Vec<Value> = re.find_all(s).iter().map(|caps| re.result_value(&ty, caps)).collect();
    Ok(Value::list(ty, elems))
}

fn regex_return_type(args: &[Value]) -> Type {
    args.first()
        .and_then(Value::as_str)
        .and_then(|p| GoRegex::compile(p).ok())
        .and_then(|re| re.result_type().ok())
        .unwrap_or(Type::Dynamic)
}

fn regexall_return_type(args: &[Value]) -> Type {
    Type::list(regex_return_type(args))
}

/// A Go regular-expression syntax error: Go's error code text and the offending
/// part of the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GoReError {
    code: &'static str,
    expr: String,
}

impl std::fmt::Display for GoReError {
    /// The way cty's regex functions report it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.code.is_empty() {
            return write!(f, "error parsing pattern: {}", self.expr);
        }
        write!(f, "invalid regexp pattern: {} in {}", self.code, self.expr)
    }
}

fn re_err(code: &'static str, expr: &str) -> GoReError {
    GoReError { code, expr: expr.to_string() }
}

const ERR_INVALID_CHAR_CLASS_RANGE: &str = "invalid character class range";
const ERR_INVALID_ESCAPE: &str = "invalid escape sequence";
const ERR_INVALID_NAMED_CAPTURE: &str = "invalid named capture";
const ERR_INVALID_PERL_OP: &str = "invalid or unsupported Perl syntax";
const ERR_INVALID_REPEAT_OP: &str = "invalid nested repetition operator";
const ERR_INVALID_REPEAT_SIZE: &str = "invalid repeat count";
const ERR_MISSING_BRACKET: &str = "missing closing ]";
const ERR_MISSING_PAREN: &str = "missing closing )";
const ERR_MISSING_REPEAT_ARG: &str = "missing argument to repetition operator";
const ERR_TRAILING_BACKSLASH: &str = "trailing backslash at end of expression";
const ERR_UNEXPECTED_PAREN: &str = "unexpected )";

/// A compiled Go-syntax regular expression.
struct GoRegex {
    re: regex::Regex,
    /// The name of each capture group (index 0 is group 1); None when unnamed.
    names: Vec<Option<String>>,
}

impl GoRegex {
    fn compile(pattern: &str) -> Result<GoRegex, GoReError> {
        let (rust, names) = translate_go_regex(pattern)?;
        let re = regex::RegexBuilder::new(&rust)
            .size_limit(64 << 20)
            .build()
            .map_err(|e| GoReError { code: "", expr: e.to_string().lines().last().unwrap_or_default().to_string() })?;
        Ok(GoRegex { re, names })
    }

    /// cty's regexPatternResultType.
    fn result_type(&self) -> Result<Type, String> {
        let unnamed = self.names.iter().filter(|n| n.is_none()).count();
        let named = self.names.len() - unnamed;
        match (unnamed, named) {
            (0, 0) => Ok(Type::String),
            (u, n) if u > 0 && n > 0 => {
                Err("invalid regexp pattern: cannot mix both named and unnamed capture groups".into())
            }
            (u, 0) => Ok(Type::tuple(vec![Type::String; u])),
            _ => Ok(Type::object(self.names.iter().flatten().map(|n| (n.clone(), Type::String)).collect())),
        }
    }

    fn result_value(&self, ty: &Type, caps: &regex::Captures) -> Value {
        let group = |i: usize| match caps.get(i) {
            Some(m) => Value::string(m.as_str()),
            None => Value::null(Type::String),
        };
        match ty {
            Type::Tuple(_) => Value::tuple((1..=self.names.len()).map(group).collect()),
            Type::Object(_) => {
                let mut attrs = BTreeMap::new();
                for (i, name) in self.names.iter().enumerate() {
                    if let Some(name) = name {
                        attrs.insert(name.clone(), group(i + 1));
                    }
                }
                Value::object(attrs)
            }
            _ => Value::string(caps.get(0).map(|m| m.as_str()).unwrap_or_default()),
        }
    }

    /// Go's FindAllStringSubmatchIndex: successive matches, where an empty match
    /// right after the previous match is skipped.
    fn find_all<'h>(&self, s: &'h str) -> Vec<regex::Captures<'h>> {
        let mut out = Vec::new();
        let mut pos = 0usize;
        let mut prev_end: Option<usize> = None;
        while pos <= s.len() {
            let Some(caps) = self.re.captures_at(s, pos) else { break };
            let m = caps.get(0).map(|m| (m.start(), m.end())).unwrap_or((pos, pos));
            let mut accept = true;
            if m.1 == pos {
                if Some(m.0) == prev_end {
                    accept = false;
                }
                pos += s[pos..].chars().next().map_or(1, char::len_utf8);
            } else {
                pos = m.1;
            }
            prev_end = Some(m.1);
            if accept {
                out.push(caps);
            }
        }
        out
    }

    /// Go's ReplaceAllString, with `$1`, `${1}`, `$name` and `$$` in the template.
    fn replace_all(&self, src: &str, template: &str) -> String {
        let mut buf = String::with_capacity(src.len());
        let mut last_end = 0usize;
        let mut search = 0usize;
        while search <= src.len() {
            let Some(caps) = self.re.captures_at(src, search) else { break };
            let (a0, a1) = caps.get(0).map(|m| (m.start(), m.end())).unwrap_or((search, search));
            buf.push_str(&src[last_end.min(a0)..a0]);
            if a1 > last_end || a0 == 0 {
                self.expand(&mut buf, template, &caps);
            }
            last_end = a1;
            let width = src[search..].chars().next().map_or(0, char::len_utf8);
            if search + width > a1 {
                search += width;
            } else if search + 1 > a1 {
                search += 1;
            } else {
                search = a1;
            }
        }
        buf.push_str(&src[last_end.min(src.len())..]);
        buf
    }

    fn expand(&self, dst: &mut String, mut template: &str, caps: &regex::Captures) {
        while let Some(i) = template.find('$') {
            dst.push_str(&template[..i]);
            template = &template[i + 1..];
            if let Some(rest) = template.strip_prefix('$') {
                dst.push('$');
                template = rest;
                continue;
            }
            let Some((name, rest)) = go_expand_extract(template) else {
                dst.push('$');
                continue;
            };
            template = rest;
            let num = go_expand_num(name);
            let idx = match num {
                Some(n) => Some(n),
                None => self.names.iter().position(|n| n.as_deref() == Some(name)).map(|i| i + 1),
            };
            if let Some(m) = idx.and_then(|i| caps.get(i)) {
                dst.push_str(m.as_str());
            }
        }
        dst.push_str(template);
    }
}

/// Go's regexp `extract`: the name after a `$` (braced or not) and the rest.
fn go_expand_extract(s: &str) -> Option<(&str, &str)> {
    let (brace, body) = match s.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let end = body.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(body.len());
    if end == 0 {
        return None;
    }
    let name = &body[..end];
    let mut rest = &body[end..];
    if brace {
        rest = rest.strip_prefix('}')?;
    }
    Some((name, rest))
}

fn go_expand_num(name: &str) -> Option<usize> {
    if name.len() > 1 && name.starts_with('0') {
        return None;
    }
    let mut num: usize = 0;
    for b in name.bytes() {
        if !b.is_ascii_digit() || num >= 100_000_000 {
            return None;
        }
        num = num * 10 + (b - b'0') as usize;
    }
    Some(num)
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct ReFlags {
    fold: bool,
    multiline: bool,
    dotnl: bool,
    ungreedy: bool,
}

impl ReFlags {
    fn to_rust(self) -> String {
        let mut on = String::new();
        let mut off = String::new();
        for (set, c) in [(self.fold, 'i'), (self.multiline, 'm'), (self.dotnl, 's'), (self.ungreedy, 'U')] {
            if set {
                on.push(c)
            } else {
                off.push(c)
            }
        }
        if off.is_empty() {
            on
        } else {
            format!("{on}-{off}")
        }
    }
}

const GO_UNICODE_CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P",
    "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
];

const GO_UNICODE_SCRIPTS: &[&str] = &[
    "Adlam", "Ahom", "Anatolian_Hieroglyphs", "Arabic", "Armenian", "Avestan", "Balinese", "Bamum", "Bassa_Vah",
    "Batak", "Bengali", "Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid", "Canadian_Aboriginal",
    "Carian", "Caucasian_Albanian", "Chakma", "Cham", "Cherokee", "Chorasmian", "Common", "Coptic", "Cuneiform",
    "Cypriot", "Cyrillic", "Deseret", "Devanagari", "Dives_Akuru", "Dogra", "Duployan", "Egyptian_Hieroglyphs",
    "Elbasan", "Elymaic", "Ethiopic", "Georgian", "Glagolitic", "Gothic", "Grantha", "Greek", "Gujarati",
    "Gunjala_Gondi", "Gurmukhi", "Han", "Hangul", "Hanifi_Rohingya", "Hanunoo", "Hatran", "Hebrew", "Hiragana",
    "Imperial_Aramaic", "Inherited", "Inscriptional_Pahlavi", "Inscriptional_Parthian", "Javanese", "Kaithi",
    "Kannada", "Katakana", "Kayah_Li", "Kharoshthi", "Khitan_Small_Script", "Khmer", "Khojki", "Khudawadi", "Lao",
    "Latin", "Lepcha", "Limbu", "Linear_A", "Linear_B", "Lisu", "Lycian", "Lydian", "Mahajani", "Makasar",
    "Malayalam", "Mandaic", "Manichaean", "Marchen", "Masaram_Gondi", "Medefaidrin", "Meetei_Mayek", "Mende_Kikakui",
    "Meroitic_Cursive", "Meroitic_Hieroglyphs", "Miao", "Modi", "Mongolian", "Mro", "Multani", "Myanmar", "Nabataean",
    "Nandinagari", "New_Tai_Lue", "Newa", "Nko", "Nushu", "Nyiakeng_Puachue_Hmong", "Ogham", "Ol_Chiki",
    "Old_Hungarian", "Old_Italic", "Old_North_Arabian", "Old_Permic", "Old_Persian", "Old_Sogdian",
    "Old_South_Arabian", "Old_Turkic", "Oriya", "Osage", "Osmanya", "Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau",
    "Phags_Pa", "Phoenician", "Psalter_Pahlavi", "Rejang", "Runic", "Samaritan", "Saurashtra", "Sharada", "Shavian",
    "Siddham", "SignWriting", "Sinhala", "Sogdian", "Sora_Sompeng", "Soyombo", "Sundanese", "Syloti_Nagri", "Syriac",
    "Tagalog", "Tagbanwa", "Tai_Le", "Tai_Tham", "Tai_Viet", "Takri", "Tamil", "Tangut", "Telugu", "Thaana", "Thai",
    "Tibetan", "Tifinagh", "Tirhuta", "Ugaritic", "Vai", "Wancho", "Warang_Citi", "Yezidi", "Yi", "Zanabazar_Square",
];

const GO_POSIX_CLASSES: &[&str] = &[
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word",
    "xdigit",
];

/// Matches nothing / everything, as class items usable inside `[...]`.
const CLASS_NOTHING: &str = "[^\\x{0}-\\x{10FFFF}]";
const CLASS_EVERYTHING: &str = "\\x{0}-\\x{10FFFF}";

/// A character written so that it is literal both inside and outside a class.
fn push_lit(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || !c.is_ascii() {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
}

/// Go's `\d \s \w` (ASCII only) and their negations, as class items.
fn perl_class(c: u8) -> Option<&'static str> {
    Some(match c {
        b'd' => "0-9",
        b'D' => "[^0-9]",
        b's' => "\\x{9}\\x{A}\\x{C}\\x{D}\\x{20}",
        b'S' => "[^\\x{9}\\x{A}\\x{C}\\x{D}\\x{20}]",
        b'w' => "0-9A-Za-z_",
        b'W' => "[^0-9A-Za-z_]",
        _ => return None,
    })
}

/// Parses `\pX`, `\p{Name}`, `\PX`, `\P{^Name}` at the start of `s` the way Go does;
/// returns the class item for the Rust pattern and the length consumed.
fn parse_unicode_class(s: &str) -> Result<(String, usize), GoReError> {
    let mut negate = s.as_bytes().get(1) == Some(&b'P');
    let t = &s[2..];
    let (seq_len, mut name) = match t.chars().next() {
        Some('{') => {
            let Some(end) = s.find('}') else {
                return Err(re_err(ERR_INVALID_CHAR_CLASS_RANGE, s));
            };
            (end + 1, &s[3..end])
        }
        Some(c) => (2 + c.len_utf8(), &s[2..2 + c.len_utf8()]),
        None => (2, ""),
    };
    let seq = &s[..seq_len];
    if let Some(rest) = name.strip_prefix('^') {
        negate = !negate;
        name = rest;
    }
    let item = if name == "Any" {
        if negate {
            CLASS_NOTHING.to_string()
        } else {
            CLASS_EVERYTHING.to_string()
        }
    } else if name == "Cs" {
        // Surrogates never occur in a valid string.
        if negate {
            CLASS_EVERYTHING.to_string()
        } else {
            CLASS_NOTHING.to_string()
        }
    } else if GO_UNICODE_CATEGORIES.contains(&name) {
        format!("\\{}{{{name}}}", if negate { 'P' } else { 'p' })
    } else if GO_UNICODE_SCRIPTS.contains(&name) {
        format!("\\{}{{sc={name}}}", if negate { 'P' } else { 'p' })
    } else {
        return Err(re_err(ERR_INVALID_CHAR_CLASS_RANGE, seq));
    };
    Ok((item, seq_len))
}

/// Go's parseEscape: a single-character escape at the start of `s` (which begins
/// with a backslash). Returns the character and the length consumed.
fn parse_escape(s: &str) -> Result<(char, usize), GoReError> {
    let t = &s[1..];
    let Some(c) = t.chars().next() else {
        return Err(re_err(ERR_TRAILING_BACKSLASH, ""));
    };
    let mut used = 1 + c.len_utf8();
    let bytes = s.as_bytes();
    let is_oct = |i: usize| bytes.get(i).is_some_and(|b| (b'0'..=b'7').contains(b));
    let invalid = |used: usize| Err(re_err(ERR_INVALID_ESCAPE, &s[..used.min(s.len())]));
    match c {
        '1'..='7' if !is_oct(2) => invalid(used),
        '0'..='7' => {
            let mut r = c as u32 - '0' as u32;
            for _ in 1..3 {
                if !is_oct(used) {
                    break;
                }
                r = r * 8 + (bytes[used] - b'0') as u32;
                used += 1;
            }
            Ok((char::from_u32(r).unwrap_or('\u{FFFD}'), used))
        }
        'x' => {
            let rest = &s[used..];
            let mut chars = rest.chars();
            match chars.next() {
                None => invalid(used),
                Some('{') => {
                    used += 1;
                    let mut r: u32 = 0;
                    let mut nhex = 0;
                    loop {
                        let Some(d) = s[used..].chars().next() else { return invalid(used) };
                        used += d.len_utf8();
                        if d == '}' {
                            break;
                        }
                        let Some(v) = d.to_digit(16) else { return invalid(used) };
                        r = r * 16 + v;
                        if r > 0x10FFFF {
                            return invalid(used);
                        }
                        nhex += 1;
                    }
                    if nhex == 0 {
                        return invalid(used);
                    }
                    Ok((char::from_u32(r).unwrap_or('\u{FFFD}'), used))
                }
                Some(x) => {
                    used += x.len_utf8();
                    let y = chars.next();
                    if let Some(y) = y {
                        used += y.len_utf8();
                    }
                    match (x.to_digit(16), y.and_then(|y| y.to_digit(16))) {
                        (Some(x), Some(y)) => Ok((char::from_u32(x * 16 + y).unwrap_or('\u{FFFD}'), used)),
                        _ => invalid(used),
                    }
                }
            }
        }
        'a' => Ok(('\u{7}', used)),
        'f' => Ok(('\u{c}', used)),
        'n' => Ok(('\n', used)),
        'r' => Ok(('\r', used)),
        't' => Ok(('\t', used)),
        'v' => Ok(('\u{b}', used)),
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((c, used)),
        _ => invalid(used),
    }
}

/// Go's parseRepeat: `{n}`, `{n,}` or `{n,m}` at the start of `s`. Returns
/// (min, max, length) where max is -1 for no maximum and -1 values mark numbers too
/// big; None when `s` does not have that form (then `{` is a literal).
fn parse_repeat(s: &str) -> Option<(i64, i64, usize)> {
    let b = s.as_bytes();
    let parse_int = |i: usize| -> Option<(i64, usize)> {
        if i >= b.len() || !b[i].is_ascii_digit() {
            return None;
        }
        if b[i] == b'0' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let mut j = i;
        let mut n: i64 = 0;
        while j < b.len() && b[j].is_ascii_digit() {
            if n >= 0 {
                n = if n >= 100_000_000 { -1 } else { n * 10 + (b[j] - b'0') as i64 };
            }
            j += 1;
        }
        Some((n, j))
    };
    if b.first() != Some(&b'{') {
        return None;
    }
    let (mut min, mut i) = parse_int(1)?;
    let max;
    match b.get(i)? {
        b',' => {
            i += 1;
            if *b.get(i)? == b'}' {
                max = -1;
            } else {
                let (m, j) = parse_int(i)?;
                i = j;
                max = m;
                if m < 0 {
                    min = -1;
                }
            }
        }
        _ => max = min,
    }
    if b.get(i) != Some(&b'}') {
        return None;
    }
    Some((min, max, i + 1))
}

/// Parses a Go (RE2) pattern, reporting Go's syntax errors, and writes an
/// equivalent pattern for the `regex` crate. Capture groups are emitted unnamed;
/// their names are returned separately.
fn translate_go_regex(pat: &str) -> Result<(String, Vec<Option<String>>), GoReError> {
    let b = pat.as_bytes();
    let mut out = String::with_capacity(pat.len() * 2);
    let mut names: Vec<Option<String>> = Vec::new();
    let mut flags = ReFlags { fold: false, multiline: false, dotnl: false, ungreedy: false };
    let mut stack: Vec<ReFlags> = Vec::new();
    let mut can_repeat = false;
    let mut last_repeat: Option<usize> = None;
    let mut i = 0usize;
    while i < b.len() {
        let mut repeat: Option<usize> = None;
        match b[i] {
            b'(' if b.get(i + 1) == Some(&b'?') => {
                let s = &pat[i..];
                let sb = s.as_bytes();
                if s.len() > 4 && sb[2] == b'P' && sb[3] == b'<' {
                    let Some(end) = s.find('>') else {
                        return Err(re_err(ERR_INVALID_NAMED_CAPTURE, s));
                    };
                    let name = &s[4..end];
                    if name.is_empty() || !name.bytes().all(|c| c == b'_' || c.is_ascii_alphanumeric()) {
                        return Err(re_err(ERR_INVALID_NAMED_CAPTURE, &s[..end + 1]));
                    }
                    names.push(Some(name.to_string()));
                    stack.push(flags);
                    out.push('(');
                    can_repeat = false;
                    i += end + 1;
                } else {
                    let mut j = 2usize;
                    let mut nf = flags;
                    let mut negative = false;
                    let mut saw = false;
                    let mut done = None;
                    while let Some(c) = s[j..].chars().next() {
                        j += c.len_utf8();
                        match c {
                            'i' => nf.fold = !negative,
                            'm' => nf.multiline = !negative,
                            's' => nf.dotnl = !negative,
                            'U' => nf.ungreedy = !negative,
                            '-' if !negative => {
                                negative = true;
                                saw = false;
                                continue;
                            }
                            ':' | ')' if !negative || saw => {
                                done = Some(c);
                                break;
                            }
                            _ => break,
                        }
                        saw = true;
                    }
                    match done {
                        Some(':') => {
                            stack.push(flags);
                            flags = nf;
                            out.push_str(&format!("(?{}:", flags.to_rust()));
                            can_repeat = false;
                        }
                        Some(_) => {
                            flags = nf;
                            out.push_str(&format!("(?{})", flags.to_rust()));
                        }
                        None => return Err(re_err(ERR_INVALID_PERL_OP, &s[..j])),
                    }
                    i += j;
                }
            }
            b'(' => {
                names.push(None);
                stack.push(flags);
                out.push('(');
                can_repeat = false;
                i += 1;
            }
            b'|' => {
                out.push('|');
                can_repeat = false;
                i += 1;
            }
            b')' => {
                let Some(saved) = stack.pop() else {
                    return Err(re_err(ERR_UNEXPECTED_PAREN, pat));
                };
                flags = saved;
                out.push(')');
                can_repeat = true;
                i += 1;
            }
            c @ (b'^' | b'$' | b'.') => {
                out.push(c as char);
                can_repeat = true;
                i += 1;
            }
            b'[' => {
                let (class, used) = translate_class(&pat[i..])?;
                out.push_str(&class);
                can_repeat = true;
                i += used;
            }
            op @ (b'*' | b'+' | b'?' | b'{') => {
                let (text, mut after) = if op == b'{' {
                    match parse_repeat(&pat[i..]) {
                        None => {
                            out.push_str("\\x{7B}");
                            can_repeat = true;
                            i += 1;
                            last_repeat = None;
                            continue;
                        }
                        Some((min, max, used)) => {
                            if !(0..=1000).contains(&min) || max > 1000 || (max >= 0 && min > max) {
                                return Err(re_err(ERR_INVALID_REPEAT_SIZE, &pat[i..i + used]));
                            }
                            let text = match max {
                                -1 => format!("{{{min},}}"),
                                m if m == min => format!("{{{min}}}"),
                                m => format!("{{{min},{m}}}"),
                            };
                            (text, i + used)
                        }
                    }
                } else {
                    ((op as char).to_string(), i + 1)
                };
                let lazy = b.get(after) == Some(&b'?');
                if lazy {
                    after += 1;
                }
                if let Some(lr) = last_repeat {
                    return Err(re_err(ERR_INVALID_REPEAT_OP, &pat[lr..after]));
                }
                if !can_repeat {
                    return Err(re_err(ERR_MISSING_REPEAT_ARG, &pat[i..after]));
                }
                out.push_str(&text);
                if lazy {
                    out.push('?');
                }
                repeat = Some(i);
                i = after;
            }
            b'\\' => {
                let next = b.get(i + 1).copied();
                match next {
                    Some(b'A') => {
                        out.push_str("\\A");
                        can_repeat = true;
                        i += 2;
                    }
                    Some(b'z') => {
                        out.push_str("\\z");
                        can_repeat = true;
                        i += 2;
                    }
                    Some(b'b') => {
                        out.push_str("(?-u:\\b)");
                        can_repeat = true;
                        i += 2;
                    }
                    Some(b'B') => {
                        out.push_str("(?-u:\\B)");
                        can_repeat = true;
                        i += 2;
                    }
                    Some(b'C') => return Err(re_err(ERR_INVALID_ESCAPE, "\\C")),
                    Some(b'Q') => {
                        let body = &pat[i + 2..];
                        let (lit, used) = match body.find("\\E") {
                            Some(e) => (&body[..e], e + 4),
                            None => (body, body.len() + 2),
                        };
                        for c in lit.chars() {
                            push_lit(&mut out, c);
                            can_repeat = true;
                        }
                        i += used;
                    }
                    Some(b'p' | b'P') => {
                        let (item, used) = parse_unicode_class(&pat[i..])?;
                        out.push('[');
                        out.push_str(&item);
                        out.push(']');
                        can_repeat = true;
                        i += used;
                    }
                    Some(c) if perl_class(c).is_some() => {
                        out.push('[');
                        out.push_str(perl_class(c).unwrap_or_default());
                        out.push(']');
                        can_repeat = true;
                        i += 2;
                    }
                    _ => {
                        let (c, used) = parse_escape(&pat[i..])?;
                        push_lit(&mut out, c);
                        can_repeat = true;
                        i += used;
                    }
                }
            }
            _ => {
                let c = pat[i..].chars().next().unwrap_or('\u{FFFD}');
                push_lit(&mut out, c);
                can_repeat = true;
                i += c.len_utf8().max(1);
            }
        }
        last_repeat = repeat;
    }
    if !stack.is_empty() {
        return Err(re_err(ERR_MISSING_PAREN, pat));
    }
    Ok((out, names))
}

/// Go's parseClass for the class starting at `s` (at its `[`): returns the Rust
/// class and the length consumed.
fn translate_class(s: &str) -> Result<(String, usize), GoReError> {
    let b = s.as_bytes();
    let mut out = String::from("[");
    let mut t = 1usize;
    if b.get(t) == Some(&b'^') {
        out.push('^');
        t += 1;
    }
    let start_len = out.len();
    let mut first = true;
    while t >= b.len() || b[t] != b']' || first {
        first = false;
        let rest = &s[t.min(s.len())..];
        // POSIX class [:alpha:]
        if rest.len() > 2 && rest.starts_with("[:") {
            if let Some(e) = rest[2..].find(":]") {
                let name = &rest[..e + 4];
                let inner = &name[2..name.len() - 2];
                let base = inner.strip_prefix('^').unwrap_or(inner);
                if !GO_POSIX_CLASSES.contains(&base) {
                    return Err(re_err(ERR_INVALID_CHAR_CLASS_RANGE, name));
                }
                out.push_str(name);
                t += name.len();
                continue;
            }
        }
        if rest.len() >= 2 && rest.starts_with('\\') {
            let c = rest.as_bytes()[1];
            if c == b'p' || c == b'P' {
                let (item, used) = parse_unicode_class(rest)?;
                out.push_str(&item);
                t += used;
                continue;
            }
            if let Some(item) = perl_class(c) {
                out.push_str(item);
                t += 2;
                continue;
            }
        }
        let range_start = t;
        let (lo, used) = parse_class_char(rest, s)?;
        t += used;
        let mut hi = lo;
        if t + 1 < b.len() && b[t] == b'-' && b[t + 1] != b']' {
            t += 1;
            let (h, used) = parse_class_char(&s[t..], s)?;
            t += used;
            hi = h;
            if hi < lo {
                return Err(re_err(ERR_INVALID_CHAR_CLASS_RANGE, &s[range_start..t]));
            }
        }
        push_lit(&mut out, lo);
        if hi != lo {
            out.push('-');
            push_lit(&mut out, hi);
        }
    }
    if out.len() == start_len {
        out.push_str(CLASS_NOTHING);
    }
    out.push(']');
    Ok((out, t + 1))
}

fn parse_class_char(s: &str, whole: &str) -> Result<(char, usize), GoReError> {
    match s.chars().next() {
        None => Err(re_err(ERR_MISSING_BRACKET, whole)),
        Some('\\') => parse_escape(s),
        Some(c) => Ok((c, c.len_utf8())),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{arg_err, call_err, n, ok, ok_str, s, strs};
    use super::*;

    fn list(xs: &[&str]) -> Value {
        Value::list(Type::String, xs.iter().map(|x| s(x)).collect())
    }
    fn fmt(args: Vec<Value>) -> String {
        ok_str("format", args)
    }
    /// True once Number::to_text implements Go's big.Float formats (the f64 stub
    /// ignores the format).
    fn number_text_ready() -> bool {
        Number::from_i64(3).to_text('f', 2) == "3.00"
    }

    #[test]
    fn case_functions() {
        assert_eq!(ok_str("lower", vec![s("HELLO World")]), "hello world");
        assert_eq!(ok_str("upper", vec![s("hello World")]), "HELLO WORLD");
        assert_eq!(ok_str("title", vec![s("hello world, foo-bar baz_qux")]), "Hello World, Foo-Bar Baz_qux");
        assert_eq!(ok_str("lower", vec![s("ÀÉÎÕÜ")]), "àéîõü");
        assert_eq!(ok_str("upper", vec![s("àéîõü")]), "ÀÉÎÕÜ");
        assert_eq!(ok_str("upper", vec![s("straße")]), "STRAßE");
        assert_eq!(ok_str("title", vec![s("élan vital")]), "Élan Vital");
        assert_eq!(ok_str("upper", vec![s("ǆ ß ﬁ")]), "Ǆ ß ﬁ");
        assert_eq!(ok_str("lower", vec![s("ΣΑΣ İ")]), "σασ i");
        assert_eq!(ok_str("title", vec![s("hello wORLD o'neil 3rd x.y ŝa ǆungla")]), "Hello WORLD O'Neil 3rd X.Y Ŝa ǅungla");
        assert_eq!(ok_str("title", vec![s("  a\tb\nc")]), "  A\tB\nC");
        assert_eq!(ok_str("title", vec![s("ǲemal ǈudevit ﬁsh ßtraße ᾳx აბგ")]), "ǲemal ǈudevit ﬁsh ßtraße ᾼx აბგ");
        assert_eq!(ok_str("upper", vec![s("ᾳ ᾀ აბგ ŉ")]), "ᾼ ᾈ ᲐᲑᲒ ŉ");
        assert_eq!(ok_str("lower", vec![s("ᾼ Ǆ")]), "ᾳ ǆ");
        assert_eq!(
            ok_str("title", vec![s("a‿b a·b a’b a\u{a0}b a\u{2003}b a-é 1a _a a_b")]),
            "A‿b A·b A’b A\u{a0}B A\u{2003}B A-É 1a _a A_b"
        );
    }

    #[test]
    fn trimming() {
        assert_eq!(ok_str("chomp", vec![s("a\n\r\n\r")]), "a");
        assert_eq!(ok_str("chomp", vec![s("a\n \n")]), "a\n ");
        assert_eq!(ok_str("trimspace", vec![s("\u{a0}\u{2003} x \u{85}")]), "x");
        assert_eq!(ok_str("trimspace", vec![s("\u{200b} x \u{feff}")]), "\u{200b} x \u{feff}");
        assert_eq!(ok_str("trim", vec![s("?!hello?!"), s("!?")]), "hello");
        assert_eq!(ok_str("trim", vec![s("ééaéé"), s("é")]), "a");
        assert_eq!(ok_str("trim", vec![s("abc"), s("")]), "abc");
        assert_eq!(ok_str("trimprefix", vec![s("helloworld"), s("hello")]), "world");
        assert_eq!(ok_str("trimprefix", vec![s("hello"), s("x")]), "hello");
        assert_eq!(ok_str("trimsuffix", vec![s("helloworld"), s("world")]), "hello");
        // public case 037
        assert_eq!(ok_str("trimspace", vec![s("   padded text\n")]), "padded text");
        assert_eq!(ok_str("chomp", vec![s("line one\nline two\n")]), "line one\nline two");
    }

    #[test]
    fn predicates() {
        assert_eq!(ok("startswith", vec![s("hello"), s("he")]).as_bool(), Some(true));
        assert_eq!(ok("startswith", vec![s("hello"), s("")]).as_bool(), Some(true));
        assert_eq!(ok("startswith", vec![s("he"), s("hello")]).as_bool(), Some(false));
        assert_eq!(ok("endswith", vec![s("hello"), s("llo")]).as_bool(), Some(true));
        assert_eq!(ok("endswith", vec![s("hello"), s("x")]).as_bool(), Some(false));
        assert_eq!(ok("strcontains", vec![s("hello"), s("ell")]).as_bool(), Some(true));
        assert_eq!(ok("strcontains", vec![s("hello"), s("z")]).as_bool(), Some(false));
    }

    #[test]
    fn strrev_uses_graphemes() {
        assert_eq!(ok_str("strrev", vec![s("hello")]), "olleh");
        assert_eq!(ok_str("strrev", vec![s("a☃b")]), "b☃a");
        assert_eq!(ok_str("strrev", vec![s("👍🏽x")]), "x👍🏽");
        assert_eq!(ok_str("strrev", vec![s("")]), "");
        // Strings are in normal form C, as in cty: "e\u{301}" is "\u{e9}".
        assert_eq!(ok_str("strrev", vec![s("e\u{301}x")]), "x\u{e9}");
        assert_eq!(ok_str("substr", vec![s("e\u{301}xyz"), n("0"), n("2")]), "\u{e9}x");
    }

    #[test]
    fn substr_cases() {
        let sub = |st: &str, o: &str, l: &str| ok_str("substr", vec![s(st), n(o), n(l)]);
        assert_eq!(sub("hello world", "1", "4"), "ello");
        assert_eq!(sub("hello world", "-5", "-1"), "world");
        assert_eq!(sub("hello world", "-5", "3"), "wor");
        assert_eq!(sub("hello", "2", "100"), "llo");
        assert_eq!(sub("🤔🤷héllo", "0", "3"), "🤔🤷h");
        assert_eq!(sub("hello", "0", "0"), "");
        assert_eq!(sub("hello", "5", "1"), "");
        assert_eq!(sub("abc", "10", "1"), "");
        assert_eq!(sub("abc", "-10", "2"), "ab");
        assert_eq!(sub("abc", "-1", "-2"), "c");
        assert_eq!(sub("abc", "1", "-5"), "bc");
        assert_eq!(sub("", "0", "1"), "");
        assert_eq!(sub("abc", "3", "-1"), "");
        assert_eq!(sub("abc", "-3", "0"), "abc");
        assert_eq!(sub("abc", "-4", "-1"), "abc");
        let e = call_err("substr", vec![s("abc"), n("1.5"), n("1")]);
        assert!(e.starts_with("value must be a whole number"), "{e}");
    }

    #[test]
    fn indent_cases() {
        let ind = |k: &str, st: &str| ok_str("indent", vec![n(k), s(st)]);
        assert_eq!(ind("2", "a\nb\nc"), "a\n  b\n  c");
        assert_eq!(ind("4", "x\ny\n"), "x\n    y\n    ");
        assert_eq!(ind("3", "only"), "only");
        assert_eq!(ind("2", "a\n\nb"), "a\n  \n  b");
        assert_eq!(ind("0", "a\nb"), "a\nb");
        assert!(call_err("indent", vec![n("-2"), s("a\nb")]).contains("negative Repeat count"));
        assert!(call_err("indent", vec![n("1.5"), s("a")]).starts_with("value must be a whole number"));
    }

    #[test]
    fn split_and_join() {
        let sp = |sep: &str, st: &str| ok("split", vec![s(sep), s(st)]);
        assert!(sp(",", "foo,bar,baz").raw_equals(&list(&["foo", "bar", "baz"])));
        assert!(sp(",", "foo").raw_equals(&list(&["foo"])));
        assert!(sp(",", "").raw_equals(&list(&[""])));
        assert!(sp(",", "a,,b,").raw_equals(&list(&["a", "", "b", ""])));
        assert!(sp(", ", "a, b, c").raw_equals(&list(&["a", "b", "c"])));
        assert!(sp("", "abc").raw_equals(&list(&["a", "b", "c"])));
        assert!(sp("", "").raw_equals(&list(&[])));
        assert!(sp("", "é👍🏽").raw_equals(&list(&["é", "👍", "🏽"])));
        assert!(sp(".", ".a.").raw_equals(&list(&["", "a", ""])));
        let set = Value::set(Type::String, vec![s("b"), s("a")]);
        assert_eq!(ok_str("join", vec![s("-"), set]), "a-b");
        assert_eq!(arg_err("split", vec![s(","), Value::null_dynamic()]).0, 1);

        assert_eq!(ok_str("join", vec![s(","), list(&["x", "y"])]), "x,y");
        assert_eq!(ok_str("join", vec![s(","), strs(&["a"]), strs(&["b", "c"])]), "a,b,c");
        assert_eq!(ok_str("join", vec![s(","), Value::empty_tuple()]), "");
        assert_eq!(ok_str("join", vec![s(","), Value::tuple(vec![n("1"), Value::bool(true)])]), "1,true");
        assert_eq!(call_err("join", vec![s(",")]), "at least one list is required");
        let null_elem = Value::tuple(vec![s("a"), Value::null_dynamic()]);
        assert_eq!(
            arg_err("join", vec![s(","), null_elem.clone()]),
            (1, "element 1 is null; cannot concatenate null values".to_string())
        );
        assert_eq!(
            arg_err("join", vec![s(","), strs(&["a"]), null_elem]),
            (2, "element 1 of list 2 is null; cannot concatenate null values".to_string())
        );
        assert_eq!(arg_err("join", vec![s(","), s("a")]).1, "list of string required");
        let unknown_elem = Value::tuple(vec![s("a"), Value::unknown(Type::String)]);
        let v = ok("join", vec![s(","), unknown_elem]);
        assert!(!v.is_known() && v.ty() == Type::String);
    }

    #[test]
    fn replace_literal_and_regex() {
        let rep = |a: &str, b: &str, c: &str| ok_str("replace", vec![s(a), s(b), s(c)]);
        assert_eq!(rep("1 + 2 + 3", "+", "-"), "1 - 2 - 3");
        assert_eq!(rep("aaa", "a", "bb"), "bbbbbb");
        assert_eq!(rep("hello", "z", "y"), "hello");
        assert_eq!(rep("h-e-l-l-o", "-", ""), "hello");
        assert_eq!(rep("a.b.c", ".", "_"), "a_b_c");
        assert_eq!(rep("abc", "", "-"), "-a-b-c-");
        assert_eq!(rep("abc", "/", "-"), "abc");
        assert_eq!(rep("a/b/", "//", "-"), "-a-/-b-/-");
        assert_eq!(rep("hello world", "/o(.)/", "0$1"), "hell0 w0rld");
        assert_eq!(rep("hello world", "/(?P<x>o)/", "[$x]"), "hell[o] w[o]rld");
        assert_eq!(rep("hello world", "/o/", "$1"), "hell wrld");
        assert_eq!(rep("hello world", "/(o)/", "$1x"), "hell wrld");
        assert_eq!(rep("hello world", "/(o)/", "${1}x"), "hellox woxrld");
        assert_eq!(rep("abc", "/b*/", "-"), "-a-c-");
        assert_eq!(rep("abc", "/\\d/", "-"), "abc");
        assert_eq!(rep("a$b", "/b/", "$$"), "a$$");
        assert_eq!(rep("héllo", "/l+/", "\\1"), "hé\\1o");
        assert_eq!(call_err("replace", vec![s("x"), s("/(o/"), s("x")]), "error parsing regexp: missing closing ): `(o`");
    }

    #[test]
    fn regex_results() {
        // public case 013
        assert_eq!(ok_str("regex", vec![s("[a-z]+"), s("53453453.345345aaabbbccc23454")]), "aaabbbccc");
        let v = ok("regex", vec![s("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), s("2019-02-01")]);
        assert!(v.raw_equals(&strs(&["2019", "02", "01"])));
        let v = ok(
            "regex",
            vec![s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"), s("https://terraform.io/docs/")],
        );
        let want = Value::object(
            [("authority".to_string(), s("terraform.io")), ("scheme".to_string(), s("https"))].into_iter().collect(),
        );
        assert!(v.raw_equals(&want), "{v:?}");
        let v = ok("regex", vec![s("(a)(x)?"), s("ab")]);
        assert!(v.raw_equals(&Value::tuple(vec![s("a"), Value::null(Type::String)])));
        // public case 014
        assert_eq!(
            call_err("regex", vec![s("[0-9]+"), s("abc")]),
            "pattern did not match any part of the given string"
        );
        // public case 016
        assert!(ok("regexall", vec![s("[a-z]+"), s("1234abcd5678efgh9")]).raw_equals(&list(&["abcd", "efgh"])));
        assert!(ok("regexall", vec![s("[0-9]"), s("abc")]).raw_equals(&list(&[])));
        let v = ok("regexall", vec![s("(\\w)=(\\d)"), s("a=1 b=2")]);
        let tt = Type::tuple(vec![Type::String, Type::String]);
        assert!(v.raw_equals(&Value::list(tt, vec![strs(&["a", "1"]), strs(&["b", "2"])])));
        let v = ok("regexall", vec![s("(?P<k>\\w)=(?P<v>\\d)"), s("a=1 b=2")]);
        assert_eq!(v.to_json(), r#"[{"k":"a","v":"1"},{"k":"b","v":"2"}]"#);
        assert!(matches!(v.ty(), Type::List(t) if matches!(*t, Type::Object(_))));
    }

    #[test]
    fn regex_go_semantics() {
        let all = |p: &str, st: &str| ok("regexall", vec![s(p), s(st)]).to_json();
        let one = |p: &str, st: &str| ok("regex", vec![s(p), s(st)]).to_json();
        assert_eq!(all("a*", "baaac"), r#"["","aaa",""]"#);
        assert_eq!(all("", "héé"), r#"["","","",""]"#);
        assert_eq!(all("x*", ""), r#"[""]"#);
        assert_eq!(all("(a)|b", "ab"), r#"[["a"],[null]]"#);
        assert_eq!(one("", "abc"), r#""""#);
        assert_eq!(one("\\d+", "١٢٣ 42"), r#""42""#);
        assert_eq!(one("\\w+", "héllo"), r#""h""#);
        // The Kelvin sign is "K" in normal form C.
        assert_eq!(one("(?i)K", "\u{212a}"), "\"K\"");
        assert_eq!(one("[[:alpha:]]+", "abc1"), r#""abc""#);
        assert_eq!(one("a{", "a{"), r#""a{""#);
        assert_eq!(one("a{,2}", "a{,2}"), r#""a{,2}""#);
        assert_eq!(one("\\Qa.b\\E", "xa.b"), r#""a.b""#);
        assert_eq!(one("\\x41\\x{42}", "AB"), r#""AB""#);
        assert_eq!(one("\\pL+", "héllo1"), r#""héllo""#);
        assert_eq!(one("(?s).+", "a\nb"), r#""a\nb""#);
        assert_eq!(one("(?m)^b$", "a\nb\nc"), r#""b""#);
        assert_eq!(one("\\bfoo\\b", "a foo b"), r#""foo""#);
        assert_eq!(one("[\\d\\s]+", "1 2x"), r#""1 2""#);
        assert_eq!(one("[^\\D]+", "x12"), r#""12""#);
        assert_eq!(one("\\<a", "<a"), r#""\u003ca""#);
        assert_eq!(one("[a&&b]+", "a&b"), r#""a\u0026b""#);
        assert_eq!(one("[a-]+", "a-b"), r#""a-""#);
        assert_eq!(one("(?P<1a>x)", "x"), r#"{"1a":"x"}"#);
        assert_eq!(one("(?P<a>x)(?P<a>y)", "xy"), r#"{"a":"y"}"#);
        assert_eq!(one("\\012", "\n"), r#""\n""#);
        assert_eq!(one("(?:x)(y)", "xy"), r#"["y"]"#);
        assert_eq!(one("a*?", "aa"), r#""""#);
        assert_eq!(one("[]a]+", "]a"), r#""]a""#);
        assert_eq!(one("[^]a]+", "bc]"), r#""bc""#);
        assert_eq!(one("(?i)ab(?-i)c", "ABc"), r#""ABc""#);
        assert_eq!(one("[[:^digit:]x]+", "ab1"), r#""ab""#);
        assert_eq!(one("\\p{Greek}+", "aαβ"), r#""αβ""#);
        assert_eq!(one("a.c", "a\nc abc"), r#""abc""#);
    }

    #[test]
    fn regex_more_go_cases() {
        let rep = |a: &str, b: &str, c: &str| ok_str("replace", vec![s(a), s(b), s(c)]);
        assert_eq!(rep("aaa", "/a*?/", "-"), "-a-a-a-");
        assert_eq!(rep("abc", "/$/", "-"), "abc-");
        assert_eq!(rep("abc", "/^/", "-"), "-abc");
        assert_eq!(rep("a b  c", "/\\s+/", "_"), "a_b_c");
        assert_eq!(rep("hello", "/l/", "$"), "he$$o");
        assert_eq!(rep("hello", "/(l)/", "${1}$1"), "hellllo");
        assert_eq!(rep("hello", "/(?P<first>l)/", "<${first}>"), "he<l><l>o");
        assert_eq!(rep("héllo wörld", "/\\b/", "|"), "|h|é|llo| |w|ö|rld|");
        let all = |p: &str, st: &str| ok("regexall", vec![s(p), s(st)]).to_json();
        let one = |p: &str, st: &str| ok("regex", vec![s(p), s(st)]).to_json();
        assert_eq!(all("\\b", "ab cd"), r#"["","","",""]"#);
        assert_eq!(all("(?i)straße", "STRASSE Straße"), r#"["Straße"]"#);
        assert_eq!(all("[[:upper:]]", "aBcD"), r#"["B","D"]"#);
        assert_eq!(all("(?i)[[:upper:]]+", "aBcD"), r#"["aBcD"]"#);
        assert_eq!(all(".", "a\nb"), r#"["a","b"]"#);
        assert_eq!(all("(?U)a+", "aaa"), r#"["a","a","a"]"#);
        assert_eq!(all("(?U)a+?", "aaa"), r#"["aaa"]"#);
        assert_eq!(one("x*y?", "abc"), r#""""#);
        assert_eq!(one("(?i)é", "É"), r#""É""#);
        assert_eq!(one("a|", "b"), r#""""#);
        assert_eq!(one("(|a)+", "aa"), r#"[""]"#);
        // Go 1.16 (Terraform 1.0.3) gives [null] for `(a*)*` on "b" and `()*`: a star
        // whose body matches empty never enters it. The regex crate enters it once.
        assert_eq!(one("(?P<x>a)|(?P<y>b)", "b"), r#"{"x":null,"y":"b"}"#);
        assert_eq!(one("\\pN+", "x١٢"), r#""١٢""#);
        assert_eq!(one("\\p{^L}+", "ab12"), r#""12""#);
        assert_eq!(one("\\PL+", "ab12"), r#""12""#);
        assert_eq!(one("[\\p{Lu}\\d]+", "aB1c"), r#""B1""#);
        assert_eq!(one("\\p{Latin}+", "abcαβ"), r#""abc""#);
        assert_eq!(one("^$", ""), r#""""#);
        assert_eq!(one("\\A\\z", ""), r#""""#);
        assert_eq!(one("a{2,3}?", "aaaa"), r#""aa""#);
        assert_eq!(one("a{0}b", "ab"), r#""b""#);
        assert_eq!(one("(?im-s:a)", "A"), r#""A""#);
        assert_eq!(one("x{01}", "x{01}"), r#""x{01}""#);
        let nomatch = |p: &str, st: &str| call_err("regex", vec![s(p), s(st)]);
        assert!(nomatch("[\\x{10FFFF}]", "a").starts_with("pattern did not match"));
        assert!(nomatch("(?i:A)b", "aB").starts_with("pattern did not match"));
        assert!(nomatch("(?-s:.)", "\n").starts_with("pattern did not match"));
        let e = |p: &str| arg_err("regex", vec![s(p), s("x")]).1;
        let cases = [
            ("\\x{110000}", "invalid escape sequence in \\x{110000"),
            ("[a-\\d]", "invalid escape sequence in \\d"),
            ("(?P<n>", "missing closing ) in (?P<n>"),
            ("(?P<>a)", "invalid named capture in (?P<>"),
            ("(?P<a-b>x)", "invalid named capture in (?P<a-b>"),
            ("(?i", "invalid or unsupported Perl syntax in (?i"),
            ("(?-)", "invalid or unsupported Perl syntax in (?-)"),
            ("(?i-)", "invalid or unsupported Perl syntax in (?i-)"),
            ("x{1,1001}", "invalid repeat count in {1,1001}"),
            ("x{2,1}", "invalid repeat count in {2,1}"),
            ("\\8", "invalid escape sequence in \\8"),
            ("[\\b]", "invalid escape sequence in \\b"),
            ("\\C", "invalid escape sequence in \\C"),
            ("(?:a|b)**", "invalid nested repetition operator in **"),
            ("a|*", "missing argument to repetition operator in *"),
            ("\\x{zz}", "invalid escape sequence in \\x{z"),
            ("[[:alpha:]", "missing closing ] in [[:alpha:]"),
        ];
        for (p, want) in cases {
            assert_eq!(e(p), format!("invalid regexp pattern: {want}"), "{p}");
        }
    }

    #[test]
    fn regex_errors() {
        let e = |p: &str| arg_err("regex", vec![s(p), s("x")]);
        let cases = [
            ("(?<x>a)", "invalid or unsupported Perl syntax in (?<"),
            ("(a)(?P<n>b)", "cannot mix both named and unnamed capture groups"),
            ("a{1001}", "invalid repeat count in {1001}"),
            ("a**", "invalid nested repetition operator in **"),
            ("a++", "invalid nested repetition operator in ++"),
            ("x{2}{3}", "invalid nested repetition operator in {2}{3}"),
            ("(a", "missing closing ) in (a"),
            ("a)", "unexpected ) in a)"),
            ("[a", "missing closing ] in [a"),
            ("\\q", "invalid escape sequence in \\q"),
            ("[z-a]", "invalid character class range in z-a"),
            ("*a", "missing argument to repetition operator in *"),
            ("(?x)a", "invalid or unsupported Perl syntax in (?x"),
            ("\\u0041", "invalid escape sequence in \\u"),
            ("\\Z", "invalid escape sequence in \\Z"),
            ("\\1", "invalid escape sequence in \\1"),
            ("[[:foo:]]", "invalid character class range in [:foo:]"),
            ("\\p{Foo}", "invalid character class range in \\p{Foo}"),
            ("\\", "trailing backslash at end of expression in "),
        ];
        for (p, want) in cases {
            let (idx, msg) = e(p);
            assert_eq!(idx, 0, "{p}");
            assert_eq!(msg, format!("invalid regexp pattern: {want}"), "{p}");
        }
        // \0 is a valid (octal) escape: no match rather than a syntax error.
        assert_eq!(call_err("regex", vec![s("\\0"), s("x")]), "pattern did not match any part of the given string");
    }

    #[test]
    fn regex_unknown_types() {
        let h = super::super::testing::host();
        let f = super::super::registry().get("regex").expect("regex");
        let v = super::super::call(f, &h, vec![s("(a)(b)"), Value::unknown(Type::String)]).expect("ok");
        assert_eq!(v.ty(), Type::tuple(vec![Type::String, Type::String]));
        let v = super::super::call(f, &h, vec![Value::unknown(Type::String), s("x")]).expect("ok");
        assert_eq!(v.ty(), Type::Dynamic);
        let f = super::super::registry().get("regexall").expect("regexall");
        let v = super::super::call(f, &h, vec![s("a"), Value::unknown(Type::String)]).expect("ok");
        assert_eq!(v.ty(), Type::list(Type::String));
        let v = super::super::call(f, &h, vec![s("(?P<a>x)"), Value::unknown(Type::String).mark_sensitive()]).expect("ok");
        assert!(!v.is_known() && v.is_sensitive() && matches!(v.ty(), Type::List(t) if matches!(*t, Type::Object(_))));
        // An invalid pattern is an error even when the string is not known yet.
        let e = super::super::call(f, &h, vec![s("(a"), Value::unknown(Type::String)]);
        assert!(matches!(e, Err(FuncError::Arg { index: 0, .. })), "{e:?}");
    }

    #[test]
    fn format_strings_and_verbs() {
        assert_eq!(fmt(vec![s("Hello, %s!"), s("Ander")]), "Hello, Ander!");
        assert_eq!(fmt(vec![s("There are %d lights"), n("4")]), "There are 4 lights");
        assert_eq!(fmt(vec![s("%-6s|"), s("ab")]), "ab    |");
        assert_eq!(fmt(vec![s("%6s|"), s("ab")]), "    ab|");
        assert_eq!(fmt(vec![s("%06d"), n("42")]), "000042");
        assert_eq!(fmt(vec![s("plain text")]), "plain text");
        assert_eq!(fmt(vec![s("%v"), Value::bool(true)]), "true");
        assert_eq!(fmt(vec![s("%v"), s("str")]), "str");
        let mixed = Value::tuple(vec![s("a"), n("1"), Value::bool(true)]);
        assert_eq!(fmt(vec![s("%#v"), mixed]), r#"["a",1,true]"#);
        let obj = Value::object([("b".to_string(), n("1")), ("a".to_string(), s("x"))].into_iter().collect());
        assert_eq!(fmt(vec![s("%#v"), obj.clone()]), r#"{"a":"x","b":1}"#);
        assert_eq!(fmt(vec![s("%v"), obj]), r#"{"a":"x","b":1}"#);
        assert_eq!(fmt(vec![s("%#v"), s("quo\"te")]), r#""quo\"te""#);
        assert_eq!(fmt(vec![s("%t"), Value::bool(true)]), "true");
        assert_eq!(fmt(vec![s("%t"), s("true")]), "true");
        assert_eq!(fmt(vec![s("%q"), s("hello \"world\"")]), r#""hello \"world\"""#);
        assert_eq!(fmt(vec![s("%q"), n("12")]), r#""12""#);
        assert_eq!(fmt(vec![s("%q"), s("a<b>&\u{2028}\t\u{1}")]), r#""a\u003cb\u003e\u0026\u2028\t\u0001""#);
        assert_eq!(fmt(vec![s("%[2]s %[1]s"), s("world"), s("hello")]), "hello world");
        assert_eq!(fmt(vec![s("%[1]s-%[1]s-%s"), s("a"), s("b")]), "a-a-b");
        assert_eq!(fmt(vec![s("%[2]d %d"), n("1"), n("2"), n("3")]), "2 3");
        assert_eq!(fmt(vec![s("100%%")]), "100%");
        assert_eq!(fmt(vec![s("%%d %d"), n("3")]), "%d 3");
        assert_eq!(fmt(vec![s("%.3s|"), s("héllo")]), "hél|");
        assert_eq!(fmt(vec![s("%.0s|%.1s|"), s("abc"), s("🤔🤷")]), "abc|🤔|");
        assert_eq!(fmt(vec![s("%3s|%-3s|"), s("🤔"), s("👍🏽")]), "  🤔|👍🏽  |");
        assert_eq!(fmt(vec![s("%5s|"), s("é")]), "    é|");
        assert_eq!(fmt(vec![s("%v|%5v|%-5v|"), Value::bool(true), n("1"), s("ab")]), "true|    1|ab   |");
        assert_eq!(fmt(vec![s("%5q|"), s("a")]), "  \"a\"|");
        assert_eq!(fmt(vec![s("%#5v|"), s("a")]), "  \"a\"|");
        assert_eq!(fmt(vec![s("%.2v|"), s("abcdef")]), "abcdef|");
        assert_eq!(fmt(vec![s("%05s|"), s("ab")]), "000ab|");
        assert_eq!(fmt(vec![s("%-05s|"), s("ab")]), "ab000|");
        assert_eq!(fmt(vec![s("%5t|"), Value::bool(true)]), "true|");
        assert_eq!(fmt(vec![s("%s"), n("1.5")]), "1.5");
        assert_eq!(fmt(vec![s("%s"), Value::bool(true)]), "true");
        assert_eq!(fmt(vec![s("%05.1s|"), s("abc")]), "0000a|");
        assert_eq!(fmt(vec![s("%#s|%+s"), s("x"), s("y")]), "x|y");
        assert_eq!(fmt(vec![s("%v"), Value::empty_list(Type::String)]), "[]");
        assert_eq!(fmt(vec![s("%v"), Value::map(Type::String, BTreeMap::new())]), "{}");
        assert_eq!(call_err("format", vec![s("%d"), Value::bool(true)]), "unsupported value for \"%d\" at 0: number required");
        assert_eq!(call_err("format", vec![s("%c"), n("65")]), "unsupported format verb 'c' in \"%c\" at offset 0");
        let set = Value::set(Type::String, vec![s("a")]);
        assert_eq!(call_err("format", vec![s("%s"), set]), "unsupported value for \"%s\" at 0: string required");
        // nulls: public cases 274 and 275
        assert_eq!(fmt(vec![s("%v"), Value::null_dynamic()]), "null");
        assert_eq!(fmt(vec![s("[%v]"), Value::null_dynamic()]), "[null]");
        assert_eq!(fmt(vec![s("%#v"), Value::null_dynamic()]), "null");
        let nested_null = Value::object([("a".to_string(), Value::null_dynamic())].into_iter().collect());
        assert_eq!(fmt(vec![s("%v"), nested_null]), r#"{"a":null}"#);
        assert_eq!(
            call_err("format", vec![s("[%s]"), Value::null_dynamic()]),
            "unsupported value for \"%s\" at 1: null value cannot be formatted"
        );
    }

    #[test]
    fn format_integers() {
        assert_eq!(fmt(vec![s("%x %X %o %b %#x %#o %#b"), n("255"), n("255"), n("8"), n("5"), n("255"), n("8"), n("5")]), "ff FF 10 101 0xff 010 0b101");
        assert_eq!(fmt(vec![s("%.0d|"), n("0")]), "|");
        assert_eq!(fmt(vec![s("%5.0d|"), n("0")]), "|");
        assert_eq!(fmt(vec![s("%08.3d|"), n("7")]), "     007|");
        assert_eq!(fmt(vec![s("% d|%+d"), n("5"), n("5")]), " 5|+5");
        assert_eq!(fmt(vec![s("%-05d|"), n("42")]), "42   |");
        assert_eq!(fmt(vec![s("%x"), n("-255")]), "-ff");
        assert_eq!(fmt(vec![s("%+x|% x"), n("255"), n("255")]), "+ff| ff");
        assert_eq!(fmt(vec![s("%.3d|%.3x"), n("-5"), n("10")]), "-005|00a");
        assert_eq!(fmt(vec![s("%#X"), n("255")]), "0XFF");
        assert_eq!(fmt(vec![s("%[1]d %[1]x %[1]o"), n("64")]), "64 40 100");
        assert_eq!(fmt(vec![s("%-+5d|"), n("3")]), "+3   |");
        assert_eq!(fmt(vec![s("% +d"), n("3")]), "+3");
        assert_eq!(fmt(vec![s("%0-5d|"), n("3")]), "3    |");
        assert_eq!(fmt(vec![s("%.d"), n("5")]), "5");
        assert_eq!(fmt(vec![s("%2.d|"), n("0")]), "|");
        assert_eq!(fmt(vec![s("%d"), s("12")]), "12");
        // public case 272
        assert_eq!(
            call_err("format", vec![s("%d"), n("1.5")]),
            "unsupported value for \"%d\" at 0: an integer is required"
        );
        assert_eq!(call_err("format", vec![s("%d"), s("abc")]), "unsupported value for \"%d\" at 0: a number is required");
    }

    #[test]
    fn format_errors() {
        // public cases 005 and 022
        assert_eq!(
            call_err("format", vec![s("%s and %s"), s("one")]),
            "not enough arguments for \"%s\" at 7: need index 2 but have 1 total"
        );
        assert_eq!(call_err("format", vec![s("%*d"), n("5"), n("42")]), "unrecognized format character '*' at offset 1");
        assert_eq!(call_err("format", vec![s("%[1]*d"), n("3")]), "unrecognized format character '*' at offset 4");
        assert_eq!(call_err("format", vec![s("%[0]d"), n("1")]), "unrecognized format character '0' at offset 2");
        assert_eq!(
            call_err("format", vec![s("%[3]d"), n("1")]),
            "not enough arguments for \"%[3]d\" at 0: need index 3 but have 1 total"
        );
        assert_eq!(call_err("format", vec![s("%d")]), "not enough arguments for \"%d\" at 0: need index 1 but have 0 total");
        assert_eq!(call_err("format", vec![s("%"), n("1")]), "invalid format string starting at offset 1");
        assert_eq!(call_err("format", vec![s("abc %")]), "invalid format string starting at offset 5");
        assert_eq!(call_err("format", vec![s("%y"), n("1")]), "unsupported format verb 'y' in \"%y\" at offset 0");
        assert_eq!(call_err("format", vec![s("%o %O"), n("8"), n("8")]), "unsupported format verb 'O' in \"%O\" at offset 3");
        assert_eq!(call_err("format", vec![s("%s"), strs(&["1"])]), "unsupported value for \"%s\" at 0: string required");
        assert_eq!(call_err("format", vec![s("%t"), n("1")]), "unsupported value for \"%t\" at 0: bool required");
        assert_eq!(call_err("format", vec![s("%☠"), n("1")]), "unrecognized format character '☠' at offset 1");
        assert_eq!(
            arg_err("format", vec![s("no verbs"), n("1"), n("2")]),
            (1, "too many arguments; no verbs in format string".to_string())
        );
        assert_eq!(
            arg_err("format", vec![s("%s"), s("a"), s("b")]),
            (2, "too many arguments; only 1 used by format string".to_string())
        );
    }

    #[test]
    fn format_unknown_and_marks() {
        let v = ok("format", vec![s("%s"), Value::unknown(Type::String)]);
        assert!(!v.is_known() && v.ty() == Type::String);
        let v = ok("format", vec![s("%v"), Value::tuple(vec![Value::unknown(Type::String)])]);
        assert!(!v.is_known());
        let v = ok("format", vec![s("%s"), s("x").mark_sensitive()]);
        assert_eq!(v.as_str(), Some("x"));
        assert!(v.is_sensitive());
    }

    #[test]
    fn format_numbers() {
        if !number_text_ready() {
            return;
        }
        assert_eq!(fmt(vec![s("%5.2f|"), n("3.14159")]), " 3.14|");
        assert_eq!(fmt(vec![s("%v"), n("12.5")]), "12.5");
        assert_eq!(fmt(vec![s("%.1f"), n("10")]), "10.0");
        assert_eq!(fmt(vec![s("%d"), n("12345678901234567890")]), "12345678901234567890");
        assert_eq!(fmt(vec![s("%v"), n("1e30")]), "1e+30");
        assert_eq!(fmt(vec![s("%5.2f|%-8.3e|%+g"), n("3.14159"), n("1234.5"), n("2")]), " 3.14|1.234e+03|+2");
        assert_eq!(fmt(vec![s("%.f"), n("2.5")]), "2");
        assert_eq!(fmt(vec![s("%.0f"), n("3.5")]), "4");
        assert_eq!(fmt(vec![s("%e"), n("100000")]), "1.000000e+05");
        assert_eq!(fmt(vec![s("%g %G %E"), n("1e21"), n("1e-7"), n("123")]), "1e+21 1E-07 1.230000E+02");
        assert_eq!(fmt(vec![s("%10.3g|"), n("3.14159")]), "      3.14|");
        assert_eq!(fmt(vec![s("%v"), n("1000000")]), "1e+06");
        assert_eq!(fmt(vec![s("%v"), n("100000")]), "100000");
        assert_eq!(fmt(vec![s("%v"), n("123456789")]), "1.23456789e+08");
        assert_eq!(fmt(vec![s("%05v|"), n("-1")]), "000-1|");
        assert_eq!(fmt(vec![s("%+v|% v"), n("1"), n("1")]), "1|1");
        assert_eq!(fmt(vec![s("%05.1f|%-7.2f|%+.1e|% .2f"), n("3.14159"), n("2.5"), n("12345"), n("1")]), "003.1|2.50   |+1.2e+04| 1.00");
        assert_eq!(fmt(vec![s("%010.3f|"), n("-3.14159")]), "-00003.142|");
        assert_eq!(fmt(vec![s("%010.2e|"), n("12345.678")]), "001.23e+04|");
        assert_eq!(fmt(vec![s("%+010.2f|"), n("3.14159")]), "+000003.14|");
        assert_eq!(fmt(vec![s("%.3e"), n("0")]), "0.000e+00");
        assert_eq!(fmt(vec![s("%.20f"), n("0.1")]), "0.10000000000000000000");
        assert_eq!(fmt(vec![s("%v"), Value::number(Number::infinity(false))]), "+Inf");
        assert_eq!(fmt(vec![s("%f"), Value::number(Number::infinity(false))]), "+Inf");
    }

    #[test]
    fn formatlist_cases() {
        let fl = |args: Vec<Value>| ok("formatlist", args);
        assert!(fl(vec![s("Hello, %s!"), strs(&["Valentina", "Ander"])]).raw_equals(&list(&["Hello, Valentina!", "Hello, Ander!"])));
        assert!(fl(vec![s("%s=%s"), strs(&["a", "b"]), strs(&["1", "2"])]).raw_equals(&list(&["a=1", "b=2"])));
        let nums = Value::tuple(vec![n("1"), n("2"), n("3")]);
        assert!(fl(vec![s("%s-%d"), s("x"), nums]).raw_equals(&list(&["x-1", "x-2", "x-3"])));
        assert!(fl(vec![s("%s"), Value::empty_tuple()]).raw_equals(&list(&[])));
        assert!(fl(vec![s("x")]).raw_equals(&list(&["x"])));
        let set = Value::set(Type::String, vec![s("b"), s("a")]);
        assert!(fl(vec![s("%s"), set]).raw_equals(&list(&["a", "b"])));
        assert!(fl(vec![s("%v"), Value::tuple(vec![Value::null_dynamic()])]).raw_equals(&list(&["null"])));
        let nums = Value::tuple(vec![n("1"), n("2")]);
        assert!(fl(vec![s("%s"), nums.clone()]).raw_equals(&list(&["1", "2"])));
        let set = Value::set(Type::String, vec![s("b"), s("a")]);
        assert!(fl(vec![s("%d-%s"), nums, set]).raw_equals(&list(&["1-a", "2-b"])));
        let obj = Value::object([("a".to_string(), n("1"))].into_iter().collect());
        assert_eq!(
            call_err("formatlist", vec![s("%s=%s"), obj, strs(&["x"])]),
            "error on format iteration 0: unsupported value for \"%s\" at 0: string required"
        );
        // public case 008
        assert_eq!(
            arg_err("formatlist", vec![s("%s %s"), strs(&["a"]), strs(&["b", "c"])]),
            (2, "argument 2 has length 2, which is inconsistent with argument 1 of length 1".to_string())
        );
        assert_eq!(
            call_err("formatlist", vec![s("x"), s("a")]),
            "error on format iteration 0: too many arguments; no verbs in format string"
        );
        assert_eq!(call_err("formatlist", vec![s("%s")]), "not enough arguments for \"%s\" at 0: need index 1 but have 0 total");
        assert_eq!(
            call_err("formatlist", vec![s("%s"), Value::tuple(vec![Value::null_dynamic()])]),
            "error on format iteration 0: unsupported value for \"%s\" at 0: null value cannot be formatted"
        );
        // unknowns
        let v = fl(vec![s("%s"), Value::unknown(Type::list(Type::String))]);
        assert!(!v.is_known() && v.ty() == Type::list(Type::String));
        let v = fl(vec![s("%s"), Value::tuple(vec![s("a"), Value::unknown(Type::String)])]);
        let elems = v.as_elements().expect("known list");
        assert_eq!(elems[0].as_str(), Some("a"));
        assert!(!elems[1].is_known());
        let e = arg_err("formatlist", vec![s("%s%s"), strs(&["a"]), Value::unknown(Type::tuple(vec![Type::String; 2]))]);
        assert_eq!(e.0, 2);
    }
}
