"""HTTP layer: `sync_server.asgi:app` for running several uvicorn workers on one PostgreSQL."""

from sync_server.app import create_app

app = create_app()
