#!/usr/bin/env bash
# Key fixtures for the 慧收钱 RSA2 golden tests, made with openssl only. The signatures are not stored:
# tests/golden.rs computes each with `openssl dgst -sha256 -sign` while it runs.
# Keys: merchant private keys of 1024/2048/4096 bits as PEM and as a legacy (SHA1-3DES) .pfx with a password,
# the way CFCA/Java tools export them; a self-signed platform certificate (.cer, DER) for response checks.
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

echo "keys written to $(pwd); the signatures themselves are computed by openssl inside tests/golden.rs"
