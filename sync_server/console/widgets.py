"""Console layer: small shared controls (test ids, labelled dropdowns, snack messages)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import flet as ft

from sync_server.console.state import ConsoleSession

ALL = "*"  # the "no filter" option of a dropdown


def tid(identifier: str, control: ft.Control) -> ft.Semantics:
    """Wrap `control` with a stable test id (`[flt-semantics-identifier=...]`)."""
    return ft.Semantics(identifier=identifier, content=control)


def choice_dropdown(
    session: ConsoleSession,
    *,
    label: str,
    prefix: str,
    values: Iterable[str],
    value: str = ALL,
    with_all: bool = True,
    on_change: Callable[[Any], None] | None = None,
    width: int = 200,
) -> ft.Dropdown:
    """A dropdown over a vocabulary; option labels come from `<prefix>.<value>` keys."""
    options = [ft.DropdownOption(key=ALL, text=session.t("common.all"))] if with_all else []
    options += [ft.DropdownOption(key=v, text=session.t(f"{prefix}.{v}")) for v in values]
    return ft.Dropdown(
        label=label, options=options, value=value, width=width, on_select=on_change, dense=True
    )


def notify(page: ft.Page | None, text: str, *, error: bool = False) -> None:
    """A short message at the bottom of the page."""
    if page is None:
        return
    page.show_dialog(
        ft.SnackBar(
            content=ft.Text(text),
            bgcolor="#B71C1C" if error else None,
            duration=4000,
        )
    )


def heading(text: str) -> ft.Text:
    return ft.Text(text, size=22, weight=ft.FontWeight.BOLD)


def subheading(text: str) -> ft.Text:
    return ft.Text(text, size=16, weight=ft.FontWeight.W_600)


async def open_download(page: ft.Page | None, url: str) -> None:
    """Send the browser to a one-time download URL in the same tab (the page stays)."""
    if page is None:
        return
    await ft.UrlLauncher().launch_url(url, web_only_window_name="_self")
