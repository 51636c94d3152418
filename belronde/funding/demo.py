"""The demo programme of Mechelen (idempotent; runs after the coaching loader).

The seed's parameters: Stad Mechelen contributes EUR 350 per trajectory, the participant pays at
most EUR 200 (plus 21 % VAT), the federation pays the rest of the EUR 900 standard price. The
window is open today (from a year ago to half a year ahead) and holds the demo trajectories,
which are enrolled through the actions. Participant invoices in every state (open, partly paid,
paid, credited), the claim of the previous quarter submitted, the current quarter's a draft.
``stad.mechelen`` is the funder's user.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from belronde.accounts.models import Chapter, Membership, User
from belronde.coaching.models import Trajectory
from belronde.funding import actions
from belronde.funding.models import Enrolment, Funder, Programme

CODE = "traject-op-maat"


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def load(*, seed: int) -> dict[str, int]:
    created = {"programmes": 0, "invoices": 0}
    chapter = Chapter.objects.filter(slug="mechelen").first()
    if chapter is None or Programme.objects.filter(chapter=chapter).exists():
        return created
    coordinator = (
        User.objects.filter(
            memberships__chapter=chapter, memberships__role=Membership.Role.COORDINATOR
        )
        .order_by("username")
        .first()
    )
    if coordinator is None:
        return created
    funder = Funder.objects.create(chapter=chapter, slug="stad-mechelen", name="Stad Mechelen")
    official = User.objects.filter(username="stad.mechelen").first()
    if official is not None:
        funder.users.add(official)
    today = timezone.localdate()
    programme = actions.create_programme(
        actor=coordinator,
        chapter=chapter,
        code=CODE,
        funder=funder,
        status=Programme.Status.ACTIVE,
        cost=actions.CostModel(
            price=Decimal("900.00"),
            hourly_rate=Decimal("90.00"),
            contribution=Decimal("350.00"),
            participant_cap=Decimal("200.00"),
            vat_participant=Decimal("21"),
        ),
        name="Begeleidingstraject op maat",
        window_start=today - dt.timedelta(days=365),
        window_end=today + dt.timedelta(days=180),
        budget_trajectories=40,
        budget_amount=Decimal("14000.00"),
        require_postal_code=True,
        require_member=True,
        one_per_organisation=True,
        funder_sees_identity=False,
        claim_period_months=3,
        creditor_name="Ondernemersfederatie Mechelen vzw",
        creditor_address="Grote Markt 21, 2800 Mechelen",
        creditor_vat_number="BE0410123456",
        iban="BE71096123456769",
        bic="GKCCBEBB",
        payment_days=30,
    )
    created["programmes"] = 1
    for trajectory in Trajectory.objects.filter(chapter=chapter).order_by("started_on", "pk"):
        actions.enrol(actor=coordinator, trajectory=trajectory, programme=programme)
    enrolled = list(
        Enrolment.objects.filter(programme=programme, status=Enrolment.Status.ENROLLED).order_by(
            "number"
        )
    )
    # invoices in every state: paid, partly paid, credited (and invoiced again), open
    for index, enrolment in enumerate(enrolled[:5]):
        issued_on = max(enrolment.started_on, today - dt.timedelta(days=60))
        invoice = actions.issue_invoice(actor=coordinator, enrolment=enrolment, issued_on=issued_on)
        created["invoices"] += 1
        paid_on = min(issued_on + dt.timedelta(days=12), today)
        if index in (0, 1):
            actions.record_payment(
                actor=coordinator, invoice=invoice, amount=invoice.total, paid_on=paid_on
            )
        elif index == 2:
            actions.record_payment(
                actor=coordinator, invoice=invoice, amount=Decimal("100.00"), paid_on=paid_on
            )
        elif index == 3:
            actions.issue_credit_note(
                actor=coordinator,
                invoice=invoice,
                reason="Verkeerde facturatienaam; opnieuw gefactureerd.",
                issued_on=paid_on,
            )
            actions.issue_invoice(actor=coordinator, enrolment=enrolment, issued_on=paid_on)
            created["invoices"] += 2
    # the previous quarter's claim submitted, the current one a draft
    current = _quarter_start(today)
    previous = actions.period_of(programme, current - dt.timedelta(days=1))
    claim = actions.prepare_claim(actor=coordinator, programme=programme, period=previous)
    if claim.lines.exists():
        actions.submit_claim(actor=coordinator, claim=claim)
    actions.prepare_claim(
        actor=coordinator, programme=programme, period=actions.period_of(programme, today)
    )
    return created
