"""Store layer: the phone's local database (SQLite), its outbox and its repositories.

    store = LocalStore.open()              # FLET_APP_STORAGE_DATA or the user data dir
    row = store.petitions.create(field="economy", category="lighting", title="Đèn hỏng")
    row.sync_state                          # 'pending' until the next sync

Nothing here imports flet: the screens sit on top, the sync engine beside.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from field_app.store import journal
from field_app.store.answers import NewAnswers
from field_app.store.attachments import AttachmentStore
from field_app.store.contributions import ContributionRepository
from field_app.store.db import DB_FILE_NAME, Database, default_data_dir
from field_app.store.dialogues import DialogueRepository, next_ward_dialogue_date
from field_app.store.drafts import Draft, DraftStore
from field_app.store.erasure import forget_old_pages
from field_app.store.errors import (
    InvalidTransition,
    NotEnrolled,
    PendingChangesError,
    RecordNotFound,
    StoreError,
)
from field_app.store.expenses import ExpenseRepository
from field_app.store.group_reports import GroupReportRepository
from field_app.store.households import HouseholdRepository
from field_app.store.migrations import RECORD_TABLES, migrate
from field_app.store.mobilization import ModelRepository
from field_app.store.outbox import Outbox, refresh_marks
from field_app.store.petitions import PetitionRepository
from field_app.store.records import (
    CampaignRow,
    ContributionEntryRow,
    DialogueSessionRow,
    DuplicateCandidate,
    HouseholdBalance,
    HouseholdRow,
    KindTotals,
    OutboxCounts,
    OutboxEntry,
    PetitionCounts,
    PetitionRow,
    RecordSyncState,
    TransparencyRow,
)
from field_app.store.replica import Replica
from field_app.store.revoked import forget_sent_personal_data
from field_app.store.settings import Enrollment, Settings
from field_app.store.writer import LocalWriter


class LocalStore:
    """Everything the phone keeps: records, outbox, settings. Thread-safe; one per data dir."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(self.data_dir / DB_FILE_NAME)
        migrate(self.db)
        self.settings = Settings(self.data_dir)
        self.outbox = Outbox(self.db)
        self.writer = LocalWriter(
            self.db, self.outbox,
            group_id=lambda: self.settings.group_id,
            actor=lambda: self.settings.user_name,
        )
        self.answers = NewAnswers(self.db)
        self.replica = Replica(self.db, self.outbox, self.writer, self.answers)
        self.petitions = PetitionRepository(self.db, self.writer)
        self.households = HouseholdRepository(self.db, self.writer)
        self.dialogues = DialogueRepository(self.db, self.writer)
        self.contributions = ContributionRepository(self.db, self.writer)
        self.expenses = ExpenseRepository(self.db, self.writer)
        self.models = ModelRepository(self.db, self.writer)
        self.group_reports = GroupReportRepository(self.db, self.writer)
        self.attachments = AttachmentStore(self.db, self.data_dir)
        self.drafts = DraftStore(self.db)

    @classmethod
    def open(cls, data_dir: Path | str | None = None) -> LocalStore:
        """Open (creating and migrating as needed) the store in `data_dir` or the default."""
        return cls(Path(data_dir) if data_dir is not None else default_data_dir())

    def subscribe(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Call `listener(event)` after data changes ('local_write', 'pushed', 'pulled').

        Called on the thread that made the change; returns an unsubscribe function.
        """
        return self.writer.add_listener(listener)

    def adopt_new_device(self, *, group_id: str) -> None:
        """After enrolling: unsent writes are renumbered from seq 1 (a new device on the
        server), local records written before enrolling join the group, and the next pull
        starts a fresh snapshot."""
        with self.db.transaction() as conn:
            journal.forget_all(conn)  # the new device has sent nothing yet
            self.outbox.renumber_pending(conn, first_seq=1)
            for table in (*RECORD_TABLES, "models", "group_reports", "campaign_expenses"):
                conn.execute(
                    f"UPDATE {table} SET group_id = ?, data = json_set(data, '$.group_id', ?) "
                    "WHERE (group_id IS NULL OR group_id = '') AND server_data IS NULL",
                    (group_id, group_id),
                )
            self.replica.begin_reset()

    def renumber_outbox(self, *, first_seq: int) -> None:
        """Renumber unsent entries from `first_seq` (the server reported a gap)."""
        with self.db.transaction() as conn:
            self.outbox.renumber_pending(conn, first_seq=first_seq)

    def resend_lost(self, *, server_last_seq: int) -> int:
        """The server holds this device's mutations only up to `server_last_seq` (it was
        restored from a backup, or it reported a gap): the answered ones after it go back
        into the outbox (store/journal.py), and every waiting entry is numbered on from
        `server_last_seq + 1`. Returns how many answered mutations are sent again."""
        with self.db.transaction() as conn:
            touched = journal.requeue_after(conn, server_last_seq)
            self.outbox.renumber_pending(conn, first_seq=server_last_seq + 1)
            for entity, entity_id in set(touched):
                refresh_marks(conn, entity, entity_id)
        if touched:
            self.writer.notify("pushed")
        return len(touched)

    def has_sent_after(self, seq: int) -> bool:
        """Whether the journal holds answered mutations after `seq` (the server's
        `last_seq` went back: it was restored from a backup)."""
        with self.db.reading() as conn:
            return journal.highest_seq(conn) > seq

    def wipe_records(self) -> None:
        """Delete every record, the outbox, the cursor and the drafts (signing out)."""
        with self.db.transaction() as conn:
            for table in ("petitions", "households", "campaigns", "contribution_entries",
                          "dialogue_sessions", "models", "group_reports", "campaign_expenses",
                          "reference_items", "outbox", "meta", "attachment_uploads", "draft",
                          "new_answer", "sent_mutations"):
                conn.execute(f"DELETE FROM {table}")
        self.writer.notify("pulled")

    def forget_sent_personal_data(self) -> int:
        """The ward revoked this phone: empty the personal fields of every record the ward
        already has, keep the unsent writes (`store.revoked`); returns the records changed."""
        with self.db.transaction() as conn:
            changed = forget_sent_personal_data(conn, self.writer)
            journal.forget_all(conn)  # copies of what the ward already has
        with self.db.reading() as conn:
            forget_old_pages(conn)
        if changed:
            self.writer.notify("pulled")
        return changed

    def close(self) -> None:
        self.db.close()


__all__ = [
    "AttachmentStore",
    "CampaignRow",
    "ContributionEntryRow",
    "ContributionRepository",
    "DialogueRepository",
    "DialogueSessionRow",
    "Draft",
    "DraftStore",
    "DuplicateCandidate",
    "Enrollment",
    "GroupReportRepository",
    "HouseholdBalance",
    "HouseholdRepository",
    "HouseholdRow",
    "InvalidTransition",
    "KindTotals",
    "LocalStore",
    "ModelRepository",
    "NotEnrolled",
    "Outbox",
    "OutboxCounts",
    "OutboxEntry",
    "PendingChangesError",
    "PetitionCounts",
    "PetitionRepository",
    "PetitionRow",
    "RecordNotFound",
    "RecordSyncState",
    "Settings",
    "StoreError",
    "TransparencyRow",
    "default_data_dir",
    "next_ward_dialogue_date",
]
