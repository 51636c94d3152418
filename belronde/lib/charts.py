"""Accessible charts as server-rendered SVG, with a table alternative. Plain Python, no Django.

One chart is a `Chart`: a kind (bars, stacked bars or lines), a title, the category labels of
the x axis and one or more `Series` of values, optionally horizontal `Band`s (zones) and
`Rule`s (reference lines). Two functions turn it into markup:

- `render_svg(chart)`: an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``, with a
  y axis with rounded ("nice") ticks and Belgian number formats, category labels on the x axis
  (thinned out when they do not fit), a legend when there is more than one series, and a
  message instead of an empty box when there is nothing to draw.
- `render_table(chart)`: the same numbers as a real ``<table>`` with a ``<caption>``.

Every label is escaped here, so the result can be put into a page as is. The SVG uses
presentation attributes only (no ``style`` attribute, no ``<style>``, no script): it passes the
site's CSP (``style-src 'self'``) and renders the same in the browser and in WeasyPrint's PDF.
Stylesheets may still restyle it through the classes (``chart-bar``, ``chart-line``, ...).

The module translates nothing: the caller passes translated texts and formatted category labels
(dates as ``"ma\\n23/11"``: a newline splits a label over two lines in the SVG; the table joins
the lines with a space). Example::

    chart = Chart(
        kind="stacked",
        title="Oproepen per dag",
        categories=["ma\\n23/11", "di\\n24/11"],
        series=[Series("Bereikt", [2, 0]), Series("Niet bereikt", [3, 1], tone="light")],
        category_label="Dag",
        total_label="Pogingen",
        empty_message="Nog geen oproepen.",
    )
    svg, table = render_svg(chart), render_table(chart)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Literal

from belronde.lib.money import format_number

__all__ = ["Band", "Chart", "Rule", "Series", "nice_ticks", "render_svg", "render_table"]

Number = int | float | Decimal

#: Named colours; a `Series`, `Band` or `Rule` picks one by name.
TONES = {
    "brand": "#0b5c4a",
    "light": "#5e9c8a",  # 3.2:1 on white (WCAG 1.4.11)
    "grey": "#5b6661",
    "bad": "#b42318",
    "good": "#1e7b3c",
    "warn": "#b54708",
    "blue": "#1f5fa8",
}
#: The tones given to series that name none, in order.
SERIES_TONES = ("brand", "light", "blue", "warn", "grey")
BAND_FILLS = {"good": "#e3f1e7", "neutral": "#f1f1ec", "bad": "#f9e1de", "warn": "#fdf0e1"}
INK, MUTED, GRID, AXIS = "#1d2421", "#5b6661", "#d9dfdc", "#5b6661"

FONT = 12  # px, in the viewBox
CHAR = 0.6 * FONT  # an estimate of the average glyph width
LINE = 14  # px between the lines of a category label


@dataclass(frozen=True)
class Series:
    """One named row of values, one per category (``None``: no value there; the others must be
    finite)."""

    name: str
    values: Sequence[Number | None]
    tone: str = ""
    #: Lines only: a dashed line (for a secondary measure, such as headroom).
    dashed: bool = False
    #: Lines only: points to highlight (drawn larger, in red), one flag per category.
    flags: Sequence[bool] = ()
    #: Write each value next to its point or bar.
    show_values: bool = False


@dataclass(frozen=True)
class Band:
    """A horizontal zone from ``low`` to ``high`` (``None``: the edge of the plot)."""

    low: Number | None
    high: Number | None
    label: str = ""
    tone: Literal["good", "neutral", "bad", "warn"] = "neutral"


@dataclass(frozen=True)
class Rule:
    """A horizontal reference line at ``value`` (a threshold, a target)."""

    value: Number
    label: str = ""
    tone: str = "bad"


@dataclass(frozen=True)
class Chart:
    """What to draw. Texts are shown as given (already translated); see the module docstring."""

    kind: Literal["bars", "stacked", "lines"]
    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    #: One or two sentences for screen readers, in ``<desc>``.
    description: str = ""
    #: Shown instead of the plot when there is nothing to draw (see `Chart.is_empty`).
    empty_message: str = "No data."
    #: The header of the table's first column; with ``x_title`` also the title of the x axis
    #: and the prefix of the categories in tooltips ("Week 3").
    category_label: str = ""
    x_title: bool = False
    #: The unit or measure of the y axis (``"EUR"``, ``"oproepen"``), above the ticks.
    value_label: str = ""
    #: Stacked bars: the header of a total column in the table (no column when empty).
    total_label: str = ""
    #: The legend entry of flagged points (lines), e.g. "below the buffer".
    flag_label: str = ""
    bands: Sequence[Band] = ()
    rules: Sequence[Rule] = ()
    #: Values the y axis must reach even when no series does (for lines; bars always show 0).
    include: Sequence[Number] = ()
    #: Decimals of the values written in tooltips, labels and the table.
    decimals: int = 0
    width: int = 640
    height: int = 260
    #: Prefix of the element ids (``<id>-title``, ``<id>-desc``); unique within the page.
    id: str = "chart"
    #: A ``data-testid`` for the browser tests.
    test_id: str = ""
    #: Draw the legend (``None``: when there are two series or more, or flagged points).
    legend: bool | None = None

    @property
    def is_empty(self) -> bool:
        """No category, or no value to draw: bars need a value other than 0, lines any value."""
        if not self.categories:
            return True
        values = [v for s in self.series for v in s.values if v is not None]
        if self.kind == "lines":
            return not values
        return not any(v != 0 for v in values)

    @property
    def shows_legend(self) -> bool:
        if self.legend is not None:
            return self.legend
        return len(self.series) > 1 or bool(self.flag_label and self._has_flags)

    @property
    def _has_flags(self) -> bool:
        return any(any(s.flags) for s in self.series)


# ---------------------------------------------------------------------------------------------
# Scale


def _step(span: float, count: int, integer: bool) -> float:
    raw = span / max(count, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    factors = (1.0, 2.0, 5.0, 10.0) if integer and magnitude <= 1 else (1.0, 2.0, 2.5, 5.0, 10.0)
    step = next(f * magnitude for f in factors if raw <= f * magnitude * (1 + 1e-9))
    step = float(f"{step:.12g}")
    return max(step, 1.0) if integer else step


def nice_ticks(low: float, high: float, count: int = 5, *, integer: bool = False) -> list[float]:
    """About ``count`` + 1 evenly spaced round values (steps of 1, 2, 2.5 or 5 times a power of
    ten) from at or below ``low`` to at or above ``high``. ``integer``: whole steps only."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("ticks need finite bounds")
    low, high = min(low, high), max(low, high)
    if high == low:
        low, high = (low - 1, high + 1) if low else (0.0, 1.0)
    step = _step(high - low, count, integer)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [float(f"{k * step:.12g}") + 0.0 for k in range(first, last + 1)]


