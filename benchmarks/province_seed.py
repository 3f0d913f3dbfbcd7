"""Benchmarks layer: a province deployment seeded in bulk on PostgreSQL (not through the API).

A province, its wards, each ward's groups, two phones a group (enrolled as `Admin.devices`
enrolls them), a province account, and each ward's petitions with their timelines: one
statement per ward and table (`INSERT ... SELECT generate_series`). Every petition has its
change-log row at the next position of its group's scope and the counters stand at the top,
so the phones pull and push as on a server that has held these rows for a year.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from benchmarks.seed import _CATS, _FIELDS, _STATUSES, Admin, SimPhone
from sync_server.migrate import upgrade_to_head
from sync_server.models.tables import group_t
from sync_server.storage import session_scope
from sync_server.storage.province_counts import fold

PROVINCE_ID = "bench-province"
PROVINCE_USER, PROVINCE_PASSWORD = "ban-tuyen-giao-tinh", "mat-khau-tinh-2026"
_NS = uuid.UUID("6f1d6c1e-28b0-4d3e-9a51-7c0de0000028")

_WARD = """
INSERT INTO ward (id, name, province_id, created_at) VALUES (:w, :name, :province, now());
INSERT INTO scope_counter (scope, value) VALUES ('ward:' || :w, 0)"""
_GROUPS = """
INSERT INTO residential_group (id, ward_id, name, number, created_at)
SELECT md5(:w || '-g' || k)::uuid::text, :w, 'Tổ dân phố ' || (k + 1), k + 1, now()
FROM generate_series(0, :groups - 1) AS s(k);
-- petition i belongs to group i % groups, at position i / groups + 1 of its scope
INSERT INTO scope_counter (scope, value)
SELECT 'group:' || md5(:w || '-g' || k)::uuid::text, (:n - k + :groups - 1) / :groups
FROM generate_series(0, :groups - 1) AS s(k)"""


def _iso(day: str, clock: str = "02:00:00") -> str:
    """A timeline's time as the server writes it (UTC, ISO 8601), of a day's morning."""
    return f"to_char({day}, 'YYYY-MM-DD') || 'T{clock}+00:00'"


_RECEIVED_ISO = "to_char(received AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+00:00'"
# spread over 2026 (received i % 360 days after New Year); statuses in turn; taken up 1-14
# days after arrival (ack due 14 calendar days ~ 10 working days), answered 1-12 days after
# that; the timeline holds what happened, as the server writes it (kind, at, actor, text)
_PETITIONS = f"""
INSERT INTO petition (id, group_id, ward_id, title, description, field, category, citizen_name,
  citizen_phone, anonymous, location_text, source, attachments, received_at, status,
  citizen_satisfied, due_date, ack_due, accepted_on, answered_on, answer, version,
  field_versions, timeline, search_text, created_at, updated_at)
SELECT md5(:w || '-p' || i)::uuid::text, md5(:w || '-g' || (i % :groups))::uuid::text, :w,
  'Kiến nghị số ' || i || ': đèn đường ngõ ' || (i % 97) || ' hỏng',
  'Người dân phản ánh đèn chiếu sáng ngõ ' || (i % 97) || ' hỏng đã ' || (i % 9 + 1) ||
  ' tuần, buổi tối đi lại khó khăn.',
  (ARRAY{list(_FIELDS)!r})[i % 4 + 1], (ARRAY{list(_CATS)!r})[i % 8 + 1],
  'Nguyễn Văn ' || i, '09' || lpad(i::text, 8, '0'), false,
  'Ngõ ' || (i % 97) || ', tổ dân phố ' || (i % :groups + 1), 'household_visit', '[]'::json,
  received, (ARRAY{list(_STATUSES)!r})[i % 6 + 1],
  CASE WHEN i % 6 >= 4 THEN (i % 5 <> 0) END, day0 + 25, day0 + 14,
  CASE WHEN i % 6 > 0 THEN taken END, CASE WHEN i % 6 >= 3 THEN answered END,
  CASE WHEN i % 6 >= 3 THEN 'Phường đã sửa đèn ngõ ' || (i % 97) || '.' END,
  i / :groups + 1, '{{}}'::json,
  (jsonb_build_array(jsonb_build_object('at', {_RECEIVED_ISO}, 'actor', 'Máy tổ',
     'kind', 'created', 'text', ''))
   || CASE WHEN i % 6 > 0 THEN jsonb_build_array(jsonb_build_object('at', {_iso('taken')},
     'actor', 'Cán bộ phường', 'kind', 'accepted', 'text', '')) ELSE '[]' END
   || CASE WHEN i % 6 >= 3 THEN jsonb_build_array(jsonb_build_object(
     'at', {_iso('answered', '03:00:00')}, 'actor', 'Cán bộ phường', 'kind', 'answered',
     'text', 'Đã trả lời công dân.'))
     ELSE '[]' END
   || CASE WHEN i % 6 = 5 THEN jsonb_build_array(jsonb_build_object('at',
     {_iso('answered + 3')}, 'actor', 'Cán bộ phường', 'kind', 'closed', 'text', ''))
     ELSE '[]' END)::json,
  'kien nghi so ' || i || ' den duong ngo ' || (i % 97) || ' hong nguyen van ' || i,
  received, received
