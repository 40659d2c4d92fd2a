"""Baseline for figure 2: a plain sequential dg-sdk 2.0.28 script (what a developer writes first) calling
扫码交易查询 of one paid order against the sandbox for SECONDS; the SDK signs each request and verifies
each answer itself. Prints {"calls": n, "seconds": s, "calls_per_s": r}.

Usage: python sdk_calls.py SANDBOX_DATA_DIR HUIFU_ID HF_SEQ_ID SECONDS
"""
import json
import os
import sys
import time

import dg_sdk
from dg_sdk.request.v2_trade_payment_scanpay_query_request import V2TradePaymentScanpayQueryRequest

creds = json.load(open(os.path.join(sys.argv[1], "credentials.json")))
huifu_id, hf_seq_id, seconds = sys.argv[2], sys.argv[3], float(sys.argv[4])
dg_sdk.DGClient.BASE_URL = creds["base_url"]
dg_sdk.DGClient.env = "prod"
dg_sdk.DGClient.mer_config = dg_sdk.MerConfig(creds["private_key"], creds["huifu_public_key"], creds["sys_id"], creds["product_id"])


def one():
    q = V2TradePaymentScanpayQueryRequest()
    q.huifu_id = huifu_id
    res = q.post({"org_hf_seq_id": hf_seq_id})
    if res.get("resp_code") != "00000000":
        raise SystemExit("query answered %r" % (res,))


one()  # warm-up: connection, imports
n, start = 0, time.perf_counter()
while time.perf_counter() - start < seconds:
    one()
    n += 1
elapsed = time.perf_counter() - start
print(json.dumps({"calls": n, "seconds": elapsed, "calls_per_s": n / elapsed}))
