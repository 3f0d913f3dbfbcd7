"""UI layer: a form's draft, kept in the phone's database as it is typed.

Each change restarts a short wait; when typing pauses (DELAY, well within a second) the
form's values are written to the draft table (never the outbox). The form throws its
draft away when it is saved, or when the leader taps "Bỏ bản nháp".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.ui import theme
from field_app.ui.components.fields import secondary_button, tid
from field_app.ui.components.pickers import HouseholdPicker
from field_app.wire.formats import format_datetime

if TYPE_CHECKING:
    from field_app.store import Draft
    from field_app.ui.shell import Shell

DELAY = 0.4  # seconds of quiet before the draft is written
log = logging.getLogger(__name__)


class DraftKeeper:
    """Writes `collect()` to the draft `form` a moment after the last change."""

    def __init__(self, shell: Shell, form: str, collect: Callable[[], dict[str, Any]]) -> None:
        self.shell = shell
        self.form = form
        self.collect = collect
        self._generation = 0
        self.found: Draft | None = shell.app.store.drafts.get(form)
        # what the form showed before anything was typed (prefilled dates, names...): a
        # form back to it has nothing to continue
        self.untouched: dict[str, Any] | None = None

    @classmethod
    def bind(cls, shell: Shell, form: str,
             fields: dict[str, ft.Control | HouseholdPicker]) -> DraftKeeper:
        """Keep the draft of a form made of text boxes, dropdowns and checkboxes: fill
        them from a draft found, and write the draft as they change (their own handlers
        still run first)."""

        def collect() -> dict[str, Any]:
            return {key: _value_of(control) for key, control in fields.items()}

        keeper = cls(shell, form, collect)
        keeper.untouched = collect()
        if keeper.found is not None:
            for key, control in fields.items():
                _restore(control, keeper.found.data.get(key))
        for control in fields.values():
            for event in ("on_change", "on_select"):
                if hasattr(control, event) and (
                        event == "on_change"
                        or isinstance(control, ft.Dropdown | HouseholdPicker)):
                    setattr(control, event, _then(getattr(control, event), keeper.changed))
        return keeper

    def changed(self, *_: Any) -> None:
        self._generation += 1
        generation = self._generation

        async def later() -> None:
            await asyncio.sleep(DELAY)
            if generation == self._generation:
                self.save_now()

        self.shell.page.run_task(later)

    def save_now(self) -> None:
        data = self.collect()
        try:
            if self.untouched is not None and data == self.untouched:
                self.shell.app.store.drafts.discard(self.form)
            elif any(isinstance(v, str) and v.strip() for v in data.values()) or \
                    data.get("attachments"):
                self.shell.app.store.drafts.save(self.form, data)
            else:  # everything typed was wiped out again: nothing to continue
                self.shell.app.store.drafts.discard(self.form)
        except Exception:  # a draft that cannot be written must not break the typing
            log.exception("draft not saved")

    def discard(self) -> None:
        self._generation += 1  # a write still waiting is dropped
        self.shell.app.store.drafts.discard(self.form)

    def banner(self, on_discard: Callable[[], None]) -> ft.Control:
        """'Continuing the draft of HH:MM' with a button that throws it away."""
        if self.found is None:
            return ft.Container(visible=False)
        t = self.shell.t

        def throw_away(_: Any) -> None:
            self.discard()
            on_discard()

        return tid("draft-banner", ft.Container(
            content=ft.Column([
                ft.Row([ft.Icon(ft.Icons.EDIT_NOTE, color=theme.PRIMARY),
                        ft.Text(t("draft.continuing", at=format_datetime(self.found.saved_at)),
                                size=theme.BODY, expand=True)], spacing=8),
                secondary_button(t("draft.discard"), throw_away, icon=ft.Icons.DELETE_OUTLINE,
                                 identifier="draft-discard"),
            ], spacing=8),
            bgcolor=theme.SURFACE_ALT, border_radius=8, padding=theme.PAD,
        ))


def _value_of(control: ft.Control | HouseholdPicker) -> Any:
    if isinstance(control, ft.Checkbox):
        return bool(control.value)
    value = getattr(control, "value", None)
    return value if value is not None else ""


def _restore(control: ft.Control | HouseholdPicker, value: Any) -> None:
    if value is None:
        return
    if isinstance(control, HouseholdPicker):
        if control.knows(value):
            control.value = value
    elif isinstance(control, ft.Checkbox):
        control.value = bool(value)
    elif isinstance(control, ft.Dropdown):
        keys = {o.key for o in control.options or []}
        if value in keys:
            control.value = value
    elif isinstance(value, str) and hasattr(control, "value"):
        control.value = value


def _then(first: Any, then: Callable[..., None]) -> Callable[[Any], Any]:
    """An event handler that runs the control's own handler, then `then`."""

    async def both(e: Any) -> None:
        if first is not None:
            result = first(e)
            if asyncio.iscoroutine(result):
                await result
        then(e)

    return both
