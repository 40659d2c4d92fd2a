#!/usr/bin/env bash
# Refreshes the README's screenshots (docs/screenshots/) from an E2E run: the tests save every page they
# check with ui.shot() under tests/screenshots/tmp/ (not committed); this copies the chosen ones, shrunk
# for the repository (960 px wide, 256-colour PNG, metadata stripped, each kept under 150 KB).
#   scripts/test.sh (or the E2E command in tests/run-e2e.sh over all of tests/e2e)   # a green run first
#   scripts/screenshots.sh [SHOTS_DIR]                                               # then this
# Needs ImageMagick's convert (scripts/setup.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${1:-tests/screenshots/tmp}
OUT=docs/screenshots
# name in the E2E run = file in docs/screenshots (the README links these names).
SHOTS="merchants-configured merchant-journey-configured onboarding-filled realname-qr test-order-qr refund-success statements-filtered audit-row"
MAX=$((150 * 1024))

command -v convert >/dev/null || { echo "screenshots: ImageMagick's convert is missing: run scripts/setup.sh" >&2; exit 1; }
for s in $SHOTS; do
  [ -f "$SRC/$s.png" ] || { echo "screenshots: $SRC/$s.png is missing: run the whole E2E suite first" >&2; exit 1; }
done
mkdir -p "$OUT"
for s in $SHOTS; do
  convert "$SRC/$s.png" -resize '960x>' -strip -colors 256 "PNG8:$OUT/$s.png"
  size=$(stat -c %s "$OUT/$s.png")
  echo "$OUT/$s.png $((size / 1024)) KB"
  [ "$size" -le "$MAX" ] || { echo "screenshots: $OUT/$s.png is over 150 KB" >&2; exit 1; }
done
