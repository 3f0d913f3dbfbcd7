"""Benchmarks layer: start of the field app in headless Chromium, from the launch of
`field-app run --web` to its first usable screen (the enrollment screen's server field
present in the accessibility tree)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks.deploy import ROOT, free_port

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
FIRST_SCREEN = '[flt-semantics-identifier="enroll-server"]'


def app_start() -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    data_dir = Path(tempfile.mkdtemp(prefix="bench-app-"))
    port = free_port()
    env = dict(os.environ, FIELD_APP_DATA_DIR=str(data_dir / "phone"),
               FLET_FORCE_WEB_SERVER="true", FLET_WEB_NO_CDN="true")
    env.pop("DISPLAY", None)
    exe = Path(sys.executable).parent / "field-app"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "field_app.cli"]
    url = f"http://127.0.0.1:{port}/"
    with sync_playwright() as pw:
        t_browser = time.perf_counter()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        browser_s = time.perf_counter() - t_browser
        t0 = time.perf_counter()
        proc = subprocess.Popen([*cmd, "run", "--web", "--port", str(port)], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    urllib.request.urlopen(url, timeout=1)
                    break
                except OSError:
                    if proc.poll() is not None or time.perf_counter() - t0 > 90:
                        raise RuntimeError("the field app did not start") from None
                    time.sleep(0.05)
            served = time.perf_counter()
            page = browser.new_context(viewport={"width": 412, "height": 892}).new_page()
            page.goto(url)
            page.wait_for_selector("flt-semantics-placeholder", state="attached",
                                   timeout=90_000)
            painted = time.perf_counter()
            page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
            page.wait_for_selector(FIRST_SCREEN, state="attached", timeout=90_000)
            usable = time.perf_counter()
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            browser.close()
            shutil.rmtree(data_dir, ignore_errors=True)
    return {"first_usable_screen_s": round(usable - t0, 2),
            "app_serving_s": round(served - t0, 2),
            "flutter_loaded_s": round(painted - t0, 2),
            "browser_launch_s": round(browser_s, 2)}
