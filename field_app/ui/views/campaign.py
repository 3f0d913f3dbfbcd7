"""UI layer: one campaign: totals per kind, households' balances, the ledger, recording.

Entries are never edited: a mistake is cancelled with a reversal line, and the public
transparency sheet (PDF) is exported from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import flet as ft

from field_app.store.records import CampaignRow, ContributionEntryRow
from field_app.ui import theme
from field_app.ui.components.chips import chip, sync_chip
from field_app.ui.components.fields import (
    primary_button,
    secondary_button,
    section,
    text_input,
    tid,
)
from field_app.ui.components.states import empty_state
from field_app.ui.navigation import Builder, Screen
from field_app.ui.screens import screen
from field_app.ui.views.contributions import fmt_amount, totals_block
from field_app.ui.views.expenses import expenses_block
from field_app.wire.formats import format_date, format_vnd

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


@screen('campaign')
def campaign_builder(campaign_id: str) -> Builder:
    return lambda shell: campaign_detail(shell, campaign_id)


def campaign_detail(shell: Shell, campaign_id: str) -> Screen:
    t = shell.t
    repo = shell.app.contributions
    c = repo.campaign(campaign_id)
    if c is None:
        return Screen(t("contrib.title"), empty_state(icon=ft.Icons.SEARCH_OFF,
                                                      title=t("pdetail.not_found")))
    parts: list[ft.Control] = [_header(shell, c)]
    parts += [tid(f"campaign-totals-{k}", ft.Container(
        content=totals_block(shell, tot, prefix="campaign"), bgcolor=theme.SURFACE_ALT,
        border_radius=10, padding=theme.PAD)) for k, tot in repo.totals(c.id).items()]
    parts.append(ft.Row([
        primary_button(t("contrib.record"), lambda _: _open_record_form(shell, c.id),
                       icon=ft.Icons.ADD_CARD, identifier="campaign-record"),
        secondary_button(t("contrib.export_pdf"), lambda _: shell.app.export_sheet(shell, c.id),
                         icon=ft.Icons.PICTURE_AS_PDF, identifier="campaign-export"),
    ], wrap=True, spacing=8, run_spacing=8))
    parts.append(section(t("contrib.households")))
    parts.append(_balances(shell, c))
    parts.append(section(t("contrib.entries")))
    parts.append(_ledger(shell, c))
    parts.append(section(t("expense.title")))
    parts.append(expenses_block(shell, c.id))
    parts.append(ft.Container(height=24))
    return Screen(c.title, ft.Column(parts, spacing=12))


def _header(shell: Shell, c: CampaignRow) -> ft.Control:
    t = shell.t
    lines: list[ft.Control] = [ft.Text(c.title, size=theme.TITLE, weight=ft.FontWeight.BOLD)]
    if c.purpose:
        lines.append(ft.Text(c.purpose, size=theme.BODY))
    facts = []
    if c.suggested_per_household:
        facts.append(t("contrib.suggested", amount=format_vnd(c.suggested_per_household)))
    if c.starts_on or c.ends_on:
        facts.append(t("contrib.dates", start=format_date(c.starts_on), end=format_date(c.ends_on)))
    if facts:
        lines.append(ft.Text(" · ".join(facts), size=theme.SMALL, color=theme.MUTED))
    if c.sync_state != "synced":
        lines.append(sync_chip(t, c.sync_state))
    return ft.Column(lines, spacing=4)


def _balances(shell: Shell, c: CampaignRow) -> ft.Control:
    t = shell.t
    balances = shell.app.contributions.household_balances(c.id)
    if not balances:
        return ft.Text(t("contrib.households_empty"), size=theme.BODY, color=theme.MUTED)
    rows: list[ft.Control] = []
    for i, b in enumerate(balances):
        rows.append(tid(f"balance-row-{i}", ft.Container(
            content=ft.Column([
                ft.Row([ft.Text(b.head_name or "—", size=theme.BODY, weight=ft.FontWeight.W_600,
                                expand=True),
                        ft.Text(t.label("kind", b.kind), size=theme.SMALL, color=theme.MUTED)]),
                ft.Text(t("contrib.household_total",
                          pledged=fmt_amount(shell, b.kind, b.pledged),
                          received=fmt_amount(shell, b.kind, b.received),
                          balance=fmt_amount(shell, b.kind, b.outstanding)),
                        size=theme.SMALL),
            ], spacing=2),
            padding=ft.Padding.symmetric(vertical=8, horizontal=10),
            border=ft.Border.only(bottom=ft.BorderSide(1, "#E1E6EB")),
        )))
    return ft.Column(rows, spacing=0)


def _ledger(shell: Shell, c: CampaignRow) -> ft.Control:
    t = shell.t
    entries = shell.app.contributions.entries(c.id)
    if not entries:
        return ft.Text(t("contrib.entries_empty"), size=theme.BODY, color=theme.MUTED)
    names = {h.id: h.head_name for h in shell.app.households.list(limit=None)}
    by_id = {e.id: e for e in entries}
    rows: list[ft.Control] = []
    for i, e in enumerate(reversed(entries)):
        rows.append(tid(f"entry-row-{i}", _entry_row(shell, e, names, by_id, f"entry-{i}")))
    return ft.Column(rows, spacing=0)


def _entry_row(shell: Shell, e: ContributionEntryRow, names: dict[str, str],
               by_id: dict[str, ContributionEntryRow], identifier: str) -> ft.Control:
    t = shell.t
    original = by_id.get(e.reverses_id) if e.reverses_id else None
    kind = original.kind if original else e.kind
    quantity = original.quantity if original else e.quantity
    line = " · ".join(x for x in (format_date(e.recorded_on), names.get(e.household_id, ""),
                                  e.receipt_no or "") if x)
    tags: list[ft.Control] = [chip(t.label("entry_type", e.entry_type),
                                   "danger" if e.entry_type == "reversal" else
                                   ("success" if e.entry_type == "receipt" else "info"))]
    if e.reversed_by:
        tags.append(chip(t("contrib.reversed"), "muted"))
    if e.sync_state != "synced":
        tags.append(sync_chip(t, e.sync_state))
    actions: list[ft.Control] = []
    if e.entry_type == "receipt" and not e.reversed_by:
        actions.append(tid(f"{identifier}-receipt", ft.IconButton(
            ft.Icons.RECEIPT_LONG, tooltip=t("receipt.button"),
            on_click=lambda _: shell.app.export_receipt(shell, e.id))))
    if e.entry_type != "reversal" and not e.reversed_by:
        actions.append(tid(f"{identifier}-reverse", ft.IconButton(
            ft.Icons.UNDO, tooltip=t("contrib.reverse"),
            on_click=lambda _: _ask_reverse(shell, e))))
    amount = fmt_amount(shell, kind, quantity)
    return ft.Container(
        content=ft.Row([
            ft.Column([
                ft.Text(("− " if e.entry_type == "reversal" else "") + amount, size=theme.BODY,
                        weight=ft.FontWeight.W_600),
                ft.Text(line, size=theme.SMALL, color=theme.MUTED),
                ft.Row(tags, spacing=4, wrap=True),
            ], spacing=2, expand=True),
            *actions,
        ]),
        padding=ft.Padding.symmetric(vertical=8, horizontal=6),
        border=ft.Border.only(bottom=ft.BorderSide(1, "#E1E6EB")),
    )


def _open_record_form(shell: Shell, campaign_id: str) -> None:
    shell.open("contribution_form", campaign_id)


def _ask_reverse(shell: Shell, e: ContributionEntryRow) -> None:
    t = shell.t
    note = text_input(t("contrib.reverse_note"))
    shell.confirm(
        title=t("contrib.reverse"),
        body=ft.Column([ft.Text(t("contrib.reverse_confirm"), size=theme.BODY),
                        tid("reverse-note", note)], tight=True, spacing=12),
        actions=[(t("common.confirm"),
                  lambda: shell.app.reverse_entry(shell, e.id, note=note.value),
                  "reverse-confirm")],
        identifier="reverse",
    )


__all__ = ["campaign_builder"]
