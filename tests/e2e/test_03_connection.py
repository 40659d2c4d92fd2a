"""Profiles page, "test connection": the sandbox profile's button makes one signed read (the organisation's
bill-config query) and shows it connected, as do the 慧收钱 and MD5-gateway sandbox profiles (an order query); nothing is written (the sandbox records no new order, refund or
merchant)."""
import sandbox_api


def counts():
    return {k: len(sandbox_api.records(k)) for k in ("orders", "refunds", "merchants")}


def test_the_sandbox_profile_connects(ui):
    sandbox_api.start_in_app(ui)
    before = counts()
    ui.go("profile")
    ui.click("#profile-test-sandbox")
    ui.el("#profile-test-result-sandbox", timeout=90)
    ui.wait.until(lambda d: ui.el("#profile-test-result-sandbox").get_attribute("data-outcome") == "ok", "the sandbox profile did not connect")
    text = ui.d.execute_script("return document.querySelector('#profile-test-result-sandbox').innerText")
    assert "连接正常" in text and "/v2/merchant/busi/bill/query" in text, text
    # The 慧收钱 and MD5-gateway sandbox profiles (made by start_in_app): their signed order query of a
    # made-up number is answered "not found", which the page shows as connected.
    for name in ("sandbox-huishouqian", "sandbox-mpgateway"):
        ui.click(f"#profile-test-{name}")
        ui.wait.until(lambda d: d.execute_script(f"const e = document.querySelector('#profile-test-result-{name}'); return e && e.dataset.outcome") == "ok",
                      f"{name} did not connect")
    ui.shot("profile-test-connection")
    assert counts() == before, "a connection test writes nothing"
