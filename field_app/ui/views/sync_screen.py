"""UI layer: the Sync screen: outbox with each item's state, rejections, conflicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flet as ft

from field_app.store.records import OutboxEntry
from field_app.ui import theme
from field_app.ui.components.chips import sync_chip
from field_app.ui.components.fields import section, tid
from field_app.ui.components.sync_strip import sync_banner
from field_app.ui.navigation import Screen
from field_app.ui.screens import page
from field_app.wire.formats import format_datetime

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

TITLE_KEYS = ("title", "head_name", "text", "receipt_no", "note")


def _describe(entry: OutboxEntry) -> str:
    for key in TITLE_KEYS:
        value = entry.args.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:80]
    return ""


@page('sync')
def sync_screen(shell: Shell) -> Screen:
    t = shell.t
    outbox = shell.app.store.outbox
    pending = outbox.pending(limit=200)
    kept = outbox.kept()
    rejected = [e for e in kept if e.state == "rejected"]
    conflicts = [e for e in kept if e.state == "conflict"]
    banner = ft.Container(content=sync_banner(shell.app))

    def show_status() -> None:
        banner.content = sync_banner(shell.app)

    parts: list[ft.Control] = [banner, section(t("syncs.outbox"))]
    parts += ([_entry(shell, e, f"outbox-{i}") for i, e in enumerate(pending)] or
              [ft.Text(t("syncs.outbox_empty"), size=theme.BODY, color=theme.MUTED)])
    parts.append(section(t("syncs.rejected")))
    parts += ([_entry(shell, e, f"rejected-{i}") for i, e in enumerate(rejected)] or
              [ft.Text(t("syncs.rejected_empty"), size=theme.BODY, color=theme.MUTED)])
    parts.append(section(t("syncs.conflicts")))
    parts += ([_entry(shell, e, f"conflict-{i}") for i, e in enumerate(conflicts)] or
              [ft.Text(t("syncs.conflicts_empty"), size=theme.BODY, color=theme.MUTED)])
    parts.append(ft.Container(height=24))
    return Screen(t("syncs.title"), ft.Column(parts, spacing=10), on_status=show_status)


def _entry(shell: Shell, e: OutboxEntry, identifier: str) -> ft.Control:
    t = shell.t
    lines: list[ft.Control] = [
        ft.Row([ft.Text(t(f"mutation.{e.name}"), size=theme.BODY, weight=ft.FontWeight.W_600,
                        expand=True),
                sync_chip(t, e.state)], spacing=6),
    ]
    description = _describe(e)
    if description:
        lines.append(ft.Text(description, size=theme.BODY, max_lines=2,
                             overflow=ft.TextOverflow.ELLIPSIS))
    lines.append(ft.Text(f"{t('syncs.seq', seq=e.device_seq)} · "
                         f"{t('syncs.recorded', when=format_datetime(e.recorded_at))}",
                         size=theme.SMALL, color=theme.MUTED))
    if e.state == "rejected":
        reason = t.error(e.code, e.message)
        advice_key = f"advice.{e.code}"
        advice = t(advice_key) if t(advice_key) != advice_key else t("advice.default")
        lines.append(ft.Text(t("syncs.reason", message=reason), size=theme.BODY,
                             color=theme.DANGER))
        lines.append(ft.Text(t("syncs.advice", advice=advice), size=theme.BODY))
    if e.state == "conflict":
        lines.append(ft.Text(t("syncs.conflict_fields", fields=t.field_names(e.fields)),
                             size=theme.BODY, color=theme.WARNING))
    if e.state in ("rejected", "conflict"):
        def dismiss(_: object, mutation_id: str = e.mutation_id) -> None:
            shell.app.store.outbox.dismiss(mutation_id)
            shell.refresh(force=True)

        lines.append(tid(f"{identifier}-dismiss", ft.TextButton(
            t("syncs.dismiss"), icon=ft.Icons.DONE, on_click=dismiss)))
    return tid(identifier, ft.Container(
        content=ft.Column(lines, spacing=4), padding=theme.PAD,
        border=ft.Border.all(1, "#D5DCE3"), border_radius=10,
    ))
