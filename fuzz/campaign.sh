#!/usr/bin/env bash
# Run fuzz targets for a fixed time each, two at a time, and print one table
# row per target: run time, executions, and coverage (edges) at half time and
# at the end: a target whose coverage barely grows over the second half of a
# run has reached a plateau. Each run goes on from the corpus the previous
# ones grew. Logs and coverage samples are kept in fuzz/logs/ (not committed).
#
#   bash fuzz/campaign.sh SECONDS [TARGET...]      (default: every target)
#
# Built without a sanitizer (`-s none`): the targets are Rust (ruff's and
# oxc's parsers, syn; no C since 2026-11-30), and a sanitizer costs a factor of two to three in
# executions; panics, stack overflows and hangs (-timeout) are still caught.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: campaign.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(ls fuzz_targets | sed 's/\.rs$//')
mkdir -p logs
# Built once, then the binaries run directly: `cargo fuzz run` would rebuild
# (and change the code under test) whenever the sources are edited meanwhile.
RUSTC_BOOTSTRAP=1 cargo fuzz build -O -s none
bin=target/$(rustc -vV | sed -n 's/^host: //p')/release

one() {
  local t=$1 log=logs/$1.log samples=logs/$1.samples start=$SECONDS status=0
  mkdir -p "corpus/$t" "artifacts/$t"
  # The fuzzer writes its log itself (through a pipe, a reader that dies
  # takes the fuzzer with it, silently); coverage is sampled every 5 s.
  FUZZ_LAST_INPUT="logs/$t.last" "$bin/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1 &
  local pid=$!
  : >"$samples"
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    printf '%s %s\n' "$((SECONDS - start))" "$(grep -a ' cov: ' "$log" | tail -n 1)" >>"$samples"
  done
  wait "$pid" || status=$?
  # Killed without a word (a stack overflow off the main thread): the input
  # it was running is the crash.
  if [ "$status" -gt 128 ] && [ -f "logs/$t.last" ] && ! grep -aq "deadly signal\|ERROR: libFuzzer" "$log"; then
    cp "logs/$t.last" "artifacts/$t/crash-signal-$((status - 128))-$(date +%s)"
  fi
  awk -v t="$t" -v half=$((seconds / 2)) -v status="$status" '
    FILENAME ~ /samples$/ && / cov: / { for (i = 1; i <= NF; i++) if ($i == "cov:") c = $(i + 1); if ($1 <= half) mid = c; end = c }
    /stat::number_of_executed_units/ { runs = $NF }
    /ERROR: libFuzzer|panicked at|deadly signal/ { crash = 1 }
    END {
      if (status != 0 && !crash) crash = 2
      printf "| `%s` | %s s | %s | %s | %s (%+.1f%%) | %s |\n", t, '"$seconds"', runs, mid, end, mid ? 100 * (end - mid) / mid : 0,
        crash == 1 ? "CRASH, see logs/" t ".log" : crash == 2 ? "exit " status ", see logs/" t ".log" : "0"
    }
  ' "$samples" "$log"
}

echo "| target | time | executions | coverage at half time | at the end (growth) | crashes |"
echo "|---|---:|---:|---:|---:|---|"
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  one "${targets[i]}" >"logs/${targets[i]}.row" &
  if [ $((i + 1)) -lt ${#targets[@]} ]; then one "${targets[i + 1]}" >"logs/${targets[i + 1]}.row"; fi
  wait
  cat "logs/${targets[i]}.row"
  [ $((i + 1)) -lt ${#targets[@]} ] && cat "logs/${targets[i + 1]}.row"
done
