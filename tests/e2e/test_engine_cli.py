"""Support staff drive the phone's engine from a shell: enroll, sync, status --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from engine_faults import server_petitions

from field_app.store import LocalStore

ROOT = Path(__file__).resolve().parents[2]


def field_app(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "field_app.cli", *args], capture_output=True,
                          text=True, timeout=120, env=env, cwd=ROOT, check=False)


def test_enroll_sync_and_status_from_the_command_line(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    phone_dir = str(tmp_path / "phone")
    before = json.loads(field_app("status", "--json", "--data-dir", phone_dir).stdout)
    assert (before["enrolled"], before["state"], before["waiting"]) == (False, "idle", 0)

    enrolled = field_app("enroll", "--server", live_server.url, "--code",
                         live_server.enroll_code(ward.group_a.id), "--name", "Nguyễn Thị Lan",
                         "--device-name", "Máy tổ trưởng", "--json", "--data-dir", phone_dir)
    assert enrolled.returncode == 0, enrolled.stderr
    assert json.loads(enrolled.stdout)["group"] == {"id": ward.group_a.id,
                                                    "name": ward.group_a.name}
    assert json.loads(enrolled.stdout)["leader_name"] == "Nguyễn Thị Lan"

    store = LocalStore.open(phone_dir)
    pid = store.petitions.create(field="economy", category="lighting",
                                 title="Đèn ngõ 12 hỏng").id
    store.close()
    waiting = json.loads(field_app("status", "--json", "--data-dir", phone_dir).stdout)
    assert (waiting["enrolled"], waiting["waiting"], waiting["last_success_at"]) == (
        True, 1, None)

    synced = field_app("sync", "--json", "--data-dir", phone_dir)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert json.loads(synced.stdout)["pushed"] == 1
    assert [p["id"] for p in server_petitions(as_staff, ward.group_a.id)] == [pid]
    # the ward's timeline names the leader who sent it
    detail = as_staff.get(f"/api/v1/petitions/{pid}")
    assert detail.status_code == 200, detail.text
    assert "Nguyễn Thị Lan" in detail.json()["timeline"][0]["actor"]

    after = json.loads(field_app("status", "--json", "--data-dir", phone_dir).stdout)
    assert (after["waiting"], after["rejected"], after["conflicts"]) == (0, 0, 0)
    assert after["last_success_at"] is not None
    assert after["group"]["id"] == ward.group_a.id
    assert after["petitions"]["total"] == 1
    assert "token" not in json.dumps(after)


def test_a_failed_sync_exits_non_zero_with_a_message(tmp_path: Path, live_server: Any,
                                                     ward: Any) -> None:
    phone_dir = str(tmp_path / "phone")
    not_enrolled = field_app("sync", "--json", "--data-dir", phone_dir)
    assert not_enrolled.returncode == 1
    assert json.loads(not_enrolled.stdout)["error_code"] == "device.not_enrolled"
    later = json.loads(field_app("status", "--json", "--data-dir", phone_dir).stdout)
    assert (later["state"], later["error_code"]) == ("error", "device.not_enrolled")
    assert later["error_message_vi"].startswith("Máy chưa được đăng ký")
    bad_code = field_app("enroll", "--server", live_server.url, "--code", "KHONG-CO-MA",
                         "--json", "--lang", "en", "--data-dir", phone_dir)
    assert bad_code.returncode == 1
    assert json.loads(bad_code.stdout)["message"].startswith("The enrollment code")
