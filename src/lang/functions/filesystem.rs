//! Filesystem functions: `file`, `filebase64`, `fileexists`, `fileset`,
//! `templatefile`, and the path helpers `abspath`, `basename`, `dirname` and
//! `pathexpand`.
//!
//! Paths are handled as Go's `path/filepath` handles them on Unix (lexical `Clean`,
//! `Join`, `Rel`), relative paths resolve against the host's base directory, and a
//! leading `~` expands to the home directory as `go-homedir` does.

use std::collections::BTreeMap;
use std::path::PathBuf;

use base64::Engine as _;
use terrace_provider::{Kind, Type, Value};

use super::encoding::{go_quote, nfc};
use super::{FuncError, Function, Host, Param, Registry};

pub fn register(r: &mut Registry) {
    let path_fn = |name: &'static str, ret: Type, imp: super::Impl| {
        Function::new(name, imp).param(Param::new("path", Type::String)).returns(ret)
    };
    r.add(path_fn("file", Type::String, file));
    r.add(path_fn("filebase64", Type::String, filebase64));
    r.add(path_fn("fileexists", Type::Bool, fileexists));
    r.add(path_fn("abspath", Type::String, abspath));
    r.add(path_fn("basename", Type::String, basename));
    r.add(path_fn("dirname", Type::String, dirname));
    r.add(path_fn("pathexpand", Type::String, pathexpand));
    r.add(
        Function::new("fileset", fileset)
            .param(Param::new("path", Type::String))
            .param(Param::new("pattern", Type::String))
            .returns(Type::set(Type::String)),
    );
    r.add(
        Function::new("templatefile", templatefile)
            .param(Param::new("path", Type::String))
            .param(Param::new("vars", Type::Dynamic))
            .returns(Type::Dynamic),
    );
}

fn arg_str(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

// ---- Go path semantics --------------------------------------------------------------

/// Go's `filepath.Clean` on Unix.
pub(super) fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        match comp {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            c => parts.push(c),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Go's `filepath.Join` of two elements.
pub(super) fn go_join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => String::new(),
        (true, false) => go_clean(b),
        (false, true) => go_clean(a),
        (false, false) => go_clean(&format!("{a}/{b}")),
    }
}

/// Go's `filepath.Rel` on Unix.
fn go_rel(base: &str, targ: &str) -> Option<String> {
    let base = go_clean(base);
    let targ = go_clean(targ);
    if base == targ {
        return Some(".".to_string());
    }
    if base.starts_with('/') != targ.starts_with('/') {
        return None;
    }
    let comps = |p: &str| -> Vec<String> {
        if p == "." {
            Vec::new()
        } else {
            p.split('/').filter(|c| !c.is_empty()).map(str::to_string).collect()
        }
    };
    let (bc, tc) = (comps(&base), comps(&targ));
    let common = bc.iter().zip(tc.iter()).take_while(|(a, b)| a == b).count();
    if bc.get(common).is_some_and(|c| c == "..") {
        return None;
    }
    let mut out: Vec<String> = vec!["..".to_string(); bc.len() - common];
    out.extend(tc[common..].iter().cloned());
    Some(if out.is_empty() { ".".to_string() } else { out.join("/") })
}

fn home_dir() -> Result<String, String> {
    match std::env::var("HOME") {
        Ok(h) if !h.is_empty() => Ok(h),
        _ => Err("blank output when reading home directory".to_string()),
    }
}

/// go-homedir's `Expand`.
fn expand_home(path: &str) -> Result<String, String> {
    if !path.starts_with('~') {
        return Ok(path.to_string());
    }
    let b = path.as_bytes();
    if b.len() > 1 && b[1] != b'/' && b[1] != b'\\' {
        return Err("cannot expand user-specific home dir".to_string());
    }
    Ok(go_join(&home_dir()?, &path[1..]))
}

/// A path argument resolved the way Terraform's file functions resolve it: `~`
/// expanded, made relative to the module directory, cleaned.
fn resolve(host: &dyn Host, path: &str) -> Result<String, String> {
    let expanded = expand_home(path).map_err(|e| format!("failed to expand ~: {e}"))?;
    let joined =
        if expanded.starts_with('/') { expanded } else { go_join(&host.base_dir().to_string_lossy(), &expanded) };
    Ok(go_clean(&joined))
}

