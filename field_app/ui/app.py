"""UI layer: builds one window of the app: theme, tabs, first-run enrollment, wiring."""

from __future__ import annotations

import flet as ft

from field_app.ui import theme
from field_app.ui.navigation import Builder
from field_app.ui.notify import AnswerNotifier
from field_app.ui.runtime import get_runtime
from field_app.ui.shell import Shell
from field_app.ui.state import AppState
from field_app.ui.views.contributions import contributions
from field_app.ui.views.dialogue import dialogue
from field_app.ui.views.enroll import enroll
from field_app.ui.views.home import home
from field_app.ui.views.more import more
from field_app.ui.views.petitions import petitions

# importing a view imports the package field_app.ui.views, which registers every screen
TABS: list[tuple[str, ft.IconData, Builder]] = [
    ("nav.home", ft.Icons.HOME, home),
    ("nav.petitions", ft.Icons.ASSIGNMENT, petitions),
    ("nav.dialogue", ft.Icons.FORUM, dialogue),
    ("nav.contributions", ft.Icons.VOLUNTEER_ACTIVISM, contributions),
    ("nav.more", ft.Icons.MENU, more),
]


def build_app(page: ft.Page) -> AppState:
    """Show the app in `page`: enrollment on first run, the tabs afterwards."""
    theme.apply(page)
    app = AppState(get_runtime())
    page.title = app.t("app.name")
    # one picker for the whole window, registered before anything asks it for a dialog
    app.file_picker = ft.FilePicker()
    app.notifier = AnswerNotifier(page)
    shell = Shell(page, app, TABS)
    app.attach(shell)

    def on_gone(_: object) -> None:
        app.detach()

    def on_lifecycle(e: ft.AppLifecycleStateChangeEvent) -> None:
        if e.state in (ft.AppLifecycleState.RESUME, ft.AppLifecycleState.SHOW):
            app.window_shown(True)
        elif e.state in (ft.AppLifecycleState.HIDE, ft.AppLifecycleState.PAUSE,
                         ft.AppLifecycleState.DETACH):
            app.window_shown(False)

    page.on_disconnect = on_gone
    page.on_close = on_gone
    page.on_app_lifecycle_state_change = on_lifecycle
    app.window_shown(True)  # a window that opens is in the foreground
    if app.enrollment is None:
        shell.start(root=enroll)
    else:
        shell.start()
    return app
