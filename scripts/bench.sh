#!/usr/bin/env bash
# The benchmarks (issue 7). Every figure is printed beside a baseline measured in the same run on this
# machine, as a ratio; the run is written to bench/results/<date>-<host>.md and .json with the machine's
# description. Not part of scripts/test.sh (minutes of release builds and load); the smoke run is.
#
#   scripts/bench.sh            # full run, release builds
#   scripts/bench.sh --smoke    # tiny sizes, the test build (dev profile), no app; checks the benches work
#
# Groups (crates/bench/src/*.rs says how each is measured):
#   signing   dougong sign/verify per second vs `openssl speed rsa2048` and vs dg-sdk (Python)
#   client    dougong client → sandbox calls/s, 1 and 16 in flight, vs a sequential dg-sdk script
#   bills     `paydesk bill import` of 1,000,000- and 10,000,000-row bills vs `sqlite3 .import`; the
#             statements page's filtered total and order-id search on each
#   refunds   `paydesk refund batch` of 1,000 refunds vs a sequential dg-sdk script; duplicates counted
#   app       cold start to first paint, idle PSS and RSS, first paint with the start-up reconcile facing a
#             sandbox that answers after 30 s, RSS after the bill import (Xvfb) vs MiniBrowser
# BENCH_ONLY="signing client" runs only those groups (the report then holds only them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
ONLY=" ${BENCH_ONLY:-signing client bills refunds app} "
want() { [[ "$ONLY" == *" $1 "* ]]; }

if [ $SMOKE = 1 ]; then
  # Sizes that prove every path works in seconds, on the build scripts/test.sh already made.
  SECONDS_PER=0.3; ROWS=2000; BILL_SIZES=2000; REFUNDS=10; PROFILE=${BENCH_PROFILE:-dev}; ONLY=" ${ONLY// app / } "
else
  SECONDS_PER=3; ROWS=1000000; BILL_SIZES=${BENCH_BILL_SIZES:-1000000,10000000}; REFUNDS=1000; PROFILE=release
fi

[ $SMOKE = 1 ] || bash scripts/setup.sh

echo "== building ($PROFILE)"
BUILD=(cargo build --locked --quiet -p paydesk-bench -p paydesk-cli)
if [ $PROFILE = release ]; then
  "${BUILD[@]}" --release
  if want app; then
    (cd ui && npm run --silent build >/dev/null)      # the app embeds ui/dist at compile time
    cargo build --locked --quiet --release -p paydesk-app
  fi
  BIN=target/release
else
  "${BUILD[@]}"
  BIN=target/debug
fi

WORK=$ROOT/target/bench
mkdir -p "$WORK"
export BENCH_FIGURES=$WORK/figures.jsonl
: > "$BENCH_FIGURES"
B=("$BIN/paydesk-bench")
PY=(--python "$ROOT/.venv/bin/python" --scripts "$ROOT/crates/bench/python")

want signing && "${B[@]}" sign --seconds "$SECONDS_PER" "${PY[@]}"
want client && "${B[@]}" calls --seconds "$SECONDS_PER" --paydesk "$BIN/paydesk" "${PY[@]}"
want bills && bash scripts/keyring-session.sh "${B[@]}" bills --rows "$BILL_SIZES" --work "$WORK/bills" --paydesk "$BIN/paydesk"
# paydesk keeps profile keys in the OS keychain: run it inside the private keyring session.
want refunds && bash scripts/keyring-session.sh "${B[@]}" refunds --count "$REFUNDS" --paydesk "$BIN/paydesk" "${PY[@]}"
want app && bash scripts/keyring-session.sh xvfb-run -a -s "-screen 0 1280x800x24" \
  "${B[@]}" app --app "$BIN/paydesk-app" --work "$WORK/app" --paydesk "$BIN/paydesk"
# The app's RSS after importing the bills group's file through the statements page, in the real window.
BILL="$WORK/bills/20260101_bench_order_$ROWS.csv"
if want app; then
  if [ -f "$BILL" ]; then
    bash scripts/keyring-session.sh xvfb-run -a -s "-screen 0 1280x800x24" env TAURI_APP="$ROOT/$BIN/paydesk-app" \
      tests/run-e2e.sh "$ROOT/.venv/bin/python" crates/bench/python/app_import_rss.py "$BILL" "$ROWS" 2>&1 \
      | grep -vE 'dbus-daemon|SpiRegistry|Joined session keyring|DeprecationWarning|return handler\(' || true
  else
    echo '{"group":"app","name":"RSS after importing the 1M-row bill","value":null,"unit":"MiB","baseline":"idle RSS of the same app","baseline_value":null,"ratio":null,"higher_is_better":false,"note":"NOT MEASURED: the bills group did not run, so there is no bill file to import"}' >> "$BENCH_FIGURES"
  fi
fi

if [ $SMOKE = 1 ]; then
  # Every group ran to the end; a baseline or a Paydesk side that broke fails the smoke (work that has
  # not landed yet is "not measured" with its reason, and passes).
  if grep -i 'failed' "$BENCH_FIGURES"; then echo "bench smoke FAILED"; exit 1; fi
  echo "bench smoke: $(wc -l < "$BENCH_FIGURES") figures, $(grep -c 'NOT MEASURED' "$BENCH_FIGURES" || true) not measured"
else
  "${B[@]}" report --figures "$BENCH_FIGURES" --out-dir bench/results
fi
