"""Benchmarks layer: the workloads of issue 7, each returning its figures as a dict.

Timings are wall-clock on the loopback link; latencies are per request or per phone sync.
Every workload makes its own groups so that runs do not disturb one another.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.data import petition_args, petition_fields
from benchmarks.deploy import ServerProcess
from benchmarks.proxy import CountingProxy
from benchmarks.rawhttp import SimulatedPhone
from benchmarks.seed import Admin, SimPhone
from field_app.wire.protocol import MAX_BATCH

T = TypeVar("T")


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def run_phones(main: Coroutine[Any, Any, T]) -> T:
    """Run the simulated phones on uvloop where it is installed (it comes with the server's
    uvicorn): the load generator shares the two cores with the server it measures, and
    uvloop's sockets cost it about half the CPU of asyncio's own loop."""
    try:
        import uvloop
    except ImportError:  # e.g. Windows
        return asyncio.run(main)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


@dataclass
class Bench:
    """What every workload needs: the server, the database admin, a scratch folder, sizes."""

    server: ServerProcess
    admin: Admin
    ward_id: str
    scratch: Path
    sizes: dict[str, int]
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    _groups: int = 100

    @property
    def port(self) -> int:
        return self.server.port

    def new_group(self) -> str:
        self._groups += 1
        return self.admin.group(self.ward_id, self._groups)

    def phone_dir(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="phone-", dir=self.scratch))

    def sim(self, phone: SimPhone, **kw: Any) -> SimulatedPhone:
        return SimulatedPhone("127.0.0.1", self.port, phone.token, **kw)


def _engine_phone(b: Bench, group_id: str, url: str | None = None, **engine_kw: Any) -> Any:
    from field_app.store import LocalStore
    from field_app.sync import SyncEngine

    store = LocalStore.open(b.phone_dir())
    engine = SyncEngine(store, **engine_kw)
    engine.enroll(url or b.server.url, b.admin.enroll_code(group_id), device_name="Máy đo")
    return store, engine


# -- push ------------------------------------------------------------------------------------


def push_engine(b: Bench) -> dict[str, Any]:
    """10,000 petitions saved on a phone, then pushed by the real engine in its batches.

    Also yields the phone's save latency and list/search times among those 10,000."""
    n = b.sizes["push"]
    store, engine = _engine_phone(b, b.new_group())
    saves = []
    for _ in range(n):
        fields = petition_fields(b.rng)
        t = time.perf_counter()
        store.petitions.create(**fields)
        saves.append(time.perf_counter() - t)
    marks: dict[str, float] = {}
    engine.status.subscribe(
        lambda s: marks.setdefault("pull", time.perf_counter()) if s.phase == "pull" else None)
    t0 = time.perf_counter()
    report = engine.sync_now()
    t_end = time.perf_counter()
    assert report.ok and report.pushed == n and report.rejected == 0, report
    push_s = marks["pull"] - t0
    out = {"mutations": n, "push_s": round(push_s, 3), "push_per_s": round(n / push_s),
           "whole_sync_s": round(t_end - t0, 3), "batch": engine.push_batch,
           "save_p50_ms": ms(pct(saves, 50)), "save_p95_ms": ms(pct(saves, 95)),
           **_phone_queries(store)}
    store.close()
    return out


def _phone_queries(store: Any) -> dict[str, Any]:
    """List and search among the phone's petitions (first page of 200, as the screen shows)."""
    total = store.petitions.counts().total
    timings: dict[str, list[float]] = {"list": [], "search": [], "search_nohit": []}
    words = ["den duong", "Cống", "nguyen van", "ngõ 12", "karaoke", "hộ nghèo"]
    for i in range(60):
        for kind, kwargs in (("list", {}), ("search", {"query": words[i % len(words)]}),
                             ("search_nohit", {"query": "khong co tu nay"})):
            t = time.perf_counter()
            store.petitions.list(**kwargs)
            timings[kind].append(time.perf_counter() - t)
    return {"phone_rows": total,
            "list_p95_ms": ms(pct(timings["list"], 95)),
            "search_p95_ms": ms(pct(timings["search"] + timings["search_nohit"], 95))}


