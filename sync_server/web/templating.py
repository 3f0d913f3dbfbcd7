"""Web layer: one Jinja2 environment per template folder, with the formats users expect.

Dates are dd/mm/yyyy in Asia/Ho_Chi_Minh, money `3.500.000 ₫`; every user-visible word
comes from the page's translator (`t`), never from the template itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from field_app.wire.formats import format_date, format_vnd

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def date_vn(value: date | datetime | str | None) -> str:
    """A date as dd/mm/yyyy (a time is first converted to Vietnam's clock)."""
    return format_date(value) if value else ""


def datetime_vn(value: datetime | None) -> str:
    """A time as dd/mm/yyyy HH:MM on Vietnam's clock."""
    if value is None:
        return ""
    return value.astimezone(VN).strftime("%d/%m/%Y %H:%M")


def iso_date(value: date | None) -> str:
    return value.isoformat() if value else ""


class Pages:
    """Renders the templates of one folder with shared filters and per-request globals."""

    def __init__(self, folder: Path, *, globals_for: Callable[[Request], Mapping[str, Any]]):
        self.env = Environment(
            loader=FileSystemLoader(str(folder)),
            autoescape=select_autoescape(["html", "svg"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(d=date_vn, dt=datetime_vn, money=format_vnd, iso=iso_date)
        self._globals_for = globals_for

    def render(self, request: Request, name: str, context: Mapping[str, Any] | None = None,
               *, status: int = 200, headers: Mapping[str, str] | None = None) -> HTMLResponse:
        values = {"request": request, **self._globals_for(request), **(context or {})}
        html = self.env.get_template(name).render(values)
        response = HTMLResponse(html, status_code=status, headers=dict(headers or {}))
        response.headers.setdefault("Cache-Control", "no-store")
        return response
