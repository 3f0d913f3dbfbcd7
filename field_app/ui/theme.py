"""UI layer: colours, sizes and the Flet theme, made for cheap phones in daylight.

High contrast (dark text on white, saturated status colours), touch targets of at least
48 px and body text of 16 px.
"""

from __future__ import annotations

import flet as ft

PRIMARY = "#0B4F8A"  # deep blue: readable in sunlight, not the party red used for alerts
DANGER = "#B3261E"
WARNING = "#8A5300"
SUCCESS = "#1B6B33"
MUTED = "#4A4F55"
SURFACE_ALT = "#EEF3F8"
TOUCH = 48  # minimum height of anything tappable
BODY = 16
SMALL = 14
TITLE = 20
PAD = 12

# background, foreground per tone of a chip
TONES: dict[str, tuple[str, str]] = {
    "neutral": ("#E3E7EC", "#1F2328"),
    "info": ("#D6E6F5", "#0B3D6B"),
    "progress": ("#E6DDF6", "#3F2A73"),
    "success": ("#D7EEDC", "#14532D"),
    "warning": ("#FBE7C6", "#6B3F00"),
    "danger": ("#F9D9D6", "#8C1D18"),
    "muted": ("#ECECEC", "#44474B"),
}


def app_theme() -> ft.Theme:
    return ft.Theme(
        color_scheme_seed=PRIMARY,
        use_material3=True,
        color_scheme=ft.ColorScheme(primary=PRIMARY, error=DANGER, on_surface="#15191E"),
        visual_density=ft.VisualDensity.STANDARD,
    )


def apply(page: ft.Page) -> None:
    """Theme, light mode and padding of the page."""
    page.theme = app_theme()
    page.theme_mode = ft.ThemeMode.LIGHT
    page.bgcolor = ft.Colors.WHITE
    page.padding = 0
    page.spacing = 0
