"""Template filters for Belgian formats, loaded in every template (see TEMPLATES builtins)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from belronde.lib.money import format_money, format_number

register = template.Library()


@register.filter
def money(value: Decimal | int | str | None) -> str:
    if value is None or value == "":
        return ""
    return format_money(value)


@register.filter
def number(value: Decimal | int | None, places: int = 0) -> str:
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), int(places))
