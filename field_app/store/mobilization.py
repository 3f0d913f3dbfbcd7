"""Store layer: the group's "Dân vận khéo" models (mô hình) on the phone.

The group registers its models, adds evidence figures and proposes a model for
recognition, offline; the ward's answer (recognized at which level, by which decision,
or not) and the ward units' models arrive with the pull and are read-only here.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from field_app.store import tables
from field_app.store.db import Database
from field_app.store.errors import RecordNotFound
from field_app.store.records import ModelRow
from field_app.store.writer import LocalWriter
from field_app.wire.protocol import MutationName as M

Models = list[ModelRow]  # the repository's `list` method shadows the builtin


class ModelRepository:
    """The group's models, written here, and the ward units' models, read from the ward."""

    def __init__(self, db: Database, writer: LocalWriter) -> None:
        self._db = db
        self._writer = writer

    def register(self, *, name: str, field: str, year: int, goals: str = "",
                 followers: list[str] | None = None, model_id: str | None = None) -> ModelRow:
        args: dict[str, Any] = {"id": model_id or str(uuid.uuid4()), "name": name,
                                "field": field, "year": year, "goals": goals,
                                "followers": followers or []}
        return self._get_or_fail(self._writer.write(M.MODEL_CREATE, args))

    def add_figure(self, model_id: str, *, label: str, quantity: Decimal | str,
                   unit: str = "") -> ModelRow:
        """One figure of evidence: "Tiền huy động" 45000000 "đồng"."""
        self._get_or_fail(model_id)
        self._writer.write(M.MODEL_EVIDENCE, {"id": model_id, "metrics": [
            {"label": label, "quantity": str(quantity), "unit": unit}]})
        return self._get_or_fail(model_id)

    def propose(self, model_id: str, note: str = "") -> ModelRow:
        """Ask the ward to recognize the model."""
        return self._move(model_id, "proposed", note)

    def start(self, model_id: str, note: str = "") -> ModelRow:
        return self._move(model_id, "in_progress", note)

    def _move(self, model_id: str, status: str, note: str) -> ModelRow:
        self._get_or_fail(model_id)
        with self._db.reading() as conn:
            server = tables.read_server(conn, "model", model_id)
        base = None if server is None else int(server.get("version") or 0)
        args: dict[str, Any] = {"id": model_id, "status": status}
        if note:
            args["note"] = note
        self._writer.write(M.MODEL_UPDATE, args, base_version=base)
        return self._get_or_fail(model_id)

    def get(self, model_id: str) -> ModelRow | None:
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "model", where="id = ?", params=(model_id,))
        return rows[0] if rows else None

    def list(self) -> Models:
        """The group's models and the ward units', newest year first, then by name."""
        with self._db.reading() as conn:
            return tables.select_rows(conn, "model", order="year DESC, name, id")

    def _get_or_fail(self, model_id: str) -> ModelRow:
        row = self.get(model_id)
        if row is None:
            raise RecordNotFound("model", model_id)
        return row
