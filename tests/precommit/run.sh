#!/usr/bin/env bash
# The pre-commit hook, as a user gets it: `pre-commit try-repo` with this
# repository on a sample project. A file with a retired model fails the hook;
# a clean file passes. Installs pre-commit from PyPI into a throwaway
# virtual environment. Run by .ci/run. (The Python hook that installs the
# wheel instead of compiling is tested by tests/wheel/run.sh.)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/lib/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/pre-commit-home"
# pre-commit builds the hook with `cargo install`: reuse this checkout's
# compiled dependencies instead of building them again.
export CARGO_TARGET_DIR="$repo/target"

sample_project "$work/sample"
cd "$work/sample"

echo "-- a risky file must fail the hook"
if pre-commit try-repo "$repo" llmlint --files risky.py > "$work/risky.log" 2>&1; then
  fail "the hook passed a file with a retired model" "$work/risky.log"
fi
grep -q "deprecated-model" "$work/risky.log" || fail "no deprecated-model finding" "$work/risky.log"

echo "-- a clean file must pass"
pre-commit try-repo "$repo" llmlint --files clean.py > "$work/clean.log" 2>&1 || fail "the hook failed a clean file" "$work/clean.log"
echo "pre-commit hook: ok"
