"""UI layer: one petition: its details, the ward's answer, the timeline and field actions.

The actions offered are those the life cycle allows the field side (FIELD_ACTIONS):
withdraw while open, "Đã báo lại cho công dân" once answered; editing while open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import flet as ft

from field_app.store.records import PetitionRow
from field_app.ui import theme
from field_app.ui.components.chips import overdue_chip, status_chip, sync_chip
from field_app.ui.components.fields import (
    labelled_value,
    secondary_button,
    section,
    text_input,
    tid,
)
from field_app.ui.components.photo_view import photo_strip
from field_app.ui.components.states import empty_state, error_banner, info_banner
from field_app.ui.navigation import Builder, Screen
from field_app.ui.screens import screen
from field_app.ui.views.petitions import is_overdue
from field_app.ui.views.tracking import code_block, confirmation, export_slip, send_sms
from field_app.wire.formats import format_date, format_datetime
from field_app.wire.lifecycle import OPEN_STATUSES, allowed_actions
from field_app.wire.records import newest_first

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


@screen('petition_detail')
def detail_builder(petition_id: str, *, just_saved: bool = False) -> Builder:
    return lambda shell: petition_detail(shell, petition_id, just_saved=just_saved)


def petition_detail(shell: Shell, petition_id: str, *, just_saved: bool = False) -> Screen:
    t = shell.t
    p = shell.app.petitions.get(petition_id)
    if p is None:
        return Screen(t("pdetail.title"), empty_state(icon=ft.Icons.SEARCH_OFF,
                                                      title=t("pdetail.not_found")))
    shell.app.answer_seen(petition_id)  # Home's badge no longer counts this answer
    parts: list[ft.Control] = []
    if just_saved and p.tracking_code:
        parts.append(confirmation(shell, p.id, p.tracking_code))
    parts.append(_header(shell, p))
    if p.sync_state == "rejected":
        reason = t.error(p.sync_code, p.sync_message)
        parts.append(error_banner(t("pdetail.sync_rejected", message=reason),
                                  identifier="petition-sync-rejected"))
    if p.sync_state == "conflict":
        parts.append(info_banner(
            t("pdetail.sync_conflict", fields=t.field_names(p.conflict_fields)), tone="warning",
            icon=ft.Icons.WARNING_AMBER, identifier="petition-sync-conflict"))
    parts.append(_answer(shell, p))
    if p.tracking_code and not just_saved:
        parts.append(_tracking(shell, p.id, p.tracking_code))
    parts.append(_actions(shell, p))
    parts.append(_facts(shell, p))
    if p.attachments:
        parts.append(section(t("pform.photos")))
        parts.append(photo_strip(shell, list(p.attachments)))
    parts.append(section(t("pdetail.timeline")))
    parts.append(_timeline(shell, p))
    parts.append(ft.Container(height=24))
    return Screen(t("pdetail.title"), ft.Column(parts, spacing=12))


def _tracking(shell: Shell, petition_id: str, code: str) -> ft.Control:
    """The citizen's tracking code, with the slip and the text message at hand."""
    t = shell.t
    parts: list[ft.Control] = [code_block(shell, code, size=28)]
    replaced = shell.app.petitions.replaced_code(petition_id)
    if replaced:
        parts.append(info_banner(t("tracking.replaced", old=replaced, new=code), tone="warning",
                                 icon=ft.Icons.WARNING_AMBER, identifier="tracking-replaced"))
    parts.append(ft.Row([
        secondary_button(t("tracking.slip"), lambda _: export_slip(shell, petition_id),
                         icon=ft.Icons.PICTURE_AS_PDF, identifier="detail-tracking-slip"),
        secondary_button(t("tracking.sms"), lambda _: send_sms(shell, petition_id),
                         icon=ft.Icons.SMS, identifier="detail-tracking-sms"),
    ], wrap=True, spacing=8))
    return ft.Container(content=ft.Column(parts, spacing=8), padding=12,
                        border=ft.Border.all(1, theme.MUTED), border_radius=8)


