"""Baseline for figure 4: a plain sequential dg-sdk 2.0.28 script refunding paid orders in full, one after
the other, each answer verified by the SDK. Reads the orders as JSON lines
{"hf_seq_id", "req_date", "amount"} on stdin; prints {"refunds": n, "seconds": s, "req_seq_ids": [...]}.

Usage: python sdk_refunds.py SANDBOX_DATA_DIR HUIFU_ID < orders.jsonl
"""
import datetime
import json
import os
import sys
import time

import dg_sdk
from dg_sdk.request.v2_trade_payment_scanpay_refund_request import V2TradePaymentScanpayRefundRequest

creds = json.load(open(os.path.join(sys.argv[1], "credentials.json")))
huifu_id = sys.argv[2]
dg_sdk.DGClient.BASE_URL = creds["base_url"]
dg_sdk.DGClient.env = "prod"
dg_sdk.DGClient.mer_config = dg_sdk.MerConfig(creds["private_key"], creds["huifu_public_key"], creds["sys_id"], creds["product_id"])
orders = [json.loads(line) for line in sys.stdin if line.strip()]
today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y%m%d")
ids = []
start = time.perf_counter()
for i, o in enumerate(orders):
    r = V2TradePaymentScanpayRefundRequest()
    r.req_date, r.req_seq_id, r.huifu_id, r.ord_amt, r.org_req_date = today, "sdkrf%s%06d" % (today, i), huifu_id, o["amount"], o["req_date"]
    res = r.post({"org_hf_seq_id": o["hf_seq_id"]})
    if res.get("resp_code") != "00000100":
        raise SystemExit("refund %d answered %r" % (i, res))
    ids.append(r.req_seq_id)
elapsed = time.perf_counter() - start
print(json.dumps({"refunds": len(ids), "seconds": elapsed, "req_seq_ids": ids}))
