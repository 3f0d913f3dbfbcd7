"""End to end: "Dân vận khéo" models over the sync protocol: a group registers its model,
adds evidence and proposes it; the ward recognizes it; retries, refusals and isolation."""

from __future__ import annotations

import uuid
from typing import Any

from field_app.wire.mutations import ModelCreate, ModelUpdate
from sync_server.services import mobilization


def model_args(**fields: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"id": str(uuid.uuid4()), "name": "Tuyến đường hoa, cây xanh",
                            "field": "culture_society", "year": 2026,
                            "goals": "Trồng 300 m hoa dọc đường nội khối",
                            "followers": ["Đ/c Nguyễn Thị Hoa"]}
    args.update(fields)
    return args


def test_a_group_registers_a_model_adds_evidence_proposes_it_and_the_ward_recognizes_it(
    a_device_of: Any, ward: Any, live_server: Any
) -> None:
    phone = a_device_of(ward.group_a)
    args = model_args()
    created = phone.send("model.create", args)
    assert (created["status"], created["entity"]) == ("applied", "model")
    evidence = phone.send("model.evidence", {"id": args["id"], "metrics": [
        {"label": "Tuyến hoa", "quantity": "300", "unit": "m"},
        {"label": "Tiền huy động", "quantity": "45000000", "unit": "đồng"}]})
    assert evidence["status"] == "applied", evidence
    proposed = phone.send("model.update", {"id": args["id"], "status": "proposed"})
    assert proposed["status"] == "applied", proposed

    live_server.as_ward(ward.id, lambda ctx: mobilization.update_fields(ctx, ModelUpdate(
        id=uuid.UUID(args["id"]), status="recognized",
        recognition={"level": "ward", "decision_no": "125/QĐ-UBND",
                     "decided_on": "2026-12-15"}), None))

    phone.pull_all()
    seen = phone.latest("model", args["id"])
    assert seen is not None
    assert seen["status"] == "recognized"
    assert seen["level"] == "ward"
    assert seen["recognition"] == {"level": "ward", "decision_no": "125/QĐ-UBND",
                                   "decided_on": "2026-12-15"}
    assert seen["group_id"] == ward.group_a.id and seen["ward_id"] == ward.id
    assert seen["unit_kind"] == "residential_group" and seen["unit_name"] == "Tổ dân phố 1"
    assert [m["quantity"] for m in seen["metrics"]] == ["300", "45000000"]
    assert [e["kind"] for e in seen["timeline"]] == ["created", "evidence", "proposed",
                                                     "recognized"]
    assert seen["timeline"][-1]["actor"] == "Cán bộ Khối dân vận"


def test_a_retried_push_of_model_mutations_applies_each_once(
    a_device_of: Any, ward: Any, live_server: Any
) -> None:
    phone = a_device_of(ward.group_a)
    args = model_args()
    batch = [phone.mutation("model.create", args),
             phone.mutation("model.evidence", {"id": args["id"], "metrics": [
                 {"label": "Cột đèn", "quantity": "12", "unit": "cột"}]})]

    first = phone.push(batch)
    again = phone.push(batch)

    assert [r["status"] for r in first["results"]] == ["applied", "applied"]
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    with live_server.session() as s:
        saved = mobilization.get(s, args["id"], ward.id)
    assert saved["metrics"] == [{"label": "Cột đèn", "quantity": "12", "unit": "cột"}]
    assert [e["kind"] for e in saved["timeline"]] == ["created", "evidence"]


def test_a_refused_model_mutation_does_not_wedge_the_queue(
    a_device_of: Any, ward: Any
) -> None:
    phone = a_device_of(ward.group_a)
    args = model_args()
    batch = [
        phone.mutation("model.create", args),
        # the group may not recognize its own model: refused, and the queue moves on
        phone.mutation("model.update", {"id": args["id"], "status": "recognized",
                                        "recognition": {"level": "ward"}}),
        phone.mutation("model.update", {"id": args["id"], "status": "replicated"}),
        phone.mutation("model.evidence", {"id": str(uuid.uuid4()), "note": "không có"}),
        phone.mutation("model.update", {"id": args["id"], "status": "in_progress"}),
    ]

    body = phone.push(batch)

    assert [(r["status"], r["code"]) for r in body["results"]] == [
        ("applied", None), ("rejected", "auth.forbidden"), ("rejected", "auth.forbidden"),
        ("rejected", "model.not_found"), ("applied", None)]
    assert body["last_seq"] == 5
    phone.pull_all()
    assert phone.latest("model", args["id"])["status"] == "in_progress"  # type: ignore[index]


def test_a_phone_cannot_touch_another_groups_model_nor_write_a_ward_model(
    a_device_of: Any, ward: Any, live_server: Any
) -> None:
    phone_a = a_device_of(ward.group_a)
    phone_b = a_device_of(ward.group_b)
    theirs = model_args(name="Camera an ninh khu phố", field="defense_security")
    assert phone_b.send("model.create", theirs)["status"] == "applied"
    ward_model = str(uuid.uuid4())
    live_server.as_ward(ward.id, lambda ctx: mobilization.create(ctx, ModelCreate(
        id=uuid.UUID(ward_model), name="Chi bộ 3 với dân vận khéo", field="political_system",
        year=2026, unit_kind="party_cell", unit_name="Chi bộ khu phố 3"), ward_level=True))

    touched = phone_a.send("model.evidence", {"id": theirs["id"], "note": "Đã xem"})
    assert (touched["status"], touched["code"]) == ("rejected", "model.not_found")
    edit = phone_a.send("model.update", {"id": ward_model, "goals": "khác"})
    assert (edit["status"], edit["code"]) == ("rejected", "auth.forbidden")
    # a campaign of group B cannot be linked to group A's model
    mine = model_args()
    campaign_b = str(uuid.uuid4())
    assert phone_b.send("campaign.create", {"id": campaign_b, "title": "Đèn"})["status"] == \
        "applied"
    assert phone_a.send("model.create", mine)["status"] == "applied"
    linked = phone_a.send("model.evidence", {"id": mine["id"], "campaign_ids": [campaign_b]})
    assert (linked["status"], linked["code"]) == ("rejected", "campaign.not_found")

    pulled = {c["id"]: c["data"] for c in phone_a.pull_all() if c["entity"] == "model"}
    assert theirs["id"] not in pulled
    assert pulled[mine["id"]]["group_id"] == ward.group_a.id
    # the ward's own units' models reach every phone of the ward, read-only
    assert pulled[ward_model]["group_id"] is None
    assert pulled[ward_model]["unit_kind"] == "party_cell"
    assert ward_model in {c["id"] for c in phone_b.pull_all() if c["entity"] == "model"}
