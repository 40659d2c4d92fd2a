#!/usr/bin/env bash
# Signing benchmark: dougong's SHA256withRSA sign and verify per second beside `openssl speed rsa2048`,
# both measured now on this machine, printed as ratios (targets never live in timed tests).
# Usage: scripts/bench-sign.sh [SECONDS]   (default 3; BENCH_PROFILE=dev reuses the test build, where
# rsa/num-bigint-dig/sha2 are already opt-level 3, instead of a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_OP="${1:-3}"
PROFILE="${BENCH_PROFILE:-release}"

echo "== building (profile: $PROFILE)"
if [ "$PROFILE" = release ]; then
  cargo build --release --quiet -p dougong --example sign_throughput
  BIN=target/release/examples/sign_throughput
else
  cargo build --quiet -p dougong --example sign_throughput
  BIN=target/debug/examples/sign_throughput
fi

echo "== openssl speed -seconds $SECONDS_PER_OP rsa2048 (single thread)"
OSSL_OUT=$(openssl speed -seconds "$SECONDS_PER_OP" rsa2048 2>/dev/null)
# Column positions differ between OpenSSL 3.0 (sign verify) and 3.2+ (sign verify encrypt decrypt): find
# "sign/s" and "verify/s" in the header and read the same positions on the "rsa 2048 bits" line.
read -r OSSL_SIGN OSSL_VERIFY < <(printf '%s\n' "$OSSL_OUT" | awk '
  /sign\/s/ { for (i = 1; i <= NF; i++) { if ($i == "sign/s") s = i; if ($i == "verify/s") v = i } }
  /^rsa +2048 bits/ && s { print $(s + 3), $(v + 3); exit }')
if [ -z "${OSSL_SIGN:-}" ]; then echo "could not parse openssl speed output:"; printf '%s\n' "$OSSL_OUT"; exit 1; fi

echo "== dougong ($BIN $SECONDS_PER_OP)"
OURS=$("$BIN" "$SECONDS_PER_OP")
OUR_SIGN=$(printf '%s' "$OURS" | sed -n 's/.*sign\/s=\([0-9.]*\).*/\1/p' | head -1)
OUR_VERIFY=$(printf '%s' "$OURS" | sed -n 's/.*verify\/s=\([0-9.]*\) .*/\1/p')
OUR_PAIR=$(printf '%s' "$OURS" | sed -n 's/.*canonical+sign+verify\/s=\([0-9.]*\).*/\1/p')

awk -v os="$OSSL_SIGN" -v ov="$OSSL_VERIFY" -v ds="$OUR_SIGN" -v dv="$OUR_VERIFY" -v dp="$OUR_PAIR" 'BEGIN {
  op = 1 / (1 / os + 1 / ov)   # openssl sign+verify pairs per second
  printf "%-28s %12s %12s %8s\n", "", "dougong", "openssl", "ratio"
  printf "%-28s %12.1f %12.1f %8.2f\n", "sign/s", ds, os, ds / os
  printf "%-28s %12.1f %12.1f %8.2f\n", "verify/s", dv, ov, dv / ov
  printf "%-28s %12.1f %12.1f %8.2f\n", "sign+verify/s (incl. canonical)", dp, op, dp / op
}'
