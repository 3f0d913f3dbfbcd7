"""API layer: routes whose failed database work ends in the thread that did it.

The phones' sync work runs on the event loop (see deps.as_device), so it may wait there
for a lock: the group's counter row, or SQLite's write lock. Whoever holds that lock
must be able to let go of it without the event loop. A route's own transaction ends
inside its service (a commit) when it succeeds; when it fails, FastAPI would close the
request's session later, in a step the event loop schedules, and an event loop waiting
for that lock would then wait for itself. `ReleasingRoute` rolls the session back in the
route's own thread, before the error leaves it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi.routing import APIRoute
from sqlmodel import Session

F = TypeVar("F", bound=Callable[..., Any])


def release_on_error(fn: F) -> F:
    """`fn` (a synchronous function), rolling back its `Session` arguments when it raises."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BaseException:
            for value in (*args, *kwargs.values()):
                if isinstance(value, Session):
                    with contextlib.suppress(Exception):  # a broken connection: the error
                        value.rollback()  # that matters is the one being raised
            raise

    return run  # type: ignore[return-value]


class ReleasingRoute(APIRoute):
    """An `APIRoute` whose synchronous endpoint runs through `release_on_error`."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = release_on_error(endpoint)
        super().__init__(path, endpoint, **kwargs)
