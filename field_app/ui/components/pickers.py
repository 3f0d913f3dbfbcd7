"""UI layer: pickers the leader types into (households), matching the way the lists search.

`matching_choices` is the one rule every picker uses: diacritics and case are ignored
(`hoang` finds `Hoàng`, `duong` finds `Đường`), as on the Households screen, and each
typed word must appear somewhere in the label (`binh ngo 5` finds "Trần Thị Bình – Số 12,
ngõ 5"). Flutter's own dropdown filter compares letters as they are, so the pickers
filter here.

`HouseholdPicker` is a text box with the matches listed under it as buttons and the chosen
household on a line of its own. What is typed in the box is never written from here: the
app only ever changes the list under it and the chosen line. (It used to be a Dropdown
whose options were narrowed as the leader typed; Flet makes a new Flutter DropdownMenu for
every new set of options, and that menu wrote the chosen option's label, "— Không chọn hộ
—", over the letters typed so far: typing `hoang` left the box showing the label again.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import flet as ft

from field_app.i18n import Translator
from field_app.store.records import HouseholdRow
from field_app.ui import theme
from field_app.ui.components.fields import text_input, tid
from field_app.wire.text import fold

Choice = tuple[str, str]  # (value, label)
SHOWN = 8  # matches listed at once; more are found by typing more


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


class HouseholdPicker:
    """Type to find a household, tap it to choose it. `value` is the chosen household's id
    (or one of the `first` choices, such as "no household"); `on_select` runs after the
    leader chooses or clears. `control` is what goes on the form, with the test id
    `identifier` (the chosen household's line is `<identifier>-chosen`)."""

    def __init__(self, t: Translator, label: str, households: Sequence[HouseholdRow], *,
                 identifier: str, value: str | None = None,
                 first: Sequence[Choice] = ()) -> None:
        self.choices: list[Choice] = [*first, *((h.id, household_label(h)) for h in households)]
        self._labels = dict(self.choices)
        self._first = [v for v, _ in first]
        self._value: str | None = None
        self.on_select: Callable[[Any], Any] | None = None
        self.box = text_input(label, hint=t("picker.hint"))
        self.box.on_change = self._typed
        self.box.on_focus = self._typed
        self.matches = ft.Column(spacing=0, visible=False)
        self.more = ft.Text("", size=theme.SMALL, color=theme.MUTED, visible=False)
        self.chosen_text = ft.Text("", size=theme.BODY, expand=True)
        self.chosen = ft.Row([
            ft.Icon(ft.Icons.CHECK_CIRCLE, color=theme.SUCCESS),
            self.chosen_text,
            ft.IconButton(ft.Icons.CLOSE, tooltip=t("picker.clear"), on_click=self._clear),
        ], spacing=8)
        self.chosen_line = tid(f"{identifier}-chosen", self.chosen)
        self.chosen_line.visible = False
        self._t = t
        self._column = ft.Column([self.box, self.chosen_line, self.matches, self.more],
                                 spacing=4)
        self.control = tid(identifier, self._column)
        self.value = value

    # -- the choice -------------------------------------------------------------------

    @property
    def value(self) -> str | None:
        return self._value

    @value.setter
    def value(self, value: str | None) -> None:
        """Choose `value` (an unknown value chooses nothing); the box is left as typed."""
        self._value = value if value in self._labels else None
        real = self._value is not None and self._value not in self._first
        self.chosen_text.value = self._labels.get(self._value or "", "") if real else ""
        self.chosen_line.visible = real

    def knows(self, value: object) -> bool:
        return isinstance(value, str) and value in self._labels

    def set_error(self, message: str | None) -> None:
        self.box.error = message

    # -- events -----------------------------------------------------------------------

    def _typed(self, e: Any) -> None:
        """The box changed or took focus: list what matches what is typed."""
        found = matching_choices(self.choices, self.box.value, always=self._first)
        shown = found[:SHOWN]
        self.matches.controls = [
            ft.TextButton(label, on_click=self._picks(value),
                          style=ft.ButtonStyle(alignment=ft.Alignment.CENTER_LEFT))
            for value, label in shown]
        self.matches.visible = bool(shown)
        self.more.value = self._t("picker.more", n=len(found) - len(shown))
        self.more.visible = len(found) > len(shown)
        self._column.update()

    def _picks(self, value: str) -> Callable[[Any], Any]:
        """The tap handler of one match (a coroutine function, so Flet awaits it)."""

        async def tapped(e: Any) -> None:
            await self._pick(e, value)

        return tapped

    async def _pick(self, e: Any, value: str | None) -> None:
        self.value = value
        self.matches.visible = self.more.visible = False
        self.box.error = None
        self._column.update()
        await self._selected(e)

    async def _clear(self, e: Any) -> None:
        await self._pick(e, self._first[0] if self._first else None)

    async def _selected(self, e: Any) -> None:
        if self.on_select is not None:
            result = self.on_select(e)
            if asyncio.iscoroutine(result):
                await result


def household_picker(t: Translator, label: str, households: Sequence[HouseholdRow], *,
                     identifier: str, value: str | None = None,
                     first: Sequence[Choice] = ()) -> HouseholdPicker:
    """A household picker (see `HouseholdPicker`); `first` choices (such as "no household")
    come before the households and are never filtered away."""
    return HouseholdPicker(t, label, households, identifier=identifier, value=value,
                           first=first)
