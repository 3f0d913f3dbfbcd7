"""Command line (Typer): serve, seed the demo ward, groups, enrollment codes, staff, devices,
backup.

Every command brings the database schema up to date first (Alembic, idempotent).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Annotated, Any

import typer
from sqlalchemy import Engine

from sync_server.errors import ApiProblem
from sync_server.settings import Settings
from sync_server.storage import make_engine, session_scope

app = typer.Typer(help="Ward sync server for Dân vận khéo.", no_args_is_help=True,
                  add_completion=False)
group_app = typer.Typer(help="Residential groups (tổ dân phố).", no_args_is_help=True)
staff_app = typer.Typer(help="Ward staff accounts.", no_args_is_help=True)
device_app = typer.Typer(help="Enrolled phones.", no_args_is_help=True)
ward_app = typer.Typer(help="Wards.", no_args_is_help=True)
province_app = typer.Typer(help="Provinces (their wards, their accounts).", no_args_is_help=True)
retention_app = typer.Typer(help="Keeping citizens' personal data no longer than the ward's "
                                 "retention (Law 91/2025).", no_args_is_help=True)
app.add_typer(group_app, name="group")
app.add_typer(staff_app, name="staff")
app.add_typer(device_app, name="device")
app.add_typer(ward_app, name="ward")
app.add_typer(province_app, name="province")
app.add_typer(retention_app, name="retention")

ASGI_APP = "sync_server.asgi:app"  # imported by each serving process
BACKLOG = 2048  # a ward's phones may all connect at once

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def _fail(message: str, code: int = 1) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _engine(settings: Settings | None = None) -> Engine:
    from sync_server.migrate import upgrade_to_head

    settings = settings or Settings()
    upgrade_to_head(settings.db_url)
    return make_engine(settings.db_url)


@app.command()
def serve(host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
          workers: Annotated[int, typer.Option(
              help="Worker processes: one per CPU core serves a ward's burst of syncs faster "
                   "(SQLite in WAL mode or PostgreSQL).")] = 1,
          access_log: Annotated[bool, typer.Option(
              help="Log every request (costs about a tenth of a small request's CPU).")] = False,
          ) -> None:
    """Run the API (docs at /docs, health at /healthz, staff console at /console)."""
    import uvicorn

    settings = Settings()
    engine = _engine(settings)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # planner statistics (PostgreSQL's autovacuum keeps its own): without them SQLite
        # picks poor indexes for the staff inbox once a ward has tens of thousands of rows
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    engine.dispose()
    typer.echo(f"Database: {_safe_url(settings.db_url)}")
    typer.echo(f"API docs: http://{host}:{port}/docs   console: http://{host}:{port}/console")
    # uvicorn's own supervisor: with --workers N it starts N processes sharing one listening
    # socket, restarts one that dies and stops them all on SIGINT or SIGTERM
    uvicorn.run(ASGI_APP, host=host, port=port, workers=workers, access_log=access_log,
                backlog=BACKLOG)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    _engine().dispose()
    typer.echo("Database schema is up to date.")


@app.command("seed-demo")
def seed_demo(json_out: JsonOpt = False,
              port: Annotated[int, typer.Option(
                  help="The port `serve` will listen on, for the login hint.")] = 8000,
              ) -> None:
    """Create, once, the demo ward Quỳnh Xuân with its groups, records and a staff account."""
    from sync_server.services.seed_demo import seed

    settings = Settings()
    engine = _engine(settings)
    with session_scope(engine) as session:
        result = seed(session)
    if json_out:
        _print_json(result)
        return
    if result["created"]:
        typer.echo(f"Đã tạo dữ liệu mẫu: {result['ward']} — {result['groups']} tổ dân phố, "
                   f"{result['households']} hộ, {result['petitions']} kiến nghị.")
    else:
        typer.echo(f"Dữ liệu mẫu đã có sẵn ({result['ward']}); không tạo lại.")
    typer.echo("")
    typer.echo("How to log in / Cách đăng nhập:")
    typer.echo(f"  1. sync-server serve --port {port}")
    typer.echo(f"  2. Staff console:  http://127.0.0.1:{port}/console")
    typer.echo(f"     API docs:       http://127.0.0.1:{port}/docs")
    typer.echo(f"     username: {result['staff_username']}   password: {result['staff_password']}")
    typer.echo(f"     ward head / lãnh đạo: {result['ward_head_username']}   "
               f"password: {result['ward_head_password']}")
    typer.echo(f"     {result['second_ward']}: {result['second_ward_username']}   "
               f"password: {result['staff_password']}")
    typer.echo(f"     province / Ban Tuyên giáo và Dân vận ({result['province']}): "
               f"{result['province_username']}   password: {result['province_password']}"
               "   → /console/province")
    typer.echo(f"  3. Enroll a phone: sync-server enroll-code --ward \"{result['ward']}\" "
               "--group \"Tổ dân phố 5\" --json")
    base = f"http://127.0.0.1:{port}"
    if result.get("tracking_url"):
        typer.echo(f"  Tra cứu kiến nghị (đã trả lời), mã {result['tracking_code']}: "
                   f"{base}{result['tracking_url']}")
    if result.get("sheet_url"):
        typer.echo(f"  Bảng công khai đóng góp: {base}{result['sheet_url']}")
    typer.echo(f"  Mô hình \"Dân vận khéo\": {base}{result['models_url']}   "
               f"báo cáo tháng của tổ: {base}{result['group_reports_url']}   "
               f"sơ kết: {base}{result['review_url']}")
    typer.echo(f"Database: {_safe_url(settings.db_url)}")


ProvinceOpt = Annotated[str | None, typer.Option(help="Province id or name.")]


@province_app.command("create")
def province_create(name: str, json_out: JsonOpt = False) -> None:
    """Create a province (then: ward create --province, staff create --role province)."""
    from sync_server.services.provinces import create_province

    with session_scope(_engine()) as session:
        province_id = _or_fail(lambda: create_province(session, name=name))
    if json_out:
        _print_json({"id": province_id, "name": name})
    else:
        typer.echo(f"Đã tạo tỉnh {name} ({province_id}).")


@ward_app.command("set-province")
def ward_set_province(ward: str, province: str) -> None:
    """Put an existing ward in a province."""
    from sync_server.services.provinces import find_province, set_ward_province

    with session_scope(_engine()) as session:
        ward_id = _ward_id(session, ward)
        set_ward_province(session, ward_id=ward_id,
                          province_id=_or_fail(lambda: find_province(session, province)))
    typer.echo(f"Đã xếp phường {ward} vào tỉnh {province}.")


@ward_app.command("create")
def ward_create(name: str, province: ProvinceOpt = None, json_out: JsonOpt = False) -> None:
    """Create a ward (its groups, staff and phones are then given with --ward)."""
    from sync_server.services.provinces import find_province, set_ward_province
    from sync_server.services.wards import create_ward

    with session_scope(_engine()) as session:
        ward_id = _or_fail(lambda: create_ward(session, name=name))
        if province:
            set_ward_province(session, ward_id=ward_id,
                              province_id=_or_fail(lambda: find_province(session, province)))
    if json_out:
        _print_json({"id": ward_id, "name": name})
    else:
        typer.echo(f"Đã tạo phường {name} ({ward_id}).")


@ward_app.command("list")
def ward_list(json_out: JsonOpt = False) -> None:
    """List the server's wards with their number of groups."""
    from sync_server.services.wards import list_wards

    with session_scope(_engine()) as session:
        wards = list_wards(session)
    if json_out:
        _print_json(wards)
        return
    for w in wards:
        typer.echo(f"{w['id']}  {w['name']:<24} tổ: {w['groups']}")


