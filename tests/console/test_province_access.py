"""Two wards and a province on one server: the province account gets no personal field from
any page, export or endpoint (every response searched for the seeded citizens' names,
phones and addresses), every ward page refuses it with a sentence, and a ward's staff
see nothing of the other ward and cannot open the province's pages."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from serverkit import STAFF_PASSWORD

from console.pages import Officer
from sync_server.console.pages import PAGE_MODULES
from sync_server.services.provinces import create_province, set_ward_province
from sync_server.services.staff import create_staff
from sync_server.services.wards import create_group, create_ward

PERSONAL = ["Phạm Văn Long", "0987654321", "Trịnh Thị Mận", "0912345678", "Số 9 ngõ Bưởi",
            "Đinh Công Tráng", "0977000111", "Cống thoát nước ngõ 7 tắc"]


def _signed_in(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
    done = client.post("/console/login", data={"username": username, "password": password,
                                               "next": "/console/petitions"})
    assert done.status_code == 303, done.text
    return client


def _text(response: httpx.Response) -> str:
    """A response's text, with the text inside XLSX and DOCX downloads."""
    if response.content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(response.content)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                            if n.endswith(".xml"))
    return response.text


def _console_paths(ids: dict[str, str]) -> list[str]:
    """Every GET page of the console with its path parameters filled in."""
    paths = []
    for module in PAGE_MODULES:
        for route in module.router.routes:
            if "GET" not in getattr(route, "methods", set()):
                continue
            path = re.sub(r"\{(\w+)\}", lambda m: ids.get(m[1], str(uuid.uuid4())),
                          route.path)  # type: ignore[attr-defined]
            paths.append(path)
    return paths


@pytest.fixture
def province(live_server: Any, ward: Any, a_device_of: Any) -> SimpleNamespace:
    phone_a = a_device_of(ward.group_a)
    petition_a = phone_a.create_petition(citizen_name="Phạm Văn Long",
                                         citizen_phone="0987654321",
                                         description="Cống thoát nước ngõ 7 tắc")
    phone_a.create_petition(title="Đèn đường ngõ 3 hỏng")
    household = str(uuid.uuid4())
    assert phone_a.send("household.upsert", {"id": household, "head_name": "Trịnh Thị Mận",
                                             "phone": "0912345678",
                                             "address": "Số 9 ngõ Bưởi"})["status"] == "applied"
    campaign = str(uuid.uuid4())
    assert phone_a.send("campaign.create", {"id": campaign, "title": "Làm đường",
                                            "unit_kinds": ["money_vnd"]})["status"] == "applied"
    assert phone_a.send("contribution.record", {
        "id": str(uuid.uuid4()), "campaign_id": campaign, "household_id": household,
        "entry_type": "receipt", "kind": "money_vnd", "quantity": "500000",
        "recorded_on": "2026-11-20"})["status"] == "applied"
    with live_server.session() as s:
        other = create_ward(s, name="Phường Tân Mai")
        group_c = create_group(s, ward_id=other, name="Tổ dân phố 1", number=1)
        create_staff(s, ward_id=other, username="canbo.tanmai", password=STAFF_PASSWORD,
                     role="ward_head")
        create_staff(s, ward_id=ward.id, username="truongkhoi", password=STAFF_PASSWORD,
                     role="ward_head")
        nghe_an = create_province(s, name="Tỉnh Nghệ An")
        for ward_id in (ward.id, other):
            set_ward_province(s, ward_id=ward_id, province_id=nghe_an)
        create_staff(s, ward_id=None, province_id=nghe_an, role="province", username="tinh",
                     password=STAFF_PASSWORD)
    phone_c = live_server.enroll(SimpleNamespace(id=group_c, name="Tổ dân phố 1"))
    petition_c = phone_c.create_petition(citizen_name="Đinh Công Tráng",
                                         citizen_phone="0977000111")
    return SimpleNamespace(ward=ward, other=other, petition_a=petition_a,
                           petition_c=petition_c, campaign=campaign, household=household,
                           device=phone_a.device_id)


