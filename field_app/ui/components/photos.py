"""UI layer: photos of a petition: taken with the camera or picked, shown as thumbnails.

Each photo is made smaller on the phone (field_app/store/photos.py) before it is kept; a
photo that cannot be kept stays listed with its reason in red, never dropped in silence.
The petition keeps only the photos' sha256.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.photos import PhotoRefused
from field_app.ui import theme
from field_app.ui.components.camera import camera_available, take_photo
from field_app.ui.components.fields import secondary_button, tid

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

MAX_PHOTOS = 10
THUMB = 72


class PhotoPicker:
    """Buttons, thumbnails and refusals; `hashes` are the sha256 of the attached photos."""

    def __init__(self, shell: Shell, *, initial: list[str],
                 on_change: Callable[[], None] | None = None) -> None:
        self.shell = shell
        self.hashes = list(initial)
        self.on_change = on_change
        self.refusals: list[str] = []
        self.label = ft.Text(self._label_text(), size=theme.SMALL, color=theme.MUTED)
        self.thumbs = ft.Row(wrap=True, spacing=8, run_spacing=8)
        self.problems = ft.Column(spacing=4)
        buttons: list[ft.Control] = []
        if camera_available(shell.page):
            buttons.append(secondary_button(shell.t("pform.take_photo"), self.shoot,
                                            icon=ft.Icons.PHOTO_CAMERA,
                                            identifier="pf-take-photo"))
        buttons.append(secondary_button(shell.t("pform.add_photo"), self.pick,
                                        icon=ft.Icons.ADD_A_PHOTO, identifier="pf-add-photo"))
        self.control = ft.Column([ft.Row(buttons, wrap=True, spacing=8), self.thumbs,
                                  self.problems, self.label], spacing=6)
        self._draw()

    def set_hashes(self, hashes: list[str]) -> None:
        self.hashes = list(hashes)[:MAX_PHOTOS]
        self._draw()

    def _label_text(self) -> str:
        return self.shell.t("pform.photos_n", n=len(self.hashes)) if self.hashes else ""

    async def pick(self, _: Any) -> None:
        picker = self.shell.app.file_picker
        if picker is None:
            return
        files = await picker.pick_files(
            file_type=ft.FilePickerFileType.IMAGE, allow_multiple=True, with_data=True,
        )
        self.refusals = []
        for f in files or []:
            data = f.bytes
            if data is None and f.path:
                with open(f.path, "rb") as handle:
                    data = handle.read()
            if data is not None:
                await self._keep(data, f.name)
        self._refresh()

    async def shoot(self, _: Any) -> None:
        self.refusals = []
        data = await take_photo(self.shell)
        if data is None:
            self.refusals.append(self.shell.t("pform.camera_failed"))
        else:
            await self._keep(data, self.shell.t("pform.camera_name"))
        self._refresh()

    async def _keep(self, data: bytes, name: str) -> None:
        t = self.shell.t
        if len(self.hashes) >= MAX_PHOTOS:
            self.refusals.append(t("pform.photo_too_many", name=name, n=MAX_PHOTOS))
            return
        try:
            digest = await asyncio.to_thread(self.shell.app.add_photo, data)
        except PhotoRefused as refused:
            key = "pform.photo_too_large" if refused.reason == "too_large" \
                else "pform.photo_not_image"
            self.refusals.append(t(key, name=name))
            return
        if digest not in self.hashes:
            self.hashes.append(digest)

    def remove(self, digest: str) -> None:
        if digest in self.hashes:
            self.hashes.remove(digest)
        self._refresh()

    def _refresh(self) -> None:
        self._draw()
        self.control.update()
        if self.on_change is not None:
            self.on_change()

    def _draw(self) -> None:
        t = self.shell.t
        photos = self.shell.app.store.attachments
        tiles: list[ft.Control] = []
        for i, digest in enumerate(self.hashes):
            data = photos.read(digest)
            picture: ft.Control = ft.Image(src=data, width=THUMB, height=THUMB,
                                           fit=ft.BoxFit.COVER, border_radius=6) \
                if data else ft.Icon(ft.Icons.IMAGE, size=THUMB // 2, color=theme.MUTED)
            tiles.append(tid(f"pf-photo-{i}", ft.Stack([
                ft.Container(picture, width=THUMB, height=THUMB, border_radius=6,
                             bgcolor=theme.SURFACE_ALT, alignment=ft.Alignment.CENTER),
                ft.Container(tid(f"pf-photo-remove-{i}", ft.IconButton(
                    ft.Icons.CLOSE, icon_size=16, tooltip=t("pform.photo_remove"),
                    bgcolor="#CCFFFFFF", on_click=lambda _, d=digest: self.remove(d))),
                    right=-8, top=-8),
            ], width=THUMB + 8, height=THUMB + 8)))
        self.thumbs.controls = tiles
        self.problems.controls = [
            tid(f"pf-photo-refused-{i}", ft.Row([
                ft.Icon(ft.Icons.ERROR_OUTLINE, color=theme.DANGER, size=18),
                ft.Text(sentence, color=theme.DANGER, size=theme.SMALL, expand=True)],
                spacing=6, vertical_alignment=ft.CrossAxisAlignment.START))
            for i, sentence in enumerate(self.refusals)]
        self.label.value = self._label_text()
