"""Console layer: the ward staff console, a Flet web app served by the sync server itself.

`mount_console(app)` mounts the Flet web client at `/console` and the staff-only
download route at `/console-files/{token}` on the server's FastAPI app, so one process
and one port serve both the sync API and the console.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

CONSOLE_PATH = "/console"


def mount_console(app: FastAPI) -> None:
    """Mount the staff console at /console and its file downloads on `app`."""
    import flet_web.fastapi as flet_fastapi

    from sync_server.console.downloads import router as downloads_router
    from sync_server.console.main import make_main

    flet_app = flet_fastapi.app(
        make_main(app),
        no_cdn=True,
        app_name="Dân vận phường",
        app_short_name="Dân vận",
        app_description="Bàn làm việc dân vận của phường",
    )
    app.include_router(downloads_router)
    app.mount(CONSOLE_PATH, flet_app)
    _start_flet_with(app)


def _start_flet_with(app: FastAPI) -> None:
    """Run Flet's session manager inside the host app's lifespan (mounted apps get none)."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(host: Any) -> AsyncIterator[Any]:
        from flet_web.fastapi import app_manager

        await app_manager.start()
        try:
            async with inner(host) as state:
                yield state
        finally:
            await app_manager.shutdown()

    app.router.lifespan_context = lifespan


__all__ = ["CONSOLE_PATH", "mount_console"]
