"""UI layer: contribution campaigns: list with progress per kind, and a new-campaign form."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import CampaignRow, KindTotals
from field_app.ui import theme
from field_app.ui.components.chips import sync_chip
from field_app.ui.components.fields import fab, primary_button, set_error, text_input, tid
from field_app.ui.components.money import MoneyField
from field_app.ui.components.states import empty_state
from field_app.ui.navigation import Builder, Screen
from field_app.ui.parsing import parse_optional_date
from field_app.ui.screens import page
from field_app.wire.formats import format_date, format_quantity, format_vnd
from field_app.wire.records import ContributionKind

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


def fmt_amount(shell: Shell, kind: str, value: Decimal | int | str | None) -> str:
    """Money as 3.500.000 ₫; other kinds with their unit (m², công...)."""
    if value is None:
        return "—"
    if kind == ContributionKind.MONEY_VND:
        return format_vnd(value)
    return format_quantity(value, shell.t(f"unit.{kind}"))


def totals_block(shell: Shell, totals: KindTotals, *, prefix: str) -> ft.Control:
    """Pledged / received / target for one kind, with a progress bar toward the target."""
    t = shell.t
    target = totals.target
    basis = target if target else totals.pledged
    ratio = float(totals.received / basis) if basis else 0.0
    lines: list[ft.Control] = [
        ft.Text(t.label("kind", totals.kind), size=theme.BODY, weight=ft.FontWeight.W_600),
        ft.ResponsiveRow([
            _figure(t("contrib.pledged"), fmt_amount(shell, totals.kind, totals.pledged),
                    f"{prefix}-pledged-{totals.kind}"),
            _figure(t("contrib.received"), fmt_amount(shell, totals.kind, totals.received),
                    f"{prefix}-received-{totals.kind}"),
            _figure(t("contrib.target"), fmt_amount(shell, totals.kind, target) if target
                    else t("contrib.no_target"), f"{prefix}-target-{totals.kind}"),
        ], spacing=6, run_spacing=4),
        ft.ProgressBar(value=min(ratio, 1.0), color=theme.SUCCESS, bgcolor="#DDE3E9",
                       bar_height=8, border_radius=4),
    ]
    if target:
        lines.append(ft.Text(t("contrib.progress", pct=int(ratio * 100)), size=theme.SMALL,
                             color=theme.MUTED))
    return ft.Column(lines, spacing=4)


def _figure(label: str, value: str, identifier: str) -> ft.Control:
    return ft.Column([
        ft.Text(label, size=12, color=theme.MUTED),
        tid(identifier, ft.Text(value, size=theme.BODY, weight=ft.FontWeight.BOLD)),
    ], spacing=0, col={"xs": 4})


@page('contributions')
def contributions(shell: Shell) -> Screen:
    t = shell.t
    campaigns = shell.app.contributions.campaigns()
    if campaigns:
        body: ft.Control = ft.Column(
            [_campaign_card(shell, c, i) for i, c in enumerate(campaigns)]
            + [ft.Container(height=72)], spacing=10)
    else:
        body = empty_state(icon=ft.Icons.VOLUNTEER_ACTIVISM, title=t("contrib.empty"),
                           hint=t("contrib.empty_hint"), action_text=t("contrib.new_campaign"),
                           on_action=lambda _: shell.push(campaign_form_builder()),
                           identifier="campaigns-empty")
    action = fab(t("contrib.new_campaign"), ft.Icons.ADD,
                 lambda _: shell.push(campaign_form_builder()))
    return Screen(t("contrib.title"), body, fab=action)


def _campaign_card(shell: Shell, c: CampaignRow, index: int) -> ft.Control:
    t = shell.t
    totals = shell.app.contributions.totals(c.id)
    header: list[ft.Control] = [ft.Text(c.title, size=theme.BODY + 2, weight=ft.FontWeight.BOLD,
                                        expand=True)]
    if c.sync_state != "synced":
        header.append(sync_chip(t, c.sync_state))
    parts: list[ft.Control] = [ft.Row(header, spacing=6,
                                      vertical_alignment=ft.CrossAxisAlignment.START)]
    if c.starts_on or c.ends_on:
        parts.append(ft.Text(t("contrib.dates", start=format_date(c.starts_on),
                                end=format_date(c.ends_on)), size=theme.SMALL, color=theme.MUTED))
    parts += [totals_block(shell, k, prefix=f"campaign-{index}") for k in totals.values()]
    return tid(f"campaign-row-{index}", ft.Container(
        content=ft.Column(parts, spacing=8), padding=theme.PAD,
        border=ft.Border.all(1, "#D5DCE3"), border_radius=12, ink=True,
        on_click=lambda _: shell.open("campaign", c.id),
    ))


def campaign_form_builder() -> Builder:
    return campaign_form


def campaign_form(shell: Shell) -> Screen:
    t = shell.t
    title = text_input(t("campaign.title"))
    purpose = text_input(t("campaign.purpose"), multiline=True)
    kinds = {k.value: ft.Checkbox(label=t.label("kind", k.value),
                                  value=k == ContributionKind.MONEY_VND) for k in ContributionKind}
    target = MoneyField(t, label=t("campaign.target_money"), identifier="cf-target")
    suggested = MoneyField(t, label=t("campaign.suggested"), identifier="cf-suggested")
    instalments = text_input(t("campaign.instalments"), value="1", keyboard=ft.KeyboardType.NUMBER)
    starts = text_input(t("campaign.starts"), hint=t("common.date_hint"))
    ends = text_input(t("campaign.ends"), hint=t("common.date_hint"))

    def save(_: Any) -> None:
        ok = True
        for c in (title, instalments, starts, ends):
            set_error(c, None)
        if not (title.value or "").strip():
            set_error(title, t("campaign.err_title"))
            ok = False
        money_target = target.check(required=False)  # blank: no expected total
        per_household = suggested.check(required=False)
        if money_target is None or per_household is None:
            ok = False
        n = instalments.value.strip() if instalments.value else "1"
        if not n.isdigit() or not 1 <= int(n) <= 60:
            set_error(instalments, t("campaign.err_instalments"))
            ok = False
        start_on, start_ok = parse_optional_date(starts.value)
        end_on, end_ok = parse_optional_date(ends.value)
        if not start_ok:
            set_error(starts, t("common.err_date"))
        if not end_ok:
            set_error(ends, t("common.err_date"))
        if not (ok and start_ok and end_ok):
            shell.page.update()
            return
        chosen = [k for k, box in kinds.items() if box.value] or [ContributionKind.MONEY_VND.value]
        shell.app.create_campaign(
            shell, title=(title.value or "").strip(), purpose=(purpose.value or "").strip(),
            unit_kinds=chosen,
            target={"money_vnd": money_target} if money_target else {},
            suggested_per_household=per_household or None, instalments=int(n),
            starts_on=start_on, ends_on=end_on,
        )

    body = ft.Column([
        tid("cf-title", title), tid("cf-purpose", purpose),
        ft.Text(t("campaign.kinds"), size=theme.SMALL, color=theme.MUTED),
        ft.ResponsiveRow([ft.Container(tid(f"cf-kind-{k}", box), col={"xs": 6})
                          for k, box in kinds.items()], spacing=0, run_spacing=0),
        target.control, suggested.control,
        tid("cf-instalments", instalments),
        ft.Row([ft.Container(tid("cf-starts", starts), expand=True),
                ft.Container(tid("cf-ends", ends), expand=True)], spacing=8),
        primary_button(t("common.save"), save, icon=ft.Icons.SAVE, identifier="cf-save",
                       expand=True),
        ft.Container(height=24),
    ], spacing=12)
    return Screen(t("contrib.new_campaign"), body, is_form=True)