/// The text Go's `syscall.Errno` gives for an I/O error.
fn errno_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(2) => "no such file or directory".to_string(),
        Some(13) => "permission denied".to_string(),
        Some(20) => "not a directory".to_string(),
        Some(21) => "is a directory".to_string(),
        Some(36) => "file name too long".to_string(),
        Some(40) => "too many levels of symbolic links".to_string(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}

/// Reads a file as `file()`, `filebase64()` and `templatefile()` do; failures are
/// errors about the `path` argument (a missing file gets Terraform's explanation,
/// other open failures Go's `open` error, read failures "failed to read").
pub(super) fn read_file_bytes(host: &dyn Host, path: &str) -> Result<Vec<u8>, FuncError> {
    use std::io::Read;
    let resolved = resolve(host, path).map_err(|e| FuncError::arg(0, e))?;
    let mut f = std::fs::File::open(&resolved).map_err(|e| {
        if e.raw_os_error() == Some(2) {
            FuncError::arg(
                0,
                format!(
                    "no file exists at {resolved}; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource"
                ),
            )
        } else {
            FuncError::arg(0, format!("open {resolved}: {}", errno_text(&e)))
        }
    })?;
    let mut data = Vec::new();
    f.read_to_end(&mut data).map_err(|_| FuncError::arg(0, format!("failed to read {resolved}")))?;
    Ok(data)
}

/// Reads a file as the `file*` hash functions do (`os.Open` then `io.Copy`):
/// failures are call errors with Go's `open`/`read` messages.
pub(super) fn read_file_for_hash(host: &dyn Host, path: &str) -> Result<Vec<u8>, FuncError> {
    use std::io::Read;
    let resolved = resolve(host, path).map_err(FuncError::call)?;
    let mut f = std::fs::File::open(&resolved).map_err(|e| FuncError::call(format!("open {resolved}: {}", errno_text(&e))))?;
    let mut data = Vec::new();
    f.read_to_end(&mut data).map_err(|e| FuncError::call(format!("read {resolved}: {}", errno_text(&e))))?;
    Ok(data)
}

fn utf8_contents(path: &str, bytes: Vec<u8>) -> Result<String, FuncError> {
    String::from_utf8(bytes).map(|s| nfc(&s)).map_err(|_| {
        FuncError::call(format!(
            "contents of {path} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead"
        ))
    })
}

fn file(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let path = arg_str(&args, 0);
    let bytes = read_file_bytes(h, path)?;
    utf8_contents(path, bytes).map(Value::string)
}

