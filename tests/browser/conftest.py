"""Browser harness for the group leader's app: the app in web mode as a subprocess with its
own data directory, a ward server that can be stopped and started again on the same port,
and headless Chromium at phone size.

`phone` is a `PhoneScreen`: `tap(id)`, `fill(id, text)`, `choose(id, option)`, `see(text)`,
`shot(name)` work on the stable test ids the app sets with `ft.Semantics(identifier=...)`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from serverkit import LiveServer, make_settings  # tests/serverkit.py, shared with the server suite

ROOT = Path(__file__).resolve().parents[2]


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "tests" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class WardServer(LiveServer):
    """A live sync server that keeps its port across `stop()` and `start()` (phones keep
    the address they enrolled with)."""

    def __init__(self, db_url: str, data_dir: Path, *, console: bool = False) -> None:
        self.db_url = db_url
        self.data_dir = data_dir
        self.console = console  # the staff console at /console, for an officer's browser
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._ward = None
        self.running = False

    def start(self) -> None:
        from sync_server.app import create_app

        self.app = create_app(make_settings(self.db_url, self.data_dir,
                                            mount_console=self.console))
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self._sock = sock
        config = uvicorn.Config(self.app, log_level="warning", lifespan="on", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("ward server did not start")
            time.sleep(0.02)
        self.running = True

    def stop(self) -> None:
        if not self.running:
            return
        super().stop()
        self.running = False


@pytest.fixture
def ward_server(db_url: str, tmp_path: Path) -> Iterator[WardServer]:
    server = WardServer(db_url, tmp_path / "server-data")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def ward_server_with_console(db_url: str, tmp_path: Path) -> Iterator[WardServer]:
    """The ward server with its staff console, for a test where an officer works in a
    browser on what a phone sent (and the phone pulls what the officer did)."""
    server = WardServer(db_url, tmp_path / "server-data", console=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def field_app_url(tmp_path: Path) -> Iterator[str]:
    """The field app in web mode (a subprocess) with its own, empty data directory."""
    proc, url = launch_field_app(tmp_path / "phone")
    yield url
    stop_field_app(proc)


def launch_field_app(data_dir: Path, *, extra_env: dict[str, str] | None = None
                     ) -> tuple[subprocess.Popen[bytes], str]:
    """Start the field app in web mode on `data_dir`; (process, url) once it answers."""
    port = _free_port()
    env = dict(os.environ, FIELD_APP_DATA_DIR=str(data_dir),
               FLET_FORCE_WEB_SERVER="true", FLET_WEB_NO_CDN="true", **(extra_env or {}))
    env.pop("DISPLAY", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", f"from field_app.main import run; run(web=True, port={port})"],
        env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the field app did not start") from None
            time.sleep(0.2)
    return proc, url


def stop_field_app(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@pytest.fixture(scope="session")
def browser(shared_browser: Browser) -> Browser:
    return shared_browser


class PhoneScreen:
    """The app in a phone-sized tab, driven through its test ids like a user would."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def by_id(self, identifier: str) -> Locator:
        return self.page.locator(f'[flt-semantics-identifier="{identifier}"]').first

    def reveal(self, target: Locator) -> Locator:
        """Scroll the app (with the mouse wheel, as Flutter expects) until `target` sits in
        the middle band of the screen, clear of the title bar and the navigation bar."""
        target.wait_for()
        for _ in range(10):
            box = target.bounding_box()
            if box is None:
                break
            middle = box["y"] + box["height"] / 2
            if 120 < middle < PHONE["height"] - 160:
                break
            self.page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
            self.page.mouse.wheel(0, middle - PHONE["height"] / 2)
            self.page.wait_for_timeout(300)
        return target

    def scroll(self, dy: float) -> None:
        """Scroll the screen like a finger (mouse wheel): positive is down."""
        self.page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
        self.page.mouse.wheel(0, dy)
        self.page.wait_for_timeout(400)

    def tap(self, identifier: str) -> None:
        self.reveal(self.by_id(identifier)).click()

    def press(self, label: str) -> None:
        """Tap the button with exactly this label."""
        self.reveal(self.page.get_by_role("button", name=label, exact=True).first).click()

    def tab(self, label: str) -> None:
        self.page.get_by_role("tab", name=label, exact=True).click()

    def idle(self) -> None:
        """Wait until the browser has drawn two more frames: Flutter runs on the page's one
        thread, so by then it has handled what came before (a tap, a focus change)."""
        self.page.evaluate(_TWO_FRAMES_JS)

    def fill(self, identifier: str, text: str) -> None:
        """Tap the box and type `text`, once Flutter drives the box (issue #23).

        With the accessibility tree on, the box is the browser's own `<input>` (or
        `<textarea>`) and Flutter hears what is typed only while it drives that element:
        from its first write into it after the tap (the value Flutter holds) until the
        element loses the browser's focus. A frame that reorders the tree under a focused
        box takes the element out of the page for an instant; the browser blurs it and
        Flutter stops listening, while Playwright's `fill` focuses it again by script and
        types into the element alone. So text counts only if Flutter wrote into the box
        after the tap and the box kept its focus until the text was in; otherwise a tap on
        the title bar makes Flutter let go of the box and the next try starts afresh."""
        box = self.reveal(self.by_id(identifier).locator("input, textarea").first)
        for attempt in range(5):
            if attempt:
                self._let_go()
            blurs = box.evaluate(_WATCH_JS)
            # tap near the top of the box: below it may sit an error line that takes no focus
            box.click(position={"x": 40, "y": 18})
            if not self._driven(box, blurs):
                continue
            blurs = box.evaluate("box => box.__typing.blurs")
            box.fill(text)
            # the value reaches the app with the next frame; a tap in the same frame could
            # overtake it
            self.page.wait_for_timeout(400 + 300 * attempt)  # a busy machine draws later
            self.idle()
            heard = box.evaluate("(box, blurs) => box.__typing.driven && "
                                 "box.__typing.blurs === blurs", blurs)
            if heard and box.input_value() == text:
                return
        raise AssertionError(f"could not type into {identifier}")

    def _driven(self, box: Locator, blurs: int) -> bool:
        """Whether Flutter took `box` after the tap: it writes its value into it (wiping
        anything typed before), within a few frames, or later on a busy machine. A box
        that lost the focus meanwhile is not waited for: Flutter may not take it again."""
        try:
            self.page.wait_for_function(
                "([box, blurs]) => box.__typing.driven || box.__typing.blurs !== blurs",
                arg=[box.element_handle(), blurs], timeout=5_000)
        except PlaywrightTimeout:
            return False
        return bool(box.evaluate("box => box.__typing.driven"))

    def _let_go(self) -> None:
        """Tap the title bar: Flutter lets go of the box it holds (the browser's focus
        leaves it), so the next tap on the box focuses it afresh."""
        width = (self.page.viewport_size or PHONE)["width"]
        self.page.mouse.click(width / 2, 28)
        self.idle()

    def choose(self, identifier: str, option: str) -> None:
        """Open a dropdown and pick the option with this label."""
        field = self.reveal(self.by_id(identifier))
        entry = self.page.get_by_role("button", name=option, exact=True).last
        for _ in range(3):
            self.page.wait_for_timeout(300)  # a menu that just closed is still animating
            editable = field.locator("input")
            if editable.count():
                editable.first.click()
            else:
                field.click()
            try:
                entry.wait_for(timeout=5_000)
            except PlaywrightTimeout:
                continue
            entry.click()
            return
        raise AssertionError(f"{identifier}: no option {option!r}")

    def see(self, text: str, *, timeout: float = 30_000) -> None:
        expect(self.page.get_by_text(text, exact=False).first).to_be_visible(timeout=timeout)

    def says(self, identifier: str, text: str, *, timeout: float = 30_000) -> None:
        """Wait until the control with this test id shows `text` (in its own text or in the
        label Flutter gives a group of texts)."""
        try:
            self.page.wait_for_function(_SAYS_JS, arg=[identifier, text], timeout=timeout)
        except PlaywrightTimeout:
            shown = self.page.evaluate(_SHOWN_JS, identifier)
            raise AssertionError(f"{identifier} should show {text!r}; it shows {shown!r}") \
                from None

    def row_saying(self, prefix: str, text: str) -> str:
        """The test id of the first row `prefix-0`, `prefix-1`... that shows `text`."""
        for index in range(50):
            identifier = f"{prefix}-{index}"
            if not self.by_id(identifier).count():
                break
            if self.page.evaluate(_SAYS_JS, [identifier, text]):
                return identifier
        raise AssertionError(f"no {prefix} row shows {text!r}")

    def settle(self, *, quiet_for: float = 3.0, timeout: float = 90.0) -> None:
        """Wait until everything written is sent and the screen has taken in what came back:
        the strip must say "all sent, idle" for `quiet_for` seconds in a row (longer than the
        engine's pause before it syncs a fresh write)."""
        idle = self.page.locator('[flt-semantics-identifier="sync-idle"]')
        deadline = time.monotonic() + timeout
        quiet_since: float | None = None
        while time.monotonic() < deadline:
            if idle.count():
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= quiet_for:
                    return
            else:
                quiet_since = None
            self.page.wait_for_timeout(200)
        raise AssertionError("the app did not settle (still sending or offline)")

    def text_of(self, identifier: str) -> str:
        return str(self.by_id(identifier).inner_text())

    def shot(self, name: str) -> Path:
        self.page.mouse.move(PHONE["width"] - 2, 70)  # no hover tooltip on the picture
        self.page.wait_for_timeout(600)  # let the software renderer paint the last frame
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"field_app_{name}.png"
        self.page.screenshot(path=str(path))
        return path


