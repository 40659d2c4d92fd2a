#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service)
# and a fresh kernel session keyring, so tests use the real OS keychain headless.
# Everything it starts ends with the bus session.
#
# If the daemon dies mid-run (CI, 2026-12-07: gnome-keyring-daemon hit a glib trap while the crash harness
# killed clients), D-Bus starts a new one on the next keychain call. The system's activation file starts it
# locked, and it then waits for an unlock prompt nobody can answer: every later keychain call hangs. The
# session's own activation file (XDG_DATA_HOME is searched before the system's service directories) starts
# it unlocked with the same password, so a restarted daemon serves the same login keyring at once.
set -eu
export XDG_DATA_HOME=${PAYDESK_KEYRING_DATA:-$(mktemp -d)}
export XDG_RUNTIME_DIR=$(mktemp -d); chmod 700 "$XDG_RUNTIME_DIR"
mkdir -p "$XDG_DATA_HOME/dbus-1/services"
cat >"$XDG_DATA_HOME/dbus-1/services/unlocked-keyring.sh" <<'SH'
#!/bin/sh
echo -n paydesk-test | exec gnome-keyring-daemon --foreground --unlock --components=secrets
SH
chmod +x "$XDG_DATA_HOME/dbus-1/services/unlocked-keyring.sh"
printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=%s\n' "$XDG_DATA_HOME/dbus-1/services/unlocked-keyring.sh" \
  >"$XDG_DATA_HOME/dbus-1/services/org.freedesktop.secrets.service"
exec dbus-run-session -- keyctl session - bash -c '
  set -eu
  eval "$(echo -n paydesk-test | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  export GNOME_KEYRING_CONTROL
  "$@"
' keyring-session "$@"
