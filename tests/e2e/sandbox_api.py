"""The app's in-process sandbox, reached the way a developer reaches it: its credentials.json under
PAYDESK_HOME/sandbox (written when the app first starts it), unsigned /sandbox/... controls, and signed
dougong calls through Huifu's official Python SDK (dg-sdk) for what the tests need beside the app — a
merchant with Alipay open (so the payments tests do not depend on the merchants tests) and a bill replay.
"""
import datetime
import json
import os
import pathlib
import random
import tempfile
import time
import urllib.request

BJ = datetime.timezone(datetime.timedelta(hours=8))


def home() -> pathlib.Path:
    return pathlib.Path(os.environ["PAYDESK_HOME"])


def creds(timeout: float = 60) -> dict:
    """The running sandbox's credentials (waits for the app to have started it)."""
    path = home() / "sandbox" / "credentials.json"
    end = time.time() + timeout
    while time.time() < end:
        if path.exists():
            try:
                return json.loads(path.read_text())
            except json.JSONDecodeError:
                pass  # being written
        time.sleep(0.2)
    raise AssertionError(f"the app never started its sandbox ({path} missing)")


def start_in_app(ui) -> dict:
    """Starts the app's in-process sandbox the way a person does (it starts lazily): the acquiring page's
    "sandbox profiles" button on the built-in sandbox profile. Returns its credentials."""
    ui.go("acquiring")
    ui.click("#acq-sandbox-profiles")
    ui.el("#acq-switch")
    return creds()


