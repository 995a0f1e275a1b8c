//! Running conformance cases against the built `terrace` binary, with the same
//! commands and comparisons as `shared/tools/conformance.py`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn terrace() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_terrace"))
}

/// The conformance suite directory `kind` (`lang`, `engine`): from
/// TERRACE_CONFORMANCE_DIR, or `../shared/conformance/public` beside the checkout.
pub fn suite_dir(kind: &str) -> Option<PathBuf> {
    let base = std::env::var_os("TERRACE_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/public"));
    let d = base.join(kind);
    d.is_dir().then_some(d)
}

/// `name: reason` lines; `#` comments and blank lines ignored.
pub fn known_failures(path: PathBuf) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(':') {
            Some((n, r)) => (n.trim().to_string(), r.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(terrace())
        .args(args)
        .current_dir(dir)
        .env("TF_IN_AUTOMATION", "1")
        .env("NO_COLOR", "1")
        .env("CHECKPOINT_DISABLE", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run terrace");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn copy_dir(from: &Path, to: &Path, skip_expected: bool) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read case").filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().to_string();
        if skip_expected && name.starts_with("expected") {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(&name), false);
        } else {
            std::fs::copy(&p, to.join(&name)).expect("copy");
        }
    }
}

/// Checks an expected error: summary in the output, non-zero exit, and position.
pub fn error_matches(case: &Path, prefix: &str, r: &Run) -> Result<(), String> {
    let want_text = std::fs::read_to_string(case.join(format!("{prefix}expected_error.txt"))).unwrap_or_default();
    let want = want_text.trim().lines().next().unwrap_or("").to_string();
    let text = format!("{}{}", r.stdout, r.stderr);
    if let Some(members) = want.strip_prefix("Cycle:") {
        let members: Vec<String> = members.split(',').map(|m| m.replace(" (expand)", "").trim().to_string()).collect();
        if r.code == 0 || !text.contains("ycle") || !members.iter().all(|m| text.contains(m.as_str())) {
            return Err(format!("wanted a cycle error naming {members:?}, rc={}", r.code));
        }
    } else if r.code == 0 || !text.contains(&want) {
        return Err(format!("wanted failure with '{want}', rc={}, got: {}", r.code, text.trim().lines().take(3).collect::<Vec<_>>().join(" | ")));
    }
    let pos_file = case.join(format!("{prefix}expected_error_pos.txt"));
    if let Ok(pos) = std::fs::read_to_string(pos_file) {
        let pos = pos.trim();
        if let Some((file, line)) = pos.rsplit_once(':') {
            if !text.contains(&format!("{file} line {line}")) && !text.contains(&format!("{file}:{line}")) {
                return Err(format!("error not located at {pos}: {}", text.trim().lines().take(4).collect::<Vec<_>>().join(" | ")));
            }
        }
    }
    Ok(())
}

pub fn run_lang_case(case: &Path) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let w = tmp.path();
    copy_dir(case, w, true);
    let r = run(w, &["apply", "-auto-approve", "-no-color", "-input=false"]);
    if case.join("expected_error.txt").exists() {
        return error_matches(case, "", &r);
    }
    if r.code != 0 {
        return Err(format!("apply failed: {}", r.stderr.trim().lines().take(6).collect::<Vec<_>>().join(" | ")));
    }
    let r = run(w, &["output", "-json"]);
    let got: serde_json::Value = serde_json::from_str(&r.stdout).map_err(|_| "output -json is not JSON".to_string())?;
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    if got == want {
        Ok(())
    } else {
        Err(format!("outputs differ:\n got: {got}\nwant: {want}"))
    }
}

