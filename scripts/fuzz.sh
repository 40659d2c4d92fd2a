#!/usr/bin/env bash
# Runs every cargo-fuzz target in crates/fuzz for a bounded time and keeps what crashes. Part of
# scripts/test.sh (CI); fails when any target finds a crash, naming the crashing input's file.
#
#   FUZZ_SECONDS   seconds per target (default 30)
#   FUZZ_TARGETS   space-separated subset (default: all of `cargo fuzz list`)
#   FUZZ_JOBS      targets fuzzed at the same time (default: the number of CPUs; each target is one process)
#
# cargo-fuzz (installed by scripts/setup.sh) needs nightly-only rustc flags (-Zsanitizer); RUSTC_BOOTSTRAP=1
# lets the stable toolchain accept them, so no nightly is needed. Crashes land in
# crates/fuzz/artifacts/<target>/ (kept, gitignored); each one found must become a regression test in its
# crate's ordinary tests (e.g. crates/dougong/tests/fuzz_regressions.rs). The growing corpus is kept in
# crates/fuzz/corpus/<target>/ (gitignored); crates/fuzz/seeds/<target>/ are committed starting points.
# Reproduce a crash: RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir crates/fuzz --debug-assertions --sanitizer none
#   --codegen-units 16 <target> <file>   (the flags FLAGS below: others rebuild everything)
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1
SECONDS_EACH=${FUZZ_SECONDS:-30}
JOBS=${FUZZ_JOBS:-$(nproc)}
FUZZ_DIR=crates/fuzz
command -v cargo-fuzz >/dev/null 2>&1 || { echo "fuzz: cargo-fuzz is missing; run scripts/setup.sh"; exit 1; }

mkdir -p target
targets=${FUZZ_TARGETS:-$(cargo fuzz list --fuzz-dir "$FUZZ_DIR")}
# Build flags, the same for build and run (a difference would rebuild): debug assertions and overflow checks
# on (an overflow is a finding); no AddressSanitizer: the targets and the code they reach are safe Rust, the
# findings are panics, and ASan would double the build and halve the exec rate; 16 codegen units build the
# big dependencies (rsa, serde_json) faster on CI's 2 cores at a small cost in exec speed.
FLAGS=(--fuzz-dir "$FUZZ_DIR" --debug-assertions --sanitizer none --codegen-units 16)
# One instrumented build for all targets.
# crates/fuzz/Cargo.lock is committed (cargo fuzz build has no --locked), so a fresh machine builds exactly that.
started=$SECONDS
if ! cargo fuzz build "${FLAGS[@]}" >target/fuzz-build.log 2>&1; then
  grep -E '^(error|warning: unused)' -A5 target/fuzz-build.log | head -n 40 || true
  echo "fuzz: the instrumented build FAILED (log: target/fuzz-build.log)"
  exit 1
fi
echo "fuzz: instrumented build $((SECONDS - started)) s"

# One target: its own log; the status file says ok / CRASH.
run_one() {
  local t=$1 log="target/fuzz-$1.log" seeds=()
  mkdir -p "$FUZZ_DIR/corpus/$t" "$FUZZ_DIR/artifacts/$t"
  [ -d "$FUZZ_DIR/seeds/$t" ] && seeds=("$FUZZ_DIR/seeds/$t")
  # -jobs is not used: one process per target, FUZZ_JOBS targets at a time, keeps every log readable.
  if cargo fuzz run "${FLAGS[@]}" "$t" "$FUZZ_DIR/corpus/$t" "${seeds[@]}" -- \
      -max_total_time="$SECONDS_EACH" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      >"$log" 2>&1; then
    echo ok >"target/fuzz-$t.status"
  else
    echo CRASH >"target/fuzz-$t.status"
  fi
}

started=$SECONDS
running=0
for t in $targets; do
  rm -f "target/fuzz-$t.status"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true
echo "fuzz: runs $((SECONDS - started)) s ($SECONDS_EACH s per target, $JOBS at a time)"

summary=target/fuzz-summary.txt
: >"$summary"
failed=()
for t in $targets; do
  log="target/fuzz-$t.log"
  status=$(cat "target/fuzz-$t.status" 2>/dev/null || echo CRASH)
  [ "$status" = ok ] || failed+=("$t")
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -n1)
  speed=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}' | tail -n1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n1 | awk '{print $2}')
  printf '%-20s %-6s execs=%-9s exec/s=%-7s cov=%s\n' "$t" "$status" "${execs:-?}" "${speed:-?}" "${cov:-?}" | tee -a "$summary"
done

if [ ${#failed[@]} -gt 0 ]; then
  for t in "${failed[@]}"; do
    echo "---- fuzz target $t (log: target/fuzz-$t.log)"
    grep -m3 -E 'panicked|ERROR: |SUMMARY: ' "target/fuzz-$t.log" || tail -n 20 "target/fuzz-$t.log"
    # libFuzzer names the file it saved the crashing input to.
    grep -oE 'Test unit written to [^ ]+' "target/fuzz-$t.log" | sed 's/^Test unit written to /crashing input: /' || true
  done
  echo "fuzz: FAILED, crashes in ${failed[*]} (reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run ${FLAGS[*]} <target> <crashing input>)"
  exit 1
fi
echo "fuzz: all targets ran clean (summary: $summary)"
