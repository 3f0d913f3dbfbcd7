"""Test support: a phone as its own OS process (real LocalStore + SyncEngine), so the crash
tests can SIGKILL it and start it again.

    python phone_runner.py DATA_DIR enroll SERVER_URL CODE
    python phone_runner.py DATA_DIR write N          # N petitions, a household, a campaign,
                                                     # N // 3 ledger lines; prints each id
    python phone_runner.py DATA_DIR sync [--crash-at push:2:after] [--batch 5] [--page 4]
    python phone_runner.py DATA_DIR work N           # write and sync, over and over

`--crash-at PATH:N:WHEN` kills this process with SIGKILL at the N-th request whose path
contains PATH, `before` it is sent or `after` the server has answered (and committed).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx

from field_app.store import LocalStore
from field_app.sync import RetryPolicy, SyncEngine


class CrashingTransport(httpx.HTTPTransport):
    """A real transport that kills its own process at one chosen point of a sync."""

    def __init__(self, crash_at: str | None) -> None:
        super().__init__()
        self.crash_at = crash_at.split(":") if crash_at else None
        self.seen: dict[str, int] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        hit = False
        if self.crash_at:
            fragment, nth, _when = self.crash_at
            if fragment in request.url.path:
                self.seen[fragment] = self.seen.get(fragment, 0) + 1
                hit = self.seen[fragment] == int(nth)
        if hit and self.crash_at and self.crash_at[2] == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        response = super().handle_request(request)
        if hit:
            response.read()  # the server has answered: its transaction is committed
            os.kill(os.getpid(), signal.SIGKILL)
        return response


def say(**fields: Any) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def write(store: LocalStore, n: int) -> None:
    households = store.households.list()
    home = households[0] if households else store.households.upsert(
        head_name="Phạm Văn Đức", address="Số 4 ngõ 2")
    say(entity="household", id=home.id)
    campaigns = store.contributions.campaigns()
    campaign = campaigns[0] if campaigns else store.contributions.create_campaign(
        title="Bê tông hóa ngõ 2", unit_kinds=["money_vnd"], target={"money_vnd": 90_000_000})
    say(entity="campaign", id=campaign.id)
    for i in range(n):
        row = store.petitions.create(field="economy", category="infrastructure",
                                     title=f"Kiến nghị {i} {uuid.uuid4().hex}",  # unique: checked
                                     description="Đường ngõ xuống cấp")
        say(entity="petition", id=row.id)
        if i % 3 == 0:
            entry = store.contributions.record(
                campaign_id=campaign.id, household_id=home.id, entry_type="receipt",
                kind="money_vnd", quantity=100_000 + i, receipt_no=f"PT{i}")
            say(entity="contribution_entry", id=entry.id)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("command", choices=["enroll", "write", "sync", "work"])
    parser.add_argument("rest", nargs="*")
    parser.add_argument("--crash-at")
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--page", type=int, default=4)
    args = parser.parse_args()
    store = LocalStore.open(Path(args.data_dir))
    engine = SyncEngine(store, transport=CrashingTransport(args.crash_at), timeout=20,
                        push_batch=args.batch, pull_limit=args.page,
                        retry=RetryPolicy(attempts=3, base_delay=0.05))
    try:
        if args.command == "enroll":
            engine.enroll(args.rest[0], args.rest[1], device_name="Máy tổ trưởng")
        elif args.command == "write":
            write(store, int(args.rest[0]))
        elif args.command == "sync":
            report = engine.sync_now()
            say(ok=report.ok, pushed=report.pushed, received=report.received,
                error=report.error_code, waiting=store.outbox.counts().waiting)
            return 0 if report.ok else 3
        else:
            say(ready=True)
            for _ in range(int(args.rest[0])):
                write(store, 2)
                report = engine.sync_now()
                say(ok=report.ok, pushed=report.pushed)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
