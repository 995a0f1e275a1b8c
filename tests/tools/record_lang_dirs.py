"""Records multi-file language cases (a dict `cases` of name -> (files, args) in CASES.py) as
fixtures in the conformance format, running real Terraform 1.0.3. Cases with arguments are skipped
(the fixture format has none). Usage: record_lang_dirs.py CASES.py OUTDIR"""
import json, os, re, subprocess, sys, tempfile
TF = os.environ.get("TERRAFORM", os.path.expanduser("~/.cache/terrace-peers/bin/terraform"))
env = dict(os.environ, NO_COLOR="1", TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1")
cases = {}
exec(open(sys.argv[1]).read())
for name, (files, args) in cases.items():
    if args:
        continue
    d = tempfile.mkdtemp(); case = os.path.join(sys.argv[2], name)
    for base in (d, case):
        for n, b in files.items():
            p = os.path.join(base, n); os.makedirs(os.path.dirname(p), exist_ok=True); open(p, "w").write(b)
    subprocess.run([TF, "init", "-input=false"], cwd=d, capture_output=True, env=env)
    p = subprocess.run([TF, "apply", "-auto-approve", "-no-color", "-input=false"], cwd=d, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        t = p.stdout + p.stderr
        open(os.path.join(case, "expected_error.txt"), "w").write([l[7:] for l in t.splitlines() if l.startswith("Error: ")][0] + "\n")
        m = re.search(r"on (\S+) line (\d+)", t)
        if m:
            open(os.path.join(case, "expected_error_pos.txt"), "w").write(f"{m.group(1)}:{m.group(2)}\n")
    else:
        o = subprocess.run([TF, "output", "-json"], cwd=d, capture_output=True, text=True, env=env).stdout
        open(os.path.join(case, "expected.json"), "w").write(o)
    print("recorded", name)
