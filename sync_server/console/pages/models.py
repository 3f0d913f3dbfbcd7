"""Console layer: the ward's "Dân vận khéo" models (mô hình): the register with its filters
and counts by field, one model with its evidence, followers and timeline, and the ward's
forms: register a ward-level unit's model, add evidence, recognize or not, replicated.

Every form is a POST that redirects back (`?done=...`); a refused one renders the page
again with what the officer typed and a Vietnamese sentence.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.responses import Response

from field_app.wire.figures import parse_figure, show_figure
from field_app.wire.mutations import ModelCreate, ModelEvidence, ModelUpdate
from field_app.wire.records import FieldOfWork, ModelLevel, ModelStatus, ModelUnitKind
from sync_server.console.pages.common import (
    CONSOLE,
    backend,
    not_found,
    problem_sentence,
    redirect,
    render,
    t,
)
from sync_server.console.pages.petitions import parse_typed_date
from sync_server.console.queries.models import ModelFilters
from sync_server.errors import ApiProblem
from sync_server.reports.common import format_kind_amount
from sync_server.services import mobilization
from sync_server.services.staff import StaffUser
from sync_server.web.session import check_csrf, require_staff

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Staff = Annotated[StaffUser, Depends(require_staff)]
Form = Annotated[dict[str, Any], Depends(check_csrf)]
WARD_UNITS = [k.value for k in ModelUnitKind if k != ModelUnitKind.RESIDENTIAL_GROUP]
REGISTER_FIELDS = ("name", "field", "unit_kind", "unit_name", "year", "goals", "followers")
EVIDENCE_FIELDS = ("label", "quantity", "unit", "note", "campaign_id")
DECISION_FIELDS = ("level", "decision_no", "decided_on", "note")
ACTIONS = {"recognize": "recognized", "not_recognize": "not_recognized",
           "replicate": "replicated", "start": "in_progress", "propose": "proposed"}


def _one_of(value: str | None, allowed: list[str]) -> str | None:
    return value if value in allowed else None


def _filters(request: Request) -> ModelFilters:
    q = request.query_params
    year = q.get("year") or ""
    return ModelFilters(
        field=_one_of(q.get("field"), [f.value for f in FieldOfWork]),
        level=_one_of(q.get("level"), [v.value for v in ModelLevel]),
        unit_kind=_one_of(q.get("unit_kind"), [v.value for v in ModelUnitKind]),
        status=_one_of(q.get("status"), [v.value for v in ModelStatus]),
        year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None,
        q=(q.get("q") or "").strip()[:200],
    )


def _vocab() -> dict[str, list[str]]:
    return {"fields": [f.value for f in FieldOfWork], "levels": [v.value for v in ModelLevel],
            "unit_kinds": [v.value for v in ModelUnitKind],
            "statuses": [v.value for v in ModelStatus], "ward_units": WARD_UNITS}


def _register_page(request: Request, staff: StaffUser, *, typed: dict[str, str] | None = None,
                   error: str | None = None, status: int = 200) -> Response:
    filters = _filters(request)
    register = backend(request).models(staff, filters)
    today = backend(request).today()
    return render(request, "models.html", {
        "register": register, "filters": filters, **_vocab(), "error": error,
        "form": typed or {"year": str(today.year), "field": "", "unit_kind": "party_cell"},
        "done": request.query_params.get("done"),
    }, status=status)


@router.get("/models")
def model_list(request: Request, staff: Staff) -> Response:
    """The ward's models with filters, counts by field and the form for a ward unit's."""
    return _register_page(request, staff)


@router.post("/models")
def register_model(request: Request, staff: Staff, form: Form) -> Response:
    """Register a ward-level unit's model (a party cell, the Front, an association)."""
    typed = {k: str(form.get(k, "")) for k in REGISTER_FIELDS}
    tr = t(request)
    try:
        args = ModelCreate(
            id=uuid.uuid4(), name=typed["name"], field=typed["field"],  # type: ignore[arg-type]
            unit_kind=typed["unit_kind"],  # type: ignore[arg-type]
            unit_name=typed["unit_name"], year=int(typed["year"] or 0), goals=typed["goals"],
            followers=[line.strip() for line in typed["followers"].splitlines() if line.strip()])
    except (ValidationError, ValueError):
        return _register_page(request, staff, typed=typed, error=tr.t("models.bad_register"),
                              status=422)
    if args.unit_kind == ModelUnitKind.RESIDENTIAL_GROUP or not (args.unit_name or "").strip():
        return _register_page(request, staff, typed=typed, error=tr.t("models.bad_register"),
                              status=422)
    try:
        backend(request).write_model(
            staff, lambda ctx: mobilization.create(ctx, args, ward_level=True))
    except ApiProblem as problem:
        return _register_page(request, staff, typed=typed,
                              error=problem_sentence(request, problem), status=409)
    return redirect(f"{CONSOLE}/models/{args.id}", done="created")


