"""Pages as the ward server would send them, for feeding the phone's store in tests."""

from __future__ import annotations

from typing import Any

from field_app.wire.protocol import Change, PullResponse

GROUP = "group-5"


def page(*changes: Change, cursor: str = "c1", has_more: bool = False,
         last_seq: int = 0) -> PullResponse:
    return PullResponse(changes=list(changes), cursor=cursor, has_more=has_more,
                        last_seq=last_seq)


def petition_change(petition_id: str, version: int, **data: Any) -> Change:
    base: dict[str, Any] = {
        "id": petition_id, "group_id": GROUP, "title": "Đường ngõ 7 ngập nước",
        "description": "", "field": "economy", "category": "infrastructure",
        "status": "received", "timeline": [],
    }
    base.update(data)
    return Change(entity="petition", id=petition_id, op="upsert", version=version, data=base)


def meeting_change(meeting_id: str, version: int, **data: Any) -> Change:
    base: dict[str, Any] = {
        "id": meeting_id, "scope": "group", "group_id": GROUP, "kind": "group_meeting",
        "title": "Họp tổ tháng 11", "scheduled_on": "2026-11-20", "place": "Nhà văn hóa",
        "chair": "Tổ trưởng", "attendees": [], "agenda": [], "minutes": "",
        "petition_ids": [], "commitments": [],
    }
    base.update(data)
    return Change(entity="dialogue_session", id=meeting_id, op="upsert", version=version,
                  data=base)
