"""UI layer: the petition list with filters and diacritics-insensitive search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import PetitionRow
from field_app.ui import theme
from field_app.ui.components.chips import overdue_chip, status_chip, sync_chip
from field_app.ui.components.fields import dropdown, fab, tid
from field_app.ui.components.states import empty_state
from field_app.ui.navigation import Screen
from field_app.ui.screens import page
from field_app.wire.formats import format_date, today_vn
from field_app.wire.lifecycle import OPEN_STATUSES, running_deadline
from field_app.wire.records import Category, FieldOfWork, PetitionStatus

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

ALL = "*"
# pseudo statuses offered in the status filter
SPECIAL = ("@pending", "@open", "@overdue")


def is_overdue(p: PetitionRow) -> bool:
    deadline = running_deadline(p.status, p.ack_due, p.due_date)
    return bool(deadline and deadline < today_vn())


def petition_card(shell: Shell, p: PetitionRow, *, index: int) -> ft.Control:
    t = shell.t
    never_on_server = not p.version and p.sync_state != "synced"
    chips: list[ft.Control] = [] if never_on_server else [status_chip(t, p.status)]
    if p.sync_state != "synced":
        chips.append(sync_chip(t, p.sync_state))
    if is_overdue(p):
        chips.append(overdue_chip(t))
    who = t("petitions.anonymous") if p.anonymous else (p.citizen_name or "")
    meta = " · ".join(x for x in (format_date(p.received_at), t.label("category", p.category), who)
                      if x)
    title = p.title or (p.description[:80] if p.description else t("petitions.untitled"))

    def open_detail(_: Any) -> None:
        shell.open("petition_detail", p.id)

    return ft.Semantics(
        identifier=f"petition-row-{index}",
        content=ft.Container(
            content=ft.Column([
                ft.Text(title, size=theme.BODY + 1, weight=ft.FontWeight.W_600, max_lines=2,
                        overflow=ft.TextOverflow.ELLIPSIS),
                ft.Text(meta, size=theme.SMALL, color=theme.MUTED, max_lines=1,
                        overflow=ft.TextOverflow.ELLIPSIS),
                ft.Row(chips, spacing=6, wrap=True, run_spacing=4),
            ], spacing=4),
            padding=theme.PAD, border=ft.Border.all(1, "#D5DCE3"), border_radius=10,
            on_click=open_detail, ink=True,
        ),
    )


def _status_choices(shell: Shell) -> list[tuple[str, str]]:
    t = shell.t
    return [(ALL, t("common.all")), ("@pending", t("sync_state.pending")),
            ("@open", t("home.open")), ("@overdue", t("home.overdue"))] + [
        (s.value, t.label("status", s.value)) for s in PetitionStatus
    ]


def _query(shell: Shell) -> list[PetitionRow]:
    app = shell.app
    f = app.petition_filter
    repo = app.petitions
    field = app.petition_field
    category = app.petition_category
    q = app.petition_query
    if f == "@overdue":
        rows = [p for p in repo.list_overdue()
                if (not field or p.field == field) and (not category or p.category == category)]
        if q:
            found = {p.id for p in repo.list(query=q, limit=None)}
            rows = [p for p in rows if p.id in found]
        return rows
    status: Any = None
    sync_state = None
    at_ward = None
    if f == "@open":  # as Home counts it: the ward has them
        status = [s.value for s in OPEN_STATUSES]
        at_ward = True
    elif f == "@pending":
        sync_state = "pending"
    elif f:
        status = f
    return repo.list(status=status, field=field, category=category, query=q or None,
                     sync_state=sync_state, at_ward=at_ward, limit=300)


@page('petitions')
def petitions(shell: Shell) -> Screen:
    t = shell.t
    app = shell.app
    results = ft.Column(spacing=8)
    counter = ft.Text(size=theme.SMALL, color=theme.MUTED)

    def fill() -> None:
        rows = _query(shell)
        filtered = bool(app.petition_filter or app.petition_field or app.petition_category
                        or app.petition_query)
        counter.value = t("petitions.count", n=len(rows))
        if rows:
            results.controls = [petition_card(shell, p, index=i) for i, p in enumerate(rows)]
        elif filtered:
            results.controls = [empty_state(icon=ft.Icons.SEARCH_OFF, title=t("petitions.no_match"),
                                            hint=t("petitions.no_match_hint"),
                                            identifier="petitions-no-match")]
        else:
            results.controls = [empty_state(
                icon=ft.Icons.INBOX, title=t("petitions.empty"), hint=t("petitions.empty_hint"),
                action_text=t("petitions.new"), on_action=lambda _: app.open_new_petition(shell),
                identifier="petitions-empty")]

    def on_search(e: Any) -> None:
        app.petition_query = e.control.value or ""
        fill()
        results.update()
        counter.update()

    def on_filter(attr: str) -> Any:
        def handler(e: Any) -> None:
            value = e.control.value
            setattr(app, attr, None if value in (None, ALL) else value)
            fill()
            shell.page.update()
        return handler

    search = ft.TextField(
        label=t("petitions.search"), hint_text=t("petitions.search_hint"),
        value=app.petition_query, prefix_icon=ft.Icons.SEARCH, on_change=on_search,
        text_size=theme.BODY,
    )
    status_dd = dropdown(t("petitions.filter_status"), _status_choices(shell),
                         value=app.petition_filter or ALL, on_select=on_filter("petition_filter"))
    field_dd = dropdown(t("petitions.filter_field"),
                        [(ALL, t("common.all")),
                         *t.choices("field", [f.value for f in FieldOfWork])],
                        value=app.petition_field or ALL, on_select=on_filter("petition_field"))
    category_dd = dropdown(
        t("petitions.filter_category"),
        [(ALL, t("common.all")), *t.choices("category", [c.value for c in Category])],
        value=app.petition_category or ALL, on_select=on_filter("petition_category"))
    fill()
    body = ft.Column([
        tid("petition-search", search),
        tid("filter-status", status_dd),
        ft.Row([tid("filter-field", field_dd, expand=True),
                tid("filter-category", category_dd, expand=True)], spacing=8),
        counter,
        results,
        ft.Container(height=72),  # room above the floating button
    ], spacing=10)
    action = fab(t("petitions.new"), ft.Icons.ADD, lambda _: app.open_new_petition(shell))
    return Screen(t("petitions.title"), body, fab=action)
