"""Upgrading the app keeps unsent work; the token is stored for the app's user only."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from field_app.store import LocalStore
from field_app.store.db import DB_FILE_NAME, Database
from field_app.store.migrations import LATEST_VERSION, migrate, schema_version


def make_version_1_phone(data_dir: Path) -> None:
    """A database as the first release of the app left it, with two unsent petitions."""
    db = Database(data_dir / DB_FILE_NAME)
    migrate(db, target=1)
    with db.transaction() as conn:
        for seq, title in ((1, "Đèn hỏng ngõ 3"), (2, "Cống tắc ngõ 4")):
            args = {"id": f"00000000-0000-4000-8000-00000000000{seq}", "title": title,
                    "field": "economy", "category": "lighting"}
            conn.execute("INSERT INTO outbox (device_seq, mutation_id, name, args, recorded_at)"
                         " VALUES (?, ?, 'petition.create', ?, '2026-10-01T08:00:00+07:00')",
                         (seq, f"10000000-0000-4000-8000-00000000000{seq}", json.dumps(args)))
            conn.execute("INSERT INTO petitions (id, data, status, title, sync_state)"
                         " VALUES (?, ?, 'received', ?, 'pending')",
                         (args["id"], json.dumps({**args, "status": "received"}), title))
        conn.execute("INSERT INTO meta VALUES ('next_device_seq', '3')")
    db.close()


def test_upgrading_an_old_database_keeps_its_unsent_outbox(tmp_path: Path) -> None:
    make_version_1_phone(tmp_path)
    store = LocalStore.open(tmp_path)
    assert schema_version(store.db) == LATEST_VERSION
    pending = store.outbox.pending()
    assert [(e.device_seq, e.entity, e.args["title"]) for e in pending] == [
        (1, "petition", "Đèn hỏng ngõ 3"), (2, "petition", "Cống tắc ngõ 4")]
    assert store.petitions.counts().waiting_to_send == 2
    store.petitions.create(field="economy", category="other", title="Sau khi nâng cấp")
    assert [e.device_seq for e in store.outbox.pending()] == [1, 2, 3]
    store.close()


def test_settings_file_is_private_and_survives_reopening(tmp_path: Path) -> None:
    from field_app.store.settings import Enrollment

    store = LocalStore.open(tmp_path)
    store.settings.save_enrollment(Enrollment(
        server_url="https://phuong.example.vn", device_id="d", token="bí-mật", group_id="g",
        group_name="Tổ 5", ward_id="w", ward_name="Phường"))
    store.settings.language = "en"
    mode = stat.S_IMODE(store.settings.path.stat().st_mode)
    assert mode & 0o077 == 0
    assert stat.S_IMODE((tmp_path / DB_FILE_NAME).stat().st_mode) & 0o077 == 0
    store.close()
    again = LocalStore.open(tmp_path)
    assert again.settings.enrollment is not None
    assert again.settings.enrollment.token == "bí-mật"
    assert again.settings.language == "en"
    again.close()
