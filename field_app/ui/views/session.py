"""UI layer: one dialogue session: the meeting record, petitions raised, commitments.

A group meeting is written here (attendance, agenda, minutes); the ward's dialogue day
arrives by sync and is read-only, but petitions raised at it are still logged from here.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import DialogueSessionRow
from field_app.ui import theme
from field_app.ui.components.chips import chip, sync_chip
from field_app.ui.components.drafts import DraftKeeper
from field_app.ui.components.fields import (
    labelled_value,
    primary_button,
    secondary_button,
    section,
    set_error,
    text_input,
    tid,
)
from field_app.ui.navigation import Builder, Screen
from field_app.ui.parsing import parse_optional_date
from field_app.ui.screens import screen
from field_app.ui.views.dialogue import session_day
from field_app.ui.views.petitions import petition_card
from field_app.wire.formats import format_date, today_vn
from field_app.wire.records import Commitment

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


@screen('session')
def session_builder(session_id: str | None, *, kind: str = "group_meeting") -> Builder:
    """A meeting of the group (`kind` for a new one: group_meeting, or briefing: giao ban)."""
    return lambda shell: session_screen(shell, session_id, kind=kind)


def session_screen(shell: Shell, session_id: str | None, *,
                   kind: str = "group_meeting") -> Screen:
    t = shell.t
    s = shell.app.dialogues.get(session_id) if session_id else None
    if s is not None and s.scope == "ward":
        body = ft.Column([_ward_summary(shell, s), *_petitions(shell, s), *_commitments(shell, s),
                          ft.Container(height=24)], spacing=12)
        return Screen(s.title or t.label("dialogue_kind", s.kind), body)
    parts: list[ft.Control] = [_meeting_form(shell, s, kind)]
    if s is not None:
        parts += _petitions(shell, s)
        parts += _commitments(shell, s, editable=True)
    parts.append(ft.Container(height=24))
    title = t("dialogue.edit") if s else (t("dialogue.new") if kind == "group_meeting"
                                          else t.label("dialogue_kind", kind))
    return Screen(title, ft.Column(parts, spacing=12), is_form=True)


def _ward_summary(shell: Shell, s: DialogueSessionRow) -> ft.Control:
    t = shell.t
    facts = [(t("dialogue.date"), format_date(session_day(s))), (t("dialogue.place"), s.place),
             (t("dialogue.chair"), s.chair)]
    if s.agenda:
        facts.append((t("dialogue.agenda"), "\n".join(f"• {a}" for a in s.agenda)))
    if s.minutes:
        facts.append((t("dialogue.minutes"), s.minutes))
    return ft.Column([
        chip(t.label("dialogue_kind", s.kind), "progress", ft.Icons.ACCOUNT_BALANCE),
        ft.Text(t("dialogue.ward_readonly"), size=theme.SMALL, color=theme.MUTED),
        ft.Container(content=ft.Column([labelled_value(k, v) for k, v in facts], spacing=8),
                     bgcolor=theme.SURFACE_ALT, border_radius=10, padding=theme.PAD),
    ], spacing=8)


def _meeting_form(shell: Shell, s: DialogueSessionRow | None,
                  kind: str = "group_meeting") -> ft.Control:
    t = shell.t
    day = session_day(s) if s else today_vn()
    default = (t("dialogue.default_name", date=format_date(day)) if kind == "group_meeting"
               else f"{t.label('dialogue_kind', kind)} {format_date(day)}")
    title = text_input(t("dialogue.name"), value=s.title if s else default)
    when = text_input(t("dialogue.date"), value=format_date(day), hint=t("common.date_hint"))
    place = text_input(t("dialogue.place"), value=s.place if s else "")
    chair = text_input(t("dialogue.chair"), value=s.chair if s else "")
    attendees = text_input(t("dialogue.attendees"), value="\n".join(s.attendees) if s else "",
                           multiline=True)
    count = text_input(t("dialogue.attendance_count"),
                       value=str(s.attendance_count) if s and s.attendance_count is not None
                       else "", keyboard=ft.KeyboardType.NUMBER)
    agenda = text_input(t("dialogue.agenda"), value="\n".join(s.agenda) if s else "",
                        multiline=True)
    minutes = text_input(t("dialogue.minutes"), value=s.minutes if s else "", multiline=True)
    new = "new" if kind == "group_meeting" else f"new-{kind}"
    draft = DraftKeeper.bind(shell, f"meeting:{s.id if s else new}", {
        "title": title, "scheduled_on": when, "place": place, "chair": chair,
        "attendees": attendees, "attendance_count": count, "agenda": agenda,
        "minutes": minutes})

    def save(_: Any) -> None:
        for c in (when, count):
            set_error(c, None)
        scheduled, ok = parse_optional_date(when.value)
        if not ok or scheduled is None:
            set_error(when, t("dialogue.err_date"))
        n = (count.value or "").strip()
        if n and not n.isdigit():
            set_error(count, t("dialogue.err_count"))
            ok = False
        if not ok or scheduled is None:
            shell.page.update()
            return
        people = [x.strip() for x in (attendees.value or "").splitlines() if x.strip()]
        fields = {
            "title": (title.value or "").strip(), "scheduled_on": scheduled,
            "place": (place.value or "").strip(), "chair": (chair.value or "").strip(),
            "attendees": people,
            "attendance_count": int(n) if n else (len(people) or None),
            "agenda": [x.strip() for x in (agenda.value or "").splitlines() if x.strip()],
            "minutes": minutes.value or "",
        }
        shell.app.save_meeting(shell, s.id if s else None, fields, draft=draft, kind=kind)

    header: list[ft.Control] = []
    if s is not None and s.sync_state != "synced":
        header.append(sync_chip(t, s.sync_state))
    return ft.Column([
        *header,
        draft.banner(on_discard=lambda: shell.replace(
            session_builder(s.id if s else None, kind=kind))),
        tid("mf-title", title), tid("mf-date", when), tid("mf-place", place),
        tid("mf-chair", chair), tid("mf-attendees", attendees), tid("mf-count", count),
        tid("mf-agenda", agenda), tid("mf-minutes", minutes),
        primary_button(t("common.save"), save, icon=ft.Icons.SAVE, identifier="mf-save",
                       expand=True),
    ], spacing=12)


def _petitions(shell: Shell, s: DialogueSessionRow) -> list[ft.Control]:
    t = shell.t
    raised = shell.app.dialogues.petitions_raised(s.id)
    items: list[ft.Control] = [section(t("dialogue.petitions"))]
    items += ([petition_card(shell, p, index=i) for i, p in enumerate(raised)] or
              [ft.Text(t("dialogue.petitions_empty"), size=theme.BODY, color=theme.MUTED)])
    items.append(secondary_button(
        t("dialogue.add_petition"), icon=ft.Icons.ADD_COMMENT, identifier="session-add-petition",
        on_click=lambda _: shell.open("new_petition", dialogue_session_id=s.id)))
    return items


def _commitments(shell: Shell, s: DialogueSessionRow, *,
                 editable: bool = False) -> list[ft.Control]:
    t = shell.t
    items: list[ft.Control] = [section(t("dialogue.commitments"))]
    if not s.commitments:
        items.append(ft.Text(t("dialogue.commitments_empty"), size=theme.BODY, color=theme.MUTED))
    for i, c in enumerate(s.commitments):
        done = c.status == "done"
        meta = " · ".join(x for x in (c.owner, format_date(c.due_date) if c.due_date else "") if x)
        row: list[ft.Control] = [
            ft.Icon(ft.Icons.CHECK_CIRCLE if done else ft.Icons.RADIO_BUTTON_UNCHECKED,
                    color=theme.SUCCESS if done else theme.MUTED),
            ft.Column([ft.Text(c.text, size=theme.BODY), ft.Text(meta, size=theme.SMALL,
                                                                 color=theme.MUTED)],
                      spacing=2, expand=True),
        ]
        if editable and not done:
            row.append(ft.IconButton(ft.Icons.DONE, tooltip=t("dialogue.mark_done"),
                                     on_click=lambda _, cid=c.id: _mark_done(shell, s, cid)))
        items.append(tid(f"commitment-{i}", ft.Row(row, spacing=8)))
    if editable:
        items.append(_commitment_adder(shell, s))
    return items


def _mark_done(shell: Shell, s: DialogueSessionRow, commitment_id: str) -> None:
    updated = [c.model_copy(update={"status": "done"}) if c.id == commitment_id else c
               for c in s.commitments]
    shell.app.save_commitments(shell, s.id, updated)


def _commitment_adder(shell: Shell, s: DialogueSessionRow) -> ft.Control:
    t = shell.t
    text = text_input(t("dialogue.commitment_text"))
    owner = text_input(t("dialogue.commitment_owner"))
    due = text_input(t("dialogue.commitment_due"), hint=t("common.date_hint"))

    def add(_: Any) -> None:
        set_error(text, None)
        set_error(due, None)
        day, ok = parse_optional_date(due.value)
        if not (text.value or "").strip():
            set_error(text, t("common.err_required"))
            ok = False
        elif not ok:
            set_error(due, t("common.err_date"))
        if not ok:
            shell.page.update()
            return
        new = Commitment(id=str(uuid.uuid4()), text=(text.value or "").strip(),
                         owner=(owner.value or "").strip(), due_date=day)
        shell.app.save_commitments(shell, s.id, [*s.commitments, new])

    return ft.Container(
        content=ft.Column([tid("cm-text", text), ft.Row([
            ft.Container(tid("cm-owner", owner), expand=True),
            ft.Container(tid("cm-due", due), expand=True)], spacing=8),
            secondary_button(t("dialogue.add_commitment"), add, icon=ft.Icons.ADD_TASK,
                             identifier="cm-add")], spacing=8),
        bgcolor=theme.SURFACE_ALT, border_radius=10, padding=theme.PAD,
    )
