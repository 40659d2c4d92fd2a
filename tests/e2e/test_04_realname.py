"""Business open, then WeChat realname, for the journey merchant: the journey's "next" button leads to each
page with the huifu_id, the merchant's steps follow; the realname QR is drawn large enough to scan from the
screen and its state refreshes on its own once the legal person confirms (journey.realname_wx)."""
from journey import business_open, ensure_business, hash_, journey_merchant, no_overlay, open_merchant, realname_wx, step_state


def test_business_open_from_the_journey(ui):
    huifu_id = journey_merchant(ui)
    open_merchant(ui, huifu_id)
    assert step_state(ui, "busi_open") == "todo", step_state(ui, "busi_open")
    assert "业务开通" in ui.text("#merchant-next"), ui.text("#merchant-next")
    ui.click("#merchant-next")
    ui.wait.until(lambda d: hash_(ui).startswith("#/busi?") and huifu_id in hash_(ui), "next did not open business open with the huifu_id")
    business_open(ui, huifu_id)
    ui.shot("business-open")
    open_merchant(ui, huifu_id)
    ui.wait.until(lambda d: step_state(ui, "busi_open") == "done", "the journey's busi_open step did not follow")
    assert "实名" in ui.text("#merchant-next"), f"the next action is realname: {ui.text('#merchant-next')!r}"
    no_overlay(ui)


def test_wechat_realname_qr_and_state(ui):
    huifu_id = journey_merchant(ui)
    ensure_business(ui, huifu_id)
    open_merchant(ui, huifu_id)
    assert step_state(ui, "realname_wx") == "todo", step_state(ui, "realname_wx")
    realname_wx(ui, huifu_id)
    ui.shot("realname-passed")
    open_merchant(ui, huifu_id)
    ui.wait.until(lambda d: step_state(ui, "realname_wx") == "done", "the journey's realname step did not follow")
    no_overlay(ui)
