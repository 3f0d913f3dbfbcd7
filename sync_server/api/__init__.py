"""API layer: thin FastAPI routers over the services, plus their dependencies."""
