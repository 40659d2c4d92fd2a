"""WeChat config, a terminal and a split rule for the journey merchant (WeChat open and realname passed,
made here if an earlier file did not); after each, the merchant's journey step shows it done."""
import time

import pytest

from journey import ensure_realname, field_error, hash_, journey_merchant, no_overlay, open_merchant, step_state

APPID = "wx0123456789abcdef"


@pytest.fixture(scope="module")
def huifu_id(ui):
    h = journey_merchant(ui)
    ensure_realname(ui, h)
    return h


def go_step(ui, huifu_id: str, step: str, page: str):
    open_merchant(ui, huifu_id)
    assert step_state(ui, step) == "todo", f"{step} is {step_state(ui, step)} before the test"
    ui.click(f"#step-go-{step}")
    ui.wait.until(lambda d: f"#/{page}?" in hash_(ui) and huifu_id in hash_(ui), f"the {step} step did not open {page} for this merchant")


def step_done(ui, huifu_id: str, step: str):
    open_merchant(ui, huifu_id)
    ui.wait.until(lambda d: step_state(ui, step) == "done", f"the journey's {step} step did not follow")


def test_bind_wechat_appid(ui, huifu_id):
    go_step(ui, huifu_id, "wx_config", "wxconfig")
    ui.type("#wechat-woa-appid", "wx123")
    ui.wait.until(lambda d: "16" in field_error(ui, "wechat-woa-appid"), "a short appid is not flagged on its field")
    ui.type("#wechat-woa-appid", APPID)
    ui.type("#wechat-woa-path", "https://shop.example.com/pay")
    ui.wait.until(lambda d: "/" in field_error(ui, "wechat-woa-path"), "a pay path not ending in / is not flagged")
    ui.type("#wechat-woa-path", "https://shop.example.com/pay/")
    ui.click("#wechat-submit")
    ui.wait_text("#wechat-bindings .ant-table-row", lambda t: APPID in t, timeout=60)
    ui.wait_text("#wechat-bindings .ant-table-row", lambda t: "https://shop.example.com/pay/" in t)
    ui.shot("wechat-config")
    step_done(ui, huifu_id, "wx_config")
    no_overlay(ui)


def test_report_a_terminal(ui, huifu_id):
    go_step(ui, huifu_id, "terminals", "terminal")
    sn = f"E2ESN{int(time.time())}"
    ui.type("#terminal-sn", sn)
    ui.type("#terminal-model", "01")
    ui.type("#terminal-address", "北京市东城区测试路 1 号")
    # A device with a serial number needs its 21号文 terminal number: named on its field, nothing sent.
    ui.click("#terminal-submit")
    ui.wait.until(lambda d: "必填" in field_error(ui, "terminal-tusn"), "a missing tusn is not flagged on its field")
    assert not ui.els("#terminal-table"), "nothing was reported"
    ui.type("#terminal-tusn", f"TUSN{sn}")
    ui.click("#terminal-submit")
    row = ui.wait_text("#terminal-table .ant-table-row", lambda t: sn in t, timeout=60)
    assert "已绑定" in row and f"TUSN{sn}" in row, row
    ui.shot("terminals")
    step_done(ui, huifu_id, "terminals")
    no_overlay(ui)


def test_split_rule_within_20_percent_takes_effect(ui, huifu_id):
    go_step(ui, huifu_id, "split", "split")
    ui.type("#split-ratio", "30")
    ui.el("#split-audit-warning")  # above 20 % the page says it goes to audit
    ui.type("#split-ratio", "10")
    ui.wait.until(lambda d: not ui.els("#split-audit-warning"), "the audit warning stays at 10 %")
    ui.click("#split-submit")
    ui.wait.until(lambda d: ui.el("#split-state", timeout=60).get_attribute("data-ratio") in ("10", "10.00"), "split state not shown")
    assert ui.el("#split-state").get_attribute("data-status") == "Y"
    ui.shot("split")
    step_done(ui, huifu_id, "split")
    # Back on the split page later (the journey was in between): the form shows the 10 % Huifu has, not 20 %.
    ui.d.execute_script("location.hash = arguments[0]", f"#/split?huifu_id={huifu_id}")
    ui.wait.until(lambda d: ui.el("#split-ratio").get_attribute("value") in ("10", "10.00"),
                  f"the saved ratio is not shown again: {ui.el('#split-ratio').get_attribute('value')!r}")
    no_overlay(ui)


def test_the_whole_journey_is_done(ui, huifu_id):
    open_merchant(ui, huifu_id)
    for step in ["onboarded", "busi_open", "realname_wx", "wx_config", "terminals", "split"]:
        assert step_state(ui, step) == "done", f"{step} is {step_state(ui, step)}"
    assert not ui.els("#merchant-next") or "支付宝" in ui.text("#merchant-next"), "only the optional Alipay realname may be left"
    ui.shot("merchant-journey-configured")
    ui.go("merchant")
    row = ui.el(f"#merchants-table tr[data-row-key='{huifu_id}']")
    ui.shot("merchants-configured")
    assert "6/7" in row.text or "7/7" in row.text, row.text
    no_overlay(ui)
