"""The notifications page on the sandbox profile: start the receiver, a delivery with a forged signature is
stored as rejected (shown, never acted on, not acknowledged), stop the receiver."""
import socket
import urllib.error
import urllib.request

from journey import field_error


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_receiver_start_reject_forgery_stop(ui):
    ui.go("notify")
    ui.wait.until(lambda d: ui.el("#notify-receiver-state").get_attribute("data-running") == "false", "receiver state unknown")
    # desk's check of the listen address, said on its field in the window's language.
    ui.type("#notify-listen", "localhost:8700")
    ui.click("#notify-start")
    err = ui.wait.until(lambda d: field_error(ui, "notify-listen"), "a listen address without an IP is not flagged")
    assert "IP 地址:端口" in err and "localhost:8700" in err, err
    # (The public URL field is for non-sandbox profiles; desk's unit tests cover its checks.)

    port = free_port()
    ui.type("#notify-listen", f"127.0.0.1:{port}")
    ui.click("#notify-start")
    ui.wait.until(lambda d: ui.el("#notify-receiver-state").get_attribute("data-running") == "true", "receiver did not start")
    assert f"http://127.0.0.1:{port}/notify/sandbox" in ui.text("#notify-url")

    body = b"resp_code=00000000&resp_data=%7B%22req_seq_id%22%3A%22forged001%22%2C%22trans_stat%22%3A%22S%22%7D&sign=Zm9yZ2Vk"
    req = urllib.request.Request(f"http://127.0.0.1:{port}/notify/sandbox", data=body,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(req, timeout=30)
        status = 200
    except urllib.error.HTTPError as e:
        status = e.code
    assert status == 400, f"a forged notification must not be acknowledged (got {status})"
    ui.click("#notify-search")
    row = ui.wait_text("#notify-table", lambda t: "已拒收" in t)
    assert "验签失败" in row, row
    ui.shot("notifications-rejected")

    ui.click("#notify-stop")
    ui.wait.until(lambda d: ui.el("#notify-receiver-state").get_attribute("data-running") == "false", "receiver did not stop")
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        raise AssertionError("the receiver still answers after stop")
    except (urllib.error.URLError, ConnectionError):
        pass
