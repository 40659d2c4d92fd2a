"""The operator's everyday in the real window: a masked individual found by its full name; the merchant
picked once and kept on the test-order, refunds and statements pages; every error and hint met on a round of
pages said in the window's language (zh-CN: no English words; English: no Chinese)."""
import re
import time

import sandbox_api
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector

from journey import BAD_ID, LEGAL_ID, cascade, field_error, png

SHOP = "E2E搜索小店"
# Words that are names of things, not sentences in a language: ids, field names, units.
ALLOWED = {"huifu_id", "req_seq_id", "mcc", "appid", "sub_appid", "jsapi", "sys_id", "product_id", "url", "http", "https",
           "wx_woa_path", "task_details", "task_stat", "acct_split_bunch", "org_req_date", "req_date", "channel_no",
           "pay_channel", "pay_scene", "upper_huifu_id", "openid", "luhn", "yyyymmdd", "paydesk", "huifu", "ios", "cny"}
HAN = re.compile(r"[\u4e00-\u9fff]")


def merchant_in_index(ui) -> str:
    """An individual (张三, masked as 张* in the list) onboarded beside the app and added by lookup, as a
    merchant onboarded elsewhere is added; cached for the file."""
    cache = sandbox_api.home() / "e2e-search-merchant.txt"
    if cache.exists():
        return cache.read_text().strip()
    sandbox_api.start_in_app(ui)
    huifu_id = sandbox_api._indv_merchant(SHOP)
    ui.go("merchant")
    ui.type("#merchants-lookup-id", huifu_id)
    ui.click("#merchants-lookup-btn")
    ui.el(f"#merchants-table tr[data-row-key='{huifu_id}']", timeout=60)
    cache.write_text(huifu_id)
    return huifu_id


def search(ui, text: str) -> dict:
    """Types into the merchants list's search and returns the rows shown once desk answered."""
    ui.type("#merchants-search", text)
    ui.wait.until(lambda d: not ui.els("#merchants-table .ant-spin-spinning"))
    time.sleep(0.8)  # the search waits 200 ms after the last key, then desk answers
    return ui.d.execute_script(
        "const o = {}; for (const r of document.querySelectorAll('#merchants-table tr[data-row-key]'))"
        " o[r.getAttribute('data-row-key')] = r.innerText; return o;")


def test_a_masked_individual_is_found_by_its_full_name(ui):
    huifu_id = merchant_in_index(ui)
    ui.go("merchant")
    rows = search(ui, "张三")
    assert huifu_id in rows, f"searching the full name finds the masked individual: {rows}"
    assert "张三" not in rows[huifu_id] and "张*" in rows[huifu_id], f"the list still shows the masked name: {rows[huifu_id]!r}"
    assert huifu_id in search(ui, "13812345678"), "the contact phone finds it too"
    ui.shot("merchants-search-full-name")
    rows = search(ui, "李四不存在")
    assert not rows
    empty = ui.text("#merchants-table .ant-empty-description")
    assert "没有找到" in empty and "还没有商户" not in empty, f"the empty state says nothing matched, not that there are no merchants: {empty!r}"
    ui.type("#merchants-search", "")


def test_the_merchant_picked_once_is_kept_on_every_page(ui):
    huifu_id = merchant_in_index(ui)
    ui.go("trade")
    ui.pick_merchant("#order-huifu", SHOP, huifu_id)  # by its short name, found in the index
    for page, picker in (("refund", "#refund-find-huifu"), ("bill", "#bill-huifu"), ("cashout", "#balance-huifu")):
        ui.go(page)
        ui.wait.until(lambda d: huifu_id in d.execute_script(
            "const e = document.querySelector(arguments[0]); return e ? e.closest('.ant-select').innerText : ''", picker),
            f"the {page} page did not keep the merchant picked on the test-order page")
    ui.go("realname")
    ui.wait.until(lambda d: huifu_id in d.execute_script(
        "const e = document.querySelector('#realname-merchant'); return e ? e.closest('.ant-select').innerText : ''"),
        "the journey pages keep it too")


def test_the_balance_page_says_its_codes_in_words(ui):
    """Balance of the picked merchant: the account type and the withdrawal types in words, the query time in
    Beijing time, labelled."""
    huifu_id = merchant_in_index(ui)
    ui.go("cashout")
    ui.pick_merchant("#balance-huifu", huifu_id, huifu_id)
    ui.click("#balance-query")
    ui.wait.until(lambda d: ui.els("#balance-view"), "no balance shown")
    view = ui.text("#balance-view")
    assert "基本户" in view and "北京时间" in view, view
    assert re.search(r"查询时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 北京时间", view), view
    ui.click("#withdraw-type")
    options = ui.wait.until(lambda d: d.execute_script(
        "const o = [...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')]"
        ".map((e) => e.textContent.trim()); return o.length && o.every(Boolean) ? o : null;"), "the withdrawal types never showed")
    assert any("下个工作日" in o for o in options) and not any(o in ("T1", "D0") for o in options), options
    ui.d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)


def collect_errors(ui) -> list:
    """Every error and hint text on screen: field errors, error notifications (their sentence and hint)."""
    return ui.d.execute_script(
        "const out = [];"
        "for (const e of document.querySelectorAll('.ant-form-item-explain-error, .ant-notification-notice .error-text,"
        " .ant-notification-notice .error-hint, .ant-notification-notice-title')) if (e.offsetParent) out.push(e.innerText);"
        "return out;")


