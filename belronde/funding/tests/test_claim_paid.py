"""mark_claim_paid: a submitted claim becomes paid with the date and the amount received."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation

from belronde.audit.models import AuditEvent
from belronde.funding import access, actions
from belronde.funding.tests.fixtures_claims import draft_claim, submitted_claim
from belronde.testing import BelrondeTestCase


class MarkClaimPaidTests(BelrondeTestCase):
    def test_it_records_the_payment_of_the_total(self) -> None:
        claim = submitted_claim(self)
        today = timezone.localdate()
        paid = actions.mark_claim_paid(actor=self.coordinator, claim=claim, paid_on=today)
        self.assertEqual((paid.status, paid.paid_on), ("paid", today))
        self.assertEqual(paid.paid_amount, Decimal("350.00"))
        self.assertEqual(access.budget(claim.programme).claim_paid, Decimal("350.00"))
        event = AuditEvent.objects.get(verb="claim.paid", object_code=claim.public_code)
        self.assertEqual(event.payload["amount"], "350.00")

    def test_it_records_a_smaller_amount(self) -> None:
        claim = submitted_claim(self)
        paid = actions.mark_claim_paid(
            actor=self.coordinator,
            claim=claim,
            paid_on=timezone.localdate(),
            amount=Decimal("300.00"),
        )
        self.assertEqual(paid.paid_amount, Decimal("300.00"))
        self.assertEqual(paid.total, Decimal("350.00"))

    def test_it_refuses_a_draft(self) -> None:
        claim = draft_claim(self)
        with (
            translation.override("en"),
            self.assertRaisesMessage(
                actions.FundingError, "Only a submitted claim is marked paid."
            ),
        ):
            actions.mark_claim_paid(
                actor=self.coordinator, claim=claim, paid_on=timezone.localdate()
            )

    def test_it_refuses_a_payment_before_the_submission(self) -> None:
        claim = submitted_claim(self)
        with (
            translation.override("en"),
            self.assertRaisesMessage(
                actions.FundingError, "A claim is paid after it was submitted."
            ),
        ):
            actions.mark_claim_paid(
                actor=self.coordinator,
                claim=claim,
                paid_on=timezone.localdate() - dt.timedelta(days=1),
            )

    def test_it_refuses_a_second_payment(self) -> None:
        claim = submitted_claim(self)
        actions.mark_claim_paid(actor=self.coordinator, claim=claim, paid_on=timezone.localdate())
        with self.assertRaises(actions.FundingError):
            actions.mark_claim_paid(
                actor=self.coordinator, claim=claim, paid_on=timezone.localdate()
            )

    def test_it_refuses_a_negative_amount(self) -> None:
        claim = submitted_claim(self)
        with self.assertRaises(actions.FundingError):
            actions.mark_claim_paid(
                actor=self.coordinator,
                claim=claim,
                paid_on=timezone.localdate(),
                amount=Decimal("-1"),
            )
