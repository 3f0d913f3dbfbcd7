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
from sync_server.console.queries.inbox import InboxFilters, InboxPage, inbox_page
from sync_server.console.queries.petition import PetitionDetail, petition_detail


@dataclass(frozen=True)
class StaffIdentity:
    id: str
    username: str
    full_name: str
    ward_id: str
    ward_name: str

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def as_staff_user(self) -> Any:
        from sync_server.services.staff import StaffUser

        return StaffUser(
            id=self.id, ward_id=self.ward_id, username=self.username, full_name=self.full_name
        )


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
        from sync_server.db import session_scope

        with session_scope(self.engine) as db:
            yield db

    def today(self) -> date:
        return today_vn()

    # -- sign-in and the ward ------------------------------------------------------

    def authenticate(self, *, username: str, password: str) -> StaffIdentity | None:
        """The active staff account for these credentials, or None."""
        from sync_server.auth import burn_password_check, verify_password
        from sync_server.models.tables import staff_t, ward_t

        if not username or not password:
            return None
        with self.session() as db:
            row = db.execute(
                select(staff_t, ward_t.c.name.label("ward_name"))
                .join(ward_t, ward_t.c.id == staff_t.c.ward_id)
                .where(staff_t.c.username == username)
            ).first()
            if row is None or not row.active:
                burn_password_check(password)
                return None
            if not verify_password(row.password_hash, password):
                return None
            return StaffIdentity(
                id=row.id,
                username=row.username,
                full_name=row.full_name,
                ward_id=row.ward_id,
                ward_name=row.ward_name,
            )

    def groups(self, staff: StaffIdentity) -> list[GroupRef]:
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
        self, staff: StaffIdentity, filters: InboxFilters, *, page: int, page_size: int
    ) -> InboxPage:
        with self.session() as db:
            return inbox_page(
                db,
                ward_id=staff.ward_id,
                filters=filters,
                today=self.today(),
                page=page,
                page_size=page_size,
            )

    def petition(self, staff: StaffIdentity, petition_id: str) -> PetitionDetail | None:
        with self.session() as db:
            return petition_detail(db, ward_id=staff.ward_id, petition_id=petition_id)

    def record_personal_view(self, staff: StaffIdentity, petition_id: str) -> None:
        """Write the audit row saying this staff member looked at a citizen's personal data."""
        from sync_server.services import audit

        with self.session() as db:
            audit.record(
                db,
                ward_id=staff.ward_id,
                actor_id=staff.id,
                action="petition.view_personal",
                entity="petition",
                entity_id=petition_id,
            )

    def transition(
        self, staff: StaffIdentity, petition_id: str, *, action: str, **fields: Any
    ) -> PetitionData:
        """Move a petition on the ward side through the same service as the staff API."""
        from sync_server.services import petitions

        with self.session() as db:
            result = petitions.staff_transition(
                db, staff.as_staff_user(), petition_id, action=action, **fields
            )
        return PetitionData.model_validate(result)

    # -- devices -------------------------------------------------------------------

    def devices(self, staff: StaffIdentity) -> list[Any]:
        from sync_server.console.queries.devices import ward_devices

        with self.session() as db:
            return ward_devices(db, ward_id=staff.ward_id)

    def issue_enrollment_code(self, staff: StaffIdentity, group_id: str) -> Any:
        from sync_server.services.enrollment import issue_code

        if group_id not in {g.id for g in self.groups(staff)}:
            raise PermissionError("group outside the staff member's ward")
        with self.session() as db:
            return issue_code(db, group_id=group_id, hours=self.settings.enroll_code_hours)

    def revoke_device(self, staff: StaffIdentity, device_id: str) -> None:
        from sync_server.services.devices import revoke

        with self.session() as db:
            revoke(db, device_id, staff.ward_id)
