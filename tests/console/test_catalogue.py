"""The console's catalogue: English is complete, and every key the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

from field_app.wire.records import Category, ContributionKind, FieldOfWork, PetitionStatus
from sync_server.console.i18n import Translator
from sync_server.console.i18n.en import EN
from sync_server.console.i18n.vi import VI

ROOTS = [Path(__file__).resolve().parents[2] / "sync_server" / d for d in ("console", "reports")]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def test_english_has_every_vietnamese_key_and_nothing_else():
    assert set(EN) == set(VI)
    assert all(EN[k].strip() for k in EN)


def test_every_literal_key_used_in_the_code_is_in_the_catalogue():
    used = {
        m
        for root in ROOTS
        for f in root.rglob("*.py")
        for m in LITERAL_KEY.findall(f.read_text(encoding="utf-8"))
    }
    assert used, "the pattern should find keys"
    assert sorted(used - set(VI)) == []


def test_every_vocabulary_value_has_a_label_in_both_languages():
    for prefix, values in (
        ("field", FieldOfWork),
        ("category", Category),
        ("status", PetitionStatus),
        ("kind", ContributionKind),
    ):
        for value in values:
            assert f"{prefix}.{value.value}" in VI
            assert f"{prefix}.{value.value}" in EN


def test_placeholders_are_filled_and_vietnamese_is_the_default():
    assert Translator().t("common.page", page=2, pages=9, total=210) == "Trang 2/9 · 210 mục"
    assert Translator("en").t("nav.inbox") == "Petitions"
    assert Translator("fr").t("nav.inbox") == "Kiến nghị"
