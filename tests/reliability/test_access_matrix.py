"""Every endpoint of the OpenAPI schema against the callers who must be refused: no token, a
malformed token, a revoked phone, a phone of another group, ward staff of another ward. Each is
refused, and a record of another group or ward answers exactly like an id that never existed."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from reliability_figures import add

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PUBLIC = {("GET", "/healthz"), ("POST", "/api/v1/devices/enroll"),
          ("POST", "/api/v1/auth/token"),
          # the citizens' public answers (no login, rate limited, nothing personal)
          ("GET", "/api/v1/public/petitions/{code}"),
          ("GET", "/api/v1/public/campaigns/{public_id}")}
MALFORMED = ["Bearer", "Bearer  x y", "Bearer not-a-token", "Bearer " + "A" * 5000,
             "Basic Y2FuYm86bWF0LWtoYXU=", "Bearer eyJhbGciOiJub25lIn0.e30.",
             "Bearer ' OR 1=1 --", "bearer\tx"]
TODAY = "2026-11-20"


@dataclass
class Records:
    """Ids of one group's records, by path parameter name."""

    petition_id: str
    household_id: str
    session_id: str
    campaign_id: str
    entry_id: str
    group_id: str
    device_id: str
    sha256: str
    reference_id: str = ""


def records_of(phone: Any) -> Records:
    """A group's phone logs one of everything and uploads a photo."""
    photo = PNG + phone.device_id.encode()
    sha = hashlib.sha256(photo).hexdigest()
    put = httpx.put(f"{phone.server.url}/api/v1/attachments/{sha}", content=photo,
                    headers=phone.headers)
    assert put.status_code == 201, put.text
    petition = phone.create_petition(attachments=[sha])
    household, campaign, entry, meeting = (str(uuid.uuid4()) for _ in range(4))
    for name, args in (
            ("household.upsert", {"id": household, "head_name": "Lê Văn Tám",
                                  "address": "Số 9"}),
            ("campaign.create", {"id": campaign, "title": "Làm đường",
                                 "unit_kinds": ["money_vnd"]}),
            ("contribution.record", {"id": entry, "campaign_id": campaign,
                                     "household_id": household, "entry_type": "pledge",
                                     "kind": "money_vnd", "quantity": "500000",
                                     "recorded_on": TODAY}),
            ("dialogue.create", {"id": meeting, "kind": "group_meeting", "title": "Họp tổ",
                                 "scheduled_on": TODAY})):
        result = phone.send(name, args)
        assert result["status"] == "applied", result
    return Records(petition, household, meeting, campaign, entry, phone.group.id,
                   phone.device_id, sha)


def random_records() -> Records:
    ids = [str(uuid.uuid4()) for _ in range(7)]
    return Records(*ids, hashlib.sha256(uuid.uuid4().bytes).hexdigest(), str(uuid.uuid4()))


def add_reference(server: Any, token: str, records: Records) -> Records:
    """A ward reference item (a unit), made by that ward's staff."""
    made = httpx.post(server.url + "/api/v1/references", json={"list": "unit",
                                                              "value": "Công an phường"},
                      headers={"Authorization": f"Bearer {token}"})
    assert made.status_code == 201, made.text
    records.reference_id = str(made.json()["id"])
    return records


def body_for(method: str, path: str, target: Records) -> dict[str, Any]:
    """A request body valid in shape, aimed at `target`'s group."""
    if path.endswith("/transition"):
        return {"json": {"action": "accept"}}
    if path.endswith("/entries"):
        return {"json": {"household_id": target.household_id, "entry_type": "pledge",
                         "kind": "money_vnd", "quantity": "1000", "recorded_on": TODAY}}
    if path.endswith("/reverse"):
        return {"json": {"recorded_on": TODAY}}
    if path.endswith("/enrollment-codes") or path.endswith("/revoke"):
        return {}
    if "/attachments/" in path:
        return {"content": PNG} if method == "PUT" else {}
    if "/households" in path and method in {"POST", "PUT"}:
        group = {"group_id": target.group_id} if method == "POST" else {}
        return {"json": {**group, "head_name": "Người lạ", "address": "Không rõ"}}
    if "/dialogues" in path and method == "POST":
        return {"json": {"scope": "group", "group_id": target.group_id, "title": "Họp lạ",
                         "kind": "group_meeting"}}
    if "/campaigns" in path and method == "POST":
        return {"json": {"group_id": target.group_id, "title": "Quyên góp lạ"}}
    if method == "PATCH":
        return {"json": {"title": "Sửa lạ"}}
    if path.endswith("/references") and method == "POST":
        return {"json": {"list": "unit", "value": "Đơn vị lạ"}}
    if path.endswith("/sync/push"):
        return {"json": {"protocol": 1, "mutations": []}}
    return {}


def fill(path: str, target: Records) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: getattr(target, m.group(1)), path)


