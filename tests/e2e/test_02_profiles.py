"""Profiles and keys: add a joint-debug profile, import a generated key pair by pasting (a mismatched pair is
refused on its field, nothing stored), switch the active profile and see the header follow, production
changes ask for confirmation, and back to the sandbox for the tests after this one."""
import hashlib
import subprocess

from selenium.webdriver.common.by import By

JD = "jd-e2e"
PROD = "prod-e2e"


def keypair():
    """(private PEM, public PEM, fingerprint as desk computes it: first 16 hex of SHA-256 of the SPKI DER)."""
    private = subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
                             check=True, capture_output=True, text=True).stdout
    public = subprocess.run(["openssl", "pkey", "-pubout"], input=private, check=True, capture_output=True, text=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=public.encode(), check=True, capture_output=True).stdout
    return private, public, hashlib.sha256(der).hexdigest()[:16]


def bare(pem: str) -> str:
    """Huifu's console shows keys as bare base64: the PEM body on one line."""
    return "".join(l for l in pem.strip().splitlines() if not l.startswith("-----"))


def field_error(ui, input_id: str) -> str:
    """The error text shown under the form item holding #input_id ('' when none)."""
    return ui.d.execute_script(
        """const item = document.getElementById(arguments[0]).closest('.ant-form-item');
           const e = item && item.querySelector('.ant-form-item-explain-error');
           return e ? e.textContent : '';""", input_id)


def add_profile(ui, name: str, env_label: str, base_url: str = ""):
    ui.go("profile")
    ui.click("#profile-add")
    ui.type("#profile-name", name)
    ui.choose("#profile-env", env_label)
    if base_url:
        ui.type("#profile-base-url", base_url)
    ui.type("#profile-sys-id", "6666000108854952")
    ui.type("#profile-product-id", "YYZY")
    ui.click("#profile-save")
    ui.el(f"#profile-row-{name}")
    ui.el("#keys-drawer")  # a new profile opens its keys at once


def close_drawer(ui):
    ui.click(".ant-drawer-close")
    ui.wait.until(lambda d: not ui.els("#keys-drawer"), "keys drawer still open")


def test_add_joint_debug_profile_and_import_pasted_keys(ui):
    ui.go("profile")
    ui.el("#profile-row-sandbox")
    assert ui.els("#profile-active-tag"), "the active profile is marked"
    add_profile(ui, JD, "联调")
    assert ui.el(f"#profile-row-{JD}").get_attribute("data-env") == "joint_debug"
    assert ui.el("#keys-has-private").get_attribute("data-stored") == "false"

    private, public, fingerprint = keypair()
    _, other_public, _ = keypair()
    _, huifu_public, _ = keypair()
    # Mismatched pair: the private key with someone else's public key is refused on that field.
    ui.set_value("#keys-private", bare(private))
    ui.set_value("#keys-merchant-public-input", bare(other_public))
    ui.set_value("#keys-huifu", bare(huifu_public))
    ui.click("#keys-check")
    err = ui.wait.until(lambda d: field_error(ui, "keys-merchant-public-input"), "no error on the merchant public key")
    assert "不是一对" in err, err  # said in the window's language; desk's English is the hover detail
    assert bare(private)[60:100] not in ui.d.page_source.replace(bare(private), ""), "key text echoed outside its field"
    assert ui.el("#keys-save").get_attribute("disabled") is not None, "save stays off until a check passes"
    assert ui.el("#keys-has-private").get_attribute("data-stored") == "false", "nothing stored after a failed check"
    ui.shot("profiles-pair-mismatch")

    # A public key pasted in the private field is caught in the form before anything is sent.
    ui.set_value("#keys-private", bare(public))
    ui.click("#keys-check")
    ui.wait.until(lambda d: field_error(ui, "keys-private"), "no error on the private key field")

    # The right pair: the check shows the fingerprint first, then saving stores it.
    ui.set_value("#keys-private", private)  # PEM this time
    ui.set_value("#keys-merchant-public-input", bare(public))
    ui.click("#keys-check")
    assert ui.el("#keys-check-result").get_attribute("data-pair") == "true"
    assert ui.text("#keys-check-fingerprint") == fingerprint
    ui.shot("profiles-pair-checked")
    ui.click("#keys-save")
    ui.wait.until(lambda d: ui.el("#keys-has-private").get_attribute("data-stored") == "true", "keys not stored")
    assert ui.text("#keys-fingerprint") == fingerprint
    assert ui.el("#keys-has-huifu").get_attribute("data-stored") == "true"
    assert bare(public) in ui.el("#keys-merchant-public").text.replace("\n", ""), "the public key is shown to copy"
    assert bare(private)[100:160] not in ui.d.page_source, "the private key never comes back"
    close_drawer(ui)
    ui.wait_text(f"#profile-row-{JD}", lambda t: fingerprint in t)


def test_switching_profile_changes_the_header(ui):
    ui.go("profile")
    ui.click(f"#profile-activate-{JD}")
    ui.wait.until(lambda d: ui.el("#active-profile").get_attribute("data-env") == "joint_debug", "header did not follow")
    assert JD in ui.text("#active-profile")
    assert "联调" in ui.text("#active-env")
    assert "ant-tag-orange" in ui.el("#active-env").get_attribute("class")
    ui.wait.until(lambda d: "menu-sandbox" not in ui.el("#side-menu").get_attribute("innerHTML"), "sandbox page offered off the sandbox")
    ui.shot("profiles-joint-debug-active")


