#!/usr/bin/env bash
# Builds the release app and its Debian package with Tauri's own bundler (the pinned @tauri-apps/cli in
# ui/package.json, `tauri bundle` over the binary cargo just built):
#   target/release/bundle/deb/Paydesk_<version>_amd64.deb
# The version is the workspace's (Cargo.toml; tauri.conf.json names none), the package declares the
# WebKitGTK and GTK libraries it links (dependencies computed by the bundler), recommends gnome-keyring
# (the Secret Service the keys live in), and installs /usr/bin/paydesk-app, a desktop entry and the icons.
#
#   scripts/package.sh            # prints the .deb's path last
#   scripts/package.sh --debug    # the same package around the debug build (target/debug/bundle/deb): what CI
#                                 # installs and starts; it proves the packaging without a second, release
#                                 # compile of every dependency (most of CI's time on 2 cores)
#   sudo apt-get install ./target/release/bundle/deb/Paydesk_*_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
started=$SECONDS
(cd ui && npm run --silent build >/dev/null)        # the app embeds ui/dist at compile time
if [ "${1:-}" = "--debug" ]; then
  profile=debug; cargo build --locked -p paydesk-app; bundle_flags=(--debug)
else
  profile=release; cargo build --release --locked -p paydesk-app; bundle_flags=()
fi
rm -rf "target/$profile/bundle/deb"
# Run from the root, where tauri.conf.json is (the CLI looks downwards only).
ui/node_modules/.bin/tauri bundle "${bundle_flags[@]}" --bundles deb >target/package.log 2>&1 || { cat target/package.log; exit 1; }
deb=$(ls "target/$profile"/bundle/deb/*.deb)
dpkg-deb --info "$deb" | sed -n '/Package:/,$p' | grep -E '^ (Package|Version|Depends|Recommends|Installed-Size):' >&2
echo "package: built in $((SECONDS - started)) s" >&2
echo "$deb"
