"""The Sandbox page's controls on the built-in sandbox: its records, the clock moved forward, a fault
injected then cleared (all through desk's loopback call to the in-process sandbox)."""


def offset(ui) -> int:
    return int(ui.el("#sandbox-clock-now").get_attribute("data-offset") or 0)


def test_records_are_listed(ui):
    ui.go("sandbox")
    ui.el("#sandbox-page")
    ui.click("#sandbox-tab-orders")
    ui.el("#sandbox-records-orders")
    ui.click("#sandbox-tab-merchants")
    ui.el("#sandbox-records-merchants")


def test_move_the_clock(ui):
    ui.go("sandbox")
    ui.wait_text("#sandbox-clock-now", lambda t: t[:2] == "20")
    before = offset(ui)
    ui.type("#sandbox-clock-amount", "2")
    ui.choose("#sandbox-clock-unit", "小时")
    ui.click("#sandbox-clock-advance")
    ui.wait.until(lambda d: offset(ui) - before >= 2 * 3600_000, "the sandbox clock did not move 2 hours")
    ui.shot("sandbox-clock")


def test_inject_a_fault_then_clear_it(ui):
    ui.go("sandbox")
    ui.el("#sandbox-no-faults")
    ui.type("#sandbox-fault-count", "3")
    ui.type("#sandbox-fault-path", "/v2/trade/payment/jspay")
    ui.click("#sandbox-fault-arm")
    row = ui.wait_text("#sandbox-faults-table", lambda t: "/v2/trade/payment/jspay" in t)
    assert "HTTP 5xx" in row and "3" in row, row
    ui.shot("sandbox-fault")
    ui.click("#sandbox-faults-clear")
    ui.el("#sandbox-no-faults")
    assert not ui.els("#sandbox-faults-table")
