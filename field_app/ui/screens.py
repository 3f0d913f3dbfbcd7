"""UI layer: the phone's screens by name, as the console reaches its pages by route name.

Each view module registers what it can show: `@screen("petition_detail")` on a factory
(`detail_builder(petition_id) -> Builder`), `@page("households")` on a builder that needs
no argument. The actions and the other screens open a screen by its name
(`shell.open("petition_detail", row.id)`), so nothing imports a view to show it: the views
sit on top of the actions and the shell, never under them. `field_app.ui.views` imports
every view module, which fills the table before the first screen is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from field_app.ui.navigation import Builder

Factory = Callable[..., Builder]
F = TypeVar("F", bound=Factory)
B = TypeVar("B", bound=Builder)

_SCREENS: dict[str, Factory] = {}


def _register(name: str, factory: Factory) -> None:
    known = _SCREENS.get(name)
    if known is not None and known != factory:
        raise ValueError(f"two screens are named {name!r}")
    _SCREENS[name] = factory


def screen(name: str) -> Callable[[F], F]:
    """Register a factory of builders (its arguments say which record to show)."""

    def register(factory: F) -> F:
        _register(name, factory)
        return factory

    return register


def page(name: str) -> Callable[[B], B]:
    """Register a builder that takes no argument (the same builder each time it opens)."""

    def register(builder: B) -> B:
        _register(name, _Same(builder))
        return builder

    return register


@dataclass(frozen=True)
class _Same:
    """A factory that always gives the one builder (the shell keeps its scroll on rebuild)."""

    builder: Builder

    def __call__(self) -> Builder:
        return self.builder


def builder(name: str, *args: Any, **kwargs: Any) -> Builder:
    """The builder of the screen named `name` for these arguments."""
    try:
        factory = _SCREENS[name]
    except KeyError:
        raise LookupError(f"no screen is named {name!r} (is its module in "
                          "field_app.ui.views.SCREEN_MODULES?)") from None
    return factory(*args, **kwargs)


def names() -> frozenset[str]:
    """Every registered screen name."""
    return frozenset(_SCREENS)
