"""Console layer: the one place the console reaches into the server (engine, services).

Views call these methods with the signed-in staff member; each opens its own database
session, scopes every query to the staff member's ward, and returns plain data. Writes
go through the server's services, so they land on timelines and in change tracking
exactly as the staff API's do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine, select
from sqlmodel import Session

from field_app.wire.formats import today_vn
from field_app.wire.records import PetitionData
from sync_server.console.queries.petition import PetitionDetail, petition_detail
from sync_server.services.inbox import InboxFilters, InboxPage, inbox_page
from sync_server.services.staff import StaffUser


@dataclass(frozen=True)
class GroupRef:
    id: str
    name: str


class ConsoleBackend:
    """The server as the console sees it: ward-scoped reads and the staff actions."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    @property
    def engine(self) -> Engine:
        engine: Engine = self.app.state.engine
        return engine

    @property
    def settings(self) -> Any:
        return self.app.state.settings

    @contextmanager
    def session(self) -> Iterator[Session]:
        from sync_server.storage import session_scope

        with session_scope(self.engine) as db:
            yield db

    def today(self) -> date:
        return today_vn()

    # -- the ward ------------------------------------------------------------------

    def ward_name(self, ward_id: str) -> str:
        from sync_server.models.tables import ward_t

        with self.session() as db:
            name = db.execute(select(ward_t.c.name).where(ward_t.c.id == ward_id)).scalar()
        return str(name or "")

    def groups(self, staff: StaffUser) -> list[GroupRef]:
        from sync_server.models.tables import group_t

        with self.session() as db:
            rows = db.execute(
                select(group_t.c.id, group_t.c.name)
                .where(group_t.c.ward_id == staff.ward_id)
                .order_by(group_t.c.number, group_t.c.name)
            ).all()
        return [GroupRef(id=r.id, name=r.name) for r in rows]

    # -- petitions -----------------------------------------------------------------

    def inbox(
        self, staff: StaffUser, filters: InboxFilters, *, page: int, page_size: int
    ) -> InboxPage:
        from sync_server.services.deadlines import DUE_SOON_WORKING_DAYS

        today = self.today()
        with self.session() as db:
            calendar = self.deadline_policy(staff, db=db).calendar
            return inbox_page(
                db,
                ward_id=staff.ward_id,
                filters=filters,
                today=today,
                page=page,
                page_size=page_size,
                soon_until=calendar.add_working_days(today, DUE_SOON_WORKING_DAYS),
            )

    # -- deadlines -----------------------------------------------------------------

    def deadline_policy(self, staff: StaffUser, *, db: Session | None = None) -> Any:
        """The ward's deadline policy (`services.deadlines.Policy`) with its added days."""
        from sync_server.services.deadlines import load_policy

        if db is not None:
            return load_policy(db, staff.ward_id)
        with self.session() as own:
            return load_policy(own, staff.ward_id)

    def save_deadline_policy(self, staff: StaffUser, **fields: Any) -> Any:
        from sync_server.services.deadlines import save_policy

        with self.session() as db:
            return save_policy(db, staff.ward_id, actor=staff.actor, **fields)

    def add_ward_day(self, staff: StaffUser, *, day: date, kind: str, note: str) -> None:
        from sync_server.services.deadlines import add_day

        with self.session() as db:
            add_day(db, staff.ward_id, day=day, kind=kind, note=note)

    def remove_ward_day(self, staff: StaffUser, day: date) -> None:
        from sync_server.services.deadlines import remove_day

        with self.session() as db:
            remove_day(db, staff.ward_id, day)

    def petition(self, staff: StaffUser, petition_id: str) -> PetitionDetail | None:
        with self.session() as db:
            return petition_detail(db, ward_id=staff.ward_id, petition_id=petition_id)

    def record_personal_view(self, staff: StaffUser, petition_id: str, *, reason: str = "") -> None:
        """Write the audit row saying this staff member looked at a citizen's personal data."""
        self._audit(staff, action="petition.view_personal", entity="petition",
                    entity_id=petition_id, detail={"reason": reason} if reason else None)

    def record_search(self, staff: StaffUser, *, entity: str, query: str) -> None:
        """A search may match citizens' names and phones: it is audited like a look."""
        self._audit(staff, action=f"{entity}.search", entity=entity, entity_id="*",
                    detail={"q": query})

    def record_export(self, staff: StaffUser, *, entity: str, entity_id: str,
                      detail: dict[str, Any]) -> None:
        """An export that carries personal data is audited with what it carried."""
        self._audit(staff, action=f"{entity}.export", entity=entity, entity_id=entity_id,
                    detail=detail)

    def _audit(self, staff: StaffUser, *, action: str, entity: str, entity_id: str,
               detail: dict[str, Any] | None) -> None:
        from sync_server.services import audit

        with self.session() as db:
            audit.record(db, ward_id=staff.ward_id, actor_id=staff.id, action=action,
                         entity=entity, entity_id=entity_id, detail=detail)

    def household_of(self, staff: StaffUser, household_id: str | None) -> dict[str, Any] | None:
        """The household a petition names (head, address, phone), within the ward."""
        if not household_id:
            return None
        from sync_server.models.tables import group_t, household_t

        with self.session() as db:
            row = db.execute(
                select(household_t.c.head_name, household_t.c.address, household_t.c.phone)
                .join(group_t, group_t.c.id == household_t.c.group_id)
                .where(household_t.c.id == household_id, group_t.c.ward_id == staff.ward_id)
            ).first()
        return dict(row._mapping) if row else None

    def transition(
        self, staff: StaffUser, petition_id: str, *, action: str, **fields: Any
    ) -> PetitionData:
        """Move a petition on the ward side through the same service as the staff API."""
        from field_app.wire.protocol import TransitionRequest
        from sync_server.services.transitions import transition

        request = TransitionRequest.model_validate(
            {"action": action, **{k: v for k, v in fields.items() if v is not None}}
        )
        with Session(self.engine, expire_on_commit=False) as db:
            result = transition(db, staff, petition_id, request)
        return PetitionData.model_validate(result)

    # -- devices -------------------------------------------------------------------

    def devices(self, staff: StaffUser) -> list[Any]:
        from sync_server.console.queries.devices import ward_devices

        with self.session() as db:
            return ward_devices(db, ward_id=staff.ward_id)

    def issue_enrollment_code(self, staff: StaffUser, group_id: str) -> Any:
        from sync_server.services.enrollment import issue_code

        if group_id not in {g.id for g in self.groups(staff)}:
            raise PermissionError("group outside the staff member's ward")
        with self.session() as db:
            return issue_code(db, group_id=group_id, hours=self.settings.enroll_code_hours)

    def revoke_device(self, staff: StaffUser, device_id: str) -> None:
        from sync_server.services.devices import revoke

        with self.session() as db:
            revoke(db, device_id, staff.ward_id)

    # -- dialogue day --------------------------------------------------------------

    def dialogue_day(self, staff: StaffUser, on: date | None = None) -> Any:
        from sync_server.console.queries import dialogue as q

        day = on or q.next_dialogue_day(self.today(), self.settings.dialogue_day_of_month)
        with self.session() as db:
            return DialoguePlan(
                day=day,
                saved=q.ward_session_on(db, ward_id=staff.ward_id, on=day),
                candidates=q.agenda_candidates(db, ward_id=staff.ward_id, today=self.today()),
            )

    def agenda_items(self, staff: StaffUser, petition_ids: list[str]) -> list[Any]:
        from sync_server.console.queries.dialogue import agenda_items

        with self.session() as db:
            return agenda_items(
                db, ward_id=staff.ward_id, petition_ids=petition_ids, today=self.today()
            )

    def save_ward_dialogue(
        self,
        staff: StaffUser,
        *,
        session_id: str | None,
        base_version: int | None,
        fields: dict[str, Any],
    ) -> str:
        """Create or update the ward's dialogue-day session through the dialogue service,
        so it is change-tracked in the ward scope and every phone of the ward pulls it."""
        import uuid

        from field_app.wire.mutations import DialogueCreate, DialogueUpdate
        from sync_server.services import dialogues
        from sync_server.services.context import WriteContext

        with Session(self.engine, expire_on_commit=False) as db:
            ctx = WriteContext(session=db, ward_id=staff.ward_id, actor=staff.actor)
            if session_id is None:
                session_id = str(uuid.uuid4())
                dialogues.create(
                    ctx, DialogueCreate(id=uuid.UUID(session_id), **fields), ward_day=True
                )
            else:
                # The whole session is saved at once from one form: a save made meanwhile by
                # anyone (even the same account in another browser) is a conflict to show.
                from sync_server.errors import ApiProblem, E

                ctx.clock.lock(dialogues.scope_of(db, session_id, staff.ward_id))
                current = dialogues.get(db, session_id, staff.ward_id)
                if base_version is not None and current["version"] != base_version:
                    raise ApiProblem(E.VERSION_CONFLICT, current_version=current["version"])
                dialogues.update_fields(
                    ctx,
                    DialogueUpdate(id=uuid.UUID(session_id), base_version=base_version, **fields),
                    base_version,
                )
            ctx.commit()
        return session_id

    def ward_dialogues(self, staff: StaffUser) -> list[dict[str, Any]]:
        """The ward's dialogue-day sessions, the latest first."""
        from sync_server.services import dialogues

        with self.session() as db:
            return dialogues.list_sessions(
                db, ward_id=staff.ward_id, scope="ward", kind="ward_dialogue_day"
            )

    def ward_dialogue(self, staff: StaffUser, session_id: str) -> dict[str, Any] | None:
        """One of the ward's dialogue-day sessions, or None (not found, not the ward's)."""
        import uuid

        from sync_server.errors import ApiProblem
        from sync_server.services import dialogues

        try:
            uuid.UUID(session_id)
        except ValueError:
            return None
        with self.session() as db:
            try:
                found = dialogues.get(db, session_id, staff.ward_id)
            except ApiProblem:
                return None
        if found.get("scope") != "ward" or found.get("kind") != "ward_dialogue_day":
            return None
        return found

    def briefing_data(
        self, staff: StaffUser, *, day: date, petition_ids: list[str], place: str, chair: str
    ) -> Any:
        from sync_server.console.queries.dialogue import open_commitments
        from sync_server.reports import BriefingData

        items = self.agenda_items(staff, petition_ids)
        with self.session() as db:
            commitments = open_commitments(db, ward_id=staff.ward_id)
        from field_app.wire.formats import utcnow

        return BriefingData(
            ward_name=self.ward_name(staff.ward_id),
            session_date=day,
            items=items,
            place=place,
            chair=chair,
            commitments=commitments,
            generated_at=utcnow(),
        )

    # -- contributions and reports ------------------------------------------------

    def campaigns(self, staff: StaffUser) -> list[Any]:
        from sync_server.console.queries.contributions import ward_campaigns

        with self.session() as db:
            return ward_campaigns(db, ward_id=staff.ward_id)

    def transparency_data(self, staff: StaffUser, campaign_id: str) -> Any:
        from field_app.wire.formats import utcnow
        from sync_server.console.queries.contributions import transparency, ward_campaigns

        with self.session() as db:
            campaign = next(
                c for c in ward_campaigns(db, ward_id=staff.ward_id) if c.id == campaign_id
            )
            data = transparency(
                db,
                ward_id=staff.ward_id,
                ward_name=self.ward_name(staff.ward_id),
                campaign=campaign,
            )
        from dataclasses import replace

        return replace(data, generated_at=utcnow())

    def publish_campaign(self, staff: StaffUser, campaign_id: str) -> str:
        """The campaign's public id (made on first publication), within the ward."""
        from sync_server.services.campaigns import ensure_public_id, group_of

        with self.session() as db:
            group_of(db, campaign_id, staff.ward_id)
            return ensure_public_id(db, campaign_id)

    def campaign_expenses(self, staff: StaffUser, campaign_id: str) -> list[dict[str, Any]]:
        from sync_server.services.campaigns import group_of
        from sync_server.services.expenses import lines

        with self.session() as db:
            group_of(db, campaign_id, staff.ward_id)
            return lines(db, campaign_id)

    def record_expense(self, staff: StaffUser, args: Any) -> None:
        """Staff record an expense of a group's campaign (it reaches the group's phones)."""
        from sync_server.services import expenses
        from sync_server.services.campaigns import group_of
        from sync_server.services.changes import group_scope
        from sync_server.services.staff_writes import staff_context

        with self.session() as db:
            scope = group_scope(group_of(db, str(args.campaign_id), staff.ward_id))
            ctx = staff_context(db, staff, scope)
            expenses.record(ctx, args)
            ctx.commit()

    def monthly_report(self, staff: StaffUser, *, year: int, month: int) -> Any:
        from sync_server.console.queries.contributions import receipts_in_month
        from sync_server.console.queries.month_story import groups_said, model_progress
        from sync_server.console.queries.reports import month_facts
        from sync_server.reports import build_monthly_report
        from sync_server.reports.monthly import month_bounds

        first, last = month_bounds(year, month)
        key = f"{year:04d}-{month:02d}"
        with self.session() as db:
            facts = month_facts(db, ward_id=staff.ward_id, first=first, last=last)
            receipts = receipts_in_month(db, ward_id=staff.ward_id, first=first, last=last)
            said, summary, groups_total = groups_said(db, staff.ward_id, key)
            models = model_progress(db, staff.ward_id, key)
        report = build_monthly_report(
            year=year,
            month=month,
            ward_name=self.ward_name(staff.ward_id),
            petitions=facts,
            contributions=receipts,
            today=self.today(),
        )
        report.said, report.ward_summary, report.groups_total = said, summary, groups_total
        report.models = models
        return report

    # -- "Dân vận khéo" models -------------------------------------------------------

    def models(self, staff: StaffUser, filters: Any) -> Any:
        from sync_server.console.queries.models import model_register

        with self.session() as db:
            return model_register(db, ward_id=staff.ward_id, filters=filters)

    def model(self, staff: StaffUser, model_id: str) -> dict[str, Any] | None:
        from sync_server.console.queries.models import model_detail

        with self.session() as db:
            return model_detail(db, ward_id=staff.ward_id, model_id=model_id)

    def ward_campaign_choices(self, staff: StaffUser, group_id: str | None) -> list[Any]:
        """Campaigns a model may link: its group's, or every group's for a ward model."""
        return [c for c in self.campaigns(staff) if group_id is None or c.group_id == group_id]

    def write_model(self, staff: StaffUser, act: Any) -> Any:
        """Run one write of services.mobilization as this staff member, in its own
        transaction (change-tracked, so the phones pull it)."""
        from sync_server.services.context import WriteContext

        with Session(self.engine, expire_on_commit=False) as db:
            ctx = WriteContext(session=db, ward_id=staff.ward_id, actor=staff.actor)
            outcome = act(ctx)
            ctx.commit()
        return outcome


@dataclass
class DialoguePlan:
    day: date
    saved: dict[str, Any] | None
    candidates: list[Any]
