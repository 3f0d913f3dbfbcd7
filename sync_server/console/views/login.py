"""Console layer: the staff sign-in screen (accounts and hashes are the server's)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from sync_server.console.i18n import CATALOGUES
from sync_server.console.state import ConsoleSession
from sync_server.console.widgets import tid


class LoginView(ft.Container):
    """Username and password; on success the session holds the staff member's identity."""

    def __init__(self, session: ConsoleSession, *, on_signed_in: Callable[[], None]) -> None:
        super().__init__(expand=True, alignment=ft.Alignment.CENTER)
        self.session = session
        self.on_signed_in = on_signed_in
        t = session.t
        self.username = ft.TextField(label=t("login.username"), width=320, autofocus=True)
        self.password = ft.TextField(
            label=t("login.password"),
            width=320,
            password=True,
            can_reveal_password=True,
            on_submit=self._submit,
        )
        self.message = ft.Text("", color="#B71C1C")
        language = ft.Dropdown(
            label=t("app.language"),
            width=160,
            value=session.translator.language,
            options=[
                ft.DropdownOption(key="vi", text="Tiếng Việt"),
                ft.DropdownOption(key="en", text="English"),
            ],
            on_select=self._language,
        )
        self.content = ft.Card(
            content=ft.Container(
                padding=32,
                content=ft.Column(
                    tight=True,
                    spacing=16,
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    controls=[
                        ft.Text(t("app.title"), size=24, weight=ft.FontWeight.BOLD),
                        ft.Text(t("login.title"), size=16),
                        tid("login-username", self.username),
                        tid("login-password", self.password),
                        tid("login-submit", ft.Button(t("login.submit"), on_click=self._submit)),
                        self.message,
                        language,
                    ],
                ),
            )
        )

    def _submit(self, _e: ft.Event[ft.Control] | None = None) -> None:
        try:
            staff = self.session.backend.authenticate(
                username=(self.username.value or "").strip(), password=self.password.value or ""
            )
        except Exception:
            self.message.value = self.session.t("login.unavailable")
            self.update()
            raise
        if staff is None:
            self.message.value = self.session.t("login.failed")
            self.password.value = ""
            self.update()
            return
        self.session.staff = staff
        self.on_signed_in()

    def _language(self, e: ft.Event[ft.Dropdown]) -> None:
        language = e.control.value or "vi"
        if language in CATALOGUES:
            self.session.translator.language = language
            page = self.page
            from sync_server.console.main import show_login

            if isinstance(page, ft.Page):
                show_login(page, self.session)
