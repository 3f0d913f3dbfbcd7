"""UI layer: the sync status shown on every screen (offline strip, progress) and on Home."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flet as ft

from field_app.ui import theme
from field_app.wire.formats import format_datetime

if TYPE_CHECKING:
    from field_app.ui.state import AppState


def sync_strip(app: AppState) -> ft.Control | None:
    """A thin strip under the title bar: offline notice and a progress bar while syncing."""
    view = app.sync_view()
    parts: list[ft.Control] = []
    if view.offline:
        bg, fg = theme.TONES["warning"]
        parts.append(ft.Semantics(
            identifier="offline-indicator",
            content=ft.Container(
                content=ft.Row([ft.Icon(ft.Icons.CLOUD_OFF, color=fg, size=18),
                                ft.Text(app.t("sync.offline"), color=fg, size=13, expand=True)],
                               spacing=6),
                bgcolor=bg, padding=ft.Padding.symmetric(horizontal=12, vertical=6),
            ),
        ))
    # the bar's room is kept when idle, so the screen never jumps under the user's finger
    bar = ft.ProgressBar(value=view.progress, color=theme.PRIMARY, bgcolor=theme.SURFACE_ALT,
                         bar_height=4) if view.syncing else None
    # the id says whether all is sent (tests wait for it before tapping)
    quiet = "sync-idle" if not view.waiting and not view.offline else "sync-waiting"
    parts.append(ft.Semantics(identifier="sync-progress" if bar else quiet,
                              content=ft.Container(content=bar, height=4)))
    return ft.Column(parts, spacing=0)


def sync_banner(app: AppState) -> ft.Control:
    """The Home card: what the engine is doing, what waits, and 'Đồng bộ ngay'."""
    t = app.t
    view = app.sync_view()
    if view.offline:  # retries keep running underneath; say what matters to the user
        headline, tone, icon = t("sync.offline_short"), "warning", ft.Icons.CLOUD_OFF
    elif view.syncing:
        headline, tone, icon = view.phase_text or t("sync.syncing"), "info", ft.Icons.SYNC
    elif view.error:
        headline, tone, icon = t("sync.error", message=view.error), "danger", ft.Icons.SYNC_PROBLEM
    elif view.waiting:
        headline, tone = t("sync.pending_n", n=view.waiting), "warning"
        icon = ft.Icons.SCHEDULE_SEND
    else:
        headline, tone, icon = t("sync.all_sent"), "success", ft.Icons.CLOUD_DONE
    bg, fg = theme.TONES[tone]
    last = (t("sync.last", when=format_datetime(view.last_synced_at)) if view.last_synced_at
            else t("sync.never"))
    rows: list[ft.Control] = [
        ft.Row([ft.Icon(icon, color=fg),
                ft.Semantics(identifier="sync-headline",
                             content=ft.Text(headline, color=fg, size=theme.BODY,
                                             weight=ft.FontWeight.W_600)),
                ], spacing=8, wrap=True),
        ft.Semantics(identifier="sync-last", content=ft.Text(last, color=fg, size=theme.SMALL)),
    ]
    if view.waiting and (view.syncing or view.offline or view.error):
        rows.append(ft.Text(t("sync.pending_n", n=view.waiting), color=fg, size=theme.SMALL))
    if view.syncing:
        rows.append(ft.ProgressBar(value=view.progress, color=fg, bgcolor=ft.Colors.WHITE))
    rows.append(ft.Semantics(
        identifier="sync-now",
        content=ft.FilledButton(t("sync.now"), icon=ft.Icons.SYNC, height=theme.TOUCH,
                                disabled=view.syncing, on_click=lambda _: app.sync_now()),
    ))
    return ft.Semantics(
        identifier="sync-banner",
        # stretched: the button keeps the card's width when the card is redrawn after a sync
        content=ft.Container(content=ft.Column(rows, spacing=8,
                                               horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                             bgcolor=bg, border_radius=12,
                             padding=theme.PAD),
    )
