"""Helpers for the merchant journey tests (test_03..05): test images, pickers, and the journey merchant with
the steps a test needs done, each made through the app's own pages the way a user makes them.

A file never relies on an earlier file: `journey_merchant` takes the merchant test_03 onboarded through the
form when the list has it, else onboards one beside the app (the sandbox, through Huifu's SDK) and adds it by
lookup, as a user adds a merchant onboarded elsewhere; `ensure_business` / `ensure_realname` run the page
flow only for a step not done yet."""
import os
import pathlib
import struct
import urllib.request
import time
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support.ui import WebDriverWait

# Kept in the merchant list for later tests (test orders, refunds...) to find by name.
E2E_MERCHANT = "E2E测试商户"
LEGAL_ID = "11010519491231002X"  # GB 11643's own example: valid check digit
BAD_ID = "110105194912310021"  # same number, wrong check digit


def png(path: pathlib.Path, w: int, h: int, noisy: bool = False) -> pathlib.Path:
    """A valid RGB PNG written with zlib/struct only (PIL may be missing). Noise makes it big, like a photo."""
    if noisy:
        raw = b"".join(b"\x00" + os.urandom(w * 3) for _ in range(h))
    else:
        row = b"\x00" + b"".join(bytes((x * 7 % 256, (x * 3) % 256, 180)) for x in range(w))
        raw = row * h

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")
    path.write_bytes(data)
    return path


def cascade(ui, input_id: str, text: str):
    """Searches an antd Cascader for `text` and picks the first match. The search list re-renders while the
    text is typed, so a click can land on an option being replaced: the pick counts once the dropdown has
    closed (it closes on a pick), else the option is found again and clicked again. Waiting for it to close
    also keeps its closing animation from covering the next field."""
    from selenium.common.exceptions import TimeoutException, WebDriverException
    ui.type(f"#{input_id}", text)
    open_ = ".ant-cascader-dropdown:not(.ant-select-dropdown-hidden)"
    deadline = time.time() + 30
    while time.time() < deadline:
        for e in ui.d.find_elements(By.CSS_SELECTOR, f"{open_} .ant-cascader-menu-item"):
            try:
                if not (e.is_displayed() and text in e.text):
                    continue
                e.click()
                WebDriverWait(ui.d, 3).until(lambda d: not ui.els(open_))
                return
            except (WebDriverException, TimeoutException):
                break
        time.sleep(0.2)
    raise AssertionError(f"no cascader option {text!r} for {input_id} (or picking it never closed the list)")


def field_error(ui, input_id: str) -> str:
    """The error text shown under the form item holding `input_id` ('' if none)."""
    return ui.d.execute_script(
        f"const i = document.getElementById('{input_id}').closest('.ant-form-item');"
        "const e = i && i.querySelector('.ant-form-item-explain-error'); return e ? e.textContent : '';")


def choose_photo(ui, field: str, path: pathlib.Path):
    # The app runs on this machine: hand WebKitWebDriver the path (no Selenium Grid upload endpoint there).
    ui.d.file_detector = UselessFileDetector()
    ui.d.find_element(By.ID, f"photo-input-{field}").send_keys(str(path))
    ui.wait.until(lambda d: d.find_element(By.ID, f"photo-{field}").get_attribute("data-staged") == "true",
                  f"photo {field} not staged")


def no_overlay(ui):
    """Dismisses the notifications a page raised and checks nothing modal is left open for the next file."""
    ui.d.execute_script("document.querySelectorAll('.ant-notification-notice-close').forEach(b => b.click())")
    ui.wait.until(lambda d: not ui.els(".ant-notification-notice, .ant-modal-wrap, .ant-drawer-open, "
                                        ".ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-popover:not(.ant-popover-hidden)"),
                  "an overlay is still open")


def _merchant_rows(ui) -> dict:
    """The loaded merchants list as {huifu_id: row text}, once the table has finished loading."""
    ui.go("merchant")
    ui.wait.until(lambda d: ui.els("#merchants-table .ant-table-tbody tr") and not ui.els("#merchants-table .ant-spin-spinning"),
                  "the merchants list never loaded")
    return ui.d.execute_script(
        "const o = {}; for (const r of document.querySelectorAll('#merchants-table tr[data-row-key]'))"
        " o[r.getAttribute('data-row-key')] = r.innerText; return o;")


def _cache() -> pathlib.Path:
    """Where journey_merchant keeps the huifu_id of the merchant it onboarded beside the app."""
    return pathlib.Path(os.environ["PAYDESK_HOME"]) / "e2e-journey-merchant.txt"


def online_busi_type(huifu_id: str):
    """The online business type business open needs for the merchant onboarded beside the app (an online
    individual, sandbox_api._indv_merchant); None for the offline enterprise test_03 onboards."""
    return "H7999AL" if _cache().exists() and _cache().read_text().strip() == huifu_id else None


