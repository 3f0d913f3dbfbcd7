"""UI layer: Settings: the leader's name, language, the ward server, this device, sign out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.i18n import LANGUAGES
from field_app.store.settings import LEADER_NAME_MAX
from field_app.ui import theme
from field_app.ui.components.fields import (
    labelled_value,
    secondary_button,
    section,
    set_error,
    text_input,
    tid,
)
from field_app.ui.navigation import Screen
from field_app.ui.screens import page
from field_app.wire.formats import format_date

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

APP_VERSION = "0.1.0"


@page('settings')
def settings(shell: Shell) -> Screen:
    t = shell.t
    app = shell.app
    e = app.enrollment

    def on_language(ev: Any) -> None:
        app.set_language(ev.control.value)
        shell.relabel()

    language = ft.RadioGroup(
        value=app.t.language, on_change=on_language,
        content=ft.Column([tid(f"lang-{code}",
                               ft.Radio(value=code, label=t(f"settings.lang.{code}")))
                           for code in LANGUAGES], spacing=0),
    )
    name = text_input(t("settings.leader_name"), value=app.store.settings.leader_name,
                      max_length=LEADER_NAME_MAX)
    name.capitalization = ft.TextCapitalization.WORDS

    def save_name(_: Any) -> None:
        typed = (name.value or "").strip()
        if not typed:
            set_error(name, t("enroll.err_leader_required"))
            shell.page.update()
            return
        set_error(name, None)
        app.set_leader_name(typed)
        shell.toast(t("settings.leader_name_saved"))
        shell.page.update()

    facts = [
        (t("settings.server"), e.server_url if e else "—"),
        (t("settings.group"), e.group_name if e else "—"),
        (t("settings.ward"), e.ward_name if e else "—"),
        (t("settings.device_name"), (e.device_name or "—") if e else "—"),
        (t("settings.device_id"), e.device_id if e else "—"),
        (t("settings.enrolled_at"), format_date(e.enrolled_at) if e and e.enrolled_at else "—"),
        (t("settings.version"), APP_VERSION),
    ]

    def ask_sign_out(_: Any) -> None:
        waiting = app.waiting_count()
        lines: list[ft.Control] = [ft.Text(t("settings.sign_out_confirm"), size=theme.BODY)]
        if waiting:
            lines.insert(0, ft.Text(t("settings.sign_out_pending", n=waiting), size=theme.BODY,
                                    color=theme.DANGER, weight=ft.FontWeight.W_600))
        shell.confirm(title=t("settings.sign_out"), body=ft.Column(lines, tight=True, spacing=8),
                      actions=[(t("settings.sign_out"), app.sign_out_and_restart,
                                "sign-out-confirm")], identifier="sign-out")

    body = ft.Column([
        section(t("settings.leader")),
        tid("settings-leader-name", name),
        secondary_button(t("common.save"), save_name, icon=ft.Icons.SAVE,
                         identifier="settings-leader-save"),
        section(t("settings.language")),
        tid("settings-language", language),
        section(t("settings.device")),
        ft.Container(content=ft.Column([labelled_value(k, v) for k, v in facts], spacing=8),
                     bgcolor=theme.SURFACE_ALT, border_radius=10, padding=theme.PAD),
        tid("sign-out", ft.OutlinedButton(t("settings.sign_out"), icon=ft.Icons.LOGOUT,
                                          height=theme.TOUCH, on_click=ask_sign_out,
                                          style=ft.ButtonStyle(color=theme.DANGER))),
        ft.Container(height=24),
    ], spacing=10)
    return Screen(t("settings.title"), body)
