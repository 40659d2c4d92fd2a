#!/usr/bin/env bash
# The README's first command: on a fresh machine installs what is missing, builds the front end and the
# release app (the build a person installs: scripts/package.sh packages this binary), and opens it. On
# first start the sandbox profile is active and its sandbox runs in-process, so every job can be tried at
# once with no account.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run --silent build)
cargo build --release -p paydesk-app --locked
# Keys live in the OS keychain (Secret Service). A desktop session has one; a bare machine (no D-Bus
# session) gets a private unlocked gnome-keyring whose data, like the app's, persists under
# ~/.local/share/paydesk-run, so the sandbox profile (and its keys) are there on the next start too.
app=(target/release/paydesk-app "$@")
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  export PAYDESK_KEYRING_DATA=${PAYDESK_KEYRING_DATA:-$HOME/.local/share/paydesk-run}
  mkdir -p "$PAYDESK_KEYRING_DATA"
  echo "run: no D-Bus session; using a private keyring under $PAYDESK_KEYRING_DATA" >&2
  app=(bash scripts/keyring-session.sh "${app[@]}")
fi
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display (DISPLAY/WAYLAND_DISPLAY unset); opening the app under Xvfb instead" >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" "${app[@]}"
fi
exec "${app[@]}"