def _places(ticks: Sequence[float]) -> int:
    if len(ticks) < 2:
        return 0
    step = Decimal(str(ticks[1] - ticks[0])).normalize()
    exponent = step.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _format(value: Number, places: int) -> str:
    text = format_number(Decimal(str(value)), places)
    return "0" if text.strip("-0,.") == "" else text


# ---------------------------------------------------------------------------------------------
# Markup helpers


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x: float, y: float, content: str, *, anchor: str = "start", **attrs: object) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{_e(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{FONT}"'
        f"{extra}>{_e(content)}</text>"
    )


def _width(text: str) -> float:
    return max((len(line) for line in text.split("\n")), default=0) * CHAR


def _tone(name: str, index: int = 0) -> str:
    return TONES.get(name) or TONES[SERIES_TONES[index % len(SERIES_TONES)]]


def _value(value: Number | None, places: int) -> str:
    return "\u2013" if value is None else _format(value, places)


# ---------------------------------------------------------------------------------------------
# SVG


@dataclass(frozen=True)
class _Frame:
    left: float
    right: float
    top: float
    bottom: float
    low: float
    high: float

    def y(self, value: Number) -> float:
        return self.bottom - (float(value) - self.low) / (self.high - self.low) * (
            self.bottom - self.top
        )


def _legend_items(chart: Chart) -> list[tuple[str, str, str, bool]]:
    """(label, kind of swatch, colour, dashed) per legend entry."""
    items = []
    for index, series in enumerate(chart.series):
        swatch = "line" if chart.kind == "lines" else "box"
        items.append((series.name, swatch, _tone(series.tone, index), series.dashed))
    if chart.flag_label and chart._has_flags:
        items.append((chart.flag_label, "dot", TONES["bad"], False))
    return items


def _legend_rows(
    chart: Chart, width: float
) -> list[list[tuple[float, tuple[str, str, str, bool]]]]:
    rows: list[list[tuple[float, tuple[str, str, str, bool]]]] = [[]]
    x = 0.0
    for item in _legend_items(chart):
        size = 22 + len(item[0]) * CHAR + 16
        if rows[-1] and x + size > width:
            rows.append([])
            x = 0.0
        rows[-1].append((x, item))
        x += size
    return [row for row in rows if row]


def _value_range(chart: Chart) -> tuple[float, float, bool]:
    values: list[float] = [float(v) for v in chart.include]
    integer = True
    for series in chart.series:
        for v in series.values:
            if v is not None:
                integer = integer and float(v).is_integer() and not isinstance(v, float)
    if chart.kind == "stacked":
        for i in range(len(chart.categories)):
            column = [s.values[i] for s in chart.series if i < len(s.values)]
            values.append(sum(float(v) for v in column if v is not None and v > 0))
            values.append(sum(float(v) for v in column if v is not None and v < 0))
    else:
        values += [float(v) for s in chart.series for v in s.values if v is not None]
    if chart.kind != "lines":
        values.append(0.0)
    for rule in chart.rules:
        values.append(float(rule.value))
        integer = integer and float(rule.value).is_integer()
    for band in chart.bands:
        values += [float(v) for v in (band.low, band.high) if v is not None]
    return min(values), max(values), integer and chart.decimals == 0


def _wrap(text: str, width: float) -> list[str]:
    """Words in lines of at most ``width`` px (estimated), for SVG text, which never wraps."""
    limit = max(int(width / CHAR), 8)
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _head(chart: Chart, height: float) -> str:
    description = chart.empty_message if chart.is_empty else chart.description
    ident = _e(chart.id)
    test_id = f' data-testid="{_e(chart.test_id)}"' if chart.test_id else ""
    labelled = f"{ident}-title {ident}-desc" if description else f"{ident}-title"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{_e(chart.kind)}" '
        f'viewBox="0 0 {chart.width} {_n(height)}" width="{chart.width}" height="{_n(height)}" '
        f'role="img" aria-labelledby="{labelled}"{test_id}>'
        f'<title id="{ident}-title">{_e(chart.title)}</title>'
        + (f'<desc id="{ident}-desc">{_e(description)}</desc>' if description else "")
    )


