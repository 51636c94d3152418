"""Chart geometry for inline SVG (rendered by templates; no JavaScript chart library).

The templates draw with SVG presentation attributes only, so the charts pass the CSP in the
browser and render the same in WeasyPrint's PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from belronde.finance.cashflow import Forecast
from belronde.finance.scores import SPECS, Model
from belronde.lib.money import format_number


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: str
    flagged: bool = False


@dataclass(frozen=True)
class Band:
    y: float
    height: float
    kind: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    ticks: list[Tick]
    points: list[Point]
    line: str
    second_line: str
    threshold_y: float | None
    zero_y: float | None
    bands: list[Band]

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_width(self) -> int:
        return self.width - self.right - self.left

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def label_y(self) -> int:
        return self.height - self.bottom + 16


def _nice_step(span: float, count: int = 5) -> float:
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _scale(lo: float, hi: float, top: int, bottom: int) -> tuple[float, float, float]:
    if hi <= lo:
        hi = lo + 1
    step = _nice_step(hi - lo)
    lo = math.floor(lo / step) * step
    hi = math.ceil(hi / step) * step
    return lo, hi, step


def cashflow_chart(forecast: Forecast, *, width: int = 640, height: int = 260) -> Chart:
    """Closing cash per week (line), headroom (dashed) and the minimum buffer (red line)."""
    left, right, top, bottom = 72, 12, 14, 34
    closings = [float(w.closing) for w in forecast.weeks]
    headrooms = [float(w.headroom) for w in forecast.weeks]
    buffer = float(forecast.input.minimum_buffer)
    values = [*closings, *headrooms, buffer, 0.0]
    lo, hi, step = _scale(min(values), max(values), top, height - bottom)

    def y(value: float) -> float:
        return round(top + (hi - value) / (hi - lo) * (height - bottom - top), 1)

    plot_width = width - left - right
    count = len(forecast.weeks)

    def x(index: int) -> float:
        return round(left + (index - 0.5) * plot_width / count, 1)

    ticks = []
    value = lo
    while value <= hi + step / 2:
        ticks.append(Tick(y(value), format_number(Decimal(str(round(value))), 0)))
        value += step
    points = [
        Point(
            x(w.index),
            y(float(w.closing)),
            str(w.index),
            format_number(w.closing, 0),
            w.below_buffer,
        )
        for w in forecast.weeks
    ]
    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        ticks=ticks,
        points=points,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        second_line=" ".join(f"{x(w.index)},{y(float(w.headroom))}" for w in forecast.weeks),
        threshold_y=y(buffer),
        zero_y=y(0.0) if lo < 0 < hi else None,
        bands=[],
    )


def score_chart(
    series: list[tuple[int, Decimal | None]],
    model: Model = Model.Z_DOUBLE_PRIME,
    *,
    width: int = 640,
    height: int = 220,
) -> Chart:
    """A score per year as points on a line, over the distress, grey and safe bands."""
    left, right, top, bottom = 48, 12, 12, 30
    spec = SPECS[model]
    low, high = float(spec.distress_below), float(spec.safe_above)
    known = [float(v) for _, v in series if v is not None]
    lo = min([*known, low - 1.0, 0.0])
    hi = max([*known, high + 1.0])
    lo, hi, step = _scale(lo, hi, top, height - bottom)

    def y(value: float) -> float:
        return round(top + (hi - value) / (hi - lo) * (height - bottom - top), 1)

    plot_width = width - left - right
    count = max(len(series), 1)

    def x(index: int) -> float:
        return round(left + (index + 0.5) * plot_width / count, 1)

    ticks = []
    value = lo
    while value <= hi + step / 2:
        ticks.append(Tick(y(value), format_number(Decimal(str(round(value, 2))), 1)))
        value += step
    points = [
        Point(x(i), y(float(v)), str(year), format_number(v, 2), False)
        for i, (year, v) in enumerate(series)
        if v is not None
    ]
    bottom_y = float(height - bottom)
    bands = [
        Band(float(top), y(high) - top, "safe"),
        Band(y(high), y(low) - y(high), "grey"),
        Band(y(low), bottom_y - y(low), "distress"),
    ]
    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        ticks=ticks,
        points=points,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        second_line="",
        threshold_y=None,
        zero_y=y(0.0) if lo < 0 < hi else None,
        bands=bands,
    )
