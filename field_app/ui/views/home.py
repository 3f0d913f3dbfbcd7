"""UI layer: the Home screen: the group, the counts that matter, sync, next dialogue day."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.ui import screens, theme
from field_app.ui.components.sync_strip import sync_banner
from field_app.ui.navigation import Screen
from field_app.ui.screens import page
from field_app.ui.views.petition_form import NEW_PETITION_DRAFT
from field_app.wire.formats import format_date

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

PETITIONS_TAB = 1


def _count_tile(shell: Shell, *, label: str, value: int, tone: str, icon: ft.IconData,
                identifier: str, status_filter: str | None) -> ft.Control:
    bg, fg = theme.TONES[tone if value else "neutral"]

    def open_list(_: object) -> None:
        shell.app.petition_filter = status_filter
        shell.go_tab(PETITIONS_TAB)

    return ft.Semantics(
        identifier=identifier,
        expand=True,
        content=ft.Container(
            content=ft.Column(
                [ft.Row([ft.Icon(icon, color=fg, size=20),
                         ft.Text(str(value), size=28, weight=ft.FontWeight.BOLD, color=fg)],
                        spacing=6),
                 ft.Text(label, size=theme.SMALL, color=fg, weight=ft.FontWeight.W_500,
                         max_lines=2)],
                spacing=2,
            ),
            bgcolor=bg, border_radius=12, padding=theme.PAD, expand=True,
            on_click=open_list, ink=True, height=96,
        ),
    )


@page('home')
def home(shell: Shell) -> Screen:
    t = shell.t
    app = shell.app
    enrollment = app.enrollment
    counts = app.petition_counts()
    header = ft.Column(
        [ft.Semantics(identifier="home-group",
                      content=ft.Text(enrollment.group_name if enrollment else "",
                                      size=22, weight=ft.FontWeight.BOLD)),
         ft.Text(enrollment.ward_name if enrollment else "", size=theme.BODY, color=theme.MUTED)],
        spacing=0,
    )
    tiles = ft.Column([
        ft.Row([
            _count_tile(shell, label=t("home.waiting"), value=counts.waiting_to_send,
                        tone="warning", icon=ft.Icons.SCHEDULE_SEND, identifier="count-waiting",
                        status_filter="@pending"),
            _count_tile(shell, label=t("home.open"), value=counts.open, tone="info",
                        icon=ft.Icons.HOURGLASS_TOP, identifier="count-open",
                        status_filter="@open"),
        ], spacing=10),
        ft.Row([
            _count_tile(shell, label=t("home.to_report"), value=counts.awaiting_report_back,
                        tone="success", icon=ft.Icons.CAMPAIGN, identifier="count-to-report",
                        status_filter="answered"),
            _count_tile(shell, label=t("home.overdue"), value=counts.overdue, tone="danger",
                        icon=ft.Icons.ALARM, identifier="count-overdue",
                        status_filter="@overdue"),
        ], spacing=10),
    ], spacing=10)
    banner = ft.Container(content=sync_banner(shell.app))

    def show_status() -> None:
        banner.content = sync_banner(shell.app)

    parts: list[ft.Control] = [header, banner, _new_answers(shell), tiles]
    if counts.rejected:
        from field_app.ui.components.states import info_banner

        parts.append(info_banner(t("home.rejected_warning", n=counts.rejected), tone="danger",
                                 icon=ft.Icons.ERROR_OUTLINE, identifier="home-rejected"))
    parts.append(_draft_banner(shell))
    parts.extend(_other_drafts(shell))
    parts.append(_next_dialogue(shell))
    parts.extend(_monthly(shell))
    parts.append(ft.Semantics(
        identifier="home-new-petition",
        content=ft.FilledButton(t("home.new_petition"), icon=ft.Icons.ADD_COMMENT,
                                height=56, expand=True,
                                on_click=lambda _: shell.app.open_new_petition(shell)),
    ))
    parts.append(ft.Container(height=16))
    return Screen(t("app.name"), ft.Column(parts, spacing=14), on_status=show_status)


def _new_answers(shell: Shell) -> ft.Control:
    """A badge for the ward's answers the leader has not opened yet, each one tap away."""
    ids = shell.app.store.answers.ids()
    if not ids:
        return ft.Container(visible=False)
    bg, fg = theme.TONES["success"]
    lines: list[ft.Control] = [ft.Row([
        ft.Container(content=ft.Text(str(len(ids)), size=theme.BODY, color=ft.Colors.WHITE,
                                     weight=ft.FontWeight.BOLD),
                     bgcolor=theme.DANGER, border_radius=12, padding=ft.Padding.symmetric(
                         horizontal=9, vertical=2)),
        ft.Text(shell.t("answers.home", n=len(ids)), size=theme.BODY, color=fg,
                weight=ft.FontWeight.W_600, expand=True),
    ], spacing=8)]
    for index, petition_id in enumerate(ids[:3]):
        petition = shell.app.petitions.get(petition_id)
        if petition is None:
            continue
        lines.append(ft.Semantics(identifier=f"home-answer-{index}", content=ft.Container(
            content=ft.Row([ft.Icon(ft.Icons.MARK_EMAIL_UNREAD, size=18, color=fg),
                            ft.Text(petition.title or "…", size=theme.BODY, expand=True,
                                    max_lines=2, overflow=ft.TextOverflow.ELLIPSIS),
                            ft.Icon(ft.Icons.CHEVRON_RIGHT, color=fg)], spacing=6),
            padding=ft.Padding.symmetric(vertical=6), ink=True,
            on_click=lambda _, pid=petition_id: shell.open("petition_detail", pid),
        )))
    return ft.Semantics(identifier="home-new-answers", content=ft.Container(
        content=ft.Column(lines, spacing=2), bgcolor=bg, border_radius=12, padding=theme.PAD))


