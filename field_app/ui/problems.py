"""UI layer: what went wrong, said in the user's words: never an exception's own text.

A pydantic `ValidationError` becomes one sentence per field ("Tiêu đề dài quá 300 ký
tự."), the store's errors become sentences of the catalogue, and anything else a plain
"could not save" (the details go to the log). `too_long` lets a form check the limits
before it builds a record, so the sentence sits next to the field.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from field_app.i18n import CATALOGUES, Translator
from field_app.store.errors import (
    InvalidTransition,
    NotEnrolled,
    PendingChangesError,
    RecordNotFound,
)

log = logging.getLogger(__name__)
FORM = ""  # the key of a problem with the whole form rather than one field


def field_name(t: Translator, name: str) -> str:
    """The field as the user knows it, capitalised to open a sentence ("Tiêu đề")."""
    key = f"fieldname.{name}"
    label = t(key) if key in CATALOGUES["vi"] else t("problem.a_field")
    return label[:1].upper() + label[1:]


def _sentence(t: Translator, name: str, error: Mapping[str, Any]) -> str:
    if not name:
        return t("problem.check_form")
    label = field_name(t, name)
    kind = str(error.get("type", ""))
    limit = (error.get("ctx") or {}).get("max_length")
    if kind == "string_too_long" and limit is not None:
        return t("problem.too_long", field=label, max=limit)
    if kind == "too_long" and limit is not None:
        return t("problem.too_many", field=label, max=limit)
    if kind in ("missing", "string_too_short"):
        return t("problem.missing", field=label)
    if kind == "string_pattern_mismatch":
        return t("problem.bad_characters", field=label)
    return t("problem.invalid", field=label)


def field_sentences(t: Translator, exc: ValidationError) -> dict[str, str]:
    """{field name: sentence}; a problem with the whole record is under FORM."""
    sentences: dict[str, str] = {}
    for error in exc.errors():
        names = [part for part in error.get("loc", ()) if isinstance(part, str)]
        name = names[0] if names else FORM
        sentences.setdefault(name, _sentence(t, name, error))
    return sentences


def explain(t: Translator, exc: BaseException) -> str:
    """One sentence for the user; the exception's own text only reaches the log."""
    if isinstance(exc, ValidationError):
        return " ".join(dict.fromkeys(field_sentences(t, exc).values()))
    if isinstance(exc, RecordNotFound):
        return t("problem.not_found")
    if isinstance(exc, InvalidTransition):
        return t("problem.not_allowed")
    if isinstance(exc, NotEnrolled):
        return t("problem.not_enrolled")
    if isinstance(exc, PendingChangesError):
        return t("problem.pending", n=exc.waiting)
    log.error("could not save", exc_info=exc)
    return t("problem.unexpected")


def too_long(t: Translator, fields: Mapping[str, tuple[str | None, int]]) -> dict[str, str]:
    """{field name: sentence} for each text longer than its limit: (text, limit) by name."""
    return {name: t("problem.too_long", field=field_name(t, name), max=limit)
            for name, (text, limit) in fields.items() if len((text or "").strip()) > limit}
