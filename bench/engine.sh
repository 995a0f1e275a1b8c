#!/usr/bin/env bash
# Engine benchmark: generated configurations of null_resource instances (half for_each,
# half count referencing the first half, a tenth of each in a module). For each size:
# plan from empty, apply, plan with no changes; wall time and peak RSS. Terraform 1.0.3
# (shared/tools/install-peers.sh) runs the 2,000 case in the same run when installed.
# Usage: bench/engine.sh [SIZES...]   (default: 1000 2000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 2000 10000}")
[ $# -eq 0 ] && SIZES=(1000 2000 10000)
cargo build --release -q
BIN="$PWD/target/release/terrace"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
TF="${TERRAFORM:-$HOME/.cache/terrace-peers/bin/terraform}"
export TF_CLI_CONFIG_FILE="${TF_CLI_CONFIG_FILE:-$HOME/.cache/terrace-peers/terraformrc}"
export CHECKPOINT_DISABLE=1

timed() { # label, dir, command... -> prints "label: Xs, Y MB" and stores seconds in $WORK/last
  local label="$1" dir="$2"; shift 2
  ( cd "$dir" && /usr/bin/time -o "$WORK/time" -f "%e %M" "$@" >/dev/null 2>"$WORK/err" ) || { echo "$label failed:"; tail -5 "$WORK/err"; return 1; }
  local out; out=$(tail -1 "$WORK/time")
  local t=${out% *} m=${out#* }
  printf "  %-28s %8.2f s  %6d MB\n" "$label" "$t" "$((m / 1024))"
  echo "$t" > "$WORK/last"
}

for n in "${SIZES[@]}"; do
  echo "== $n instances"
  d="$WORK/terrace-$n"; python3 bench/gen_null.py "$n" "$d"
  timed "terrace plan (empty state)" "$d" "$BIN" plan -out=p.bin -input=false; tp=$(cat "$WORK/last")
  timed "terrace apply" "$d" "$BIN" apply -input=false p.bin; ta=$(cat "$WORK/last")
  timed "terrace plan (no changes)" "$d" "$BIN" plan -input=false; tr=$(cat "$WORK/last")
  if [ "$n" -eq 2000 ] && [ -x "$TF" ] && [ -z "${SKIP_TERRAFORM:-}" ]; then
    t="$WORK/terraform-$n"; python3 bench/gen_null.py "$n" "$t"
    (cd "$t" && "$TF" init -input=false >/dev/null)
    timed "terraform plan (empty state)" "$t" "$TF" plan -out=p.bin -input=false; fp=$(cat "$WORK/last")
    timed "terraform apply" "$t" "$TF" apply -input=false p.bin; fa=$(cat "$WORK/last")
    timed "terraform plan (no changes)" "$t" "$TF" plan -input=false; fr=$(cat "$WORK/last")
    python3 - "$fp" "$tp" "$fa" "$ta" "$fr" "$tr" <<'PY'
import sys
fp, tp, fa, ta, fr, tr = map(float, sys.argv[1:])
r = lambda a, b: a / max(b, 0.005)
print(f"  ratios (Terraform / Terrace): plan {r(fp, tp):.0f}x, apply {r(fa, ta):.0f}x, re-plan {r(fr, tr):.0f}x")
PY
  fi
done
