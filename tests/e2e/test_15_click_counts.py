"""Click counts for the main jobs, measured in the real window: a listener counts every click the page
receives while each job is done the way a person does it (a click into a field, then typing; a picker
opened, searched and its option clicked). A photo counts one click (our "选择照片" button) and one file
dialog; the dialog itself is answered by handing the file to the form's file input, as the other E2E files
do. The numbers go to the README ("Click counts"); the asserts keep them from creeping back up."""
import json
import pathlib

import sandbox_api
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector

from journey import LEGAL_ID, cascade, png

OUT = pathlib.Path(__file__).resolve().parent.parent / "screenshots" / "tmp" / "click-counts.json"


def reset(ui):
    ui.d.execute_script(
        "if (!window.__countInstalled) { window.__countInstalled = true;"
        " document.addEventListener('click', () => { window.__clicks = (window.__clicks || 0) + 1; }, true); }"
        "window.__clicks = 0;")


def clicks(ui) -> int:
    return int(ui.d.execute_script("return window.__clicks || 0"))


def record(job: str, n: int, dialogs: int = 0):
    data = json.loads(OUT.read_text()) if OUT.exists() else {}
    data[job] = {"clicks": n, "file_dialogs": dialogs}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1))


def photo(ui, form: str, field: str, path: pathlib.Path):
    """One photo as a person adds it: our button (1 click), the file dialog (answered with the path)."""
    ui.d.execute_script("window.__clicks = (window.__clicks || 0) + 1")  # the 选择照片 click that opens the dialog
    ui.d.file_detector = UselessFileDetector()
    # Both onboarding forms stay mounted (one per tab) with the same slot ids: look inside the open one.
    ui.d.find_element(By.CSS_SELECTOR, f"#{form} #photo-input-{field}").send_keys(str(path))
    ui.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, f"#{form} #photo-{field}").get_attribute("data-staged") == "true", f"photo {field} not staged")


def test_count_an_individual_onboarding(ui, tmp_path):
    sandbox_api.start_in_app(ui)
    ui.go("merchant")
    reset(ui)
    ui.go("onboarding")  # 1 click: the menu
    ui.click("#onboarding-tab-indv")
    ui.type("#indv-reg-name", "王小二")
    ui.type("#indv-mcc", "5812")
    ui.click("#indv-scene .ant-radio-wrapper:nth-of-type(2)")  # an online shop: no shop photos, no shop address
    cascade(ui, "indv-region", "黄浦区")
    ui.type("#indv-legal-cert-no", LEGAL_ID)
    ui.type("#indv-legal-begin", "2020-01-01")
    ui.type("#indv-legal-end", "2040-01-01")
    ui.type("#indv-legal-addr", "上海市黄浦区人民大道1号")
    ui.type("#indv-contact-mobile", "13912345678")
    ui.type("#indv-contact-email", "count@example.com")
    ui.type("#indv-card-no", "6222021234567890128")
    cascade(ui, "indv-card-region", "上海市")
    pics = ["legal_cert_front_pic", "legal_cert_back_pic", "settle_card_front_pic"]
    for f in pics:
        photo(ui, "indv-form", f, png(tmp_path / f"{f}.png", 320, 200))
    ui.click("#indv-submit")
    result = ui.el("#onboarding-result", timeout=120)
    n = clicks(ui)
    record("individual onboarding (online)", n, len(pics))
    assert n <= 22, f"{n} clicks"

    # The rest of the journey the welcome suggests, from the merchant's page: business open, realname
    # (prefilled from onboarding; the legal person's scan played in the sandbox), split.
    huifu = result.get_attribute("data-huifu-id")
    reset(ui)
    ui.click("#onboarding-open-merchant")
    ui.click("#merchant-next")  # business open
    # The onboarding's success message may still float over the top of the page (a person reads past it).
    ui.d.execute_script("document.querySelectorAll('.ant-message-notice').forEach(n => n.remove())")
    ui.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", ui.el("#business-online-type"))
    ui.type("#business-online-type", "H7999AL")
    ui.click("#business-submit")
    ui.wait.until(lambda d: ui.els("#business-apply-status") and ui.el("#business-apply-status").get_attribute("data-status") == "Y", "business open not approved")
    ui.wait_text("#business-channels", lambda t: "已开通" in t and "开通中" not in t, timeout=60)
    ui.click("#business-merchant-journey")
    ui.click("#merchant-next")  # WeChat realname
    ui.wait.until(lambda d: ui.el("#realname-mobile").get_attribute("value"), "realname not prefilled from onboarding")
    if not ui.el("#realname-name").get_attribute("value"):  # the detail may not carry the legal person's name
        ui.type("#realname-name", "王小二")
    if not ui.el("#realname-id-card").get_attribute("value"):
        ui.type("#realname-id-card", LEGAL_ID)
    ui.click("#realname-submit")
    ui.click("#realname-play-confirm", timeout=90)
    ui.wait.until(lambda d: ui.el("#realname-state").get_attribute("data-passed") == "true", "realname not passed")
    ui.d.execute_script("location.hash = arguments[0]", f"#/split?huifu_id={huifu}")  # split: via its step link
    ui.d.execute_script("window.__clicks += 2")  # back to the journey + the split step's link, as a person goes
    ui.click("#split-submit")
    ui.wait.until(lambda d: ui.els("#split-state") and ui.el("#split-state").get_attribute("data-ratio").startswith("20"), "split not saved")
    n = clicks(ui)
    record("after onboarding: business open, WeChat realname, split", n)


def test_count_a_partial_refund_from_the_list(ui):
    sandbox_api.start_in_app(ui)
    huifu = sandbox_api.merchant_with_alipay()
    # A paid order to refund (set up without counting: it is the test order job, counted below).
    ui.go("trade")
    reset(ui)
    ui.pick_merchant("#order-huifu", huifu, huifu)
    if ui.els("#order-new"):
        ui.click("#order-new")
    ui.type("#order-amount", "1.00")
    ui.click("#order-create")
    ui.el("#order-qr-img", timeout=60)
    ui.click("#order-sandbox-pay")
    ui.wait.until(lambda d: ui.el("#order-state").get_attribute("data-state") == "success")
    record("test order (pick merchant, 1.00, create, pay in the sandbox)", clicks(ui))
    seq = ui.el("#order-detail").get_attribute("data-req-seq-id")

    ui.go("refund")
    ui.wait_text("#activity-table", lambda t: seq in t)
    reset(ui)
    ui.click(f"#activity-table tr[data-row-key='trade-{seq}'] .activity-refund")
    ui.wait.until(lambda d: ui.el("#refund-trade").get_attribute("data-refundable-fen") == "100")
    ui.click("#refund-open")
    ui.type("#refund-amount", "0.30")
    ui.click("#refund-submit")
    ui.click("#refund-confirm-ok")
    ui.wait.until(lambda d: ui.el("#refund-result").get_attribute("data-state") == "success", "the refund never reached success")
    n = clicks(ui)
    record("partial refund from the trades list", n)
    assert n <= 6, f"{n} clicks"