def journey_merchant(ui) -> str:
    """The huifu_id of the merchant the journey tests work on (see the module doc)."""
    rows = _merchant_rows(ui)
    for huifu_id, text in rows.items():
        if E2E_MERCHANT in text:
            return huifu_id
    cache = _cache()
    if cache.exists() and cache.read_text().strip() in rows:
        return cache.read_text().strip()
    import sandbox_api
    # The app starts its in-process sandbox on first use: the sandbox page's clock shows it running.
    ui.go("sandbox")
    ui.wait_text("#sandbox-clock-now", lambda t: t[:2] == "20", timeout=60)
    huifu_id = sandbox_api._indv_merchant("E2E旅程小店")
    ui.go("merchant")
    ui.type("#merchants-lookup-id", huifu_id)
    ui.click("#merchants-lookup-btn")
    ui.el(f"#merchants-table tr[data-row-key='{huifu_id}']", timeout=60)
    cache.write_text(huifu_id)
    return huifu_id


def open_merchant(ui, huifu_id: str):
    ui.go("merchant")
    # A cell, not the <tr>: WebKitWebDriver calls a table row "not interactable".
    ui.click(f"#merchants-table tr[data-row-key='{huifu_id}'] td")
    ui.wait.until(lambda d: ui.el("#merchant-detail").get_attribute("data-huifu-id") == huifu_id)


def step_state(ui, step: str) -> str:
    return ui.el(f"#step-{step}").get_attribute("data-state")


def hash_(ui) -> str:
    return ui.d.execute_script("return location.hash")


def business_open(ui, huifu_id: str):
    """WeChat business open from the merchant's journey (its step's button), the fee rate checked on its
    field before sending, followed until the application is approved and the channel shows S."""
    open_merchant(ui, huifu_id)
    ui.click("#step-go-busi_open")
    ui.wait.until(lambda d: hash_(ui).startswith("#/busi?") and huifu_id in hash_(ui), "the step did not open business open for this merchant")
    ui.wait.until(lambda d: ui.el("#business-form") and "req_seq_id" in ui.text("#business-page"))
    if online_busi_type(huifu_id):
        ui.type("#business-online-type", online_busi_type(huifu_id))
    ui.type("#business-wx-fee", "0.385")
    ui.wait.until(lambda d: "两位小数" in field_error(ui, "business-wx-fee"), "a fee rate with 3 decimals is not flagged")
    ui.type("#business-wx-fee", "0.38")
    ui.wait.until(lambda d: field_error(ui, "business-wx-fee") == "", "the fixed fee rate is still flagged")
    ui.click("#business-submit")
    WebDriverWait(ui.d, 60).until(lambda d: ui.els("#business-apply-status") or ui.els(".ant-notification-notice"), "no status nor error after submitting")
    errors = [e.text for e in ui.els(".ant-notification-notice")]
    assert not errors, f"business open was refused: {errors}"
    # The sandbox approves a business open after its busi_open delay (2 s); the page follows it.
    WebDriverWait(ui.d, 60).until(lambda d: ui.el("#business-apply-status").get_attribute("data-status") == "Y", "business open not approved")
    ui.wait_text("#business-channels", lambda t: "已开通" in t and "微信" in t, timeout=60)


def realname_wx(ui, huifu_id: str):
    """WeChat realname from the journey: the QR is drawn large enough to scan; the legal person "scans" it
    (the QR's content is the sandbox's realname page, whose button POSTs the confirmation, as a phone would)
    and the state refreshes to passed on its own. Returns the QR's natural size."""
    open_merchant(ui, huifu_id)
    ui.click("#step-go-realname_wx")
    ui.wait.until(lambda d: "#/realname?" in hash_(ui) and huifu_id in hash_(ui), "the step did not open realname for this merchant")
    ui.type("#realname-name", "张三")
    ui.type("#realname-mobile", "13812345678")
    ui.type("#realname-id-card", BAD_ID)
    ui.wait.until(lambda d: "校验位" in field_error(ui, "realname-id-card"), "a bad ID number is not flagged")
    ui.type("#realname-id-card", LEGAL_ID)
    ui.click("#realname-submit")
    qr = ui.el("#realname-qr", timeout=90)
    ui.wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", qr), "the QR image never loaded")
    src = qr.get_attribute("src") or ""
    assert src.startswith("data:image/png;base64,") and len(src) > 500, f"the QR has no image: {src[:60]!r}"
    natural = ui.d.execute_script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", qr)
    assert natural[0] > 200 and natural[1] > 200, f"the QR image is too small to scan: {natural}"
    assert qr.size["width"] >= 200 and qr.size["height"] >= 200, f"shown at {qr.size}"
    assert "CONFIRM" in ui.el("#realname-state").get_attribute("data-state"), ui.el("#realname-state").get_attribute("data-state")
    ui.d.execute_script("window.scrollTo(0, 0)")  # the whole page in the shot, not where the last click scrolled
    ui.shot("realname-qr")
    url = qr.get_attribute("data-content")
    assert huifu_id in url, url
    urllib.request.urlopen(urllib.request.Request(url, data=b"channel=wx", method="POST"), timeout=30).read()
    ui.wait.until(lambda d: ui.el("#realname-state").get_attribute("data-passed") == "true", "realname state never refreshed to passed")
    assert "PASSED" in ui.el("#realname-state").get_attribute("data-state")
    return natural


def ensure_business(ui, huifu_id: str):
    open_merchant(ui, huifu_id)
    if step_state(ui, "busi_open") != "done":
        business_open(ui, huifu_id)


def ensure_realname(ui, huifu_id: str):
    ensure_business(ui, huifu_id)
    open_merchant(ui, huifu_id)
    if step_state(ui, "realname_wx") != "done":
        realname_wx(ui, huifu_id)