fn filebase64(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let bytes = read_file_bytes(h, arg_str(&args, 0))?;
    Ok(Value::string(base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// Go's `os.FileMode.String()`.
fn mode_string(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let ft = meta.file_type();
    let mode = meta.permissions().mode();
    let mut s = String::new();
    if ft.is_dir() {
        s.push('d');
    }
    if ft.is_symlink() {
        s.push('L');
    }
    if ft.is_block_device() || ft.is_char_device() {
        s.push('D');
    }
    if ft.is_fifo() {
        s.push('p');
    }
    if ft.is_socket() {
        s.push('S');
    }
    if mode & 0o4000 != 0 {
        s.push('u');
    }
    if mode & 0o2000 != 0 {
        s.push('g');
    }
    if ft.is_char_device() {
        s.push('c');
    }
    if mode & 0o1000 != 0 {
        s.push('t');
    }
    if s.is_empty() {
        s.push('-');
    }
    for (i, c) in "rwxrwxrwx".chars().enumerate() {
        s.push(if mode & (1 << (8 - i)) != 0 { c } else { '-' });
    }
    s
}

fn fileexists(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let resolved = resolve(h, arg_str(&args, 0)).map_err(FuncError::call)?;
    match std::fs::metadata(&resolved) {
        Ok(meta) if meta.is_file() => Ok(Value::bool(true)),
        Ok(meta) => Err(FuncError::call(format!("{resolved} is not a regular file, but {}", go_quote(&mode_string(&meta))))),
        Err(e) if e.raw_os_error() == Some(2) => Ok(Value::bool(false)),
        Err(_) => Err(FuncError::call(format!("failed to stat {resolved}"))),
    }
}

/// True when a pattern component needs matching rather than a literal lookup.
fn has_meta(comp: &str) -> bool {
    comp.contains(['*', '?', '[', '{', '\\'])
}

const BAD_PATTERN: &str = "syntax error in pattern";

/// doublestar's `indexRuneWithEscaping`.
fn index_unescaped(s: &[char], r: char) -> Option<usize> {
    let mut i = 0;
    while i < s.len() {
        if s[i] == '\\' {
            i += 2;
            continue;
        }
        if s[i] == r {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// doublestar's `splitPathOnSeparator`: split on separators that are not escaped.
fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let last = out.last_mut().expect("non-empty");
            last.push(c);
            if let Some(n) = chars.next() {
                last.push(n);
            }
        } else if c == sep {
            out.push(String::new());
        } else {
            out.last_mut().expect("non-empty").push(c);
        }
    }
    out
}

/// doublestar (v1.1)'s `matchComponent`: one path component against one pattern
/// component. Classes negate with `^` only; `{a,b}` lists alternatives.
fn match_component(pat: &[char], s: &[char]) -> Result<bool, &'static str> {
    let (mut pi, mut si) = (0usize, 0usize);
    while pi < pat.len() && si < s.len() {
        let pc = pat[pi];
        let sc = s[si];
        match pc {
            '\\' => {
                pi += 1;
                match pat.get(pi) {
                    None => return Err(BAD_PATTERN),
                    Some(&c) if c == sc => {
                        pi += 1;
                        si += 1;
                    }
                    Some(_) => return Ok(false),
                }
            }
            '*' => {
                pi += 1;
                if pi >= pat.len() {
                    return Ok(true);
                }
                while si < s.len() {
                    let m = match_component(&pat[pi..], &s[si..])?;
                    if m {
                        return Ok(true);
                    }
                    si += 1;
                }
                return Ok(false);
            }
            '[' => {
                pi += 1;
                let end = index_unescaped(&pat[pi..], ']').ok_or(BAD_PATTERN)? + pi;
                let class = &pat[pi..end];
                if class.is_empty() {
                    return Err(BAD_PATTERN);
                }
                let negate = class[0] == '^';
                let mut ci = usize::from(negate);
                let mut matched = false;
                while ci < class.len() {
                    let mut low = class[ci];
                    if low == '-' {
                        return Err(BAD_PATTERN);
                    }
                    ci += 1;
                    if low == '\\' {
                        low = *class.get(ci).ok_or(BAD_PATTERN)?;
                        ci += 1;
                    }
                    let mut high = low;
                    if class.get(ci) == Some(&'-') {
                        ci += 1;
                        high = *class.get(ci).ok_or(BAD_PATTERN)?;
                        if high == '-' {
                            return Err(BAD_PATTERN);
                        }
                        ci += 1;
                        if high == '\\' {
                            high = *class.get(ci).ok_or(BAD_PATTERN)?;
                            ci += 1;
                        }
                    }
                    if low <= sc && sc <= high {
                        matched = true;
                    }
                }
                if matched == negate {
                    return Ok(false);
                }
                pi = end + 1;
                si += 1;
            }
            '{' => {
                pi += 1;
                let end = index_unescaped(&pat[pi..], '}').ok_or(BAD_PATTERN)? + pi;
                let options: String = pat[pi..end].iter().collect();
                let rest = &pat[end + 1..];
                for o in split_unescaped(&options, ',') {
                    let mut alt: Vec<char> = o.chars().collect();
                    alt.extend_from_slice(rest);
                    if match_component(&alt, &s[si..])? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            }
            '?' => {
                pi += 1;
                si += 1;
            }
            c if c == sc => {
                pi += 1;
                si += 1;
            }
            _ => return Ok(false),
        }
    }
    if si >= s.len() {
        // The name is used up: what is left of the pattern must match nothing.
        return Ok(pat[pi..].iter().all(|&c| c == '*'));
    }
    Ok(false)
}

/// doublestar's `Glob` for a cleaned, slash-separated pattern.
fn glob(pattern: &str) -> Result<Vec<String>, &'static str> {
    let comps = split_unescaped(pattern, '/');
    let mut out = Vec::new();
    if comps.first().is_some_and(String::is_empty) {
        do_glob("/", &comps[1..], &mut out, 0)?;
    } else {
        do_glob(".", &comps, &mut out, 0)?;
    }
    Ok(out)
}

fn do_glob(base: &str, comps: &[String], out: &mut Vec<String>, depth: usize) -> Result<(), &'static str> {
    if depth > 256 {
        return Ok(());
    }
    let literal = comps.iter().take_while(|c| !has_meta(c)).count();
    let mut basedir = base.to_string();
    if literal > 0 {
        basedir = go_join(&basedir, &comps[..literal].join("/"));
    }
    let Ok(meta) = std::fs::symlink_metadata(&basedir) else { return Ok(()) };
    if literal >= comps.len() {
        out.push(basedir);
        return Ok(());
    }
    let is_dir = if meta.file_type().is_symlink() {
        match std::fs::metadata(&basedir) {
            Ok(m) => m.is_dir(),
            Err(_) => return Ok(()),
        }
    } else {
        meta.is_dir()
    };
    if !is_dir {
        return Ok(());
    }
    let Ok(entries) = std::fs::read_dir(&basedir) else { return Ok(()) };
    let mut files: Vec<(String, bool)> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = go_join(&basedir, &name);
        let is_dir = match e.file_type() {
            Ok(t) if t.is_symlink() => std::fs::metadata(&path).map(|m| m.is_dir()).ok(),
            Ok(t) => Some(t.is_dir()),
            Err(_) => None,
        };
        files.push((name, is_dir.unwrap_or(false)));
        if is_dir.is_none() {
            // A broken symlink: `**` skips it, but components may still match it.
            files.last_mut().expect("pushed").1 = false;
        }
    }
    let mut idx = literal;
    let mut last = idx + 1 >= comps.len();
    if comps[idx] == "**" {
        for (name, is_dir) in &files {
            let path = go_join(&basedir, name);
            if *is_dir {
                if last {
                    out.push(path.clone());
                }
                do_glob(&path, &comps[idx..], out, depth + 1)?;
            } else if last && std::fs::metadata(&path).is_ok() {
                out.push(path);
            }
        }
        if last {
            return Ok(());
        }
        idx += 1;
        last = idx + 1 >= comps.len();
    }
    let pat: Vec<char> = comps[idx].chars().collect();
    for (name, _) in &files {
        let name_chars: Vec<char> = name.chars().collect();
        if match_component(&pat, &name_chars)? {
            let path = go_join(&basedir, name);
            if last {
                out.push(path);
            } else {
                do_glob(&path, &comps[idx + 1..], out, depth + 1)?;
            }
        }
    }
    Ok(())
}

