"""Store layer: how each mutation changes the phone's local view of a record.

The same function runs when the user writes (optimistic local apply) and when a pulled
server row is rebuilt with the mutations still waiting in the outbox, so the user never
sees their own edit vanish and come back. The server remains the authority.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from field_app.wire.lifecycle import next_status
from field_app.wire.protocol import MutationName as M

Data = dict[str, Any]


@dataclass(frozen=True)
class Context:
    group_id: str | None
    actor: str
    at: str  # ISO timestamp of the mutation (recorded_at)
    lookup: Callable[[str, str], Data | None]  # (entity, id) -> local view


# mutation name -> entity whose record it changes
ENTITY_OF: dict[str, str] = {
    M.PETITION_CREATE: "petition",
    M.PETITION_UPDATE: "petition",
    M.PETITION_WITHDRAW: "petition",
    M.PETITION_REPORT_BACK: "petition",
    M.PETITION_NOTE: "petition",
    M.HOUSEHOLD_UPSERT: "household",
    M.CAMPAIGN_CREATE: "campaign",
    M.CAMPAIGN_UPDATE: "campaign",
    M.CONTRIBUTION_RECORD: "contribution_entry",
    M.CONTRIBUTION_REVERSE: "contribution_entry",
    M.DIALOGUE_CREATE: "dialogue_session",
    M.DIALOGUE_UPDATE: "dialogue_session",
    M.MODEL_CREATE: "model",
    M.MODEL_UPDATE: "model",
    M.MODEL_EVIDENCE: "model",
    M.GROUP_REPORT_SUBMIT: "group_report",
    M.EXPENSE_RECORD: "campaign_expense",
    M.EXPENSE_REVERSE: "campaign_expense",
}


def _timeline(data: Data, ctx: Context, kind: str, text: str = "") -> Data:
    entries = list(data.get("timeline") or [])
    entries.append({"at": ctx.at, "actor": ctx.actor, "kind": kind, "text": text})
    return {**data, "timeline": entries}


def _create(current: Data | None, args: Data, ctx: Context, **extra: Any) -> Data | None:
    if current is not None:
        # already known (the server has it, or a retry): never overwrite what it said
        return None
    return {**extra, **args, "group_id": ctx.group_id, "version": 0,
            "created_at": ctx.at, "updated_at": ctx.at}


def _patch(current: Data | None, args: Data, ctx: Context) -> Data | None:
    if current is None:
        return None
    patch = {k: v for k, v in args.items() if k not in ("id", "base_version")}
    return {**current, **patch, "updated_at": ctx.at}


def _petition_create(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    data = _create(cur, args, ctx, status="received", timeline=[])
    return None if data is None else _timeline(data, ctx, "created")


def _petition_transition(action: str, kind: str) -> Callable[[Data | None, Data, Context],
                                                             Data | None]:
    def reduce(cur: Data | None, args: Data, ctx: Context) -> Data | None:
        if cur is None:
            return None
        target = next_status(action, cur.get("status") or "received", staff=False)
        if target is None:
            return None
        data = {**cur, "status": str(target), "updated_at": ctx.at}
        if "citizen_satisfied" in args:
            data["citizen_satisfied"] = args["citizen_satisfied"]
        return _timeline(data, ctx, kind, args.get("note") or "")

    return reduce


def _petition_note(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    return None if cur is None else _timeline(cur, ctx, "note", args["text"])


def _household_upsert(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    base = cur or {"group_id": ctx.group_id, "version": 0, "publish_name": False}
    if args.get("publish_name") is None:  # not sent: the consent stays as it was
        args = {k: v for k, v in args.items() if k != "publish_name"}
    return {**base, **args}


def _dialogue_create(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    return _create(cur, args, ctx, scope="group")


def _contribution_record(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    return _create(cur, args, ctx)


def _contribution_reverse(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    original = ctx.lookup("contribution_entry", args["reverses_id"])
    if cur is not None or original is None:
        return None
    return {
        **args,
        "campaign_id": original["campaign_id"],
        "household_id": original["household_id"],
        "kind": original["kind"],
        "quantity": original["quantity"],
        "entry_type": "reversal",
        "group_id": ctx.group_id,
        "version": 0,
    }


def _expense_record(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    return _create(cur, args, ctx, entry_type="expense", recorded_by=ctx.actor)


def _expense_reverse(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    original = ctx.lookup("campaign_expense", args["reverses_id"])
    if cur is not None or original is None:
        return None
    return {**args, "campaign_id": original["campaign_id"], "entry_type": "reversal",
            "amount_vnd": original["amount_vnd"], "purpose": original.get("purpose") or "",
            "attachments": [], "recorded_by": ctx.actor, "group_id": ctx.group_id,
            "version": 0, "created_at": ctx.at}


# -- "Dân vận khéo" models: the group's own moves (the ward's come with the pull) ----------
MODEL_MOVES = {"registered": {"in_progress", "proposed"}, "in_progress": {"proposed"},
               "not_recognized": {"in_progress", "proposed"}}


def _model_create(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    args = {k: v for k, v in args.items() if v is not None}
    data = _create(cur, args, ctx, status="registered", unit_name="", goals="",
                   followers=[], level="group",
                   unit_kind="residential_group", metrics=[], attachments=[], campaign_ids=[],
                   petition_ids=[], timeline=[])
    if data is None:
        return None
    data["unit_kind"] = "residential_group"
    return _timeline(data, ctx, "created")


def _model_update(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    if cur is None or cur.get("unit_kind") != "residential_group":  # a ward unit's: read-only
        return None
    patch = {k: v for k, v in args.items()
             if k not in ("id", "base_version", "status", "recognition", "note")}
    data = {**cur, **patch, "updated_at": ctx.at}
    status = args.get("status")
    if status and status in MODEL_MOVES.get(str(cur.get("status")), set()):
        data["status"] = status
        kind = "started" if status == "in_progress" else str(status)
        return _timeline(data, ctx, kind, args.get("note") or "")
    return data


def _model_evidence(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    if cur is None or cur.get("unit_kind") != "residential_group":
        return None
    metrics = [{"label": m["label"], "quantity": str(m["quantity"]), "unit": m.get("unit", "")}
               for m in args.get("metrics") or []]
    data = {**cur, "metrics": [*list(cur.get("metrics") or []), *metrics], "updated_at": ctx.at}
    for key in ("attachments", "campaign_ids", "petition_ids"):
        data[key] = list(dict.fromkeys([*list(cur.get(key) or []), *(args.get(key) or [])]))
    said = "; ".join(f"{m['label']}: {m['quantity']} {m['unit']}".strip() for m in metrics)
    return _timeline(data, ctx, "evidence", said)


def _group_report_submit(cur: Data | None, args: Data, ctx: Context) -> Data | None:
    """A first submit, or a later one replacing the month's text and figures."""
    if cur is None:
        return {**args, "group_id": ctx.group_id, "version": 0}
    return {**cur, **{k: v for k, v in args.items() if k != "id"}}


