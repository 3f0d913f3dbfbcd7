"""UI layer: a money field that says, as the leader types, how many đồng it reads.

"3tr5" shows "= 3.500.000 ₫" under the field; "1,5" shows what to type instead; the
refusal turns red only on saving (the form calls `check`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from field_app.i18n import Translator
from field_app.ui import theme
from field_app.ui.components.fields import set_error, text_input, tid
from field_app.ui.parsing import read_money
from field_app.wire.formats import format_vnd


class MoneyField:
    """A text field for đồng with a live reading under it (`control` goes on the form)."""

    def __init__(self, t: Translator, *, label: str, identifier: str, value: str = "",
                 is_money: Callable[[], bool] = lambda: True,
                 on_change: Callable[[], None] | None = None) -> None:
        self.t = t
        self.is_money = is_money
        self._on_change = on_change
        self.input = text_input(label, value=value, keyboard=ft.KeyboardType.TEXT,
                                on_change=self._changed)
        self.reading = ft.Text("", size=theme.SMALL, color=theme.MUTED, visible=False)
        self.control = ft.Column([tid(identifier, self.input),
                                  tid(f"{identifier}-reads", self.reading)], spacing=2)
        self.show_reading()

    @property
    def value(self) -> str:
        return self.input.value or ""

    def set_value(self, text: str) -> None:
        self.input.value = text
        set_error(self.input, None)
        self.show_reading()

    def show_reading(self) -> None:
        """'= 3.500.000 ₫' when the text reads clearly; what to type when it does not."""
        text = self.value
        if not self.is_money() or not text.strip():
            self.reading.value, self.reading.visible = "", False
            return
        amount, key = read_money(text)
        if amount is not None:
            self.reading.value = self.t("contrib.amount_reads", amount=format_vnd(amount))
            self.reading.color = theme.PRIMARY
        else:
            self.reading.value = self.t(key or "money.not_money")
            self.reading.color = theme.MUTED
        self.reading.visible = True

    def check(self, *, required: bool = True) -> int | None:
        """The amount in đồng, or None with the sentence under the field (blank is 0 when
        the field is optional)."""
        if not required and not self.value.strip():
            set_error(self.input, None)
            return 0
        amount, key = read_money(self.value)
        if amount is not None and required and amount <= 0:
            amount, key = None, "money.not_positive"
        set_error(self.input, None if amount is not None else self.t(key or "money.not_money"))
        return amount

    def _changed(self, _: Any) -> None:
        set_error(self.input, None)
        self.show_reading()
        if self._on_change is not None:
            self._on_change()
        self.control.update()
