"""UI layer: the confirmation after a petition is saved: its tracking code, big, and three ways
to hand it to the citizen: read it out (spaced), a slip (PDF with a QR code), a text message
sent from the leader's own phone (an `sms:` link)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import flet as ft

from field_app.export.slip import build_slip_pdf, sms_link, status_url
from field_app.ui import theme
from field_app.ui.components.fields import primary_button, secondary_button, tid
from field_app.ui.components.states import info_banner
from field_app.wire.formats import today_vn
from field_app.wire.tracking import spoken

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


def code_block(shell: Shell, code: str, *, size: int = 40) -> ft.Control:
    """The code as the citizen must see it: big, selectable, and spaced for reading aloud."""
    t = shell.t
    return ft.Column([
        ft.Text(t("tracking.code"), size=theme.SMALL, color=theme.MUTED),
        # not `selectable`: Flutter's selectable text gives screen readers no label
        tid("tracking-code", ft.Text(code, size=size, weight=ft.FontWeight.BOLD,
                                     font_family="monospace")),
        tid("tracking-spoken", ft.Text(t("tracking.read_out", spoken=spoken(code)),
                                       size=theme.BODY, selectable=True)),
    ], spacing=4, horizontal_alignment=ft.CrossAxisAlignment.CENTER)


def confirmation(shell: Shell, petition_id: str, code: str) -> ft.Control:
    """Shown at the top of the petition right after it is saved: the code, big, and the
    three ways to hand it over."""
    t = shell.t
    parts: list[ft.Control] = [
        info_banner(t("tracking.saved"), tone="success", icon=ft.Icons.CHECK_CIRCLE,
                    identifier="tracking-saved"),
        code_block(shell, code),
        ft.Text(t("tracking.hand_over"), size=theme.BODY),
        primary_button(t("tracking.slip"), lambda _: export_slip(shell, petition_id),
                       icon=ft.Icons.PICTURE_AS_PDF, identifier="tracking-slip", expand=True),
        secondary_button(t("tracking.sms"), lambda _: send_sms(shell, petition_id),
                         icon=ft.Icons.SMS, identifier="tracking-sms", expand=True),
    ]
    return ft.Container(content=ft.Column(parts, spacing=12), padding=12,
                        border=ft.Border.all(2, theme.PRIMARY), border_radius=8)


def _server(shell: Shell) -> str:
    enrollment = shell.app.enrollment
    return enrollment.server_url if enrollment else ""


def send_sms(shell: Shell, petition_id: str) -> None:
    """Open the messages app with the Vietnamese text filled in (to the citizen's number when
    the petition has one)."""
    p = shell.app.petitions.get(petition_id)
    if p is None or not p.tracking_code:
        return
    link = sms_link(p.tracking_code, status_url(_server(shell), p.tracking_code),
                    None if p.anonymous else p.citizen_phone)

    async def open_app() -> None:
        with contextlib.suppress(Exception):
            await ft.UrlLauncher().launch_url(link)  # Flet 1.0's page.launch_url

    shell.page.run_task(open_app)


def export_slip(shell: Shell, petition_id: str) -> None:
    """Write the slip PDF and offer it to save or print (a copy stays in exports/)."""
    app = shell.app
    p = app.petitions.get(petition_id)
    if p is None or not p.tracking_code:
        return
    enrollment = app.enrollment
    pdf = build_slip_pdf(
        code=p.tracking_code, url=status_url(_server(shell), p.tracking_code),
        group_name=enrollment.group_name if enrollment else "",
        ward_name=enrollment.ward_name if enrollment else "",
        leader=app.user_name() or None, logged_on=today_vn())
    folder = Path(app.store.data_dir) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"phieu-tra-cuu-{p.tracking_code}.pdf"
    (folder / name).write_bytes(pdf)

    async def offer() -> None:
        with contextlib.suppress(Exception):
            if app.file_picker is not None:
                await app.file_picker.save_file(file_name=name, src_bytes=pdf)
        shell.toast(shell.t("tracking.slip_saved", path=name))

    shell.page.run_task(offer)
