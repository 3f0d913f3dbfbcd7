"""A form's draft keeper: a draft thrown away (the form was saved) stays gone, also when a
write was still waiting for a pause in the typing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

from loops import run_in_own_loop

from field_app.store import LocalStore
from field_app.ui.components.drafts import DELAY, DraftKeeper


class _Page:
    """The part of a Flet page the keeper uses: tasks on the running event loop."""

    def __init__(self) -> None:
        self.tasks: list[asyncio.Task[Any]] = []

    def run_task(self, make: Callable[[], Awaitable[Any]]) -> None:
        async def run() -> Any:
            return await make()

        self.tasks.append(asyncio.ensure_future(run()))


def _typed_then(store: LocalStore, drop: Callable[[DraftKeeper], None]) -> bool:
    """Type into a new meeting form, save it at once (`drop`), wait past the keeper's pause:
    whether a draft is there afterwards."""

    async def story() -> bool:
        page = _Page()
        shell: Any = SimpleNamespace(app=SimpleNamespace(store=store), page=page)
        keeper = DraftKeeper(shell, "meeting:new", lambda: {"place": "Nhà văn hóa tổ 1"})
        keeper.changed()  # a letter typed: the write waits for a pause
        drop(keeper)  # saved before the pause
        await asyncio.sleep(DELAY + 0.2)
        await asyncio.gather(*page.tasks)
        return store.drafts.get("meeting:new") is not None

    return run_in_own_loop(story())


def test_a_saved_form_leaves_no_draft_behind(store: LocalStore) -> None:
    assert _typed_then(store, lambda keeper: keeper.discard()) is False


def test_deleting_the_row_alone_let_the_waiting_write_bring_it_back(store: LocalStore) -> None:
    # what saving did before: the next new meeting form opened filled with the saved one
    assert _typed_then(store, lambda keeper: store.drafts.discard(keeper.form)) is True
