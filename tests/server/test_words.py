"""Words people read (glossary.md): every error code, status, action and field name has a
Vietnamese and an English name, and no English word, code or snake_case identifier
reaches a Vietnamese sentence, in the phone's and the console's catalogues and in the
server's problem details."""

from __future__ import annotations

import re

import pytest
from starlette.exceptions import HTTPException

from field_app.i18n import Translator as PhoneTranslator
from field_app.i18n.catalogue_vi import VI as PHONE_VI
from field_app.wire.codes import ErrorCode
from field_app.wire.lifecycle import FIELD_ACTIONS, STAFF_ACTIONS
from field_app.wire.mutations import CampaignUpdate, DialogueUpdate, HouseholdUpsert
from field_app.wire.records import PETITION_FIELD_OWNED, PETITION_WARD_OWNED, PetitionStatus
from field_app.wire.vocabulary import VOCABULARY, display_name
from sync_server.console.i18n.vi import VI as CONSOLE_VI
from sync_server.errors import CATALOGUE, problem_for, refused_transition
from sync_server.services.petitions import conflict_note

STATUSES = [s.value for s in PetitionStatus]
ACTIONS = sorted({*STAFF_ACTIONS, *FIELD_ACTIONS, "update"})
FIELD_NAMES = sorted({
    *PETITION_FIELD_OWNED, *PETITION_WARD_OWNED,
    *(n for model in (CampaignUpdate, DialogueUpdate, HouseholdUpsert)
      for n in model.model_fields if n not in {"id", "base_version"}),
})
# what must never show in a Vietnamese sentence: the codes themselves and IT English
ENGLISH = sorted({
    *STATUSES, *ACTIONS, *(n for n in FIELD_NAMES if len(n) > 3),
    "conflict", "not found", "error", "record", "value", "null", "none", "true", "false",
    "outbox", "offline", "target", "pending", "sync", "token", "cursor", "request",
    "exception", "internal", "forbidden", "unauthorized",
}, key=len, reverse=True)
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
ENGLISH_RE = re.compile(r"(?<![\w/.])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w/.])",
                        re.IGNORECASE)


def english_in(sentence: str) -> list[str]:
    """The English words, codes or identifiers found in a Vietnamese sentence."""
    text = PLACEHOLDER.sub("", sentence)
    return SNAKE.findall(text) + ENGLISH_RE.findall(text)


def test_the_detector_finds_what_the_glossary_forbids() -> None:
    assert english_in("Không thể 'accept' khi kiến nghị đang ở trạng thái 'closed'.")
    assert english_in("location_text: giữ giá trị trên máy chủ")
    assert english_in("Lỗi: Not Found")
    assert english_in("Lỗi: Conflict")
    assert not english_in("Kiến nghị đang ở trạng thái “Đã kết thúc”.")
    assert not english_in("Tải PDF, Excel; ví dụ 15/12/2026; {status}")


@pytest.mark.parametrize("name, catalogue", [("phone", PHONE_VI), ("console", CONSOLE_VI)])
def test_no_english_inside_the_vietnamese_catalogues(name: str, catalogue: dict[str, str]) -> None:
    allowed = {"settings.lang.en", "export.language", "app.language"}
    found = {k: english_in(v) for k, v in catalogue.items() if k not in allowed}
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("kind, codes", [("status", STATUSES), ("action", ACTIONS),
                                         ("fieldname", FIELD_NAMES)])
def test_every_status_action_and_field_has_a_name_in_both_languages(kind, codes) -> None:
    for code in codes:
        vi, en = VOCABULARY["vi"].get(f"{kind}.{code}"), VOCABULARY["en"].get(f"{kind}.{code}")
        assert vi and en, f"{kind}.{code} is not translated"
        assert not english_in(vi), (code, vi)


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_has_a_vietnamese_detail_and_a_phone_sentence(code: ErrorCode) -> None:
    _status, _title, detail = CATALOGUE[code]
    assert detail and not english_in(detail), (code, detail)
    for language in ("vi", "en"):
        sentence = PhoneTranslator(language).error(code.value, "Conflict: raw server text")
        assert sentence and "raw server text" not in sentence
        assert code.value not in sentence
    assert not english_in(PhoneTranslator("vi").error(code.value))


def test_an_unknown_refusal_is_a_catalogue_sentence_never_the_servers() -> None:
    raw = "Không thể 'accept' khi kiến nghị đang ở trạng thái 'closed'."
    assert PhoneTranslator("vi").error("some.future_code", raw) == PHONE_VI["error.default"]


@pytest.mark.parametrize("status", STATUSES)
def test_a_refused_transition_names_action_and_status_in_vietnamese(status: str) -> None:
    for action in ACTIONS:
        body = refused_transition(action, status).body()
        assert not english_in(body["detail"]), body["detail"]
        assert display_name("status", status) in body["detail"]
        # the codes travel as members, for clients that word the refusal themselves
        assert body["code"] == "petition.invalid_transition"
        assert (body["action"], body["status_from"]) == (action, status)


def test_a_conflict_note_names_the_field_in_vietnamese() -> None:
    for field in FIELD_NAMES:
        note = conflict_note(field, "Ngõ 5", None, "Tổ dân phố 5 (máy của tổ trưởng)")
        assert note.startswith("Tổ và phường sửa khác nhau ở mục ")
        assert not english_in(note), note
        assert "None" not in note and "'" not in note


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 413, 429, 500])
def test_a_bare_http_error_has_a_vietnamese_detail(status: int) -> None:
    body, _ = problem_for(HTTPException(status_code=status))
    assert body["detail"] and not english_in(body["detail"]), body["detail"]
    assert "Not Found" not in body["detail"] and "Conflict" not in body["detail"]


AVOID = ("Xung đột", "ngoại tuyến", "bản ghi", "giá trị", "Hàng chờ", "Đã đóng", "bút toán",
         "dd/mm", "Mã kích hoạt", "Loại việc", "Mục tiêu", "Chỉ tiêu", "Mức gợi ý",
         "Phường đã nhận", "Mới nhận", "Đang xử lý", "Từ chối", "Đến tận hộ", "Hạn xong",
         "Còn thiếu", "Lập ngày", "thị xã")


def test_the_glossarys_avoided_words_appear_nowhere() -> None:
    sentences = {**{f"phone {k}": v for k, v in PHONE_VI.items()},
                 **{f"console {k}": v for k, v in CONSOLE_VI.items()},
                 **{f"vocabulary {k}": v for k, v in VOCABULARY["vi"].items()},
                 **{f"server {c.value}": d for c, (_s, _t, d) in CATALOGUE.items()}}
    found = {k: [w for w in AVOID if w.lower() in v.lower()] for k, v in sentences.items()}
    assert {k: v for k, v in found.items() if v} == {}