def _model_page(request: Request, staff: StaffUser, model_id: str, *,
                typed: dict[str, str] | None = None, error: str | None = None,
                status: int = 200) -> Response:
    console = backend(request)
    model = console.model(staff, model_id)
    if model is None:
        return not_found(request, "models.not_found")
    return render(request, "model.html", {
        "m": model, **_vocab(), "figure": show_figure, "amount": format_kind_amount,
        "choices": [c for c in console.ward_campaign_choices(staff, model["group_id"])
                    if c.id not in model["campaign_ids"]],
        "form": typed or {"level": "ward"}, "error": error,
        "done": request.query_params.get("done"),
    }, status=status)


@router.get("/models/{model_id}")
def model_page(request: Request, model_id: str, staff: Staff) -> Response:
    """One model: what it is, its evidence, who follows it, its timeline, the ward's forms."""
    return _model_page(request, staff, model_id)


@router.post("/models/{model_id}/evidence")
def add_evidence(request: Request, model_id: str, staff: Staff, form: Form) -> Response:
    """A figure (label, quantity, unit), a linked campaign and/or a note."""
    typed = {k: str(form.get(k, "")) for k in EVIDENCE_FIELDS}
    tr = t(request)
    metrics = []
    if typed["label"].strip() or typed["quantity"].strip():
        try:
            quantity = parse_figure(typed["quantity"])
        except ValueError:
            return _model_page(request, staff, model_id, typed=typed, status=422,
                               error=tr.t("models.bad_quantity"))
        metrics.append({"label": typed["label"], "quantity": quantity, "unit": typed["unit"]})
    try:
        args = ModelEvidence.model_validate({
            "id": model_id, "metrics": metrics, "note": typed["note"].strip() or None,
            "campaign_ids": [typed["campaign_id"]] if typed["campaign_id"] else []})
    except ValidationError:
        return _model_page(request, staff, model_id, typed=typed, status=422,
                           error=tr.t("models.bad_evidence"))
    try:
        backend(request).write_model(staff, lambda ctx: mobilization.add_evidence(ctx, args))
    except ApiProblem as problem:
        return _model_page(request, staff, model_id, typed=typed, status=409,
                           error=problem_sentence(request, problem))
    return redirect(f"{CONSOLE}/models/{model_id}", done="evidence")


@router.post("/models/{model_id}/status")
def change_status(request: Request, model_id: str, staff: Staff, form: Form) -> Response:
    """Recognize (level, decision number, date), not recognize, replicated, and for the
    ward's own units: started, proposed."""
    action = str(form.get("action", ""))
    typed = {k: str(form.get(k, "")) for k in DECISION_FIELDS}
    tr = t(request)
    status = ACTIONS.get(action)
    if status is None:
        return _model_page(request, staff, model_id, typed=typed, status=422,
                           error=tr.t("models.bad_action"))
    fields: dict[str, Any] = {"id": model_id, "status": status,
                              "note": typed["note"].strip() or None}
    if status == "recognized":
        try:
            decided_on = parse_typed_date(typed["decided_on"])
        except ValueError:
            return _model_page(request, staff, model_id, typed=typed, status=422,
                               error=tr.t("models.bad_date"))
        if not typed["decision_no"].strip() or decided_on is None:
            return _model_page(request, staff, model_id, typed=typed, status=422,
                               error=tr.t("models.decision_needed"))
        fields["recognition"] = {"level": typed["level"], "decision_no": typed["decision_no"],
                                 "decided_on": decided_on}
    try:
        args = ModelUpdate.model_validate(fields)
    except ValidationError:
        return _model_page(request, staff, model_id, typed=typed, status=422,
                           error=tr.t("models.decision_needed"))
    try:
        backend(request).write_model(
            staff, lambda ctx: mobilization.update_fields(ctx, args, None))
    except ApiProblem as problem:
        return _model_page(request, staff, model_id, typed=typed, status=409,
                           error=problem_sentence(request, problem))
    return redirect(f"{CONSOLE}/models/{model_id}", done=action)
