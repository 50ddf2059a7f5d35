#!/usr/bin/env bash
# The GitHub Action (action.yml), its steps run as written outside GitHub by
# tests/action/steps.py: installs llmlint the way the action does, then
# checks a sample project through its inputs. Installs PyYAML from PyPI into
# a throwaway virtual environment. Run by .ci/run after the release build.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/lib/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pyyaml
# `cargo install` builds in this checkout's target directory: what the
# release build compiled is reused.
export CARGO_TARGET_DIR="$repo/target"
sample_project "$work/sample"
# `version:` fetches https://github.com/llmlint/llmlint; here git is pointed
# at this checkout instead (it must be a git repository with a `main` branch,
# as a clean clone is).
printf '[url "%s"]\n\tinsteadOf = https://github.com/llmlint/llmlint\n' "file://$repo" > "$work/gitconfig"
GIT_CONFIG_GLOBAL="$work/gitconfig" "$work/venv/bin/python" "$repo/tests/action/steps.py" "$repo" "$work/sample" "$work/runner"
echo "github action: ok"
