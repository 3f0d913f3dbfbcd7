"""UI layer: labelled form inputs with stable test ids and Vietnamese validation messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import flet as ft

from field_app.ui import theme

Handler = Callable[..., Any]


def tid(identifier: str, control: ft.Control, *, expand: bool | None = None) -> ft.Semantics:
    """Wrap a control with a stable test id (`[flt-semantics-identifier=...]`)."""
    return ft.Semantics(identifier=identifier, content=control, expand=expand)


def text_input(
    label: str,
    *,
    value: str = "",
    multiline: bool = False,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    hint: str | None = None,
    on_change: Handler | None = None,
    max_length: int | None = None,
) -> ft.TextField:
    return ft.TextField(
        label=label,
        value=value,
        multiline=multiline,
        min_lines=3 if multiline else None,
        max_lines=6 if multiline else 1,
        keyboard_type=keyboard,
        hint_text=hint,
        on_change=on_change,
        max_length=max_length,
        text_size=theme.BODY,
        border=ft.InputBorder.OUTLINE,
    )


def dropdown(
    label: str,
    choices: list[tuple[str, str]],
    *,
    value: str | None = None,
    on_select: Handler | None = None,
    expand: bool | int | None = True,
) -> ft.Dropdown:
    return ft.Dropdown(
        label=label,
        value=value,
        options=[ft.DropdownOption(key=k, text=v) for k, v in choices],
        on_select=on_select,
        expand=expand,
        text_size=theme.BODY,
        enable_filter=False,
        editable=False,
    )


class ShowsError(Protocol):
    """An input made of several controls (a picker) that shows its own message."""

    def set_error(self, message: str | None) -> None: ...


def set_error(control: ft.TextField | ft.Dropdown | ShowsError, message: str | None) -> None:
    """Show (or clear) a validation message under an input."""
    if not isinstance(control, ft.TextField | ft.Dropdown):
        control.set_error(message)
    elif isinstance(control, ft.Dropdown):
        control.error_text = message
    else:
        control.error = message


def primary_button(text: str, on_click: Handler, *, icon: ft.IconData | None = None,
                   identifier: str, expand: bool = False) -> ft.Semantics:
    return tid(
        identifier,
        ft.FilledButton(text, icon=icon, on_click=on_click, height=theme.TOUCH, expand=expand),
    )


def secondary_button(text: str, on_click: Handler, *, icon: ft.IconData | None = None,
                     identifier: str, expand: bool = False) -> ft.Semantics:
    return tid(
        identifier,
        ft.OutlinedButton(text, icon=icon, on_click=on_click, height=theme.TOUCH, expand=expand),
    )


def section(title: str) -> ft.Control:
    return ft.Container(
        content=ft.Text(title, size=theme.SMALL + 1, weight=ft.FontWeight.BOLD,
                        color=theme.PRIMARY),
        padding=ft.Padding.only(top=8, bottom=2),
    )


def labelled_value(label: str, value: str) -> ft.Control:
    return ft.Column(
        [ft.Text(label, size=theme.SMALL, color=theme.MUTED),
         ft.Text(value or "—", size=theme.BODY)],
        spacing=0,
    )


def fab(text: str, icon: ft.IconData, on_click: Handler) -> ft.FloatingActionButton:
    """The screen's main action as an extended floating button (icon and words)."""
    return ft.FloatingActionButton(icon=icon, content=text, on_click=on_click,
                                   bgcolor=theme.PRIMARY, foreground_color=ft.Colors.WHITE)
