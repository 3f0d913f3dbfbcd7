"""UI layer: pickers the leader types into (households), matching the way the lists search.

`matching_choices` is the one rule every picker uses: diacritics and case are ignored
(`hoang` finds `Hoàng`, `duong` finds `Đường`), as on the Households screen, and each
typed word must appear somewhere in the label (`binh ngo 5` finds "Trần Thị Bình – Số 12,
ngõ 5"). Flutter's own dropdown filter compares letters as they are, so the pickers
filter here and hand the dropdown only what matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import flet as ft

from field_app.store.records import HouseholdRow
from field_app.ui.components.fields import dropdown
from field_app.wire.text import fold

Choice = tuple[str, str]  # (value, label)


def matching_choices(choices: Sequence[Choice], query: str | None, *,
                     always: Sequence[str] = ()) -> list[Choice]:
    """The choices whose label holds every word of `query` (folded); the values in
    `always` (e.g. "no household") stay whatever is typed."""
    words = fold(query).split()
    if not words:
        return list(choices)
    return [(value, label) for value, label in choices
            if value in always or all(w in fold(label) for w in words)]


def household_label(h: HouseholdRow) -> str:
    return f"{h.head_name} – {h.address}" if h.address else h.head_name


def household_picker(label: str, households: Sequence[HouseholdRow], *,
                     value: str | None = None, first: Sequence[Choice] = ()) -> ft.Dropdown:
    """A dropdown of households the leader can type into; `first` choices (such as "no
    household") come before the households and are never filtered away."""
    choices = [*first, *((h.id, household_label(h)) for h in households)]
    labels = dict(choices)
    keep = [v for v, _ in first]
    picker = dropdown(label, choices, value=value)
    picker.editable = True

    def on_text(e: Any) -> None:
        text = e.data if isinstance(e.data, str) else picker.text
        # the text of the chosen household: show them all again, not only that one
        shown = choices if text == labels.get(picker.value or "") else matching_choices(
            choices, text, always=keep)
        picker.options = [ft.DropdownOption(key=k, text=v) for k, v in shown]
        picker.update()

    picker.on_text_change = on_text
    return picker
