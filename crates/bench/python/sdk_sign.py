"""Baseline for figure 1: the official dg-sdk 2.0.28's own signing helpers, as the SDK calls them for every
request and answer (rsa_sign / rsa_design re-read the key each time, as the SDK does), on the same key and
data as the Rust side. Prints {"sign": per_s, "verify": per_s, "pair": per_s}; "pair" includes the SDK's
canonical JSON (pop_empty_value + sort_dict + json.dumps), like dougong's pair loop.

Usage: BENCH_KEY=<bare base64 PKCS#8> BENCH_DATA=<data JSON> python sdk_sign.py SECONDS
"""
import base64
import json
import os
import sys
import time

from Crypto.PublicKey import RSA
from dg_sdk.core.param_handler import pop_empty_value, sort_dict
from dg_sdk.core.rsa_utils import fill_private_key_marker, rsa_design, rsa_sign

seconds = float(sys.argv[1])
key = os.environ["BENCH_KEY"]
data = json.loads(os.environ["BENCH_DATA"])
public = base64.b64encode(RSA.importKey(fill_private_key_marker(key)).publickey().export_key(format="DER")).decode()


def canonical(d):
    return json.dumps(sort_dict(pop_empty_value(dict(d))), ensure_ascii=False, separators=(",", ":"))


def rate(op):
    # Per CPU second (process time), like openssl speed and the Rust side: the machine's load stays out.
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        op()
        n += 1
    return n / (time.process_time() - start)


msg = canonical(data)
ok, sig = rsa_sign(key, msg)
assert ok and rsa_design(sig, msg, public)[0], "sanity: the SDK verifies its own signature"


def sign():
    assert rsa_sign(key, msg)[0]


def verify():
    assert rsa_design(sig, msg, public)[0]


def pair():
    m = canonical(data)
    ok, s = rsa_sign(key, m)
    assert ok and rsa_design(s, m, public)[0]


print(json.dumps({"sign": rate(sign), "verify": rate(verify), "pair": rate(pair)}))
