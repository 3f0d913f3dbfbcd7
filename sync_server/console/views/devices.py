"""Console layer: the devices screen (enrollment codes, phones per group, revocation)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.wire.formats import format_datetime
from sync_server.console.state import ConsoleSession
from sync_server.console.theme import OVERDUE_FG
from sync_server.console.widgets import heading, notify, subheading, tid

if TYPE_CHECKING:
    from sync_server.console.shell import Shell


class DevicesView(ft.Column):
    """Per group: issue a code, list the phones, revoke a lost one."""

    def __init__(self, session: ConsoleSession, shell: Shell) -> None:
        super().__init__(expand=True, spacing=12, scroll=ft.ScrollMode.AUTO)
        self.session = session
        self.shell = shell
        self.code_text = ft.Text("", size=16, weight=ft.FontWeight.BOLD)
        self._build()

    def _build(self) -> None:
        t = self.session.t
        staff = self.session.require_staff()
        devices = self.session.backend.devices(staff)
        sections: list[ft.Control] = [
            heading(t("devices.title")),
            tid("enrollment-code", self.code_text),
        ]
        for group in self.session.backend.groups(staff):
            mine = [d for d in devices if d.group_id == group.id]
            table = ft.DataTable(
                columns=[
                    ft.DataColumn(label=ft.Text(t(k)))
                    for k in (
                        "devices.name",
                        "devices.app_version",
                        "devices.last_sync",
                        "petition.status",
                        "petition.actions",
                    )
                ],
                heading_row_color="#F1F3F4",
                rows=[self._row(d) for d in mine],
            )
            sections.append(
                ft.Card(
                    content=ft.Container(
                        padding=16,
                        content=ft.Column(
                            [
                                ft.Row(
                                    [
                                        subheading(group.name),
                                        ft.Container(expand=True),
                                        tid(
                                            f"issue-code-{group.name}",
                                            ft.Button(
                                                t("devices.issue_code"),
                                                icon=ft.Icons.QR_CODE,
                                                on_click=lambda _e, g=group: self._issue(
                                                    g.id, g.name
                                                ),
                                            ),
                                        ),
                                    ]
                                ),
                                table if mine else ft.Text(t("devices.none"), color="#5F6368"),
                            ]
                        ),
                    )
                )
            )
        self.controls = sections

    def _row(self, d: Any) -> ft.DataRow:
        t = self.session.t
        if d.revoked:
            state = ft.Text(t("devices.revoked"), color="#757575")
        elif d.behind:
            state = ft.Text(t("devices.behind"), color=OVERDUE_FG)
        else:
            state = ft.Text(t("devices.up_to_date"), color="#2E7D32")
        revoke = ft.TextButton(
            t("devices.revoke"),
            icon=ft.Icons.BLOCK,
            disabled=d.revoked,
            on_click=lambda _e, dev=d: self._confirm(dev.id, dev.name),
        )
        return ft.DataRow(
            cells=[
                ft.DataCell(ft.Text(d.name)),
                ft.DataCell(ft.Text(d.app_version)),
                ft.DataCell(
                    ft.Text(
                        format_datetime(d.last_sync_at) if d.last_sync_at else t("devices.never")
                    )
                ),
                ft.DataCell(state),
                ft.DataCell(tid(f"revoke-{d.name}", revoke)),
            ]
        )

    def _issue(self, group_id: str, group_name: str) -> None:
        issued = self.session.backend.issue_enrollment_code(self.session.require_staff(), group_id)
        self.code_text.value = self.session.t(
            "devices.code_for",
            group=group_name,
            code=issued.code,
            expires=format_datetime(issued.expires_at),
        )
        self.update()

    def _confirm(self, device_id: str, name: str) -> None:
        t = self.session.t
        page = self.page
        assert isinstance(page, ft.Page)

        def revoke(_e: Any) -> None:
            page.pop_dialog()
            self.session.backend.revoke_device(self.session.require_staff(), device_id)
            notify(page, t("devices.revoked_done", name=name))
            self._build()
            self.update()

        page.show_dialog(
            ft.AlertDialog(
                modal=True,
                title=ft.Text(t("devices.revoke")),
                content=ft.Text(t("devices.revoke_confirm", name=name)),
                actions=[
                    ft.TextButton(t("common.cancel"), on_click=lambda _e: page.pop_dialog()),
                    tid("confirm-revoke", ft.Button(t("devices.revoke"), on_click=revoke)),
                ],
            )
        )
