"""Console layer: the inbox screen (filters, search, sort, status counts, paged table)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.wire.formats import format_date
from field_app.wire.records import Category, FieldOfWork, PetitionStatus
from sync_server.console.queries.inbox import InboxFilters, InboxPage
from sync_server.console.state import ConsoleSession
from sync_server.console.theme import OVERDUE_BG, OVERDUE_FG, STATUS_COLOURS
from sync_server.console.widgets import ALL, choice_dropdown, heading, tid

if TYPE_CHECKING:
    from sync_server.console.shell import Shell

PAGE_SIZE = 25


class InboxView(ft.Column):
    """The ward's petitions, one page at a time."""

    def __init__(self, session: ConsoleSession, shell: Shell) -> None:
        super().__init__(expand=True, spacing=12, scroll=ft.ScrollMode.AUTO)
        self.session = session
        self.shell = shell
        self.filters = session.inbox_filters
        self.page_number = 1
        t = session.t
        groups = session.backend.groups(session.require_staff())
        self.search = ft.TextField(
            label=t("common.search"),
            hint_text=t("inbox.search_hint"),
            value=self.filters.q,
            width=380,
            dense=True,
            prefix_icon=ft.Icons.SEARCH,
            on_submit=self._refilter,
        )
        self.sort = ft.Dropdown(
            label=t("inbox.sort"),
            width=200,
            dense=True,
            value=self.filters.sort,
            options=[
                ft.DropdownOption(key=k, text=t(f"inbox.sort.{k}"))
                for k in ("age", "newest", "due")
            ],
            on_select=self._refilter,
        )
        self.status = choice_dropdown(
            session,
            label=t("inbox.filter.status"),
            prefix="status",
            values=[s.value for s in PetitionStatus],
            value=self.filters.status or ALL,
            on_change=self._refilter,
        )
        self.group = ft.Dropdown(
            label=t("inbox.filter.group"),
            width=200,
            dense=True,
            value=self.filters.group_id or ALL,
            options=[ft.DropdownOption(key=ALL, text=t("common.all"))]
            + [ft.DropdownOption(key=g.id, text=g.name) for g in groups],
            on_select=self._refilter,
        )
        self.field = choice_dropdown(
            session,
            label=t("inbox.filter.field"),
            prefix="field",
            values=[f.value for f in FieldOfWork],
            value=self.filters.field or ALL,
            on_change=self._refilter,
        )
        self.category = choice_dropdown(
            session,
            label=t("inbox.filter.category"),
            prefix="category",
            values=[c.value for c in Category],
            value=self.filters.category or ALL,
            on_change=self._refilter,
        )
        self.overdue = ft.Checkbox(
            label=t("inbox.filter.overdue"), value=self.filters.overdue, on_change=self._refilter
        )
        self.unassigned = ft.Checkbox(
            label=t("inbox.filter.unassigned"),
            value=self.filters.unassigned,
            on_change=self._refilter,
        )
        self.counts = ft.Row(wrap=True, spacing=8)
        self.table = ft.DataTable(
            columns=[
                ft.DataColumn(label=ft.Text(t(f"inbox.col.{k}")))
                for k in ("received", "title", "group", "field", "status", "unit", "due")
            ],
            heading_row_color="#F1F3F4",
            column_spacing=18,
            data_row_max_height=56,
        )
        self.empty = ft.Text(t("inbox.empty"), visible=False)
        self.pager_text = ft.Text()
        self.prev_button = ft.OutlinedButton(t("common.previous"), on_click=self._previous)
        self.next_button = ft.OutlinedButton(t("common.next"), on_click=self._next)
        self.controls = [
            ft.Row(
                [
                    heading(t("inbox.title")),
                    ft.Container(expand=True),
                    tid("inbox-search", self.search),
                    self.sort,
                ]
            ),
            ft.Row([self.status, self.group, self.field, self.category], wrap=True),
            ft.Row([tid("filter-overdue", self.overdue), self.unassigned]),
            ft.Row([ft.Text(t("inbox.counts"), weight=ft.FontWeight.W_600), self.counts]),
            self.table,
            self.empty,
            ft.Row(
                [
                    tid("inbox-prev", self.prev_button),
                    self.pager_text,
                    tid("inbox-next", self.next_button),
                ]
            ),
        ]
        self.load(update=False)

    # -- data ----------------------------------------------------------------------

    def _read_filters(self) -> None:
        def value(dropdown: ft.Dropdown) -> str | None:
            return None if dropdown.value in (None, "", ALL) else dropdown.value

        self.filters.q = self.search.value or ""
        self.filters.sort = self.sort.value or "age"
        self.filters.status = value(self.status)
        self.filters.group_id = value(self.group)
        self.filters.field = value(self.field)
        self.filters.category = value(self.category)
        self.filters.overdue = bool(self.overdue.value)
        self.filters.unassigned = bool(self.unassigned.value)

    def load(self, *, update: bool = True) -> None:
        result = self.session.backend.inbox(
            self.session.require_staff(), self.filters, page=self.page_number, page_size=PAGE_SIZE
        )
        self.page_number = result.page
        self._render(result)
        if update:
            self.update()

    def _render(self, result: InboxPage) -> None:
        t = self.session.t
        self.counts.controls = [
            tid(
                f"count-{status.value}",
                ft.Chip(
                    label=ft.Text(f"{t(f'status.{status.value}')}: {result.counts.get(status, 0)}"),
                    on_click=lambda _e, s=status.value: self._only_status(s),
                ),
            )
            for status in PetitionStatus
        ]
        self.table.rows = [self._row(r) for r in result.rows]
        self.empty.visible = not result.rows
        self.pager_text.value = t(
            "common.page", page=result.page, pages=result.pages, total=result.total
        )
        self.prev_button.disabled = result.page <= 1
        self.next_button.disabled = result.page >= result.pages

    def _row(self, r: Any) -> ft.DataRow:
        t = self.session.t
        status = ft.Row(
            [
                ft.Container(
                    width=10,
                    height=10,
                    border_radius=5,
                    bgcolor=STATUS_COLOURS.get(r.status, "#999"),
                ),
                ft.Text(t(f"status.{r.status}")),
            ],
            spacing=6,
        )
        if r.overdue:
            status.controls.append(
                ft.Container(
                    content=ft.Text(t("inbox.overdue_badge"), color="#FFFFFF", size=11),
                    bgcolor=OVERDUE_FG,
                    border_radius=4,
                    padding=ft.Padding.symmetric(vertical=2, horizontal=6),
                )
            )
        title = ft.TextButton(
            content=ft.Text(
                r.title,
                max_lines=2,
                overflow=ft.TextOverflow.ELLIPSIS,
                width=320,
                color=OVERDUE_FG if r.overdue else None,
            ),
            on_click=lambda _e, pid=r.id: self.shell.open_screen("petition", petition_id=pid),
        )
        return ft.DataRow(
            color=OVERDUE_BG if r.overdue else None,
            cells=[
                ft.DataCell(ft.Text(format_date(r.received_at))),
                ft.DataCell(tid(f"petition-row-{r.id}", title)),
                ft.DataCell(ft.Text(r.group_name)),
                ft.DataCell(ft.Text(t(f"field.{r.field}"))),
                ft.DataCell(status),
                ft.DataCell(ft.Text(r.assigned_unit or "—")),
                ft.DataCell(
                    ft.Text(format_date(r.due_date), color=OVERDUE_FG if r.overdue else None)
                ),
            ],
        )

    # -- events --------------------------------------------------------------------

    def _refilter(self, _e: Any = None) -> None:
        self._read_filters()
        self.page_number = 1
        self.load()

    def _only_status(self, status: str) -> None:
        self.status.value = status
        self._refilter()

    def _previous(self, _e: Any) -> None:
        self.page_number -= 1
        self.load()

    def _next(self, _e: Any) -> None:
        self.page_number += 1
        self.load()


__all__ = ["InboxFilters", "InboxView"]