WardOpt = Annotated[str | None, typer.Option(
    help="Ward id or name (needed when the server has several wards).")]


def _or_fail(work: Any) -> Any:
    """`work()`, or its refusal's Vietnamese sentence on stderr and exit 1."""
    try:
        return work()
    except ApiProblem as problem:
        _fail(str(problem.body()["detail"]))
        raise


@group_app.command("create")
def group_create(name: str, number: Annotated[int | None, typer.Option()] = None,
                 ward: WardOpt = None) -> None:
    """Create a residential group in the ward."""
    from sync_server.services.wards import create_group

    with session_scope(_engine()) as session:
        typer.echo(create_group(session, ward_id=_ward_id(session, ward), name=name, number=number))


@group_app.command("import")
def group_import(file: Annotated[str, typer.Argument(
                     help="CSV or XLSX: one group a row, number then name (a header row is "
                          "allowed).")],
                 ward: WardOpt = None, json_out: JsonOpt = False) -> None:
    """Create the ward's groups from a list; one bad row and nothing is imported."""
    from pathlib import Path

    from sync_server.services.group_import import import_groups, read_rows

    path = Path(file)
    if not path.is_file():
        _fail(f"Không tìm thấy tệp: {file}")
    try:
        rows = read_rows(path)
    except (UnicodeDecodeError, ValueError, OSError, KeyError):
        _fail("Không đọc được tệp: cần tệp CSV (UTF-8) hoặc XLSX.")
        raise
    with session_scope(_engine()) as session:
        ward_id = _ward_id(session, ward)
        result = import_groups(session, ward_id=ward_id, rows=rows)
        if not result.ok:
            session.rollback()
    if json_out:
        _print_json({"created": [line.__dict__ for line in result.created],
                     "errors": result.errors})
    elif result.ok:
        typer.echo(f"Đã nhập {len(result.created)} tổ dân phố.")
    else:
        for sentence in result.errors:
            typer.echo(sentence, err=True)
        typer.echo(f"Không nhập tổ nào: {len(result.errors)} dòng cần sửa.", err=True)
    if not result.ok:
        raise typer.Exit(1)


