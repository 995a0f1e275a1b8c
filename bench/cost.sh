#!/usr/bin/env bash
# Pricing benchmark: `terrace cost breakdown` of a generated configuration of 2,000 AWS
# resources of mixed types (target under 1 s), and of a generated plan JSON of 10,000
# resources (the pricing cost on top of planning; target under 200 ms). Wall time and
# peak RSS, best of 3.
# Usage: bench/cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
BIN="$PWD/target/release/terrace"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export TERRACE_CATALOG_DIR="$WORK/no-user-catalog"

best() { # label, dir, command...
  local label="$1" dir="$2"; shift 2
  local best=999 mem=0
  for _ in 1 2 3; do
    ( cd "$dir" && /usr/bin/time -o "$WORK/time" -f "%e %M" "$@" >/dev/null 2>"$WORK/err" ) || { echo "$label failed:"; tail -5 "$WORK/err"; return 1; }
    read -r t m < "$WORK/time"
    if python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; mem=$m; fi
  done
  printf "  %-52s %6.3f s  %6d MB\n" "$label" "$best" "$((mem / 1024))"
}

python3 bench/gen_cost.py dir 2000 "$WORK/dir2000"
python3 bench/gen_cost.py plan 10000 "$WORK/plan10k.json"
echo "== pricing"
best "cost breakdown, 2,000-resource directory" "$WORK/dir2000" "$BIN" cost breakdown --path .
best "cost breakdown --format json, 2,000-resource directory" "$WORK/dir2000" "$BIN" cost breakdown --path . --format json
best "cost breakdown, 10,000-resource plan JSON" "$WORK" "$BIN" cost breakdown --path plan10k.json
echo '{"format_version":"0.2","planned_values":{"root_module":{}},"prior_state":{"values":{"root_module":{}}}}' > "$WORK/empty.json"
best "cost breakdown, empty plan JSON (start-up floor)" "$WORK" "$BIN" cost breakdown --path empty.json