fn fileset(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let mut path = arg_str(&args, 0).to_string();
    if !path.starts_with('/') {
        path = go_join(&h.base_dir().to_string_lossy(), &path);
    }
    let pattern = go_join(&path, arg_str(&args, 1));
    let matches = glob(&pattern).map_err(|e| FuncError::call(format!("failed to glob pattern ({pattern}): {e}")))?;
    let mut vals = Vec::new();
    for m in matches {
        let meta = std::fs::metadata(&m).map_err(|e| FuncError::call(format!("failed to stat ({m}): stat {m}: {}", errno_text(&e))))?;
        if !meta.is_file() {
            continue;
        }
        let rel = go_rel(&path, &m)
            .ok_or_else(|| FuncError::call(format!("failed to trim path of match ({m}): Rel: can't make {m} relative to {path}")))?;
        vals.push(Value::string(nfc(&rel)));
    }
    Ok(Value::set(Type::String, vals))
}

/// HCL's `ValidIdentifier`.
fn valid_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-' || unicode_is_mark(c))
}

fn unicode_is_mark(c: char) -> bool {
    use unicode_normalization::char::is_combining_mark;
    is_combining_mark(c)
}

fn templatefile(h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let path = arg_str(&args, 0);
    let bytes = read_file_bytes(h, path)?;
    let source = utf8_contents(path, bytes)?;
    let vars = args.get(1).cloned().unwrap_or_else(Value::null_dynamic);
    let entries: BTreeMap<String, Value> = match vars.kind() {
        Kind::Map(_, m) | Kind::Object(m) => (**m).clone(),
        _ => return Err(FuncError::arg(1, "invalid vars value: must be a map")),
    };
    for name in entries.keys() {
        if !valid_identifier(name) {
            return Err(FuncError::arg(
                1,
                format!(
                    "invalid template variable name {}: must start with a letter, followed by zero or more letters, digits, and underscores",
                    go_quote(name)
                ),
            ));
        }
    }
    h.render_template(&source, &PathBuf::from(path), &entries).map_err(|msg| {
        // Terraform checks template references against the vars before rendering and
        // reports a missing one against the `vars` argument.
        if msg.starts_with("vars map does not contain key") {
            FuncError::arg(1, msg)
        } else {
            FuncError::call(msg)
        }
    })
}