REDUCERS: dict[str, Callable[[Data | None, Data, Context], Data | None]] = {
    M.PETITION_CREATE: _petition_create,
    M.PETITION_UPDATE: _patch,
    M.PETITION_WITHDRAW: _petition_transition("withdraw", "withdrawn"),
    M.PETITION_REPORT_BACK: _petition_transition("report_back", "reported_back"),
    M.PETITION_NOTE: _petition_note,
    M.HOUSEHOLD_UPSERT: _household_upsert,
    M.CAMPAIGN_CREATE: lambda cur, args, ctx: _create(cur, args, ctx),
    M.CAMPAIGN_UPDATE: _patch,
    M.CONTRIBUTION_RECORD: _contribution_record,
    M.CONTRIBUTION_REVERSE: _contribution_reverse,
    M.DIALOGUE_CREATE: _dialogue_create,
    M.DIALOGUE_UPDATE: _patch,
    M.MODEL_CREATE: _model_create,
    M.MODEL_UPDATE: _model_update,
    M.MODEL_EVIDENCE: _model_evidence,
    M.GROUP_REPORT_SUBMIT: _group_report_submit,
    M.EXPENSE_RECORD: _expense_record,
    M.EXPENSE_REVERSE: _expense_reverse,
}


def reduce(name: str, current: Data | None, args: Data, ctx: Context) -> Data | None:
    """The record after `name(args)`, or None when the mutation changes nothing locally."""
    reducer = REDUCERS.get(name)
    return None if reducer is None else reducer(current, args, ctx)
