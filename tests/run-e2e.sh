#!/usr/bin/env bash
# Runs an E2E client against the real app: starts tauri-driver (which starts the app through
# WebKitWebDriver for each session), waits for its port, runs "$@", stops tauri-driver by its PID.
# Run inside Xvfb and the keyring session:
#   scripts/keyring-session.sh xvfb-run -a -s "-screen 0 1280x800x24" tests/run-e2e.sh .venv/bin/python -m pytest tests/e2e
set -u
cd "$(dirname "$0")/.."
export TAURI_APP=${TAURI_APP:-$PWD/target/debug/paydesk-app}
# One fresh data dir per run: the app starts as on a first start (sandbox profile active).
export PAYDESK_HOME=${PAYDESK_HOME:-$(mktemp -d /tmp/paydesk-e2e.XXXXXX)}
PORT=${TAURI_DRIVER_PORT:-4444}
mkdir -p target
tauri-driver --port "$PORT" --native-port $((PORT + 1)) --native-driver /usr/bin/WebKitWebDriver > target/tauri-driver.log 2>&1 &
DRV=$!
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done
"$@"; RC=$?
kill "$DRV" 2>/dev/null; wait "$DRV" 2>/dev/null
exit $RC