def _header(shell: Shell, p: PetitionRow) -> ft.Control:
    t = shell.t
    never_on_server = not p.version and p.sync_state != "synced"
    chips: list[ft.Control] = [] if never_on_server else [status_chip(t, p.status)]
    if p.sync_state != "synced":
        chips.append(sync_chip(t, p.sync_state))
    if is_overdue(p):
        chips.append(overdue_chip(t))
    return ft.Column([
        tid("petition-title", ft.Text(p.title or t("petitions.untitled"), size=theme.TITLE,
                                      weight=ft.FontWeight.BOLD)),
        tid("petition-chips", ft.Row(chips, spacing=6, wrap=True, run_spacing=4)),
        ft.Text(p.description, size=theme.BODY) if p.description else ft.Container(),
    ], spacing=8)


def _answer(shell: Shell, p: PetitionRow) -> ft.Control:
    t = shell.t
    if not p.answer:
        return ft.Container(visible=False)
    lines: list[ft.Control] = [
        ft.Row([ft.Icon(ft.Icons.RECORD_VOICE_OVER, color=theme.SUCCESS),
                ft.Text(t("pdetail.answer"), weight=ft.FontWeight.W_600, size=theme.BODY,
                        color=theme.SUCCESS)], spacing=8),
        tid("petition-answer", ft.Text(p.answer, size=theme.BODY)),
    ]
    if p.citizen_satisfied is not None:
        lines.append(ft.Text(t("pdetail.satisfied") if p.citizen_satisfied
                             else t("pdetail.not_satisfied"), size=theme.SMALL, color=theme.MUTED))
    return ft.Container(content=ft.Column(lines, spacing=6), bgcolor=theme.TONES["success"][0],
                        border_radius=10, padding=theme.PAD)


def _facts(shell: Shell, p: PetitionRow) -> ft.Control:
    t = shell.t
    who = t("petitions.anonymous") if p.anonymous else " · ".join(
        x for x in (p.citizen_name, p.citizen_phone) if x)
    household = shell.app.households.get(p.household_id) if p.household_id else None
    if household is not None:
        who = f"{who} ({household.head_name})" if who else household.head_name
    facts = [
        (t("pform.field"), t.label("field", p.field)),
        (t("pform.category"), t.label("category", p.category)),
        (t("pdetail.citizen"), who),
        (t("pdetail.place"), p.location_text or ""),
        (t("pdetail.received_at"), format_date(p.received_at)),
        (t("pform.source"), t.label("source", p.source)),
    ]
    if p.assigned_unit or p.assigned_officer:
        facts.append((t("pdetail.assigned"),
                      " – ".join(x for x in (p.assigned_unit, p.assigned_officer) if x)))
    if p.ack_due:
        facts.append((t("pdetail.ack_due"), format_date(p.ack_due)))
    if p.due_date:
        facts.append((t("pdetail.due_date"), format_date(p.due_date)))
    if p.lat is not None and p.lon is not None:
        facts.append((t("pdetail.gps"), f"{p.lat:.5f}, {p.lon:.5f}"))
    if p.attachments:
        facts.append((t("pform.photos"), t("pdetail.photos_n", n=len(p.attachments))))
    return ft.Container(
        content=ft.Column([labelled_value(k, v) for k, v in facts], spacing=8),
        bgcolor=theme.SURFACE_ALT, border_radius=10, padding=theme.PAD,
    )


