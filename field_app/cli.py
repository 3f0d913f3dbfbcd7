"""Command line of the phone app (`field-app`): support and scripting on the same engine.

    field-app enroll --server URL --code CODE [--name LEADER] [--device-name NAME] [--data-dir DIR]
    field-app sync [--data-dir DIR]
    field-app status [--json] [--data-dir DIR]
    field-app sign-out [--force] [--data-dir DIR]
    field-app [run] [--web] [--port N]        starts the app's screens
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from field_app.store import LocalStore, PendingChangesError
from field_app.sync import SyncEngine, SyncError, message_for


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="field-app", description="Dân vận khéo: field app")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", help="where the app keeps its data (default: app storage)")
    common.add_argument("--lang", choices=("vi", "en"), help="language of messages")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", parents=[common], help="start the app's screens")
    parser.add_argument("--data-dir", help="where the app keeps its data (default: app storage)")
    for target in (parser, run):
        target.add_argument("--web", action="store_true", help="serve the app in a browser")
        target.add_argument("--port", type=int, default=None)

    enroll = sub.add_parser("enroll", parents=[common], help="enroll with an enrollment code")
    enroll.add_argument("--server", required=True, help="ward server URL")
    enroll.add_argument("--code", required=True, help="enrollment code from ward staff")
    enroll.add_argument("--name", default="", help="the group leader's own name")
    enroll.add_argument("--device-name", default="", help="a name for this device")
    enroll.add_argument("--json", action="store_true")

    sync = sub.add_parser("sync", parents=[common], help="sync now (push, then pull)")
    sync.add_argument("--json", action="store_true")

    status = sub.add_parser("status", parents=[common], help="show the sync status")
    status.add_argument("--json", action="store_true")

    sign_out = sub.add_parser("sign-out", parents=[common], help="forget enrollment and data")
    sign_out.add_argument("--force", action="store_true", help="even with unsent changes")
    return parser


def _status_json(store: LocalStore, engine: SyncEngine) -> dict[str, Any]:
    enrollment = store.settings.enrollment
    counts = store.petitions.counts()
    data = engine.status.current.to_json()
    data["server_url"] = enrollment.server_url if enrollment else None
    data["device_id"] = enrollment.device_id if enrollment else None
    data["group"] = {"id": enrollment.group_id, "name": enrollment.group_name} \
        if enrollment else None
    data["ward"] = {"id": enrollment.ward_id, "name": enrollment.ward_name} \
        if enrollment else None
    data["leader_name"] = store.settings.leader_name or None
    data["next_device_seq"] = store.outbox.next_device_seq()
    data["cursor"] = store.replica.cursor()
    data["petitions"] = {"total": counts.total, "open": counts.open, "overdue": counts.overdue,
                         "awaiting_report_back": counts.awaiting_report_back}
    data["data_dir"] = str(store.data_dir)
    return data


def _print(payload: dict[str, Any], as_json: bool, text: str) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2) if as_json else text)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in (None, "run"):
        from field_app.main import run  # the screens; imported only here (flet)

        if getattr(args, "data_dir", None):
            # the screens open their store with default_data_dir(), which reads this first
            os.environ["FIELD_APP_DATA_DIR"] = str(Path(args.data_dir).resolve())

        if args.data_dir:  # the store reads it when the screens open it
            os.environ["FIELD_APP_DATA_DIR"] = str(args.data_dir)
        run(web=bool(args.web), port=args.port)
        return 0
    store = LocalStore.open(args.data_dir)
    engine = SyncEngine(store)
    lang = args.lang or store.settings.language
    try:
        return _COMMANDS[args.command](args, store, engine, lang)
    finally:
        store.close()


def _enroll(args: argparse.Namespace, store: LocalStore, engine: SyncEngine, lang: str) -> int:
    try:
        enrollment = engine.enroll(args.server, args.code, device_name=args.device_name,
                                   leader_name=args.name)
    except SyncError as exc:
        _print({"ok": False, "error_code": exc.code, "message": message_for(exc.code, lang)},
               args.json, message_for(exc.code, lang))
        return 1
    payload = {"ok": True, "device_id": enrollment.device_id,
               "group": {"id": enrollment.group_id, "name": enrollment.group_name},
               "ward": {"id": enrollment.ward_id, "name": enrollment.ward_name},
               "leader_name": store.settings.leader_name}
    _print(payload, args.json, f"{enrollment.group_name} — {enrollment.ward_name}: OK")
    return 0


def _sync(args: argparse.Namespace, store: LocalStore, engine: SyncEngine, lang: str) -> int:
    report = engine.sync_now()
    payload = {"ok": report.ok, "pushed": report.pushed, "received": report.received,
               "rejected": report.rejected, "conflicts": report.conflicts,
               "error_code": report.error_code,
               "message": message_for(report.error_code, lang) if report.error_code else None,
               "waiting": engine.status.current.waiting}
    text = (f"sent {report.pushed}, received {report.received}, rejected {report.rejected}, "
            f"conflicts {report.conflicts}") if report.ok else str(payload["message"])
    _print(payload, args.json, text)
    return 0 if report.ok else 1


def _status(args: argparse.Namespace, store: LocalStore, engine: SyncEngine, lang: str) -> int:
    data = _status_json(store, engine)
    text = "\n".join(f"{k}: {v}" for k, v in data.items())
    _print(data, args.json, text)
    return 0


def _sign_out(args: argparse.Namespace, store: LocalStore, engine: SyncEngine, lang: str) -> int:
    try:
        engine.sign_out(force=args.force)
    except PendingChangesError as exc:
        print(f"{exc.waiting} change(s) not yet sent; sync first or use --force", file=sys.stderr)
        return 1
    return 0


_COMMANDS = {"enroll": _enroll, "sync": _sync, "status": _status, "sign-out": _sign_out}


if __name__ == "__main__":
    sys.exit(main())
