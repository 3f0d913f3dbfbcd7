"""Console layer: the ward staff console, HTML pages served by the sync server itself.

`mount_console(app)` adds the console's routes (one module per screen under `pages/`),
its static files (a stylesheet, a small script, htmx 2.0.4 vendored: no CDN) and its
error pages to the server's FastAPI app, so one process and one port serve both the
sync API and the console. Addresses follow docs (web.md): `/console/petitions`, ...
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

CONSOLE_PATH = "/console"


def mount_console(app: FastAPI) -> None:
    """Mount the staff console's pages under /console on `app`."""
    from sync_server.console.pages import PAGE_MODULES
    from sync_server.console.pages.common import STATIC, install_console_errors

    for module in PAGE_MODULES:
        app.include_router(module.router)
    app.mount(f"{CONSOLE_PATH}/static", StaticFiles(directory=STATIC), name="console-static")
    install_console_errors(app)


__all__ = ["CONSOLE_PATH", "mount_console"]
