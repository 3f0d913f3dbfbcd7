"""API layer: request dependencies as `Annotated` aliases (SessionDep, CurrentDevice, ...).

One rule for every route: its database work runs in a worker thread, never on the event
loop. Plain `def` routes and dependencies are run in the thread pool by FastAPI; a route
that must await something (a request body, the disk) is `async` and hands its database
work to a thread itself: the pool (`run_in_threadpool`), or for the phones' push and pull
the process's one sync thread (api.sync). So a statement that waits for a lock (a group's
counter row, SQLite's write lock) waits in a thread, and the one holding the lock can
always end its transaction, commit or rollback, whenever FastAPI closes its session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, OAuth2PasswordBearer
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from sync_server.errors import ApiProblem, E
from sync_server.services.devices import DeviceUser, device_for_token
from sync_server.services.staff import StaffUser, staff_for_token
from sync_server.settings import Settings


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

_device_bearer = HTTPBearer(auto_error=False, description="Device token from enrollment")
staff_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def unauthorized() -> ApiProblem:
    return ApiProblem(E.UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})


def bearer_token(request: Request) -> str:
    """The request's bearer token (as FastAPI's HTTPBearer reads it), else 401; for the
    sync routes, which solve no dependencies."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise unauthorized()
    return token


def current_device(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_device_bearer)],
) -> DeviceUser:
    if credentials is None or not credentials.credentials:
        raise unauthorized()
    device = device_for_token(session, credentials.credentials)
    # give the connection back to the pool: a request may wait for a worker thread now, and
    # must not hold a connection meanwhile (200 phones at once starved the pool: 500s)
    session.rollback()
    return device


def current_staff(
    session: SessionDep, token: Annotated[str | None, Depends(staff_bearer)]
) -> StaffUser:
    if not token:
        raise unauthorized()
    return staff_for_token(session, token)


CurrentDevice = Annotated[DeviceUser, Depends(current_device)]
CurrentStaff = Annotated[StaffUser, Depends(current_staff)]

M = TypeVar("M", bound=BaseModel)


def json_body(raw: bytes, model: type[M]) -> M:
    """A request body as `model`, parsed and validated in one pass by pydantic-core.

    For the big push bodies this is several times cheaper than FastAPI's declared body
    (the standard library's JSON parser, then validation of the Python objects); the
    errors are FastAPI's own (`RequestValidationError`), so the problems are the same."""
    if not raw:
        raise RequestValidationError([{"type": "missing", "loc": ("body",),
                                       "msg": "Field required", "input": None}])
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_actor(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_device_bearer)],
) -> DeviceUser | StaffUser:
    """A phone or a staff member (attachments serve both)."""
    if credentials is None or not credentials.credentials:
        raise unauthorized()
    try:
        return device_for_token(session, credentials.credentials)
    except ApiProblem as problem:
        if problem.code != E.UNAUTHORIZED:
            raise
    return staff_for_token(session, credentials.credentials)


CurrentActor = Annotated[DeviceUser | StaffUser, Depends(current_actor)]
