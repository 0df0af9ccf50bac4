"""The report charts (los/core/charts.py): positions computed by hand in the 400-wide view
box, gaps where a figure is missing, and SVG that is well formed, labelled and scriptless."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from los.core.charts import bar_chart, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_a_trend_puts_low_at_the_bottom_high_at_the_top_and_breaks_at_a_gap():
    # Plot: x 48..384, y 14 (top, 100 %) .. 164 (bottom, 0 %): 150 high.
    chart = trend_chart(["2025K1", "2025K2", "2025K3"], [0, None, 50], references=[(31, "31 %")])

    assert chart.segments == ("48.0,164.0", "384.0,89.0")  # 164 − 0.5 × 150 = 89
    assert [(p.x, p.y, p.label) for p in chart.points] == [
        ("48.0", "164.0", "2025K1: 0 %"),
        ("384.0", "89.0", "2025K3: 50 %"),
    ]
    assert [(t.position, t.label) for t in chart.y_ticks] == [
        ("164.0", "0 %"),
        ("126.5", "25 %"),
        ("89.0", "50 %"),
        ("51.5", "75 %"),
        ("14.0", "100 %"),
    ]
    assert [(r.position, r.label) for r in chart.references] == [("117.5", "31 %")]  # 164 − 46.5


def test_a_trend_labels_every_period_while_they_fit_and_every_second_after():
    eight = trend_chart([f"P{n}" for n in range(8)], [10] * 8)  # 8 × 40 = 320 ≤ 336
    nine = trend_chart([f"P{n}" for n in range(9)], [10] * 9)  # 360 > 336

    assert [t.label for t in eight.x_ticks] == [f"P{n}" for n in range(8)]
    assert [t.label for t in nine.x_ticks] == ["P0", "P2", "P4", "P6", "P8"]


def test_a_value_beyond_the_axis_is_drawn_at_its_edge_and_a_reference_beyond_it_is_left_out():
    chart = trend_chart(["a", "b"], [130, -5], references=[(31, "31 %"), (120, "120 %")])

    assert chart.segments == ("48.0,14.0 384.0,164.0",)
    assert [r.label for r in chart.references] == ["31 %"]


def test_one_value_stands_in_the_middle_and_days_use_a_decimal_comma():
    chart = trend_chart(["2026K1"], [12.5], high=50, unit="dager", ticks=2)

    assert chart.segments == ("216.0,126.5",)  # (48 + 384) / 2; 164 − 0.25 × 150
    assert chart.points[0].label == "2026K1: 12,5 dager"
    assert [t.label for t in chart.y_ticks] == ["0 dager", "25 dager", "50 dager"]


def test_the_year_under_the_quarters_is_written_where_it_changes():
    chart = trend_chart(
        ["K3", "K4", "K1", "K2"], [1, 2, 3, 4], sublabels=["2025", "2025", "2026", "2026"]
    )

    assert [(t.label, t.sublabel) for t in chart.x_ticks] == [
        ("K3", "2025"),
        ("K4", ""),
        ("K1", "2026"),
        ("K2", ""),
    ]


def test_a_trend_needs_one_label_per_value():
    with pytest.raises(ValueError):
        trend_chart(["a"], [1, 2])


def test_bars_run_from_the_axis_in_proportion_and_a_suppressed_one_is_empty_and_says_so():
    # Plot: x 150..348 (198 wide); rows of 26 from y = 6.
    chart = bar_chart(
        [("NAV Bodø", 42), ("Salten arbeid og helse ved DPS-en", None)],
        references=[(31, "31 %")],
    )

    assert [(b.y, b.text_y, b.width, b.label, b.value_text) for b in chart.bars] == [
        ("10.0", "23.0", "83.2", "NAV Bodø", "42 %"),  # 0.42 × 198 = 83.16
        ("36.0", "49.0", "0.0", "Salten arbeid og he…", "skjult"),
    ]
    assert chart.height == 94  # 6 + 2 × 26 + 36
    assert [r.position for r in chart.references] == ["211.4"]  # 150 + 0.31 × 198
    assert [(t.position, t.label) for t in chart.x_ticks] == [
        ("150.0", "0 %"),
        ("199.5", "25 %"),
        ("249.0", "50 %"),
        ("298.5", "75 %"),
        ("348.0", "100 %"),
    ]


@pytest.mark.parametrize(
    ("template", "chart"),
    [
        (
            "web/_trend_chart.html",
            trend_chart(["a", "b", "c"], [10, None, 40], references=[(31, "31 %")]),
        ),
        ("web/_bar_chart.html", bar_chart([("A & B", 10), ("C", None)], references=[(41, "41 %")])),
    ],
)
def test_the_svg_is_well_formed_labelled_and_has_no_script_or_style(template, chart):
    svg = render_to_string(
        template, {"chart": chart, "id": "figur-1", "title": "Andel i jobb", "desc": "A < B"}
    )

    root = ET.fromstring(svg)  # noqa: S314 (our own template, not outside input)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "figur-1-title figur-1-desc"
    assert root.find(f"{SVG}title").get("id") == "figur-1-title"
    assert root.find(f"{SVG}title").text == "Andel i jobb"
    assert root.find(f"{SVG}desc").text == "A < B"
    assert not [e for e in root.iter() if e.tag == f"{SVG}script" or "style" in e.attrib]
    assert "onload" not in svg and "<style" not in svg
