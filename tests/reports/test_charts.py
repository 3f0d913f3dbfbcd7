"""Server-made SVG charts: valid XML, accessible, one bar per item, lengths to scale."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from sync_server.console.i18n import Translator
from sync_server.reports import PetitionFacts, build_monthly_report
from sync_server.reports.charts import bar_chart, format_number, grouped_bar_chart, monthly_charts

SVG = "{http://www.w3.org/2000/svg}"
VI = Translator("vi").t


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find(f"{SVG}title") is not None
    assert "sans-serif" in (root.get("font-family") or "")
    assert root.get("viewBox")
    return root


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_bar_chart_one_bar_per_item_lengths_to_scale() -> None:
    svg = bar_chart([("Kinh tế", 10), ("Văn hóa - xã hội", 5), ("Quốc phòng", 0)], title="T")
    root = parse(svg)
    widths = [float(b.get("width") or "nan") for b in bars(root)]
    assert len(widths) == 3
    assert widths[0] > 0 and widths[1] == pytest.approx(widths[0] / 2) and widths[2] == 0
    assert {"Kinh tế", "Văn hóa - xã hội", "Quốc phòng", "10", "5", "0"} <= set(texts(root))
    assert root.findtext(f"{SVG}title") == "T"
    assert "Kinh tế: 10" in (root.findtext(f"{SVG}desc") or "")


def test_text_is_escaped() -> None:
    label = "Đường <ngõ> & \"hẻm\" '5'"
    root = parse(bar_chart([(label, 3)], title="<Tiêu đề> & co"))
    assert label in texts(root)
    assert root.findtext(f"{SVG}title") == "<Tiêu đề> & co"
    assert root.get("aria-label") == "<Tiêu đề> & co"
    root = parse(grouped_bar_chart([label], [("<a>&", [1])], title='"q"'))
    assert label in texts(root) and "<a>&" in texts(root)


def test_no_script_no_external_reference() -> None:
    svg = bar_chart([("a", 1)], title="t") + grouped_bar_chart(["a"], [("s", [1])], title="t")
    for banned in ("<script", "href", "@import", "url(", "<?xml", "javascript"):
        assert banned not in svg


def test_empty_and_all_zero() -> None:
    root = parse(bar_chart([], title="Trống", empty_text="Chưa có số liệu"))
    assert bars(root) == [] and "Chưa có số liệu" in texts(root)
    root = parse(bar_chart([("a", 0), ("b", 0)], title="Không"))
    assert [float(b.get("width") or "nan") for b in bars(root)] == [0, 0]
    root = parse(grouped_bar_chart([], [("s", [])], title="Trống"))
    assert bars(root) == []


def test_long_labels_are_shortened_but_kept_in_full_in_the_tooltip() -> None:
    label = "Tổ dân phố số 15 khu vực phía bắc đường Trần Hưng Đạo kéo dài"
    root = parse(bar_chart([(label, 4)], title="t"))
    shown = [t for t in texts(root) if t.startswith("Tổ dân phố")]
    assert shown and shown[0].endswith("…") and len(shown[0]) <= 32
    tooltips = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    assert f"{label}: 4" in tooltips


def test_grouped_chart_bars_per_category_and_series() -> None:
    root = parse(
        grouped_bar_chart(
            ["Tổ 1", "Tổ 2"],
            [("Tiếp nhận", [4, 2]), ("Đã trả lời", [2, 0]), ("Quá hạn", [1, 1])],
            title="Theo tổ",
        )
    )
    widths = [float(b.get("width") or "nan") for b in bars(root)]
    assert len(widths) == 6
    tổ1_received, tổ1_answered, tổ1_overdue, tổ2_received, tổ2_answered, _ = widths
    assert tổ1_answered == pytest.approx(tổ1_received / 2)
    assert tổ1_overdue == pytest.approx(tổ1_received / 4)
    assert tổ2_received == pytest.approx(tổ1_received / 2) and tổ2_answered == 0
    assert {"Tiếp nhận", "Đã trả lời", "Quá hạn", "Tổ 1", "Tổ 2"} <= set(texts(root))
    fills = {b.get("fill") for b in bars(root)}
    assert len(fills) == 3  # one colour per series, shown in the legend


def test_grouped_chart_rejects_a_series_of_the_wrong_length() -> None:
    with pytest.raises(ValueError):
        grouped_bar_chart(["a", "b"], [("s", [1])], title="t")


def test_numbers_in_vietnamese() -> None:
    assert format_number(1234) == "1.234"
    assert format_number(7.5) == "7,5"
    assert format_number(0) == "0"
    assert format_number(1_000_000) == "1.000.000"


def test_monthly_charts() -> None:
    facts = [
        PetitionFacts(
            "Tổ dân phố 10",
            "economy",
            "land",
            "answered",
            date(2026, 11, 2),
            answered_on=date(2026, 11, 9),
        ),
        PetitionFacts("Tổ dân phố 2", "economy", "lighting", "received", date(2026, 11, 5)),
        PetitionFacts(
            "Tổ dân phố 2",
            "culture_society",
            "environment",
            "accepted",
            date(2026, 10, 5),
            due_date=date(2026, 11, 1),
        ),
    ]
    report = build_monthly_report(
        year=2026,
        month=11,
        ward_name="Phường Quỳnh Xuân",
        petitions=facts,
        today=date(2026, 12, 1),
    )
    charts = monthly_charts(report, VI)
    assert [title for title, _ in charts] == ["Theo lĩnh vực", "Theo nhóm vấn đề", "Theo tổ"]
    by_field, by_category, by_group = (parse(svg) for _, svg in charts)
    assert len(bars(by_field)) == 1  # only economy was received in November
    assert VI("field.economy") in texts(by_field)
    assert len(bars(by_category)) == 2
    assert len(bars(by_group)) == 2 * 3
    group_labels = [t for t in texts(by_group) if t.startswith("Tổ")]
    assert group_labels == ["Tổ dân phố 2", "Tổ dân phố 10"]
    for _, svg in charts:  # no code or English key reaches the Vietnamese chart
        assert "economy" not in svg and "reports." not in svg


def test_monthly_charts_of_an_empty_month() -> None:
    report = build_monthly_report(
        year=2026, month=11, ward_name="P", petitions=[], today=date(2026, 12, 1)
    )
    for _, svg in monthly_charts(report, VI):
        assert bars(parse(svg)) == []
