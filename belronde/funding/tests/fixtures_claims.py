"""Claims for tests: a programme with trajectories in an earlier period and claims made through
the actions (the period of ``PAST`` days ago is always before the current one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from belronde.funding import actions
from belronde.funding.models import Enrolment, Funder, FundingClaim, Programme
from belronde.funding.tests.fixtures import BIC, IBAN, enrolled, make_programme, seed_cost

#: days before today of a trajectory in an earlier claim period (a quarter is at most 92 days)
PAST = 120


def past_day(days: int = PAST) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def past_period(programme: Programme) -> str:
    return actions.period_of(programme, past_day())


def current_period(programme: Programme) -> str:
    return actions.period_of(programme, timezone.localdate())


def draft_claim(p: Any, **programme_fields: Any) -> FundingClaim:
    """A programme with one trajectory (Bakkerij Peeters) started ``PAST`` days ago, and the
    draft claim of that period."""
    programme = make_programme(p, **programme_fields)
    enrolled(p, started_on=past_day())
    return actions.prepare_claim(
        actor=p.coordinator, programme=programme, period=past_period(programme)
    )


def submitted_claim(p: Any, **programme_fields: Any) -> FundingClaim:
    claim = draft_claim(p, **programme_fields)
    return actions.submit_claim(actor=p.coordinator, claim=claim)


def corrected(p: Any) -> tuple[FundingClaim, FundingClaim]:
    """The earlier period's claim submitted with Bakkerij Peeters at 350.00; then the price
    became 2 hours x 90.00 = 180.00 (the funder's part too), so the current period's draft
    corrects the earlier line by -170.00."""
    first = submitted_claim(p)
    enrolment = Enrolment.objects.get(programme=first.programme)
    actions.set_hours(
        actor=p.coordinator, enrolment=enrolment, hours=Decimal("2"), expected_version=None
    )
    later = actions.prepare_claim(
        actor=p.coordinator, programme=first.programme, period=current_period(first.programme)
    )
    return first, later


def claim_kwargs(found: FundingClaim, **extra: Any) -> dict[str, Any]:
    """The URL kwargs of a claim's page (``extra`` replaces or adds some)."""
    return {
        "chapter": "mechelen",
        "code": found.programme.code,
        "claim": found.public_code,
        **extra,
    }


def provincial(p: Any, *, status: str = Programme.Status.ACTIVE) -> Programme:
    """A programme of another funder of the chapter (the funder persona is not its user)."""
    funder = Funder.objects.create(chapter=p.mechelen, slug="provincie", name="Provincie Antwerpen")
    today = timezone.localdate()
    return actions.create_programme(
        actor=p.coordinator,
        chapter=p.mechelen,
        code="provincie-2027",
        funder=funder,
        cost=seed_cost(),
        status=status,
        name="Provinciale trajecten",
        window_start=today - dt.timedelta(days=30),
        window_end=today + dt.timedelta(days=300),
        creditor_name="Ondernemersfederatie Mechelen vzw",
        iban=IBAN,
        bic=BIC,
    )