def _ward_id(session: Any, ward: str | None) -> str:
    from sync_server.services.wards import find_ward

    return str(_or_fail(lambda: find_ward(session, ward)))


@group_app.command("list")
def group_list(json_out: JsonOpt = False, ward: WardOpt = None) -> None:
    """List residential groups with household and device counts."""
    from sync_server.services.wards import list_groups

    with session_scope(_engine()) as session:
        groups = list_groups(session, ward_id=_ward_id(session, ward) if ward else None)
    if json_out:
        _print_json(groups)
        return
    for g in groups:
        typer.echo(f"{g['id']}  {g['name']:<16} hộ: {g['households']:>4}  máy: {g['devices']}")


@app.command("enroll-code")
def enroll_code(group: Annotated[str, typer.Option(help="Group id, name or number.")],
                hours: Annotated[int, typer.Option(help="Validity in hours.")] = 72,
                ward: WardOpt = None, json_out: JsonOpt = False) -> None:
    """Make a single-use enrollment code for a phone of one group."""
    from sync_server.services.enrollment import issue_code
    from sync_server.services.wards import find_group

    with session_scope(_engine()) as session:
        ward_id = _ward_id(session, ward) if ward else None
        issued = _or_fail(lambda: issue_code(
            session, group_id=find_group(session, group, ward_id).id, hours=hours))
    if json_out:
        _print_json({"code": issued.code, "group_id": issued.group_id,
                     "expires_at": issued.expires_at.isoformat()})
    else:
        typer.echo(f"{issued.code}  ({issued.group_name}, "
                   f"hết hạn {issued.expires_at:%Y-%m-%d %H:%M} UTC)")


@staff_app.command("create")
def staff_create(username: str,
                 full_name: Annotated[str, typer.Option(help="Shown on timelines.")] = "",
                 ward: Annotated[str | None, typer.Option(help="Ward id or name.")] = None,
                 role: Annotated[str, typer.Option(
                     help="officer (ward staff), ward_head (also reads the audit and "
                          "manages the ward's staff accounts), province (the province's "
                          "department: every ward's counts, nothing personal; needs "
                          "--province) or administrator (no ward).")] = "officer",
                 province: ProvinceOpt = None) -> None:
    """Create a staff account; the password comes from a prompt, or from stdin when piped."""
    from sync_server.services.provinces import find_province
    from sync_server.services.staff import PROVINCE_ROLES, ROLES, check_role, create_staff

    _or_fail(lambda: check_role(role, roles=ROLES))
    above_wards = role in PROVINCE_ROLES
    if above_wards and ward:
        _fail("Tài khoản cấp tỉnh không thuộc phường nào: bỏ --ward.")

    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    with session_scope(_engine()) as session:
        try:
            staff_id = create_staff(
                session, ward_id=None if above_wards else _ward_id(session, ward),
                province_id=find_province(session, province) if province else None,
                username=username, password=password, full_name=full_name, role=role)
        except ApiProblem as problem:
            _fail(str(problem.body()["detail"]))
            raise
    typer.echo(f"Created staff {username} ({staff_id}), role {role}.")


@device_app.command("list")
def device_list(json_out: JsonOpt = False, ward: WardOpt = None) -> None:
    """List enrolled phones with their group and last sync time."""
    from sync_server.services.devices import list_devices

    with session_scope(_engine()) as session:
        devices = list_devices(session, ward_id=_ward_id(session, ward) if ward else None)
    if json_out:
        _print_json(devices)
        return
    for d in devices:
        state = "REVOKED" if d["revoked_at"] else "active"
        typer.echo(f"{d['id']}  {d['group_name']:<16} {d['name']:<24} "
                   f"last sync: {d['last_sync_at'] or '—'}  {state}")


