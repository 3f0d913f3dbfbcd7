"""Console layer: which view builds which screen of the shell."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from sync_server.console.state import ConsoleSession

if TYPE_CHECKING:
    from sync_server.console.shell import Shell


def build(name: str, session: ConsoleSession, shell: Shell, **kwargs: Any) -> ft.Control:
    """The control of screen `name` (`inbox`, `petition`, `dialogue`, ...)."""
    if name == "inbox":
        from sync_server.console.views.inbox import InboxView

        return InboxView(session, shell)
    if name == "petition":
        from sync_server.console.views.petition import PetitionView

        return PetitionView(session, shell, petition_id=str(kwargs["petition_id"]))
    if name == "dialogue":
        from sync_server.console.views.dialogue import DialogueView

        return DialogueView(session, shell)
    if name == "contributions":
        from sync_server.console.views.contributions import ContributionsView

        return ContributionsView(session, shell)
    if name == "reports":
        from sync_server.console.views.reports import ReportsView

        return ReportsView(session, shell)
    if name == "devices":
        from sync_server.console.views.devices import DevicesView

        return DevicesView(session, shell)
    return ft.Text(session.t(f"nav.{name}"))
