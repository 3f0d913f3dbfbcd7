"""The petition's tracking code: its alphabet, length, randomness and how a typed code is read."""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path

from field_app.wire.tracking import (
    ALPHABET,
    BITS,
    LENGTH,
    group,
    is_valid,
    new_tracking_code,
    normalize,
    spoken,
)

LOOK_ALIKES = "0O1IL"


def test_the_alphabet_has_no_look_alike_characters_and_no_repeats() -> None:
    assert not set(LOOK_ALIKES) & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31
    assert ALPHABET.upper() == ALPHABET


def test_a_code_carries_at_least_40_bits_of_randomness() -> None:
    assert math.isclose(BITS, LENGTH * math.log2(len(ALPHABET)))
    assert BITS >= 40
    assert (LENGTH - 1) * math.log2(len(ALPHABET)) < 40  # one character fewer would not do


def test_codes_are_grouped_for_reading_aloud_and_valid() -> None:
    code = new_tracking_code()
    assert len(code) == LENGTH + 2 and code.count("-") == 2
    assert [len(part) for part in code.split("-")] == [3, 3, 3]
    assert is_valid(code)
    assert spoken("K7M-2Q9-XDA") == "K 7 M   2 Q 9   X D A"


def test_codes_use_every_symbol_evenly_and_do_not_repeat() -> None:
    codes = [new_tracking_code() for _ in range(3000)]
    assert len(set(codes)) == len(codes)
    counts = Counter(ch for code in codes for ch in code.replace("-", ""))
    assert set(counts) == set(ALPHABET)
    expected = 3000 * LENGTH / len(ALPHABET)
    assert all(abs(n - expected) < expected * 0.25 for n in counts.values())


def test_a_code_is_drawn_with_the_given_source() -> None:
    rng = random.Random(7)
    assert new_tracking_code(rng.choice) == new_tracking_code(random.Random(7).choice)


def test_a_typed_code_is_accepted_in_lower_case_without_dashes_or_with_spaces() -> None:
    assert normalize("k7m2q9xda") == "K7M-2Q9-XDA"
    assert normalize(" K7M 2Q9 XDA ") == "K7M-2Q9-XDA"
    assert normalize("K7M-2Q9-XDA") == "K7M-2Q9-XDA"
    assert group("K7M2Q9XDA") == "K7M-2Q9-XDA"


def test_what_cannot_be_a_code_is_refused() -> None:
    for typed in ("", "K7M-2Q9", "K7M-2Q9-XDAB", "K7M-2Q9-XD0", "O7M-2Q9-XDA", "x" * 500):
        assert normalize(typed) is None
        assert not is_valid(typed)


def test_an_older_phone_database_gains_the_code_column_filled_from_its_petitions(
        tmp_path: Path) -> None:
    from field_app.store.db import Database
    from field_app.store.migrations import LATEST_VERSION, migrate, schema_version

    db = Database(tmp_path / "old.sqlite3")
    migrate(db, target=6)
    with db.transaction() as conn:
        conn.execute("INSERT INTO petitions (id, data) VALUES ('p-1', ?)",
                     ('{"id": "p-1", "tracking_code": "K7M-2Q9-XDA"}',))
        conn.execute("INSERT INTO petitions (id, data) VALUES ('p-2', '{\"id\": \"p-2\"}')")
    assert migrate(db) == LATEST_VERSION == schema_version(db)
    with db.reading() as conn:
        codes = dict(conn.execute("SELECT id, tracking_code FROM petitions").fetchall())
    assert codes == {"p-1": "K7M-2Q9-XDA", "p-2": None}


def test_a_petition_saved_offline_has_its_code_at_once(tmp_path: Path) -> None:
    from field_app.store import LocalStore

    store = LocalStore.open(tmp_path / "phone")
    try:
        saved = store.petitions.create(field="economy", category="lighting", title="Đèn hỏng")
        assert saved.tracking_code is not None and is_valid(saved.tracking_code)
        [entry] = store.outbox.pending()
        assert entry.args["tracking_code"] == saved.tracking_code
        assert store.petitions.by_tracking_code(saved.tracking_code.lower()) == saved
    finally:
        store.close()
