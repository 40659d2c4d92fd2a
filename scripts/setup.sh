#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test Paydesk.
# Safe to run twice: every step checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

need_apt=()
APT_BUILD="libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev libxdo-dev pkg-config build-essential file libdbus-1-dev"
APT_TEST="fonts-wqy-microhei xvfb xauth webkit2gtk-driver imagemagick gnome-keyring dbus-x11 keyutils libsecret-tools sqlite3 openssl unzip xdotool"
for p in $APT_BUILD $APT_TEST; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Python tools: the official dougong SDK (a test oracle), selenium and pytest for the E2E suite.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import dg_sdk, selenium, pytest' 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check dg-sdk==2.0.28 selenium pytest requests
fi

# Front end.
if [ -f ui/package.json ]; then
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

# The lint gates of scripts/test.sh (cargo fmt --check, cargo clippy -D warnings).
if command -v rustup >/dev/null 2>&1; then
  for c in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
  done
fi

# tauri-driver for the E2E tests (pinned to the stable 2 line; 3.x are alphas).
if ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --version '^2' --locked --quiet
fi
# cargo-fuzz for scripts/fuzz.sh (the fuzz step of scripts/test.sh), pinned: its flags and output are what
# fuzz.sh reads. Runs on the stable toolchain with RUSTC_BOOTSTRAP=1 (no nightly needed).
CARGO_FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked --quiet
fi
echo "setup: done"
