"""UI layer: the More tab: households, sync and settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flet as ft

from field_app.ui import screens, theme
from field_app.ui.components.fields import tid
from field_app.ui.navigation import Builder, Screen
from field_app.ui.screens import page

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


@page('more')
def more(shell: Shell) -> Screen:
    t = shell.t
    view = shell.app.sync_view()
    sync_hint = t("more.sync_hint")
    if view.waiting:
        sync_hint = f"{t('sync.pending_n', n=view.waiting)} · {sync_hint}"
    entries: list[tuple[str, str, str, ft.IconData, Builder]] = [
        ("more-households", t("hh.title"), t("more.households_hint"), ft.Icons.HOME_WORK,
         screens.builder("households")),
        ("more-models", t("models.title"), t("models.more_hint"), ft.Icons.EMOJI_EVENTS,
         screens.builder("models")),
        ("more-group-report", t("greport.title"), t("greport.more_hint"),
         ft.Icons.ASSIGNMENT, screens.builder("group_report")),
        ("more-sync", t("syncs.title"), sync_hint, ft.Icons.SYNC, screens.builder("sync")),
        ("more-settings", t("settings.title"), t("more.settings_hint"), ft.Icons.SETTINGS,
         screens.builder("settings")),
    ]
    tiles: list[ft.Control] = []
    for identifier, title, hint, icon, builder in entries:
        tiles.append(tid(identifier, ft.Container(
            content=ft.Row([
                ft.Icon(icon, color=theme.PRIMARY, size=28),
                ft.Column([ft.Text(title, size=theme.BODY + 1, weight=ft.FontWeight.W_600),
                           ft.Text(hint, size=theme.SMALL, color=theme.MUTED)], spacing=2,
                          expand=True),
                ft.Icon(ft.Icons.CHEVRON_RIGHT, color=theme.MUTED),
            ], spacing=14),
            padding=ft.Padding.symmetric(horizontal=12, vertical=16),
            border=ft.Border.all(1, "#D5DCE3"), border_radius=10, ink=True,
            on_click=lambda _, b=builder: shell.push(b),
        )))
    return Screen(t("more.title"), ft.Column(tiles, spacing=10))
