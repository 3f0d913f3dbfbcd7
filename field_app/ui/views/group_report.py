"""UI layer: the group's monthly report (báo cáo tình hình tháng): the month's figures from
the group's own records, read-only, what the leader writes, "Gửi báo cáo" through the
outbox, and where this month's report stands (not sent, waiting, sent, month closed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import GroupReportRow
from field_app.ui import theme
from field_app.ui.components.drafts import DraftKeeper
from field_app.ui.components.fields import (
    primary_button,
    secondary_button,
    section,
    text_input,
    tid,
)
from field_app.ui.components.states import error_banner, info_banner
from field_app.ui.navigation import Builder, Screen
from field_app.ui.screens import page
from field_app.wire.codes import ErrorCode
from field_app.wire.formats import format_datetime, format_vnd, today_vn
from field_app.wire.periods import month_of, next_month, previous_month
from field_app.wire.records import GROUP_REPORT_FIGURES

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

WRITTEN = ("mood", "opinions", "hot_issues", "proposals")  # what the leader writes


@page("group_report")
def group_report(shell: Shell) -> Screen:
    """This month's report (from More and Home)."""
    return report_screen(shell, month_of(today_vn()))


def report_builder(month: str) -> Builder:
    return lambda shell: report_screen(shell, month)


def report_screen(shell: Shell, month: str) -> Screen:
    t = shell.t
    store = shell.app.store.group_reports
    row = store.for_month(month)
    label = f"{month[5:]}/{month[:4]}"
    fields = {k: text_input(t(f"greport.{k}"), value=getattr(row, k) if row else "",
                            multiline=True, max_length=10_000) for k in WRITTEN}
    draft = DraftKeeper.bind(shell, f"group_report:{month}", dict(fields))

    def send(_: Any) -> None:
        def said(key: str) -> str:
            return (fields[key].value or "").strip()

        store.submit(month, mood=said("mood"), opinions=said("opinions"),
                     hot_issues=said("hot_issues"), proposals=said("proposals"))
        draft.discard()
        shell.toast(t("greport.sent"))
        shell.replace(report_builder(month))

    status = ft.Container(content=_status(shell, row))

    def show_status() -> None:  # the sync went out or the ward refused: not a rebuild
        status.content = _status(shell, store.for_month(month))

    this_month = month_of(today_vn())
    pager: list[ft.Control] = [secondary_button(
        t("greport.previous"), lambda _: shell.replace(report_builder(previous_month(month))),
        icon=ft.Icons.CHEVRON_LEFT, identifier="greport-previous")]
    if month < this_month:
        pager.append(secondary_button(
            t("greport.next"), lambda _: shell.replace(report_builder(next_month(month))),
            icon=ft.Icons.CHEVRON_RIGHT, identifier="greport-next"))
    body = ft.Column([
        ft.Text(t("greport.month", month=label), size=theme.TITLE, weight=ft.FontWeight.W_600),
        status,
        draft.banner(on_discard=lambda: shell.replace(report_builder(month))),
        section(t("greport.figures")),
        ft.Text(t("greport.figures_hint"), size=theme.SMALL, color=theme.MUTED),
        _figures(shell, store.figures(month)),
        section(t("greport.written")),
        *[tid(f"greport-{k.replace('_', '-')}", fields[k]) for k in WRITTEN],
        primary_button(t("greport.send"), send, icon=ft.Icons.SEND, identifier="greport-send",
                       expand=True),
        ft.Row(pager, spacing=8, wrap=True),
        ft.Container(height=24),
    ], spacing=12)
    return Screen(t("greport.title"), body, is_form=True, on_status=show_status)


def _status(shell: Shell, row: GroupReportRow | None) -> ft.Control:
    t = shell.t
    if row is None:
        return info_banner(t("greport.state_not_sent"), tone="warning",
                           icon=ft.Icons.EDIT_NOTE, identifier="greport-status")
    if row.sync_state == "rejected":
        closed = row.sync_code == ErrorCode.GROUP_REPORT_MONTH_CLOSED
        head = t("greport.state_closed") if closed else t("sync_state.rejected")
        return error_banner(f"{head}. {t.error(row.sync_code, row.sync_message)}",
                            identifier="greport-status")
    if row.sync_state == "synced":
        return info_banner(t("greport.state_sent", at=format_datetime(
            row.received_at or row.submitted_at)), tone="success",
            icon=ft.Icons.CHECK_CIRCLE, identifier="greport-status")
    return info_banner(t("greport.state_waiting"), tone="info", icon=ft.Icons.SCHEDULE_SEND,
                       identifier="greport-status")


def _figures(shell: Shell, figures: dict[str, int]) -> ft.Control:
    t = shell.t
    lines: list[ft.Control] = []
    for key in GROUP_REPORT_FIGURES:
        value = figures.get(key, 0)
        shown = format_vnd(value) if key == "contributions_vnd" else str(value)
        lines.append(tid(f"greport-figure-{key}", ft.Row([
            ft.Text(t(f"greport.figure.{key}"), size=theme.BODY, expand=True),
            ft.Text(shown, size=theme.BODY, weight=ft.FontWeight.W_600),
        ], spacing=8)))
    return ft.Container(content=ft.Column(lines, spacing=6), bgcolor=theme.SURFACE_ALT,
                        border_radius=10, padding=theme.PAD)
