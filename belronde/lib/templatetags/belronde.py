"""Template filters for Belgian formats and the chart tags, loaded in every template (see
TEMPLATES builtins)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString, mark_safe

from belronde.lib import phones
from belronde.lib.charts import Chart, render_svg, render_table
from belronde.lib.money import format_money, format_number

register = template.Library()


@register.filter
def money(value: Decimal | int | str | None) -> str:
    if value is None or value == "":
        return ""
    return format_money(value)


@register.filter
def phone(value: str | None) -> str:
    """A stored number as people read it: ``+32495157455`` -> ``0495 15 74 55``."""
    return phones.display(value)


@register.filter
def number(value: Decimal | int | None, places: int = 0) -> str:
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), int(places))


@register.simple_tag
def chart_svg(chart: Chart) -> SafeString:
    """``{% chart_svg chart %}``: the chart as inline SVG (`belronde.lib.charts.render_svg`)."""
    return mark_safe(render_svg(chart))  # noqa: S308 - render_svg escapes every text it is given


@register.simple_tag
def chart_table(chart: Chart) -> SafeString:
    """``{% chart_table chart %}``: the chart's numbers as a captioned table."""
    return mark_safe(render_table(chart))  # noqa: S308 - render_table escapes every text
