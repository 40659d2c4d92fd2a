"""Figure 5c: the app's memory after importing the large bill through its own statements page.

The real window is driven as a person would (tauri-driver + WebKitWebDriver, like tests/e2e): wait for the
first page, let it idle, read the RSS of the app's process tree (the baseline: the same app idle), then
type the bill's path into the statements page's import field, press import, wait until the page reports
every row imported, let it settle, read the RSS again. RSS = sum of VmRSS over paydesk-app and its
descendants (the WebKit web and network processes), as crates/bench/src/app.rs counts it.

Appends one figure (the same JSON shape as crates/bench/src/figures.rs) to $BENCH_FIGURES and prints it.
Run inside the keyring session and Xvfb, through tests/run-e2e.sh (it starts tauri-driver for TAURI_APP):
  TAURI_APP=target/release/paydesk-app tests/run-e2e.sh python app_import_rss.py BILL_CSV ROWS
"""
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support.ui import WebDriverWait

IDLE_SECS = 5
bill, rows = os.path.abspath(sys.argv[1]), int(sys.argv[2])


def app_pid():
    """The newest paydesk-app process (WebKitWebDriver started it for this session)."""
    pids = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                if open(f"/proc/{p}/comm").read().strip() == "paydesk-app":
                    pids.append(int(p))
            except OSError:
                pass
    assert pids, "no paydesk-app process"
    return max(pids)


def rss_mib(root):
    parent = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                after = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
                parent[int(p)] = int(after[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, i = [root], 0
    while i < len(tree):
        tree += [c for c, pp in parent.items() if pp == tree[i]]
        i += 1
    kb = 0
    for p in tree:
        try:
            kb += next(int(l.split()[1]) for l in open(f"/proc/{p}/status") if l.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return kb / 1024


def emit(value, baseline, note):
    fig = {"group": "app", "name": "RSS after importing the 1M-row bill" if rows == 1_000_000 else f"RSS after importing a {rows}-row bill",
           "value": value, "unit": "MiB", "baseline": "idle RSS of the same app", "baseline_value": baseline,
           "ratio": (value / baseline) if (value is not None and baseline) else None, "higher_is_better": False, "note": note}
    with open(os.environ["BENCH_FIGURES"], "a") as f:
        f.write(json.dumps(fig, ensure_ascii=False) + "\n")
    print("  %-45s %s" % (fig["name"], f"{value:.1f} MiB vs {baseline:.1f} ratio {fig['ratio']:.2f} (lower is better)" if value else note))


opts = ArgOptions()
opts.set_capability("browserName", "wry")
opts.set_capability("tauri:options", {"application": os.environ["TAURI_APP"]})
drv = webdriver.Remote(command_executor=f"http://127.0.0.1:{os.environ.get('TAURI_DRIVER_PORT', '4444')}", options=opts)
try:
    wait = WebDriverWait(drv, 60)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#menu-statements"))
    time.sleep(IDLE_SECS)
    pid = app_pid()
    idle = rss_mib(pid)
    drv.find_element(By.CSS_SELECTOR, "#menu-statements").click()
    field = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#bill-import-path"))
    drv.execute_script(
        "const el = arguments[0];"
        "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[1]);"
        "el.dispatchEvent(new Event('input', { bubbles: true }));", field, bill)
    started = time.time()
    drv.find_element(By.CSS_SELECTOR, "#bill-import-run").click()
    peak = idle
    deadline = started + 900
    done = 0
    while time.time() < deadline:
        peak = max(peak, rss_mib(pid))
        r = drv.find_elements(By.CSS_SELECTOR, "#bill-import-result")
        done = int(r[0].get_attribute("data-rows") or 0) if r else 0
        if done >= rows:
            break
        time.sleep(0.5)
    took = time.time() - started
    if done < rows:
        emit(None, idle, f"NOT MEASURED: the page reported {done} of {rows} rows imported after {took:.0f} s")
        sys.exit(1)
    time.sleep(IDLE_SECS)
    after = rss_mib(pid)
    emit(after, idle, f"{IDLE_SECS} s after the statements page reported {rows} rows imported ({took:.1f} s, "
                      f"about {rows / took:,.0f} rows/s through the window); peak seen while importing {peak:.0f} MiB")
finally:
    drv.quit()
