"""Service layer: the fast path of push for a run of consecutive `petition.create` mutations.

Phones mostly send new petitions. For a run of them the checks are made with one query
each (ids taken, households of the group), and the rows go in with one executemany per
table inside ONE savepoint. Results are exactly those of applying the mutations one by
one; if the database still refuses the run, the savepoint is rolled back and the run is
applied one by one (`push.apply_one`), so the promises of push are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, select
from sqlalchemy.exc import DataError, IntegrityError

from field_app.wire.mutations import PetitionCreate
from field_app.wire.protocol import Mutation, MutationResult, MutationStatus
from sync_server.errors import CATALOGUE, E
from sync_server.models.tables import change_t, household_t, petition_t
from sync_server.services.bulk import insert_many
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.petitions import ENTITY, new_row

CREATE = "petition.create"
_TAKEN = select(petition_t.c.id).where(petition_t.c.id.in_(bindparam("ids", expanding=True)))
_HOMES = select(household_t.c.id).where(household_t.c.id.in_(bindparam("ids", expanding=True)),
                                        household_t.c.group_id == bindparam("g"))


def _rejected(m: Mutation, code: E, message: str | None = None) -> MutationResult:
    return MutationResult(mutation_id=str(m.mutation_id), device_seq=m.device_seq,
                          status=MutationStatus.REJECTED, code=code.value,
                          message=message or CATALOGUE[code][2])


def apply_creates(ctx: WriteContext, run: list[Mutation],
                  one_by_one: Callable[[WriteContext, Mutation], MutationResult],
                  validation_message: Callable[[ValidationError], str]
                  ) -> list[MutationResult]:
    """Results for a run of petition.create mutations, in order."""
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
    ids = [values["id"] for _, values in valid]
    taken = set(ctx.conn.execute(_TAKEN, {"ids": ids}).scalars()) if ids else set()
    homes = sorted({v["household_id"] for _, v in valid if v.get("household_id")})
    known_homes = set(ctx.conn.execute(_HOMES, {"ids": homes, "g": ctx.group_id}).scalars()
                      ) if homes else set()
    rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    scope = group_scope(ctx.group_id)
    for m, values in valid:
        if values["id"] in taken:
            results[m.device_seq] = _rejected(m, E.PETITION_EXISTS)
            continue
        if values.get("household_id") and values["household_id"] not in known_homes:
            results[m.device_seq] = _rejected(m, E.HOUSEHOLD_NOT_FOUND)
            continue
        taken.add(values["id"])
        version = ctx.clock.next(scope)
        rows.append(new_row(ctx, values, version))
        changes.append({"entity": ENTITY, "entity_id": values["id"], "scope": scope,
                        "seq": version, "op": "upsert"})
        results[m.device_seq] = MutationResult(
            mutation_id=str(m.mutation_id), device_seq=m.device_seq,
            status=MutationStatus.APPLIED, entity=ENTITY, id=values["id"], version=version)
    if rows:
        savepoint = ctx.conn.begin_nested()
        try:
            insert_many(ctx.conn, petition_t, rows)
            insert_many(ctx.conn, change_t, changes)
            savepoint.commit()
        except (IntegrityError, DataError):
            savepoint.rollback()
            return [one_by_one(ctx, m) for m in run]
    return [results[m.device_seq] for m in run]
