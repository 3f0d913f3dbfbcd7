"""Console layer: page theme and the few shared colours (overdue rows, status chips)."""

from __future__ import annotations

import flet as ft

OVERDUE_BG = "#FDECEA"
OVERDUE_FG = "#B71C1C"
ACCENT = "#B71C1C"
MUTED = "#5F6368"

STATUS_COLOURS: dict[str, str] = {
    "received": "#1565C0",
    "accepted": "#6A1B9A",
    "in_progress": "#EF6C00",
    "answered": "#2E7D32",
    "reported_back": "#00695C",
    "closed": "#455A64",
    "rejected": "#C62828",
    "withdrawn": "#757575",
}


def apply_theme(page: ft.Page) -> None:
    page.theme_mode = ft.ThemeMode.LIGHT
    page.theme = ft.Theme(color_scheme_seed=ACCENT)
    page.padding = 0
    page.spacing = 0
