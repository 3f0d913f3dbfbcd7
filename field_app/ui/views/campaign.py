"""UI layer: one campaign: totals per kind, households' balances, the ledger, recording.

Entries are never edited: a mistake is cancelled with a reversal line, and the public
transparency sheet (PDF) is exported from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import CampaignRow, ContributionEntryRow
from field_app.ui import theme
from field_app.ui.components.chips import chip, sync_chip
from field_app.ui.components.fields import (
    dropdown,
    primary_button,
    secondary_button,
    section,
    set_error,
    text_input,
    tid,
)
from field_app.ui.components.states import empty_state
from field_app.ui.parsing import parse_money, parse_optional_date, parse_quantity
from field_app.ui.shell import Builder, Screen
from field_app.ui.views.contributions import fmt_amount, totals_block
from field_app.wire.formats import format_date, format_vnd, today_vn
from field_app.wire.records import MAX_QUANTITY, ContributionKind

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


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
        primary_button(t("contrib.record"), lambda _: shell.push(record_form_builder(c.id)),
                       icon=ft.Icons.ADD_CARD, identifier="campaign-record"),
        secondary_button(t("contrib.export_pdf"), lambda _: shell.app.export_sheet(shell, c.id),
                         icon=ft.Icons.PICTURE_AS_PDF, identifier="campaign-export"),
    ], wrap=True, spacing=8, run_spacing=8))
    parts.append(section(t("contrib.households")))
    parts.append(_balances(shell, c))
    parts.append(section(t("contrib.entries")))
    parts.append(_ledger(shell, c))
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


def record_form_builder(campaign_id: str) -> Builder:
    return lambda shell: record_form(shell, campaign_id)


def record_form(shell: Shell, campaign_id: str) -> Screen:
    t = shell.t
    app = shell.app
    c = app.contributions.campaign(campaign_id)
    if c is None:
        return Screen(t("contrib.record"), empty_state(icon=ft.Icons.SEARCH_OFF,
                                                       title=t("pdetail.not_found")))
    households = app.households.list(limit=None)
    if not households:
        return Screen(t("contrib.record"), empty_state(
            icon=ft.Icons.HOME_OUTLINED, title=t("hh.empty"), hint=t("contrib.households_empty"),
            action_text=t("hh.add"), identifier="record-no-households",
            on_action=lambda _: _add_household(shell)))
    household = dropdown(t("contrib.household"),
                         [(h.id, f"{h.head_name} – {h.address}" if h.address else h.head_name)
                          for h in households])
    household.enable_filter = True
    household.editable = True
    entry_type = dropdown(t("contrib.entry_type"),
                          t.choices("entry_type", ["receipt", "pledge"]), value="receipt")
    kinds = [str(k) for k in c.unit_kinds] or [ContributionKind.MONEY_VND.value]
    kind = dropdown(t("contrib.kind"), t.choices("kind", kinds), value=kinds[0])
    quantity = text_input(_quantity_label(shell, kinds[0]), keyboard=ft.KeyboardType.NUMBER)

    def on_kind(_: Any) -> None:
        quantity.label = _quantity_label(shell, kind.value or kinds[0])
        quantity.update()

    kind.on_select = on_kind
    recorded_on = text_input(t("contrib.date"), value=format_date(today_vn()))
    receipt_no = text_input(t("contrib.receipt_no"))
    collector = text_input(t("contrib.collector"), value=app.user_name())
    note = text_input(t("contrib.note"))

    def save(_: Any) -> None:
        for control in (household, quantity, recorded_on):
            set_error(control, None)
        ok = True
        ids = {h.id for h in households}
        if household.value not in ids:
            set_error(household, t("contrib.err_household"))
            ok = False
        k = kind.value or kinds[0]
        amount = _parse_amount(k, quantity.value)
        if amount is None:
            set_error(quantity, t("contrib.err_quantity_int") if k == "money_vnd"
                      else t("contrib.err_quantity"))
            ok = False
        day, day_ok = parse_optional_date(recorded_on.value)
        if not day_ok:
            set_error(recorded_on, t("common.err_date"))
            ok = False
        if not ok or amount is None:
            shell.page.update()
            return
        app.record_contribution(
            shell, campaign_id=campaign_id, household_id=household.value or "",
            entry_type=entry_type.value or "receipt", kind=k, quantity=amount,
            recorded_on=day or today_vn(), receipt_no=(receipt_no.value or "").strip() or None,
            collector=(collector.value or "").strip() or None,
            note=(note.value or "").strip() or None,
        )

    body = ft.Column([
        ft.Text(c.title, size=theme.BODY, weight=ft.FontWeight.W_600),
        tid("rf-household", household), tid("rf-entry-type", entry_type), tid("rf-kind", kind),
        tid("rf-quantity", quantity), tid("rf-date", recorded_on), tid("rf-receipt", receipt_no),
        tid("rf-collector", collector), tid("rf-note", note),
        primary_button(t("common.save"), save, icon=ft.Icons.SAVE, identifier="rf-save",
                       expand=True),
        ft.Container(height=24),
    ], spacing=12)
    return Screen(t("contrib.record"), body, is_form=True)


def _add_household(shell: Shell) -> None:
    from field_app.ui.views.households import household_form_builder

    shell.push(household_form_builder(None))


def _quantity_label(shell: Shell, kind: str) -> str:
    if kind == ContributionKind.MONEY_VND:
        return shell.t("contrib.amount")
    return shell.t("contrib.quantity", unit=shell.t(f"unit.{kind}"))


def _parse_amount(kind: str, text: str | None) -> Any:
    if kind == ContributionKind.MONEY_VND:
        money = parse_money(text)
        if money is None or money <= 0 or money > MAX_QUANTITY[ContributionKind.MONEY_VND]:
            return None
        return money
    value = parse_quantity(text)
    if value is None or value <= 0 or value > MAX_QUANTITY[ContributionKind(kind)]:
        return None
    return value


__all__ = ["campaign_builder", "record_form_builder"]
