#!/usr/bin/env bash
# Seed each fuzz target's corpus from the fixtures (fuzz/corpus is not committed).
set -euo pipefail
cd "$(dirname "$0")"
# (The loop variable is local: a global one overwrote `$f`, the fixtures
# directory, after the first target, and left the later corpora nearly empty.)
seed() {
  local dir="corpus/$1" file
  mkdir -p "$dir"
  shift
  for file in "$@"; do [ -f "$file" ] && cp "$file" "$dir/$(echo "$file" | tr '/' '_')"; done
  true
}
f=../fixtures
target=frontend_python; seed $target $(find $f -name '*.py')
target=frontend_javascript; seed $target $(find $f -name '*.js' -o -name '*.mjs')
target=frontend_typescript; seed $target $(find $f -name '*.ts')
target=frontend_tsx; seed $target $(find $f -name '*.tsx' -o -name '*.ts')
target=frontend_rust; seed $target $(find $f -name '*.rs')
target=config_yaml; seed $target $(find $f -name '*.yaml' -o -name '*.yml')
target=config_json; seed $target $(find $f -name '*.json' -o -name '*.jsonc')
target=config_toml; seed $target $(find $f -name '*.toml')
target=config_env; seed $target $(find $f -name '.env*' ! -name '*.expect')
target=notebook; seed $target $(find $f -name '*.ipynb')
target=suppressions; seed $target $(grep -rl "llmlint:" $f)
target=config_loader; seed $target $(find $f -name '*.toml') ../src/config.rs
target=fix_apply; mkdir -p corpus/fix_apply
target=prefilter; seed $target $(find $f -type f ! -name '*.expect')
echo "seeded: $(ls corpus | wc -l) targets"
