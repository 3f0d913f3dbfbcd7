"""Web layer: what every HTML page of the server shares (templates, sessions, CSRF, limits).

The ward console (`sync_server.console`) is built on it: server-rendered pages with
forms that work without JavaScript, each screen at its own address.
"""
