"""Benchmarks layer: setting up a ward as an administrator would (services on the database)
and seeding large row counts with one bulk SQL statement (not through the API).

Bulk rows look like what phones send: petition-shaped records with Vietnamese text, each with
its change-log row at the next position of its group's scope, so pulls serve them normally.
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from sync_server.auth import new_token, token_hash
from sync_server.models.tables import counter_t, device_t
from sync_server.services.changes import group_scope
from sync_server.storage import make_engine, session_scope


@dataclass(frozen=True)
class SimPhone:
    """A device enrolled straight in the database (its token known to the benchmark)."""

    device_id: str
    token: str
    group_id: str


class Admin:
    """Administrator's access to the benchmark database."""

    def __init__(self, db_url: str) -> None:
        self.engine: Engine = make_engine(db_url)
        self.dialect = self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def ward(self, name: str, groups: int) -> tuple[str, list[str]]:
        from sync_server.services.staff import create_staff
        from sync_server.services.wards import create_group, create_ward

        with session_scope(self.engine) as s:
            ward_id = create_ward(s, name=name)
            group_ids = [create_group(s, ward_id=ward_id, name=f"Tổ dân phố {i}", number=i)
                         for i in range(1, groups + 1)]
            create_staff(s, ward_id=ward_id, username=f"canbo{secrets.token_hex(3)}",
                         password="mat-khau-can-bo-2026", full_name="Cán bộ")
        return ward_id, group_ids

    def group(self, ward_id: str, number: int) -> str:
        from sync_server.services.wards import create_group

        with session_scope(self.engine) as s:
            return create_group(s, ward_id=ward_id, name=f"Tổ dân phố {number}", number=number)

    def enroll_code(self, group_id: str) -> str:
        from sync_server.services.enrollment import issue_code

        with session_scope(self.engine) as s:
            return issue_code(s, group_id=group_id).code

    def devices(self, ward_id: str, group_ids: list[str], count: int) -> list[SimPhone]:
        """`count` devices spread round-robin over the groups."""
        from field_app.wire.formats import utcnow

        phones = [SimPhone(str(uuid.uuid4()), new_token(), group_ids[i % len(group_ids)])
                  for i in range(count)]
        now = utcnow()
        with session_scope(self.engine) as s:
            s.execute(insert(device_t), [
                {"id": p.device_id, "group_id": p.group_id, "ward_id": ward_id,
                 "name": f"Máy {i + 1}", "app_version": "0.1.0",
                 "token_hash": token_hash(p.token), "last_seq": 0, "created_at": now}
                for i, p in enumerate(phones)])
        return phones

    def counter(self, scope: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(counter_t.c.value).where(
                counter_t.c.scope == scope)).scalar_one())

    def bulk_petitions(self, ward_id: str, group_id: str, count: int) -> None:
        """`count` petitions of one group with their change rows, in SQL (fast)."""
        scope = group_scope(group_id)
        prefix = secrets.token_hex(4)
        with self.engine.begin() as conn:
            base = int(conn.execute(select(counter_t.c.value).where(
                counter_t.c.scope == scope).with_for_update()).scalar_one())
            params: dict[str, Any] = {"n": count, "g": group_id, "w": ward_id, "p": prefix,
                                      "base": base, "scope": scope}
            for sql in (_PG if self.dialect == "postgresql" else _SQLITE):
                conn.execute(text(sql), params)
            conn.execute(update(counter_t).where(counter_t.c.scope == scope)
                         .values(value=base + count))
        # a server that has held these rows for a while: statistics known, WAL checkpointed
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if self.dialect == "postgresql":  # what autovacuum does after bulk inserts
                conn.execute(text("VACUUM ANALYZE petition"))
                conn.execute(text("VACUUM ANALYZE sync_change"))
                # flush the bulk write now, not in the middle of a measurement (a role that
                # may not checkpoint only gets noisier figures)
                with contextlib.suppress(DBAPIError):
                    conn.execute(text("CHECKPOINT"))
            else:  # as `sync-server serve` does at start
                conn.execute(text("ANALYZE"))
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


_CATS = ("land", "environment", "infrastructure", "lighting", "security_order", "social_policy",
         "administrative", "other")
_FIELDS = ("economy", "culture_society", "defense_security", "political_system")
_STATUSES = ("received", "accepted", "in_progress", "answered", "reported_back", "closed")

