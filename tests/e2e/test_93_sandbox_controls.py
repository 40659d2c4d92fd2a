"""The Sandbox page's own record controls, clicked in the window: an onboarding audit approved and another
rejected (the merchant's state then seen on the merchants page), a waiting order paid, and a notification
replayed — which reaches the app's receiver again as a duplicate that changes nothing.

The merchants and the order are made beside the app (sandbox_api, as another tool or a shop's server makes
them): only the controls under test are driven through the page."""
import socket

import sandbox_api
from journey import no_overlay, open_merchant


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_row(ui, table: str, key: str) -> dict:
    """The row `key` of the sandbox records table `table` as {column title: cell text}, waiting for it."""
    read = lambda: ui.d.execute_script(
        "const t = document.getElementById('sandbox-records-' + arguments[0]); if (!t) return null;"
        "const r = t.querySelector(`tr[data-row-key='${arguments[1]}']`); if (!r) return null;"
        "const heads = [...t.querySelectorAll('thead th')].map(h => h.innerText.trim());"
        "const o = {}; [...r.querySelectorAll('td')].forEach((td, i) => { o[heads[i] || String(i)] = td.innerText.trim(); }); return o;",
        table, key)
    return ui.wait.until(lambda d: read(), f"no {table} row {key}")


def wait_cell(ui, table: str, key: str, column: str, predicate) -> dict:
    ui.wait.until(lambda d: predicate(app_row(ui, table, key).get(column, "")), f"{table} row {key}: {column} never matched")
    return app_row(ui, table, key)


def pending_merchant(ui, name: str) -> dict:
    """A merchant whose onboarding waits for Huifu's audit, added to the app by lookup as a user adds one
    onboarded elsewhere: listed, its onboarded step not done."""
    ui.go("sandbox")
    ui.wait_text("#sandbox-clock-now", lambda t: t[:2] == "20", timeout=60)  # the sandbox is running
    m = sandbox_api.ent_pending(name)
    ui.go("merchant")
    ui.type("#merchants-lookup-id", m["huifu_id"])
    ui.click("#merchants-lookup-btn")
    row = ui.el(f"#merchants-table tr[data-row-key='{m['huifu_id']}']", timeout=60)
    assert name in row.text, row.text
    open_merchant(ui, m["huifu_id"])
    assert ui.el("#step-onboarded").get_attribute("data-state") != "done", "a merchant under audit shows as onboarded"
    return m


def audit_row(ui, apply_no: str) -> str:
    ui.go("sandbox")
    ui.click("#sandbox-tab-applications")
    return app_row(ui, "applications", apply_no)


def looked_up_again(ui, huifu_id: str) -> str:
    """The merchant's onboarded step after the journey's "look up at Huifu" button (a merchant onboarded
    elsewhere is followed by looking it up)."""
    open_merchant(ui, huifu_id)
    ui.click("#merchant-lookup")
    ui.wait.until(lambda d: not ui.els("#merchant-lookup.ant-btn-loading"), "the lookup never finished")
    return ui.el("#step-onboarded").get_attribute("data-state")


def test_approve_a_pending_audit(ui):
    m = pending_merchant(ui, "E2E审核通过有限公司")
    row = audit_row(ui, m["apply_no"])
    assert row["状态"] == "P" and row["huifu_id"] == m["huifu_id"], row
    ui.click(f"#sandbox-approve-{m['apply_no']}")
    ui.wait_text("#sandbox-action-done", lambda t: "已审核通过" in t)
    wait_cell(ui, "applications", m["apply_no"], "状态", lambda s: s == "Y")
    assert not ui.els(f"#sandbox-approve-{m['apply_no']}"), "an approved application still offers approve"
    ui.shot("sandbox-audit-approved")
    ui.wait.until(lambda d: looked_up_again(ui, m["huifu_id"]) == "done", "the approved merchant is not shown as onboarded")
    ui.shot("sandbox-audit-approved-merchant")
    no_overlay(ui)


