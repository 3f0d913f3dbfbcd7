"""Console layer: the monthly report screen (figures, bar charts, XLSX export)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft
import flet_charts as fch

from sync_server.console.state import ConsoleSession
from sync_server.console.widgets import heading, open_download, subheading, tid
from sync_server.reports import ReportFigures, monthly_xlsx
from sync_server.reports.common import format_kind_amount

if TYPE_CHECKING:
    from sync_server.console.shell import Shell

BAR_COLOURS = ("#1565C0", "#2E7D32", "#C62828")


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


class ReportsView(ft.Column):
    """A month of the ward's work: per group, by field and category, contributions."""

    def __init__(self, session: ConsoleSession, shell: Shell) -> None:
        super().__init__(expand=True, spacing=12, scroll=ft.ScrollMode.AUTO)
        self.session = session
        self.shell = shell
        today = session.backend.today()
        months = []
        year, month = today.year, today.month
        for _ in range(12):
            months.append((year, month))
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        t = session.t
        self.month = ft.Dropdown(
            label=t("common.month"),
            width=180,
            dense=True,
            value=f"{today.year}-{today.month}",
            options=[ft.DropdownOption(key=f"{y}-{m}", text=f"{m:02d}/{y}") for y, m in months],
            on_select=lambda _e: self._load(),
        )
        self.body = ft.Column(spacing=12)
        self.controls = [
            ft.Row(
                [
                    heading(t("reports.title")),
                    self.month,
                    ft.Container(expand=True),
                    tid(
                        "report-xlsx",
                        ft.Button(
                            t("reports.export"), icon=ft.Icons.TABLE_VIEW, on_click=self._export
                        ),
                    ),
                ]
            ),
            self.body,
        ]
        self._load(update=False)

    def _selected(self) -> tuple[int, int]:
        year, month = (self.month.value or "").split("-")
        return int(year), int(month)

    def _report(self) -> Any:
        year, month = self._selected()
        return self.session.backend.monthly_report(
            self.session.require_staff(), year=year, month=month
        )

    def _load(self, *, update: bool = True) -> None:
        t = self.session.t
        report = self._report()
        w = report.ward
        tiles = [
            ("reports.received", str(w.received)),
            ("reports.answered", str(w.answered)),
            ("reports.overdue", str(w.overdue)),
            (
                "reports.median_days",
                "—"
                if w.median_days_to_answer is None
                else f"{w.median_days_to_answer:g}".replace(".", ","),
            ),
            ("reports.reported_back_share", _share(w.reported_back_share)),
        ]
        self.body.controls = [
            ft.Row([self._tile(t(k), v) for k, v in tiles], wrap=True),
            subheading(t("reports.by_group")),
            self._group_chart(report.groups),
            self._group_table(report.groups),
            ft.ResponsiveRow(
                [
                    ft.Column(
                        col={"md": 6},
                        controls=[
                            subheading(t("reports.by_field")),
                            self._counts(w.by_field, "field"),
                        ],
                    ),
                    ft.Column(
                        col={"md": 6},
                        controls=[
                            subheading(t("reports.by_category")),
                            self._counts(w.by_category, "category"),
                        ],
                    ),
                ]
            ),
            subheading(t("reports.contributions")),
            *[
                ft.Text(
                    f"{c.campaign_title} ({c.group_name}): "
                    + ", ".join(
                        f"{t(f'kind.{k}')} {format_kind_amount(k, v)}"
                        for k, v in c.received.items()
                    )
                )
                for c in report.contributions
            ],
        ]
        if update:
            self.update()

    def _tile(self, label: str, value: str) -> ft.Control:
        return ft.Card(
            content=ft.Container(
                padding=16,
                width=200,
                content=ft.Column(
                    [
                        ft.Text(label, size=12, color="#5F6368"),
                        ft.Text(value, size=28, weight=ft.FontWeight.BOLD),
                    ],
                    spacing=4,
                ),
            )
        )

    def _group_chart(self, groups: dict[str, ReportFigures]) -> ft.Control:
        t = self.session.t
        names = list(groups)
        top = max([1] + [max(f.received, f.answered, f.overdue) for f in groups.values()])
        chart = fch.BarChart(
            height=260,
            max_y=top + 1,
            groups=[
                fch.BarChartGroup(
                    x=i,
                    rods=[
                        fch.BarChartRod(
                            to_y=f.received,
                            color=BAR_COLOURS[0],
                            width=14,
                            tooltip=f"{t('reports.received')}: {f.received}",
                        ),
                        fch.BarChartRod(
                            to_y=f.answered,
                            color=BAR_COLOURS[1],
                            width=14,
                            tooltip=f"{t('reports.answered')}: {f.answered}",
                        ),
                        fch.BarChartRod(
                            to_y=f.overdue,
                            color=BAR_COLOURS[2],
                            width=14,
                            tooltip=f"{t('reports.overdue')}: {f.overdue}",
                        ),
                    ],
                )
                for i, f in enumerate(groups.values())
            ],
            bottom_axis=fch.ChartAxis(
                labels=[
                    fch.ChartAxisLabel(value=i, label=ft.Text(name, size=11))
                    for i, name in enumerate(names)
                ],
                label_size=32,
            ),
            left_axis=fch.ChartAxis(label_size=32),
            horizontal_grid_lines=fch.ChartGridLines(color="#E0E0E0", width=1),
        )
        legend = ft.Row(
            [
                ft.Row(
                    [ft.Container(width=12, height=12, bgcolor=colour), ft.Text(t(key), size=12)],
                    spacing=4,
                )
                for colour, key in zip(
                    BAR_COLOURS,
                    ("reports.received", "reports.answered", "reports.overdue"),
                    strict=True,
                )
            ]
        )
        return ft.Container(content=ft.Column([legend, chart]), padding=8)

    def _group_table(self, groups: dict[str, ReportFigures]) -> ft.Control:
        t = self.session.t
        keys = ("received", "answered", "overdue", "median_days", "reported_back_share")
        return ft.DataTable(
            heading_row_color="#F1F3F4",
            columns=[ft.DataColumn(label=ft.Text(t("reports.scope")))]
            + [ft.DataColumn(label=ft.Text(t(f"reports.{k}")), numeric=True) for k in keys],
            rows=[
                ft.DataRow(
                    cells=[
                        ft.DataCell(ft.Text(v))
                        for v in (
                            name,
                            str(f.received),
                            str(f.answered),
                            str(f.overdue),
                            "—"
                            if f.median_days_to_answer is None
                            else f"{f.median_days_to_answer:g}",
                            _share(f.reported_back_share),
                        )
                    ]
                )
                for name, f in groups.items()
            ],
        )

    def _counts(self, counts: dict[str, int], prefix: str) -> ft.Control:
        t = self.session.t
        top = max([1, *counts.values()])
        return ft.Column(
            [
                ft.Row(
                    [
                        ft.Text(t(f"{prefix}.{k}"), width=200),
                        ft.Container(
                            width=max(4, 240 * n / top),
                            height=14,
                            bgcolor="#1565C0",
                            border_radius=3,
                        ),
                        ft.Text(str(n)),
                    ]
                )
                for k, n in sorted(counts.items(), key=lambda kv: -kv[1])
            ]
            or [ft.Text("—")]
        )

    async def _export(self, _e: Any) -> None:
        report = self._report()
        content = monthly_xlsx(report, self.session.t)
        url = self.session.backend.offer_file(
            self.session.require_staff(),
            filename=f"bao-cao-{report.year}-{report.month:02d}.xlsx",
            content=content,
        )
        await open_download(self.page if isinstance(self.page, ft.Page) else None, url)
