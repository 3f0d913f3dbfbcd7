"""Benchmarks layer: the province page's figures across 100 wards x 10,000 petitions.

Seeds a province on its own database (PostgreSQL by default: the province deployment) with
one bulk SQL statement per ward (not through the API: the figures read only the petition,
model and contribution tables), then times `services.province_figures.figures` for a
month, a half year and a year, for the whole province and for one ward alone.

    python -m benchmarks.province --wards 100 --petitions 10000 \\
        --url postgresql+psycopg://postgres@127.0.0.1/bench_province
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sync_server.migrate import upgrade_to_head
from sync_server.storage import make_engine, session_scope

# petitions spread over 2026 (i % 360 days); taken up 1-14 days after arrival (ack due 14
# calendar days ~ 10 working days), answered 5-30 days after for the answered ones
_PETITIONS = """
INSERT INTO petition (id, group_id, ward_id, title, description, field, category, citizen_name,
  citizen_phone, anonymous, source, attachments, received_at, status, citizen_satisfied,
  due_date, ack_due, accepted_on, answered_on, version, field_versions, timeline,
  search_text, created_at, updated_at)
SELECT :w || '-' || i, :g0 || '-' || (i % :groups), :w,
  'Kiến nghị số ' || i, 'Nội dung kiến nghị số ' || i,
  (ARRAY['economy','culture_society','defense_security','political_system'])[i % 4 + 1],
  'lighting', 'Nguyễn Văn ' || i, '09' || lpad(i::text, 8, '0'), false, 'household_visit',
  '[]'::json, timestamptz '2026-01-01 01:00+00' + (i % 360) * interval '1 day',
  (ARRAY['received','accepted','in_progress','answered','reported_back','closed'])[i % 6 + 1],
  CASE WHEN i % 6 >= 4 THEN (i % 5 <> 0) END,
  date '2026-01-01' + (i % 360) + 25, date '2026-01-01' + (i % 360) + 14,
  CASE WHEN i % 6 > 0 THEN date '2026-01-01' + (i % 360) + (i % 14) + 1 END,
  CASE WHEN i % 6 >= 3 THEN date '2026-01-01' + (i % 360) + (i % 26) + 5 END,
  1, '{}'::json, '[]'::json, '', timestamptz '2026-01-01 01:00+00' + (i % 360) * interval '1 day',
  timestamptz '2026-01-01 01:00+00' + (i % 360) * interval '1 day'
FROM generate_series(1, :n) AS s(i)
"""
_GROUPS = """
INSERT INTO residential_group (id, ward_id, name, number, created_at)
SELECT :g0 || '-' || k, :w, 'Tổ dân phố ' || (k + 1), k + 1, now()
FROM generate_series(0, :groups - 1) AS s(k)
"""
_MODELS = """
INSERT INTO mobilization_model (id, ward_id, group_id, name, field, unit_kind, unit_name, level,
  year, goals, followers, status, metrics, attachments, campaign_ids, petition_ids, timeline,
  search_text, version, field_versions, field_writers, created_at, updated_at)
SELECT :w || '-m' || k, :w, NULL, 'Mô hình ' || k,
  (ARRAY['economy','culture_society','defense_security','political_system'])[k % 4 + 1],
  'party_cell', '', (ARRAY['group','ward','province'])[k % 3 + 1], 2026, '', '[]'::json,
  (ARRAY['registered','in_progress','recognized'])[k % 3 + 1], '[]'::json, '[]'::json,
  '[]'::json, '[]'::json, '[]'::json, '', 0, '{}'::json, '{}'::json, now(), now()
FROM generate_series(1, 12) AS s(k)
"""


def _database(url: str) -> None:
    """Create the benchmark's own database, empty (dropped first if it is there)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def seed(url: str, wards: int, petitions: int, groups: int) -> list[tuple[str, str]]:
    _database(url)
    upgrade_to_head(url)
    engine = make_engine(url)
    started = time.perf_counter()
    names = []
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO province (id, name, created_at) "
                          "VALUES ('p', 'Tỉnh Thử Nghiệm', now())"))
        for k in range(wards):
            wid = f"w{k:03d}"
            names.append((wid, f"Phường số {k + 1}"))
            conn.execute(text("INSERT INTO ward (id, name, province_id, created_at) "
                              "VALUES (:w, :name, 'p', now())"),
                         {"w": wid, "name": names[-1][1]})
            params = {"w": wid, "g0": f"{wid}-g", "groups": groups, "n": petitions}
            conn.execute(text(_GROUPS), params)
            conn.execute(text(_PETITIONS), params)
            conn.execute(text(_MODELS), params)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    print(f"seeded {wards} wards x {petitions} petitions in "
          f"{time.perf_counter() - started:.0f} s")
    engine.dispose()
    return names


def measure(url: str, wards: list[tuple[str, str]], runs: int) -> None:
    from sync_server.services import province_figures as pf

    engine = make_engine(url)
    today = date(2026, 12, 31)
    periods = [pf.month_period(2026, 11), pf.parse_period("2026-H2"), pf.parse_period("2026")]
    print(f"{'scope':<22}{'period':<10}{'median ms':>10}{'p95 ms':>9}")
    for scope, chosen in (("province", wards), ("one ward", wards[:1])):
        for period in periods:
            assert period is not None
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                with session_scope(engine) as db:
                    figures = pf.figures(db, wards=chosen, period=period, today=today)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[max(0, round(0.95 * len(times)) - 1)]
            label = f"{scope} ({len(chosen)})"
            print(f"{label:<22}{period.key:<10}{statistics.median(times):>10.1f}{p95:>9.1f}"
                  f"   received {figures.total.received:,}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1/bench_province")
    parser.add_argument("--wards", type=int, default=100)
    parser.add_argument("--petitions", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=30)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    wards = seed(args.url, args.wards, args.petitions, args.groups)
    measure(args.url, wards, args.runs)


if __name__ == "__main__":
    main()
