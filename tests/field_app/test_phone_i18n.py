"""Every string of the phone app is in both catalogues, with the same placeholders, and every
key the screens ask for exists (a missing key would show its raw name to the user)."""

from __future__ import annotations

import re
import string
from pathlib import Path

from field_app.i18n import CATALOGUES, Translator
from field_app.wire.records import (
    Category,
    ContributionKind,
    DialogueKind,
    EntryType,
    FieldOfWork,
    PetitionStatus,
    Source,
)

UI = Path(__file__).resolve().parents[2] / "field_app" / "ui"
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_has_every_vietnamese_key_with_the_same_placeholders() -> None:
    vi, en = CATALOGUES["vi"], CATALOGUES["en"]
    assert set(vi) == set(en)
    for key in vi:
        assert _placeholders(vi[key]) == _placeholders(en[key]), key
        assert vi[key].strip() and en[key].strip(), key


def test_every_key_the_screens_use_exists() -> None:
    used = {m.group(1) for path in UI.rglob("*.py") for m in KEY_CALL.finditer(path.read_text())}
    assert used, "the scan found no keys"
    missing = sorted(k for k in used if k not in CATALOGUES["vi"])
    assert missing == []


def test_every_value_of_every_vocabulary_has_a_label() -> None:
    vocabularies = {"status": PetitionStatus, "field": FieldOfWork, "category": Category,
                    "source": Source, "kind": ContributionKind, "unit": ContributionKind,
                    "entry_type": EntryType, "dialogue_kind": DialogueKind}
    for language in CATALOGUES:
        t = Translator(language)
        for vocabulary, values in vocabularies.items():
            for value in values:
                label = t.label(vocabulary, value)
                assert label != f"{vocabulary}.{value.value}", (language, vocabulary, value)


def test_vietnamese_is_the_default_and_placeholders_are_filled() -> None:
    t = Translator()
    assert t.language == "vi"
    assert t("sync.pending_n", n=3) == "3 mục chờ gửi"
    assert Translator("en")("sync.pending_n", n=3) == "3 waiting to send"
    assert Translator("fr").language == "vi"
