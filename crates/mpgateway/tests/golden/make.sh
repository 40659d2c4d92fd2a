#!/usr/bin/env bash
# Golden vectors for the mpgateway MD5 scheme, computed with coreutils only (never with the crate):
#   req  = base64(UTF-8 JSON), standard alphabet, padded, one line
#   sign = lowercase hex md5(req + key)
#   form = req=<percent-encoded base64>&sign=<md5>
set -euo pipefail
cd "$(dirname "$0")"
KEY=8f2c1e0d9b7a6c5d4e3f2a1b0c9d8e7f
printf '%s' "$KEY" > merchant_key.txt

vector() { # $1 case name, $2 JSON
  mkdir -p "$1"
  printf '%s' "$2" > "$1/json.txt"
  local b64 sig
  b64=$(printf '%s' "$2" | base64 -w0)
  sig=$(printf '%s%s' "$b64" "$KEY" | md5sum | cut -d' ' -f1)
  printf '%s' "$b64" > "$1/base64.txt"
  printf '%s' "$sig" > "$1/sign.txt"
  python3 - "$b64" "$sig" > "$1/form.txt" <<'PY'
import sys, urllib.parse
sys.stdout.write(urllib.parse.urlencode([("req", sys.argv[1]), ("sign", sys.argv[2])]))
PY
}

# A pay request whose base64 contains '+' and '/' (the characters that break when not percent-encoded).
vector pay_wxsao '{"action":"WxSao","txnamt":"1","merid":"100000000001","orderid":"T2024010100000001","backurl":"http://127.0.0.1:9/notify?a=1&b=>>>","fronturl":"http://127.0.0.1:9/done","ip":"127.0.0.1"}'
# A query request.
vector query '{"merid":"100000000001","orderid":"T2024010100000001"}'
# A synchronous answer {"resp": base64, "sign": md5(resp + key)}, with Chinese text.
vector resp_pay '{"respcode":"00","respmsg":"成功","txnamt":"1","merid":"100000000001","orderid":"T2024010100000001","queryid":"Q0001","formaction":"weixin://wxpay/bizpayurl?pr=abc"}'
# A background notification with resultcode 0000.
vector notify_paid '{"resultcode":"0000","resultmsg":"支付成功","queryid":"Q0001","txnamt":"1","merid":"100000000001","orderid":"T2024010100000001"}'
echo "golden vectors written to $(pwd)"
