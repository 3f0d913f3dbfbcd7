"""The restore drill of docs/deployment.md, end to end: phones sync, the ward's database is
backed up, the phones write more and sync, the server dies and is restored from the backup
into an empty database, started again on it, and the phones sync again: nothing any phone
wrote is lost (what the backup lacks is sent again, cursors are reset), and every phone
ends with exactly the server's records."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from engine_faults import enrolled_phone, server_petitions
from serverkit import (
    ON_POSTGRES,
    LiveServer,
    StaffSession,
    _pg_admin,
    _pg_url_for,
    make_settings,
)

from field_app.sync import SyncEngine
from field_app.wire.formats import VN_TZ
from sync_server.app import create_app
from sync_server.services.province_figures import figures, month_period, province_wards, year_of
from sync_server.services.province_recount import recount

REPO = Path(__file__).resolve().parents[2]
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def run(command: list[str], db_url: str, data_dir: Path) -> str:
    """A deployment script or `sync-server` command, as the operator runs it."""
    env = {**os.environ, "DATABASE_URL": db_url, "SYNC_SERVER_DATA_DIR": str(data_dir),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO),
                                                       os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@contextmanager
def empty_database() -> Iterator[str]:
    """A database created for the drill (PostgreSQL: test_restore_<pid>; SQLite: a file
    that does not exist yet), dropped after."""
    if ON_POSTGRES:
        name = f"test_restore_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        try:
            yield _pg_url_for(name)
        finally:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"restore-{uuid.uuid4().hex[:8]}"
        try:
            yield f"sqlite:///{folder / 'restored.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def back_up(db_url: str, tmp_path: Path) -> Path:
    """The documented backup: deploy/backup.sh (pg_dump) or `sync-server backup`."""
    if ON_POSTGRES:
        folder = tmp_path / "backups"
        run(["sh", str(REPO / "deploy" / "backup.sh"), str(folder)], db_url, tmp_path)
        [dump] = folder.glob("dan-van-*.dump")
        return dump
    copy = tmp_path / "backups" / "ward.sqlite3"
    run([sys.executable, "-m", "sync_server.cli", "backup", str(copy)], db_url, tmp_path)
    return copy


def restore(backup: Path, db_url: str, tmp_path: Path) -> None:
    """The documented restore: deploy/restore.sh (PostgreSQL) or `sync-server restore`."""
    if ON_POSTGRES:
        run(["sh", str(REPO / "deploy" / "restore.sh"), str(backup)], db_url, tmp_path)
    else:
        run([sys.executable, "-m", "sync_server.cli", "restore", str(backup)], db_url, tmp_path)


def everything_synced(*phones: SyncEngine) -> None:
    for phone in phones:
        report = phone.sync_now()
        assert report.ok and (report.rejected, report.conflicts) == (0, 0), report


def test_after_a_restore_from_backup_every_phone_sends_again_what_the_backup_lacks(
        db_url: str, tmp_path: Path) -> None:
    server = LiveServer(create_app(make_settings(db_url, tmp_path / "data")), db_url)
    server.start()
    ward = server.seed_ward()
    running: LiveServer | None = server
    try:
        with enrolled_phone(server, ward.group_a.id, tmp_path / "leader") as leader, \
                enrolled_phone(server, ward.group_a.id, tmp_path / "deputy") as deputy, \
                enrolled_phone(server, ward.group_b.id, tmp_path / "neighbour") as neighbour:
            # before the backup
            lamp = leader.store.petitions.create(field="economy", category="lighting",
                                                 title="Đèn đường ngõ 7 hỏng").id
            home = leader.store.households.upsert(head_name="Nguyễn Văn Ba",
                                                  address="Số 3 ngõ 7").id
            drain = neighbour.store.petitions.create(field="economy", category="environment",
                                                     title="Cống tắc ở tổ 2").id
            everything_synced(leader, deputy, neighbour)
            backup = back_up(db_url, tmp_path)

            # after the backup: written, sent and confirmed, then lost with the server
            photo = leader.store.attachments.save(PHOTO)
            road = leader.store.petitions.create(field="economy", category="infrastructure",
                                                 title="Ổ gà trước nhà số 14",
                                                 attachments=[photo]).id
            leader.store.petitions.add_note(lamp, "Đã báo điện lực phường")
            leader.store.households.upsert(household_id=home, head_name="Nguyễn Văn Ba",
                                           address="Số 5 ngõ 7")
            bridge = deputy.store.petitions.create(field="economy", category="infrastructure",
                                                   title="Cầu tạm ở ngõ 9 lung lay").id
            everything_synced(leader, deputy, neighbour)
            assert leader.store.outbox.counts().waiting == 0
            # written after the backup and not yet sent when the server died
            trees = leader.store.petitions.create(field="culture_society", category="other",
                                                  title="Cây đổ sau bão").id

            server.stop()
            running = None
            with empty_database() as restored_url:
                restore(backup, restored_url, tmp_path)
                restored = LiveServer(
                    create_app(make_settings(restored_url, tmp_path / "data-restored")),
                    restored_url, port=server.port)
                restored.start()
                running = restored
                try:
                    everything_synced(leader, deputy, neighbour)
                    everything_synced(leader, deputy, neighbour)  # each sees the others'
                    staff = StaffSession(restored, restored.staff_token(
                        ward.staff_username, ward.staff_password))
                    the_ward_sees_every_write(staff, ward, {
                        "lamp": lamp, "road": road, "bridge": bridge, "trees": trees,
                        "drain": drain, "home": home, "photo": photo})
                    for phone in (leader, deputy, neighbour):
                        assert phone.store.outbox.counts().waiting == 0
                        assert phone.store.outbox.kept() == []
                    group_a = {p["id"]: p for p in server_petitions(staff, ward.group_a.id)}
                    for phone in (leader, deputy):
                        assert {p.id: p.version for p in phone.store.petitions.list(
                            limit=None)} == {i: p["version"] for i, p in group_a.items()}
                    assert [p.id for p in neighbour.store.petitions.list(limit=None)] == [drain]
                    copy = deputy.store.households.get(home)
                    assert copy is not None and copy.address == "Số 5 ngõ 7"
                    province_counts_hold(restored, staff.petition(lamp)["received_at"])
                finally:
                    restored.stop()
                    running = None
    finally:
        if running is not None:
            running.stop()


def province_counts_hold(server: LiveServer, received: str) -> None:
    """The counts the province page reads (restored with the data, then kept by the
    triggers through the phones' writes sent again) are what counting the petitions gives."""
    day = datetime.fromisoformat(received).astimezone(VN_TZ).date()
    month = month_period(day.year, day.month)
    with server.session() as s:
        wards = province_wards(s, None)
        for period in (month, year_of(month)):
            kept = figures(s, wards=wards, period=period)
            assert kept == recount(s, wards=wards, period=period)
        assert kept.total.received == 5  # the year of the first petition holds all five


def the_ward_sees_every_write(staff: StaffSession, ward: Any, seen: dict[str, str]) -> None:
    group_a = {p["id"] for p in server_petitions(staff, ward.group_a.id)}
    assert group_a == {seen["lamp"], seen["road"], seen["bridge"], seen["trees"]}
    assert {p["id"] for p in server_petitions(staff, ward.group_b.id)} == {seen["drain"]}
    notes = [e for e in staff.petition(seen["lamp"])["timeline"] if e.get("kind") == "note"]
    assert [e.get("text") or e.get("note") for e in notes] == ["Đã báo điện lực phường"]
    assert staff.petition(seen["road"])["attachments"] == [seen["photo"]]
    photo = staff.get(f"/api/v1/attachments/{seen['photo']}")
    assert photo.status_code == 200 and photo.content == PHOTO
    households = staff.get("/api/v1/households", params={"group_id": ward.group_a.id,
                                                          "personal": "true"})
    assert households.status_code == 200, households.text
    assert [(h["id"], h["address"]) for h in households.json()["items"]] == [
        (seen["home"], "Số 5 ngõ 7")]


def test_restore_refuses_a_database_that_is_not_empty(db_url: str, tmp_path: Path) -> None:
    backup = back_up(db_url, tmp_path)
    env = {**os.environ, "DATABASE_URL": db_url, "SYNC_SERVER_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "sync_server.cli", "restore", str(backup)],
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "khôi phục vào" in done.stderr
