"""End to end: bad input gets problem JSON from the one catalogue, and nothing is stored."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
from serverkit import petition_args

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def is_problem(response: httpx.Response, status: int, code: str) -> bool:
    body = response.json()
    return (response.status_code == status
            and response.headers["content-type"].startswith("application/problem+json")
            and body["code"] == code and body["status"] == status
            and bool(body["title"]) and bool(body["detail"]) and body["type"].endswith(code))


def test_malformed_json_and_wrong_shapes_are_refused(a_device_of: Any, ward: Any) -> None:
    phone = a_device_of(ward.group_a)
    broken = phone.post("/api/v1/sync/push", content=b'{"protocol": 1, "mutations": [',
                        headers={"content-type": "application/json"})
    shapeless = phone.post("/api/v1/sync/push", json={"protocol": 1, "mutations": "many"})
    old_app = phone.push_raw([], protocol=0)

    assert is_problem(broken, 400, "request.malformed_json")
    assert is_problem(shapeless, 422, "request.validation")
    assert is_problem(old_app, 426, "sync.upgrade_required")
    assert phone.pull().json()["last_seq"] == 0


def test_a_push_without_a_valid_token_is_401_whatever_its_body(
    live_server: Any, a_device_of: Any, ward: Any
) -> None:
    """The token is checked before the body is read: a stranger learns nothing from the
    validation of what it sent."""
    phone = a_device_of(ward.group_a)
    url = live_server.url + "/api/v1/sync/push"
    json_ct = {"content-type": "application/json"}
    answers = [
        httpx.post(url, content=b'{"protocol": 1,', headers=json_ct),
        httpx.post(url, json={"protocol": 1, "mutations": "many"},
                   headers={"Authorization": "Bearer not-a-token"}),
        httpx.post(url, json={"protocol": 1, "mutations": [phone.mutation(
            "petition.create", petition_args())]}, headers={"Authorization": "Bearer x"}),
    ]

    assert [is_problem(a, 401, "auth.unauthorized") for a in answers] == [True] * 3
    assert phone.pull().json()["last_seq"] == 0


def test_bodies_over_the_limit_get_413_with_or_without_content_length(
    a_device_of: Any, ward: Any
) -> None:
    phone = a_device_of(ward.group_a)
    big = b'{"protocol": 1, "mutations": [], "pad": "' + b"x" * (3 * 1024 * 1024) + b'"}'

    declared = phone.post("/api/v1/sync/push", content=big,
                          headers={"content-type": "application/json"})

    def chunks() -> Any:
        for i in range(0, len(big), 64 * 1024):
            yield big[i:i + 64 * 1024]

    streamed = phone.post("/api/v1/sync/push", content=chunks(),
                          headers={"content-type": "application/json"})

    assert is_problem(declared, 413, "request.body_too_large")
    assert is_problem(streamed, 413, "request.body_too_large")


def test_unknown_paths_and_methods_are_problems(live_server: Any) -> None:
    assert is_problem(httpx.get(live_server.url + "/api/v1/nothing-here"), 404,
                      "request.not_found")
    assert is_problem(httpx.delete(live_server.url + "/healthz"), 405,
                      "request.method_not_allowed")


def test_a_photo_is_stored_once_checked_and_readable_only_inside_its_group(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone_a, phone_b = a_device_of(ward.group_a), a_device_of(ward.group_b)
    sha = hashlib.sha256(PNG).hexdigest()
    url = f"/api/v1/attachments/{sha}"

    first = httpx.put(phone_a.server.url + url, content=PNG, headers=phone_a.headers)
    again = httpx.put(phone_a.server.url + url, content=PNG, headers=phone_a.headers)
    wrong_hash = httpx.put(phone_a.server.url + "/api/v1/attachments/" + "0" * 64,
                           content=PNG, headers=phone_a.headers)
    text = b"hello, not an image"
    not_image = httpx.put(phone_a.server.url + f"/api/v1/attachments/"
                          f"{hashlib.sha256(text).hexdigest()}", content=text,
                          headers=phone_a.headers)

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["content_type"] == "image/png"
    assert is_problem(wrong_hash, 400, "attachment.hash_mismatch")
    assert is_problem(not_image, 415, "attachment.unsupported_type")
    assert phone_a.get(url).content == PNG
    assert as_staff.get(url).content == PNG
    assert is_problem(phone_b.get(url), 404, "attachment.not_found")

    phone_a.create_petition(attachments=[sha])
    phone_b_sees = phone_b.get(url)
    assert phone_b_sees.status_code == 404


def test_text_with_a_nul_character_is_rejected_not_a_server_error(
    a_device_of: Any, ward: Any
) -> None:
    phone = a_device_of(ward.group_a)
    answer = phone.push([
        phone.mutation("petition.create", petition_args(title="Đèn\u0000 hỏng")),
        phone.mutation("petition\u0000.x", {}),
        phone.mutation("petition.create", petition_args()),
    ])
    statuses = [r["status"] for r in answer["results"]]
    # SQLite stores the NUL as text; PostgreSQL refuses it: either way the queue moves on
    assert statuses[0] in {"applied", "rejected"}
    assert statuses[1:] == ["rejected", "applied"]
    assert answer["last_seq"] == 3


def test_photos_over_five_megabytes_are_refused(a_device_of: Any, ward: Any) -> None:
    phone = a_device_of(ward.group_a)
    big_jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * (5 * 1024 * 1024 + 10)
    huge_jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * (7 * 1024 * 1024)

    big = httpx.put(f"{phone.server.url}/api/v1/attachments/"
                    f"{hashlib.sha256(big_jpeg).hexdigest()}", content=big_jpeg,
                    headers=phone.headers)
    huge = httpx.put(f"{phone.server.url}/api/v1/attachments/"
                     f"{hashlib.sha256(huge_jpeg).hexdigest()}", content=huge_jpeg,
                     headers=phone.headers)

    assert is_problem(big, 413, "attachment.too_large")
    assert is_problem(huge, 413, "request.body_too_large")
