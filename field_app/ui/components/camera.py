"""UI layer: taking a photo with the phone's camera (flet-camera), where the build has it.

`camera_available` is False in a browser and in builds without flet-camera; the photo
picker then offers the platform's file picker alone (which on Android can also open the
camera app).
"""

from __future__ import annotations

import asyncio
import importlib.util
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.ui import theme

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


def camera_available(page: ft.Page) -> bool:
    return not page.web and importlib.util.find_spec("flet_camera") is not None


async def take_photo(shell: Shell) -> bytes | None:
    """A preview in a dialog with a shutter button: the JPEG taken, or None (cancelled,
    no camera, or the camera refused: the caller then says so)."""
    import flet_camera as fc

    loop = asyncio.get_running_loop()
    taken: asyncio.Future[bytes | None] = loop.create_future()
    camera = fc.Camera(expand=True, preview_enabled=True)

    def finish(data: bytes | None) -> None:
        shell.page.pop_dialog()
        if not taken.done():
            taken.set_result(data)

    async def shoot(_: Any) -> None:
        try:
            data: bytes | None = await camera.take_picture()
        except Exception:  # the plugin's errors are its own: the caller shows a sentence
            data = None
        finish(data)

    shell.page.show_dialog(ft.AlertDialog(
        modal=True,
        content=ft.Container(camera, width=360, height=480, bgcolor="#000000"),
        actions=[
            ft.TextButton(shell.t("common.cancel"), on_click=lambda _: finish(None)),
            ft.FilledButton(shell.t("pform.shutter"), icon=ft.Icons.CAMERA, on_click=shoot,
                            height=theme.TOUCH),
        ],
    ))
    try:
        cameras = await camera.get_available_cameras()
        if not cameras:
            finish(None)
            return None
        back = next((c for c in cameras
                     if c.lens_direction == fc.CameraLensDirection.BACK), cameras[0])
        await camera.initialize(back, fc.ResolutionPreset.VERY_HIGH, enable_audio=False)
    except Exception:  # permission refused or no camera: same answer as a cancel
        finish(None)
    return await taken
