"""UI layer: the app shell: bottom navigation, a stack of pushed screens, toasts and dialogs.

Screens are plain functions `build(shell) -> Screen`. The shell re-runs the top screen's
builder when it needs fresh data (after a local write, or when a sync brought changes),
except for forms, which keep what the user is typing. A re-run of the screen already shown
puts its new content into the column the screen scrolls in, which stays the same control:
the scroll position survives a background refresh; only moving to another screen starts at
the top. The new content is sent whole, never matched by key to the controls on screen:
Flet freezes the controls it reconciles that way, and a frozen control raises at its next
change (docs/decisions/0039-screens-rebuilt-whole.md).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.i18n import Translator
from field_app.ui import screens, theme
from field_app.ui.components.sync_strip import sync_strip
from field_app.ui.navigation import Builder, Screen

if TYPE_CHECKING:
    from field_app.ui.state import AppState


log = logging.getLogger(__name__)

WIDE = 700  # above this width the content is centred in a column of CONTENT_WIDTH
CONTENT_WIDTH = 560


class Shell:
    """Owns the page: which tab is shown, the pushed screens, and refreshes."""

    def __init__(self, page: ft.Page, app: AppState, tabs: list[tuple[str, ft.IconData, Builder]]):
        self.page = page
        self.app = app
        self.tabs = tabs
        self.tab = 0
        self.stack: list[Builder] = []
        self.current: Screen | None = None
        self.nav = ft.NavigationBar(
            destinations=[], on_change=self._on_nav, selected_index=0,
            label_behavior=ft.NavigationBarLabelBehavior.ALWAYS_SHOW,
        )
        self.strip = ft.Container()
        self.frame = ft.Container(expand=True, alignment=ft.Alignment.TOP_CENTER)
        self.content_box = ft.Container(expand=True)
        # the screen sits in a list: Flet reconciles list items that keep their key
        self.holder = ft.Column(expand=True, spacing=0,
                                horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.content_box.content = self.holder
        self.frame.content = self.content_box
        self._pending_refresh = False
        self._data_changed = False
        self._shown: Builder | None = None  # the builder whose screen is on display
        self._serial = 0  # changes when another screen is shown: new keys, top of the page
        self._sheet: ft.Column | None = None  # the column the screen on display scrolls in

    @property
    def t(self) -> Translator:
        return self.app.t

    # -- navigation ------------------------------------------------------------------

    def start(self, root: Builder | None = None) -> None:
        """Show the tabs, or a single full-screen builder (enrollment) without navigation."""
        page = self.page
        page.controls.clear()
        page.add(ft.Column([self.strip, self.frame], expand=True, spacing=0))
        page.on_resize = self._on_resize
        self._apply_width()
        if root is not None:
            self.stack = [root]
            page.navigation_bar = None
        else:
            self.stack = []
            self._build_nav()
            page.navigation_bar = self.nav
        self.render()

    def _build_nav(self) -> None:
        self.nav.destinations = [
            ft.NavigationBarDestination(icon=icon, label=self.t(label))
            for label, icon, _ in self.tabs
        ]
        self.nav.selected_index = self.tab

    def _on_nav(self, e: Any) -> None:
        self.go_tab(int(e.control.selected_index))

    def go_tab(self, index: int) -> None:
        self.tab = index
        self.nav.selected_index = index
        self.stack = []
        self.render()

    def push(self, builder: Builder) -> None:
        self.stack.append(builder)
        self.render()

    def open(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Push the screen registered as `name` (field_app.ui.screens) for these arguments."""
        self.push(screens.builder(name, *args, **kwargs))

    def open_instead(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Show the screen named `name` in place of the top one (a form that was saved)."""
        self.replace(screens.builder(name, *args, **kwargs))

    def back(self, *_: Any) -> None:
        if self.stack and self.page.navigation_bar is not None:
            self.stack.pop()
        self.render()

    def replace(self, builder: Builder) -> None:
        if self.stack:
            self.stack[-1] = builder
        else:
            self.stack.append(builder)
        self.render()

    # -- rendering -------------------------------------------------------------------

    def _top(self) -> Builder:
        return self.stack[-1] if self.stack else self.tabs[self.tab][2]

    def render(self) -> None:
        builder = self._top()
        fresh = builder is not self._shown
        if fresh:
            self._shown = builder
            self._serial += 1
        serial = self._serial
        try:
            screen = builder(self)
        except Exception as exc:  # a broken screen shows an error, not a white page
            log.exception("screen failed to build")
            from field_app.ui.components.states import error_banner
            from field_app.ui.problems import explain

            screen = Screen(self.t("app.name"), error_banner(explain(self.t, exc)))
        self.current = screen
        can_go_back = bool(self.stack) and self.page.navigation_bar is not None
        self.page.appbar = ft.AppBar(
            key=f"appbar-{serial}",
            title=ft.Text(screen.title, size=theme.TITLE, weight=ft.FontWeight.W_600,
                          max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
            leading=ft.Semantics(
                identifier="back",
                content=ft.IconButton(ft.Icons.ARROW_BACK, on_click=self.back,
                                      tooltip=self.t("common.back")),
            ) if can_go_back else None,
            automatically_imply_leading=False,
            actions=screen.actions,
            bgcolor=theme.PRIMARY,
            color=ft.Colors.WHITE,
        )
        body = screen.body
        _stretch(body)
        scroll = ft.ScrollMode.AUTO if screen.scroll else None
        if fresh or self._sheet is None:
            self._sheet = ft.Column([body], scroll=scroll, expand=True,
                                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
            self.holder.controls = [ft.Container(
                key=f"screen-{serial}", content=self._sheet,
                padding=ft.Padding.only(left=theme.PAD, right=theme.PAD, top=8), expand=True,
            )]
        else:
            # The same screen again: the column it scrolls in stays the same control
            # (Flutter keeps the scroll position) and takes the new content, which carries no
            # key, so Flet sends it whole. Rebuilt controls matched by key to the ones on
            # screen would be reconciled instead, and Flet freezes reconciled controls: the
            # next change to one raised "Frozen controls cannot be updated" (a second
            # commitment with a wrong date took the whole app down; Home's sync card stopped
            # following the engine), and the builder's values went over what was on screen.
            self._sheet.scroll = scroll
            self._sheet.controls = [body]
        if screen.fab is not None:
            screen.fab.key = f"fab-{serial}"
        self.page.floating_action_button = screen.fab
        self._build_strip()
        self.page.update()

    def _build_strip(self) -> None:
        enrolled = self.page.navigation_bar is not None
        self.strip.content = sync_strip(self.app) if enrolled else None

    def refresh(self, *, force: bool = False) -> None:
        """Rebuild the top screen with fresh data (forms only when forced)."""
        if self.current is not None and self.current.is_form and not force:
            self.refresh_status()
            return
        self.render()

    def refresh_status(self) -> None:
        """Show the engine's status without rebuilding the screen."""
        self._build_strip()
        if self.current is not None and self.current.on_status is not None:
            self.current.on_status()
        self.page.update()

    def refresh_from_any_thread(self, *, data: bool) -> None:
        """Called from the sync thread: hop onto the page's event loop. Data that arrives
        during a sync is shown once, when the sync ends, not after every page."""
        self._data_changed = self._data_changed or data
        if self._pending_refresh:
            return
        self._pending_refresh = True

        async def _do() -> None:
            await asyncio.sleep(0.1)  # coalesce bursts of changes
            self._pending_refresh = False
            try:
                syncing = self.app.sync_view().syncing
                if self._data_changed and not syncing:
                    self._data_changed = False
                    self.refresh()
                else:
                    self.refresh_status()
            except Exception:  # a refresh nobody asked for must never take the window down
                log.exception("background refresh failed")

        try:
            self.page.run_task(_do)
        except Exception:  # the session is gone (tab closed)
            self._pending_refresh = False

    def relabel(self) -> None:
        """The language changed: rebuild navigation labels and the screen."""
        if self.page.navigation_bar is not None:
            self._build_nav()
        self.render()

    def _on_resize(self, _: Any) -> None:
        self._apply_width()
        self.page.update()

    def _apply_width(self) -> None:
        width = self.page.width or 0
        self.content_box.width = CONTENT_WIDTH if width > WIDE else None

    # -- feedback ---------------------------------------------------------------------

    def toast(self, message: str, *, error: bool = False) -> None:
        self.page.show_dialog(
            ft.SnackBar(
                content=ft.Text(message, size=theme.BODY, color=ft.Colors.WHITE),
                bgcolor=theme.DANGER if error else "#1F2328",
                duration=4000,
            )
        )

    def confirm(self, *, title: str, body: ft.Control | str,
                actions: list[tuple[str, Callable[[], Any], str]],
                identifier: str = "dialog") -> None:
        """A modal dialog; each action is (label, callback, test id). Cancel is added."""

        def _run(cb: Callable[[], Any]) -> Callable[[Any], None]:
            def handler(_: Any) -> None:
                self.page.pop_dialog()
                cb()
            return handler

        buttons: list[ft.Control] = [
            ft.Semantics(identifier=f"{identifier}-cancel",
                         content=ft.TextButton(self.t("common.cancel"),
                                               on_click=lambda _: self.page.pop_dialog())),
        ]
        for label, cb, tid in actions:
            buttons.append(ft.Semantics(identifier=tid,
                                        content=ft.FilledButton(label, on_click=_run(cb))))
        content = ft.Text(body, size=theme.BODY) if isinstance(body, str) else body
        self.page.show_dialog(
            ft.AlertDialog(modal=True, title=ft.Text(title, size=theme.TITLE), content=content,
                           actions=buttons, scrollable=True)
        )


def _stretch(control: ft.Control | None) -> None:
    """Let inputs and cards fill the phone's width: columns stacked in columns (never inside
    a row, where the width is unbounded) stretch their children."""
    if isinstance(control, ft.Column):
        if control.horizontal_alignment == ft.CrossAxisAlignment.START:
            control.horizontal_alignment = ft.CrossAxisAlignment.STRETCH
        for child in control.controls:
            _stretch(child)
    elif isinstance(control, ft.Container | ft.Semantics):
        _stretch(control.content)
