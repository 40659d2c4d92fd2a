"""Acquiring page, from the window, for what the seeds say (issue 12): the MD5 gateway's reverse scan takes
the payer's payment code typed into the order card (no QR comes back) and is paid; a 1004 协查调单 shows as a
hold, neither paid nor failed; WxJsApi answers the link the payer opens (the gateway's gopay page, which the
payer then pays on); 慧收钱's WQF_APPLET answer is shown as the 微企付 mini-program (appid, path, username,
version, with a copy button), not as a QR. Each test ends on the sandbox profile."""
import urllib.request
import sandbox_api
from test_09_acquiring import click_until, switch_profile


def new_order(ui, product: str):
    """Fills the order card of a freshly switched profile (its first Select choice of the page)."""
    ui.go("acquiring")
    ui.wait.until(lambda d: ui.text("#acq-order-no").strip() != "", "no order number was fixed")
    order_no = ui.text("#acq-order-no").strip()
    ui.choose("#acq-product", product)
    ui.type("#acq-amount", "0.25")
    ui.type("#acq-goods", f"E2E {product}")
    return order_no


def test_reverse_scan_takes_the_payment_code(ui):
    sandbox_api.start_in_app(ui)
    try:
        switch_profile(ui, "sandbox-mpgateway", "mpgateway")
        order_no = new_order(ui, "WxCode")
        # A scanner types the code like a keyboard; without it the form names the field and sends nothing.
        ui.click("#acq-create")
        ui.wait_text("#acq-order-card", lambda t: "请扫描或输入付款人出示的付款码" in t)
        assert not ui.els("#acq-order"), "nothing was sent without the payment code"
        ui.type("#acq-payer-code", "134567890123456789")
        ui.click("#acq-create")
        ui.el("#acq-order", timeout=60)
        assert ui.el("#acq-order").get_attribute("data-order-no") == order_no
        assert not ui.els("#acq-qr-img"), "reverse scan answers no QR"
        click_until(ui, "#acq-query", lambda: ui.el("#acq-state").get_attribute("data-state") == "success", "the scanned code never paid")
        assert "0.25" in ui.text("#acq-order")
        ui.shot("acq-mpgateway-reverse-scan")
    finally:
        switch_profile(ui, "sandbox", "dougong")


def test_a_1004_hold_is_neither_paid_nor_failed(ui):
    sandbox_api.start_in_app(ui)
    try:
        switch_profile(ui, "sandbox-mpgateway", "mpgateway")
        held = new_order(ui, "WxSao")
        ui.click("#acq-create")
        ui.el("#acq-qr-img", timeout=60)
        sandbox_api.control("POST", f"/sandbox/mpgateway/orders/{held}/pay", {"resultcode": "1004"})
        click_until(ui, "#acq-query", lambda: ui.el("#acq-state").get_attribute("data-state") == "hold", "1004 never showed as a hold")
        assert ui.el("#acq-state").get_attribute("data-raw") == "1004" and ui.text("#acq-state") == "协查冻结"
        ui.wait_text("#acq-hold", lambda t: "协查调单" in t)
        ui.shot("acq-mpgateway-hold")
    finally:
        switch_profile(ui, "sandbox", "dougong")


def test_wxjsapi_shows_the_link_the_payer_opens(ui):
    sandbox_api.start_in_app(ui)
    try:
        switch_profile(ui, "sandbox-mpgateway", "mpgateway")
        new_order(ui, "WxJsApi")
        ui.type("#acq-payer-id", "oSBXe2epayer")
        ui.click("#acq-create")
        link = ui.el("#acq-payer-link", timeout=60).text.strip()
        assert "/wxjsapi/gopay.html?req=" in link and not ui.els("#acq-qr-img"), link
        assert ui.els("#acq-payer-link .ant-typography-copy"), "a copy button beside the link"
        # The payer opens it (as WeChat would) and pays there; the order is then paid.
        with urllib.request.urlopen(link, timeout=15) as r:
            assert "确认支付" in r.read().decode()
        urllib.request.urlopen(urllib.request.Request(link, data=b"", method="POST"), timeout=15).close()
        click_until(ui, "#acq-query", lambda: ui.el("#acq-state").get_attribute("data-state") == "success", "the gopay page never paid")
        assert ui.text("#acq-payer-link").strip() == link, "the link stays on the card after the query"
        ui.shot("acq-mpgateway-wxjsapi")
    finally:
        switch_profile(ui, "sandbox", "dougong")


def test_wqf_applet_answer_is_the_mini_program_with_a_copy_button(ui):
    sandbox_api.start_in_app(ui)
    try:
        switch_profile(ui, "sandbox-huishouqian", "huishouqian")
        order_no = new_order(ui, "WQF_APPLET")
        ui.click("#acq-create")
        ui.el("#acq-mini-program", timeout=60)
        assert ui.el("#acq-order").get_attribute("data-order-no") == order_no
        assert not ui.els("#acq-qr-img"), "a mini-program is not drawn as a QR"
        assert ui.text("#acq-mp-appid").startswith("wx")
        assert ui.text("#acq-mp-path").startswith("pages/checkout/counter?q=")
        assert ui.text("#acq-mp-username").startswith("gh_")
        assert ui.text("#acq-mp-version") == "trial"
        assert ui.els("#acq-mp-copy .ant-typography-copy"), "a copy button beside the parameters"
        assert ui.el("#acq-state").get_attribute("data-state") == "pending"
        ui.shot("acq-huishouqian-wqf-applet")
    finally:
        switch_profile(ui, "sandbox", "dougong")
