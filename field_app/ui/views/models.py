"""UI layer: the group's "Dân vận khéo" models: the list, registering one, adding figures
of evidence and proposing it for recognition; the ward's recognition when pulled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import ModelRow
from field_app.ui import theme
from field_app.ui.components.chips import chip, sync_chip
from field_app.ui.components.fields import (
    dropdown,
    fab,
    labelled_value,
    primary_button,
    secondary_button,
    section,
    set_error,
    text_input,
    tid,
)
from field_app.ui.components.states import error_banner
from field_app.ui.navigation import Builder, Screen
from field_app.ui.screens import page
from field_app.wire.figures import parse_figure, show_figure
from field_app.wire.formats import format_date, format_datetime, today_vn
from field_app.wire.records import FieldOfWork, newest_first

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


MODEL_TONE = {"registered": "info", "in_progress": "progress", "proposed": "warning",
              "recognized": "success", "not_recognized": "danger", "replicated": "success"}


@page('models')
def models(shell: Shell) -> Screen:
    t = shell.t
    rows = shell.app.store.models.list()
    items: list[ft.Control] = [_row(shell, m, i) for i, m in enumerate(rows)]
    if not items:
        items = [tid("models-empty", ft.Text(t("models.empty"), color=theme.MUTED))]
    action = fab(t("models.register"), ft.Icons.ADD, lambda _: shell.push(model_form))
    return Screen(t("models.title"), ft.Column([*items, ft.Container(height=72)], spacing=8),
                  fab=action)


def _row(shell: Shell, m: ModelRow, index: int) -> ft.Control:
    t = shell.t
    subtitle = " · ".join((t(f"field.{m.field}"), str(m.year), t(f"model_status.{m.status}")))
    trailing: ft.Control = (sync_chip(t, m.sync_state) if m.sync_state != "synced"
                            else ft.Icon(ft.Icons.CHEVRON_RIGHT))
    return tid(f"model-row-{index}", ft.Container(
        content=ft.Row([
            ft.Icon(ft.Icons.EMOJI_EVENTS, color=theme.PRIMARY),
            ft.Column([ft.Text(m.name, size=theme.BODY + 1, weight=ft.FontWeight.W_600),
                       ft.Text(subtitle, size=theme.SMALL, color=theme.MUTED)], spacing=2,
                      expand=True),
            trailing,
        ], spacing=10),
        padding=theme.PAD, border=ft.Border.all(1, "#D5DCE3"), border_radius=10, ink=True,
        on_click=lambda _: shell.push(model_detail_builder(m.id)),
    ))


def model_form(shell: Shell) -> Screen:
    t = shell.t
    name = text_input(t("models.name"), max_length=300)
    field = dropdown(t("models.field"), [(f.value, t(f"field.{f.value}")) for f in FieldOfWork])
    goals = text_input(t("models.goals"), multiline=True, max_length=10_000)
    # no length counter on the year: "4/4" (and "no characters remaining" read aloud) says
    # nothing a leader needs; a year out of range is named when saving
    year = text_input(t("models.year"), value=str(today_vn().year),
                      keyboard=ft.KeyboardType.NUMBER)
    followers = text_input(t("models.followers"), max_length=300)

    def save(_: Any) -> None:
        ok = True
        for control in (name, field, year):
            set_error(control, None)
        if not (name.value or "").strip():
            set_error(name, t("models.err_name"))
            ok = False
        if not field.value:
            set_error(field, t("models.err_field"))
            ok = False
        typed_year = (year.value or "").strip()
        if not (typed_year.isdigit() and 2000 <= int(typed_year) <= 2100):
            set_error(year, t("models.err_year"))
            ok = False
        if not ok:
            shell.page.update()
            return
        people = [p.strip() for p in (followers.value or "").split(",") if p.strip()]
        saved = shell.app.store.models.register(
            name=(name.value or "").strip(), field=str(field.value), year=int(typed_year),
            goals=goals.value or "", followers=people)
        shell.toast(t("models.saved"))
        shell.replace(model_detail_builder(saved.id))

    body = ft.Column([
        tid("model-name", name), tid("model-field", field), tid("model-goals", goals),
        tid("model-year", year), tid("model-followers", followers),
        primary_button(t("common.save"), save, icon=ft.Icons.SAVE, identifier="model-save",
                       expand=True),
    ], spacing=12)
    return Screen(t("models.register"), body, is_form=True)


def model_detail_builder(model_id: str) -> Builder:
    return lambda shell: model_detail(shell, model_id)


def model_detail(shell: Shell, model_id: str) -> Screen:
    t = shell.t
    store = shell.app.store.models
    m = store.get(model_id)
    if m is None:
        return Screen(t("models.title"), ft.Text(t("models.gone")))
    chips: list[ft.Control] = [tid("model-status", chip(t(f"model_status.{m.status}"),
                                                        MODEL_TONE.get(m.status, "neutral")))]
    if m.unit_kind == "residential_group":  # the group's own: has it reached the ward?
        chips.append(sync_chip(t, m.sync_state))
    controls: list[ft.Control] = [tid("model-chips", ft.Row(chips, wrap=True, spacing=8))]
    if m.sync_state == "rejected":  # the ward refused it: say why, in the catalogue's words
        controls.append(error_banner(t("models.sync_rejected",
                                       message=t.error(m.sync_code, m.sync_message)),
                                     identifier="model-sync-rejected"))
    facts: list[ft.Control] = [
        labelled_value(t("models.field"), t(f"field.{m.field}")),
        labelled_value(t("models.unit"), m.unit_name or t(f"unit_kind.{m.unit_kind}")),
        labelled_value(t("models.year"), str(m.year)),
    ]
    if m.recognition is not None:
        facts.append(tid("model-recognition", labelled_value(
            t("models.recognition"),
            t("models.decision", level=t(f"model_level.{m.recognition.level}"),
              no=m.recognition.decision_no, date=format_date(m.recognition.decided_on)))))
    if m.goals:
        facts.append(tid("model-goals-shown", labelled_value(t("models.goals"), m.goals)))
    if m.followers:
        facts.append(tid("model-followers", labelled_value(t("models.followers_shown"),
                                                           ", ".join(m.followers))))
    controls.append(ft.Container(content=ft.Column(facts, spacing=8), bgcolor=theme.SURFACE_ALT,
                                 border_radius=10, padding=theme.PAD))
    controls.append(section(t("models.evidence")))
    controls += [tid(f"model-metric-{i}", ft.Text(f"{x.label}: {show_figure(x.quantity, x.unit)}",
                                                  size=theme.BODY))
                 for i, x in enumerate(m.metrics)]
    if not m.metrics:
        controls.append(tid("models-no-figures", ft.Text(t("models.no_figures"),
                                                         color=theme.MUTED)))
    if m.unit_kind == "residential_group":
        controls += _own_actions(shell, m)
    else:
        controls.append(ft.Text(t("models.ward_read_only"), color=theme.MUTED))
    controls.append(section(t("models.timeline")))
    controls.append(_timeline(shell, m))
    controls.append(ft.Container(height=24))
    return Screen(m.name, ft.Column(controls, spacing=10))


def _own_actions(shell: Shell, m: ModelRow) -> list[ft.Control]:
    """The group's own model: a figure of evidence to add (on its own screen, which a
    background refresh leaves alone), and the proposal while the ward has not decided."""
    t = shell.t
    model_id = m.id

    def propose(_: Any) -> None:
        shell.app.store.models.propose(model_id)
        shell.toast(t("models.proposed"))
        shell.replace(model_detail_builder(model_id))

    controls: list[ft.Control] = [secondary_button(
        t("models.add_figure"), lambda _: shell.push(figure_form_builder(model_id)),
        icon=ft.Icons.ADD, identifier="model-add-figure", expand=True)]
    if m.status in ("registered", "in_progress", "not_recognized"):
        controls.append(primary_button(t("models.propose"), propose, icon=ft.Icons.SEND,
                                       identifier="model-propose", expand=True))
    return controls


def figure_form_builder(model_id: str) -> Builder:
    return lambda shell: figure_form(shell, model_id)


def figure_form(shell: Shell, model_id: str) -> Screen:
    """One figure of evidence for the group's model: what, how much, in which unit."""
    t = shell.t
    label = text_input(t("models.metric_label"), max_length=300)
    quantity = text_input(t("models.metric_quantity"), keyboard=ft.KeyboardType.NUMBER,
                          max_length=40, hint=t("models.metric_quantity_hint"))
    unit = text_input(t("models.metric_unit"), max_length=40)

    def save(_: Any) -> None:
        set_error(label, None)
        set_error(quantity, None)
        ok = True
        if not (label.value or "").strip():
            set_error(label, t("models.err_label"))
            ok = False
        try:
            amount = parse_figure(quantity.value)
        except ValueError:
            set_error(quantity, t("models.err_quantity"))
            ok = False
        if not ok:  # every wrong box says so at once
            shell.page.update()
            return
        shell.app.store.models.add_figure(model_id, label=(label.value or "").strip(),
                                          quantity=amount, unit=(unit.value or "").strip())
        shell.toast(t("models.figure_added"))
        shell.back()

    body = ft.Column([
        tid("model-metric-label", label), tid("model-metric-quantity", quantity),
        tid("model-metric-unit", unit),
        primary_button(t("common.save"), save, icon=ft.Icons.SAVE,
                       identifier="model-figure-save", expand=True),
    ], spacing=12)
    return Screen(t("models.add_figure"), body, is_form=True)


def _timeline(shell: Shell, m: ModelRow) -> ft.Control:
    """What happened to the model, newest first: the group's steps and the ward's."""
    t = shell.t
    items: list[ft.Control] = []
    for i, entry in enumerate(newest_first(m.timeline)):
        lines: list[ft.Control] = [ft.Text(
            f"{format_datetime(entry.at)} · {t(f'model_timeline.{entry.kind}')}",
            size=theme.SMALL, weight=ft.FontWeight.W_600, color=theme.PRIMARY)]
        if entry.actor:
            lines.append(ft.Text(entry.actor, size=theme.SMALL, color=theme.MUTED))
        if entry.text:
            lines.append(ft.Text(entry.text, size=theme.BODY))
        items.append(tid(f"model-timeline-{i}", ft.Column(lines, spacing=2)))
    return ft.Column(items, spacing=12)
