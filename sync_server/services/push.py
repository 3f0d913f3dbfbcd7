"""Service layer: `POST /sync/push`, applying a device's outbox exactly once, in device_seq order.

One transaction per batch. A run of `petition.create` (phones mostly send new
petitions) is checked with a few queries for the whole run and its rows collected
(services.push_bulk); every other mutation is applied at once in a SAVEPOINT of its own,
after the rows collected so far are written (it may read them). A rejected mutation is
logged with its reason and still advances `last_seq` (the queue never wedges). A gap
stops the batch with 409 `sync.seq_gap` after committing the mutations before it. The
collected rows, the mutation log, the device's position and the group's counter go to
the database with the COMMIT, in one round trip on PostgreSQL. A batch whose new rows
another group's push wrote first, in the same moment, runs again (see `push`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError
from sqlalchemy import bindparam, literal, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session

from field_app.wire.mutations import ARGS_MODELS
from field_app.wire.protocol import (
    PROTOCOL_VERSION,
    Mutation,
    MutationResult,
    MutationStatus,
    PushRequest,
    PushResponse,
)
from sync_server.auth import token_hash
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import counter_t, device_t, group_t, mutation_log_t
from sync_server.services import (
    campaigns,
    dialogues,
    expenses,
    group_reports,
    households,
    mobilization,
    petitions,
    push_bulk,
    webhook_events,
)
from sync_server.services.changes import GROUP_SCOPE, group_scope
from sync_server.services.context import WriteContext
from sync_server.services.devices import DeviceUser, device_of
from sync_server.services.outcome import Outcome
from sync_server.storage import steps
from sync_server.storage.statements import DirectStatement, begin_writing

log = logging.getLogger("sync_server.push")

PUSH_ATTEMPTS = 3  # a push whose new rows clashed with another push's (see `push`)

Handler = Callable[[WriteContext, Any, int | None], Outcome]

HANDLERS: dict[str, Handler] = {
    "petition.update": petitions.update_fields,
    "petition.withdraw": lambda ctx, a, _b: petitions.withdraw(ctx, a),
    "petition.report_back": lambda ctx, a, _b: petitions.report_back(ctx, a),
    "petition.note": lambda ctx, a, _b: petitions.note(ctx, a),
    "household.upsert": lambda ctx, a, _b: households.upsert(ctx, a),
    "dialogue.create": lambda ctx, a, _b: dialogues.create(ctx, a),
    "dialogue.update": dialogues.update_fields,
    "campaign.create": lambda ctx, a, _b: campaigns.create(ctx, a),
    "campaign.update": campaigns.update_fields,
    "contribution.record": lambda ctx, a, _b: campaigns.record_entry(ctx, a),
    "contribution.reverse": lambda ctx, a, _b: campaigns.reverse_entry(ctx, a),
    "model.create": lambda ctx, a, _b: mobilization.create(ctx, a),
    "model.update": mobilization.update_fields,
    "model.evidence": lambda ctx, a, _b: mobilization.add_evidence(ctx, a),
    "group_report.submit": lambda ctx, a, _b: group_reports.submit(ctx, a),
    "expense.record": lambda ctx, a, _b: expenses.record(ctx, a),
    "expense.reverse": lambda ctx, a, _b: expenses.reverse(ctx, a),
}


# hot statements, built once: a push's first two, sent with its BEGIN (see `start`)
_LOCK_BY_TOKEN = DirectStatement(
    update(counter_t)
    .where(counter_t.c.scope == literal(GROUP_SCOPE) + select(device_t.c.group_id)
           .where(device_t.c.token_hash == bindparam("h")).scalar_subquery())
    .values(value=counter_t.c.value + 1).returning(counter_t.c.value))
_DEVICE_BY_TOKEN = DirectStatement(
    select(device_t, group_t.c.name.label("group_name"))
    .join_from(device_t, group_t, group_t.c.id == device_t.c.group_id)
    .where(device_t.c.token_hash == bindparam("h")))
_LOGGED = select(mutation_log_t).where(
    mutation_log_t.c.device_id == bindparam("d"),
    mutation_log_t.c.device_seq.in_(bindparam("seqs", expanding=True)))


def args_digest(m: Mutation) -> str:
    """sha256 of what makes a mutation itself: name, args and base_version (canonical JSON:
    keys sorted, compact, UTF-8), kept in the mutation log to recognise a retry."""
    body = {"a": m.args, "b": m.base_version, "n": m.name}
    try:
        canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
                                 default=str)
    except TypeError:  # what orjson cannot write (an integer past 64 bits): always the same
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"),
                               ensure_ascii=False, default=str).encode()
    return hashlib.sha256(canonical).hexdigest()


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg')}" if loc else str(err.get("msg")))
    return "; ".join(parts)


def _rejected(m: Mutation, code: E, message: str) -> MutationResult:
    return MutationResult(mutation_id=str(m.mutation_id), device_seq=m.device_seq,
                          status=MutationStatus.REJECTED, code=code.value, message=message)


def apply_one(ctx: WriteContext, m: Mutation) -> MutationResult:
    """Validate and apply one mutation inside its own savepoint."""
    model = ARGS_MODELS.get(m.name)
    handler = HANDLERS.get(m.name)
    if model is None or handler is None:
        shown = m.name.replace("\x00", "")[:64]
        return _rejected(m, E.UNKNOWN_MUTATION, f"Thao tác không được hỗ trợ: {shown}")
    try:
        args: BaseModel = model.model_validate(m.args)
    except ValidationError as exc:
        return _rejected(m, E.VALIDATION, _validation_message(exc))
    savepoint = ctx.conn.begin_nested()
    try:
        outcome = handler(ctx, args, m.base_version)
        savepoint.commit()
    except ApiProblem as problem:
        savepoint.rollback()
        return _rejected(m, problem.code, problem.body()["detail"])
    except IntegrityError:
        savepoint.rollback()
        return _rejected(m, E.RECORD_EXISTS, "Mục này đã có ở phường hoặc nhắc tới một "
                                             "mục phường không có.")
    except DataError:  # e.g. a NUL character PostgreSQL refuses in text
        savepoint.rollback()
        return _rejected(m, E.VALIDATION, "Dữ liệu chứa ký tự hoặc giá trị không hợp lệ.")
    status = MutationStatus.CONFLICT if outcome.conflict_fields else MutationStatus.APPLIED
    return MutationResult(
        mutation_id=str(m.mutation_id), device_seq=m.device_seq, status=status,
        entity=outcome.entity, id=outcome.id, version=outcome.version,
        fields=outcome.conflict_fields or None)


def _logged(session: Session, device_id: str, mutations: list[Mutation],
            last_seq: int) -> dict[int, dict[str, Any]]:
    """The logged mutations a retried batch refers to, in one query."""
    seqs = [m.device_seq for m in mutations if m.device_seq <= last_seq]
    if not seqs:
        return {}
    rows = session.execute(_LOGGED, {"d": device_id, "seqs": seqs}).all()
    return {r.device_seq: dict(r._mapping) for r in rows}


def _duplicate(m: Mutation, digest: str, logged_before: dict[int, dict[str, Any]],
               pending: dict[int, dict[str, Any]]) -> MutationResult:
    logged = pending.get(m.device_seq) or logged_before.get(m.device_seq)
    if (logged is None or logged["mutation_id"] != str(m.mutation_id)
            or logged["args_sha256"] != digest):
        raise ApiProblem(E.MUTATION_MISMATCH, device_seq=m.device_seq)
    stored = dict(logged["result"])
    stored["status"] = MutationStatus.DUPLICATE.value
    return MutationResult.model_validate(stored)


def _create_run(mutations: list[Mutation], start: int, last_seq: int) -> list[Mutation]:
    """The mutations from `start` on that are petition.create in unbroken seq order (none
    if the one at `start` is not)."""
    run: list[Mutation] = []
    expected = last_seq + 1
    for m in mutations[start:]:
        if m.name != push_bulk.CREATE or m.device_seq != expected:
            break
        run.append(m)
        expected += 1
    return run


def _log_row(device_id: str, m: Mutation, result: MutationResult,
             ctx: WriteContext) -> dict[str, Any]:
    return {"device_id": device_id, "device_seq": m.device_seq,
            "mutation_id": str(m.mutation_id), "name": m.name.replace("\x00", "")[:64],
            "args_sha256": args_digest(m), "result": result.model_dump(mode="json"),
            "created_at": ctx.now}


@dataclass(frozen=True)
class Started:
    """A push's transaction, begun: the device, its group's name and the value the
    group's counter had when this transaction locked it."""

    device: DeviceUser
    group_name: str
    counter: int
    hooks: tuple[webhook_events.Hook, ...] = ()


