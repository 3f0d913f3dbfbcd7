"""UI layer: recording one contribution (a receipt or a pledge) of a household.

Money is typed as people write it (3.500.000, 3tr5, 500k) and read back under the field
as it is typed (= 3.500.000 ₫); one tap fills in the campaign's Mức vận động.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import CampaignRow
from field_app.ui import theme
from field_app.ui.components.drafts import DraftKeeper
from field_app.ui.components.fields import (
    dropdown,
    primary_button,
    secondary_button,
    set_error,
    text_input,
    tid,
)
from field_app.ui.components.money import MoneyField
from field_app.ui.components.pickers import household_picker
from field_app.ui.components.states import empty_state
from field_app.ui.navigation import Builder, Screen
from field_app.ui.parsing import parse_optional_date, parse_quantity
from field_app.ui.screens import screen
from field_app.wire.formats import format_date, format_vnd, today_vn
from field_app.wire.money import format_vnd_plain
from field_app.wire.records import MAX_QUANTITY, ContributionKind

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

MONEY = ContributionKind.MONEY_VND.value


@screen('contribution_form')
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
    household = household_picker(t, t("contrib.household"), households,
                                 identifier="rf-household")
    entry_type = dropdown(t("contrib.entry_type"),
                          t.choices("entry_type", ["receipt", "pledge"]), value="receipt")
    kinds = [str(k) for k in c.unit_kinds] or [ContributionKind.MONEY_VND.value]
    kind = dropdown(t("contrib.kind"), t.choices("kind", kinds), value=kinds[0])
    amount_field = MoneyField(t, label=_quantity_label(shell, kinds[0]), identifier="rf-quantity",
                              is_money=lambda: (kind.value or kinds[0]) == MONEY)
    quantity = amount_field.input
    suggested = _suggested_button(shell, c, amount_field)

    def on_kind(_: Any) -> None:
        k = kind.value or kinds[0]
        quantity.label = _quantity_label(shell, k)
        quantity.keyboard_type = ft.KeyboardType.TEXT if k == MONEY else ft.KeyboardType.NUMBER
        suggested.visible = k == MONEY and bool(c.suggested_per_household)
        amount_field.show_reading()
        shell.page.update()

    kind.on_select = on_kind
    suggested.visible = kinds[0] == MONEY and bool(c.suggested_per_household)
    recorded_on = text_input(t("contrib.date"), value=format_date(today_vn()))
    receipt_no = text_input(t("contrib.receipt_no"))
    collector = text_input(t("contrib.collector"), value=app.user_name())
    note = text_input(t("contrib.note"))
    draft = DraftKeeper.bind(shell, f"contribution:{campaign_id}", {
        "household_id": household, "entry_type": entry_type, "kind": kind,
        "quantity": quantity, "recorded_on": recorded_on, "receipt_no": receipt_no,
        "collector": collector, "note": note})
    if draft.found is not None:
        k = kind.value or kinds[0]
        quantity.label = _quantity_label(shell, k)
        suggested.visible = k == MONEY and bool(c.suggested_per_household)
        amount_field.show_reading()

    def save(_: Any) -> None:
        for control in (household, quantity, recorded_on):
            set_error(control, None)
        ok = True
        ids = {h.id for h in households}
        if household.value not in ids:
            set_error(household, t("contrib.err_household"))
            ok = False
        k = kind.value or kinds[0]
        amount: int | Decimal | None
        if k == MONEY:
            amount = amount_field.check()
            if amount is not None and amount > MAX_QUANTITY[ContributionKind.MONEY_VND]:
                set_error(quantity, t("money.too_large"))
                amount = None
        else:
            amount = _parse_quantity(k, quantity.value)
            if amount is None:
                set_error(quantity, t("contrib.err_quantity"))
        if amount is None:
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
            note=(note.value or "").strip() or None, draft=draft,
        )

    body = ft.Column([
        draft.banner(on_discard=lambda: shell.replace(record_form_builder(campaign_id))),
        ft.Text(c.title, size=theme.BODY, weight=ft.FontWeight.W_600),
        household.control, tid("rf-entry-type", entry_type),
        tid("rf-kind", kind),
        amount_field.control, suggested, tid("rf-date", recorded_on), tid("rf-receipt", receipt_no),
        tid("rf-collector", collector), tid("rf-note", note),
        primary_button(t("common.save"), save, icon=ft.Icons.SAVE, identifier="rf-save",
                       expand=True),
        ft.Container(height=24),
    ], spacing=12)
    return Screen(t("contrib.record"), body, is_form=True)


def _add_household(shell: Shell) -> None:
    shell.open("household_form", None)


def _quantity_label(shell: Shell, kind: str) -> str:
    if kind == ContributionKind.MONEY_VND:
        return shell.t("contrib.amount")
    return shell.t("contrib.quantity", unit=shell.t(f"unit.{kind}"))


def _suggested_button(shell: Shell, c: CampaignRow, amount: MoneyField) -> ft.Control:
    """One tap fills in the campaign's suggested amount per household (Mức vận động)."""
    per_household = int(c.suggested_per_household or 0)

    def fill(_: Any) -> None:
        amount.set_value(format_vnd_plain(per_household))
        shell.page.update()

    return secondary_button(shell.t("contrib.use_suggested", amount=format_vnd(per_household)),
                            fill, icon=ft.Icons.PAID, identifier="rf-use-suggested")


def _parse_quantity(kind: str, text: str | None) -> Decimal | None:
    """Land, walls, workdays...: a decimal quantity above 0 and under the kind's limit."""
    value = parse_quantity(text)
    if value is None or value <= 0 or value > MAX_QUANTITY[ContributionKind(kind)]:
        return None
    return value


__all__ = ["record_form_builder"]
