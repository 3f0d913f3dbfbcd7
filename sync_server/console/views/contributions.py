"""Console layer: the contributions screen (campaigns per group, totals, transparency sheet)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.wire.formats import format_date
from sync_server.console.state import ConsoleSession
from sync_server.console.widgets import heading, open_download, subheading, tid
from sync_server.reports import transparency_pdf, transparency_xlsx
from sync_server.reports.common import format_kind_amount

if TYPE_CHECKING:
    from sync_server.console.shell import Shell


class ContributionsView(ft.Column):
    """Every campaign of the ward with its totals; a household table and exports on demand."""

    def __init__(self, session: ConsoleSession, shell: Shell) -> None:
        super().__init__(expand=True, spacing=12, scroll=ft.ScrollMode.AUTO)
        self.session = session
        self.shell = shell
        t = session.t
        self.include_phones = ft.Checkbox(label=t("common.include_phones"), value=False)
        self.households = ft.Column()
        campaigns = session.backend.campaigns(session.require_staff())
        self.controls = [
            ft.Row([heading(t("contrib.title")), ft.Container(expand=True), self.include_phones]),
            *(
                [self._card(i, c) for i, c in enumerate(campaigns)]
                or [ft.Text(t("contrib.no_campaigns"))]
            ),
            self.households,
        ]

    def _card(self, index: int, c: Any) -> ft.Control:
        t = self.session.t
        rows = []
        for kind in c.kinds:
            target = c.target.get(kind)
            received = c.received.get(kind, Decimal(0))
            share = float(received / target) if target else 0.0
            rows.append(
                ft.Row(
                    [
                        ft.Text(t(f"kind.{kind}"), width=180),
                        ft.Text(
                            f"{t('contrib.received')}: {format_kind_amount(kind, received)}",
                            width=240,
                        ),
                        ft.Text(
                            f"{t('contrib.pledged')}: "
                            f"{format_kind_amount(kind, c.pledged.get(kind, Decimal(0)))}",
                            width=240,
                        ),
                        ft.Text(
                            f"{t('contrib.target')}: {format_kind_amount(kind, target)}", width=240
                        ),
                        ft.ProgressBar(value=min(share, 1.0), width=160, bar_height=8),
                        ft.Text(f"{share * 100:.0f}%" if target else "—"),
                    ]
                )
            )
        return ft.Card(
            content=ft.Container(
                padding=16,
                content=ft.Column(
                    spacing=6,
                    controls=[
                        ft.Row([subheading(c.title), ft.Text(c.group_name, color="#5F6368")]),
                        ft.Text(
                            t(
                                "contrib.period",
                                start=format_date(c.starts_on),
                                end=format_date(c.ends_on),
                            ),
                            size=12,
                        ),
                        *rows,
                        ft.Row(
                            [
                                tid(
                                    f"campaign-households-{index}",
                                    ft.OutlinedButton(
                                        t("contrib.households"),
                                        icon=ft.Icons.LIST,
                                        on_click=lambda _e, cid=c.id: self._show_households(cid),
                                    ),
                                ),
                                tid(
                                    f"transparency-pdf-{index}",
                                    ft.Button(
                                        f"{t('contrib.transparency')} · PDF",
                                        icon=ft.Icons.PICTURE_AS_PDF,
                                        on_click=self._download_handler(c.id, "pdf"),
                                    ),
                                ),
                                tid(
                                    f"transparency-xlsx-{index}",
                                    ft.Button(
                                        f"{t('contrib.transparency')} · Excel",
                                        icon=ft.Icons.TABLE_VIEW,
                                        on_click=self._download_handler(c.id, "xlsx"),
                                    ),
                                ),
                            ]
                        ),
                    ],
                ),
            )
        )

    def _show_households(self, campaign_id: str) -> None:
        t = self.session.t
        data = self.session.backend.transparency_data(self.session.require_staff(), campaign_id)
        money = "money_vnd" in data.kinds
        suggested = Decimal(data.suggested_per_household or 0)
        columns = [t("contrib.household"), t("contrib.address")]
        for kind in data.kinds:
            columns += [
                f"{t(f'kind.{kind}')} · {t('contrib.pledged')}",
                f"{t(f'kind.{kind}')} · {t('contrib.received')}",
            ]
        if money:
            columns.append(t("contrib.balance"))
        rows = []
        for h in data.households:
            cells = [h.head_name, h.address]
            for kind in data.kinds:
                cells += [
                    format_kind_amount(kind, h.pledged.get(kind, Decimal(0))),
                    format_kind_amount(kind, h.received.get(kind, Decimal(0))),
                ]
            if money:
                owed = h.pledged.get("money_vnd") or suggested
                cells.append(
                    format_kind_amount(
                        "money_vnd", max(Decimal(0), owed - h.received.get("money_vnd", Decimal(0)))
                    )
                )
            rows.append(ft.DataRow(cells=[ft.DataCell(ft.Text(v)) for v in cells]))
        self.households.controls = [
            subheading(f"{t('contrib.households')}: {data.campaign_title}"),
            ft.DataTable(
                columns=[ft.DataColumn(label=ft.Text(c)) for c in columns],
                rows=rows,
                heading_row_color="#F1F3F4",
            ),
        ]
        self.update()

    def _download_handler(self, campaign_id: str, kind: str) -> Any:
        async def handler(_e: Any) -> None:
            await self._download(campaign_id, kind)

        return handler

    async def _download(self, campaign_id: str, kind: str) -> None:
        staff = self.session.require_staff()
        data = self.session.backend.transparency_data(staff, campaign_id)
        phones = bool(self.include_phones.value)
        build = transparency_pdf if kind == "pdf" else transparency_xlsx
        content = build(data, self.session.t, include_phones=phones)
        url = self.session.backend.offer_file(
            staff, filename=f"cong-khai-{campaign_id[:8]}.{kind}", content=content
        )
        await open_download(self.page if isinstance(self.page, ft.Page) else None, url)
