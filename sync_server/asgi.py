"""HTTP layer: `sync_server.asgi:app`, the app of each worker process of `serve --workers N`."""

from sync_server.app import create_app
from sync_server.gc_tuning import freeze_after_start

app = create_app()
freeze_after_start(app)  # a serving process (see sync_server.gc_tuning)
