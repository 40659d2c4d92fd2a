#!/usr/bin/env bash
# The one test command: sets up a fresh machine, then runs every suite.
# Rust tests run against the real keychain (gnome-keyring in a private D-Bus session).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TERM_COLOR=never

mkdir -p target
# The app embeds ui/dist at compile time, so the front end is built before the workspace.
echo "== ui: type-check, build, vitest"
(cd ui && npm run --silent build >/dev/null && npx vitest run --reporter=dot 2>&1 | grep -v 'Unknown user config' | tail -n 6)

# Formatting and lints before the suites (clippy needs ui/dist: the app embeds it). rustfmt.toml sets the
# width; clippy.toml holds the one threshold changed (and why); an `allow` in the code says why on its line.
echo "== lint: cargo fmt --check, cargo clippy -D warnings"
lint_started=$SECONDS
cargo fmt --all --check >target/fmt.log 2>&1 && (cd crates/fuzz && cargo fmt --check) >>target/fmt.log 2>&1 \
  || { head -n 40 target/fmt.log; echo "fmt FAILED: run cargo fmt --all (and in crates/fuzz)"; exit 1; }
cargo clippy --workspace --all-targets --locked --message-format=short -- -D warnings >target/clippy.log 2>&1 \
  || { grep -E '(error|warning)' target/clippy.log | head -n 40; echo "clippy FAILED (log: target/clippy.log)"; exit 1; }
echo "lint: fmt and clippy clean in $((SECONDS - lint_started)) s"

# Lint gate of the front end: tsc strict (TypeScript 7) and eslint (typescript-eslint, React hooks; no
# warning allowed, every disable comment with its reason). Measured ~40 s on the shared 2-core machine.
echo "== ui lint: tsc --noEmit, eslint --max-warnings 0"
ui_lint_started=$SECONDS
(cd ui && npx tsc --noEmit && npx eslint . --max-warnings 0) || { echo "ui lint FAILED"; exit 1; }
echo "ui lint: tsc and eslint clean in $((SECONDS - ui_lint_started)) s"

echo "== rust: build and test the workspace (real keychain, real SQLite, loopback HTTP)"
rust_started=$SECONDS
bash scripts/keyring-session.sh cargo test --workspace --locked 2>&1 | tee target/test-rust.log | grep -E '^(test result|running|error|failures|---- )|panicked' || true
if grep -qE '^test result: FAILED|^error(\[|:)' target/test-rust.log; then
  echo "rust tests FAILED (full log: target/test-rust.log)"; exit 1
fi
passed=$(grep -E '^test result: ok' target/test-rust.log | awk '{s+=$4} END {print s+0}')
failed=$(grep -E '^test result:' target/test-rust.log | awk '{s+=$6} END {print s+0}')
echo "rust: $passed passed, $failed failed in $((SECONDS - rust_started)) s"

# Bounded: the instrumented build (from a clean crates/fuzz/target on a fresh machine) plus FUZZ_SECONDS per
# target, FUZZ_JOBS targets at a time. A crash fails CI and names the crashing input (scripts/fuzz.sh).
# Measured 2026-11-30 from a clean crates/fuzz/target on the shared 2-core machine: 4 min 12 s (build 127 s,
# runs 125 s at 30 s a target). 15 s a target since 2026-12-07: the whole CI had reached ~42 min against a
# goal of well under 40; CI's fuzzing is a regression gate (long runs: FUZZ_SECONDS=600 bash scripts/fuzz.sh).
echo "== fuzz: every cargo-fuzz target in crates/fuzz, ${FUZZ_SECONDS:=15} s each"
fuzz_started=$SECONDS
if ! FUZZ_SECONDS=$FUZZ_SECONDS bash scripts/fuzz.sh; then
  echo "fuzz FAILED (logs: target/fuzz-<target>.log, build: target/fuzz-build.log)"; exit 1
fi
echo "fuzz: step took $((SECONDS - fuzz_started)) s"

# The benchmarks at tiny sizes on the dev build: proves `scripts/bench.sh` and every baseline it compares
# with (openssl, dg-sdk, sqlite3) still work on a fresh machine; the figures themselves mean nothing here.
echo "== bench smoke (scripts/bench.sh --smoke)"
bash scripts/bench.sh --smoke > target/bench-smoke.log 2>&1 || { tail -n 30 target/bench-smoke.log; echo "bench smoke FAILED (log: target/bench-smoke.log)"; exit 1; }
tail -n 1 target/bench-smoke.log

echo "== app: E2E in the real window (Xvfb + tauri-driver + WebKitWebDriver, real keychain, in-process sandbox)"
e2e_started=$SECONDS
cargo build -p paydesk-app --locked 2>&1 | grep -E '^(error|warning: unused)' || true
test -x target/debug/paydesk-app
rm -rf tests/screenshots/tmp
bash scripts/keyring-session.sh xvfb-run -a -s "-screen 0 1280x800x24" \
  tests/run-e2e.sh .venv/bin/python -m pytest -q -p no:cacheprovider tests/e2e 2>&1 \
  | grep -vE 'dbus-daemon|SpiRegistry|Joined session keyring|DeprecationWarning|return handler\(' | tee target/test-e2e.log | tail -n 25
grep -qE '^[0-9]+ passed' target/test-e2e.log && ! grep -qE '[0-9]+ (failed|error)' target/test-e2e.log \
  || { echo "E2E FAILED (log: target/test-e2e.log, tauri-driver: target/tauri-driver.log)"; exit 1; }
echo "e2e: step took $((SECONDS - e2e_started)) s"

# The package a person installs (issue 15): scripts/package.sh --debug builds the .deb around the debug app
# the E2E step just built, apt installs it with its declared dependencies, and the installed binary opens its
# window on the built-in sandbox (tests/e2e/installed_check.py). The release package is the same bundler run
# over the release build; CI does not compile every dependency a second time, in release, for it (from a
# clean clone on 2 cores that step alone was measured at over 15 minutes, 2026-12-07).
echo "== package: build the .deb, install it with apt, start the installed app under Xvfb"
pkg_started=$SECONDS
deb=$(bash scripts/package.sh --debug 2>target/package-build.log | tail -n 1) || { tail -n 30 target/package-build.log; echo "package FAILED"; exit 1; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --reinstall "$PWD/$deb" >target/package-install.log 2>&1 \
  || { cat target/package-install.log; echo "package install FAILED"; exit 1; }
bash scripts/keyring-session.sh xvfb-run -a -s "-screen 0 1280x800x24" env TAURI_APP="$(command -v paydesk-app)" \
  tests/run-e2e.sh .venv/bin/python -m pytest -q -p no:cacheprovider tests/e2e/installed_check.py 2>&1 \
  | grep -vE 'dbus-daemon|SpiRegistry|Joined session keyring|DeprecationWarning|return handler\(' | tee target/test-installed.log | tail -n 5
grep -qE '^1 passed' target/test-installed.log || { echo "installed app FAILED (log: target/test-installed.log)"; exit 1; }
echo "package: $(basename "$deb") built, installed and started in $((SECONDS - pkg_started)) s"
