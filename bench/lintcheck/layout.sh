#!/bin/bash
# Lay the lintcheck repositories out under OUT, one folder per name, at the pinned commits.
# Usage: bench/lintcheck/layout.sh MIRRORS OUT
#   MIRRORS: a folder holding a git copy (bare or not) of each repository of repos.tsv as
#   MIRRORS/OWNER+NAME/repo (what the `fetch` tool writes).
# Nothing laid out here is committed: it is read and measured only.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mirrors=${1:?usage: layout.sh MIRRORS OUT}
out=${2:?usage: layout.sh MIRRORS OUT}
mkdir -p "$out"
grep -v '^#' "$here/repos.tsv" | while IFS=$'\t' read -r name slug commit _; do
  git_dir="$mirrors/${slug/\//+}/repo"
  if [ ! -d "$git_dir" ]; then echo "missing: $git_dir (a git copy of $slug)"; continue; fi
  if [ -e "$out/$name" ]; then continue; fi
  mkdir -p "$out/$name"
  # A snapshot may lack its largest blobs, and `git archive` stops at the
  # first one it cannot read: write every blob the copy holds, skip the rest.
  git --git-dir="$git_dir" ls-tree -r -z "$commit" | python3 -c '
import os, subprocess, sys, threading
git_dir, dest = sys.argv[1], sys.argv[2]
rows = [r.split(b"\t", 1) for r in sys.stdin.buffer.read().split(b"\0") if r]
rows = [(m.split(), p) for m, p in rows]
rows = [(mode, sha, p) for (mode, kind, sha), p in rows if kind == b"blob" and mode != b"120000"]
cat = subprocess.Popen(["git", "--git-dir=" + git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def feed():  # (on a thread of its own: each pipe would wait for the other)
    cat.stdin.write(b"".join(sha + b"\n" for _, sha, _ in rows)); cat.stdin.close()
threading.Thread(target=feed, daemon=True).start()
missing = 0
for mode, sha, p in rows:
    head = cat.stdout.readline().split()
    if head[-1] == b"missing":
        missing += 1; continue
    data = cat.stdout.read(int(head[2])); cat.stdout.read(1)
    path = os.path.join(dest.encode(), p)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f: f.write(data)
    if mode == b"100755": os.chmod(path, 0o755)
if missing: print(f"{dest}: {missing} blobs absent from the copy, skipped")
' "$git_dir" "$out/$name" || echo "$name: commit $commit not in the copy"
done
