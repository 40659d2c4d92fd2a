"""Oracle for the other directions of interop with the official dg-sdk 2.0.28.

Usage: python dg_sdk_interop.py MODE KEY_FILE < lines > lines
  verify  PUBLIC_KEY   each line: a response body; prints {"ok": bool} from dg-sdk's own verify_sign
                        (json.loads, take `data`, top-level sort, compact dumps, SHA256withRSA)
  encrypt PUBLIC_KEY   each line: a JSON string; prints {"b64": ...} from DGTools-style rsa_long_encrypt (§2.9)
  decrypt PRIVATE_KEY  each line: a JSON string of base64 ciphertext; prints {"text": ...} from rsa_long_decrypt
"""
import json
import sys

from dg_sdk.core.api_request import verify_sign
from dg_sdk.core.rsa_utils import rsa_long_decrypt, rsa_long_encrypt


def main():
    mode, key_file = sys.argv[1], sys.argv[2]
    key = open(key_file, encoding="utf-8").read().strip()
    if mode == "decrypt":
        # rsa_long_decrypt imports the key as given; give it PEM armour as the SDK's callers do.
        key = "-----BEGIN PRIVATE KEY-----\n" + key + "\n-----END PRIVATE KEY-----"
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        if mode == "verify":
            body = json.loads(line)
            ok, info = verify_sign(body["sign"], body["data"], key)
            out = {"ok": bool(ok), "info": info}
        elif mode == "encrypt":
            out = {"b64": rsa_long_encrypt(json.loads(line), key)}
        elif mode == "decrypt":
            out = {"text": rsa_long_decrypt(json.loads(line), key)}
        else:
            raise SystemExit("unknown mode " + mode)
        sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
