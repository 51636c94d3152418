"""Which organisations a campaign calls: the segment filter, always without do-not-call."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from belronde.accounts.models import Chapter
from belronde.members.models import Organisation
from belronde.members.reference import SECTIONS_2008 as SECTIONS

SECTION_LETTERS = {letter for letter, _low, _high in SECTIONS}


class SegmentError(ValueError):
    pass


def clean_segment(raw: dict[str, Any]) -> dict[str, Any]:
    """Normalise a segment definition; raises SegmentError with a readable message."""
    segment: dict[str, Any] = {}
    employees_min = raw.get("employees_min")
    if employees_min not in (None, ""):
        try:
            value = int(employees_min)
        except (TypeError, ValueError):
            raise SegmentError(_("Minimum employees must be a whole number.")) from None
        if value < 0:
            raise SegmentError(_("Minimum employees cannot be negative."))
        segment["employees_min"] = value
    nace = [str(code).strip().upper() for code in raw.get("nace") or [] if str(code).strip()]
    for code in nace:
        if not (code in SECTION_LETTERS or (code.isdigit() and 2 <= len(code) <= 5)):
            raise SegmentError(
                _("%(code)s is not a NACE section (A-U) or code (2 to 5 digits).") % {"code": code}
            )
    if nace:
        segment["nace"] = sorted(set(nace))
    postal = [str(code).strip() for code in raw.get("postal_codes") or [] if str(code).strip()]
    for code in postal:
        if not (code.isdigit() and len(code) == 4):
            raise SegmentError(_("%(code)s is not a Belgian postal code.") % {"code": code})
    if postal:
        segment["postal_codes"] = sorted(set(postal))
    statuses = [s for s in raw.get("membership_statuses") or [] if s]
    for status in statuses:
        if status not in Organisation.MembershipStatus.values:
            raise SegmentError(_("Unknown membership status: %(s)s.") % {"s": status})
    if statuses:
        segment["membership_statuses"] = sorted(set(statuses))
    days = raw.get("exclude_contacted_days")
    if days not in (None, ""):
        try:
            value = int(days)
        except (TypeError, ValueError):
            raise SegmentError(_("The number of days must be a whole number.")) from None
        if not 1 <= value <= 730:
            raise SegmentError(_("The number of days must lie between 1 and 730."))
        segment["exclude_contacted_days"] = value
    return segment


def nace_q(codes: list[str]) -> Q:
    query = Q()
    for code in codes:
        if code in SECTION_LETTERS:
            low, high = next((lo, hi) for letter, lo, hi in SECTIONS if letter == code)
            for division in range(low, high + 1):
                query |= Q(nace_code__startswith=f"{division:02d}")
        else:
            query |= Q(nace_code__startswith=code)
    return query


def organisations_in_segment(
    chapter: Chapter,
    segment: dict[str, Any],
    *,
    exclude_campaign_id: int | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(chapter=chapter, do_not_call=False, merged_into__isnull=True)
    if "employees_min" in segment:
        qs = qs.filter(employees__gte=segment["employees_min"])
    if segment.get("nace"):
        qs = qs.filter(nace_q(segment["nace"]))
    if segment.get("postal_codes"):
        qs = qs.filter(postal_code__in=segment["postal_codes"])
    if segment.get("membership_statuses"):
        qs = qs.filter(membership_status__in=segment["membership_statuses"])
    if segment.get("exclude_contacted_days"):
        from belronde.campaigns.models import CallAttempt

        since = (now or timezone.now()) - dt.timedelta(days=segment["exclude_contacted_days"])
        recent = CallAttempt.objects.filter(chapter=chapter, at__gte=since)
        if exclude_campaign_id is not None:
            recent = recent.exclude(assignment__campaign_id=exclude_campaign_id)
        qs = qs.exclude(pk__in=recent.values("assignment__organisation_id"))
    return qs