/// Runs `f` over `cases` on a few threads, keeping the input order.
pub fn run_parallel(cases: &[PathBuf], f: fn(&Path) -> Result<(), String>) -> Vec<(PathBuf, Result<(), String>)> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(2, 8);
    let chunks: Vec<Vec<(usize, PathBuf)>> = (0..threads)
        .map(|t| cases.iter().cloned().enumerate().filter(|(i, _)| i % threads == t).collect())
        .collect();
    let mut results: Vec<(usize, PathBuf, Result<(), String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| s.spawn(move || chunk.into_iter().map(|(i, c)| {
                let r = f(&c);
                (i, c, r)
            }).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    results.sort_by_key(|(i, _, _)| *i);
    results.into_iter().map(|(_, c, r)| (c, r)).collect()
}

fn reduce_plan(plan: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    let mut rows: Vec<(String, serde_json::Value)> = plan
        .get("resource_changes")
        .and_then(|r| r.as_array())
        .map(|a| {
            a.iter()
                .map(|rc| {
                    let addr = rc.get("address").and_then(|x| x.as_str()).unwrap_or("").to_string();
                    let actions = rc.get("actions").or_else(|| rc.get("change").and_then(|c| c.get("actions"))).cloned().unwrap_or_default();
                    (addr, actions)
                })
                .collect()
        })
        .unwrap_or_default();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

/// Dependencies per instance, from the state file in `dir`.
fn state_dependencies(dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(dir.join("terraform.tfstate")) else { return out };
    let Ok(s) = serde_json::from_str::<serde_json::Value>(&text) else { return out };
    for r in s.get("resources").and_then(|r| r.as_array()).cloned().unwrap_or_default() {
        let module = r.get("module").and_then(|m| m.as_str()).map(|m| format!("{m}.")).unwrap_or_default();
        let data = if r.get("mode").and_then(|m| m.as_str()) == Some("data") { "data." } else { "" };
        let base = format!("{module}{data}{}.{}", r["type"].as_str().unwrap_or(""), r["name"].as_str().unwrap_or(""));
        for i in r.get("instances").and_then(|i| i.as_array()).cloned().unwrap_or_default() {
            let key = match i.get("index_key") {
                Some(serde_json::Value::Number(n)) => format!("[{n}]"),
                Some(serde_json::Value::String(s)) => format!("[{}]", serde_json::to_string(s).unwrap_or_default()),
                _ => String::new(),
            };
            let mut deps: Vec<String> = i
                .get("dependencies")
                .and_then(|d| d.as_array())
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            deps.sort();
            out.insert(format!("{base}{key}"), deps);
        }
    }
    out
}

pub fn run_engine_case(case: &Path) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let w = tmp.path();
    let mut steps: Vec<String> = std::fs::read_dir(case)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("step"))
        .collect();
    steps.sort();
    for step in steps {
        for e in std::fs::read_dir(w).map_err(|e| e.to_string())?.filter_map(Result::ok) {
            let n = e.file_name().to_string_lossy().to_string();
            if n.ends_with(".tf") || n == "modules" {
                if e.path().is_dir() {
                    let _ = std::fs::remove_dir_all(e.path());
                } else {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        copy_dir(&case.join(&step), w, false);
        let extra: Vec<String> = std::fs::read_to_string(case.join(format!("{step}.args")))
            .map(|t| t.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
        let mut args = vec!["plan", "-no-color", "-input=false", "-out=p.bin"];
        args.extend(extra.iter().map(String::as_str));
        let r = run(w, &args);
        if case.join(format!("{step}.expected_error.txt")).exists() {
            error_matches(case, &format!("{step}."), &r).map_err(|e| format!("{step}: {e}"))?;
            continue;
        }
        if r.code != 0 {
            return Err(format!("{step}: plan failed: {}", r.stderr.trim().lines().take(6).collect::<Vec<_>>().join(" | ")));
        }
        let r = run(w, &["show", "-json", "p.bin"]);
        let got: serde_json::Value = serde_json::from_str(&r.stdout).map_err(|_| format!("{step}: show -json is not JSON"))?;
        let want: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(case.join(format!("{step}.expected_plan.json"))).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        let want = serde_json::json!({ "resource_changes": want });
        let (g, wn) = (reduce_plan(&got), reduce_plan(&want));
        if g != wn {
            return Err(format!("{step}: plan differs:\n got: {g:?}\nwant: {wn:?}"));
        }
        let r = run(w, &["apply", "-no-color", "-input=false", "p.bin"]);
        if r.code != 0 {
            return Err(format!("{step}: apply failed: {}", r.stderr.trim().lines().take(6).collect::<Vec<_>>().join(" | ")));
        }
    }
    if let Ok(text) = std::fs::read_to_string(case.join("final_addresses.json")) {
        let want: Vec<String> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let r = run(w, &["state", "list"]);
        let mut got: Vec<String> = r.stdout.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        got.sort();
        let mut want = want;
        want.sort();
        if got != want {
            return Err(format!("final state differs:\n got: {got:?}\nwant: {want:?}"));
        }
    }
    if let Ok(text) = std::fs::read_to_string(case.join("final_outputs.json")) {
        let want: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let r = run(w, &["output", "-json"]);
        let got: serde_json::Value = serde_json::from_str(&r.stdout).map_err(|_| "output -json is not JSON".to_string())?;
        if got != want {
            return Err(format!("final outputs differ:\n got: {got}\nwant: {want}"));
        }
    }
    if let Ok(text) = std::fs::read_to_string(case.join("final_dependencies.json")) {
        let want: BTreeMap<String, Vec<String>> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let want: BTreeMap<String, Vec<String>> = want.into_iter().map(|(k, mut v)| {
            v.sort();
            (k, v)
        }).collect();
        let got = state_dependencies(w);
        if got != want {
            return Err(format!("final dependencies differ:\n got: {got:?}\nwant: {want:?}"));
        }
    }
    Ok(())
}

/// Runs every case of suite `kind` with `runner`, prints the pass count, and fails on
/// any failure not listed (with its reason) in `tests/conformance/{kind}_known_failures.txt`.
pub fn run_suite(kind: &str, runner: fn(&Path) -> Result<(), String>) {
    let Some(suite) = suite_dir(kind) else {
        eprintln!("conformance suite {kind} not found (set TERRACE_CONFORMANCE_DIR); skipping");
        return;
    };
    let known = known_failures(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/conformance/{kind}_known_failures.txt")));
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&suite).expect("read suite").filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    let results = run_parallel(&cases, runner);
    let total = results.len();
    let mut passed = 0;
    let mut unexpected = Vec::new();
    for (case, outcome) in &results {
        let name = case.file_name().unwrap_or_default().to_string_lossy().to_string();
        match outcome {
            Ok(()) => {
                passed += 1;
                if known.contains_key(&name) {
                    eprintln!("now passing (remove from the known failures list): {name}");
                }
            }
            Err(why) if !known.contains_key(&name) => unexpected.push(format!("{name}: {why}")),
            Err(_) => {}
        }
    }
    eprintln!("{kind} conformance: {passed}/{total} passed");
    assert!(unexpected.is_empty(), "{} unexpected failures:\n{}", unexpected.len(), unexpected.join("\n"));
}
