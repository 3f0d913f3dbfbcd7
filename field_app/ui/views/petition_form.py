"""UI layer: the petition form (new and edit), made to be filled at a doorstep in a minute.

Required: a title or a description, a field and a category. Before saving a new petition
the phone looks for open petitions that look alike and offers to link instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import DuplicateCandidate, PetitionRow
from field_app.ui import theme
from field_app.ui.components.consent import ConsentChoices
from field_app.ui.components.drafts import DraftKeeper
from field_app.ui.components.fields import (
    dropdown,
    primary_button,
    secondary_button,
    section,
    set_error,
    text_input,
    tid,
)
from field_app.ui.components.photos import PhotoPicker
from field_app.ui.components.pickers import HouseholdPicker, household_picker
from field_app.ui.location import Fix, LocationProblem, describe, locate
from field_app.ui.navigation import Builder, Screen
from field_app.ui.problems import too_long
from field_app.ui.screens import screen
from field_app.wire.formats import format_date
from field_app.wire.records import (
    LONG_TEXT_MAX,
    NAME_MAX,
    PHONE_MAX,
    SHORT_TEXT_MAX,
    Category,
    FieldOfWork,
    Source,
)

if TYPE_CHECKING:
    from field_app.ui.shell import Shell

PHONE_RE = re.compile(r"^[0-9+() .-]*$")
NO_HOUSEHOLD = "-"
NEW_PETITION_DRAFT = "petition:new"  # Home offers to continue it


@screen('new_petition')
def new_petition_builder(*, dialogue_session_id: str | None = None) -> Builder:
    return lambda shell: petition_form(shell, existing=None,
                                       dialogue_session_id=dialogue_session_id)


@screen('edit_petition')
def edit_petition_builder(petition_id: str) -> Builder:
    def build(shell: Shell) -> Screen:
        return petition_form(shell, existing=shell.app.petitions.get(petition_id))
    return build


def petition_form(shell: Shell, *, existing: PetitionRow | None,
                  dialogue_session_id: str | None = None) -> Screen:
    t = shell.t
    app = shell.app
    p = existing
    title = text_input(t("pform.title"), value=p.title if p else "", max_length=SHORT_TEXT_MAX)
    description = text_input(t("pform.description"), value=p.description if p else "",
                             multiline=True, max_length=LONG_TEXT_MAX)
    field = dropdown(t("pform.field"), t.choices("field", [f.value for f in FieldOfWork]),
                     value=p.field if p else None)
    category = dropdown(t("pform.category"), t.choices("category", [c.value for c in Category]),
                        value=p.category if p else None)
    default_source = "dialogue_session" if dialogue_session_id else "household_visit"
    source = dropdown(t("pform.source"), t.choices("source", [s.value for s in Source]),
                      value=p.source if p else default_source)
    anonymous = ft.Switch(label=t("pform.anonymous"), value=bool(p and p.anonymous))
    name = text_input(t("pform.citizen_name"), value=(p.citizen_name or "") if p else "",
                      max_length=NAME_MAX)
    phone = text_input(t("pform.citizen_phone"), value=(p.citizen_phone or "") if p else "",
                       keyboard=ft.KeyboardType.PHONE, max_length=PHONE_MAX)
    households = app.households.list(limit=None)
    household = household_picker(
        t, t("pform.household"), households, identifier="pf-household",
        first=[(NO_HOUSEHOLD, t("pform.household_none"))],
        value=(p.household_id if p and p.household_id else NO_HOUSEHOLD),
    )
    place = text_input(t("pform.place"), value=(p.location_text or "") if p else "",
                       max_length=SHORT_TEXT_MAX)
    photos = PhotoPicker(shell, initial=list(p.attachments) if p else [])
    gps_text = ft.Text("", size=theme.SMALL, color=theme.MUTED)
    coords: dict[str, float | None] = {"lat": p.lat if p else None, "lon": p.lon if p else None,
                                       "accuracy": None}
    notice_text, notice_version = app.store.replica.privacy_notice()
    consent = ConsentChoices(shell, notice_text) if existing is None else None
    citizen_box = ft.Column([tid("pf-citizen-name", name), tid("pf-citizen-phone", phone),
                             household.control],
                            spacing=10, visible=not anonymous.value)

    def on_anonymous(_: Any) -> None:
        """One tap: nothing about the citizen is kept (name, phone, household cleared)."""
        if anonymous.value:
            name.value, phone.value, household.value = "", "", NO_HOUSEHOLD
        citizen_box.visible = not anonymous.value
        if consent is not None:
            consent.set_anonymous(bool(anonymous.value))
        shell.page.update()

    anonymous.on_change = on_anonymous
    general_error = ft.Text("", color=theme.DANGER, size=theme.BODY, visible=False)
    texts = {"title": title, "description": description, "citizen_name": name,
             "citizen_phone": phone, "location_text": place}
    choices: dict[str, ft.Dropdown | HouseholdPicker] = {
        "field": field, "category": category, "source": source, "household_id": household}

    def typed() -> dict[str, Any]:
        """Everything on the form as typed, for the draft."""
        return {**{k: c.value or "" for k, c in texts.items()},
                **{k: c.value for k, c in choices.items()},
                "anonymous": bool(anonymous.value), "attachments": photos.hashes,
                "gps": dict(coords), **({"consent": consent.typed()} if consent else {})}

    draft = DraftKeeper(shell, _draft_key(existing, dialogue_session_id), typed)
    photos.on_change = draft.changed
    if draft.found is not None:
        _fill_from_draft(draft.found.data, texts, choices, anonymous)
        citizen_box.visible = not anonymous.value
        if consent is not None:
            consent.fill(draft.found.data.get("consent"))
            consent.set_anonymous(bool(anonymous.value))
        _fill_position(draft.found.data.get("gps"), coords)
        kept = draft.found.data.get("attachments")
        if isinstance(kept, list) and all(isinstance(h, str) for h in kept):
            photos.set_hashes(kept)
    if coords["lat"] is not None and coords["lon"] is not None:
        gps_text.value = describe(t, Fix(coords["lat"], coords["lon"], coords["accuracy"]))
    for text_control in texts.values():
        text_control.on_change = draft.changed
    for choice in (field, category, source):
        choice.on_select = draft.changed
    household.on_select = draft.changed
    if consent is not None:
        consent.on_change = draft.changed

    def anonymous_changed(e: Any) -> None:
        on_anonymous(e)
        draft.changed()

    anonymous.on_change = anonymous_changed

    by_name: dict[str, ft.TextField | ft.Dropdown | HouseholdPicker] = {
        "title": title, "description": description, "field": field, "category": category,
        "citizen_name": name, "citizen_phone": phone, "household_id": household,
        "location_text": place, "source": source}

    def show_problems(sentences: dict[str, str]) -> None:
        """Sentences next to their fields (the ward's limits, checked before saving)."""
        for key, sentence in sentences.items():
            control = by_name.get(key)
            if control is not None:
                set_error(control, sentence)
        general_error.value = t("pform.err_fix")
        general_error.visible = True
        shell.page.update()

    def validate() -> bool:
        ok = True
        for control in by_name.values():
            set_error(control, None)
        if not (title.value or "").strip() and not (description.value or "").strip():
            set_error(title, t("pform.err_title_or_desc"))
            set_error(description, t("pform.err_title_or_desc"))
            ok = False
        if not field.value:
            set_error(field, t("pform.err_field"))
            ok = False
        if not category.value:
            set_error(category, t("pform.err_category"))
            ok = False
        if not anonymous.value and not PHONE_RE.match(phone.value or ""):
            set_error(phone, t("common.err_phone"))
            ok = False
        long = too_long(t, {
            "title": (title.value, SHORT_TEXT_MAX), "description": (description.value,
                                                                    LONG_TEXT_MAX),
            "location_text": (place.value, SHORT_TEXT_MAX),
            **({} if anonymous.value else {"citizen_name": (name.value, NAME_MAX),
                                           "citizen_phone": (phone.value, PHONE_MAX)})})
        for key, sentence in long.items():
            set_error(by_name[key], sentence)
        ok = ok and not long
        general_error.value = "" if ok else t("pform.err_fix")
        general_error.visible = not ok
        return ok

    def values() -> dict[str, Any]:
        hid = household.value if household.value not in (None, "", NO_HOUSEHOLD) else None
        if hid is not None and hid not in {h.id for h in households}:
            hid = None  # typed text that matches no household
        return {
            "title": (title.value or "").strip(),
            "description": (description.value or "").strip(),
            "field": field.value, "category": category.value, "source": source.value,
            "anonymous": bool(anonymous.value),
            "citizen_name": None if anonymous.value else ((name.value or "").strip() or None),
            "citizen_phone": None if anonymous.value else ((phone.value or "").strip() or None),
            "household_id": hid,
            "location_text": (place.value or "").strip() or None,
            "lat": coords["lat"], "lon": coords["lon"],
            "attachments": photos.hashes,
            **({} if consent is None else {"consent": consent.value(notice_version)}),
        }

    def create(data: dict[str, Any]) -> None:
        app.create_petition(shell, data, dialogue_session_id=dialogue_session_id,
                            on_fields=show_problems, draft=draft)

    def link(candidate: DuplicateCandidate, data: dict[str, Any]) -> None:
        app.link_duplicate(shell, candidate.petition.id, data)

    def save(_: Any) -> None:
        if not validate():
            shell.page.update()
            return
        data = values()
        if existing is not None:
            app.update_petition(shell, existing, data, on_fields=show_problems,
                                draft=draft)
            return
        dups = app.petitions.possible_duplicates(category=data["category"], title=data["title"],
                                                 description=data["description"])
        if not dups:
            create(data)
            return
        _offer_duplicates(shell, dups, on_link=lambda c: link(c, data),
                          on_create=lambda: create(data))

    def start_over() -> None:
        shell.replace(lambda sh: petition_form(sh, existing=existing,
                                               dialogue_session_id=dialogue_session_id))

    form = ft.Column([
        draft.banner(on_discard=start_over),
        ft.Text(t("pform.required_note"), size=theme.SMALL, color=theme.MUTED),
        tid("pf-title", title),
        tid("pf-description", description),
        tid("pf-field", field),
        tid("pf-category", category),
        section(t("pform.citizen")),
        *([consent.notice] if consent is not None else []),
        tid("pf-anonymous", anonymous),
        citizen_box,
        *([consent.control] if consent is not None else []),
        tid("pf-place", place),
        _gps_row(shell, coords, gps_text, draft.changed),
        tid("pf-source", source),
        section(t("pform.photos")),
        photos.control,
        general_error,
        primary_button(t("pform.save"), save, icon=ft.Icons.SAVE, identifier="pf-save",
                       expand=True),
        ft.Container(height=24),
    ], spacing=12)
    heading = t("pform.title_edit") if existing else t("pform.title_new")
    return Screen(heading, form, is_form=True)


def _draft_key(existing: PetitionRow | None, dialogue_session_id: str | None) -> str:
    if existing is not None:
        return f"petition:{existing.id}"
    return f"petition:new:{dialogue_session_id}" if dialogue_session_id else NEW_PETITION_DRAFT


def _fill_from_draft(data: dict[str, Any], texts: dict[str, ft.TextField],
                     choices: dict[str, ft.Dropdown | HouseholdPicker],
                     anonymous: ft.Switch) -> None:
    for key, control in texts.items():
        if isinstance(data.get(key), str):
            control.value = data[key]
    for key, choice in choices.items():
        known = (choice.knows(data.get(key)) if isinstance(choice, HouseholdPicker)
                 else data.get(key) in {o.key for o in choice.options or []})
        if known:
            choice.value = data[key]
    anonymous.value = bool(data.get("anonymous", anonymous.value))


def _fill_position(kept: Any, coords: dict[str, float | None]) -> None:
    """A draft's position (lat, lon, accuracy), when it is one."""
    if not isinstance(kept, dict):
        return
    try:
        lat, lon = float(kept["lat"]), float(kept["lon"])
        accuracy = None if kept.get("accuracy") is None else float(kept["accuracy"])
    except (KeyError, TypeError, ValueError):
        return
    if -90 <= lat <= 90 and -180 <= lon <= 180:
        coords.update(lat=lat, lon=lon, accuracy=accuracy)


def _gps_row(shell: Shell, coords: dict[str, float | None], label: ft.Text,
             on_change: Any) -> ft.Control:
    """"Lấy vị trí": the position and its accuracy, or a sentence saying why there is none
    (location off, not allowed, or no GPS in this build)."""
    reasons = {"off": "pform.gps_off", "refused": "pform.gps_refused",
               "unavailable": "pform.gps_unavailable"}

    async def on_locate(_: Any) -> None:
        label.value = shell.t("pform.gps_working")
        label.color = theme.MUTED
        label.update()
        try:
            fix = await locate(shell.app.geolocator(shell.page))
        except LocationProblem as problem:
            label.value = shell.t(reasons.get(problem.reason, "pform.gps_unavailable"))
            label.color = theme.DANGER
            label.update()
            return
        coords["lat"], coords["lon"], coords["accuracy"] = fix.lat, fix.lon, fix.accuracy_m
        label.value = describe(shell.t, fix)
        label.update()
        on_change()

    return ft.Column([secondary_button(shell.t("pform.gps"), on_locate,
                                       icon=ft.Icons.MY_LOCATION, identifier="pf-gps"),
                      tid("pf-gps-says", label)], spacing=4)


def _offer_duplicates(shell: Shell, dups: list[DuplicateCandidate], *, on_link: Any,
                      on_create: Any) -> None:
    t = shell.t

    def link_handler(c: DuplicateCandidate) -> Any:
        def handler(_: Any) -> None:
            shell.page.pop_dialog()
            on_link(c)
        return handler

    items: list[ft.Control] = [ft.Text(t("pform.dup_body"), size=theme.BODY)]
    for i, c in enumerate(dups):
        p = c.petition
        items.append(ft.Container(
            content=ft.Column([
                ft.Text(p.title or p.description[:80], weight=ft.FontWeight.W_600, size=theme.BODY),
                ft.Text(f"{format_date(p.received_at)} · {t.label('status', p.status)}",
                        size=theme.SMALL, color=theme.MUTED),
                tid(f"dup-link-{i}", ft.FilledTonalButton(t("pform.dup_link"), icon=ft.Icons.LINK,
                                                         on_click=link_handler(c))),
            ], spacing=4),
            padding=10, border=ft.Border.all(1, "#D5DCE3"), border_radius=8,
        ))
    shell.confirm(title=t("pform.dup_title"), body=ft.Column(items, spacing=10, tight=True),
                  actions=[(t("pform.dup_create"), on_create, "dup-create")], identifier="dup")
