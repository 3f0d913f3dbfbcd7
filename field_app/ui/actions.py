"""UI layer: the domain actions the screens trigger (log a petition, report back, record
a receipt...). Each writes through a repository (never SQL here), tells the user what
happened in their language, and moves the shell. `AppState` is built on this mixin.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import flet as ft
from pydantic import ValidationError

from field_app.i18n import Translator
from field_app.store import (
    ContributionRepository,
    DialogueRepository,
    Enrollment,
    HouseholdRepository,
    LocalStore,
    PetitionCounts,
    PetitionRepository,
    StoreError,
)
from field_app.store.records import DialogueSessionRow, PetitionRow
from field_app.ui.navigation import DraftHandle, Navigator
from field_app.ui.problems import explain, field_sentences
from field_app.wire.formats import format_date, today_vn
from field_app.wire.records import Commitment


class DomainActions:
    """Reads and writes of the screens, over the local store."""

    t: Translator
    store: LocalStore
    file_picker: ft.FilePicker | None

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

    # -- petitions ---------------------------------------------------------------------

    def open_new_petition(self, shell: Navigator) -> None:
        shell.open("new_petition")

    def _guard(self, shell: Navigator, action: Any,
               on_fields: Callable[[dict[str, str]], None] | None = None) -> Any:
        """Run a store action; a problem becomes a red toast in the user's words (never
        the exception's text), and with `on_fields` sentences next to the fields."""
        try:
            return action()
        except (StoreError, ValidationError, ValueError) as exc:
            if on_fields is not None and isinstance(exc, ValidationError):
                on_fields(field_sentences(self.t, exc))
            shell.toast(explain(self.t, exc), error=True)
            return None

    def create_petition(self, shell: Navigator, data: dict[str, Any], *,
                        dialogue_session_id: str | None = None,
                        on_fields: Callable[[dict[str, str]], None] | None = None,
                        draft: DraftHandle | None = None) -> None:
        row: PetitionRow | None = self._guard(shell, lambda: self.petitions.create(
            **data, dialogue_session_id=dialogue_session_id), on_fields)
        if row is None:
            return
        self._drop_draft(draft)
        if dialogue_session_id:
            session = self.dialogues.get(dialogue_session_id)
            if session is not None and session.scope == "group":
                self._guard(shell, lambda: self.dialogues.update(
                    dialogue_session_id, petition_ids=[*session.petition_ids, row.id]))
        shell.toast(self.t("pform.saved"))
        # the petition, with its tracking code big on top for the citizen, at once
        shell.open_instead("petition_detail", row.id, just_saved=True)

    def link_duplicate(self, shell: Navigator, petition_id: str, data: dict[str, Any]) -> None:
        who = self.t("petitions.anonymous") if data.get("anonymous") else (
            data.get("citizen_name") or "—")
        text = " ".join(x for x in (data.get("title"), data.get("description"),
                                    data.get("location_text")) if x)
        note = self.t("pform.link_note", who=who, text=text).strip()
        if self._guard(shell, lambda: self.petitions.add_note(petition_id, note)) is None:
            return
        shell.toast(self.t("pform.linked"))
        shell.open_instead("petition_detail", petition_id)

    def update_petition(self, shell: Navigator, existing: PetitionRow, data: dict[str, Any], *,
                        on_fields: Callable[[dict[str, str]], None] | None = None,
                        draft: DraftHandle | None = None) -> None:
        changes = {k: v for k, v in data.items() if getattr(existing, k, None) != v}
        if changes and self._guard(
                shell, lambda: self.petitions.update(existing.id, **changes), on_fields) is None:
            return
        self._drop_draft(draft)
        shell.toast(self.t("common.saved"))
        shell.back()

    def report_back(self, shell: Navigator, petition_id: str, *, satisfied: bool,
                    note: str | None) -> None:
        if self._guard(shell, lambda: self.petitions.report_back(
                petition_id, citizen_satisfied=satisfied, note=(note or "").strip() or None)):
            shell.toast(self.t("pdetail.reported_done"))
        shell.refresh(force=True)

    def withdraw(self, shell: Navigator, petition_id: str, *, note: str | None) -> None:
        if self._guard(shell, lambda: self.petitions.withdraw(
                petition_id, note=(note or "").strip() or None)):
            shell.toast(self.t("pdetail.withdrawn_done"))
        shell.refresh(force=True)

    def add_note(self, shell: Navigator, petition_id: str, text: str) -> None:
        if self._guard(shell, lambda: self.petitions.add_note(petition_id, text.strip())):
            shell.toast(self.t("common.saved"))
        shell.refresh(force=True)

    def _drop_draft(self, draft: DraftHandle | None) -> None:
        """The form was saved: its draft has nothing left to continue. Through the form's
        keeper, so that a write still waiting for a pause in the typing is dropped too
        (deleting the row alone let that write bring the saved form's draft back, and the
        next new form of the kind opened filled with it)."""
        if draft is not None:
            draft.discard()

    # -- households -------------------------------------------------------------------

    def save_household(self, shell: Navigator, *, household_id: str | None, head_name: str,
                       address: str, phone: str, publish_name: bool | None = None,
                       draft: DraftHandle | None = None) -> None:
        row = self._guard(shell, lambda: self.households.upsert(
            household_id=household_id, head_name=head_name.strip(), address=address.strip(),
            phone=phone.strip() or None, publish_name=publish_name))
        if row is not None:
            self._drop_draft(draft)
            shell.toast(self.t("hh.saved"))
            shell.back()

    # -- dialogue -----------------------------------------------------------------------

    def save_meeting(self, shell: Navigator, session_id: str | None, fields: dict[str, Any], *,
                     draft: DraftHandle | None = None, kind: str = "group_meeting") -> None:
        if session_id is None:
            row = self._guard(shell, lambda: self.dialogues.create_meeting(
                kind=kind, **fields))
            if row is None:
                return
            self._drop_draft(draft)
            shell.toast(self.t("dialogue.saved"))
            shell.open_instead("session", row.id)
            return
        if self._guard(shell, lambda: self.dialogues.update(session_id, **fields)) is not None:
            self._drop_draft(draft)
            shell.toast(self.t("dialogue.saved"))
            shell.refresh(force=True)

    def save_commitments(self, shell: Navigator, session_id: str,
                         commitments: list[Commitment]) -> None:
        if self._guard(shell, lambda: self.dialogues.update(
                session_id, commitments=commitments)) is not None:
            shell.refresh(force=True)

    # -- contributions --------------------------------------------------------------------

    def create_campaign(self, shell: Navigator, **fields: Any) -> None:
        row = self._guard(shell, lambda: self.contributions.create_campaign(**fields))
        if row is None:
            return
        shell.toast(self.t("campaign.saved"))
        shell.open_instead("campaign", row.id)

    def record_contribution(self, shell: Navigator, *, campaign_id: str, household_id: str,
                            entry_type: str, kind: str, quantity: int | Decimal,
                            recorded_on: date, receipt_no: str | None, collector: str | None,
                            note: str | None, draft: DraftHandle | None = None) -> None:
        row = self._guard(shell, lambda: self.contributions.record(
            campaign_id=campaign_id, household_id=household_id, entry_type=entry_type,
            kind=kind, quantity=quantity, recorded_on=recorded_on, receipt_no=receipt_no,
            collector=collector, note=note))
        if row is not None:
            self._drop_draft(draft)
            shell.toast(self.t("contrib.recorded"))
            shell.back()

    def reverse_entry(self, shell: Navigator, entry_id: str, *, note: str | None) -> None:
        if self._guard(shell, lambda: self.contributions.reverse(
                entry_id, note=(note or "").strip() or None, collector=self.user_name())):
            shell.toast(self.t("contrib.recorded"))
        shell.refresh(force=True)

    def record_expense(self, shell: Navigator, *, campaign_id: str, amount_vnd: int, purpose: str,
                       spent_on: date, payee: str | None, receipt_no: str | None) -> None:
        """What some of the campaign's money was spent on (queued for the ward)."""
        row = self._guard(shell, lambda: self.store.expenses.record(
            campaign_id=campaign_id, amount_vnd=amount_vnd, purpose=purpose,
            spent_on=spent_on, payee=payee, receipt_no=receipt_no))
        if row is not None:
            shell.toast(self.t("expense.recorded"))
            shell.back()

    def reverse_expense(self, shell: Navigator, expense_id: str, *, reason: str) -> None:
        """Hủy khoản ghi: cancel an expense line with its reason."""
        if self._guard(shell, lambda: self.store.expenses.reverse(expense_id, reason=reason)):
            shell.toast(self.t("expense.reversed_toast"))
        shell.refresh(force=True)

    def export_sheet(self, shell: Navigator, campaign_id: str) -> None:
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
        name = f"cong-khai-{format_date(today_vn()).replace('/', '-')}-{campaign_id[:8]}.pdf"
        self._offer_pdf(shell, name, pdf, self.t("contrib.exported", path=name))

    def export_receipt(self, shell: Navigator, entry_id: str) -> None:
        """Write the household's receipt (biên nhận) for one entry and offer it to share."""
        from field_app.export.receipt import build_receipt_pdf, receipt_number

        entry = self.contributions.entry(entry_id)
        if entry is None:
            return
        campaign = self.contributions.campaign(entry.campaign_id)
        enrollment = self.enrollment
        pdf = build_receipt_pdf(
            t=self.t, entry=entry, household=self.households.get(entry.household_id),
            campaign_title=campaign.title if campaign else "",
            group_name=enrollment.group_name if enrollment else "",
            ward_name=enrollment.ward_name if enrollment else "",
            collector=entry.collector or self.user_name(), printed_on=today_vn(),
        )
        name = f"bien-nhan-{receipt_number(entry)}.pdf"
        self._offer_pdf(shell, name, pdf, self.t("receipt.made", path=name))

    def _offer_pdf(self, shell: Navigator, name: str, pdf: bytes, done: str) -> None:
        """Keep a copy in exports/ and offer the PDF to save, share or download."""
        folder = Path(self.store.data_dir) / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(pdf)

        async def offer() -> None:
            # no save dialog on some platforms: the copy in exports/ stays either way
            with contextlib.suppress(Exception):
                if self.file_picker is not None:
                    await self.file_picker.save_file(file_name=name, src_bytes=pdf)
            shell.toast(done)

        shell.page.run_task(offer)
