"""The report charts (los/core/charts.py): positions computed by hand in the 400-wide view
box, gaps where a figure is missing, and SVG that is well formed, labelled and scriptless."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from los.core.charts import bar_chart, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_a_trend_puts_low_at_the_bottom_high_at_the_top_and_breaks_at_a_gap():
    # Plot: x 44..388, y 14 (top, 100 %) .. 170 (bottom, 0 %).
    chart = trend_chart(["2025K1", "2025K2", "2025K3"], [0, None, 50], references=[(31, "31 %")])

    assert chart.segments == ("44.0,170.0", "388.0,92.0")  # 170 − 0.5 × 156 = 92
    assert [(p.x, p.y, p.label) for p in chart.points] == [
        ("44.0", "170.0", "2025K1: 0 %"),
        ("388.0", "92.0", "2025K3: 50 %"),
    ]
    assert [(t.position, t.label) for t in chart.y_ticks] == [
        ("170.0", "0 %"),
        ("131.0", "25 %"),
        ("92.0", "50 %"),
        ("53.0", "75 %"),
        ("14.0", "100 %"),
    ]
    assert [(r.position, r.label) for r in chart.references] == [("121.6", "31 %")]  # 170 − 48.36


def test_a_trend_labels_every_period_while_they_fit_and_every_second_after():
    eight = trend_chart([f"P{n}" for n in range(8)], [10] * 8)  # 8 × 40 = 320 ≤ 344
    nine = trend_chart([f"P{n}" for n in range(9)], [10] * 9)  # 360 > 344

    assert [t.label for t in eight.x_ticks] == [f"P{n}" for n in range(8)]
    assert [t.label for t in nine.x_ticks] == ["P0", "P2", "P4", "P6", "P8"]


def test_a_value_beyond_the_axis_is_drawn_at_its_edge_and_a_reference_beyond_it_is_left_out():
    chart = trend_chart(["a", "b"], [130, -5], references=[(31, "31 %"), (120, "120 %")])

    assert chart.segments == ("44.0,14.0 388.0,170.0",)
    assert [r.label for r in chart.references] == ["31 %"]


def test_one_value_stands_in_the_middle_and_days_use_a_decimal_comma():
    chart = trend_chart(["2026K1"], [12.5], high=50, unit="dager", ticks=2)

    assert chart.segments == ("216.0,131.0",)  # (44 + 388) / 2; 170 − 0.25 × 156
    assert chart.points[0].label == "2026K1: 12,5 dager"
    assert [t.label for t in chart.y_ticks] == ["0 dager", "25 dager", "50 dager"]


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
        ("36.0", "49.0", "0.0", "Salten arbeid og hels…", "skjult"),
    ]
    assert chart.height == 88  # 6 + 2 × 26 + 30
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
