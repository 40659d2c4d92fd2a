"""The merchant journey through Huifu's official Python SDK (dg-sdk 2.0.28), unchanged, against the
sandbox: onboard -> business open -> realname -> WeChat config -> terminal -> split -> QR order -> pay
-> refund -> refund query -> bills. Every signed answer passes the SDK's own signature check (the SDK
raises otherwise); notifications are verified over their raw text with the SDK's RSA helper.

Usage: python sdk_journey.py DATA_DIR   (DATA_DIR holds the sandbox's credentials.json)
Prints JOURNEY OK at the end; any failure raises.
"""
import datetime
import http.server
import io
import json
import os
import random
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import zipfile

import dg_sdk
from dg_sdk.core.request_tools import request_post
from dg_sdk.core.rsa_utils import rsa_design
from dg_sdk.request.request_api_urls import (
    V2_MERCHANT_SPLIT_CONFIG, V2_TERMINALDEVICE_DEVICEINFO_ADD)
from dg_sdk.request.v2_merchant_basicdata_ent_request import V2MerchantBasicdataEntRequest
from dg_sdk.request.v2_merchant_basicdata_status_query_request import V2MerchantBasicdataStatusQueryRequest
from dg_sdk.request.v2_merchant_busi_bill_config_request import V2MerchantBusiBillConfigRequest
from dg_sdk.request.v2_merchant_busi_config_request import V2MerchantBusiConfigRequest
from dg_sdk.request.v2_merchant_busi_open_request import V2MerchantBusiOpenRequest
from dg_sdk.request.v2_merchant_busi_realname_query_request import V2MerchantBusiRealnameQueryRequest
from dg_sdk.request.v2_merchant_busi_realname_request import V2MerchantBusiRealnameRequest
from dg_sdk.request.v2_supplementary_picture_request import V2SupplementaryPictureRequest
from dg_sdk.request.v2_trade_check_filequery_request import V2TradeCheckFilequeryRequest
from dg_sdk.request.v2_trade_payment_jspay_request import V2TradePaymentJspayRequest
from dg_sdk.request.v2_trade_payment_scanpay_query_request import V2TradePaymentScanpayQueryRequest
from dg_sdk.request.v2_trade_payment_scanpay_refund_request import V2TradePaymentScanpayRefundRequest
from dg_sdk.request.v2_trade_payment_scanpay_refundquery_request import V2TradePaymentScanpayRefundqueryRequest

CREDS = json.load(open(os.path.join(sys.argv[1], "credentials.json")))
BASE = CREDS["base_url"]
APPID = "wx1234567890abcdef"
BJ = datetime.timezone(datetime.timedelta(hours=8))


def today():
    return datetime.datetime.now(BJ).strftime("%Y%m%d")


def seq():
    # The SDK's own generator shape: yyyyMMddHHmmss + random digits.
    return datetime.datetime.now(BJ).strftime("%Y%m%d%H%M%S") + str(random.randint(100000, 9999999))


