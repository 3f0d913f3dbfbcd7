"""Console layer: the signed-in frame (navigation rail, header, the current screen)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from sync_server.console.state import ConsoleSession
from sync_server.console.widgets import tid

SCREENS: tuple[tuple[str, ft.IconData], ...] = (
    ("inbox", ft.Icons.INBOX),
    ("dialogue", ft.Icons.FORUM),
    ("contributions", ft.Icons.VOLUNTEER_ACTIVISM),
    ("reports", ft.Icons.INSERT_CHART),
    ("devices", ft.Icons.PHONE_ANDROID),
)


class Shell(ft.Row):
    """Navigation on the left, the chosen screen on the right."""

    def __init__(self, session: ConsoleSession, *, on_sign_out: Callable[[], None]) -> None:
        super().__init__(expand=True, spacing=0, vertical_alignment=ft.CrossAxisAlignment.START)
        self.session = session
        t = session.t
        staff = session.require_staff()
        self.body = ft.Container(expand=True, padding=20)
        self.rail = ft.NavigationRail(
            selected_index=0,
            label_type=ft.NavigationRailLabelType.ALL,
            min_width=110,
            destinations=[
                ft.NavigationRailDestination(
                    icon=tid(f"nav-{name}", ft.Icon(icon)), label=t(f"nav.{name}")
                )
                for name, icon in SCREENS
            ],
            on_change=lambda e: self.open_screen(SCREENS[int(e.control.selected_index or 0)][0]),
            trailing=ft.Column(
                [
                    ft.Text(
                        t("app.signed_in_as", name=staff.display_name, ward=staff.ward_name),
                        size=11,
                        width=100,
                        text_align=ft.TextAlign.CENTER,
                    ),
                    tid(
                        "sign-out", ft.TextButton(t("app.logout"), on_click=lambda _: on_sign_out())
                    ),
                ],
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            ),
        )
        self.controls = [self.rail, ft.VerticalDivider(width=1), self.body]
        self.open_screen("inbox", update=False)

    def open_screen(self, name: str, *, update: bool = True, **kwargs: object) -> None:
        from sync_server.console.views import registry

        index = [n for n, _ in SCREENS].index(name) if name in dict(SCREENS) else None
        if index is not None:
            self.rail.selected_index = index
        self.body.content = registry.build(name, self.session, self, **kwargs)
        if update:
            self.update()
