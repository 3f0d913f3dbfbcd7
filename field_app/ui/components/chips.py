"""UI layer: small coloured labels for a petition's status and a record's sync state."""

from __future__ import annotations

import flet as ft

from field_app.i18n import Translator
from field_app.ui import theme

STATUS_TONE: dict[str, str] = {
    "received": "info",
    "accepted": "info",
    "in_progress": "progress",
    "answered": "warning",  # the citizen still has to be told
    "reported_back": "success",
    "closed": "muted",
    "rejected": "danger",
    "withdrawn": "muted",
}
SYNC_TONE: dict[str, str] = {
    "pending": "warning",
    "sending": "info",
    "synced": "success",
    "rejected": "danger",
    "conflict": "danger",
}
SYNC_ICON: dict[str, ft.IconData] = {
    "pending": ft.Icons.SCHEDULE_SEND,
    "sending": ft.Icons.UPLOAD,
    "synced": ft.Icons.CLOUD_DONE,
    "rejected": ft.Icons.ERROR,
    "conflict": ft.Icons.WARNING_AMBER,
}


def chip(text: str, tone: str = "neutral", icon: ft.IconData | None = None) -> ft.Container:
    """A rounded label; never wraps its text (statuses are short)."""
    bg, fg = theme.TONES.get(tone, theme.TONES["neutral"])
    parts: list[ft.Control] = []
    if icon is not None:
        parts.append(ft.Icon(icon, size=16, color=fg))
    parts.append(ft.Text(text, size=13, weight=ft.FontWeight.W_600, color=fg, no_wrap=True))
    return ft.Container(
        content=ft.Row(parts, spacing=4, tight=True),
        bgcolor=bg,
        border_radius=12,
        padding=ft.Padding.symmetric(horizontal=8, vertical=3),
    )


def status_chip(t: Translator, status: str) -> ft.Container:
    return chip(t.label("status", status), STATUS_TONE.get(status, "neutral"))


def sync_chip(t: Translator, state: str) -> ft.Container:
    return chip(t.label("sync_state", state), SYNC_TONE.get(state, "neutral"), SYNC_ICON.get(state))


def overdue_chip(t: Translator) -> ft.Container:
    return chip(t("petition.overdue"), "danger", ft.Icons.ALARM)
