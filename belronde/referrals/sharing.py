"""The fields a referral can share with its recipient, chosen per service (data minimisation).

A referral stores a snapshot of exactly the chosen fields at the moment it is made: that is what
was disclosed, and all the recipient ever sees. The health colour, the open answers (the caller's
notes) and financial figures are never shareable with a partner organisation (SEC-AC-05).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from belronde.accounts.models import User
    from belronde.conversations.models import Conversation
    from belronde.members.models import Organisation, Person


@dataclass(frozen=True)
class Source:
    organisation: Organisation
    person: Person | None
    conversation: Conversation | None
    reason: str
    urgency: str
    referrer: User


@dataclass(frozen=True)
class SharedField:
    code: str
    label: Promise
    #: may a partner organisation (outside the federation) receive it?
    partner: bool
    extract: Callable[[Source], Any]


def _address(s: Source) -> str:
    o = s.organisation
    street = " ".join(p for p in (o.street, o.house_number) if p)
    town = " ".join(p for p in (o.postal_code, o.municipality) if p)
    return ", ".join(p for p in (street, town) if p)


def _phone(s: Source) -> str:
    return (s.person.phone or s.person.mobile) if s.person else ""


FIELDS: tuple[SharedField, ...] = (
    SharedField("organisation_name", _("business name"), True, lambda s: s.organisation.name),
    SharedField(
        "enterprise_number",
        _("enterprise number"),
        True,
        lambda s: s.organisation.enterprise_number_display,
    ),
    SharedField("legal_form", _("legal form"), True, lambda s: s.organisation.legal_form),
    SharedField(
        "activity", _("main activity (NACE-BEL)"), True, lambda s: s.organisation.nace_code
    ),
    SharedField("employees", _("employees"), True, lambda s: s.organisation.employees),
    SharedField("address", _("address"), True, _address),
    SharedField(
        "contact_name", _("contact person"), True, lambda s: s.person.name if s.person else ""
    ),
    SharedField("contact_phone", _("phone"), True, _phone),
    SharedField("contact_email", _("e-mail"), True, lambda s: s.person.email if s.person else ""),
    SharedField(
        "contact_language",
        _("language"),
        True,
        lambda s: s.person.language if s.person else "",
    ),
    SharedField("problem_summary", _("problem summary"), True, lambda s: s.reason),
    SharedField(
        "arrears",
        _("known arrears (by creditor)"),
        True,
        lambda s: list(s.conversation.arrears) if s.conversation else [],
    ),
    SharedField(
        "temporary_unemployment",
        _("temporary unemployment"),
        True,
        lambda s: s.conversation.temporary_unemployment if s.conversation else "",
    ),
    SharedField(
        "themes",
        _("themes"),
        True,
        lambda s: list(s.conversation.themes) if s.conversation else [],
    ),
    SharedField("urgency", _("urgency"), True, lambda s: s.urgency),
    SharedField(
        "referrer",
        _("referred by"),
        True,
        lambda s: f"{s.referrer.display_name} ({s.organisation.chapter.name})",
    ),
    # Only within the federation (coaching):
    SharedField(
        "turnover_change",
        _("turnover compared with last year"),
        False,
        lambda s: s.conversation.turnover_change if s.conversation else "",
    ),
    SharedField(
        "liquidity_horizon",
        _("cash lasts"),
        False,
        lambda s: s.conversation.liquidity_horizon if s.conversation else "",
    ),
    SharedField(
        "health", _("health"), False, lambda s: s.conversation.health if s.conversation else ""
    ),
)
BY_CODE = {f.code: f for f in FIELDS}

#: what Dyzo needs (reference/coaching-finance.md 3.4), within what may leave the federation
PARTNER_DEFAULT = (
    "organisation_name",
    "enterprise_number",
    "legal_form",
    "activity",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
    "contact_language",
    "problem_summary",
    "arrears",
    "urgency",
    "referrer",
)
COACHING_DEFAULT = tuple(f.code for f in FIELDS)


def allowed_codes(partner: bool) -> list[str]:
    return [f.code for f in FIELDS if f.partner or not partner]


def choices(partner: bool) -> list[tuple[str, Promise]]:
    return [(f.code, f.label) for f in FIELDS if f.partner or not partner]


def clean_codes(codes: Iterable[str], *, partner: bool) -> list[str]:
    """The known codes a service of this kind may receive, in catalogue order."""
    wanted = set(codes)
    return [code for code in allowed_codes(partner) if code in wanted]


def snapshot(codes: Iterable[str], source: Source, *, partner: bool) -> dict[str, Any]:
    return {code: BY_CODE[code].extract(source) for code in clean_codes(codes, partner=partner)}
