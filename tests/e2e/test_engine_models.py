"""A group leader registers a "Dân vận khéo" model on the phone, adds figures and proposes
it offline; it syncs; the ward recognizes it and the phone shows the recognition."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from engine_faults import enrolled_phone

from field_app.store import RecordNotFound
from field_app.wire.mutations import ModelCreate, ModelUpdate
from sync_server.services import mobilization


def test_a_model_registered_on_the_phone_is_recognized_by_the_ward(
        live_server: Any, ward: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "phone") as phone:
        models = phone.store.models
        mine = models.register(name="Ngõ sáng, ngõ sạch", field="economy", year=2026,
                               goals="Lắp 12 cột đèn ngõ 12", followers=["Đ/c Lê Văn Tám"])
        models.add_figure(mine.id, label="Cột đèn", quantity="12", unit="cột")
        proposed = models.propose(mine.id)
        # offline: the phone shows its own writes at once, waiting to send
        assert (proposed.status, proposed.sync_state) == ("proposed", "pending")
        assert [m.label for m in proposed.metrics] == ["Cột đèn"]
        assert [e.kind for e in proposed.timeline] == ["created", "evidence", "proposed"]

        assert phone.sync_now().ok
        synced = models.get(mine.id)
        assert synced is not None and synced.sync_state == "synced" and synced.version > 0
        assert synced.ward_id == ward.id and synced.unit_name == "Tổ dân phố 1"

        ward_model = uuid.uuid4()
        live_server.as_ward(ward.id, lambda ctx: mobilization.update_fields(ctx, ModelUpdate(
            id=uuid.UUID(mine.id), status="recognized", recognition={
                "level": "ward", "decision_no": "125/QĐ-UBND", "decided_on": "2026-12-15"}),
            None))
        live_server.as_ward(ward.id, lambda ctx: mobilization.create(ctx, ModelCreate(
            id=ward_model, name="Dân vận khéo trong Chi bộ", field="political_system",
            year=2026, unit_kind="party_cell", unit_name="Chi bộ khu phố 3"), ward_level=True))

        assert phone.sync_now().ok
        recognized = models.get(mine.id)
        assert recognized is not None and recognized.status == "recognized"
        assert recognized.recognition is not None
        assert (recognized.recognition.level, recognized.recognition.decision_no,
                str(recognized.recognition.decided_on)) == ("ward", "125/QĐ-UBND", "2026-12-15")
        assert {m.id for m in models.list()} == {mine.id, str(ward_model)}
        # the ward unit's model is read-only on the phone: an edit changes nothing locally
        theirs = models.get(str(ward_model))
        assert theirs is not None and theirs.group_id is None
        models.add_figure(str(ward_model), label="Hộ tham gia", quantity="10", unit="hộ")
        still = models.get(str(ward_model))
        assert still is not None and still.metrics == []
        result = phone.sync_now()
        assert result.ok
        refused = models.get(str(ward_model))
        assert refused is not None and refused.sync_state == "rejected"
        with pytest.raises(RecordNotFound):
            models.propose(str(uuid.uuid4()))
