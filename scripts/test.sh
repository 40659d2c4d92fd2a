#!/usr/bin/env bash
# The one test command: sets up a fresh machine, then runs every suite.
# Rust tests run against the real keychain (gnome-keyring in a private D-Bus session).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TERM_COLOR=never

mkdir -p target
echo "== rust: build and test the workspace (real keychain, real SQLite, loopback HTTP)"
bash scripts/keyring-session.sh cargo test --workspace --locked 2>&1 | tee target/test-rust.log | grep -E '^(test result|running|error|failures|---- )|panicked' || true
if grep -qE '^test result: FAILED|^error(\[|:)' target/test-rust.log; then
  echo "rust tests FAILED (full log: target/test-rust.log)"; exit 1
fi
passed=$(grep -E '^test result: ok' target/test-rust.log | awk '{s+=$4} END {print s+0}')
failed=$(grep -E '^test result:' target/test-rust.log | awk '{s+=$6} END {print s+0}')
echo "rust: $passed passed, $failed failed"
