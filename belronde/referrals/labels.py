"""Triage reasons and shared fields in words, in the current language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from belronde.conversations.models import (
    Arrears,
    Health,
    LiquidityHorizon,
    TemporaryUnemployment,
)
from belronde.members.models import Person
from belronde.referrals import sharing, triage
from belronde.referrals.models import Referral


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def reason_text(reason: triage.Reason) -> str:
    if reason.code == "health_red":
        return _("The caller judged the business red: in trouble.")
    if reason.code == "short_liquidity":
        horizon = _label(LiquidityHorizon, reason.values[0]) if reason.values else ""
        return _("Cash lasts less than 3 months (%(horizon)s).") % {"horizon": horizon}
    if reason.code == "public_arrears":
        names = ", ".join(_label(Arrears, v) for v in reason.values)
        return _("Arrears with %(creditors)s.") % {"creditors": names}
    if reason.code == "asks_for_help":
        return _("The entrepreneur asks for help.")
    if reason.code == "two_rounds_worrying":
        before, now = (*reason.values, "", "")[:2]
        return _("Orange or worse in two rounds in a row (before: %(before)s, now: %(now)s).") % {
            "before": _label(Health, before),
            "now": _label(Health, now),
        }
    return reason.code


def reason_texts(reasons: list[dict[str, object]] | tuple[triage.Reason, ...]) -> list[str]:
    """Reasons as stored (JSON dicts) or as computed (Reason objects), in words."""
    items: list[triage.Reason] = []
    for reason in reasons:
        if isinstance(reason, dict):
            items.extend(triage.reasons_from_dicts([reason]))
        else:
            items.append(reason)
    return [reason_text(r) for r in items]


def shared_value(code: str, value: Any, theme_labels: dict[str, str] | None = None) -> str:
    """One shared field's value as text for the recipient."""
    if value is None or value == "" or value == []:
        return "—"
    if code == "arrears":
        return ", ".join(_label(Arrears, v) for v in value)
    if code == "temporary_unemployment":
        return _label(TemporaryUnemployment, value)
    if code == "liquidity_horizon":
        return _label(LiquidityHorizon, value)
    if code == "health":
        return _label(Health, value)
    if code == "urgency":
        return _label(Referral.Urgency, value)
    if code == "contact_language":
        return _label(Person.Language, value)
    if code == "turnover_change":
        from belronde.conversations.models import TurnoverChange

        return _label(TurnoverChange, value)
    if code == "themes":
        labels = theme_labels or {}
        return ", ".join(labels.get(v, v) for v in value)
    return str(value)


def shared_rows(
    referral: Referral, theme_labels: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """(label, value) for every field shared with the recipient, in catalogue order."""
    rows = []
    for code in referral.shared_fields:
        field = sharing.BY_CODE.get(code)
        if field is None:
            continue
        rows.append(
            (str(field.label), shared_value(code, referral.shared_data.get(code), theme_labels))
        )
    return rows
