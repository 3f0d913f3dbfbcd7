"""UI layer: the shell's terms, which the screens, the actions and the app state share: what
a screen is (`Screen`), what builds one (`Builder`), and what the actions and the state may
do with the shell (`Navigator`).

`field_app.ui.shell.Shell` is the one navigator. The shell holds the app state and the
state's actions move the shell: naming the shell's moves here, in a leaf that imports
neither, keeps that a loop of objects at run time, never a loop of modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import flet as ft


@dataclass
class Screen:
    """What a screen builder returns."""

    title: str
    body: ft.Control
    fab: ft.FloatingActionButton | None = None
    actions: list[ft.Control] = field(default_factory=list)
    is_form: bool = False  # forms are not rebuilt behind the user's back
    scroll: bool = True
    # updates the parts that show the sync status in place (Home's banner); a rebuild would
    # swallow a tap in flight
    on_status: Callable[[], None] | None = None


Builder = Callable[[Any], Screen]
"""A screen's builder, called with the shell (`field_app.ui.shell.Shell`, which a view
names as its parameter's type)."""


class Navigator(Protocol):
    page: ft.Page
    tab: int  # the bottom navigation's selected tab

    def start(self, root: Builder | None = None) -> None:
        """Show the tabs, or a single full-screen builder (enrollment)."""

    def open(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Push the screen registered as `name` (field_app.ui.screens)."""

    def open_instead(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Show the screen named `name` in place of the top one."""

    def back(self, *_: Any) -> None: ...

    def refresh(self, *, force: bool = False) -> None: ...

    def refresh_from_any_thread(self, *, data: bool) -> None: ...

    def toast(self, message: str, *, error: bool = False) -> None: ...


class DraftHandle(Protocol):
    """What an action does with a form's draft once the form is saved
    (`field_app.ui.components.drafts.DraftKeeper` is the one kind)."""

    def discard(self) -> None: ...