def control(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def expect(cond, what, got=None):
    if not cond:
        raise AssertionError("%s: %r" % (what, got))
    print("ok -", what)


# --- notifications: a loopback receiver that checks every signature over the raw text ----------------
RECEIVED = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = dict(urllib.parse.parse_qsl(body))
        raw = form.get("resp_data") or form.get("data")
        ok, info = rsa_design(form["sign"], raw, CREDS["huifu_public_key"])
        payload = json.loads(raw)
        RECEIVED.append((self.path, ok, payload))
        ack = payload.get("ord_id") or payload.get("req_seq_id")
        self.send_response(200)
        self.end_headers()
        self.wfile.write(("RECV_ORD_ID_" + ack).encode())

    def log_message(self, *a):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
NOTIFY = "http://127.0.0.1:%d" % server.server_address[1]


def wait_for(pred, what, seconds=10):
    for _ in range(seconds * 10):
        v = pred()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


# --- SDK configuration: exactly what credentials.json holds ------------------------------------------
dg_sdk.DGClient.BASE_URL = BASE
dg_sdk.DGClient.env = "prod"
dg_sdk.DGClient.mer_config = dg_sdk.MerConfig(CREDS["private_key"], CREDS["huifu_public_key"], CREDS["sys_id"], CREDS["product_id"])
SYS = CREDS["sys_id"]

# 1. pictures
tmp = tempfile.mkdtemp()
png = os.path.join(tmp, "photo.png")
with open(png, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + b"sandbox fixture" * 10)


def upload(file_type):
    r = V2SupplementaryPictureRequest()
    r.file_type = file_type
    r.picture = png
    res = r.post({})
    expect(res.get("resp_code") == "00000000", "picture %s uploaded" % file_type, res)
    return res["file_id"]


pics = {t: upload(t) for t in ["F07", "F02", "F03", "F08", "F22", "F24", "F105"]}

# 2. enterprise onboarding -> audit -> approved (control) -> notification
ent = V2MerchantBasicdataEntRequest()
for k, v in {
    "req_seq_id": seq(), "req_date": today(), "upper_huifu_id": SYS, "reg_name": "上海斗拱沙箱有限公司", "short_name": "斗拱沙箱",
    "receipt_name": "斗拱沙箱", "ent_type": "3", "mcc": "5411", "busi_type": "1", "scene_type": "OFFLINE",
    "license_pic": pics["F07"], "license_code": "91310101MA1FPX1234", "license_validity_type": "1",
    "license_begin_date": "20200101", "found_date": "20200101", "reg_capital": "100.00", "reg_district_id": "310101",
    "reg_detail": "上海市黄浦区测试路1号", "district_id": "310101", "detail_addr": "上海市黄浦区测试路1号", "legal_name": "张三",
    "legal_cert_type": "00", "legal_cert_no": "110101199003071234", "legal_cert_validity_type": "1",
    "legal_cert_begin_date": "20200101", "legal_addr": "北京市东城区", "legal_cert_back_pic": pics["F03"],
    "legal_cert_front_pic": pics["F02"], "contact_mobile_no": "13800138000", "contact_email": "ops@example.com",
    "login_name": "sdk" + seq(), "reg_acct_pic": pics["F08"],
    "card_info": json.dumps({"card_type": "0", "card_name": "上海斗拱沙箱有限公司", "card_no": "6222020200112233445",
                             "area_id": "310100", "branch_code": "102290000001"}, ensure_ascii=False),
}.items():
    setattr(ent, k, v)
res = ent.post({"store_header_pic": pics["F22"], "store_indoor_pic": pics["F24"], "store_cashier_desk_pic": pics["F105"],
                "area_id": "310100", "prov_id": "310000", "async_return_url": NOTIFY + "/audit"})
expect(res["resp_code"] == "00000100", "enterprise onboarding goes to audit", res)
HUIFU, APPLY = res["huifu_id"], res["apply_no"]
control("POST", "/sandbox/audits/%s/approve" % APPLY, {})
q = V2MerchantBasicdataStatusQueryRequest()
q.req_seq_id, q.req_date, q.huifu_id, q.apply_no = seq(), today(), HUIFU, APPLY
res = q.post({})
expect(res["apply_status"] == "Y", "audit approved", res)
path, ok, payload = wait_for(lambda: next((x for x in RECEIVED if x[0] == "/audit"), None), "audit notification")
expect(ok and payload["audit_status"] == "Y" and payload["token_no"], "audit notification signed and approved", payload)

# 3. business open -> per-business notification
bo = V2MerchantBusiOpenRequest()
bo.req_seq_id, bo.req_date, bo.huifu_id, bo.upper_huifu_id = seq(), today(), HUIFU, SYS
res = bo.post({"wx_conf_list": json.dumps([{"pay_scene": "1", "fee_rate": "0.38"}, {"pay_scene": "2", "fee_rate": "0.38"}]),
               "ali_conf_list": json.dumps([{"pay_scene": "1", "fee_rate": "0.38"}]),
               "async_return_url": NOTIFY + "/busi-audit", "busi_async_return_url": NOTIFY + "/busi"})
expect(res["resp_code"] == "00000100" and res["apply_no"], "business open accepted", res)
wait_for(lambda: len([x for x in RECEIVED if x[0] == "/busi"]) == 2, "per-business notifications (W and A)")
expect(all(x[1] for x in RECEIVED if x[0] == "/busi"), "per-business notifications signed")

# 4. WeChat realname: submit, wait for the QR, "scan" it, PASSED
rn = V2MerchantBusiRealnameRequest()
rn.req_seq_id, rn.req_date, rn.huifu_id = seq(), today(), HUIFU
rn.name, rn.mobile, rn.id_card_number, rn.contact_type = "张三", "13800138000", "110101199003071234", "LEGAL"
res = rn.post({})
expect(res["resp_code"] == "00000000" and res["applyment_id"], "realname submitted", res)


def realname_state():
    rq = V2MerchantBusiRealnameQueryRequest()
    rq.req_seq_id, rq.req_date, rq.huifu_id = seq(), today(), HUIFU
    return rq.post({})


res = wait_for(lambda: (lambda r: r if r.get("qrcode_data") else None)(realname_state()), "realname QR")
expect(res["applyment_stat"] == "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON", "realname waits for the legal person", res)
urllib.request.urlopen(urllib.request.Request(res["qrcode_data"], data=b"channel=wx", method="POST"), timeout=10).read()
expect(realname_state()["applyment_stat"] == "APPLYMENT_STATE_PASSED", "realname passed after the QR was confirmed")

# 5. WeChat config
wc = V2MerchantBusiConfigRequest()
wc.req_seq_id, wc.req_date, wc.huifu_id, wc.fee_type = seq(), today(), HUIFU, "02"
wc.wx_woa_app_id, wc.wx_woa_path = APPID, "https://shop.example.com/pay/"
res = wc.post({})
expect(res["resp_code"] == "00000000", "WeChat appid bound", res)

# 6. terminal
res = request_post(V2_TERMINALDEVICE_DEVICEINFO_ADD, {"req_seq_id": seq(), "req_date": today(), "huifu_id": HUIFU,
    "terminal_info_list": json.dumps([{"sn": "SN" + seq(), "tusn": "TUSN0001", "dev_model_code": "QR01"}])})
DEVICE = json.loads(res["add_ter_info_list"])[0]["device_id"]
expect(res["resp_code"] == "00000000" and len(DEVICE) == 21, "terminal registered", res)

# 7. split config at 10 % (passes at once)
res = request_post(V2_MERCHANT_SPLIT_CONFIG, {"req_seq_id": seq(), "req_date": today(), "huifu_id": HUIFU,
    "rule_origin": "01", "div_flag": "Y", "apply_ratio": "10.00", "start_type": "0"})
expect(res["resp_code"] == "00000000", "split config effective", res)

# 8. QR order, paid on the sandbox page ("scanned")
ORDER_SEQ = seq()
jp = V2TradePaymentJspayRequest()
jp.req_date, jp.req_seq_id, jp.huifu_id, jp.goods_desc, jp.trade_type, jp.trans_amt = today(), ORDER_SEQ, HUIFU, "SDK扫码", "A_NATIVE", "1.00"
res = jp.post({"notify_url": NOTIFY + "/trade", "terminal_device_data": json.dumps({"devs_id": DEVICE, "mer_device_type": "11"})})
expect(res["resp_code"] == "00000100" and res["trans_stat"] == "P" and res["qr_code"].startswith(BASE), "QR order created", res)
HF = res["hf_seq_id"]
page = urllib.request.urlopen(res["qr_code"], timeout=10).read().decode()
expect("确认支付" in page, "the QR opens the sandbox pay page")
urllib.request.urlopen(urllib.request.Request(res["qr_code"], data=b"", method="POST"), timeout=10).read()
wx = V2TradePaymentJspayRequest()
wx.req_date, wx.req_seq_id, wx.huifu_id, wx.goods_desc, wx.trade_type, wx.trans_amt = today(), seq(), HUIFU, "SDK公众号", "T_JSAPI", "0.01"
res = wx.post({"wx_data": json.dumps({"sub_appid": APPID, "sub_openid": "o_sdk"})})
expect(res["resp_code"] == "00000100" and json.loads(res["pay_info"])["appId"] == APPID, "WeChat JSAPI order with the bound appid", res)

# 9. query
sq = V2TradePaymentScanpayQueryRequest()
sq.huifu_id, sq.org_req_date, sq.org_req_seq_id = HUIFU, today(), ORDER_SEQ
res = sq.post({})
expect(res["trans_stat"] == "S" and res["org_hf_seq_id"] == HF, "order paid", res)
wait_for(lambda: len([x for x in RECEIVED if x[0] == "/trade"]) == 2, "trade notifications")
types = sorted(x[2]["notify_type"] for x in RECEIVED if x[0] == "/trade")
expect(types == [1, 2] and all(x[1] for x in RECEIVED if x[0] == "/trade"), "notify_type 1 and 2, both signed", types)

# 10. refund and refund query
REFUND_SEQ = seq()
rf = V2TradePaymentScanpayRefundRequest()
rf.req_date, rf.req_seq_id, rf.huifu_id, rf.ord_amt, rf.org_req_date = today(), REFUND_SEQ, HUIFU, "0.30", today()
res = rf.post({"org_hf_seq_id": HF})
expect(res["resp_code"] == "00000100" and res["trans_stat"] == "P", "refund accepted, processing", res)


def refund_state():
    rq = V2TradePaymentScanpayRefundqueryRequest()
    rq.huifu_id, rq.org_req_date, rq.org_req_seq_id = HUIFU, today(), REFUND_SEQ
    return rq.post({})


res = wait_for(lambda: (lambda r: r if r["trans_stat"] == "S" else None)(refund_state()), "refund final")
expect(res["ord_amt"] == "0.30", "refund succeeded", res)

# 11. bills: config, the batch runs on the next day, download the file
bc = V2MerchantBusiBillConfigRequest()
bc.req_date, bc.req_seq_id, bc.huifu_id, bc.recon_send_flag, bc.file_type = today(), seq(), HUIFU, "Y", "1,2,3,4"
expect(bc.post({})["resp_code"] == "00000000", "bill config on")
trade_date = today()
file_date = (datetime.datetime.strptime(trade_date, "%Y%m%d") + datetime.timedelta(days=1)).strftime("%Y%m%d")
now_ms = control("GET", "/sandbox/clock")["now_ms"]
next_day_18 = datetime.datetime.strptime(file_date, "%Y%m%d").replace(hour=18, tzinfo=BJ).timestamp() * 1000
control("POST", "/sandbox/clock/advance", {"seconds": int((next_day_18 - now_ms) / 1000) + 1})


def bill_files():
    fq = V2TradeCheckFilequeryRequest()
    fq.req_date, fq.req_seq_id, fq.huifu_id, fq.file_date = today(), seq(), HUIFU, file_date
    r = fq.post({"bill_type": "TRADE_BILL"})
    return r if r["file_details"] else None


res = wait_for(bill_files, "trade bill file")
url = res["file_details"][0]["download_url"]
z = zipfile.ZipFile(io.BytesIO(urllib.request.urlopen(url, timeout=10).read()))
csv = z.read(z.namelist()[0]).decode()
expect(HF in csv and "REFUND" in csv, "the trade bill holds the payment and the refund", z.namelist())

# 12. the SDK's check is real: a corrupted answer signature makes it raise
control("POST", "/sandbox/faults", {"kind": "bad_sign", "count": 1, "path": "/v2/trade/payment/scanpay/query"})
sq = V2TradePaymentScanpayQueryRequest()
sq.huifu_id, sq.org_req_date, sq.org_req_seq_id = HUIFU, trade_date, ORDER_SEQ
try:
    sq.post({})
    raise AssertionError("the SDK accepted a corrupted signature")
except RuntimeError:
    print("ok - the SDK refuses an answer whose signature was corrupted")
print("JOURNEY OK")
