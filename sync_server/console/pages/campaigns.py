"""Console layer: the ward's contribution campaigns, one campaign's balances, its public sheet.

Totals per kind come from the same household lines as the public sheet (reversals
already applied), so the page, the PDF and the workbook always agree. A household's
still-due amount is what it pledged (or, for money with no pledge, the suggested amount
per household) less what it paid, never below zero. Every download of the sheet is
written to the audit with the personal data it carried (names, addresses, phones).
Staff record the campaign's expenses here; the printed sheet carries the QR code of the
campaign's public sheet (/cong-khai/{public_id}, made on first publication).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.responses import Response

from field_app.wire.money import MoneyFormatError, parse_vnd
from field_app.wire.mutations import ExpenseRecord
from sync_server.console.pages import export_reason
from sync_server.console.pages.common import CONSOLE, backend, not_found, redirect, render, t
from sync_server.errors import ApiProblem
from sync_server.public.sheet_pages import sheet_url
from sync_server.reports import transparency_pdf, transparency_xlsx
from sync_server.reports.common import format_kind_amount
from sync_server.reports.data import HouseholdLine, TransparencyData
from sync_server.services.staff import StaffUser
from sync_server.web.session import check_csrf, require_staff

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Staff = Annotated[StaffUser, Depends(require_staff)]
ZERO = Decimal(0)
MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class KindTotals:
    kind: str
    target: Decimal | None
    pledged: Decimal
    paid: Decimal
    due: Decimal

    @property
    def share(self) -> str:
        """Paid as a share of the expected total ("—" when there is none)."""
        if not self.target:
            return "—"
        return f"{self.paid * 100 / self.target:.0f}%"


@dataclass(frozen=True)
class Balance:
    head_name: str
    address: str
    pledged: dict[str, Decimal] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)
    due: dict[str, Decimal] = field(default_factory=dict)


def still_due(data: TransparencyData, line: HouseholdLine, kind: str) -> Decimal:
    owed = line.pledged.get(kind, ZERO)
    if kind == "money_vnd" and not owed and data.suggested_per_household:
        owed = Decimal(data.suggested_per_household)
    return max(ZERO, owed - line.received.get(kind, ZERO))


def balances(data: TransparencyData) -> list[Balance]:
    """Every household of the campaign's group, in Vietnamese order when the key exists."""
    rows = [
        Balance(
            head_name=h.head_name,
            address=h.address,
            pledged={k: h.pledged.get(k, ZERO) for k in data.kinds},
            paid={k: h.received.get(k, ZERO) for k in data.kinds},
            due={k: still_due(data, h, k) for k in data.kinds},
        )
        for h in data.households
    ]
    from field_app.wire import text

    # Vietnamese order (the public sheet's: address, then head of household) once
    # field_app.wire.text has its sort keys; until then the sheet's own order
    by_name = getattr(text, "vn_sort_key", None)
    by_address = getattr(text, "vn_natural_key", None) or by_name
    if by_name is not None and by_address is not None:
        rows.sort(key=lambda b: (by_address(b.address), by_name(b.head_name)))
    return rows


def totals(data: TransparencyData, rows: list[Balance]) -> list[KindTotals]:
    return [
        KindTotals(
            kind=kind,
            target=data.target.get(kind),
            pledged=sum((b.pledged[kind] for b in rows), ZERO),
            paid=sum((b.paid[kind] for b in rows), ZERO),
            due=sum((b.due[kind] for b in rows), ZERO),
        )
        for kind in data.kinds
    ]


def _campaign_data(request: Request, staff: StaffUser, campaign_id: str) -> Any:
    console = backend(request)
    summary = next((c for c in console.campaigns(staff) if c.id == campaign_id), None)
    if summary is None:
        return None, None
    return summary, console.transparency_data(staff, campaign_id)


@router.get("/campaigns")
def campaign_list(request: Request, staff: Staff) -> Response:
    """The ward's campaigns, group by group, with their totals per kind."""
    console = backend(request)
    items = []
    for summary in console.campaigns(staff):
        data = console.transparency_data(staff, summary.id)
        items.append({"c": summary, "totals": totals(data, balances(data))})
    return render(request, "campaigns.html", {"items": items, "amount": format_kind_amount})


@router.get("/campaigns/{campaign_id}")
def campaign_page(request: Request, campaign_id: str, staff: Staff) -> Response:
    """One campaign: what it is for, its totals, every household's balance, its expenses,
    downloads and the address of its public sheet."""
    return _campaign_page(request, staff, campaign_id)