def test_prod_profile_changes_ask_for_confirmation(ui):
    # Production, pointing at a port nobody listens on: nothing here may reach anything real.
    add_profile(ui, PROD, "生产", "https://127.0.0.1:9")
    assert ui.el(f"#profile-row-{PROD}").get_attribute("data-env") == "prod"
    ui.open_tab("#keys-tab-generate", "#keys-generate")
    ui.click("#keys-generate")
    ui.el("#prod-confirm-ok")  # the production confirmation, naming the profile and its URL
    body = ui.text(".ant-modal-confirm-content")
    assert PROD in body and "127.0.0.1:9" in body, body
    ui.click("#prod-confirm-cancel")
    ui.wait.until(lambda d: not ui.els("#prod-confirm-ok"), "modal stayed open")
    assert ui.el("#keys-has-private").get_attribute("data-stored") == "false", "no yes, no key"
    ui.click("#keys-generate")
    ui.click("#prod-confirm-ok")
    ui.wait.until(lambda d: ui.el("#keys-has-private").get_attribute("data-stored") == "true", "key not generated after yes", )
    public = ui.el("#keys-merchant-public").text
    assert len(public.replace("\n", "")) > 300, "the generated public key is shown to copy"
    close_drawer(ui)

    # Switching to production is never one click: it asks; "no" leaves the sandbox active.
    ui.click(f"#profile-activate-{PROD}")
    ui.click("#prod-switch-cancel")
    ui.wait.until(lambda d: not ui.els("#prod-switch-ok"), "the switch question stayed open")
    assert ui.el("#active-profile").get_attribute("data-env") != "prod" and not ui.els("#prod-band"), "no yes, no switch"
    ui.click(f"#profile-activate-{PROD}")
    ui.click("#prod-switch-ok")
    ui.wait.until(lambda d: ui.el("#active-profile").get_attribute("data-env") == "prod", "header did not turn prod")
    assert "ant-tag-red" in ui.el("#active-env").get_attribute("class"), "prod is red"
    band = ui.el("#prod-band")
    assert PROD in band.text and band.size["width"] >= 1000, f"a full-width production band: {band.text!r} {band.size}"
    ui.shot("profiles-prod-active")

    # Back to the sandbox (later test files run on it), then delete the production profile: that asks the
    # same confirmation even though it is no longer active.
    ui.click("#profile-activate-sandbox")
    ui.wait.until(lambda d: ui.el("#active-profile").get_attribute("data-env") == "sandbox", "sandbox not active")
    assert not ui.els("#prod-band"), "the band goes with production"
    ui.click(f"#profile-delete-{PROD}")
    ui.click(f"#profile-delete-ok-{PROD}")
    ui.click("#prod-confirm-ok")
    ui.wait.until(lambda d: not ui.els(f"#profile-row-{PROD}"), "prod profile not deleted")


def test_production_is_decided_by_the_host_and_relabelling_asks(ui):
    # Labelled joint-debug, pointed at Huifu's production host: marked as production, and changing its keys
    # asks the production question. (Nothing is activated or sent: no request may reach the real host.)
    mis = "mislabelled-e2e"
    add_profile(ui, mis, "联调", "https://api.huifu.com")
    close_drawer(ui)
    assert ui.els(f"#profile-prod-host-{mis}"), "a production host is marked whatever the label"
    ui.click(f"#profile-keys-{mis}")
    ui.open_tab("#keys-tab-generate", "#keys-generate")
    ui.click("#keys-generate")
    ui.el("#prod-confirm-ok")
    ui.shot("profiles-prod-host-asks")
    ui.click("#prod-confirm-cancel")
    ui.wait.until(lambda d: not ui.els("#prod-confirm-ok"), "modal stayed open")
    assert ui.el("#keys-has-private").get_attribute("data-stored") == "false", "no yes, no key"
    close_drawer(ui)

    # Relabelling the joint-debug profile as production asks first; no yes, no change.
    ui.click(f"#profile-edit-{JD}")
    ui.choose("#profile-env", "生产")
    ui.click("#profile-save")
    ui.el("#profile-dest-ok")
    body = ui.text(".ant-modal-confirm-content")
    assert JD in body and "opps-stbmertest.testpnr.com" in body, body
    ui.shot("profiles-relabel-asks")
    ui.click("#profile-dest-cancel")
    ui.wait.until(lambda d: not ui.els("#profile-dest-ok"), "modal stayed open")
    ui.click(".ant-modal-footer .ant-btn:not(.ant-btn-primary)")  # close the form unsaved
    assert ui.el(f"#profile-row-{JD}").get_attribute("data-env") == "joint_debug", "nothing changed without a yes"
    # With the yes: changed, and the audit log has the change.
    ui.click(f"#profile-edit-{JD}")
    ui.choose("#profile-env", "生产")
    ui.click("#profile-save")
    ui.click("#profile-dest-ok")
    ui.wait.until(lambda d: ui.el(f"#profile-row-{JD}").get_attribute("data-env") == "prod", "not relabelled after yes")
    ui.go("audit")
    ui.wait.until(lambda d: "profile.destination" in ui.d.page_source, "the relabelling is not in the audit log")


def test_back_to_sandbox(ui):
    ui.go("profile")
    if ui.d.find_elements(By.CSS_SELECTOR, "#profile-activate-sandbox"):  # an earlier test failed midway
        ui.click("#profile-activate-sandbox")
    ui.wait.until(lambda d: ui.el("#active-profile").get_attribute("data-env") == "sandbox", "sandbox not active")
    ui.wait.until(lambda d: "menu-sandbox" in ui.el("#side-menu").get_attribute("innerHTML"), "sandbox page not offered")
