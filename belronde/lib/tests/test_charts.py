"""belronde.lib.charts: scales, the SVG (parsed as XML), the empty state and the table."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

import belronde
from belronde.lib.charts import Band, Chart, Rule, Series, nice_ticks, render_svg, render_table

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def texts(root: ET.Element, css_class: str) -> list[str]:
    return [
        "".join(node.itertext())
        for node in root.iter(f"{SVG}text")
        if css_class in node.get("class", "").split()
    ]


def days_chart(**changes: object) -> Chart:
    values: dict[str, object] = {
        "kind": "stacked",
        "title": "Oproepen per dag",
        "description": "8 oproepen in de laatste 3 dagen.",
        "categories": ["ma\n23/11", "di\n24/11", "wo\n25/11"],
        "series": [
            Series("Bereikt", [2, 0, 1]),
            Series("Niet bereikt", [3, 1, 1], tone="light"),
        ],
        "category_label": "Dag",
        "total_label": "Pogingen",
        "empty_message": "Nog geen oproepen.",
        "id": "days",
    }
    values.update(changes)
    return Chart(**values)  # type: ignore[arg-type]


def test_it_picks_round_ticks_that_cover_the_values():
    assert nice_ticks(0, 3, integer=True) == [0, 1, 2, 3]
    assert nice_ticks(0, 7, integer=True) == [0, 2, 4, 6, 8]
    assert nice_ticks(0, 0.9) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(-1234.5, 98765) == [-20000, 0, 20000, 40000, 60000, 80000, 100000]
    assert nice_ticks(1.1, 2.6) == [1.0, 1.5, 2.0, 2.5, 3.0]
    assert nice_ticks(0, 1.2) == [0, 0.25, 0.5, 0.75, 1.0, 1.25]


def test_it_never_gives_fractional_ticks_for_counts():
    assert nice_ticks(0, 1, integer=True) == [0, 1]
    assert all(t == int(t) for t in nice_ticks(0, 12, integer=True))


def test_it_widens_a_range_of_one_value():
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(5, 5, integer=True)[0] <= 4
    assert nice_ticks(5, 5, integer=True)[-1] >= 6
    with pytest.raises(ValueError, match="finite"):
        nice_ticks(0, float("nan"))


def test_it_is_an_accessible_image_with_title_and_description():
    root = parse(render_svg(days_chart()))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "days-title days-desc"
    assert root.find(f"{SVG}title").text == "Oproepen per dag"
    assert root.find(f"{SVG}desc").text == "8 oproepen in de laatste 3 dagen."
    assert root.find(f"{SVG}title").get("id") == "days-title"


def test_it_draws_axes_with_tick_labels_and_two_line_categories():
    root = parse(render_svg(days_chart()))
    assert texts(root, "chart-tick") == ["0", "1", "2", "3", "4", "5"]
    assert texts(root, "chart-category") == ["ma23/11", "di24/11", "wo25/11"]
    spans = [s.text for s in root.iter(f"{SVG}tspan")]
    assert spans[:2] == ["ma", "23/11"]
    assert len([n for n in root.iter(f"{SVG}line") if n.get("class") == "chart-axis"]) >= 2


def test_it_scales_bars_to_the_plot():
    root = parse(render_svg(days_chart()))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]
    assert len(bars) == 5  # a zero draws nothing
    heights = [float(b.get("height", 0)) for b in bars]
    # 2 of 5 and 3 of 5 of the axis make the first day's stack; 1 of 5 a single call.
    first, second = heights[0], heights[2]
    assert first == pytest.approx(2 * heights[1], rel=0.02)
    assert second == pytest.approx(3 * heights[1], rel=0.02)
    # The stack of the first day ends at the top tick (5).
    assert float(bars[2].get("y", 0)) == pytest.approx(10, abs=0.1)


def test_it_gives_each_bar_a_tooltip():
    root = parse(render_svg(days_chart()))
    tips = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert "ma 23/11, Bereikt: 2" in tips
    assert "wo 25/11, Niet bereikt: 1" in tips


def test_it_shows_a_legend_for_more_than_one_series():
    root = parse(render_svg(days_chart()))
    assert texts(root, "chart-legend") == ["Bereikt", "Niet bereikt"]
    single = days_chart(series=[Series("Pogingen", [1, 2, 3])])
    assert texts(parse(render_svg(single)), "chart-legend") == []


def test_it_draws_negative_bars_below_the_zero_line():
    chart = Chart(
        kind="bars",
        title="Resultaat",
        categories=["2023", "2024"],
        series=[Series("Resultaat", [Decimal("1500.50"), Decimal("-750.25")], show_values=True)],
        decimals=2,
    )
    root = parse(render_svg(chart))
    zero = next(
        float(line.get("y1", 0))
        for line in root.iter(f"{SVG}line")
        if line.get("class") == "chart-grid" and line.get("stroke") == "#5b6661"
    )
    up, down = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]
    assert float(up.get("y", 0)) + float(up.get("height", 0)) == pytest.approx(zero, abs=0.1)
    assert float(down.get("y", 0)) == pytest.approx(zero, abs=0.1)
    assert float(down.get("height", 0)) == pytest.approx(float(up.get("height", 0)) / 2, rel=0.01)
    assert texts(root, "chart-value") == ["1.500,50", "-750,25"]
    assert "-1.000" in texts(root, "chart-tick")


def test_it_stacks_negative_values_downwards():
    chart = days_chart(series=[Series("In", [2, 2, 2]), Series("Uit", [-1, -3, 0])])
    root = parse(render_svg(chart))
    ticks = texts(root, "chart-tick")
    assert ticks[0] == "-3" and ticks[-1] == "2"


def test_it_escapes_labels_with_markup():
    evil = '<script>alert("x")</script> & "quoted"'
    chart = days_chart(
        title=evil,
        description=evil,
        categories=[evil, "b", "c"],
        series=[Series(evil, [1, 2, 3]), Series("x", [1, 1, 1])],
        id='a"b',
    )
    svg, table = render_svg(chart), render_table(chart)
    for markup in (svg, table):
        assert "<script" not in markup
        assert "&lt;script&gt;" in markup
    root = parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title").text == evil
    assert root.get("aria-labelledby") == 'a"b-title a"b-desc'


def test_it_says_so_when_there_is_nothing_to_draw():
    chart = days_chart(series=[Series("Bereikt", [0, 0, 0]), Series("Niet bereikt", [0, 0, 0])])
    assert chart.is_empty
    root = parse(render_svg(chart))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}desc").text == "Nog geen oproepen."
    assert texts(root, "chart-empty") == ["Nog geen oproepen."]
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]
    table = render_table(chart)
    assert '<td colspan="4">Nog geen oproepen.</td>' in table
    assert days_chart(categories=[], series=[]).is_empty
    # A long message is wrapped over lines that fit the width (SVG text never wraps).
    long = days_chart(series=[], width=300, empty_message="Nog geen oproepen. " * 6)
    lines = [s.text or "" for s in parse(render_svg(long)).iter(f"{SVG}tspan")]
    assert len(lines) >= 3
    assert all(len(line) * 0.6 * 12 <= 300 - 32 for line in lines)
    # A line with values is not empty, even at zero; one without any is.
    assert not Chart(kind="lines", title="t", categories=["1"], series=[Series("s", [0])]).is_empty
    assert Chart(kind="lines", title="t", categories=["1"], series=[Series("s", [None])]).is_empty


def test_it_gives_the_numbers_as_a_captioned_table():
    table = ET.fromstring(render_table(days_chart()))
    assert table.tag == "table"
    assert table.findtext("caption") == "Oproepen per dag"
    head = [th.text for th in table.iter("th") if th.get("scope") == "col"]
    assert head == ["Dag", "Bereikt", "Niet bereikt", "Pogingen"]
    rows = table.findall("tbody/tr")
    assert [r.findtext("th") for r in rows] == ["ma 23/11", "di 24/11", "wo 25/11"]
    assert [td.text for td in rows[0].findall("td")] == ["2", "3", "5"]


def test_it_draws_lines_with_gaps_flags_rules_and_bands():
    chart = Chart(
        kind="lines",
        title="Kas per week",
        categories=[str(i) for i in range(1, 6)],
        series=[
            Series("Kas", [1000, 400, None, -200, 800], flags=[False, True, False, True, False]),
            Series("Ruimte", [3000, 2400, 2000, 1800, 2800], tone="grey", dashed=True),
        ],
        rules=[Rule(500, "buffer")],
        bands=[Band(None, 0, "tekort", "bad")],
        include=[0],
        flag_label="onder de buffer",
        category_label="Week",
        x_title=True,
        value_label="EUR",
    )
    root = parse(render_svg(chart))
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 3  # "Kas" breaks at the gap into two segments, then "Ruimte"
    assert [line.get("stroke-dasharray") for line in lines] == [None, None, "5 4"]
    points = [c for c in root.iter(f"{SVG}circle") if "chart-point" in c.get("class", "")]
    assert len(points) == 4
    assert [c.get("fill") for c in points if "chart-flagged" in c.get("class", "")] == [
        "#b42318",
        "#b42318",
    ]
    assert texts(root, "chart-rule-label") == ["buffer"]
    assert texts(root, "chart-band-label") == ["tekort"]
    assert texts(root, "chart-legend") == ["Kas", "Ruimte", "onder de buffer"]
    assert texts(root, "chart-axis-title") == ["EUR", "Week"]
    assert texts(root, "chart-tick")[-1] == "3.000"
    table = render_table(chart)
    assert '<td class="num">\u2013</td>' in table  # the missing value


def test_it_thins_out_category_labels_that_do_not_fit():
    chart = days_chart(
        categories=[f"wo\n{d:02d}/11" for d in range(1, 29)],
        series=[Series("Pogingen", list(range(28)))],
        width=360,
    )
    labels = texts(parse(render_svg(chart)), "chart-category")
    assert 4 <= len(labels) < 28
    assert labels[0] == "wo01/11"


def test_it_uses_presentation_attributes_only_for_the_csp():
    markup = render_svg(days_chart()) + render_svg(days_chart(series=[]))
    assert "style=" not in markup
    assert "<style" not in markup
    assert "<script" not in markup


def test_it_imports_without_django():
    script = (
        "import sys; sys.modules['django'] = None\n"
        "from belronde.lib import charts\n"
        "s = [charts.Series('s', [1])]\n"
        "c = charts.Chart(kind='bars', title='t', categories=['a'], series=s)\n"
        "assert charts.render_svg(c).startswith('<svg')\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(belronde.__file__).parent.parent)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"
