"""UI layer: a petition's photos as thumbnails; a tap opens one full-screen.

A photo another phone of the group took is downloaded from the ward on the first tap;
offline, the tap says so instead of opening nothing.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.ui import theme
from field_app.ui.components.fields import tid

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

THUMB = 96


def photo_strip(shell: Shell, hashes: list[str]) -> ft.Control:
    """Thumbnails `photo-0`, `photo-1`... of the photos this phone has, placeholders else."""
    store = shell.app.store.attachments
    tiles: list[ft.Control] = []
    for i, digest in enumerate(hashes):
        data = store.read(digest) if store.has(digest) else None
        picture: ft.Control = ft.Image(src=data, width=THUMB, height=THUMB,
                                       fit=ft.BoxFit.COVER, border_radius=8) if data \
            else ft.Icon(ft.Icons.CLOUD_DOWNLOAD, color=theme.MUTED)
        tiles.append(tid(f"photo-{i}", ft.Container(
            picture, width=THUMB, height=THUMB, border_radius=8, bgcolor=theme.SURFACE_ALT,
            alignment=ft.Alignment.CENTER, ink=True,
            tooltip=shell.t("pdetail.photo_open", n=i + 1),
            on_click=_opener(shell, hashes, i))))
    return ft.Row(tiles, wrap=True, spacing=8, run_spacing=8)


def _opener(shell: Shell, hashes: list[str], index: int) -> Any:
    async def open_photo(_: Any) -> None:
        data = await asyncio.to_thread(shell.app.photo, hashes[index])
        if data is None:
            shell.toast(shell.t("pdetail.photo_missing"), error=True)
            return
        show_photo(shell, data, title=shell.t("pdetail.photo_title", n=index + 1,
                                              total=len(hashes)))
    return open_photo


def show_photo(shell: Shell, data: bytes, *, title: str) -> None:
    """The photo over the whole screen, pinch to zoom; `photo-view` for the tests."""
    page = shell.page
    width = (page.width or 390) - 16
    height = (page.height or 844) - 160
    shell.page.show_dialog(ft.AlertDialog(
        title=ft.Text(title, size=theme.BODY),
        content=tid("photo-view", ft.InteractiveViewer(
            ft.Image(src=data, fit=ft.BoxFit.CONTAIN, width=width, height=height,
                     semantics_label=title),
            min_scale=1, max_scale=5)),
        content_padding=0, inset_padding=8,
        actions=[tid("photo-close", ft.TextButton(shell.t("pdetail.photo_close"),
                                                  on_click=lambda _: shell.page.pop_dialog()))],
    ))
