"""UI layer: a campaign's expenses on the phone: the list, recording one, "Hủy khoản ghi".

Amounts are typed as people write them (3.500.000, 3tr5, 500k: wire.money) and read back
under the field; a line is never edited, a mistake is cancelled with its reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import CampaignExpenseRow
from field_app.ui import theme
from field_app.ui.components.chips import chip, sync_chip
from field_app.ui.components.fields import (
    primary_button,
    secondary_button,
    set_error,
    text_input,
    tid,
)
from field_app.ui.components.money import MoneyField
from field_app.ui.components.states import empty_state
from field_app.ui.navigation import Builder, Screen
from field_app.ui.parsing import parse_optional_date
from field_app.wire.formats import format_date, format_vnd, today_vn

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


def expenses_block(shell: Shell, campaign_id: str) -> ft.Control:
    """The expenses, the money spent, and the button to record one (on the campaign)."""
    t = shell.t
    repo = shell.app.store.expenses
    lines = repo.lines(campaign_id)
    parts: list[ft.Control] = [
        ft.Text(t("expense.spent", amount=format_vnd(repo.spent(campaign_id))),
                size=theme.BODY, weight=ft.FontWeight.W_600),
        secondary_button(t("expense.record"), lambda _: shell.push(expense_form_builder(
            campaign_id)), icon=ft.Icons.RECEIPT_LONG, identifier="campaign-expense-record"),
    ]
    if not lines:
        parts.append(ft.Text(t("expense.none"), size=theme.BODY, color=theme.MUTED))
    for i, e in enumerate(reversed(lines)):
        parts.append(tid(f"expense-row-{i}", _row(shell, e, f"expense-{i}")))
    return ft.Column(parts, spacing=6)


def _row(shell: Shell, e: CampaignExpenseRow, identifier: str) -> ft.Control:
    t = shell.t
    reversal = e.entry_type == "reversal"
    text = f"{t('expense.reversal')}: {e.note}" if reversal else e.purpose
    tags: list[ft.Control] = []
    if reversal:
        tags.append(chip(t("expense.reversal"), "danger"))
    if e.reversed_by:
        tags.append(chip(t("expense.reversed"), "muted"))
    if e.sync_state != "synced":
        tags.append(sync_chip(t, e.sync_state))
    actions: list[ft.Control] = []
    if not reversal and not e.reversed_by:
        actions.append(tid(f"{identifier}-reverse", ft.IconButton(
            ft.Icons.UNDO, tooltip=t("expense.reverse"), on_click=lambda _: _ask(shell, e))))
    line = " · ".join(x for x in (format_date(e.spent_on), e.payee or "", e.receipt_no or "")
                      if x)
    return ft.Container(content=ft.Row([ft.Column([
        ft.Text(("− " if reversal else "") + format_vnd(e.amount_vnd), size=theme.BODY,
                weight=ft.FontWeight.W_600),
        ft.Text(text, size=theme.SMALL), ft.Text(line, size=theme.SMALL, color=theme.MUTED),
        ft.Row(tags, spacing=4, wrap=True)], spacing=2, expand=True), *actions]),
        padding=ft.Padding.symmetric(vertical=8, horizontal=6),
        border=ft.Border.only(bottom=ft.BorderSide(1, "#E1E6EB")))


def _ask(shell: Shell, e: CampaignExpenseRow) -> None:
    t = shell.t
    reason = text_input(t("expense.reason"))

    def confirm() -> None:
        if not (reason.value or "").strip():
            set_error(reason, t("expense.reason_needed"))
            shell.page.update()
            return
        shell.app.reverse_expense(shell, e.id, reason=(reason.value or "").strip())

    shell.confirm(title=t("expense.reverse"),
                  body=ft.Column([ft.Text(t("expense.reverse_confirm"), size=theme.BODY),
                                  tid("expense-reason", reason)], tight=True, spacing=12),
                  actions=[(t("common.confirm"), confirm, "expense-reverse-confirm")],
                  identifier="expense-reverse")


def expense_form_builder(campaign_id: str) -> Builder:
    return lambda shell: expense_form(shell, campaign_id)


def expense_form(shell: Shell, campaign_id: str) -> Screen:
    t = shell.t
    c = shell.app.contributions.campaign(campaign_id)
    if c is None:
        return Screen(t("expense.record"), empty_state(icon=ft.Icons.SEARCH_OFF,
                                                       title=t("pdetail.not_found")))
    amount = MoneyField(t, label=t("contrib.amount"), identifier="ef-amount")
    spent_on = text_input(t("expense.date"), value=format_date(today_vn()))
    purpose = text_input(t("expense.purpose"))
    payee = text_input(t("expense.payee"))
    receipt_no = text_input(t("contrib.receipt_no"))

    def save(_: Any) -> None:
        for control in (spent_on, purpose):
            set_error(control, None)
        value = amount.check()
        day, day_ok = parse_optional_date(spent_on.value)
        if not day_ok:
            set_error(spent_on, t("common.err_date"))
        what = (purpose.value or "").strip()
        if not what:
            set_error(purpose, t("expense.purpose_needed"))
        if value is None or not day_ok or not what:
            shell.page.update()
            return
        shell.app.record_expense(
            shell, campaign_id=campaign_id, amount_vnd=value, purpose=what,
            spent_on=day or today_vn(), payee=(payee.value or "").strip() or None,
            receipt_no=(receipt_no.value or "").strip() or None)

    body = ft.Column([
        ft.Text(c.title, size=theme.BODY, weight=ft.FontWeight.W_600),
        amount.control, tid("ef-date", spent_on), tid("ef-purpose", purpose),
        tid("ef-payee", payee), tid("ef-receipt", receipt_no),
        primary_button(t("common.save"), save, icon=ft.Icons.SAVE, identifier="ef-save",
                       expand=True),
        ft.Container(height=24),
    ], spacing=12)
    return Screen(t("expense.record"), body, is_form=True)


__all__ = ["expense_form_builder", "expenses_block"]