def _empty_svg(chart: Chart) -> str:
    lines = _wrap(chart.empty_message, chart.width - 32)
    height = min(chart.height, 72 + LINE * len(lines))
    first = height / 2 + 4 - LINE * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{_n(chart.width / 2)}" dy="{0 if i == 0 else LINE}">{_e(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f"{_head(chart, height)}"
        f'<rect x="0.5" y="0.5" width="{chart.width - 1}" height="{height - 1}" rx="6" '
        f'fill="#f7f8f7" stroke="{GRID}" class="chart-empty-box"/>'
        f'<text x="{_n(chart.width / 2)}" y="{_n(first)}" text-anchor="middle" '
        f'font-size="{FONT}" fill="{MUTED}" class="chart-empty">{spans}</text>'
        "</svg>"
    )


def render_svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element (see the module docstring)."""
    if chart.is_empty:
        return _empty_svg(chart)

    low, high, integer = _value_range(chart)
    ticks = nice_ticks(low, high, 5, integer=integer)
    places = _places(ticks)
    tick_labels = [_format(t, places) for t in ticks]

    label_lines = max((len(c.split("\n")) for c in chart.categories), default=1)
    left = max(_width(t) for t in tick_labels) + 12
    left = max(left, len(chart.value_label) * CHAR / 2 + 4)
    right = 12.0
    plot_width = chart.width - left - right
    legend = _legend_rows(chart, chart.width - 8) if chart.shows_legend else []
    top = (
        10.0
        + (16 if chart.value_label else 0)
        + (8 if any(s.show_values for s in chart.series) else 0)
    )
    bottom_space = 12 + label_lines * LINE + (LINE + 4 if chart.x_title else 0) + 20 * len(legend)
    frame = _Frame(left, chart.width - right, top, chart.height - bottom_space, ticks[0], ticks[-1])
    count = len(chart.categories)
    slot = plot_width / count

    def centre(index: int) -> float:
        return left + (index + 0.5) * slot

    parts = [_head(chart, chart.height)]

    # Bands, then the grid with the y tick labels, then the axes.
    for band in chart.bands:
        y_top = frame.top if band.high is None else frame.y(band.high)
        y_bottom = frame.bottom if band.low is None else frame.y(band.low)
        parts.append(
            f'<rect x="{_n(left)}" y="{_n(y_top)}" width="{_n(plot_width)}" '
            f'height="{_n(max(y_bottom - y_top, 0))}" fill="{BAND_FILLS.get(band.tone, "#f1f1ec")}"'
            f' class="chart-band chart-band-{_e(band.tone)}"/>'
        )
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = frame.y(tick)
        parts.append(
            f'<line x1="{_n(left)}" x2="{_n(frame.right)}" y1="{_n(y)}" y2="{_n(y)}" '
            f'stroke="{AXIS if tick == 0 else GRID}" stroke-width="1" class="chart-grid"/>'
        )
        parts.append(_text(left - 6, y + 4, label, anchor="end", fill=MUTED, class_="chart-tick"))
    if chart.value_label:
        parts.append(_text(4, top - 8, chart.value_label, fill=MUTED, class_="chart-axis-title"))
    for band in chart.bands:
        if band.label:
            y_top = frame.top if band.high is None else frame.y(band.high)
            y_bottom = frame.bottom if band.low is None else frame.y(band.low)
            y = y_bottom - 5 if band.low is None else y_top + 13
            parts.append(
                _text(
                    frame.right - 4,
                    y,
                    band.label,
                    anchor="end",
                    fill=TONES.get(band.tone, MUTED),
                    class_="chart-band-label",
                )
            )
    parts.append(
        f'<line x1="{_n(left)}" x2="{_n(left)}" y1="{_n(frame.top)}" y2="{_n(frame.bottom)}" '
        f'stroke="{AXIS}" stroke-width="1" class="chart-axis"/>'
        f'<line x1="{_n(left)}" x2="{_n(frame.right)}" y1="{_n(frame.bottom)}" '
        f'y2="{_n(frame.bottom)}" stroke="{AXIS}" stroke-width="1" class="chart-axis"/>'
    )

    # The category labels, every n-th one when they would overlap.
    widest = max((_width(c) for c in chart.categories), default=0)
    every = max(1, math.ceil((widest + 6) / slot))
    for index, category in enumerate(chart.categories):
        x = centre(index)
        parts.append(
            f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(frame.bottom)}" y2="{_n(frame.bottom + 4)}" '
            f'stroke="{AXIS}" stroke-width="1" class="chart-axis"/>'
        )
        if index % every:
            continue
        lines = category.split("\n")
        spans = "".join(
            f'<tspan x="{_n(x)}" dy="{0 if i == 0 else LINE}">{_e(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{_n(x)}" y="{_n(frame.bottom + 16)}" text-anchor="middle" '
            f'font-size="{FONT}" fill="{INK}" class="chart-category">{spans}</text>'
        )
    if chart.x_title and chart.category_label:
        parts.append(
            _text(
                left + plot_width / 2,
                frame.bottom + 16 + label_lines * LINE + 2,
                chart.category_label,
                anchor="middle",
                fill=MUTED,
                class_="chart-axis-title",
            )
        )

    parts += _marks(chart, frame, slot, centre)

    for rule in chart.rules:
        y = frame.y(rule.value)
        colour = _tone(rule.tone)
        parts.append(
            f'<line x1="{_n(left)}" x2="{_n(frame.right)}" y1="{_n(y)}" y2="{_n(y)}" '
            f'stroke="{colour}" stroke-width="2" class="chart-rule"/>'
        )
        if rule.label:
            parts.append(
                _text(
                    frame.right - 4,
                    y - 5,
                    rule.label,
                    anchor="end",
                    fill=colour,
                    class_="chart-rule-label",
                )
            )

    # The legend, under the axis.
    y = chart.height - 20 * len(legend) + 6
    for row in legend:
        for x, (label, swatch, colour, dashed) in row:
            x += 4
            if swatch == "box":
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="14" height="10" fill="{colour}"/>'
                )
            elif swatch == "dot":
                parts.append(f'<circle cx="{_n(x + 7)}" cy="{_n(y + 5)}" r="5" fill="{colour}"/>')
            else:
                dash = ' stroke-dasharray="5 4"' if dashed else ""
                parts.append(
                    f'<line x1="{_n(x)}" x2="{_n(x + 16)}" y1="{_n(y + 5)}" y2="{_n(y + 5)}" '
                    f'stroke="{colour}" stroke-width="2.5"{dash}/>'
                )
            parts.append(_text(x + 22, y + 9, label, fill=INK, class_="chart-legend"))
        y += 20
    parts.append("</svg>")
    return "".join(parts)


def _tooltip(chart: Chart, index: int, series: Series, value: Number) -> str:
    category = " ".join(chart.categories[index].split("\n"))
    if chart.x_title and chart.category_label:
        category = f"{chart.category_label} {category}"
    name = f", {series.name}" if len(chart.series) > 1 or chart.kind == "stacked" else ""
    return f"<title>{_e(category)}{_e(name)}: {_e(_format(value, chart.decimals))}</title>"


def _marks(chart: Chart, frame: _Frame, slot: float, centre: Callable[[int], float]) -> list[str]:
    parts: list[str] = []
    zero = frame.y(0) if frame.low <= 0 <= frame.high else frame.bottom
    if chart.kind in ("bars", "stacked"):
        group = min(slot * 0.7, 64.0)
        bars = 1 if chart.kind == "stacked" else len(chart.series)
        width = group / bars
        above = [0.0] * len(chart.categories)
        below = [0.0] * len(chart.categories)
        for number, series in enumerate(chart.series):
            colour = _tone(series.tone, number)
            for index, value in enumerate(series.values[: len(chart.categories)]):
                if value is None or value == 0:
                    continue
                v = float(value)
                if chart.kind == "stacked":
                    base = above[index] if v > 0 else below[index]
                    if v > 0:
                        above[index] += v
                    else:
                        below[index] += v
                    x = centre(index) - group / 2
                    y0, y1 = frame.y(base), frame.y(base + v)
                else:
                    x = centre(index) - group / 2 + number * width
                    y0, y1 = zero, frame.y(v)
                y, height = min(y0, y1), abs(y1 - y0)
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(width - 1, 1))}" '
                    f'height="{_n(height)}" fill="{colour}" stroke="#ffffff" stroke-width="1" '
                    f'class="chart-bar">'
                    f"{_tooltip(chart, index, series, value)}</rect>"
                )
                if series.show_values:
                    # Above a plain positive bar; inside a negative or stacked one when it
                    # fits (next to the category labels there is no room), beyond it otherwise.
                    inside = (v < 0 or chart.kind == "stacked") and height >= FONT + 6
                    if inside:
                        label_y = y + height - 5 if v < 0 else y + FONT + 2
                    else:
                        label_y = y - 4 if v > 0 else y + height + FONT + 2
                    parts.append(
                        _text(
                            x + width / 2,
                            label_y,
                            _format(value, chart.decimals),
                            anchor="middle",
                            fill="#ffffff" if inside else INK,
                            class_="chart-value",
                        )
                    )
        return parts

    for number, series in enumerate(chart.series):
        colour = _tone(series.tone, number)
        points = [
            (index, centre(index), frame.y(v), v)
            for index, v in enumerate(series.values[: len(chart.categories)])
            if v is not None
        ]
        segments: list[list[str]] = []
        previous = None
        for index, x, y, _ in points:
            if previous is None or index != previous + 1:
                segments.append([])
            segments[-1].append(f"{_n(x)},{_n(y)}")
            previous = index
        dash = ' stroke-dasharray="5 4"' if series.dashed else ""
        weight = "1.5" if series.dashed else "2.5"
        for segment in segments:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" '
                    f'stroke-width="{weight}"{dash} class="chart-line"/>'
                )
        if series.dashed and not series.show_values:
            continue
        for index, x, y, value in points:
            flagged = index < len(series.flags) and series.flags[index]
            parts.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{5 if flagged else 3.5}" '
                f'fill="{TONES["bad"] if flagged else colour}" '
                f'class="chart-point{" chart-flagged" if flagged else ""}">'
                f"{_tooltip(chart, index, series, value)}</circle>"
            )
            if series.show_values:
                parts.append(
                    _text(
                        x,
                        y - 10,
                        _format(value, chart.decimals),
                        anchor="middle",
                        fill=INK,
                        font_weight="bold",
                        class_="chart-value",
                    )
                )
    return parts


# ---------------------------------------------------------------------------------------------
# Table


def render_table(chart: Chart, *, css_class: str = "chart-table") -> str:
    """The chart's numbers as a ``<table>`` captioned with its title: one row per category,
    one column per series (and a total column for stacked bars with a ``total_label``)."""
    total = chart.kind == "stacked" and bool(chart.total_label)
    head = "".join(f'<th scope="col" class="num">{_e(s.name)}</th>' for s in chart.series)
    if total:
        head += f'<th scope="col" class="num">{_e(chart.total_label)}</th>'
    rows = []
    for index, category in enumerate(chart.categories):
        values = [s.values[index] if index < len(s.values) else None for s in chart.series]
        cells = "".join(f'<td class="num">{_value(v, chart.decimals)}</td>' for v in values)
        if total:
            known = [v for v in values if v is not None]
            cells += f'<td class="num">{_value(sum(known) if known else None, chart.decimals)}</td>'
        label = " ".join(category.split("\n"))
        rows.append(f'<tr><th scope="row">{_e(label)}</th>{cells}</tr>')
    if chart.is_empty:
        span = len(chart.series) + 1 + (1 if total else 0)
        rows = [f'<tr><td colspan="{span}">{_e(chart.empty_message)}</td></tr>']
    return (
        f'<table class="{_e(css_class)}"><caption>{_e(chart.title)}</caption>'
        f'<thead><tr><th scope="col">{_e(chart.category_label)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
