"""Records language fixtures in the conformance format, running real Terraform 1.0.3
(shared/tools/install-peers.sh).
Usage: record_lang_fixtures.py values EXPRESSIONS.txt NAME OUTDIR   one case, one output per expression
       record_lang_fixtures.py errors EXPRESSIONS.txt PREFIX OUTDIR one case per expression that must fail"""
import json, os, re, subprocess, sys, tempfile
TF = os.environ.get("TERRAFORM", os.path.expanduser("~/.cache/terrace-peers/bin/terraform"))
env = dict(os.environ, NO_COLOR="1", TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1")
mode, src, name, outdir = sys.argv[1:5]
exprs = [l.rstrip("\n") for l in open(src) if l.strip() and not l.startswith("#")]

def run(body):
    d = tempfile.mkdtemp()
    open(os.path.join(d, "main.tf"), "w").write(body)
    p = subprocess.run([TF, "apply", "-auto-approve", "-no-color", "-input=false"], cwd=d, capture_output=True, text=True, env=env)
    return d, p

if mode == "values":
    body = "".join(f'output "o{i:03}" {{ value = {e} }}\n' for i, e in enumerate(exprs))
    d, p = run(body)
    assert p.returncode == 0, p.stdout + p.stderr
    o = subprocess.run([TF, "output", "-json"], cwd=d, capture_output=True, text=True, env=env).stdout
    case = os.path.join(outdir, name); os.makedirs(case, exist_ok=True)
    open(os.path.join(case, "main.tf"), "w").write(body)
    open(os.path.join(case, "expected.json"), "w").write(o)
else:
    for i, e in enumerate(exprs):
        body = f'output "x" {{\n  value = {e}\n}}\n'
        d, p = run(body)
        if p.returncode == 0:
            print("did not fail:", e); continue
        text = p.stdout + p.stderr
        summary = [l[len("Error: "):] for l in text.splitlines() if l.startswith("Error: ")][0]
        m = re.search(r"on (\S+) line (\d+)", text)
        slug = re.sub(r"[^a-z0-9]+", "-", e.lower()).strip("-")[:40]
        case = os.path.join(outdir, f"{name}-{i:03}-{slug}"); os.makedirs(case, exist_ok=True)
        open(os.path.join(case, "main.tf"), "w").write(body)
        open(os.path.join(case, "expected_error.txt"), "w").write(summary + "\n")
        if m:
            open(os.path.join(case, "expected_error_pos.txt"), "w").write(f"{m.group(1)}:{m.group(2)}\n")
print("recorded", len(exprs))
