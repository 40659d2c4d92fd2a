"""Test order: a 0.01 QR order for a sandbox merchant, its QR shown as a real image, paid through the
sandbox's pay control from the page, then queried as paid; a typed payment code charged (micropay)."""
import sandbox_api


def start_sandbox(ui):
    """Any sandbox-backed page starts the app's in-process sandbox; the acquiring page does it on a click."""
    ui.go("acquiring")
    ui.click("#acq-sandbox-profiles")
    ui.el("#acq-switch")
    return sandbox_api.creds()


def test_a_qr_order_is_shown_paid_in_the_sandbox_and_queried(ui):
    start_sandbox(ui)
    huifu = sandbox_api.merchant_with_alipay()
    ui.go("trade")
    ui.pick_merchant("#order-huifu", huifu, huifu)
    assert ui.el("#order-amount").get_attribute("value") == "0.01", "a test order is 0.01 by default"
    ui.click("#order-create")
    img = ui.el("#order-qr-img", timeout=60)
    ui.wait.until(lambda d: d.execute_script("const i = document.querySelector('#order-qr-img'); return i && i.complete && i.naturalWidth >= 200"),
                  "the QR <img> never rendered")
    assert img.get_attribute("src").startswith("data:image/png;base64,")
    assert "/sandbox/pay/" in img.get_attribute("data-content"), "the QR points at the sandbox cashier page"
    ui.wait.until(lambda d: ui.el("#order-state").get_attribute("data-state") == "pending")
    seq = ui.el("#order-detail").get_attribute("data-req-seq-id")
    ui.shot("test-order-qr")
    orders = [o for o in sandbox_api.records("orders") if o.get("req_seq_id") == seq]
    assert len(orders) == 1 and orders[0]["trans_amt"] == 1, f"one order of 1 fen: {orders}"

    ui.click("#order-sandbox-pay")
    ui.wait.until(lambda d: ui.el("#order-state").get_attribute("data-state") == "success", "the order never showed as paid")
    ui.click("#order-query")
    ui.wait.until(lambda d: ui.el("#order-state").get_attribute("data-state") == "success")
    ui.wait_text("#order-recent", lambda t: seq in t)
    ui.shot("test-order-paid")


def test_a_bad_amount_is_refused_on_its_field_before_sending(ui):
    ui.go("trade")
    ui.click("#order-new")
    before = len(sandbox_api.records("orders"))
    ui.type("#order-amount", "1.234")
    ui.click("#order-create")
    err = ui.wait_text(".ant-form-item-explain-error", lambda t: "两位小数" in t)
    assert err
    assert len(sandbox_api.records("orders")) == before, "nothing was sent"
    ui.type("#order-amount", "0.01")


def test_a_payment_code_is_charged(ui):
    ui.go("trade")
    ui.click("#paycode-sandbox")
    ui.wait.until(lambda d: len(ui.el("#paycode-input").get_attribute("value")) >= 16, "no sandbox payment code")
    ui.click("#paycode-submit")
    ui.wait.until(lambda d: ui.el("#paycode-state").get_attribute("data-state") == "success", "the code charge did not succeed")
    ui.shot("test-order-micropay")
