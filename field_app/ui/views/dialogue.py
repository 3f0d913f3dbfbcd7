"""UI layer: group meetings and the ward's dialogue days: upcoming and past."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import flet as ft

from field_app.store.records import DialogueSessionRow
from field_app.ui import theme
from field_app.ui.components.chips import chip, sync_chip
from field_app.ui.components.fields import fab, section, tid
from field_app.ui.components.states import empty_state
from field_app.ui.navigation import Screen
from field_app.ui.screens import page
from field_app.wire.formats import VN_TZ, format_date, today_vn

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


def session_day(s: DialogueSessionRow) -> date | None:
    if s.scheduled_on:
        return s.scheduled_on
    if s.held_at:
        return s.held_at.astimezone(VN_TZ).date() if s.held_at.tzinfo else s.held_at.date()
    return None


def _is_upcoming(s: DialogueSessionRow, today: date) -> bool:
    """Later days are upcoming; today's ward day too, but a group meeting written down today
    has been held."""
    day = session_day(s) or today
    return day > today or (day == today and s.scope == "ward")


@page('dialogue')
def dialogue(shell: Shell) -> Screen:
    t = shell.t
    today = today_vn()
    sessions = shell.app.dialogues.list()
    upcoming = sorted((s for s in sessions if _is_upcoming(s, today)),
                      key=lambda s: session_day(s) or today)
    past = [s for s in sessions if not _is_upcoming(s, today)]
    parts: list[ft.Control] = [section(t("dialogue.upcoming"))]
    parts += ([_card(shell, s, f"session-upcoming-{i}") for i, s in enumerate(upcoming)] or
              [empty_state(icon=ft.Icons.EVENT_AVAILABLE, title=t("dialogue.empty_upcoming"),
                           identifier="dialogue-empty-upcoming")])
    parts.append(section(t("dialogue.past")))
    parts += ([_card(shell, s, f"session-past-{i}") for i, s in enumerate(past)] or
              [empty_state(icon=ft.Icons.HISTORY, title=t("dialogue.empty_past"),
                           identifier="dialogue-empty-past")])
    parts.append(ft.Container(height=72))
    action = fab(t("dialogue.new"), ft.Icons.GROUPS, lambda _: _new(shell))
    return Screen(t("dialogue.title"), ft.Column(parts, spacing=10), fab=action)


def _new(shell: Shell) -> None:
    shell.open("session", None)


def _card(shell: Shell, s: DialogueSessionRow, identifier: str) -> ft.Control:
    t = shell.t
    ward = s.kind == "ward_dialogue_day"
    title = s.title or t.label("dialogue_kind", s.kind)
    tone = "progress" if ward else "info"
    tags: list[ft.Control] = [chip(t.label("dialogue_kind", s.kind), tone)]
    if s.sync_state != "synced":
        tags.append(sync_chip(t, s.sync_state))
    meta = " · ".join(x for x in (format_date(session_day(s)), s.place) if x)
    extra = []
    if s.petition_ids:
        extra.append(f"{len(s.petition_ids)} {t('nav.petitions').lower()}")
    if s.commitments:
        extra.append(f"{len(s.commitments)} {t('dialogue.commitments').lower()}")
    return tid(identifier, ft.Container(
        content=ft.Row([
            ft.Icon(ft.Icons.ACCOUNT_BALANCE if ward else ft.Icons.GROUPS, color=theme.PRIMARY,
                    size=28),
            ft.Column([
                ft.Text(title, size=theme.BODY + 1, weight=ft.FontWeight.W_600),
                ft.Text(meta, size=theme.SMALL, color=theme.MUTED),
                ft.Text(" · ".join(extra), size=theme.SMALL, color=theme.MUTED) if extra
                else ft.Container(),
                ft.Row(tags, spacing=4, wrap=True),
            ], spacing=3, expand=True),
        ], spacing=12, vertical_alignment=ft.CrossAxisAlignment.START),
        padding=theme.PAD, border=ft.Border.all(1, "#D5DCE3"), border_radius=10, ink=True,
        on_click=lambda _: shell.open("session", s.id),
    ))
