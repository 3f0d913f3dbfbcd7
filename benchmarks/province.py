"""Benchmarks layer: a whole province on one PostgreSQL server, beside one ward alone (issue 28).

Two deployments side by side, each its own database seeded in bulk (`benchmarks.province_seed`)
and its own `sync-server serve --workers N`: the province (by default 100 wards x 30 groups,
2 phones a group, 1,000,000 petitions with their timelines) and one ward alone (one of those
wards: 30 groups, 60 phones, 10,000 petitions). On each, over real sockets from this process
(the simulated phones of `benchmarks.rawhttp` on uvloop, the load generator):

- a phone's pull with nothing new (alternating between the two servers, so that the shared
  machine's noise falls on both alike), median and p95;
- a ward's inbox, first page (the console's query, as `staff_inbox` times it);
- the province page for a month and for a year (`/console/province`, signed in as the
  province's account, over HTTP);
- the morning rush: every phone syncs 3 new petitions at a random moment of the rush
  (10 minutes; `--rush-seconds` compresses it: the same uniform arrivals in less time),
  latency from each sync's planned moment, errors counted;
- the most syncs a second with p95 under 200 ms: open-loop steps of `--step-seconds` each
  at the rates of `--rates`, until a step's p95 passes 200 ms or a sync fails.

Each figure is given for the province, for one ward alone and as their ratio. The results
go to `--out` (benchmarks/results/province.json, which `benchmarks.report` puts into
docs/performance.md). The databases (`bench_province`, `bench_province_one`) stay after the
run unless `--drop` is given; `--drop-only` drops them.

    python -m benchmarks.province                     # the issue's scale, about 35 minutes
    python -m benchmarks.province --wards 10 --petitions 100000 --rush-seconds 60 --drop
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import make_url

from benchmarks import workloads as w
from benchmarks.data import petition_args
from benchmarks.deploy import PG_URL, ROOT, ServerProcess
from benchmarks.province_seed import (
    PROVINCE_PASSWORD,
    PROVINCE_USER,
    Province,
    drop_database,
    seed,
)
from benchmarks.rawhttp import SimulatedPhone
from benchmarks.seed import Admin

RATES = (5, 10, 15, 20, 30, 40, 50, 60, 80, 100, 120, 150, 180, 220, 270, 330, 400)
P95_LIMIT_MS = 200.0


def log(msg: str) -> None:
    print(f"[province {time.strftime('%H:%M:%S')}] {msg}", flush=True)


@dataclass
class Side:
    """One deployment under measurement: its seeded data, its server, its phones."""

    label: str
    province: Province
    server: ServerProcess
    admin: Admin
    sims: list[SimulatedPhone]

    @property
    def first_ward(self) -> str:
        return self.province.wards[0][0]


def open_side(label: str, province: Province) -> Side:
    server = ServerProcess(province.url).start()
    admin = Admin(province.url)
    places = [(ward, phone.group_id)
              for ward, phone in zip(province.phone_wards, province.phones, strict=True)]
    sims = [SimulatedPhone("127.0.0.1", server.port, phone.token) for phone in province.phones]
    for sim, cursor in zip(sims, w.cursors_at_top(admin, places), strict=True):
        sim.cursor = cursor  # each phone synced yesterday: nothing new for it yet
    return Side(label, province, server, admin, sims)


def close_side(side: Side) -> None:
    side.admin.close()
    side.server.stop()


def _summary(times: list[float]) -> dict[str, Any]:
    return {"count": len(times), "median_ms": w.ms(statistics.median(times)),
            "p95_ms": w.ms(w.pct(times, 95))}


def nothing_new(sides: list[Side], pulls: int) -> list[dict[str, Any]]:
    """A phone that is up to date pulls: the two deployments' phones in turn."""
    async def run() -> list[list[float]]:
        sims = [side.sims[0] for side in sides]
        for sim in sims:
            assert await sim.pull_all() == 0  # warm the connection
        times: list[list[float]] = [[] for _ in sims]
        for _ in range(pulls):
            for k, sim in enumerate(sims):
                t = time.perf_counter()
                got = await sim.pull_all()
                times[k].append(time.perf_counter() - t)
                assert got == 0, got
        for sim in sims:
            await sim.close()
        return times

    return [_summary(t) for t in w.run_phones(run())]


