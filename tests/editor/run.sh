#!/usr/bin/env bash
# The language server in a real editor: Neovim (headless) opens a Python, a
# TypeScript and a Rust fixture through `llmlint server` and must show what
# `llmlint check` reports for each; then code actions edit the buffer.
# Installs Neovim from Debian's packages when it is missing. Run by .ci/run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin="${LLMLINT_BIN:-$repo/target/release/llmlint}"
. "$repo/tests/lib/common.sh"
need nvim neovim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Copies, so code actions may edit them.
cases=""
for f in fixtures/deprecated-model/models.py fixtures/deprecated-model/chat.ts fixtures/deprecated-model/client.rs; do
  dest="$work/$(basename "$(dirname "$f")")/$(basename "$f")"
  mkdir -p "$(dirname "$dest")"
  cp "$repo/$f" "$dest"
  expected=$(cd "$work" && { "$bin" check --format json "$dest" || true; } | python3 -c 'import json,sys; print(",".join("%s:%s" % (x["rule"], x["line"]) for x in json.load(sys.stdin)["findings"]))')
  cases="$cases$dest=$expected;"
done
# The README's Neovim snippet, as written, starts the server: `llmlint` is
# found on PATH as a user's would be.
python3 - "$repo/README.md" > "$work/readme_snippet.lua" <<'PY'
import sys
text = open(sys.argv[1]).read()
start = text.index("```lua", text.index("\nNeovim (")) + len("```lua\n")
print(text[start:text.index("```", start)])
PY
mkdir -p "$work/bin" && ln -s "$bin" "$work/bin/llmlint"
cd "$work"
PATH="$work/bin:$PATH" LLMLINT_SNIPPET="$work/readme_snippet.lua" LLMLINT_ROOT="$work" LLMLINT_CASES="$cases" \
  timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile $repo/tests/editor/nvim_e2e.lua"
echo "neovim end-to-end: ok"
