"""Refunds: a paid 1.00 order refunded in part by clicking; a double click on submit makes exactly one
refund (the sandbox's own records say so); the refund is followed to its final state."""
import json

from selenium.webdriver.common.action_chains import ActionChains

import sandbox_api


def paid_order(ui, huifu, amount):
    ui.go("trade")
    ui.pick_merchant("#order-huifu", huifu, huifu)
    if ui.els("#order-new"):
        ui.click("#order-new")
    ui.type("#order-amount", amount)
    ui.click("#order-create")
    ui.el("#order-qr-img", timeout=60)
    seq = ui.el("#order-detail").get_attribute("data-req-seq-id")
    ui.click("#order-sandbox-pay")
    ui.wait.until(lambda d: ui.el("#order-state").get_attribute("data-state") == "success", "the order never showed as paid")
    return seq


def test_part_refund_by_clicking_double_click_refunds_once(ui):
    sandbox_api.start_in_app(ui)
    huifu = sandbox_api.merchant_with_alipay()
    seq = paid_order(ui, huifu, "1.00")
    # From the trade list to the refund page, the trade found and its refundable amount filled in.
    ui.wait_text("#order-recent", lambda t: seq in t)
    ui.click(f'tr[data-row-key="{seq}"] .order-to-refund')
    ui.wait.until(lambda d: d.execute_script("return location.hash").startswith("#/refund"))
    trade = ui.el("#refund-trade", timeout=60)
    ui.wait.until(lambda d: ui.el("#refund-trade").get_attribute("data-refundable-fen") == "100", "refundable is not 1.00")
    ui.click("#refund-open")
    ui.wait.until(lambda d: ui.el("#refund-amount").get_attribute("value") == "1.00", "the remaining amount was not filled in")
    refund_seq = ui.el("#refund-panel").get_attribute("data-req-seq-id")
    assert refund_seq, "the refund id is fixed when the form opens"

    ui.type("#refund-amount", "1.01")
    ui.wait_text(".ant-form-item-explain-error", lambda t: "太大" in t)
    ui.type("#refund-amount", "0.30")
    ui.type("#refund-reason", "E2E 部分退款")
    ui.type("#refund-note", "双击测试")
    req = ui.wait_text("#refund-request", lambda t: '"ord_amt": "0.30"' in t)
    assert refund_seq in req and seq in req, req

    btn = ui.el("#refund-submit")
    ui.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", btn)
    ActionChains(ui.d).double_click(btn).perform()
    ui.click("#refund-confirm-ok")
    ui.wait.until(lambda d: ui.el("#refund-result").get_attribute("data-state") == "success", "the refund never reached success")
    ui.shot("refund-success")

    ours = [r for r in sandbox_api.records("refunds") if r.get("req_seq_id") == refund_seq]
    assert len(ours) == 1, f"exactly one refund for {refund_seq}: {ours}"
    hf = next(o["hf_seq_id"] for o in sandbox_api.records("orders") if o.get("req_seq_id") == seq)
    of_trade = [r for r in sandbox_api.records("refunds") if r.get("org_req_seq_id") == seq or r.get("org_hf_seq_id") == hf]
    assert len(of_trade) == 1 and of_trade[0]["ord_amt"] == 30, f"one refund of 0.30 for the trade: {of_trade}"

    ui.click("#refund-panel-close")
    ui.wait.until(lambda d: ui.el("#refund-trade").get_attribute("data-refundable-fen") == "70", "0.70 should be left")
    ui.wait.until(lambda d: ui.el("#refund-trade").get_attribute("data-refunded-fen") == "30")
    rows = ui.wait_text("#refund-list", lambda t: refund_seq in t)
    assert rows.count(refund_seq) == 1
    ui.shot("refund-list")



def submit_refund_of(ui, amount):
    """Opens a refund panel, types the amount, submits and says yes to the request shown; returns its id."""
    ui.click("#refund-open")
    ui.wait.until(lambda d: ui.el("#refund-panel").get_attribute("data-req-seq-id"), "the refund id was not fixed")
    refund_seq = ui.el("#refund-panel").get_attribute("data-req-seq-id")
    ui.type("#refund-amount", amount)
    ui.wait_text("#refund-request", lambda t: f'"ord_amt": "{amount}"' in t and refund_seq in t)
    ui.click("#refund-submit")
    ui.click("#refund-confirm-ok")
    return refund_seq