def inbox(sides: list[Side], reps: int) -> list[dict[str, Any]]:
    """The console's inbox query for the first ward, first page, default filters."""
    from sqlmodel import Session

    from sync_server.services.inbox import InboxFilters, inbox_page

    sessions = [Session(side.admin.engine) for side in sides]
    times: list[list[float]] = [[] for _ in sides]
    try:
        for _ in range(reps):
            for k, side in enumerate(sides):
                t = time.perf_counter()
                page = inbox_page(sessions[k], ward_id=side.first_ward, filters=InboxFilters(),
                                  today=date.today())
                times[k].append(time.perf_counter() - t)
                sessions[k].rollback()
                assert page.rows, "the inbox's first page is empty"
    finally:
        for session in sessions:
            session.close()
    return [_summary(t) for t in times]


def province_page(sides: list[Side], reps: int, period: str) -> list[dict[str, Any]]:
    """`/console/province?p=<period>` as the province's account gets it, over HTTP."""
    clients = [httpx.Client(base_url=side.server.url, timeout=60) for side in sides]
    times: list[list[float]] = [[] for _ in sides]
    size = [0 for _ in sides]
    try:
        for client in clients:
            signed_in = client.post("/console/login", data={"username": PROVINCE_USER,
                                                            "password": PROVINCE_PASSWORD})
            assert signed_in.status_code in (200, 303), signed_in.status_code
        for _ in range(reps):
            for k, (side, client) in enumerate(zip(sides, clients, strict=True)):
                t = time.perf_counter()
                page = client.get("/console/province", params={"p": period})
                times[k].append(time.perf_counter() - t)
                assert page.status_code == 200 and side.province.wards[0][1] in page.text, \
                    page.status_code
                size[k] = len(page.content)
    finally:
        for client in clients:
            client.close()
    return [{**_summary(t), "html_bytes": n} for t, n in zip(times, size, strict=True)]


def rush(side: Side, seconds: float, per_phone: int, rng: random.Random) -> dict[str, Any]:
    """Every phone syncs `per_phone` new petitions at a random moment of `seconds`."""
    plan = [(sim, rng.uniform(0.0, seconds), [petition_args(rng) for _ in range(per_phone)])
            for sim in side.sims]
    out = w.open_loop(plan, side.server)
    return {"phones": len(side.sims), "seconds": seconds, "per_phone": per_phone,
            "rate_per_s": round(len(plan) / seconds, 2), **out}


def max_rate(side: Side, rates: list[float], step_s: float, per_phone: int,
             rng: random.Random) -> dict[str, Any]:
    """Open-loop steps at rising rates, phones round-robin, until p95 passes the limit."""
    steps: list[dict[str, Any]] = []
    turn = 0
    for rate in rates:
        total = max(1, int(rate * step_s))
        plan = [(side.sims[(turn + i) % len(side.sims)], i / rate,
                 [petition_args(rng) for _ in range(per_phone)]) for i in range(total)]
        turn += total
        out = w.open_loop(plan, side.server)
        steps.append({"rate_per_s": rate, **{k: out[k] for k in (
            "syncs", "errors", "p50_ms", "p95_ms", "server_cpu_ms_per_sync",
            "phones_cpu_ms_per_sync")}})
        log(f"  {side.label}: {rate}/s for {step_s:g} s: p95 {out['p95_ms']} ms, "
            f"{out['errors']} errors")
        if out["errors"] or out["p95_ms"] > P95_LIMIT_MS:
            break
        time.sleep(2.0)  # the queue drains before the next step
    held = [s["rate_per_s"] for s in steps if not s["errors"] and s["p95_ms"] <= P95_LIMIT_MS]
    return {"step_seconds": step_s, "p95_limit_ms": P95_LIMIT_MS,
            "sustained_per_s": max(held) if held else None,
            "crossed": bool(steps) and steps[-1]["rate_per_s"] not in held, "steps": steps}


def _ratio(a: Any, b: Any) -> float | None:
    if not isinstance(a, int | float) or not isinstance(b, int | float) or not b:
        return None
    return round(a / b, 2)


RATIOS = {"nothing_new_median": "nothing_new.median_ms", "inbox_p95": "inbox.p95_ms",
          "page_month_p95": "page_month.p95_ms", "page_year_p95": "page_year.p95_ms",
          "rush_p95": "rush.p95_ms", "max_rate": "max_rate.sustained_per_s"}


