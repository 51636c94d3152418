"""submit_claim: a draft is rebuilt and frozen; afterwards nothing of it changes, a changed price
becomes a correction line in a later claim, and the window and cost model of the claimed
periods are frozen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from belronde.audit.models import AuditEvent
from belronde.funding import actions
from belronde.funding.models import ClaimLine, Enrolment, FundingClaim
from belronde.funding.tests.fixtures import enrolled, make_programme, seed_cost
from belronde.funding.tests.fixtures_claims import (
    corrected,
    current_period,
    draft_claim,
    past_day,
    past_period,
    submitted_claim,
)
from belronde.testing import BelrondeTestCase


class SubmitClaimTests(BelrondeTestCase):
    def test_it_freezes_the_draft(self) -> None:
        claim = draft_claim(self)
        submitted = actions.submit_claim(
            actor=self.coordinator, claim=claim, expected_version=claim.version
        )
        self.assertEqual(submitted.status, FundingClaim.Status.SUBMITTED)
        self.assertIsNotNone(submitted.submitted_at)
        self.assertEqual(submitted.submitted_by, self.coordinator)
        self.assertEqual((submitted.trajectories, submitted.total), (1, Decimal("350.00")))
        self.assertTrue(
            AuditEvent.objects.filter(verb="claim.submitted", object_code=claim.public_code)
        )

    def test_it_rebuilds_the_draft_before_freezing_it(self) -> None:
        claim = draft_claim(self)
        enrolled(self, name="Slagerij Janssens", started_on=past_day())
        submitted = actions.submit_claim(actor=self.coordinator, claim=claim)
        self.assertEqual((submitted.trajectories, submitted.total), (2, Decimal("700.00")))

    def test_a_changed_price_is_a_correction_in_a_later_claim(self) -> None:
        first, later = corrected(self)
        original = first.lines.get()
        self.assertEqual(original.amount, Decimal("350.00"))  # the submitted line is unchanged
        first.refresh_from_db()
        self.assertEqual(first.total, Decimal("350.00"))
        (correction,) = later.lines.all()
        self.assertEqual(correction.corrects, original)
        self.assertEqual(correction.note, "correction")
        self.assertEqual(
            (correction.price, correction.amount), (Decimal("180.00"), Decimal("-170.00"))
        )
        self.assertEqual(correction.pseudonym, original.pseudonym)
        # a correction is no new trajectory
        self.assertEqual((later.trajectories, later.total), (0, Decimal("-170.00")))
        actions.submit_claim(actor=self.coordinator, claim=later)
        # once corrected, nothing is left to claim for it
        self.assertEqual(
            sum(
                ClaimLine.objects.filter(enrolment=original.enrolment).values_list(
                    "amount", flat=True
                )
            ),
            Decimal("180.00"),
        )

    def test_it_refuses_an_empty_claim(self) -> None:
        programme = make_programme(self)
        claim = actions.prepare_claim(
            actor=self.coordinator, programme=programme, period=past_period(programme)
        )
        with (
            translation.override("en"),
            self.assertRaisesMessage(actions.FundingError, "This claim holds no trajectory"),
        ):
            actions.submit_claim(actor=self.coordinator, claim=claim)
        claim.refresh_from_db()
        self.assertTrue(claim.is_draft)

    def test_it_wants_the_earlier_draft_submitted_first(self) -> None:
        earlier = draft_claim(self)
        enrolled(self, name="Slagerij Janssens")
        later = actions.prepare_claim(
            actor=self.coordinator,
            programme=earlier.programme,
            period=current_period(earlier.programme),
        )
        with (
            translation.override("en"),
            self.assertRaisesMessage(
                actions.FundingError, "Submit the claims of earlier periods first."
            ),
        ):
            actions.submit_claim(actor=self.coordinator, claim=later)
        actions.submit_claim(actor=self.coordinator, claim=earlier)
        done = actions.submit_claim(actor=self.coordinator, claim=later)
        self.assertEqual((done.status, done.trajectories), ("submitted", 1))

    def test_it_refuses_a_stale_version(self) -> None:
        claim = draft_claim(self)
        with self.assertRaises(actions.EditConflict):
            actions.submit_claim(
                actor=self.coordinator, claim=claim, expected_version=claim.version - 1
            )

    def test_it_refuses_a_second_submission(self) -> None:
        claim = submitted_claim(self)
        with self.assertRaises(actions.ClaimSubmitted):
            actions.submit_claim(actor=self.coordinator, claim=claim)


class FrozenAfterSubmissionTests(BelrondeTestCase):
    def setUp(self) -> None:
        self.claim = submitted_claim(self)
        self.programme = self.claim.programme

    def test_the_windows_start_is_frozen(self) -> None:
        with self.assertRaises(actions.Frozen):
            actions.update_programme(
                actor=self.coordinator,
                programme=self.programme,
                window_start=self.programme.window_start + dt.timedelta(days=1),
            )

    def test_the_window_cannot_end_before_the_claimed_period(self) -> None:
        with self.assertRaises(actions.Frozen):
            actions.update_programme(
                actor=self.coordinator,
                programme=self.programme,
                window_end=self.claim.period_end - dt.timedelta(days=1),
            )
        moved = actions.update_programme(
            actor=self.coordinator, programme=self.programme, window_end=self.claim.period_end
        )
        self.assertEqual(moved.window_end, self.claim.period_end)

    def test_the_cost_model_of_the_claimed_period_is_frozen(self) -> None:
        for day in (self.claim.period_start, self.claim.period_end):
            with self.subTest(day=day), self.assertRaises(actions.Frozen):
                actions.add_terms(
                    actor=self.coordinator,
                    programme=self.programme,
                    valid_from=day,
                    cost=seed_cost(price=Decimal("1000.00")),
                )
        later = actions.add_terms(
            actor=self.coordinator,
            programme=self.programme,
            valid_from=self.claim.period_end + dt.timedelta(days=1),
            cost=seed_cost(price=Decimal("1000.00")),
        )
        self.assertEqual(later.price, Decimal("1000.00"))
        # the claimed trajectory keeps its price
        self.assertEqual(Enrolment.objects.get(programme=self.programme).price, Decimal("900.00"))
