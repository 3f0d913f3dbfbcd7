"""Service layer: push's `petition.create` mutations, a run of them at a time.

Phones mostly send new petitions. For a run of them the ids, households and tracking
codes are checked with one query each, and the rows are handed back as statements for
the driver (`storage.steps.Step`), which push sends with the rest of the batch's writes
in one go. Everything the database would refuse is refused here, each mutation with its
own result: an id already taken (a petition, or a change row left by one erased) or
taken earlier in the run, an unknown household, a tracking code already used in the
ward or earlier in the run, a NUL character (PostgreSQL stores none in text). The
webhook events of the new petitions go with their rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy import bindparam, literal, select, union_all

from field_app.wire.mutations import PetitionCreate
from field_app.wire.protocol import Mutation, MutationResult, MutationStatus
from sync_server.errors import CATALOGUE, E
from sync_server.models.tables import change_t, household_t, petition_t
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.petitions import ENTITY, new_row
from sync_server.services.webhook_events import created_step
from sync_server.storage.portable import one_of
from sync_server.storage.statements import DirectStatement
from sync_server.storage.steps import Step, insert_step

CREATE = "petition.create"
# what of a run the database has already, in one statement run on the driver (planned
# for each run, below; each list one parameter, `one_of`): ids (of a petition, or of the change
# row an erased one left), tracking codes of the ward, households of the group
_KNOWN = DirectStatement(union_all(
    select(literal("id").label("kind"), petition_t.c.id.label("value"))
    .where(one_of(petition_t.c.id, "ids")),
    select(literal("id"), change_t.c.entity_id)
    .where(change_t.c.entity == ENTITY, one_of(change_t.c.entity_id, "ids")),
    select(literal("code"), petition_t.c.tracking_code)
    .where(petition_t.c.ward_id == bindparam("w"), one_of(petition_t.c.tracking_code, "codes")),
    select(literal("home"), household_t.c.id)
    .where(household_t.c.group_id == bindparam("g"), one_of(household_t.c.id, "homes"))),
    # planned for each run's lists: a generic plan, made for any list, may read every
    # petition of the ward by its ward for the codes (see services.pull's records)
    prepared=False)


@dataclass
class CreatedRun:
    """The results of a run, in order, and the writes that make them true."""

    results: list[MutationResult]
    writes: list[Step]


def _rejected(m: Mutation, code: E, message: str | None = None) -> MutationResult:
    return MutationResult(mutation_id=str(m.mutation_id), device_seq=m.device_seq,
                          status=MutationStatus.REJECTED, code=code.value,
                          message=message or CATALOGUE[code][2])


_NUL = "Dữ liệu chứa ký tự hoặc giá trị không hợp lệ."


def _has_nul(values: dict[str, Any]) -> bool:
    """Whether a NUL character is anywhere in `values` (args dumped in JSON mode): looked
    for in their JSON first (one call), then, if something looks like one, value by value
    (a backslash typed before "u0000" reads the same in JSON)."""
    return b"\\u0000" in orjson.dumps(values) and _nul_in(values)


def _nul_in(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_nul_in(v) for v in value.values())
    if isinstance(value, list):
        return any(_nul_in(v) for v in value)
    return False


def apply_creates(ctx: WriteContext, run: list[Mutation],
                  validation_message: Callable[[ValidationError], str]) -> CreatedRun:
    """Results for a run of petition.create mutations, and the rows still to write."""
    assert ctx.group_id is not None
    results: dict[int, MutationResult] = {}
    valid: list[tuple[Mutation, dict[str, Any]]] = []
    for m in run:
        try:
            args = PetitionCreate.model_validate(m.args)
        except ValidationError as exc:
            results[m.device_seq] = _rejected(m, E.VALIDATION, validation_message(exc))
            continue
        valid.append((m, args.model_dump(mode="json")))
    known: dict[str, set[str]] = {"id": set(), "code": set(), "home": set()}
    if valid:
        for row in _KNOWN.rows(ctx.session, {
                "ids": [v["id"] for _, v in valid], "w": ctx.ward_id, "g": ctx.group_id,
                "codes": [v["tracking_code"] for _, v in valid if v.get("tracking_code")],
                "homes": [v["household_id"] for _, v in valid if v.get("household_id")]}):
            known[row.kind].add(row.value)
    taken, codes_taken, known_homes = known["id"], known["code"], known["home"]
    rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    scope = group_scope(ctx.group_id)
    for m, values in valid:
        if _has_nul(values):
            results[m.device_seq] = _rejected(m, E.VALIDATION, _NUL)
            continue
        if values["id"] in taken:
            results[m.device_seq] = _rejected(m, E.PETITION_EXISTS)
            continue
        if values.get("household_id") and values["household_id"] not in known_homes:
            results[m.device_seq] = _rejected(m, E.HOUSEHOLD_NOT_FOUND)
            continue
        code = values.get("tracking_code")
        if code and code in codes_taken:
            results[m.device_seq] = _rejected(m, E.TRACKING_CODE_TAKEN)
            continue
        if code:
            codes_taken.add(code)  # a second petition of the run with this code is refused
        taken.add(values["id"])
        version = ctx.clock.next(scope)
        rows.append(new_row(ctx, values, version))
        changes.append({"entity": ENTITY, "entity_id": values["id"], "scope": scope,
                        "seq": version, "op": "upsert"})
        results[m.device_seq] = MutationResult(
            mutation_id=str(m.mutation_id), device_seq=m.device_seq,
            status=MutationStatus.APPLIED, entity=ENTITY, id=values["id"], version=version)
    return CreatedRun([results[m.device_seq] for m in run],
                      [*insert_step(ctx.conn, petition_t, rows),
                       *insert_step(ctx.conn, change_t, changes),
                       *created_step(ctx, rows, ctx.group_name)])
