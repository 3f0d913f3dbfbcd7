"""UI layer: the group's households: list with search, add, edit."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import HouseholdRow
from field_app.ui import theme
from field_app.ui.components.chips import sync_chip
from field_app.ui.components.consent import ConsentChoices
from field_app.ui.components.drafts import DraftKeeper
from field_app.ui.components.fields import fab, primary_button, set_error, text_input, tid
from field_app.ui.components.states import empty_state
from field_app.ui.navigation import Builder, Screen
from field_app.ui.problems import too_long
from field_app.ui.screens import page, screen
from field_app.wire.records import NAME_MAX, PHONE_MAX, SHORT_TEXT_MAX

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

PHONE_RE = re.compile(r"^[0-9+() .-]*$")


@page('households')
def households(shell: Shell) -> Screen:
    t = shell.t
    app = shell.app
    results = ft.Column(spacing=8)
    counter = ft.Text(size=theme.SMALL, color=theme.MUTED)
    state = {"q": ""}

    def fill() -> None:
        rows = app.households.list(query=state["q"] or None, limit=None)
        counter.value = t("hh.count", n=len(rows))
        if rows:
            results.controls = [_row(shell, h, i) for i, h in enumerate(rows)]
        else:
            results.controls = [empty_state(
                icon=ft.Icons.HOME_OUTLINED, title=t("hh.empty"), hint=t("hh.empty_hint"),
                action_text=t("hh.add"),
                on_action=lambda _: shell.push(household_form_builder(None)),
                identifier="households-empty")]

    def on_search(e: Any) -> None:
        state["q"] = e.control.value or ""
        fill()
        results.update()
        counter.update()

    fill()
    search = ft.TextField(label=t("hh.search"), prefix_icon=ft.Icons.SEARCH, on_change=on_search,
                          text_size=theme.BODY)
    action = fab(t("hh.add"), ft.Icons.ADD_HOME, lambda _: shell.push(household_form_builder(None)))
    body = ft.Column([tid("household-search", search), counter, results, ft.Container(height=72)],
                     spacing=10)
    return Screen(t("hh.title"), body, fab=action)


def _row(shell: Shell, h: HouseholdRow, index: int) -> ft.Control:
    subtitle = " · ".join(x for x in (h.address, h.phone) if x)
    trailing: ft.Control = (sync_chip(shell.t, h.sync_state) if h.sync_state != "synced"
                            else ft.Icon(ft.Icons.CHEVRON_RIGHT))
    return tid(f"household-row-{index}", ft.Container(
        content=ft.Row([
            ft.Icon(ft.Icons.HOME, color=theme.PRIMARY),
            ft.Column([ft.Text(h.head_name, size=theme.BODY + 1, weight=ft.FontWeight.W_600),
                       ft.Text(subtitle, size=theme.SMALL, color=theme.MUTED)
                       if subtitle else ft.Container()], spacing=2, expand=True),
            trailing,
        ], spacing=10),
        padding=theme.PAD, border=ft.Border.all(1, "#D5DCE3"), border_radius=10, ink=True,
        on_click=lambda _: shell.push(household_form_builder(h.id)),
    ))


@screen('household_form')
def household_form_builder(household_id: str | None) -> Builder:
    return lambda shell: household_form(shell, household_id)


def household_form(shell: Shell, household_id: str | None) -> Screen:
    t = shell.t
    existing = shell.app.households.get(household_id) if household_id else None
    name = text_input(t("hh.head_name"), value=existing.head_name if existing else "",
                      max_length=NAME_MAX)
    address = text_input(t("hh.address"), value=existing.address if existing else "",
                         max_length=SHORT_TEXT_MAX)
    phone = text_input(t("hh.phone"), value=(existing.phone or "") if existing else "",
                       keyboard=ft.KeyboardType.PHONE, max_length=PHONE_MAX)
    notice_text, _version = shell.app.store.replica.privacy_notice()
    consent = ConsentChoices(shell, notice_text, prefix="hh", household=True,
                             publish_name=bool(existing and existing.publish_name))
    draft = DraftKeeper.bind(shell, f"household:{household_id or 'new'}",
                             {"head_name": name, "address": address, "phone": phone,
                              "publish_name": consent.publish})

    def save(_: Any) -> None:
        ok = True
        for control in (name, address, phone):
            set_error(control, None)
        if not (name.value or "").strip():
            set_error(name, t("hh.err_head_name"))
            ok = False
        if not PHONE_RE.match(phone.value or ""):
            set_error(phone, t("common.err_phone"))
            ok = False
        long = too_long(t, {"head_name": (name.value, NAME_MAX),
                            "address": (address.value, SHORT_TEXT_MAX),
                            "phone": (phone.value, PHONE_MAX)})
        for key, control in (("head_name", name), ("address", address), ("phone", phone)):
            if key in long:
                set_error(control, long[key])
                ok = False
        if not ok:
            shell.page.update()
            return
        shell.app.save_household(shell, household_id=household_id, head_name=name.value or "",
                                  address=address.value or "", phone=phone.value or "",
                                  publish_name=consent.publish_name, draft=draft)

    body = ft.Column([
        draft.banner(on_discard=lambda: shell.replace(household_form_builder(household_id))),
        consent.notice,
        tid("hh-head-name", name), tid("hh-address", address), tid("hh-phone", phone),
        consent.control,
        primary_button(t("common.save"), save, icon=ft.Icons.SAVE, identifier="hh-save",
                       expand=True),
    ], spacing=12)
    return Screen(t("hh.edit") if existing else t("hh.add"), body, is_form=True)
