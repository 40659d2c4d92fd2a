"""Refunds: a paid 1.00 order refunded in part by clicking; a double click on submit makes exactly one
refund (the sandbox's own records say so); the refund is followed to its final state."""
from selenium.webdriver.common.action_chains import ActionChains

import sandbox_api


def paid_order(ui, huifu, amount):
    ui.go("test-order")
    ui.type("#order-huifu", huifu)
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
    huifu = sandbox_api.merchant_with_alipay()
    seq = paid_order(ui, huifu, "1.00")
    # From the trade list to the refund page, the trade found and its refundable amount filled in.
    ui.wait_text("#order-recent", lambda t: seq in t)
    ui.click(f'tr[data-row-key="{seq}"] .order-to-refund')
    ui.wait.until(lambda d: d.execute_script("return location.hash").startswith("#/refunds"))
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
