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
  git --git-dir="$git_dir" archive "$commit" | tar -x -C "$out/$name" || echo "$name: commit $commit not in the copy"
done
