"""UI layer: the group's "Dân vận khéo" models: the list, registering one, adding figures
of evidence and proposing it for recognition; the ward's recognition when pulled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from field_app.store.records import ModelRow
from field_app.ui import theme
from field_app.ui.components.chips import sync_chip
from field_app.ui.components.fields import (
    dropdown,
    fab,
    labelled_value,
    primary_button,
    secondary_button,
    set_error,
    text_input,
    tid,
)
from field_app.ui.navigation import Builder, Screen
from field_app.ui.screens import page
from field_app.wire.figures import parse_figure, show_figure
from field_app.wire.formats import format_date, today_vn
from field_app.wire.records import FieldOfWork

if TYPE_CHECKING:
    from field_app.ui.shell import Shell


@page('models')
def models(shell: Shell) -> Screen:
    t = shell.t
    rows = shell.app.store.models.list()
    items: list[ft.Control] = [_row(shell, m, i) for i, m in enumerate(rows)]
    if not items:
        items = [ft.Text(t("models.empty"), color=theme.MUTED)]
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
    goals = text_input(t("models.goals"), max_length=10_000)
    year = text_input(t("models.year"), value=str(today_vn().year),
                      keyboard=ft.KeyboardType.NUMBER, max_length=4)
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
    facts: list[ft.Control] = [
        labelled_value(t("models.status"), t(f"model_status.{m.status}")),
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
        facts.append(labelled_value(t("models.goals"), m.goals))
    if m.followers:
        facts.append(labelled_value(t("models.followers"), ", ".join(m.followers)))
    figures: list[ft.Control] = [ft.Text(t("models.evidence"), weight=ft.FontWeight.W_600)]
    figures += [ft.Text(f"{x.label}: {show_figure(x.quantity, x.unit)}") for x in m.metrics]
    controls: list[ft.Control] = [*facts, *figures]
    if m.unit_kind == "residential_group":
        label = text_input(t("models.metric_label"), max_length=300)
        quantity = text_input(t("models.metric_quantity"), keyboard=ft.KeyboardType.NUMBER,
                              max_length=40)
        unit = text_input(t("models.metric_unit"), max_length=40)

        def add(_: Any) -> None:
            set_error(label, None)
            set_error(quantity, None)
            try:
                amount = parse_figure(quantity.value)
            except ValueError:
                set_error(quantity, t("models.err_quantity"))
                shell.page.update()
                return
            if not (label.value or "").strip():
                set_error(label, t("models.err_label"))
                shell.page.update()
                return
            store.add_figure(model_id, label=(label.value or "").strip(), quantity=amount,
                             unit=(unit.value or "").strip())
            shell.toast(t("models.figure_added"))
            shell.replace(model_detail_builder(model_id))

        def propose(_: Any) -> None:
            store.propose(model_id)
            shell.toast(t("models.proposed"))
            shell.replace(model_detail_builder(model_id))

        controls += [tid("model-metric-label", label), tid("model-metric-quantity", quantity),
                     tid("model-metric-unit", unit),
                     primary_button(t("models.add_figure"), add, icon=ft.Icons.ADD,
                                    identifier="model-add-figure", expand=True)]
        if m.status in ("registered", "in_progress", "not_recognized"):
            controls.append(secondary_button(t("models.propose"), propose,
                                             icon=ft.Icons.SEND, identifier="model-propose",
                                             expand=True))
    else:
        controls.append(ft.Text(t("models.ward_read_only"), color=theme.MUTED))
    return Screen(m.name, ft.Column(controls, spacing=10))
