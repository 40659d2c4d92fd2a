"""The shell: the window opens with the side menu and header, the language switches, and a real command
(the signing tool, via dougong) answers through the IPC."""
import subprocess


def test_window_opens_with_menu_in_chinese(ui):
    menu = ui.el("#side-menu")
    assert "签名工具" in menu.text, "zh-CN is the default language"
    # First start: the built-in sandbox profile is active, and the header says so (green, not prod red).
    badge = ui.wait_text("#active-profile", lambda t: "sandbox" in t)
    assert ui.el("#active-profile").get_attribute("data-env") == "sandbox", badge
    assert "沙箱" in ui.el("#active-env").text
    assert "menu-sandbox" in ui.el("#side-menu").get_attribute("innerHTML"), "the sandbox page is offered on the sandbox profile"
    ui.shot("shell-zh")


def test_english_switch_translates_the_menu(ui):
    ui.click("#lang-switch")
    ui.wait_text("#side-menu", lambda t: "Signing tool" in t)
    ui.click("#lang-switch")
    ui.wait_text("#side-menu", lambda t: "签名工具" in t)


def test_signing_tool_signs_and_verifies_through_rust(ui, tmp_path):
    key = subprocess.run(["openssl", "genrsa", "2048"], check=True, capture_output=True, text=True).stdout
    ui.go("devtools")
    ui.click("#sign-canonical-btn")
    canonical = ui.wait_text("#sign-canonical", lambda t: t.startswith("{"))
    assert canonical.index('"huifu_id"') < canonical.index('"req_seq_id"'), "top-level keys sorted"
    ui.set_value("#sign-private-key", key)
    ui.click("#sign-sign-btn")
    ui.wait_text("#sign-signature", lambda t: True)
    sig = ui.d.execute_script("return document.querySelector('#sign-signature').value")
    assert len(sig) > 300, "a 2048-bit signature in base64 is 344 characters"
    ui.click("#sign-verify-btn")
    assert ui.el("#sign-verdict").get_attribute("data-valid") == "true", "the tool verifies its own signature"
    # Change one character of the data: the same signature must now fail.
    data = ui.d.execute_script("return document.querySelector('#sign-data').value")
    ui.set_value("#sign-data", data.replace("0.01", "0.02"))
    ui.click("#sign-verify-btn")
    ui.wait.until(lambda d: ui.el("#sign-verdict").get_attribute("data-valid") == "false", "changed data still verified")
    ui.shot("signing")


def test_bad_key_is_reported_on_its_field(ui):
    ui.go("devtools")
    ui.set_value("#sign-private-key", "definitely not a key")
    ui.click("#sign-sign-btn")
    err = ui.wait_text(".ant-form-item-explain-error", lambda t: len(t) > 0)
    assert "definitely" not in err, "the key text never comes back in an error"


def test_the_start_up_check_runs_once_the_window_is_up(ui):
    """The window comes first; the reconcile of writes a crash left open runs after the first paint and the
    header says how many stay open (none on a first start: the status is there but empty)."""
    ui.wait.until(lambda d: d.execute_script("const e = document.querySelector('#startup-status'); return e && e.dataset.phase") == "done",
                  "the start-up check never reported done")
    assert ui.d.execute_script("return document.querySelector('#startup-status').dataset.open") == "0"
