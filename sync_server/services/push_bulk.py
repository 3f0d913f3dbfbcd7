"""Service layer: the fast path of push for a run of consecutive `petition.create` mutations.

Phones mostly send new petitions. For a run of them the households of the group are checked
with one query, and the rows are handed back as statements for the driver (`storage.steps.Step`),
which push sends with the rest of the batch's writes in one go. An id taken inside the run
is refused here, and so is a tracking code already used in the ward or earlier in the run (the
webhook events of the new petitions go with their rows); an
id already in the database is refused by its primary key when the rows
go in, and push then applies the whole batch again one mutation at a time
(`push.apply_one`, which names the taken id), so the results are exactly those of applying
the mutations one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, select

from field_app.wire.mutations import PetitionCreate
from field_app.wire.protocol import Mutation, MutationResult, MutationStatus
from sync_server.errors import CATALOGUE, E
from sync_server.models.tables import change_t, household_t, petition_t
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.petitions import ENTITY, new_row
from sync_server.services.webhook_events import created_step
from sync_server.storage.steps import Step, insert_step

CREATE = "petition.create"
_CODES = select(petition_t.c.tracking_code).where(
    petition_t.c.ward_id == bindparam("w"),
    petition_t.c.tracking_code.in_(bindparam("codes", expanding=True)))
_HOMES = select(household_t.c.id).where(household_t.c.id.in_(bindparam("ids", expanding=True)),
                                        household_t.c.group_id == bindparam("g"))


@dataclass
class CreatedRun:
    """The results of a run, in order, and the writes that make them true."""

    results: list[MutationResult]
    writes: list[Step]


def _rejected(m: Mutation, code: E, message: str | None = None) -> MutationResult:
    return MutationResult(mutation_id=str(m.mutation_id), device_seq=m.device_seq,
                          status=MutationStatus.REJECTED, code=code.value,
                          message=message or CATALOGUE[code][2])


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
    homes = sorted({v["household_id"] for _, v in valid if v.get("household_id")})
    known_homes = set(ctx.conn.execute(_HOMES, {"ids": homes, "g": ctx.group_id}).scalars()
                      ) if homes else set()
    codes = sorted({v["tracking_code"] for _, v in valid if v.get("tracking_code")})
    codes_taken = set(ctx.conn.execute(_CODES, {"w": ctx.ward_id, "codes": codes}).scalars()
                      ) if codes else set()
    rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    taken: set[str] = set()
    scope = group_scope(ctx.group_id)
    for m, values in valid:
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
                      [insert_step(ctx.conn, petition_t, rows),
                       insert_step(ctx.conn, change_t, changes),
                       created_step(ctx, rows, ctx.group_name)])
