"""Console layer: the dialogue-day screen (agenda, briefing exports, session and commitments)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.wire.formats import VN_TZ, format_date, parse_date_vn
from sync_server.console.state import ConsoleSession
from sync_server.console.theme import OVERDUE_FG
from sync_server.console.widgets import heading, notify, open_download, subheading, tid
from sync_server.reports import briefing_pdf, briefing_xlsx
from sync_server.reports.data import AgendaItem

if TYPE_CHECKING:
    from sync_server.console.shell import Shell


class DialogueView(ft.Column):
    """Prepare the next dialogue day, export its briefing, and record how it went."""

    def __init__(self, session: ConsoleSession, shell: Shell) -> None:
        super().__init__(expand=True, spacing=12, scroll=ft.ScrollMode.AUTO)
        self.session = session
        self.shell = shell
        staff = session.require_staff()
        plan = session.backend.dialogue_day(staff)
        saved = plan.saved or {}
        self.day = plan.day
        self.session_id: str | None = saved.get("id")
        self.version: int | None = saved.get("version")
        self.candidates: list[AgendaItem] = plan.candidates
        self.agenda_ids: list[str] = list(saved.get("petition_ids") or [])
        self.commitments: list[dict[str, Any]] = list(saved.get("commitments") or [])
        known = {c.petition_id: c for c in self.candidates}
        missing = [pid for pid in self.agenda_ids if pid not in known]
        for item in session.backend.agenda_items(staff, missing):
            known[item.petition_id] = item
        self.items = known
        t = session.t
        self.place = ft.TextField(
            label=t("dialogue.place"), value=saved.get("place") or "", dense=True, width=320
        )
        self.chair = ft.TextField(
            label=t("dialogue.chair"), value=saved.get("chair") or "", dense=True, width=320
        )
        self.attendees = ft.TextField(
            label=t("dialogue.attendees"),
            multiline=True,
            min_lines=2,
            max_lines=6,
            value="\n".join(saved.get("attendees") or []),
        )
        self.attendance = ft.TextField(
            label=t("dialogue.attendance_count"),
            width=160,
            dense=True,
            value=str(saved.get("attendance_count") or ""),
            keyboard_type=ft.KeyboardType.NUMBER,
        )
        self.minutes = ft.TextField(
            label=t("dialogue.minutes"),
            multiline=True,
            min_lines=3,
            max_lines=12,
            value=saved.get("minutes") or "",
        )
        self.include_phones = ft.Checkbox(label=t("common.include_phones"), value=False)
        self.held = ft.Checkbox(label=t("dialogue.held"), value=bool(saved.get("held_at")))
        self.candidate_list = ft.Column(spacing=4)
        self.agenda_list = ft.Column(spacing=4)
        self.commitment_list = ft.Column(spacing=6)
        self.c_text = ft.TextField(label=t("dialogue.commitment.text"), dense=True, width=460)
        self.c_owner = ft.TextField(label=t("dialogue.commitment.owner"), dense=True, width=220)
        self.c_due = ft.TextField(label=t("dialogue.commitment.due"), dense=True, width=170)
        self.controls = [
            ft.Row(
                [
                    heading(t("dialogue.title")),
                    tid(
                        "dialogue-date",
                        ft.Text(t("dialogue.next", date=format_date(self.day)), size=16),
                    ),
                ],
                spacing=24,
            ),
            ft.ResponsiveRow(
                [
                    ft.Column(
                        col={"md": 6},
                        controls=[subheading(t("dialogue.candidates")), self.candidate_list],
                    ),
                    ft.Column(
                        col={"md": 6}, controls=[subheading(t("dialogue.agenda")), self.agenda_list]
                    ),
                ]
            ),
            ft.Row(
                [
                    tid(
                        "briefing-pdf",
                        ft.Button(
                            t("common.download_pdf"),
                            icon=ft.Icons.PICTURE_AS_PDF,
                            on_click=self._download_pdf,
                        ),
                    ),
                    tid(
                        "briefing-xlsx",
                        ft.Button(
                            t("common.download_xlsx"),
                            icon=ft.Icons.TABLE_VIEW,
                            on_click=self._download_xlsx,
                        ),
                    ),
                    self.include_phones,
                ]
            ),
            ft.Divider(),
            ft.Row(
                [
                    tid("dialogue-place", self.place),
                    tid("dialogue-chair", self.chair),
                    self.attendance,
                    self.held,
                ],
                wrap=True,
            ),
            self.attendees,
            tid("dialogue-minutes", self.minutes),
            subheading(t("dialogue.commitments")),
            self.commitment_list,
            ft.Row(
                [
                    tid("commitment-text", self.c_text),
                    tid("commitment-owner", self.c_owner),
                    tid("commitment-due", self.c_due),
                    tid(
                        "commitment-add",
                        ft.OutlinedButton(
                            t("dialogue.commitment.add"), on_click=self._add_commitment
                        ),
                    ),
                ]
            ),
            tid(
                "dialogue-save",
                ft.Button(t("dialogue.save"), icon=ft.Icons.SAVE, on_click=self._save),
            ),
        ]
        self._render()

    # -- rendering -----------------------------------------------------------------

    def _line(self, item: AgendaItem) -> ft.Control:
        t = self.session.t
        flags = f" · {t('inbox.overdue_badge')}" if item.overdue else ""
        return ft.Column(
            spacing=0,
            expand=True,
            controls=[
                ft.Text(
                    item.title,
                    weight=ft.FontWeight.W_600,
                    color=OVERDUE_FG if item.overdue else None,
                ),
                ft.Text(
                    f"{t(f'field.{item.field}')} · {t(f'category.{item.category}')} · "
                    f"{item.group_name} · {t(f'status.{item.status}')}{flags}",
                    size=12,
                ),
                ft.Text(
                    f"{t('dialogue.prepared_answer')}: {item.prepared_answer}", size=12, italic=True
                )
                if item.prepared_answer
                else ft.Container(),
            ],
        )

    def _render(self) -> None:
        t = self.session.t
        chosen = set(self.agenda_ids)
        self.candidate_list.controls = [
            ft.Row(
                [
                    self._line(item),
                    tid(
                        f"candidate-add-{i}",
                        ft.IconButton(
                            ft.Icons.ADD_CIRCLE,
                            tooltip=t("dialogue.add"),
                            on_click=lambda _e, pid=item.petition_id: self._add(pid),
                        ),
                    ),
                ]
            )
            for i, item in enumerate(self.candidates)
            if item.petition_id not in chosen
        ]
        self.agenda_list.controls = [
            ft.Row(
                [
                    ft.Text(f"{n}.", width=24),
                    self._line(self.items[pid]),
                    tid(
                        f"agenda-up-{n}",
                        ft.IconButton(
                            ft.Icons.ARROW_UPWARD,
                            tooltip=t("dialogue.up"),
                            on_click=lambda _e, i=n - 1: self._move(i, -1),
                        ),
                    ),
                    ft.IconButton(
                        ft.Icons.ARROW_DOWNWARD,
                        tooltip=t("dialogue.down"),
                        on_click=lambda _e, i=n - 1: self._move(i, 1),
                    ),
                    ft.IconButton(
                        ft.Icons.REMOVE_CIRCLE_OUTLINE,
                        tooltip=t("dialogue.remove"),
                        on_click=lambda _e, pid=pid: self._remove(pid),
                    ),
                ]
            )
            for n, pid in enumerate(self.agenda_ids, start=1)
            if pid in self.items
        ] or [ft.Text(t("dialogue.empty_agenda"), color="#5F6368")]
        self.commitment_list.controls = [
            ft.Row(
                [
                    ft.Checkbox(
                        value=c.get("status") == "done",
                        label=t("dialogue.commitment.done"),
                        on_change=lambda e, i=i: self._toggle(i, bool(e.control.value)),
                    ),
                    ft.Text(c.get("text", ""), expand=True),
                    ft.Text(c.get("owner", ""), width=200),
                    ft.Text(format_date(c.get("due_date")), width=100),
                ]
            )
            for i, c in enumerate(self.commitments)
        ]

    def _refresh(self) -> None:
        self._render()
        self.update()

    # -- agenda --------------------------------------------------------------------

    def _add(self, pid: str) -> None:
        self.agenda_ids.append(pid)
        self._refresh()

    def _remove(self, pid: str) -> None:
        self.agenda_ids.remove(pid)
        self._refresh()

    def _move(self, index: int, delta: int) -> None:
        target = index + delta
        if 0 <= target < len(self.agenda_ids):
            ids = self.agenda_ids
            ids[index], ids[target] = ids[target], ids[index]
            self._refresh()

    # -- commitments ---------------------------------------------------------------

    def _add_commitment(self, _e: Any) -> None:
        t = self.session.t
        if not (self.c_text.value or "").strip():
            return
        try:
            due = parse_date_vn(self.c_due.value) if (self.c_due.value or "").strip() else None
        except ValueError:
            notify(self.page, t("petition.bad_date"), error=True)
            return
        self.commitments.append(
            {
                "id": str(uuid.uuid4()),
                "text": self.c_text.value.strip(),
                "owner": (self.c_owner.value or "").strip(),
                "due_date": due.isoformat() if due else None,
                "status": "open",
            }
        )
        self.c_text.value = self.c_owner.value = self.c_due.value = ""
        self._refresh()

    def _toggle(self, index: int, done: bool) -> None:
        self.commitments[index]["status"] = "done" if done else "open"

    # -- saving and exports --------------------------------------------------------

    def _fields(self) -> dict[str, Any]:
        t = self.session.t
        attendance = (self.attendance.value or "").strip()
        held_at = None
        if self.held.value:
            held_at = datetime.combine(self.day, time(8, 0), VN_TZ).astimezone(UTC)
        return {
            "kind": "ward_dialogue_day",
            "title": f"{t('dialogue.title')} {format_date(self.day)}",
            "scheduled_on": self.day,
            "held_at": held_at,
            "place": self.place.value or "",
            "chair": self.chair.value or "",
            "attendees": [
                a.strip() for a in (self.attendees.value or "").splitlines() if a.strip()
            ],
            "attendance_count": int(attendance) if attendance.isdigit() else None,
            "agenda": [self.items[pid].title for pid in self.agenda_ids if pid in self.items],
            "minutes": self.minutes.value or "",
            "petition_ids": list(self.agenda_ids),
            "commitments": self.commitments,
        }

    def _save(self, _e: Any) -> None:
        t = self.session.t
        staff = self.session.require_staff()
        try:
            self.session_id = self.session.backend.save_ward_dialogue(
                staff, session_id=self.session_id, base_version=self.version, fields=self._fields()
            )
        except Exception as exc:
            notify(
                self.page,
                t("common.error", message=getattr(exc, "detail", None) or exc),
                error=True,
            )
            return
        saved = self.session.backend.dialogue_day(staff, self.day).saved or {}
        self.version = saved.get("version")
        notify(self.page, t("dialogue.saved"))

    def _briefing(self) -> Any:
        return self.session.backend.briefing_data(
            self.session.require_staff(),
            day=self.day,
            petition_ids=self.agenda_ids,
            place=self.place.value or "",
            chair=self.chair.value or "",
        )

    async def _download_pdf(self, _e: Any) -> None:
        content = briefing_pdf(
            self._briefing(), self.session.t, include_phones=bool(self.include_phones.value)
        )
        await self._offer(f"doi-thoai-{self.day.isoformat()}.pdf", content)

    async def _download_xlsx(self, _e: Any) -> None:
        content = briefing_xlsx(
            self._briefing(), self.session.t, include_phones=bool(self.include_phones.value)
        )
        await self._offer(f"doi-thoai-{self.day.isoformat()}.xlsx", content)

    async def _offer(self, filename: str, content: bytes) -> None:
        url = self.session.backend.offer_file(
            self.session.require_staff(), filename=filename, content=content
        )
        await open_download(self.page if isinstance(self.page, ft.Page) else None, url)
