"""Enrollment: a group leader's phone exchanges a one-time code for its own token."""

from __future__ import annotations

from typing import Any

import httpx


def enroll(url: str, code: str) -> httpx.Response:
    return httpx.post(url + "/api/v1/devices/enroll",
                      json={"code": code, "device_name": "Máy của tổ trưởng", "app_version": "1"})


def test_a_code_enrolls_one_phone_for_its_group_and_only_once(live_server: Any, ward: Any) -> None:
    code = live_server.enroll_code(ward.group_a.id)

    first = enroll(live_server.url, code)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["group"] == {"id": ward.group_a.id, "name": "Tổ dân phố 1"}
    assert body["ward"]["id"] == ward.id
    assert len(body["token"]) >= 40

    again = enroll(live_server.url, code)
    assert again.status_code == 400
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["code"] == "enroll.code_invalid"


def test_codes_are_typed_loosely_lower_case_without_dashes(live_server: Any, ward: Any) -> None:
    code = live_server.enroll_code(ward.group_b.id)
    response = enroll(live_server.url, code.replace("-", "").lower())
    assert response.status_code == 200, response.text
    assert response.json()["group"]["id"] == ward.group_b.id


def test_guessing_codes_is_rate_limited(live_server: Any, ward: Any) -> None:
    statuses = [enroll(live_server.url, f"WRONG-CODE-{i:04d}").status_code for i in range(12)]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]
    limited = enroll(live_server.url, live_server.enroll_code(ward.group_a.id))
    assert limited.json()["code"] == "auth.rate_limited"


def test_staff_log_in_with_a_password_and_get_a_bearer_token(live_server: Any, ward: Any) -> None:
    response = httpx.post(live_server.url + "/api/v1/auth/token",
                          data={"username": "canbo", "password": ward.staff_password})
    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    wrong = httpx.post(live_server.url + "/api/v1/auth/token",
                       data={"username": "canbo", "password": "sai-mat-khau"})
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "auth.bad_credentials"
