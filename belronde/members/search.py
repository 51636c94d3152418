"""Filtering and searching organisations (the member list in web, API and export, and the
financial analyses' organisation search share this)."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from belronde.members.models import Organisation
from belronde.members.reference import fold_words

_NUMBERISH = re.compile(r"^(?:BE)?[\s0-9./]+$", re.IGNORECASE)


def search_organisations(organisations: QuerySet[Organisation], q: str) -> QuerySet[Organisation]:
    """The organisations ``q`` finds: with three digits or more (``BE``, spaces, dots and slashes
    allowed) those whose enterprise number starts with them, also when a spreadsheet dropped the
    leading zero; otherwise those whose folded name, municipality and number (the indexed
    ``search_text``) hold every word of ``q`` (at most five), accents and case ignored."""
    q = (q or "").strip()
    if not q:
        return organisations
    if _NUMBERISH.match(q) and sum(c.isdigit() for c in q) >= 3:
        digits = "".join(c for c in q if c.isdigit())
        query = Q(enterprise_number__startswith=digits)
        if len(digits) <= 9:
            query |= Q(enterprise_number__startswith="0" + digits)
        return organisations.filter(query)
    for word in fold_words(q).split()[:5]:
        organisations = organisations.filter(search_text__contains=word)
    return organisations


def filter_organisations(
    organisations: QuerySet[Organisation],
    *,
    q: str = "",
    sector: str = "",
    size_band: str = "",
    postal_code: str = "",
    status: str = "",
) -> QuerySet[Organisation]:
    organisations = search_organisations(organisations, q)
    if sector:
        organisations = organisations.filter(nace_section=sector)
    if size_band:
        organisations = organisations.filter(size_band=size_band)
    if postal_code:
        organisations = organisations.filter(postal_code=postal_code.strip())
    if status == "do-not-call":
        organisations = organisations.filter(do_not_call=True)
    elif status in Organisation.MembershipStatus.values:
        organisations = organisations.filter(membership_status=status)
    elif status != "all":
        organisations = organisations.exclude(
            membership_status=Organisation.MembershipStatus.FORMER
        )
    return organisations


EXPORT_HEADER = [
    "enterprise_number",
    "name",
    "legal_form",
    "street",
    "house_number",
    "postal_code",
    "municipality",
    "nace_code",
    "nace_version",
    "employees",
    "size_band",
    "phone",
    "email",
    "membership_status",
    "member_since",
    "do_not_call",
    "do_not_call_reason",
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_mobile",
    "contact_email",
    "language",
    "preferred_call_times",
    "code",
]


def export_rows(organisations: QuerySet[Organisation]):  # type: ignore[no-untyped-def]
    """One row per organisation with its main contact, streamed in chunks."""
    from belronde.members.models import Person

    chunk: list[Organisation] = []
    for org in organisations.order_by("name", "pk").iterator(chunk_size=2000):
        chunk.append(org)
        if len(chunk) >= 2000:
            yield from _rows(chunk, Person)
            chunk = []
    yield from _rows(chunk, Person)


def _rows(chunk, Person):  # type: ignore[no-untyped-def]
    if not chunk:
        return
    persons: dict[int, object] = {}
    for person in Person.objects.filter(organisation__in=chunk).order_by("-is_primary", "name"):
        persons.setdefault(person.organisation_id, person)
    for org in chunk:
        p = persons.get(org.pk)
        yield [
            org.enterprise_number_display,
            org.name,
            org.legal_form,
            org.street,
            org.house_number,
            org.postal_code,
            org.municipality,
            org.nace_code,
            org.nace_version,
            org.employees,
            org.size_band,
            org.phone,
            org.email,
            org.membership_status,
            org.member_since,
            "1" if org.do_not_call else "0",
            org.do_not_call_reason,
            getattr(p, "name", ""),
            getattr(p, "role", ""),
            getattr(p, "phone", ""),
            getattr(p, "mobile", ""),
            getattr(p, "email", ""),
            getattr(p, "language", ""),
            getattr(p, "preferred_call_times", ""),
            org.public_code,
        ]
