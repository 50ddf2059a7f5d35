#!/usr/bin/env bash
# The VS Code extension (editors/vscode), built as a release would build it:
# `npm ci`, a strict type-check, the compile and `vsce package`, in a copy of
# the folder so the checkout is left as it was. The .vsix must hold the
# compiled extension and its run-time dependencies and not its sources. Then
# the protocol library the extension talks through (vscode-jsonrpc, under
# vscode-languageclient) runs an LSP session against `llmlint server`.
# Installs Node.js from Debian's packages when it is missing (vsce needs
# Node 20 or later). Run by .ci/run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin="${LLMLINT_BIN:-$repo/target/release/llmlint}"
[ -x "$bin" ] || { echo "FAIL: no llmlint binary at $bin (build it, or set LLMLINT_BIN)"; exit 1; }
. "$repo/tests/lib/common.sh"
need node nodejs
need npm
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "FAIL: node $(node --version) is too old: @vscode/vsce needs Node 20 or later"
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A copy without what a local build leaves (node_modules, out, a .vsix),
# at the same depth under the licence texts it packs.
mkdir -p "$work/editors/vscode"
cp "$repo"/LICENSE-* "$work/"
tar -C "$repo/editors/vscode" --exclude=./node_modules --exclude=./out --exclude='*.vsix' --exclude=./LICENSE -cf - . | tar -C "$work/editors/vscode" -xf -
ext="$work/editors/vscode"
cd "$ext"

step() {
  local name=$1
  shift
  echo "-- $name"
  if ! "$@" > "$work/step.log" 2>&1; then
    cat "$work/step.log"
    echo "FAIL: $name"
    exit 1
  fi
}
step "npm ci" npm ci --no-audit --no-fund
step "type-check (npm run check)" npm run check
step "compile (npm run compile)" npm run compile
# Output to a file: vsce asks nothing when its output is not a terminal.
step "vsce package" npx --no-install vsce package --out llmlint.vsix
grep -h "WARNING" "$work/step.log" || true

echo "-- the .vsix holds the compiled extension and its run-time dependencies, not its sources"
python3 - llmlint.vsix <<'PY'
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
missing = [n for n in ("extension/package.json", "extension/LICENSE.txt", "extension/out/extension.js", "extension/node_modules/vscode-languageclient/package.json") if n not in names]
sources = sorted(n for n in names if n.startswith(("extension/src/", "extension/scripts/")))
if missing or sources:
    print("\n".join(sorted(names)))
    if missing:
        print("FAIL: the .vsix lacks " + ", ".join(missing))
    if sources:
        print("FAIL: the .vsix holds sources: " + ", ".join(sources[:5]))
    sys.exit(1)
PY

echo "-- an LSP session with $bin server through vscode-jsonrpc"
mkdir "$work/sample"
cat > "$work/sample/app.py" <<'PY'
import anthropic

client = anthropic.Anthropic()
client.messages.create(model="claude-3-opus-20240229", max_tokens=512, messages=[])
PY
if ! timeout 60 node "$repo/tests/vscode/lsp_handshake.js" "$ext" "$bin" "$work/sample/app.py"; then
  echo "FAIL: the LSP session through vscode-jsonrpc"
  exit 1
fi
echo "vscode extension: ok"
