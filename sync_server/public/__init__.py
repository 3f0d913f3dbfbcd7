"""Public layer: the citizens' pages, served without login by the sync server itself.

`/tra-cuu` (type a tracking code), `/tra-cuu/{code}` (the petition's status in words, its
dates, the ward's answer, and "are you satisfied?"), and the same facts as JSON under
`/api/v1/public/petitions/{code}`. Light (one small HTML page, its stylesheet inline),
readable at 360 px, Vietnamese first. Nothing personal is ever shown (public.lookup);
every lookup is counted per client address (public.limiter). A campaign's public sheet
`/cong-khai/{public_id}` (public.sheet_pages) follows the same rules.
"""

from __future__ import annotations

from fastapi import FastAPI

PUBLIC_PATH = "/tra-cuu"


def mount_public(app: FastAPI) -> None:
    """Add the public pages and the public JSON to `app`."""
    from sync_server.public.limiter import LookupLimiter
    from sync_server.public.pages import api_router, router
    from sync_server.public.sheet_pages import api_router as sheet_api
    from sync_server.public.sheet_pages import router as sheet_router

    settings = app.state.settings
    app.state.public_limiter = LookupLimiter(settings.public_rate_limit,
                                             settings.rate_limit_window_seconds)
    app.include_router(router)
    app.include_router(api_router)
    app.include_router(sheet_router)
    app.include_router(sheet_api)


__all__ = ["PUBLIC_PATH", "mount_public"]
