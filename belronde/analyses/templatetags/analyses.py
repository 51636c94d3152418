"""Filters for the analysis screens and the PDF: labels by key, values by unit, evidence."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from belronde.analyses import labels
from belronde.finance import codes
from belronde.finance.ratios import RatioResult, Trend, Unit
from belronde.finance.scores import NotComputable
from belronde.finance.signals import Evidence
from belronde.lib.money import format_money, format_number

register = template.Library()


@register.filter
def lbl(key: str, table: str) -> str:
    """``{{ "solvency"|lbl:"RATIOS" }}``: the translated label of a key in a table of labels."""
    return labels.label(getattr(labels, table), str(key))


@register.filter
def source_text(text: str) -> str:
    """A finance input's source (``9901 (not reported)``) in the user's language."""
    return labels.source_text(str(text))


@register.filter
def code_label(code: str, language: str = "") -> str:
    from django.utils import translation

    language = language or translation.get_language() or "nl"
    try:
        return codes.rubric(code).label(language)
    except KeyError:
        return code


@register.filter
def ratio_value(result: RatioResult | None) -> str:
    if result is None or result.value is None:
        return "—"
    unit = result.definition.unit
    if unit == Unit.PERCENT:
        return format_number(result.value, 1) + " %"
    if unit == Unit.AMOUNT:
        return format_money(result.value)
    return format_number(result.value, 2)


@register.filter
def ratio_reason(result: RatioResult) -> str:
    if result.reason_code == "missing_input":
        return labels.label(labels.REASONS, "missing_input", codes=", ".join(result.missing))
    if result.reason_code == "condition_failed":
        return labels.label(
            labels.REASONS, "condition_failed", condition=result.definition.condition
        )
    return labels.label(labels.REASONS, result.reason_code)


@register.filter
def score_reason(result: NotComputable) -> str:
    if result.reason_code == "missing_input":
        names = ", ".join(labels.label(labels.INPUTS, m) for m in result.missing)
        return labels.label(labels.SCORE_REASONS, "missing_input", missing=names)
    return labels.label(labels.SCORE_REASONS, result.reason_code)


@register.filter
def is_score(result: Any) -> bool:
    return hasattr(result, "zone")


@register.filter
def arrow(trend: Trend | None) -> str:
    if trend is None:
        return ""
    return {"up": "↑", "down": "↓", "stable": "→"}[trend.direction.value]


@register.filter
def trend_text(trend: Trend | None) -> str:
    if trend is None:
        return _("no trend yet")
    direction = labels.label(labels.TRENDS, trend.direction.value)
    if trend.improving is None:
        return _("%(direction)s since %(year)s") % {"direction": direction, "year": trend.from_year}
    quality = _("better") if trend.improving else _("worse")
    return _("%(direction)s since %(year)s (%(quality)s)") % {
        "direction": direction,
        "year": trend.from_year,
        "quality": quality,
    }


@register.filter
def trend_class(trend: Trend | None) -> str:
    if trend is None or trend.improving is None:
        return "trend-flat"
    return "trend-better" if trend.improving else "trend-worse"


def _m(values: Any, key: str) -> str:
    value = values.get(key)
    return format_money(value) if isinstance(value, Decimal) else ""


@register.filter
def evidence_text(evidence: Evidence) -> str:
    v = evidence.values
    year = evidence.year or ""
    if evidence.key == "equity_vs_capital":
        return _(
            "Equity (10/15) %(equity)s against half of the capital %(half)s (capital %(capital)s) "
            "in %(year)s."
        ) % {
            "equity": _m(v, "equity"),
            "half": _m(v, "half"),
            "capital": _m(v, "capital"),
            "year": year,
        }
    if evidence.key == "debt_ratio":
        return _("Debt ratio %(value)s %% in %(year)s (threshold 100 %%).") % {
            "value": format_number(v["value"], 1),
            "year": year,
        }
    if evidence.key == "liquidity":
        return _(
            "Liquidity in the broad sense %(value)s in %(year)s (threshold %(threshold)s)."
        ) % {
            "value": format_number(v["value"], 2),
            "year": year,
            "threshold": format_number(v["threshold"], 1),
        }
    if evidence.key == "net_result":
        return _("Result for the year (9904) %(value)s in %(year)s.") % {
            "value": _m(v, "value"),
            "year": year,
        }
    if evidence.key == "overdue_filings":
        count = int(v["overdue"])
        return ngettext(
            "Last accounts filed: financial year %(year)s; %(count)s filing overdue since.",
            "Last accounts filed: financial year %(year)s; %(count)s filings overdue since.",
            count,
        ) % {"year": year, "count": count}
    if evidence.key in {"code_9072", "code_9076"}:
        code = evidence.key.removeprefix("code_")
        return _("%(label)s (%(code)s) %(value)s in %(year)s.") % {
            "label": code_label(code),
            "code": code,
            "value": _m(v, "value"),
            "year": year,
        }
    if evidence.key == "coach":
        return _("Recorded by the coach: %(note)s") % {"note": evidence.note or "—"}
    return evidence.text


@register.filter
def amount(value: Decimal | None, code: str = "") -> str:
    """A figure as in the annual accounts: whole euros without decimals, else with cents;
    counts (9087) with one decimal."""
    if value is None:
        return "—"
    if code and codes.is_known(code) and not codes.rubric(code).is_amount:
        return format_number(value, 1)
    return format_number(value, 0 if value == value.to_integral_value() else 2)


@register.filter
def nbsp_money(value: Decimal | None) -> str:
    return "—" if value is None else format_money(value)


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
