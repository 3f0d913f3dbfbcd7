"""Service layer: the server's use cases, one module per aggregate, called by routes and CLI."""
