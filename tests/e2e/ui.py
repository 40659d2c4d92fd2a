"""Small page-driving helpers over selenium for the Paydesk window (select by id, as a user clicks)."""
import pathlib
import time

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


class Ui:
    def __init__(self, driver, shots: pathlib.Path):
        self.d = driver
        self.shots = shots
        self.wait = WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException,))

    def el(self, css: str, timeout: float = 30):
        """The first element matching `css`, waiting until it is displayed."""
        def find(d):
            for e in d.find_elements(By.CSS_SELECTOR, css):
                if e.is_displayed():
                    return e
            return None
        return WebDriverWait(self.d, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
            find, f"no visible element {css!r}")

    def els(self, css: str):
        return [e for e in self.d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]

    def click(self, css: str, timeout: float = 30):
        e = self.el(css, timeout)
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", e)
        for _ in range(20):
            try:
                e.click()
                return
            except WebDriverException:
                time.sleep(0.2)
                e = self.el(css)
        e.click()

    def open_tab(self, tab_css: str, inside_css: str, rounds: int = 5):
        """Clicks the tab `tab_css` until `inside_css` (an element of its pane) shows. A drawer that is still
        sliding in moves the tab under the pointer: the click then lands beside it and raises nothing (seen in
        CI, 2026-12-07), so one click is not proof the tab opened."""
        for _ in range(rounds):
            self.click(tab_css)
            if self.els(inside_css):
                return
            try:
                self.el(inside_css, timeout=3)
                return
            except WebDriverException:
                pass
        self.el(inside_css)

    def choose(self, select_css: str, label: str):
        """Picks `label` in the antd Select matched by `select_css` (its input, or any element inside it) and
        waits until the Select shows it. On a loaded machine the dropdown can open late, a click during its
        opening animation can miss, and a second click on the Select closes it again: so each round opens the
        dropdown only when no option is visible, gives the option a short wait, and tries again."""
        option = f".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title='{label}']"
        shown = lambda: self.d.execute_script(
            "const e = document.querySelector(arguments[0]); const s = e && e.closest('.ant-select');"
            "return s ? s.innerText.trim() : '';", select_css)
        for _ in range(8):
            if shown() == label:
                return
            try:
                if not self.els(option):
                    self.click(select_css)
                self.click(option, timeout=5)
                WebDriverWait(self.d, 5).until(lambda d: shown() == label)
                return
            except WebDriverException:
                continue
        assert shown() == label, f"{select_css} shows {shown()!r}, not {label!r}"

    def type(self, css: str, text: str):
        """Replaces an input's text the way a user does (select all + backspace; clear() misses React)."""
        e = self.el(css)
        e.click()
        e.send_keys(Keys.CONTROL, "a")
        e.send_keys(Keys.BACKSPACE)
        if text:
            e.send_keys(text)

    def set_value(self, css: str, text: str):
        """Sets an input's or textarea's value at once through React's value setter and an input event, which
        is all a plain antd Input's onChange sees of typing (typing each key is slow on a loaded machine).
        Type (`type`) where the as-you-type behaviour is what a test checks."""
        e = self.el(css)
        self.d.execute_script(
            """const el = arguments[0];
               const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
               Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
               el.dispatchEvent(new Event('input', { bubbles: true }));""", e, text)

    def pick_merchant(self, css: str, query: str, huifu_id: str):
        """Picks `huifu_id` in the merchant picker `css` by typing `query` (any of name, short name, huifu_id,
        licence, phone) and clicking the matching option, as a person does; waits until the picker shows it."""
        option = f".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title*='{huifu_id}']"
        shown = lambda: self.d.execute_script(
            "const e = document.querySelector(arguments[0]); const s = e && e.closest('.ant-select');"
            "return s ? s.innerText : '';", css)
        for _ in range(5):
            if huifu_id in shown():
                return
            try:
                self.type(css, query)
                self.click(option, timeout=15)
                WebDriverWait(self.d, 5).until(lambda d: huifu_id in shown())
                return
            except WebDriverException:
                continue
        assert huifu_id in shown(), f"{css} shows {shown()!r}, not {huifu_id}"

    def text(self, css: str, timeout: float = 30) -> str:
        return self.el(css, timeout).text

    def wait_text(self, css: str, predicate, timeout: float = 30) -> str:
        def check(d):
            for e in d.find_elements(By.CSS_SELECTOR, css):
                t = e.text
                if e.is_displayed() and predicate(t):
                    return t
            return None
        return WebDriverWait(self.d, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
            check, f"text of {css!r} never matched")

    def go(self, page: str):
        """Opens a page from the side menu, as a user does."""
        self.click(f"#menu-{page}")
        self.wait.until(lambda d: d.execute_script("return location.hash") == f"#/{page}", f"page {page} not opened")

    def shot(self, name: str):
        time.sleep(0.3)  # let antd finish its transitions
        self.d.save_screenshot(str(self.shots / f"{name}.png"))


def native_dialog(title_part: str, path: str, timeout: float = 30):
    """Answers the native (GTK) file dialog whose title holds `title_part` with `path`, as a person types it:
    focus the dialog, type the full path into its name / location field, press Enter. X11 (Xvfb) only."""
    import subprocess
    deadline = time.time() + timeout
    wid = ""
    while time.time() < deadline and not wid:
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title_part], capture_output=True, text=True)
        wid = r.stdout.split()[-1] if r.stdout.split() else ""
        if not wid:
            time.sleep(0.2)
    assert wid, f"no native dialog titled *{title_part}* appeared"
    time.sleep(0.5)  # GTK finishes mapping and focusing its entry
    subprocess.run(["xdotool", "windowfocus", "--sync", wid], check=True)
    subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+l"], check=True)  # open dialog: location entry; save: harmless
    subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+a"], check=True)
    subprocess.run(["xdotool", "type", "--delay", "20", path], check=True)
    subprocess.run(["xdotool", "key", "--clearmodifiers", "Return"], check=True)
