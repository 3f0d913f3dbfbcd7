"""UI layer: attach photos to a petition through the platform's file picker.

Picked bytes are handed to the app state, which stores them content-addressed (sha256);
the petition keeps only the hashes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.ui import theme
from field_app.ui.components.fields import secondary_button

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 10


class PhotoPicker:
    """A button and a count; `hashes` are the sha256 of the attached photos."""

    def __init__(self, shell: Shell, *, initial: list[str]) -> None:
        self.shell = shell
        self.hashes = list(initial)
        self.label = ft.Text(self._label_text(), size=theme.SMALL, color=theme.MUTED)
        self.control = ft.Column([
            secondary_button(shell.t("pform.add_photo"), self.pick, icon=ft.Icons.ADD_A_PHOTO,
                             identifier="pf-add-photo"),
            self.label,
        ], spacing=4)

    def _label_text(self) -> str:
        return self.shell.t("pform.photos_n", n=len(self.hashes)) if self.hashes else ""

    async def pick(self, _: Any) -> None:
        picker = self.shell.app.file_picker
        if picker is None:
            return
        files = await picker.pick_files(
            file_type=ft.FilePickerFileType.IMAGE, allow_multiple=True, with_data=True,
        )
        for f in files or []:
            data = f.bytes
            if data is None and f.path:
                with open(f.path, "rb") as handle:
                    data = handle.read()
            if data is None:
                continue
            if len(data) > MAX_PHOTO_BYTES:
                self.shell.toast(self.shell.t("pform.photo_too_large", name=f.name), error=True)
                continue
            digest = self.shell.app.save_attachment(data, name=f.name)
            if digest not in self.hashes and len(self.hashes) < MAX_PHOTOS:
                self.hashes.append(digest)
        self.label.value = self._label_text()
        self.label.update()