def met(ui, page: str) -> list:
    """Waits until the page shows an error, then returns what it shows."""
    shown = WebDriverWait(ui.d, 30).until(lambda d: [t for t in collect_errors(ui) if t.strip()], f"no error shown on {page}")
    return [(page, t) for t in shown]


def error_round(ui) -> list:
    """Meets the errors a person meets on a round of pages: field checks on onboarding (as typed and on
    submit), business open, realname, the WeChat config and a profile's name; returns (page, text) pairs."""
    seen = []
    huifu_id = merchant_in_index(ui)
    ui.go("onboarding")
    ui.click("#onboarding-tab-ent")
    ui.type("#ent-license-code", "91350100M000100Y44")
    ui.type("#ent-legal-cert-no", BAD_ID)
    ui.type("#ent-contact-email", "a@b")
    ui.click("#ent-submit")  # every required field left empty is marked
    WebDriverWait(ui.d, 30).until(lambda d: field_error(ui, "ent-license-code") and field_error(ui, "ent-legal-cert-no"))
    seen += met(ui, "onboarding")
    ui.click("#ent-submit-clear")

    for page, field, value in (("busi", "business-wx-fee", "0.385"), ("realname", "realname-id-card", BAD_ID),
                               ("wxconfig", "wechat-woa-appid", "wx123")):
        ui.d.execute_script("location.hash = arguments[0]", f"#/{page}?huifu_id={huifu_id}")
        ui.wait.until(lambda d: ui.els(f"#{field}"))
        time.sleep(0.5)  # the form restores its draft once it opens: type after that, as a person would
        ui.type(f"#{field}", value)
        seen += [(page, WebDriverWait(ui.d, 30).until(lambda d: field_error(ui, field), f"{field} not flagged"))]
        seen += met(ui, page)
        ui.type(f"#{field}", "")
    # desk's own check of a profile name, said on its field.
    ui.go("profile")
    ui.click("#profile-add")
    ui.type("#profile-name", "坏/名字")
    ui.type("#profile-sys-id", "6666000108854952")
    ui.type("#profile-product-id", "YYZY")
    ui.click("#profile-save")
    seen += [("profile", WebDriverWait(ui.d, 30).until(lambda d: field_error(ui, "profile-name"), "a bad profile name is not flagged"))]
    ui.click(".ant-modal-close")
    ui.wait.until(lambda d: not ui.els("#profile-form"), "the profile form did not close")
    return seen


def english_words(text: str) -> list:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text) if w.lower() not in ALLOWED]


def set_lang(ui, lang: str):
    if ui.d.execute_script("return localStorage.getItem('paydesk.lang') || 'zh-CN'") != lang:
        ui.click("#lang-switch")
    ui.wait.until(lambda d: d.execute_script("return localStorage.getItem('paydesk.lang') || 'zh-CN'") == lang)


def test_errors_and_hints_speak_the_window_language(ui):
    set_lang(ui, "zh-CN")
    zh = error_round(ui)
    assert {p for p, _ in zh} == {"onboarding", "busi", "realname", "wxconfig", "profile"} and len(zh) >= 7, f"too few errors met to prove anything: {zh}"
    bad = {t: english_words(t) for _, t in zh if english_words(t)}
    assert not bad, f"English in the Chinese window: {bad}"
    set_lang(ui, "en")
    try:
        en = error_round(ui)
        assert {p for p, _ in en} == {"onboarding", "busi", "realname", "wxconfig", "profile"} and len(en) >= 7, en
        bad = [t for _, t in en if HAN.search(t)]
        assert not bad, f"Chinese in the English window: {bad}"
    finally:
        set_lang(ui, "zh-CN")


def test_a_settlement_card_is_changed_and_shown(ui, tmp_path):
    """The merchant's journey → 商户变更: a new card (Luhn-checked on its field), its photo, submitted once;
    what Huifu has now shows the new card, masked."""
    huifu_id = merchant_in_index(ui)
    ui.go("merchant")
    ui.click(f"#merchants-table tr[data-row-key='{huifu_id}'] td")
    ui.click("#merchant-change")
    ui.wait.until(lambda d: ui.els("#change-cards .settle-card"), "the current card is not shown")
    before = [e.get_attribute("data-card-no") for e in ui.els("#change-cards .settle-card")]
    ui.type("#change-card-name", "张三")
    ui.type("#change-card-no", "4111111111111112")
    ui.wait.until(lambda d: "Luhn" in field_error(ui, "change-card-no"), "a mistyped card number is not flagged")
    ui.type("#change-card-no", "4111111111111111")
    cascade(ui, "change-card-region", "上海市")
    ui.type("#change-cert-no", LEGAL_ID)
    ui.d.file_detector = UselessFileDetector()
    ui.d.find_element(By.CSS_SELECTOR, "#change-card-form #photo-input-settle_card_front_pic").send_keys(str(png(tmp_path / "card.png", 400, 250)))
    ui.wait.until(lambda d: ui.el("#change-card-form #photo-settle_card_front_pic").get_attribute("data-staged") == "true")
    ui.click("#change-card-submit")
    ui.wait.until(lambda d: any(e.get_attribute("data-card-no") == "411111******1111" for e in ui.els("#change-cards .settle-card")),
                  f"the new card is not shown (before: {before})")
    ui.shot("merchant-card-changed")
    assert not ui.els(".ant-notification-notice-error"), [e.text for e in ui.els(".ant-notification-notice")]
