"""Report layer: charts made on the server as SVG, for web pages, print and PDF alike.

Pure functions that return an SVG document as a string: no JavaScript, no external fonts
or files (text uses the reader's own `sans-serif`), a `<title>`, `role="img"` and an
`aria-label` for screen readers, and a `<desc>` that says every figure in words. The
string can be put inline in an HTML page as it is (it has no XML declaration); it has a
`viewBox`, so CSS may scale it to the page's width, and solid fills, so it prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from field_app.wire.text import vn_sort_key
from sync_server.reports.data import MonthlyReport, Translate

COLOURS = ("#1565C0", "#2E7D32", "#C62828", "#EF6C00", "#6A1B9A")
TEXT_COLOUR = "#212121"
GRID_COLOUR = "#BDBDBD"
FONT = "sans-serif"
FONT_SIZE = 12
ROW_HEIGHT = 24
PAD = 8
MAX_LABEL_CHARS = 32

Number = int | float | Decimal


def format_number(value: Number) -> str:
    """Vietnamese digits: 1.234 for thousands, 7,5 for a fraction."""
    number = Decimal(str(value)).quantize(Decimal("0.1")).normalize()
    whole, _, frac = f"{number:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    text = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    return f"{sign}{text},{frac}" if frac else f"{sign}{text}"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _text_width(text: str, size: int = FONT_SIZE) -> float:
    """A generous guess at the width of `text` in a sans-serif face (no font metrics)."""
    return len(text) * size * 0.6


def _n(value: float) -> str:
    """A coordinate, short and stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label={quoteattr(title)}'
        f' width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}"'
        f' font-family="{FONT}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
    )
    return "".join(
        [head, f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>", *body, "</svg>"]
    )


def _empty(width: float, title: str, empty_text: str) -> str:
    height = ROW_HEIGHT + 2 * PAD
    body = [
        f'<text x="{_n(width / 2)}" y="{_n(height / 2)}" text-anchor="middle"'
        f' dominant-baseline="middle">{escape(empty_text)}</text>'
    ]
    return _svg(width, height, title, empty_text, body)


def bar_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    width: int = 640,
    colour: str = COLOURS[0],
    empty_text: str = "—",
    value_text: Callable[[Number], str] = format_number,
) -> str:
    """A horizontal bar chart: one bar per (label, value), in the order given.

    Bar lengths are proportional to the values (the longest bar is the largest value);
    a zero value has a bar of no length and still its label and figure. An empty list
    gives a small chart that says `empty_text`.
    """
    if not items:
        return _empty(width, title, empty_text)
    labels = [_short(label) for label, _ in items]
    label_width = min(max(_text_width(label) for label in labels), width * 0.45) + PAD
    values_width = max(_text_width(value_text(v)) for _, v in items) + PAD
    plot_left = PAD + label_width
    plot_width = max(width - plot_left - values_width - PAD, 10)
    top = max((float(v) for _, v in items), default=0) or 1.0
    height = 2 * PAD + ROW_HEIGHT * len(items)
    body = [
        f'<line x1="{_n(plot_left)}" y1="{PAD}" x2="{_n(plot_left)}"'
        f' y2="{_n(height - PAD)}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
    ]
    for i, ((label, value), short) in enumerate(zip(items, labels, strict=True)):
        y = PAD + i * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        length = plot_width * max(float(value), 0.0) / top
        figure = value_text(value)
        body.append(
            f'<g class="item"><title>{escape(f"{label}: {figure}")}</title>'
            f'<text x="{_n(plot_left - PAD)}" y="{_n(middle)}" text-anchor="end"'
            f' dominant-baseline="middle">{escape(short)}</text>'
            f'<rect class="bar" x="{_n(plot_left)}" y="{_n(y + 4)}" width="{_n(length)}"'
            f' height="{ROW_HEIGHT - 8}" fill="{colour}"/>'
            f'<text x="{_n(plot_left + length + 4)}" y="{_n(middle)}"'
            f' dominant-baseline="middle">{escape(figure)}</text></g>'
        )
    desc = "; ".join(f"{label}: {value_text(value)}" for label, value in items)
    return _svg(width, height, title, desc, body)