_SQLITE_SERIES = "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < :n) "
_SQLITE_ID = "printf('%s-0000-4000-8000-%012d', :p, i)"
_SQLITE = [
    _SQLITE_SERIES + f"""
INSERT INTO petition (id, group_id, ward_id, title, description, field, category, citizen_name,
  citizen_phone, household_id, anonymous, location_text, lat, lon, source, dialogue_session_id,
  attachments, received_at, status, citizen_satisfied, assigned_unit, assigned_officer, due_date,
  answer, version, field_versions, timeline, search_text, created_by_device, created_at,
  updated_at)
SELECT {_SQLITE_ID}, :g, :w, 'Kiến nghị số ' || i || ': đèn đường ngõ ' || (i % 97) || ' hỏng',
  'Người dân phản ánh đèn chiếu sáng ngõ ' || (i % 97) || ' hỏng đã ' || (i % 9 + 1) ||
  ' tuần, buổi tối đi lại khó khăn.',
  CASE i % 4 WHEN 0 THEN 'economy' WHEN 1 THEN 'culture_society' WHEN 2 THEN 'defense_security'
    ELSE 'political_system' END,
  CASE i % 8 {" ".join(f"WHEN {k} THEN '{c}'" for k, c in enumerate(_CATS))} END,
  'Nguyễn Văn ' || i, '09' || printf('%08d', i), NULL, 0, 'Ngõ ' || (i % 97) || ', tổ dân phố',
  NULL, NULL, 'household_visit', NULL, '[]',
  datetime('2026-01-01', '+' || (i % 300) || ' days'),
  CASE i % 6 {" ".join(f"WHEN {k} THEN '{c}'" for k, c in enumerate(_STATUSES))} END,
  NULL, NULL, NULL, NULL, NULL, :base + i, '{{}}', '[]',
  'kien nghi so ' || i || ' den duong ngo ' || (i % 97) || ' hong nguyen van ' || i,
  NULL, datetime('2026-01-01', '+' || (i % 300) || ' days'),
  datetime('2026-01-01', '+' || (i % 300) || ' days')
FROM s""",
    _SQLITE_SERIES + f"""
INSERT INTO sync_change (entity, entity_id, scope, seq, op)
SELECT 'petition', {_SQLITE_ID}, :scope, :base + i, 'upsert' FROM s""",
]

_PG_ID = "format('%s-0000-4000-8000-%s', CAST(:p AS text), lpad(i::text, 12, '0'))"
_PG = [f"""
INSERT INTO petition (id, group_id, ward_id, title, description, field, category, citizen_name,
  citizen_phone, household_id, anonymous, location_text, lat, lon, source, dialogue_session_id,
  attachments, received_at, status, citizen_satisfied, assigned_unit, assigned_officer, due_date,
  answer, version, field_versions, timeline, search_text, created_by_device, created_at,
  updated_at)
SELECT {_PG_ID}, CAST(:g AS text), CAST(:w AS text),
  'Kiến nghị số ' || i || ': đèn đường ngõ ' || (i % 97) || ' hỏng',
  'Người dân phản ánh đèn chiếu sáng ngõ ' || (i % 97) || ' hỏng đã ' || (i % 9 + 1) ||
  ' tuần, buổi tối đi lại khó khăn.',
  (ARRAY{list(_FIELDS)!r})[i % 4 + 1], (ARRAY{list(_CATS)!r})[i % 8 + 1],
  'Nguyễn Văn ' || i, '09' || lpad(i::text, 8, '0'), NULL, false,
  'Ngõ ' || (i % 97) || ', tổ dân phố', NULL, NULL, 'household_visit', NULL, '[]'::json,
  timestamptz '2026-01-01 00:00+00' + (i % 300) * interval '1 day',
  (ARRAY{list(_STATUSES)!r})[i % 6 + 1], NULL, NULL, NULL, NULL, NULL, CAST(:base AS bigint) + i,
  '{{}}'::json, '[]'::json,
  'kien nghi so ' || i || ' den duong ngo ' || (i % 97) || ' hong nguyen van ' || i, NULL,
  timestamptz '2026-01-01 00:00+00' + (i % 300) * interval '1 day',
  timestamptz '2026-01-01 00:00+00' + (i % 300) * interval '1 day'
FROM generate_series(1, CAST(:n AS int)) AS s(i)""", f"""
INSERT INTO sync_change (entity, entity_id, scope, seq, op)
SELECT 'petition', {_PG_ID}, CAST(:scope AS text), CAST(:base AS bigint) + i, 'upsert'
FROM generate_series(1, CAST(:n AS int)) AS s(i)""",
]
