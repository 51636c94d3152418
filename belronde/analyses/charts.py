"""The analysis charts, drawn by `belronde.lib.charts` (server-side SVG, no JavaScript).

This module only chooses what to draw and says it in the active language; the templates put
the result in with ``{% chart_svg chart %}``, the same in the page and in the PDF.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from belronde.finance.cashflow import Forecast
from belronde.finance.scores import SPECS, Model
from belronde.lib.charts import Band, Chart, Rule, Series


def cashflow_chart(
    forecast: Forecast, *, width: int = 640, height: int = 280, chart_id: str = "cash-chart"
) -> Chart:
    """Closing cash per week (line, red dots below the buffer), headroom (dashed) and the
    minimum buffer (red line)."""
    return Chart(
        kind="lines",
        title=_("Closing cash per week against the minimum buffer"),
        description=_(
            "Solid line: closing cash; dashed line: headroom including undrawn credit; red "
            "line: minimum buffer; red dots: weeks below the buffer. The numbers are in the "
            "table."
        ),
        categories=[str(w.index) for w in forecast.weeks],
        series=[
            Series(
                _("Closing cash"),
                [w.closing for w in forecast.weeks],
                tone="brand",
                flags=[w.below_buffer for w in forecast.weeks],
            ),
            Series(_("Headroom"), [w.headroom for w in forecast.weeks], tone="grey", dashed=True),
        ],
        rules=[Rule(forecast.input.minimum_buffer, _("buffer"))],
        include=[0],
        category_label=_("Week"),
        x_title=True,
        value_label="EUR",
        flag_label=_("below the buffer"),
        empty_message=_("No weeks to show."),
        width=width,
        height=height,
        id=chart_id,
        test_id="cashflow-chart",
    )


def score_chart(
    series: list[tuple[int, Decimal | None]],
    model: Model = Model.Z_DOUBLE_PRIME,
    *,
    width: int = 640,
    height: int = 230,
    chart_id: str = "score-chart",
) -> Chart:
    """A score per year as points on a line, over the distress, grey and safe zones."""
    spec = SPECS[model]
    low, high = spec.distress_below, spec.safe_above
    return Chart(
        kind="lines",
        title=_("Z'' score per year"),
        description=_(
            "Score per year against the distress, grey and safe zones. The numbers are in the "
            "table."
        ),
        categories=[str(year) for year, _value in series],
        series=[Series("Z''", [value for _year, value in series], show_values=True)],
        bands=[
            Band(high, None, _("safe"), "good"),
            Band(low, high, "", "neutral"),
            Band(None, low, _("distress"), "bad"),
        ],
        include=[0, low - 1, high + 1],
        decimals=2,
        category_label=_("Year"),
        empty_message=_("The score cannot be computed for any of these years."),
        width=width,
        height=height,
        id=chart_id,
        test_id="score-chart",
    )