def normalized(response: httpx.Response, target: Records) -> tuple[int, str]:
    """Status and body with the asked-for ids blanked: what a prober can compare."""
    body = response.text
    for value in vars(target).values():
        body = body.replace(value, "<id>")
    return response.status_code, body


def operations(live_server: Any) -> list[tuple[str, str, str]]:
    """(method, path, who may call it) for every operation in the server's OpenAPI."""
    schema = httpx.get(live_server.url + "/openapi.json").json()
    found = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            schemes = {name for s in op.get("security", []) for name in s}
            who = "staff" if "OAuth2PasswordBearer" in schemes else (
                "device" if "HTTPBearer" in schemes else "public")
            found.append((method.upper(), path, who))
    return found


@pytest.fixture
def world(live_server: Any, ward: Any, a_device_of: Any, as_staff: Any) -> dict[str, Any]:
    """Ward W (groups A and B, staff) and ward W2 (group C, its own staff), with records."""
    from sync_server.services.staff import create_staff
    from sync_server.services.wards import create_group, create_ward

    with live_server.session() as s:
        other_ward = create_ward(s, name="Phường Bên Cạnh")
        group_c = create_group(s, ward_id=other_ward, name="Tổ 9", number=9)
        create_staff(s, ward_id=other_ward, username="canbo-ben-canh",
                     password="mat-khau-ben-canh-1")
    phone_a, phone_b = a_device_of(ward.group_a), a_device_of(ward.group_b)
    phone_c = live_server.enroll(SimpleNamespace(id=group_c, name="Tổ 9"))
    revoked = a_device_of(ward.group_a)
    assert as_staff.post(f"/api/v1/devices/{revoked.device_id}/revoke").status_code == 200
    other_staff = live_server.staff_token("canbo-ben-canh", "mat-khau-ben-canh-1")
    return {"phone_a": phone_a, "phone_b": phone_b, "phone_c": phone_c, "revoked": revoked,
            "b": add_reference(live_server, as_staff.token, records_of(phone_b)),
            "c": add_reference(live_server, other_staff, records_of(phone_c)),
            "a": add_reference(live_server, as_staff.token, records_of(phone_a)),
            "staff": as_staff, "other_staff": other_staff}


def call(live_server: Any, method: str, path: str, headers: dict[str, str],
         **kw: Any) -> httpx.Response:
    return httpx.request(method, live_server.url + path, headers=headers, timeout=30, **kw)


