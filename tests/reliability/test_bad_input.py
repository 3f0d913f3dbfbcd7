"""Broken and hostile input, from a phone's outbox and from the staff API: each gets a clear,
catalogued answer (a `rejected` result with code and message, or a problem+json error) and
nothing is stored. Text that is merely unusual (emoji, mixed scripts, SQL-looking) is stored
exactly as sent and harms nothing."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from reliability_figures import add
from sqlalchemy import text

RECORD_TABLES = ("petition", "household", "campaign", "contribution_entry", "dialogue_session",
                 "attachment", "sync_change")
TODAY = "2026-11-20"
TEN_MB = "đ" * (5 * 1024 * 1024)  # 10 MB of UTF-8
tally: Counter[str] = Counter()


def counts(server: Any) -> dict[str, int]:
    with server.session() as s:
        return {t: int(s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())
                for t in RECORD_TABLES}


def is_problem(response: httpx.Response, status: set[int] | int) -> bool:
    statuses = {status} if isinstance(status, int) else status
    if response.status_code not in statuses:
        return False
    if not response.headers["content-type"].startswith("application/problem+json"):
        return False
    body = response.json()
    return bool(body["code"] and body["title"] and body["detail"]) and \
        body["status"] == response.status_code


def petition(**fields: Any) -> dict[str, Any]:
    args = {"id": str(uuid.uuid4()), "title": "Đèn hỏng", "field": "economy",
            "category": "lighting"}
    args.update(fields)
    return args


def entry(campaign: str, household: str, **fields: Any) -> dict[str, Any]:
    args = {"id": str(uuid.uuid4()), "campaign_id": campaign, "household_id": household,
            "entry_type": "receipt", "kind": "money_vnd", "quantity": "100000",
            "recorded_on": TODAY}
    args.update(fields)
    return args


# (label, mutation name, args builder given (campaign_id, household_id, petition_id))
BAD_MUTATIONS: list[tuple[str, str, Callable[[str, str, str], dict[str, Any]]]] = [
    ("wrong type: title is a number", "petition.create", lambda c, h, p: petition(title=42)),
    ("wrong type: anonymous is a list", "petition.create",
     lambda c, h, p: petition(anonymous=[1])),
    ("missing field", "petition.create", lambda c, h, p: {"id": str(uuid.uuid4())}),
    ("unknown category", "petition.create", lambda c, h, p: petition(category="aliens")),
    ("id not a UUID", "petition.create", lambda c, h, p: petition(id="1; DROP TABLE x")),
    ("id is emoji", "petition.create", lambda c, h, p: petition(id="🏠🏠🏠")),
    ("id almost a UUID", "petition.create",
     lambda c, h, p: petition(id=str(uuid.uuid4())[:-1] + "g")),
    ("10 MB description", "petition.create", lambda c, h, p: petition(description=TEN_MB)),
    ("latitude off the planet", "petition.create", lambda c, h, p: petition(lat=1e308)),
    ("latitude NaN", "petition.create", lambda c, h, p: petition(lat="NaN")),
    ("received in the year 9999", "petition.create",
     lambda c, h, p: petition(received_at="9999-12-31T23:59:59+07:00")),
    ("received in year 2200", "petition.create",
     lambda c, h, p: petition(received_at="2200-01-01T08:00:00+07:00")),
    ("date not a date", "petition.create",
     lambda c, h, p: petition(received_at="hôm qua")),
    ("photo hash not a hash", "petition.create",
     lambda c, h, p: petition(attachments=["../../etc/passwd"])),
    ("eleven photos", "petition.create",
     lambda c, h, p: petition(attachments=[hashlib.sha256(bytes([i])).hexdigest()
                                           for i in range(11)])),
    ("NUL byte in a title", "petition.create", lambda c, h, p: petition(title="Đèn\x00hỏng")),
    ("note of 10 MB", "petition.note", lambda c, h, p: {"id": p, "text": TEN_MB}),
    ("empty note", "petition.note", lambda c, h, p: {"id": p, "text": ""}),
    ("negative amount", "contribution.record", lambda c, h, p: entry(c, h, quantity="-500000")),
    ("zero amount", "contribution.record", lambda c, h, p: entry(c, h, quantity="0")),
    ("absurd amount", "contribution.record", lambda c, h, p: entry(c, h, quantity="1e30")),
    ("amount as words", "contribution.record",
     lambda c, h, p: entry(c, h, quantity="một triệu")),
    ("amount NaN", "contribution.record", lambda c, h, p: entry(c, h, quantity="NaN")),
    ("amount Infinity", "contribution.record",
     lambda c, h, p: entry(c, h, quantity="Infinity")),
    ("half a đồng", "contribution.record", lambda c, h, p: entry(c, h, quantity="1000.5")),
    ("amount as a JSON number overflow", "contribution.record",
     lambda c, h, p: entry(c, h, quantity=10**400)),
    ("unknown kind", "contribution.record", lambda c, h, p: entry(c, h, kind="gold_bars")),
    ("entry_type reversal by hand", "contribution.record",
     lambda c, h, p: entry(c, h, entry_type="reversal")),
    ("recorded in year 9999", "contribution.record",
     lambda c, h, p: entry(c, h, recorded_on="9999-12-31")),
    ("campaign that does not exist", "contribution.record",
     lambda c, h, p: entry(str(uuid.uuid4()), h)),
    ("household that does not exist", "contribution.record",
     lambda c, h, p: entry(c, str(uuid.uuid4()))),
    ("reverse of nothing", "contribution.reverse",
     lambda c, h, p: {"id": str(uuid.uuid4()), "reverses_id": str(uuid.uuid4()),
                      "recorded_on": TODAY}),
    ("negative target", "campaign.create",
     lambda c, h, p: {"id": str(uuid.uuid4()), "title": "X", "target": {"money_vnd": "-1"}}),
    ("campaign ends before it starts", "campaign.create",
     lambda c, h, p: {"id": str(uuid.uuid4()), "title": "X", "starts_on": "2026-12-01",
                      "ends_on": "2026-01-01"}),
    ("household without a name", "household.upsert",
     lambda c, h, p: {"id": str(uuid.uuid4()), "head_name": "   "}),
    ("phone number of letters", "household.upsert",
     lambda c, h, p: {"id": str(uuid.uuid4()), "head_name": "Lê Văn A",
                      "phone": "call me maybe"}),
    ("unknown mutation", "petition.delete_everything", lambda c, h, p: {"id": p}),
]


@pytest.fixture
def ledger(a_device_of: Any, ward: Any) -> tuple[Any, str, str, str]:
    phone = a_device_of(ward.group_a)
    campaign, household = str(uuid.uuid4()), str(uuid.uuid4())
    assert phone.send("campaign.create", {"id": campaign, "title": "Làm đường",
                                          "unit_kinds": ["money_vnd"]})["status"] == "applied"
    assert phone.send("household.upsert", {"id": household, "head_name": "Trần Văn Bình",
                                           "address": "Số 2"})["status"] == "applied"
    return phone, campaign, household, phone.create_petition()


@pytest.mark.parametrize("label,name,build", BAD_MUTATIONS, ids=[b[0] for b in BAD_MUTATIONS])
def test_a_bad_write_from_a_phone_is_rejected_with_a_reason_and_stores_nothing(
        label: str, name: str, build: Callable[..., dict[str, Any]], live_server: Any,
        ledger: tuple[Any, str, str, str]) -> None:
    phone, campaign, household, pid = ledger
    before = counts(live_server)
    args = build(campaign, household, pid)
    mutation = phone.mutation(name, args)
    body = json.dumps({"protocol": 1, "mutations": [mutation]}, ensure_ascii=False,
                      allow_nan=True).encode()
    response = phone.post("/api/v1/sync/push", content=body,
                          headers={"content-type": "application/json"})
    tally["inputs"] += 1
    if response.status_code == 200:  # the queue moves on: a rejected result with its reason
        result = response.json()["results"][0]
        assert result["status"] == "rejected", (label, result)
        assert result["code"] and result["message"], (label, result)
        tally["rejected_in_push"] += 1
    else:  # the whole request refused (e.g. 413 for 10 MB): a problem, nothing applied
        assert is_problem(response, {400, 413, 422}), (label, response.status_code,
                                                       response.text[:300])
        tally[f"refused_{response.status_code}"] += 1
        phone.next_seq -= 1  # nothing was logged: the phone resends its queue from here
    assert counts(live_server) == before, label
    assert phone.pull().status_code == 200  # the phone is not wedged
    add("bad_input", {"inputs": 1})


UNUSUAL_TEXT = ["Đèn đường 🚨🔦 hỏng 3 ngày 😡", "路灯坏了 — ไฟถนนเสีย — Ламп", "مرحبا עברית ⇄ LTR",
                "'; DROP TABLE petition; --", "\" OR \"1\"=\"1", "Robert'); DELETE FROM ward;--",
                "%_\\%", "<script>alert(1)</script>", "ｆｕｌｌｗｉｄｔｈ", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ",
                "a\u200bb\u200dc\ufeff", "𝓣𝓲𝓽𝓵𝓮 𝕦𝕟𝕚𝕔𝕠𝕕𝕖"]


@pytest.mark.parametrize("title", UNUSUAL_TEXT)
def test_unusual_text_is_stored_exactly_and_harms_nothing(
        title: str, live_server: Any, a_device_of: Any, ward: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(title=title, description=title * 3, citizen_name=title[:50])
    tally["inputs"] += 1
    assert as_staff.petition(pid)["title"] == title.strip()
    assert phone.pull_all() and phone.latest("petition", pid)["title"] == title.strip()
    found = as_staff.get("/api/v1/petitions", params={"q": title[:20]})
    assert found.status_code == 200
    assert counts(live_server)["petition"] == 1
    add("bad_input", {"inputs": 1})


def test_broken_requests_get_a_problem_and_store_nothing(
        live_server: Any, ledger: tuple[Any, str, str, str], as_staff: Any, ward: Any) -> None:
    phone, campaign, household, pid = ledger
    before = counts(live_server)
    json_ct = {"content-type": "application/json"}
    url = live_server.url
    attempts: list[tuple[str, httpx.Response, set[int]]] = [
        ("malformed JSON", phone.post("/api/v1/sync/push", content=b'{"protocol": 1,',
                                      headers=json_ct), {400}),
        ("JSON of the wrong shape", phone.post("/api/v1/sync/push", json=[1, 2, 3]), {422}),
        ("not JSON at all", phone.post("/api/v1/sync/push", content=b"\xff\xfe\x00garbage",
                                       headers=json_ct), {400, 422}),
        ("mutations not a list", phone.post("/api/v1/sync/push",
                                            json={"protocol": 1, "mutations": {"a": 1}}), {422}),
        ("device_seq negative", phone.post("/api/v1/sync/push", json={
            "protocol": 1, "mutations": [phone.mutation("petition.create", petition(),
                                                        seq=-1)]}), {409, 422}),
        ("device_seq absurd", phone.post("/api/v1/sync/push", json={
            "protocol": 1, "mutations": [phone.mutation("petition.create", petition(),
                                                        seq=10**30)]}), {409, 422}),
        ("mutation_id not a UUID", phone.post("/api/v1/sync/push", json={
            "protocol": 1, "mutations": [phone.mutation("petition.create", petition(),
                                                        seq=phone.next_seq,
                                                        mutation_id="not-a-uuid")]}), {422}),
        ("a 10 MB push", phone.post("/api/v1/sync/push", json={
            "protocol": 1, "mutations": [phone.mutation("petition.create", petition(
                description=TEN_MB), seq=phone.next_seq)]}), {413}),
        ("a cursor of garbage", phone.get("/api/v1/sync/pull",
                                          params={"cursor": "' OR 1=1 --"}), {400}),
        ("a negative page size", phone.get("/api/v1/sync/pull", params={"limit": -5}), {422}),
        ("a petition id not a UUID", as_staff.get("/api/v1/petitions/not-a-uuid"), {404, 422}),
        ("a transition to nowhere", as_staff.transition(pid, "teleport"), {422}),
        ("an answer of 10 MB", as_staff.transition(pid, "accept", note=TEN_MB), {413, 422}),
        ("a due date in year 9999", as_staff.transition(pid, "accept", due_date="9999-12-31"),
         {422}),
        ("a negative receipt", as_staff.post(f"/api/v1/campaigns/{campaign}/entries", json={
            "household_id": household, "entry_type": "receipt", "kind": "money_vnd",
            "quantity": "-1", "recorded_on": TODAY}), {422}),
        ("an absurd receipt", as_staff.post(f"/api/v1/campaigns/{campaign}/entries", json={
            "household_id": household, "entry_type": "receipt", "kind": "money_vnd",
            "quantity": "99999999999999999999999999", "recorded_on": TODAY}), {422}),
        ("a receipt dated 9999", as_staff.post(f"/api/v1/campaigns/{campaign}/entries", json={
            "household_id": household, "entry_type": "receipt", "kind": "money_vnd",
            "quantity": "1000", "recorded_on": "9999-01-01"}), {422}),
        ("a household of another type", as_staff.post("/api/v1/households", json={
            "group_id": ward.group_a.id, "head_name": ["a", "b"]}), {422}),
        ("a household in a group that is not a UUID", as_staff.post("/api/v1/households", json={
            "group_id": "' OR 1=1 --", "head_name": "Lê"}), {404, 422}),
        ("a photo that is text", httpx.put(
            f"{url}/api/v1/attachments/{hashlib.sha256(b'hello').hexdigest()}",
            content=b"hello", headers=phone.headers), {415}),
        ("a photo that is a PDF", httpx.put(
            f"{url}/api/v1/attachments/{hashlib.sha256(b'%PDF-1.7 x').hexdigest()}",
            content=b"%PDF-1.7 x", headers=phone.headers), {415}),
        ("a PNG header on HTML", httpx.put(
            f"{url}/api/v1/attachments/"
            f"{hashlib.sha256(b'<html>' + bytes(64)).hexdigest()}",
            content=b"<html>" + bytes(64), headers={**phone.headers,
                                                    "content-type": "image/png"}), {415}),
        ("an empty photo", httpx.put(
            f"{url}/api/v1/attachments/{hashlib.sha256(b'').hexdigest()}",
            content=b"", headers=phone.headers), {400, 415, 422}),
        ("a 20 MB photo", httpx.put(
            f"{url}/api/v1/attachments/{'a' * 64}",
            content=b"\xff\xd8\xff" + bytes(20 * 1024 * 1024), headers=phone.headers), {413}),
        ("a photo hash of emoji", httpx.put(
            f"{url}/api/v1/attachments/🏠", content=b"x", headers=phone.headers), {404, 422}),
    ]
    failures = [f"{label}: {r.status_code} {r.text[:200]}" for label, r, ok in attempts
                if not is_problem(r, ok)]
    tally["inputs"] += len(attempts)
    add("bad_input", {"inputs": len(attempts)})
    assert not failures, "\n".join(failures)
    assert counts(live_server) == before
    petition_now = as_staff.petition(pid)
    assert (petition_now["status"], petition_now["due_date"]) == ("received", None)