def test_reject_a_pending_audit(ui):
    m = pending_merchant(ui, "E2E审核驳回有限公司")
    assert audit_row(ui, m["apply_no"])["状态"] == "P"
    ui.click(f"#sandbox-reject-{m['apply_no']}")
    ui.type("#sandbox-reject-reason", "E2E 营业执照不清晰")
    ui.click(".ant-popconfirm:not(.ant-popover-hidden) .ant-popconfirm-buttons .ant-btn-primary")
    ui.wait_text("#sandbox-action-done", lambda t: "已驳回" in t)
    row = wait_cell(ui, "applications", m["apply_no"], "状态", lambda s: s == "N")
    assert row["审核说明"] == "E2E 营业执照不清晰", row
    assert not ui.els(f"#sandbox-reject-{m['apply_no']}"), "a rejected application still offers reject"
    ui.shot("sandbox-audit-rejected")
    # Looked up again, Huifu reports the merchant not NORMAL: it stays not onboarded.
    assert looked_up_again(ui, m["huifu_id"]) != "done", "a rejected merchant is shown as onboarded"
    no_overlay(ui)


def notification_rows(ui, order_no: str) -> list:
    """The notifications page's rows for `order_no`: [{state, count, effect}] (after a search)."""
    ui.go("notify")
    ui.type("#orderNo", order_no)
    ui.click("#notify-search")
    ui.wait.until(lambda d: not ui.els("#notify-table .ant-spin-spinning"))
    return ui.d.execute_script(
        "return [...document.querySelectorAll('#notify-table tr[data-row-key]')].map(r => {"
        " const c = [...r.querySelectorAll('td')].map(td => td.innerText.trim());"
        " return {state: c[c.length - 4], count: Number(c[c.length - 2]), effect: c[c.length - 1]}; });")


def test_pay_an_order_then_replay_its_notification(ui):
    huifu = sandbox_api.merchant_with_alipay()
    ui.go("notify")
    ui.wait.until(lambda d: ui.el("#notify-receiver-state").get_attribute("data-running") == "false", "receiver state unknown")
    port = free_port()
    ui.type("#notify-listen", f"127.0.0.1:{port}")
    ui.click("#notify-start")
    ui.wait.until(lambda d: ui.el("#notify-receiver-state").get_attribute("data-running") == "true", "receiver did not start")
    url = ui.text("#notify-url")
    try:
        order = sandbox_api.native_order(huifu, "12.34", url)

        # The payer pays, from the sandbox page's order list.
        ui.go("sandbox")
        ui.click("#sandbox-tab-orders")
        hf = order["hf_seq_id"]
        row = app_row(ui, "orders", hf)
        assert row["金额（元）"] == "12.34" and row["状态"] == "P", row
        ui.click(f"#sandbox-pay-{hf}")
        ui.wait_text("#sandbox-action-done", lambda t: hf in t and "已付款" in t)
        wait_cell(ui, "orders", hf, "状态", lambda s: s == "S")
        assert not ui.els(f"#sandbox-pay-{hf}"), "a paid order still offers pay"
        ui.shot("sandbox-order-paid")

        # The paid trade's notifications reach the receiver (the sandbox sees them acknowledged), each
        # stored once, verified.
        to_app = lambda: [n for n in sandbox_api.records("notifications") if n.get("url") == url]
        ui.wait.until(lambda d: to_app() and all(n.get("state") == "delivered" for n in to_app()),
                      "the paid order's notifications were not acknowledged by the receiver")
        sent = to_app()
        ui.wait.until(lambda d: len(notification_rows(ui, order["req_seq_id"])) == len(sent), "the notifications are not all listed")
        before = notification_rows(ui, order["req_seq_id"])
        assert all(r["count"] == 1 for r in before), before
        assert all(r["state"] != "rejected" for r in before), before

        # Replay one from the sandbox page: it arrives again, is counted, and changes nothing.
        nid = sent[0]["id"]
        ui.go("sandbox")
        ui.click("#sandbox-tab-notifications")
        ui.click(f"#sandbox-replay-{nid}", timeout=60)
        ui.wait_text("#sandbox-action-done", lambda t: "已重新推送" in t)
        ui.wait.until(lambda d: sum(r["count"] for r in notification_rows(ui, order["req_seq_id"])) == len(before) + 1,
                      "the replayed notification was not received as a repeat", )
        after = notification_rows(ui, order["req_seq_id"])
        assert len(after) == len(before), f"the replay made a new row: {before} -> {after}"
        assert sorted((r["state"], r["effect"]) for r in after) == sorted((r["state"], r["effect"]) for r in before), (before, after)
        assert max(r["count"] for r in after) == 2, after
        ui.shot("notifications-replayed")
    finally:
        ui.go("notify")
        ui.click("#notify-stop")
        ui.wait.until(lambda d: ui.el("#notify-receiver-state").get_attribute("data-running") == "false", "receiver did not stop")
        no_overlay(ui)
