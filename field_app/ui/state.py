"""UI layer: the app state: the screens' one door to the store and the sync engine.

Its methods are the domain actions the screens trigger (log a petition, report back,
record a receipt...). Each one writes through a repository (never SQL here), gives the
user feedback in Vietnamese, and moves the shell. Network work (enrolling, syncing)
runs off the page's event loop; the engine's status arrives by subscription.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import importlib.util
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import flet as ft
from pydantic import ValidationError

from field_app.i18n import Translator
from field_app.store import (
    ContributionRepository,
    DialogueRepository,
    Enrollment,
    HouseholdRepository,
    PetitionCounts,
    PetitionRepository,
    StoreError,
)
from field_app.store.records import DialogueSessionRow, PetitionRow
from field_app.sync import NetworkTimeout, NetworkUnreachable, ProblemError, SyncError, SyncStatus
from field_app.sync.status import SyncState
from field_app.ui.runtime import Runtime
from field_app.wire.formats import format_date, today_vn
from field_app.wire.records import Commitment

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


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


class AppState:
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
        self.shell: Shell | None = None
        self.file_picker: ft.FilePicker | None = None  # set by the window (needs a page)

    # -- wiring ----------------------------------------------------------------------

    def attach(self, shell: Shell) -> None:
        """Follow the engine's status and the store's changes, refreshing this window."""
        self.shell = shell

        def on_status(status: SyncStatus) -> None:
            if status.state == SyncState.OFFLINE:
                self._offline = True
            elif status.state in (SyncState.IDLE, SyncState.ERROR):
                self._offline = False
            self.status = status
            shell.refresh_from_any_thread(data=False)

        def on_data(event: str) -> None:
            if event != "local_write":  # this window's own writes are already on screen
                shell.refresh_from_any_thread(data=True)

        self._unsubscribe = [self.engine.status.subscribe(on_status), self.store.subscribe(on_data)]

    def detach(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []

    # -- repositories (read by the screens) -----------------------------------------

    @property
    def petitions(self) -> PetitionRepository:
        return self.store.petitions

    @property
    def households(self) -> HouseholdRepository:
        return self.store.households

    @property
    def dialogues(self) -> DialogueRepository:
        return self.store.dialogues

    @property
    def contributions(self) -> ContributionRepository:
        return self.store.contributions

    @property
    def enrollment(self) -> Enrollment | None:
        return self.store.settings.enrollment

    def user_name(self) -> str:
        return self.store.settings.user_name

    def petition_counts(self) -> PetitionCounts:
        return self.petitions.counts()

    def next_ward_dialogue(self) -> DialogueSessionRow | None:
        return self.dialogues.upcoming_ward_dialogue()

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

    async def enroll(self, *, server_url: str, code: str, device_name: str) -> Enrollment:
        """Enroll off the event loop; raises EnrollFailed with a message key."""
        try:
            return await asyncio.to_thread(
                self.engine.enroll, server_url, code, device_name=device_name)
        except (NetworkUnreachable, NetworkTimeout) as exc:
            raise EnrollFailed("enroll.err_unreachable") from exc
        except ProblemError as exc:
            if exc.code == "enroll.code_invalid" or exc.status in (400, 401, 404, 409, 410, 422):
                raise EnrollFailed("enroll.err_code_invalid") from exc
            raise EnrollFailed("enroll.err_other", exc.detail or exc.code) from exc
        except SyncError as exc:
            if exc.transient:
                raise EnrollFailed("enroll.err_unreachable") from exc
            raise EnrollFailed("enroll.err_other", exc.detail or str(exc.code)) from exc

    def start_main(self) -> None:
        """Leave the enrollment screens for the tabs."""
        if self.shell is not None:
            self.shell.tab = 0
            self.shell.start()

    def sign_out_and_restart(self) -> None:
        """Forget this phone's enrollment and data, then show the first-run screen."""
        from field_app.ui.views.enroll import enroll

        self.sign_out()
        if self.shell is not None:
            self.shell.start(root=enroll)

    def set_language(self, language: str) -> None:
        self.store.settings.language = language
        self.t = Translator(language)

    def waiting_count(self) -> int:
        return self.store.outbox.counts().waiting

    def sign_out(self) -> None:
        self.engine.sign_out(force=True)

    def geolocator(self, page: ft.Page) -> Any | None:
        """A geolocation service where the platform has one (flet-geolocator), else None."""
        if page.web or importlib.util.find_spec("flet_geolocator") is None:
            return None
        import flet_geolocator as ftg  # type: ignore[import-not-found]

        return ftg.Geolocator()

    def save_attachment(self, data: bytes, *, name: str = "") -> str:
        """Keep a photo on the phone under its sha256; the petition stores only the hash."""
        digest = hashlib.sha256(data).hexdigest()
        folder = Path(self.store.data_dir) / "attachments"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / digest
        if not target.exists():
            target.write_bytes(data)
        return digest

    # -- petitions ---------------------------------------------------------------------

    def open_new_petition(self, shell: Shell) -> None:
        from field_app.ui.views.petition_form import new_petition_builder

        shell.push(new_petition_builder())

    def _guard(self, shell: Shell, action: Any) -> Any:
        """Run a store action; turn store and validation errors into a red toast."""
        try:
            return action()
        except (StoreError, ValidationError, ValueError) as exc:
            shell.toast(self.t("common.unexpected", error=exc), error=True)
            return None

    def create_petition(self, shell: Shell, data: dict[str, Any], *,
                        dialogue_session_id: str | None = None) -> None:
        row: PetitionRow | None = self._guard(shell, lambda: self.petitions.create(
            **data, dialogue_session_id=dialogue_session_id))
        if row is None:
            return
        if dialogue_session_id:
            session = self.dialogues.get(dialogue_session_id)
            if session is not None and session.scope == "group":
                self._guard(shell, lambda: self.dialogues.update(
                    dialogue_session_id, petition_ids=[*session.petition_ids, row.id]))
        shell.toast(self.t("pform.saved"))
        from field_app.ui.views.petition_detail import detail_builder

        shell.replace(detail_builder(row.id))

    def link_duplicate(self, shell: Shell, petition_id: str, data: dict[str, Any]) -> None:
        who = self.t("petitions.anonymous") if data.get("anonymous") else (
            data.get("citizen_name") or "—")
        text = " ".join(x for x in (data.get("title"), data.get("description"),
                                    data.get("location_text")) if x)
        note = self.t("pform.link_note", who=who, text=text).strip()
        if self._guard(shell, lambda: self.petitions.add_note(petition_id, note)) is None:
            return
        shell.toast(self.t("pform.linked"))
        from field_app.ui.views.petition_detail import detail_builder

        shell.replace(detail_builder(petition_id))

    def update_petition(self, shell: Shell, existing: PetitionRow, data: dict[str, Any]) -> None:
        changes = {k: v for k, v in data.items() if getattr(existing, k, None) != v}
        if changes and self._guard(shell, lambda: self.petitions.update(existing.id, **changes)) \
                is None:
            return
        shell.toast(self.t("common.saved"))
        shell.back()

    def report_back(self, shell: Shell, petition_id: str, *, satisfied: bool,
                    note: str | None) -> None:
        if self._guard(shell, lambda: self.petitions.report_back(
                petition_id, citizen_satisfied=satisfied, note=(note or "").strip() or None)):
            shell.toast(self.t("pdetail.reported_done"))
        shell.refresh(force=True)

    def withdraw(self, shell: Shell, petition_id: str, *, note: str | None) -> None:
        if self._guard(shell, lambda: self.petitions.withdraw(
                petition_id, note=(note or "").strip() or None)):
            shell.toast(self.t("pdetail.withdrawn_done"))
        shell.refresh(force=True)

    def add_note(self, shell: Shell, petition_id: str, text: str) -> None:
        if self._guard(shell, lambda: self.petitions.add_note(petition_id, text.strip())):
            shell.toast(self.t("common.saved"))
        shell.refresh(force=True)

    # -- households -------------------------------------------------------------------

    def save_household(self, shell: Shell, *, household_id: str | None, head_name: str,
                       address: str, phone: str) -> None:
        row = self._guard(shell, lambda: self.households.upsert(
            household_id=household_id, head_name=head_name.strip(), address=address.strip(),
            phone=phone.strip() or None))
        if row is not None:
            shell.toast(self.t("hh.saved"))
            shell.back()

    # -- dialogue -----------------------------------------------------------------------

    def save_meeting(self, shell: Shell, session_id: str | None, fields: dict[str, Any]) -> None:
        if session_id is None:
            row = self._guard(shell, lambda: self.dialogues.create_meeting(
                kind="group_meeting", **fields))
            if row is None:
                return
            from field_app.ui.views.session import session_builder

            shell.toast(self.t("dialogue.saved"))
            shell.replace(session_builder(row.id))
            return
        if self._guard(shell, lambda: self.dialogues.update(session_id, **fields)) is not None:
            shell.toast(self.t("dialogue.saved"))
            shell.refresh(force=True)

    def save_commitments(self, shell: Shell, session_id: str,
                         commitments: list[Commitment]) -> None:
        if self._guard(shell, lambda: self.dialogues.update(
                session_id, commitments=commitments)) is not None:
            shell.refresh(force=True)

    # -- contributions --------------------------------------------------------------------

    def create_campaign(self, shell: Shell, **fields: Any) -> None:
        row = self._guard(shell, lambda: self.contributions.create_campaign(**fields))
        if row is None:
            return
        from field_app.ui.views.campaign import campaign_builder

        shell.toast(self.t("campaign.saved"))
        shell.replace(campaign_builder(row.id))

    def record_contribution(self, shell: Shell, *, campaign_id: str, household_id: str,
                            entry_type: str, kind: str, quantity: int | Decimal,
                            recorded_on: date, receipt_no: str | None, collector: str | None,
                            note: str | None) -> None:
        row = self._guard(shell, lambda: self.contributions.record(
            campaign_id=campaign_id, household_id=household_id, entry_type=entry_type,
            kind=kind, quantity=quantity, recorded_on=recorded_on, receipt_no=receipt_no,
            collector=collector, note=note))
        if row is not None:
            shell.toast(self.t("contrib.recorded"))
            shell.back()

    def reverse_entry(self, shell: Shell, entry_id: str, *, note: str | None) -> None:
        if self._guard(shell, lambda: self.contributions.reverse(
                entry_id, note=(note or "").strip() or None, collector=self.user_name())):
            shell.toast(self.t("contrib.recorded"))
        shell.refresh(force=True)

    def export_sheet(self, shell: Shell, campaign_id: str) -> None:
        """Write the transparency sheet PDF and offer it to save or download."""
        from field_app.export.transparency import build_transparency_pdf

        campaign = self.contributions.campaign(campaign_id)
        if campaign is None:
            return
        enrollment = self.enrollment
        pdf = build_transparency_pdf(
            t=self.t, campaign=campaign, rows=self.contributions.transparency_rows(campaign_id),
            totals=self.contributions.totals(campaign_id),
            group_name=enrollment.group_name if enrollment else "",
            ward_name=enrollment.ward_name if enrollment else "",
            prepared_on=today_vn(), prepared_by=self.user_name(),
        )
        folder = Path(self.store.data_dir) / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"cong-khai-{format_date(today_vn()).replace('/', '-')}-{campaign_id[:8]}.pdf"
        (folder / name).write_bytes(pdf)

        async def offer() -> None:
            # no save dialog on some platforms: the copy in exports/ stays either way
            with contextlib.suppress(Exception):
                if self.file_picker is not None:
                    await self.file_picker.save_file(file_name=name, src_bytes=pdf)
            shell.toast(self.t("contrib.exported", path=str(folder / name)))

        shell.page.run_task(offer)