def control(method: str, path: str, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(creds()["base_url"] + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=15) as r:
        return json.loads(r.read() or b"null")


def records(kind: str) -> list:
    r = control("GET", f"/sandbox/records/{kind}")
    return r if isinstance(r, list) else r.get("records", r.get(kind, []))


def today(days: int = 0) -> str:
    """A Beijing date (the sandbox's clock is never moved by these tests)."""
    return (datetime.datetime.now(BJ) + datetime.timedelta(days=days)).strftime("%Y%m%d")


def _seq() -> str:
    return datetime.datetime.now(BJ).strftime("%Y%m%d%H%M%S") + str(random.randint(100000, 9999999))


def _sdk():
    import dg_sdk
    from dg_sdk.core.request_tools import request_post
    c = creds()
    dg_sdk.DGClient.BASE_URL = c["base_url"]
    dg_sdk.DGClient.env = "prod"  # the SDK then uses BASE_URL
    dg_sdk.DGClient.mer_config = dg_sdk.MerConfig(c["private_key"], c["huifu_public_key"], c["sys_id"], c["product_id"])
    return c, request_post


def _upload(file_type: str) -> str:
    from dg_sdk.request.v2_supplementary_picture_request import V2SupplementaryPictureRequest
    png = pathlib.Path(tempfile.mkdtemp()) / "photo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"paydesk e2e fixture" * 10)
    r = V2SupplementaryPictureRequest()
    r.file_type, r.picture = file_type, str(png)
    res = r.post({})
    assert res.get("resp_code") == "00000000", res
    return res["file_id"]


def _indv_merchant(short_name: str) -> str:
    """An individual merchant (approved at once), onboarded with the sandbox's test person and card."""
    c, post = _sdk()
    pics = {t: _upload(t) for t in ["F40", "F41", "F13"]}
    card = {"card_name": "张三", "card_no": "6222021234567890128", "area_id": "310100", "cert_type": "00",
            "cert_no": "11010519491231002X", "cert_validity_type": "0", "cert_begin_date": "20200101", "cert_end_date": "20400101"}
    res = post("/v2/merchant/basicdata/indv", {
        "req_seq_id": _seq(), "req_date": today(), "upper_huifu_id": c["sys_id"], "reg_name": "张三", "short_name": short_name,
        "mcc": "5812", "scene_type": "ONLINE", "district_id": "310101", "legal_cert_no": "11010519491231002X",
        "legal_cert_begin_date": "20200101", "legal_cert_validity_type": "0", "legal_cert_end_date": "20400101",
        "legal_addr": "上海市黄浦区人民大道1号", "legal_cert_front_pic": pics["F40"], "legal_cert_back_pic": pics["F41"],
        "contact_mobile_no": "13812345678", "contact_email": "e2e@example.com", "card_info": json.dumps(card, ensure_ascii=False),
        "settle_card_front_pic": pics["F13"]})
    assert res.get("resp_code") == "00000000" and res.get("huifu_id"), res
    return res["huifu_id"]


def merchant_with_alipay() -> str:
    """An individual merchant (approved at once) with Alipay open; cached for the rest of the run."""
    cache = home() / "e2e-payments-merchant.json"
    if cache.exists():
        return json.loads(cache.read_text())["huifu_id"]
    c, post = _sdk()
    huifu = _indv_merchant("张三的E2E小店")
    res = post("/v2/merchant/busi/open", {"req_seq_id": _seq(), "req_date": today(), "huifu_id": huifu, "upper_huifu_id": c["sys_id"],
                                          "ali_conf_list": json.dumps([{"pay_scene": "1", "fee_rate": "0.38"}]), "online_busi_type": "H7999AL"})
    assert res.get("resp_code") in ("00000000", "00000100"), res
    # Business open finishes after the sandbox's busi_open delay (2 s of its clock): poll, never sleep blindly.
    end = time.time() + 60
    while time.time() < end:
        m = next((x for x in records("merchants") if x.get("huifu_id") == huifu), {})
        if any(c.get("status") == "S" for c in m.get("ali", [])):
            break
        time.sleep(0.3)
    else:
        raise AssertionError(f"Alipay never opened for {huifu}")
    cache.write_text(json.dumps({"huifu_id": huifu}))
    return huifu


def replay_bills(huifu_id: str, trade_date: str) -> dict:
    """Huifu's "regenerate this trade date's files now" (the files are the next day's), signed like any call."""
    _, post = _sdk()
    res = post("/v2/trade/check/replay", {"req_seq_id": _seq(), "req_date": trade_date, "huifu_id": huifu_id, "file_type": "1"})
    assert res.get("resp_code") == "00000000", res
    return res


def split_trade(amount: str, receiver_part: str) -> dict:
    """A paid A_NATIVE trade of `merchant_with_alipay()` split between it and a second merchant
    (split turned on at 15 %, which passes at once), created and paid beside the app as a shop's server
    would. Returns huifu_id, req_seq_id, req_date, receiver."""
    huifu = merchant_with_alipay()
    cache = home() / "e2e-split-receiver.json"
    if cache.exists():
        receiver = json.loads(cache.read_text())["huifu_id"]
    else:
        _, post = _sdk()
        res = post("/v2/merchant/split/config", {"req_seq_id": _seq(), "req_date": today(), "huifu_id": huifu, "rule_origin": "01",
                                                 "div_flag": "Y", "apply_ratio": "15.00", "start_type": "0"})
        assert res.get("resp_code") == "00000000", res
        receiver = _indv_merchant("李四的E2E分账方")
        cache.write_text(json.dumps({"huifu_id": receiver}))
    _, post = _sdk()
    from decimal import Decimal
    own = str(Decimal(amount) - Decimal(receiver_part))
    bunch = {"acct_infos": [{"huifu_id": huifu, "div_amt": own}, {"huifu_id": receiver, "div_amt": receiver_part}]}
    seq = _seq()
    res = post("/v2/trade/payment/jspay", {"req_seq_id": seq, "req_date": today(), "huifu_id": huifu, "goods_desc": "E2E 分账订单",
                                           "trade_type": "A_NATIVE", "trans_amt": amount, "acct_split_bunch": json.dumps(bunch)})
    assert res.get("resp_code") == "00000100" and res.get("hf_seq_id"), res
    control("POST", f"/sandbox/orders/{res['hf_seq_id']}/pay", {})
    return {"huifu_id": huifu, "req_seq_id": seq, "req_date": today(), "receiver": receiver}


def ent_pending(reg_name: str) -> dict:
    """An enterprise (私营企业, ent_type 3) onboarded beside the app: Huifu answers 00000100 and the
    application waits for its auditor (the sandbox page's approve / reject; else the sandbox's own 30 s).
    Returns huifu_id and apply_no."""
    c, post = _sdk()
    pics = {t: _upload(t) for t in ["F07", "F02", "F03", "F08", "F22", "F24", "F105"]}
    card = {"card_type": "0", "card_name": reg_name, "card_no": "6222020200112233445", "area_id": "310100", "branch_code": "102290000001"}
    res = post("/v2/merchant/basicdata/ent", {
        "req_seq_id": _seq(), "req_date": today(), "upper_huifu_id": c["sys_id"], "reg_name": reg_name, "short_name": reg_name,
        "receipt_name": "E2E审核", "ent_type": "3", "mcc": "5411", "busi_type": "1", "scene_type": "OFFLINE",
        "license_pic": pics["F07"], "license_code": "91310101MA1FPX1234", "license_validity_type": "1",
        "license_begin_date": "20200101", "found_date": "20200101", "reg_capital": "100.00",
        "reg_prov_id": "310000", "reg_area_id": "310100", "reg_district_id": "310101", "reg_detail": "上海市黄浦区测试路1号",
        "prov_id": "310000", "area_id": "310100", "district_id": "310101", "detail_addr": "上海市黄浦区测试路1号",
        "legal_name": "张三", "legal_cert_type": "00", "legal_cert_no": "11010519491231002X", "legal_cert_validity_type": "1",
        "legal_cert_begin_date": "20200101", "legal_addr": "北京市东城区",
        "legal_cert_front_pic": pics["F02"], "legal_cert_back_pic": pics["F03"],
        "contact_name": "张三", "contact_mobile_no": "13812345678", "contact_email": "e2e@example.com", "login_name": "e2e" + _seq(),
        "card_info": json.dumps(card, ensure_ascii=False), "reg_acct_pic": pics["F08"],
        "store_header_pic": pics["F22"], "store_indoor_pic": pics["F24"], "store_cashier_desk_pic": pics["F105"],
        "cash_config": json.dumps([{"cash_type": "T1", "fix_amt": "1.00"}])})
    assert res.get("resp_code") == "00000100" and res.get("apply_no") and res.get("huifu_id"), res
    return {"huifu_id": res["huifu_id"], "apply_no": res["apply_no"]}


def native_order(huifu_id: str, amount: str, notify_url: str) -> dict:
    """A scan-to-pay (A_NATIVE) order of `huifu_id` waiting for its payer, made beside the app as a shop's
    server makes it, its notifications going to `notify_url`. Returns req_seq_id and hf_seq_id."""
    _, post = _sdk()
    seq = _seq()
    res = post("/v2/trade/payment/jspay", {"req_seq_id": seq, "req_date": today(), "huifu_id": huifu_id, "goods_desc": "E2E 沙箱付款",
                                           "trade_type": "A_NATIVE", "trans_amt": amount, "notify_url": notify_url})
    assert res.get("resp_code") == "00000100" and res.get("hf_seq_id"), res
    return {"req_seq_id": seq, "hf_seq_id": res["hf_seq_id"]}
