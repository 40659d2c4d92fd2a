"""Acquiring page, from the window, for 慧收钱 and the MD5 gateway (issue 6): the built-in sandbox profiles are
made on the page, each profile's receiver started on the notifications page, then an order is created (its
QR shown as an image), paid with the sandbox control, queried as paid, refunded where the acquirer offers
refunds, its notification fetched and verified on the page, and the same notification seen arriving on the
notifications page with its verified effect. Ends on the sandbox profile with the receivers stopped."""
import socket

import pytest

import sandbox_api


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def switch_profile(ui, name: str, acquirer: str):
    """On the acquiring page: make the sandbox profiles (idempotent) and switch to `name` in its Select."""
    ui.go("acquiring")
    ui.click("#acq-sandbox-profiles")
    ui.el("#acq-switch")
    ui.choose("#acq-switch", f"{name} ({acquirer})")
    ui.wait.until(lambda d: ui.el("#acq-acquirer").get_attribute("data-acquirer") == acquirer, f"{name} did not become active")


def start_receiver(ui, name: str) -> int:
    ui.go("notify")
    card = "const c = document.querySelector('#notify-receiver'); return c ? c.innerText : '';"
    ui.wait.until(lambda d: name in d.execute_script(card), "the receiver card is not the active profile's")
    state = ui.el("#notify-receiver-state")
    if state.get_attribute("data-running") == "true":
        ui.click("#notify-stop")
        ui.wait.until(lambda d: ui.el("#notify-receiver-state").get_attribute("data-running") == "false")
    port = free_port()
    ui.type("#notify-listen", f"127.0.0.1:{port}")
    ui.click("#notify-start")
    ui.wait.until(lambda d: ui.el("#notify-receiver-state").get_attribute("data-running") == "true", "receiver did not start")
    assert f"http://127.0.0.1:{port}/notify/{name}" in ui.text("#notify-url")
    return port


def stop_receiver(ui):
    ui.go("notify")
    if ui.el("#notify-receiver-state").get_attribute("data-running") == "true":
        ui.click("#notify-stop")
        ui.wait.until(lambda d: ui.el("#notify-receiver-state").get_attribute("data-running") == "false", "receiver did not stop")


def click_until(ui, button: str, done, what: str, timeout: float = 60):
    """Clicks `button` (a query) until `done()` holds, as a person re-queries a pending record."""
    from selenium.webdriver.support.ui import WebDriverWait

    def attempt(d):
        if done():
            return True
        if not ui.els(f"{button}.ant-btn-loading"):
            ui.click(button)
        return done()
    WebDriverWait(ui.d, timeout, poll_frequency=1).until(attempt, what)


@pytest.mark.parametrize("name,acquirer,refund", [
    ("sandbox-huishouqian", "huishouqian", True),
    ("sandbox-mpgateway", "mpgateway", False),
])
def test_order_paid_queried_refunded_and_notified(ui, name, acquirer, refund):
    sandbox_api.start_in_app(ui)
    try:
        switch_profile(ui, name, acquirer)
        start_receiver(ui, name)

        ui.go("acquiring")
        ui.wait.until(lambda d: ui.el("#acq-acquirer").get_attribute("data-acquirer") == acquirer)
        ui.wait.until(lambda d: ui.text("#acq-order-no").strip() != "", "no order number was fixed")
        order_no = ui.text("#acq-order-no").strip()
        ui.type("#acq-amount", "1.00")
        ui.type("#acq-goods", f"E2E {acquirer}")
        ui.click("#acq-create")
        img = ui.el("#acq-qr-img", timeout=60)
        ui.wait.until(lambda d: d.execute_script("const i = document.querySelector('#acq-qr-img'); return i && i.complete && i.naturalWidth >= 100"),
                      "the QR <img> never rendered")
        assert img.get_attribute("src").startswith("data:image/png;base64,")
        assert img.get_attribute("data-content"), "the QR carries the acquirer's payment link"
        assert ui.el("#acq-order").get_attribute("data-order-no") == order_no
        ui.wait.until(lambda d: ui.el("#acq-state").get_attribute("data-state") == "pending", "a new order is pending")
        ui.shot(f"acq-{acquirer}-qr")

        ui.click("#acq-sandbox-pay")
        ui.wait.until(lambda d: ui.el("#acq-state").get_attribute("data-state") == "success", "the order never showed as paid")
        ui.click("#acq-query")
        ui.wait.until(lambda d: not ui.els("#acq-query.ant-btn-loading") and ui.el("#acq-state").get_attribute("data-state") == "success")
        assert "1.00" in ui.text("#acq-order")

        if refund:
            ui.wait.until(lambda d: ui.el("#acq-refund-amount").get_attribute("value") == "1.00", "the refund box is not filled in")
            ui.type("#acq-refund-amount", "0.40")
            ui.type("#acq-refund-reason", "E2E 退款")
            ui.click("#acq-refund-submit")
            ui.el("#acq-refund-result", timeout=60)
            assert "0.40" in ui.text("#acq-refund-result")
            click_until(ui, "#acq-refund-query", lambda: ui.el("#acq-refund-result").get_attribute("data-state") == "success",
                        "the refund never showed as done")
        else:
            ui.wait_text("#acq-order-card", lambda t: "不支持退款" in t)
            assert not ui.els("#acq-refund-submit"), f"{acquirer} offers no refund, so the page offers none"

        ui.click("#acq-sandbox-notice")
        note = ui.el("#acq-notice-result", timeout=60)
        ui.wait.until(lambda d: ui.el("#acq-notice-result").get_attribute("data-state") == "success", "the notification was not verified as paid")
        assert order_no in note.text, note.text
        ui.shot(f"acq-{acquirer}-paid")

        # The same notification reached the profile's receiver: listed, verified, with what it changed here.
        ui.go("notify")
        rows_js = ("return [...document.querySelectorAll('#notify-table tr.ant-table-row')]"
                   ".filter(r => r.innerText.includes(arguments[0])).map(r => [...r.querySelectorAll('td')].map(c => c.innerText.trim()))")
        arrived = lambda: ui.d.execute_script(rows_js, order_no)
        click_until(ui, "#notify-search", lambda: len(arrived()) > 0, f"no notification about {order_no} on the page")
        cells = arrived()[0]
        row = " | ".join(cells)
        # The kind and state in words (vocabularies noticeKind / noticeState), never the codes.
        assert "交易" in cells and "成功" in cells and "验签失败" not in row and "1.00" in row, row
        assert cells[-1] and cells[-1] != "—", f"a verified notification says what it changed: {row}"
        ui.shot(f"acq-{acquirer}-notified")
    finally:
        stop_receiver(ui)
        switch_profile(ui, "sandbox", "dougong")
