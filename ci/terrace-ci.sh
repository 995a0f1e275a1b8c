#!/usr/bin/env bash
# Prices the base commit and the current checkout, diffs them, and posts the cost comment
# on the pull request (GitHub), merge request (GitLab) or commit. Used by action.yml and
# ci/gitlab/terrace.gitlab-ci.yml; runs anywhere with git, bash and terrace.
#
# Run it from inside the checkout (a subdirectory is fine: the base is priced at the same
# place). Settings come from the environment:
#
#   TERRACE               the terrace binary (default: terrace on PATH)
#   TERRACE_PLATFORM      github | gitlab | none (none: price and diff only)
#   TERRACE_BASE_REF      the commit to compare with: the pull request's base (required)
#   TERRACE_CONFIG_FILE   a terrace.yml listing the projects; else TERRACE_PATH is priced
#   TERRACE_PATH          a Terraform directory or plan JSON (default: .)
#   TERRACE_USAGE_FILE    a usage file for TERRACE_PATH
#   TERRACE_POLICY_FILE   a terrace.yml whose policies apply (default: TERRACE_CONFIG_FILE)
#   TERRACE_BEHAVIOR      update | new | delete-and-new | hide-and-new (default: update)
#   TERRACE_TAG           the comment's tag (default: default)
#   TERRACE_DRY_RUN       true: print the comment instead of posting it
#   TERRACE_OUT_DIR       where base.json, diff.json and comment.md are written
#   GitHub: GITHUB_REPOSITORY, TERRACE_PULL_REQUEST or TERRACE_COMMIT, GITHUB_TOKEN,
#           GITHUB_API_URL
#   GitLab: CI_PROJECT_PATH, CI_MERGE_REQUEST_IID, GITLAB_TOKEN, CI_SERVER_URL
#
# Exit status: terrace's. 3 means a cost policy failed (the comment is posted first).
set -euo pipefail

terrace=${TERRACE:-terrace}
platform=${TERRACE_PLATFORM:-none}
base_ref=${TERRACE_BASE_REF:?set TERRACE_BASE_REF to the commit to compare with}
out=${TERRACE_OUT_DIR:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

src=()
if [ -n "${TERRACE_CONFIG_FILE:-}" ]; then
  src=(--config-file "$TERRACE_CONFIG_FILE")
else
  src=(--path "${TERRACE_PATH:-.}")
  if [ -n "${TERRACE_USAGE_FILE:-}" ]; then
    src+=(--usage-file "$TERRACE_USAGE_FILE")
  fi
fi

# The base commit in a worktree of its own, priced at the same subdirectory.
prefix=$(git rev-parse --show-prefix)
base_dir="$out/base-checkout"
cleanup() { git worktree remove --force "$base_dir" >/dev/null 2>&1 || rm -rf "$base_dir"; }
trap cleanup EXIT
empty_base() {
  echo '{"version": "0.2", "currency": "USD", "projects": []}' >"$out/base.json"
}
if [[ "$base_ref" =~ ^0+$ ]]; then
  # The first push of a branch has no commit before it.
  echo "No base commit; comparing with nothing." >&2
  empty_base
else
  if ! git cat-file -e "$base_ref^{commit}" 2>/dev/null; then
    git fetch --quiet --no-tags --depth=1 origin "$base_ref"
  fi
  git worktree add --quiet --detach "$base_dir" "$base_ref"
  echo "Pricing the base commit $(git rev-parse --short "$base_ref")" >&2
  if ! (cd "$base_dir/$prefix" && "$terrace" cost breakdown "${src[@]}" --format json --out-file "$out/base.json"); then
    echo "The base commit could not be priced (a new project?); comparing with nothing." >&2
    empty_base
  fi
fi

echo "Pricing the change" >&2
"$terrace" cost diff "${src[@]}" --compare-to "$out/base.json" --format json --out-file "$out/diff.json"
policy=()
policy_file=${TERRACE_POLICY_FILE:-${TERRACE_CONFIG_FILE:-}}
if [ -n "$policy_file" ]; then
  policy=(--policy-file "$policy_file")
fi
md_status=0
"$terrace" cost output --path "$out/diff.json" --format markdown "${policy[@]}" >"$out/comment.md" || md_status=$?
if [ "$md_status" -ne 0 ] && [ "$md_status" -ne 3 ]; then
  exit "$md_status"
fi

args=(--path "$out/diff.json" --behavior "${TERRACE_BEHAVIOR:-update}" --tag "${TERRACE_TAG:-default}" "${policy[@]}")
# The commit's time: a slow run of an older commit never overwrites a newer comment.
args+=(--valid-at "$(git log -1 --format=%cI HEAD)")
if [ "${TERRACE_DRY_RUN:-false}" = "true" ]; then
  args+=(--dry-run)
fi

status=0
case "$platform" in
  github)
    if [ -n "${TERRACE_PULL_REQUEST:-}" ]; then
      target=(--pull-request "$TERRACE_PULL_REQUEST")
    else
      target=(--commit "${TERRACE_COMMIT:?set TERRACE_PULL_REQUEST or TERRACE_COMMIT}")
    fi
    "$terrace" comment github --repo "${GITHUB_REPOSITORY:?}" "${target[@]}" "${args[@]}" || status=$?
    ;;
  gitlab)
    "$terrace" comment gitlab --repo "${CI_PROJECT_PATH:?}" --merge-request "${CI_MERGE_REQUEST_IID:?}" "${args[@]}" || status=$?
    ;;
  none)
    cat "$out/comment.md"
    status=$md_status
    ;;
  *)
    echo "TERRACE_PLATFORM must be github, gitlab or none, not '$platform'" >&2
    exit 1
    ;;
esac
exit "$status"
