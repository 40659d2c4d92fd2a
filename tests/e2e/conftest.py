"""Shared fixtures for the E2E suite: one real app window per run, driven through tauri-driver.

The app is the built binary (TAURI_APP), its data dir PAYDESK_HOME is fresh per run (tests/run-e2e.sh), and
the keychain is the real Secret Service of the surrounding keyring session. Tests run in file order and
build on each other like a user's first session (the journey).
"""
import os
import pathlib

import pytest
from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions

from ui import Ui

SHOTS = pathlib.Path(__file__).resolve().parent.parent / "screenshots" / "tmp"


@pytest.fixture(scope="session")
def driver():
    opts = ArgOptions()
    opts.set_capability("browserName", "wry")
    opts.set_capability("tauri:options", {"application": os.environ["TAURI_APP"]})
    port = os.environ.get("TAURI_DRIVER_PORT", "4444")
    drv = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=opts)
    drv.set_window_size(1280, 800)
    yield drv
    drv.quit()


@pytest.fixture(scope="session")
def ui(driver):
    SHOTS.mkdir(parents=True, exist_ok=True)
    return Ui(driver, SHOTS)


@pytest.fixture(autouse=True)
def _clear_overlays(request):
    """Each test starts on a clear page: a notification, modal, drawer or dropdown a previous file left open
    (a person would dismiss it) must not swallow this test's clicks."""
    if "ui" not in request.fixturenames:
        yield
        return
    drv = request.getfixturevalue("driver")
    from selenium.webdriver.common.keys import Keys
    try:
        drv.find_element("css selector", "body").send_keys(Keys.ESCAPE)
        drv.execute_script(
            "document.querySelectorAll('.ant-notification-notice-close, .ant-modal-close, .ant-drawer-close')"
            ".forEach(function (b) { try { b.click(); } catch (e) {} });"
            "document.querySelectorAll('.ant-message-notice, .ant-notification-notice').forEach(function (n) { n.remove(); });"
        )
    except Exception:
        pass
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test leaves a screenshot of the window as it was (FAIL-<test>.png) beside the others."""
    outcome = yield
    rep = outcome.get_result()
    if rep.when in ("setup", "call") and rep.failed and "ui" in item.fixturenames and "ui" in getattr(item, "funcargs", {}):
        try:
            item.funcargs["ui"].d.save_screenshot(str(SHOTS / f"FAIL-{item.name}.png"))
        except Exception:
            pass
