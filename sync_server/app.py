"""HTTP layer: `create_app` assembles the FastAPI application (routers, errors, limits, console)."""

from __future__ import annotations

from fastapi import FastAPI

from sync_server import __doc__ as _pkg_doc
from sync_server.auth import FailureLimiter
from sync_server.compression import install_compression
from sync_server.errors import install_handlers
from sync_server.middleware import BodyLimitMiddleware
from sync_server.runtime import lifespan
from sync_server.settings import Settings
from sync_server.storage import autocommit_engine, make_engine
from sync_server.storage.sync_session import SyncSession
from sync_server.storage.writers import WriterQueue

API_DESCRIPTION = """Ward sync server for *Dân vận khéo*: phones of residential groups push their
outbox and pull their group's records; ward staff triage petitions. Every error is RFC 9457
`application/problem+json` with a stable `code`. See docs/sync-protocol.md."""


def create_app(settings: Settings | None = None, *, freeze_gc: bool = False) -> FastAPI:
    """The application for `settings` (default: the environment); the schema must be migrated.

    Its one `lifespan` (sync_server.runtime) starts what a serving process runs beside the
    requests; `freeze_gc` for a serving process (`serve`, `sync_server.asgi`). Every request
    enters the app the same way: its middlewares, all plain ASGI, then its routes."""
    from sync_server.api import (  # routers import services, which import the models
        attachments,
        auth,
        campaigns,
        devices,
        dialogues,
        health,
        households,
        petitions,
        references,
        sync,
    )

    settings = settings or Settings()
    # no OpenTelemetry here: FastAPI otherwise looks for providers on every request
    app = FastAPI(title="Dân vận khéo — ward sync server", version="1", description=API_DESCRIPTION,
                  summary=(_pkg_doc or "").strip(),
                  telemetry={"tracing": False, "metrics": False, "logs": False},
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.freeze_gc = freeze_gc
    app.state.engine = make_engine(settings.db_url)
    # the phones' sync work: autocommit, its transactions begun by hand (api.sync)
    app.state.sync_engine = autocommit_engine(app.state.engine, settings.db_url)
    app.state.sync_session = SyncSession(app.state.sync_engine)
    app.state.writers = WriterQueue.for_url(settings.db_url)
    app.state.sync_thread = sync.SyncThread()  # api.sync
    app.state.retention = app.state.webhook_delivery = None  # run by the lifespan
    if settings.retention_daily:
        from sync_server.retention import DailyRetention

        app.state.retention = DailyRetention(app.state.engine)
    if settings.webhook_delivery:
        from sync_server.webhook_delivery import WebhookDelivery

        app.state.webhook_delivery = WebhookDelivery(
            app.state.engine, retry_base_s=settings.webhook_retry_base_s,
            poll_s=settings.webhook_poll_s, timeout_s=settings.webhook_timeout_s)
    window = settings.rate_limit_window_seconds
    app.state.login_limiter = FailureLimiter(settings.login_rate_limit, window)
    app.state.enroll_limiter = FailureLimiter(settings.enroll_rate_limit, window)
    install_handlers(app)
    sync.document(app)
    install_compression(app, max_json_body=settings.max_json_body,
                        max_upload_body=settings.max_attachment_body)
    app.add_middleware(BodyLimitMiddleware, json_limit=settings.max_json_body,
                       attachment_limit=settings.max_attachment_body)
    # the phones' sync first: the routes are matched in order, and a ward's burst is syncs
    app.router.routes[:0] = sync.routes
    for module in (health, auth, petitions, households, dialogues, campaigns, devices,
                   references, attachments):
        app.include_router(module.router)
    from sync_server.public import mount_public

    mount_public(app)  # the citizens' status pages and their JSON twin
    if settings.mount_console:
        from sync_server.console import mount_console

        mount_console(app)
    return app
