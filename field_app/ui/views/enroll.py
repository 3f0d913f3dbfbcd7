"""UI layer: first run: enroll this phone with the ward's server and an enrollment code."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store import Enrollment
from field_app.store.settings import LEADER_NAME_MAX
from field_app.ui import theme
from field_app.ui.components.fields import (
    labelled_value,
    primary_button,
    set_error,
    text_input,
    tid,
)
from field_app.ui.components.states import error_banner
from field_app.ui.navigation import Screen
from field_app.ui.screens import page
from field_app.ui.state import EnrollFailed

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

URL_RE = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


@page('enroll')
def enroll(shell: Shell) -> Screen:
    t = shell.t
    server = text_input(t("enroll.server"), hint=t("enroll.server_hint"),
                        value=os.environ.get("FIELD_APP_SERVER_URL", ""),
                        keyboard=ft.KeyboardType.URL)
    code = text_input(t("enroll.code"), hint=t("enroll.code_hint"))
    code.capitalization = ft.TextCapitalization.CHARACTERS
    leader = text_input(t("enroll.leader_name"), hint=t("enroll.leader_name_hint"),
                        max_length=LEADER_NAME_MAX)
    leader.capitalization = ft.TextCapitalization.WORDS
    device = text_input(t("enroll.device_name"))
    problem = ft.Container(visible=False)
    busy = ft.Row([ft.ProgressRing(width=20, height=20),
                   ft.Text(t("enroll.working"), size=theme.BODY)], visible=False, spacing=10)

    async def submit(_: Any) -> None:
        set_error(server, None)
        set_error(code, None)
        set_error(leader, None)
        problem.visible = False
        url = (server.value or "").strip()
        ok = True
        if not url:
            set_error(server, t("enroll.err_server_required"))
            ok = False
        elif not URL_RE.match(url):
            set_error(server, t("enroll.err_server_invalid"))
            ok = False
        if not (code.value or "").strip():
            set_error(code, t("enroll.err_code_required"))
            ok = False
        if not (leader.value or "").strip():
            set_error(leader, t("enroll.err_leader_required"))
            ok = False
        if not ok:
            shell.page.update()
            return
        busy.visible = True
        submit_button.disabled = True
        shell.page.update()
        try:
            enrollment = await shell.app.enroll(server_url=url, code=(code.value or "").strip(),
                                                device_name=(device.value or "").strip(),
                                                leader_name=(leader.value or "").strip())
        except EnrollFailed as exc:
            problem.content = error_banner(t(exc.key, message=exc.message),
                                           identifier="enroll-error")
            problem.visible = True
            if exc.key == "enroll.err_code_invalid":
                set_error(code, t("error.enroll.code_invalid"))
            return
        finally:
            busy.visible = False
            submit_button.disabled = False
            shell.page.update()
        shell.replace(lambda s: enrolled(s, enrollment))

    submit_button = ft.FilledButton(t("enroll.submit"), icon=ft.Icons.LOGIN, on_click=submit,
                                    height=theme.TOUCH)
    body = ft.Column([
        ft.Container(height=8),
        ft.Icon(ft.Icons.HOW_TO_REG, size=56, color=theme.PRIMARY),
        ft.Text(t("enroll.title"), size=22, weight=ft.FontWeight.BOLD),
        ft.Text(t("enroll.intro"), size=theme.BODY),
        tid("enroll-server", server), tid("enroll-code", code),
        tid("enroll-leader-name", leader), tid("enroll-device", device),
        problem, busy,
        tid("enroll-submit", submit_button),
    ], spacing=14)
    return Screen(t("app.name"), body, is_form=True)


def enrolled(shell: Shell, enrollment: Enrollment) -> Screen:
    t = shell.t
    bg = theme.TONES["success"][0]
    body = ft.Column([
        ft.Container(height=8),
        ft.Icon(ft.Icons.VERIFIED, size=64, color=theme.SUCCESS),
        tid("enroll-done", ft.Text(t("enroll.done_title"), size=22, weight=ft.FontWeight.BOLD)),
        ft.Text(t("enroll.done_body"), size=theme.BODY),
        ft.Container(
            content=ft.Column([
                tid("enrolled-group", labelled_value(t("enroll.group"), enrollment.group_name)),
                tid("enrolled-ward", labelled_value(t("enroll.ward"), enrollment.ward_name)),
                tid("enrolled-leader", labelled_value(t("enroll.leader_name"),
                                                      shell.app.user_name())),
            ], spacing=10),
            bgcolor=bg, border_radius=12, padding=theme.PAD,
        ),
        primary_button(t("enroll.continue"), lambda _: shell.app.start_main(),
                       icon=ft.Icons.ARROW_FORWARD, identifier="enroll-continue", expand=True),
    ], spacing=14, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    return Screen(t("app.name"), body, is_form=True)
