"""API layer: request dependencies as `Annotated` aliases (SessionDep, CurrentDevice, ...)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Request
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
DeviceCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_device_bearer)]

T = TypeVar("T")
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


_BODY_MODELS: dict[str, type[BaseModel]] = {}
_REF = "#/components/schemas/{model}"


def json_body_openapi(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` documenting a body read with `json_body` (FastAPI cannot see it);
    `document_json_bodies` adds the model's schema to the components."""
    _BODY_MODELS[model.__name__] = model
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": _REF.format(model=model.__name__)}}}}}


def document_json_bodies(app: FastAPI) -> None:
    """Put the schemas of the bodies read with `json_body` in the OpenAPI components."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        fresh = app.openapi_schema is None
        schema = build()
        if fresh:
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, model in _BODY_MODELS.items():
                body = model.model_json_schema(ref_template=_REF)
                components.update(body.pop("$defs", {}))
                components[name] = body
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


async def as_device(request: Request, credentials: HTTPAuthorizationCredentials | None,
                    work: Callable[[Session, DeviceUser], T]) -> T:
    """Authenticate the phone and run its read-only sync `work` (a pull) with one session,
    on the event loop itself (see `run_as_device`)."""
    if credentials is None or not credentials.credentials:
        raise unauthorized()
    return run_as_device(request.app.state, credentials.credentials, work)


async def as_writer(request: Request, credentials: HTTPAuthorizationCredentials | None,
                    work: Callable[[Session, str], T]) -> T:
    """Run a phone's writing sync `work` (a push), which checks the token itself as the
    first statements of its transaction (see `run_as_writer`)."""
    if credentials is None or not credentials.credentials:
        raise unauthorized()
    return await run_as_writer(request.app.state, credentials.credentials, work)


def run_as_device(state: Any, token: str, work: Callable[[Session, DeviceUser], T]) -> T:
    """Authenticate the phone (its token and sync position in one statement) and run
    `work`, a pull, on the event loop itself.

    A phone's sync request is a few milliseconds of Python and database round trips. Run
    in the thread pool, its hops there and back and the GIL hand-overs between the threads
    cost a ward's burst of syncs more than they overlap: on 2 cores, with one worker
    process per core, running the work right here finished 200 phones at once about a
    fifth sooner, with less CPU per phone (docs/performance.md, fourth round). Other
    requests of this process wait meanwhile, as long as one push or pull page takes (tens
    of milliseconds at most); every other route still runs in the thread pool and ends its
    transaction there (its commit, or on failure the rollback of api.routing), so no lock
    the work could wait on is held by something that needs this loop.

    The session (`state.sync_session`, kept from one sync to the next) is in autocommit:
    the token check and a "nothing new" answer are one statement, with no BEGIN and
    COMMIT around it on PostgreSQL."""
    with state.sync_session.session() as session:
        device = device_for_token(session, token, with_position=True)
        return work(session, device)


async def run_as_writer(state: Any, token: str, work: Callable[[Session, str], T]) -> T:
    """Run a push on the event loop (as `run_as_device`) in its turn among the writers
    (`db.WriterQueue`), and return once it is on disk. The session is in autocommit: the
    work begins its transaction itself, with its first statements (services.push.start),
    and ends it before the turn passes on; on failure it is rolled back here."""
    with state.sync_session.session() as session, state.writers.turn():
        try:
            result = work(session, token)
        except BaseException:
            session.rollback()
            raise
    await state.writers.on_disk()  # the phone forgets its copy once the push is answered
    return result


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
