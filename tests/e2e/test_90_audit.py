"""The audit log after the journey tests: rows are there, a call's request is masked (no whole ID or card
numbers), the hash chain verifies, and the CSV export lands in the file chosen in the native save dialog."""
import csv
import json
import re

from ui import native_dialog

# Fields desk masks (crates/desk/src/audit/mask.rs): identity numbers and bank cards.
ID_KEYS = {"legal_cert_no", "cert_no", "id_card_number", "bo_no", "ubo_id_doc_number", "cert_number", "id_no"}
CARD_KEYS = {"card_no", "bank_card_no", "acct_no", "pay_card_no", "debit_card_no"}
WHOLE_ID = re.compile(r"^\d{17}[\dXx]$")
WHOLE_CARD = re.compile(r"^\d{12,19}$")


def personal_values(v, found):
    """(key, value) of every ID / card field in a JSON value, opening JSON held in strings (card_info...)."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k in ID_KEYS | CARD_KEYS and isinstance(x, str):
                found.append((k, x))
            personal_values(x, found)
    elif isinstance(v, list):
        for x in v:
            personal_values(x, found)
    elif isinstance(v, str) and v.strip()[:1] in "{[":
        try:
            personal_values(json.loads(v), found)
        except ValueError:
            pass
    return found


def test_rows_are_present_and_a_request_is_masked(ui):
    ui.go("audit")
    shown = lambda: [r for r in ui.els(".audit-row") if r.is_displayed()]
    ui.wait.until(lambda d: shown(), "no audit rows after the journey tests")
    # Click a cell, not the <tr> itself (WebKitWebDriver calls a table row "not interactable").
    row = shown()[0]
    cells = row.find_elements("css selector", "td")
    (cells[0] if cells else row).click()
    request = ui.text("#audit-request")
    assert request.strip().startswith("{"), request[:200]
    for k, v in personal_values(json.loads(ui.d.execute_script(
            "return document.querySelector('#audit-request').innerText")), []):
        assert not WHOLE_ID.match(v) and not WHOLE_CARD.match(v), f"{k} unmasked in the audit view"
    ui.shot("audit-row")
    ui.click(".ant-drawer-close")


def test_chain_verifies(ui):
    ui.go("audit")
    ui.click("#audit-verify")
    ui.wait.until(lambda d: ui.els("#audit-verify-result"), "no verify result")
    assert ui.el("#audit-verify-result").get_attribute("data-ok") == "true", ui.text("#audit-verify-result")
    # Keyed with the keychain's key, and the anchor outside the database vouches for the rows so far.
    anchor = ui.el("#audit-verify-anchor")
    assert anchor.get_attribute("data-keyed") == "true", ui.text("#audit-verify-result")
    assert int(anchor.get_attribute("data-anchored") or 0) > 0, ui.text("#audit-verify-result")


def test_export_csv_to_the_chosen_file(ui, tmp_path):
    ui.go("audit")
    ui.wait.until(lambda d: ui.els(".audit-row"), "no audit rows")
    target = tmp_path / "audit-export.csv"
    ui.click("#audit-export")
    native_dialog("CSV", str(target))
    ui.wait.until(lambda d: ui.els("#audit-export-done"), "no export confirmation")
    assert str(target) in ui.text("#audit-export-done")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a UTF-8 BOM, so a spreadsheet reads UTF-8"
    with open(target, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows, "the CSV holds the audit rows"
    assert {"序号", "接口", "结果", "请求", "行哈希"} <= set(rows[0]), "Chinese headers with the Chinese UI"
    for r in rows:
        for k, v in personal_values(json.loads(r["请求"]), []):
            assert not WHOLE_ID.match(v) and not WHOLE_CARD.match(v), f"row {r['序号']}: {k} unmasked in the CSV"
    ui.shot("audit-exported")
