#!/usr/bin/env bash
# The human output in a real 80-column terminal: tmux runs `llmlint check` on
# the fixtures of a few rules in an 80x400 pane, and no line of it may wrap
# (the pane's rows, joined and not, are the same), and it must be what
# `COLUMNS=80` gives through a pipe (the snapshot test's width). Installs tmux
# from Debian's packages when it is missing. Run by .ci/run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin="${LLMLINT_BIN:-$repo/target/release/llmlint}"
. "$repo/tests/lib/common.sh"
need tmux
work=$(mktemp -d)
socket="llmlint-term-$$"
trap 'tmux -L "$socket" kill-server 2> /dev/null || true; rm -rf "$work"' EXIT
for rule in huge-max-tokens batchable-loop nested-retries unbounded-history; do
  mkdir -p "$work/project" && cp -r "$repo/fixtures/$rule" "$work/project/"
done
cd "$work"
# The checked project is `project/`: what this script writes beside it
# (`piped.txt`, `tmux.conf`: text files llmlint reads for keys) stays out.
COLUMNS=80 "$bin" check --color never project > piped.txt 2> /dev/null || true
echo "set -g history-limit 100000" > tmux.conf
tmux -L "$socket" -f tmux.conf new-session -d -x 80 -y 400 -c "$work" \
  "TERM=xterm-256color '$bin' check --color never project 2> /dev/null; echo __END__; sleep 60"
for _ in $(seq 100); do
  tmux -L "$socket" capture-pane -p -S - -E - > rows.txt
  grep -q __END__ rows.txt && break
  sleep 0.2
done
grep -q __END__ rows.txt || { echo "FAIL: llmlint did not finish in the terminal"; exit 1; }
tmux -L "$socket" capture-pane -p -J -S - -E - > joined.txt
lines=$(grep -c . piped.txt)
[ "$lines" -gt 40 ] || { echo "FAIL: expected findings, got $lines lines"; exit 1; }
# Trailing blanks: tmux pads nothing with -J, trims nothing without it.
strip() { sed -e 's/[[:space:]]*$//' -e '/__END__/,$d' "$1" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
if ! diff <(strip rows.txt) <(strip joined.txt) > wrap.diff; then
  echo "FAIL: lines wrapped in an 80-column terminal:"; cat wrap.diff; exit 1
fi
if ! diff <(strip piped.txt) <(strip rows.txt) > width.diff; then
  echo "FAIL: the terminal's output is not COLUMNS=80's:"; head -40 width.diff; exit 1
fi
echo "80-column terminal: $lines lines, none wrapped: ok"
