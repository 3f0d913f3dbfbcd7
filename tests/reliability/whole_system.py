"""Test support: the whole system as a Hypothesis state machine. Three phones in two groups
(real LocalStore + SyncEngine each) and a ward staff member work at random against one live
server, through networks that lose requests, lose answers after the commit, duplicate
requests, answer 5xx, time out and crawl; syncs interleave in threads. Phones record and
reverse contributions and campaign expenses; the ward head erases a citizen's personal data.
When things go quiet and every phone has synced, every phone must hold exactly the server's
view of its group, and no erased citizen's name or phone is left anywhere."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from engine_faults import TLS, FaultyNetwork
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import insert, select, text

from field_app.store import InvalidTransition, LocalStore, PendingChangesError, RecordNotFound
from field_app.sync import RetryPolicy, SyncEngine

NETWORK_FAULTS = ("request_lost", "response_lost", "timeout", "http_500", "truncated",
                  "duplicated", "slow")
STAFF_PASSWORD = "mat-khau-kiem-thu-2026"
LOCAL_REFUSALS = (InvalidTransition, PendingChangesError, RecordNotFound, ValueError)

# Text as group leaders type it, plus what a fuzzer would: emoji, mixed scripts, SQL-ish.
WORDS = st.sampled_from([
    "Đèn đường hỏng", "Cống thoát nước tắc", "Ổ gà trước nhà số 14", "Rác đầu ngõ",
    "Xin hỗ trợ hộ nghèo", "Tiếng ồn karaoke 🎤", "'; DROP TABLE petition; --",
    "Ngõ 5 — 路灯坏了", "Đường ngập 🌧️🌧️", "NULL", "Ñandú ђ ж ㅎ ع", "50% \\ _ %",
])
TEXT = st.builds(lambda w, tail: f"{w} {tail}".strip(), WORDS,
                 st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                         max_size=12))


MODEL_FIELDS = ("economy", "culture_society", "defense_security", "political_system")
REPORT_MONTHS = ("2026-10", "2026-11")

# The citizens petitions name (and households are headed by): the ward may erase any of them.
CITIZENS = (("Nguyễn Thị Lan", "0912 345 678"), ("Trần Văn Bình", "0987 654 321"),
            ("Lê Thị Hồng Nhung", "+84 903 111 222"))


@dataclass
class Erasure:
    """One erasure by the ward head: whose data, and the records the server held then."""

    citizen: int
    petitions: set[str]
    households: set[str]


# Draws never depend on the system's state (syncs run in threads, so what a phone holds at a
# step can vary between runs): a rule draws a number, then picks among what exists now.
PICK = st.integers(0, 2**16)


def choose(pick: int, items: Any) -> Any:
    ordered = sorted(set(items))
    return ordered[pick % len(ordered)] if ordered else None


class ChaosNetwork(FaultyNetwork):
    """The e2e fault transport, counting the faults that happened, plus `slow`."""

    def __init__(self, counter: Counter[str]) -> None:
        super().__init__()
        self.counter = counter

    def inject(self, path_fragment: str, *faults: str) -> None:
        for fault in faults:
            assert fault in NETWORK_FAULTS, fault
            self.plan.append((path_fragment, fault))

    def _take(self, path: str) -> str | None:
        fault = super()._take(path)
        if fault is None:
            return None
        with self._lock:
            self.counter[fault] += 1
        if fault == "slow":  # 3G: the answer arrives, late
            time.sleep(0.15)
            return None
        return fault


@dataclass
class Device:
    name: str
    group_id: str
    engine: SyncEngine
    network: ChaosNetwork
    mutation_ids: set[str] = field(default_factory=set)
    created: dict[str, set[str]] = field(default_factory=lambda: {
        "petition": set(), "household": set(), "campaign": set(), "contribution_entry": set(),
        "campaign_expense": set(), "model": set()})
    reported_months: set[str] = field(default_factory=set)  # months it sent a report of

    @property
    def store(self) -> LocalStore:
        return self.engine.store

    @property
    def device_id(self) -> str:
        enrollment = self.store.settings.enrollment
        assert enrollment is not None
        return enrollment.device_id

    def note_outbox(self) -> None:
        """Remember every mutation id that ever waited in the outbox: none may be lost."""
        self.mutation_ids.update(e.mutation_id for e in self.store.outbox.pending())


class Figures:
    """What the runs did, for docs/reliability.md."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()


def signed_in_officer(session: Any, ward_id: str, username: str, password_hash: str) -> str:
    """A new officer of the ward and a session token of theirs, the rows `create_staff` and
    `login` write, with a password hashed once a run: argon2 twice a case (hashing, then
    checking at sign-in) took about 1.1 s of a case's 2.9 s on the shared 2-core machine.
    Signing in is the subject of the access suite and the API tests, not of this one."""
    from datetime import timedelta

    from field_app.wire.formats import utcnow
    from sync_server.auth import new_token, token_hash
    from sync_server.models.tables import staff_t, staff_token_t

    staff_id, token, now = str(uuid.uuid4()), new_token(), utcnow()
    session.execute(insert(staff_t).values(
        id=staff_id, ward_id=ward_id, province_id=None, username=username,
        full_name="Cán bộ kiểm thử", password_hash=password_hash, active=True, role="officer",
        created_at=now))
    session.execute(insert(staff_token_t).values(
        token_hash=token_hash(token), staff_id=staff_id, created_at=now,
        expires_at=now + timedelta(hours=12)))
    return str(token)


