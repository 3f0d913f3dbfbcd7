"""UI layer: designed empty, loading and error states (never a blank screen)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from field_app.ui import theme


def empty_state(
    *,
    icon: ft.IconData,
    title: str,
    hint: str = "",
    action_text: str | None = None,
    on_action: Callable[..., object] | None = None,
    identifier: str = "empty-state",
) -> ft.Control:
    parts: list[ft.Control] = [
        ft.Icon(icon, size=56, color=theme.MUTED),
        ft.Text(title, size=theme.TITLE - 2, weight=ft.FontWeight.W_600,
                text_align=ft.TextAlign.CENTER),
    ]
    if hint:
        parts.append(
            ft.Text(hint, size=theme.BODY, color=theme.MUTED, text_align=ft.TextAlign.CENTER)
        )
    if action_text and on_action:
        parts.append(ft.FilledButton(action_text, on_click=on_action, height=theme.TOUCH))
    return ft.Semantics(
        identifier=identifier,
        content=ft.Container(
            content=ft.Column(
                parts, horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=10
            ),
            padding=ft.Padding.symmetric(horizontal=24, vertical=40),
            alignment=ft.Alignment.CENTER,
        ),
    )


def loading_state(text: str) -> ft.Control:
    return ft.Container(
        content=ft.Column(
            [ft.ProgressRing(), ft.Text(text, size=theme.BODY, color=theme.MUTED)],
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=12,
        ),
        padding=40,
        alignment=ft.Alignment.CENTER,
    )


def error_banner(message: str, *, identifier: str = "error-banner") -> ft.Control:
    bg, fg = theme.TONES["danger"]
    return ft.Semantics(
        identifier=identifier,
        content=ft.Container(
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.ERROR_OUTLINE, color=fg),
                    ft.Text(message, color=fg, size=theme.BODY, expand=True),
                ],
                spacing=8,
            ),
            bgcolor=bg,
            border_radius=8,
            padding=theme.PAD,
        ),
    )


def info_banner(message: str, *, tone: str = "info", icon: ft.IconData = ft.Icons.INFO_OUTLINE,
                identifier: str = "info-banner") -> ft.Control:
    bg, fg = theme.TONES[tone]
    return ft.Semantics(
        identifier=identifier,
        content=ft.Container(
            content=ft.Row(
                [ft.Icon(icon, color=fg), ft.Text(message, color=fg, size=theme.BODY, expand=True)],
                spacing=8,
            ),
            bgcolor=bg,
            border_radius=8,
            padding=theme.PAD,
        ),
    )