def test_a_repeat_refund_asks_first_and_no_sends_nothing(ui):
    """The same trade and amount refunded again within a day: the submit asks first, naming the earlier
    refund. "No" sends nothing, shows no error and keeps the panel as typed (its id unused, so the same panel
    submits again); "yes" sends exactly one more refund."""
    sandbox_api.start_in_app(ui)
    huifu = sandbox_api.merchant_with_alipay()
    seq = paid_order(ui, huifu, "1.00")
    ui.wait_text("#order-recent", lambda t: seq in t)
    ui.click(f'tr[data-row-key="{seq}"] .order-to-refund')
    ui.wait.until(lambda d: ui.el("#refund-trade", timeout=60).get_attribute("data-refundable-fen") == "100", "refundable is not 1.00")

    first = submit_refund_of(ui, "0.30")
    ui.wait.until(lambda d: ui.el("#refund-result").get_attribute("data-state") == "success", "the first refund never reached success")
    ui.click("#refund-panel-close")
    ui.wait.until(lambda d: ui.el("#refund-trade").get_attribute("data-refundable-fen") == "70", "0.70 should be left")

    second = submit_refund_of(ui, "0.30")
    assert second != first
    body = ui.wait_text("#repeat-confirm-body", lambda t: first in t)
    ui.shot("refund-repeat-asks")
    assert "0.30" in body and "再退一笔" in body, body
    ui.click("#repeat-confirm-cancel")
    ui.wait.until(lambda d: not ui.els("#repeat-confirm-body"), "the question did not close")
    assert not [r for r in sandbox_api.records("refunds") if r.get("req_seq_id") == second], "a 'no' sent a refund"
    assert not ui.els("#refund-result"), "nothing was sent, so there is no result"
    assert not ui.els("[data-testid=error-detail]"), "a 'no' is not an error"
    assert ui.el("#refund-panel").get_attribute("data-req-seq-id") == second, "the panel and its id stay"
    assert ui.el("#refund-amount").get_attribute("value") == "0.30", "what was typed stays"

    # The same panel submits again; this time the repeat is meant.
    ui.click("#refund-submit")
    ui.click("#refund-confirm-ok")
    ui.wait_text("#repeat-confirm-body", lambda t: first in t)
    ui.click("#repeat-confirm-ok")
    ui.wait.until(lambda d: ui.el("#refund-result").get_attribute("data-state") == "success", "the meant repeat never reached success")
    hf = next(o["hf_seq_id"] for o in sandbox_api.records("orders") if o.get("req_seq_id") == seq)
    of_trade = [r for r in sandbox_api.records("refunds") if r.get("org_req_seq_id") == seq or r.get("org_hf_seq_id") == hf]
    assert sorted(r["req_seq_id"] for r in of_trade) == sorted([first, second]), of_trade
    ui.click("#refund-panel-close")
    ui.wait.until(lambda d: ui.el("#refund-trade").get_attribute("data-refundable-fen") == "40", "0.40 should be left")

def test_split_refund_per_receiver_checked_before_sending(ui):
    """A split trade (0.90 to the merchant, 0.10 to a receiver) refunded 0.50 per receiver: the form offers the
    split with each receiver's part, refuses a sum that is not the amount and a receiver giving back more than
    it got, shows acct_split_bunch in the request, and the sandbox records exactly what the form showed."""
    sandbox_api.start_in_app(ui)
    tr = sandbox_api.split_trade("1.00", "0.10")
    huifu, seq, receiver = tr["huifu_id"], tr["req_seq_id"], tr["receiver"]
    ui.go("refund")
    ui.pick_merchant("#refund-find-huifu", huifu, huifu)
    ui.type("#refund-find-seq", seq)
    ui.type("#refund-find-date", tr["req_date"])
    ui.click("#refund-find-btn")
    ui.wait.until(lambda d: ui.el("#refund-trade", timeout=60).get_attribute("data-refundable-fen") == "100", "refundable is not 1.00")
    ui.click("#refund-open")
    ui.wait.until(lambda d: ui.el("#refund-split-amount-1").get_attribute("value") == "0.10", "the receivers' parts were not filled in")
    assert ui.el("#refund-split-amount-0").get_attribute("value") == "0.90"
    assert ui.el("#refund-split-amount-1").get_attribute("data-huifu-id") == receiver
    refund_seq = ui.el("#refund-panel").get_attribute("data-req-seq-id")

    ui.type("#refund-amount", "0.50")
    err = ui.wait_text("#refund-split-error", lambda t: "1.00" in t and "0.50" in t)
    assert "须等于" in err, err
    assert ui.text("#refund-request").strip() == "—", "no request is shown while the split is wrong"
    ui.type("#refund-split-amount-0", "0.30")
    ui.type("#refund-split-amount-1", "0.20")
    ui.wait_text(".refund-split-row-error", lambda t: "0.10" in t and "超过" in t)
    # A submit now sends nothing: the problems stay on the form.
    ui.click("#refund-submit")
    assert not ui.els("#refund-confirm-ok") and not ui.els("#refund-result")

    ui.click("#refund-split-prorata")
    ui.wait.until(lambda d: ui.el("#refund-split-amount-1").get_attribute("value") == "0.05", "pro rata did not fill 0.45 / 0.05")
    assert ui.el("#refund-split-amount-0").get_attribute("value") == "0.45"
    # antd lets a cleared error fade out: wait for it to go rather than look once.
    ui.wait.until(lambda d: not ui.els("#refund-split-error") and not ui.els(".refund-split-row-error"), "the split problems did not clear")
    req = ui.wait_text("#refund-request", lambda t: "acct_split_bunch" in t)
    assert '\\"div_amt\\":\\"0.05\\"' in req and receiver in req and '"ord_amt": "0.50"' in req, req
    ui.shot("refund-split-form")

    ui.click("#refund-submit")
    ui.click("#refund-confirm-ok")
    ui.wait.until(lambda d: ui.el("#refund-result").get_attribute("data-state") == "success", "the split refund never reached success")
    ours = [r for r in sandbox_api.records("refunds") if r.get("req_seq_id") == refund_seq]
    assert len(ours) == 1 and ours[0]["ord_amt"] == 50, ours
    parts = {a["huifu_id"]: a["div_amt"] for a in json.loads(ours[0]["split"])["acct_infos"]}
    assert parts == {huifu: "0.45", receiver: "0.05"}, parts

    ui.click("#refund-panel-close")
    ui.wait.until(lambda d: ui.el("#refund-trade").get_attribute("data-refundable-fen") == "50", "0.50 should be left")
    listed = ui.wait_text("#refund-list", lambda t: refund_seq in t)
    assert f"{receiver} 0.05" in listed, "the refund list says what each receiver gave back"
    # A new form starts from what each receiver can still give back.
    ui.click("#refund-open")
    ui.wait.until(lambda d: ui.el("#refund-split-amount-1").get_attribute("value") == "0.05", "the receiver has 0.05 left")
    assert ui.el("#refund-split-amount-0").get_attribute("value") == "0.45"
    ui.click("#refund-panel-close")
    ui.wait.until(lambda d: not ui.els("#refund-panel"))