FROM generate_series(0, :n - 1) AS s(i),
  LATERAL (SELECT timestamptz '2026-01-01 01:00+00' + (i % 360) * interval '1 day'
                  + (i % 480) * interval '1 minute' AS received,
                  date '2026-01-01' + (i % 360) AS day0) AS d,
  LATERAL (SELECT d.day0 + (i % 14) + 1 AS taken) AS t,
  LATERAL (SELECT t.taken + (i % 12) + 1 AS answered) AS a;
INSERT INTO sync_change (entity, entity_id, scope, seq, op)
SELECT 'petition', md5(:w || '-p' || i)::uuid::text,
  'group:' || md5(:w || '-g' || (i % :groups))::uuid::text, i / :groups + 1, 'upsert'
FROM generate_series(0, :n - 1) AS s(i)"""
_MODELS = """
INSERT INTO mobilization_model (id, ward_id, group_id, name, field, unit_kind, unit_name, level,
  year, goals, followers, status, metrics, attachments, campaign_ids, petition_ids, timeline,
  search_text, version, field_versions, field_writers, created_at, updated_at)
SELECT md5(:w || '-m' || k)::uuid::text, :w, NULL, 'Mô hình ' || k,
  (ARRAY['economy','culture_society','defense_security','political_system'])[k % 4 + 1],
  'party_cell', '', (ARRAY['group','ward','province'])[k % 3 + 1], 2026, '', '[]'::json,
  (ARRAY['registered','in_progress','recognized'])[k % 3 + 1], '[]'::json, '[]'::json,
  '[]'::json, '[]'::json, '[]'::json, '', 0, '{}'::json, '{}'::json, now(), now()
FROM generate_series(1, 12) AS s(k)"""


@dataclass
class Province:
    """What the benchmark needs of a seeded deployment."""

    url: str
    wards: list[tuple[str, str]]  # (id, name)
    phones: list[SimPhone]
    phone_wards: list[str]  # each phone's ward
    petitions_per_ward: int
    seed_s: float


def create_database(url: str) -> None:
    """The benchmark's own database, empty (dropped first if it is there)."""
    _admin(url, 'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)', 'CREATE DATABASE "{db}"')


def drop_database(url: str) -> None:
    _admin(url, 'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def _admin(url: str, *statements: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for sql in statements:
                conn.execute(text(sql.format(db=target.database)))
    finally:
        admin.dispose()


def seed(url: str, *, wards: int, groups: int, petitions: int, phones_per_group: int = 2
         ) -> Province:
    """A fresh database at `url` holding a province of `wards` wards, `petitions` petitions
    in all (spread evenly over the wards and, within a ward, over its groups)."""
    from sync_server.services.staff import create_staff

    create_database(url)
    upgrade_to_head(url)
    started = time.perf_counter()
    per_ward = petitions // wards
    admin = Admin(url)
    names = [(str(uuid.uuid5(_NS, f"ward-{k}")), f"Phường số {k + 1}") for k in range(wards)]
    try:
        with admin.engine.begin() as conn:
            conn.execute(text("INSERT INTO province (id, name, created_at) "
                              "VALUES (:p, 'Tỉnh Đo Đạc', now())"), {"p": PROVINCE_ID})
        for ward_id, name in names:  # a transaction a ward: the database is never idle long
            params = {"w": ward_id, "name": name, "province": PROVINCE_ID, "groups": groups,
                      "n": per_ward}
            with admin.engine.begin() as conn:
                for sql in (_WARD + ";" + _GROUPS + ";" + _PETITIONS + ";"
                            + _MODELS).split(";\n"):
                    conn.execute(text(sql), params)
            with admin.engine.begin() as conn:  # as a server's fold does, ward by ward
                fold(conn)
        with session_scope(admin.engine) as s:
            create_staff(s, ward_id=None, username=PROVINCE_USER, password=PROVINCE_PASSWORD,
                         full_name="Ban Tuyên giáo và Dân vận tỉnh", role="province",
                         province_id=PROVINCE_ID)
        phones, phone_wards = [], []
        for ward_id, _ in names:
            with admin.engine.connect() as conn:
                group_ids = list(conn.execute(select(group_t.c.id).where(
                    group_t.c.ward_id == ward_id).order_by(group_t.c.number)).scalars())
            enrolled = admin.devices(ward_id, group_ids, phones_per_group * len(group_ids))
            phones += enrolled
            phone_wards += [ward_id] * len(enrolled)
        # a server that has held these rows a while: statistics known, the bulk write flushed
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
            with contextlib.suppress(DBAPIError):  # a role that may not checkpoint
                conn.execute(text("CHECKPOINT"))
    finally:
        admin.close()
    return Province(url, names, phones, phone_wards, per_ward,
                    round(time.perf_counter() - started, 1))
