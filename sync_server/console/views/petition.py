"""Console layer: one petition (what the phone sent, photos, timeline, ward-side actions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.wire.formats import format_date, format_datetime, parse_date_vn
from field_app.wire.lifecycle import allowed_actions
from sync_server.console.queries.petition import PetitionDetail
from sync_server.console.state import ConsoleSession
from sync_server.console.theme import OVERDUE_FG, STATUS_COLOURS
from sync_server.console.widgets import heading, notify, subheading, tid

if TYPE_CHECKING:
    from sync_server.console.shell import Shell


def fact(label: str, value: str | None) -> ft.Row:
    return ft.Row(
        [
            ft.Text(f"{label}:", weight=ft.FontWeight.W_600, width=170),
            ft.Text(value or "—", expand=True),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


class PetitionView(ft.Column):
    """Everything about one petition, and the actions its status allows."""

    def __init__(self, session: ConsoleSession, shell: Shell, *, petition_id: str) -> None:
        super().__init__(expand=True, spacing=12, scroll=ft.ScrollMode.AUTO)
        self.session = session
        self.shell = shell
        self.petition_id = petition_id
        self.personal_visible = False
        self._build()

    def _build(self) -> None:
        t = self.session.t
        detail = self.session.backend.petition(self.session.require_staff(), self.petition_id)
        back = ft.TextButton(
            t("common.back"),
            icon=ft.Icons.ARROW_BACK,
            on_click=lambda _: self.shell.open_screen("inbox"),
        )
        if detail is None:
            self.controls = [back, ft.Text(t("petition.not_found"))]
            return
        self.detail = detail
        p = detail.petition
        status_chip = ft.Container(
            content=ft.Text(t(f"status.{p.status}"), color="#FFFFFF"),
            bgcolor=STATUS_COLOURS.get(p.status, "#999"),
            border_radius=12,
            padding=ft.Padding.symmetric(vertical=4, horizontal=12),
        )
        self.controls = [
            ft.Row([tid("back-to-inbox", back)]),
            ft.Row(
                [
                    heading(p.title or t("petition.title")),
                    tid("petition-status", status_chip),
                    ft.Text(t("petition.version", version=p.version), color="#5F6368"),
                ],
                wrap=True,
            ),
            *self._conflicts(detail),
            ft.ResponsiveRow(
                [
                    ft.Column(col={"md": 7}, spacing=8, controls=self._record(detail)),
                    ft.Column(col={"md": 5}, spacing=8, controls=self._actions(detail)),
                ]
            ),
        ]

    # -- the record ----------------------------------------------------------------

    def _conflicts(self, detail: PetitionDetail) -> list[ft.Control]:
        if not detail.conflicts:
            return []
        t = self.session.t
        return [
            ft.Container(
                bgcolor="#FFF3E0",
                border_radius=8,
                padding=12,
                content=ft.Column(
                    [
                        subheading(t("petition.conflicts")),
                        *[
                            ft.Text(f"{format_datetime(e.at)} · {e.actor}: {e.text}")
                            for e in detail.conflicts
                        ],
                    ]
                ),
            )
        ]

    def _record(self, detail: PetitionDetail) -> list[ft.Control]:
        t = self.session.t
        p = detail.petition
        controls: list[ft.Control] = [
            fact(t("petition.group"), detail.group_name),
            fact(t("inbox.filter.field"), t(f"field.{p.field}")),
            fact(t("inbox.filter.category"), t(f"category.{p.category}")),
            fact(t("petition.source"), t(f"source.{p.source}")),
            fact(t("petition.received_at"), format_datetime(p.received_at)),
            fact(t("petition.location"), p.location_text),
            fact(t("petition.unit"), p.assigned_unit),
            fact(t("petition.officer"), p.assigned_officer),
            fact(t("inbox.col.due"), format_date(p.due_date)),
            fact(
                t("petition.satisfied"),
                None
                if p.citizen_satisfied is None
                else t("common.yes" if p.citizen_satisfied else "common.no"),
            ),
            subheading(t("petition.description")),
            ft.Text(p.description or "—", selectable=True),
        ]
        if p.answer:
            controls += [subheading(t("petition.answer")), ft.Text(p.answer, selectable=True)]
        controls += self._personal(detail)
        controls += self._photos(detail)
        controls += [subheading(t("petition.timeline"))]
        controls += [
            ft.Row(
                [
                    ft.Text(format_datetime(e.at), width=130, color="#5F6368"),
                    ft.Text(
                        t(f"timeline.{e.kind}"),
                        width=130,
                        weight=ft.FontWeight.W_600,
                        color=OVERDUE_FG if e.kind == "conflict" else None,
                    ),
                    ft.Text(
                        f"{e.actor}{': ' + e.text if e.text else ''}", expand=True, selectable=True
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
            for e in p.timeline
        ]
        return controls

    def _personal(self, detail: PetitionDetail) -> list[ft.Control]:
        t = self.session.t
        p = detail.petition
        controls: list[ft.Control] = [subheading(t("petition.citizen"))]
        if p.anonymous and not detail.has_personal_data:
            return [*controls, ft.Text(t("petition.anonymous"))]
        if not detail.has_personal_data:
            return [*controls, ft.Text("—")]
        if not self.personal_visible:
            return [
                *controls,
                ft.Text(t("petition.personal_hidden"), italic=True),
                tid(
                    "show-personal",
                    ft.OutlinedButton(
                        t("petition.show_personal"),
                        icon=ft.Icons.VISIBILITY,
                        on_click=self._show_personal,
                    ),
                ),
            ]
        return [
            *controls,
            fact(t("petition.citizen"), p.citizen_name),
            fact(t("petition.phone"), p.citizen_phone),
        ]

    def _photos(self, detail: PetitionDetail) -> list[ft.Control]:
        t = self.session.t
        if not detail.petition.attachments:
            return []
        return [
            subheading(t("petition.photos", count=len(detail.petition.attachments))),
            ft.Row(
                wrap=True,
                spacing=8,
                controls=[
                    ft.Image(
                        src=photo.data, width=220, height=165, fit=ft.BoxFit.COVER, border_radius=6
                    )
                    for photo in detail.photos
                ],
            ),
        ]

    # -- actions -------------------------------------------------------------------

    def _actions(self, detail: PetitionDetail) -> list[ft.Control]:
        t = self.session.t
        p = detail.petition
        self.unit = ft.TextField(label=t("petition.unit"), value=p.assigned_unit or "", dense=True)
        self.officer = ft.TextField(
            label=t("petition.officer"), value=p.assigned_officer or "", dense=True
        )
        self.due = ft.TextField(
            label=t("petition.due_date"),
            value=(format_date(p.due_date) if p.due_date else ""),
            dense=True,
        )
        self.answer = ft.TextField(
            label=t("petition.answer"),
            value=p.answer or "",
            multiline=True,
            min_lines=3,
            max_lines=8,
        )
        self.note = ft.TextField(label=t("petition.note"), multiline=True, min_lines=1, max_lines=4)
        actions = allowed_actions(p.status, staff=True)
        buttons: list[ft.Control] = [
            tid(
                f"action-{name}",
                ft.Button(
                    t(f"petition.action.{name}"),
                    on_click=lambda _e, a=name: self._act(a),
                    bgcolor="#C62828" if name == "reject" else None,
                    color="#FFFFFF" if name == "reject" else None,
                ),
            )
            for name in actions
        ]
        return [
            ft.Card(
                content=ft.Container(
                    padding=16,
                    content=ft.Column(
                        spacing=10,
                        controls=[
                            subheading(t("petition.actions")),
                            tid("field-unit", self.unit),
                            tid("field-officer", self.officer),
                            tid("field-due", self.due),
                            tid("field-answer", self.answer),
                            tid("field-note", self.note),
                            ft.Row(buttons, wrap=True),
                        ],
                    ),
                )
            ),
        ]

    def _act(self, action: str) -> None:
        t = self.session.t
        fields: dict[str, Any] = {
            "note": self.note.value or None,
            "base_version": self.detail.petition.version,
        }
        if action in ("accept", "assign"):
            try:
                due = parse_date_vn(self.due.value) if (self.due.value or "").strip() else None
            except ValueError:
                notify(self.page, t("petition.bad_date"), error=True)
                return
            fields.update(
                assigned_unit=self.unit.value or None,
                assigned_officer=self.officer.value or None,
                due_date=due,
            )
        if action == "answer":
            if not (self.answer.value or "").strip():
                notify(self.page, t("petition.answer_required"), error=True)
                return
            fields["answer"] = self.answer.value
        if action == "reject" and not (self.note.value or "").strip():
            notify(self.page, t("petition.reason_required"), error=True)
            return
        try:
            result = self.session.backend.transition(
                self.session.require_staff(), self.petition_id, action=action, **fields
            )
        except Exception as exc:  # the service's problem carries a readable message
            notify(
                self.page,
                t("common.error", message=getattr(exc, "detail", None) or exc),
                error=True,
            )
            return
        notify(self.page, t("petition.done", status=t(f"status.{result.status}")))
        self._build()
        self.update()

    def _show_personal(self, _e: Any) -> None:
        try:  # no audit row, no personal data
            self.session.backend.record_personal_view(
                self.session.require_staff(), self.petition_id
            )
        except Exception as exc:
            notify(self.page, self.session.t("common.error", message=exc), error=True)
            return
        self.personal_visible = True
        self._build()
        self.update()