def test_a_province_account_sees_counts_and_no_personal_field_anywhere(
        live_server: Any, province: SimpleNamespace) -> None:
    tinh = _signed_in(live_server.url, "tinh", STAFF_PASSWORD)
    assert tinh.get("/console/").headers["location"] == "/console/province"
    ids = {"petition_id": province.petition_a, "campaign_id": province.campaign,
           "device_id": province.device, "ward_id": province.ward.id, "month": "2026-11",
           "fmt": "pdf", "kind": "pdf", "ext": "xlsx", "lang": "vi", "sha256": "0" * 64}
    pages = _console_paths(ids)
    pages += ["/console/petitions?q=Long", "/console/petitions?q=09876", "/console/privacy?q=Long"]
    pages += ["/console/province/export.docx", "/console/province?p=2026",
              "/console/province?p=2026-H2&sort=received&order=desc",
              f"/console/province/wards/{province.other}?p=2026"]
    searched = 0
    for path in pages:
        response = tinh.get(path)
        body = _text(response)
        for secret in PERSONAL:
            assert secret not in body, (path, secret)
        searched += 1
        if path.startswith("/console/province"):
            assert response.status_code == 200, (path, response.text)
        elif path.startswith(("/console/petitions", "/console/campaigns", "/console/models",
                              "/console/dialogue", "/console/reports", "/console/devices",
                              "/console/deadlines", "/console/privacy", "/console/audit",
                              "/console/staff")):
            assert response.status_code == 403, (path, response.status_code)
            assert "Tài khoản cấp tỉnh chỉ xem số liệu tổng hợp" in response.text
    assert searched >= 30
    page = tinh.get("/console/province?p=2026").text
    assert "Phường Tân Mai" in page and province.ward.name in page

    # the API: a token, then every endpoint refuses it
    token = httpx.post(live_server.url + "/api/v1/auth/token",
                       data={"username": "tinh", "password": STAFF_PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    schema = httpx.get(live_server.url + "/openapi.json").json()
    refused = 0
    api_ids = {**ids, "household_id": province.household, "group_id": province.ward.group_a.id}
    for path, operations in schema["paths"].items():
        filled = re.sub(r"\{(\w+)\}", lambda m: api_ids.get(m[1], str(uuid.uuid4())), path)
        for method, operation in operations.items():
            response = httpx.request(method.upper(), live_server.url + filled,
                                     headers=headers, timeout=30)
            if operation.get("security"):  # public ones (citizens' look-ups) answer anyone
                assert response.status_code in {401, 403}, (method, path, response.text)
                refused += 1
            for secret in PERSONAL:
                assert secret not in response.text, (method, path, secret)
    assert refused >= 20


def test_a_wards_staff_see_nothing_of_the_other_ward_and_no_province_page(
        live_server: Any, province: SimpleNamespace) -> None:
    tan_mai = _signed_in(live_server.url, "canbo.tanmai", STAFF_PASSWORD)
    ids = {"petition_id": province.petition_a, "campaign_id": province.campaign,
           "device_id": province.device, "ward_id": province.ward.id, "month": "2026-11",
           "fmt": "pdf", "kind": "json", "ext": "xlsx", "lang": "vi", "sha256": "0" * 64}
    for path in [*_console_paths(ids), "/console/petitions?q=Long",
                 "/console/privacy?q=09876", "/console/privacy/export.json?q=Long"]:
        response = tan_mai.get(path)
        body = _text(response)
        for secret in PERSONAL[:6] + PERSONAL[7:]:  # ward A's citizens (C's own are fine)
            if secret in ("Đinh Công Tráng", "0977000111"):
                continue
            assert secret not in body, (path, secret)
        if path.startswith("/console/province"):
            assert response.status_code == 403
            assert "tài khoản cán bộ phường không mở được" in response.text
    # and the other way round: ward A's head finds nothing of ward C
    head_a = _signed_in(live_server.url, "truongkhoi", STAFF_PASSWORD)
    assert head_a.get(f"/console/petitions/{province.petition_c}").status_code == 404
    for path in ("/console/petitions?q=Tráng", "/console/privacy?q=0977"):
        body = head_a.get(path).text
        assert "Đinh Công Tráng" not in body and "0977000111" not in body


@pytest.mark.browser
def test_the_province_page_in_chromium_sorts_drills_down_and_passes_axe(
        new_officer: Any, province: SimpleNamespace) -> None:
    person: Officer = new_officer()
    page = person.sign_in("tinh", STAFF_PASSWORD)
    assert page.url.endswith("/console/province")
    assert person.serious_accessibility_findings() == []
    page.get_by_role("link", name="Kiến nghị tiếp nhận").click()
    page.wait_for_load_state()
    assert "sort=received" in page.url
    rows = page.locator("#wards tbody tr th")
    assert rows.all_inner_texts() == [province.ward.name, "Phường Tân Mai"]  # 2 before 1
    header = page.locator("#wards th[aria-sort]")
    assert header.get_attribute("aria-sort") == "descending"
    received = page.locator("#wards tbody tr").first.locator("td").nth(2)
    assert received.inner_text() == "2"
    assert page.locator("#wards tfoot td").nth(2).inner_text() == "3"
    person.screenshot("province")
    page.get_by_role("link", name="Phường Tân Mai").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Phường Tân Mai"
    assert page.locator("#groups tbody tr").all_inner_texts()[0].split() == [
        "Tổ", "dân", "phố", "1", "1", "0", "0"]
    assert person.serious_accessibility_findings() == []
    person.screenshot("province_ward")
    person.open(f"/console/petitions/{province.petition_a}")
    assert "Tài khoản cấp tỉnh chỉ xem số liệu tổng hợp" in page.get_by_role("alert").inner_text()
    assert "Phạm Văn Long" not in page.content()