def _draft_banner(shell: Shell) -> ft.Control:
    """A petition typed halfway (the app was closed or killed): one tap to go on."""
    draft = shell.app.store.drafts.get(NEW_PETITION_DRAFT)
    if draft is None:
        return ft.Container(visible=False)
    what = str(draft.data.get("title") or draft.data.get("description") or "").strip()
    return ft.Semantics(identifier="home-draft", content=ft.Container(
        content=ft.Row([
            ft.Icon(ft.Icons.EDIT_NOTE, color=theme.PRIMARY),
            ft.Text(shell.t("draft.home", what=what[:60] or "…"), size=theme.BODY, expand=True),
            ft.Icon(ft.Icons.CHEVRON_RIGHT, color=theme.PRIMARY),
        ], spacing=8),
        bgcolor=theme.SURFACE_ALT, border_radius=12, padding=theme.PAD, ink=True,
        on_click=lambda _: shell.app.open_new_petition(shell),
    ))


def _other_drafts(shell: Shell) -> list[ft.Control]:
    """New households, meetings and contributions typed halfway: one tap to go on."""
    shown: list[ft.Control] = []
    for draft in shell.app.store.drafts.all():
        data = draft.data
        if draft.form == "household:new":
            what, builder = shell.t("draft.home_household", what=str(
                data.get("head_name") or "…")), screens.builder("household_form", None)
        elif draft.form == "meeting:new":
            what, builder = shell.t("draft.home_meeting", what=str(
                data.get("title") or "…")), screens.builder("session", None)
        elif draft.form.startswith("contribution:"):
            campaign = shell.app.contributions.campaign(draft.form.split(":", 1)[1])
            if campaign is None:
                continue
            what, builder = shell.t("draft.home_contribution", what=campaign.title), \
                screens.builder("contribution_form", campaign.id)
        else:
            continue
        shown.append(ft.Semantics(identifier=f"home-draft-{draft.form.split(':')[0]}",
                                  content=ft.Container(
            content=ft.Row([
                ft.Icon(ft.Icons.EDIT_NOTE, color=theme.PRIMARY),
                ft.Text(what[:90], size=theme.BODY, expand=True),
                ft.Icon(ft.Icons.CHEVRON_RIGHT, color=theme.PRIMARY),
            ], spacing=8),
            bgcolor=theme.SURFACE_ALT, border_radius=12, padding=theme.PAD, ink=True,
            on_click=lambda _, b=builder: shell.push(b),
        )))
    return shown


def _next_dialogue(shell: Shell) -> ft.Control:
    t = shell.t
    session = shell.app.next_ward_dialogue()
    if session is None:
        body: ft.Control = ft.Text(t("home.no_dialogue"), size=theme.BODY, color=theme.MUTED)
    else:
        lines: list[ft.Control] = [ft.Text(format_date(session.scheduled_on), size=22,
                                           weight=ft.FontWeight.BOLD)]
        if session.title:
            lines.append(ft.Text(session.title, size=theme.BODY))
        if session.place:
            lines.append(ft.Row([ft.Icon(ft.Icons.PLACE, size=18, color=theme.MUTED),
                                 ft.Text(session.place, size=theme.BODY, expand=True)], spacing=4))
        body = ft.Column(lines, spacing=2)
    return ft.Semantics(
        identifier="home-next-dialogue",
        content=ft.Container(
            content=ft.Column([
                ft.Row([ft.Icon(ft.Icons.EVENT, color=theme.PRIMARY),
                        ft.Text(t("home.next_dialogue"), size=theme.BODY,
                                weight=ft.FontWeight.W_600, color=theme.PRIMARY)], spacing=8),
                body,
            ], spacing=6),
            border=ft.Border.all(1, "#C9D3DD"), border_radius=12, padding=theme.PAD,
        ),
    )


def _monthly(shell: Shell) -> list[ft.Control]:
    """This month's report (one tap to it) and, when this period's giao ban is not recorded
    yet, a reminder that opens the meeting form as a giao ban."""
    from field_app.wire.formats import today_vn
    from field_app.wire.periods import month_of

    t = shell.t
    store = shell.app.store.group_reports
    month = month_of(today_vn())
    row = store.for_month(month)
    state = ("home_not_sent" if row is None else "home_sent" if row.sync_state == "synced"
             else "home_waiting")
    shown: list[ft.Control] = [_link(
        "home-group-report", ft.Icons.ASSIGNMENT,
        f"{t('greport.home', month=f'{month[5:]}/{month[:4]}')}: {t('greport.' + state)}",
        lambda _: shell.open("group_report"), tone=None)]
    period = store.briefing_missing()
    if period is not None:
        shown.append(_link("home-briefing-missing", ft.Icons.GROUPS,
                           f"{t('greport.briefing_missing', period=period)} "
                           f"{t('greport.briefing_record')}.",
                           lambda _: shell.open("session", None, kind="briefing"),
                           tone="warning"))
    return shown


def _link(identifier: str, icon: ft.IconData, text: str, on_click: Any,
          tone: str | None) -> ft.Control:
    bg, fg = theme.TONES[tone] if tone else (theme.SURFACE_ALT, theme.PRIMARY)
    return ft.Semantics(identifier=identifier, content=ft.Container(
        content=ft.Row([
            ft.Icon(icon, color=fg),
            ft.Text(text, size=theme.BODY, expand=True, color=fg if tone else None),
            ft.Icon(ft.Icons.CHEVRON_RIGHT, color=fg),
        ], spacing=8),
        bgcolor=bg, border_radius=12, padding=theme.PAD, ink=True, on_click=on_click,
    ))
