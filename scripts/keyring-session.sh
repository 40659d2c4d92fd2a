#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service)
# and a fresh kernel session keyring, so tests use the real OS keychain headless.
# Everything it starts ends with the bus session.
set -eu
export XDG_DATA_HOME=${PAYDESK_KEYRING_DATA:-$(mktemp -d)}
export XDG_RUNTIME_DIR=$(mktemp -d); chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- keyctl session - bash -c '
  set -eu
  eval "$(echo -n paydesk-test | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  export GNOME_KEYRING_CONTROL
  "$@"
' keyring-session "$@"