fn abspath(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let path = arg_str(&args, 0);
    if path.starts_with('/') {
        return Ok(Value::string(go_clean(path)));
    }
    let wd = std::env::current_dir().map_err(|e| FuncError::call(errno_text(&e)))?;
    Ok(Value::string(go_join(&wd.to_string_lossy(), path)))
}

/// Go's `filepath.Base`.
fn go_base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_string();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_string(),
        None => trimmed.to_string(),
    }
}

/// Go's `filepath.Dir`.
fn go_dir(path: &str) -> String {
    let i = path.rfind('/').map(|i| i + 1).unwrap_or(0);
    go_clean(&path[..i])
}

fn basename(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(go_base(arg_str(&args, 0))))
}

fn dirname(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    Ok(Value::string(go_dir(arg_str(&args, 0))))
}

fn pathexpand(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    expand_home(arg_str(&args, 0)).map(Value::string).map_err(FuncError::call)
}

#[cfg(test)]
mod tests {
    use super::super::testing::s;
    use super::super::{call_by_name, PlainHost};
    use super::*;

    struct Fixture {
        _dir: tempfile::TempDir,
        host: PlainHost,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("hello.txt"), "Hello World\nsecond line\n").unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(root.join("b.txt"), "b").unwrap();
        std::fs::write(root.join("c.md"), "c").unwrap();
        std::fs::write(root.join(".hidden"), "h").unwrap();
        std::fs::write(root.join("binary.bin"), [0xff, 0xfe, 0x00, 0x01]).unwrap();
        std::fs::create_dir_all(root.join("files/deep")).unwrap();
        std::fs::write(root.join("files/x.json"), "x").unwrap();
        std::fs::write(root.join("files/deep/y.json"), "y").unwrap();
        std::fs::create_dir_all(root.join("sub/dir")).unwrap();
        std::fs::write(root.join("sub/dir/note.txt"), "nested note").unwrap();
        let host = PlainHost { dir: root.to_path_buf() };
        Fixture { _dir: dir, host }
    }

    impl Fixture {
        fn call(&self, name: &str, args: Vec<Value>) -> Result<Value, FuncError> {
            call_by_name(name, &self.host, args)
        }
        fn call_e(&self, name: &str, args: Vec<Value>) -> Result<(), FuncError> {
            self.call(name, args).map(|_| ())
        }
        fn root(&self) -> String {
            self.host.dir.to_string_lossy().into_owned()
        }
        fn set(&self, path: &str, pattern: &str) -> Vec<String> {
            let v = self.call("fileset", vec![s(path), s(pattern)]).unwrap();
            assert_eq!(v.ty(), Type::set(Type::String));
            v.as_elements().unwrap().iter().map(|e| e.as_str().unwrap().to_string()).collect()
        }
    }

    fn st(r: Result<Value, FuncError>) -> String {
        r.unwrap().as_str().unwrap().to_string()
    }

    #[test]
    fn file_and_filebase64() {
        let f = fixture();
        // Public cases 140, 142, 143.
        assert_eq!(st(f.call("file", vec![s("hello.txt")])), "Hello World\nsecond line\n");
        assert_eq!(st(f.call("file", vec![s(&format!("{}/hello.txt", f.root()))])), "Hello World\nsecond line\n");
        assert_eq!(st(f.call("file", vec![s("sub/dir/note.txt")])), "nested note");
        assert_eq!(st(f.call("file", vec![s("sub/../a.txt")])), "a");
        assert_eq!(
            f.call_e("file", vec![s("binary.bin")]),
            Err(FuncError::call("contents of binary.bin are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead"))
        );
        assert_eq!(st(f.call("filebase64", vec![s("binary.bin")])), "//4AAQ==");
        assert_eq!(st(f.call("filebase64", vec![s("a.txt")])), "YQ==");
        let missing = format!(
            "no file exists at {}/nope.txt; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource",
            f.root()
        );
        assert_eq!(f.call_e("file", vec![s("nope.txt")]), Err(FuncError::arg(0, missing.clone())));
        assert_eq!(f.call_e("filebase64", vec![s("nope.txt")]), Err(FuncError::arg(0, missing)));
        assert_eq!(f.call_e("file", vec![s("sub")]), Err(FuncError::arg(0, format!("failed to read {}/sub", f.root()))));
        assert_eq!(
            f.call_e("file", vec![s("a.txt/x")]),
            Err(FuncError::arg(0, format!("open {}/a.txt/x: not a directory", f.root())))
        );
        assert_eq!(
            f.call_e("file", vec![s("~nobody/x")]),
            Err(FuncError::arg(0, "failed to expand ~: cannot expand user-specific home dir"))
        );
    }

    #[test]
    fn fileexists_cases() {
        let f = fixture();
        assert_eq!(f.call("fileexists", vec![s("a.txt")]).unwrap().as_bool(), Some(true));
        assert_eq!(f.call("fileexists", vec![s("nope.txt")]).unwrap().as_bool(), Some(false));
        let err = f.call("fileexists", vec![s("sub")]).unwrap_err();
        match err {
            FuncError::Call(m) => {
                assert!(m.starts_with(&format!("{}/sub is not a regular file, but \"d", f.root())), "{m}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            f.call_e("fileexists", vec![s("/dev/null")]),
            Err(FuncError::call("/dev/null is not a regular file, but \"Dcrw-rw-rw-\""))
        );
        assert_eq!(
            f.call_e("fileexists", vec![s("~nope/x")]),
            Err(FuncError::call("failed to expand ~: cannot expand user-specific home dir"))
        );
    }

    #[test]
    fn fileset_cases() {
        let f = fixture();
        let root = f.root();
        // Public case 145.
        assert_eq!(f.set(&root, "*.txt"), ["a.txt", "b.txt", "hello.txt"]);
        assert_eq!(f.set(&root, "files/**"), ["files/deep/y.json", "files/x.json"]);
        assert_eq!(f.set(&format!("{root}/files"), "*"), ["x.json"]);
        assert_eq!(f.set(&root, "{a,b}.txt"), ["a.txt", "b.txt"]);
        assert!(f.set(&root, "*.nothing").is_empty());
        // Relative paths resolve against the module directory.
        assert_eq!(f.set(".", "*.md"), ["c.md"]);
        assert_eq!(f.set("sub", "**/*.txt"), ["dir/note.txt"]);
        assert_eq!(f.set("sub", "../*.md"), ["../c.md"]);
        assert_eq!(f.set(".", "*"), [".hidden", "a.txt", "b.txt", "binary.bin", "c.md", "hello.txt"]);
        assert_eq!(f.set(".", "a.txt"), ["a.txt"]);
        assert_eq!(f.set(".", "?.txt"), ["a.txt", "b.txt"]);
        assert_eq!(f.set(".", "[a-b].txt"), ["a.txt", "b.txt"]);
        // `!` is not a negation for doublestar; only `^` is.
        assert_eq!(f.set(".", "[!a].txt"), ["a.txt"]);
        assert_eq!(f.set(".", "[^b].txt"), ["a.txt"]);
        assert_eq!(f.set(".", "*/dir/*"), ["sub/dir/note.txt"]);
        assert_eq!(f.set(".", "sub/**/note.txt"), ["sub/dir/note.txt"]);
        assert!(f.set(".", "files/").is_empty());
        assert_eq!(f.set(".", "\\a.txt"), ["a.txt"]);
        assert!(f.set("nope", "*").is_empty());
        let bad = f.call("fileset", vec![s("."), s("[")]);
        assert_eq!(bad.unwrap_err(), FuncError::call(format!("failed to glob pattern ({root}/[): syntax error in pattern")));
        let bad = f.call("fileset", vec![s("."), s("{a,files/x}.{txt,json}")]);
        assert!(matches!(bad, Err(FuncError::Call(m)) if m.ends_with("syntax error in pattern")));
        // Symlinked directories are followed; broken links matched by name fail to stat.
        std::os::unix::fs::symlink(f.host.dir.join("files"), f.host.dir.join("linkdir")).unwrap();
        assert_eq!(f.set(".", "linkdir/deep/*"), ["linkdir/deep/y.json"]);
        assert_eq!(f.set(".", "**/y.json"), ["files/deep/y.json", "linkdir/deep/y.json"]);
        std::os::unix::fs::symlink(f.host.dir.join("nowhere"), f.host.dir.join("broken")).unwrap();
        assert!(!f.set(".", "**").is_empty());
        let r = f.call("fileset", vec![s("."), s("b*")]);
        assert!(matches!(r, Err(FuncError::Call(m)) if m.contains("failed to stat (") && m.ends_with("no such file or directory")));
    }

    #[test]
    fn templatefile_argument_checks() {
        let f = fixture();
        // Public case 148: a missing template is an error about the path argument.
        let r = f.call("templatefile", vec![s("nope.tftpl"), Value::empty_object()]);
        assert!(matches!(r, Err(FuncError::Arg { index: 0, ref message }) if message.starts_with("no file exists at")), "{r:?}");
        assert_eq!(
            f.call_e("templatefile", vec![s("a.txt"), s("x")]),
            Err(FuncError::arg(1, "invalid vars value: must be a map"))
        );
        assert_eq!(
            f.call_e("templatefile", vec![s("a.txt"), Value::tuple(vec![s("x")])]),
            Err(FuncError::arg(1, "invalid vars value: must be a map"))
        );
        let bad_name = Value::object([("1a".to_string(), s("x"))].into_iter().collect());
        assert_eq!(
            f.call_e("templatefile", vec![s("a.txt"), bad_name]),
            Err(FuncError::arg(1, "invalid template variable name \"1a\": must start with a letter, followed by zero or more letters, digits, and underscores"))
        );
        assert_eq!(
            f.call_e("templatefile", vec![s("a.txt"), Value::null_dynamic()]),
            Err(FuncError::arg(1, "argument must not be null"))
        );
        assert!(matches!(f.call("templatefile", vec![s("binary.bin"), Value::empty_object()]), Err(FuncError::Call(_))));
        // PlainHost cannot render templates: the host's error comes back as a call error.
        let ok_vars = Value::object([("name".to_string(), s("x")), ("_x-y".to_string(), s("y"))].into_iter().collect());
        assert!(matches!(f.call("templatefile", vec![s("a.txt"), ok_vars]), Err(FuncError::Call(_))));
        // Unknown vars give an unknown result of unknown type.
        let v = f.call("templatefile", vec![s("a.txt"), Value::unknown_dynamic()]).unwrap();
        assert!(!v.is_known());
    }

    #[test]
    fn path_functions() {
        let f = fixture();
        let b = |p: &str| st(f.call("basename", vec![s(p)]));
        assert_eq!(b("/a/b/"), "b");
        assert_eq!(b(""), ".");
        assert_eq!(b("///"), "/");
        assert_eq!(b("a"), "a");
        let d = |p: &str| st(f.call("dirname", vec![s(p)]));
        assert_eq!(d("/a/b/"), "/a/b");
        assert_eq!(d(""), ".");
        assert_eq!(d("a"), ".");
        assert_eq!(d("/"), "/");
        assert_eq!(d("a/../b/c"), "b");
        assert_eq!(d("//x"), "/");
        let home = std::env::var("HOME").unwrap_or_default();
        let pe = |p: &str| f.call("pathexpand", vec![s(p)]);
        if !home.is_empty() {
            assert_eq!(st(pe("~/x/../y")), go_join(&home, "y"));
            assert_eq!(st(pe("~")), go_clean(&home));
        }
        assert_eq!(pe("~user/x").unwrap_err(), FuncError::call("cannot expand user-specific home dir"));
        assert_eq!(st(pe("a/~/b")), "a/~/b");
        assert_eq!(st(pe("")), "");
        let cwd = std::env::current_dir().unwrap().to_string_lossy().into_owned();
        assert_eq!(st(f.call("abspath", vec![s("a/../b")])), format!("{cwd}/b"));
        assert_eq!(st(f.call("abspath", vec![s("/x/./y/")])), "/x/y");
        assert_eq!(st(f.call("abspath", vec![s("")])), cwd);
    }

    #[test]
    fn go_path_helpers() {
        assert_eq!(go_clean("a//b/./c/.."), "a/b");
        assert_eq!(go_clean("/../a"), "/a");
        assert_eq!(go_clean("../../a/../b"), "../../b");
        assert_eq!(go_clean(""), ".");
        assert_eq!(go_join(".", "x"), "x");
        assert_eq!(go_join("sub", "../*.txt"), "*.txt");
        assert_eq!(go_rel("sub", "a.txt").as_deref(), Some("../a.txt"));
        assert_eq!(go_rel("/a/b", "/a/b/c/d").as_deref(), Some("c/d"));
        assert_eq!(go_rel("/a", "/a").as_deref(), Some("."));
        assert_eq!(go_rel("..", "a"), None);
        assert_eq!(go_rel("/a", "b"), None);
    }
}
