"""Entry point of the group leader's app: `main(page)` for `flet build`, `run()` for the CLI.

`run()` opens a desktop window where there is a display and serves the app on a local
web server otherwise (or when `web=True`); inside a package made by `flet build` (where
Flet sets FLET_PLATFORM) it simply runs on the phone. `FLET_FORCE_WEB_SERVER` and
`FLET_SERVER_PORT` keep working as Flet documents them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import cast

import flet as ft
from flet.utils import platform_utils

from field_app.ui.app import build_app

# Flet leaves this one untyped: it answers whether the embedding runtime set FLET_PLATFORM
is_embedded = cast(Callable[[], bool], platform_utils.is_embedded)

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def main(page: ft.Page) -> None:
    """Build the app in a Flet page (the function `flet build` and `ft.run` call)."""
    build_app(page)


def _has_display() -> bool:
    if os.name == "nt" or os.uname().sysname == "Darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(web: bool = False, port: int | None = None, host: str | None = None) -> None:
    """Start the app: a desktop window with a display, a local web server otherwise."""
    if is_embedded():  # inside the APK built by `flet build`: the phone is the display
        ft.run(main, assets_dir=str(ASSETS_DIR))
        return
    serve_web = web or not _has_display() or os.environ.get("FLET_FORCE_WEB_SERVER") == "true"
    if serve_web:
        os.environ.setdefault("FLET_WEB_NO_CDN", "true")  # no internet needed on the LAN
        ft.run(
            main,
            view=ft.AppView.WEB_BROWSER,
            host=host or os.environ.get("FLET_SERVER_IP") or "127.0.0.1",
            port=port if port is not None else int(os.environ.get("FLET_SERVER_PORT") or 8550),
            assets_dir=str(ASSETS_DIR),
            no_cdn=True,
        )
        return
    ft.run(main, assets_dir=str(ASSETS_DIR))


if __name__ == "__main__":
    run()
