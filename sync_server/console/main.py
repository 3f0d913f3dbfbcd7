"""Console layer: the Flet entry point of one console session (login, then the shell)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft
from fastapi import FastAPI

from sync_server.console.backend import ConsoleBackend
from sync_server.console.state import ConsoleSession
from sync_server.console.theme import apply_theme


def make_main(app: FastAPI) -> Callable[[ft.Page], None]:
    """The per-session Flet `main`, bound to the server app whose services it uses."""

    def main(page: ft.Page) -> None:
        session = ConsoleSession(backend=ConsoleBackend(app))
        apply_theme(page)
        show_login(page, session)

    return main


def show_login(page: ft.Page, session: ConsoleSession) -> None:
    from sync_server.console.views.login import LoginView

    page.controls.clear()
    page.title = session.t("app.title")
    page.add(LoginView(session, on_signed_in=lambda: show_shell(page, session)))
    page.update()


def show_shell(page: ft.Page, session: ConsoleSession) -> None:
    from sync_server.console.shell import Shell

    page.controls.clear()
    page.add(Shell(session, on_sign_out=lambda: _sign_out(page, session)))
    page.update()


def _sign_out(page: ft.Page, session: ConsoleSession) -> None:
    session.staff = None
    show_login(page, session)