def _timeline(shell: Shell, p: PetitionRow) -> ft.Control:
    t = shell.t
    if not p.timeline:
        return ft.Text(t("pdetail.timeline_empty"), size=theme.BODY, color=theme.MUTED)
    items: list[ft.Control] = []
    for i, entry in enumerate(newest_first(p.timeline)):
        kind = t(f"timeline.{entry.kind}")
        items.append(tid(f"timeline-{i}", ft.Row([
            ft.Container(width=10, height=10, bgcolor=theme.PRIMARY, border_radius=5,
                         margin=ft.Margin.only(top=6)),
            ft.Column([
                ft.Text(f"{format_datetime(entry.at)} · {kind}", size=theme.SMALL,
                        weight=ft.FontWeight.W_600, color=theme.PRIMARY),
                ft.Text(entry.actor, size=theme.SMALL, color=theme.MUTED) if entry.actor
                else ft.Container(),
                ft.Text(entry.text, size=theme.BODY) if entry.text
                else ft.Container(),
            ], spacing=2, expand=True),
        ], vertical_alignment=ft.CrossAxisAlignment.START, spacing=10)))
    return ft.Column(items, spacing=12)


def _actions(shell: Shell, p: PetitionRow) -> ft.Control:
    t = shell.t
    allowed = allowed_actions(p.status, staff=False)
    buttons: list[ft.Control] = []
    if "report_back" in allowed:
        buttons.append(tid("action-report-back", ft.FilledButton(
            t("pdetail.report_back"), icon=ft.Icons.CAMPAIGN, height=theme.TOUCH,
            on_click=lambda _: _ask_report_back(shell, p))))
    if p.status in OPEN_STATUSES:
        buttons.append(tid("action-edit", ft.OutlinedButton(
            t("common.edit"), icon=ft.Icons.EDIT, height=theme.TOUCH,
            on_click=lambda _: shell.open("edit_petition", p.id))))
    if "withdraw" in allowed:
        buttons.append(tid("action-withdraw", ft.OutlinedButton(
            t("pdetail.withdraw"), icon=ft.Icons.UNDO, height=theme.TOUCH,
            on_click=lambda _: _ask_withdraw(shell, p))))
    buttons.append(tid("action-note", ft.TextButton(
        t("pdetail.add_note"), icon=ft.Icons.NOTE_ADD, height=theme.TOUCH,
        on_click=lambda _: _ask_note(shell, p))))
    return ft.Row(buttons, wrap=True, spacing=8, run_spacing=8)


def _ask_report_back(shell: Shell, p: PetitionRow) -> None:
    t = shell.t
    note = text_input(t("pdetail.report_note"))
    shell.confirm(
        title=t("pdetail.report_back"),
        body=ft.Column([ft.Text(t("pdetail.satisfied_q"), size=theme.BODY),
                        tid("report-note", note)], tight=True,
                       spacing=12),
        actions=[
            (t("pdetail.satisfied_no"),
             lambda: shell.app.report_back(shell, p.id, satisfied=False, note=note.value),
             "report-unsatisfied"),
            (t("pdetail.satisfied_yes"),
             lambda: shell.app.report_back(shell, p.id, satisfied=True, note=note.value),
             "report-satisfied"),
        ],
        identifier="report",
    )


def _ask_withdraw(shell: Shell, p: PetitionRow) -> None:
    t = shell.t
    note = text_input(t("pdetail.withdraw_note"))
    shell.confirm(
        title=t("pdetail.withdraw"),
        body=ft.Column([ft.Text(t("pdetail.withdraw_confirm"), size=theme.BODY),
                        tid("withdraw-note", note)],
                       tight=True, spacing=12),
        actions=[(t("common.confirm"),
                  lambda: shell.app.withdraw(shell, p.id, note=note.value), "withdraw-confirm")],
        identifier="withdraw",
    )


def _ask_note(shell: Shell, p: PetitionRow) -> None:
    t = shell.t
    note = text_input(t("pdetail.note"), multiline=True)

    def save() -> None:
        if (note.value or "").strip():
            shell.app.add_note(shell, p.id, note.value or "")

    shell.confirm(title=t("pdetail.add_note"), body=tid("note-text", note),
                  actions=[(t("common.save"), save, "note-save")], identifier="note")
