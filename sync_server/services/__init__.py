"""Service layer: the server's use cases, one module per aggregate; routes and the CLI call these."""
