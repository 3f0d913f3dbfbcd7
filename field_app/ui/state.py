"""UI layer: the app state: the screens' one door to the store and the sync engine.

The domain actions come from `DomainActions` (field_app/ui/actions.py); this module adds
the window's wiring, the sync status in the screens' terms, enrollment and settings.
Network work (enrolling, syncing) runs off the page's event loop; the engine's status
arrives by subscription.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import flet as ft

from field_app.i18n import Translator
from field_app.store import Enrollment
from field_app.store.photos import prepare_photo
from field_app.sync import NetworkTimeout, NetworkUnreachable, ProblemError, SyncError, SyncStatus
from field_app.sync.status import SyncState
from field_app.ui import screens
from field_app.ui.actions import DomainActions
from field_app.ui.navigation import Navigator
from field_app.ui.notify import AnswerNotifier
from field_app.ui.runtime import Runtime


@dataclass(frozen=True)
class SyncView:
    """What the banner and the strip show, in the screens' terms."""

    syncing: bool
    offline: bool
    error: str | None
    waiting: int
    rejected: int
    conflicts: int
    last_synced_at: datetime | None
    progress: float | None  # None: indeterminate
    phase_text: str | None


class EnrollFailed(Exception):
    """Enrollment did not work; `key` names the Vietnamese message to show."""

    def __init__(self, key: str, message: str = "") -> None:
        super().__init__(key)
        self.key = key
        self.message = message


