#!/usr/bin/env bash
# The README's first command: on a fresh machine installs what is missing, builds the front end and the
# app, and opens the app. On first start the sandbox profile is active and its sandbox runs in-process,
# so every job can be tried at once with no account.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run --silent build)
cargo build -p paydesk-app --locked
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display (DISPLAY/WAYLAND_DISPLAY unset); opening the app under Xvfb instead" >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" target/debug/paydesk-app "$@"
fi
exec target/debug/paydesk-app "$@"
