"""Programmes, enrolments, invoices and claims for tests, made through the actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from belronde.coaching import actions as coaching_actions
from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import accepted_referral
from belronde.funding import actions
from belronde.funding.models import Enrolment, Funder, Programme
from belronde.members.models import Organisation

IBAN = "BE71096123456769"
BIC = "GKCCBEBB"


def stad(p: Any) -> Funder:
    """Stad Mechelen, with the funder persona as its user (made once per test)."""
    funder, created = Funder.objects.get_or_create(
        chapter=p.mechelen, slug="stad-mechelen", defaults={"name": "Stad Mechelen"}
    )
    if created:
        funder.users.add(p.funder)
    return funder


def seed_cost(**kw: Any) -> actions.CostModel:
    values: dict[str, Any] = {
        "price": Decimal("900.00"),
        "contribution": Decimal("350.00"),
        "participant_cap": Decimal("200.00"),
        "hourly_rate": Decimal("90.00"),
        "vat_participant": Decimal("21"),
    }
    values.update(kw)
    return actions.CostModel(**values)


def make_programme(
    p: Any,
    *,
    code: str = "traject-2026",
    window_start: dt.date | None = None,
    window_end: dt.date | None = None,
    cost: actions.CostModel | None = None,
    status: str = Programme.Status.ACTIVE,
    **fields: Any,
) -> Programme:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "name": "Begeleidingstrajecten Mechelen",
        "window_start": window_start or today - dt.timedelta(days=200),
        "window_end": window_end or today + dt.timedelta(days=200),
        "creditor_name": "Ondernemersfederatie Mechelen vzw",
        "creditor_address": "Grote Markt 1, 2800 Mechelen",
        "iban": IBAN,
        "bic": BIC,
    }
    values.update(fields)
    return actions.create_programme(
        actor=p.coordinator,
        chapter=p.mechelen,
        code=code,
        funder=stad(p),
        cost=cost or seed_cost(),
        status=status,
        **values,
    )


def start(
    p: Any, *, name: str = "Bakkerij Peeters", started_on: dt.date | None = None, **org: Any
) -> Trajectory:
    """The coach starts a trajectory for a new firm (``org``: its fields, set before the start)."""
    referral = accepted_referral(p, name=name)
    if org:
        Organisation.objects.filter(pk=referral.organisation_id).update(**org)
    return coaching_actions.start_trajectory(
        actor=p.coach, referral=referral, started_on=started_on or timezone.localdate()
    )


def enrolled(p: Any, **kw: Any) -> Enrolment:
    """A trajectory started (and so enrolled, or refused) in the chapter's active programme."""
    return Enrolment.objects.select_related("programme", "organisation").get(
        trajectory=start(p, **kw)
    )