def ratios(province: dict[str, Any], one: dict[str, Any]) -> dict[str, float | None]:
    def get(data: dict[str, Any], path: str) -> Any:
        first, second = path.split(".")
        return data.get(first, {}).get(second)

    return {name: _ratio(get(province, path), get(one, path)) for name, path in RATIOS.items()}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.run import machine, versions

    started = time.perf_counter()
    rng = random.Random(28)
    result: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": {"wards": args.wards, "groups": args.groups,
                  "phones_per_group": args.phones_per_group, "petitions": args.petitions,
                  "rush_seconds": args.rush_seconds, "per_phone": 3,
                  "step_seconds": args.step_seconds,
                  "workers": os.environ.get("BENCH_SERVER_WORKERS",
                                            str(min(2, os.cpu_count() or 1)))},
        "machine": machine(), "versions": versions(["postgresql"])}
    log(f"seeding {args.wards} wards x {args.groups} groups, {args.petitions:,} petitions")
    seeded = [seed(args.url, wards=args.wards, groups=args.groups, petitions=args.petitions,
                   phones_per_group=args.phones_per_group),
              seed(one_ward_url(args.url), wards=1, groups=args.groups,
                   petitions=args.petitions // args.wards,
                   phones_per_group=args.phones_per_group)]
    log(f"seeded in {seeded[0].seed_s} s and {seeded[1].seed_s} s")
    sides: list[Side] = []
    figures: list[dict[str, Any]] = [
        {"wards": len(p.wards), "phones": len(p.phones), "petitions": p.petitions_per_ward
         * len(p.wards), "seed_s": p.seed_s} for p in seeded]
    try:
        for label, province in zip(("province", "one ward"), seeded, strict=True):
            sides.append(open_side(label, province))
        for key, measured in (("nothing_new", nothing_new(sides, args.pulls)),
                              ("inbox", inbox(sides, args.reps)),
                              ("page_month", province_page(sides, args.reps, "2026-11")),
                              ("page_year", province_page(sides, args.reps, "2026"))):
            for k, one in enumerate(measured):
                figures[k][key] = one
            log(f"{key}: {measured}")
        for k, side in enumerate(sides):
            figures[k]["rush"] = rush(side, args.rush_seconds, 3, rng)
            log(f"rush, {side.label}: {figures[k]['rush']}")
        for k, side in enumerate(sides):
            time.sleep(2.0)
            figures[k]["max_rate"] = max_rate(side, args.rates, args.step_seconds, 3, rng)
            log(f"most syncs a second, {side.label}: {figures[k]['max_rate']['sustained_per_s']}")
    except Exception:
        for side in sides:
            log(f"{side.label} server log tail:\n{side.server.tail()}")
        raise
    finally:
        for side in sides:
            close_side(side)
        if args.drop:
            drop(args.url)
    result.update(province=figures[0], one_ward=figures[1], ratios=ratios(*figures))
    result["machine"]["loadavg_at_end"] = list(os.getloadavg())
    result["duration_s"] = round(time.perf_counter() - started, 1)
    return result


def one_ward_url(url: str) -> str:
    target = make_url(url)
    return target.set(database=f"{target.database}_one").render_as_string(hide_password=False)


def drop(url: str) -> None:
    for each in (url, one_ward_url(url)):
        drop_database(each)
    log(f"dropped {make_url(url).database} and {make_url(one_ward_url(url)).database}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_url = make_url(PG_URL).set(database="bench_province")
    parser.add_argument("--url", default=default_url.render_as_string(hide_password=False),
                        help="the province's database (created; the one ward's gets _one)")
    parser.add_argument("--wards", type=int, default=100)
    parser.add_argument("--groups", type=int, default=30, help="groups a ward")
    parser.add_argument("--phones-per-group", type=int, default=2)
    parser.add_argument("--petitions", type=int, default=1_000_000, help="in the province")
    parser.add_argument("--rush-seconds", type=float, default=600.0,
                        help="the morning rush's length (600: ten minutes)")
    parser.add_argument("--step-seconds", type=float, default=20.0,
                        help="each rate's step when finding the most syncs a second")
    parser.add_argument("--rates", type=lambda s: [float(r) for r in s.split(",")],
                        default=list(RATES), help="syncs a second, comma-separated")
    parser.add_argument("--pulls", type=int, default=300)
    parser.add_argument("--reps", type=int, default=30, help="timings of each page")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/province.json")
    parser.add_argument("--drop", action="store_true", help="drop the databases afterwards")
    parser.add_argument("--drop-only", action="store_true", help="only drop the databases")
    args = parser.parse_args(argv)
    if args.drop_only:
        drop(args.url)
        return 0
    result = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n")
    log(f"wrote {args.out} in {result['duration_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