def build_machine(server: Any, figures: Figures) -> type[RuleBasedStateMachine]:
    """A state machine class bound to one live server (each example gets a fresh ward)."""
    from sync_server.auth import hash_password

    staff_hash = hash_password(STAFF_PASSWORD)  # argon2 once a run (see signed_in_officer)

    class WholeSystem(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            figures.counts["cases"] += 1
            self.tmp = Path(tempfile.mkdtemp(prefix="reliability-"))
            self.lock = threading.Lock()
            suffix = uuid.uuid4().hex[:8]
            from sync_server.services.wards import create_group, create_ward
            with server.session() as s:
                self.ward_id = create_ward(s, name=f"Phường {suffix}")
                self.group_a = create_group(s, ward_id=self.ward_id, name="Tổ 1", number=1)
                self.group_b = create_group(s, ward_id=self.ward_id, name="Tổ 2", number=2)
                token = signed_in_officer(s, self.ward_id, f"canbo-{suffix}", staff_hash)
            self.staff = httpx.Client(base_url=server.url, timeout=30, verify=TLS,
                                      headers={"Authorization": f"Bearer {token}"})
            self.devices: list[Device] = []
            for name, group in (("A1", self.group_a), ("A2", self.group_a),
                                ("B1", self.group_b)):
                network = ChaosNetwork(figures.faults)
                store = LocalStore.open(self.tmp / name)
                engine = SyncEngine(store, transport=network, sleep=lambda _s: None,
                                    retry=RetryPolicy(attempts=3, base_delay=0.0), timeout=10,
                                    push_batch=4, pull_limit=5)
                engine.enroll(server.url, server.enroll_code(group), device_name=name)
                self.devices.append(Device(name, group, engine, network))
            self.busy = 0  # steps since things last went quiet (`one_more_step`)
            self.citizen_of: dict[str, int] = {}  # petition or household id -> CITIZENS index
            self.erasures: list[Erasure] = []
            self.ward_models: list[str] = []  # ward-level units' models, from the console
            self.closed_months: set[str] = set()

        # -- the phones' work -------------------------------------------------------

        def _local(self, device: Device, write: Any) -> Any:
            figures.counts["operations"] += 1
            try:
                result = write()
            except LOCAL_REFUSALS:  # the app refuses it on the phone: nothing queued
                figures.counts["refused_on_phone"] += 1
                return None
            device.note_outbox()
            return result

        @rule(d=st.integers(0, 2), title=TEXT, description=TEXT,
              fld=st.sampled_from(["economy", "culture_society", "defense_security"]),
              category=st.sampled_from(["lighting", "environment", "infrastructure", "other"]),
              citizen=st.integers(-1, len(CITIZENS) - 1))
        def create_petition(self, d: int, title: str, description: str, fld: str,
                            category: str, citizen: int) -> None:
            device = self.devices[d]
            name, phone = CITIZENS[citizen] if citizen >= 0 else (None, None)
            row = self._local(device, lambda: device.store.petitions.create(
                field=fld, category=category, title=title, description=description,
                citizen_name=name, citizen_phone=phone, location_text="Ngõ 7"))
            if row is not None:
                device.created["petition"].add(row.id)
                if citizen >= 0:
                    self.citizen_of[row.id] = citizen

        def _pick_petition(self, pick: int, device: Device) -> str | None:
            return choose(pick, [p.id for p in device.store.petitions.list(limit=None)])

        @rule(d=st.integers(0, 2), pick=PICK, title=TEXT, both=st.booleans(),
              whole_form=st.booleans())
        def edit_petition(self, d: int, pick: int, title: str, both: bool,
                          whole_form: bool) -> None:
            device = self.devices[d]
            pid = self._pick_petition(pick, device)
            if pid is None:
                return
            changes: dict[str, Any] = {
                "title": title, **({"description": title + " (sửa)"} if both else {})}
            if whole_form:  # the edit screen sends the citizen as the phone shows it: after an
                row = device.store.petitions.get(pid)  # erasure it may not have pulled yet
                if row is not None:
                    changes.update(citizen_name=row.citizen_name,
                                   citizen_phone=row.citizen_phone)
            self._local(device, lambda: device.store.petitions.update(pid, **changes))

        @rule(d=st.integers(0, 2), pick=PICK, text_=TEXT)
        def add_note(self, d: int, pick: int, text_: str) -> None:
            device = self.devices[d]
            pid = self._pick_petition(pick, device)
            if pid is not None:
                self._local(device, lambda: device.store.petitions.add_note(pid, text_))

        @rule(d=st.integers(0, 2), pick=PICK)
        def withdraw(self, d: int, pick: int) -> None:
            device = self.devices[d]
            pid = self._pick_petition(pick, device)
            if pid is not None:
                self._local(device, lambda: device.store.petitions.withdraw(
                    pid, note="Người dân rút đơn"))

        @rule(d=st.integers(0, 2), pick=PICK, satisfied=st.booleans())
        def report_back(self, d: int, pick: int, satisfied: bool) -> None:
            device = self.devices[d]
            pid = choose(pick, [p.id for p in device.store.petitions.list_awaiting_report_back()])
            if pid is not None:
                self._local(device, lambda: device.store.petitions.report_back(
                    pid, citizen_satisfied=satisfied, note="Đã báo lại"))

        @rule(d=st.integers(0, 2), head=TEXT, citizen=st.integers(-2, len(CITIZENS) - 1))
        def add_household(self, d: int, head: str, citizen: int) -> None:
            device = self.devices[d]
            name, phone = CITIZENS[citizen] if citizen >= 0 else (head, None)
            row = self._local(device, lambda: device.store.households.upsert(
                head_name=name, address="Số 3 ngõ 5", phone=phone))
            if row is not None:
                device.created["household"].add(row.id)
                if citizen >= 0:
                    self.citizen_of[row.id] = citizen

        @rule(d=st.integers(0, 2), title=TEXT, goal=st.integers(0, 10**10))
        def open_campaign(self, d: int, title: str, goal: int) -> None:
            device = self.devices[d]
            row = self._local(device, lambda: device.store.contributions.create_campaign(
                title=title, purpose="Bê tông hóa đường nội khối",
                unit_kinds=["money_vnd", "workdays"], target={"money_vnd": goal}))
            if row is not None:
                device.created["campaign"].add(row.id)

        @rule(d=st.integers(0, 2), pick=PICK,
              entry_type=st.sampled_from(["pledge", "receipt"]),
              kind=st.sampled_from(["money_vnd", "money_vnd", "workdays"]),
              amount=st.integers(1, 50_000_000))
        def record_contribution(self, d: int, pick: int, entry_type: str, kind: str,
                                amount: int) -> None:
            device = self.devices[d]
            campaigns = sorted(c.id for c in device.store.contributions.campaigns())
            households = sorted(h.id for h in device.store.households.list())
            if not campaigns or not households:
                return
            cid, hid = choose(pick, campaigns), choose(pick // 7, households)
            row = self._local(device, lambda: device.store.contributions.record(
                campaign_id=cid, household_id=hid, entry_type=entry_type, kind=kind,
                quantity=amount, collector="Tổ trưởng", receipt_no=f"PT-{amount % 997}"))
            if row is not None:
                device.created["contribution_entry"].add(row.id)

        @rule(d=st.integers(0, 2), pick=PICK)
        def reverse_contribution(self, d: int, pick: int) -> None:
            device = self.devices[d]
            entries = sorted(e.id for c in device.store.contributions.campaigns()
                             for e in device.store.contributions.entries(c.id)
                             if e.entry_type != "reversal")
            eid = choose(pick, entries)
            if eid is not None:
                row = self._local(device, lambda: device.store.contributions.reverse(
                    eid, note="Ghi nhầm"))
                if row is not None:
                    device.created["contribution_entry"].add(row.id)

        def _expenses(self, device: Device) -> list[Any]:
            return [line for c in device.store.contributions.campaigns()
                    for line in device.store.expenses.lines(c.id)]

        @rule(d=st.integers(0, 2), pick=PICK, purpose=TEXT,
              amount=st.integers(1, 200_000_000))
        def record_expense(self, d: int, pick: int, purpose: str, amount: int) -> None:
            device = self.devices[d]
            cid = choose(pick, [c.id for c in device.store.contributions.campaigns()])
            if cid is None:
                return
            row = self._local(device, lambda: device.store.expenses.record(
                campaign_id=cid, amount_vnd=amount, purpose=purpose, payee="Cửa hàng VLXD",
                receipt_no=f"HĐ-{amount % 991}"))
            if row is not None:
                device.created["campaign_expense"].add(row.id)

        @rule(d=st.integers(0, 2), pick=PICK, twice=st.booleans())
        def reverse_expense(self, d: int, pick: int, twice: bool) -> None:
            """Cancel an expense (perhaps one already cancelled here or on another phone);
            `twice`: tap "Hủy khoản ghi" again on the same line."""
            device = self.devices[d]
            eid = choose(pick, [e.id for e in self._expenses(device)
                                if e.entry_type == "expense"])
            for _ in range(2 if twice else 1):
                if eid is None:
                    return
                row = self._local(device, lambda: device.store.expenses.reverse(
                    eid, reason="Ghi nhầm số tiền"))
                if row is not None:
                    device.created["campaign_expense"].add(row.id)

        # -- "Dân vận khéo" models and the group's monthly reports (issue #27) --------

        def _own_models(self, device: Device) -> list[str]:
            return [m.id for m in device.store.models.list()
                    if m.unit_kind == "residential_group"]

        @rule(d=st.integers(0, 2), name=TEXT, fld=st.sampled_from(MODEL_FIELDS))
        def register_model(self, d: int, name: str, fld: str) -> None:
            device = self.devices[d]
            row = self._local(device, lambda: device.store.models.register(
                name=name, field=fld, year=2026, goals="Mỗi hộ trồng hoa trước cửa",
                followers=["Đ/c Lê Thị Mai"]))
            if row is not None:
                device.created["model"].add(row.id)

        @rule(d=st.integers(0, 2), pick=PICK, label=TEXT, quantity=st.integers(0, 10**10),
              unit=st.sampled_from(["đồng", "m2", "hộ", "cột đèn", ""]))
        def add_model_figure(self, d: int, pick: int, label: str, quantity: int,
                             unit: str) -> None:
            device = self.devices[d]
            mid = choose(pick, self._own_models(device))
            if mid is not None:
                self._local(device, lambda: device.store.models.add_figure(
                    mid, label=label, quantity=Decimal(quantity), unit=unit))

        @rule(d=st.integers(0, 2), pick=PICK)
        def propose_model(self, d: int, pick: int) -> None:
            device = self.devices[d]
            mid = choose(pick, self._own_models(device))
            if mid is not None:
                self._local(device, lambda: device.store.models.propose(mid, note="Đề nghị"))

        @rule(pick=PICK, action=st.sampled_from(
            ["recognized", "recognized", "not_recognized", "replicated"]))
        def ward_decides_on_a_model(self, pick: int, action: str) -> None:
            """The ward recognizes a model (level, decision), refuses it or marks it
            replicated; a move its life does not allow is refused, nothing changes."""
            from field_app.wire.mutations import ModelUpdate
            from sync_server.errors import ApiProblem
            from sync_server.services import mobilization

            with self.lock:
                known = [m for dev in self.devices for m in dev.created["model"]]
            mid = choose(pick, known + self.ward_models)
            if mid is None:
                return
            fields: dict[str, Any] = {"id": mid, "status": action, "note": "Hội đồng xét"}
            if action == "recognized":
                fields["recognition"] = {"level": "ward", "decision_no": f"{pick}/QĐ-UBND",
                                         "decided_on": "2026-12-15"}
            figures.counts["staff_model_actions"] += 1
            try:
                self._staff_write(lambda ctx: mobilization.update_fields(
                    ctx, ModelUpdate.model_validate(fields), None))
            except ApiProblem:  # not pushed yet, or a move its life does not allow
                figures.counts["staff_model_refused"] += 1

        @rule(name=TEXT, fld=st.sampled_from(MODEL_FIELDS))
        def ward_registers_a_unit_model(self, name: str, fld: str) -> None:
            """A ward-level unit's model (the Front's): every phone pulls it, read-only."""
            from field_app.wire.mutations import ModelCreate
            from sync_server.services import mobilization

            mid = uuid.uuid4()
            self._staff_write(lambda ctx: mobilization.create(ctx, ModelCreate(
                id=mid, name=name, field=fld, year=2026, unit_kind="front",  # type: ignore[arg-type]
                unit_name="Ủy ban MTTQ phường"), ward_level=True))
            self.ward_models.append(str(mid))

        @rule(d=st.integers(0, 2), month=st.sampled_from(REPORT_MONTHS), mood=TEXT,
              hot=TEXT, proposals=TEXT)
        def submit_group_report(self, d: int, month: str, mood: str, hot: str,
                                proposals: str) -> None:
            """The leader sends the month's report, or sends it again with new words."""
            device = self.devices[d]
            row = self._local(device, lambda: device.store.group_reports.submit(
                month, mood=mood, hot_issues=hot, proposals=proposals))
            if row is not None:
                device.reported_months.add(month)

        @rule(month=st.sampled_from(REPORT_MONTHS), close=st.booleans())
        def ward_closes_or_reopens_a_month(self, month: str, close: bool) -> None:
            """A closed month refuses reports (the phone keeps the refused one, marked)."""
            from sync_server.services import group_reports

            self._staff_write(lambda ctx: (group_reports.close_month if close
                                           else group_reports.reopen_month)(ctx, month))
            self.closed_months = ((self.closed_months | {month}) if close
                                  else (self.closed_months - {month}))

        def _staff_write(self, act: Any) -> Any:
            """One write as the ward's officer, in its own transaction (as the console's)."""
            from sqlmodel import Session

            from sync_server.services.context import WriteContext

            with Session(server.app.state.engine, expire_on_commit=False) as db:
                ctx = WriteContext(session=db, ward_id=self.ward_id, actor="Cán bộ kiểm thử")
                outcome = act(ctx)
                ctx.commit()
            return outcome

        # -- the ward staff ---------------------------------------------------------

        @rule(pick=PICK, by_phone=st.booleans())
        def ward_erases_a_citizen(self, pick: int, by_phone: bool) -> None:
            """The ward head erases the personal data of a citizen some petition names."""
            from sync_server.models.tables import household_t, petition_t
            from sync_server.services.privacy_erase import erase_holdings
            from sync_server.services.privacy_find import find_person

            citizen = choose(pick, self.citizen_of.values())
            if citizen is None:
                return
            mine = [i for i, c in self.citizen_of.items() if c == citizen]
            name, phone = CITIZENS[citizen]
            figures.counts["erasures"] += 1
            with server.session() as s:
                on_server_p = set(s.execute(select(petition_t.c.id).where(
                    petition_t.c.id.in_(mine))).scalars())
                on_server_h = set(s.execute(select(household_t.c.id).where(
                    household_t.c.id.in_(mine))).scalars())
                held = find_person(s, ward_id=self.ward_id, text=phone if by_phone else name)
                erase_holdings(s, ward_id=self.ward_id, actor="Trưởng khối", holdings=held)
            before = {i for e in self.erasures if e.citizen == citizen
                      for i in e.petitions | e.households}  # no longer named: not found again
            assert on_server_p - before <= {p["id"] for p in held.petitions}, (name, on_server_p)
            assert on_server_h - before <= {h["id"] for h in held.households}, (name,
                                                                               on_server_h)
            self.erasures.append(Erasure(citizen, on_server_p, on_server_h))

        def _staff_transition(self, pid: str, action: str, answer: str) -> None:
            body: dict[str, Any] = {"action": action}
            if action in {"accept", "assign"}:
                body.update(assigned_unit="Công an phường", due_date="2026-12-31")
            if action == "answer":
                body["answer"] = answer
            if action == "reject":
                body["note"] = "Không thuộc thẩm quyền"
            response = self.staff.post(f"/api/v1/petitions/{pid}/transition", json=body)
            figures.counts["staff_actions"] += 1
            assert response.status_code in {200, 404, 409, 422}, response.text
            if response.status_code == 404:  # only for a petition not yet pushed
                with self.lock:
                    known = {p for dev in self.devices for p in dev.created["petition"]}
                assert pid in known

        @rule(pick=PICK, action=st.sampled_from(
            ["accept", "start", "answer", "answer", "reject", "close", "reopen", "assign"]),
            answer=TEXT)
        def staff_acts(self, pick: int, action: str, answer: str) -> None:
            pid = choose(pick, [p for dev in self.devices for p in dev.created["petition"]])
            if pid is not None:
                self._staff_transition(pid, action, answer)

        # -- the network and the syncs ----------------------------------------------

        @rule(d=st.integers(0, 2), endpoint=st.sampled_from(["/sync/push", "/sync/pull"]),
              faults=st.lists(st.sampled_from(NETWORK_FAULTS), min_size=1, max_size=3))
        def network_trouble(self, d: int, endpoint: str, faults: list[str]) -> None:
            self.devices[d].network.inject(endpoint, *faults)

        @rule(d=st.integers(0, 2))
        def sync(self, d: int) -> None:
            self.devices[d].engine.sync_now()
            figures.counts["syncs"] += 1

        @rule(d=st.integers(0, 2), faults=st.lists(st.tuples(
            st.sampled_from(["/sync/push", "/sync/pull"]), st.sampled_from(NETWORK_FAULTS)),
            min_size=1, max_size=4))
        def sync_through_trouble(self, d: int, faults: list[tuple[str, str]]) -> None:
            device = self.devices[d]
            for endpoint, fault in faults:
                device.network.inject(endpoint, fault)
            device.engine.sync_now()
            figures.counts["syncs"] += 1

        @rule(who=st.sets(st.integers(0, 2), min_size=2), pick=PICK,
              staff_too=st.booleans())
        def syncs_at_the_same_time(self, who: set[int], pick: int,
                                   staff_too: bool) -> None:
            jobs: list[Any] = [self.devices[d].engine.sync_now for d in sorted(who)]
            pid = choose(pick, [p for dev in self.devices for p in dev.created["petition"]])
            if staff_too and pid is not None:
                jobs.append(lambda: self._staff_transition(pid, "accept", ""))
            errors: list[BaseException] = []

            def run(job: Any) -> None:
                try:
                    job()
                except BaseException as exc:  # surfaced below
                    errors.append(exc)

            threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            figures.counts["syncs"] += len(who)
            figures.counts["concurrent_rounds"] += 1
            if errors:
                raise errors[0]

        @invariant()
        def one_more_step(self) -> None:
            """Counts every step, whatever it did, for `things_go_quiet`: which rules may
            be chosen must not depend on what the network and the threads did (a rule that
            found nothing to do on one run and something on the replay made hypothesis
            see two different draws: FlakyStrategyDefinition)."""
            self.busy += 1

        @precondition(lambda self: self.busy >= 8)
        @rule()
        def things_go_quiet(self) -> None:
            self.settle_and_check()
            self.busy = 0

        @invariant()
        def no_phone_sees_another_group(self) -> None:
            for device in self.devices:
                for p in device.store.petitions.list(limit=None):
                    assert p.group_id == device.group_id, (device.name, p)
                for e in self._expenses(device):
                    assert e.group_id in (device.group_id, None), (device.name, e)

        # -- convergence ------------------------------------------------------------

        def settle_and_check(self) -> None:
            for device in self.devices:
                device.network.plan.clear()
                device.network.down = False
            for _round in range(2):  # push everything, then everyone pulls everything
                for device in self.devices:
                    report = device.engine.sync_now()
                    assert report.ok, (device.name, report)
            figures.counts["convergence_checks"] += 1
            for device in self.devices:
                self.check_device(device)
                self.check_expenses(device)
                self.check_models(device)
                self.check_group_reports(device)
            self.check_erasures()
            self.check_mutation_log()

        def server_list(self, path: str, **params: Any) -> list[dict[str, Any]]:
            items: list[dict[str, Any]] = []
            while True:
                response = self.staff.get(path, params={**params, "personal": True,
                                                        "limit": 500, "offset": len(items)})
                assert response.status_code == 200, response.text
                body = response.json()
                items.extend(body["items"])
                if len(items) >= body["total"] or not body["items"]:
                    return items

        def check_device(self, device: Device) -> None:
            store = device.store
            assert store.outbox.counts().waiting == 0, device.name
            kept = {e.entity_id: e for e in store.outbox.kept()}

            # petitions: the phone's data is the server's data, each id once
            on_server = self.server_list("/api/v1/petitions", group_id=device.group_id)
            server_ids = [p["id"] for p in on_server]
            assert len(server_ids) == len(set(server_ids)), "a petition is listed twice"
            server = {p["id"]: p for p in on_server}
            mine = {p.id: p for p in store.petitions.list(limit=None)}
            for pid, row in mine.items():
                if pid not in server:  # only a creation the server refused may stay local
                    assert row.sync_state == "rejected" and pid in kept, (device.name, row)
                    figures.counts["rejected_creations"] += 1
                    continue
                theirs = server[pid]
                local = row.model_dump(mode="json")
                for key in ("title", "description", "field", "category", "status", "version",
                            "answer", "assigned_unit", "due_date", "citizen_satisfied",
                            "group_id", "citizen_name", "citizen_phone"):
                    assert local[key] == theirs[key], (device.name, pid, key, local[key],
                                                       theirs[key])
                assert [e["text"] for e in local["timeline"]] == \
                    [e["text"] for e in theirs["timeline"]], (device.name, pid)
            assert set(server) <= set(mine), (device.name, set(server) - set(mine))
            for dev in self.devices:
                if dev.group_id == device.group_id:
                    for pid in dev.created["petition"]:  # no creation lost
                        assert pid in server or (pid in {e.entity_id for e in
                                                         dev.store.outbox.kept()}), pid

            # households
            homes = self.server_list("/api/v1/households", group_id=device.group_id)
            assert len({h["id"] for h in homes}) == len(homes)
            local_homes = {h.id: h for h in store.households.list()}
            assert {h["id"]: (h["head_name"], h["address"], h["version"]) for h in homes} == {
                h.id: (h.head_name, h.address, h.version) for h in local_homes.values()
                if h.id in {x["id"] for x in homes}}, device.name
            assert all(local_homes[i].sync_state == "rejected"
                       for i in set(local_homes) - {x["id"] for x in homes}), device.name

            # campaigns: same ledger, same totals on every phone and on the server
            response = self.staff.get("/api/v1/campaigns", params={"group_id": device.group_id})
            assert response.status_code == 200, response.text
            campaigns = response.json()
            assert {c["id"] for c in campaigns} == {c.id for c in store.contributions.campaigns()}
            for c in campaigns:
                summary = self.staff.get(f"/api/v1/campaigns/{c['id']}").json()
                entry_ids = [e["id"] for e in summary["entries"]]
                assert len(entry_ids) == len(set(entry_ids)), "an entry is counted twice"
                local_entries = store.contributions.entries(c["id"])
                refused = {e.id for e in local_entries if e.id not in entry_ids}
                for eid in refused:  # a line the server refused stays, marked, until dismissed
                    row = next(e for e in local_entries if e.id == eid)
                    assert row.sync_state == "rejected" and eid in kept, (device.name, row)
                    figures.counts["rejected_ledger_lines"] += 1
                assert set(entry_ids) <= {e.id for e in local_entries}, device.name
                totals = store.contributions.totals(c["id"])
                for kind, server_totals in summary["totals"].items():
                    mine_t = totals.get(kind)
                    pledged = mine_t.pledged if mine_t else Decimal(0)
                    received = mine_t.received if mine_t else Decimal(0)
                    assert Decimal(str(server_totals["pledged"])) == pledged, (kind, c["id"])
                    assert Decimal(str(server_totals["received"])) == received, (kind, c["id"])
            for dev in self.devices:  # no ledger line lost
                if dev.group_id == device.group_id:
                    all_entries = {e["id"] for c in campaigns for e in
                                   self.staff.get(f"/api/v1/campaigns/{c['id']}")
                                   .json()["entries"]}
                    kept_ids = {e.entity_id for e in dev.store.outbox.kept()}
                    for eid in dev.created["contribution_entry"]:
                        assert eid in all_entries or eid in kept_ids, (dev.name, eid)

        def check_expenses(self, device: Device) -> None:
            """Each campaign's expense lines on the phone are the server's, each once; each
            expense cancelled at most once; the money spent is the same everywhere."""
            from sync_server.models.tables import expense_t
            from sync_server.services.expenses import standing

            store = device.store
            kept = {e.entity_id: e for e in store.outbox.kept()}
            for campaign in store.contributions.campaigns():
                with server.session() as s:
                    rows = s.execute(select(expense_t).where(
                        expense_t.c.campaign_id == campaign.id)).all()
                    server_spent = sum(e.amount_vnd for e in standing(s, campaign.id))
                theirs = {r.id: r for r in rows}
                assert len(theirs) == len(rows), "an expense line is stored twice"
                reversals = [r.reverses_id for r in rows if r.entry_type == "reversal"]
                assert len(reversals) == len(set(reversals)), "an expense cancelled twice"
                assert all(theirs[o].entry_type == "expense" for o in reversals), reversals
                lines = {e.id: e for e in store.expenses.lines(campaign.id)}
                assert set(theirs) <= set(lines), (device.name, set(theirs) - set(lines))
                for eid, line in lines.items():
                    if eid not in theirs:  # refused by the server: kept, marked, not counted
                        assert line.sync_state == "rejected" and eid in kept, (device.name,
                                                                               line)
                        figures.counts["rejected_expense_lines"] += 1
                        continue
                    row = theirs[eid]
                    assert (line.entry_type, line.amount_vnd, line.purpose, line.reverses_id,
                            line.version) == (row.entry_type, int(row.amount_vnd),
                                              row.purpose, row.reverses_id, row.version), eid
                    mine_by = line.reversed_by
                    theirs_by = next((r.id for r in rows if r.reverses_id == eid), None)
                    assert mine_by == theirs_by, (device.name, eid, mine_by, theirs_by)
                assert store.expenses.spent(campaign.id) == server_spent, (device.name,
                                                                          campaign.id)
                figures.counts["expense_checks"] += 1
            for entry in kept.values():  # a second cancellation is refused, never queued on
                if entry.name == "expense.reverse":
                    assert entry.code in {"expense.already_reversed", "expense.not_found",
                                          "expense.bad_reversal"}, entry
            with server.session() as s:  # no expense line lost
                stored = set(s.execute(select(expense_t.c.id).where(
                    expense_t.c.group_id == device.group_id)).scalars())
            kept_ids = {e.entity_id for e in store.outbox.kept()}
            for eid in device.created["campaign_expense"]:
                assert eid in stored or eid in kept_ids, (device.name, eid)

        def check_models(self, device: Device) -> None:
            """The phone holds its group's models and the ward units', each exactly as the
            server has it (status, version, recognition, figures, timeline); none lost."""
            from sync_server.models.tables import model_t

            store = device.store
            kept = {e.entity_id for e in store.outbox.kept()}
            with server.session() as s:
                rows = s.execute(select(model_t).where(
                    model_t.c.ward_id == self.ward_id,
                    (model_t.c.group_id == device.group_id) | model_t.c.group_id.is_(None))
                ).all()
            theirs = {r.id: r for r in rows}
            mine = {m.id: m for m in store.models.list()}
            assert set(theirs) <= set(mine), (device.name, set(theirs) - set(mine))
            for mid, m in mine.items():
                if mid not in theirs:  # only a creation the server refused may stay here
                    assert m.sync_state == "rejected" and mid in kept, (device.name, m)
                    figures.counts["rejected_models"] += 1
                    continue
                r = theirs[mid]
                assert (m.group_id, m.name, str(m.field), str(m.status), m.version) == (
                    r.group_id, r.name, r.field, r.status, r.version), (device.name, mid)
                recognition = (None if m.recognition is None else (
                    str(m.recognition.level), m.recognition.decision_no,
                    str(m.recognition.decided_on)))
                assert recognition == (None if not r.recognition else (
                    r.recognition["level"], r.recognition["decision_no"],
                    str(r.recognition["decided_on"]))), (device.name, mid)
                assert [(x.label, Decimal(x.quantity), x.unit) for x in m.metrics] == [
                    (x["label"], Decimal(str(x["quantity"])), x.get("unit", ""))
                    for x in r.metrics or []], (device.name, mid)
                assert [(e.kind, e.text) for e in m.timeline] == [
                    (e["kind"], e.get("text", "")) for e in r.timeline or []], (device.name,
                                                                                 mid)
                figures.counts["model_checks"] += 1
            for dev in self.devices:  # no model lost
                if dev.group_id == device.group_id:
                    dev_kept = {e.entity_id for e in dev.store.outbox.kept()}
                    for mid in dev.created["model"]:
                        assert mid in theirs or mid in dev_kept, (dev.name, mid)

        def check_group_reports(self, device: Device) -> None:
            """One report per group and month on the server; the phone's reports are the
            server's (same id, words, figures, version); a month the group sent is there
            unless the ward had closed it (then the refusal is kept on the phone)."""
            from sync_server.models.tables import group_report_t

            store = device.store
            kept = [e for e in store.outbox.kept() if e.name == "group_report.submit"]
            with server.session() as s:
                rows = s.execute(select(group_report_t).where(
                    group_report_t.c.group_id == device.group_id)).all()
            months = [r.month for r in rows]
            assert len(months) == len(set(months)), (device.name, "a month reported twice")
            theirs = {r.id: r for r in rows}
            mine = {g.id: g for g in store.group_reports.list()}
            assert set(theirs) <= set(mine), (device.name, set(theirs) - set(mine))
            for rid, g in mine.items():
                if rid not in theirs:
                    assert g.sync_state == "rejected" and rid in {e.entity_id for e in kept}, (
                        device.name, g)
                    figures.counts["rejected_group_reports"] += 1
                    continue
                r = theirs[rid]
                assert (g.month, g.mood, g.opinions, g.hot_issues, g.proposals, g.figures,
                        g.version) == (r.month, r.mood, r.opinions, r.hot_issues, r.proposals,
                                       dict(r.figures), r.version), (device.name, rid)
                figures.counts["group_report_checks"] += 1
            for entry in kept:
                assert entry.code == "group_report.month_closed", entry
            for dev in self.devices:  # a month the group sent is on the server, or refused
                if dev.group_id == device.group_id:
                    refused = {e.args["month"] for e in dev.store.outbox.kept()
                               if e.name == "group_report.submit"}
                    for month in dev.reported_months:
                        assert month in months or month in refused, (dev.name, month)

        def check_erasures(self) -> None:
            """No erased citizen's name or phone is left in the records the server held when
            the ward erased them: not on the server, not on any phone (its records, its
            copy of the server's, its outbox)."""
            from field_app.store import tables
            from sync_server.models.tables import household_t, mutation_log_t, petition_t

            for erasure in self.erasures:
                name, phone = CITIZENS[erasure.citizen]
                secrets = (name, phone, phone.replace(" ", "")[-9:])

                def clean(value: Any, where: str, erasure: Erasure = erasure,
                          secrets: tuple[str, ...] = secrets) -> None:
                    blob = str(value)
                    for secret in secrets:
                        assert secret not in blob, (where, secret, erasure)

                with server.session() as s:
                    for row in s.execute(select(petition_t).where(
                            petition_t.c.id.in_(erasure.petitions))).all():
                        assert (row.citizen_name, row.citizen_phone) == (None, None), row.id
                        assert row.erased_at is not None, row.id
                        clean([row.title, row.description, row.timeline, row.search_text],
                              f"server petition {row.id}")
                    for row in s.execute(select(household_t).where(
                            household_t.c.id.in_(erasure.households))).all():
                        assert (row.head_name, row.address, row.phone) == ("", "", None)
                        clean(row.search_text, f"server household {row.id}")
                    for device in self.devices:
                        clean([r[0] for r in s.execute(select(mutation_log_t.c.result).where(
                            mutation_log_t.c.device_id == device.device_id))],
                            "server mutation log")
                figures.counts["erasure_checks"] += 1
                covered = erasure.petitions | erasure.households
                for device in self.devices:
                    store = device.store
                    for pid in erasure.petitions:
                        p = store.petitions.get(pid)
                        if p is not None:
                            assert p.erased_at is not None, (device.name, pid)
                            clean(p.model_dump(mode="json"), f"{device.name} petition {pid}")
                    for hid in erasure.households:
                        h = store.households.get(hid)
                        if h is not None:
                            clean(h.model_dump(mode="json"), f"{device.name} household {hid}")
                    with store.db.reading() as conn:
                        for rid in covered:
                            for entity in ("petition", "household"):
                                clean(tables.read_server(conn, entity, rid),
                                      f"{device.name} server copy {rid}")
                        for r in conn.execute("SELECT entity_id, args FROM outbox").fetchall():
                            if r["entity_id"] in covered:
                                clean(r["args"], f"{device.name} outbox {r['entity_id']}")

        def check_mutation_log(self) -> None:
            """Every write that ever waited in an outbox reached the server exactly once."""
            with server.session() as s:
                for device in self.devices:
                    logged = [r[0] for r in s.execute(text(
                        "SELECT mutation_id FROM mutation_log WHERE device_id = :d"),
                        {"d": device.device_id})]
                    assert len(logged) == len(set(logged)), (device.name, "logged twice")
                    missing = device.mutation_ids - set(logged)
                    assert not missing, (device.name, "lost writes", missing)
                    assert set(logged) <= device.mutation_ids, (device.name, "unknown writes")
                    figures.counts["writes_checked"] += len(logged)

        def teardown(self) -> None:
            try:
                self.settle_and_check()
            finally:
                for device in self.devices:
                    device.engine.stop()
                    device.store.close()
                    device.network.close()
                self.staff.close()
                shutil.rmtree(self.tmp, ignore_errors=True)

    return WholeSystem
