"""UI layer: the ward's doorstep notice and the citizen's choices, shared by the petition
form (may the ward contact them, may their name appear on public sheets: recorded as
`petition.consent`) and the household form (may the head be named on public sheets:
recorded as the household's `publish_name`, the one choice the protocol keeps for it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.ui import theme
from field_app.ui.components.fields import tid
from field_app.wire.formats import utcnow

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


class ConsentChoices:
    """The ward's notice (read to the citizen) above the form's citizen part, and the
    checkboxes below it; an anonymous citizen agrees to nothing (both cleared and off).

    `prefix` names the controls for tests (`pf-notice`, `pf-publish-name`...); a household
    (`household=True`) has no contact choice and its naming choice speaks of its head."""

    def __init__(self, shell: Shell, notice_text: str, *, prefix: str = "pf",
                 household: bool = False, publish_name: bool = False) -> None:
        t = shell.t
        self.on_change: Callable[..., None] | None = None
        body = notice_text.strip() or t("consent.notice_missing_household" if household
                                        else "consent.notice_missing")
        self.notice = tid(f"{prefix}-notice", ft.Container(
            content=ft.Column([
                ft.Text(t("consent.notice_title"), size=theme.SMALL,
                        weight=ft.FontWeight.BOLD),
                ft.Text(body, size=theme.SMALL, color=theme.MUTED if not notice_text.strip()
                        else None),
            ], spacing=2, tight=True),
            padding=10, border=ft.Border.all(1, "#D5DCE3"), border_radius=8))
        self.contact = ft.Checkbox(value=False, semantics_label=t("consent.contact_ok"),
                                   on_change=self._changed)
        publish_label = t("consent.publish_head_name" if household else "consent.publish_name")
        self.publish = ft.Checkbox(value=publish_name, semantics_label=publish_label,
                                   on_change=self._changed)
        boxes: list[ft.Control] = [tid(f"{prefix}-publish-name", _labelled(self.publish))]
        if not household:
            boxes.insert(0, tid(f"{prefix}-contact-ok", _labelled(self.contact)))
        self.control = ft.Column(boxes, spacing=4)

    def _changed(self, *args: Any) -> None:
        if self.on_change is not None:
            self.on_change(*args)

    def set_anonymous(self, anonymous: bool) -> None:
        if anonymous:
            self.contact.value = False
            self.publish.value = False
        self.contact.disabled = anonymous
        self.publish.disabled = anonymous

    def typed(self) -> dict[str, bool]:
        """The two choices as ticked, for the draft."""
        return {"contact_ok": bool(self.contact.value), "publish_name": bool(self.publish.value)}

    def fill(self, kept: Any) -> None:
        """The choices kept in a draft, when they are ones."""
        if isinstance(kept, dict):
            self.contact.value = kept.get("contact_ok") is True
            self.publish.value = kept.get("publish_name") is True

    @property
    def publish_name(self) -> bool:
        """May the name appear on public sheets (never for an anonymous citizen)."""
        return bool(self.publish.value) and not self.publish.disabled

    def value(self, notice_version: int) -> dict[str, Any]:
        """`petition.consent`: which notice was shown and what the citizen agreed to, now."""
        anonymous = bool(self.contact.disabled)
        return {"notice_version": notice_version,
                "publish_name": bool(self.publish.value) and not anonymous,
                "contact_ok": bool(self.contact.value) and not anonymous,
                "at": utcnow().isoformat()}



def _labelled(box: ft.Checkbox) -> ft.Control:
    """The checkbox and its label beside it, the label running onto a second line on a
    narrow phone (Flet cuts a checkbox's own label off at the screen's edge); tapping the
    label ticks the box, as tapping a checkbox's own label does."""

    def toggle(e: Any) -> None:
        if box.disabled:
            return
        box.value = not box.value
        box.update()
        handler: Any = box.on_change  # ours, or the draft's wrapped around it
        if handler is not None:
            handler(e)

    label = ft.Container(content=ft.Text(box.semantics_label or "", size=theme.BODY),
                         expand=True, on_click=toggle, padding=ft.Padding.symmetric(vertical=6))
    return ft.Row([box, label], spacing=4, vertical_alignment=ft.CrossAxisAlignment.CENTER)