def start(session: Session, token: str) -> Started:
    """Begin the push's writing transaction (`begin_writing`), lock the group's counter
    row first, as every writing transaction does (services.changes), and read the device
    after that lock, so that a retry racing its first attempt waits for it and then sees
    its `last_seq`; with them the active webhooks of its ward: one round trip on
    PostgreSQL. 401 for an unknown or revoked token (the caller rolls the transaction
    back). `session` must be in autocommit."""
    hashed = {"h": token_hash(token)}
    locked, found, hooks = begin_writing(session.connection(), [
        (_LOCK_BY_TOKEN, hashed), (_DEVICE_BY_TOKEN, hashed),
        (webhook_events.ACTIVE_BY_TOKEN, hashed)])
    assert locked is not None and found is not None and hooks is not None
    device = device_of(found[0] if found else None)
    if not locked:
        raise LookupError(f"no scope counter for {group_scope(device.group_id)}")
    return Started(device, found[0].group_name, locked[0].value,
                   webhook_events.hooks_of(hooks))


def push(session: Session, token: str, read: Callable[[], PushRequest]) -> PushResponse:
    """Apply the outbox batch `read` parses, for the device of `token`. The body is read
    once the token is known good: a stranger gets 401 whatever it sent.

    The rows of new petitions are checked before they are written (services.push_bulk),
    in the push's transaction, which holds only its own group's lock. On PostgreSQL a push
    of another group can write the same petition id, or the same tracking code of the
    ward, between those checks and this push's write: the database then refuses the write
    (a unique violation, raised once the other push has committed), and with it the whole
    transaction. The push is rolled back and runs again from its BEGIN: its checks now
    see the other push's rows, and answer the clashing mutation `rejected` (its id or its
    code is taken), the others as before. Bounded: each attempt but the last failed
    because another push committed a clashing row meanwhile."""
    request: PushRequest | None = None
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        started = start(session, token)
        if request is None:
            request = read()
            if request.protocol != PROTOCOL_VERSION:
                raise ApiProblem(E.UPGRADE_REQUIRED, supported_protocols=[PROTOCOL_VERSION])
        try:
            return _push(session, started, request)
        except IntegrityError as exc:
            if attempt == PUSH_ATTEMPTS:
                raise
            session.rollback()
            log.info("push of device %s met a row another push wrote meanwhile (%s): "
                     "running it again", started.device.id, exc.orig)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _write(ctx: WriteContext, writes: list[steps.Step], *, commit: bool = False) -> None:
    """Send the writes collected so far, and with `commit` the COMMIT (one round trip on
    PostgreSQL). The rows of new petitions were checked before (services.push_bulk): the
    database refuses them only if another group's push wrote the same id or tracking code
    in the same moment on PostgreSQL, and then `push` runs the batch again."""
    if writes or commit:
        steps.run(ctx.conn, writes, commit=commit)
    writes.clear()


