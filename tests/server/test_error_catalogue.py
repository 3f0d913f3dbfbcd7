"""The one catalogue of problems: every code both sides speak has a status, title and detail."""

from __future__ import annotations

from field_app.wire.codes import ErrorCode
from sync_server.errors import CATALOGUE, problem_body


def test_every_error_code_is_in_the_catalogue_with_a_vietnamese_detail() -> None:
    assert set(CATALOGUE) == set(ErrorCode)
    for code, (status, title, detail) in CATALOGUE.items():
        assert 400 <= status <= 599, code
        assert title and detail, code
        assert detail != title, code  # the detail is the Vietnamese sentence


def test_a_problem_body_carries_its_code_and_extra_members() -> None:
    body = problem_body(ErrorCode.SEQ_GAP, expected_seq=18)
    assert body == {
        "type": "urn:dan-van:problem:sync.seq_gap",
        "title": "Mutation sequence gap",
        "status": 409,
        "detail": CATALOGUE[ErrorCode.SEQ_GAP][2],
        "code": "sync.seq_gap",
        "expected_seq": 18,
    }
