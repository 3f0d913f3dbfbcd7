"""Who may reach `/console/privacy` and its register: the ward head of the ward only."""

from __future__ import annotations

from typing import Any

import httpx
from serverkit import STAFF_PASSWORD

from sync_server.services.staff import create_staff
from sync_server.services.wards import create_ward

PATHS = ("/console/privacy", "/console/privacy?q=0987654321", "/console/privacy/erase?q=Long",
         "/console/privacy/export.json?q=Long")


def _signed_in(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
    done = client.post("/console/login", data={"username": username, "password": password,
                                               "next": "/console/petitions"})
    assert done.status_code == 303, done.text
    return client


def test_only_the_ward_head_of_the_ward_reaches_the_privacy_pages(
        live_server: Any, ward: Any, a_device_of: Any) -> None:
    a_device_of(ward.group_a).create_petition(citizen_name="Phạm Văn Long",
                                              citizen_phone="0987654321")
    with live_server.session() as s:
        create_staff(s, ward_id=ward.id, username="truongkhoi", password=STAFF_PASSWORD,
                     role="ward_head")
        elsewhere = create_ward(s, name="Phường Bên Cạnh")
        create_staff(s, ward_id=elsewhere, username="truongkhoi2", password=STAFF_PASSWORD,
                     role="ward_head")
    anonymous = httpx.Client(base_url=live_server.url, follow_redirects=False, timeout=30)
    officer = _signed_in(live_server.url, ward.staff_username, STAFF_PASSWORD)
    head = _signed_in(live_server.url, "truongkhoi", STAFF_PASSWORD)
    other_head = _signed_in(live_server.url, "truongkhoi2", STAFF_PASSWORD)
    for path in PATHS:
        assert anonymous.get(path).status_code == 303
        assert "/console/login" in anonymous.get(path).headers["location"]
        refused = officer.get(path)
        assert refused.status_code == 403 and "Phạm Văn Long" not in refused.text
        assert head.get(path).status_code == 200
        assert "Phạm Văn Long" not in other_head.get(path).text
    assert "Phạm Văn Long" in head.get("/console/privacy?q=0987654321").text
    for path in ("/console/privacy/erase", "/console/privacy/correct",
                 "/console/privacy/settings"):
        assert officer.post(path, data={"q": "Long"}).status_code == 403
        assert head.post(path, data={"q": "Long"}).status_code == 403  # no CSRF token
