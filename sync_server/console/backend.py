"""Console layer: the one place the console reaches into the server (engine, services).

Views call these methods with the signed-in staff member; each opens its own database
session, scopes every query to the staff member's ward, and returns plain data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session, select


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


class ConsoleBackend:
    """The server as the console sees it: ward-scoped reads and the staff actions."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    @property
    def engine(self) -> Engine:
        engine: Any = getattr(self.app.state, "engine", None)
        if engine is None:
            raise RuntimeError("the server app has no database engine yet")
        return engine  # type: ignore[no-any-return]

    @contextmanager
    def session(self) -> Iterator[Session]:
        from sync_server.db import session_scope

        with session_scope(self.engine) as db:
            yield db

    # -- sign-in ------------------------------------------------------------------

    def authenticate(self, *, username: str, password: str) -> StaffIdentity | None:
        """The active staff account for these credentials, or None."""
        from sync_server.models import Staff, Ward

        if not username or not password:
            return None
        with self.session() as db:
            staff = db.exec(select(Staff).where(Staff.username == username)).first()
            if staff is None or not staff.active:
                return None
            if not _verify_password(staff.password_hash, password):
                return None
            ward = db.get(Ward, staff.ward_id)
            return StaffIdentity(
                id=staff.id,
                username=staff.username,
                full_name=staff.full_name,
                ward_id=staff.ward_id,
                ward_name=ward.name if ward else staff.ward_id,
            )


def _verify_password(password_hash: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import Argon2Error, InvalidHashError

    try:
        return PasswordHasher().verify(password_hash, password)
    except (Argon2Error, InvalidHashError):
        return False
