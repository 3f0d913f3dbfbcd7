"""The administrator's command line: seed the demo ward, make codes, staff, devices, backups."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from sync_server.cli import app as cli


@pytest.fixture
def run(db_url: str, tmp_path: Path) -> Any:
    runner = CliRunner()
    env = {"DATABASE_URL": db_url, "SYNC_SERVER_DATA_DIR": str(tmp_path / "data")}

    def invoke(*args: str, input: str | None = None) -> Any:
        return runner.invoke(cli, list(args), env=env, input=input)

    return invoke


def test_seed_demo_creates_quynh_xuan_once_and_says_how_to_log_in(run: Any) -> None:
    first = run("seed-demo", "--port", "18401")
    second = run("seed-demo", "--json")

    assert first.exit_code == 0, first.output
    assert "canbo" in first.output and "http://127.0.0.1:18401/console" in first.output
    assert "truongkhoi" in first.output  # the ward head's login too
    assert "http://127.0.0.1:18401/docs" in first.output and ":8000" not in first.output
    assert "enroll-code" in first.output
    report = json.loads(second.stdout)
    assert report["created"] is False
    # the addresses to try: an answered petition's status page and the campaign's sheet
    assert f"http://127.0.0.1:18401/tra-cuu/{report['tracking_code']}" in first.output
    assert f"http://127.0.0.1:18401{report['sheet_url']}" in first.output
    assert report["sheet_url"].startswith("/cong-khai/")
    assert (report["ward_head_username"], report["ward_head_password"]) == (
        "truongkhoi", "quynhxuan2026")
    assert report["ward"] == "Phường Quỳnh Xuân"
    assert report["groups"] == 14
    assert report["households"] >= 14 * 20

    groups = json.loads(run("group", "list", "--ward", "Phường Quỳnh Xuân", "--json").stdout)
    assert [g["name"] for g in groups] == [f"Tổ dân phố {n}" for n in range(1, 15)]
    assert all(20 <= g["households"] <= 60 for g in groups)


def test_the_demo_ward_has_every_petition_status_and_a_dialogue_day_on_the_15th(
    run: Any, live_server: Any
) -> None:
    assert run("seed-demo").exit_code == 0
    token = live_server.staff_token("canbo", "quynhxuan2026")
    headers = {"Authorization": f"Bearer {token}"}
    petitions = httpx.get(live_server.url + "/api/v1/petitions", headers=headers,
                          params={"limit": 500}).json()["items"]
    statuses = {p["status"] for p in petitions}
    assert statuses == {"received", "accepted", "in_progress", "answered", "reported_back",
                        "closed", "rejected", "withdrawn"}
    dialogues = httpx.get(live_server.url + "/api/v1/dialogues", headers=headers,
                          params={"scope": "ward"}).json()
    upcoming = [d for d in dialogues if d["held_at"] is None]
    assert upcoming and upcoming[0]["scheduled_on"].endswith("-15")
    campaigns = httpx.get(live_server.url + "/api/v1/campaigns", headers=headers).json()
    assert [c["title"] for c in campaigns] == ["Bê tông hóa đường nội khối TDP 5"]
    summary = httpx.get(live_server.url + f"/api/v1/campaigns/{campaigns[0]['id']}",
                        headers=headers).json()
    money = summary["totals"]["money_vnd"]
    assert money["pledged"] > money["received"] > 0


def _demo_rows(db_url: str) -> dict[str, Any]:
    """What the demo wrote, read straight from its database."""
    from sqlalchemy import create_engine, select

    from sync_server.models.tables import (
        change_t,
        commendation_t,
        dialogue_t,
        expense_t,
        group_report_t,
        model_t,
        petition_t,
    )

    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            return {
                "models": c.execute(select(model_t)).all(),
                "codes": c.execute(select(petition_t.c.tracking_code)).scalars().all(),
                "reports": c.execute(select(group_report_t)).all(),
                "briefings": c.execute(select(dialogue_t.c.id).where(
                    dialogue_t.c.kind == "briefing")).all(),
                "expenses": c.execute(select(expense_t)).all(),
                "commendations": c.execute(select(commendation_t)).all(),
                "changed": c.execute(select(change_t.c.entity)).scalars().all(),
            }
    finally:
        engine.dispose()


def _month_view(db_url: str, ward_id: str, month: str) -> Any:
    from sqlalchemy import create_engine
    from sqlmodel import Session

    from sync_server.services.group_reports import month_view

    engine = create_engine(db_url)
    try:
        with Session(engine) as session:
            return month_view(session, ward_id, month)
    finally:
        engine.dispose()


def test_the_demo_has_models_tracking_codes_monthly_reports_and_a_public_sheet(
    run: Any, db_url: str, live_server: Any
) -> None:
    report = json.loads(run("seed-demo", "--json").stdout)
    once = _demo_rows(db_url)
    assert json.loads(run("seed-demo", "--json").stdout)["created"] is False
    again = _demo_rows(db_url)

    models = once["models"]
    assert 10 <= len(models) <= 15
    assert {m.status for m in models} == {"registered", "in_progress", "proposed",
                                          "recognized", "not_recognized", "replicated"}
    assert {m.field for m in models} == {"economy", "culture_society", "defense_security",
                                         "political_system"}
    assert {"residential_group", "party_cell", "front", "womens_union"} <= {
        m.unit_kind for m in models}
    recognized = [m for m in models if m.status in {"recognized", "replicated"}]
    assert recognized and all(m.recognition["decision_no"] and m.recognition["decided_on"]
                              for m in recognized)
    assert any(m.metrics for m in models) and any(m.campaign_ids for m in models)
    assert once["changed"].count("model") == len(models)  # phones pull them

    codes = once["codes"]
    assert codes and all(codes) and len(set(codes)) == len(codes)
    page = httpx.get(live_server.url + report["tracking_url"])
    assert page.status_code == 200 and "Đã trả lời" in page.text

    reports = once["reports"]
    assert len({r.month for r in reports}) == 1
    assert all(r.mood for r in reports)
    view = _month_view(db_url, report["ward_id"], reports[0].month)
    # 14 groups, 3 yet to send theirs, 2 late (still missing before the 5th's deadline)
    assert (view.count("on_time"), view.count("late"), view.count("missing")) in {
        (9, 2, 3), (9, 0, 5)}
    assert once["briefings"] and once["changed"].count("group_report") == len(reports)

    assert len(once["expenses"]) == 2 and len(once["commendations"]) == 2
    sheet = httpx.get(live_server.url + report["sheet_url"])
    assert sheet.status_code == 200
    assert "Mua xi măng, cát, đá thi công đợt 1" in sheet.text

    assert {k: len(v) for k, v in again.items()} == {k: len(v) for k, v in once.items()}


def test_an_enrollment_code_from_the_cli_enrolls_a_phone(run: Any, live_server: Any) -> None:
    assert run("seed-demo").exit_code == 0
    result = run("enroll-code", "--ward", "Phường Quỳnh Xuân", "--group", "Tổ dân phố 5",
                 "--json")
    assert result.exit_code == 0, result.output
    issued = json.loads(result.stdout)
    assert set(issued) == {"code", "group_id", "expires_at"}
    expires = datetime.fromisoformat(issued["expires_at"])
    assert timedelta(hours=71) < expires - datetime.now(UTC) <= timedelta(hours=72)

    enrolled = httpx.post(live_server.url + "/api/v1/devices/enroll", json={
        "code": issued["code"], "device_name": "Máy tổ 5", "app_version": "0.1.0"})
    assert enrolled.status_code == 200
    assert enrolled.json()["group"] == {"id": issued["group_id"], "name": "Tổ dân phố 5"}

    devices = json.loads(run("device", "list", "--json").stdout)
    assert [(d["name"], d["group_name"]) for d in devices] == [("Máy tổ 5", "Tổ dân phố 5")]
    assert run("device", "revoke", devices[0]["id"]).exit_code == 0
    pull = httpx.get(live_server.url + "/api/v1/sync/pull",
                     headers={"Authorization": f"Bearer {enrolled.json()['token']}"})
    assert pull.json()["code"] == "auth.token_revoked"


def test_unknown_group_is_a_clear_error(run: Any) -> None:
    assert run("seed-demo").exit_code == 0
    result = run("enroll-code", "--group", "Tổ dân phố 99", "--json")
    assert result.exit_code == 1
    assert "Tổ dân phố 99" in result.output


def test_staff_create_reads_the_password_from_stdin(run: Any, live_server: Any) -> None:
    live_server.seed_ward()
    result = run("staff", "create", "lan.nt", "--full-name", "Nguyễn Thị Lan",
                 input="mat-khau-moi-2026\n")
    assert result.exit_code == 0, result.output
    login = httpx.post(live_server.url + "/api/v1/auth/token",
                       data={"username": "lan.nt", "password": "mat-khau-moi-2026"})
    assert login.status_code == 200


def test_backup_writes_a_consistent_copy_or_points_to_pg_dump(
    run: Any, db_url: str, live_server: Any, a_device_of: Any, ward: Any, tmp_path: Path
) -> None:
    petition = a_device_of(ward.group_a).create_petition()
    target = tmp_path / "backup" / "ward.sqlite3"
    result = run("backup", str(target))
    if db_url.startswith("sqlite"):
        assert result.exit_code == 0, result.output
        with sqlite3.connect(target) as copy:
            rows = copy.execute("SELECT id FROM petition").fetchall()
        assert rows == [(petition,)]
    else:
        assert result.exit_code == 2
        assert "pg_dump" in result.output