def test_every_endpoint_refuses_callers_without_a_valid_token(
        live_server: Any, world: dict[str, Any]) -> None:
    tally: Counter[str] = Counter()
    target: Records = world["a"]
    ops = operations(live_server)
    assert {(m, p) for m, p, who in ops if who == "public"} == PUBLIC
    guarded = [(m, p, who) for m, p, who in ops if who != "public"]
    assert len(guarded) >= 20
    callers = {"no token": {}, "revoked phone": world["revoked"].headers,
               **{f"malformed {i}": {"Authorization": h} for i, h in enumerate(MALFORMED)}}
    for method, path, _who in guarded:
        for caller, headers in callers.items():
            response = call(live_server, method, fill(path, target), headers,
                            **body_for(method, path, target))
            tally["requests"] += 1
            assert response.status_code == 401, (caller, method, path, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"] in {"auth.unauthorized", "auth.token_revoked"}
            assert "WWW-Authenticate" in response.headers or caller == "revoked phone"
    add("access", tally, endpoints=len(ops), guarded_endpoints=len(guarded))


def test_a_phone_is_not_staff_and_staff_is_not_a_phone(
        live_server: Any, world: dict[str, Any]) -> None:
    """Staff-only operations refuse a phone's token; the sync endpoints refuse staff's.
    (Bearer operations other than sync serve both: see the group test below.)"""
    tally: Counter[str] = Counter()
    target: Records = world["a"]
    staff_headers = world["staff"].headers
    for method, path, who in operations(live_server):
        if who == "public" or (who == "device" and not path.startswith("/api/v1/sync")):
            continue
        headers = world["phone_a"].headers if who == "staff" else staff_headers
        response = call(live_server, method, fill(path, target), headers,
                        **body_for(method, path, target))
        tally["requests"] += 1
        assert response.status_code in {401, 403}, (method, path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    add("access", tally)


def test_staff_of_another_ward_learn_nothing_about_this_ward(
        live_server: Any, world: dict[str, Any]) -> None:
    tally: Counter[str] = Counter()
    headers = {"Authorization": f"Bearer {world['other_staff']}"}
    ours, nowhere = world["b"], random_records()
    for method, path, who in operations(live_server):
        if who == "public" or path.startswith(("/api/v1/auth/", "/api/v1/sync")):
            continue  # (a staff token on the phone's sync endpoints: see the test above)
        if "{" not in path and method == "GET":  # lists: nothing of ward W
            response = call(live_server, method, path, headers)
            tally["requests"] += 1
            assert response.status_code == 200, (path, response.text)
            for record_id in vars(ours).values():
                assert record_id not in response.text, (path, record_id)
            continue
        if "{" not in path and "group_id" not in body_for(method, path, ours).get("json", {}):
            continue  # e.g. a unit in their own ward's reference list: theirs to make
        real = call(live_server, method, fill(path, ours), headers,
                    **body_for(method, path, ours))
        fake = call(live_server, method, fill(path, nowhere), headers,
                    **body_for(method, path, nowhere))
        tally["requests"] += 2
        refused = {401, 403, 404} | ({400} if method == "PUT" and "/attachments/" in path
                                      else set())  # photo bytes that do not match the hash
        assert real.status_code in refused, (method, path, real.text)
        assert normalized(real, ours) == normalized(fake, nowhere), (method, path)
    # and nothing of ward W changed
    petition = world["staff"].petition(ours.petition_id)
    assert (petition["status"], petition["version"]) == ("received", 1)
    add("access", tally)


def test_a_phone_of_another_group_learns_nothing_about_its_records(
        live_server: Any, world: dict[str, Any]) -> None:
    tally: Counter[str] = Counter()
    phone_a = world["phone_a"]
    for theirs in (world["b"], world["c"]):
        nowhere = random_records()
        # photos: another group's photo is "not found", like one that never existed
        real = phone_a.get(f"/api/v1/attachments/{theirs.sha256}")
        fake = phone_a.get(f"/api/v1/attachments/{nowhere.sha256}")
        assert real.status_code == 404
        assert normalized(real, theirs) == normalized(fake, nowhere)
        # writes aimed at their records: rejected exactly like writes at unknown ids
        for name, args in (
                ("petition.update", lambda r: {"id": r.petition_id, "title": "Sửa trộm"}),
                ("petition.note", lambda r: {"id": r.petition_id, "text": "Xem trộm"}),
                ("petition.withdraw", lambda r: {"id": r.petition_id}),
                ("petition.report_back", lambda r: {"id": r.petition_id,
                                                    "citizen_satisfied": True}),
                ("household.upsert", lambda r: {"id": r.household_id, "head_name": "Lạ"}),
                ("campaign.update", lambda r: {"id": r.campaign_id, "title": "Lạ"}),
                ("contribution.record", lambda r: {
                    "id": str(uuid.uuid4()), "campaign_id": r.campaign_id,
                    "household_id": r.household_id, "entry_type": "receipt",
                    "kind": "money_vnd", "quantity": "1000", "recorded_on": TODAY}),
                ("contribution.reverse", lambda r: {"id": str(uuid.uuid4()),
                                                    "reverses_id": r.entry_id,
                                                    "recorded_on": TODAY}),
                ("dialogue.update", lambda r: {"id": r.session_id, "title": "Lạ"})):
            at_real = phone_a.send(name, args(theirs))
            at_fake = phone_a.send(name, args(nowhere))
            tally["requests"] += 2
            strip = ("mutation_id", "device_seq", "id", "entity")
            assert at_real["status"] in {"rejected", "applied"}, (name, at_real)
            if name == "household.upsert":
                # ids are random UUIDs made on phones: an upsert of an id another group owns
                # is refused (it may not take the record over) while an unused id creates a
                # household; the refusal carries nothing of the record.
                assert (at_real["status"], at_real["code"]) == ("rejected",
                                                                "household.not_found")
                assert at_fake["status"] == "applied"
                continue
            assert {k: v for k, v in at_real.items() if k not in strip} == \
                {k: v for k, v in at_fake.items() if k not in strip}, (name, at_real, at_fake)
        # the petition API a phone may read: its own group only
        for url in ("/api/v1/petitions/{}",
                    "/api/v1/petitions/{}?group_id=" + theirs.group_id):
            real = phone_a.get(url.format(theirs.petition_id))
            fake = phone_a.get(url.format(nowhere.petition_id))
            tally["requests"] += 2
            assert real.status_code == 404, real.text
            assert normalized(real, theirs) == normalized(fake, nowhere)
        listed = phone_a.get("/api/v1/petitions", params={"group_id": theirs.group_id,
                                                          "limit": 500})
        assert listed.status_code == 200
        assert {p["group_id"] for p in listed.json()["items"]} == {phone_a.group.id}
        assert theirs.petition_id not in listed.text
    pulled = phone_a.pull_all()
    group_b_only = {k: v for k, v in vars(world["b"]).items() if k != "reference_id"}
    leaked = {c["id"] for c in pulled} & ({*group_b_only.values(), *vars(world["c"]).values()})
    assert not leaked
    # their records did not move
    staff = world["staff"]
    petition = staff.petition(world["b"].petition_id)
    assert (petition["title"], petition["version"]) == ("Đèn đường ngõ 12 bị hỏng", 1)
    add("access", tally)
