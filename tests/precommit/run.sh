#!/usr/bin/env bash
# The pre-commit hook, as a user gets it: `pre-commit try-repo` with this
# repository on a sample project. A file with a retired model fails the hook;
# a clean file passes. Installs pre-commit from PyPI into a throwaway
# virtual environment. Run by .ci/run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/pre-commit-home"
# pre-commit builds the hook with `cargo install`: reuse this checkout's
# compiled dependencies instead of building them again.
export CARGO_TARGET_DIR="$repo/target"

mkdir "$work/sample"
cd "$work/sample"
git init --quiet
cat > risky.py <<'PY'
import anthropic

client = anthropic.Anthropic()


def summarise(text):
    return client.messages.create(model="claude-3-opus-20240229", max_tokens=512, messages=[{"role": "user", "content": text}])
PY
cat > clean.py <<'PY'
import anthropic

client = anthropic.Anthropic()


def summarise(text):
    return client.messages.create(model="claude-sonnet-4-6", max_tokens=512, messages=[{"role": "user", "content": text}])
PY
git add risky.py clean.py

echo "-- a risky file must fail the hook"
if pre-commit try-repo "$repo" llmlint --files risky.py > "$work/risky.log" 2>&1; then
  cat "$work/risky.log"
  echo "FAIL: the hook passed a file with a retired model"
  exit 1
fi
grep -q "deprecated-model" "$work/risky.log" || { cat "$work/risky.log"; echo "FAIL: no deprecated-model finding"; exit 1; }

echo "-- a clean file must pass"
if ! pre-commit try-repo "$repo" llmlint --files clean.py > "$work/clean.log" 2>&1; then
  cat "$work/clean.log"
  echo "FAIL: the hook failed a clean file"
  exit 1
fi
echo "pre-commit hook: ok"
