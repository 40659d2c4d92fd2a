"""The installed package (scripts/package.sh, then apt): the binary apt put on the PATH opens its window on
the first page with the built-in sandbox profile active, and that sandbox answers a signed read (the
profiles page's connection test starts it in the app). Not part of the journey suite (its name does not
start with test_): scripts/test.sh runs it against /usr/bin/paydesk-app after installing the .deb."""
import os
import shutil


def test_the_installed_app_opens_on_the_sandbox(ui):
    installed = shutil.which("paydesk-app")
    assert installed and os.path.realpath(os.environ["TAURI_APP"]) == os.path.realpath(installed), \
        f"TAURI_APP={os.environ['TAURI_APP']} is not the installed paydesk-app ({installed})"
    ui.el("#merchants-page", timeout=60)
    ui.wait_text("#active-profile", lambda t: "sandbox" in t)
    assert ui.el("#active-profile").get_attribute("data-env") == "sandbox"
    ui.go("profile")
    ui.click("#profile-test-sandbox")
    ui.el("#profile-test-result-sandbox", timeout=90)
    ui.wait.until(lambda d: ui.el("#profile-test-result-sandbox").get_attribute("data-outcome") == "ok",
                  "the installed app's built-in sandbox did not answer")
    ui.shot("installed-app")