# all a control shows: its text, the labels Flutter gives its parts, the values of its boxes
_SHOWN_JS = """(id) => {
  const node = document.querySelector(`[flt-semantics-identifier="${id}"]`);
  if (!node) return null;
  const labels = [node, ...node.querySelectorAll('[aria-label]')]
    .map(e => e.getAttribute('aria-label') || '');
  const inputs = [...node.querySelectorAll('input, textarea')].map(e => e.value);
  return [node.innerText || '', ...labels, ...inputs].join(' ').replace(/\\s+/g, ' ').trim();
}"""

# whether the control shows `wanted` in its own text or in the label Flutter gives a group
_SAYS_JS = f"""([id, wanted]) => {{
  const shown = ({_SHOWN_JS})(id);
  return shown !== null && shown.includes(wanted);
}}"""

# Watches a text box of the accessibility tree: `driven` from Flutter's next write into it
# (its text editing writes what it holds when it takes the box, and on every change it
# makes) until the box loses the browser's focus, when Flutter stops listening to it;
# `blurs` counts those losses. Playwright types from its own isolated world, which does
# not see this page's property: only the page's own scripts (Flutter) set it.
_WATCH_JS = """(box) => {
  if (!box.__typing) {
    const native = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(box), 'value');
    const watch = box.__typing = {driven: false, blurs: 0};
    Object.defineProperty(box, 'value', {configurable: true,
      get() { return native.get.call(this); },
      set(v) { watch.driven = true; native.set.call(this, v); }});
    box.addEventListener('blur', () => { watch.driven = false; watch.blurs += 1; });
  }
  return box.__typing.blurs;
}"""