class AppState(DomainActions):
    """Per-window state (filters, language) over the process's store and engine."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.store = runtime.store
        self.engine = runtime.engine
        self.t = Translator(self.store.settings.language)
        self.status: SyncStatus = self.engine.status.current
        self.petition_filter: str | None = None
        self.petition_field: str | None = None
        self.petition_category: str | None = None
        self.petition_query: str = ""
        self._unsubscribe: list[Any] = []
        self._offline = self.status.state == SyncState.OFFLINE  # until a sync gets through
        self.shell: Navigator | None = None
        self.file_picker: ft.FilePicker | None = None  # set by the window (needs a page)
        self.notifier: AnswerNotifier | None = None  # set by the window (needs a page)
        self._answers_known = self.store.answers.count()

    # -- wiring ----------------------------------------------------------------------

    def attach(self, shell: Navigator) -> None:
        """Follow the engine's status and the store's changes, refreshing this window."""
        self.shell = shell

        def on_status(status: SyncStatus) -> None:
            if status.state == SyncState.OFFLINE:
                self._offline = True
            elif status.state in (SyncState.IDLE, SyncState.ERROR):
                self._offline = False
            self.status = status
            shell.refresh_from_any_thread(data=False)

        last_cursor = [self.store.replica.cursor()]

        def on_data(event: str) -> None:
            if event == "local_write":  # this window's own writes are already on screen
                return
            if event == "pulled":  # an empty page leaves the cursor where it was
                cursor = self.store.replica.cursor()
                if cursor == last_cursor[0]:
                    return
                last_cursor[0] = cursor
                self._tell_new_answers(shell)
            shell.refresh_from_any_thread(data=True)

        self._unsubscribe = [self.engine.status.subscribe(on_status), self.store.subscribe(on_data)]

    def _tell_new_answers(self, shell: Navigator) -> None:
        """More unseen answers than before: a notification where the phone can show one."""
        count = self.store.answers.count()
        grew, self._answers_known = count > self._answers_known, count
        if not grew or self.notifier is None or not self.notifier.active:
            return
        notifier = self.notifier
        ids = self.store.answers.ids()
        latest = self.store.petitions.get(ids[0]) if ids else None
        title = self.t("answers.notify_title")
        body = latest.title if latest is not None and count == 1 else \
            self.t("answers.home", n=count)

        async def post() -> None:
            await notifier.notify(title, body)

        with contextlib.suppress(Exception):  # the window is gone
            shell.page.run_task(post)

    def answer_seen(self, petition_id: str) -> None:
        """The leader opened this petition: its answer is no longer new."""
        if self.store.answers.seen(petition_id):
            self._answers_known = self.store.answers.count()

    def window_shown(self, shown: bool) -> None:
        """This window came to the foreground or left it: the engine pulls often while
        one is shown (answers arrive while the leader looks)."""
        self.engine.autosync.set_foreground(self, shown)

    def detach(self) -> None:
        self.window_shown(False)
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []

    # -- sync --------------------------------------------------------------------------

    def sync_view(self) -> SyncView:
        s = self.status
        syncing = s.state == SyncState.SYNCING
        progress: float | None = None
        phase_text = None
        if syncing and s.phase == "push" and s.to_send:
            progress = min(s.sent / s.to_send, 1.0)
            phase_text = self.t("sync.pushing", done=s.sent, total=s.to_send)
        elif syncing and s.phase == "pull":
            phase_text = self.t("sync.pulling")
        error = None
        if s.state == SyncState.ERROR and s.error_code:
            error = s.error_message(self.t.language)
        return SyncView(
            syncing=syncing, offline=self._offline, error=error,
            waiting=s.waiting, rejected=s.rejected, conflicts=s.conflicts,
            last_synced_at=s.last_success_at, progress=progress, phase_text=phase_text,
        )

    def sync_now(self) -> None:
        """Start a sync in the background; progress arrives through the status board."""
        if self.shell is None:
            return
        shell = self.shell

        async def run() -> None:
            report = await asyncio.to_thread(self.engine.sync_now)
            if report.ok:
                shell.toast(self.t("sync.done"))
            shell.refresh()

        shell.page.run_task(run)

    # -- enrollment and settings -----------------------------------------------------

    async def enroll(self, *, server_url: str, code: str, device_name: str,
                     leader_name: str = "") -> Enrollment:
        """Enroll off the event loop; raises EnrollFailed with a message key."""
        try:
            return await asyncio.to_thread(
                self.engine.enroll, server_url, code, device_name=device_name,
                leader_name=leader_name)
        except (NetworkUnreachable, NetworkTimeout) as exc:
            raise EnrollFailed("enroll.err_unreachable") from exc
        except ProblemError as exc:
            if exc.code == "enroll.code_invalid" or exc.status in (400, 401, 404, 409, 410, 422):
                raise EnrollFailed("enroll.err_code_invalid") from exc
            raise EnrollFailed("enroll.err_other") from exc
        except SyncError as exc:
            if exc.transient:
                raise EnrollFailed("enroll.err_unreachable") from exc
            raise EnrollFailed("enroll.err_other") from exc

    def start_main(self) -> None:
        """Leave the enrollment screens for the tabs."""
        if self.shell is not None:
            self.shell.tab = 0
            self.shell.start()

    def sign_out_and_restart(self) -> None:
        """Forget this phone's enrollment and data, then show the first-run screen."""
        self.sign_out()
        if self.shell is not None:
            self.shell.start(root=screens.builder("enroll"))

    def set_language(self, language: str) -> None:
        self.store.settings.language = language
        self.t = Translator(language)

    def set_leader_name(self, name: str) -> None:
        """The leader's own name (author, collector, signature), edited in Settings."""
        self.store.settings.user_name = name

    def waiting_count(self) -> int:
        return self.store.outbox.counts().waiting

    def sign_out(self) -> None:
        self.engine.sign_out(force=True)

    def geolocator(self, page: ft.Page) -> Any | None:
        """A geolocation service where the platform has one (flet-geolocator), else None."""
        if page.web or importlib.util.find_spec("flet_geolocator") is None:
            return None
        import flet_geolocator as ftg

        return ftg.Geolocator()

    def add_photo(self, data: bytes) -> str:
        """Make a photo smaller and keep it under its sha256 (the petition stores only the
        hash); raises PhotoRefused. Slow on a big photo: call it off the event loop."""
        return self.store.attachments.save(prepare_photo(data).data)

    def photo(self, sha256: str) -> bytes | None:
        """A photo's bytes, downloaded from the ward when this phone has not got it (None
        when offline or refused)."""
        path = self.engine.fetch_attachment(sha256)
        return path.read_bytes() if path is not None else None

