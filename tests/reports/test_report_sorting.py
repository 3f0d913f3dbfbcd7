"""The reports list groups and households in Vietnamese order, numbers as numbers."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert

from sync_server.console.queries.contributions import CampaignSummary, transparency
from sync_server.models.tables import household_t
from sync_server.reports import PetitionFacts, build_monthly_report
from sync_server.services.wards import create_group, create_ward
from sync_server.storage import session_scope


def test_monthly_report_lists_groups_in_natural_vietnamese_order() -> None:
    names = ["Tổ dân phố 10", "Tổ dân phố 2", "Tổ đoàn kết 1", "Tổ dân phố 1"]
    facts = [PetitionFacts(n, "economy", "land", "received", date(2026, 11, 2)) for n in names]
    report = build_monthly_report(
        year=2026, month=11, ward_name="Phường", petitions=facts, today=date(2026, 12, 1)
    )
    assert list(report.groups) == [
        "Tổ dân phố 1",
        "Tổ dân phố 2",
        "Tổ dân phố 10",
        "Tổ đoàn kết 1",
    ]


def _household(group: str, head_name: str, address: str) -> dict[str, Any]:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    return {
        "id": str(uuid.uuid4()),
        "group_id": group,
        "head_name": head_name,
        "address": address,
        "created_at": at,
        "updated_at": at,
    }


def test_transparency_sheet_lists_households_by_address_then_name(app: Any) -> None:
    with session_scope(app.state.engine) as s:
        ward = create_ward(s, name="Phường Quỳnh Xuân")
        group = create_group(s, ward_id=ward, name="Tổ dân phố 5", number=5)
        s.execute(
            insert(household_t),
            [
                _household(group, "Phan Văn Long", "Số 10 ngõ 2"),
                _household(group, "Đỗ Thị Lan", "Số 3 ngõ 2"),
                _household(group, "Phạm Văn Hải", "Số 10 ngõ 2"),
                _household(group, "Dương Văn An", "Số 3 ngõ 2"),
                _household(group, "Zô Văn Tám", "Số 3 ngõ 2"),
                _household(group, "Bùi Thị Hoa", "Số 25 ngõ 12"),
            ],
        )
        campaign = CampaignSummary(
            id="no-such-campaign",
            title="Đèn ngõ",
            group_id=group,
            group_name="Tổ dân phố 5",
            kinds=["money_vnd"],
            target={},
        )
        data = transparency(s, ward_id=ward, ward_name="Phường Quỳnh Xuân", campaign=campaign)
    assert [(h.address, h.head_name) for h in data.households] == [
        ("Số 3 ngõ 2", "Dương Văn An"),
        ("Số 3 ngõ 2", "Đỗ Thị Lan"),
        ("Số 3 ngõ 2", "Zô Văn Tám"),
        ("Số 10 ngõ 2", "Phạm Văn Hải"),
        ("Số 10 ngõ 2", "Phan Văn Long"),
        ("Số 25 ngõ 12", "Bùi Thị Hoa"),
    ]