_TWO_FRAMES_JS = """() => new Promise(done =>
  requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""


def open_phone(browser: Browser, url: str, *,
               viewport: dict[str, int] | None = None) -> tuple[PhoneScreen, Any]:
    """A new tab on the app (a new Flet session) with the semantics tree switched on."""
    context = browser.new_context(viewport=viewport or PHONE, device_scale_factor=1,
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
    page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
    return PhoneScreen(page), context


@pytest.fixture
def another_tab(browser: Browser, field_app_url: str) -> Iterator[Any]:
    """`another_tab(viewport)`: one more window on the same app (same phone data)."""
    contexts: list[Any] = []

    def open_tab(viewport: dict[str, int]) -> PhoneScreen:
        screen, context = open_phone(browser, field_app_url, viewport=viewport)
        contexts.append(context)
        return screen

    yield open_tab
    for context in contexts:
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    if report.failed:
        _say_now(item, report)


def _say_now(item: pytest.Item, report: pytest.TestReport) -> None:
    """Name a failing browser test the moment it fails: with `-q` the log otherwise holds
    only dots until the run's summary, and a run stopped before it says nothing."""
    terminal = item.config.pluginmanager.get_plugin("terminalreporter")
    if terminal is None:
        return
    crash = getattr(report.longrepr, "reprcrash", None)
    why = (crash.message if crash is not None else str(report.longrepr)).splitlines()
    terminal.write_line(f"\n{report.when} failed: {item.nodeid}: {why[0][:300] if why else ''}")


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def phone(request: pytest.FixtureRequest, browser: Browser,
          field_app_url: str) -> Iterator[PhoneScreen]:
    """A fresh phone-sized tab on a fresh field app (nothing enrolled yet). A failing test
    leaves a picture of the screen as it was: tests/screenshots/FAILED_<test>.png."""
    screen, context = open_phone(browser, field_app_url)
    yield screen
    if request.node.stash.get(_FAILED, False):
        screen.shot(f"FAILED_{request.node.name}")
    context.close()


class FieldAppProcess:
    """The field app as a process that can be killed (SIGKILL: no chance to save anything)
    and started again on the same data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.extra_env: dict[str, str] = {}  # e.g. FIELD_APP_PULL_SECONDS for a quick pull

    def start(self) -> str:
        self.proc, self.url = launch_field_app(self.data_dir, extra_env=self.extra_env)
        return self.url

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def field_app_process(tmp_path: Path) -> Iterator[FieldAppProcess]:
    app = FieldAppProcess(tmp_path / "phone")
    yield app
    if app.proc is not None:
        stop_field_app(app.proc)


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Any]:
    """`open_tab(url)`: a phone-sized tab on the app at `url` (closed after the test)."""
    contexts: list[Any] = []

    def open_one(url: str) -> PhoneScreen:
        screen, context = open_phone(browser, url)
        contexts.append(context)
        return screen

    yield open_one
    for context in contexts:
        context.close()
