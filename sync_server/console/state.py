"""Console layer: the state of one staff member's console session (one browser tab)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sync_server.console.i18n import Translator
from sync_server.console.queries.inbox import InboxFilters

if TYPE_CHECKING:
    from sync_server.console.backend import ConsoleBackend, StaffIdentity


@dataclass
class ConsoleSession:
    """Who is signed in, in which language, and the backend they work through."""

    backend: ConsoleBackend
    translator: Translator = field(default_factory=Translator)
    staff: StaffIdentity | None = None
    inbox_filters: InboxFilters = field(default_factory=InboxFilters)

    def t(self, key: str, **values: object) -> str:
        return self.translator.t(key, **values)

    @property
    def signed_in(self) -> bool:
        return self.staff is not None

    def require_staff(self) -> StaffIdentity:
        if self.staff is None:
            raise PermissionError("not signed in")
        return self.staff
