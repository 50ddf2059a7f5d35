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
# release build compiled is reused (run this after `cargo build --release`).
export CARGO_TARGET_DIR="$repo/target"
sample_project "$work/sample"
# `version:` fetches https://github.com/llmlint/llmlint; here git is pointed
# at this checkout instead (it must be a git repository with a `main` branch,
# as a clean clone is).
printf '[url "%s"]\n\tinsteadOf = https://github.com/llmlint/llmlint\n' "file://$repo" > "$work/gitconfig"
# For `version:`, a `cargo` that checks what it is asked to install (the
# fetched revision) and installs this build instead of compiling it again:
# the real `cargo install --path` is what the default `version` runs.
mkdir "$work/shim"
cat > "$work/shim/cargo" <<SH
#!/usr/bin/env bash
set -euo pipefail
[ "\$1 \$2 \$3 \$4" = "install --locked --quiet --root" ] || { echo "unexpected: cargo \$*" >&2; exit 9; }
root=\$5 src=\$7
[ "\$(git -C "\$src" rev-parse HEAD)" = "\$(git -C "$repo" rev-parse main)" ] || { echo "not main's commit in \$src" >&2; exit 9; }
[ -f "\$src/Cargo.toml" ] || { echo "no Cargo.toml in \$src" >&2; exit 9; }
mkdir -p "\$root/bin" && cp "$repo/target/release/llmlint" "\$root/bin/llmlint"
SH
chmod +x "$work/shim/cargo"
GIT_CONFIG_GLOBAL="$work/gitconfig" CARGO_SHIM="$work/shim" "$work/venv/bin/python" "$repo/tests/action/steps.py" "$repo" "$work/sample" "$work/runner"
echo "github action: ok"