def _campaign_page(request: Request, staff: StaffUser, campaign_id: str, *,
                   error: str | None = None, typed: dict[str, str] | None = None,
                   status: int = 200) -> Response:
    summary, data = _campaign_data(request, staff, campaign_id)
    if summary is None:
        return not_found(request)
    rows = balances(data)
    console = backend(request)
    return render(request, "campaign.html", {
        "c": summary,
        "data": data,
        "rows": rows,
        "totals": totals(data, rows),
        "amount": format_kind_amount,
        "sheet_url": sheet_url(request, console.publish_campaign(staff, campaign_id)),
        "expenses": console.campaign_expenses(staff, campaign_id),
        "expense_error": error,
        "expense_form": typed or {"spent_on": "", "amount": "", "purpose": "", "payee": "",
                                  "receipt_no": ""},
        "done": request.query_params.get("done") or "",
    }, status=status)


@router.post("/campaigns/{campaign_id}/expenses")
def record_expense(request: Request, campaign_id: str, staff: Staff,
                   form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Staff record what some of the campaign's money was spent on."""
    import uuid

    from sync_server.console.pages.petitions import parse_typed_date

    typed = {k: str(form.get(k, "")).strip()
             for k in ("spent_on", "amount", "purpose", "payee", "receipt_no")}
    tr = t(request)
    try:
        amount = parse_vnd(typed["amount"])
    except MoneyFormatError:
        return _campaign_page(request, staff, campaign_id, error=tr.t("expense.bad_amount"),
                              typed=typed, status=422)
    try:
        day = parse_typed_date(typed["spent_on"])
    except ValueError:
        day = None
    if day is None:
        return _campaign_page(request, staff, campaign_id, error=tr.t("expense.bad_date"),
                              typed=typed, status=422)
    try:
        args = ExpenseRecord(id=uuid.uuid4(), campaign_id=uuid.UUID(campaign_id), spent_on=day,
                             amount_vnd=amount, purpose=typed["purpose"],
                             payee=typed["payee"] or None, receipt_no=typed["receipt_no"] or None)
    except (ValidationError, ValueError):
        return _campaign_page(request, staff, campaign_id, error=tr.t("expense.incomplete"),
                              typed=typed, status=422)
    try:
        backend(request).record_expense(staff, args)
    except ApiProblem:
        return not_found(request)
    return redirect(f"{CONSOLE}/campaigns/{campaign_id}", done="expense_recorded")


@router.get("/campaigns/{campaign_id}/transparency.{fmt}")
def transparency_file(request: Request, campaign_id: str, fmt: str, staff: Staff,
                      phones: str = "", reason: str = "") -> Response:
    """The public sheet as PDF or Excel, with phone numbers only when asked with a reason
    (audited with it)."""
    if fmt not in MEDIA:
        return not_found(request)
    summary, data = _campaign_data(request, staff, campaign_id)
    if summary is None:
        return not_found(request)
    with_phones = phones == "1"
    why = export_reason.chosen(reason)
    tr = t(request)
    if with_phones and why is None:
        return render(request, "error.html", {"message": tr.t("export.reason_needed")},
                      status=422)
    if fmt == "pdf":  # the printed notice: with the QR code of its public sheet
        url = sheet_url(request, backend(request).publish_campaign(staff, campaign_id))
        content = transparency_pdf(data, tr.t, include_phones=with_phones, sheet_url=url)
    else:
        content = transparency_xlsx(data, tr.t, include_phones=with_phones)
    carried = [name for name, present in (
        ("names", bool(data.households)),
        ("addresses", any(h.address for h in data.households)),
        ("phones", with_phones and any(h.phone for h in data.households)),
    ) if present]
    if carried:
        backend(request).record_export(staff, entity="campaign", entity_id=campaign_id, detail={
            "file": f"transparency.{fmt}",
            "personal_data": carried,
            "households": len(data.households),
            **({"reason": why} if with_phones else {}),
        })
    name = f"{tr.t('contrib.transparency')} - {summary.title}.{fmt}"
    return Response(content, media_type=MEDIA[fmt], headers={
        "Content-Disposition": content_disposition(name),
        "Cache-Control": "no-store",
    })


def content_disposition(filename: str) -> str:
    """`attachment` with the Vietnamese name (RFC 5987) and a plain ASCII fallback."""
    from field_app.wire.text import fold

    safe = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "-"
                   for ch in fold(filename))
    fallback = "-".join(part for part in safe.split("-") if part) or "bang-cong-khai"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