def _push(session: Session, started: Started, request: PushRequest) -> PushResponse:
    device, group_name = started.device, started.group_name
    ctx = WriteContext(session=session, ward_id=device.ward_id,
                       actor=f"{group_name} ({device.name})" if device.name else group_name,
                       group_id=device.group_id, device_id=device.id, group_name=group_name,
                       hooks=started.hooks)
    ctx.clock.locked(group_scope(device.group_id), started.counter)
    last_seq = device.last_seq
    results: list[MutationResult] = []
    log_rows: dict[int, dict[str, Any]] = {}
    writes: list[steps.Step] = []  # rows of runs of new petitions, not yet sent
    problem: ApiProblem | None = None
    mutations = request.mutations
    logged_before = _logged(session, device.id, mutations, last_seq)
    i = 0
    while i < len(mutations):
        m = mutations[i]
        if m.device_seq <= last_seq:
            try:
                results.append(_duplicate(m, args_digest(m), logged_before, log_rows))
            except ApiProblem as exc:
                problem = exc
                break
            i += 1
            continue
        if m.device_seq > last_seq + 1:
            problem = ApiProblem(E.SEQ_GAP, expected_seq=last_seq + 1, last_seq=last_seq)
            break
        _write(ctx, writes)  # what the next mutations read is in the database
        run = _create_run(mutations, i, last_seq)
        if run:
            created = push_bulk.apply_creates(ctx, run, _validation_message)
            done = created.results
            writes.extend(created.writes)
        else:
            run, done = [m], [apply_one(ctx, m)]
        for mutation, result in zip(run, done, strict=True):
            results.append(result)
            last_seq = mutation.device_seq
            log_rows[mutation.device_seq] = _log_row(device.id, mutation, result, ctx)
        i += len(run)
    conn = ctx.conn
    writes.extend(steps.insert_step(conn, mutation_log_t, list(log_rows.values())))
    writes.append(steps.update_step(conn, device_t, ("id",), [
        {"last_seq": last_seq, "last_sync_at": ctx.now, "id": device.id}]))
    writes.append(steps.update_step(conn, counter_t, ("scope",), [
        {"value": value, "scope": scope} for scope, value in ctx.clock.unstored()]))
    _write(ctx, writes, commit=True)
    session.commit()  # the session's own bookkeeping: the database has committed
    if problem is not None:
        raise problem
    return PushResponse(results=results, last_seq=last_seq)
