"""What an operator and an integrator see first: health, docs, the OpenAPI schema, logins."""

from __future__ import annotations

from typing import Any

import httpx


def test_health_docs_and_schema_are_served(live_server: Any) -> None:
    health = httpx.get(live_server.url + "/healthz")
    docs = httpx.get(live_server.url + "/docs")
    schema = httpx.get(live_server.url + "/openapi.json").json()

    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    for path in ("/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/devices/enroll",
                 "/api/v1/auth/token", "/api/v1/petitions", "/api/v1/petitions/{petition_id}",
                 "/api/v1/petitions/{petition_id}/transition", "/api/v1/campaigns/{campaign_id}",
                 "/api/v1/attachments/{sha256}", "/api/v1/households", "/api/v1/dialogues"):
        assert path in schema["paths"], path


def test_password_guessing_is_rate_limited_per_client(live_server: Any, ward: Any) -> None:
    def login(password: str) -> httpx.Response:
        return httpx.post(live_server.url + "/api/v1/auth/token",
                          data={"username": "canbo", "password": password})

    statuses = [login(f"doan-mo-{i}").status_code for i in range(11)]
    correct_but_limited = login(ward.staff_password)

    assert statuses == [401] * 10 + [429]
    assert correct_but_limited.status_code == 429
    assert correct_but_limited.json()["code"] == "auth.rate_limited"
    assert int(correct_but_limited.headers["retry-after"]) >= 1


def test_an_unknown_staff_token_is_refused(live_server: Any, ward: Any) -> None:
    response = httpx.get(live_server.url + "/api/v1/petitions",
                         headers={"Authorization": "Bearer made-up-token"})
    assert response.status_code == 401
    assert response.json()["code"] == "auth.unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_phone_token_does_not_open_the_staff_api(a_device_of: Any, ward: Any) -> None:
    phone = a_device_of(ward.group_a)
    petition = phone.create_petition()
    assert phone.get("/api/v1/devices").status_code == 401
    assert phone.get("/api/v1/households").status_code == 401
    assert phone.post(f"/api/v1/petitions/{petition}/transition",
                      json={"action": "accept"}).status_code == 401


def test_a_staff_member_who_signs_out_cannot_reuse_the_token(live_server: Any,
                                                             ward: Any) -> None:
    token = live_server.staff_token()
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.post(live_server.url + "/api/v1/auth/logout", headers=headers).status_code == 200
    after = httpx.get(live_server.url + "/api/v1/auth/me", headers=headers)
    assert after.status_code == 401
    assert after.json()["code"] == "auth.token_revoked"


def test_every_route_gives_its_connection_back_whether_it_answers_or_fails(
        live_server: Any, as_staff: Any, a_device_of: Any, ward: Any) -> None:
    """Every route's database work runs in the thread pool (sync_server/api/deps.py): a
    failed one's transaction is rolled back and its connection returned, as a good one's."""
    phone = a_device_of(ward.group_a)
    missing = "00000000-0000-4000-8000-000000000000"
    answers = [
        as_staff.get("/api/v1/petitions").status_code,
        as_staff.get(f"/api/v1/petitions/{missing}").status_code,
        as_staff.transition(missing, "accept").status_code,
        as_staff.post("/api/v1/households", json={"nonsense": True}).status_code,
        phone.push_raw([phone.mutation("petition.create", {"title": ""})]).status_code,
        phone.pull().status_code,
        httpx.get(live_server.url + "/api/v1/sync/pull",
                  headers={"Authorization": "Bearer nobody"}).status_code,
    ]
    live_server.app.state.sync_session.close()  # the phones' kept connection, on purpose

    assert answers == [200, 404, 404, 422, 200, 200, 401]
    for engine in (live_server.app.state.engine, live_server.app.state.sync_engine):
        assert engine.pool.checkedout() == 0