@device_app.command("revoke")
def device_revoke(device_id: str) -> None:
    """Revoke a phone: its next request is refused (401)."""
    from sync_server.services.devices import revoke

    with session_scope(_engine()) as session:
        try:
            revoke(session, device_id)
        except ApiProblem as problem:
            _fail(str(problem.body()["detail"]))
    typer.echo(f"Revoked {device_id}.")


@app.command()
def backup(file: Annotated[str, typer.Argument(help="Where to write the copy.")]) -> None:
    """Write a consistent copy of the SQLite database (on PostgreSQL: use pg_dump)."""
    from sync_server.services.backup import backup_sqlite

    settings = Settings()
    if not settings.is_sqlite:
        libpq_url = _safe_url(settings.db_url).replace("postgresql+psycopg://", "postgresql://")
        _fail("This server uses PostgreSQL: back it up with pg_dump, for example\n"
              f"  pg_dump --format=custom --file {file} '{libpq_url}'", 2)
    size = backup_sqlite(settings.db_url, file)
    typer.echo(f"Backup written to {file} ({size} bytes).")


@app.command("new-epoch")
def new_epoch() -> None:
    """After restoring a backup: give the database a new epoch, so every phone's next pull
    is refused with sync.reset_required (it sends again what the backup lacks, pulls a
    fresh snapshot and keeps its outbox) instead of trusting a cursor ahead of the restored
    change log."""
    from sync_server.services.backup import new_epoch as renew

    engine = _engine()
    renew(engine)
    engine.dispose()
    typer.echo("Đã đổi epoch: mỗi điện thoại sẽ nhận lại toàn bộ dữ liệu ở lần gửi và nhận tới.")


@app.command()
def restore(file: Annotated[str, typer.Argument(
        help="A backup: `sync-server backup`'s copy (SQLite) or a pg_dump --format=custom "
             "file (PostgreSQL).")]) -> None:
    """Restore a backup into an EMPTY database (DATABASE_URL: a SQLite file that does not
    exist yet, or a PostgreSQL database without tables), bring its schema up to date and
    give it a new epoch (docs/deployment.md, "Restore drill")."""
    from pathlib import Path

    from sync_server.services.backup import (
        RestoreRefused,
        restore_postgres,
        restore_sqlite,
    )
    from sync_server.services.backup import (
        new_epoch as renew,
    )

    settings = Settings()
    backup_file = Path(file)
    if not backup_file.is_file():
        _fail(f"Không tìm thấy tệp: {file}")
    try:
        if settings.is_sqlite:
            restore_sqlite(backup_file, settings.db_url)
        else:
            bare = make_engine(settings.db_url)
            try:
                restore_postgres(backup_file, settings.db_url, bare)
            finally:
                bare.dispose()
    except RestoreRefused as refused:
        _fail(str(refused))
    engine = _engine(settings)  # migrates the restored schema to head
    renew(engine)
    engine.dispose()
    typer.echo(f"Đã khôi phục {file} vào {_safe_url(settings.db_url)} và đổi epoch: mỗi điện "
               "thoại gửi lại những gì bản sao lưu thiếu rồi nhận lại toàn bộ dữ liệu.")


if __name__ == "__main__":
    app()


@retention_app.command("run")
def retention_run(json_out: JsonOpt = False,
                  ward: Annotated[str | None, typer.Option(help="Only this ward (its id).")] = None,
                  ) -> None:
    """Erase the personal data of petitions ended more than the ward's retention years ago
    (default 5) and say what was done."""
    from sync_server.services.privacy_register import run_retention

    with session_scope(_engine()) as session:
        results = run_retention(session, ward_id=ward)
    if json_out:
        _print_json([{"ward_id": r.ward_id, "years": r.years, "cutoff": r.cutoff,
                      "petitions": r.petitions} for r in results])
        return
    for r in results:
        typer.echo(f"Ward {r.ward_id}: kept {r.years} years (ended before "
                   f"{r.cutoff:%d/%m/%Y}); personal data erased from {len(r.petitions)} "
                   "petitions.")
        for petition_id in r.petitions:
            typer.echo(f"  {petition_id}")