def push_raw(b: Bench) -> dict[str, Any]:
    """The server alone: 10,000 petition.create from one simulated phone, in batches of 500
    (as the engine sends them)."""
    n, batch = b.sizes["push"], MAX_BATCH  # as the engine sends them
    phone = b.admin.devices(b.ward_id, [b.new_group()], 1)[0]
    sim = b.sim(phone)
    batches = [sim.mutations("petition.create", [petition_args(b.rng) for _ in range(batch)])
               for _ in range(n // batch)]

    async def run() -> float:
        t0 = time.perf_counter()
        for mutations in batches:
            await sim.push(mutations)
        elapsed = time.perf_counter() - t0
        await sim.close()
        return elapsed

    cpu0 = b.server.cpu_seconds()
    elapsed = run_phones(run())
    cpu = b.server.cpu_seconds() - cpu0
    return {"mutations": n, "push_s": round(elapsed, 3), "push_per_s": round(n / elapsed),
            "server_cpu_us_per_mutation": round(cpu / n * 1e6, 1)}


# -- first sync and the naive baseline -------------------------------------------------------


def first_sync(b: Bench, rows: int) -> dict[str, Any]:
    """A new phone of a group with `rows` records: pull and local apply, by the real engine."""
    group = b.new_group()
    b.admin.bulk_petitions(b.ward_id, group, rows)
    store, engine = _engine_phone(b, group)
    t0 = time.perf_counter()
    report = engine.sync_now()
    elapsed = time.perf_counter() - t0
    assert report.ok and report.received >= rows, report
    store.close()
    return {"rows": rows, "seconds": round(elapsed, 3), "rows_per_s": round(rows / elapsed),
            "group_id": group}


def naive_vs_incremental(b: Bench, group: str, rows: int, changes: int = 10) -> dict[str, Any]:
    """After `changes` new petitions in a group of `rows`: an incremental pull vs a naive full
    re-download (cursor absent), in time and in bytes on the wire (gzip both ways)."""
    reader, writer = b.admin.devices(b.ward_id, [group], 2)

    async def run() -> dict[str, Any]:
        phone = b.sim(reader, pull_limit=1000)
        await phone.pull_all()  # the phone is up to date
        other = b.sim(writer)
        await other.push(other.mutations("petition.create",
                                         [petition_args(b.rng) for _ in range(changes)]))
        await other.close()
        phone.conn.sent = phone.conn.received = 0
        t0 = time.perf_counter()
        got = await phone.pull_all()
        inc_s = time.perf_counter() - t0
        inc_bytes = phone.conn.sent + phone.conn.received
        assert got == changes, got
        phone.conn.sent = phone.conn.received = 0
        t0 = time.perf_counter()
        full = await phone.pull_all(full=True)
        naive_s = time.perf_counter() - t0
        naive_bytes = phone.conn.sent + phone.conn.received
        await phone.close()
        return {"rows": rows + changes, "changes": changes,
                "incremental_ms": ms(inc_s), "incremental_bytes": inc_bytes,
                "naive_ms": ms(naive_s), "naive_bytes": naive_bytes, "naive_rows": full}

    return run_phones(run())


# -- a pull with nothing new -----------------------------------------------------------------


def cursors_at_top(admin: Admin, places: list[tuple[str, str]]) -> list[str]:
    """For each (ward, group), the cursor of a phone of that group that has pulled
    everything there is: what a phone holds after yesterday's sync."""
    from sqlalchemy import select

    from sync_server.models.tables import counter_t, meta_t
    from sync_server.services.changes import group_scope, ward_scope
    from sync_server.services.pull import encode_cursor

    scopes = {s for ward, group in places for s in (group_scope(group), ward_scope(ward))}
    with admin.engine.connect() as conn:
        epoch = str(conn.execute(select(meta_t.c.value).where(meta_t.c.key == "epoch"))
                    .scalar_one())
        values = {str(r.scope): int(r.value) for r in conn.execute(
            select(counter_t.c.scope, counter_t.c.value).where(counter_t.c.scope.in_(scopes)))}
    return [encode_cursor(epoch, {s: values[s] for s in (group_scope(g), ward_scope(w))})
            for w, g in places]


def _cursor_at_top(b: Bench, group: str) -> str:
    return cursors_at_top(b.admin, [(b.ward_id, group)])[0]


def _pull_loop(b: Bench, phone: SimPhone, cursor: str) -> SimulatedPhone:
    sim = b.sim(phone)
    sim.cursor = cursor
    return sim


def nothing_new(b: Bench) -> dict[str, Any]:
    """Latency of a pull with nothing new on a server with 10,000 rows and on one with
    1,000,000 rows: two deployments side by side, pulls alternating between them, so that
    the machine's noise falls on both alike."""
    from benchmarks.deploy import ServerProcess, bench_database

    small, large, count = b.sizes["empty_small"], b.sizes["empty_large"], b.sizes["empty_pulls"]
    group = b.new_group()
    phone = b.admin.devices(b.ward_id, [group], 1)[0]
    b.admin.bulk_petitions(b.ward_id, group, small)
    kind = b.admin.dialect if b.admin.dialect == "sqlite" else "postgresql"
    with bench_database(kind) as url, ServerProcess(url) as big_server:
        big_admin = Admin(url)
        try:
            big_ward, (big_group,) = big_admin.ward("Phường Lớn", 1)
            big_phone = big_admin.devices(big_ward, [big_group], 1)[0]
            t0 = time.perf_counter()
            big_admin.bulk_petitions(big_ward, big_group, large)
            seed_s = time.perf_counter() - t0
            # a server that has held these rows for a while: the bulk load's dirty pages
            # written out and the machine quiet again before measuring
            os.sync()
            time.sleep(5.0)
            big = Bench(big_server, big_admin, big_ward, b.scratch, b.sizes)

            async def run() -> tuple[list[float], list[float]]:
                sims = [_pull_loop(b, phone, _cursor_at_top(b, group)),
                        _pull_loop(big, big_phone, _cursor_at_top(big, big_group))]
                for sim in sims:
                    await sim.pull_all()  # warm the connections
                times: tuple[list[float], list[float]] = ([], [])
                for i in range(2 * count):
                    which = i % 2
                    t = time.perf_counter()
                    got = await sims[which].pull_all()
                    times[which].append(time.perf_counter() - t)
                    assert got == 0
                for sim in sims:
                    await sim.close()
                return times

            t_small, t_large = run_phones(run())
        finally:
            big_admin.close()
    med_s, med_l = statistics.median(t_small), statistics.median(t_large)
    return {"rows_small": small, "rows_large": large, "pulls": count,
            "median_small_ms": ms(med_s), "median_large_ms": ms(med_l),
            "p95_small_ms": ms(pct(t_small, 95)), "p95_large_ms": ms(pct(t_large, 95)),
            "ratio": round(med_l / med_s, 3), "seed_large_s": round(seed_s, 1)}


# -- many phones -----------------------------------------------------------------------------


@dataclass
class Fleet:
    phones: list[SimPhone]
    sims: list[SimulatedPhone]


def fleet(b: Bench, count: int, groups: int) -> Fleet:
    group_ids = [b.new_group() for _ in range(groups)]
    phones = b.admin.devices(b.ward_id, group_ids, count)
    sims = [b.sim(p) for p in phones]

    async def warm() -> None:
        for sim in sims:  # each phone has synced before: it holds a cursor
            await sim.pull_all()
            await sim.close()

    run_phones(warm())
    return Fleet(phones, sims)


async def _timed_sync(sim: SimulatedPhone, args: list[dict[str, Any]], start: float
                      ) -> tuple[float, float, str | None]:
    """(start, end, error) of one phone's sync on a fresh connection."""
    delay = start - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)
    t0 = time.perf_counter()
    error = None
    try:
        await sim.sync(args)
    except Exception as exc:  # counted, never hidden
        error = f"{type(exc).__name__}: {exc}"[:200]
    finally:
        await sim.close()
    return t0, time.perf_counter(), error


def ward_at_once(b: Bench, f: Fleet, per_phone: int = 3, *, spread_s: float = 0.0
                 ) -> dict[str, Any]:
    """Every phone of the ward starts a sync at the same moment (or, with `spread_s`, at a
    random moment within that many seconds), each with new petitions."""
    work = [[petition_args(b.rng) for _ in range(per_phone)] for _ in f.sims]
    offsets = [b.rng.uniform(0.0, spread_s) for _ in f.sims]

    async def run() -> list[tuple[float, float, str | None]]:
        start = time.perf_counter() + 0.05
        return await asyncio.gather(*(_timed_sync(s, a, start + o)
                                      for s, a, o in zip(f.sims, work, offsets, strict=True)))

    cpu0, client0 = b.server.cpu_seconds(), time.process_time()
    results = run_phones(run())
    cpu, client = b.server.cpu_seconds() - cpu0, time.process_time() - client0
    lat = [end - st for st, end, _ in results]
    first = min(st for st, _, _ in results)
    errors = [e for _, _, e in results if e]
    return {"phones": len(f.sims), "errors": len(errors), "error_sample": errors[:3],
            "all_done_s": round(max(end for _, end, _ in results) - first, 3),
            "start_spread_ms": ms(max(st for st, _, _ in results) - first),
            "p50_ms": ms(pct(lat, 50)), "p95_ms": ms(pct(lat, 95)), "max_ms": ms(max(lat)),
            "server_cpu_ms_per_phone": ms(cpu / len(f.sims)),
            "phones_cpu_ms_per_phone": ms(client / len(f.sims))}


Planned = tuple[SimulatedPhone, float, list[dict[str, Any]]]


def open_loop(plan: list[Planned], server: ServerProcess) -> dict[str, Any]:
    """Open-loop load: each (phone, moment in s from now, new petitions) syncs at its
    moment on a fresh connection; latency is measured from the planned moment, so a server
    falling behind cannot hide it. A phone that comes round again while its last sync is
    still running waits for it (a phone syncs one at a time: its outbox is numbered)."""
    locks: dict[int, asyncio.Lock] = {}

    async def one(sim: SimulatedPhone, at: float, args: list[dict[str, Any]]
                  ) -> tuple[float, float, str | None]:
        delay = at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        async with locks.setdefault(id(sim), asyncio.Lock()):
            _st, end, err = await _timed_sync(sim, args, at)
        return at, end, err

    async def run() -> list[tuple[float, float, str | None]]:
        t0 = time.perf_counter() + 0.1
        return await asyncio.gather(*(one(sim, t0 + offset, args) for sim, offset, args in plan))

    cpu0, client0 = server.cpu_seconds(), time.process_time()
    results = run_phones(run())
    cpu, client = server.cpu_seconds() - cpu0, time.process_time() - client0
    lat = [end - at for at, end, _ in results]
    errors = [e for _, _, e in results if e]
    return {"syncs": len(plan), "errors": len(errors), "error_sample": errors[:3],
            "p50_ms": ms(pct(lat, 50)), "p95_ms": ms(pct(lat, 95)), "p99_ms": ms(pct(lat, 99)),
            "max_ms": ms(max(lat)), "server_cpu_ms_per_sync": ms(cpu / len(plan)),
            "phones_cpu_ms_per_sync": ms(client / len(plan))}


def steady(b: Bench, f: Fleet, rate: float, seconds: float) -> dict[str, Any]:
    """A phone sync (1 new petition, then pull) every 1/rate s, phones round-robin."""
    total = int(rate * seconds)
    plan = [(f.sims[i % len(f.sims)], i / rate, [petition_args(b.rng)]) for i in range(total)]
    return {"rate_per_s": rate, "seconds": seconds, **open_loop(plan, b.server)}


# -- 3G cost ---------------------------------------------------------------------------------


def wire_cost(b: Bench, petitions: int = 100) -> dict[str, Any]:
    """Bytes on the wire per petition in a sync of 100 new petitions by the real engine
    (HTTP included, both directions), with request and response compression."""
    out: dict[str, Any] = {"petitions": petitions}
    with CountingProxy(b.port) as proxy:
        for label, gzip_min in (("gzip", 1024), ("plain_request", None)):
            store, engine = _engine_phone(b, b.new_group(), url=proxy.url,
                                          gzip_min_bytes=gzip_min)
            assert engine.sync_now().ok  # the first sync (ward snapshot) is done
            for _ in range(petitions):
                store.petitions.create(**petition_fields(b.rng))
            proxy.reset()
            report = engine.sync_now()
            assert report.ok and report.pushed == petitions, report
            out[f"{label}_up_bytes"] = proxy.up
            out[f"{label}_down_bytes"] = proxy.down
            out[f"{label}_bytes_per_petition"] = round((proxy.up + proxy.down) / petitions, 1)
            store.close()
    # the same sync spoken by a client that neither compresses nor accepts gzip
    phone = b.admin.devices(b.ward_id, [b.new_group()], 1)[0]

    async def plain() -> int:
        sim = b.sim(phone, gzip_min_bytes=None, accept_gzip=False)
        await sim.pull_all()
        sim.conn.sent = sim.conn.received = 0
        await sim.sync([petition_args(b.rng) for _ in range(petitions)])
        await sim.close()
        return sim.conn.sent + sim.conn.received

    out["uncompressed_bytes_per_petition"] = round(run_phones(plain()) / petitions, 1)
    return out


# -- staff inbox -----------------------------------------------------------------------------


def staff_inbox(b: Bench) -> dict[str, Any]:
    """The console's inbox query (first page, counts) with 50,000 petitions in one ward."""
    from datetime import date

    from sqlmodel import Session

    from sync_server.services.inbox import InboxFilters, inbox_page

    total, groups = b.sizes["inbox"], 14
    ward_id, group_ids = b.admin.ward("Phường Hộp Thư", groups)
    for g in group_ids:
        b.admin.bulk_petitions(ward_id, g, total // groups)
    cases = {"default": InboxFilters(), "open": InboxFilters(status=("received",)),
             "group": InboxFilters(group_id=group_ids[3]),
             "search": InboxFilters(q="đèn đường ngõ 12"),
             "overdue": InboxFilters(overdue=True), "newest": InboxFilters(sort="-received_at")}
    times: dict[str, list[float]] = {k: [] for k in cases}
    today = date(2026, 11, 21)
    with Session(b.admin.engine) as session:
        for rep in range(b.sizes["inbox_reps"]):
            for name, filters in cases.items():
                t = time.perf_counter()
                inbox_page(session, ward_id=ward_id, filters=filters, today=today,
                           page=1 + rep % 3)
                times[name].append(time.perf_counter() - t)
                session.rollback()
    everything = [x for v in times.values() for x in v]
    return {"petitions": (total // groups) * groups, "p95_ms": ms(pct(everything, 95)),
            **{f"{k}_p95_ms": ms(pct(v, 95)) for k, v in times.items()},
            **console_inbox_page(b, ward_id)}


def console_inbox_page(b: Bench, ward_id: str) -> dict[str, Any]:
    """The console's inbox page over HTTP as an officer's browser gets it: its weight
    (HTML, and gzip as sent) and the time to answer, first page of 50 rows."""
    import gzip
    import secrets

    import httpx

    from sync_server.services.staff import create_staff
    from sync_server.storage import session_scope

    username, password = f"bench{secrets.token_hex(3)}", "mat-khau-can-bo-2026"
    with session_scope(b.admin.engine) as s:
        create_staff(s, ward_id=ward_id, username=username, password=password)
    base = f"http://127.0.0.1:{b.port}"
    with httpx.Client(base_url=base, timeout=60) as client:
        client.post("/console/login", data={"username": username, "password": password})
        times, size = [], 0
        for _ in range(b.sizes["inbox_reps"]):
            t = time.perf_counter()
            page = client.get("/console/petitions", headers={"Accept-Encoding": "identity"})
            times.append(time.perf_counter() - t)
            size = len(page.content)
            assert page.status_code == 200 and "inbox-rows" in page.text, page.status_code
    return {"page_html_bytes": size, "page_gzip_bytes": len(gzip.compress(page.content)),
            "page_p50_ms": ms(pct(times, 50)), "page_p95_ms": ms(pct(times, 95))}
