#!/usr/bin/env bash
# The Python package, as a user gets it:
#   1. `pip install .` (the README's command) in a fresh virtual environment
#      puts a working `llmlint` on its PATH;
#   2. a wheel built from this checkout holds the binary and nothing else,
#      installs into another fresh environment with no Rust toolchain on
#      PATH, and `llmlint check` from there fails a risky file and passes a
#      clean one;
#   3. pre-commit's Python hook (the README's `language: python` snippet)
#      installs that wheel and runs it, compiling nothing.
# Installs maturin and pre-commit from PyPI. Run by .ci/run after the
# release build, whose compiled code the wheel build reuses.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/lib/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pip_quiet=(--quiet --disable-pip-version-check)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -1)

echo "-- pip install . (from the checkout)"
python3 -m venv "$work/from-source"
(cd "$repo" && "$work/from-source/bin/pip" install "${pip_quiet[@]}" .)
got=$("$work/from-source/bin/llmlint" --version)
[ "$got" = "llmlint $version" ] || fail "pip install . gave '$got', expected 'llmlint $version'"

echo "-- build the wheel"
python3 -m venv "$work/build"
"$work/build/bin/pip" install "${pip_quiet[@]}" "maturin>=1.7,<2"
(cd "$repo" && "$work/build/bin/maturin" build --release --quiet --out "$work/dist")
wheel=$(ls "$work"/dist/llmlint-"$version"-*.whl)
python3 - "$wheel" <<'PY' || exit 1
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
scripts = [n for n in names if ".data/scripts/" in n]
assert scripts == [next(n for n in names if n.endswith(".data/scripts/llmlint"))], f"expected the llmlint binary alone as a script, got {scripts}"
assert not any(n.endswith((".py", ".rs")) for n in names), f"source in the wheel: {names}"
print(f"{sys.argv[1].rsplit('/', 1)[-1]}: {len(names)} entries, the binary alone")
PY

echo "-- install the wheel into a fresh environment and check from there"
python3 -m venv "$work/user"
"$work/user/bin/pip" install "${pip_quiet[@]}" "$wheel"
sample_project "$work/sample"
cd "$work/sample"
# Nothing of the build is reachable: the venv and the system's own tools only.
user_path="$work/user/bin:/usr/bin:/bin"
if env PATH="$user_path" llmlint check risky.py > "$work/risky.log" 2>&1; then
  fail "the installed wheel passed a file with a retired model" "$work/risky.log"
fi
grep -q "deprecated-model" "$work/risky.log" || fail "no deprecated-model finding" "$work/risky.log"
env PATH="$user_path" llmlint check clean.py > "$work/clean.log" 2>&1 || fail "the installed wheel failed a clean file" "$work/clean.log"

echo "-- pre-commit's Python hook installs the wheel"
python3 -m venv "$work/pre-commit"
"$work/pre-commit/bin/pip" install "${pip_quiet[@]}" pre-commit
# The README's snippet, with the wheel built here in place of the release.
python3 - "$repo/README.md" "$wheel" > .pre-commit-config.yaml <<'PY'
import sys
text = open(sys.argv[1]).read()
start = text.rindex("```yaml", 0, text.index("language: python")) + len("```yaml\n")
snippet = text[start:text.index("```", start)]
assert "additional_dependencies: [llmlint]" in snippet, snippet
print(snippet.replace("additional_dependencies: [llmlint]", f"additional_dependencies: ['{sys.argv[2]}']"))
PY
git add .pre-commit-config.yaml
export PRE_COMMIT_HOME="$work/pre-commit-home"
# No cargo: the hook must not compile.
hook_path="$work/pre-commit/bin:/usr/bin:/bin"
if env PATH="$hook_path" pre-commit run llmlint --files risky.py > "$work/hook-risky.log" 2>&1; then
  fail "the Python hook passed a file with a retired model" "$work/hook-risky.log"
fi
grep -q "deprecated-model" "$work/hook-risky.log" || fail "no deprecated-model finding from the hook" "$work/hook-risky.log"
env PATH="$hook_path" pre-commit run llmlint --files clean.py > "$work/hook-clean.log" 2>&1 || fail "the Python hook failed a clean file" "$work/hook-clean.log"
echo "wheel: ok"
