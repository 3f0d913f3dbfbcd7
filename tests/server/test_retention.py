"""Retention: personal data of petitions ended longer ago than the ward keeps it is erased,
by `sync-server retention run` and by the serving process's daily task."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update
from typer.testing import CliRunner

from field_app.wire.formats import utcnow
from sync_server.cli import app as cli
from sync_server.models.tables import petition_t
from sync_server.retention import DailyRetention
from sync_server.services import privacy_register


def _closed_petition(live_server: Any, ward: Any, as_staff: Any) -> tuple[Any, str]:
    phone = live_server.enroll(ward.group_a)
    petition_id = phone.create_petition()
    for action, extra in (("accept", {}), ("answer", {"answer": "Đã sửa."}), ("close", {})):
        assert as_staff.transition(petition_id, action, **extra).status_code == 200
    return phone, petition_id


def test_the_daily_task_erases_on_a_clock_moved_forward_and_phones_pull_it(
        live_server: Any, ward: Any, as_staff: Any) -> None:
    phone, petition_id = _closed_petition(live_server, ward, as_staff)
    open_id = phone.create_petition(title="Còn đang giải quyết")
    phone.pull_all()
    engine = live_server.app.state.engine
    assert DailyRetention(engine).run_once()[0].petitions == []
    four_years = DailyRetention(engine, clock=lambda: utcnow() + timedelta(days=4 * 366))
    assert four_years.run_once()[0].petitions == []
    with live_server.session() as s:
        privacy_register.set_retention(s, ward.id, 3)
    assert four_years.run_once()[0].petitions == [petition_id]
    assert four_years.run_once()[0].petitions == []  # once only

    pulled = {c["id"]: c for c in phone.pull_all()}
    assert pulled[petition_id]["data"]["citizen_name"] is None
    assert pulled[petition_id]["data"]["erased_at"]
    assert pulled[petition_id]["data"]["status"] == "closed"
    assert open_id not in pulled
    kept = as_staff.get(f"/api/v1/petitions/{open_id}", params={"personal": "true"}).json()
    assert kept["citizen_name"] == "Nguyễn Văn Hùng"


def test_the_command_says_what_it_erased(live_server: Any, ward: Any, as_staff: Any,
                                        db_url: str, tmp_path: Path) -> None:
    _, petition_id = _closed_petition(live_server, ward, as_staff)
    env = {"DATABASE_URL": db_url, "SYNC_SERVER_DATA_DIR": str(tmp_path / "data")}
    first = CliRunner().invoke(cli, ["retention", "run"], env=env)
    assert first.exit_code == 0, first.output
    assert "erased from 0 petitions" in first.output
    with live_server.session() as s:
        s.execute(update(petition_t).where(petition_t.c.id == petition_id).values(
            updated_at=utcnow() - timedelta(days=6 * 366)))
        s.commit()
    second = CliRunner().invoke(cli, ["retention", "run"], env=env)
    assert second.exit_code == 0, second.output
    assert "kept 5 years" in second.output and "erased from 1 petitions" in second.output
    assert petition_id in second.output
    shown = as_staff.get(f"/api/v1/petitions/{petition_id}", params={"personal": "true"})
    assert (shown.json()["citizen_name"], shown.json()["citizen_phone"]) == (None, None)