def grouped_bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    *,
    title: str,
    width: int = 640,
    colours: Sequence[str] = COLOURS,
    empty_text: str = "—",
    value_text: Callable[[Number], str] = format_number,
) -> str:
    """Horizontal bars in groups: for each category, one bar per series, with a legend.

    `series` is a list of (name, values), one value per category. All bars share one
    scale. No categories (or no series) gives a small chart that says `empty_text`.
    """
    if not categories or not series:
        return _empty(width, title, empty_text)
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)}")
    bar = 14
    group_height = bar * len(series) + 10
    legend_height = ROW_HEIGHT
    labels = [_short(c) for c in categories]
    label_width = min(max(_text_width(label) for label in labels), width * 0.4) + PAD
    all_values = [v for _, values in series for v in values]
    values_width = max(_text_width(value_text(v)) for v in all_values) + PAD
    plot_left = PAD + label_width
    plot_width = max(width - plot_left - values_width - PAD, 10)
    top = max((float(v) for v in all_values), default=0) or 1.0
    height = 2 * PAD + legend_height + group_height * len(categories)
    body: list[str] = ['<g class="legend">']
    x = float(PAD)
    for k, (name, _) in enumerate(series):
        colour = colours[k % len(colours)]
        body.append(
            f'<rect x="{_n(x)}" y="{PAD + 2}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{_n(x + 16)}" y="{PAD + 8}" dominant-baseline="middle">'
            f"{escape(name)}</text>"
        )
        x += 16 + _text_width(name) + 2 * PAD
    body.append("</g>")
    plot_top = PAD + legend_height
    body.append(
        f'<line x1="{_n(plot_left)}" y1="{plot_top}" x2="{_n(plot_left)}"'
        f' y2="{_n(height - PAD)}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )
    for i, (category, short) in enumerate(zip(categories, labels, strict=True)):
        y0 = plot_top + i * group_height
        body.append(
            f'<g class="group"><text x="{_n(plot_left - PAD)}" y="{_n(y0 + group_height / 2)}"'
            f' text-anchor="end" dominant-baseline="middle">{escape(short)}</text>'
        )
        for k, (name, values) in enumerate(series):
            value = values[i]
            y = y0 + 5 + k * bar
            length = plot_width * max(float(value), 0.0) / top
            figure = value_text(value)
            body.append(
                f"<g><title>{escape(f'{category} · {name}: {figure}')}</title>"
                f'<rect class="bar" x="{_n(plot_left)}" y="{_n(y + 1)}" width="{_n(length)}"'
                f' height="{bar - 2}" fill="{colours[k % len(colours)]}"/>'
                f'<text x="{_n(plot_left + length + 4)}" y="{_n(y + bar / 2)}"'
                f' font-size="{FONT_SIZE - 2}" dominant-baseline="middle">'
                f"{escape(figure)}</text></g>"
            )
        body.append("</g>")
    desc = "; ".join(
        f"{category}: " + ", ".join(f"{name} {value_text(values[i])}" for name, values in series)
        for i, category in enumerate(categories)
    )
    return _svg(width, height, title, desc, body)


def _counts(counts: dict[str, int], t: Translate, prefix: str) -> list[tuple[str, Number]]:
    """Most first; equal counts in Vietnamese order of their names."""
    labelled = [(t(f"{prefix}.{key}"), value) for key, value in counts.items()]
    return sorted(labelled, key=lambda item: (-item[1], vn_sort_key(item[0])))


def monthly_charts(
    report: MonthlyReport, t: Translate, *, width: int = 640
) -> list[tuple[str, str]]:
    """The monthly report's charts as (title, svg): the ward's petitions received per
    field and per category, then each group's received, answered and overdue."""
    empty = t("common.none")
    by_field = t("reports.by_field")
    by_category = t("reports.by_category")
    by_group = t("reports.by_group")
    groups = list(report.groups.items())
    return [
        (
            by_field,
            bar_chart(
                _counts(report.ward.by_field, t, "field"),
                title=by_field,
                width=width,
                empty_text=empty,
            ),
        ),
        (
            by_category,
            bar_chart(
                _counts(report.ward.by_category, t, "category"),
                title=by_category,
                width=width,
                empty_text=empty,
            ),
        ),
        (
            by_group,
            grouped_bar_chart(
                [name for name, _ in groups],
                [
                    (t("reports.received"), [f.received for _, f in groups]),
                    (t("reports.answered"), [f.answered for _, f in groups]),
                    (t("reports.overdue"), [f.overdue for _, f in groups]),
                ],
                title=by_group,
                width=width,
                empty_text=empty,
            ),
        ),
    ]


__all__ = ["bar_chart", "format_number", "grouped_bar_chart", "monthly_charts"]
