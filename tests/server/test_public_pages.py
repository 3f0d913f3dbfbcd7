"""The citizens' status pages (/tra-cuu) and their JSON twin: what they show, what they never
show, one answer for unknown and other wards' codes, the lookup limit, and the citizen's
"are you satisfied?" reaching the ward's "reopen?" list and the group's phone."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import httpx
from serverkit import petition_args

from field_app.wire.text import fold
from field_app.wire.tracking import new_tracking_code

NAME = "Nguyễn Thị Bích Hường"
PHONE = "0987654321"
ADDRESS = "Số 17 ngõ 245 Đường Hoa Sữa"
DESCRIPTION = "Cống thoát nước trước nhà bị tắc làm ngập sân"
HEAD = "Trần Văn Quảng"
HEAD_PHONE = "0911222333"
SECRETS = (NAME, PHONE, ADDRESS, DESCRIPTION, HEAD, HEAD_PHONE, "0987 654 321",
           "987654321", "Bích Hường", "ngõ 245")


def _answered_petition(live_server: Any, ward: Any, a_device_of: Any, as_staff: Any,
                       ) -> tuple[str, str]:
    phone = a_device_of(ward.group_a)
    household = "5d1b7f7e-3d0c-4a53-9b53-7b8d2d7c0a11"
    assert phone.send("household.upsert", {"id": household, "head_name": HEAD,
                                           "address": ADDRESS, "phone": HEAD_PHONE}
                      )["status"] == "applied"
    code = new_tracking_code()
    pid = phone.create_petition(**petition_args(
        title="Cống thoát nước", description=DESCRIPTION, citizen_name=NAME,
        citizen_phone=PHONE, location_text=ADDRESS, household_id=household,
        category="environment", tracking_code=code))
    assert as_staff.transition(pid, "accept", assigned_unit="Tổ công tác môi trường",
                               due_date="2026-12-20").status_code == 200
    assert as_staff.transition(pid, "answer", answer="Đã nạo vét cống ngày 02/12.").status_code \
        == 200
    return pid, code


def _token(html: str) -> str:
    found = re.search(r'name="token" value="([0-9a-f]+)"', html)
    assert found is not None, html
    return found.group(1)


def test_the_status_page_shows_the_status_dates_answer_and_group_in_words(
        live_server: Any, ward: Any, a_device_of: Any, as_staff: Any) -> None:
    _pid, code = _answered_petition(live_server, ward, a_device_of, as_staff)
    base = live_server.url
    for typed in (code, code.replace("-", ""), code.lower(), code.replace("-", " ")):
        page = httpx.get(f"{base}/tra-cuu/{typed}")
        assert page.status_code == 200, typed
        assert code in page.text
    html = httpx.get(f"{base}/tra-cuu/{code}").text
    for words in ("Đã trả lời", "Tổ dân phố 1", "Môi trường", "Đã nạo vét cống ngày 02/12.",
                  "20/12/2026", "Hạn giải quyết", "Ông/bà có hài lòng với câu trả lời không?"):
        assert words in html, words
    assert len(html.encode()) < 20_000
    english = httpx.get(f"{base}/tra-cuu/{code}?lang=en").text
    assert "Answered" in english and "Are you satisfied" in english
    body = httpx.get(f"{base}/api/v1/public/petitions/{code.lower()}").json()
    assert body["tracking_code"] == code and body["status"] == "answered"
    assert body["group"] == "Tổ dân phố 1" and body["due_date"] == "2026-12-20"
    assert body["answer"] == "Đã nạo vét cống ngày 02/12." and body["can_give_feedback"]
    assert body["accepted_at"] and body["answered_at"] and body["received_at"]
    # the form sends the typed code to its page
    typed = httpx.get(f"{base}/tra-cuu", params={"ma": code.replace("-", "").lower()})
    assert typed.status_code == 303 and typed.headers["location"] == f"/tra-cuu/{code}"
    form = httpx.get(f"{base}/tra-cuu")
    assert form.status_code == 200 and 'name="ma"' in form.text


def test_no_public_answer_ever_carries_the_citizens_personal_data(
        live_server: Any, ward: Any, a_device_of: Any, as_staff: Any) -> None:
    pid, code = _answered_petition(live_server, ward, a_device_of, as_staff)
    base = live_server.url
    responses = [httpx.get(f"{base}/tra-cuu"),
                 httpx.get(f"{base}/tra-cuu/{code}"),
                 httpx.get(f"{base}/tra-cuu/{code}?lang=en"),
                 httpx.get(f"{base}/tra-cuu/{code.lower().replace('-', '')}"),
                 httpx.get(f"{base}/tra-cuu/XXX-XXX-XXX"),
                 httpx.get(f"{base}/api/v1/public/petitions/{code}"),
                 httpx.get(f"{base}/api/v1/public/petitions/XXX-XXX-XXX")]
    token = _token(responses[1].text)
    posted = httpx.post(f"{base}/tra-cuu/{code}", data={
        "token": token, "satisfied": "no", "comment": "Vẫn còn ngập"}, follow_redirects=True)
    responses += [posted, httpx.post(f"{base}/tra-cuu/{code}", data={"token": "bad"}),
                  httpx.get(f"{base}/api/v1/public/petitions/{code}")]
    for response in responses:
        text = response.text + " ".join(f"{k}: {v}" for k, v in response.headers.items())
        folded = fold(text)
        for secret in SECRETS:
            assert secret not in text, (response.url, secret)
            assert fold(secret) not in folded, (response.url, secret)
        assert pid not in text  # the record's id is never public either


def test_an_unknown_code_and_a_code_of_another_ward_get_the_same_answer(
        live_server: Any, ward: Any, a_device_of: Any) -> None:
    from sync_server.services.wards import create_group, create_ward

    with live_server.session() as s:
        other_ward = create_ward(s, name="Phường Bên Cạnh")
        other_group = create_group(s, ward_id=other_ward, name="Tổ dân phố 9", number=9)
    from serverkit import Group

    elsewhere = a_device_of(Group(other_group, "Tổ dân phố 9"))
    theirs = new_tracking_code()
    elsewhere.create_petition(tracking_code=theirs)
    never = new_tracking_code()
    base = live_server.url
    for path in ("/tra-cuu/{}", "/api/v1/public/petitions/{}", "/tra-cuu/{}?lang=en"):
        a = httpx.get(base + path.format(theirs))
        b = httpx.get(base + path.format(never))
        assert a.status_code == b.status_code == 404
        assert a.content == b.content
        assert a.headers["content-type"] == b.headers["content-type"]
    html = httpx.get(f"{base}/tra-cuu/{never}").text
    assert "Không tìm thấy kiến nghị" in html and "Tổ dân phố 9" not in html


def test_lookups_are_limited_per_address_whether_found_or_not(
        live_server_factory: Any, tmp_path: Any) -> None:
    server = live_server_factory(public_rate_limit=5)
    server.seed_ward()
    statuses = [httpx.get(f"{server.url}/tra-cuu/{new_tracking_code()}").status_code
                for _ in range(4)]
    statuses.append(httpx.get(f"{server.url}/api/v1/public/petitions/ABC-DEF-GHJ").status_code)
    limited = httpx.get(f"{server.url}/tra-cuu/ABC-DEF-GHJ")
    limited_json = httpx.get(f"{server.url}/api/v1/public/petitions/ABC-DEF-GHJ")
    posted = httpx.post(f"{server.url}/tra-cuu/ABC-DEF-GHJ", data={"satisfied": "yes"})
    assert statuses == [404] * 5
    assert limited.status_code == limited_json.status_code == posted.status_code == 429
    assert "Tra cứu quá nhiều lần" in limited.text and "đợi một phút" in limited.text
    assert int(limited.headers["retry-after"]) >= 1
    assert limited_json.json()["code"] == "auth.rate_limited"
    assert httpx.get(f"{server.url}/tra-cuu").status_code == 200  # the form is not a lookup


def test_not_satisfied_lands_on_the_timeline_the_reopen_list_and_the_phone(
        live_server: Any, ward: Any, a_device_of: Any, as_staff: Any) -> None:
    from sync_server.services.inbox import InboxFilters, inbox_page

    pid, code = _answered_petition(live_server, ward, a_device_of, as_staff)
    base = live_server.url
    page = httpx.get(f"{base}/tra-cuu/{code}")
    refused = httpx.post(f"{base}/tra-cuu/{code}", data={"token": "0" * 32, "satisfied": "no"})
    assert refused.status_code == 403 and "Không gửi được ý kiến" in refused.text
    unchosen = httpx.post(f"{base}/tra-cuu/{code}", data={"token": _token(page.text)})
    assert unchosen.status_code == 422 and "Hãy chọn Có hoặc Chưa hài lòng" in unchosen.text
    assert as_staff.petition(pid)["citizen_satisfied"] is None
    phone = a_device_of(ward.group_a)
    phone.pull_all()

    sent = httpx.post(f"{base}/tra-cuu/{code}", data={
        "token": _token(page.text), "satisfied": "no", "comment": "Mưa to vẫn ngập"})
    assert sent.status_code == 303 and sent.headers["location"] == f"/tra-cuu/{code}?done=1"
    after = httpx.get(base + sent.headers["location"]).text
    assert "Ý kiến đã được gửi tới phường" in after

    petition = as_staff.petition(pid)
    assert petition["citizen_satisfied"] is False
    last = petition["timeline"][-1]
    assert (last["kind"], last["text"]) == ("citizen_feedback", "Chưa hài lòng. Mưa to vẫn ngập")
    pulled = [c for c in phone.pull_all() if c["id"] == pid]
    assert pulled and pulled[-1]["data"]["citizen_satisfied"] is False
    with live_server.session() as s:
        reopen = inbox_page(s, ward_id=ward.id, filters=InboxFilters(reopen=True),
                            today=date(2026, 12, 5))
        everything = inbox_page(s, ward_id=ward.id, filters=InboxFilters(),
                                today=date(2026, 12, 5))
    assert [r.id for r in reopen.rows] == [pid]
    assert everything.total == 1

    # satisfied after all: off the list
    assert httpx.post(f"{base}/tra-cuu/{code}", data={
        "token": _token(page.text), "satisfied": "yes"}).status_code == 303
    with live_server.session() as s:
        assert inbox_page(s, ward_id=ward.id, filters=InboxFilters(reopen=True),
                          today=date(2026, 12, 5)).total == 0


def test_no_feedback_form_before_the_ward_has_answered(
        live_server: Any, ward: Any, a_device_of: Any) -> None:
    code = new_tracking_code()
    a_device_of(ward.group_a).create_petition(tracking_code=code)
    html = httpx.get(f"{live_server.url}/tra-cuu/{code}").text
    assert "Chờ phường tiếp nhận" in html and 'name="satisfied"' not in html
    assert httpx.post(f"{live_server.url}/tra-cuu/{code}",
                      data={"token": "x", "satisfied": "yes"}).status_code == 403
