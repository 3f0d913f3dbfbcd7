"""HTTP layer: `sync_server.asgi:app`, the app of each process `serve` runs (uvicorn's)."""

from sync_server.app import create_app

app = create_app(freeze_gc=True)  # a serving process (see sync_server.runtime)
