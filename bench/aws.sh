#!/usr/bin/env bash
# AWS benchmark against moto: one stack (1 VPC, 2 subnets, 1 security group, 20
# aws_instance t3.micro spread over the subnets, 5 aws_s3_bucket), applied then destroyed
# by Terraform 1.0.3 (hashicorp/aws 3.39, shared/tools/install-peers.sh) and by Terrace's
# release binary in the same run, each against its own fresh moto server. Both wait for
# the instances to be running (and terminated on destroy). Terrace's cost estimate stays
# on: it is part of every Terrace plan.
# Prints wall time and peak RSS per command and the Terraform / Terrace ratios.
# Usage: bench/aws.sh [RUNS]   (default 1; with more, the best time of each is kept)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-1}"
cargo build --release -q
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/terrace"
TF="${TERRAFORM:-$HOME/.cache/terrace-peers/bin/terraform}"
MOTO="${TERRACE_MOTO_SERVER:-$HOME/.cache/terrace-peers/venv/bin/moto_server}"
# The offline provider mirror install-peers.sh sets up, when there is one.
if [ -f "$HOME/.cache/terrace-peers/terraformrc" ]; then export TF_CLI_CONFIG_FILE="$HOME/.cache/terrace-peers/terraformrc"; fi
export CHECKPOINT_DISABLE=1
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION
[ -x "$TF" ] || { echo "Terraform not found at $TF (set TERRAFORM)"; exit 1; }
[ -x "$MOTO" ] || { echo "moto_server not found at $MOTO (set TERRACE_MOTO_SERVER)"; exit 1; }
WORK="$(mktemp -d)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_moto() { # -> sets PORT
  PORT=$(free_port)
  "$MOTO" -H 127.0.0.1 -p "$PORT" >/dev/null 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/moto-api/" && return 0; sleep 0.1; done
  echo "moto did not start"; exit 1
}

gen() { # dir port
  mkdir -p "$1"
  cat > "$1/main.tf" <<EOF
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_get_ec2_platforms      = true
  s3_force_path_style         = true
  endpoints {
    ec2 = "http://127.0.0.1:$2"
    s3  = "http://127.0.0.1:$2"
    sts = "http://127.0.0.1:$2"
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
  tags       = { Name = "bench" }
}

resource "aws_subnet" "s" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = count.index == 0 ? "us-east-1a" : "us-east-1b"
}

resource "aws_security_group" "web" {
  name   = "bench-web"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "app" {
  count                  = 20
  ami                    = "ami-760aaa0f"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.s[count.index % 2].id
  vpc_security_group_ids = [aws_security_group.web.id]
  tags                   = { Name = "app-\${count.index}" }
}

resource "aws_s3_bucket" "b" {
  count  = 5
  bucket = "bench-bucket-\${count.index}"
}
EOF
}

timed() { # label, dir, command... -> prints "label: Xs, Y MB" and stores seconds in $WORK/last
  local label="$1" dir="$2"; shift 2
  ( cd "$dir" && /usr/bin/time -o "$WORK/time" -f "%e %M" "$@" >"$WORK/out" 2>"$WORK/err" ) || { echo "$label failed:"; tail -n 5 "$WORK/out" "$WORK/err"; return 1; }
  local out; out=$(tail -1 "$WORK/time")
  local t=${out% *} m=${out#* }
  printf "  %-24s %8.2f s  %6d MB\n" "$label" "$t" "$((m / 1024))"
  echo "$t" > "$WORK/last"
}

best() { python3 -c 'import sys; print(min(map(float, sys.argv[1:])))' "$@"; }

FA=(); FD=(); TA=(); TD=()
for run in $(seq "$RUNS"); do
  echo "== run $run: 1 VPC, 2 subnets, 1 security group, 20 instances, 5 buckets"
  start_moto; t="$WORK/terraform-$run"; gen "$t" "$PORT"
  (cd "$t" && "$TF" init -input=false >/dev/null)
  timed "terraform apply" "$t" "$TF" apply -auto-approve -input=false; FA+=("$(cat "$WORK/last")")
  timed "terraform destroy" "$t" "$TF" destroy -auto-approve -input=false; FD+=("$(cat "$WORK/last")")
  start_moto; d="$WORK/terrace-$run"; gen "$d" "$PORT"
  timed "terrace apply" "$d" "$BIN" apply -auto-approve -input=false; TA+=("$(cat "$WORK/last")")
  timed "terrace destroy" "$d" "$BIN" destroy -auto-approve -input=false; TD+=("$(cat "$WORK/last")")
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; PIDS=()
done
python3 - "$(best "${FA[@]}")" "$(best "${TA[@]}")" "$(best "${FD[@]}")" "$(best "${TD[@]}")" "$RUNS" <<'PY'
import sys
fa, ta, fd, td = map(float, sys.argv[1:5])
r = lambda a, b: a / max(b, 0.005)
print(f"  best of {sys.argv[5]}: apply Terraform {fa:.2f}s / Terrace {ta:.2f}s = {r(fa, ta):.1f}x, "
      f"destroy Terraform {fd:.2f}s / Terrace {td:.2f}s = {r(fd, td):.1f}x")
PY
