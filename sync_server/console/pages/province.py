"""Console layer: the province's pages, `/console/province` (every ward's figures for a
month, a half year or a year; sortable, printable, XLSX and DOCX) and
`/console/province/wards/{ward_id}` (one ward's figures and its groups' counts).

Only province accounts (roles province, administrator) open them; only counts are shown.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from sync_server.console.pages.common import CONSOLE, backend, not_found, render, t
from sync_server.console.pages.reports import XLSX, attachment
from sync_server.reports.province import (
    amount_text,
    docx_available,
    period_label,
    province_docx,
    province_xlsx,
    shown,
    ward_header,
    ward_row,
)
from sync_server.services import province_figures as pf
from sync_server.services.provinces import province_name
from sync_server.services.staff import ProvinceUser
from sync_server.web.session import require_province

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Province = Annotated[ProvinceUser, Depends(require_province)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(text: str | None) -> pf.Period | None:
    return pf.this_month() if not text else pf.parse_period(text)


def _load(request: Request, account: ProvinceUser, period: pf.Period,
          ward_id: str | None = None) -> tuple[str, pf.ProvinceFigures, list[pf.GroupLine]]:
    with backend(request).session() as db:
        if ward_id is None:
            figures = pf.view(db, province_id=account.province_id, period=period)
        else:
            wards = [w for w in pf.province_wards(db, account.province_id) if w[0] == ward_id]
            figures = pf.figures(db, wards=wards, period=period)
        groups = (pf.group_lines(db, ward_id=ward_id, period=period)
                  if ward_id is not None and figures.wards else [])
        name = province_name(db, account.province_id) or t(request).t("province.all_wards")
    return name, figures, groups


@router.get("/province")
def province_page(request: Request, account: Province, p: str | None = None,
                  sort: str = "name", order: str = "") -> Response:
    period = _period(p)
    if period is None:
        return not_found(request)
    name, figures, _ = _load(request, account, period)
    descending = order == "desc" if order else sort != "name"
    wards = pf.sort_wards(figures.wards, sort, descending)
    tr = t(request)
    return render(request, "province.html", {
        "name": name, "figures": figures, "wards": wards, "period": period,
        "period_label": period_label(tr.t, figures),
        "previous": period.shifted(-1).key, "next": period.shifted(1).key,
        "choices": [(tr.t("province.month"), pf.month_period(period.year,
                                                               period.first.month).key),
                    (tr.t("province.half"), pf.half_of(period).key),
                    (tr.t("province.year"), pf.year_of(period).key)],
        "sort": sort if sort in pf.SORT_KEYS else "name", "descending": descending,
        "columns": list(zip(pf.SORT_KEYS, ward_header(tr.t), strict=True)),
        "rows": [(w.ward_id, [shown(v) for v in ward_row(w, w.name)]) for w in wards],
        "total": [shown(v) for v in ward_row(figures.total, tr.t("province.total"))],
        "docx": docx_available(), "amount": amount_text,
    })


@router.get("/province/export.{ext}")
def province_download(request: Request, account: Province, ext: str,
                      p: str | None = None, sort: str = "name", order: str = "") -> Response:
    period = _period(p)
    if period is None or ext not in ("xlsx", "docx") or (ext == "docx" and
                                                        not docx_available()):
        return not_found(request)
    name, figures, _ = _load(request, account, period)
    wards = pf.sort_wards(figures.wards, sort, order == "desc" if order else sort != "name")
    tr = t(request)
    title = tr.t("province.title", name=name)
    filename = f"{tr.t('province.file_name')} {period.key}.{ext}"
    if ext == "xlsx":
        return attachment(province_xlsx(figures, wards, tr.t, title), filename=filename,
                          media_type=XLSX)
    return attachment(province_docx(figures, wards, tr.t, title), filename=filename,
                      media_type=DOCX)


@router.get("/province/wards/{ward_id}")
def province_ward(request: Request, account: Province, ward_id: str,
                  p: str | None = None) -> Response:
    """One ward's figures: its totals, its groups' counts, its models and contributions."""
    period = _period(p)
    if period is None:
        return not_found(request)
    _, figures, groups = _load(request, account, period, ward_id)
    if not figures.wards:
        return not_found(request, "province.ward_not_found")
    ward = figures.wards[0]
    tr = t(request)
    return render(request, "province_ward.html", {
        "ward": ward, "figures": figures, "period": period, "groups": groups,
        "period_label": period_label(tr.t, figures),
        "previous": period.shifted(-1).key, "next": period.shifted(1).key,
        "header": ward_header(tr.t)[1:],
        "row": [shown(v) for v in ward_row(ward, ward.name)][1:], "amount": amount_text,
    })
