"""Statements: bill config turned on for the sandbox merchant, the day's plain state, the batch regenerated
(Huifu's replay), the file downloaded with progress, imported, filtered and totalled, exported as CSV."""
import csv
import pathlib
import time

from selenium.webdriver.common.keys import Keys

import sandbox_api


def set_file_date(ui, yyyymmdd):
    ui.type("#bill-date", f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:]}")
    ui.el("#bill-date").send_keys(Keys.ENTER)


def list_until(ui, states, tries=60):
    for _ in range(tries):
        ui.click("#bill-list-btn")
        ui.wait.until(lambda d: not ui.els("#bill-list-btn.ant-btn-loading"))
        st = ui.el("#bill-state").get_attribute("data-state")
        if st in states:
            return st
        time.sleep(0.5)  # poll: the sandbox's batch steps once a second
    raise AssertionError(f"bill state never became {states}")


def test_config_list_download_import_filter_export(ui, tmp_path):
    sandbox_api.start_in_app(ui)  # so the file runs alone too
    huifu = sandbox_api.merchant_with_alipay()
    # A paid trade today (made beside the app, as a shop's server does), so the regenerated file has rows
    # whatever ran before.
    paid = sandbox_api.native_order(huifu, "0.02", "")
    sandbox_api.control("POST", f"/sandbox/orders/{paid['hf_seq_id']}/pay", {})
    ui.go("bill")
    ui.pick_merchant("#bill-huifu", huifu, huifu)
    ui.click("#bill-config-save")
    ui.wait.until(lambda d: ui.el("#bill-config-state").get_attribute("data-enabled") == "true", "bill config not on")

    # Today's file covers yesterday, before the config existed: the page says so in plain words.
    set_file_date(ui, sandbox_api.today())
    st = list_until(ui, ("config_off", "not_run_yet", "running", "ready", "no_records", "failed"))
    assert st != "config_off", "the config was just turned on"
    assert ui.el("#bill-state").text.strip(), st
    ui.shot("statements-state")

    # Regenerate today's trades now; the files are tomorrow's.
    sandbox_api.replay_bills(huifu, sandbox_api.today())
    set_file_date(ui, sandbox_api.today(1))
    list_until(ui, ("ready",))
    ui.click(".bill-download")
    ui.wait.until(lambda d: ui.el("#bill-progress").get_attribute("data-percent") == "100", "download progress never reached 100")
    assert "bills" in ui.text("#bill-downloaded")
    ui.click(".bill-import")
    ui.wait.until(lambda d: int(ui.el("#bill-import-result").get_attribute("data-rows") or 0) > 0, "nothing imported")
    ui.shot("statements-imported")

    ui.pick_merchant("#bill-filter-huifu", huifu, huifu)
    ui.click("#bill-query-btn")
    ui.wait.until(lambda d: int(ui.el("#bill-totals").get_attribute("data-count")) >= 1)
    # The rows say their type and product in words; the codes stay on the element for copying.
    words = {e.get_attribute("data-code"): e.text for e in ui.els("#bill-rows [data-code]")}
    assert words.get("PAYMENT") == "支付" and words.get("S") == "成功", words
    assert not ui.els("#bill-rows .ant-tag[data-code]"), f"a code without its word: {words}"
    totals = ui.el("#bill-totals")
    pay, ref = int(totals.get_attribute("data-payment-fen")), int(totals.get_attribute("data-refund-fen"))
    assert pay >= 1 and int(totals.get_attribute("data-amount-fen")) == pay - ref, (pay, ref)
    ui.el("#bill-chart")
    ui.shot("statements-filtered")

    out = tmp_path / "bills.csv"
    ui.type("#bill-export-path", str(out))
    ui.click("#bill-export-btn")
    ui.wait_text("#bill-export-result", lambda t: str(out) in t)
    rows = list(csv.DictReader(pathlib.Path(out).open(encoding="utf-8-sig")))
    assert rows and all(r["商户号"] == huifu for r in rows), rows[:3]
    assert len(rows) == int(totals.get_attribute("data-count"))
