"""No exception text ever reaches a screen: a title over the limit or a 25-digit phone
becomes a sentence next to the field, in the user's language."""

from __future__ import annotations

import uuid

import pytest
from pydantic import ValidationError

from field_app.i18n import Translator
from field_app.store.errors import InvalidTransition, RecordNotFound
from field_app.ui.problems import FORM, explain, field_sentences, too_long
from field_app.wire.mutations import HouseholdUpsert, PetitionCreate
from field_app.wire.records import PHONE_MAX, SHORT_TEXT_MAX

RAW = ("validation error", "pydantic", "PetitionCreate", "string_too_long", "Traceback",
       "not found", "cannot withdraw", "citizen_phone")


def _refused(**args: object) -> ValidationError:
    base: dict[str, object] = {"id": str(uuid.uuid4()), "field": "economy",
                               "category": "lighting", "title": "Đèn hỏng"}
    with pytest.raises(ValidationError) as caught:
        PetitionCreate(**{**base, **args})
    return caught.value


def _plain(text: str) -> None:
    for raw in RAW:
        assert raw not in text, (raw, text)


def test_a_long_title_and_a_long_phone_become_sentences_by_field() -> None:
    t = Translator("vi")
    exc = _refused(title="x" * (SHORT_TEXT_MAX + 1), citizen_phone="1" * 25)
    sentences = field_sentences(t, exc)
    assert sentences["title"] == "Tiêu đề dài quá 300 ký tự; hãy viết gọn lại."
    assert sentences["citizen_phone"] == "Số điện thoại dài quá 20 ký tự; hãy viết gọn lại."
    shown = explain(t, exc)
    assert "Tiêu đề dài quá 300 ký tự" in shown and "Số điện thoại" in shown
    _plain(shown)


def test_every_kind_of_refusal_is_said_plainly_in_both_languages() -> None:
    for language in ("vi", "en"):
        t = Translator(language)
        for exc in (_refused(title="", description=""),  # the whole form: neither is typed
                    _refused(citizen_phone="abc"),
                    _refused(attachments=["0" * 64] * 11),
                    _refused(field="weather")):
            _plain(explain(t, exc))
        with pytest.raises(ValidationError) as caught:
            HouseholdUpsert(id=str(uuid.uuid4()), head_name="")
        _plain(explain(t, caught.value))
        for store_error in (RecordNotFound("petition", "p-1"),
                            InvalidTransition("withdraw", "closed"), ValueError("boom"),
                            RuntimeError("database is locked")):
            text = explain(t, store_error)
            _plain(text)
            assert "boom" not in text and "locked" not in text


def test_a_problem_with_the_whole_record_points_at_the_form() -> None:
    sentences = field_sentences(Translator("vi"), _refused(title="", description=""))
    assert sentences == {FORM: "Thông tin chưa đủ hoặc chưa đúng; xem lại các ô báo đỏ."}


def test_forms_check_the_limits_before_building_a_record() -> None:
    t = Translator("vi")
    found = too_long(t, {"title": ("x" * 301, SHORT_TEXT_MAX), "citizen_phone":
                         ("0" * 25, PHONE_MAX), "description": ("ngắn", 10_000)})
    assert found == {"title": "Tiêu đề dài quá 300 ký tự; hãy viết gọn lại.",
                     "citizen_phone": "Số điện thoại dài quá 20 ký tự; hãy viết gọn lại."}
    assert too_long(t, {"title": (None, 300), "citizen_phone": ("0912 345 678", 20)}) == {}
