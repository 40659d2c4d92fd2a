#!/usr/bin/env bash
# Golden vectors for the 慧收钱 RSA2 scheme, computed with openssl only (never with the crate):
#   plain = method=..&version=..&format=..&merchantNo=..&signType=..&signContent=..&key=<merchant key>
#   sign  = lowercase hex of SHA256withRSA(plain)
# Keys: merchant private keys of 1024/2048/4096 bits as PEM and as a legacy (SHA1-3DES) .pfx with a password,
# the way CFCA/Java tools export them; a self-signed platform certificate (.cer, DER) for response checks.
# Re-running regenerates keys, so the committed outputs change; the tests only compare crate vs these files.
set -euo pipefail
cd "$(dirname "$0")"
KEY=0123456789abcdef0123456789abcdef
PASS=123456
for bits in 1024 2048 4096; do
  [ -f "merchant_${bits}.pem" ] || openssl genrsa -out "merchant_${bits}.pem" "$bits" 2>/dev/null
  openssl req -new -x509 -key "merchant_${bits}.pem" -subj "/CN=RootCA/OU=huishouqian" -days 36500 -out "merchant_${bits}.crt" 2>/dev/null
  openssl pkcs12 -export -legacy -inkey "merchant_${bits}.pem" -in "merchant_${bits}.crt" \
    -passout "pass:${PASS}" -out "merchant_${bits}.pfx"
  openssl x509 -in "merchant_${bits}.crt" -outform DER -out "merchant_${bits}.cer"
  rm -f "merchant_${bits}.crt"
done
# The same 2048-bit key exported the OpenSSL 3 default way (PBES2/AES, SHA-256 MAC): the reader must say
# how to re-export it, not blame the password.
openssl pkcs12 -export -inkey merchant_2048.pem -in <(openssl req -new -x509 -key merchant_2048.pem -subj "/CN=RootCA" -days 1 2>/dev/null) \
  -passout "pass:${PASS}" -out merchant_2048_aes.pfx
# The platform key (signs answers and notifications); 4096 bits as in the seed example.
[ -f platform_4096.pem ] || openssl genrsa -out platform_4096.pem 4096 2>/dev/null
openssl req -new -x509 -key platform_4096.pem -subj "/CN=MANDAO/OU=huishouqian" -days 36500 -outform DER -out platform_4096.cer
printf '%s' "$PASS" > pfx_password.txt
printf '%s' "$KEY" > merchant_key.txt

sign_hex() { # $1 key pem, stdin: message
  openssl dgst -sha256 -sign "$1" | od -An -v -tx1 | tr -d ' \n'
}

# Case 1: a query request (the spec's example), signed with each merchant key size.
CONTENT='{"transNo":"T20240101000001","queryType":1}'
PLAIN="method=POLYMERIZE_QUERY&version=1.0&format=JSON&merchantNo=800000000001&signType=RSA2&signContent=${CONTENT}&key=${KEY}"
mkdir -p request_query
printf '%s' "$CONTENT" > request_query/sign_content.json
printf '%s' "$PLAIN" > request_query/plain.txt
for bits in 1024 2048 4096; do
  printf '%s' "$PLAIN" | sign_hex "merchant_${bits}.pem" > "request_query/sign_${bits}.txt"
done

# Case 2: a pay request with Chinese text and a nested memo JSON string (UTF-8 bytes are signed).
CONTENT='{"transNo":"P20240101000002","payType":"WQF_APPLET","returnUrl":"http://127.0.0.1:9/notify","orderAmt":1,"goodsInfo":"测试商品","requestDate":"20240101120000","memo":"{\"timeExpire\":\"20240101121000\",\"appid\":\"wx0000000000000001\",\"openid\":\"o-test\"}"}'
PLAIN="method=POLYMERIZE_MAIN_SWEPTN&version=1.0&format=JSON&merchantNo=800000000001&signType=RSA2&signContent=${CONTENT}&key=${KEY}"
mkdir -p request_pay
printf '%s' "$CONTENT" > request_pay/sign_content.json
printf '%s' "$PLAIN" > request_pay/plain.txt
printf '%s' "$PLAIN" | sign_hex merchant_2048.pem > request_pay/sign_2048.txt

# Case 3: a successful answer, signed by the platform: result=<inner JSON>&success=true&key=..
RESULT='{"transNo":"T20240101000001","tradeNo":"H0001","orderAmt":1,"orderStatus":"SUCCESS","respCode":"100201","respMsg":"成功"}'
PLAIN="result=${RESULT}&success=true&key=${KEY}"
mkdir -p response_ok
printf '%s' "$PLAIN" > response_ok/plain.txt
SIG=$(printf '%s' "$PLAIN" | sign_hex platform_4096.pem)
printf '%s' "$SIG" > response_ok/sign.txt
RESULT_ESC=$(printf '%s' "$RESULT" | sed 's/\\/\\\\/g; s/"/\\"/g')
printf '{"success":true,"errorCode":null,"errorMsg":null,"result":"%s","sign":"%s"}' "$RESULT_ESC" "$SIG" > response_ok/body.json

# Case 4: an error answer: errorCode=..&errorMsg=..&success=false&key=..
PLAIN="errorCode=SIGN_ERROR&errorMsg=验签失败&success=false&key=${KEY}"
mkdir -p response_error
printf '%s' "$PLAIN" > response_error/plain.txt
SIG=$(printf '%s' "$PLAIN" | sign_hex platform_4096.pem)
printf '{"success":false,"errorCode":"SIGN_ERROR","errorMsg":"验签失败","sign":"%s"}' "$SIG" > response_error/body.json

# Case 5: a CALLBACK notification (form fields as the platform posts them).
CONTENT='{"transNo":"P20240101000002","tradeNo":"H0002","orderAmt":1,"orderStatus":"SUCCESS","finishedDate":"20240101120100","respCode":"100201","respMsg":"成功","payType":"WQF_APPLET"}'
PLAIN="method=CALLBACK&version=1.0.0&format=JSON&merchantNo=800000000001&signType=RSA2&signContent=${CONTENT}&key=${KEY}"
mkdir -p notify_pay
printf '%s' "$CONTENT" > notify_pay/sign_content.json
printf '%s' "$PLAIN" > notify_pay/plain.txt
SIG=$(printf '%s' "$PLAIN" | sign_hex platform_4096.pem)
printf '%s' "$SIG" > notify_pay/sign.txt
# The form body exactly as posted (Python does the percent-encoding, independent of the crate).
python3 - "$CONTENT" "$SIG" > notify_pay/form.txt <<'PY'
import sys, urllib.parse
fields = [("method","CALLBACK"),("version","1.0.0"),("format","JSON"),("merchantNo","800000000001"),
          ("signType","RSA2"),("signContent",sys.argv[1]),("sign",sys.argv[2])]
sys.stdout.write(urllib.parse.urlencode(fields))
PY
echo "golden vectors written to $(pwd)"
